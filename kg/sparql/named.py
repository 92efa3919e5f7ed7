"""Named SPARQL queries: the ``.rq`` files of ``kg/sparql/queries/``, their questions and parameters.

A named query is a ``.rq`` file in ``kg/sparql/queries/`` whose header comment states the question it
answers and the parameters it takes::

    # Question: Who appears in which programme item, in which role?
    # Frage: Wer tritt in welchem Programmpunkt in welcher Rolle auf?
    # Param: ?entity iri  the entity to describe
    # Param: ?event iri optional  narrow the answer to one event

Parameters are bound as RDF terms by the store (never pasted into the query text). An
``optional`` parameter narrows a listing to one entity: unbound, the query answers for the whole
graph; bound, only for that entity (the same rows, sooner: at a million statements a listing is an
export of tens of thousands of rows, one entity's answer a few).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef

from kg.errors import QueryError
from kg.vocab import Term, expand

QUERIES_DIR = Path(__file__).resolve().parent / "queries"


@dataclass(frozen=True)
class NamedQuery:
    """A ``.rq`` file of ``kg/sparql/queries/`` with its question and parameters."""

    name: str
    path: Path
    text: str
    question: str
    frage: str = ""
    params: dict[str, str] = field(default_factory=dict)
    """parameter name → ``"iri"`` or ``"literal"``"""
    param_help: dict[str, str] = field(default_factory=dict)
    optional: frozenset[str] = frozenset()
    """parameters that narrow the answer and may be left unbound"""

    @property
    def required(self) -> list[str]:
        """The parameters a caller must bind."""
        return [p for p in self.params if p not in self.optional]


_PARAM = re.compile(r"^#\s*Param:\s*\?(\w+)\s+(iri|literal)\b(\s+optional\b)?\s*(.*)$", re.I)


def parse_named_query(path: Path) -> NamedQuery:
    """Read a ``.rq`` file and its header comment."""
    text = path.read_text(encoding="utf-8")
    question = frage = ""
    params: dict[str, str] = {}
    helps: dict[str, str] = {}
    optional: set[str] = set()
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if m := _PARAM.match(line):
            params[m.group(1)] = m.group(2).lower()
            helps[m.group(1)] = m.group(4).strip()
            if m.group(3):
                optional.add(m.group(1))
        elif m := re.match(r"^#\s*Question:\s*(.*)$", line, re.I):
            question = m.group(1).strip()
        elif m := re.match(r"^#\s*Frage:\s*(.*)$", line, re.I):
            frage = m.group(1).strip()
    if not question:
        raise QueryError(f"{path}: a named query needs a '# Question: …' header line")
    return NamedQuery(path.stem, path, text, question, frage, params, helps, frozenset(optional))


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every named query shipped with the package, by name."""
    return {p.stem: parse_named_query(p) for p in sorted(QUERIES_DIR.glob("*.rq"))}


def resolve_query(text_or_name: str) -> tuple[str, NamedQuery | None]:
    """Query text for a named query, a ``.rq``/``.sparql`` file, or literal SPARQL text."""
    queries = named_queries()
    key = text_or_name.strip()
    if key in queries:
        return queries[key].text, queries[key]
    if re.fullmatch(r"[\w./-]+\.(rq|sparql)", key):
        path = Path(key)
        if not path.is_file():
            raise QueryError(f"query file {key} does not exist")
        return path.read_text(encoding="utf-8"), None
    if re.fullmatch(r"[\w-]+", key):
        close = difflib.get_close_matches(key, list(queries), n=3, cutoff=0.6)
        if close:
            options = " or ".join(f"'{c}'" for c in close)
            raise QueryError(
                f"no named query '{key}': did you mean {options}? (kg query --list shows them all)"
            )
        names = ", ".join(queries)
        raise QueryError(f"no named query '{key}'; the named queries are: {names}")
    return text_or_name, None


def coerce_bindings(
    named: NamedQuery | None,
    bindings: Mapping[str, Any],
    resolve: Callable[[str, str], URIRef] | None = None,
) -> dict[str, Term]:
    """Turn Python values into RDF terms: declared IRI parameters accept ``person/x``,
    ``kg:person/x`` or a full IRI, and with ``resolve`` (parameter, text → IRI) a name too
    (:func:`kg.sparql.entities.resolve_entity`); everything else becomes a typed literal."""
    from kg.sparql.entities import looks_like_iri

    terms: dict[str, Term] = {}
    for name, value in bindings.items():
        kind = named.params.get(name) if named else None
        if named is not None and kind is None:
            allowed = ", ".join(f"?{p}" for p in named.params) or "none"
            raise QueryError(f"named query '{named.name}' has no parameter ?{name} (parameters: {allowed})")
        if kind == "iri" and resolve is not None and isinstance(value, str) and not looks_like_iri(value):
            terms[name] = resolve(name, value)
            continue
        terms[name] = to_term(value, iri=(kind == "iri"))
    if named is not None:
        missing = [p for p in named.required if p not in terms]
        if missing:
            hints = " ".join(f"--bind {p}=…" for p in missing)
            raise QueryError(
                f"named query '{named.name}' needs a value for "
                f"{', '.join('?' + p for p in missing)} ({hints})"
            )
    return terms


def to_term(value: Any, *, iri: bool = False) -> Term:
    """One Python value as an RDF term."""
    if isinstance(value, URIRef | Literal | BNode):
        return value
    if iri:
        if not isinstance(value, str) or not value.strip() or re.search(r"[\s<>\"{}|^`\\]", value.strip()):
            raise QueryError(f"{value!r} is not an IRI")
        return URIRef(expand(value))
    if isinstance(value, bool | int | float | Decimal | _dt.date | _dt.datetime):
        return Literal(value)
    return Literal(str(value))


def syntax_error_message(err: SyntaxError, text: str) -> str:
    """The engine's position and message, with the offending line shown."""
    message = str(err.args[0]) if err.args else str(err)
    m = re.match(r"error at (\d+):(\d+): (.*)", message, re.S)
    if not m:
        return f"SPARQL syntax error: {message}"
    line, col, what = int(m.group(1)), int(m.group(2)), m.group(3).strip()
    lines = text.splitlines() or [""]
    shown = lines[line - 1] if 0 < line <= len(lines) else ""
    return f"SPARQL syntax error at line {line}, column {col}: {what}\n  {shown}\n  {' ' * (col - 1)}^"

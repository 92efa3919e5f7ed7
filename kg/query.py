"""Named SPARQL queries, query results, and the output formats of ``kg query``.

A named query is a ``.rq`` file in ``kg/queries/`` whose header comment states the question it
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

import csv
import datetime as _dt
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from typing import Literal as TypingLiteral

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import QueryError
from kg.namespaces import expand, shorten

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
FORMATS = ("table", "csv", "tsv", "json", "srj")

Term = URIRef | Literal | BNode


@dataclass(frozen=True)
class NamedQuery:
    """A ``.rq`` file of ``kg/queries/`` with its question and parameters."""

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
        names = ", ".join(queries)
        raise QueryError(f"no named query '{key}'; the named queries are: {names}")
    return text_or_name, None


def coerce_bindings(named: NamedQuery | None, bindings: Mapping[str, Any]) -> dict[str, Term]:
    """Turn Python values into RDF terms: declared IRI parameters accept ``person/x``,
    ``kg:person/x`` or a full IRI; everything else becomes a typed literal."""
    terms: dict[str, Term] = {}
    for name, value in bindings.items():
        kind = named.params.get(name) if named else None
        if named is not None and kind is None:
            allowed = ", ".join(f"?{p}" for p in named.params) or "none"
            raise QueryError(f"named query '{named.name}' has no parameter ?{name} (parameters: {allowed})")
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


class Row(tuple):
    """One solution: a tuple of terms (``None`` where unbound), also readable by variable name."""

    _fields: tuple[str, ...] = ()

    def __new__(cls, fields: tuple[str, ...], values: Sequence[Term | None]) -> Row:
        row = super().__new__(cls, values)
        row._fields = fields
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return super().__getitem__(self._fields.index(key))
        return super().__getitem__(key)

    def __getattr__(self, name: str) -> Term | None:
        try:
            return self[self._fields.index(name)]
        except ValueError:
            raise AttributeError(name) from None

    def asdict(self) -> dict[str, Term | None]:
        return dict(zip(self._fields, self, strict=True))


@dataclass
class QueryResult:
    """The answer of a query: rows for SELECT, a boolean for ASK, a graph for CONSTRUCT/DESCRIBE."""

    kind: TypingLiteral["select", "ask", "graph"]
    vars: list[str] = field(default_factory=list)
    _raw: Sequence[Sequence[Any]] = field(default_factory=list, repr=False)
    _convert: Callable[[Any], Term | None] = field(default=lambda t: t, repr=False)
    boolean: bool | None = None
    graph: Graph | None = None
    _rows: list[Row] | None = field(default=None, repr=False)

    @property
    def rows(self) -> list[Row]:
        """The solutions as rows of rdflib terms (converted once, on first use)."""
        if self._rows is None:
            fields = tuple(self.vars)
            convert = self._convert
            seen: dict[Any, Term] = {}  # the same IRIs and labels recur row after row: convert each once

            def term(t: Any) -> Term | None:
                if t is None:
                    return None
                done = seen.get(t)
                if done is None:
                    done = seen[t] = convert(t)
                return done

            self._rows = [Row(fields, [term(t) for t in raw]) for raw in self._raw]
        return self._rows

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        if self.kind == "graph":
            return len(self.graph or ())
        return len(self._raw)

    def __getitem__(self, index: int) -> Row:
        return self.rows[index]

    def __bool__(self) -> bool:
        return bool(self.boolean) if self.kind == "ask" else len(self) > 0

    def values(self, var: str | None = None) -> list[Any]:
        """The plain Python values of one column (the only one by default)."""
        col = self.vars.index(var) if var else 0
        return [python_value(r[col]) for r in self.rows]

    def to_records(self) -> list[dict[str, Any]]:
        """Rows as dictionaries of plain Python values (IRIs as strings)."""
        return [{v: python_value(t) for v, t in zip(self.vars, row, strict=True)} for row in self.rows]

    def to_dataframe(self) -> Any:
        """A pandas DataFrame with one column per variable and plain Python values."""
        import pandas as pd

        if self.kind == "ask":
            return pd.DataFrame({"boolean": [self.boolean]})
        if self.kind == "graph":
            assert self.graph is not None
            return pd.DataFrame(
                [(str(s), str(p), python_value(o)) for s, p, o in sorted(self.graph)],
                columns=["subject", "predicate", "object"],
            )
        return pd.DataFrame(self.to_records(), columns=self.vars)

    @property
    def df(self) -> Any:
        return self.to_dataframe()

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | str | bytes) -> QueryResult:
        """An answer in SPARQL 1.1 JSON results (``application/sparql-results+json``), parsed or
        as text, as a :class:`QueryResult`: what SPARQLWrapper returns with ``JSON`` becomes
        comparable with the embedded store's answer (:func:`kg.compare.answer_difference`)."""
        from kg.remote import result_from_data, result_from_json

        if isinstance(data, str | bytes):
            return result_from_json(data.encode() if isinstance(data, str) else data, "")[0]
        return result_from_data(data)[0]

    def serialize(self, fmt: str = "table") -> str:
        """The result as text: ``table``, ``csv``, ``tsv``, ``json`` or ``srj``."""
        return format_result(self, fmt)

    def __str__(self) -> str:
        return format_result(self, "table")


def python_value(term: Term | None) -> Any:
    """A term as the Python value an analyst expects: IRIs as strings, numbers as numbers."""
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype is None or term.ill_typed:
            return str(term)
        value = term.toPython()
        if isinstance(value, Decimal):
            return float(value)
        return value
    return str(term)


# ---------------------------------------------------------------- formats


def _display(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return shorten(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def format_result(result: QueryResult, fmt: str) -> str:
    if fmt not in FORMATS:
        raise QueryError(f"unknown output format '{fmt}'; choose one of {', '.join(FORMATS)}")
    if result.kind == "graph":
        assert result.graph is not None
        return result.graph.serialize(format="json-ld" if fmt in ("json", "srj") else "turtle")
    if result.kind == "ask":
        return _format_ask(bool(result.boolean), fmt)
    return {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json, "srj": _srj}[fmt](result)


def _format_ask(value: bool, fmt: str) -> str:
    if fmt == "srj":
        return json.dumps({"head": {}, "boolean": value}) + "\n"
    if fmt == "json":
        return json.dumps(value) + "\n"
    return ("true" if value else "false") + "\n"


def _table(result: QueryResult) -> str:
    cells = [[_display(t) for t in row] for row in result.rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(result.vars)]
    lines = [
        "  ".join(v.ljust(w) for v, w in zip(result.vars, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _csv(result: QueryResult) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(result.vars)
    for row in result.rows:
        w.writerow(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row])
    return buf.getvalue()


def _tsv(result: QueryResult) -> str:
    lines = ["\t".join("?" + v for v in result.vars)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else t.n3() for t in row))
    return "\n".join(lines) + "\n"


def _json(result: QueryResult) -> str:
    def plain(v: Any) -> Any:
        return v.isoformat() if isinstance(v, _dt.date | _dt.datetime | _dt.time) else v

    records = [{k: plain(v) for k, v in r.items()} for r in result.to_records()]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def term_to_srj(term: Term) -> dict[str, str]:
    """One term in the W3C SPARQL 1.1 Query Results JSON format."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def _srj(result: QueryResult) -> str:
    bindings = [
        {v: term_to_srj(t) for v, t in zip(result.vars, row, strict=True) if t is not None}
        for row in result.rows
    ]
    return (
        json.dumps(
            {"head": {"vars": result.vars}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=2
        )
        + "\n"
    )


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

"""SPARQL query text, read just enough to bind values safely and to talk to a server.

:func:`query_shape` finds a query's form and its WHERE pattern outside strings, IRIs and comments;
:func:`bind_values` binds variables with a ``VALUES`` block of serialised terms (never pasted
user text); :func:`with_prologue` writes out the prefixes the embedded store offers implicitly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Literal, URIRef

from kg.errors import QueryError
from kg.vocab import BASE, PREFIXES, Term

_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                  |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$]\w+)
      | (?P<word>[A-Za-z_][\w.-]*:?[\w.:%-]*|:[\w.:%-]*)
      | (?P<open>[{(])
      | (?P<close>[})])
      | (?P<other>\S)""",
    re.X | re.S,
)

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")


@dataclass
class QueryShape:
    """What :func:`query_shape` finds at the top level of a query (outside strings and comments)."""

    form: str
    keywords: list[tuple[str, int]]
    """upper-cased keywords at nesting depth 0 with their offsets"""
    pattern_start: int | None
    """offset just after the ``{`` that opens the query's WHERE pattern"""
    end_of_pattern: int | None
    """offset just after the ``}`` that closes it"""

    def has(self, keyword: str, after: int = -1) -> bool:
        return any(k == keyword and at > after for k, at in self.keywords)


def query_shape(text: str) -> QueryShape:
    """The form of a query and where its WHERE pattern starts and ends."""
    depth = 0
    keywords: list[tuple[str, int]] = []
    form = ""
    where_seen = False
    start = end = None
    for m in _TOKEN.finditer(text):
        kind, value = m.lastgroup, m.group()
        if kind in ("comment", "string", "iri", "var"):
            continue
        if kind == "open":
            # in CONSTRUCT { template } WHERE { pattern } the first group is not the pattern
            if depth == 0 and value == "{" and start is None and form and (form != "CONSTRUCT" or where_seen):
                start = m.end()
            depth += 1
            continue
        if kind == "close":
            depth -= 1
            if depth == 0 and value == "}" and start is not None and end is None:
                end = m.end()
            continue
        if depth == 0 and kind == "word":
            word = value.upper()
            keywords.append((word, m.start()))
            if not form and word in QUERY_FORMS + UPDATE_FORMS:
                form = word
            if word == "WHERE":
                where_seen = True
    if not form:
        raise QueryError("this is not a SPARQL query: it has no SELECT, ASK, CONSTRUCT or DESCRIBE")
    return QueryShape(form, keywords, start, end)


def star_order(text: str, names: list[str]) -> list[str]:
    """The variables of a ``SELECT *`` answer in the order they first appear in the query (the
    engine's own order is its hash order: ``?s ?p ?o`` came back ``o p s``); other queries keep the
    order of their projection."""
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text) if m.lastgroup != "comment"]
    words = [(k, v.upper()) for k, v in tokens if k in ("word", "other")]
    try:
        at = next(i for i, (k, v) in enumerate(words) if k == "word" and v == "SELECT")
    except StopIteration:
        return names
    rest = [v for _, v in words[at + 1 :] if v not in ("DISTINCT", "REDUCED")]
    if not rest or rest[0] != "*":
        return names
    first: dict[str, int] = {}
    for kind, value in tokens:
        if kind == "var":
            first.setdefault(value[1:], len(first))
    return sorted(names, key=lambda n: first.get(n, len(first)))


def sparql_term(term: Term) -> str:
    """A term as SPARQL text, escaped by rdflib's ``n3()``; IRIs are checked first, so no value
    can close the ``<…>`` it stands in."""
    if isinstance(term, URIRef):
        if not re.fullmatch(r"[^<>\"{}|^`\\\x00-\x20]+", str(term)):
            raise QueryError(f"{str(term)!r} is not an IRI")
        return term.n3()
    if isinstance(term, Literal):
        return term.n3()
    raise QueryError("blank nodes cannot be bound in a query sent to a server")


def bind_values(text: str, bindings: Mapping[str, Term]) -> str:
    """The query with a ``VALUES`` block that binds each variable, placed at the start of the
    query's WHERE pattern (so every part of the pattern sees the value, like the embedded store's
    substitution). Values are serialised terms, never pasted user text."""
    if not bindings:
        return text
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"\w+", name):
            raise QueryError(f"{name!r} is not a variable name")
    block = (
        f" VALUES ?{names[0]} {{ {sparql_term(bindings[names[0]])} }} "
        if len(names) == 1
        else f" VALUES ({' '.join('?' + n for n in names)}) "
        f"{{ ({' '.join(sparql_term(bindings[n]) for n in names)}) }} "
    )
    shape = query_shape(text)
    if shape.pattern_start is None:
        raise QueryError(f"cannot bind {', '.join('?' + n for n in names)}: the query has no WHERE pattern")
    return text[: shape.pattern_start] + block + text[shape.pattern_start :]


def undeclared_prefixes(text: str) -> list[tuple[str, int]]:
    """The prefixes a query uses (``foaf:name``) that neither it nor the project declares, each
    with the offset of its first use (strings, IRIs and comments are skipped)."""
    declared = {m.group(1) for m in re.finditer(r"PREFIX\s+([\w.-]*):", text, re.I)} | set(PREFIXES)
    found: dict[str, int] = {}
    for m in _TOKEN.finditer(text):
        if m.lastgroup != "word" or ":" not in m.group():
            continue
        prefix = m.group().split(":", 1)[0]
        if prefix and prefix != "_" and prefix not in declared and prefix.upper() != "PREFIX":
            found.setdefault(prefix, m.start())
    return sorted(found.items(), key=lambda pa: pa[1])


def unknown_prefix_message(text: str) -> str | None:
    """What to say about the first undeclared prefix of a query (``None`` when there is none):
    where it is, how to declare it, which prefixes are known, the closest one."""
    import difflib

    undeclared = undeclared_prefixes(text)
    if not undeclared:
        return None
    prefix, at = undeclared[0]
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    known = sorted(set(PREFIXES) | {m.group(1) for m in re.finditer(r"PREFIX\s+([\w.-]+):", text, re.I)})
    close = difflib.get_close_matches(prefix, known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}:'? " if close else ""
    others = f" (and {', '.join(p + ':' for p, _ in undeclared[1:])})" if len(undeclared) > 1 else ""
    return (
        f"unknown prefix '{prefix}:' at line {line}, column {column}{others}: {hint}"
        f"declare it with PREFIX {prefix}: <…> or use a known prefix: {', '.join(p + ':' for p in known)}"
    )


def with_prologue(text: str) -> str:
    """The query with ``BASE`` and ``PREFIX`` declarations for the project's prefixes it does not
    declare itself (the embedded store offers them implicitly; a server needs them written)."""
    declared = {m.group(1) for m in re.finditer(r"PREFIX\s+([\w.-]*):", text, re.I)}
    lines = [] if re.search(r"^\s*BASE\s*<", text, re.I | re.M) else [f"BASE <{BASE}>"]
    lines += [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    return "\n".join(lines) + "\n" + text


__all__ = [
    "QueryShape",
    "bind_values",
    "query_shape",
    "sparql_term",
    "star_order",
    "undeclared_prefixes",
    "unknown_prefix_message",
    "with_prologue",
]


def iri_text(iri: str) -> str:
    """An IRI as SPARQL text, checked like every bound value."""
    return sparql_term(URIRef(iri))

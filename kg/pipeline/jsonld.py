"""JSON-LD for websites: the merged graph in compact form, with a context a page can reuse.

Written by hand rather than by a generic serialiser so the output is small, stable and
readable: one object per entity, short keys (``name``, ``startDate``), IRIs as ``kg:…``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.vocab import PREFIXES, RDF_TYPE

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
"""Longest namespace first, so ``kgo:`` wins over ``kg:`` (sorted once: this runs per triple)."""
_BY_LENGTH_OK = all(prefix.isidentifier() for prefix, _ in _BY_LENGTH)
"""Every prefix can name a regex group (else :func:`_local_name` uses the loop)."""


_NAMESPACE = re.compile(
    "|".join(f"(?P<{prefix}>{re.escape(ns)})" for prefix, ns in _BY_LENGTH if prefix.isidentifier())
)
"""The same test as a loop over ``_BY_LENGTH`` in one call: alternatives are tried in order."""


@lru_cache(maxsize=1 << 20)
def _local_name(iri: str) -> tuple[str, str]:
    m = _NAMESPACE.match(iri)
    if m is not None and m.lastgroup is not None and _BY_LENGTH_OK:
        return m.lastgroup, iri[m.end() :]
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns):
            return prefix, iri[len(ns) :]
    return "", iri


@lru_cache(maxsize=1 << 20)
def _compact_iri(iri: str) -> str:
    prefix, local = _local_name(iri)
    return f"{prefix}:{local}" if prefix and local else iri


def nt_lines(triples: list[ox.Triple]) -> list[str]:
    """The N-Triples text of each triple as pyoxigraph writes it, one ``s p o .`` per line."""
    return split_lines((ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8"))


def split_lines(text: str) -> list[str]:
    """N-Triples text as lines (``str.splitlines`` would also split at U+2028 inside a literal)."""
    lines = text.split("\n")
    if lines and not lines[-1]:
        lines.pop()
    return lines


def _split(line: str) -> tuple[str, str, str]:
    # subjects and predicates are IRIs or blank nodes: neither holds a space in N-Triples
    s, p, o = line.split(" ", 2)
    return s, p[1:-1], o[:-2]


def build_context(triples: list[ox.Triple]) -> dict[str, Any]:
    """A JSON-LD context: the project's prefixes plus one short term per property used.

    schema.org properties keep their bare name (``name``); others get ``prefix_name``
    (``kgo_itemKind``, ``skos_altLabel``) so that no two properties share a term.
    """
    return _context_of_lines(nt_lines(triples))


def _context_of_lines(lines: list[str]) -> dict[str, Any]:
    object_props: set[str] = set()
    props: set[str] = set()
    for line in lines:
        _, p, o = _split(line)
        props.add(p)
        if not o.startswith('"'):
            object_props.add(p)
    return context_for(props, object_props)


def context_for(props: set[str], object_props: set[str]) -> dict[str, Any]:
    """The context for triples with these predicates, ``object_props`` having IRIs or blank nodes
    as values (rdf:type is ``@type`` and gets no term)."""
    props = props - {RDF_TYPE}
    context: dict[str, Any] = dict(sorted(PREFIXES.items()))
    for p in sorted(props):
        prefix, local = _local_name(p)
        term = local if prefix == "schema" else f"{prefix}_{local}" if prefix else p
        entry: dict[str, Any] = {"@id": _compact_iri(p)}
        if p in object_props:
            entry["@type"] = "@id"
        context[term] = entry
    return context


def _term_for(context: dict[str, Any]) -> dict[str, str]:
    return {v["@id"]: k for k, v in context.items() if isinstance(v, dict)}


def _value(token: str, as_id: bool) -> Any:
    """The JSON-LD value of one N-Triples term (``<iri>``, ``_:b``, ``"lex"@de``, ``"lex"^^<dt>``)."""
    if token.startswith('"'):
        end = token.rfind('"')
        lex = token[1:end]
        if "\\" in lex:  # N-Triples escapes (\" \\ \n \uXXXX) are JSON string escapes too
            lex = json.loads(f'"{lex}"')
        suffix = token[end + 1 :]
        if suffix.startswith("@"):
            return {"@value": lex, "@language": suffix[1:]}
        if suffix.startswith("^^<") and suffix != f"^^<{XSD_STRING}>":
            return {"@value": lex, "@type": _compact_iri(suffix[3:-1])}
        return {"@value": lex} if as_id else lex  # a string under a term coerced to @id stays a string
    ref = _compact_iri(token[1:-1]) if token.startswith("<") else token
    return ref if as_id else {"@id": ref}


def to_jsonld(triples: list[ox.Triple], context: dict[str, Any]) -> dict[str, Any]:
    """The triples as one compact JSON-LD document with ``@graph``, sorted by ``@id``."""
    return {"@context": context, "@graph": _nodes(nt_lines(triples), context)}


def _nodes(lines: list[str], context: dict[str, Any]) -> list[dict[str, Any]]:
    # straight from the N-Triples text: reading pyoxigraph terms attribute by attribute cost
    # several seconds per million triples, splitting strings a fraction of that; this loop runs
    # once per triple, so lookups are bound to locals and IRI values skip the generic _value
    terms = _term_for(context)
    compact_iri = _compact_iri
    nodes: dict[str, dict[str, list[Any]]] = {}
    by_predicate: dict[str, tuple[str, bool]] = {}  # "<predicate>" → (term, coerced to @id)
    type_token = f"<{RDF_TYPE}>"
    last_s = ""
    node: dict[str, list[Any]] = {}
    for line in lines:
        s, p, o = line.split(" ", 2)  # no space in a subject or predicate
        if s != last_s:  # sorted input: a subject's triples come together
            sid = compact_iri(s[1:-1]) if s.startswith("<") else s
            found = nodes.get(sid)
            if found is None:
                found = nodes[sid] = {}
            node = found
            last_s = s
        if p == type_token:
            term, is_id = "@type", True
        else:
            known = by_predicate.get(p)
            if known is None:
                term = terms[compact_iri(p[1:-1])]
                known = by_predicate[p] = (term, context[term].get("@type") == "@id")
            term, is_id = known
        if o.startswith("<"):  # an IRI: the commonest value after literals, and the cheapest
            ref = compact_iri(o[1:-3])
            value: Any = ref if is_id else {"@id": ref}
        else:
            value = _value(o[:-2], as_id=is_id)
        values = node.get(term)
        if values is None:
            node[term] = [value]
        else:
            values.append(value)
    graph = []
    for sid in sorted(nodes):
        node = nodes[sid]
        out: dict[str, Any] = {"@id": sid}
        types = node.pop("@type", None)
        # keys in order @id, @type, then terms; a single value needs no sorting (json.dumps per
        # value was a tenth of the time)
        for k, v in ([("@type", types)] if types is not None else []) + sorted(node.items()):
            out[k] = v[0] if len(v) == 1 else sorted(v, key=json.dumps)
        graph.append(out)
    return graph


def write_jsonld(triples: list[ox.Triple], path: Path, context_path: Path) -> None:
    """Write the compact document and, beside it, its context on its own for reuse."""
    write_jsonld_lines(nt_lines(triples), path, context_path)


def write_jsonld_lines(
    lines: list[str], path: Path, context_path: Path, context: dict[str, Any] | None = None
) -> None:
    """:func:`write_jsonld` from the N-Triples lines of the triples (see :func:`nt_lines`),
    sorted; ``context`` if the caller has worked it out already (:func:`context_for`)."""
    if context is None:
        context = _context_of_lines(lines)
    head = json.dumps({"@context": context}, ensure_ascii=False, indent=1)
    context_path.write_text(head + "\n", encoding="utf-8")
    # one entity per line: the indenting encoder is pure Python and took seconds at a million
    # triples; json.dumps without indent runs in C
    encode = json.JSONEncoder(ensure_ascii=False).encode
    with path.open("w", encoding="utf-8") as out:
        out.write(head[: -len("\n}")] + ',\n "@graph": [')
        sep = "\n  "
        for node in _nodes(lines, context):
            out.write(sep)
            out.write(encode(node))
            sep = ",\n  "
        out.write("\n ]\n}\n")

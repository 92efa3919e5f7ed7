"""JSON-LD for websites: the merged graph in compact form, with a context a page can reuse.

Written by hand rather than by a generic serialiser so the output is small, stable and
readable: one object per entity, short keys (``name``, ``startDate``), IRIs as ``kg:…``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.namespaces import PREFIXES

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
"""Longest namespace first, so ``kgo:`` wins over ``kg:`` (sorted once: this runs per triple)."""


@lru_cache(maxsize=1 << 20)
def _local_name(iri: str) -> tuple[str, str]:
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns):
            return prefix, iri[len(ns) :]
    return "", iri


@lru_cache(maxsize=1 << 20)
def _compact_iri(iri: str) -> str:
    prefix, local = _local_name(iri)
    return f"{prefix}:{local}" if prefix and local else iri


def build_context(triples: list[ox.Triple]) -> dict[str, Any]:
    """A JSON-LD context: the project's prefixes plus one short term per property used.

    schema.org properties keep their bare name (``name``); others get ``prefix_name``
    (``kgo_itemKind``, ``skos_altLabel``) so that no two properties share a term.
    """
    object_props: set[str] = set()
    props: set[str] = set()
    for t in triples:
        p = t.predicate.value
        if p == RDF_TYPE:
            continue
        props.add(p)
        if not isinstance(t.object, ox.Literal):
            object_props.add(p)
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


def _value(obj: ox.NamedNode | ox.BlankNode | ox.Literal, as_id: bool) -> Any:
    if isinstance(obj, ox.Literal):
        if as_id and obj.datatype.value == XSD_STRING and not obj.language:
            return {"@value": obj.value}  # a string under a term coerced to @id stays a string
        if obj.language:
            return {"@value": obj.value, "@language": obj.language}
        if obj.datatype.value != XSD_STRING:
            return {"@value": obj.value, "@type": _compact_iri(obj.datatype.value)}
        return obj.value
    ref = _compact_iri(obj.value) if isinstance(obj, ox.NamedNode) else f"_:{obj.value}"
    return ref if as_id else {"@id": ref}


def to_jsonld(triples: list[ox.Triple], context: dict[str, Any]) -> dict[str, Any]:
    """The triples as one compact JSON-LD document with ``@graph``, sorted by ``@id``."""
    terms = _term_for(context)
    nodes: dict[str, dict[str, Any]] = defaultdict(dict)
    by_predicate: dict[str, tuple[str, bool]] = {}  # predicate → (term, coerced to @id): once each
    for t in triples:
        s = t.subject
        sid = _compact_iri(s.value) if isinstance(s, ox.NamedNode) else f"_:{s.value}"
        node = nodes[sid]
        node["@id"] = sid
        p = t.predicate.value
        if p == RDF_TYPE:
            node.setdefault("@type", []).append(_value(t.object, as_id=True))
            continue
        known = by_predicate.get(p)
        if known is None:
            term = terms[_compact_iri(p)]
            known = by_predicate[p] = (term, context[term].get("@type") == "@id")
        term, is_id = known
        node.setdefault(term, []).append(_value(t.object, as_id=is_id))
    graph = []
    for sid in sorted(nodes):
        node = nodes[sid]
        # a single value needs no sorting (json.dumps per value was a tenth of the time)
        compact = {
            k: (v[0] if len(v) == 1 else sorted(v, key=json.dumps)) if isinstance(v, list) else v
            for k, v in node.items()
        }
        graph.append(dict(sorted(compact.items(), key=lambda kv: (kv[0] != "@id", kv[0] != "@type", kv[0]))))
    return {"@context": context, "@graph": graph}


def write_jsonld(triples: list[ox.Triple], path: Path, context_path: Path) -> None:
    """Write the compact document and, beside it, its context on its own for reuse."""
    context = build_context(triples)
    doc = to_jsonld(triples, context)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    context_path.write_text(
        json.dumps({"@context": context}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )

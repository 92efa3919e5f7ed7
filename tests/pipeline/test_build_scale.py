"""The faster sort and deduplication of the build keep the order and counts of the plain way."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pyoxigraph as ox

from kg.pipeline.build import _quad_key

XSD = "http://www.w3.org/2001/XMLSchema#"


def _terms() -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
    return [
        ox.NamedNode("https://w3id.org/kommunen-kg/a"),
        ox.NamedNode("https://w3id.org/kommunen-kg/a/b"),
        ox.NamedNode("https://w3id.org/kommunen-kg/a b".replace(" ", "%20")),
        ox.BlankNode("b1"),
        ox.BlankNode("b10"),
        ox.Literal("a"),
        ox.Literal("a", language="de"),
        ox.Literal("a b"),
        ox.Literal("a\tb"),
        ox.Literal('a "quoted" b'),
        ox.Literal("1", datatype=ox.NamedNode(XSD + "integer")),
        ox.Literal("10", datatype=ox.NamedNode(XSD + "integer")),
    ]


def test_quad_key_orders_by_graph_subject_predicate_object() -> None:
    terms = _terms()
    subjects = [t for t in terms if not isinstance(t, ox.Literal)]
    predicates = [ox.NamedNode("https://schema.org/name"), ox.NamedNode("https://schema.org/name2")]
    graphs = [
        ox.NamedNode("https://w3id.org/kommunen-kg/graph/a"),
        ox.NamedNode("https://w3id.org/kommunen-kg/graph/a-b"),
    ]
    quads = [ox.Quad(s, p, o, g) for s, p, o, g in itertools.product(subjects, predicates, terms, graphs)]
    plain = sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    assert sorted(reversed(quads), key=_quad_key) == plain


def test_void_counts_match_the_built_triples(dist: Path) -> None:
    triples = list(ox.parse(path=dist / "kg.ttl", format=ox.RdfFormat.TURTLE))
    void = {
        (t.predicate.value.rsplit("#", 1)[-1], t.object.value)
        for t in ox.parse(path=dist / "void.ttl", format=ox.RdfFormat.TURTLE)
        if t.subject.value.endswith("/dataset")
    }
    assert ("triples", str(len(triples))) in void
    assert ("distinctSubjects", str(len({t.subject for t in triples}))) in void
    assert ("distinctObjects", str(len({t.object for t in triples}))) in void
    assert ("properties", str(len({t.predicate for t in triples}))) in void
    assert ("entities", str(len({t.subject for t in triples if isinstance(t.subject, ox.NamedNode)}))) in void
    manifest = json.loads((dist / "manifest.json").read_text())
    assert manifest["triples"] == len(triples)

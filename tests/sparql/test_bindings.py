"""Bound values go into the query as a VALUES row: same answers as substitutions, and safe."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, URIRef

import kg
from kg.sparql.text import bind_values, query_shape
from kg.vocab import BASE, PREFIXES, rdflib_to_ox

QUERIES = Path(__file__).resolve().parents[2] / "benchmarks" / "queries"
PERSON = ox.NamedNode(BASE + "person/thomas-klie")
EVENT = ox.NamedNode(BASE + "event/2020-11-24-allianzen-bilden")
PROJECT = ox.NamedNode(BASE + "project/koda-eg")


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("SELECT ?x WHERE { ?x ?p ?o }", "{ ?x ?p"),
        ("select ?x { ?x ?p ?o }", "{ ?x ?p"),
        ("PREFIX a: <http://a/{x}> # WHERE { not this\nSELECT * WHERE {?x ?p ?o}", "{?x ?p"),
        ('SELECT ("{" AS ?b) ?x WHERE { ?x ?p ?o }', "{ ?x ?p"),
        ("CONSTRUCT { ?x a ?t } WHERE { ?x ?p ?t }", "{ ?x ?p ?t"),
        ("ASK { ?x ?p ?o }", "{ ?x ?p"),
    ],
)
def test_where_group_is_found(text: str, marker: str) -> None:
    assert query_shape(text).pattern_start == text.index(marker) + 1
    bound = bind_values(text, {"x": URIRef(PERSON.value)})
    assert bound.index("VALUES ?x") == text.index(marker) + 2


def test_blank_nodes_are_bound_by_substitution_not_written_into_the_query(graph: kg.KnowledgeGraph) -> None:
    result = graph.query("SELECT ?x WHERE { }", x=BNode("b1"))
    assert [r[0] for r in result.rows] == [BNode("b1")]


@pytest.mark.parametrize(
    ("name", "bindings"),
    [
        ("person-projects", {"person": PERSON}),
        ("co-appearances", {"person": PERSON}),
        ("appearances", {"event": EVENT}),
        ("programme", {"event": EVENT}),
        ("project-partners", {"project": PROJECT}),
    ],
)
def test_values_answer_like_substitutions(graph: kg.KnowledgeGraph, name: str, bindings: dict) -> None:
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    subs = {ox.Variable(k): v for k, v in bindings.items()}
    plain = graph.store.query(text, prefixes=PREFIXES, substitutions=subs)  # the stored merge
    expected = sorted(tuple("" if t is None else str(t) for t in row) for row in plain)
    got = graph.query(text, **{k: URIRef(v.value) for k, v in bindings.items()})
    rows = sorted(tuple("" if t is None else str(rdflib_to_ox(t)) for t in row) for row in got.rows)
    assert expected and rows == expected


def test_a_bound_literal_cannot_change_the_query(graph: kg.KnowledgeGraph) -> None:
    evil = '" } UNION { ?s ?p ?o } #'
    result = graph.query("SELECT ?x WHERE { }", x=evil)
    assert [str(r[0]) for r in result.rows] == [evil]


def test_binding_a_variable_the_query_binds_itself_still_works(graph: kg.KnowledgeGraph) -> None:
    # BIND to an in-scope variable is an error once VALUES binds it: the store falls back
    result = graph.query("SELECT ?x ?y WHERE { BIND(1 AS ?y) }", x="a")
    assert [(str(r[0]), int(r[1])) for r in result.rows] == [("a", 1)]

"""The embedded store: the merge of the named graphs by default, GRAPH patterns, bindings as values."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef

import kg
from kg.vocab import BASE
from tests.conftest import curated_entities


def test_default_graph_is_the_merge_and_graph_patterns_reach_each_source(graph: kg.KnowledgeGraph) -> None:
    union = graph.query("SELECT ?name WHERE { <person/andy-grabner> schema:name ?name }")
    assert union.values() == ["Andy Grabner"]
    per_graph = graph.query(
        "SELECT ?g WHERE { GRAPH ?g { <person/andy-grabner> skos:altLabel 'Andi Grabner' } }"
    )
    assert per_graph.values() == [BASE + "graph/event-2020-11-24-allianzen-bilden"]
    no_union = graph.query("SELECT ?name WHERE { <person/andy-grabner> schema:name ?name }", union=False)
    assert len(no_union) == 0


def test_default_graph_is_a_set_not_a_triple_per_source(graph: kg.KnowledgeGraph) -> None:
    # regression (issue 14): pyoxigraph's union default graph gave 11 people for 7 and 1,719
    # triples for 1,606, a triple once per source graph stating it
    distinct = {(q.subject, q.predicate, q.object) for q in graph.store if q.graph_name != ox.DefaultGraph()}
    assert len(distinct) < len(graph)  # the real data states some triples in several sources
    count = graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    assert int(count) == len(distinct) == len(graph.graph())
    people = graph.query("SELECT (COUNT(?p) AS ?n) WHERE { ?p a schema:Person }").rows[0][0]
    distinct_people = len(graph.query("SELECT DISTINCT ?p WHERE { ?p a schema:Person }"))
    assert int(people) == distinct_people == len(curated_entities("https://schema.org/Person"))
    names = graph.query("SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name }")
    assert sorted(names.values()) == sorted(set(names.values()))
    in_graphs = graph.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0]
    assert int(in_graphs) == len(graph)  # GRAPH still reaches every source, the merge not among them


def test_the_merge_is_made_inside_the_store_so_blank_nodes_join(tmp_path: Path) -> None:
    data = tmp_path / "blank.trig"
    data.write_text(
        "<https://example.org/a> { _:x <https://example.org/p> 1 . }\n"
        "<https://example.org/b> { _:x <https://example.org/q> 2 . _:x <https://example.org/p> 1 . }\n"
        "<https://example.org/d> <https://example.org/p> 3 .\n"
    )
    g = kg.KnowledgeGraph.from_file(data)
    assert len(g) == 4
    rows = g.query("SELECT ?x ?a ?b WHERE { ?x <https://example.org/p> ?a ; <https://example.org/q> ?b }")
    assert [(int(r[1]), int(r[2])) for r in rows] == [(1, 2)]
    assert int(g.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]) == 3
    assert int(g.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", union=False).rows[0][0]) == 0


def test_bindings_are_values_not_query_text(graph: kg.KnowledgeGraph) -> None:
    text = "SELECT DISTINCT ?person WHERE { ?person schema:name ?name }"
    assert graph.query(text, name="Thomas Klie").values() == [BASE + "person/thomas-klie"]
    hostile = 'Thomas Klie" } ?x ?y ?z . { ?person schema:name "Birgit Böhm'
    assert len(graph.query(text, name=hostile)) == 0


def test_named_query_refuses_unknown_and_missing_parameters(graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(kg.QueryError, match=r"needs a value for \?entity"):
        graph.query("entity")
    with pytest.raises(kg.QueryError, match=r"has no parameter \?person"):
        graph.query("entity", entity="person/thomas-klie", person="x")
    with pytest.raises(kg.QueryError, match="is not an IRI"):
        graph.query("entity", entity="person/<thomas-klie>")
    with pytest.raises(kg.QueryError, match="no named query 'programm'"):
        graph.query("programm")


def test_syntax_error_shows_engine_position_and_line(graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(kg.QueryError) as info:
        graph.query("SELECT ?s WHERE {\n  ?s ?p \n}")
    message = str(info.value)
    assert "SPARQL syntax error at line 3, column" in message
    assert "expected" in message
    assert "^" in message


def test_ask_and_construct(graph: kg.KnowledgeGraph) -> None:
    assert graph.query("ASK { <person/thomas-klie> a schema:Person }").boolean is True
    assert graph.query("ASK { <person/thomas-klie> a schema:Event }").boolean is False
    g = graph.query("CONSTRUCT { ?p schema:name ?n } WHERE { ?p a schema:Person ; schema:name ?n }").graph
    assert isinstance(g, Graph)
    assert (
        URIRef(BASE + "person/birgit-boehm"),
        URIRef("https://schema.org/name"),
        Literal("Birgit Böhm"),
    ) in g


def test_results_convert_to_dataframes_with_python_values(graph: kg.KnowledgeGraph) -> None:
    df = graph.query("programme", event="event/2020-11-24-allianzen-bilden").to_dataframe()
    assert isinstance(df, pd.DataFrame)
    assert list(df["order"]) == list(range(1, 9))
    assert df["start"].iloc[0].isoformat() == "2020-11-24T09:50:00+01:00"
    municipalities = graph.query("municipalities").to_dataframe().set_index("ags")
    assert municipalities.loc["08235050", "latitude"] == 48.657642


def test_rows_are_readable_by_name_and_position(graph: kg.KnowledgeGraph) -> None:
    row = graph.query("moderation")[0]
    assert str(row.moderator) == "Stephanie Bock"
    assert row["moderator"] == row[1]
    assert row.asdict()["person"] == URIRef(BASE + "person/stephanie-bock")


def test_stats_count_types_and_source_graphs(graph: kg.KnowledgeGraph) -> None:
    stats = graph.stats()
    types = dict(stats.types)
    for cls in ("https://schema.org/Person", "https://w3id.org/kommunen-kg/ontology#ProgrammeItem"):
        assert types[cls] == len(curated_entities(cls)) > 0
    assert (
        types["https://schema.org/Person"] >= 7
        and types["https://w3id.org/kommunen-kg/ontology#ProgrammeItem"] >= 8
    )
    graphs = {name: (src, n) for name, src, n in stats.graphs}
    assert (
        graphs["event-2020-11-24-allianzen-bilden"][0] == "https://kommunen-innovativ.de/allianzen-bilden-0"
    )
    assert sum(n for _, n in graphs.values()) == len(graph)
    assert "schema:Person" in str(stats)


def test_stats_counts_a_graph_citing_two_sources_once(tmp_path: Path) -> None:
    # regression: the count ran over the join with the sources, so two sources counted twice
    data = tmp_path / "two-sources.trig"
    data.write_text(
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "<https://example.org/g> { <https://example.org/g> dcterms:source <https://a.example/> , "
        '<https://b.example/> . <https://example.org/x> dcterms:title "x" . }\n'
    )
    stats = kg.KnowledgeGraph.from_file(data).stats()
    assert stats.graphs == [("https://example.org/g", "https://a.example/", 3)]


def test_rdflib_object_model_is_available(graph: kg.KnowledgeGraph) -> None:
    ds = graph.dataset()
    assert isinstance(ds, Dataset)
    assert len(list(ds.quads((None, None, None, None)))) == len(graph)
    union = graph.graph()
    assert (URIRef(BASE + "person/thomas-klie"), None, None) in union


def test_module_level_query_uses_the_current_project(dist, project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KG_PROJECT", str(project.root))
    kg.build_dataset(project)  # the default dist/ of the checkout
    several = kg.query("people-in-several-items").values("name")
    assert several == kg.KnowledgeGraph.from_dist(dist, project=project).query(
        "people-in-several-items"
    ).values("name")
    assert {"Birgit Böhm", "Lilian Schwalb", "Thomas Klie"} <= set(several)
    assert len(kg.load()) == len(kg.KnowledgeGraph.from_dist(dist, project=project))


def test_records_straight_from_the_store_equal_records_from_rows(graph):
    # to_records converts the store's terms directly (each distinct term once); it must give what
    # the rows give, literals as Python values included
    fresh = graph.query("programme")
    direct = fresh.to_records()
    assert fresh._rows is None  # nothing converted twice
    via_rows = graph.query("programme")
    assert via_rows.rows  # converted to rdflib rows first
    assert direct == via_rows.to_records() and len(direct) > 5

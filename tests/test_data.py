"""The curated data keeps the data contract: schema.org first, sourced, resolved, no blank nodes."""

from __future__ import annotations

import pyoxigraph as ox

import kg
from kg.vocab import BASE

from .conftest import ROOT, curated_entities


def test_seed_page_is_kept_with_its_address() -> None:
    seed = ROOT / "data" / "sources" / "event-2020-11-24-allianzen-bilden.txt"
    assert "Den Handlungsspielraum der Kommunen mit neuen Partnern erweitern" in seed.read_text()
    index = (ROOT / "data" / "sources" / "README.md").read_text()
    assert "event-2020-11-24-allianzen-bilden.txt" in index
    assert "https://kommunen-innovativ.de/allianzen-bilden-0" in index


def test_every_local_copy_named_by_a_graph_exists(graph: kg.KnowledgeGraph) -> None:
    copies = graph.query("SELECT DISTINCT ?path WHERE { ?g kgo:localCopy ?path }").values()
    assert copies
    for path in copies:
        assert (ROOT / path).is_file(), path


def test_no_blank_nodes_anywhere(graph: kg.KnowledgeGraph) -> None:
    for q in graph.store:
        assert not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode), q


def test_every_data_graph_says_where_it_comes_from(graph: kg.KnowledgeGraph) -> None:
    described = set(
        graph.query("""
        SELECT ?g WHERE { GRAPH ?g { ?g a kgo:SourceGraph ; dcterms:source ?s ; kgo:retrievedOn ?d } }
    """).values()
    )
    data_graphs = {g for g in graph.graph_names() if g != BASE + "graph/ontology"}
    assert data_graphs and data_graphs == described


def test_one_node_per_person_however_the_page_spells_them(graph: kg.KnowledgeGraph) -> None:
    people = graph.query("SELECT DISTINCT ?p WHERE { ?p a schema:Person }").values()
    # one node per person the curated files define, however many files name them
    assert {str(p) for p in people} == curated_entities("https://schema.org/Person")
    assert len(people) >= 7
    grabner = graph.query("entity", entity="person/andy-grabner").to_dataframe()
    names = set(grabner.loc[grabner.predicate.str.endswith(("name", "altLabel")), "value"])
    assert names == {"Andy Grabner", "Andi Grabner"}


def test_page_artefacts_are_mended_and_kept_as_alternate_labels(graph: kg.KnowledgeGraph) -> None:
    variants = {(r["name"], r["variant"]) for r in graph.query("spelling-variants").to_records()}
    assert (
        "Bundesnetzwerk Bürgerschaftliches Engagement",
        "Bundesnetzwerk Bürger-schaftliches Engagement",
    ) in variants
    assert ("Stadt Sandersdorf-Brehna", "Gemeinde Sandesdorf-Brehna") in variants
    assert ("LAZIKN2030", "LAZIK2030") in variants and ("LAZIKN2030", "LAZIK N2030") in variants
    assert (
        "Wie können wir Allianzen bilden? Vielfältige Perspektiven",
        "Wie können wir Allianzen bilden? Vielfälige Perspektiven",
    ) in variants


def test_people_are_performers_of_the_items_they_appear_in(graph: kg.KnowledgeGraph) -> None:
    missing = graph.query("""
        SELECT ?item ?p WHERE {
          ?item kgo:appearance/schema:performer ?p .
          FILTER NOT EXISTS { ?item schema:performer ?p }
        }""")
    assert len(missing) == 0


def test_times_carry_the_berlin_offset_of_their_day(graph: kg.KnowledgeGraph) -> None:
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    times = graph.query(
        "SELECT DISTINCT ?t WHERE { ?e schema:startDate|schema:endDate ?t FILTER(datatype(?t) = xsd:dateTime) }"
    ).values()
    assert len(times) >= 6
    berlin = ZoneInfo("Europe/Berlin")
    for t in times:  # +01:00 in winter (the seed event), +02:00 in summer
        assert t.utcoffset() == t.replace(tzinfo=None).replace(tzinfo=berlin).utcoffset(), t
    assert {t.utcoffset() for t in times} <= {timedelta(hours=1), timedelta(hours=2)}
    seed = graph.query("SELECT ?t WHERE { <event/2020-11-24-allianzen-bilden> schema:startDate ?t }").values()
    assert [t.utcoffset() for t in seed] == [timedelta(hours=1)]


def test_curated_files_are_data_not_code() -> None:
    suffixes = {p.suffix for p in (ROOT / "data" / "curated").rglob("*") if p.is_file()}
    assert suffixes and suffixes <= {".ttl", ".yaml", ".yml", ".csv"}

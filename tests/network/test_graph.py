"""kg.network: views of the graph as networkx graphs, ego networks, exports, and `kg network`."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

import kg
from kg.errors import KGError
from kg.network.graph import (
    ENTITY_TYPES,
    VIEW_TYPES,
    Facts,
    ego,
    export,
    network_query,
    resolve_node,
    synthetic_network,
    to_networkx,
)
from kg.vocab import BASE
from tests.conftest import curated_entities, run_kg

PANEL = "event/2020-11-24-allianzen-bilden/item/1140-diskussionsrunde"


def keys(net: nx.Graph) -> set[str]:
    return {d["key"] for _, d in net.nodes(data=True)}


@pytest.fixture(scope="module")
def facts(graph: kg.KnowledgeGraph) -> Facts:
    return Facts.read(graph)


@pytest.fixture(scope="module")
def full(facts: Facts) -> nx.MultiDiGraph:
    return to_networkx(facts, "full")


@pytest.fixture(scope="module")
def collab(facts: Facts) -> nx.MultiDiGraph:
    return to_networkx(facts, "collaboration")


def entity_keys(graph: kg.KnowledgeGraph, types: str) -> set[str]:
    """The entities of the given types, straight from SPARQL (funding schemes are no actors)."""
    rows = graph.query(
        "SELECT DISTINCT ?e WHERE { ?e a ?t . VALUES ?t { " + types + " } "
        "FILTER NOT EXISTS { ?e a schema:FundingScheme } }"
    )
    return {str(e).removeprefix(BASE) for e in rows.values()}


def test_collaboration_view_has_people_organisations_projects_and_municipalities(collab, graph):
    expected = entity_keys(graph, "schema:Person schema:Organization schema:ResearchProject kgo:Municipality")
    assert {"person/thomas-klie", "organization/zze", "project/koda-eg", "municipality/08235050"} <= expected
    assert keys(collab) == expected


def test_nodes_carry_type_german_label_iri_and_sources(collab):
    klie = collab.nodes[BASE + "person/thomas-klie"]
    assert klie["type"] == "person"
    assert klie["type_label"] == "Person"
    assert klie["label"] == "Thomas Klie"
    assert klie["iri"] == BASE + "person/thomas-klie"
    assert klie["sources"] == [BASE + "graph/event-2020-11-24-allianzen-bilden", BASE + "graph/zze-koda-eg"]
    assert klie["source_urls"] == [
        "https://kommunen-innovativ.de/allianzen-bilden-0",
        "https://www.zze-freiburg.de/en/projects/laufende-projekte-en-GB/kommunen-innovativ-kodaeg/",
    ]
    assert klie["affiliation"] == ["Zentrum für zivilgesellschaftliche Entwicklung"]
    assert "Diskutant:in: Wie können wir Allianzen bilden? Vielfältige Perspektiven" in klie["roles"]
    # The German name wins over the English-free untagged one only where both exist.
    assert collab.nodes[BASE + "municipality/08235050"]["label"] == "Neuweiler"


def test_full_view_holds_events_and_items_but_no_roles_concepts_classes_or_literals(full):
    found = keys(full)
    assert PANEL in found
    assert "event/2020-11-24-allianzen-bilden" in found
    assert "event-series/was-macht-kommunen-innovativ" in found
    assert "funding-measure/kommunen-innovativ" in found
    assert not [k for k in found if "/role/" in k or k.startswith(("concept/", "graph/"))]
    assert not [k for k in found if k.endswith("/geo") or "ontology" in k or "schema.org" in k]
    assert {d["type"] for _, d in full.nodes(data=True)} == {t.key for t in ENTITY_TYPES}


def test_edges_carry_ontology_labels_in_german_and_english_and_their_source(collab):
    klie, koda = BASE + "person/thomas-klie", BASE + "project/koda-eg"
    edges = {d["relation"]: d for d in collab.get_edge_data(klie, koda).values()}
    heads = edges["http://www.w3.org/ns/org#headOf"]
    assert (heads["label_de"], heads["label_en"]) == ("leitet", "heads")
    assert heads["sources"] == [BASE + "graph/zze-koda-eg"]
    represents = edges[str(kg.KGO.representsProject)]
    # from the ontology's rdfs:label
    assert (represents["label_de"], represents["label_en"]) == ("vertritt Projekt", "represents project")
    assert represents["sources"] == [BASE + "graph/event-2020-11-24-allianzen-bilden"]


def test_programme_items_fold_into_appeared_together_edges(collab):
    pairs = {}
    for u, v, d in collab.edges(data=True):
        if d["relation"] == "appeared-together":
            pairs[frozenset((collab.nodes[u]["key"], collab.nodes[v]["key"]))] = (d["label_en"], d["event"])
    # the seed event's pairs, exactly; other events' appearances add their own
    pairs = {k: v for k, v in pairs.items() if v[1].startswith(BASE + "event/2020-11-24-allianzen-bilden")}
    panel = ["birgit-boehm", "anita-burkhardt", "andy-grabner", "thomas-klie", "lilian-schwalb"]
    expected = {
        frozenset((f"person/{a}", f"person/{b}")): ("panellist with", BASE + PANEL)
        for i, a in enumerate(panel)
        for b in panel[i + 1 :]
    }
    expected[frozenset(("person/stephanie-bock", "person/jan-abt"))] = (
        "speaker with",
        BASE + "event/2020-11-24-allianzen-bilden/item/1000-begruessung",
    )
    assert pairs == expected


def test_project_municipality_view_links_projects_directly_and_through_members(graph):
    net = to_networkx(graph, "project-municipality")
    assert keys(net) == entity_keys(graph, "schema:ResearchProject kgo:Municipality")
    edges = {
        (net.nodes[u]["key"], net.nodes[v]["key"], d["relation"].rsplit("#", 1)[-1])
        for u, v, d in net.edges(data=True)
    }
    direct = graph.query("SELECT DISTINCT ?p ?m WHERE { ?p a schema:ResearchProject ; kgo:municipality ?m }")
    via = graph.query(
        "SELECT DISTINCT ?p ?m WHERE { ?p a schema:ResearchProject ; schema:member ?o . ?o kgo:municipality ?m }"
    )

    def short(result: kg.QueryResult, relation: str) -> set[tuple[str, str, str]]:
        return {(str(p).removeprefix(BASE), str(m).removeprefix(BASE), relation) for p, m in result}

    assert edges == short(direct, "municipality") | short(via, "municipality-via-member")
    assert ("project/lazikn2030", "municipality/15082340", "municipality") in edges


def test_types_filter_keeps_only_the_named_types(facts, graph):
    net = to_networkx(facts, "full", types=["person", "Projekt"])
    assert {d["type"] for _, d in net.nodes(data=True)} == {"person", "project"}
    assert keys(net) == entity_keys(graph, "schema:Person schema:ResearchProject")


def test_unknown_view_and_type_are_errors_a_user_can_act_on(facts):
    with pytest.raises(KGError, match=r"unknown view 'people'.*collaboration"):
        to_networkx(facts, "people")
    with pytest.raises(KGError, match="unknown entity type 'mayor'"):
        to_networkx(facts, "full", types=["mayor"])


def test_ego_network_to_depth_k(collab):
    one = ego(collab, "person/thomas-klie", depth=1)
    assert keys(one) == {
        "person/thomas-klie",
        "project/koda-eg",
        "organization/zze",
        "person/birgit-boehm",
        "person/anita-burkhardt",
        "person/andy-grabner",
        "person/lilian-schwalb",
    }
    two = ego(collab, "Thomas Klie", depth=2)
    assert keys(one) < keys(two)
    assert "project/lazikn2030" in keys(two)
    people = ego(collab, "person/thomas-klie", depth=2, types=["person"])
    assert {d["type"] for _, d in people.nodes(data=True)} == {"person"}


def test_ego_accepts_the_knowledge_graph(graph):
    net = ego(graph, "project/koda-eg", depth=1)
    assert "person/thomas-klie" in keys(net)


def test_entities_resolve_by_iri_name_alternate_name_or_unique_part(collab):
    klie = BASE + "person/thomas-klie"
    assert resolve_node(collab, "person/thomas-klie") == klie
    assert resolve_node(collab, "kg:person/thomas-klie") == klie
    assert resolve_node(collab, klie) == klie
    assert resolve_node(collab, "thomas klie") == klie
    assert resolve_node(collab, "Klie") == klie
    # the spelling the event page uses is an alternate label
    assert resolve_node(collab, "Andi Grabner") == BASE + "person/andy-grabner"
    # "Böhm" is also part of an organisation's alternate name: the person's own name wins
    assert resolve_node(collab, "Böhm") == BASE + "person/birgit-boehm"
    # titles and the spelling of umlauts aside, as a query parameter given by name (issue 14)
    assert resolve_node(collab, "Birgit Boehm") == BASE + "person/birgit-boehm"
    assert resolve_node(collab, "Dr. Lilian Schwalb") == BASE + "person/lilian-schwalb"
    with pytest.raises(KGError, match="could mean several entities"):
        resolve_node(collab, "Sandersdorf")
    with pytest.raises(KGError, match="no entity called 'Nobody'"):
        resolve_node(collab, "Nobody")


def test_appearances_query_answers_every_appearance(graph):
    rows = graph.query(network_query("appearances")).to_records()
    # an appearance with two stated affiliations gives two rows
    assert {r["appearance"] for r in rows} == curated_entities(BASE + "ontology#Appearance")
    seed = BASE + "event/2020-11-24-allianzen-bilden"
    rows = [r for r in rows if r["event"].startswith(seed)]
    found = {(r["performer"][len(BASE) :], r["event"].rsplit("/", 1)[-1], r["role_en"]) for r in rows}
    assert found == {
        ("person/stephanie-bock", "2020-11-24-allianzen-bilden", "moderator"),
        ("project/komkomin", "0950-technische-einfuehrung", "host"),
        ("person/stephanie-bock", "1000-begruessung", "speaker"),
        ("person/jan-abt", "1000-begruessung", "speaker"),
        ("person/thomas-klie", "1020-koda-eg", "speaker"),
        ("person/birgit-boehm", "1020-lazikn2030", "speaker"),
        ("person/lilian-schwalb", "1130-blick-von-aussen", "speaker"),
        ("person/birgit-boehm", "1140-diskussionsrunde", "panellist"),
        ("person/anita-burkhardt", "1140-diskussionsrunde", "panellist"),
        ("person/andy-grabner", "1140-diskussionsrunde", "panellist"),
        ("person/thomas-klie", "1140-diskussionsrunde", "panellist"),
        ("person/lilian-schwalb", "1140-diskussionsrunde", "panellist"),
    }
    assert len(rows) == 12


def test_relations_query_leaves_out_types_and_performers_told_by_appearances(graph):
    rows = graph.query(network_query("relations")).to_records()
    relations = {r["relation"] for r in rows}
    assert "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" not in relations
    assert str(kg.SCHEMA.performer) not in relations
    assert {
        "subject": BASE + "person/thomas-klie",
        "relation": "http://www.w3.org/ns/org#headOf",
        "object": BASE + "project/koda-eg",
        "graph": BASE + "graph/zze-koda-eg",
    } in rows


def pairs(net: nx.Graph) -> set[frozenset[str]]:
    return {frozenset((u, v)) for u, v in net.edges() if u != v}


def read_back(fmt: str, path: Path) -> nx.Graph:
    if fmt == "graphml":
        return nx.read_graphml(path)
    if fmt == "gexf":
        return nx.read_gexf(path)
    return nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_exports_parse_back_as_a_simple_undirected_weighted_graph(full, fmt, tmp_path: Path):
    path = tmp_path / f"net.{fmt}"
    export(full, fmt, path)
    back = read_back(fmt, path)
    assert not back.is_directed() and not back.is_multigraph()
    assert back.number_of_nodes() == full.number_of_nodes()
    assert back.number_of_edges() == len(pairs(full))
    klie = BASE + "person/thomas-klie"
    data = back.nodes[klie]
    assert data.get("label") == "Thomas Klie"
    assert data.get("type") == "person"
    assert "graph/zze-koda-eg" in str(data.get("sources"))
    # the weight counts the relations between a pair
    koda = BASE + "project/koda-eg"
    relations = full.number_of_edges(klie, koda) + full.number_of_edges(koda, klie)
    assert relations >= 2
    assert float(back.edges[klie, koda]["weight"]) == relations


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_exports_keep_every_relation_as_a_multigraph_on_request(full, fmt, tmp_path: Path):
    path = tmp_path / f"net.{fmt}"
    export(full, fmt, path, multigraph=True)
    back = read_back(fmt, path)
    assert back.is_directed() and back.is_multigraph()
    assert back.number_of_edges() == full.number_of_edges()


def test_gexf_carries_colour_size_and_position_for_gephi(collab, tmp_path: Path):
    path = tmp_path / "net.gexf"
    export(collab, "gexf", path)
    text = path.read_text(encoding="utf-8")
    assert 'xmlns:viz="http://www.gexf.net/1.2draft/viz"' in text
    back = nx.read_gexf(path)
    klie = back.nodes[BASE + "person/thomas-klie"]["viz"]
    person = next(t for t in ENTITY_TYPES if t.key == "person")
    assert (klie["color"]["r"], klie["color"]["g"], klie["color"]["b"]) == tuple(
        int(person.color[i : i + 2], 16) for i in (1, 3, 5)
    )
    positions = {(d["viz"]["position"]["x"], d["viz"]["position"]["y"]) for _, d in back.nodes(data=True)}
    assert len(positions) == len(back)  # every node a place of its own
    hub = max(collab, key=lambda n: len(set(nx.all_neighbors(collab, n))))
    assert back.nodes[hub]["viz"]["size"] == max(d["viz"]["size"] for _, d in back.nodes(data=True))


def test_type_filter_links_the_kept_nodes_through_what_they_share(facts):
    people = to_networkx(facts, "full", types=["person"])
    assert {d["type"] for _, d in people.nodes(data=True)} == {"person"}
    assert people.number_of_edges() > 0
    klie, boehm = BASE + "person/thomas-klie", BASE + "person/birgit-boehm"
    via = {d["via"] for d in people.get_edge_data(klie, boehm, default={}).values() if "via" in d} | {
        d["via"] for d in people.get_edge_data(boehm, klie, default={}).values() if "via" in d
    }
    assert BASE + PANEL in via  # both sat on the same panel
    # every projected link is a real path of two steps in the full network
    full = to_networkx(facts, "full")
    for u, v, d in people.edges(data=True):
        if "via" in d:
            assert d["via"] in set(nx.all_neighbors(full, u)) & set(nx.all_neighbors(full, v))


def test_kg_network_type_person_gexf_has_the_people_and_their_links(dist: Path, tmp_path: Path):
    out = tmp_path / "people.gexf"
    done = run_kg("--dist", str(dist), "network", "--type", "person", "-f", "gexf", "-o", str(out))
    assert done.returncode == 0, done.stderr
    back = nx.read_gexf(out)
    assert len(back) == len(curated_entities("https://schema.org/Person")) and back.number_of_edges() > 0
    assert f"{back.number_of_edges()} edges (gexf, undirected)" in done.stdout


def test_synthetic_network_has_the_size_asked_for_and_the_same_attributes():
    net = synthetic_network(500, seed=1)
    assert len(net) == 500
    assert {d["type"] for _, d in net.nodes(data=True)} == {
        "person",
        "project",
        "municipality",
        "organization",
    }
    assert nx.is_connected(net.to_undirected())
    assert synthetic_network(500, seed=1).edges == net.edges


def test_kg_network_writes_each_format(dist: Path, tmp_path: Path):
    out = tmp_path / "collab.graphml"
    done = run_kg("--dist", str(dist), "network", "--view", "collaboration", "-o", str(out))
    assert done.returncode == 0, done.stderr
    size = len(to_networkx(kg.KnowledgeGraph.from_dist(dist), "collaboration"))
    assert f"{size} nodes" in done.stdout
    assert len(nx.read_graphml(out)) == size
    done = run_kg("--dist", str(dist), "network", "--format", "json", "--ego", "KoDa_eG")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert BASE + "person/thomas-klie" in {n["id"] for n in data["nodes"]}
    done = run_kg(
        "--dist", str(dist), "network", "-f", "json", "--ego", "Klie", "--depth", "2", "--type", "person"
    )
    assert done.returncode == 0, done.stderr
    people = {n["key"] for n in json.loads(done.stdout)["nodes"]}
    assert {"person/thomas-klie", "person/birgit-boehm", "person/andy-grabner"} <= people
    assert all(k.startswith("person/") for k in people)
    page = tmp_path / "netz.html"
    done = run_kg("--dist", str(dist), "network", "--view", "collaboration", "-f", "html", "-o", str(page))
    assert done.returncode == 0, done.stderr
    html = page.read_text(encoding="utf-8")
    assert "vis-network" in html and "Thomas Klie" in html and "<script src=" not in html
    done = run_kg("--dist", str(dist), "network", "--view", "everything")
    assert done.returncode == 2
    assert "invalid choice" in done.stderr


def test_entity_classes_query_asks_for_exactly_the_entity_kinds(graph):
    text = network_query("entity-classes")
    values = text.split("VALUES ?class {", 1)[1].split("}", 1)[0].split()
    assert {kg.vocab.expand(v) for v in values} == {t.cls for t in ENTITY_TYPES}
    rows = graph.query(text).to_records()
    assert {"entity": BASE + "project/koda-eg", "class": str(kg.SCHEMA.ResearchProject)} in rows
    assert {"entity": BASE + "project/koda-eg", "class": str(kg.SCHEMA.Organization)} in rows


def test_entity_graphs_and_graph_sources_queries_tell_where_each_entity_is_described(graph):
    rows = graph.query(network_query("entity-graphs")).to_records()
    assert {"entity": BASE + "person/thomas-klie", "graph": BASE + "graph/zze-koda-eg"} in rows
    sources = graph.query(network_query("graph-sources")).to_records()
    koda = [r for r in sources if r["graph"] == BASE + "graph/zze-koda-eg"]
    assert koda and koda[0]["source"].startswith("https://www.zze-freiburg.de/")
    # every graph but the ontology is a source graph
    assert {r["graph"] for r in sources} == set(graph.graph_names()) - {
        BASE + "default-graph",
        BASE + "graph/ontology",
    }


class Answering:
    """The graph seen only through ``query`` (as a remote store is): the plain way to the facts."""

    def __init__(self, graph: kg.KnowledgeGraph) -> None:
        self.graph = graph

    def query(self, text: str, /, **bindings: object) -> kg.QueryResult:
        return self.graph.query(text, **bindings)


def as_lists(net: nx.MultiDiGraph) -> tuple[object, ...]:
    """A network as plain data, in networkx's own order: nodes, edges, and each node's in-edges."""
    return (
        dict(net.graph),
        list(net.nodes(data=True)),
        list(net.edges(keys=True, data=True)),
        [list(net.pred[n]) for n in net],
    )


def assert_same_views(graph: kg.KnowledgeGraph) -> None:
    """Each view read fast (the store's own solutions, only what the view draws) is the network
    built from every fact read row by row through ``query``: node for node, edge for edge."""
    reference = Facts.read(Answering(graph))  # type: ignore[arg-type]
    assert reference.view is None
    for view in ("full", "collaboration", "project-municipality"):
        fast = to_networkx(graph, view)
        assert len(fast) > 0 and fast.number_of_edges() > 0, view
        assert as_lists(fast) == as_lists(to_networkx(reference, view)), view


def test_views_read_fast_are_the_views_of_every_fact_on_the_real_data(graph):
    assert_same_views(graph)


def test_views_read_fast_are_the_views_of_every_fact_on_synthetic_data(tmp_path: Path):
    done = run_kg("synth", "--triples", "20000", "--seed", "3", "-o", str(tmp_path / "synth"))
    assert done.returncode == 0, done.stderr
    done = run_kg("--project", str(tmp_path / "synth"), "build")
    assert done.returncode == 0, done.stderr
    assert_same_views(kg.KnowledgeGraph.from_dist(tmp_path / "synth" / "dist"))


def test_facts_read_for_one_view_serve_only_that_view(graph):
    narrow = Facts.read(graph, "collaboration")
    assert narrow.view == "collaboration"
    assert as_lists(to_networkx(narrow, "collaboration")) == as_lists(to_networkx(graph, "collaboration"))
    with pytest.raises(KGError, match="read for the collaboration view only"):
        to_networkx(narrow, "full")


def test_kinds_relations_query_asks_for_the_collaboration_views_kinds():
    text = network_query("kinds-relations")
    values = text.split("VALUES ?class {", 1)[1].split("}", 1)[0].split()
    drawn = VIEW_TYPES["collaboration"]
    assert {kg.vocab.expand(v) for v in values} == {t.cls for t in ENTITY_TYPES if t.key in drawn}

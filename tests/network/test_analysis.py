"""kg.analysis: centrality, communities, brokers, explained connections, `kg analyse`/`kg explain`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import kg
from kg.errors import KGError
from kg.network.analysis import brokers, centrality, communities, explain
from kg.network.graph import to_networkx
from kg.vocab import BASE
from tests.conftest import ROOT, run_kg


def toy(edges: list[tuple[str, str]], types: dict[str, str]) -> nx.MultiDiGraph:
    """A small network with the node attributes the views give."""
    g = nx.MultiDiGraph()
    for n, t in types.items():
        g.add_node(n, key=n, label=n.title(), type=t, names=[])
    for u, v in edges:
        g.add_edge(
            u, v, relation="rel", label="verbunden mit", label_en="linked to", inverse_en="linked from"
        )
    return g


@pytest.fixture(scope="module")
def collab(graph: kg.KnowledgeGraph) -> nx.MultiDiGraph:
    return to_networkx(graph, "collaboration")


def test_explain_tells_the_shortest_connections_in_words(graph):
    found = [str(c) for c in explain(graph, "Birgit Böhm", "project/koda-eg")]
    assert found == [
        "Birgit Böhm — panellist with — Thomas Klie — heads — KoDa_eG",
        "Birgit Böhm — panellist with — Anita Burkhardt — represents project — KoDa_eG",
    ]


def test_explain_in_german_and_by_iri(graph):
    found = explain(graph, "person/birgit-boehm", "KoDa_eG", lang="de")
    assert str(found[0]) == "Birgit Böhm — Diskutant:in mit — Thomas Klie — leitet — KoDa_eG"
    assert found[0].nodes == (
        BASE + "person/birgit-boehm",
        BASE + "person/thomas-klie",
        BASE + "project/koda-eg",
    )


def test_explain_walks_edges_backwards_with_inverse_words(graph):
    found = [str(c) for c in explain(graph, "KoDa_eG", "Neuweiler", limit=1)]
    assert found == ["KoDa_eG — municipality — Neuweiler"]
    found = [str(c) for c in explain(graph, "Neuweiler", "KoDa_eG", limit=1)]
    assert found == ["Neuweiler — municipality of — KoDa_eG"]


def test_explain_goes_through_the_programme_when_collaboration_does_not_connect(graph):
    # KomKomIn's people never shared an item with Thomas Klie: the event connects them.
    found = [str(c) for c in explain(graph, "Stephanie Bock", "Thomas Klie")]
    assert found
    # with the series and the projects the two may also meet elsewhere: a connection still ends at Klie
    assert all(c.startswith("Stephanie Bock — ") and c.endswith(" — Thomas Klie") for c in found)


def test_explain_without_a_connection_and_with_one_entity_twice():
    g = toy([("a", "b")], {"a": "person", "b": "person", "c": "project"})
    assert explain(g, "a", "c") == []
    assert [str(c) for c in explain(g, "b", "a")] == ["B — linked from — A"]
    with pytest.raises(KGError, match="same entity"):
        explain(g, "a", "A")


def test_centrality_finds_the_hub_of_a_star():
    g = toy([("hub", x) for x in "abcd"], {"hub": "person", **{x: "person" for x in "abcd"}})
    table = centrality(g)
    assert list(table.columns) == ["key", "label", "type", "degree", "degree_centrality", "betweenness"]
    top = table.iloc[0]
    assert (top["key"], top["degree"], top["degree_centrality"], top["betweenness"]) == ("hub", 4, 1.0, 1.0)
    assert set(table[table["key"] != "hub"]["betweenness"]) == {0.0}


def test_centrality_of_the_real_network_has_a_row_per_node(collab):
    table = centrality(collab)
    assert len(table) == len(collab)
    klie = table.set_index("key").loc["person/thomas-klie"]
    # Klie: KoDa_eG, zze and the four other panellists
    assert klie["degree"] == 6
    assert klie["betweenness"] > 0


def test_communities_are_louvain_with_a_fixed_seed():
    left = [("a1", "a2"), ("a2", "a3"), ("a1", "a3")]
    right = [("b1", "b2"), ("b2", "b3"), ("b1", "b3")]
    g = toy([*left, *right, ("a3", "b1")], {n: "person" for n in ("a1", "a2", "a3", "b1", "b2", "b3")})
    table = communities(g)
    groups = table.groupby("community")["key"].apply(frozenset)
    assert set(groups) == {frozenset({"a1", "a2", "a3"}), frozenset({"b1", "b2", "b3"})}


def test_communities_of_the_real_network_are_stable_and_cover_every_node(collab):
    first, second = communities(collab), communities(collab)
    assert first.equals(second)
    assert sorted(first["key"]) == sorted(d["key"] for _, d in collab.nodes(data=True))
    by_key = first.set_index("key")["community"]
    # the KomKomIn group shares no edge with anyone else
    assert by_key["person/jan-abt"] == by_key["project/komkomin"] == by_key["organization/difu"]
    assert by_key["project/komkomin"] != by_key["project/koda-eg"]


def test_brokers_are_the_nodes_whose_removal_separates_projects():
    g = toy(
        [("p1", "x"), ("x", "p2"), ("p2", "y"), ("y", "z")],
        {"p1": "project", "p2": "project", "x": "person", "y": "person", "z": "person"},
    )
    table = brokers(g)
    rows = {r["key"]: r for r in table.to_dict("records")}
    assert set(rows) == {"x", "p2", "y"}  # the articulation points
    assert rows["x"]["separated_pairs"] == 1
    assert rows["x"]["separated"] == "P1 | P2"
    assert rows["y"]["separated_pairs"] == 0
    assert table.iloc[0]["key"] == "x"
    # without y, z is cut off from the rest: 1 entity, 2 pieces; without x, p1 is
    assert (rows["y"]["cut_off"], rows["y"]["pieces"]) == (1, 2)
    assert (rows["p2"]["cut_off"], rows["p2"]["pieces"]) == (2, 2)


def test_brokers_of_the_real_network(collab):
    table = brokers(collab)
    rows = {r["key"]: r for r in table.to_dict("records")}
    # Lilian Schwalb alone links the BBE to the rest, and separates no two projects.
    assert "person/lilian-schwalb" in rows
    assert rows["person/lilian-schwalb"]["separated_pairs"] == 0
    # a broker said to separate projects does: without it they fall into different pieces
    plain = nx.Graph(collab.to_undirected())
    label = {d["label"]: n for n, d in collab.nodes(data=True)}
    for r in table.to_dict("records"):
        if not r["separated_pairs"]:
            continue
        rest = plain.copy()
        rest.remove_node(kg.BASE + r["key"])
        for pair in r["separated"].split("; "):  # brokers() joins the pairs with "; "
            a, b = (label[x.strip()] for x in pair.split(" | "))
            assert not nx.has_path(rest, a, b), (r["key"], pair)
    # what does tell brokers apart here: whom they cut off, and how many communities they link
    assert rows["person/lilian-schwalb"]["cut_off"] == 1  # the BBE
    assert rows["person/lilian-schwalb"]["communities_linked"] >= 1
    assert (table["cut_off"] >= 1).all() and (table["pieces"] >= 2).all()
    # those that separate projects come first; KoDa_eG cuts off its municipalities and partners
    assert table.iloc[0]["separated_pairs"] == table["separated_pairs"].max() >= 1
    assert rows["project/koda-eg"]["cut_off"] >= 5


def test_kg_explain_and_kg_analyse(dist: Path):
    done = run_kg("--dist", str(dist), "explain", "Birgit Böhm", "project/koda-eg", "--limit", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Birgit Böhm — panellist with — Thomas Klie — heads — KoDa_eG\n"
    done = run_kg("--dist", str(dist), "explain", "Nobody", "Klie")
    assert done.returncode == 1
    assert done.stderr.startswith("kg: error: no entity called 'Nobody'")
    done = run_kg("--dist", str(dist), "analyse")
    assert done.returncode == 0, done.stderr
    for heading in ("Most central entities", "Communities (Louvain", "Brokers"):
        assert heading in done.stdout
    assert "Lilian Schwalb" in done.stdout
    done = run_kg("--dist", str(dist), "analyse", "--lang", "de", "--top", "3")
    assert done.returncode == 0, done.stderr
    for heading in ("Zentralste Entitäten (3 von", "Gemeinschaften (Louvain", "Vermittler"):
        assert heading in done.stdout


def test_explain_reaches_programme_items_through_the_full_view(graph):
    # every event of the series opens with an item of that name: the seed's is named by its IRI
    found = [
        str(c) for c in explain(graph, "Jan Abt", "event/2020-11-24-allianzen-bilden/item/1000-begruessung")
    ]
    assert found == ["Jan Abt — speaker in — Begrüßung und inhaltliche Einführung"]


# Communities of a subgraph view: its nodes iterate in the order of a set of IRIs, which Python's
# string hash changes in every process (PYTHONHASHSEED); Louvain must not follow that order.
COMMUNITIES_PROBE = """
import json, sys
from pathlib import Path
import kg
from kg.network.analysis import communities
from kg.network.graph import to_networkx

net = to_networkx(kg.KnowledgeGraph.from_dist(Path(sys.argv[1])), "collaboration")
view = net.subgraph({n for n, d in net.nodes(data=True) if d["type"] in ("person", "project")})
json.dump(communities(view).to_dict("records"), sys.stdout)
"""


def test_communities_are_the_same_in_every_process(dist: Path):
    found = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", COMMUNITIES_PROBE, str(dist)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        found.append(json.loads(done.stdout))
    assert len({r["community"] for r in found[0]}) > 1
    assert found[1] == found[0]
    assert found[2] == found[0]

"""kg.network.series: the people and organisations of an event series as a weighted network, and
`kg network --view series`; the expected network is computed from the curated files."""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import networkx as nx
import pytest

import kg
from kg.network.graph import APPEARED_TOGETHER, ego, export
from kg.network.series import APPEARED_FOR, series_network
from kg.vocab import BASE
from tests.conftest import run_kg
from tests.sparql.test_project_queries import Facts
from tests.sparql.test_series_queries import SERIES_2020, Series, network_rows


@pytest.fixture(scope="module")
def rows() -> list[tuple[str | None, ...]]:
    """(name, organisation, event label, start, person, org, event, series), from the files."""
    return network_rows(Series(Facts()))


@pytest.fixture(scope="module")
def net(graph: kg.KnowledgeGraph) -> nx.Graph:
    return series_network(graph, co_appearance=True)


def test_people_and_organisations_are_the_nodes(net: nx.Graph, rows) -> None:
    people = {r[4] for r in rows}
    orgs = {r[5] for r in rows if r[5] is not None}
    assert set(net) == people | orgs and people and orgs
    assert {n for n, d in net.nodes(data=True) if d["type"] == "person"} == people
    assert {n for n, d in net.nodes(data=True) if d["type"] == "organization"} == orgs
    events: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        events[str(r[4])].add(str(r[6]))
    for person, at in events.items():
        assert set(net.nodes[person]["events"]) == at
        assert len(net.nodes[person]["event_labels"]) == len(at)


def test_a_person_and_an_organisation_are_linked_by_the_events_they_share(net: nx.Graph, rows) -> None:
    expected: dict[frozenset[str], set[str]] = defaultdict(set)
    for r in rows:
        if r[5] is not None:
            expected[frozenset((str(r[4]), str(r[5])))].add(str(r[6]))
    found = {frozenset((u, v)): d for u, v, d in net.edges(data=True) if d["relation"] == APPEARED_FOR}
    assert set(found) == set(expected)
    for pair, at in expected.items():
        assert set(found[pair]["events"]) == at and found[pair]["weight"] == len(at)
    # the Difu's people open and moderate several events of the autumn conference
    difu, bock = BASE + "organization/difu", BASE + "person/stephanie-bock"
    assert net.edges[bock, difu]["weight"] > 1


def test_co_appearance_links_the_people_of_one_event(net: nx.Graph, rows) -> None:
    people_at: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        people_at[str(r[6])].add(str(r[4]))
    expected: dict[frozenset[str], set[str]] = defaultdict(set)
    for event, people in people_at.items():
        for u, v in combinations(sorted(people), 2):
            expected[frozenset((u, v))].add(event)
    found = {frozenset((u, v)): d for u, v, d in net.edges(data=True) if d["relation"] == APPEARED_TOGETHER}
    assert {p: set(d["events"]) for p, d in found.items()} == expected
    assert all(d["weight"] == len(d["events"]) for d in found.values())


def test_without_co_appearance_only_people_and_organisations_are_linked(graph, net) -> None:
    plain = series_network(graph)
    assert set(plain) == set(net)
    assert {d["relation"] for *_, d in plain.edges(data=True)} == {APPEARED_FOR}
    people = series_network(graph, co_appearance=True, types=["person"])
    assert {d["type"] for _, d in people.nodes(data=True)} == {"person"}
    assert people.number_of_edges() == sum(
        1 for *_, d in net.edges(data=True) if d["relation"] == APPEARED_TOGETHER
    )


def test_a_series_narrows_the_network(graph: kg.KnowledgeGraph, rows) -> None:
    narrowed = series_network(graph, "event-series/was-macht-kommunen-innovativ")
    ours = [r for r in rows if r[7] == SERIES_2020]
    assert set(narrowed) == {r[4] for r in ours} | {r[5] for r in ours if r[5] is not None}
    assert {e for _, d in narrowed.nodes(data=True) for e in d["events"]} == {r[6] for r in ours}


def test_exports_keep_the_weights(net: nx.Graph, tmp_path: Path) -> None:
    data = json.loads(export(net, "json"))
    weights = {frozenset((e["source"], e["target"])): e["weight"] for e in data["edges"]}
    assert weights == {frozenset((u, v)): d["weight"] for u, v, d in net.edges(data=True)}
    assert max(weights.values()) > 1
    export(net, "graphml", tmp_path / "series.graphml")
    graphml = nx.read_graphml(tmp_path / "series.graphml")
    assert graphml.number_of_edges() == net.number_of_edges()
    # and the ego network of one person is found by name
    around = ego(net, "Stephanie Bock")
    assert BASE + "organization/difu" in around


def test_cli_network_view_series(dist: Path, graph: kg.KnowledgeGraph, tmp_path: Path) -> None:
    done = run_kg("--dist", str(dist), "network", "--view", "series", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    expected = series_network(graph)
    assert data["graph"]["view"] == "series"
    assert {n["id"] for n in data["nodes"]} == set(expected)
    assert len(data["edges"]) == expected.number_of_edges()
    out = tmp_path / "reihe.html"
    done = run_kg(
        "--dist", str(dist), "network", "--view", "series", "--co-appearance", "-f", "html", "-o", str(out)
    )
    assert done.returncode == 0, done.stderr
    full = series_network(graph, co_appearance=True)
    assert done.stdout.strip() == (
        f"wrote {out}: {full.number_of_nodes()} nodes, {full.number_of_edges()} edges (html, undirected)"
    )
    assert "Stephanie Bock" in out.read_text(encoding="utf-8")

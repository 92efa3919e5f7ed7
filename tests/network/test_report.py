"""kg.network.report: `kg analyse` as text an analyst reads, in English or German, every table cut to
--top, the one-member communities in one line, fitted to the terminal."""

from __future__ import annotations

import networkx as nx
import pytest

import kg
from kg.network.analysis import brokers, centrality
from kg.network.graph import to_networkx
from kg.network.report import WORDS, analysis_report
from tests.network.test_analysis import toy


@pytest.fixture(scope="module")
def collab(graph: kg.KnowledgeGraph) -> nx.MultiDiGraph:
    return to_networkx(graph, "collaboration")


def _section(text: str, heading: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i]), len(lines))
    return lines[start:end]


def test_report_speaks_english_by_default_and_german_on_request(collab: nx.MultiDiGraph) -> None:
    english = analysis_report(collab)
    assert english.startswith("collaboration network: ")
    for heading in ("Most central entities", "Communities (Louvain", "Brokers"):
        assert heading in english
    german = analysis_report(collab, lang="de")
    for heading in ("Zentralste Entitäten", "Gemeinschaften (Louvain", "Vermittler"):
        assert heading in german
    assert "Zentralität" not in english and "Most central" not in german


def test_top_limits_every_table(collab: nx.MultiDiGraph) -> None:
    text = analysis_report(collab, top=2)
    central = _section(text, "Most central")
    assert central[0] == f"Most central entities (2 of {len(collab)})"
    assert len(central) == 6  # heading, header, rule, two rows, the note
    top = centrality(collab).iloc[0]["label"]  # the most central entity of the data, first
    assert central[3].startswith(top) and central[5].startswith("degree:")
    communities = _section(text, "Communities")
    assert "(2 shown)" in communities[0]
    assert sum(1 for line in communities if line[:1].isdigit()) == 2
    assert any(line.endswith("shows them all") for line in communities)
    brokers = _section(text, "Brokers")
    assert "(2 of " in brokers[0]
    assert (
        sum(
            1
            for line in brokers[3:]
            if ("organization" in line or "project" in line or "person" in line)
            and not line.startswith("separated_pairs:")  # the note under the table
        )
        == 2
    )


def test_one_member_communities_are_one_line(collab: nx.MultiDiGraph) -> None:
    text = analysis_report(collab, width=100)
    summary = [line for line in text.splitlines() if "one-member communities" in line]
    assert len(summary) == 1 and summary[0].startswith("+ ")
    isolated = [d["label"] for n, d in collab.nodes(data=True) if collab.degree(n) == 0]
    assert summary[0].startswith(f"+ {len(isolated)} one-member communities (linked to no one")
    rest = text.replace(summary[0], "").splitlines()
    assert not any(line.split("  ")[0].strip() == name for name in isolated for line in rest)


def test_every_line_fits_the_width_and_brokers_say_what_they_measure(collab: nx.MultiDiGraph) -> None:
    text = analysis_report(collab, width=100)
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "cut_off" in text and "communities_linked" in text
    # shown only where some broker separates two projects
    assert ("separated_pairs" in text) == bool((brokers(collab)["separated_pairs"] > 0).any())
    for word in ("cut_off:", "pieces:", "communities_linked:"):
        assert word in " ".join(text.split())


def test_separated_pairs_are_shown_where_a_broker_separates_projects() -> None:
    g = toy([("p1", "x"), ("x", "p2")], {"p1": "project", "p2": "project", "x": "person"})
    text = analysis_report(g)
    assert "separated_pairs" in text and WORDS["en"]["pairs_note"] in text

"""kg.network.layout: precomputed positions, the same in every process for the same graph.

Python salts its string hash per process (``PYTHONHASHSEED``), so a set of IRIs iterates in a
new order in every run; a layout, a community or an export that follows such an order changes
from build to build. These tests run the layout and the exports in processes with different
hash seeds and compare what they give exactly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kg.network.layout import precompute_layout
from tests.conftest import ROOT

HASH_SEEDS = ("1", "2", "3")

# What one process computes from the built dataset: the collaboration view's layout and
# communities, and every network format of the networks users download or ask for (the site's
# full view, a view filtered by type, an ego network with and without a type filter, the series
# network whole and filtered by type).
PROBE = """
import json, sys
from pathlib import Path
import kg
from kg.network.analysis import communities
from kg.network.graph import ego, export, to_networkx
from kg.network.layout import precompute_layout
from kg.web.viz import export_network

graph = kg.KnowledgeGraph.from_dist(Path(sys.argv[1]))
collab = to_networkx(graph, "collaboration")
nets = {
    "full": to_networkx(graph, "full"),
    "people": to_networkx(graph, "collaboration", types=["person"]),
    "ego": ego(graph, "Thomas Klie", 2),
    "ego-projects": ego(graph, "Thomas Klie", 2, types=["project", "municipality"]),
    "series": kg.series_network(graph, co_appearance=True),
    "series-organisations": kg.series_network(graph, types=["organization"]),
}
out = {
    "layout": sorted(precompute_layout(collab).items()),
    "communities": communities(collab).to_dict("records"),
    "exports": {
        f"{name}.{fmt}": export_network(net, fmt, **({"layout": "precomputed"} if fmt == "html" else {}))
        for name, net in nets.items()
        for fmt in ("gexf", "json", "graphml", "html")
    },
}
json.dump(out, sys.stdout)
"""


@pytest.fixture(scope="module")
def runs(dist: Path) -> dict[str, dict]:
    """What the probe gives in one process per hash seed."""
    found = {}
    for seed in HASH_SEEDS:
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", PROBE, str(dist)], capture_output=True, text=True, env=env, timeout=300
        )
        assert done.returncode == 0, done.stderr
        found[seed] = json.loads(done.stdout)
    return found


def test_layout_is_the_same_in_every_process(runs):
    first = runs[HASH_SEEDS[0]]
    assert len(first["layout"]) > 100  # the real collaboration network, every node placed
    for seed in HASH_SEEDS[1:]:
        assert runs[seed]["layout"] == first["layout"], f"PYTHONHASHSEED={seed}"
        assert runs[seed]["communities"] == first["communities"], f"PYTHONHASHSEED={seed}"


def test_network_downloads_are_the_same_bytes_in_every_process(runs):
    first = runs[HASH_SEEDS[0]]["exports"]
    assert len(first) == 6 * 4  # six networks in four formats
    for seed in HASH_SEEDS[1:]:
        differ = sorted(name for name, text in runs[seed]["exports"].items() if text != first[name])
        assert differ == [], f"PYTHONHASHSEED={seed}"


def test_layout_gives_every_node_a_place_of_its_own():
    g = nx.Graph()
    g.add_edges_from(nx.complete_graph(["a1", "a2", "a3", "a4"]).edges())
    g.add_edges_from(nx.complete_graph(["b1", "b2", "b3", "b4"]).edges())
    g.add_edge("a1", "b1")
    g.add_node("lonely")
    pos = precompute_layout(g, spacing=50.0)
    assert set(pos) == set(g)
    assert len(set(pos.values())) == len(g)  # no two nodes on the same spot
    assert precompute_layout(nx.Graph()) == {}

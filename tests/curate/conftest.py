"""Fixtures of the extractor's tests: the real graph plus the made-up entities of known.yaml."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import kg
from kg.sources.curator import read_yaml_text
from kg.vocab import GRAPH_BASE

DATA = Path(__file__).resolve().parents[1] / "data" / "extract"


@pytest.fixture(scope="module")
def fictional(graph: kg.KnowledgeGraph) -> kg.KnowledgeGraph:
    """The real graph plus the made-up entities of tests/data/extract/known.yaml."""
    store = ox.Store()
    store.extend(list(graph.store))
    known = read_yaml_text((DATA / "known.yaml").read_text(encoding="utf-8"), GRAPH_BASE + "known")
    store.extend(known.quads)
    return kg.KnowledgeGraph(store, "fictional")

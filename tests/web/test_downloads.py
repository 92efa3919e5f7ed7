"""kg.web.downloads: the dataset files of the site, copied as built or serialised from a graph."""

from __future__ import annotations

from pathlib import Path

import rdflib
import rdflib.compare

import kg
from kg.vocab import BASE
from kg.web.downloads import DATASET_FILES, _query, dataset_of, write_dataset_files

KODA = BASE + "graph/zze-koda-eg"


def same(a: rdflib.Graph, b: rdflib.Graph) -> bool:
    """The same statements, literals compared by value (the store writes 297681.00 as 297681)."""

    def canon(g: rdflib.Graph) -> set:
        return {
            (s, p, (o.datatype, o.language, o.toPython()) if isinstance(o, rdflib.Literal) else o)
            for s, p, o in g
        }

    return len(a) == len(b) and canon(a) == canon(b)


def test_graph_statements_query_answers_one_source_graph(graph: kg.KnowledgeGraph):
    answer = graph.query(_query("graph-statements"), union=False, graph=rdflib.URIRef(KODA))
    assert answer.graph is not None
    expected = graph.dataset().graph(rdflib.URIRef(KODA))
    assert rdflib.compare.isomorphic(answer.graph, expected)


def test_graph_sizes_query_counts_each_source_graph(graph: kg.KnowledgeGraph):
    rows = {r["graph"]: r for r in graph.query(_query("graph-sizes"), union=False).to_records()}
    ds = graph.dataset()
    for name in graph.graph_names():
        assert rows[name]["statements"] == len(ds.graph(rdflib.URIRef(name))), name
    assert rows[KODA]["source"].startswith("https://www.zze-freiburg.de/")


def test_a_graph_without_dist_is_serialised(graph: kg.KnowledgeGraph, dist: Path, tmp_path: Path):
    memory = kg.KnowledgeGraph(graph.store, "memory")  # the same store, no folder behind it
    written = write_dataset_files(memory, tmp_path)
    assert written == list(DATASET_FILES)
    back = rdflib.Dataset()
    back.parse(tmp_path / "kg.trig", format="trig")
    built = rdflib.Dataset()
    built.parse(dist / "kg.trig", format="trig")
    for name in dataset_of(memory).graphs():
        if str(name.identifier).startswith(BASE + "graph/"):
            assert same(back.graph(name.identifier), built.graph(name.identifier))
    assert len(rdflib.Graph().parse(tmp_path / "kg.jsonld", format="json-ld")) == len(
        rdflib.Graph().parse(dist / "kg.ttl", format="turtle")
    )

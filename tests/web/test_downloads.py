"""kg.web.downloads: the dataset files of the site, copied as built or serialised from a graph."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import rdflib
import rdflib.compare

import kg
from kg.vocab import BASE
from kg.web.downloads import DATASET_FILES, _query, dataset_of, write_dataset_files
from kg.web.site import entity_rdf
from tests.conftest import ROOT

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


# One process per string-hash seed writes the merged JSON-LD and one entity's JSON-LD.
JSONLD_PROBE = """
import sys
from pathlib import Path
import kg
from kg.vocab import PREFIXES
from kg.web.downloads import write_jsonld
from kg.web.site import entity_rdf

graph = kg.KnowledgeGraph.from_dist(Path(sys.argv[1]))
out = Path(sys.argv[2])
write_jsonld(entity_rdf(graph, sys.argv[3]), out / "entity.jsonld", dict(PREFIXES))
write_jsonld(graph.dataset(), out / "all.jsonld", dict(sorted(PREFIXES.items())))
"""


def test_jsonld_downloads_are_the_same_bytes_in_every_process(dist: Path, tmp_path: Path):
    koda = BASE + "project/koda-eg"
    texts = []
    for seed in ("1", "2", "3"):
        out = tmp_path / seed
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", JSONLD_PROBE, str(dist), str(out), koda],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        texts.append({n: (out / n).read_bytes() for n in ("entity.jsonld", "all.jsonld")})
    assert texts[0] == texts[1] == texts[2]
    # and still the same statements as the graph it was written from
    written = rdflib.Graph().parse(tmp_path / "1" / "entity.jsonld", format="json-ld")
    graph = kg.KnowledgeGraph.from_dist(dist)
    assert rdflib.compare.isomorphic(written, entity_rdf(graph, koda))
    assert len(written) > 20

"""The RDF downloads of the site: the dataset as built (copied from a ``dist/`` with its manifest)
or, when the graph comes from a store with no ``dist/`` behind it (a remote SPARQL endpoint, a
store filled in memory), serialised from the graph itself: per-source dataset (TriG, N-Quads),
the merged graph (Turtle, JSON-LD and its context), and a VoID description."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

from kg.dist import DIST_FILES, MANIFEST, verify_dist
from kg.errors import KGError
from kg.version import __version__
from kg.vocab import BASE, GRAPH_BASE, PREFIXES, rdflib_to_ox

QUERIES = Path(__file__).resolve().parent / "queries"
VOID = Namespace("http://rdfs.org/ns/void#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
DATASET_FILES = ("kg.trig", "kg.nq", "kg.ttl", "kg.jsonld", "context.jsonld", "void.ttl")
"""What the site offers of the dataset, in this order."""


@dataclass(frozen=True)
class Download:
    name: str
    de: str
    en: str


DESCRIPTIONS = {
    "kg.trig": Download(
        "kg.trig",
        "der Datensatz als TriG: ein benannter Graph je Quelle, mit Herkunft (dcterms:source)",
        "the dataset as TriG: one named graph per source, with its provenance (dcterms:source)",
    ),
    "kg.nq": Download(
        "kg.nq",
        "derselbe Datensatz als N-Quads (Zeile für Zeile)",
        "the same dataset as N-Quads (line by line)",
    ),
    "kg.ttl": Download("kg.ttl", "alle Quellen zusammengeführt, als Turtle", "all sources merged, as Turtle"),
    "kg.jsonld": Download(
        "kg.jsonld", "alle Quellen zusammengeführt, als JSON-LD", "all sources merged, as JSON-LD"
    ),
    "context.jsonld": Download("context.jsonld", "der JSON-LD-Kontext dazu", "its JSON-LD context"),
    "void.ttl": Download(
        "void.ttl",
        "VoID-Beschreibung: Größe jedes Quellgraphen, Klassen und Eigenschaften",
        "VoID description: the size of each source graph, its classes and properties",
    ),
}


def _query(name: str) -> str:
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def _dist_of(graph: Any, dist: str | os.PathLike[str] | None) -> Path | None:
    """The ``dist/`` to copy from: the one given, else the folder the graph was loaded from
    (if it is a complete, verified ``dist/``); None for a store with no folder behind it."""
    if dist is not None:
        verify_dist(Path(dist), [f for f in DIST_FILES if f != MANIFEST])
        return Path(dist)
    origin = getattr(graph, "origin", None)
    if origin and (Path(origin) / MANIFEST).is_file():
        verify_dist(Path(origin), [f for f in DIST_FILES if f != MANIFEST])
        return Path(origin)
    return None


def dataset_of(graph: Any) -> Dataset:
    """Every source graph of ``graph`` (embedded or remote) as an rdflib ``Dataset``."""
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    names = [g for g in graph.graph_names() if g.startswith(GRAPH_BASE)]
    if not names:
        raise KGError(f"{graph!r} holds no source graphs (IRIs under {GRAPH_BASE}): nothing to offer")
    for name in names:
        answer = graph.query(_query("graph-statements"), union=False, graph=URIRef(name))
        target = ds.graph(URIRef(name))
        assert answer.graph is not None
        for triple in answer.graph:
            target.add(triple)
    return ds


def void_of(graph: Any, ds: Dataset) -> Graph:
    """A VoID description of the dataset: its size, and each source graph's size and source."""
    void = Graph()
    for prefix, ns in PREFIXES.items():
        void.bind(prefix, ns)
    void.bind("void", VOID)
    me = URIRef(BASE + "dataset")
    void.add((me, RDF.type, VOID.Dataset))
    void.add((me, DCTERMS.title, Literal("Kommunen-KG", lang="de")))
    void.add((me, DCTERMS.hasVersion, Literal(__version__)))
    merged = Graph()
    for g in ds.graphs():
        if g.identifier != ds.default_graph.identifier:
            for t in g:
                merged.add(t)
    void.add((me, VOID.triples, Literal(len(merged), datatype=XSD.integer)))
    for row in graph.query(_query("graph-sizes"), union=False).to_records():
        if not str(row["graph"]).startswith(GRAPH_BASE):
            continue
        part = URIRef(row["graph"])
        void.add((me, VOID.subset, part))
        void.add((part, RDF.type, VOID.Dataset))
        void.add((part, VOID.triples, Literal(int(row["statements"]), datatype=XSD.integer)))
        if row["source"]:
            src = str(row["source"])
            void.add(
                (
                    part,
                    DCTERMS.source,
                    URIRef(src) if src.startswith(("http://", "https://")) else Literal(src),
                )
            )
    return void


def write_dataset_files(graph: Any, folder: Path, dist: str | os.PathLike[str] | None = None) -> list[str]:
    """Write :data:`DATASET_FILES` into ``folder``: copied from ``dist`` (or the folder the graph
    was loaded from), else serialised from the graph. Returns the names written."""
    folder.mkdir(parents=True, exist_ok=True)
    source = _dist_of(graph, dist)
    if source is not None:
        for name in DATASET_FILES:
            (folder / name).write_bytes((source / name).read_bytes())
        return list(DATASET_FILES)
    ds = dataset_of(graph)
    # written by pyoxigraph, which keeps every literal as the store gives it (rdflib would write
    # 800000 as 800000.0: the same value, other bytes)
    quads = [
        ox.Quad(
            cast(Any, rdflib_to_ox(cast(Any, s))),
            cast(Any, rdflib_to_ox(cast(Any, p))),
            rdflib_to_ox(cast(Any, o)),
            ox.NamedNode(str(g.identifier)),
        )
        for g in ds.graphs()
        if g.identifier != ds.default_graph.identifier
        for s, p, o in g
    ]
    quads.sort(key=str)
    ox.serialize(quads, folder / "kg.trig", ox.RdfFormat.TRIG, prefixes=PREFIXES)
    ox.serialize(quads, folder / "kg.nq", ox.RdfFormat.N_QUADS)
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    ox.serialize(triples, folder / "kg.ttl", ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    merged = Graph()
    for prefix, ns in PREFIXES.items():
        merged.bind(prefix, ns)
    for g in ds.graphs():
        for t in g:
            merged.add(t)
    context = {"@context": dict(sorted(PREFIXES.items()))}
    write_jsonld(merged, folder / "kg.jsonld", context["@context"])
    (folder / "context.jsonld").write_text(json.dumps(context, indent=1) + "\n", encoding="utf-8")
    void_of(graph, ds).serialize(folder / "void.ttl", format="turtle")
    return list(DATASET_FILES)


def _in_order(node: Any) -> Any:
    """``node`` with every JSON array sorted, except the members of an RDF list (``@list``), whose
    order is the data's: an array of values or nodes is a set in JSON-LD."""
    if isinstance(node, dict):
        return {k: (v if k == "@list" and isinstance(v, list) else _in_order(v)) for k, v in node.items()}
    if isinstance(node, list):
        items = [_in_order(v) for v in node]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


def write_jsonld(graph: Graph, path: Path, context: dict[str, str]) -> None:
    """Write ``graph`` as JSON-LD with ``context``, the same bytes in every process.

    rdflib's JSON-LD writer goes through subjects and values in the order of Python sets, which
    changes with every process's string hash (RDFLib/rdflib-jsonld#50), so the same graph gave
    other bytes in every build; the document is put in order after it is written.
    """
    doc = json.loads(graph.serialize(format="json-ld", context=context))
    path.write_text(json.dumps(_in_order(doc), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


__all__ = ["DATASET_FILES", "DESCRIPTIONS", "dataset_of", "void_of", "write_dataset_files", "write_jsonld"]

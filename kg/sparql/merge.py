"""The default graph is a set: the RDF merge of the source graphs, stored once as a graph of its own.

SPARQL says that a query without ``GRAPH`` sees the dataset's default graph, and we promise that
default graph to be the RDF merge of the source graphs: every distinct triple once, however many
sources state it. pyoxigraph 0.5 and the Oxigraph server can only offer the *union* of the named
graphs as default graph, and that union is a bag (a triple once per graph that holds it; oxigraph
issue #1919): ``COUNT``, ``SUM`` and every row without ``DISTINCT`` come out too large. Virtuoso's
default graph is every graph it holds, system graphs included; several ``default-graph-uri``
parameters repeat rows there too.

So every door keeps the merge as real triples, beside the source graphs, and asks with it as the
default graph:

* the embedded store (:class:`kg.sparql.store.KnowledgeGraph`) and ``kg serve`` copy every named
  graph into the store's default graph right after loading ``dist/kg.nq`` (:func:`merge_update`:
  one ``INSERT`` per graph, so at most one graph's solutions are held at a time); the default
  graph is a set, so a triple stated by two sources is stored once. Blank nodes keep their
  identity, since the copy is made inside the store. ``GRAPH ?g`` still ranges over the source
  graphs only: the default graph is not a named graph.
* on a remote store ``kg push`` uploads the merge (:func:`merge_lines`) as the graph
  :data:`MERGE_GRAPH`, swapped in with the source graphs; :class:`kg.sparql.remote.RemoteGraph`
  asks with ``default-graph-uri`` = :data:`MERGE_GRAPH` and ``named-graph-uri`` = each source graph,
  so the merge graph never shows up under ``GRAPH ?g``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.dist.manifest import read_manifest
from kg.vocab import BASE

MERGE_GRAPH = BASE + "default-graph"
"""On a remote store: the graph that holds the merge of our source graphs, the default graph of
every query ``kg`` sends (outside ``graph/``, so it is never taken for a source graph)."""


def merge_update(graphs: Iterable[str]) -> str:
    """SPARQL Update that copies each named graph into the default graph (one operation per graph)."""
    return " ;\n".join(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}" for g in graphs)


def materialise_default_graph(store: ox.Store) -> None:
    """Add the RDF merge of ``store``'s named graphs to its default graph (a set: duplicates of
    the sources collapse). Triples the default graph held before stay; running it twice changes
    nothing."""
    for graph in list(store.named_graphs()):
        if isinstance(graph, ox.NamedNode):
            store.update(merge_update([graph.value]))
        else:  # a graph named by a blank node: no IRI to write into the update
            store.extend(
                [
                    ox.Quad(q.subject, q.predicate, q.object)
                    for q in store.quads_for_pattern(None, None, None, graph)
                ]
            )


def merge_lines(graphs: Mapping[str, Sequence[bytes]]) -> list[bytes]:
    """The N-Triples lines of the merge of ``graphs`` (graph IRI → lines): each line once, sorted."""
    return sorted({line for lines in graphs.values() for line in lines})


def dist_merge_update(dist: Path) -> str:
    """:func:`merge_update` for the source graphs a built ``dist/`` holds (from its manifest): what
    ``kg serve`` runs on the Oxigraph store it loaded from ``dist/kg.nq``."""
    return merge_update(sorted(read_manifest(dist)["graphs"]))


__all__ = ["MERGE_GRAPH", "dist_merge_update", "materialise_default_graph", "merge_lines", "merge_update"]

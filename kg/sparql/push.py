"""``kg push``: upload ``dist/`` to a remote store graph by graph, and swap graphs in only when every
upload is complete and counted; a failed push leaves the server as it was.

Beside the source graphs goes their merge (each distinct triple once) as the graph
:data:`~kg.sparql.merge.MERGE_GRAPH`: the default graph of every query ``kg`` sends to the store
(:mod:`kg.sparql.merge`)."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

import pyoxigraph as ox

from kg.errors import DistError, EndpointError, PushError
from kg.sparql.merge import MERGE_GRAPH, merge_lines
from kg.sparql.text import iri_text as _iri


class RemoteGraph(Protocol):
    """What a push needs of a remote store (:class:`kg.sparql.remote.RemoteGraph` has it)."""

    url: str

    @property
    def graph_store_url(self) -> str | None: ...

    def graph_names(self) -> list[str]: ...

    def forget_graph_names(self) -> None: ...

    def update(self, text: str) -> None: ...

    def put_graph(self, graph: str, ntriples: bytes) -> None: ...

    def insert_graph(self, graph: str, lines: Sequence[bytes], chunk: int = 500) -> None: ...

    def count(self, graph: str) -> int: ...

    def graphs_under(self, prefix: str) -> list[str]: ...


TEMP_GRAPH_PREFIX = "urn:kommunen-kg:push:"
"""Uploads go to graphs under this prefix first: outside our namespace, never queried."""


@dataclass
class PushReport:
    """What a push replaced on the server."""

    endpoint: str
    graphs: dict[str, int]
    """graph IRI → triples now on the server"""
    method: str
    removed: list[str] = field(default_factory=list)
    """our graphs the server held that ``dist/`` no longer has (a source renamed or removed)"""
    merged: int = 0
    """distinct triples in :data:`~kg.sparql.merge.MERGE_GRAPH`, the default graph of our queries"""
    cleaned: list[str] = field(default_factory=list)
    """temporary graphs of earlier, interrupted pushes that this push removed first"""

    def __str__(self) -> str:
        total = sum(self.graphs.values())
        gone = f"; removed {len(self.removed)} graph(s) no longer built: {', '.join(self.removed)}"
        return (
            f"pushed {total} triples in {len(self.graphs)} graphs to {self.endpoint} "
            f"({self.method}), their merge of {self.merged} distinct triples as <{MERGE_GRAPH}>; "
            "every graph was replaced"
            + (gone if self.removed else "")
            + (f"; {describe_cleaned(self.cleaned)}" if self.cleaned else "")
        )


def describe_cleaned(cleaned: Sequence[str]) -> str:
    if not cleaned:
        return "no temporary graphs of interrupted pushes on the server"
    return f"removed {len(cleaned)} temporary graph(s) of interrupted pushes: {', '.join(cleaned)}"


def clean(remote: RemoteGraph) -> list[str]:
    """Remove the temporary graphs interrupted pushes left on the server (``kg push --clean``);
    return their names. Every push does this first, so none pile up.

    Two pushes to one store at the same time are not supported: the second removes the first's
    uploads, and the first then stops with an error before it replaces any graph (its swap moves
    from graphs that must exist)."""
    leftovers = remote.graphs_under(TEMP_GRAPH_PREFIX)
    if leftovers:
        remote.update(" ;\n".join(f"DROP SILENT GRAPH {_iri(g)}" for g in leftovers))
    return leftovers


def push(
    remote: RemoteGraph,
    dist: str | os.PathLike[str] | None = None,
    *,
    project: Any = None,
    method: str = "auto",
) -> PushReport:
    """Upload ``dist/kg.nq`` graph by graph, and the merge of the graphs as
    :data:`~kg.sparql.merge.MERGE_GRAPH`: each graph goes to a temporary graph, is counted,
    and only when every upload is complete are all graphs swapped in with one SPARQL Update
    request of ``MOVE`` operations. A failure before the swap leaves every graph as it was;
    :class:`~kg.errors.PushError` names the graphs that were replaced."""
    from kg.dist.manifest import open_verified
    from kg.project import Project

    if dist is None:
        proj = project if isinstance(project, Project) else Project.discover(project)
        folder = proj.dist_dir
    else:
        folder = Path(dist)
    # a damaged kg.nq must never decide which graphs go: read from the handle that was verified
    with open_verified(folder, "kg.nq") as (nquads, manifest):
        graphs = read_graphs(nquads)
    uploads = {**graphs, MERGE_GRAPH: merge_lines(graphs)}
    _check_against_manifest(folder, graphs, manifest)
    cleaned = clean(remote)
    use_gsp = method == "gsp" or (method == "auto" and remote.graph_store_url is not None)
    run = uuid.uuid4().hex[:12]
    temps = {g: f"{TEMP_GRAPH_PREFIX}{run}:{i}" for i, g in enumerate(uploads)}
    try:
        for graph, lines in uploads.items():
            if use_gsp:
                remote.put_graph(temps[graph], b"".join(lines))
            else:
                remote.insert_graph(temps[graph], lines)
            found = remote.count(temps[graph])
            if found != len(lines):
                raise EndpointError(
                    f"the upload of {graph} holds {found} triples on the server, not {len(lines)}"
                )
    except EndpointError as err:
        _drop_quietly(remote, temps.values())
        raise PushError(
            f"push stopped before replacing any graph, every graph on the server is as it was: {err}"
        ) from None
    # graphs of ours the build no longer has go in the same request: the server ends equal to dist/
    remote.forget_graph_names()
    removed = [g for g in remote.graph_names() if g not in graphs]
    swap = " ;\n".join(
        # not MOVE SILENT: from a temporary graph that vanished it would empty the real graph;
        # MOVE refuses, and the store (Oxigraph: one transaction per request) replaces nothing
        [f"MOVE GRAPH {_iri(temps[g])} TO GRAPH {_iri(g)}" for g in uploads]
        + [f"DROP SILENT GRAPH {_iri(g)}" for g in removed]
    )
    try:
        remote.update(swap)
    except EndpointError as err:
        replaced = _replaced(remote, graphs, temps)
        _drop_quietly(remote, temps.values())
        done = ", ".join(replaced) if replaced else "none"
        raise PushError(f"push failed while swapping graphs in: {err}; replaced: {done}", replaced) from None
    remote.forget_graph_names()
    return PushReport(
        remote.url,
        {g: len(lines) for g, lines in graphs.items()},
        "graph store" if use_gsp else "SPARQL Update",
        removed,
        len(uploads[MERGE_GRAPH]),
        cleaned,
    )


def _check_against_manifest(
    folder: Path, graphs: Mapping[str, Sequence[bytes]], manifest: Mapping[str, Any]
) -> None:
    """The graphs read from ``kg.nq`` are the ones the build recorded, statement for statement:
    what decides which remote graphs are replaced or dropped is never a file changed after it
    was verified, nor a manifest that does not describe it."""
    recorded = manifest.get("graphs")
    found = {g: len(lines) for g, lines in graphs.items()}
    if recorded != found:
        differ = sorted(
            g for g in set(found) | set(recorded or {}) if found.get(g) != (recorded or {}).get(g)
        )
        raise DistError(
            f"{folder / 'kg.nq'} does not hold the graphs its manifest records "
            f"({len(differ)} differ, e.g. {differ[0] if differ else '?'}): nothing was pushed; run `kg build`"
        )


def _replaced(
    remote: RemoteGraph, graphs: Mapping[str, Sequence[bytes]], temps: Mapping[str, str]
) -> list[str]:
    """After a failed swap: the graphs whose temporary copy is gone and whose count is right."""
    replaced = []
    try:
        for graph, lines in graphs.items():
            if remote.count(temps[graph]) == 0 and remote.count(graph) == len(lines):
                replaced.append(graph)
    except EndpointError:
        return replaced
    return replaced


def _drop_quietly(remote: RemoteGraph, graphs: Iterable[str]) -> None:
    # the temporary graphs are outside our namespace: one left behind is never queried
    with contextlib.suppress(EndpointError):
        remote.update(" ;\n".join(f"DROP SILENT GRAPH {_iri(g)}" for g in graphs))


def read_graphs(source: Path | IO[bytes]) -> dict[str, list[bytes]]:
    """The N-Triples lines of each named graph of an N-Quads file (graph IRI → sorted lines)."""
    out: dict[str, list[bytes]] = {}
    quads = (
        ox.parse(path=source, format=ox.RdfFormat.N_QUADS)
        if isinstance(source, Path)
        else ox.parse(input=source, format=ox.RdfFormat.N_QUADS)
    )
    for quad in quads:
        if not isinstance(quad.graph_name, ox.NamedNode):
            continue
        line = ox.serialize(
            [ox.Triple(quad.subject, quad.predicate, quad.object)], format=ox.RdfFormat.N_TRIPLES
        )
        out.setdefault(quad.graph_name.value, []).append(line or b"")
    return {g: sorted(set(lines)) for g, lines in sorted(out.items())}

"""kg push and faults: a dist/ that does not verify is never pushed and decides nothing on the
server; a push killed halfway leaves temporary graphs that the next push (or ``kg push --clean``)
removes; a temporary graph that vanishes before the swap empties no real graph."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import kg
from kg.errors import DistError, PushError
from kg.sparql.merge import MERGE_GRAPH, merge_lines
from kg.sparql.push import TEMP_GRAPH_PREFIX, read_graphs
from tests.conftest import ROOT, run_kg
from tests.servers import FaultProxy, start_oxigraph


@pytest.fixture()
def oxigraph(tmp_path: Path) -> Iterator[object]:
    server = start_oxigraph(tmp_path / "oxigraph")
    yield server
    server.stop()


def state(remote: kg.RemoteGraph) -> dict[str, int]:
    """Every graph on the server, ours and temporary ones, with its size."""
    rows = remote._select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", "SELECT", dataset=False
    ).rows
    return {str(r[0]): int(r[1]) for r in rows}


def temporaries(remote: kg.RemoteGraph) -> list[str]:
    return sorted(g for g in state(remote) if g.startswith(TEMP_GRAPH_PREFIX))


def built(dist: Path) -> dict[str, int]:
    """The graphs a push leaves on the server: each of dist/ and their merge."""
    graphs = read_graphs(dist / "kg.nq")
    return {**{g: len(lines) for g, lines in graphs.items()}, MERGE_GRAPH: len(merge_lines(graphs))}


def cut_to_a_third(dist: Path, tmp_path: Path) -> Path:
    damaged = Path(shutil.copytree(dist, tmp_path / "damaged"))
    lines = (damaged / "kg.nq").read_bytes().splitlines(keepends=True)
    (damaged / "kg.nq").write_bytes(b"".join(lines[: len(lines) // 3]))
    return damaged


def test_a_dist_cut_to_a_third_is_not_pushed_and_no_remote_graph_goes(
    oxigraph, dist, project, tmp_path
) -> None:
    remote = kg.connect(oxigraph.url)
    remote.push(dist, project=project)
    before = state(remote)
    damaged = cut_to_a_third(dist, tmp_path)
    with pytest.raises(DistError, match="does not match its manifest"):
        remote.push(damaged)
    done = run_kg("--dist", str(damaged), "push", "--endpoint", oxigraph.url)
    assert done.returncode == 1 and "does not match its manifest" in done.stderr
    assert "Traceback" not in done.stderr
    assert state(remote) == before


def test_a_kg_nq_that_is_not_what_its_manifest_records_is_not_pushed(
    oxigraph, dist, project, monkeypatch
) -> None:
    # the file changed between its check and its reading: the graphs read are checked again
    remote = kg.connect(oxigraph.url)
    remote.push(dist, project=project)
    before = state(remote)
    graphs = read_graphs(dist / "kg.nq")
    fewer = dict(list(graphs.items())[: len(graphs) // 3])
    monkeypatch.setattr("kg.sparql.push.read_graphs", lambda path: fewer)
    with pytest.raises(DistError, match="does not hold the graphs its manifest records"):
        remote.push(dist, project=project)
    assert state(remote) == before


def _killed_push(target_url: str, dist: Path, port: int, after_puts: int) -> None:
    """A ``kg push`` through a proxy that kills the pushing process with SIGKILL at its n-th upload."""
    procs: list[subprocess.Popen[bytes]] = []
    puts: list[str] = []

    def kill_at_nth_put(n: int, method: str, path: str, body: bytes):
        if method == "PUT":
            puts.append(path)
            if len(puts) == after_puts:
                procs[0].send_signal(signal.SIGKILL)
        return None

    proxy = FaultProxy(port, kill_at_nth_put).start()
    try:
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "kg", "--dist", str(dist), "push", "--endpoint", proxy.url("/query")],
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        assert procs[0].wait(timeout=120) == -signal.SIGKILL
    finally:
        proxy.stop()


def test_pushes_killed_halfway_leave_temporaries_the_next_push_removes(oxigraph, dist, project) -> None:
    remote = kg.connect(oxigraph.url)
    remote.push(dist, project=project)
    port = int(oxigraph.url.split(":")[2].split("/")[0])
    runs = []
    for n in (3, 7, 5):  # pushes killed (kill -9) in the middle of their uploads
        _killed_push(oxigraph.url, dist, port, n)
        left = temporaries(remote)
        assert len(left) >= n - 1, left  # the graphs uploaded before the kill stay ...
        runs.append({g.rsplit(":", 1)[0] for g in left})
    assert all(len(r) == 1 for r in runs), runs  # ... until the next push: they never pile up
    assert {g: n for g, n in state(remote).items() if not g.startswith(TEMP_GRAPH_PREFIX)} == built(dist)

    report = remote.push(dist, project=project)
    assert report.cleaned == left and f"removed {len(left)} temporary graph(s)" in str(report)
    assert state(remote) == built(dist)


def test_kg_push_clean_lists_and_removes_the_temporaries(oxigraph, dist, project) -> None:
    remote = kg.connect(oxigraph.url)
    remote.push(dist, project=project)
    _killed_push(oxigraph.url, dist, int(oxigraph.url.split(":")[2].split("/")[0]), 4)
    left = temporaries(remote)
    assert left
    done = run_kg("push", "--clean", "--endpoint", oxigraph.url)
    assert done.returncode == 0, done.stderr
    assert f"removed {len(left)} temporary graph(s) of interrupted pushes" in done.stdout
    assert all(g in done.stdout for g in left)
    assert state(remote) == built(dist)
    again = run_kg("push", "--clean", "--endpoint", oxigraph.url)
    assert "no temporary graphs" in again.stdout


def test_a_temporary_graph_that_vanishes_before_the_swap_empties_no_graph(oxigraph, dist, project) -> None:
    remote = kg.connect(oxigraph.url)
    remote.push(dist, project=project)
    before = state(remote)
    port = int(oxigraph.url.split(":")[2].split("/")[0])

    def drop_temporaries_before_the_swap(n: int, method: str, path: str, body: bytes):
        if b"MOVE" in body:  # another push's cleanup, an operator: the uploads are gone
            for g in temporaries(remote)[:1]:
                remote.update(f"DROP GRAPH <{g}>")
        return None

    proxy = FaultProxy(port, drop_temporaries_before_the_swap).start()
    try:
        with pytest.raises(PushError, match="while swapping graphs in"):
            kg.connect(proxy.url("/query")).push(dist, project=project)
    finally:
        proxy.stop()
    assert state(remote) == before

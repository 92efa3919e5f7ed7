"""A dist/ folder deployed on its own: copied to a host that holds nothing else, it loads, answers
queries, serves and pushes, with KG_PROJECT pointing at the folder that holds it or at dist/ itself."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kg
from tests.conftest import ROOT, run_kg
from tests.servers import start_oxigraph

COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture()
def host(tmp_path: Path, dist: Path) -> Path:
    """An empty folder with nothing but a copy of the built dist/ (no ontology/, no data/)."""
    shutil.copytree(dist, tmp_path / "host" / "dist")
    return tmp_path / "host"


def statements(dist: Path) -> int:
    return int(json.loads((dist / "manifest.json").read_text())["statements"])


@pytest.mark.parametrize("points_at", ["folder", "dist"])
def test_kg_query_on_a_copied_dist_alone(host: Path, monkeypatch: pytest.MonkeyPatch, points_at: str) -> None:
    monkeypatch.setenv("KG_PROJECT", str(host if points_at == "folder" else host / "dist"))
    done = run_kg("query", COUNT_ALL, "--format", "csv", cwd=host)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1] == str(statements(host / "dist"))


def test_kg_load_on_a_copied_dist_alone(host: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_PROJECT", str(host))
    monkeypatch.chdir(host)
    graph = kg.load()
    assert len(graph) == statements(host / "dist")
    assert graph.query("ASK { ?p a schema:Person }").boolean is True


def test_kg_serve_on_a_copied_dist_alone(host: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", "0"],
        cwd=host,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "KG_PROJECT": str(host)},
    )
    try:
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("Press Ctrl-C"):
                break
        text = "".join(lines)
        urls = [word for word in text.split() if word.endswith("/query")]
        assert urls, text + (proc.stderr.read() if proc.stderr else "")
        answer = kg.connect(urls[0]).query(COUNT_ALL)
        assert int(answer.rows[0][0]) == statements(host / "dist")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_kg_push_from_a_copied_dist_alone(host: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = start_oxigraph(tmp_path / "oxigraph")
    try:
        monkeypatch.setenv("KG_PROJECT", str(host))
        done = run_kg("push", "--endpoint", server.url, cwd=host)
        assert done.returncode == 0, done.stderr
        remote = kg.connect(server.url)
        assert int(remote.query(COUNT_ALL).rows[0][0]) == statements(host / "dist")
    finally:
        server.stop()

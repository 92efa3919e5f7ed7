"""Shared fixtures: the project built once per test session into a temporary dist/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kg
from kg.project import Project

ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory, project: Project) -> Path:
    """The real project built into a session-wide temporary folder."""
    out = tmp_path_factory.mktemp("build") / "dist"
    kg.build_dataset(project, out)
    return out


@pytest.fixture(scope="session")
def graph(dist: Path, project: Project) -> kg.KnowledgeGraph:
    return kg.KnowledgeGraph.from_dist(dist, project=project)


@pytest.fixture()
def project_copy(tmp_path: Path) -> Project:
    """A private copy of ontology/ and data/ that a test may break."""
    for name in ("ontology", "data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return Project(tmp_path)


def run_kg(*args: str, cwd: Path = ROOT, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """The ``kg`` command as a user runs it (``python -m kg`` of this checkout)."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=input,
        timeout=300,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT)},
    )


# ---------------------------------------------------------------- SPARQL servers (kg.serve, kg.remote)
# Each starts once per session on a random loopback port and is stopped at the end.


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory):
    """A writable Oxigraph server (empty until a test pushes to it)."""
    from tests.servers import start_oxigraph

    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory):
    """Virtuoso Open Source on a fresh database, SPARQL Update granted (results cut at 500 rows)."""
    from tests.servers import start_virtuoso

    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def served(dist: Path):
    """``kg serve`` (read-only) over the session's dist/, through its Python API."""
    from kg.serve import Server

    with Server(dist, port=0) as server:
        yield server


@pytest.fixture(scope="session")
def pushed_oxigraph(oxigraph_server, dist: Path, project: Project):
    """The Oxigraph server after ``kg push`` of the session's dist/."""
    remote = kg.connect(oxigraph_server.url, timeout=30)
    remote.push(dist, project=project)
    return remote


@pytest.fixture(scope="session")
def pushed_virtuoso(virtuoso_server, dist: Path, project: Project):
    """Virtuoso after ``kg push`` of the session's dist/."""
    remote = kg.connect(virtuoso_server.url, timeout=60)
    remote.push(dist, project=project)
    return remote

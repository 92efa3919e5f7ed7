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

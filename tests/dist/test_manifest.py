"""A dist/ is used only as its manifest records it: a kg.nq cut to a third (manifest intact) is
refused by every command that reads it, what loads is the very bytes that were hashed, and a
reader never mixes the manifest of one build with the data of another while a build swaps."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

import kg
from kg.dist.manifest import verify_dist
from kg.dist.swap import exchange
from tests.conftest import ROOT, run_kg


@pytest.fixture()
def cut(dist: Path, tmp_path: Path) -> Path:
    """A copy of dist/ whose kg.nq is cut to its first third; the manifest is left as built."""
    damaged = Path(shutil.copytree(dist, tmp_path / "dist"))
    lines = (damaged / "kg.nq").read_bytes().splitlines(keepends=True)
    (damaged / "kg.nq").write_bytes(b"".join(lines[: len(lines) // 3]))
    return damaged


REFUSED = "does not match its manifest"


@pytest.mark.parametrize(
    "command",
    [
        ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
        ["query", "programme"],
        ["stats"],
        ["network", "--format", "json"],
        ["site", "-o", "{tmp}/site"],
        ["serve", "--port", "0"],
        ["push", "--endpoint", "http://127.0.0.1:9/query"],
        ["explain", "person/thomas-klie", "organization/difu"],
    ],
    ids=lambda c: c[0] if c[0] != "query" else f"query-{c[1][:9]}",
)
def test_a_kg_nq_cut_to_a_third_is_refused_by_every_command(cut: Path, tmp_path: Path, command: list[str]) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    done = subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "KG_PROJECT": str(cut)},
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert REFUSED in done.stderr and "kg.nq" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "site").exists()


def test_kg_load_refuses_a_kg_nq_cut_to_a_third(cut: Path) -> None:
    with pytest.raises(kg.DistError, match=REFUSED):
        kg.load(cut)


@pytest.mark.parametrize("name", ["kg.trig", "kg.ttl", "kg.jsonld", "void.ttl"])
def test_serving_refuses_any_damaged_file(dist: Path, tmp_path: Path, name: str) -> None:
    copy = Path(shutil.copytree(dist, tmp_path / "dist"))
    (copy / name).write_bytes((copy / name).read_bytes()[:-10])
    done = run_kg("--dist", str(copy), "serve", "--port", "0")
    assert done.returncode == 1 and f"{name} {REFUSED}" in done.stderr


def test_what_loads_is_what_was_hashed(dist: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = Path(shutil.copytree(dist, tmp_path / "dist"))
    statements = json.loads((copy / "manifest.json").read_text())["statements"]

    class ChangedRightAfterTheCheck:
        """sha256 that replaces kg.nq on disk the moment its digest has been taken."""

        def __init__(self) -> None:
            self.h = hashlib.sha256()

        def update(self, data: bytes) -> None:
            self.h.update(data)

        def hexdigest(self) -> str:
            (tmp_path / "other.nq").write_bytes(b"<urn:a> <urn:b> <urn:c> <urn:g> .\n")
            os.replace(tmp_path / "other.nq", copy / "kg.nq")
            return self.h.hexdigest()

    monkeypatch.setattr("kg.dist.manifest.hashlib", SimpleNamespace(sha256=ChangedRightAfterTheCheck))
    assert len(kg.load(copy)) == statements  # the bytes checked, not the file that replaced them
    monkeypatch.undo()
    with pytest.raises(kg.DistError, match=REFUSED):
        kg.load(copy)


def test_loads_during_swaps_see_the_old_or_the_new_dist_never_a_mix(project_copy, tmp_path: Path) -> None:
    kg.build_dataset(project_copy, tmp_path / "a")
    path = project_copy.curated_dir / "difu.ttl"
    path.write_text(path.read_text().replace('schema:alternateName "Difu"', 'schema:alternateName "Difu", "DIfU"'))
    kg.build_dataset(project_copy, tmp_path / "b")
    sizes = {json.loads((tmp_path / d / "manifest.json").read_text())["statements"] for d in "ab"}
    assert len(sizes) == 2
    stop = threading.Event()

    def swap_again_and_again() -> None:
        while not stop.is_set():
            exchange(tmp_path / "a", tmp_path / "b")

    swapper = threading.Thread(target=swap_again_and_again)
    swapper.start()
    try:
        for _ in range(25):  # bounded: 25 loads while the two folders trade names
            assert len(kg.load(tmp_path / "a")) in sizes
    finally:
        stop.set()
        swapper.join()
    verify_dist(tmp_path / "a")

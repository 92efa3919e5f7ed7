"""Builds that cannot vanish or collide: dist/ is the old or the new dataset at every moment, even
when a build is killed (kill -9) anywhere; a second build at the same time is told so in one line;
what killed builds leave behind is removed by the next one."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import kg
import kg.pipeline.build
from kg.dist.manifest import verify_dist
from kg.dist.swap import build_lock, clean_leftovers, exchange, replace_dir
from kg.errors import DistError
from kg.project import Project
from tests.conftest import ROOT, run_kg


def _folder(path: Path, text: str) -> Path:
    path.mkdir()
    (path / "f").write_text(text)
    return path


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    a, b = _folder(tmp_path / "a", "A"), _folder(tmp_path / "b", "B")
    assert exchange(a, b), "renameat2(RENAME_EXCHANGE) is missing on this Linux"
    assert (a / "f").read_text() == "B" and (b / "f").read_text() == "A"


def test_replace_dir_falls_back_to_two_renames(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kg.dist.swap.exchange", lambda a, b: False)
    new, target = _folder(tmp_path / "new", "new"), _folder(tmp_path / "dist", "old")
    replace_dir(new, target)
    assert (target / "f").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


def test_a_dist_set_aside_by_a_kill_between_two_renames_is_put_back(tmp_path: Path) -> None:
    # the fallback's window: dist/ renamed aside, the process killed before the new one took its name
    _folder(tmp_path / ".dist.old-4242", "old")
    _folder(tmp_path / ".dist.tmp-4242", "half written")
    removed = clean_leftovers(tmp_path / "dist")
    assert (tmp_path / "dist" / "f").read_text() == "old"
    assert [p.name for p in removed] == [".dist.tmp-4242"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


def test_a_second_build_is_refused_with_one_clear_line(project_copy: Project) -> None:
    with build_lock(project_copy.dist_dir):
        with pytest.raises(DistError, match="another build of .* is running"):
            kg.build_dataset(project_copy)
        done = run_kg("--project", str(project_copy.root), "build")
    assert done.returncode == 1
    assert f"process {os.getpid()}" in done.stderr and "wait for it to finish" in done.stderr
    assert "Traceback" not in done.stderr
    assert kg.build_dataset(project_copy).quads > 0  # the lock went with its holder


def test_two_builds_at_once_one_builds_the_other_is_told(project_copy: Project) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "kg", "--project", str(project_copy.root), "build"]
    for _ in range(3):
        procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
        results = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in procs]
        for code, err in results:
            assert "Traceback" not in err
            assert code == 0 or (code == 1 and "another build of" in err), err
        assert any(code == 0 for code, _ in results)
        verify_dist(project_copy.dist_dir)


# ---------------------------------------------------------------- kill -9 during a build

KILLER = """
import os, signal, sys
import kg, kg.dist.swap as swap, kg.pipeline.build as build
{patch}
kg.build_dataset(kg.Project(sys.argv[1]))
"""
KILL = "os.kill(os.getpid(), signal.SIGKILL)"


def _changed(project: Project) -> None:
    """Change a source so that the next build differs from the one in dist/."""
    path = project.curated_dir / "difu.ttl"
    path.write_text(path.read_text().replace('schema:alternateName "Difu"', 'schema:alternateName "Difu", "DIfU"'))


def _statements(dist: Path) -> int:
    return int(json.loads((dist / "manifest.json").read_text())["statements"])


def _run_killed(project: Project, patch: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", KILLER.format(patch=textwrap.dedent(patch)), str(project.root)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        timeout=300,
    )
    return done.returncode


@pytest.mark.parametrize(
    ("moment", "patch", "expect"),
    [
        ("after writing, before the swap", f"build.replace_dir = lambda new, target: {KILL}", "old"),
        ("right after the exchange", f"swap.remove_tree = lambda path: {KILL}", "new"),
        (
            "between the fallback's two renames",
            "swap.exchange = lambda a, b: False\n"
            "real = os.rename\n"
            f"os.rename = lambda a, b: real(a, b) if '.old-' not in str(b) else (real(a, b), {KILL})",
            "old",
        ),
    ],
)
def test_a_build_killed_at_the_swap_leaves_the_old_or_the_new_dist(
    project_copy: Project, moment: str, patch: str, expect: str
) -> None:
    kg.build_dataset(project_copy)
    old = _statements(project_copy.dist_dir)
    _changed(project_copy)
    assert _run_killed(project_copy, patch) == -signal.SIGKILL, moment
    if moment.startswith("between"):
        # the documented window of the fallback: the next build puts dist/ back first
        clean_leftovers(project_copy.dist_dir)
    verify_dist(project_copy.dist_dir)
    assert (_statements(project_copy.dist_dir) == old) == (expect == "old")
    new = kg.build_dataset(project_copy)  # and the next build cleans up after the killed one
    assert new.quads == old + 1
    assert sorted(p.name for p in project_copy.root.iterdir() if p.name.startswith(".dist")) == [".dist.lock"]


def test_builds_killed_at_random_moments_leave_the_old_or_the_new_dist(project_copy: Project) -> None:
    kg.build_dataset(project_copy)
    old = _statements(project_copy.dist_dir)
    _changed(project_copy)
    cmd = [sys.executable, "-m", "kg", "--project", str(project_copy.root), "build"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    subprocess.run(cmd, env=env, capture_output=True, timeout=300, check=True)
    took = time.monotonic() - started
    new = _statements(project_copy.dist_dir)
    assert new == old + 1
    rng = random.Random(15)
    for _ in range(8):  # bounded: eight kills spread over a whole build's time
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.0) * took)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        verify_dist(project_copy.dist_dir)
        assert _statements(project_copy.dist_dir) in (old, new)
    kg.build_dataset(project_copy)
    assert sorted(p.name for p in project_copy.root.iterdir() if p.name.startswith(".dist")) == [".dist.lock"]


def test_a_build_that_fails_while_writing_leaves_dist_byte_identical(
    project_copy: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    kg.build_dataset(project_copy)
    before = {p.name: p.read_bytes() for p in project_copy.dist_dir.iterdir()}
    _changed(project_copy)
    real = kg.pipeline.build.write_dist_files

    def disk_full_halfway(quads, out, digest):
        real(quads, out, digest)
        (out / "kg.nq").write_bytes(b"half")
        raise OSError(28, "No space left on device", str(out / "kg.ttl"))

    monkeypatch.setattr("kg.pipeline.build.write_dist_files", disk_full_halfway)
    with pytest.raises(DistError, match="No space left on device.*was left as it was"):
        kg.build_dataset(project_copy)
    assert {p.name: p.read_bytes() for p in project_copy.dist_dir.iterdir()} == before
    assert sorted(p.name for p in project_copy.root.iterdir() if p.name.startswith(".dist")) == [".dist.lock"]

"""Open extractor questions (``# AMBIGUOUS``): the build warns of each, ``kg lint --strict`` fails on
each, both at the file and line of the comment, and the extractor writes the marker they look for."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.curate.extract.report import QUESTION
from kg.curate.lint import lint_project
from kg.pipeline.build import build_dataset
from kg.sources.questions import MARKER
from tests.conftest import ROOT, run_kg

QUESTIONED = """\
source:
  address: https://example.org/programme
  title: Ein Beispielprogramm
  retrieved: 2030-01-15
people:
  - id: jana-beispiel  # AMBIGUOUS: could be person/jan-abt; decide
    name: Jana Beispiel
  - id: otto-beispiel  # AMBIGUOUS
    name: Otto Beispiel
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("questions")
    for folder in ("ontology", "data"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    (root / "data" / "curated" / "zz-questioned.yaml").write_text(QUESTIONED, encoding="utf-8")
    return root


def test_the_extractor_writes_the_marker_lint_and_build_look_for() -> None:
    assert QUESTION.startswith("# " + MARKER)


def test_lint_strict_fails_on_each_open_question_at_its_file_and_line(project: Path) -> None:
    report = lint_project(project)
    found = [f for f in report.findings if f.check == "open-question"]
    assert [(f.file, f.line) for f in found] == [
        ("data/curated/zz-questioned.yaml", 6),
        ("data/curated/zz-questioned.yaml", 8),
    ]
    assert "could be person/jan-abt; decide" in found[0].message
    done = run_kg("--project", str(project), "lint", "--strict")
    assert done.returncode == 1
    assert "data/curated/zz-questioned.yaml:6: [open-question]" in done.stdout


def test_build_warns_of_open_questions_and_still_builds(project: Path, tmp_path: Path) -> None:
    report = build_dataset(project, tmp_path / "dist")
    assert [(w.file, w.line) for w in report.warnings] == [
        ("data/curated/zz-questioned.yaml", 6),
        ("data/curated/zz-questioned.yaml", 8),
    ]
    text = str(report)
    assert text.splitlines()[0].startswith("warning: data/curated/zz-questioned.yaml:6: open question")
    assert "2 open question(s) to answer" in text.splitlines()[-1]
    assert (tmp_path / "dist" / "kg.nq").exists()


def test_a_likely_duplicate_points_at_the_questioned_new_entity(tmp_path: Path) -> None:
    # the new id sorts before the known one: pointing at the later IRI sent the curator to the
    # old file
    root = tmp_path / "p"
    for folder in ("ontology", "data"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    (root / "data" / "curated" / "zz-new.yaml").write_text(
        QUESTIONED.split("people:")[0]
        + "people:\n  - id: lilian-schwal  # AMBIGUOUS: could be person/lilian-schwalb; decide\n"
        "    name: Lilian Schwal\n",
        encoding="utf-8",
    )
    report = lint_project(root)
    (dup,) = [
        f
        for f in report.findings
        if f.check == "duplicate" and "lilian-schwal'" not in f.message and "schwal" in f.message
    ]
    assert (dup.file, dup.line) == ("data/curated/zz-new.yaml", 6)
    assert "the other is at data/curated/" in dup.message

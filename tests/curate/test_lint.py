"""kg lint: the real data passes --strict; each check fires on a broken copy."""

from __future__ import annotations

import textwrap

from kg.curate.lint import lint_project
from tests.conftest import run_kg

SOURCE = """\
source:
  address: https://example.org/beispiel
  title: Beispielquelle
  retrieved: 2026-11-25
"""


def _add(project, name: str, text: str) -> None:
    (project.curated_dir / name).write_text(textwrap.dedent(text), encoding="utf-8")


def test_real_data_passes_lint_strict() -> None:
    result = run_kg("lint", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    report = lint_project()
    assert report.findings == []
    # what it prints besides is the list of municipalities without a key, for information
    assert result.stdout.endswith("lint: no findings\n")
    info = [line for line in result.stdout.splitlines() if line.endswith("(information)")]
    assert info == [f"{n} (information)" for n in report.notes]
    assert {n.check for n in report.notes} <= {"no-ags"}


def test_municipality_without_an_ags_is_listed_as_information_not_a_finding(project_copy) -> None:
    _add(
        project_copy,
        "beispiel.yaml",
        SOURCE + "municipalities:\n  - id: musterstadt\n    name: Musterstadt\n",
    )
    report = lint_project(project_copy)
    keyless = [n for n in report.notes if "musterstadt" in n.message]
    assert [(n.check, n.file, n.line) for n in keyless] == [("no-ags", "data/curated/beispiel.yaml", 6)]
    assert "kg:municipality/musterstadt 'Musterstadt' has no AGS in any source" in keyless[0].message
    assert report.ok
    strict = run_kg("--project", str(project_copy.root), "lint", "--strict")
    assert strict.returncode == 0 and "kg:municipality/musterstadt 'Musterstadt'" in strict.stdout


def test_likely_duplicate_fires(project_copy) -> None:
    _add(
        project_copy,
        "beispiel.yaml",
        SOURCE
        + "organisations:\n  - id: zze-freiburg\n    name: Zentrum fuer zivilgesellschaftliche Entwicklung\n",
    )
    findings = lint_project(project_copy).findings
    assert [(f.check, f.file, f.line) for f in findings] == [("duplicate", "data/curated/beispiel.yaml", 6)]
    assert "likely duplicate organisation: kg:organization/zze" in findings[0].message
    assert "kg:organization/zze-freiburg" in findings[0].message


def test_entity_without_source_fires(project_copy) -> None:
    vocab = project_copy.ontology_dir / "vocabularies.ttl"
    vocab.write_text(
        vocab.read_text(encoding="utf-8")
        + '\n<person/erika-musterfrau> a schema:Person ; schema:name "Erika Musterfrau" .\n',
        encoding="utf-8",
    )
    findings = lint_project(project_copy).findings
    assert [(f.check, f.file) for f in findings] == [("no-source", "ontology/vocabularies.ttl")]
    assert findings[0].message.startswith("kg:person/erika-musterfrau has no source")


def test_dangling_reference_fires(project_copy) -> None:
    _add(
        project_copy,
        "beispiel.yaml",
        SOURCE
        + "people:\n  - id: erika-musterfrau\n    name: Erika Musterfrau\n    affiliation: beispiel-institut\n",
    )
    findings = lint_project(project_copy).findings
    assert [(f.check, f.file, f.line) for f in findings] == [("dangling", "data/curated/beispiel.yaml", 8)]
    assert "<organization/beispiel-institut> is referenced" in findings[0].message


def test_unused_concept_fires(project_copy) -> None:
    vocab = project_copy.ontology_dir / "programme-vocabularies.ttl"
    vocab.write_text(
        vocab.read_text(encoding="utf-8")
        + "\n<concept/participation-role/sponsor> a skos:Concept ; skos:inScheme <concept/participation-role> ;\n"
        + '    skos:prefLabel "Förderer"@de , "sponsor"@en .\n',
        encoding="utf-8",
    )
    findings = lint_project(project_copy).findings
    assert [(f.check, f.file) for f in findings] == [("unused", "ontology/programme-vocabularies.ttl")]
    assert (
        findings[0].message
        == "concept kg:concept/participation-role/sponsor is used by no statement: use it or remove it"
    )


def test_strict_exits_non_zero_on_findings(project_copy) -> None:
    _add(
        project_copy,
        "beispiel.yaml",
        SOURCE
        + "people:\n  - id: erika-musterfrau\n    name: Erika Musterfrau\n    affiliation: beispiel-institut\n",
    )
    strict = run_kg("--project", str(project_copy.root), "lint", "--strict")
    assert strict.returncode == 1
    assert strict.stdout.endswith("lint: 1 finding(s): 1 dangling\n")
    lenient = run_kg("--project", str(project_copy.root), "lint")
    assert lenient.returncode == 0


def test_names_of_two_places_alike_but_for_the_place_are_no_likely_duplicate(project_copy) -> None:
    # regression: "Universität Göttingen" and "Universität Groningen" (86 % alike) were flagged
    _add(
        project_copy,
        "beispiel.yaml",
        SOURCE
        + "organisations:\n"
        + "  - {id: beispielhochschule-goettingen, name: Beispielhochschule Göttingen}\n"
        + "  - {id: beispielhochschule-groningen, name: Beispielhochschule Groningen}\n"
        + "  - {id: beispielinstitut-musterstadt, name: Beispielinstitut Musterstadt}\n"
        + "  - {id: beispielinstitut-musterstatt, name: Beispielinstitut Musterstatt}\n",
    )
    findings = [f for f in lint_project(project_copy).findings if "beispiel" in f.message]
    # a misspelt word still is one: Musterstadt / Musterstatt
    assert [f.check for f in findings] == ["duplicate"], findings
    assert "beispielinstitut-musterstadt" in findings[0].message
    assert "beispielinstitut-musterstatt" in findings[0].message

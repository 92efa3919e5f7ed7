"""The fast SHACL engine reports exactly what pySHACL reports, on good and on broken input."""

from __future__ import annotations

import pytest

from kg.pipeline.checks import check_documents, check_shapes, check_shapes_pyshacl
from kg.pipeline.shacl import UnsupportedShapes, load_shapes
from kg.project import Project
from kg.sources.readers import read_sources

EVENT = "data/curated/event-2020-11-24-allianzen-bilden.ttl"
DESTATIS = "data/curated/destatis-gemeindeverzeichnis.ttl"
VOCAB = "ontology/vocabularies.ttl"

BROKEN = {
    # name → (file, text to replace, replacement)
    "missing_name": (EVENT, 'schema:name "Jan Abt" ;', ""),
    "two_names": (EVENT, 'schema:name "Jan Abt" ;', 'schema:name "Jan Abt" , "Johann Abt" ;'),
    "title_in_name": (EVENT, 'schema:name "Jan Abt" ;', 'schema:name "Dr. Jan Abt" ;'),
    "wrong_datatype_date": (
        DESTATIS,
        'kgo:retrievedOn "2026-11-25"^^xsd:date',
        'kgo:retrievedOn "2026-11-25"',
    ),
    "wrong_datatype_decimal": (
        DESTATIS,
        'schema:latitude "48.657642"^^xsd:decimal',
        'schema:latitude "48.657642"',
    ),
    "ill_typed_date": (DESTATIS, '"2026-11-25"^^xsd:date', '"2026-02-30"^^xsd:date'),
    "latitude_out_of_range": (DESTATIS, '"48.657642"^^xsd:decimal', '"148.657642"^^xsd:decimal'),
    "ags_not_eight_digits": (DESTATIS, 'kgo:ags "08235050"', 'kgo:ags "8235050"'),
    "time_without_offset": (
        EVENT,
        '"2020-11-24T12:30:00+01:00"^^xsd:dateTime',
        '"2020-11-24T12:30:00"^^xsd:dateTime',
    ),
    "dangling_reference": (
        EVENT,
        "schema:member <person/stephanie-bock> , <person/jan-abt> .",
        "schema:member <person/stephanie-bock> , <person/jan-abt> , <person/nobody> .",
    ),
    "duplicate_person": (
        EVENT,
        "<person/jan-abt> a schema:Person ;",
        '<person/j-abt> a schema:Person ; schema:name "Jan Abt" .\n<person/jan-abt> a schema:Person ;',
    ),
    "performer_is_a_concept": (
        EVENT,
        "schema:performer <person/jan-abt> ;",
        "schema:performer <concept/role/host> ;",
    ),
    "url_as_string": (
        "data/curated/zze-koda-eg.ttl",
        "schema:url <https://zze-freiburg.de>",
        'schema:url "https://zze-freiburg.de"',
    ),
    "label_language_twice": (
        VOCAB,
        '"Ausrichter:in"@de , "host"@en',
        '"Ausrichter:in"@de , "Gastgeber:in"@de , "host"@en',
    ),
    "label_in_other_language": (VOCAB, '"Ausrichter:in"@de , "host"@en', '"Ausrichter:in"@de , "hôte"@fr'),
}


def _break(project: Project, file: str, old: str, new: str) -> None:
    path = project.root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is no longer in {file}: update the fixture"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fast_shapes_agree_with_pyshacl_on_real_data(project: Project) -> None:
    docs = read_sources(project)
    assert check_shapes(docs, project) == check_shapes_pyshacl(docs, project) == []


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_fast_shapes_agree_with_pyshacl_on_broken_input(project_copy: Project, case: str) -> None:
    _break(project_copy, *BROKEN[case])
    docs = read_sources(project_copy)
    fast = sorted(set(check_shapes(docs, project_copy)))
    slow = sorted(set(check_shapes_pyshacl(docs, project_copy)))
    assert fast == slow
    assert check_documents(docs, project_copy), f"{case} must fail the build"


@pytest.mark.parametrize(
    "case",
    ["missing_name", "title_in_name", "wrong_datatype_date", "latitude_out_of_range", "label_language_twice"],
)
def test_fast_shapes_find_shape_violations(project_copy: Project, case: str) -> None:
    _break(project_copy, *BROKEN[case])
    assert check_shapes(read_sources(project_copy), project_copy)


def test_shapes_outside_the_subset_fall_back_to_pyshacl(project_copy: Project) -> None:
    shapes = project_copy.shapes_file
    shapes.write_text(
        shapes.read_text(encoding="utf-8")
        + "\nkgs:Closed a sh:NodeShape ; sh:targetClass schema:Person ; sh:closed true ;"
        + ' sh:ignoredProperties ( <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ) ; sh:message "closed" .\n',
        encoding="utf-8",
    )
    with pytest.raises(UnsupportedShapes):
        load_shapes(shapes)
    problems = check_shapes(read_sources(project_copy), project_copy)
    assert problems and all("closed" in p.message for p in problems)


def test_every_project_shape_has_a_message(project: Project) -> None:
    # the fast engine's messages equal pySHACL's only where a shape states its own
    for shape in load_shapes(project.shapes_file):
        assert shape.message or not shape.checks, shape.node
        for prop in shape.properties:
            assert prop.message, prop.path

"""The curator format: YAML files beside Turtle, their RDF, and every mistake with file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

import kg
from kg.errors import BuildError
from kg.sources.curator import read_yaml_text
from kg.sources.curator_keys import SECTIONS, iter_keys
from kg.vocab import BASE, GRAPH_BASE
from tests.conftest import curated_entities

TEST_DATA = Path(__file__).resolve().parents[1] / "data" / "curation"
SOURCE = """\
source:
  address: https://example.org/beispiel
  title: Beispielquelle
  retrieved: 2026-11-25
"""


def _graph(doc) -> Graph:
    g = Graph()
    for q in doc.quads:
        g.add(tuple(_term(t) for t in (q.subject, q.predicate, q.object)))
    return g


def _term(t):
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if t.language:
        return Literal(t.value, lang=t.language)
    if t.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(t.value)
    return Literal(t.value, datatype=URIRef(t.datatype.value))


def _problems(text: str) -> list[str]:
    with pytest.raises(BuildError) as err:
        read_yaml_text(textwrap.dedent(text), GRAPH_BASE + "beispiel", "beispiel.yaml")
    return [str(p) for p in err.value.problems]


def _build_with(project, name: str, text: str) -> list[str]:
    (project.curated_dir / name).write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(BuildError) as err:
        kg.build_dataset(project, project.root / "dist")
    return [str(p) for p in err.value.problems]


def test_yaml_reader_writes_the_same_rdf_as_the_equivalent_turtle() -> None:
    doc = read_yaml_text((TEST_DATA / "example.yaml").read_text(encoding="utf-8"), GRAPH_BASE + "example")
    expected = Graph().parse(TEST_DATA / "example.ttl", format="turtle", publicID=BASE)
    got = _graph(doc)
    assert isomorphic(got, expected), sorted(set(got) ^ set(expected))


def test_line_maps_point_at_the_entry_that_defines_an_entity() -> None:
    text = (TEST_DATA / "example.yaml").read_text(encoding="utf-8")
    doc = read_yaml_text(text, GRAPH_BASE + "example")
    lines = text.splitlines()
    person = BASE + "person/erika-musterfrau"
    assert "id: erika-musterfrau" in lines[doc.definitions[person] - 1]
    assert (
        "affiliation: beispiel-institut" in lines[doc.mentions[BASE + "organization/beispiel-institut"] - 1]
    )


def test_unknown_key_names_line_and_closest_key() -> None:
    problems = _problems(
        SOURCE + "people:\n  - id: erika-musterfrau\n    name: Erika Musterfrau\n    affilation: x\n"
    )
    assert problems == [
        "beispiel.yaml:8: unknown key 'affilation' in an entry of people: did you mean 'affiliation'? "
        "valid keys are " + ", ".join(SECTIONS["people"])
    ]


def test_missing_name_says_what_to_add() -> None:
    problems = _problems(SOURCE + "organisations:\n  - id: beispiel-institut\n    location: Musterstadt\n")
    assert len(problems) == 1
    assert problems[0].startswith(
        "beispiel.yaml:6: this entry of organisations has no 'name': add a line 'name: "
    )


def test_existing_entry_needs_no_name() -> None:
    doc = read_yaml_text(
        SOURCE + "projects:\n  - id: koda-eg\n    existing: true\n    funding-code: X1\n", GRAPH_BASE + "b"
    )
    assert not any(
        q.predicate.value.endswith("#type") for q in doc.quads if q.subject.value.endswith("koda-eg")
    )


def test_date_that_is_not_a_date() -> None:
    problems = _problems(SOURCE.replace("2026-11-25", "2026-02-30"))
    assert problems == [
        "beispiel.yaml:4: '2026-02-30' is not a date: write YYYY-MM-DD, e.g. retrieved: 2020-11-24"
    ]


def test_time_that_is_not_a_time() -> None:
    problems = _problems(
        SOURCE
        + "events:\n  - id: e\n    name: E\n    start: 2030-01-01T10:00\n    programme:\n"
        + "      - id: a\n        title: A\n        kind: welcome\n        time: '25:00'\n"
    )
    assert problems == ["beispiel.yaml:13: '25:00' is not a time of day: write time: \"10:00\" (in quotes)"]


def test_duplicate_id_names_both_lines() -> None:
    problems = _problems(
        SOURCE + "people:\n  - id: erika-musterfrau\n    name: Erika Musterfrau\n"
        "  - id: erika-musterfrau\n    name: Erika Mustermann\n"
    )
    assert problems == [
        "beispiel.yaml:8: duplicate id 'erika-musterfrau' in people (first on line 6): "
        "merge the two entries or give this one its own id"
    ]


def test_duplicate_key_is_reported() -> None:
    problems = _problems(SOURCE + "people:\n  - id: erika-musterfrau\n    name: A\n    name: B\n")
    assert problems == [
        "beispiel.yaml:8: key 'name' is given twice in this entry of people (first on line 7): keep one"
    ]


def test_id_that_is_not_a_slug_suggests_one() -> None:
    problems = _problems(SOURCE + "people:\n  - id: Erika Musterfrau\n    name: Erika Musterfrau\n")
    assert problems == [
        "beispiel.yaml:6: 'Erika Musterfrau' is not an id: ids are lowercase words with hyphens; write 'id: erika-musterfrau'"
    ]


def test_yaml_syntax_error_has_a_line() -> None:
    problems = _problems(SOURCE + "people:\n  - id: [unclosed\n")
    assert (
        len(problems) == 1 and problems[0].startswith("beispiel.yaml:") and "YAML syntax error" in problems[0]
    )


def test_missing_source_block() -> None:
    problems = _problems("people:\n  - id: erika-musterfrau\n    name: Erika Musterfrau\n")
    assert problems[0].startswith("beispiel.yaml:1: the file does not say where its statements come from")


def test_reference_to_an_entity_that_does_not_exist_fails_the_build(project_copy) -> None:
    problems = _build_with(
        project_copy,
        "beispiel.yaml",
        SOURCE + "people:\n  - id: erika-musterfrau\n    name: Erika Musterfrau\n    affiliation: zzee\n",
    )
    assert problems[-1:] == [
        "data/curated/beispiel.yaml:8: <organization/zzee> is referenced by kg:person/erika-musterfrau "
        "schema:affiliation but no source defines it: did you mean 'organization/zze'? fix the IRI or define it "
        "(with its rdf:type) in a source file"
    ]


def test_existing_entry_with_a_typo_fails_the_build(project_copy) -> None:
    problems = _build_with(
        project_copy,
        "beispiel.yaml",
        SOURCE + "projects:\n  - id: koda-egg\n    existing: true\n    funding-code: X1\n",
    )
    assert problems == [
        "data/curated/beispiel.yaml:6: the file describes <project/koda-egg> but no source defines it "
        "(with its rdf:type): did you mean 'project/koda-eg'? fix the id or define it"
    ]


def test_unknown_concept_fails_the_build(project_copy) -> None:
    problems = _build_with(
        project_copy,
        "beispiel.yaml",
        SOURCE + "participations:\n  - project: koda-eg\n    member: zze\n    role: coordinater\n",
    )
    assert any(
        p.startswith("data/curated/beispiel.yaml:8: <concept/participation-role/coordinater> is referenced")
        and "did you mean 'concept/participation-role/coordinator'?" in p
        for p in problems
    )


def test_real_yaml_files_are_read_into_their_own_graphs(graph: kg.KnowledgeGraph, project) -> None:
    yaml_files = sorted(p.stem for p in project.curated_dir.glob("*.yaml"))
    assert yaml_files
    names = graph.graph_names()
    for stem in yaml_files:
        assert GRAPH_BASE + stem in names


def test_participations_are_n_ary_and_direct(graph: kg.KnowledgeGraph) -> None:
    rows = graph.query(
        """SELECT ?m WHERE { ?p a org:Membership ; org:organization ?proj ; org:member ?m .
           FILTER NOT EXISTS { ?proj schema:member ?m } }"""
    ).rows
    assert rows == []
    n = graph.query("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a org:Membership }").rows[0][0]
    assert int(n) == len(curated_entities("http://www.w3.org/ns/org#Membership")) >= 19


def test_every_key_of_the_format_is_documented(project) -> None:
    doc = (project.root / "docs" / "curation.md").read_text(encoding="utf-8")
    missing = [f"{section}.{key}" for section, key, _ in iter_keys() if f"`{key}`" not in doc]
    assert missing == []


def test_documentation_example_builds(project_copy) -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "curation.md").read_text(encoding="utf-8")
    block = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    (project_copy.curated_dir / "docs-example.yaml").write_text(block, encoding="utf-8")
    report = kg.build_dataset(project_copy, project_copy.root / "dist")
    assert GRAPH_BASE + "docs-example" in report.graphs
    store = kg.KnowledgeGraph.from_dist(project_copy.root / "dist", project=project_copy)
    ask = store.query(
        "ASK { GRAPH <graph/docs-example> { ?r a kgo:Appearance ; schema:performer ?p . ?p a schema:Person } }"
    )
    assert ask.boolean


def test_unknown_section_suggests_the_closest() -> None:
    problems = _problems(SOURCE + "person:\n  - id: erika-musterfrau\n    name: Erika Musterfrau\n")
    assert problems == [
        "beispiel.yaml:5: unknown key 'person' in the file: did you mean 'people'? valid keys are "
        "source, events, people, organisations, projects, municipalities, participations"
    ]


def test_times_get_the_offset_of_their_day_even_unquoted() -> None:
    text = SOURCE + (
        "events:\n  - id: e\n    name: E\n    day: 2030-07-01\n    programme:\n"
        "      - id: a\n        title: A\n        kind: welcome\n        time: 10:00\n"
    )
    doc = read_yaml_text(text, GRAPH_BASE + "b")
    starts = [q.object.value for q in doc.quads if q.predicate.value == "https://schema.org/startDate"]
    assert starts == ["2030-07-01T10:00:00+02:00"]


def test_municipality_table_reads_like_the_yaml_section() -> None:
    from kg.sources.municipalities import read_municipality_table

    table = read_municipality_table(TEST_DATA / "municipalities.csv", "municipalities.csv", GRAPH_BASE + "m")
    as_yaml = read_yaml_text(
        "source:\n  address: https://example.org/gemeindeverzeichnis\n  title: Beispielverzeichnis der Gemeinden\n"
        "  retrieved: 2030-01-15\nmunicipalities:\n"
        '  - {ags: "99999998", name: Musterdorf, kind: Gemeinde, district: Landkreis Musterland, state: Musterland,'
        " latitude: 50.5, longitude: 8.5, population: 1234, population-date: 2029}\n"
        '  - {ags: "99999999", name: Musterstadt, kind: Stadt, district: Landkreis Musterland, state: Musterland,'
        " latitude: 50.1, longitude: 8.2, population: 12345, population-date: 2029-12-31}\n",
        GRAPH_BASE + "m",
    )
    assert isomorphic(_graph(table), _graph(as_yaml))
    assert table.definitions[BASE + "municipality/99999999"] == 7


def test_municipality_table_problems_name_the_row(tmp_path: Path) -> None:
    from kg.sources.municipalities import read_municipality_table

    bad = tmp_path / "m.csv"
    bad.write_text(
        (TEST_DATA / "municipalities.csv").read_text(encoding="utf-8").replace("2029-12-31", "2029-13-31")
        + "1234,Kurz\n",
        encoding="utf-8",
    )
    with pytest.raises(BuildError) as err:
        read_municipality_table(bad, "m.csv", GRAPH_BASE + "m")
    assert [str(p) for p in err.value.problems] == [
        "m.csv:7: '2029-13-31' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY, e.g. population-date: 2020-11-24",
        "m.csv:8: this row has 2 cells but the header names 9: check the commas",
    ]


def _read(text: str) -> Graph:
    return _graph(read_yaml_text(textwrap.dedent(text), GRAPH_BASE + "beispiel", "beispiel.yaml"))


def _amount(graph: Graph) -> dict[str, str]:
    amount = URIRef(BASE + "project/beispiel2040/funding-amount")
    assert (URIRef(BASE + "project/beispiel2040"), URIRef(BASE + "ontology#fundingAmount"), amount) in graph
    return {str(p).rsplit("/", 1)[-1].rsplit("#", 1)[-1]: str(o) for p, o in graph.predicate_objects(amount)}


PROJECT = SOURCE + "projects:\n  - id: beispiel2040\n    name: BEISPIEL2040\n"


def test_an_exact_funding_amount_is_a_monetary_amount_in_euros() -> None:
    amount = _amount(
        _read(PROJECT + "    funding-amount: 331574\n    funding-amount-stated-as: 331.574 Euro\n")
    )
    assert amount == {
        "type": "https://schema.org/MonetaryAmount",
        "currency": "EUR",
        "value": "331574",
        "statedAs": "331.574 Euro",
    }


def test_an_approximate_amount_is_marked_and_an_upper_bound_is_no_value() -> None:
    rund = _amount(_read(PROJECT + "    funding-amount: 800000\n    funding-amount-approximate: true\n"))
    assert rund["value"] == "800000" and rund["approximate"] == "true"
    at_most = _amount(_read(PROJECT + "    funding-amount-at-most: 297681.00\n"))
    assert at_most["maxValue"] == "297681.00" and "value" not in at_most and "approximate" not in at_most


def test_a_funding_amount_is_either_stated_or_an_upper_bound() -> None:
    both = _problems(PROJECT + "    funding-amount: 1\n    funding-amount-at-most: 2\n")
    assert len(both) == 1 and "not both and not neither" in both[0] and both[0].startswith("beispiel.yaml:")
    neither = _problems(PROJECT + "    funding-amount-approximate: true\n")
    assert len(neither) == 1 and "not both and not neither" in neither[0]
    bound = _problems(PROJECT + "    funding-amount-at-most: 2\n    funding-amount-approximate: true\n")
    assert len(bound) == 1 and "'funding-amount-at-most' alone" in bound[0]


def test_a_municipality_without_an_ags_takes_an_id_and_states_no_key() -> None:
    graph = _read(SOURCE + "municipalities:\n  - id: eschwege\n    name: Eschwege\n    state: Hessen\n")
    town = URIRef(BASE + "municipality/eschwege")
    assert (town, URIRef(BASE + "ontology#ags"), None) not in graph
    assert (town, URIRef("https://schema.org/name"), Literal("Eschwege")) in graph
    assert (
        town,
        URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        URIRef(BASE + "ontology#Municipality"),
    ) in graph


def test_a_municipality_needs_either_its_ags_or_an_id() -> None:
    for entry in ("  - name: Eschwege\n", '  - ags: "06636003"\n    id: eschwege\n    name: Eschwege\n'):
        problems = _problems(SOURCE + "municipalities:\n" + entry)
        assert len(problems) == 1 and "either its 'ags'" in problems[0], problems
    digits = _problems(SOURCE + "municipalities:\n  - id: '06636003'\n    name: Eschwege\n")
    assert len(digits) == 1 and "looks like an AGS" in digits[0]


def test_a_source_that_disagrees_on_the_period_keeps_its_own_interval() -> None:
    graph = _read(PROJECT + "    period-id: other-source\n    start: 2016-06\n    end: 2019-08\n")
    interval = URIRef(BASE + "project/beispiel2040/period/other-source")
    assert (
        URIRef(BASE + "project/beispiel2040"),
        URIRef("http://purl.org/dc/terms/temporal"),
        interval,
    ) in graph


def test_an_event_states_its_status_as_schema_event_status() -> None:
    graph = _read(
        SOURCE + "events:\n  - id: abschluss\n    name: Abschlusskonferenz\n    status: postponed\n"
    )
    status = URIRef("https://schema.org/eventStatus")
    assert (URIRef(BASE + "event/abschluss"), status, URIRef("https://schema.org/EventPostponed")) in graph
    problems = _problems(
        SOURCE + "events:\n  - id: abschluss\n    name: Abschlusskonferenz\n    status: verschoben\n"
    )
    assert len(problems) == 1 and "unknown status 'verschoben'" in problems[0]


def test_yaml_aliases_are_refused_so_a_file_cannot_grow_into_millions_of_entries() -> None:
    text = SOURCE + textwrap.dedent("""\
        people:
          - &erika
            id: erika-musterfrau
            name: Erika Musterfrau
          - *erika
        """)
    with pytest.raises(BuildError) as info:
        read_yaml_text(text, GRAPH_BASE + "x", "x.yaml")
    assert [(p.line, "aliases" in p.message) for p in info.value.problems] == [(6, True)]


def test_yaml_lines_are_counted_at_newlines_only() -> None:
    text = SOURCE.replace(
        "Beispielquelle", '"Beispiel\u2028quelle\u0085mit\u2029Trennern"'
    ) + textwrap.dedent("""\
        people:
          - id: Erika Musterfrau
            name: Erika Musterfrau
        """)
    with pytest.raises(BuildError) as info:
        read_yaml_text(text, GRAPH_BASE + "x", "x.yaml")
    assert [p.line for p in info.value.problems] == [6]

"""The event-page extractor: the seed page yields the curated programme; made-up pages test the rest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg
from kg.curate.extract import extract_event
from kg.errors import KGError
from kg.sources.curator import read_yaml_text
from kg.vocab import BASE, GRAPH_BASE, KGO, RDF, SCHEMA, SKOS
from tests.conftest import run_kg

SEED = Path(__file__).resolve().parents[2] / "data" / "sources" / "event-2020-11-24-allianzen-bilden.txt"
EVENT = BASE + "event/2020-11-24-allianzen-bilden"
DATA = Path(__file__).resolve().parents[1] / "data" / "extract"
EVENT_LINKS = {str(SCHEMA.subEvent), str(SCHEMA.performer), str(KGO.appearance)}


def programme_part(quads: list[ox.Quad], event: str) -> set[tuple[str, str, str]]:
    """What "exactly the curated data of the event" means: every statement about

    - the event's programme items (all levels) and appearances, plus the event's links to them
      (schema:subEvent, schema:performer, kgo:appearance);
    - the people who appear (name, given and family name, honorific, job title, affiliation,
      spellings: what the page says of them), except their rdf:type (an extracted entry for a
      person the graph knows adds to it and does not type it again).

    Left out: the event's own header (name, times, description: the page's date line and heading,
    partly from other sources), the organisations and projects themselves (the extractor refers
    to them by IRI, so a wrong match shows up as a wrong IRI here), and skos:altLabel on items
    (spellings recorded from other copies of the page, which the seed copy does not hold)."""
    by_subject: dict[str, list[ox.Quad]] = {}
    for q in quads:
        by_subject.setdefault(q.subject.value, []).append(q)
    items, frontier = set(), [event]
    while frontier:
        s = frontier.pop()
        for q in by_subject.get(s, []):
            if q.predicate.value == str(SCHEMA.subEvent) and q.object.value not in items:
                items.add(q.object.value)
                frontier.append(q.object.value)
    roles = {
        q.object.value
        for s in {event, *items}
        for q in by_subject.get(s, [])
        if q.predicate.value == str(KGO.appearance)
    }
    people = {
        q.object.value
        for s in roles
        for q in by_subject.get(s, [])
        if q.predicate.value == str(SCHEMA.performer) and q.object.value.startswith(BASE + "person/")
    }
    out = set()
    for s in {event, *items, *roles, *people}:
        for q in by_subject.get(s, []):
            if s == event and q.predicate.value not in EVENT_LINKS:
                continue
            if s in items and q.predicate.value == str(SKOS.altLabel):
                continue
            if s in people and q.predicate.value == str(RDF.type):
                continue
            out.add((s, q.predicate.value, str(q.object)))
    return out


def _curated_event_quads(graph: kg.KnowledgeGraph) -> list[ox.Quad]:
    g = ox.NamedNode(GRAPH_BASE + "event-2020-11-24-allianzen-bilden")
    return list(graph.store.quads_for_pattern(None, None, None, g))


def test_seed_page_yields_exactly_the_curated_programme_and_people(graph: kg.KnowledgeGraph) -> None:
    extraction = extract_event(SEED, graph)
    doc = read_yaml_text(extraction.yaml, GRAPH_BASE + "extracted")
    got = programme_part(doc.quads, EVENT)
    expected = programme_part(_curated_event_quads(graph), EVENT)
    assert len(expected) > 180  # guards the definition itself against matching nothing
    assert any(p == str(SCHEMA.honorificPrefix) for _, p, _ in expected)
    assert got - expected == set()
    assert expected - got == set()


def test_seed_page_matches_every_name_and_reads_every_line(graph: kg.KnowledgeGraph) -> None:
    extraction = extract_event(SEED, graph)
    assert extraction.unparsed == []
    assert {m.status for m in extraction.matches} == {"matched"}
    by_text = {m.text: m.iri[len(BASE) :] for m in extraction.matches}
    # spelling variants, titles and hyphenation artefacts resolve to the one entity
    assert by_text["Andi Grabner"] == "person/andy-grabner"
    assert by_text["Gemeinde Sandesdorf-Brehna"] == "organization/stadt-sandersdorf-brehna"
    assert by_text["Bundesnetzwerk Bürger-schaftliches Engagement"] == "organization/bbe"
    assert by_text["Thomas Klie"] == "person/thomas-klie"
    assert by_text["Zentrum für zivilgesellschaftliche Entwicklung (zze)"] == "organization/zze"


def test_extracted_seed_yaml_builds_beside_the_curated_data(project_copy, graph: kg.KnowledgeGraph) -> None:
    extraction = extract_event(SEED, graph)
    (project_copy.curated_dir / "extracted.yaml").write_text(extraction.yaml, encoding="utf-8")
    report = kg.build_dataset(project_copy, project_copy.root / "dist")
    assert GRAPH_BASE + "extracted" in report.graphs


def test_made_up_page_items_times_and_kinds(fictional: kg.KnowledgeGraph) -> None:
    extraction = extract_event(DATA / "beispieltag.txt", fictional)
    doc = read_yaml_text(extraction.yaml, GRAPH_BASE + "beispieltag")
    event = BASE + "event/2026-06-03-beispiele-fuer-die-kommune"
    rows = {
        (
            q.subject.value[len(event) + 6 :],
            q.predicate.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1],
            q.object.value,
        )
        for q in doc.quads
        if q.subject.value.startswith(event + "/item/")
        and q.predicate.value in (str(SCHEMA.startDate), str(SCHEMA.endDate), str(KGO.itemKind))
    }
    assert rows == {
        ("1330-begruessung", "startDate", "2026-06-03T13:30:00+02:00"),
        ("1330-begruessung", "endDate", "2026-06-03T13:45:00+02:00"),
        ("1330-begruessung", "itemKind", BASE + "concept/item-kind/welcome"),
        ("1345-impulse-aus-der-praxis", "startDate", "2026-06-03T13:45:00+02:00"),
        ("1345-impulse-aus-der-praxis", "endDate", "2026-06-03T14:30:00+02:00"),
        ("1345-impulse-aus-der-praxis", "itemKind", BASE + "concept/item-kind/programme-block"),
        ("1345-beispiel2040", "itemKind", BASE + "concept/item-kind/project-talk"),
        ("1430-gespraech-ueber-beispiele", "startDate", "2026-06-03T14:30:00+02:00"),
        ("1430-gespraech-ueber-beispiele", "endDate", "2026-06-03T15:15:00+02:00"),
        ("1430-gespraech-ueber-beispiele", "itemKind", BASE + "concept/item-kind/panel-discussion"),
        ("1515-ende-der-veranstaltung", "startDate", "2026-06-03T15:15:00+02:00"),
        ("1515-ende-der-veranstaltung", "itemKind", BASE + "concept/item-kind/end"),
    }
    # no moderation on the page: no event-level appearance
    assert not [q for q in doc.quads if q.subject.value == event and q.predicate.value == str(KGO.appearance)]


def test_made_up_page_matches_new_and_ambiguous(fictional: kg.KnowledgeGraph) -> None:
    extraction = extract_event(DATA / "beispieltag.txt", fictional)
    got = {
        (m.kind, m.text, m.status, m.iri[len(BASE) :], tuple(c[len(BASE) :] for c in m.candidates))
        for m in extraction.matches
        if m.kind != "item"
    }
    assert got == {
        (
            "event",
            "Beispiele für die Kommune von morgen",
            "new",
            "event/2026-06-03-beispiele-fuer-die-kommune",
            (),
        ),
        ("person", "Erika Musterfrau", "matched", "person/erika-musterfrau", ()),
        ("organisation", "Beispiel-Institut", "matched", "organization/beispiel-institut", ()),
        ("project", "BEISPIEL 2040", "matched", "project/beispiel2040", ()),
        ("project", "BEISPIEL2040", "matched", "project/beispiel2040", ()),
        ("person", "Max Mustermann", "new", "person/max-mustermann", ()),
        ("organisation", "Stadt Musterstadt", "new", "organization/stadt-musterstadt", ()),
        (
            "person",
            "Jana Beispil",
            "ambiguous",
            "person/jana-beispil",
            ("person/jan-beispiel", "person/jana-beispiel"),
        ),
        ("organisation", "Verein Beispielhaft e.V.", "new", "organization/verein-beispielhaft-e-v", ()),
    }
    # an ambiguous name is never merged: it keeps an id of its own and the YAML says so
    assert (
        "person: jana-beispil  # AMBIGUOUS: could be person/jan-beispiel or person/jana-beispiel; decide"
        in extraction.yaml
    )


def test_made_up_page_two_affiliations_and_panel_without_projects(fictional: kg.KnowledgeGraph) -> None:
    extraction = extract_event(DATA / "beispieltag.txt", fictional)
    doc = read_yaml_text(extraction.yaml, GRAPH_BASE + "beispieltag")
    event = BASE + "event/2026-06-03-beispiele-fuer-die-kommune"
    max_role = f"{event}/item/1345-beispiel2040/role/max-mustermann"
    affiliations = {
        q.object.value[len(BASE) :]
        for q in doc.quads
        if q.subject.value == max_role and q.predicate.value == str(KGO.statedAffiliation)
    }
    assert affiliations == {"organization/beispiel-institut", "organization/stadt-musterstadt"}
    represents = {
        q.object.value
        for q in doc.quads
        if q.subject.value == max_role and q.predicate.value == str(KGO.representsProject)
    }
    assert represents == {BASE + "project/beispiel2040"}
    panel = f"{event}/item/1430-gespraech-ueber-beispiele/role/"
    assert not [
        q
        for q in doc.quads
        if q.subject.value.startswith(panel) and q.predicate.value == str(KGO.representsProject)
    ]
    panellists = {
        q.subject.value[len(panel) :]
        for q in doc.quads
        if q.subject.value.startswith(panel) and q.predicate.value == str(SCHEMA.roleName)
    }
    assert panellists == {"jana-beispil", "erika-musterfrau"}


def test_unparsed_and_markup_lines_are_reported_with_line_numbers(fictional: kg.KnowledgeGraph) -> None:
    extraction = extract_event(DATA / "beispieltag.txt", fictional)
    assert extraction.unparsed == [(25, "??? Kaffee & Kuchen !!!")]
    assert extraction.ignored == [(13, "&nbsp;"), (23, "<br>")]
    report = extraction.report()
    assert "line  25  unparsed   ??? Kaffee & Kuchen !!!" in report
    assert "line  13  ignored    &nbsp; (markup only)" in report


def test_made_up_extraction_builds_with_its_new_entities(project_copy, fictional: kg.KnowledgeGraph) -> None:
    extraction = extract_event(DATA / "beispieltag.txt", fictional)
    shutil.copy(DATA / "known.yaml", project_copy.curated_dir / "known.yaml")
    (project_copy.curated_dir / "beispieltag.yaml").write_text(extraction.yaml, encoding="utf-8")
    report = kg.build_dataset(project_copy, project_copy.root / "dist")
    assert GRAPH_BASE + "beispieltag" in report.graphs


def test_page_without_a_date_is_an_error(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Programm\n- 10:00 Begrüßung**\n", encoding="utf-8")
    with pytest.raises(KGError, match="no date line"):
        extract_event(page)


def test_cli_extract_prints_yaml_and_report(dist: Path) -> None:
    result = run_kg("--dist", str(dist), "extract", str(SEED))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Extracted by `kg extract`")
    assert "26 matched, 0 new, 0 ambiguous; 0 unparsed line(s)" in result.stderr


def test_item_moderation_uhr_times_and_winter_offset(fictional: kg.KnowledgeGraph) -> None:
    extraction = extract_event(DATA / "zweiter-beispieltag.txt", fictional)
    assert extraction.unparsed == []
    doc = read_yaml_text(extraction.yaml, GRAPH_BASE + "zweiter")
    event = BASE + "event/2027-02-04-zweiter-beispieltag"
    roles = sorted(
        (q.subject.value[len(event) :], q.object.value.rsplit("/", 1)[1])
        for q in doc.quads
        if q.predicate.value == str(SCHEMA.roleName)
    )
    assert roles == [
        ("/item/0900-begruessung/role/erika-musterfrau", "speaker"),
        ("/item/0915-podiumsdiskussion/role/jan-beispiel", "panellist"),
        ("/item/0915-podiumsdiskussion/role/jana-beispiel", "panellist"),
        ("/item/0915-podiumsdiskussion/role/moderation-erika-musterfrau", "moderator"),
    ]
    starts = sorted(q.object.value for q in doc.quads if q.predicate.value == str(SCHEMA.startDate))
    assert starts == [
        "2027-02-04T09:00:00+01:00",
        "2027-02-04T09:00:00+01:00",
        "2027-02-04T09:15:00+01:00",
        "2027-02-04T10:30:00+01:00",
    ]
    assert {m.status for m in extraction.matches if m.kind == "person"} == {"matched"}


def test_without_a_graph_everything_is_new_and_the_yaml_reads() -> None:
    extraction = extract_event(SEED)
    assert {m.status for m in extraction.matches} == {"new"}
    kinds = {m.text: m.kind for m in extraction.matches}
    assert kinds["Begleitvorhaben KomKomIn"] == "project"
    assert kinds["Andi Grabner"] == "person"
    assert read_yaml_text(extraction.yaml, GRAPH_BASE + "x").quads


def test_a_page_of_an_event_curated_otherwise_builds_beside_it(project_copy) -> None:
    """The curated programme orders the items otherwise, gives one another kind and another
    time: the extraction keeps the graph's place, kind and times for the items it has (the
    page's a question beside them), so the two sources build together."""
    shutil.copy(DATA / "known.yaml", project_copy.curated_dir / "known.yaml")
    shutil.copy(
        DATA / "beispiele-wagen-curated.yaml", project_copy.curated_dir / "beispiele-wagen-curated.yaml"
    )
    extraction = extract_event(DATA / "beispiele-wagen.txt", project=project_copy)
    assert extraction.event == BASE + "event/2026-06-04-beispiele-wagen"  # by the page's address
    assert "order: 3  # its place in the graph's programme" in extraction.yaml
    assert (
        "kind: outside-view  # AMBIGUOUS: the page reads as welcome, the graph says outside-view"
        in extraction.yaml
    )
    (project_copy.curated_dir / "extracted.yaml").write_text(extraction.yaml, encoding="utf-8")
    report = kg.build_dataset(project_copy, project_copy.root / "dist")
    assert GRAPH_BASE + "extracted" in report.graphs

"""kg.curate.extract.layouts: made-up pages in each layout (conference, the measure's event
pages, invitations) yield the items, kinds, times, nesting and people their lines state."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

import kg
from kg.curate.extract import extract_event
from kg.curate.extract.layouts import LAYOUTS
from kg.errors import KGError
from kg.project import Project
from kg.sources.curator import read_yaml_text
from kg.vocab import GRAPH_BASE, SCHEMA
from tests.conftest import ROOT

DATA = Path(__file__).resolve().parents[1] / "data" / "extract"
VOCABULARY = (ROOT / "ontology" / "vocabularies.ttl").read_text(encoding="utf-8")


def kind_or_unknown(kind: str) -> str:
    return kind if f"<concept/item-kind/{kind}> a skos:Concept" in VOCABULARY else "unknown"


def items_of(text: str) -> list[dict]:
    out: list[dict] = []

    def walk(items: list[dict], level: int) -> None:
        for it in items:
            out.append({**it, "level": level})
            walk(it.get("items", []), level + 1)

    walk(yaml.safe_load(text)["events"][0]["programme"], 0)
    return out


def test_layouts_are_tried_in_one_table() -> None:
    assert [m.NAME for m in LAYOUTS] == ["measure", "conference", "seed", "invitation"]


def test_conference_page_times_alone_bullets_and_two_days(fictional: kg.KnowledgeGraph) -> None:
    e = extract_event(DATA / "fachkonferenz.txt", fictional)
    assert e.layout == "conference"
    assert e.event_line.startswith(
        "event/2019-07-01-fachkonferenz-beispielkommunen-2019 (new), 2019-07-01T13:30+02:00 to 2019-07-02"
    )
    got = [
        (
            it["level"],
            it["id"],
            it["kind"],
            it.get("day"),
            it.get("time"),
            it.get("end"),
            it.get("end-derived"),
        )
        for it in items_of(e.yaml)
    ]
    assert got == [
        (0, "d1-1330-begruessung", "welcome", None, "13:30", "14:00", True),
        (
            0,
            "d1-1400-impulse-aus-den-projekten",
            "programme-block",
            None,
            "14:00",
            "15:30",
            None,
        ),  # stated end
        (1, "d1-1400-beispiel2040", "project-talk", None, None, None, None),
        (1, "d1-1400-regionale-wege-zum-beispiel", "unknown", None, None, None, None),
        (0, "d1-1530-kaffeepause", "break", None, "15:30", "16:00", True),
        (0, "d1-1600-keynote", "keynote", None, "16:00", None, None),  # the next item is on the next day
        (
            0,
            "d2-0900-technischer-check-in",
            "technical-introduction",
            dt.date(2019, 7, 2),
            "9:00",
            "9:30",
            True,
        ),
        (0, "d2-0930-podiumsdiskussion", "panel-discussion", dt.date(2019, 7, 2), "9:30", "12:00", True),
        (0, "d2-1200-ende-der-konferenz", "end", dt.date(2019, 7, 2), "12:00", None, None),
    ]
    items = items_of(e.yaml)
    # Name, Job, Organisation
    erika = items[0]["appearances"][0]
    assert (erika["person"], erika["job-title"], erika["affiliation"]) == (
        "erika-musterfrau",
        "Referatsleiterin",
        ["beispiel-institut"],
    )
    assert items[2]["appearances"][0]["project"] == "beispiel2040"
    # a line-break hyphen mended against a known word ("Beispielinstitut für Regionalentwicklung")
    assert 'name: "Netzwerk Regionalentwicklung Musterland"' in e.yaml
    assert 'Regional-entwicklung Musterland"' not in e.yaml.split("organisations:")[1]
    # one title per person: the graph's "Prof." stays, the page's "Prof. Dr." is noted (the build refuses two)
    assert "# the page writes Prof. Dr., the graph Prof." in e.yaml
    panel = items[7]["appearances"]
    assert [(a["person"], a["role"]) for a in panel] == [
        ("erika-musterfrau", "panellist"),
        ("jan-beispiel", "panellist"),
    ]
    doc = read_yaml_text(e.yaml, GRAPH_BASE + "konferenz")
    starts = {
        q.subject.value.rsplit("/", 1)[1]: q.object.value
        for q in doc.quads
        if q.predicate.value == str(SCHEMA.startDate)
    }
    assert starts["d2-0900-technischer-check-in"] == "2019-07-02T09:00:00+02:00"
    assert starts["d1-1330-begruessung"] == "2019-07-01T13:30:00+02:00"


def test_measure_page_pause_check_in_inline_panel_and_summer_offset(fictional: kg.KnowledgeGraph) -> None:
    e = extract_event(DATA / "beispiele-wagen.txt", fictional)
    assert e.layout == "measure"
    assert "2026-06-04T10:00+02:00 to 2026-06-04T12:00+02:00, online" in e.event_line
    got = [(it["level"], it["kind"], it.get("time")) for it in items_of(e.yaml)]
    assert got == [
        (0, "technical-introduction", "9:45"),  # "Technischer Check-in", not a project talk
        (0, "welcome", "10:00"),
        (0, "programme-block", "10:15"),
        (1, "project-talk", None),
        (1, "project-talk", None),
        (0, "break", "11:00"),  # "Pause", not a project talk
        (0, "panel-discussion", "11:10"),
        (0, kind_or_unknown("summary-and-outlook"), "11:50"),
        (0, "end", "12:00"),
    ]
    items = items_of(e.yaml)
    assert [a["person"] for a in items[4]["appearances"]] == ["jana-beispiel", "jan-beispiel"]
    assert {a["project"] for a in items[4]["appearances"]} == {"neuprojekt"}
    assert items[4]["appearances"][0]["affiliation"] == ["beispielinstitut-regionalentwicklung"]
    max_ = items[3]["appearances"][0]
    assert (max_["job-title"], max_["affiliation"]) == ("Bürgermeister", ["stadt-musterstadt"])
    assert [a["person"] for a in items[6]["appearances"]] == ["erika-musterfrau", "max-mustermann"]
    assert yaml.safe_load(e.yaml)["events"][0]["appearances"][0]["role"] == "moderator"
    by_text = {m.text: m.status for m in e.matches}
    assert by_text["NEUPROJEKT"] == "new"
    assert e.cut_short is None and e.unparsed == []


def test_invitation_inline_performers_and_lines_after_the_programme(fictional: kg.KnowledgeGraph) -> None:
    e = extract_event(DATA / "beispielforum.txt", fictional)
    assert e.layout == "invitation"
    got = [
        (it["title"], it["kind"], [a.get("person") or a.get("performer") for a in it.get("appearances", [])])
        for it in items_of(e.yaml)
    ]
    assert got == [
        ("Begrüßung", "welcome", ["erika-musterfrau"]),
        ("Grußwort", "greeting", ["max-mustermann"]),
        ("Mittagspause", "break", []),
        ("Vorstellung der Ergebnisse", "unknown", ["organization/beispiel-institut"]),
    ]
    assert e.after == [(9, "Anmeldung:"), (10, "bis 1. März bei Jana Beispiel")]
    assert "Jana Beispiel" not in {m.text for m in e.matches}
    assert any("give the event its name" in q for q in e.questions)


def test_made_up_pages_build_as_extracted(tmp_path: Path, fictional: kg.KnowledgeGraph) -> None:
    for name in ("ontology", "data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    copy = Project(tmp_path)
    shutil.copy(DATA / "known.yaml", copy.curated_dir / "known.yaml")
    for page in ("fachkonferenz", "beispiele-wagen", "beispielforum", "beispieltag", "zweiter-beispieltag"):
        e = extract_event(DATA / f"{page}.txt", project=copy)
        (copy.curated_dir / f"extracted-{page}.yaml").write_text(e.yaml, encoding="utf-8")
    report = kg.build_dataset(copy, copy.root / "dist")
    assert GRAPH_BASE + "extracted-fachkonferenz" in report.graphs


def test_measure_variants_of_the_same_site(tmp_path: Path, fictional: kg.KnowledgeGraph) -> None:
    """Other pages of the measure's site: no dash after ``Uhr``, a stated end, a known project of
    two words, ``Moderation » Name`` on one line, a day in the header without times."""
    page = tmp_path / "variante.txt"
    page.write_text(
        "# source: https://example.org/variante\n"
        "» Beispiele leben!\n"
        "Programm Mittwoch, 02.12.2026, online\n"
        "09:50 Uhr Technische Einführung (optional)\n"
        "10:00 - 10:30 Uhr - Begrüßung\n"
        "» Dr. Erika Musterfrau, Beispiel-Institut\n"
        "10:30 Uhr - Ergebnisse\n"
        "» BEISPIEL 2040: Allianzen im Beispielland\n"
        "Max Mustermann, Stadt Musterstadt\n"
        "11:00 Uhr - Ende\n"
        "Moderation » Jana Beispiel, Beispiel-Institut\n",
        encoding="utf-8",
    )
    e = extract_event(page, fictional)
    assert e.unparsed == [] and e.cut_short is None
    got = [
        (it["level"], it["kind"], it.get("time"), it.get("end"), it.get("end-derived"))
        for it in items_of(e.yaml)
    ]
    assert got == [
        (0, "technical-introduction", "9:50", "10:00", True),
        (0, "welcome", "10:00", "10:30", None),
        (0, "programme-block", "10:30", "11:00", True),
        (1, "project-talk", None, None, None),
        (0, "end", "11:00", None, None),
    ]
    assert items_of(e.yaml)[3]["about"] == "beispiel2040"
    doc = yaml.safe_load(e.yaml)["events"][0]
    assert (doc["name"], str(doc["start"]), doc["online"]) == (
        "Beispiele leben!",
        "2026-12-02T10:00",
        True,
    )  # the optional item aside
    assert [a["person"] for a in doc["appearances"]] == ["jana-beispiel"]


def test_a_programme_that_stops_before_its_end_is_cut_short(
    tmp_path: Path, fictional: kg.KnowledgeGraph
) -> None:
    """The header says 12:30, the page's last item starts at 11:00 and no item ends the programme:
    reported cut short with its last line, the event marked, nothing added."""
    page = tmp_path / "gekuerzt.txt"
    page.write_text(
        "» Beispiele kürzen!\n"
        "Programm Dienstag, 01.12.2026, 10:00 - 12:30 Uhr, online\n"
        "10:00 Uhr - Begrüßung\n"
        "» Dr. Erika Musterfrau, Beispiel-Institut\n"
        "11:00 Uhr - Blick von außen\n"
        "» Jana Beispiel, Beispiel-Institut\n",
        encoding="utf-8",
    )
    e = extract_event(page, fictional)
    assert e.cut_short == (6, "» Jana Beispiel, Beispiel-Institut")
    assert "CUT SHORT: the page breaks off at line 6" in e.report()
    assert [it["id"] for it in items_of(e.yaml)] == ["1000-begruessung", "1100-blick-von-aussen"]
    assert "end" not in items_of(e.yaml)[1]  # the last item's end is not known
    assert any("breaks off at line 6" in q for q in e.questions)


def test_the_page_date_and_date_must_agree(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text(
        "» Ein Tag\nProgramm Dienstag, 01.12.2026, 10:00 - 12:30 Uhr\n10:00 Uhr - Begrüßung\n",
        encoding="utf-8",
    )
    with pytest.raises(KGError, match="the page says 2026-12-01, --date says 2026-12-02"):
        extract_event(page, date="2026-12-02")
    assert extract_event(page, date="2026-12-01").event.endswith("event/2026-12-01-ein-tag")


def test_an_invitations_date_line_names_the_event_not_the_invitation(
    tmp_path: Path, fictional: kg.KnowledgeGraph
) -> None:
    # regression: "Einladung zur Abschlussveranstaltung am Mittwoch, 28. Oktober" (the MOSAIK
    # invitation) named the event "Einladung zur Abschlussveranstaltung", its id after it
    page = tmp_path / "einladung.txt"
    page.write_text(
        "Einladung zur Abschlussveranstaltung am Mittwoch, 28. Oktober\nProgramm:\n- Begrüßung\n",
        encoding="utf-8",
    )
    e = extract_event(page, fictional, date="2026-10-28")
    event = yaml.safe_load(e.yaml)["events"][0]
    assert (event["id"], event["name"]) == ("2026-10-28-abschlussveranstaltung", "Abschlussveranstaltung")
    assert any("give the event its name" in q for q in e.questions)  # still a question: from a date line
    forum = yaml.safe_load(extract_event(DATA / "beispielforum.txt", fictional).yaml)["events"][0]
    assert forum["name"] == "Beispielforum"
    # a heading that only starts like an invitation keeps its words
    page.write_text(
        "Einladungskarten gestalten am Mittwoch, 28. Oktober\nProgramm:\n- Begrüßung\n", encoding="utf-8"
    )
    assert yaml.safe_load(extract_event(page, fictional, date="2026-10-28").yaml)["events"][0]["name"] == (
        "Einladungskarten gestalten"
    )

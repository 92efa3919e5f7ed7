"""The real pages in tests/data/extract/pages/ (copies of ../shared/seed/pages/): what each must yield.

What a page yields by itself (items, nesting, kinds, times, people) is read against the
vocabulary alone (``page_only``): curators extend data/curated/ in parallel, and an item the
graph already has keeps the graph's kind. Matching (the event by its address, the projects, the
cut-off organisation) is read against the project's own sources. Kinds the vocabulary may gain
(summary and outlook, comment, talk) are expected where it has them, "unknown" where not yet.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

import kg
from kg.curate.extract import QUESTION, extract_event
from kg.errors import KGError
from kg.project import Project
from kg.sources.curator_keys import SECTIONS
from kg.sources.readers import read_sources
from tests.conftest import ROOT, run_kg

PAGES = Path(__file__).resolve().parents[1] / "data" / "extract" / "pages"
SEED = ROOT / "data" / "sources" / "event-2020-11-24-allianzen-bilden.txt"
VOCABULARY = (ROOT / "ontology" / "vocabularies.ttl").read_text(encoding="utf-8")


def kind_or_unknown(kind: str) -> str:
    """The kind where the vocabulary has it (a curator may be adding it), else "unknown"."""
    return kind if f"<concept/item-kind/{kind}> a skos:Concept" in VOCABULARY else "unknown"


def items_of(extraction) -> list[dict]:
    """The programme items of the YAML, depth first, each with its level."""
    doc = yaml.safe_load(extraction.yaml)
    out: list[dict] = []

    def walk(items: list[dict], level: int) -> None:
        for it in items:
            out.append({**it, "level": level})
            walk(it.get("items", []), level + 1)

    walk(doc["events"][0]["programme"], 0)
    return out


def people_of(extraction) -> set[str]:
    return {m.text for m in extraction.matches if m.kind == "person"}


def projects_of(extraction) -> set[str]:
    return {m.iri.rsplit("/", 1)[1] for m in extraction.matches if m.kind == "project"}


@pytest.fixture(scope="module")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="module")
def page_only() -> kg.KnowledgeGraph:
    """The ontology and its vocabularies, no curated data: what a page yields by itself."""
    store = ox.Store()
    for doc in read_sources(Project(ROOT)):
        if doc.is_ontology:
            g = ox.NamedNode(doc.graph)
            store.extend([ox.Quad(q.subject, q.predicate, q.object, g) for q in doc.quads])
    return kg.KnowledgeGraph(store, "the ontology alone")


def test_interkommunal_agieren_matched(project: Project) -> None:
    e = extract_event(PAGES / "event-2020-12-08-interkommunal-agieren.txt", project=project)
    assert e.event.endswith("event/2020-12-08-interkommunal-agieren")  # the curated event, by its address
    assert {"kif", "lebenswert", "webwiko", "komkomin"} <= projects_of(e)
    assert e.cut_short is None  # "Institut Raum & Energie" is a whole name, not a cut one


def test_interkommunal_agieren(page_only: kg.KnowledgeGraph) -> None:
    e = extract_event(
        PAGES / "event-2020-12-08-interkommunal-agieren.txt", page_only, name="Interkommunal agieren!"
    )
    assert e.layout == "measure"
    assert "2020-12-08T10:00+01:00" in e.event_line and "online" in e.event_line
    got = [
        (it["level"], it["kind"], it.get("time"), it.get("end"), it.get("end-derived")) for it in items_of(e)
    ]
    assert got == [
        (0, "technical-introduction", "9:50", "10:00", True),
        (0, "welcome", "10:00", "10:20", True),
        (0, "programme-block", "10:20", "11:30", True),
        (1, "project-talk", None, None, None),
        (1, "project-talk", None, None, None),
        (1, "project-talk", None, None, None),
        (0, kind_or_unknown("unknown"), "11:30", "12:00", True),
        (0, "outside-view", "12:00", "12:15", True),
        (0, kind_or_unknown("summary-and-outlook"), "12:15", "12:30", True),
        (0, "end", "12:30", None, None),
    ]
    assert e.items == 10 and e.people == 6
    assert people_of(e) == {
        "Katrin Fahrenkrug",
        "Detlev Kohlmeier",
        "Alexander Heppe",
        "Benjamin Möller",
        "Stephanie Bock",
        "Markus Brohm",
    }
    assert projects_of(e) == {"kif", "lebenswert", "webwiko", "komkomin"}
    assert e.cut_short is None
    talks = [it for it in items_of(e) if it["kind"] == "project-talk"]
    assert [t["about"] for t in talks] == ["kif", "lebenswert", "webwiko"]
    kohlmeier = talks[0]["appearances"][0]
    assert kohlmeier["job-title"] == "Landrat" and kohlmeier["project"] == "kif"
    doc = yaml.safe_load(e.yaml)
    moderation = doc["events"][0]["appearances"]
    assert [(a["person"], a["role"]) for a in moderation] == [("katrin-fahrenkrug", "moderator")]


def test_allianzen_bilden_is_cut_short_in_the_moderation(project: Project) -> None:
    e = extract_event(PAGES / "event-2020-11-24-allianzen-bilden.txt", project=project)
    assert e.event.endswith("event/2020-11-24-allianzen-bilden")
    assert e.cut_short == (25, "» Dr. Stephanie Bock, Deutsches Institut für Urbani")
    kinds = [(it["level"], it["kind"], it.get("time")) for it in items_of(e)]
    assert kinds == [
        (0, "technical-introduction", "9:50"),
        (0, "welcome", "10:00"),
        (0, "programme-block", "10:20"),
        (1, "project-talk", None),
        (1, "project-talk", None),
        (0, "outside-view", "11:30"),
        (0, "panel-discussion", "11:40"),
        (0, "end", "12:30"),
    ]
    assert people_of(e) == {
        "Stephanie Bock",
        "Jan Abt",
        "Thomas Klie",
        "Birgit Böhm",
        "Lilian Schwalb",
        "Anita Burkhardt",
        "Andi Grabner",
    }
    assert projects_of(e) == {"komkomin", "koda-eg", "lazikn2030"}  # LAZIK2030 is a spelling of LAZIKN2030
    moderation = yaml.safe_load(e.yaml)["events"][0]["appearances"]
    # the person is on the page in full; the cut organisation is left out, not completed
    assert moderation == [
        {
            "id": "moderation-stephanie-bock",
            "person": "stephanie-bock",
            "role": "moderator",
            "stated-as": "Moderation: » Dr. Stephanie Bock, Deutsches Institut für Urbani",
        }
    ]
    assert any("cut short" in q and "organization/difu" in q for q in e.questions)
    assert "CUT SHORT: the page breaks off at line 25" in e.report()


def test_experimente_wagen_is_cut_short(page_only: kg.KnowledgeGraph) -> None:
    page = PAGES / "event-2020-11-04-experimente-wagen.txt"
    with pytest.raises(KGError, match="pass --name"):  # the page names no event
        extract_event(page, page_only)
    e = extract_event(page, page_only, name="Experimente wagen!")
    assert e.event_line.startswith("event/2020-11-04-experimente-wagen (new), 2020-11-04T10:00+01:00")
    assert e.cut_short == (18, "» Diskussions")
    assert e.unparsed == [(18, "» Diskussions")]
    got = [(it["kind"], it.get("time"), it.get("end")) for it in items_of(e)]
    assert got == [
        ("technical-introduction", "9:50", "10:00"),
        ("welcome", "10:00", "10:10"),
        ("unknown", "10:10", "10:35"),
        ("unknown", "10:35", "11:00"),
        (kind_or_unknown("talk"), "11:00", "11:20"),  # "Erfahrungsberichte" where the vocabulary knows it
        (kind_or_unknown("comment"), "11:20", "11:30"),
        ("unknown", "11:30", None),  # its panel is cut off: no end, no guessed panel
    ]
    assert people_of(e) == {
        "Jan Abt",
        "Julia Diringer",
        "Jens Libbe",
        "Annette Seitz",
        "Angelika Sack",
        "Harriet Ellwein",
        "Susanne Schön",
    }
    assert projects_of(e) == {"komkomin", "synver-z", "tempaland", "kif", "kudequa"}
    speakers = items_of(e)[4]["appearances"]
    assert [(a["person"], a["project"]) for a in speakers] == [
        ("annette-seitz", "tempaland"),
        ("angelika-sack", "kif"),
        ("harriet-ellwein", "kudequa"),
    ]
    if "programme-incomplete" in SECTIONS["events"]:  # the key a curator colleague adds
        assert yaml.safe_load(e.yaml)["events"][0]["programme-incomplete"] is True
    assert any("breaks off at line 18" in q for q in e.questions)


def test_experimente_wagen_matched(project: Project) -> None:
    page = PAGES / "event-2020-11-04-experimente-wagen.txt"
    try:
        e = extract_event(page, project=project)
    except KGError as err:  # no curated event of that address yet: the extractor asks
        assert "pass --name" in str(err)
        e = extract_event(page, project=project, name="Experimente wagen!")
    assert {"komkomin", "tempaland", "kif", "kudequa"} <= projects_of(e)
    assert e.cut_short == (18, "» Diskussions")


def test_mosaik_invitation_asks_for_the_year(page_only: kg.KnowledgeGraph) -> None:
    page = PAGES / "event-2020-10-28-mosaik-abschlussveranstaltung.txt"
    with pytest.raises(KGError, match=r"no year: pass --date"):
        extract_event(page, page_only)
    with pytest.raises(KGError, match="is a Donnerstag, the page says Mittwoch"):
        extract_event(page, page_only, date="2021-10-28")
    e = extract_event(page, page_only, date="2020-10-28")
    assert e.layout == "invitation"
    got = [(it["title"], it["kind"], "time" in it) for it in items_of(e)]
    assert got == [
        ("Begrüßung", "welcome", False),
        ("Grußwort", "greeting", False),
        (
            "Vorstellung der stadtweiten Quartierstypen und der Handlungsempfehlungen für deren Weiterentwicklung",
            "unknown",
            False,
        ),
        (
            "Fazit und Ausblick auf die zukünftige Quartiersentwicklung",
            kind_or_unknown("summary-and-outlook"),
            False,
        ),
    ]
    assert people_of(e) == {"Burkhard Mast-Weisz", "Vera Grimm", "Thomas Neuhaus"}
    items = items_of(e)
    assert items[0]["appearances"][0]["job-title"] == "Oberbürgermeister"
    assert items[2]["appearances"][0]["performer"] == "organization/tu-dortmund"  # (TU Dortmund)
    assert items[3]["appearances"][0]["job-title"] == "Beigeordneter"
    doc = yaml.safe_load(e.yaml)
    assert str(doc["events"][0]["start"]) == "2020-10-28"  # the day of --date, no time: the page gives none
    assert doc["source"]["address"].startswith("https://remscheid.de/")
    assert e.after == [(10, "Anmeldekontakt:")]


def test_mosaik_matched(project: Project) -> None:
    e = extract_event(
        PAGES / "event-2020-10-28-mosaik-abschlussveranstaltung.txt", project=project, date="2020-10-28"
    )
    grimm = items_of(e)[1]["appearances"][0]
    assert (grimm["person"], grimm["affiliation"]) == ("vera-grimm", ["bmbf"])  # "… (BMBF)" is the ministry


def test_every_page_and_the_seed_build_as_extracted(tmp_path: Path) -> None:
    """The YAML builds as it is: all four pages and the seed, extracted into one project copy."""
    for name in ("ontology", "data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    copy = Project(tmp_path)
    options = {"mosaik": {"date": "2020-10-28"}, "experimente": {"name": "Experimente wagen!"}}
    for i, page in enumerate([*sorted(PAGES.glob("*.txt")), SEED]):
        kw = next((v for k, v in options.items() if k in page.name), {})
        e = extract_event(page, project=copy, **kw)  # type: ignore[arg-type]
        (copy.curated_dir / f"extracted-{i}-{page.stem}.yaml").write_text(e.yaml, encoding="utf-8")
        assert all(QUESTION in line for line in e.yaml.splitlines() if "AMBIGUOUS" in line)
    report = kg.build_dataset(copy, copy.root / "dist")
    assert sum(1 for g in report.graphs if "extracted-" in g) == 5


def test_extract_twice_in_a_row_and_without_dist(tmp_path: Path) -> None:
    """Extraction reads the sources: a stale or missing dist/ does not matter, and the file being
    overwritten does not match the page's names against themselves."""
    for name in ("ontology", "data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    out = tmp_path / "data" / "curated" / "draft.yaml"
    page = PAGES / "event-2020-12-08-interkommunal-agieren.txt"
    reports = []
    for _ in range(2):
        result = run_kg("--project", str(tmp_path), "extract", str(page), "-o", str(out))
        assert result.returncode == 0, result.stderr
        reports.append(result.stderr)
    assert reports[0] == reports[1]  # the first draft's names did not become "matched"
    assert "Detlev Kohlmeier  →  person/detlev-kohlmeier" in reports[1]
    assert not (tmp_path / "dist").exists()
    assert "(layout measure)\nevent event/2020-12-08-interkommunal-agieren (matched)" in result.stderr


def test_a_new_item_in_the_slot_of_a_known_one_is_a_question(tmp_path: Path) -> None:
    """The 24.11.2020 page's "12:30 Abschluss und Ende" is new by its title, but the graph has
    "Ende der Onlineveranstaltung" at 12:30 of that event, of the same kind: a question names it,
    the item stays new (no merge unseen), and the curator's answer builds as one item."""
    for name in ("ontology", "data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    copy = Project(tmp_path)
    e = extract_event(PAGES / "event-2020-11-24-allianzen-bilden.txt", project=copy)
    end = [it for it in items_of(e) if it["kind"] == "end"]
    assert [(it["id"], it["title"]) for it in end] == [("1230-abschluss-und-ende", "Abschluss und Ende")]
    line = next(x for x in e.yaml.splitlines() if "- id: 1230-abschluss-und-ende" in x)
    assert QUESTION in line and "item 1230-ende (Ende der Onlineveranstaltung), also end at 12:30" in line
    assert [q for q in e.questions if "1230-ende" in q] == [line.split(QUESTION, 1)[1].strip()]
    # items of another kind or time are not asked about: only the one end item
    assert sum("the graph has item" in q for q in e.questions) == 1
    draft = copy.curated_dir / "node-1312.yaml"
    draft.write_text(e.yaml, encoding="utf-8")
    kg.build_dataset(copy, copy.root / "dist")  # as written: builds, the page's item beside the graph's
    resolved = e.yaml.replace(
        line, line.split("  #", 1)[0].replace("1230-abschluss-und-ende", "1230-ende")
    ).replace(
        'title: "Abschluss und Ende"',
        'title: "Ende der Onlineveranstaltung"\n        spellings: ["Abschluss und Ende"]',
    )
    draft.write_text(resolved, encoding="utf-8")
    kg.build_dataset(copy, copy.root / "dist")
    graph = kg.load(copy.root / "dist")
    rows = graph.query(
        "SELECT ?item ?label WHERE { ?item kgo:itemKind <concept/item-kind/end> ; schema:superEvent+ "
        "<event/2020-11-24-allianzen-bilden> OPTIONAL { ?item skos:altLabel ?label } }"
    )
    assert [(str(r["item"]).rsplit("/", 1)[1], str(r["label"])) for r in rows] == [
        ("1230-ende", "Abschluss und Ende")
    ]

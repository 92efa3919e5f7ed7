"""kg.curate.extract.people: performer lines into people, titles, jobs, organisations, projects."""

from __future__ import annotations

from kg.curate.extract.matching import Known, Names
from kg.curate.extract.page import PerformerLine
from kg.curate.extract.people import People
from kg.pipeline.checks import normalise_name
from kg.vocab import BASE


def read(body: str, role: str = "speaker", *, three_parts: bool = False, known: Known | None = None):
    k = known or Known()
    people = People(Names(k))
    return people.read(PerformerLine(1, body, role, body, three_parts)), people


def short(iri: str) -> str:
    return iri[len(BASE) :]


def test_two_people_one_organisation_one_project() -> None:
    found, people = read("Dr. Stephanie Bock und Jan Abt, Deutsches Institut für Urbanistik (KomKomIn)")
    assert found is not None
    assert [(a.person_name, a.honorific) for a in found] == [("Stephanie Bock", "Dr."), ("Jan Abt", None)]
    assert {short(m.iri) for a in found for m in a.affiliations} == {
        "organization/deutsches-institut-fuer-urbanistik"
    }
    assert {short(a.project.iri) for a in found if a.project} == {"project/komkomin"}
    assert people.facts[BASE + "person/stephanie-bock"]["honorific"] == "Dr."


def test_job_titles_inline_between_and_before_the_name() -> None:
    found, _ = read("Detlev Kohlmeier, Landrat Landkreis Nienburg")
    assert found and (found[0].job_title, found[0].affiliations[0].text) == ("Landrat", "Landkreis Nienburg")
    found, _ = read("Prof. Dr. Max Mustermann, Leiter des Instituts, Beispiel-Institut", three_parts=True)
    assert found and (found[0].job_title, found[0].affiliations[0].text) == (
        "Leiter des Instituts",
        "Beispiel-Institut",
    )
    found, _ = read("Oberbürgermeister Burkhard Mast-Weisz")
    assert found and (found[0].person_name, found[0].job_title, found[0].affiliations) == (
        "Burkhard Mast-Weisz",
        "Oberbürgermeister",
        [],
    )


def test_names_alone_as_in_an_inline_panel() -> None:
    found, _ = read("Thomas Eble und Prof. Dr. Peter Dehne", "panellist")
    assert found and [(a.person_name, a.honorific, a.role) for a in found] == [
        ("Thomas Eble", None, "panellist"),
        ("Peter Dehne", "Prof. Dr.", "panellist"),
    ]


def test_a_project_or_an_organisation_hosting_an_item() -> None:
    found, _ = read("Begleitvorhaben KomKomIn")
    assert found and (found[0].performer_kind, found[0].role) == ("project", "host")
    found, _ = read("TU Dortmund")
    assert found and (found[0].performer_kind, found[0].performer.text) == ("organisation", "TU Dortmund")


def test_slashes_split_two_organisations_not_one_with_its_places() -> None:
    found, _ = read("Max Mustermann, Beispiel-Institut / Stadt Musterstadt")
    assert found and [m.text for m in found[0].affiliations] == ["Beispiel-Institut", "Stadt Musterstadt"]
    found, _ = read("Julia Yildiz, HAWK Hochschule Hildesheim / Holzminden / Göttingen")
    assert found and [m.text for m in found[0].affiliations] == [
        "HAWK Hochschule Hildesheim / Holzminden / Göttingen"
    ]


def test_a_known_organisation_in_brackets_is_not_a_project() -> None:
    known = Known()
    known.names["organisation"][normalise_name("Zentrum für zivilgesellschaftliche Entwicklung (zze)")].add(
        BASE + "organization/zze"
    )
    found, _ = read(
        "Prof. Dr. Thomas Klie, Zentrum für zivilgesellschaftliche Entwicklung (zze) (KoDa_eG)", known=known
    )
    assert found and short(found[0].affiliations[0].iri) == "organization/zze"
    assert found[0].project is not None and found[0].project.text == "KoDa_eG"


def test_what_is_not_a_performer_line() -> None:
    assert read("??? Kaffee & Kuchen !!!")[0] is None
    assert read("Diskussions")[0] is None

"""kg.curate.extract.matching: names against what is known; cut-off names; mended hyphens."""

from __future__ import annotations

from kg.curate.extract.matching import Known, Names
from kg.pipeline.checks import normalise_name
from kg.vocab import BASE


def known() -> Known:
    k = Known()
    for kind, name, iri in [
        ("organisation", "Deutsches Institut für Urbanistik", "organization/difu"),
        ("organisation", "Institut Raum & Energie GmbH", "organization/institut-raum-energie"),
        ("person", "Jana Beispiel", "person/jana-beispiel"),
        ("person", "Jan Beispiel", "person/jan-beispiel"),
        ("organisation", "Beispielinstitut für Regionalentwicklung", "organization/bfr"),
    ]:
        k.names[kind][normalise_name(name)].add(BASE + iri)
        k.entities.add(BASE + iri)
        k.words.update(name.split())
    return k


def test_matched_new_and_ambiguous() -> None:
    k = known()
    assert k.lookup("organisation", "Deutsches Institut für Urbanistik") == (
        "matched",
        BASE + "organization/difu",
        [],
    )
    assert k.lookup("organisation", "Bundesnetzwerk") == ("new", None, [])
    status, _, candidates = k.lookup("person", "Jana Beispil")
    assert status == "ambiguous" and BASE + "person/jana-beispiel" in candidates


def test_a_cut_off_name_is_one_cut_inside_a_word() -> None:
    k = known()
    assert k.truncated("Deutsches Institut für Urbani") == [BASE + "organization/difu"]
    assert k.truncated("Institut Raum & Energie") == []  # a whole name, shorter than the known one
    assert k.truncated("Deutsches Institut für Urbanistik") == []


def test_line_break_hyphens_are_mended_against_known_words() -> None:
    k = known()
    assert k.mend("Netzwerk Regional-entwicklung Musterland") == "Netzwerk Regionalentwicklung Musterland"
    assert k.mend("Sandersdorf-Brehna und Bürger-meister") == "Sandersdorf-Brehna und Bürger-meister"


def test_a_new_name_never_takes_the_id_of_another_entity() -> None:
    names = Names(known())
    m = names.resolve("organisation", "Institut Raum & Energie", 6)
    assert m.status == "ambiguous" and m.candidates == [BASE + "organization/institut-raum-energie"]
    assert m.iri == BASE + "organization/institut-raum-energie-2"
    assert names.resolve("organisation", "Institut Raum & Energie", 21) is m  # reported once

"""kg.curate.extract.kinds: an item's kind from the vocabulary's labels, or "unknown"."""

from __future__ import annotations

import pytest

from kg.curate.extract.kinds import UNKNOWN, kind_from_title, kind_of
from kg.curate.extract.matching import known_in_project
from kg.curate.extract.page import Item
from kg.project import Project
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def labels() -> list[tuple[str, str]]:
    return known_in_project(Project(ROOT)).concepts["concept/item-kind"]


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Begrüßung und inhaltliche Einführung", "welcome"),
        ("Technische Einführung", "technical-introduction"),
        ("Technischer Check-in", "technical-introduction"),
        ("Pause", "break"),
        ("Kaffeepause", "break"),
        ("Grußwort", "greeting"),
        ("Keynote: Die Kommune von morgen", "keynote"),
        ("Ein externer Blick: Erfolgsfaktoren für interkommunale Kooperation", "outside-view"),
        ("Der Blick von außen", "outside-view"),
        ("Abschluss und Ende", "end"),
        ("Ende der Onlineveranstaltung", "end"),
    ],
)
def test_labels_at_the_start_of_the_title_or_a_part(labels, title: str, kind: str) -> None:
    assert kind_from_title(title, labels) == kind


@pytest.mark.parametrize(
    "title",
    [
        "Transformativ und Transdisziplinär? Ein (nicht mehr) neuer Forschungsansatz",
        "Break-out-Sessions",
        "Endergebnisse",
    ],
)
def test_no_label_no_kind(labels, title: str) -> None:
    assert kind_from_title(title, labels) is None


def test_structure_first_then_labels_then_unknown(labels) -> None:
    block = Item(1, "Pause", "", items=[Item(2, "x", "")])
    assert kind_of(block, labels) == "programme-block"
    assert kind_of(Item(1, "Pause", "", kind="project-talk"), labels) == "project-talk"
    assert kind_of(Item(1, "Wie geht es weiter?", ""), labels) == UNKNOWN

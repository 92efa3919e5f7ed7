"""The named queries of the programme-wide data, each with its exact answer."""

from __future__ import annotations

import csv

import kg
from tests.conftest import ROOT


def _rows(graph: kg.KnowledgeGraph, name: str) -> list[tuple[str, ...]]:
    return [tuple("" if v is None else str(v) for v in row) for row in graph.query(name).rows]


def test_focus_theme_projects(graph: kg.KnowledgeGraph) -> None:
    themes: dict[str, list[str]] = {}
    for theme, name, _ in _rows(graph, "focus-theme-projects"):
        themes.setdefault(theme, []).append(name)
    rows = [(theme, len(names), sorted(names)) for theme, names in themes.items()]
    assert rows == [
        ("Datenmanagement und Entscheidungstools", 4, sorted(["WEBWiKo", "KomMonitor", "NaKoFi", "IER-SEK"])),
        (
            "Infrastruktur und Daseinsvorsorge",
            10,
            sorted(
                [
                    "Fokusland",
                    "lebenswert",
                    "NoLA",
                    "TempALand",
                    "JuMoWestküste",
                    "KoDa_eG",
                    "KuDeQua",
                    "KOMOBIL2035",
                    "iMona",
                    "DeWaK",
                ]
            ),
        ),
        (
            "Innenentwicklung",
            8,
            sorted(
                [
                    "Bürgerfonds",
                    "KIF",
                    "Ortsinnenentwicklung",
                    "KOMET",
                    "MOSAIK",
                    "AktVis",
                    "LebensRäume",
                    "Flächenmanagement",
                ]
            ),
        ),
        (
            "Partizipation und Innovation in Reallaboren",
            8,
            sorted(
                [
                    "KoSI-LAB",
                    "TransformBar",
                    "WatNu",
                    "Kleinstadt_gestalten",
                    "CoProGrün",
                    "LAZIKN2030",
                    "IN²",
                    "MIGOEK",
                ]
            ),
        ),
    ]


def test_municipality_populations_agree_with_the_reference_table(graph: kg.KnowledgeGraph) -> None:
    reference = sorted(
        csv.DictReader((ROOT / "data" / "sources" / "municipalities.csv").open(encoding="utf-8")),
        key=lambda r: r["ags"],
    )
    kind = {
        r["ags"]: r["kind"].split(" (member")[0] for r in reference
    }  # the Samtgemeinde note is not a kind
    assert _rows(graph, "municipality-populations") == [
        (
            r["ags"],
            r["name"],
            kind[r["ags"]],
            r["district"],
            r["state"],
            r["population"],
            r["population_date"],
        )
        for r in reference
    ]

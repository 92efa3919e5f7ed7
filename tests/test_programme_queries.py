"""The named queries of the programme-wide data, each with its exact answer."""

from __future__ import annotations

import kg


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


def test_project_participations(graph: kg.KnowledgeGraph) -> None:
    koda = ("2017-07", "2020-06")
    assert _rows(graph, "project-participations") == [
        ("KoDa_eG", "Dorfgemeinschaft Kiebingen e.V.", "associated partner", *koda),
        ("KoDa_eG", "Gemeinde Neuweiler", "associated partner", *koda),
        ("KoDa_eG", "Landkreis Saarpfalz", "associated partner", *koda),
        ("KoDa_eG", "Zentrum für zivilgesellschaftliche Entwicklung", "coordinator", *koda),
        ("KoDa_eG", "Amt Lützow-Lübstorf", "network municipality", *koda),
        ("KoDa_eG", "Gemeinde Oberreichenbach", "partner", *koda),
        ("KoDa_eG", "Gemeinde Posterstein", "partner", *koda),
        ("KoDa_eG", "Gemeinde Schuttertal", "partner", *koda),
        ("KoDa_eG", "K-Punkt Ländliche Entwicklung", "partner", *koda),
        ("KoDa_eG", "SPES e.V.", "partner", *koda),
        ("KoDa_eG", "Stadt Offenburg", "partner", *koda),
        ("KomKomIn", "Deutsches Institut für Urbanistik", "partner", "", ""),
        ("KomKomIn", "Institut Raum & Energie GmbH", "partner", "", ""),
        ("LAZIKN2030", "Consultants Sell-Greiser GmbH & Co. KG", "contractor", "", ""),
        ("LAZIKN2030", "mensch und region", "contractor", "", ""),
        ("LAZIKN2030", "Samtgemeinde Barnstorf", "project municipality", "", ""),
        ("LAZIKN2030", "Stadt Sandersdorf-Brehna", "project municipality", "", ""),
        ("LAZIKN2030", "Leibniz Universität Hannover", "research partner", "", ""),
        ("LAZIKN2030", "Universität Greifswald", "research partner", "", ""),
    ]


def test_municipality_populations(graph: kg.KnowledgeGraph) -> None:
    assert _rows(graph, "municipality-populations") == [
        ("03251005", "Barnstorf", "Flecken", "Landkreis Diepholz", "Niedersachsen", "6465", "2021"),
        ("08235050", "Neuweiler", "Gemeinde", "Landkreis Calw", "Baden-Württemberg", "3124", "2021"),
        ("08235055", "Oberreichenbach", "Gemeinde", "Landkreis Calw", "Baden-Württemberg", "2836", "2021"),
        (
            "08315084",
            "Oberried",
            "Gemeinde",
            "Landkreis Breisgau-Hochschwarzwald",
            "Baden-Württemberg",
            "2892",
            "2021",
        ),
        (
            "08317096",
            "Offenburg",
            "Stadt (Große Kreisstadt)",
            "Ortenaukreis",
            "Baden-Württemberg",
            "59967",
            "2021",
        ),
        ("08317121", "Schuttertal", "Gemeinde", "Ortenaukreis", "Baden-Württemberg", "3176", "2021"),
        (
            "15082340",
            "Sandersdorf-Brehna",
            "Stadt",
            "Landkreis Anhalt-Bitterfeld",
            "Sachsen-Anhalt",
            "14310",
            "2019-12-31",
        ),
        ("16077041", "Posterstein", "Gemeinde", "Landkreis Altenburger Land", "Thüringen", "467", "2021"),
    ]

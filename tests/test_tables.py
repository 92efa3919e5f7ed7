"""The analyst's DataFrames (kg.tables) and the named queries behind them, against the real graph."""

from __future__ import annotations

import pandas as pd

import kg
from kg import tables

EVENT = "https://w3id.org/kommunen-kg/event/2020-11-24-allianzen-bilden"
ITEM = EVENT + "/item/"


def _names(result: kg.QueryResult, var: str) -> list:
    return result.values(var)


# ---------------------------------------------------------------- named queries: exact answers


def test_named_query_programme_items_lists_the_eight_items_in_order(graph: kg.KnowledgeGraph) -> None:
    result = graph.query("programme-items")
    assert _names(result, "order") == [1, 2, 3, 4, 5, 6, 7, 8]
    assert set(_names(result, "event")) == {EVENT}
    assert [str(i).removeprefix(ITEM) for i in _names(result, "item")] == [
        "0950-technische-einfuehrung",
        "1000-begruessung",
        "1020-allianzen-mit-unterschiedlichen-akteuren",
        "1020-koda-eg",
        "1020-lazikn2030",
        "1130-blick-von-aussen",
        "1140-diskussionsrunde",
        "1230-ende",
    ]
    starts = [None if s is None else s.strftime("%H:%M") for s in _names(result, "start")]
    assert starts == ["09:50", "10:00", "10:20", None, None, "11:30", "11:40", "12:30"]
    ends = [None if e is None else e.strftime("%H:%M") for e in _names(result, "end")]
    assert ends == ["10:00", "10:20", "11:30", None, None, "11:40", "12:30", None]
    blocks = [None if b is None else b.removeprefix(ITEM) for b in _names(result, "block")]
    assert blocks == [
        None,
        None,
        None,
        *["1020-allianzen-mit-unterschiedlichen-akteuren"] * 2,
        None,
        None,
        None,
    ]
    assert _names(result, "optional") == [True, None, None, None, None, None, None, None]
    assert _names(result, "kindLabel")[6] == "panel discussion"


def test_named_query_programme_appearances_answers_who_appears_where(graph: kg.KnowledgeGraph) -> None:
    rows = graph.query("programme-appearances").to_records()
    got = [(r["order"], r["performerName"], r["roleLabel"], r["projectName"]) for r in rows]
    assert got == [
        (None, "Stephanie Bock", "moderator", None),
        (1, "KomKomIn", "host", "KomKomIn"),
        (2, "Jan Abt", "speaker", "KomKomIn"),
        (2, "Stephanie Bock", "speaker", "KomKomIn"),
        (4, "Thomas Klie", "speaker", "KoDa_eG"),
        (5, "Birgit Böhm", "speaker", "LAZIKN2030"),
        (6, "Lilian Schwalb", "speaker", None),
        (7, "Andy Grabner", "panellist", "LAZIKN2030"),
        (7, "Anita Burkhardt", "panellist", "KoDa_eG"),
        (7, "Birgit Böhm", "panellist", "LAZIKN2030"),
        (7, "Lilian Schwalb", "panellist", None),
        (7, "Thomas Klie", "panellist", "KoDa_eG"),
    ]
    andy = next(r for r in rows if r["performerName"] == "Andy Grabner")
    assert andy["affiliationName"] == "Stadt Sandersdorf-Brehna"
    assert rows[0]["where"] == EVENT


def test_named_query_several_appearances_finds_the_four_people_who_link_the_programme(
    graph: kg.KnowledgeGraph,
) -> None:
    rows = graph.query("several-appearances").to_records()
    assert [(r["name"], r["appearances"]) for r in rows] == [
        ("Birgit Böhm", 2),
        ("Lilian Schwalb", 2),
        ("Stephanie Bock", 2),
        ("Thomas Klie", 2),
    ]
    klie = next(r for r in rows if r["name"] == "Thomas Klie")
    assert set(klie["places"].split(" | ")) == {
        "Wie können wir Allianzen bilden? Vielfältige Perspektiven",
        "Allianzen mit der engagierten Bürgerschaft: Genossenschaften als zukunftsweisendes Kooperationsformat",
    }


def test_named_query_municipality_locations_places_each_project(graph: kg.KnowledgeGraph) -> None:
    rows = graph.query("municipality-locations").to_records()
    assert [(r["name"], r["ags"], r["latitude"], r["longitude"], r["projectName"]) for r in rows] == [
        ("Neuweiler", "08235050", 48.657642, 8.596988, "KoDa_eG"),
        ("Sandersdorf-Brehna", "15082340", 51.557328, 12.211914, "LAZIKN2030"),
    ]


# ---------------------------------------------------------------- tables


def test_programme_table_gives_untimed_talks_their_blocks_times_and_says_so(graph: kg.KnowledgeGraph) -> None:
    table = tables.programme_table(graph)
    assert list(table["order"]) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert list(table["time_stated"]) == [True, True, True, False, False, True, True, True]
    talks = table[~table["time_stated"]]
    assert set(talks["start"].dt.strftime("%H:%M")) == {"10:20"}
    assert set(talks["end"].dt.strftime("%H:%M")) == {"11:30"}
    assert set(talks["block"]) == {
        "Allianzen mit unterschiedlichen Akteuren: Ergebnisse aus „Kommunen innovativ“"
    }
    # derived ends are flagged only where an end exists and was derived
    assert list(table["end_derived"]) == [True, True, True, False, False, True, True, False]
    assert pd.isna(table["end"].iloc[-1])
    assert table["start"].dt.tz is not None


def test_programme_table_lists_who_appears_in_each_item(graph: kg.KnowledgeGraph) -> None:
    table = tables.programme_table(graph).set_index("order")
    assert table.loc[1, "appearing"] == "KomKomIn"
    assert table.loc[2, "appearing"] == "Jan Abt, Stephanie Bock"
    assert table.loc[3, "appearing"] == ""
    assert (
        table.loc[7, "appearing"] == "Andy Grabner, Anita Burkhardt, Birgit Böhm, Lilian Schwalb, Thomas Klie"
    )


def test_appearances_table_marks_the_moderation_as_the_whole_event(graph: kg.KnowledgeGraph) -> None:
    table = tables.appearances_table(graph)
    first = table.iloc[0]
    assert (first["kind"], first["person"], first["role"]) == (
        tables.WHOLE_EVENT,
        "Stephanie Bock",
        "moderator",
    )
    assert pd.isna(first["order"])
    assert len(table) == 12
    panel = table[table["kind"] == "panel discussion"]
    assert sorted(panel["project"]) == ["", "KoDa_eG", "KoDa_eG", "LAZIKN2030", "LAZIKN2030"]
    assert (table["affiliation"] == "").sum() == 1  # only the hosting project states none


def test_municipality_table_has_float_coordinates(graph: kg.KnowledgeGraph) -> None:
    table = tables.municipality_table(graph)
    assert list(table["municipality"]) == ["Neuweiler", "Sandersdorf-Brehna"]
    assert table["latitude"].dtype == float and table["longitude"].dtype == float
    assert list(table["iri"]) == [
        "https://w3id.org/kommunen-kg/municipality/08235050",
        "https://w3id.org/kommunen-kg/municipality/15082340",
    ]


def test_tables_are_part_of_the_public_api() -> None:
    assert kg.programme_table is tables.programme_table
    assert {"appearances_table", "municipality_table", "programme_table"} <= set(kg.__all__)
    functions = [n for n in kg.__all__ if n[0].islower()]
    assert functions == sorted(functions)

"""The analyst's DataFrames (kg.tables) and the named queries behind them, against the real graph."""

from __future__ import annotations

import csv

import pandas as pd

import kg
from kg.analyst import tables
from tests.conftest import ROOT

EVENT = "https://w3id.org/kommunen-kg/event/2020-11-24-allianzen-bilden"
ITEM = EVENT + "/item/"


def _names(result: kg.QueryResult, var: str) -> list:
    return result.values(var)


# ---------------------------------------------------------------- tables


def test_programme_table_gives_untimed_talks_their_blocks_times_and_says_so(graph: kg.KnowledgeGraph) -> None:
    table = tables.programme_table(graph, event=EVENT)
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


def test_programme_table_and_named_query_give_the_same_times(graph: kg.KnowledgeGraph) -> None:
    # `kg query programme` once left the project talks' times empty while the table filled them
    table = tables.programme_table(graph, event=EVENT)
    query = graph.query("programme", event=EVENT).to_dataframe()
    assert list(query["item"]) == list(table["iri"])
    for col in ("start", "end"):
        assert list(pd.to_datetime(query[col])) == list(table[col]), col
    assert list(query["timeStated"]) == list(table["time_stated"])
    assert query["start"].notna().all()


def test_programme_table_lists_who_appears_in_each_item(graph: kg.KnowledgeGraph) -> None:
    table = tables.programme_table(graph, event=EVENT).set_index("order")
    assert table.loc[1, "appearing"] == "KomKomIn"
    assert table.loc[2, "appearing"] == "Jan Abt, Stephanie Bock"
    assert table.loc[3, "appearing"] == ""
    assert (
        table.loc[7, "appearing"] == "Andy Grabner, Anita Burkhardt, Birgit Böhm, Lilian Schwalb, Thomas Klie"
    )


def test_appearances_table_marks_the_moderation_as_the_whole_event(graph: kg.KnowledgeGraph) -> None:
    table = tables.appearances_table(graph, event="event/2020-11-24-allianzen-bilden")
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
    everywhere = tables.municipality_table(graph)
    assert everywhere["latitude"].dtype == float
    # the municipalities of the CSV, with AGS and coordinates; those a project page names without
    # an AGS come after them, with neither
    table = everywhere[everywhere["ags"].notna()]
    assert everywhere[everywhere["ags"].isna()]["latitude"].isna().all()
    reference = sorted(
        csv.DictReader((ROOT / "data" / "sources" / "municipalities.csv").open()), key=lambda r: r["ags"]
    )
    assert list(table["municipality"]) == [r["name"] for r in reference]
    assert table["latitude"].dtype == float and table["longitude"].dtype == float
    assert list(table["latitude"]) == [float(r["latitude"]) for r in reference]
    assert list(table["iri"]) == ["https://w3id.org/kommunen-kg/municipality/" + r["ags"] for r in reference]


def test_tables_are_part_of_the_public_api() -> None:
    assert kg.programme_table is tables.programme_table
    assert {"appearances_table", "municipality_table", "programme_table"} <= set(kg.__all__)
    functions = [n for n in kg.__all__ if n[0].islower()]
    assert functions == sorted(functions)

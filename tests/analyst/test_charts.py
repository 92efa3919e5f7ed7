"""Charts (kg.charts) drawn from the real graph: what is on them, not how they look.

Each test also saves its figure to test-artifacts/ so a person can look at it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.patches import Rectangle

import kg
from kg.analyst import charts

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _save(fig, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    fig.savefig(ARTIFACTS / name, dpi=80)


def _bars(ax) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def test_timeline_draws_one_bar_per_timed_item_and_hatches_untimed_talks(graph: kg.KnowledgeGraph) -> None:
    programme = kg.programme_table(graph, event="event/2020-11-24-allianzen-bilden")
    fig = charts.timeline(programme, title="Allianzen bilden!")
    _save(fig, "chart-timeline.png")
    ax = fig.axes[0]
    bars = _bars(ax)
    # 8 items, the end of the event has no end: 7 bars and a diamond
    assert len(bars) == 7
    hatched = [b for b in bars if b.get_hatch()]
    assert len(hatched) == 2
    assert [line.get_marker() for line in ax.lines] == ["D"]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].startswith("09:50  Technische Einführung")
    assert labels[3].strip().startswith("↳ Allianzen mit der engagierten")
    assert "Andy Grabner, Anita Burkhardt" in " ".join(t.get_text() for t in ax.texts)
    assert ax.get_title(loc="left") == "Allianzen bilden!"
    assert [t.get_text() for t in ax.get_xticklabels()][:2] == ["10:00", "10:30"]


def test_timeline_of_an_empty_programme_says_so() -> None:
    with pytest.raises(ValueError, match="empty"):
        charts.timeline(pd.DataFrame(columns=["order", "start", "end"]))


def test_appearance_matrix_has_one_marker_per_appearance_shaped_by_role(graph: kg.KnowledgeGraph) -> None:
    appearances = kg.appearances_table(graph, event="event/2020-11-24-allianzen-bilden")
    fig = charts.appearance_matrix(appearances)
    _save(fig, "chart-appearances.png")
    ax = fig.axes[0]
    points = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(points) == len(appearances) == 12
    people = [t.get_text() for t in ax.get_yticklabels()]
    assert people[0] == "Stephanie Bock" and len(people) == len(set(appearances["person"]))
    legend_titles = [
        child.get_title().get_text()
        for child in ax.get_children()
        if hasattr(child, "get_title") and hasattr(child, "legend_handles")
    ]
    assert {"role", "project"} <= set(legend_titles)


def test_bar_chart_sorts_largest_first_and_labels_values() -> None:
    fig = charts.bar_chart({"b": 1, "a": 3, "": 2}, title="t", colours={"a": "#ff0000"})
    _save(fig, "chart-bars.png")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", charts.NO_PROJECT, "b"]
    assert [t.get_text() for t in ax.texts] == ["3", "2", "1"]
    assert _bars(ax)[0].get_facecolor()[:3] == (1.0, 0.0, 0.0)


def test_bar_chart_top_keeps_the_largest_and_shows_fractions() -> None:
    fig = charts.bar_chart(pd.Series({"x": 0.25, "y": 0.5, "z": 0.125}), top=2)
    assert [t.get_text() for t in fig.axes[0].texts] == ["0.5", "0.25"]
    with pytest.raises(ValueError):
        charts.bar_chart({})


def test_colours_for_is_stable_and_greys_out_no_project() -> None:
    one = charts.colours_for(["LAZIKN2030", "KoDa_eG", ""])
    two = charts.colours_for(["KoDa_eG", "LAZIKN2030", "KoDa_eG"])
    assert one["KoDa_eG"] == two["KoDa_eG"] and one["LAZIKN2030"] == two["LAZIKN2030"]
    assert one["KoDa_eG"] != one["LAZIKN2030"]
    assert one[""] == one[charts.NO_PROJECT] != one["KoDa_eG"]


def test_series_timeline_draws_one_stem_per_dated_event_and_names_the_undated(
    graph: kg.KnowledgeGraph,
) -> None:
    timeline = graph.query("series-timeline").to_dataframe(short=True)
    fig = charts.series_timeline(timeline, title="Was macht Kommunen innovativ?")
    _save(fig, "chart-series-timeline.png")
    ax = fig.axes[0]
    dated = timeline[timeline["start"].notna()]
    markers = [line for line in ax.lines if line.get_marker() == "o"]
    assert len(markers) == len(dated) > 0
    # stems as high as the programme has items; hollow where the programme is cut short
    assert sorted(m.get_ydata()[0] for m in markers) == sorted(int(n) for n in dated["items"])
    hollow = [m for m in markers if m.get_markerfacecolor() == "white"]
    assert len(hollow) == int(dated["incomplete"].sum())
    undated = list(timeline.loc[timeline["start"].isna(), "eventName"])
    assert undated and all(name in ax.get_xlabel() for name in undated)
    with pytest.raises(ValueError, match="empty"):
        charts.series_timeline(timeline.iloc[0:0])

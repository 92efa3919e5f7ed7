"""Charts of the knowledge graph: the programme timeline, who appears where, bar charts.

Every function takes the DataFrames of :mod:`kg.tables` (or any Series of numbers) and returns a
``matplotlib.figure.Figure``. Figures are made without pyplot, so a notebook shows a chart exactly
once (as the cell's value) and a script can ``fig.savefig(path)`` without a display.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from typing import Any

NO_PROJECT = "(no project)"
"""How charts label appearances and municipalities that name no project."""

_GREY = "#9e9e9e"
_PALETTE = [
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#1f78b4",
    "#b15928",
    "#6a3d9a",
]
_ROLE_MARKERS = {"moderator": "s", "speaker": "o", "panellist": "^", "host": "D"}


def colours_for(labels: Iterable[str]) -> dict[str, str]:
    """A stable colour per label (sorted, so the same projects get the same colours in every chart);
    the empty label and :data:`NO_PROJECT` are grey."""
    out: dict[str, str] = {}
    named = sorted({label for label in labels if label and label != NO_PROJECT})
    for i, label in enumerate(named):
        out[label] = _PALETTE[i % len(_PALETTE)]
    out[""] = out[NO_PROJECT] = _GREY
    return out


def new_figure(width: float, height: float) -> Any:
    """A matplotlib Figure outside pyplot, shown as a PNG when it is the value of a notebook cell."""
    from matplotlib.figure import Figure

    _show_figures_in_jupyter()
    return Figure(figsize=(width, height), layout="constrained")


def _show_figures_in_jupyter() -> None:
    # IPython renders figures as PNG only once a pyplot backend has registered the formatter;
    # figures made without pyplot need it registered here (and are then shown exactly once)
    import sys

    if "IPython" not in sys.modules:
        return
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or getattr(shell, "_kg_figure_formats", False):
        return
    from IPython.core.pylabtools import select_figure_formats

    select_figure_formats(shell, {"png"})
    shell._kg_figure_formats = True


def _short(text: str, width: int) -> str:
    return textwrap.shorten(str(text), width=width, placeholder="…")


def timeline(programme: Any, *, title: str | None = None, label_width: int = 48) -> Any:
    """The programme as a timeline: one bar per item from its start to its end, in programme order.

    ``programme`` is :func:`kg.tables.programme_table` (one event). Bars are coloured by kind;
    items whose time the source does not state (talks inside a block) are hatched over their
    block's span; an item without an end (the end of the event) is a diamond at its start. Who
    appears is written beside each bar.
    """
    import matplotlib.dates as mdates
    import pandas as pd
    from matplotlib.patches import Patch

    if len(programme) == 0:
        raise ValueError("the programme is empty: nothing to draw")
    rows = programme.sort_values("order").reset_index(drop=True)
    kinds = colours_for(rows["kind"])
    fig = new_figure(12, 0.55 * len(rows) + 1.6)
    ax = fig.add_subplot()
    tz = rows["start"].dropna().iloc[0].tzinfo
    first, last = rows["start"].min(), rows[["start", "end"]].max().max()
    for y, row in rows.iterrows():
        colour = kinds[row["kind"]]
        start, end = row["start"], row["end"]
        if pd.isna(start):
            continue
        if pd.isna(end):
            ax.plot([mdates.date2num(start)], [y], marker="D", color=colour, markersize=9)
            x_text = mdates.date2num(start)
        else:
            left, width = mdates.date2num(start), mdates.date2num(end) - mdates.date2num(start)
            stated = bool(row["time_stated"])
            ax.barh(
                y,
                width,
                left=left,
                height=0.6,
                color=colour,
                alpha=1.0 if stated else 0.35,
                hatch=None if stated else "//",
                edgecolor=colour if stated else "#555555",
                linewidth=0.8,
            )
            x_text = left + width
        if row["appearing"]:
            ax.annotate(
                "\n".join(textwrap.wrap(row["appearing"], 34, max_lines=3, placeholder=" …")),
                (x_text, y),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
    labels = []
    for _, row in rows.iterrows():
        clock = (
            row["start"].strftime("%H:%M") if row["time_stated"] and not pd.isna(row["start"]) else "     "
        )
        indent = "   ↳ " if row["block"] else ""
        labels.append(f"{clock}  {indent}{_short(row['item'], label_width)}")
    ax.set_yticks(range(len(rows)), labels, fontsize=9)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(mdates.MinuteLocator(byminute=[0, 30], tz=tz))
    ax.xaxis.set_minor_locator(mdates.MinuteLocator(byminute=[10, 20, 40, 50], tz=tz))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M", tz=tz))
    # room on the right for the names written beside the last bars
    span = mdates.date2num(last) - mdates.date2num(first)
    ax.set_xlim(mdates.date2num(first) - 0.02 * span, mdates.date2num(last) + 0.3 * span)
    ax.grid(axis="x", which="both", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles = [Patch(color=kinds[k], label=k) for k in dict.fromkeys(rows["kind"])]
    if not rows["time_stated"].all():
        handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="//", label="time not stated"))
    ax.legend(
        handles=handles, title="kind", loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False
    )
    ax.set_xlabel(f"time ({rows['start'].dropna().iloc[0].strftime('%d.%m.%Y, UTC%z')})")
    ax.set_title(title or "Programme", loc="left", fontsize=12)
    return fig


def appearance_matrix(
    appearances: Any,
    *,
    colours: Mapping[str, str] | None = None,
    title: str | None = None,
    label_width: int = 20,
) -> Any:
    """Who appears where: people (rows) against the event and its items (columns), one marker per
    appearance, its shape the role and its colour the project the person represents there.

    ``appearances`` is :func:`kg.tables.appearances_table`; ``colours`` maps project names to
    colours (default :func:`colours_for` the projects present).
    """
    from matplotlib.lines import Line2D

    if len(appearances) == 0:
        raise ValueError("no appearances: nothing to draw")
    rows = appearances.assign(_o=appearances["order"].fillna(0)).sort_values(["_o", "person"])
    places = list(dict.fromkeys(rows["where"]))
    people = list(dict.fromkeys(rows["person"]))
    projects = {**colours_for(rows["project"]), **(colours or {})}
    fig = new_figure(1.45 * len(places) + 3.5, 0.45 * len(people) + 2.2)
    ax = fig.add_subplot()
    for _, row in rows.iterrows():
        ax.scatter(
            places.index(row["where"]),
            people.index(row["person"]),
            marker=_ROLE_MARKERS.get(row["role"], "o"),
            s=140,
            color=projects[row["project"]],
            edgecolor="black",
            linewidth=0.5,
            zorder=3,
        )
    ax.set_xticks(
        range(len(places)),
        ["\n".join(textwrap.wrap(p, label_width, max_lines=3, placeholder=" …")) for p in places],
        fontsize=8,
    )
    ax.set_yticks(range(len(people)), people, fontsize=9)
    ax.set_xlim(-0.6, len(places) - 0.4)
    ax.set_ylim(len(people) - 0.5, -0.5)
    ax.grid(color="#eeeeee")
    ax.set_axisbelow(True)
    role_handles = [
        Line2D([], [], marker=_ROLE_MARKERS.get(r, "o"), linestyle="", color="#555555", label=r)
        for r in dict.fromkeys(rows["role"])
    ]
    project_handles = [
        Line2D([], [], marker="o", linestyle="", color=projects[p], label=p or NO_PROJECT)
        for p in sorted(set(rows["project"]), key=lambda p: (p == "", p))
    ]
    legend = ax.legend(
        handles=role_handles, title="role", loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8
    )
    ax.add_artist(legend)
    ax.legend(
        handles=project_handles, title="project", loc="lower left", bbox_to_anchor=(1.01, 0), fontsize=8
    )
    ax.set_title(title or "Who appears where", loc="left", fontsize=12)
    return fig


def bar_chart(
    values: Mapping[str, float] | Any,
    *,
    title: str = "",
    xlabel: str = "",
    colours: Mapping[str, str] | None = None,
    top: int | None = None,
) -> Any:
    """Horizontal bars, largest on top, each labelled with its value.

    ``values`` is a pandas Series or a mapping of label → number (centralities, counts per
    project …); ``colours`` maps labels to colours (default: one colour); ``top`` keeps the largest.
    """
    import pandas as pd

    series = pd.Series(values, dtype=float) if not isinstance(values, pd.Series) else values.astype(float)
    if series.empty:
        raise ValueError("no values: nothing to draw")
    series = series.sort_values(ascending=False, kind="stable")
    if top is not None:
        series = series.head(top)
    labels = [str(k) if str(k) else NO_PROJECT for k in series.index]
    fig = new_figure(8, 0.42 * len(series) + 1.4)
    ax = fig.add_subplot()
    palette = colours or {}
    bars = ax.barh(
        range(len(series)),
        series.to_numpy(),
        color=[
            palette.get(str(k), palette.get(label, "#1f78b4"))
            for k, label in zip(series.index, labels, strict=True)
        ],
    )
    ax.set_yticks(range(len(series)), labels, fontsize=9)
    ax.invert_yaxis()
    whole = all(float(v).is_integer() for v in series)
    ax.bar_label(bars, labels=[f"{v:.0f}" if whole else f"{v:.3g}" for v in series], padding=3, fontsize=8.5)
    ax.margins(x=0.12)
    if whole:
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if xlabel:
        ax.set_xlabel(xlabel)
    if title:
        ax.set_title(title, loc="left", fontsize=12)
    return fig


def series_timeline(timeline: Any, *, title: str | None = None) -> Any:
    """A series of events along the calendar: one stem per event at its date, as high as its
    programme has items, its marker sized by the people appearing and hollow where the source
    gives the programme only cut short (so a short stem is not read as a short programme).

    ``timeline`` is the named query ``series-timeline`` as a DataFrame (columns ``eventName``,
    ``start``, ``items``, ``people``, ``incomplete``). Events no source dates are named below the
    axis instead of being placed anywhere.
    """
    import matplotlib.dates as mdates
    import pandas as pd
    from matplotlib.lines import Line2D

    if len(timeline) == 0:
        raise ValueError("the series is empty: nothing to draw")
    dated = timeline[timeline["start"].notna()]
    undated = [str(n) for n in timeline.loc[timeline["start"].isna(), "eventName"]]
    fig = new_figure(10, 4.6)
    ax = fig.add_subplot()
    colour = _PALETTE[0]
    for _, row in dated.iterrows():
        x = mdates.date2num(row["start"])
        items = 0 if pd.isna(row["items"]) else int(row["items"])
        people = 0 if pd.isna(row["people"]) else int(row["people"])
        cut = bool(row["incomplete"]) if not pd.isna(row["incomplete"]) else False
        ax.vlines(x, 0, items, color=colour, linewidth=2)
        ax.plot(
            [x],
            [items],
            marker="o",
            markersize=6 + 1.5 * people,
            markerfacecolor="white" if cut else colour,
            markeredgecolor=colour,
            markeredgewidth=2,
            linestyle="none",
        )
        ax.annotate(
            f"{_short(row['eventName'], 28)}\n{items} items, {people} people",
            (x, items),
            xytext=(0, 14 + 0.8 * people),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )
    # a tick at each event's own date
    ax.set_xticks([mdates.date2num(t) for t in dated["start"]])
    tz = dated["start"].iloc[0].tzinfo if len(dated) else None
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d.%m.%Y", tz=tz))
    ax.tick_params(axis="x", labelsize=8)
    if len(dated):
        first, last = dated["start"].min(), dated["start"].max()
        pad = max(mdates.date2num(last) - mdates.date2num(first), 1.0) * 0.08
        ax.set_xlim(mdates.date2num(first) - pad, mdates.date2num(last) + pad)
    top = int(dated["items"].fillna(0).max()) if len(dated) else 0
    ax.set_ylim(0, top * 1.6 + 2)
    ax.set_ylabel("programme items")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles = [
        Line2D([], [], marker="o", color=colour, linestyle="none", label="programme as the source gives it"),
        Line2D(
            [],
            [],
            marker="o",
            color=colour,
            markerfacecolor="white",
            linestyle="none",
            label="programme cut short",
        ),
    ]
    ax.legend(handles=handles, loc="upper left", fontsize=8, frameon=False)
    if undated:
        ax.set_xlabel("no date in any source: " + ", ".join(undated), fontsize=9)
    ax.set_title(title or "The series as a timeline", loc="left", fontsize=12)
    return fig


__all__ = [
    "NO_PROJECT",
    "appearance_matrix",
    "bar_chart",
    "colours_for",
    "new_figure",
    "series_timeline",
    "timeline",
]

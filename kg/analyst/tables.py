"""The DataFrames an analyst starts from: the programme, who appears where, the municipalities.

Each table is one named query (``kg/sparql/queries/``) shaped for reading and plotting: readable column
names, times as timestamps, and the gaps of the source made explicit instead of silently filled
(an item inside a block states no time of its own; ``time_stated`` says so).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.vocab import expand

if TYPE_CHECKING:
    from kg.sparql.store import KnowledgeGraph

WHOLE_EVENT = "whole event"
"""The ``kind`` of an appearance in the event itself rather than in one programme item."""


def _graph(graph: KnowledgeGraph | None) -> KnowledgeGraph:
    from kg.sparql.store import default_graph

    return graph if graph is not None else default_graph()


def programme_table(graph: KnowledgeGraph | None = None, event: str | None = None) -> Any:
    """The programme of every event (or of ``event`` only, such as
    ``event/2020-11-24-allianzen-bilden``), one row per item in programme order.

    Columns: ``event``, ``order``, ``start``, ``end``, ``item`` (its name), ``kind``, ``block`` (the
    name of the block holding it, else empty), ``time_stated`` (False where the times are the
    block's because the page states none for the item), ``end_derived`` (the end is the next
    item's start), ``optional``, ``appearing`` (who appears, in programme order) and ``iri``.
    """
    import pandas as pd

    g = _graph(graph)
    # the named query already gives an untimed item its block's times (and says so): the table
    # and `kg query programme` give the same times
    bindings: dict[str, Any] = {"event": event} if event else {}
    items = g.query("programme", **bindings).to_dataframe()
    people = appearances_table(g, event=event)
    rows = []
    for row in items.itertuples():
        stated = bool(row.timeStated)
        here = people[people["where_iri"] == row.item]
        rows.append(
            {
                "event": row.event,
                "order": int(row.order),
                "start": row.start,
                "end": row.end,
                "item": row.title,
                "kind": row.kind,
                "block": "" if pd.isna(row.blockTitle) else row.blockTitle,
                "time_stated": stated,
                "end_derived": stated and not pd.isna(row.endDerived) and bool(row.endDerived),
                "optional": not pd.isna(row.optional) and bool(row.optional),
                "appearing": ", ".join(here["person"]),
                "iri": row.item,
            }
        )
    table = pd.DataFrame(rows, columns=_PROGRAMME_COLUMNS)
    for col in ("start", "end"):
        table[col] = pd.to_datetime(table[col])
    return table


_PROGRAMME_COLUMNS = [
    "event",
    "order",
    "start",
    "end",
    "item",
    "kind",
    "block",
    "time_stated",
    "end_derived",
    "optional",
    "appearing",
    "iri",
]


def appearances_table(graph: KnowledgeGraph | None = None, event: str | None = None) -> Any:
    """Who appears where, one row per appearance, in programme order (the whole event first);
    with ``event`` (``"event/2020-11-24-allianzen-bilden"`` or its IRI) only that event's.

    Columns: ``order`` (None for the whole event), ``where`` (item or event name), ``kind``
    (the item's kind, or ``"whole event"``), ``person`` (a person or a project that hosts an item),
    ``role``, ``affiliation`` and ``project`` (as stated for this appearance, else empty),
    ``performer`` and ``where_iri``.
    """
    import pandas as pd

    df = _graph(graph).query("appearances").to_dataframe()
    table = pd.DataFrame(
        {
            "order": [None if pd.isna(o) else int(o) for o in df["order"]],
            "where": df["itemTitle"],
            "kind": [k if isinstance(k, str) else WHOLE_EVENT for k in df["kind"]],
            "person": df["name"],
            "role": df["role"],
            "affiliation": df["organisation"].fillna(""),
            "project": df["projectName"].fillna(""),
            "performer": df["performer"],
            "where_iri": df["item"],
        }
    )
    if event is not None:
        iri = expand(event)
        table = table[[w == iri or str(w).startswith(iri + "/item/") for w in table["where_iri"]]]
        table = table.reset_index(drop=True)
    return table.astype({"order": "Int64"})


def municipality_table(graph: KnowledgeGraph | None = None) -> Any:
    """The municipalities of the graph with their coordinates, one row per municipality and project;
    municipalities without coordinates in any source are left out.

    Columns: ``municipality`` (name), ``ags``, ``latitude``, ``longitude`` (WGS84 degrees),
    ``project`` (name, empty where no project names the municipality) and ``iri``.
    """
    import pandas as pd

    df = _graph(graph).query("municipalities").to_dataframe()
    # a map needs coordinates: a municipality no source gives them for is left out
    df = df[df["latitude"].notna() & df["longitude"].notna()]
    return pd.DataFrame(
        {
            "municipality": df["name"],
            "ags": df["ags"],
            "latitude": df["latitude"].astype(float),
            "longitude": df["longitude"].astype(float),
            "project": df["projectName"].fillna(""),
            "iri": df["municipality"],
        }
    )


__all__ = ["WHOLE_EVENT", "appearances_table", "municipality_table", "programme_table"]

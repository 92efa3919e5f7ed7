"""The people and organisations of an event series as a network: who appeared at which events of
the series, for which organisation (the named query ``series-network``).

People and organisations are the nodes; an edge joins a person to each organisation the events
state for them (``kgo:statedAffiliation``), its ``events`` the events where they appeared for it
and its ``weight`` their number. With ``co_appearance`` people who appeared at the same event are
linked too (``weight``: the events they shared). A simple undirected :class:`networkx.Graph`,
unlike the multigraph views of :mod:`kg.network.graph`, so that weights count events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.network.graph import APPEARED_TOGETHER, TYPES_BY_KEY, _induced, _type_key
from kg.vocab import BASE, expand

if TYPE_CHECKING:
    from kg.network.graph import AnyGraph

SERIES_VIEW = "series"
"""The name of this network among the views of ``kg network --view``."""
APPEARED_FOR = "appeared-for"
"""The relation of a person to an organisation they appeared for at events (not an RDF property)."""


def series_network(
    graph: AnyGraph,
    series: str | None = None,
    *,
    co_appearance: bool = False,
    types: Iterable[str] | None = None,
) -> nx.Graph:
    """The network of the people and organisations of the events of a series (of every series
    the graph knows when ``series`` is ``None``; else an IRI such as
    ``event-series/was-macht-kommunen-innovativ``).

    Node attributes: ``type`` (``person`` or ``organization``), ``type_label``, ``label``,
    ``names``, ``iri``, ``key``, ``events`` (IRIs, in date order) and ``event_labels``. Edge
    attributes: ``relation`` (:data:`APPEARED_FOR` or ``appeared-together``), ``events``,
    ``event_labels``, ``weight`` (the number of events), ``label``/``label_de``, ``label_en``.
    ``types`` keeps only nodes of those type keys (``person``, ``organization``).
    """
    result = (
        graph.query("series-network")
        if series is None
        else graph.query("series-network", series=expand(series))
    )
    rows = result.to_records()
    net = nx.Graph(view=SERIES_VIEW)
    dates: dict[str, Any] = {}
    event_label: dict[str, str] = {}
    at: dict[str, set[str]] = defaultdict(set)  # node -> events
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)  # (person, org) -> events
    for r in rows:
        event, person, org = r["event"], r["person"], r["org"]
        dates[event] = r["start"]
        event_label[event] = str(r["eventName"])
        _node(net, person, "person", str(r["name"]))
        at[person].add(event)
        if org is not None:
            _node(net, org, "organization", str(r["organisation"]))
            at[org].add(event)
            pairs[(person, org)].add(event)

    def ordered(events: Iterable[str]) -> list[str]:
        # undated events last, as the queries list them
        return sorted(events, key=lambda e: (dates[e] is None, str(dates[e] or ""), e))

    for node, events in at.items():
        net.nodes[node]["events"] = ordered(events)
        net.nodes[node]["event_labels"] = [event_label[e] for e in ordered(events)]
    for (person, org), events in sorted(pairs.items()):
        _edge(net, person, org, APPEARED_FOR, ordered(events), event_label, ("trat auf für", "appeared for"))
    if co_appearance:
        people_at: dict[str, list[str]] = defaultdict(list)
        for node, events in sorted(at.items()):
            if net.nodes[node]["type"] == "person":
                for e in events:
                    people_at[e].append(node)
        shared: dict[tuple[str, str], set[str]] = defaultdict(set)
        for e, people in people_at.items():
            for i, u in enumerate(people):
                for v in people[i + 1 :]:
                    shared[(u, v)].add(e)
        for (u, v), events in sorted(shared.items()):
            words = ("gemeinsam aufgetreten mit", "appeared with")
            _edge(net, u, v, APPEARED_TOGETHER, ordered(events), event_label, words)
    if types is not None:
        wanted = {_type_key(t) for t in types}
        keep = {n for n, d in net.nodes(data=True) if d["type"] in wanted}
        # in the network's own order: net.subgraph would iterate the set in string-hash order
        return _induced(net, keep)
    return net


def _node(net: nx.Graph, iri: str, type_key: str, label: str) -> None:
    if iri in net:
        return
    net.add_node(
        iri,
        iri=iri,
        key=iri[len(BASE) :] if iri.startswith(BASE) else iri,
        type=type_key,
        type_label=TYPES_BY_KEY[type_key].de,
        label=label,
        names=[label],
    )


def _edge(
    net: nx.Graph,
    u: str,
    v: str,
    relation: str,
    events: list[str],
    event_label: dict[str, str],
    words: tuple[str, str],
) -> None:
    labels = [event_label[e] for e in events]
    net.add_edge(
        u,
        v,
        relation=relation,
        events=events,
        event_labels=labels,
        weight=len(events),
        label=f"{words[0]}: {', '.join(labels)}",
        label_de=f"{words[0]}: {', '.join(labels)}",
        label_en=f"{words[1]}: {', '.join(labels)}",
    )


__all__ = ["APPEARED_FOR", "SERIES_VIEW", "series_network"]

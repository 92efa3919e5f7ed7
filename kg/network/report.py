"""``kg analyse`` as text an analyst reads: who is central, which groups there are, who brokers
between them, each table fitted to the terminal and each measure said in words.

The tables are :mod:`kg.network.analysis`'s DataFrames, cut to the ``top`` rows; the communities are
one row per community (not per member), and the one-member communities, entities linked to no one
in the view, are summed up in one line.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.network.analysis import brokers, centrality, communities, simple
from kg.network.graph import to_networkx
from kg.sparql.table import CUT, format_table
from kg.vocab import KINDS

if TYPE_CHECKING:
    from kg.sparql.store import KnowledgeGraph

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "summary": "{view} network: {nodes} entities, {edges} links; {parts} connected parts, the largest with {largest} entities",
        "central": "Most central entities ({shown} of {total})",
        "central_note": "degree: entities it is linked to directly; betweenness: share of the shortest paths between two others that pass through it (0-1)",
        "communities": "Communities (Louvain, fixed seed): {groups} with more than one member ({shown} shown)",
        "communities_note": "members in order of degree; kinds: what the members are",
        "singletons": "+ {n} one-member communities ({why}): {names}",
        "isolated_all": "linked to no one in this view",
        "isolated_some": "{k} of them linked to no one in this view",
        "no_singletons": "+ no one-member communities",
        "brokers": "Brokers: entities without which their part of the network falls apart ({shown} of {total})",
        "brokers_note": "cut_off: entities that lose every path to the rest without it; pieces: parts its connected part falls into; communities_linked: communities among it and its neighbours",
        "pairs_note": "separated_pairs: pairs of projects that only it connects",
        "none": "(none)",
        "more": "+ {n} more communities of several members: --top {all} shows them all",
    },
    "de": {
        "summary": "Netz ({view}): {nodes} Entitäten, {edges} Verbindungen; {parts} zusammenhängende Teile, der größte mit {largest} Entitäten",
        "central": "Zentralste Entitäten ({shown} von {total})",
        "central_note": "degree: direkt verbundene Entitäten; betweenness: Anteil der kürzesten Wege zwischen zwei anderen, die durch sie führen (0-1)",
        "communities": "Gemeinschaften (Louvain, fester Seed): {groups} mit mehr als einem Mitglied ({shown} gezeigt)",
        "communities_note": "Mitglieder nach degree geordnet; kinds: was die Mitglieder sind",
        "singletons": "+ {n} Gemeinschaften aus einem Mitglied ({why}): {names}",
        "isolated_all": "in dieser Sicht mit niemandem verbunden",
        "isolated_some": "{k} davon in dieser Sicht mit niemandem verbunden",
        "no_singletons": "+ keine Gemeinschaften aus einem Mitglied",
        "brokers": "Vermittler: Entitäten, ohne die ihr Teil des Netzes zerfällt ({shown} von {total})",
        "brokers_note": "cut_off: Entitäten, die ohne sie jeden Weg zum Rest verlieren; pieces: Teile, in die ihr Teil zerfällt; communities_linked: Gemeinschaften unter ihr und ihren Nachbarn",
        "pairs_note": "separated_pairs: Projektpaare, die nur sie verbindet",
        "none": "(keine)",
        "more": "+ {n} weitere Gemeinschaften mit mehreren Mitgliedern: --top {all} zeigt alle",
    },
}

_PLURAL = {
    "en": {
        "person": "people",
        "project": "projects",
        "organization": "organisations",
        "municipality": "municipalities",
    },
    "de": {
        "person": "Personen",
        "project": "Projekte",
        "organization": "Organisationen",
        "municipality": "Kommunen",
    },
}


def _kinds(types: list[str], lang: str) -> str:
    parts = []
    for kind, n in sorted(Counter(types).items(), key=lambda kv: (-kv[1], kv[0])):
        known = KINDS.get(kind)
        one = (known.de if lang == "de" else known.en) if known else kind
        parts.append(f"{n} {one if n == 1 else _PLURAL[lang].get(kind, one)}")
    return ", ".join(parts)


def analysis_report(
    graph: KnowledgeGraph | nx.Graph,
    *,
    view: str = "collaboration",
    top: int = 15,
    lang: str = "en",
    width: int | None = None,
) -> str:
    """Centrality, communities and brokers of a view of the network as text: at most ``top`` rows
    per table, headings and explanations in ``lang`` (``en`` or ``de``), tables fitted to
    ``width`` (see :func:`kg.sparql.table.format_table`)."""
    words = WORDS[lang]
    net = graph if isinstance(graph, nx.Graph) else to_networkx(graph, view)
    g = simple(net)
    parts = sorted((len(c) for c in nx.connected_components(g)), reverse=True)
    out = [
        _note(
            words["summary"].format(
                view=net.graph.get("view", view),
                nodes=len(g),
                edges=g.number_of_edges(),
                parts=len(parts),
                largest=parts[0] if parts else 0,
            ),
            width,
        ),
        "",
    ]

    central = centrality(net)
    shown = central.head(top)
    out.append(words["central"].format(shown=len(shown), total=len(central)))
    out.append(_table(shown, ["label", "type", "degree", "betweenness"], width, words))
    out += [_note(words["central_note"], width), ""]

    members = communities(net)
    # analysis frames carry the node's key; the graph's nodes are IRIs
    degree = {d.get("key", n): g.degree(n) for n, d in g.nodes(data=True)}
    groups: list[tuple[int, list[Any]]] = []
    singles: list[str] = []
    singles_keys: list[str] = []
    for number, frame in members.groupby("community", sort=True):
        if len(frame) == 1:
            singles.append(str(frame["label"].iloc[0]))
            singles_keys.append(str(frame["key"].iloc[0]))
            continue
        rows = sorted(frame.itertuples(), key=lambda r: (-degree.get(r.key, 0), r.label))
        groups.append((int(str(number)), rows))
    table = [
        {
            "community": number,
            "size": len(rows),
            "kinds": _kinds([r.type for r in rows], lang),
            "members": ", ".join(r.label for r in rows),
        }
        for number, rows in groups[:top]
    ]
    import pandas as pd

    out.append(words["communities"].format(groups=len(groups), shown=len(table)))
    out.append(
        _table(pd.DataFrame(table, columns=["community", "size", "kinds", "members"]), None, width, words)
    )
    if len(groups) > top:
        out.append(words["more"].format(n=len(groups) - top, all=len(groups)))
    isolated = sum(1 for n in nx.isolates(g) if g.nodes[n].get("key") in set(singles_keys))
    out.append(_one_line(words, singles, isolated, width))
    out += [_note(words["communities_note"], width), ""]

    found = brokers(net)
    shown = found.head(top)
    columns = ["label", "type", "cut_off", "pieces", "communities_linked"]
    if found["separated_pairs"].any():
        columns.append("separated_pairs")
    out.append(words["brokers"].format(shown=len(shown), total=len(found)))
    out.append(_table(shown, columns, width, words))
    out.append(_note(words["brokers_note"], width))
    if "separated_pairs" in columns:
        out.append(_note(words["pairs_note"], width))
    return "\n".join(out) + "\n"


def _table(frame: Any, columns: list[str] | None, width: int | None, words: dict[str, str]) -> str:
    if not len(frame):
        return words["none"]
    frame = frame if columns is None else frame[columns]
    cells = [
        ["" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v)) for v in row]
        for row in frame.itertuples(index=False)
    ]
    text = format_table(list(frame.columns), cells, width, hint="--wide keeps every cell whole")
    # the row count is in the heading already
    lines = text.rstrip("\n").splitlines()
    if lines and lines[-1].startswith(f"({len(cells)} row") and lines[-1].endswith(")"):
        lines = lines[:-1]
    return "\n".join(lines)


def _note(text: str, width: int | None) -> str:
    return text if width is None else "\n".join(textwrap.wrap(text, max(width, 20), break_on_hyphens=False))


def _one_line(words: dict[str, str], names: list[str], isolated: int, width: int | None) -> str:
    if not names:
        return words["no_singletons"]
    why = words["isolated_all"] if isolated == len(names) else words["isolated_some"].format(k=isolated)
    line = words["singletons"].format(n=len(names), why=why, names=", ".join(sorted(names, key=str.casefold)))
    if width is not None and len(line) > width:
        line = line[: width - 1] + CUT
    return line


__all__ = ["WORDS", "analysis_report"]

"""Who connects whom: centrality, communities, brokers and explained paths, as DataFrames.

Every function takes a networkx graph from :func:`kg.network.to_networkx` (or the
:class:`~kg.store.KnowledgeGraph`, then the collaboration view is used) and looks at it as a
simple undirected graph: an edge's direction says how a fact was stated, not who reaches whom.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.network.graph import RELATION_RANK, resolve_node, to_networkx

if TYPE_CHECKING:
    import pandas as pd

    from kg.sparql.store import KnowledgeGraph

COMMUNITY_SEED = 4
"""Louvain is randomised; a fixed seed gives the same communities on every run."""


def _network(graph: KnowledgeGraph | nx.Graph, view: str = "collaboration") -> nx.Graph:
    return graph if isinstance(graph, nx.Graph) else to_networkx(graph, view)


def simple(net: nx.Graph) -> nx.Graph:
    """The undirected simple graph of a network; ``weight`` counts the parallel edges."""
    out = nx.Graph()
    out.add_nodes_from(net.nodes(data=True))
    for u, v in net.edges():
        if u == v:
            continue
        if out.has_edge(u, v):
            out.edges[u, v]["weight"] += 1
        else:
            out.add_edge(u, v, weight=1)
    return out


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows, columns=columns)


def centrality(graph: KnowledgeGraph | nx.Graph) -> pd.DataFrame:
    """Degree and betweenness centrality of every node, most central first."""
    g = simple(_network(graph))
    degree = nx.degree_centrality(g) if len(g) > 1 else dict.fromkeys(g, 0.0)
    between = nx.betweenness_centrality(g, normalized=True)
    rows = [
        {
            "key": d["key"],
            "label": d["label"],
            "type": d["type"],
            "degree": g.degree(n),
            "degree_centrality": round(degree[n], 6),
            "betweenness": round(between[n], 6),
        }
        for n, d in g.nodes(data=True)
    ]
    rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], r["key"]))
    return _frame(rows, ["key", "label", "type", "degree", "degree_centrality", "betweenness"])


def communities(graph: KnowledgeGraph | nx.Graph, *, seed: int = COMMUNITY_SEED) -> pd.DataFrame:
    """Communities found by networkx's Louvain method (fixed seed): one row per node.

    Communities are numbered by size (0 is the largest), ties broken by their first member.
    """
    g = simple(_network(graph))
    ordered = _louvain(g, seed)
    rows = []
    for number, members in enumerate(ordered):
        for n in members:
            d = g.nodes[n]
            rows.append({"community": number, "key": d["key"], "label": d["label"], "type": d["type"]})
    return _frame(rows, ["community", "key", "label", "type"])


BROKER_COLUMNS = [
    "key",
    "label",
    "type",
    "cut_off",
    "pieces",
    "communities_linked",
    "separated_pairs",
    "separated",
    "components_after_removal",
]


def brokers(graph: KnowledgeGraph | nx.Graph, *, between: str = "project") -> pd.DataFrame:
    """The brokers: the nodes (articulation points) without which their part of the network falls
    apart, those that cut most others off first.

    Columns: ``cut_off`` (how many entities lose every path to the rest of their connected part
    without it: all but the largest of the pieces left), ``pieces`` (into how many pieces that part
    falls), ``communities_linked`` (how many Louvain communities, its own included, its neighbours
    belong to), ``separated_pairs``/``separated`` (pairs of nodes of type ``between``, projects,
    that only it connects: 0 where every project pair has another way), and
    ``components_after_removal`` (components of the whole network without it, isolated nodes
    included).
    """
    g = simple(_network(graph))
    cut = set(nx.articulation_points(g))
    targets = [n for n, d in g.nodes(data=True) if d["type"] == between]
    component = {n: i for i, c in enumerate(nx.connected_components(g)) for n in c}
    community = {n: i for i, c in enumerate(_louvain(g)) for n in c}
    rows = []
    for n in sorted(cut):
        h = g.copy()
        h.remove_node(n)
        after = {m: i for i, c in enumerate(nx.connected_components(h)) for m in c}
        pairs = [
            (a, b)
            for a, b in itertools.combinations([t for t in targets if t != n], 2)
            if component[a] == component[b] and after[a] != after[b]
        ]
        own = [m for m in g if component[m] == component[n] and m != n]
        sizes = sorted(Counter(after[m] for m in own).values(), reverse=True)
        d = g.nodes[n]
        rows.append(
            {
                "key": d["key"],
                "label": d["label"],
                "type": d["type"],
                "cut_off": sum(sizes[1:]),
                "pieces": len(sizes),
                "communities_linked": len({community[m] for m in (n, *g.neighbors(n))}),
                "separated_pairs": len(pairs),
                "separated": "; ".join(f"{g.nodes[a]['label']} | {g.nodes[b]['label']}" for a, b in pairs),
                "components_after_removal": nx.number_connected_components(h),
            }
        )
    rows.sort(key=lambda r: (-r["separated_pairs"], -r["cut_off"], -r["pieces"], r["key"]))
    return _frame(rows, BROKER_COLUMNS)


def _louvain(g: nx.Graph, seed: int = COMMUNITY_SEED) -> list[list[Any]]:
    # Louvain visits nodes and neighbours in the graph's order, and the seed only shuffles that
    # order: given in sorted order, so that the communities hang neither on how a caller built
    # the graph nor on a subgraph's set of nodes (in string-hash order, new in every process).
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(g))
    ordered.add_weighted_edges_from(
        sorted((*sorted((u, v)), w) for u, v, w in g.edges(data="weight", default=1))
    )
    found = nx.community.louvain_communities(ordered, weight="weight", seed=seed) if len(g) else []
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


# ---------------------------------------------------------------- explain


@dataclass(frozen=True)
class Step:
    """One hop of a connection: from a node over a relation (told in words) to the next."""

    source: str
    target: str
    relation: str
    words: str
    forward: bool


@dataclass(frozen=True)
class Connection:
    """A shortest connection between two entities, and how to tell it."""

    nodes: tuple[str, ...]
    labels: tuple[str, ...]
    steps: tuple[Step, ...]

    def __str__(self) -> str:
        parts = [self.labels[0]]
        for step, label in zip(self.steps, self.labels[1:], strict=True):
            parts += [step.words, label]
        return " — ".join(parts)

    @property
    def rank(self) -> int:
        return sum(_relation_rank(s.relation) + (0 if s.forward else 1) for s in self.steps)


def _relation_rank(relation: str) -> int:
    base = relation.split(":", 1)[0] if relation.startswith("appeared-together") else relation
    return RELATION_RANK.index(base) * 2 if base in RELATION_RANK else 2 * len(RELATION_RANK)


def _best_step(net: nx.Graph, u: str, v: str, lang: str) -> Step:
    """The most telling edge between u and v, told from u's side."""
    options = []
    for a, b, forward in ((u, v, True), (v, u, False)):
        if not net.has_edge(a, b):
            continue
        datas = net.get_edge_data(a, b)
        for d in datas.values() if net.is_multigraph() else [datas]:
            if forward:
                words = d.get(f"label_{lang}") or d.get("label", "")
            else:
                words = d.get(f"inverse_{lang}") or f"← {d.get('label', '')}"
            relation = d.get("relation", "")
            options.append(
                (
                    _relation_rank(relation) + (0 if forward else 1),
                    words,
                    Step(u, v, relation, words, forward),
                )
            )
    options.sort(key=lambda o: (o[0], o[1]))
    return options[0][2]


def explain(
    graph: KnowledgeGraph | nx.Graph,
    a: str,
    b: str,
    *,
    lang: str = "en",
    limit: int = 5,
    view: str = "collaboration",
) -> list[Connection]:
    """The shortest connections between two entities (IRIs or names), told in words::

        >>> [str(c) for c in explain(kg.load(), "Birgit Böhm", "project/koda-eg")][0]
        'Birgit Böhm — panellist with — Thomas Klie — heads — KoDa_eG'

    The collaboration view is searched first; when an entity is not in it (an event, a
    programme item) the full view is. At most ``limit`` connections, the most telling first.
    """
    from kg.errors import KGError

    if isinstance(graph, nx.Graph):
        net = graph
    else:
        net = to_networkx(graph, view)
        try:
            resolve_node(net, a), resolve_node(net, b)
        except KGError:
            net = to_networkx(graph, "full")
    u, v = resolve_node(net, a), resolve_node(net, b)
    if u == v:
        raise KGError(f"'{a}' and '{b}' are the same entity")
    g = simple(net)
    try:
        paths = list(itertools.islice(nx.all_shortest_paths(g, u, v), 200))
    except nx.NetworkXNoPath:
        if isinstance(graph, nx.Graph) or net.graph.get("view") == "full":
            return []
        # Not connected through collaboration: maybe through the event and its programme.
        return explain(to_networkx(graph, "full"), u, v, lang=lang, limit=limit)
    found = []
    for path in paths:
        steps = tuple(_best_step(net, x, y, lang) for x, y in itertools.pairwise(path))
        found.append(Connection(tuple(path), tuple(net.nodes[n]["label"] for n in path), steps))
    found.sort(key=lambda c: (c.rank, str(c)))
    return found[:limit]


__all__ = ["Connection", "Step", "brokers", "centrality", "communities", "explain", "simple"]

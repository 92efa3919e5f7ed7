"""Positions for a network, computed ahead so that a browser (or Gephi) need not simulate:
Louvain communities laid out one by one and placed by a layout of the community graph."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from typing import Any

import networkx as nx


def precompute_layout(
    net: nx.Graph, *, seed: int = 7, spacing: float = 55.0
) -> dict[Any, tuple[float, float]]:
    """Positions for every node, computed ahead so the browser need not simulate.

    Louvain communities are laid out one by one (spring layout of a few hundred nodes is
    fast even without scipy) and placed where a spring layout of the community graph puts
    them, each scaled to its size. ``spacing`` is about the distance between neighbours, in
    vis-network's pixels.
    """
    g = _ordered(net, net)
    if len(g) == 0:
        return {}
    groups = _communities(g, seed)
    index = {n: i for i, c in enumerate(groups) for n in c}
    quotient = nx.Graph()
    quotient.add_nodes_from(range(len(groups)))
    for u, v in g.edges():
        if index[u] != index[v]:
            a, b = sorted((index[u], index[v]))
            w = quotient.get_edge_data(a, b, {"weight": 0})["weight"]
            quotient.add_edge(a, b, weight=w + 1)
    radius = [spacing * math.sqrt(len(c)) * 0.75 for c in groups]
    raw = _spring(quotient, seed) if len(groups) > 1 else {0: (0.0, 0.0)}
    # Scale the community graph's layout to the total area of the discs, then push
    # overlapping discs apart: related communities stay near each other without gaps.
    extent = math.sqrt(sum(r * r for r in radius)) * 1.2
    centres = [[raw[i][0] * extent, raw[i][1] * extent] for i in range(len(groups))]
    _separate(centres, radius, gap=spacing)
    pos: dict[Any, tuple[float, float]] = {}
    for i, members in enumerate(groups):
        sub = _ordered(g, members)
        local = _spring(sub, seed) if len(sub) > 1 else {members[0]: (0.0, 0.0)}
        cx, cy = centres[i]
        for n, (x, y) in local.items():
            pos[n] = (round(cx + x * radius[i], 1), round(cy + y * radius[i], 1))
    return pos


def _separate(centres: list[list[float]], radius: list[float], gap: float, rounds: int = 300) -> None:
    """Move discs apart (in place) until none overlaps another."""
    for _ in range(rounds):
        moved = False
        for a, b in itertools.combinations(range(len(centres)), 2):
            dx, dy = centres[b][0] - centres[a][0], centres[b][1] - centres[a][1]
            d = math.hypot(dx, dy)
            need = radius[a] + radius[b] + gap
            if d >= need:
                continue
            if d < 1e-9:  # same place: part them along a fixed direction
                dx, dy, d = 1.0, 0.0, 1.0
            push = (need - d) / 2 / d
            centres[a][0] -= dx * push
            centres[a][1] -= dy * push
            centres[b][0] += dx * push
            centres[b][1] += dy * push
            moved = True
        if not moved:
            return


def _ordered(net: nx.Graph, nodes: Iterable[Any]) -> nx.Graph:
    """The simple undirected graph of ``net`` between ``nodes``, nodes and edges added in sorted
    order.

    Spring layout draws its random start positions, and Louvain visits the nodes, in the graph's
    order; that order must not hang on how a caller built the graph, nor on Python's string hash
    (``net.subgraph`` iterates its set of nodes, which differs in every process).
    """
    keep = sorted(set(nodes), key=str)
    inside = set(keep)
    out = nx.Graph()
    out.add_nodes_from(keep)
    out.add_edges_from(
        sorted(
            {tuple(sorted((u, v), key=str)) for u, v in net.edges(inside) if u != v and v in inside},
            key=lambda e: (str(e[0]), str(e[1])),
        )
    )
    return out


def _spring(g: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    raw = nx.spring_layout(g, seed=seed, iterations=40, weight=None)
    return {n: (float(p[0]), float(p[1])) for n, p in raw.items()}


def _communities(g: nx.Graph, seed: int, limit: int = 400) -> list[list[Any]]:
    """Groups small enough for a dense spring layout: Louvain communities, split further when big."""
    out: list[list[Any]] = []
    todo = [sorted(c, key=str) for c in nx.community.louvain_communities(g, seed=seed)]
    while todo:
        c = todo.pop()
        if len(c) <= limit:
            out.append(c)
            continue
        parts = nx.community.louvain_communities(_ordered(g, c), seed=seed, resolution=2.0)
        if len(parts) == 1:  # cannot split: cut it into slices in a stable order
            out += [c[i : i + limit] for i in range(0, len(c), limit)]
        else:
            todo += [sorted(p, key=str) for p in parts]
    return sorted(out, key=lambda c: (-len(c), str(c[0])))


__all__ = ["precompute_layout"]

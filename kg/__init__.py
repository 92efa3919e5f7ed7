"""Kommunen-KG: a knowledge graph of German municipal alliance projects.

The public API::

    import kg
    kg.build()                                   # ontology + data → validated dist/
    g = kg.load()                                # the embedded store (pyoxigraph)
    kg.query("programme").to_dataframe()         # a named competency query as a DataFrame
    kg.query("entity", entity="person/thomas-klie")
    net = kg.to_networkx(g, "collaboration")     # a networkx graph of who works with whom
    kg.explain(g, "Birgit Böhm", "KoDa_eG")      # shortest connections, told in words
    kg.build_site(g, "site")                     # the static website with the embeddable network
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import Any

from kg.analysis import Connection, brokers, centrality, communities, explain
from kg.build import BuildReport, build_dataset, dist_status
from kg.errors import BuildError, DistError, KGError, Problem, QueryError
from kg.namespaces import BASE, KG, KGO, SCHEMA, expand, mint, shorten
from kg.network import ego, synthetic_network, to_networkx
from kg.project import Project
from kg.query import NamedQuery, QueryResult, named_queries
from kg.store import KnowledgeGraph, Stats, load, query

build = build_dataset


def __getattr__(name: str) -> Any:
    # The page and the site pull in pyvis and Jinja: load them only when asked for.
    if name == "build_site":
        from kg.site import build_site

        return build_site
    if name == "render_page":
        from kg.viz import render_page

        return render_page
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


__all__ = [
    "BASE",
    "KG",
    "KGO",
    "SCHEMA",
    "BuildError",
    "BuildReport",
    "Connection",
    "DistError",
    "KGError",
    "KnowledgeGraph",
    "NamedQuery",
    "Problem",
    "Project",
    "QueryError",
    "QueryResult",
    "Stats",
    "__version__",
    "brokers",
    "build",
    "build_dataset",
    "build_site",
    "centrality",
    "communities",
    "dist_status",
    "ego",
    "expand",
    "explain",
    "load",
    "mint",
    "named_queries",
    "query",
    "render_page",
    "shorten",
    "synthetic_network",
    "to_networkx",
]

"""Kommunen-KG: a knowledge graph of German municipal alliance projects.

The public API::

    import kg
    kg.build()                                   # ontology + data → validated dist/
    g = kg.load()                                # the embedded store (pyoxigraph)
    kg.query("programme").to_dataframe()         # a named competency query as a DataFrame
    kg.query("entity", entity="person/thomas-klie")
    kg.programme_table()                         # the programme as a DataFrame (kg.analyst.tables)
    from kg.analyst import charts, maps                  # timeline, bar charts; the map of Germany
    kg.extract_event("page.txt", g).yaml         # a programme page as curator YAML (docs/curation.md)
    kg.lint_project().findings                   # likely duplicates, no source, dangling, unused
    net = kg.to_networkx(g, "collaboration")     # a networkx graph of who works with whom
    kg.series_network(g)                         # people and organisations across a series' events
    kg.explain(g, "Birgit Böhm", "KoDa_eG")      # shortest connections, told in words
    kg.build_site(g, "site")                     # the static website with the embeddable network
    g = kg.connect("http://127.0.0.1:7878/query")  # the same queries on a SPARQL server
    kg.QueryResult.from_json(answer)             # SPARQL JSON results (SPARQLWrapper) as a result
    from kg.web import viz; viz.notebook_frame(net)  # the network drawn inline in a notebook
"""

from __future__ import annotations

from typing import Any

from kg.analyst.tables import appearances_table, municipality_table, programme_table
from kg.curate.extract import Extraction, extract_event
from kg.curate.lint import LintReport, lint_project
from kg.errors import (
    BuildError,
    DistError,
    EndpointError,
    KGError,
    Problem,
    PushError,
    QueryError,
    ServeError,
)
from kg.network.analysis import Connection, brokers, centrality, communities, explain
from kg.network.graph import ego, to_networkx
from kg.network.series import series_network
from kg.pipeline.build import BuildReport, build_dataset, dist_status
from kg.project import Project
from kg.sources.curator import read_curated_yaml
from kg.sparql.compare import answer_difference, canonical_term
from kg.sparql.named import NamedQuery, named_queries
from kg.sparql.remote import PushReport, RemoteGraph, connect
from kg.sparql.results import QueryResult
from kg.sparql.store import KnowledgeGraph, Stats, load, query
from kg.version import __version__
from kg.vocab import BASE, KG, KGO, SCHEMA, expand, mint, shorten

build = build_dataset


def __getattr__(name: str) -> Any:
    # The page and the site pull in pyvis and Jinja: load them only when asked for.
    if name == "build_site":
        from kg.web.site import build_site

        return build_site
    if name == "render_page":
        from kg.web.viz import render_page

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
    "EndpointError",
    "Extraction",
    "KGError",
    "KnowledgeGraph",
    "LintReport",
    "NamedQuery",
    "Problem",
    "Project",
    "PushError",
    "PushReport",
    "QueryError",
    "QueryResult",
    "RemoteGraph",
    "ServeError",
    "Stats",
    "__version__",
    "answer_difference",
    "appearances_table",
    "brokers",
    "build",
    "build_dataset",
    "build_site",
    "canonical_term",
    "centrality",
    "communities",
    "connect",
    "dist_status",
    "ego",
    "expand",
    "explain",
    "extract_event",
    "lint_project",
    "load",
    "mint",
    "municipality_table",
    "named_queries",
    "programme_table",
    "query",
    "read_curated_yaml",
    "render_page",
    "series_network",
    "shorten",
    "to_networkx",
]

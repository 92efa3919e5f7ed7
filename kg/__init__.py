"""Kommunen-KG: a knowledge graph of German municipal alliance projects.

The public API::

    import kg
    kg.build()                                   # ontology + data → validated dist/
    g = kg.load()                                # the embedded store (pyoxigraph)
    kg.query("programme").to_dataframe()         # a named competency query as a DataFrame
    kg.query("entity", entity="person/thomas-klie")
    g = kg.connect("http://127.0.0.1:7878/query")  # the same queries on a SPARQL server
"""

from __future__ import annotations

__version__ = "0.1.0"

from kg.build import BuildReport, build_dataset, dist_status
from kg.compare import answer_difference, canonical_term
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
from kg.namespaces import BASE, KG, KGO, SCHEMA, expand, mint, shorten
from kg.project import Project
from kg.query import NamedQuery, QueryResult, named_queries
from kg.remote import PushReport, RemoteGraph, connect
from kg.store import KnowledgeGraph, Stats, load, query

build = build_dataset

__all__ = [
    "BASE",
    "KG",
    "KGO",
    "SCHEMA",
    "BuildError",
    "BuildReport",
    "DistError",
    "EndpointError",
    "KGError",
    "KnowledgeGraph",
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
    "build",
    "build_dataset",
    "canonical_term",
    "connect",
    "dist_status",
    "expand",
    "load",
    "mint",
    "named_queries",
    "query",
    "shorten",
]

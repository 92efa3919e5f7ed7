"""Kommunen-KG: a knowledge graph of German municipal alliance projects.

The public API::

    import kg
    kg.build()                                   # ontology + data → validated dist/
    g = kg.load()                                # the embedded store (pyoxigraph)
    kg.query("programme").to_dataframe()         # a named competency query as a DataFrame
    kg.query("entity", entity="person/thomas-klie")
"""

from __future__ import annotations

__version__ = "0.1.0"

from kg.build import BuildReport, build_dataset, dist_status
from kg.errors import BuildError, DistError, KGError, Problem, QueryError
from kg.namespaces import BASE, KG, KGO, SCHEMA, expand, mint, shorten
from kg.project import Project
from kg.query import NamedQuery, QueryResult, named_queries
from kg.store import KnowledgeGraph, Stats, load, query
from kg.synth import write_synthetic_project

build = build_dataset

__all__ = [
    "BASE",
    "KG",
    "KGO",
    "SCHEMA",
    "BuildError",
    "BuildReport",
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
    "build",
    "build_dataset",
    "dist_status",
    "expand",
    "load",
    "mint",
    "named_queries",
    "query",
    "shorten",
    "write_synthetic_project",
]

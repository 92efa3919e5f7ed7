"""Kommunen-KG: a knowledge graph of German municipal alliance projects.

The public API::

    import kg
    kg.build()                                   # ontology + data → validated dist/
    g = kg.load()                                # the embedded store (pyoxigraph)
    kg.query("programme").to_dataframe()         # a named competency query as a DataFrame
    kg.query("entity", entity="person/thomas-klie")
    kg.programme_table()                         # the programme as a DataFrame (kg.tables)
    from kg import charts, maps                  # timeline, bar charts; the map of Germany
    kg.extract_event("page.txt", g).yaml         # a programme page as curator YAML (docs/curation.md)
    kg.lint_project().findings                   # likely duplicates, no source, dangling, unused
"""

from __future__ import annotations

__version__ = "0.1.0"

from kg.build import BuildReport, build_dataset, dist_status
from kg.curation import read_curated_yaml  # registers the curator format (.yaml) with the build
from kg.errors import BuildError, DistError, KGError, Problem, QueryError
from kg.extract import Extraction, extract_event
from kg.lint import LintReport, lint_project
from kg.namespaces import BASE, KG, KGO, SCHEMA, expand, mint, shorten
from kg.project import Project
from kg.query import NamedQuery, QueryResult, named_queries
from kg.store import KnowledgeGraph, Stats, load, query
from kg.tables import appearances_table, municipality_table, programme_table

build = build_dataset

__all__ = [
    "BASE",
    "KG",
    "KGO",
    "SCHEMA",
    "BuildError",
    "BuildReport",
    "DistError",
    "Extraction",
    "KGError",
    "KnowledgeGraph",
    "LintReport",
    "NamedQuery",
    "Problem",
    "Project",
    "QueryError",
    "QueryResult",
    "Stats",
    "__version__",
    "appearances_table",
    "build",
    "build_dataset",
    "dist_status",
    "expand",
    "extract_event",
    "lint_project",
    "load",
    "mint",
    "municipality_table",
    "named_queries",
    "programme_table",
    "query",
    "read_curated_yaml",
    "shorten",
]

"""Which reader reads which file: the one table of input formats, and reading a whole project.

Every format is listed here (rdflib's ``plugin.py`` does the same for its parsers) rather than
registered by importing a module: what ``kg build`` reads is visible in one place.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import BuildError, Problem, relative
from kg.project import Project
from kg.sources.curator import read_curated_yaml
from kg.sources.document import Reader, SourceDocument
from kg.sources.municipalities import read_municipality_table
from kg.sources.turtle import read_turtle
from kg.vocab import GRAPH_BASE, ONTOLOGY_GRAPH

READERS: dict[str, Reader] = {
    ".ttl": read_turtle,
    ".yaml": read_curated_yaml,
    ".yml": read_curated_yaml,
    ".csv": read_municipality_table,
}
"""Input formats of ``data/curated/`` by file extension."""


def input_files(project: Project) -> list[Path]:
    """Every file the build reads, in a stable order."""
    files = sorted(p for p in project.ontology_dir.glob("*.ttl"))
    if project.curated_dir.is_dir():
        files += sorted(p for p in project.curated_dir.rglob("*") if p.is_file() and p.suffix in READERS)
    return files


def read_sources(project: Project) -> list[SourceDocument]:
    """Read the ontology (into one graph) and each curated file (into a graph of its own)."""
    docs: list[SourceDocument] = []
    problems: list[Problem] = []
    for path in sorted(project.ontology_dir.glob("*.ttl")):
        if path == project.shapes_file:
            continue
        try:
            doc = read_turtle(path, relative(path, project.root), str(ONTOLOGY_GRAPH))
            doc.is_ontology = True
            docs.append(doc)
        except BuildError as err:
            problems.extend(err.problems)
    if not project.curated_dir.is_dir():
        problems.append(
            Problem(relative(project.curated_dir, project.root), None, "folder of curated data is missing")
        )
    seen: dict[str, str] = {}
    for path in input_files(project):
        if project.curated_dir not in path.parents:
            continue
        display = relative(path, project.root)
        name = path.relative_to(project.curated_dir).with_suffix("").as_posix()
        graph = GRAPH_BASE + name
        if graph in seen:
            problems.append(
                Problem(
                    display,
                    None,
                    f"graph name '{name}' is taken by {seen[graph]}: rename one of the two files",
                )
            )
            continue
        seen[graph] = display
        try:
            docs.append(READERS[path.suffix](path, display, graph))
        except BuildError as err:
            problems.extend(err.problems)
        except UnicodeDecodeError as err:
            problems.append(Problem(display, None, f"not UTF-8 text ({err.reason}); save it as UTF-8"))
    if problems:
        raise BuildError(problems)
    return docs

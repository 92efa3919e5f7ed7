"""Which reader reads which file: the one table of input formats, and reading a whole project.

Every format is listed here (rdflib's ``plugin.py`` does the same for its parsers) rather than
registered by importing a module: what ``kg build`` reads is visible in one place.
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.errors import BuildError, Problem, relative
from kg.project import Project
from kg.sources.curator import read_curated_yaml
from kg.sources.document import Reader, SourceDocument
from kg.sources.iris import iri_problems
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


_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*", re.ASCII)
"""A file or folder name of ``data/curated/``: it becomes part of a graph IRI."""


def input_files(project: Project) -> list[Path]:
    """Every file the build reads, in a stable order."""
    files = sorted(p for p in project.ontology_dir.glob("*.ttl"))
    if project.curated_dir.is_dir():
        files += sorted(p for p in project.curated_dir.rglob("*") if p.is_file() and p.suffix in READERS)
    return files


def unread_files(project: Project) -> list[Problem]:
    """Files of ``ontology/`` and ``data/curated/`` the build would not read, and names that cannot
    become a graph IRI: each is reported, never silently skipped (``X.TTL`` is not ``x.ttl``).
    Hidden files (``.gitkeep``, editor backups starting with a dot) are left alone."""
    problems = []
    for folder, allowed in ((project.ontology_dir, (".ttl",)), (project.curated_dir, tuple(READERS))):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            if any(part.startswith(".") for part in rel.parts) or not path.is_file():
                continue
            display = relative(path, project.root)
            if path.suffix not in allowed:
                hint = (
                    f"rename it to {path.stem}{path.suffix.lower()}"
                    if path.suffix.lower() in allowed
                    else f"the build reads {', '.join(allowed)} files only: convert it or move it out of {relative(folder, project.root)}/"
                )
                problems.append(
                    Problem(display, None, f"unknown file type '{path.suffix or path.name}': {hint}")
                )
                continue
            bad = [part for part in rel.parts if not _SAFE_NAME.fullmatch(part)]
            if bad and folder == project.curated_dir:
                problems.append(
                    Problem(
                        display,
                        None,
                        f"the name {bad[0]!r} holds characters a graph IRI cannot: name files and "
                        "folders with letters, digits, '-', '_' and '.' only (no spaces)",
                    )
                )
    return problems


def read_sources(project: Project) -> list[SourceDocument]:
    """Read the ontology (into one graph) and each curated file (into a graph of its own).

    Every problem of every file is collected (file, line, what to do) and raised as one
    :class:`BuildError`; no input, however broken, ends in a traceback."""
    docs: list[SourceDocument] = []
    problems: list[Problem] = unread_files(project)
    unreadable = {p.file for p in problems}
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
        if display in unreadable:
            continue
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
        except (ValueError, MemoryError, RecursionError) as err:
            # a reader's own check missed it: still a message naming the file, not a traceback
            problems.append(Problem(display, None, f"cannot be read: {err}"))
    problems += iri_problems(docs)
    if problems:
        raise BuildError(problems)
    return docs

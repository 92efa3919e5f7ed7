"""Curated Turtle: relative IRIs resolve against the base namespace; syntax errors name file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from kg.errors import BuildError, Problem
from kg.sources.document import SourceDocument, read_source_text
from kg.vocab import BASE


def read_turtle(path: Path, display: str, graph: str) -> SourceDocument:
    """Parse a Turtle file into ``graph``, resolving relative IRIs against the base namespace."""
    text = read_source_text(path, display)
    doc = SourceDocument(path=path, display=display, graph=graph, text=text)
    try:
        triples = ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=BASE)
        g = ox.NamedNode(graph)
        doc.quads = [ox.Quad(t.subject, t.predicate, t.object, g) for t in triples]
    except SyntaxError as err:
        line = err.lineno if isinstance(err.lineno, int) else None
        message = str(err.args[0]) if err.args else str(err)
        message = re.sub(
            r"^Parser error at line \d+ between columns (\d+) and \d+: ", r"column \1: ", message
        )
        raise BuildError([Problem(display, line, f"Turtle syntax error, {message}")]) from None
    except MemoryError:  # pyoxigraph's 16 MiB limit for one term (a literal over several lines)
        raise BuildError(
            [
                Problem(
                    display,
                    _longest_line(text),
                    "a literal or IRI longer than 16 MiB (the most pyoxigraph reads): shorten it or "
                    "link to the text",
                )
            ]
        ) from None
    return doc


def _longest_line(text: str) -> int | None:
    """Where a term too long to read most likely starts: the line of the longest string."""
    best, at = 0, None
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > best:
            best, at = len(line), number
    return at

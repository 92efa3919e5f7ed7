"""Curated Turtle: relative IRIs resolve against the base namespace; syntax errors name file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from kg.errors import BuildError, Problem
from kg.sources.document import SourceDocument
from kg.vocab import BASE


def read_turtle(path: Path, display: str, graph: str) -> SourceDocument:
    """Parse a Turtle file into ``graph``, resolving relative IRIs against the base namespace."""
    text = path.read_text(encoding="utf-8")
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
    return doc

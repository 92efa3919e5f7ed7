"""The query editor: Oxigraph's YASGUI page and its files, with the project's first query."""

from __future__ import annotations

import json

EDITOR_FILES = ("/", "/yasgui.min.js", "/yasgui.min.css", "/logo.svg")
"""The paths of the editor that Oxigraph serves; nothing else is fetched from it."""


def starter_query() -> str:
    """What the editor shows first: the project's prefixes and a query that answers something."""
    from kg.vocab import PREFIXES

    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()]
    lines += [
        "",
        "# Every source graph and how many statements it holds; without GRAPH, queries see their merge.",
        "SELECT ?graph (COUNT(*) AS ?statements) WHERE { GRAPH ?graph { ?s ?p ?o } }",
        "GROUP BY ?graph ORDER BY ?graph",
    ]
    return "\n".join(lines)


def with_starter_query(page: bytes) -> bytes:
    """Oxigraph's editor page with :func:`starter_query` as the editor's first query (the page
    is left as it is when its script is not the one expected)."""
    anchor = b'new Yasgui(document.getElementById("yasgui"), {'
    if anchor not in page:
        return page
    config = b"yasqe: { value: " + json.dumps(starter_query()).encode() + b" },"
    return page.replace(anchor, anchor + b"\n        " + config, 1)

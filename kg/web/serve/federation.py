"""``SERVICE`` only to an allow-list: the endpoint calls no address a visitor names.

Oxigraph evaluates ``SERVICE <iri> { … }`` by calling that address from the server, so an open
endpoint would fetch any URL on behalf of anyone (SSRF: other hosts on the server's network,
its own private ports). The front server lets a query through only when every ``SERVICE`` it
holds names an IRI on the allow-list (empty by default; ``--allow-service IRI``, matched exactly).
A ``SERVICE ?variable`` is refused, and so is, in an update, ``LOAD`` (Oxigraph would fetch it).

The check is careful where it matters and free where it does not: the text is first decoded as
the SPARQL parser decodes it (``\\u`` and ``\\U`` escapes apply anywhere in a query), and only a
text containing ``service`` or ``load`` in any case, anywhere (in a string, a comment, a name),
is parsed — with rdflib's SPARQL parser, a second implementation of the same grammar — and its
algebra searched for every ``SERVICE``. A text that cannot be parsed so is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from kg.web.serve.policy import Refusal

WIKIDATA = "https://query.wikidata.org/sparql"
"""The Wikidata Query Service, the endpoint to allow for federation by AGS (``docs/endpoint.md``)."""

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_MARK = "\ue000"
"""Stands for ``#`` inside IRIs while rdflib parses: its SERVICE pattern breaks on a ``#`` that
comes before it on the line (it rescans the text and takes the ``#`` for a comment)."""
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SUSPECT = re.compile(r"service|load", re.I)


def decode_escapes(text: str) -> str:
    r"""The query as the parser reads it: every ``\uXXXX`` and ``\UXXXXXXXX`` replaced."""

    def one(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)

    return _ESCAPE.sub(one, text)


def _walk(node: Any, found: list[tuple[str, Any]]) -> None:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            found.append(("SERVICE", node.get("term")))
        elif node.name == "Load":
            found.append(("LOAD", node.get("iri")))
        for value in node.values():
            _walk(value, found)
    elif isinstance(node, list | tuple):
        for value in node:
            _walk(value, found)
    elif isinstance(node, dict):
        for value in node.values():
            _walk(value, found)


def remote_calls(text: str, operation: str) -> list[tuple[str, Any]] | None:
    """Every ``SERVICE`` (and ``LOAD``) of a query or update with its target, or ``None`` when
    the text cannot contain one. ``text`` already carries the prologue."""
    decoded = decode_escapes(text)
    # the keywords outside IRIs: a SERVICE clause needs a '{' after its target, which no IRI
    # holds, so none hides in one (and a push's MOVE of a graph named …/download… is no LOAD)
    if not _SUSPECT.search(_IRIREF.sub(" ", decoded)):
        return None
    if _MARK in decoded:
        raise Refusal(400, f"this {operation} holds the character U+E000, which is not accepted here")
    # only where the text reads as an IRI; where it does not, the change can only show rdflib
    # more of the text than Oxigraph sees (a comment), never less
    marked = _IRIREF.sub(lambda m: m.group(0).replace("#", _MARK), decoded)
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree: Any = (
            translateQuery(parseQuery(marked)).algebra
            if operation == "query"
            else translateUpdate(parseUpdate(marked)).algebra
        )
    except Exception as err:  # any parser failure: nothing was checked, so nothing runs
        raise Refusal(
            400,
            f"this {operation} mentions SERVICE or LOAD and could not be checked against the allowed "
            f"SERVICE endpoints: {str(err).splitlines()[0][:300]}",
        ) from None
    found: list[tuple[str, Any]] = []
    _walk(tree, found)
    return found


def check_remote_calls(text: str, operation: str, allowed: Iterable[str]) -> None:
    """Refuse a query or update that would make the server call an address not allowed."""
    from rdflib import URIRef

    calls = remote_calls(text, operation)
    if not calls:
        return
    allow = set(allowed)
    listed = ", ".join(sorted(allow)) or "none"
    for keyword, target in calls:
        if keyword == "LOAD":
            raise Refusal(403, "LOAD is not allowed on this endpoint: the server fetches no address")
        if not isinstance(target, URIRef):
            raise Refusal(403, "SERVICE needs a fixed IRI on this endpoint, not a variable")
        iri = str(target).replace(_MARK, "#")
        if iri not in allow:
            raise Refusal(
                403,
                f"SERVICE <{iri}> is not allowed on this endpoint; the allowed SERVICE endpoints "
                f"are: {listed} (kg serve --allow-service IRI)",
            )

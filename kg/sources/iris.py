"""Which IRIs a build accepts: every IRI an ``http(s)`` one the IRI spec allows, every entity of a
curated source under the base namespace, every path under it made of safe segments, no statement
over 16 MiB.

An IRI becomes a link in the site and a file name under ``site/``: a ``javascript:`` IRI would run
script in the site's origin and a ``..`` segment would write outside the folder, so neither gets
past the build (:func:`iri_problems` names file and line).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox

from kg.errors import Problem
from kg.sources.document import MAX_LINE, SourceDocument
from kg.vocab import BASE, ONTOLOGY_GRAPH

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_HTTP = re.compile(r"^https?://[^/?#\s]+", re.ASCII)
_SEGMENT = re.compile(r"[A-Za-z0-9_~.-]+", re.ASCII)
_FRAGMENT = re.compile(r"[A-Za-z0-9_~.-]*", re.ASCII)
# RFC 3987: no space, no control character, none of <>"{}|\^` anywhere in an IRI
_NOT_IRI = re.compile(r"[\x00-\x20<>\"{}|\\^`\x7f-\x9f]")
_TERMS = re.compile(rb'"(?:[^"\\\n]|\\.)*"|<([^<>\s]*)>')
_SUBJECT = re.compile(rb"^<([^<>\s]*)>", re.M)


def unsafe_iri(iri: str) -> str | None:
    """Why ``iri`` may not stand in the graph, or ``None``."""
    bad = _NOT_IRI.search(iri)
    if bad:
        return f"it holds {bad.group()!r}, which no IRI may hold (RFC 3987): percent-encode it"
    scheme = _SCHEME.match(iri)
    if scheme is None or scheme.group(1).lower() not in ("http", "https"):
        name = f"'{scheme.group(1)}:'" if scheme else "none"
        return f"its scheme is {name}: only http:// and https:// IRIs are allowed"
    if not _HTTP.match(iri):
        return "it names no host: write http(s)://host/…"
    if iri.startswith(BASE):
        return unsafe_local_path(iri[len(BASE) :])
    return None


def unsafe_local_path(local: str) -> str | None:
    """Why ``local`` (the part after the base namespace) is not a safe path, or ``None``."""
    path, hash_, fragment = local.partition("#")
    if not path:
        return None if not hash_ else "an IRI of the base namespace needs a path before '#'"
    for segment in path.split("/"):
        if segment in ("", ".", ".."):
            return f"its path {path!r} has an empty, '.' or '..' segment: write kind/id"
        if not _SEGMENT.fullmatch(segment):
            return f"its path segment {segment!r} holds other characters than a-z, 0-9, '-', '_', '.', '~'"
    if hash_ and not _FRAGMENT.fullmatch(fragment):
        return f"its fragment {fragment!r} holds other characters than a-z, 0-9, '-', '_', '.', '~'"
    return None


def iri_problems(docs: Iterable[SourceDocument]) -> list[Problem]:
    """Every unsafe IRI of ``docs`` and every entity of a curated source outside the base
    namespace, with the file and line where the document mentions it.

    Read from the N-Quads text of each document (one regular expression over the text is a
    fraction of a second at a million statements, where reading each term of each quad costs
    seconds); the literals are matched too, so that an IRI-like text inside one is skipped."""
    problems: list[Problem] = []
    for doc in docs:
        text = ox.serialize(doc.quads, format=ox.RdfFormat.N_QUADS) or b""
        if len(text) > MAX_LINE:
            problems += _long_statements(doc, text)
        seen: set[bytes] = set()
        for m in _TERMS.finditer(text):
            raw = m.group(1)
            if raw is None or raw in seen:
                continue
            seen.add(raw)
            iri = raw.decode("utf-8", "replace")
            why = unsafe_iri(iri)
            if why:
                problems.append(
                    Problem(doc.display, _line(doc, iri), f"the IRI <{iri}> is not allowed: {why}")
                )
        if doc.is_ontology or doc.graph == str(ONTOLOGY_GRAPH):
            continue
        for raw in set(_SUBJECT.findall(text)):
            iri = raw.decode("utf-8", "replace")
            if not iri.startswith(BASE) and not unsafe_iri(iri):
                problems.append(
                    Problem(
                        doc.display,
                        _line(doc, iri),
                        f"the entity <{iri}> lies outside the base namespace {BASE}: curated entities "
                        "are ours, write it as <kind/id> (e.g. <person/erika-musterfrau>) and link the "
                        "other address with schema:sameAs or schema:url",
                    )
                )
    return problems


def _long_statements(doc: SourceDocument, text: bytes) -> list[Problem]:
    """A statement too long to load again (a literal over 16 MiB made of many short lines)."""
    for line in text.split(b"\n"):
        if len(line) > MAX_LINE:
            subject = _SUBJECT.match(line)
            at = _line(doc, subject.group(1).decode("utf-8", "replace")) if subject else None
            return [
                Problem(
                    doc.display,
                    at,
                    f"a statement of {len(line)} bytes: no literal or IRI may be longer than 16 MiB "
                    "(dist/ could not be loaded again); shorten it or link to the text",
                )
            ]
    return []


def _line(doc: SourceDocument, iri: str) -> int | None:
    line = doc.line_of(iri)
    if line is None:
        local = iri[len(BASE) :] if iri.startswith(BASE) else iri
        line = doc.find_line(local)
    return line

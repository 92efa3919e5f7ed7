"""Which IRIs a build accepts: every IRI an ``http(s)`` one the IRI spec allows, every entity of a
curated source under the base namespace, every path under it made of safe segments, no statement
over 16 MiB.

An IRI becomes a link in the site and a file name under ``site/``: a ``javascript:`` IRI would run
script in the site's origin and a ``..`` segment would write outside the folder, so neither gets
past the build (:func:`iri_problems` names file and line).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from kg.errors import Problem
from kg.sources.document import MAX_LINE, SourceDocument
from kg.vocab import BASE, ONTOLOGY_GRAPH, unsafe_iri

_TERMS = re.compile(rb'"(?:[^"\\\n]|\\.)*"|<([^<>\s]*)>')
_SUBJECT = re.compile(rb"^<([^<>\s]*)>", re.M)


def _suspects() -> list[re.Pattern[bytes]]:
    """Patterns of IRI tokens that may be unsafe, each fast on its own (a literal prefix for the
    regular expression engine; one alternation of them is several times slower): not
    ``http(s)://``; under the base namespace with a character or an empty segment a safe path has
    not, or a fragment with a path before it; a ``.`` or ``..`` segment. A superset (a literal may
    hold such text, another site's IRI a ``..``): every hit is checked exactly."""
    base = re.escape(BASE.encode())
    safe = rb"[A-Za-z0-9_~.-]"
    return [
        re.compile(rb"<(?!https?://)"),
        re.compile(rb"<" + base + rb"(?:" + safe + rb"++/)*+" + safe + rb"*+(?:#" + safe + rb"*+)?+(?!>)"),
        re.compile(rb"<" + base + rb"#"),
        re.compile(rb"/\.\.?[/#>]"),
    ]


_SUSPECTS = _suspects()
_OUTSIDE = re.compile(rb"\n<(?!" + re.escape(BASE.encode()) + rb")")


def iri_problems(docs: Iterable[SourceDocument]) -> list[Problem]:
    """Every unsafe IRI of ``docs`` and every entity of a curated source outside the base
    namespace, with the file and line where the document mentions it.

    Read from the N-Quads text of each document: one regular expression finds the lines that may
    hold such an IRI (a fraction of a second at a million statements, where reading each term of
    each quad costs seconds, and looking at each IRI in Python a second more), and only those
    lines are read term by term (literals apart, so that an IRI-like text inside one is fine)."""
    problems: list[Problem] = []
    for doc in docs:
        text = ox.serialize(doc.quads, format=ox.RdfFormat.N_QUADS) or b""
        if len(text) > MAX_LINE:
            problems += _long_statements(doc, text)
        seen: set[bytes] = set()
        for line in (line for pattern in _SUSPECTS for line in _lines_at(text, pattern)):
            for raw in _TERMS.findall(line):
                if not raw or raw in seen:
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
        outside: set[bytes] = set()
        for line in _lines_at(b"\n" + text, _OUTSIDE):
            subject = _SUBJECT.match(line)
            if subject and subject.group(1) not in outside:
                outside.add(subject.group(1))
                iri = subject.group(1).decode("utf-8", "replace")
                if not unsafe_iri(iri):
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


def _lines_at(text: bytes, pattern: re.Pattern[bytes]) -> Iterator[bytes]:
    """Each line of ``text`` where a match of ``pattern`` ends, once."""
    end = -1
    for m in pattern.finditer(text):
        at = m.end() - 1
        if at <= end:
            continue
        start = text.rfind(b"\n", 0, at) + 1
        end = text.find(b"\n", at)
        end = len(text) if end < 0 else end
        yield text[start:end]


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

"""A source document: one input file read into the quads of its own named graph, with the lines
where each entity stands, so that every problem can name file and line."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox

from kg.errors import BuildError, Problem
from kg.vocab import BASE

BOM = "\ufeff"

MAX_LINE = (16 << 20) - 1024
"""The longest line (in characters) a source may hold: pyoxigraph reads no literal or IRI over
16 MiB, so a longer one would build and then not load; a little is left for the rest of its line."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BREAK = re.compile(r"\r\n?")


def read_source_text(path: Path, display: str) -> str:
    """The text of a source file, read by the one rule every format shares.

    UTF-8, with or without a byte order mark (one at the start is dropped, in YAML, Turtle and
    CSV alike); line breaks are ``\\n``, ``\\r\\n`` or ``\\r`` and become ``\\n``, and nothing else starts
    a line, so line numbers are the ones an editor shows (U+2028, U+2029 and U+0085 are text);
    no control character but tab (NUL, U+0001, form feed … are refused with their line and
    column); no line over 16 MiB. Each breach is a :class:`BuildError` naming file and line.
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise BuildError(
            [Problem(display, line, f"not UTF-8 text (byte {err.start + 1}: {err.reason}); save it as UTF-8")]
        ) from None
    if text.startswith(BOM):
        text = text[1:]
    if "\r" in text:
        text = _BREAK.sub("\n", text)
    problems = []
    bad = _CONTROL.search(text)
    if bad:
        line, column = line_and_column(text, bad.start())
        problems.append(
            Problem(
                display,
                line,
                f"column {column}: control character U+{ord(bad.group()):04X} is not allowed in a "
                "source file: remove it (only tab and line breaks are)",
            )
        )
    if len(text) > MAX_LINE:
        for number, line_text in enumerate(text.split("\n"), start=1):
            if len(line_text) > MAX_LINE:
                problems.append(
                    Problem(
                        display,
                        number,
                        f"this line is {len(line_text)} characters long: no literal or IRI may be "
                        "longer than 16 MiB; shorten it or link to the text",
                    )
                )
                break
    if problems:
        raise BuildError(problems)
    return text


def line_starts(text: str) -> list[int]:
    """The index where each line of ``text`` starts (lines end at ``\\n`` only)."""
    starts = [0]
    at = text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def line_and_column(text: str, index: int, starts: list[int] | None = None) -> tuple[int, int]:
    """1-based line and column of the character at ``index`` (lines end at ``\\n`` only)."""
    starts = starts if starts is not None else line_starts(text)
    line = bisect.bisect_right(starts, index)
    return line, index - starts[line - 1] + 1


_IRI_TOKEN = re.compile(r"<([^<>\s\"{}|\\^`]*)>")


class SourceDocument:
    """One input file read into the quads of its named graph, with where each entity stands.

    ``definitions`` (entity IRI → line where the file first states something about it) and
    ``mentions`` (entity IRI → line where the file first mentions it at all) of a Turtle file
    are worked out from its text only when asked for: they serve to point at problems, and
    indexing every line of a million-statement build took seconds a valid build never needs.
    """

    def __init__(
        self,
        path: Path,
        display: str,
        graph: str,
        quads: list[ox.Quad] | None = None,
        definitions: dict[str, int] | None = None,
        mentions: dict[str, int] | None = None,
        is_ontology: bool = False,
        lines: list[str] | None = None,
        *,
        text: str | None = None,
    ) -> None:
        self.path = path
        self.display = display
        self.graph = graph
        self.quads: list[ox.Quad] = [] if quads is None else quads
        self._definitions: dict[str, int] = {} if definitions is None else definitions
        self._mentions: dict[str, int] = {} if mentions is None else mentions
        self.is_ontology = is_ontology
        self._lines = lines
        self._text = text
        """Turtle text whose lines are not indexed yet"""

    def __repr__(self) -> str:
        return f"SourceDocument(display={self.display!r}, graph={self.graph!r}, quads={len(self.quads)})"

    def _index(self) -> None:
        if self._text is not None:
            text, self._text = self._text, None
            index_turtle_lines(text, self._definitions, self._mentions)
            if self._lines is None:
                self._lines = text.split("\n")  # lines as an editor counts them (not at U+2028)

    @property
    def definitions(self) -> dict[str, int]:
        self._index()
        return self._definitions

    @property
    def mentions(self) -> dict[str, int]:
        self._index()
        return self._mentions

    @property
    def lines(self) -> list[str]:
        self._index()
        if self._lines is None:
            self._lines = []
        return self._lines

    def line_of(self, iri: str) -> int | None:
        return self.definitions.get(iri) or self.mentions.get(iri)

    def find_line(self, text: str, after: int | None = None) -> int | None:
        """The first line at or after ``after`` that contains ``text``."""
        start = (after or 1) - 1
        lines = self.lines
        for i in range(start, len(lines)):
            if text in lines[i]:
                return i + 1
        return after


def locate(docs: Iterable[SourceDocument], iri: str) -> tuple[str, int | None]:
    """Where a curator finds an entity: the first file that states something about it, else the
    first that mentions it (file and line)."""
    docs = list(docs)
    for doc in docs:
        if iri in doc.definitions:
            return doc.display, doc.definitions[iri]
    for doc in docs:
        if iri in doc.mentions:
            return doc.display, doc.mentions[iri]
    return "data/curated", None


Reader = Callable[[Path, str, str], SourceDocument]
"""A reader turns (path, display path, graph IRI) into a :class:`SourceDocument`."""


_PREFIX_LINE = re.compile(r"@prefix\s+([\w-]*):\s*<([^>]*)>", re.I)
_ABSOLUTE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
# compiled once: these run once per line of input (a million lines at scale)


def index_turtle_lines(text: str, definitions: dict[str, int], mentions: dict[str, int]) -> None:
    prefixes: dict[str, str] = {}
    for lineno, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("#"):
            continue
        m = _PREFIX_LINE.match(stripped)
        if m:
            prefixes[m.group(1)] = m.group(2)
            continue
        for pos, token in enumerate(_IRI_TOKEN.findall(line)):
            iri = token if _ABSOLUTE.match(token) else BASE + token
            if not iri.startswith(BASE):
                continue
            mentions.setdefault(iri, lineno)
            if pos == 0 and line.startswith("<"):
                definitions.setdefault(iri, lineno)

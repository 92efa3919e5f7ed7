"""A programme page as text, and what a layout reads from it (before any name is matched).

A page file is the text of a web page, optionally preceded by comment lines (``# source: URL``,
``# …``) that the project adds when it stores a copy: the address note. The layouts
(:mod:`kg.curate.extract.layouts`) turn the page into a :class:`Programme`: the event's header,
its items with their performer lines, the event's moderation, and every line they could not
read. The layouts resolve names as they read (whether ``» KIF: …`` is a project
talk depends on whether KIF is a known project), through :mod:`~kg.curate.extract.people`.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError

if TYPE_CHECKING:
    from kg.curate.extract.matching import Match
    from kg.curate.extract.people import Appearance

_MARKUP = re.compile(r"<[^>]+>|&nbsp;|&#\d+;")
_SOURCE_NOTE = re.compile(r"^#\s*source:\s*(\S+)", re.I)


@dataclass
class Line:
    """One non-empty line of the page: its number, as written, and cleaned of markup."""

    n: int
    raw: str
    verbatim: str
    """without HTML tags and entities and surrounding blanks: what ``stated-as`` quotes"""
    text: str
    """also without ``**`` emphasis, blanks collapsed: what the layouts read"""


@dataclass
class Page:
    """The page's lines, the address note's web address and the note's other comments."""

    path: Path
    lines: list[Line]
    address: str | None = None
    notes: list[str] = field(default_factory=list)
    ignored: list[tuple[int, str]] = field(default_factory=list)
    """lines that held only markup: (line number, text)"""

    @classmethod
    def read(cls, path: str | Path) -> Page:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            raise KGError(f"cannot read {path}: {err.strerror}") from None
        except UnicodeDecodeError as err:
            raise KGError(f"{path}: not UTF-8 text ({err.reason}); save it as UTF-8") from None
        return cls.from_text(text, path)

    @classmethod
    def from_text(cls, text: str, path: Path) -> Page:
        page = cls(path, [])
        note = True
        for n, raw in enumerate(text.splitlines(), start=1):
            if note and raw.startswith("#"):
                m = _SOURCE_NOTE.match(raw)
                if m and page.address is None:
                    page.address = m.group(1)
                else:
                    page.notes.append(raw.lstrip("#").strip())
                continue
            note = note and not raw.strip()
            verbatim = html.unescape(_MARKUP.sub("", raw)).strip()
            cleaned = re.sub(r"\s+", " ", verbatim.replace("**", "")).strip()
            if not re.search(r"\w", cleaned):
                if raw.strip():
                    page.ignored.append((n, raw.strip()))
                continue
            note = False
            page.lines.append(Line(n, raw, verbatim, cleaned))
        return page


@dataclass
class PerformerLine:
    """A line naming who performs: ``» Dr. A und B, Organisation (PROJECT)``."""

    n: int
    body: str
    """the names part, without the leading ``»``, ``-`` or cue words"""
    role: str
    """speaker, panellist, moderator"""
    stated_as: str
    """the page's line as written (cleaned of markup)"""
    three_parts: bool = False
    """the layout writes ``Name, Job, Organisation``"""


@dataclass
class Item:
    """One programme item as the page states it."""

    n: int
    title: str
    stated_as: str
    time: str | None = None
    """start, ``H:MM`` local time"""
    end: str | None = None
    """end as the page states it (``13:30 - 14:00 Uhr``)"""
    day: int = 0
    """index into :attr:`Header.days` (conferences over several days)"""
    optional: bool = False
    kind: str | None = None
    """set by the layout where the page's structure says it (a project talk, a panel)"""
    project: Match | None = None
    """the project of a project talk (``» KIF: Title``)"""
    appearances: list[Appearance] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    panel: bool = False
    id: str = ""
    """the item's id in the YAML (set when the extraction is assembled)"""
    end_derived: bool = False
    """the end is the next item's start, not stated"""
    order: int | None = None
    """the graph's place of an item it has, written so the two sources agree on it"""
    time_note: str | None = None
    """where the page's times and the graph's differ: a question beside the graph's"""
    kind_note: str | None = None
    """where the page's kind and the graph's differ: a question beside the graph's"""
    spelling: str | None = None
    """the page's title where the graph names the item otherwise"""
    same_slot_note: str | None = None
    """a new item where the graph has one of the same kind at the same time: a question, never a merge"""


@dataclass
class Header:
    """What the page says of the event itself."""

    days: list[dt.date] = field(default_factory=list)
    """the event's day, or first and last day; empty when the page gives no year"""
    partial: tuple[int, int, str | None] | None = None
    """(day, month, weekday) of a date line without a year, to check ``--date`` against"""
    start: str | None = None
    end: str | None = None
    online: bool = False
    heading: str = ""
    heading_line: int = 0
    heading_with_date: bool = False
    """the heading is what remains of the date line (``Einladung zur Abschlussveranstaltung``)"""
    description: list[str] = field(default_factory=list)
    date_line: int = 0


@dataclass
class Programme:
    """What a layout read from a page."""

    layout: str
    header: Header
    items: list[Item]
    moderation: list[Appearance] = field(default_factory=list)
    unparsed: list[tuple[int, str]] = field(default_factory=list)
    after: list[tuple[int, str]] = field(default_factory=list)
    """lines after the programme (contact, registration): not read, listed"""
    cut_short: tuple[int, str] | None = None
    """(line number, text) of the line where the page breaks off, if it does"""
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    """person IRI → what the page says of the person (name, honorific, affiliations, job title)"""

    def all_items(self) -> list[Item]:
        out: list[Item] = []
        for it in self.items:
            out += [it, *it.items]
        return out


__all__ = ["Header", "Item", "Line", "Page", "PerformerLine", "Programme"]

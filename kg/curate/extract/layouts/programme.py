"""The programme body every layout shares: items, talks inside them, performers, panels, moderation.

A layout says how its items are written (:class:`Syntax`: ``9:50 Uhr - Title``, ``- 10:00
Title**``, a time alone on its line with the title below, untimed ``- Title`` bullets) and
where its programme starts; :class:`ProgrammeReader` does the rest, the same way for all:

- a project talk ``» ACRONYM: Title`` (bold in the seed's layout) or, on conference pages, a
  ``- Title`` bullet opens an item inside the current one; the next line without ``»`` is its
  performer;
- ``» Name, Organisation (PROJECT)`` lines are performers of the item above;
- ``Diskussionsrunde mit`` turns the item into a panel: the list below, or names on the line;
- ``Moderation`` (a heading, or ``Moderation: Name``) moderates the event after the last item
  (or the end), the item above it otherwise;
- a heading such as ``Anmeldekontakt:`` ends the programme; lines after it are listed, not read;
- every other line is reported as unparsed; a last line ending in the cut-off beginning of a
  known name (``Deutsches Institut für Urbani``) marks the page as cut short, and the cut part
  is left out, not completed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.curate.extract.dates import find_dates
from kg.curate.extract.matching import Names
from kg.curate.extract.page import Header, Item, Line, Page, PerformerLine, Programme
from kg.curate.extract.people import Appearance, People, looks_like_project

_MODERATION = re.compile(r"^-?\s*»?\s*Moderation\s*(?::\s*|\s+(?=»)|$)(.*)$", re.I)
_PANEL = re.compile(
    r"^-?\s*»?\s*(?:Diskussionsrunde|Podiumsdiskussion|Podiumsgespräch|Gesprächsrunde|Podium|Diskussion)\s+mit\b:?\s*(.*)$",
    re.I,
)
_PERFORMER = re.compile(r"^-?\s*»\s*(.+)$")
_BULLET = re.compile(r"^[-–•]\s+(.+)$")
_TALK = re.compile(r"^-?\s*»\s*([^:,]+?):\s+(.+)$")
"""``» ACRONYM: Title``: a project talk (when ACRONYM is written like one, or is a known project)"""
_BULLET_TALK = re.compile(r"^[-–•]\s+([^\s:,]+):\s+(.+)$")
_OPTIONAL = re.compile(r"\s*\((optional)\)\s*$", re.I)
_AFTER = re.compile(
    r"^(Anmeld\w*|Kontakt\w*|Veranstaltungsort|Anfahrt|Hinweis\w*|Teilnahme\w*|Downloads?|Dokumentation|Weitere Informationen)\b.*:?$",
    re.I,
)
_INLINE_BY = re.compile(r"^(?P<title>.+?)\s+(?:durch|von)\s+(?P<who>.+)$")
_INLINE_PAREN = re.compile(r"^(?P<title>.+?)\s*\((?P<who>[^()]+)\)$")


@dataclass
class Syntax:
    """How a layout writes its items."""

    item: re.Pattern[str] | None = None
    """an item on one line: groups ``h``, ``m``, optional ``h2``, ``m2`` (its end) and ``title``"""
    time_alone: re.Pattern[str] | None = None
    """a start (and end) alone on a line, the title on the next: groups ``h``, ``m``, ``h2``, ``m2``"""
    bold_talks: bool = False
    """a talk inside an item is bold (``- » **KoDa_eG: Title**``)"""
    bullet_talks: bool = False
    """``- Title`` under a timed item is a talk inside it (conference pages)"""
    untimed_bullets: bool = False
    """``- Title`` is an item of its own, without a time (invitations)"""
    three_parts: bool = False
    """performer lines read ``Name, Job, Organisation``"""
    day_headings: bool = False
    """a line holding only a date starts the programme of that day"""


class ProgrammeReader:
    def __init__(self, page: Page, names: Names, syntax: Syntax, header: Header, layout: str) -> None:
        self.page = page
        self.names = names
        self.people = People(names)
        self.syntax = syntax
        self.programme = Programme(layout, header, [])
        self.current: Item | None = None
        self.block: Item | None = None
        self.day = 0
        self.last = page.lines[-1].n if page.lines else 0

    # -- the parts of a line
    def _time(self, m: re.Match[str]) -> tuple[str, str | None]:
        start = f"{int(m.group('h'))}:{m.group('m') or '00'}"
        h2 = m.groupdict().get("h2")
        end = f"{int(h2)}:{m.group('m2') or '00'}" if h2 else None
        return start, end

    def _new_item(self, line: Line, title: str, time: str | None, end: str | None) -> Item:
        optional = False
        om = _OPTIONAL.search(title)
        if om:
            optional, title = True, title[: om.start()].strip()
        item = Item(line.n, title.strip(), _stated(line), time=time, end=end, day=self.day, optional=optional)
        self.programme.items.append(item)
        self.current = self.block = item
        return item

    def _performer_line(self, line: Line, body: str, role: str) -> PerformerLine:
        return PerformerLine(line.n, body.strip(), role, _performer_stated(line), self.syntax.three_parts)

    def _cut_off(self, line: Line, body: str) -> list[str] | None:
        """Known names the last part of the page's last line is the cut-off beginning of."""
        if line.n != self.last:
            return None
        tail = body.rpartition(", ")[2].strip() if ", " in body else body.strip()
        found = self.names.known.truncated(tail)
        return found or None

    def _appearances(self, line: Line, body: str, role: str, item: Item | None) -> list[Appearance] | None:
        pl = self._performer_line(line, body, role)
        cut = self._cut_off(line, body)
        found = self.people.read(pl, item.project if item else None, cut_off=cut)
        if cut is not None:
            self.programme.cut_short = (line.n, line.text)
        return found

    # -- reading
    def read(self, lines: list[Line], is_end: Callable[[str], bool]) -> Programme:
        state = "programme"
        target: Item | None = None
        pending: tuple[Line, str, str | None] | None = None
        prog = self.programme
        for line in lines:
            text = line.text
            if state == "after":
                prog.after.append((line.n, line.raw.strip()))
                continue
            if self.syntax.day_headings and _is_day_heading(text):
                mention = find_dates(text)[0]
                if mention.date is not None:
                    if mention.date not in prog.header.days:
                        prog.header.days.append(mention.date)
                        prog.header.days.sort()
                    self.day = prog.header.days.index(mention.date)
                continue
            if pending is not None:
                pline, time, end = pending
                pending = None
                self._new_item(line, text, time, end).stated_as = f"{_stated(pline)} {_stated(line)}"
                continue
            mod = _MODERATION.match(text)
            if mod:
                ended = not prog.items or is_end(prog.items[-1].title)
                target = None if ended else self.current
                state = "moderation"
                if mod.group(1).strip():
                    self._moderators(line, mod.group(1), target)
                continue
            if state == "moderation":
                if _AFTER.match(text):
                    state = "after"
                    prog.after.append((line.n, line.raw.strip()))
                    continue
                if not self._starts_item(text):
                    if not self._moderators(line, text, target):
                        self._unparsed(line)
                    continue
                state = "programme"
            if self._item(line):
                continue
            if self.syntax.time_alone is not None:
                m = self.syntax.time_alone.match(text)
                if m:
                    pending = (line, *self._time(m))
                    continue
            if self._talk(line):
                continue
            if prog.items and (_AFTER.match(text) or (text.endswith(":") and not _PANEL.match(text))):
                state = "after"
                prog.after.append((line.n, line.raw.strip()))
                continue
            if self.current is None:
                self._unparsed(line)
                continue
            panel = _PANEL.match(text)
            if panel:
                self.current.panel = True
                self.current.kind = "panel-discussion"
                if panel.group(1).strip():
                    found = self._appearances(line, panel.group(1), "panellist", None)
                    if found:
                        self.current.appearances.extend(found)
                    else:
                        self._unparsed(line)
                continue
            perf = _PERFORMER.match(text)
            body = perf.group(1) if perf else _BULLET.sub(r"\1", text)
            role = "panellist" if self.current.panel else "speaker"
            found = self._appearances(line, body, role, self.current)
            if found:
                self.current.appearances.extend(found)
            else:
                self._unparsed(line)
        if pending is not None:
            self._unparsed(pending[0])
        prog.people = self.people.facts
        return prog

    def _starts_item(self, text: str) -> bool:
        s = self.syntax
        return bool(
            (s.item and s.item.match(text))
            or (s.time_alone and s.time_alone.match(text))
            or (s.untimed_bullets and _BULLET.match(text))
        )

    def _item(self, line: Line) -> bool:
        text = line.text
        if self.syntax.item is not None:
            m = self.syntax.item.match(text)
            if m:
                self._new_item(line, m.group("title"), *self._time(m))
                return True
        if self.syntax.untimed_bullets:
            m = _BULLET.match(text)
            if m and not _PERFORMER.match(text):
                self._untimed(line, m.group(1))
                return True
        return False

    def _untimed(self, line: Line, text: str) -> None:
        """``Begrüßung durch Oberbürgermeister X``, ``Grußwort von Dr. Y, Org``, ``Title (Org)``."""
        for pattern in (_INLINE_BY, _INLINE_PAREN):
            m = pattern.match(text)
            if m:
                probe = self._performer_line(line, m.group("who"), "speaker")
                found = self.people.read(probe)
                if found:
                    item = self._new_item(line, m.group("title"), None, None)
                    item.appearances.extend(found)
                    return
        self._new_item(line, text, None, None)

    def _talk(self, line: Line) -> bool:
        """A talk inside the current item: ``» ACRONYM: Title``, bold, or a ``- Title`` bullet."""
        if self.block is None:
            return False
        text = line.text
        bold = self.syntax.bold_talks and re.match(r"^-?\s*»\s*\*\*.+\*\*\s*$", line.raw.strip())
        bullet = self.syntax.bullet_talks and _BULLET.match(text) and not _PERFORMER.match(text)
        m = _TALK.match(text) or (_BULLET_TALK.match(text) if bullet else None)
        project = None
        if m and looks_like_project(m.group(1), self.names):
            project = self.names.resolve("project", m.group(1), line.n)
            title = m.group(2)
        elif bold:
            title = _PERFORMER.sub(r"\1", text)
        elif bullet:
            title = _BULLET.sub(r"\1", text)
        else:
            return False
        kind = "project-talk" if project is not None else None
        self.current = Item(line.n, title.strip(), _stated(line), project=project, kind=kind, day=self.day)
        self.block.items.append(self.current)
        return True

    def _moderators(self, line: Line, body: str, target: Item | None) -> bool:
        perf = _PERFORMER.match(body)
        body = perf.group(1) if perf else body
        found = self._appearances(line, body, "moderator", None)
        if not found:
            return False
        for a in found:
            a.id = f"moderation-{a.performer.iri.rsplit('/', 1)[1]}"
            if not a.stated_as.lower().startswith("moderation"):
                a.stated_as = "Moderation: " + a.stated_as
        (self.programme.moderation if target is None else target.appearances).extend(found)
        return True

    def _unparsed(self, line: Line) -> None:
        self.programme.unparsed.append((line.n, line.raw.strip()))


def _stated(line: Line) -> str:
    """The page's line as stated (an item's line whole, a performer's without its list dash)."""
    return line.verbatim


def _performer_stated(line: Line) -> str:
    return re.sub(r"^-\s+", "", line.verbatim)


def _is_day_heading(text: str) -> bool:
    found = find_dates(text)
    if len(found) != 1:
        return False
    rest = (text[: found[0].span[0]] + text[found[0].span[1] :]).strip(" ,:-")
    return not rest or rest.lower() in ("tag 1", "tag 2", "tag 3", "1. tag", "2. tag", "3. tag")


__all__ = ["ProgrammeReader", "Syntax"]

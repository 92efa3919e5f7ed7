"""What a page says before its programme: the date (or dates), times, online or not, the heading.

Every layout starts the same way: a heading, perhaps a date line, a lead text, then a line
``Programm`` (on the measure's pages with the date, times and ``online`` on it:
``Programm Dienstag, 08.12.2020, 10:00 - 12:30 Uhr, online``). :func:`read_head` reads the
lines up to and including that line; the programme follows.
"""

from __future__ import annotations

import re

from kg.curate.extract.dates import find_dates, time_range
from kg.curate.extract.page import Header, Line

PROGRAMME = re.compile(r"^(?:Programm|Programmablauf|Ablauf|Tagesordnung|Agenda)\b\s*:?", re.I)
_BREADCRUMB = re.compile(r"^»\s*(.+)$")
# An invitation's date line names the event behind the words that invite to it: "Einladung zur
# Abschlussveranstaltung am Mittwoch, 28. Oktober" is the Abschlussveranstaltung, not an Einladung.
_INVITING = re.compile(r"^(?:herzliche\s+)?einladung\s+(?:zur|zum|zu(?:\s+(?:der|dem|den))?)\s+", re.I)


def programme_start(lines: list[Line], first_item: re.Pattern[str] | None = None) -> int:
    """Index of the line ``Programm…`` (the programme begins after it); else of the first item."""
    for i, line in enumerate(lines):
        if PROGRAMME.match(line.text):
            return i
    if first_item is not None:
        for i, line in enumerate(lines):
            if first_item.match(line.text):
                return i - 1
    return -1


def read_head(lines: list[Line]) -> Header:
    """The header of the event from the lines before the programme (and the ``Programm`` line)."""
    header = Header()
    for line in lines:
        text = line.text
        dates = find_dates(text)
        times = time_range(text)
        if re.search(r"\bonline\b", text, re.I) and (dates or times or PROGRAMME.match(text)):
            header.online = True
        if times and header.start is None:
            header.start, header.end = times
        if dates and not header.days and header.partial is None:
            full = [d.date for d in dates if d.date is not None]
            if full:
                header.days = sorted(set(full))
            else:
                header.partial = (dates[0].day, dates[0].month, dates[0].weekday)
            header.date_line = line.n
            rest = text
            for d in reversed(dates):
                rest = rest[: d.span[0]] + rest[d.span[1] :]
            rest = re.sub(r"\s+(?:am|vom|bis|-|–)?\s*$", "", PROGRAMME.sub("", rest).strip(" ,:-–"))
            if not header.heading and len(rest.split()) >= 2 and not times:
                named = _INVITING.sub("", rest) or rest
                header.heading, header.heading_line, header.heading_with_date = named, line.n, True
            continue
        if PROGRAMME.match(text):
            continue
        crumb = _BREADCRUMB.match(text)
        body = crumb.group(1).strip() if crumb else text
        if not header.heading or (header.heading_with_date and crumb):
            header.heading, header.heading_line, header.heading_with_date = body, line.n, False
        elif body != header.heading:
            header.description.append(body)
    return header


__all__ = ["PROGRAMME", "programme_start", "read_head"]

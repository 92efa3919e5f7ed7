"""German dates and times as programme pages write them, and the Europe/Berlin offset of a day.

``Dienstag, 24. November 2020``, ``Dienstag, 08.12.2020``, ``01.07.2019 - 02.07.2019``, a date
without a year (``Mittwoch, 28. Oktober``: the extractor then asks for ``--date``), times
``9:50 Uhr``, ``10:00 - 12:30 Uhr``, ``18 bis 20 Uhr``.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")

MONTHS = {
    m: i
    for i, m in enumerate(
        (
            "januar",
            "februar",
            "märz",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "dezember",
        ),
        start=1,
    )
}
WEEKDAYS = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")

_WEEKDAY = (
    r"(?:(?P<wd>Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Mo|Di|Mi|Do|Fr|Sa|So)\.?,?\s+)?"
)
_LONG = re.compile(_WEEKDAY + r"(?P<d>\d{1,2})\.\s*(?P<m>[A-Za-zäöüÄÖÜ]+)(?:\s+(?P<y>\d{4}))?(?!\d)", re.I)
_NUMERIC = re.compile(_WEEKDAY + r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})?(?!\d)", re.I)
_TIME_RANGE = re.compile(
    r"(?P<h1>\d{1,2})(?:[:.](?P<m1>\d{2}))?\s*(?:-|–|bis)\s*(?P<h2>\d{1,2})(?:[:.](?P<m2>\d{2}))?\s*Uhr", re.I
)


class DateMention:
    """A date a line mentions: the day, or (day, month, weekday) where the year is missing."""

    def __init__(self, day: int, month: int, year: int | None, weekday: str | None, span: tuple[int, int]):
        self.day, self.month, self.year, self.weekday, self.span = day, month, year, weekday, span

    @property
    def date(self) -> dt.date | None:
        if self.year is None:
            return None
        try:
            return dt.date(self.year, self.month, self.day)
        except ValueError:
            return None


def find_dates(text: str) -> list[DateMention]:
    """Every date the text mentions, in order (long and numeric forms)."""
    found: list[DateMention] = []
    for m in _LONG.finditer(text):
        month = MONTHS.get(m.group("m").lower())
        if month:
            y = int(m.group("y")) if m.group("y") else None
            found.append(DateMention(int(m.group("d")), month, y, _weekday(m.group("wd")), m.span()))
    for m in _NUMERIC.finditer(text):
        month = int(m.group("m"))
        if 1 <= month <= 12 and not any(f.span[0] <= m.start() < f.span[1] for f in found):
            y = int(m.group("y")) if m.group("y") else None
            found.append(DateMention(int(m.group("d")), month, y, _weekday(m.group("wd")), m.span()))
    return sorted(found, key=lambda f: f.span)


def _weekday(text: str | None) -> str | None:
    if not text:
        return None
    t = text.lower().rstrip(".")
    return next((w for w in WEEKDAYS if w.startswith(t)), None)


def time_range(text: str) -> tuple[str, str] | None:
    """``10:00 - 12:30 Uhr`` → ("10:00", "12:30"); ``18 bis 20 Uhr`` → ("18:00", "20:00")."""
    m = _TIME_RANGE.search(text)
    if not m:
        return None
    return f"{int(m.group('h1'))}:{m.group('m1') or '00'}", f"{int(m.group('h2'))}:{m.group('m2') or '00'}"


def check_against(given: dt.date, mention: DateMention) -> str | None:
    """Why ``given`` (``--date``) cannot be the day the page names, or None if it can."""
    if (given.day, given.month) != (mention.day, mention.month):
        return f"--date {given.isoformat()} is not the page's {mention.day}.{mention.month}."
    if mention.weekday and WEEKDAYS[given.weekday()] != mention.weekday:
        return f"--date {given.isoformat()} is a {WEEKDAYS[given.weekday()].title()}, the page says {mention.weekday.title()}"
    return None


def hhmm(time: str) -> str:
    h, m = time.split(":")
    return f"{int(h):02d}:{m}"


def with_offset(day: dt.date, time: str | None) -> str:
    """The date-time with the Europe/Berlin offset of that day, as the build will write it."""
    if time is None:
        return day.isoformat()
    h, m = (int(x) for x in time.split(":"))
    return dt.datetime(day.year, day.month, day.day, h, m, tzinfo=BERLIN).isoformat(timespec="minutes")


def minutes(time: str) -> int:
    h, m = time.split(":")
    return int(h) * 60 + int(m)


__all__ = [
    "BERLIN",
    "DateMention",
    "check_against",
    "find_dates",
    "hhmm",
    "minutes",
    "time_range",
    "with_offset",
]

"""One page → one event's curator YAML: the steps in order (read, match, assemble, write)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from kg.curate.extract.dates import DateMention, check_against, hhmm, minutes, with_offset
from kg.curate.extract.kinds import UNKNOWN, kind_from_title, kind_of
from kg.curate.extract.layouts import read_programme
from kg.curate.extract.matching import Known, Match, Names, Status, known_from_graph, known_in_project
from kg.curate.extract.page import Header, Item, Page, Programme
from kg.curate.extract.report import Extraction
from kg.curate.extract.writer import appearance_yaml, entities_yaml, item_yaml, q, question
from kg.errors import KGError
from kg.pipeline.checks import normalise_name
from kg.project import Project
from kg.sources.curator import child
from kg.sources.curator_keys import SECTIONS
from kg.sparql.store import KnowledgeGraph
from kg.vocab import BASE, mint, slugify

_ONLINE = re.compile(r"\bonline|videokonferenz|web-?konferenz", re.I)
_STOP = {
    "der",
    "die",
    "das",
    "und",
    "mit",
    "für",
    "von",
    "den",
    "dem",
    "des",
    "ein",
    "eine",
    "zur",
    "zum",
    "am",
    "im",
    "in",
}


def extract_event(
    path: str | Path,
    graph: KnowledgeGraph | None = None,
    *,
    project: Project | str | Path | None = None,
    event_id: str | None = None,
    source: str | None = None,
    date: dt.date | str | None = None,
    name: str | None = None,
    exclude: list[str | Path] | None = None,
    dist: str | Path | None = None,
) -> Extraction:
    """Read a programme page and write curator-format YAML, matching names against what is known.

    Known names come from ``graph`` if given, else from ``project`` (its sources as they are, or
    its ``dist/``, or ``dist``, when they do not read); with neither, every name is new. ``date`` is the day
    of a page that gives no year (and must agree with the day it does give); ``name`` names an
    event the page does not title; ``exclude`` leaves curated files out of the known names (the
    file about to be overwritten).
    """
    page = Page.read(path)
    known = _known(graph, project, exclude, dist)
    names = Names(known)
    labels = known.concepts.get("concept/item-kind", [])
    prog = read_programme(page, names, lambda title: kind_from_title(title, labels) == "end")
    header = prog.header
    if name:
        header.heading, header.heading_with_date = name, False
    # "online" in the header, or the page calling itself an "Onlineveranstaltung" anywhere
    header.online = header.online or any(_ONLINE.search(line.text) for line in page.lines)
    days = _days(page, header, _as_date(date))
    if not prog.items:
        raise KGError(
            f"{page.path}: no programme item such as '9:50 Uhr - Title' or '- 10:00 Title' after 'Programm'"
        )
    for it in prog.all_items():
        it.kind = kind_of(it, labels)
        it.title = known.mend(it.title)  # line-break hyphens of known words; stated-as keeps the page's
    _mark_cut_short(prog)
    event, ident, existing, event_note = _event(page, header, days, known, names, event_id, name)
    _times_and_ids(prog, known, event)
    _reconcile_items(prog, known, names, event)

    out = _source_yaml(page, header, known, event, existing, source)
    out += _event_yaml(prog, days, ident, existing, event_note)
    partner_types = known.concepts.get("concept/partner-type", [])
    day_of = {i: d.isoformat() for i, d in enumerate(days)}
    out.append("    programme:")
    for it in prog.items:
        out += item_yaml(it, "      ", partner_types, day_of)
    new_yaml = entities_yaml(prog.people, names, known)
    if new_yaml:
        out += ["", *new_yaml]
    names.matches.sort(key=lambda m: (m.line, m.kind))
    appearances = [a for it in prog.all_items() for a in it.appearances] + prog.moderation
    return Extraction(
        "\n".join(out) + "\n",
        names.matches,
        prog.unparsed,
        page.ignored,
        event,
        layout=prog.layout,
        items=len(prog.all_items()),
        people=len({a.performer.iri for a in appearances if a.performer_kind == "person"}),
        cut_short=prog.cut_short,
        after=prog.after,
        known_from=known.origin,
        event_line=_event_line(prog, days, ident, existing),
        page=str(page.path),
    )


def _known(
    graph: KnowledgeGraph | None,
    project: Project | str | Path | None,
    exclude: list[str | Path] | None,
    dist: str | Path | None,
) -> Known:
    if graph is not None:
        return known_from_graph(graph)
    if project is None:
        return Known()
    proj = project if isinstance(project, Project) else Project(Path(project))
    excluded = [str(Path(p).resolve()) for p in exclude or []]
    return known_in_project(proj, exclude=excluded, dist=Path(dist) if dist else None)


def _reconcile_items(prog: Programme, known: Known, names: Names, event: str) -> None:
    """Items the graph has keep its name, kind, place and times, so the YAML adds to them without
    contradiction (where the page differs, a question says so)."""
    known_items = known.items.get(event, {})
    hits = {normalise_name(it.title) for it in prog.all_items()} & known_items.keys()
    unmatched = sorted(set(known_items.values()) - {known_items[n] for n in hits})
    for it in prog.all_items():
        status: Status = "matched" if normalise_name(it.title) in known_items else "new"
        iri = child(event, "item", it.id)
        names.matches.append(Match("item", it.title, it.n, status, iri))
        if status != "matched":
            it.same_slot_note = _same_slot(it, known, unmatched)
            continue
        it.order = known.item_order.get(iri)
        start, end = known.item_times.get(iri, (None, None))
        if start and it.time and start != it.time:
            # one start per item: the graph's, the page's a question beside it
            it.time_note, it.time = f"the page says {it.time}, the graph {start}", start
        if end and it.end and end != it.end:
            it.time_note = (
                it.time_note + "; " if it.time_note else ""
            ) + f"the page gives the end {it.end}, the graph {end}"
            it.end, it.end_derived = end, False
        kind = known.item_kinds.get(iri)
        if kind and kind != it.kind:
            # one kind per item: the graph's, the page's reading (if it had one) a question beside it
            it.kind_note = (
                None if it.kind == UNKNOWN else f"the page reads as {it.kind}, the graph says {kind}"
            )
            it.kind = kind
        primary = sorted(known.primary.get(iri, set()))
        if primary and it.title not in primary:
            # one name per item: the graph's, the page's form a spelling
            it.spelling, it.title = it.title, primary[0]


def _same_slot(it: Item, known: Known, unmatched: list[str]) -> str | None:
    """A new item where the graph has an item of the event, not matched by another of the page,
    of the same kind at the same start: perhaps the same item under another title (the seed's
    "Ende der Onlineveranstaltung" is the 24.11.2020 page's "Abschluss und Ende"). The curator
    decides; the YAML keeps the page's item as new."""
    if not it.time or not it.kind or it.kind == UNKNOWN:
        return None
    same = [
        iri
        for iri in unmatched
        if known.item_times.get(iri, (None, None))[0] == it.time and known.item_kinds.get(iri) == it.kind
    ]
    if not same:
        return None
    named = [
        f"{iri.rsplit('/', 1)[1]} ({' / '.join(sorted(known.primary.get(iri, set()))) or 'untitled'})"
        for iri in same
    ]
    return (
        f"the graph has item {' and '.join(named)}, also {it.kind} at {it.time}: if the page means that "
        "item, give this one its id and title and keep the page's title under spellings"
    )


def _event_line(prog: Programme, days: list[dt.date], ident: str, existing: bool) -> str:
    """The event as read, for the report: id, start and end with the Berlin offset, online or not."""
    header = prog.header
    first = [it for it in prog.items if it.time and not it.optional and it.kind != "end"]
    ends = [it for it in prog.items if it.kind == "end" and it.time]
    start = with_offset(days[0], header.start or (first[0].time if first else None))
    end_time = header.end or (ends[-1].time if ends else None)
    line = f"event/{ident} ({'matched' if existing else 'new'}), {start}"
    if len(days) > 1 or end_time:
        line += f" to {with_offset(days[-1], end_time)}"
    return line + (", online" if header.online else ", not stated online")


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise KGError(f"--date {value!r} is not a date: write YYYY-MM-DD, e.g. --date 2020-10-28") from None


def _days(page: Page, header: Header, given: dt.date | None) -> list[dt.date]:
    """The event's days: from the page, or ``--date`` where the page gives no year; never guessed."""
    if header.days:
        if given is not None and given not in header.days:
            raise KGError(
                f"{page.path}:{header.date_line}: the page says {header.days[0].isoformat()}, --date says {given.isoformat()}"
            )
        return header.days
    if header.partial is not None:
        d, m, wd = header.partial
        if given is None:
            raise KGError(
                f"{page.path}:{header.date_line}: the page gives the day ({d}.{m}.) but no year: "
                "pass --date YYYY-MM-DD (the year from another source); the extractor does not guess it"
            )
        why = check_against(given, DateMention(d, m, None, wd, (0, 0)))
        if why:
            raise KGError(f"{page.path}:{header.date_line}: {why}")
        return [given]
    if given is not None:
        return [given]
    raise KGError(
        f"{page.path}: no date line before the programme (such as 'Dienstag, 24. November 2020' or "
        "'Programm Dienstag, 08.12.2020, 10:00 - 12:30 Uhr'): pass --date YYYY-MM-DD"
    )


def _mark_cut_short(prog: Programme) -> None:
    """A page that stops before its programme ends: an unreadable last line, or no end at all."""
    if prog.cut_short is not None:
        return
    ended = any(it.kind == "end" for it in prog.items)
    if prog.unparsed and not ended and not prog.after:
        last_n, last = prog.unparsed[-1]
        if all(n <= last_n for n, _ in prog.unparsed) and last_n >= max(it.n for it in prog.all_items()):
            prog.cut_short = (last_n, last)
            return
    times = [it.time for it in prog.items if it.time]
    end = prog.header.end
    if times and end and not ended and not prog.after and minutes(times[-1]) < minutes(end) - 5:
        last_item = prog.all_items()[-1]
        last_line = max([last_item.n, *(a.line for a in last_item.appearances)])
        text = last_item.stated_as
        for a in last_item.appearances:
            if a.line == last_line:
                text = a.stated_as
        prog.cut_short = (last_line, text)


def _significant(text: str) -> set[str]:
    return {w for w in normalise_name(text).split() if w not in _STOP and len(w) > 2}


def _event(
    page: Page,
    header: Header,
    days: list[dt.date],
    known: Known,
    names: Names,
    event_id: str | None,
    name: str | None,
) -> tuple[str, str, bool, str | None]:
    """(IRI, id, whether the graph has it, a question if any): by --event-id, the page's address,
    or its day and a word of its name (or its start time); never merged with another of that day."""
    line = header.heading_line or header.date_line
    title = name or header.heading
    if event_id:
        iri = mint("event", event_id)
        existing = iri in known.events
        if not existing and not title:
            raise KGError(
                f"{page.path}: event/{event_id} is not known and the page names no event: pass --name"
            )
        names.matches.append(Match("event", title or event_id, line, "matched" if existing else "new", iri))
        return iri, iri[len(BASE + "event/") :], existing, None
    day = days[0].isoformat()
    by_url = sorted(e for e, (_, url, _) in known.events.items() if page.address and url == page.address)
    same_day = sorted(e for e, (start, _, _) in known.events.items() if start.startswith(day))
    fitting = [
        e
        for e in same_day
        if (title and _significant(title) & _significant(known.events[e][2]))
        or (header.start and known.events[e][0][11:16] == hhmm(header.start))
    ]
    hit = by_url if len(by_url) == 1 else fitting if len(fitting) == 1 else []
    if hit:
        names.matches.append(Match("event", title or known.events[hit[0]][2], line, "matched", hit[0]))
        note = None
        if hit is not by_url and page.address:
            url = known.events[hit[0]][1]
            note = (
                f"matched by its day and name, not by the page's address (the event's is {url or 'not known'}): "
                "check it is this event"
            )
        return hit[0], hit[0][len(BASE + "event/") :], True, note
    if not title:
        raise KGError(
            f"{page.path}: the page names no event and no known event has its address or day: "
            "pass --name 'the event's name' (or --event-id of the event it belongs to)"
        )
    base = iri = mint("event", f"{day}-{' '.join(title.split()[:4])}")
    n = 1
    while iri in known.events:
        n += 1
        iri = f"{base}-{n}"
    status: Status = "ambiguous" if same_day else "new"
    names.matches.append(Match("event", title, line, status, iri, list(same_day)))
    note = None
    if same_day:
        others = " or ".join(e[len(BASE) :] for e in same_day)
        note = f"another event of that day is known ({others}): if it is this one, use its id with existing: true"
    return iri, iri[len(BASE + "event/") :], False, note


def _times_and_ids(prog: Programme, known: Known, event: str) -> None:
    """Ends from the page, else the next item's start (marked derived); ids from time and title."""
    timed = [it for it in prog.items if it.time]
    for i, it in enumerate(timed):
        if it.end or it.kind == "end":
            continue
        nxt = timed[i + 1] if i + 1 < len(timed) else None
        if nxt is not None and nxt.day == it.day:
            it.end, it.end_derived = nxt.time, True
    known_items = known.items.get(event, {})
    for it in prog.items:
        it.id = _item_id(it, None, known_items, event, multi_day=len(prog.header.days) > 1)
        for sub in it.items:
            sub.id = _item_id(sub, it, known_items, event, multi_day=len(prog.header.days) > 1)
    for level in [prog.items, *(it.items for it in prog.items)]:
        seen: dict[str, int] = {}
        for it in level:
            if it.id in seen:
                seen[it.id] += 1
                it.id = f"{it.id}-{seen[it.id]}"
            else:
                seen[it.id] = 1


def _item_id(item: Item, parent: Item | None, known: dict[str, str], event: str, *, multi_day: bool) -> str:
    hit = known.get(normalise_name(item.title))
    prefix = child(event, "item") + "/"
    if hit and hit.startswith(prefix) and "/" not in hit[len(prefix) :]:
        return hit[len(prefix) :]
    time = parent.time if parent and parent.time else item.time
    stamp = hhmm(time).replace(":", "") if time else f"{(parent or item).n:03d}"
    if multi_day:
        stamp = f"d{item.day + 1}-{stamp}"
    if item.project is not None:
        return f"{stamp}-{item.project.iri.rsplit('/', 1)[1]}"
    words = re.split(r"[:?!]", item.title, maxsplit=1)[0].split()[:5]
    return f"{stamp}-{slugify(' '.join(words) or 'item')}"


def _source_yaml(
    page: Page, header: Header, known: Known, event: str, existing: bool, source: str | None
) -> list[str]:
    address = source or page.address or (known.events.get(event, ("", None, ""))[1] if existing else None)
    out = [
        f"# Extracted by `kg extract` from {page.path.name}: review every line, then save under data/curated/."
    ]
    out += [f"# page note: {note}" for note in page.notes if note]
    out.append("source:")
    if address:
        out.append(f"  address: {address}")
    else:
        out.append(f"  address: {q(page.path.name)}" + question("give the page's web address"))
    title = (
        header.heading or (known.events.get(event, ("", None, ""))[2] if existing else "") or page.path.stem
    )
    out.append(f"  title: {q(title)}")
    out.append(f"  retrieved: {dt.date.today().isoformat()}")
    out.append(f"  local-copy: {q(str(page.path))}")
    out.append("")
    return out


def _event_yaml(
    prog: Programme, days: list[dt.date], ident: str, existing: bool, note: str | None
) -> list[str]:
    header = prog.header
    out = ["events:", f"  - id: {ident}" + (question(note) if note else "")]
    first = [it for it in prog.items if it.time and not it.optional and it.kind != "end"]
    ends = [it for it in prog.items if it.kind == "end" and it.time]
    start = header.start or (first[0].time if first else None)
    end = header.end or (ends[-1].time if ends else None)
    if existing:
        out += ["    existing: true", f"    day: {days[0].isoformat()}"]
        if start or end:
            out.append(
                f"    # the page gives {start or '?'} - {end or '?'} Uhr (the event's times are stated elsewhere)"
            )
    else:
        out.append(f"    name: {q(header.heading)}")
        if header.heading_with_date:
            out[-1] += question("taken from the page's date line: give the event its name")
        out.append(f"    start: {days[0].isoformat()}" + (f"T{hhmm(start)}" if start else ""))
        if end or len(days) > 1:
            out.append(f"    end: {days[-1].isoformat()}" + (f"T{hhmm(end)}" if end else ""))
        if header.description:
            out.append(f"    description: {q(' '.join(header.description))}")
    if header.online:
        out.append("    online: true")
    if prog.cut_short:
        n, text = prog.cut_short
        note = question(f"the page breaks off at line {n} ({text!r}): the programme after it is not known")
        if "programme-incomplete" in SECTIONS["events"]:
            out.append("    programme-incomplete: true" + note)
        else:
            out.append("    " + note.strip())
    if prog.moderation:
        out.append("    appearances:")
        for a in prog.moderation:
            out += appearance_yaml(a, "      ")
    return out


__all__ = ["extract_event"]

"""The named queries about the event series and where the projects presented, each answer derived
from the curated files themselves (read without the build), so that it grows with the data and
stays exact: who presented at several events of a series, the series as a timeline, the people and
organisations across its events, and which projects presented where."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime

import pytest

import kg
from kg.vocab import BASE, KGO, SCHEMA
from tests.sparql.test_project_queries import Facts

Row = tuple[str | None, ...]
SERIES_2020 = BASE + "event-series/was-macht-kommunen-innovativ"


class Series:
    """The curated facts seen as events, their programmes and who appears in them."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.children: dict[str, set[str]] = defaultdict(set)
        for (s, p), objects in facts.values.items():
            if p == str(SCHEMA.superEvent):
                for o in objects:
                    self.children[o].add(s)
        self.people = facts.of_type(str(SCHEMA.Person))

    def get(self, s: str, p: object) -> str | None:
        return self.facts.one(s, str(p))

    def all(self, s: str, p: object) -> set[str]:
        return self.facts.values.get((s, str(p)), set())

    def events_of(self, series: str) -> set[str]:
        return set(self.children[series])

    def series(self) -> set[str]:
        return self.facts.of_type(str(SCHEMA.EventSeries))

    def below(self, event: str) -> set[str]:
        """Every programme item under ``event``, at any depth."""
        found: set[str] = set()
        todo = [event]
        while todo:
            for child in self.children[todo.pop()]:
                if child not in found:
                    found.add(child)
                    todo.append(child)
        return found

    def appearances(self, event: str) -> list[tuple[str, str | None]]:
        """(person, stated organisation) of each appearance in the event or any item of it."""
        out = []
        for x in {event} | self.below(event):
            for a in self.all(x, KGO.appearance):
                for person in self.all(a, SCHEMA.performer) & self.people:
                    orgs = self.all(a, KGO.statedAffiliation) or {None}
                    out.extend((person, org) for org in orgs)
        return out

    def label(self, event: str) -> str | None:
        return self.get(event, KGO.shortTitle) or self.get(event, SCHEMA.name)

    def start(self, event: str) -> str | None:
        return self.get(event, SCHEMA.startDate)


def when(value: str | None) -> tuple[bool, datetime | date | None]:
    """A start as SPARQL orders it: unbound last (``!BOUND``), then by the instant."""
    if value is None:
        return (True, None)
    return (False, datetime.fromisoformat(value))


@pytest.fixture(scope="module")
def series() -> Series:
    return Series(Facts())


def _rows(graph: kg.KnowledgeGraph, name: str, **bindings: str) -> list[Row]:
    return [tuple(None if v is None else str(v) for v in row) for row in graph.query(name, **bindings).rows]


def repeat_presenters(s: Series) -> list[Row]:
    rows = []
    for sr in s.series():
        at: dict[str, set[str]] = defaultdict(set)
        for e in s.events_of(sr):
            for person, _ in s.appearances(e):
                at[person].add(e)
        for person, events in at.items():
            if len(events) > 1:
                for e in events:
                    rows.append(
                        (s.get(person, SCHEMA.name), str(len(events)), s.label(e), s.start(e), person, e, sr)
                    )
    return sorted(rows, key=lambda r: (-int(r[1] or 0), r[0], when(r[3]), r[5]))


def timeline(s: Series) -> list[Row]:
    rows = []
    for sr in s.series():
        for e in s.events_of(sr):
            online = str(SCHEMA.OnlineEventAttendanceMode) in s.all(e, SCHEMA.eventAttendanceMode)
            items = {i for i in s.below(e) if str(KGO.ProgrammeItem) in s.facts.types[i]}
            people = {p for p, _ in s.appearances(e)}
            rows.append(
                (
                    s.get(e, KGO.positionInSeries),
                    s.label(e),
                    s.start(e),
                    s.get(e, SCHEMA.endDate),
                    s.get(e, SCHEMA.location) or ("online" if online else None),
                    str(len(items)),
                    str(len(people)),
                    "true" if s.get(e, KGO.programmeIncomplete) == "true" else "false",
                    e,
                    sr,
                )
            )
    return sorted(rows, key=lambda r: (when(r[2]), r[0] is not None, int(r[0] or 0), r[8]))


def network_rows(s: Series) -> list[Row]:
    rows = set()
    for sr in s.series():
        for e in s.events_of(sr):
            found = s.appearances(e)
            with_org = {p for p, org in found if org is not None}
            for person, org in found:
                if org is None and person in with_org:
                    continue  # another appearance there states the organisation
                name = None if org is None else s.get(org, SCHEMA.name)
                rows.add((s.get(person, SCHEMA.name), name, s.label(e), s.start(e), person, org, e, sr))
    # unbound sorts first in SPARQL
    return sorted(rows, key=lambda r: (r[0], r[1] is not None, r[1] or "", when(r[3]), r[6]))


COMPUTED_ANSWERS: dict[str, Callable[[Series], list[Row]]] = {
    "series-repeat-presenters": repeat_presenters,
    "series-timeline": timeline,
    "series-network": network_rows,
}
"""Named queries whose exact answer, order included, is computed here from the curated files
(tests/sparql/test_queries.py holds the others' answers); ``project-presentations`` is below."""
COMPUTED = {*COMPUTED_ANSWERS, "project-presentations"}
"""Every named query whose answer this module computes from the curated files."""


@pytest.mark.parametrize("name", sorted(COMPUTED_ANSWERS))
def test_series_query_gives_the_answer_of_the_curated_files(
    name: str, graph: kg.KnowledgeGraph, series: Series
) -> None:
    expected = COMPUTED_ANSWERS[name](series)
    assert expected, f"the curated files give {name} no answer"
    assert _rows(graph, name) == expected


def test_repeat_presenters_of_the_autumn_conference(graph: kg.KnowledgeGraph, series: Series) -> None:
    rows = _rows(graph, "series-repeat-presenters")
    # every person listed appeared at more than one event, and each of those events is listed
    by_person: dict[str | None, set[str | None]] = defaultdict(set)
    for name, count, *_, event, sr in rows:
        assert sr == SERIES_2020
        by_person[name].add(event)
        assert int(count or 0) > 1
    assert all(
        len(events) == int(next(r[1] for r in rows if r[0] == n) or 0) for n, events in by_person.items()
    )
    # the accompanying project's people moderate and open most events (a moderation of the event
    # itself counts as much as a talk in an item)
    assert {"Stephanie Bock", "Katrin Fahrenkrug"} <= set(by_person)
    bock = _rows(graph, "series-repeat-presenters", person="person/stephanie-bock")
    assert bock == [r for r in rows if r[4] == BASE + "person/stephanie-bock"]


def test_the_timeline_lists_the_undated_event_last(graph: kg.KnowledgeGraph, series: Series) -> None:
    rows = _rows(graph, "series-timeline", series="event-series/was-macht-kommunen-innovativ")
    assert {r[8] for r in rows} == series.events_of(SERIES_2020)
    innen = BASE + "event/herbst-konferenz-2020-innen-entwickeln"
    # known to exist, dated by no source: listed, last, with nothing made up
    assert rows[-1] == (None, "Innen entwickeln!", None, None, None, "0", "0", "false", innen, SERIES_2020)
    dated = [r for r in rows if r[2] is not None]
    assert [r[2] for r in dated] == sorted((r[2] for r in dated), key=when)
    # a programme the source cuts short is marked, so that its few items read as what they are
    incomplete = {r[8] for r in rows if r[7] == "true"}
    assert incomplete == {
        e for e in series.events_of(SERIES_2020) if series.get(e, KGO.programmeIncomplete) == "true"
    }
    assert BASE + "event/2020-10-28-was-macht-kommunen-innovativ" in incomplete


def test_series_network_rows_narrow_to_a_series(graph: kg.KnowledgeGraph) -> None:
    whole = _rows(graph, "series-network")
    narrowed = _rows(graph, "series-network", series="event-series/was-macht-kommunen-innovativ")
    assert narrowed == [r for r in whole if r[7] == SERIES_2020] and narrowed
    # a person is listed without an organisation only where no appearance there states one
    stated = {(r[4], r[6]) for r in whole if r[5] is not None}
    assert not [r for r in whole if r[5] is None and (r[4], r[6]) in stated]


def project_presentations(s: Series) -> set[Row]:
    facts = s.facts
    projects = facts.of_type(str(SCHEMA.ResearchProject))
    items = facts.of_type(str(KGO.ProgrammeItem))
    rows: set[Row] = set()

    def top_event(item: str) -> str:
        up = item
        while up in items:
            (up,) = s.all(up, SCHEMA.superEvent)
        return up

    for item in items:
        for project in s.all(item, SCHEMA.about) & projects:
            event = top_event(item)
            (parent,) = s.all(item, SCHEMA.superEvent)
            start = (
                s.get(item, SCHEMA.startDate)
                or (s.get(parent, SCHEMA.startDate) if parent in items else None)
                or s.start(event)
            )
            speakers = {
                s.get(p, SCHEMA.name)
                for a in s.all(item, KGO.appearance)
                for p in s.all(a, SCHEMA.performer) & s.people
            } or {None}
            for speaker in speakers:
                row = (s.get(project, SCHEMA.name), start, s.label(event), s.get(item, SCHEMA.name), speaker)
                rows.add((*row, project, event, item))
    for event in facts.of_type(str(SCHEMA.Event)) - items:
        for project in s.all(event, SCHEMA.about) & projects:
            speakers = {
                s.get(p, SCHEMA.name)
                for a in s.all(event, KGO.appearance)
                if project in s.all(a, KGO.representsProject)
                for p in s.all(a, SCHEMA.performer) & s.people
            } or {None}
            for speaker in speakers:
                row = (s.get(project, SCHEMA.name), s.start(event), s.label(event), None, speaker)
                rows.add((*row, project, event, None))
    return rows


def test_project_presentations(graph: kg.KnowledgeGraph, series: Series) -> None:
    rows = _rows(graph, "project-presentations")
    expected = project_presentations(series)
    assert len(rows) == len(set(rows)) and set(rows) == expected
    # by project, and within a project the dated rows first
    assert [r[0] for r in rows] == sorted(r[0] or "" for r in rows)
    for project in {r[5] for r in rows}:
        starts = [r[1] for r in rows if r[5] == project]
        assert starts == sorted(starts, key=lambda v: v is None)
    # the seed event's project talks, each by whom it names
    seed = BASE + "event/2020-11-24-allianzen-bilden"
    koda = {(r[3], r[4]) for r in rows if r[5] == BASE + "project/koda-eg" and r[6] == seed}
    assert koda and all(title and speaker for title, speaker in koda)
    narrowed = _rows(graph, "project-presentations", project="project/koda-eg")
    assert narrowed == [r for r in rows if r[5] == BASE + "project/koda-eg"]

"""The named queries about projects across the programme, each answer derived from the curated
files themselves (read without the build), so that it grows with the data and stays exact."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

import kg
from kg.project import Project
from kg.sources.readers import read_sources
from kg.vocab import BASE, KGO, RDF_TYPE, SCHEMA
from tests.conftest import ROOT


class Facts:
    """The statements of every curated file, as plain strings."""

    def __init__(self) -> None:
        self.types: dict[str, set[str]] = defaultdict(set)
        self.values: dict[tuple[str, str], set[str]] = defaultdict(set)
        for doc in read_sources(Project.discover(ROOT)):
            for q in doc.quads:
                s, p, o = q.subject.value, q.predicate.value, q.object.value
                if p == RDF_TYPE:
                    self.types[s].add(o)
                else:
                    self.values[(s, p)].add(o)

    def of_type(self, cls: str) -> set[str]:
        return {s for s, ts in self.types.items() if cls in ts}

    def one(self, s: str, p: str) -> str | None:
        found = self.values.get((s, p), set())
        assert len(found) <= 1, (s, p, found)
        return next(iter(found), None)


@pytest.fixture(scope="module")
def facts() -> Facts:
    return Facts()


def _rows(graph: kg.KnowledgeGraph, name: str, **bindings: str) -> list[tuple[str | None, ...]]:
    return [tuple(None if v is None else str(v) for v in row) for row in graph.query(name, **bindings).rows]


def test_organisations_in_several_projects(graph: kg.KnowledgeGraph, facts: Facts) -> None:
    projects = facts.of_type(str(SCHEMA.ResearchProject))
    organisations = facts.of_type(str(SCHEMA.Organization)) - projects
    joined: dict[str, set[str]] = defaultdict(set)
    for p in projects:
        for m in facts.values.get((p, str(SCHEMA.member)), set()):
            if m in organisations:
                joined[m].add(p)
    name = str(SCHEMA.name)
    expected = sorted(
        (
            (facts.one(o, name), str(len(ps)), facts.one(p, name), o, p)
            for o, ps in joined.items()
            if len(ps) > 1
            for p in ps
        ),
        key=lambda r: (-int(r[1]), r[3], r[4]),
    )
    rows = _rows(graph, "organisations-in-several-projects")
    assert rows == expected
    # the programme's bridges: the Difu takes part in its accompanying project and beyond
    assert ("Deutsches Institut für Urbanistik", BASE + "project/komkomin") in {(r[0], r[4]) for r in rows}
    difu = _rows(graph, "organisations-in-several-projects", organisation="organization/difu")
    assert difu == [r for r in rows if r[3] == BASE + "organization/difu"]


def _state_of(facts: Facts, place: str) -> str | None:
    seen: set[str] = set()
    todo = [place]
    while todo:
        area = todo.pop()
        for up in facts.values.get((area, str(SCHEMA.containedInPlace)), set()):
            if up.startswith(BASE + "state/"):
                return facts.one(up, str(SCHEMA.name))
            if up not in seen:
                seen.add(up)
                todo.append(up)
    return None


def test_municipalities_by_state(graph: kg.KnowledgeGraph, facts: Facts) -> None:
    name = str(SCHEMA.name)
    expected = set()
    for p in facts.of_type(str(SCHEMA.ResearchProject)):
        for m in facts.values.get((p, str(KGO.municipality)), set()):
            expected.add(
                (
                    _state_of(facts, m),
                    facts.one(m, name),
                    facts.one(m, str(KGO.ags)),
                    facts.one(p, name),
                    m,
                    p,
                )
            )
    rows = _rows(graph, "municipalities-by-state")
    assert len(rows) == len(set(rows)) and set(rows) == expected
    # ordered by state (unknown first), then municipality and project
    assert rows == sorted(rows, key=lambda r: (r[0] is not None, r[0] or "", r[1], r[3]))
    # a municipality without a key is listed too, with its state where a source gives one
    assert ("Hessen", "Eschwege", None, "lebenswert") in {r[:4] for r in rows}
    koda = _rows(graph, "municipalities-by-state", project="project/koda-eg")
    assert koda == [r for r in rows if r[5] == BASE + "project/koda-eg"] and len(koda) == 6


def _amounts(row: tuple[str | None, ...]) -> tuple[object, ...]:
    """Amounts as numbers: "297681.00" in the source is the decimal 297681 in the store."""
    return tuple(Decimal(v) if i in (1, 3) and v is not None else v for i, v in enumerate(row))


def test_project_funding(graph: kg.KnowledgeGraph, facts: Facts) -> None:
    expected = set()
    for p in facts.of_type(str(SCHEMA.ResearchProject)):
        amount = facts.one(p, str(KGO.fundingAmount))
        code = facts.one(p, str(KGO.fundingCode))
        if amount is None and code is None:
            continue
        values = [
            None if amount is None else facts.one(amount, str(prop))
            for prop in (SCHEMA.value, KGO.approximate, SCHEMA.maxValue, SCHEMA.currency)
        ]
        expected.add((facts.one(p, str(SCHEMA.name)), *values, code, p))
    rows = _rows(graph, "project-funding")
    assert {_amounts(r) for r in rows} == {_amounts(r) for r in expected} and len(rows) == len(expected)
    for name, value, approximate, at_most, currency, _, _ in rows:
        if currency is not None:  # an amount: stated or an upper bound, never both
            assert (value is None) != (at_most is None), name
            assert approximate is None or value is not None, name
    nola = _rows(graph, "project-funding", project="project/nola")
    assert nola == [("NoLA", "331574", None, None, "EUR", "033L169A-B", BASE + "project/nola")]

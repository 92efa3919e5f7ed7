"""How many of each kind, and how often each optional detail: counted from a real project's data."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from kg.project import Project
from kg.vocab import DCTERMS, KGO, ORG, RDF_TYPE, SCHEMA
from kg.vocab import kind_of_types as vocab_kind_of_types

KINDS = (
    "municipality",
    "funding",
    "organization",
    "person",
    "project",
    "participation",
    "series",
    "event",
    "item",
    "appearance",
)
"""The kinds of entity the generator makes, in the order they may refer to one another."""

AMOUNT = "amount"
"""The part a project's funding amount is counted as (a schema:MonetaryAmount: no entity kind)."""

OPTIONAL_DETAILS = {
    # kind → properties an entity of that kind has some of the time, as often as in the real data
    "person": (SCHEMA.honorificPrefix, SCHEMA.affiliation, SCHEMA.jobTitle, ORG.headOf),
    "organization": (SCHEMA.alternateName, SCHEMA.url, KGO.municipality),
    "project": (
        SCHEMA.member,
        KGO.municipality,
        KGO.fundingMeasure,
        KGO.partnerType,
        KGO.fullTitle,
        SCHEMA.alternateName,
        DCTERMS.temporal,
        KGO.focusTheme,
        KGO.fundingAmount,
        KGO.fundingCode,
    ),
    "participation": (ORG.memberDuring,),
    "event": (KGO.fundingMeasure, KGO.partnerType, KGO.appearance),
    # the item details are counted per kind of item too, as "item/<kind>"
    "item": (SCHEMA.about, KGO.partnerType, KGO.endDateDerived, KGO.statedAs, KGO.appearance),
    "appearance": (KGO.statedAffiliation, KGO.representsProject, KGO.statedAs),
    AMOUNT: (SCHEMA.value, SCHEMA.maxValue, KGO.approximate, KGO.statedAs),
}


@dataclass(frozen=True)
class Proportions:
    """How the real data is shaped: entities per kind, and per entity how often each property."""

    counts: dict[str, int]
    rates: dict[tuple[str, str], float] = field(default_factory=dict)
    """(kind, property IRI) → statements per entity of that kind"""
    member_person_share: float = 0.5
    """the share of ``schema:member`` values that are people (the rest are organisations)"""
    participating_share: float = 0.0
    """the share of projects whose participations (``org:Membership``) the data lists"""
    participating_members: float = 0.0
    """``schema:member`` values per project that lists its participations (they cluster there)"""
    programme_events: int = 0
    """events with at least one programme item (the others are known only by name and date)"""
    parts: dict[str, int] = field(default_factory=dict)
    """how many of what is no kind of its own: programme items per kind of item (``item/<kind>``),
    funding amounts (``amount``)"""
    holders: dict[tuple[str, str], int] = field(default_factory=dict)
    """(kind, property IRI) → entities of that kind with at least one value (``rates`` counts the
    values): where a detail is rare, the generator spreads exactly this share evenly"""
    amount_range: tuple[int, int] = (0, 0)
    """the smallest and the largest funding amount the data states (value or upper bound), in euros"""
    series_events: int = 0
    """events in an event series (``schema:superEvent`` a ``schema:EventSeries``)"""
    series_programme_events: int = 0
    """of those, the events with at least one programme item"""
    series_presences: int = 0
    """(person, series event) pairs: someone appearing in a series event or any of its items"""
    series_returns: int = 0
    """of those pairs, the ones of a person already counted at another event of the same series
    (the pairs less the distinct people per series): the presenters a series brings back"""

    @classmethod
    def from_project(cls, project: Project) -> Proportions:
        """Count the curated data of ``project`` (not its ontology)."""
        from kg.sources.readers import read_sources

        docs = [d for d in read_sources(project) if not d.is_ontology]
        quads = {(q.subject, q.predicate, q.object) for d in docs for q in d.quads}
        types: dict[Any, set[str]] = defaultdict(set)
        for s, p, o in quads:
            if p.value == RDF_TYPE and isinstance(o, ox.NamedNode):
                types[s].add(o.value)
        kind_of: dict[Any, str | None] = {s: kind_of_types(ts) for s, ts in types.items()}
        counts = Counter(k for k in kind_of.values() if k)
        # a programme item's details depend on its kind (only project talks are about a project):
        # items are also counted per kind of item, as "item/<kind>"; a funding amount is a part of
        # its project, counted as "amount"
        part_of = {
            s: "item/" + o.value.rsplit("/", 1)[-1]
            for s, p, o in quads
            if p.value == str(KGO.itemKind) and kind_of.get(s) == "item" and isinstance(o, ox.NamedNode)
        }
        item_kinds = set(part_of.values())
        part_of |= {s: AMOUNT for s, ts in types.items() if str(SCHEMA.MonetaryAmount) in ts}
        parts = Counter(part_of.values())
        counts.update(parts)
        props: Counter[tuple[str, str]] = Counter()
        having: defaultdict[tuple[str, str], set[Any]] = defaultdict(set)
        members: Counter[str | None] = Counter()
        participating: set[Any] = set()
        member_of: Counter[Any] = Counter()
        amounts: list[int] = []
        for s, p, o in quads:
            for kind in (kind_of.get(s), part_of.get(s)):
                if kind:
                    props[(kind, p.value)] += 1
                    having[(kind, p.value)].add(s)
            if p.value == str(SCHEMA.member):
                members[kind_of.get(o)] += 1
                member_of[s] += 1
            if (
                kind_of.get(s) == "participation"
                and p.value == str(ORG.organization)
                and kind_of.get(o) == "project"
            ):
                participating.add(o)
            if (
                part_of.get(s) == AMOUNT
                and p.value in (str(SCHEMA.value), str(SCHEMA.maxValue))
                and isinstance(o, ox.Literal)
            ):
                amounts.append(int(Decimal(o.value)))
        counted = [(k, OPTIONAL_DETAILS[k]) for k in OPTIONAL_DETAILS]
        counted += [(k, OPTIONAL_DETAILS["item"]) for k in sorted(item_kinds)]
        details = [(kind, str(prop)) for kind, options in counted if counts[kind] for prop in options]
        share = members["person"] / max(1, members["person"] + members["organization"])
        series = _series(quads, kind_of, part_of)
        return cls(
            {k: counts[k] for k in KINDS},
            {key: props[key] / counts[key[0]] for key in details},
            share,
            len(participating) / max(1, counts["project"]),
            sum(member_of[p] for p in participating) / max(1, len(participating)),
            len({o for s, p, o in quads if p.value == str(SCHEMA.superEvent) and s in part_of}),
            dict(sorted(parts.items())),
            {key: len(having[key]) for key in details},
            (min(amounts), max(amounts)) if amounts else (0, 0),
            **series,
        )

    @property
    def other_members(self) -> float:
        """``schema:member`` values per project that lists no participations."""
        projects = self.counts["project"]
        listing = self.participating_share * projects
        rest = self.rate("project", str(SCHEMA.member)) * projects - self.participating_members * listing
        return max(0.0, rest / max(1.0, projects - listing))

    def rate(self, kind: str, prop: str) -> float:
        return self.rates.get((kind, prop), 0.0)

    def count(self, kind: str) -> int:
        """Entities of a kind, or parts (``item/<kind>``, ``amount``), in the real data."""
        return self.counts.get(kind) or self.parts.get(kind, 0)


def _series(quads: set[Any], kind_of: dict[Any, str | None], part_of: dict[Any, str]) -> dict[str, int]:
    """How the data's event series are shaped: their events, those with a programme, and who
    appears at several events of one series (see the ``series_*`` fields)."""
    up = {s: o for s, p, o in quads if p.value == str(SCHEMA.superEvent)}
    series_of = {s: o for s, o in up.items() if kind_of.get(s) == "event" and kind_of.get(o) == "series"}

    def event_of(node: Any) -> Any:
        seen = 0
        while node not in series_of and node in up and seen < 16:  # an item, a block in an item …
            node, seen = up[node], seen + 1
        return node if node in series_of else None

    performer = {
        s: o for s, p, o in quads if p.value == str(SCHEMA.performer) and kind_of.get(s) == "appearance"
    }
    pairs: set[tuple[Any, Any]] = set()
    for s, p, o in quads:
        if p.value != str(KGO.appearance) or o not in performer or kind_of.get(performer[o]) != "person":
            continue
        if (event := event_of(s)) is not None:
            pairs.add((performer[o], event))
    people = {(person, series_of[event]) for person, event in pairs}
    return {
        "series_events": len(series_of),
        "series_programme_events": len({event_of(s) for s in part_of if event_of(s) is not None}),
        "series_presences": len(pairs),
        "series_returns": len(pairs) - len(people),
    }


def kind_of_types(types: set[str]) -> str | None:
    """Which generated kind an entity with these ``rdf:type`` values corresponds to (the
    vocabulary's kind, where the generator makes that kind)."""
    kind = vocab_kind_of_types(types)
    return kind.key if kind is not None and kind.key in KINDS else None

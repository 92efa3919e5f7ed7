"""How many of each kind, and how often each optional detail: counted from a real project's data."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
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
    "event",
    "item",
    "appearance",
)
"""The kinds of entity the generator makes, in the order they may refer to one another."""

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
    ),
    "participation": (ORG.memberDuring,),
    "event": (KGO.fundingMeasure, KGO.partnerType),
    "item": (SCHEMA.about, KGO.partnerType, KGO.endDateDerived, KGO.statedAs),
    "appearance": (KGO.statedAffiliation, KGO.representsProject, KGO.statedAs),
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
    programme_events: int = 0
    """events with at least one programme item (the others are known only by name and date)"""
    """``schema:member`` values per project that lists its participations (they cluster there)"""

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
        # items are also counted per kind of item, as "item/<kind>"
        item_kind = {
            s: "item/" + o.value.rsplit("/", 1)[-1]
            for s, p, o in quads
            if p.value == str(KGO.itemKind) and kind_of.get(s) == "item" and isinstance(o, ox.NamedNode)
        }
        counts.update(item_kind.values())
        props: Counter[tuple[str, str]] = Counter()
        members: Counter[str | None] = Counter()
        participating: set[Any] = set()
        member_of: Counter[Any] = Counter()
        for s, p, o in quads:
            kind = kind_of.get(s)
            if kind:
                props[(kind, p.value)] += 1
            if s in item_kind:
                props[(item_kind[s], p.value)] += 1
            if p.value == str(SCHEMA.member):
                members[kind_of.get(o)] += 1
                member_of[s] += 1
            if kind == "participation" and p.value == str(ORG.organization) and kind_of.get(o) == "project":
                participating.add(o)
        rates = {
            (kind, str(prop)): props[(kind, str(prop))] / counts[kind]
            for kind, options in OPTIONAL_DETAILS.items()
            if counts[kind]
            for prop in options
        }
        rates |= {
            (kind, str(prop)): props[(kind, str(prop))] / counts[kind]
            for kind in set(item_kind.values())
            for prop in OPTIONAL_DETAILS["item"]
        }
        share = members["person"] / max(1, members["person"] + members["organization"])
        return cls(
            {k: counts[k] for k in KINDS},
            rates,
            share,
            len(participating) / max(1, counts["project"]),
            sum(member_of[p] for p in participating) / max(1, len(participating)),
            len({o for s, p, o in quads if p.value == str(SCHEMA.superEvent) and s in item_kind}),
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


def kind_of_types(types: set[str]) -> str | None:
    """Which generated kind an entity with these ``rdf:type`` values corresponds to (the
    vocabulary's kind, where the generator makes that kind: it makes no event series)."""
    kind = vocab_kind_of_types(types)
    return kind.key if kind is not None and kind.key in KINDS else None

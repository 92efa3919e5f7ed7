"""Synthetic data of realistic shape: a project folder that ``kg build`` validates and builds.

Benchmarks need graphs of 10 k to millions of triples, and the real measure has a few hundred.
:func:`write_synthetic_project` copies the ontology of a real project and writes curated Turtle
files whose entities come in the proportions of that project's ``data/curated/`` (how many
people per event, members per project, …, counted by :meth:`Proportions.from_project`).

Synthetic data must never pass for real data: every entity lives under ``synth/`` in the base
namespace (``kg:synth/person/000001``), every AGS starts with ``99`` (no German Land has that
number; real keys start 01–16), every source graph is titled "Synthetische Daten" and cites
``urn:kommunen-kg:synthetic`` as its source, and names say "Synth…".

Output depends only on the triple count, the seed and the proportions (the real project's data):
one seed, one set of bytes.
"""

from __future__ import annotations

import os
import random
import shutil
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import KGError
from kg.project import Project
from kg.vocab import BASE, DCTERMS, KGO, ORG, RDF_TYPE, SCHEMA, SKOS
from kg.vocab import kind_of_types as vocab_kind_of_types

SYNTH_PREFIX = "synth/"
"""Where synthetic entities live, relative to the base namespace."""
SYNTH_SOURCE = "urn:kommunen-kg:synthetic"
"""What every synthetic source graph names as its source."""
SYNTH_AGS_PREFIX = "99"
"""First two digits of every synthetic AGS: no German Land has the number 99."""
RETRIEVED_ON = "2000-01-01"
"""A fixed date for ``kgo:retrievedOn`` (today's date would break determinism)."""
FILE_TRIPLES = 25_000
"""Roughly how many statements one synthetic source file holds."""


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

_OPTIONAL = {
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

_GIVEN = [
    "Anna",
    "Bernd",
    "Clara",
    "Dieter",
    "Elena",
    "Felix",
    "Greta",
    "Hans",
    "Ida",
    "Jonas",
    "Karin",
    "Lukas",
    "Maria",
    "Niklas",
    "Olga",
    "Paul",
    "Renate",
    "Stefan",
    "Tanja",
    "Uwe",
    "Vera",
    "Wolfgang",
    "Yvonne",
    "Zoe",
    "Birgit",
    "Jan",
    "Lilian",
    "Thomas",
    "Anita",
    "Stephanie",
    "Markus",
    "Sabine",
    "Jürgen",
    "Petra",
    "Florian",
    "Heike",
    "Tobias",
    "Ute",
    "Martin",
    "Julia",
]
_FAMILY = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Krause",
    "Meier",
    "Lehmann",
    "Köhler",
    "Herrmann",
    "Walter",
    "König",
    "Mayer",
    "Huber",
    "Kaiser",
    "Fuchs",
    "Peters",
    "Lang",
    "Scholz",
    "Jung",
]
_ORG_FORMS = (
    (SCHEMA.ResearchOrganization, "Synth-Institut für Stadtforschung"),
    (SCHEMA.NGO, "Synth-Bürgerverein"),
    (SCHEMA.GovernmentOrganization, "Synth-Gemeindeverwaltung"),
)
_TITLES = ("Dr.", "Prof. Dr.")
_JOBS = ("Bürgermeister:in", "Projektleitung", "Referent:in")


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
            for kind, options in _OPTIONAL.items()
            if counts[kind]
            for prop in options
        }
        rates |= {
            (kind, str(prop)): props[(kind, str(prop))] / counts[kind]
            for kind in set(item_kind.values())
            for prop in _OPTIONAL["item"]
        }
        share = members["person"] / max(1, members["person"] + members["organization"])
        return cls(
            {k: counts[k] for k in KINDS},
            rates,
            share,
            len(participating) / max(1, counts["project"]),
            sum(member_of[p] for p in participating) / max(1, len(participating)),
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


@dataclass
class _Entity:
    iri: str
    kind: str
    lines: list[tuple[str, str]] = field(default_factory=list)

    def add(self, prop: str, obj: str) -> None:
        """One statement (one line of Turtle, so that counting lines counts triples)."""
        self.lines.append((prop, obj))

    def types(self, *classes: str) -> None:
        for cls in classes:
            self.add("a", cls)


@dataclass
class SynthReport:
    """What :func:`write_synthetic_project` wrote."""

    root: Path
    triples: int
    """statements in the curated files plus the ontology, as ``kg build`` will count them"""
    files: list[Path]
    entities: dict[str, int]

    def __str__(self) -> str:
        kinds = ", ".join(f"{n} {k}" for k, n in self.entities.items())
        return (
            f"wrote {self.root}: about {self.triples} statements in {len(self.files)} source files ({kinds})"
        )


def _iri(kind: str, number: int) -> str:
    return f"<{SYNTH_PREFIX}{kind}/{number:06d}>"


def _lit(text: str, lang: str | None = None) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{body}"@{lang}' if lang else f'"{body}"'


def _typed(text: str, datatype: str) -> str:
    return f'"{text}"^^<http://www.w3.org/2001/XMLSchema#{datatype}>'


def _person_name(i: int) -> tuple[str, str, str]:
    """Distinct names for every index: given × family × (no initial | A.–Z.) × a running number."""
    given = _GIVEN[i % len(_GIVEN)]
    family = _FAMILY[(i // len(_GIVEN)) % len(_FAMILY)]
    block = i // (len(_GIVEN) * len(_FAMILY))
    middle = "" if block % 27 == 0 else f" {chr(ord('A') + block % 27 - 1)}."
    suffix = f" {block // 27 + 1}" if block >= 27 else ""
    return f"{given}{middle} {family}{suffix}", given, family


class _Generator:
    """Makes entities round by round; one round adds as many of each kind as the real data has."""

    def __init__(self, proportions: Proportions, concepts: dict[str, list[str]], seed: int) -> None:
        self.p = proportions
        self.concepts = concepts
        self.rng = random.Random(seed)
        self.seed = seed
        self.pools: dict[str, list[_Entity]] = {k: [] for k in KINDS}
        self.triples = 0

    # ------------------------------------------------------------ helpers

    def _count(self, kind: str, prop: str) -> int:
        """How many values of ``prop`` a new entity gets: the real average, dithered."""
        return self._around(self.p.rate(kind, prop))

    def _around(self, mean: float) -> int:
        """A whole number whose average is ``mean``."""
        whole = int(mean)
        return whole + (1 if self.rng.random() < mean - whole else 0)

    def _pick(self, kind: str, k: int = 1) -> list[_Entity]:
        """``k`` distinct entities of ``kind``, mostly recent ones: alliances form locally."""
        pool = self.pools[kind]
        if not pool:
            return []
        k = min(k, len(pool))
        recent = pool[-24:]
        chosen: dict[str, _Entity] = {}
        while len(chosen) < k:
            e = self.rng.choice(recent) if self.rng.random() < 0.8 else self.rng.choice(pool)
            chosen.setdefault(e.iri, e)
        return list(chosen.values())

    def _concept(self, scheme: str, preferred: str | None = None) -> str | None:
        options = self.concepts.get(scheme, [])
        if not options:
            return None
        if preferred and f"concept/{scheme}/{preferred}" in options:
            return f"<concept/{scheme}/{preferred}>"
        return f"<{self.rng.choice(options)}>"

    def _concepts(self, scheme: str, k: int) -> list[str]:
        """``k`` distinct concepts of a scheme (fewer if it has fewer)."""
        options = self.concepts.get(scheme, [])
        return [f"<{c}>" for c in self.rng.sample(options, min(k, len(options)))]

    def _new(self, kind: str) -> _Entity:
        e = _Entity(_iri(kind, len(self.pools[kind]) + 1), kind)
        self.pools[kind].append(e)
        return e

    # ------------------------------------------------------------ kinds

    def municipality(self) -> list[_Entity]:
        e = self._new("municipality")
        n = len(self.pools["municipality"])
        ags = f"{SYNTH_AGS_PREFIX}{n:06d}"
        geo = _Entity(e.iri[:-1] + "/geo>", "geo")
        e.types("schema:AdministrativeArea", "kgo:Municipality")
        e.add("schema:name", _lit(f"Synthgemeinde {n:06d}"))
        e.add("kgo:ags", _lit(ags))
        e.add("schema:geo", geo.iri)
        geo.types("schema:GeoCoordinates")
        geo.add("schema:latitude", _typed(f"{self.rng.uniform(47.3, 55.0):.6f}", "decimal"))
        geo.add("schema:longitude", _typed(f"{self.rng.uniform(5.9, 15.0):.6f}", "decimal"))
        return [e, geo]

    def funding(self) -> list[_Entity]:
        e = self._new("funding")
        n = len(self.pools["funding"])
        e.types("schema:FundingScheme", "schema:Organization")
        e.add("schema:name", _lit(f"Synthetische Fördermaßnahme {n:04d}"))
        return [e]

    def organization(self) -> list[_Entity]:
        e = self._new("organization")
        n = len(self.pools["organization"])
        cls, label = _ORG_FORMS[n % len(_ORG_FORMS)]
        e.types("schema:Organization", f"schema:{str(cls).rsplit('/', 1)[-1]}")
        e.add("schema:name", _lit(f"{label} {n:06d}"))
        if self._count("organization", str(SCHEMA.alternateName)):
            e.add("schema:alternateName", _lit(f"SI{n:06d}"))
        if self._count("organization", str(SCHEMA.url)):
            e.add("schema:url", f"<https://synth.example.org/organization/{n:06d}>")
        if self._count("organization", str(KGO.municipality)):
            for m in self._pick("municipality"):
                e.add("kgo:municipality", m.iri)
        return [e]

    def person(self) -> list[_Entity]:
        e = self._new("person")
        name, given, family = _person_name(len(self.pools["person"]) - 1)
        e.types("schema:Person")
        e.add("schema:name", _lit(name))
        e.add("schema:givenName", _lit(given))
        e.add("schema:familyName", _lit(family))
        if self._count("person", str(SCHEMA.honorificPrefix)):
            e.add("schema:honorificPrefix", _lit(self.rng.choice(_TITLES)))
        for org in self._pick("organization", self._count("person", str(SCHEMA.affiliation))):
            e.add("schema:affiliation", org.iri)
        if self._count("person", str(SCHEMA.jobTitle)):
            e.add("schema:jobTitle", _lit(self.rng.choice(_JOBS), "de"))
        return [e]

    def project(self) -> list[_Entity]:
        e = self._new("project")
        n = len(self.pools["project"])
        e.types("schema:ResearchProject")
        e.add("schema:name", _lit(f"SYN-{n:06d}"))
        if self._count("project", str(KGO.fullTitle)):
            e.add("kgo:fullTitle", _lit(f"Synthetisches Verbundprojekt {n:06d}", "de"))
        if self._count("project", str(SCHEMA.alternateName)):
            e.add("schema:alternateName", _lit(f"Synthprojekt {n:06d}"))
        # participations span the project's period, as in the real data, and the members of a
        # project cluster where its participations are listed
        participating = self.rng.random() < self.p.participating_share
        members = self._around(self.p.participating_members if participating else self.p.other_members)
        people = sum(self.rng.random() < self.p.member_person_share for _ in range(members))
        chosen = self._pick("person", people) + self._pick("organization", members - people)
        for m in chosen:
            e.add("schema:member", m.iri)
        out = [e]
        period = self._period(e) if participating or self._count("project", str(DCTERMS.temporal)) else []
        out += period
        if participating:
            out += self._participations(e, chosen, period[0])
        for m in self._pick("municipality", self._count("project", str(KGO.municipality))):
            e.add("kgo:municipality", m.iri)
        for f in self._pick("funding", self._count("project", str(KGO.fundingMeasure))):
            e.add("kgo:fundingMeasure", f.iri)
        for c in self._concepts("partner-type", self._count("project", str(KGO.partnerType))):
            e.add("kgo:partnerType", c)
        for c in self._concepts("focus-theme", self._count("project", str(KGO.focusTheme))):
            e.add("kgo:focusTheme", c)
        # heads: as often per person as in the real data, chosen among the project's people
        heads = self.p.rate("person", str(ORG.headOf)) * self.p.counts["person"]
        if self.p.counts["project"] and self.rng.random() < heads / self.p.counts["project"]:
            for head in self._pick("person"):
                head.add("org:headOf", e.iri)
        return out

    def _period(self, project: _Entity) -> list[_Entity]:
        """The project's period (``dcterms:temporal``), a time:Interval of two year-months."""
        base = project.iri[:-1]
        period = _Entity(f"{base}/period>", "period")
        begin = 2015 * 12 + self.rng.randrange(0, 72)
        end = begin + self.rng.choice((24, 30, 36, 42))
        project.add("dcterms:temporal", period.iri)
        period.types("time:Interval")
        out = [period]
        for side, month in (("start", begin), ("end", end)):
            instant = _Entity(f"{base}/period/{side}>", "period")
            instant.types("time:Instant")
            instant.add("time:inXSDgYearMonth", _typed(f"{month // 12}-{month % 12 + 1:02d}", "gYearMonth"))
            period.add("time:hasBeginning" if side == "start" else "time:hasEnd", instant.iri)
            out.append(instant)
        return out

    def _participations(self, project: _Entity, members: list[_Entity], period: _Entity) -> list[_Entity]:
        """Who takes part in the project in which role (org:Membership), as the real data lists them.

        As many as a listing project has in the real data, drawn around that mean; each
        participant is also a ``schema:member`` of the project, as the data contract asks.
        """
        listing = max(1, round(self.p.participating_share * self.p.counts["project"]))
        mean = self.p.counts["participation"] / listing
        k = max(1, round(mean + self.rng.uniform(-mean / 2, mean / 2)))
        participants = list(members)
        if len(participants) < k:
            known = {m.iri for m in participants}
            extra = [o for o in self._pick("organization", k) if o.iri not in known][: k - len(participants)]
            for o in extra:
                project.add("schema:member", o.iri)
            participants += extra
        out: list[_Entity] = []
        for i, member in enumerate(participants[:k]):
            role = self._concept("participation-role", "coordinator") if i == 0 else self._other_role()
            m = self._new("participation")
            m.iri = f"{project.iri[:-1]}/participation/{i + 1:03d}>"
            m.types("org:Membership")
            m.add("org:organization", project.iri)
            m.add("org:member", member.iri)
            if role:
                m.add("org:role", role)
            if self._count("participation", str(ORG.memberDuring)):
                m.add("org:memberDuring", period.iri)
            out.append(m)
        return out

    def _other_role(self) -> str | None:
        options = [c for c in self.concepts.get("participation-role", []) if not c.endswith("/coordinator")]
        return f"<{self.rng.choice(options)}>" if options else None

    def event(self, n_items: int, n_appearances: int) -> list[_Entity]:
        """One event with its programme items and the appearances in them."""
        e = self._new("event")
        n = len(self.pools["event"])
        day = date(2016, 1, 4) + timedelta(days=self.rng.randrange(0, 3650))
        offset = "+02:00" if 4 <= day.month <= 10 else "+01:00"  # Europe/Berlin, roughly
        e.types("schema:Event")
        e.add("schema:name", _lit(f"Synthetische Veranstaltung {n:06d}", "de"))
        e.add("schema:startDate", _typed(f"{day}T10:00:00{offset}", "dateTime"))
        e.add("schema:endDate", _typed(f"{day}T12:30:00{offset}", "dateTime"))
        e.add("schema:eventAttendanceMode", "schema:OnlineEventAttendanceMode")
        for f in self._pick("funding", self._count("event", str(KGO.fundingMeasure))):
            e.add("kgo:fundingMeasure", f.iri)
        for c in self._concepts("partner-type", self._count("event", str(KGO.partnerType))):
            e.add("kgo:partnerType", c)
        out = [e]
        minutes = 9 * 60 + 50
        items: list[_Entity] = []
        kinds = ["technical-introduction", "welcome", "project-talk", "panel-discussion", "outside-view"]
        for i in range(n_items):
            item = _Entity(f"{e.iri[:-1]}/item/{i + 1:03d}>", "item")
            self.pools["item"].append(item)
            last = i == n_items - 1 and n_items > 2
            kind = "end" if last else kinds[i] if i < 2 else self.rng.choice(kinds[2:])
            start = f"{day}T{minutes // 60:02d}:{minutes % 60:02d}:00{offset}"
            minutes += self.rng.choice((10, 20, 30, 40))
            end = f"{day}T{minutes // 60:02d}:{minutes % 60:02d}:00{offset}"
            # as often as items of this kind have them in the real data (items in general if it has none)
            rated = f"item/{kind}" if (f"item/{kind}", str(SCHEMA.about)) in self.p.rates else "item"
            item.types("schema:Event", "kgo:ProgrammeItem")
            item.add("schema:name", _lit(f"Programmpunkt {i + 1} der Veranstaltung {n:06d}", "de"))
            if item_kind := self._concept("item-kind", kind):
                item.add("kgo:itemKind", item_kind)
            item.add("kgo:programmeOrder", str(i + 1))
            item.add("schema:startDate", _typed(start, "dateTime"))
            if self._count(rated, str(KGO.statedAs)):  # the programme line as the source prints it
                item.add("kgo:statedAs", _lit(f"- {start[11:16]} Programmpunkt {i + 1}"))
            if not last:
                item.add("schema:endDate", _typed(end, "dateTime"))
                if self._count(rated, str(KGO.endDateDerived)):
                    item.add("kgo:endDateDerived", "true")
            item.add("schema:superEvent", e.iri)
            e.add("schema:subEvent", item.iri)
            for p in self._pick("project", self._count(rated, str(SCHEMA.about))):
                item.add("schema:about", p.iri)
            for c in self._concepts("partner-type", self._count(rated, str(KGO.partnerType))):
                item.add("kgo:partnerType", c)
            items.append(item)
        out += items
        hosts = [e] + [it for it in items[:-1] if it.lines]  # no one appears in the closing item
        for j in range(n_appearances):
            where = hosts[0] if j == 0 else self.rng.choice(hosts[1:] or hosts)
            performer = self._pick("person")
            if not performer:
                break
            person = performer[0]
            role_kind = "moderator" if where is e else "speaker"
            if "panel-discussion" in str(where.lines):
                role_kind = "panellist"
            a = _Entity(f"{where.iri[:-1]}/role/{j + 1:03d}>", "appearance")
            self.pools["appearance"].append(a)
            a.types("kgo:Appearance", "schema:PerformanceRole")
            if role := self._concept("role", role_kind):
                a.add("schema:roleName", role)
            a.add("schema:performer", person.iri)
            if self._count("appearance", str(KGO.statedAs)):  # the name as the programme prints it
                said = dict(person.lines)  # literals of one value each: strip their quotes
                stated = [said[p][1:-1] for p in ("schema:honorificPrefix", "schema:name") if p in said]
                a.add("kgo:statedAs", _lit("» " + " ".join(stated)))
            a.add("kgo:inEvent", where.iri)
            if self._count("appearance", str(KGO.statedAffiliation)):
                affiliations = [o for p, o in person.lines if p == "schema:affiliation"]
                if affiliations:
                    a.add("kgo:statedAffiliation", self.rng.choice(affiliations))
                else:
                    for org in self._pick("organization"):
                        a.add("kgo:statedAffiliation", org.iri)
            for p in self._pick("project", self._count("appearance", str(KGO.representsProject))):
                a.add("kgo:representsProject", p.iri)
            if ("schema:performer", person.iri) not in where.lines:  # two roles, one performer
                where.add("schema:performer", person.iri)
            where.add("kgo:appearance", a.iri)
            out.append(a)
        return out

    # ------------------------------------------------------------ rounds

    def run(self, target: int) -> dict[str, list[_Entity]]:
        """Rounds until at least ``target`` statements: kind → entities (with their geo nodes)."""
        c = self.p.counts
        if not any(c.values()):
            raise KGError("the project's data/curated/ has no entities to take proportions from")
        groups: dict[str, list[_Entity]] = {k: [] for k in KINDS}
        per_event_items = c["item"] / max(1, c["event"])
        per_event_appearances = c["appearance"] / max(1, c["event"])
        made: Counter[str] = Counter()
        rounds = 0
        while self.triples < target:
            rounds += 1
            for kind in ("municipality", "funding", "organization", "person", "project", "event"):
                while made[kind] < rounds * c[kind]:
                    made[kind] += 1
                    if kind == "event":
                        items = max(1, round(per_event_items + self.rng.uniform(-2, 2)))
                        appearances = max(1, round(per_event_appearances + self.rng.uniform(-3, 3)))
                        new = self.event(items, appearances)
                    else:
                        new = getattr(self, kind)()
                    groups[kind] += new
                    self.triples += sum(len(x.lines) for x in new)
        return groups


def _vocabulary(project: Project) -> dict[str, list[str]]:
    """Concepts of the project's SKOS schemes, relative to the base: scheme slug → concept IRIs."""
    schemes: dict[str, list[str]] = defaultdict(list)
    for path in sorted(project.ontology_dir.glob("*.ttl")):
        if path == project.shapes_file:
            continue
        for t in ox.parse(path=path, format=ox.RdfFormat.TURTLE, base_iri=BASE):
            if t.predicate.value == str(SKOS.inScheme) and t.object.value.startswith(BASE + "concept/"):
                schemes[t.object.value[len(BASE + "concept/") :]].append(t.subject.value[len(BASE) :])
    return {k: sorted(set(v)) for k, v in schemes.items()}


def _ontology_statements(project: Project) -> int:
    n = 0
    for path in sorted(project.ontology_dir.glob("*.ttl")):
        if path != project.shapes_file:
            n += sum(1 for _ in ox.parse(path=path, format=ox.RdfFormat.TURTLE, base_iri=BASE))
    return n + 1  # and the size the build states in the ontology's graph (void:triples)


_PREAMBLE = """@prefix schema:  <https://schema.org/> .
@prefix kgo:     <https://w3id.org/kommunen-kg/ontology#> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix time:    <http://www.w3.org/2006/time#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .

# SYNTHETIC DATA for benchmarks and tests, made by `kg synth` (kg/synth.py): no statement here
# describes a real person, organisation, project or place. AGS starting with 99 are not real keys.
"""


def _write_file(path: Path, graph: str, title: str, seed: int, entities: Sequence[_Entity]) -> int:
    parts = [
        _PREAMBLE,
        f"<{graph}> a kgo:SourceGraph ;\n"
        f'    dcterms:title "Synthetische Daten: {title}"@de ;\n'
        f"    dcterms:source <{SYNTH_SOURCE}:seed:{seed}> ;\n"
        f'    kgo:retrievedOn "{RETRIEVED_ON}"^^xsd:date .\n',
    ]
    n = 5  # the four above, and the size the build states in every graph (void:triples)
    for e in entities:
        body = " ;\n    ".join(f"{p} {o}" for p, o in e.lines)
        parts.append(f"\n{e.iri} {body} .\n")
        n += len(e.lines)
    path.write_text("".join(parts), encoding="utf-8")
    return n


def write_synthetic_project(
    out: str | os.PathLike[str],
    triples: int,
    *,
    seed: int = 0,
    project: Project | None = None,
    proportions: Proportions | None = None,
) -> SynthReport:
    """Write a project folder at ``out`` (``ontology/`` copied, ``data/curated/synth/*.ttl``)
    whose build holds about ``triples`` statements (at least that many, at most one round more).

    ``kg build --project OUT`` validates and builds it like the real project.
    """
    if triples < 1:
        raise KGError(f"--triples must be a positive number, not {triples}")
    project = project or Project.discover()
    proportions = proportions or Proportions.from_project(project)
    root = Path(out)
    curated = root / "data" / "curated"
    if curated.exists():
        shutil.rmtree(curated)  # a rerun must not leave files of a larger earlier run behind
    curated.mkdir(parents=True)
    shutil.rmtree(root / "ontology", ignore_errors=True)
    shutil.copytree(project.ontology_dir, root / "ontology")
    ontology = _ontology_statements(project)
    gen = _Generator(proportions, _vocabulary(project), seed)
    groups = gen.run(max(0, triples - ontology))
    folder = curated / "synth"
    folder.mkdir()
    files: list[Path] = []
    total = ontology
    names = {
        "municipality": "municipalities",
        "funding": "funding-measures",
        "organization": "organizations",
        "person": "people",
        "project": "projects",
        "event": "events",
    }
    for kind, entities in groups.items():
        if not entities:
            continue
        chunk: list[_Entity] = []
        size = 0
        part = 0
        for i, e in enumerate(entities):
            chunk.append(e)
            size += len(e.lines)
            # an event file ends only after an event's last appearance (items refer within it)
            next_is_new = i + 1 == len(entities) or entities[i + 1].kind == kind
            if (size >= FILE_TRIPLES and next_is_new) or i + 1 == len(entities):
                part += 1
                name = f"{names[kind]}-{part:03d}"
                path = folder / f"{name}.ttl"
                total += _write_file(path, f"graph/synth/{name}", f"{names[kind]}, Teil {part}", seed, chunk)
                files.append(path)
                chunk, size = [], 0
    counts = {k: len(v) for k, v in gen.pools.items()}
    return SynthReport(root=root, triples=total, files=files, entities=counts)

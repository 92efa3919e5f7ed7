"""The generator: entities of every kind in the proportions counted, as Turtle statements."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from kg.dev.synth.identity import JOBS, ORG_FORMS, SYNTH_AGS_PREFIX, SYNTH_PREFIX, TITLES, person_name
from kg.dev.synth.proportions import AMOUNT, KINDS, Proportions
from kg.errors import KGError
from kg.sources.curator_keys import FUNDING_CURRENCY
from kg.vocab import DCTERMS, KGO, ORG, SCHEMA


@dataclass
class Entity:
    iri: str
    kind: str
    lines: list[tuple[str, str]] = field(default_factory=list)

    def add(self, prop: str, obj: str) -> None:
        """One statement (one line of Turtle, so that counting lines counts triples)."""
        self.lines.append((prop, obj))

    def types(self, *classes: str) -> None:
        for cls in classes:
            self.add("a", cls)


def _iri(kind: str, number: int) -> str:
    return f"<{SYNTH_PREFIX}{kind}/{number:06d}>"


def _lit(text: str, lang: str | None = None) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{body}"@{lang}' if lang else f'"{body}"'


def _typed(text: str, datatype: str) -> str:
    return f'"{text}"^^<http://www.w3.org/2001/XMLSchema#{datatype}>'


def _euros(amount: int) -> str:
    """An amount as a German source prints it: 331.574"""
    return f"{amount:,}".replace(",", ".")


PROGRAMME_MIDDLE = ("project-talk", "panel-discussion", "outside-view")
"""The kinds of item between the opening two (welcome, technical introduction) and the end."""


class Generator:
    """Makes entities round by round; one round adds as many of each kind as the real data has."""

    def __init__(self, proportions: Proportions, concepts: dict[str, list[str]], seed: int) -> None:
        self.p = proportions
        self.concepts = concepts
        self.rng = random.Random(seed)
        self.seed = seed
        self.pools: dict[str, list[Entity]] = {k: [] for k in KINDS}
        self.parts: Counter[str] = Counter()
        """parts made so far: items per kind of item, funding amounts"""
        self.credit: Counter[str] = Counter()
        """per kind of middle item, how far it is behind its share (see :meth:`_middle_kind`)"""
        self.presenters: dict[str, list[Entity]] = {}
        """per event series, the people who appeared at its events so far"""
        self.earlier: list[Entity] = []
        """while an event of a series is made: the people of the series' earlier events"""
        self.returns = 0
        """performers picked where a series has earlier presenters (see :meth:`_performer`)"""
        self.triples = 0

    # ------------------------------------------------------------ helpers

    def _count(self, kind: str, prop: str) -> int:
        """How many values of ``prop`` a new entity gets: the real average, dithered."""
        return self._around(self.p.rate(kind, prop))

    def _spread(self, kind: str, prop: str, n: int) -> int:
        """How many values of ``prop`` the ``n``-th entity of ``kind`` (from 1) gets, for a detail
        too rare for a coin per entity: exactly the real share of entities has it, spread evenly and
        rounded up, so that the first one has it (and a graph of one round, the smallest, too);
        each holder gets as many values as a holder in the real data has, dithered."""
        having, total = self.p.holders.get((kind, prop), 0), self.p.count(kind)
        if not self._evenly(having, total, n):
            return 0
        return max(1, self._around(self.p.rate(kind, prop) * total / having))

    @staticmethod
    def _evenly(having: int, total: int, n: int) -> bool:
        """Whether the ``n``-th (from 1) is one of ``having`` in every ``total``, spread evenly and
        rounded up: the first is, and any ``total`` in a row hold exactly ``having``."""
        return having > 0 and total > 0 and -(-n * having // total) > -(-(n - 1) * having // total)

    def _middle_kind(self) -> str:
        """The next kind of item between the opening two and the end: the kinds in the real mix,
        interleaved evenly (smooth weighted round-robin) instead of drawn, so that the rarest (a
        panel: 2 of 17 in the data of 2026-12-02) comes in every round."""
        weights = {k: self.p.count(f"item/{k}") for k in PROGRAMME_MIDDLE}
        if not any(weights.values()):
            weights = dict.fromkeys(PROGRAMME_MIDDLE, 1)
        for k, w in weights.items():
            self.credit[k] += w
        kind = max(PROGRAMME_MIDDLE, key=lambda k: self.credit[k])  # on a tie the first
        self.credit[kind] -= sum(weights.values())
        return kind

    def _around(self, mean: float) -> int:
        """A whole number whose average is ``mean``."""
        whole = int(mean)
        return whole + (1 if self.rng.random() < mean - whole else 0)

    def _pick(self, kind: str, k: int = 1) -> list[Entity]:
        """``k`` distinct entities of ``kind``, mostly recent ones: alliances form locally."""
        pool = self.pools[kind]
        if not pool:
            return []
        k = min(k, len(pool))
        recent = pool[-24:]
        chosen: dict[str, Entity] = {}
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

    def _new(self, kind: str) -> Entity:
        e = Entity(_iri(kind, len(self.pools[kind]) + 1), kind)
        self.pools[kind].append(e)
        return e

    # ------------------------------------------------------------ kinds

    def municipality(self) -> list[Entity]:
        e = self._new("municipality")
        n = len(self.pools["municipality"])
        ags = f"{SYNTH_AGS_PREFIX}{n:06d}"
        geo = Entity(e.iri[:-1] + "/geo>", "geo")
        e.types("schema:AdministrativeArea", "kgo:Municipality")
        e.add("schema:name", _lit(f"Synthgemeinde {n:06d}"))
        e.add("kgo:ags", _lit(ags))
        e.add("schema:geo", geo.iri)
        geo.types("schema:GeoCoordinates")
        geo.add("schema:latitude", _typed(f"{self.rng.uniform(47.3, 55.0):.6f}", "decimal"))
        geo.add("schema:longitude", _typed(f"{self.rng.uniform(5.9, 15.0):.6f}", "decimal"))
        return [e, geo]

    def funding(self) -> list[Entity]:
        e = self._new("funding")
        n = len(self.pools["funding"])
        e.types("schema:FundingScheme", "schema:Organization")
        e.add("schema:name", _lit(f"Synthetische Fördermaßnahme {n:04d}"))
        return [e]

    def organization(self) -> list[Entity]:
        e = self._new("organization")
        n = len(self.pools["organization"])
        cls, label = ORG_FORMS[n % len(ORG_FORMS)]
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

    def person(self) -> list[Entity]:
        e = self._new("person")
        name, given, family = person_name(len(self.pools["person"]) - 1)
        e.types("schema:Person")
        e.add("schema:name", _lit(name))
        e.add("schema:givenName", _lit(given))
        e.add("schema:familyName", _lit(family))
        if self._count("person", str(SCHEMA.honorificPrefix)):
            e.add("schema:honorificPrefix", _lit(self.rng.choice(TITLES)))
        for org in self._pick("organization", self._count("person", str(SCHEMA.affiliation))):
            e.add("schema:affiliation", org.iri)
        if self._count("person", str(SCHEMA.jobTitle)):
            e.add("schema:jobTitle", _lit(self.rng.choice(JOBS), "de"))
        return [e]

    def project(self) -> list[Entity]:
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
        # every 1/share-th project lists its participations: few projects do (3 of 31 in the real
        # data), and a coin per project would leave a small graph with half or twice that share
        share = self.p.participating_share
        participating = int((n + 1) * share) > int(n * share)
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
        # few projects name partner types (2 of 33) or a funding amount (6 of 33): spread, not a coin
        for c in self._concepts("partner-type", self._spread("project", str(KGO.partnerType), n)):
            e.add("kgo:partnerType", c)
        for c in self._concepts("focus-theme", self._count("project", str(KGO.focusTheme))):
            e.add("kgo:focusTheme", c)
        if self._spread("project", str(KGO.fundingAmount), n):
            out.append(self._funding_amount(e))
        if self._count("project", str(KGO.fundingCode)):
            e.add("kgo:fundingCode", _lit(f"SYN-FKZ-{n:06d}"))
        # heads: as many as in the real data (4 for 33 projects), spread over the projects
        heads = round(self.p.rate("person", str(ORG.headOf)) * self.p.counts["person"])
        if self._evenly(heads, self.p.counts["project"], n):
            for head in self._pick("person"):
                head.add("org:headOf", e.iri)
        return out

    def _funding_amount(self, project: Entity) -> Entity:
        """The project's funding amount as a source states it, in euros (a schema:MonetaryAmount):
        an upper bound („max.“) as often as in the real data, else the amount, approximate („rund“)
        as often as the real data's amounts are, with the source's wording (``kgo:statedAs``)."""
        self.parts[AMOUNT] += 1
        amount = Entity(f"{project.iri[:-1]}/funding-amount>", AMOUNT)
        project.add("kgo:fundingAmount", amount.iri)
        amount.types("schema:MonetaryAmount")
        amount.add("schema:currency", _lit(FUNDING_CURRENCY))
        low, high = self.p.amount_range
        euros = self.rng.randint(low, high)
        if self._spread(AMOUNT, str(SCHEMA.maxValue), self.parts[AMOUNT]):
            amount.add("schema:maxValue", _typed(str(euros), "decimal"))
            wording = [f"Förderung von max. {_euros(euros)},00 €", f"max. {_euros(euros)} Euro"]
        else:
            valued = self.p.holders.get((AMOUNT, str(SCHEMA.value)), 0)
            share = self.p.holders.get((AMOUNT, str(KGO.approximate)), 0) / max(1, valued)
            approximate = self.rng.random() < share
            if approximate:  # a round figure, as sources say „rund 700.000 Euro“
                euros = max(5000, round(euros / 5000) * 5000)
            amount.add("schema:value", _typed(str(euros), "decimal"))
            if approximate:
                amount.add("kgo:approximate", "true")
                wording = [f"rund {_euros(euros)} Euro", f"Fördersumme (rund {_euros(euros)} Euro)"]
            else:
                wording = [f"Fördervolumen von {_euros(euros)} Euro", f"{_euros(euros)} Euro"]
        for text in wording[: self._count(AMOUNT, str(KGO.statedAs))]:  # one source or two
            amount.add("kgo:statedAs", _lit(text))
        return amount

    def _period(self, project: Entity) -> list[Entity]:
        """The project's period (``dcterms:temporal``), a time:Interval of two year-months."""
        base = project.iri[:-1]
        period = Entity(f"{base}/period>", "period")
        begin = 2015 * 12 + self.rng.randrange(0, 72)
        end = begin + self.rng.choice((24, 30, 36, 42))
        project.add("dcterms:temporal", period.iri)
        period.types("time:Interval")
        out = [period]
        for side, month in (("start", begin), ("end", end)):
            instant = Entity(f"{base}/period/{side}>", "period")
            instant.types("time:Instant")
            instant.add("time:inXSDgYearMonth", _typed(f"{month // 12}-{month % 12 + 1:02d}", "gYearMonth"))
            period.add("time:hasBeginning" if side == "start" else "time:hasEnd", instant.iri)
            out.append(instant)
        return out

    def _participations(self, project: Entity, members: list[Entity], period: Entity) -> list[Entity]:
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
        out: list[Entity] = []
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

    def series(self, events: int) -> list[Entity]:
        """An event series (schema:EventSeries) of ``events`` weekly online events, as the real
        autumn conference series: its dates are days (xsd:date); the events are added by
        :meth:`event` (``schema:subEvent``)."""
        e = self._new("series")
        n = len(self.pools["series"])
        first = date(2016, 1, 6) + timedelta(days=self.rng.randrange(0, 3650))
        e.types("schema:EventSeries", "schema:Event")
        e.add("schema:name", _lit(f"Synthetische Veranstaltungsreihe {n:04d}", "de"))
        e.add("schema:startDate", _typed(str(first), "date"))
        e.add("schema:endDate", _typed(str(first + timedelta(weeks=max(0, events - 1))), "date"))
        e.add("schema:eventAttendanceMode", "schema:OnlineEventAttendanceMode")
        for f in self._pick("funding"):
            e.add("kgo:fundingMeasure", f.iri)
        self.presenters[e.iri] = []
        return [e]

    def event(self, n_items: int, series: Entity | None = None, position: int = 0) -> list[Entity]:
        """One event with its programme items and the appearances in them; in ``series`` the
        ``position``-th (from 1), a week after the one before."""
        e = self._new("event")
        n = len(self.pools["event"])
        day = date(2016, 1, 4) + timedelta(days=self.rng.randrange(0, 3650))
        if series is not None:
            opening = date.fromisoformat(dict(series.lines)["schema:startDate"][1:11])
            day = opening + timedelta(weeks=position - 1)
            self.earlier = list(self.presenters[series.iri])
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
        if series is not None:
            e.add("schema:superEvent", series.iri)
            e.add("kgo:positionInSeries", str(position))
            series.add("schema:subEvent", e.iri)
        out = [e]
        minutes = 9 * 60 + 50
        # where people appear: the event itself (its moderation) and its items but the closing one,
        # each as often as the real data has appearances there (a project talk has its speaker)
        hosts: list[tuple[Entity, str]] = [(e, "event")]
        for i in range(n_items):
            item = Entity(f"{e.iri[:-1]}/item/{i + 1:03d}>", "item")
            self.pools["item"].append(item)
            last = i == n_items - 1 and n_items > 2
            if last:
                kind = "end"
            elif i < 2:
                kind = ("welcome", "technical-introduction")[i]
            else:
                kind = self._middle_kind()
            start = f"{day}T{minutes // 60:02d}:{minutes % 60:02d}:00{offset}"
            minutes += self.rng.choice((10, 20, 30, 40))
            end = f"{day}T{minutes // 60:02d}:{minutes % 60:02d}:00{offset}"
            # as often as items of this kind have them in the real data (items in general if it has none)
            rated = f"item/{kind}" if self.p.count(f"item/{kind}") else "item"
            self.parts[rated] += 1
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
                hosts.append((item, rated))
            item.add("schema:superEvent", e.iri)
            e.add("schema:subEvent", item.iri)
            for p in self._pick("project", self._count(rated, str(SCHEMA.about))):
                item.add("schema:about", p.iri)
            # few items name partner types (2 of 11 project talks in the data of 2026-12-02): spread
            for c in self._concepts(
                "partner-type", self._spread(rated, str(KGO.partnerType), self.parts[rated])
            ):
                item.add("kgo:partnerType", c)
            out.append(item)
        j = 0
        for where, rated in hosts:
            for _ in range(self._count(rated, str(KGO.appearance))):
                j += 1
                out += self._appearance(where, rated, j)
        if series is not None:
            known = {p.iri for p in self.presenters[series.iri]}
            performers = {o for x, _ in hosts for p, o in x.lines if p == "schema:performer"}
            self.presenters[series.iri] += [p for p in self.pools["person"] if p.iri in performers - known]
            self.earlier = []
        return out

    def _performer(self) -> list[Entity]:
        """Who appears: in an event of a series, as often as in the real data someone who appeared
        at an earlier event of that series (spread evenly, so the first pick that can be one is:
        the smallest graph has a returning presenter), else someone new to the series; outside a
        series someone as :meth:`_pick` chooses."""
        if not self.earlier:
            return self._pick("person")
        self.returns += 1
        if self._evenly(self.p.series_returns, self.p.series_presences, self.returns):
            return [self.rng.choice(self.earlier)]
        # else someone new to the series, so that chance does not add returns of its own
        known = {p.iri for p in self.earlier}
        chosen = self._pick("person", len(known) + 1)
        return [next((p for p in chosen if p.iri not in known), chosen[0])] if chosen else []

    def _appearance(self, where: Entity, rated: str, j: int) -> list[Entity]:
        """Someone appearing in an event or item (kgo:Appearance): moderator, panellist or speaker."""
        performer = self._performer()
        if not performer:
            return []
        person = performer[0]
        role_kind = {"event": "moderator", "item/panel-discussion": "panellist"}.get(rated, "speaker")
        a = Entity(f"{where.iri[:-1]}/role/{j:03d}>", "appearance")
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
        return [a]

    # ------------------------------------------------------------ rounds

    def run(self, target: int) -> dict[str, list[Entity]]:
        """Rounds until at least ``target`` statements: kind → entities (with their geo nodes)."""
        c = self.p.counts
        if not any(c.values()):
            raise KGError("the project's data/curated/ has no entities to take proportions from")
        groups: dict[str, list[Entity]] = {k: [] for k in KINDS}
        # the items sit in the events that have a programme, as in the real data (most events are
        # known by name and date only): the first of each round's events get them
        with_programme = self.p.programme_events or c["event"]
        per_event_items = c["item"] / max(1, with_programme)
        # the events of a round's series are a run of its events, as many as the real data has in
        # series (7 of 35 on 2026-12-02, 5 of them with a programme): the last ones with a
        # programme and the first ones after; they are split evenly over the round's series (1)
        in_series = min(self.p.series_events, c["event"]) if c["series"] else 0
        with_items = min(self.p.series_programme_events, with_programme, in_series)
        first = with_programme - with_items + 1 if with_items else c["event"] - in_series + 1
        n_series = min(c["series"], in_series)
        current: Entity | None = None
        made: Counter[str] = Counter()
        rounds = 0
        while self.triples < target:
            rounds += 1
            for kind in ("municipality", "funding", "organization", "person", "project", "event"):
                while made[kind] < rounds * c[kind]:
                    made[kind] += 1
                    if kind == "event":
                        i = made[kind] - (rounds - 1) * c[kind]  # the i-th of the round, from 1
                        has_programme = i <= with_programme
                        items = (
                            max(1, round(per_event_items + self.rng.uniform(-2, 2))) if has_programme else 0
                        )
                        j = i - first  # the j-th (from 0) of the round's events in series
                        if 0 <= j < in_series:
                            starts = [k * in_series // n_series for k in range(n_series + 1)]
                            which = max(k for k in range(n_series) if starts[k] <= j)
                            if j == starts[which]:
                                made_series = self.series(starts[which + 1] - starts[which])
                                groups["series"] += made_series
                                self.triples += sum(len(x.lines) for x in made_series)
                                current = made_series[0]
                            assert current is not None
                            new = self.event(items, current, j - starts[which] + 1)
                            self.triples += 1  # the series' schema:subEvent
                        else:
                            new = self.event(items)
                    else:
                        new = getattr(self, kind)()
                    groups[kind] += new
                    self.triples += sum(len(x.lines) for x in new)
        return groups

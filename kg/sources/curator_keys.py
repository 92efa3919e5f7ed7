"""The curator format's schema as data: every key a curator may write, the RDF property it becomes
and the kind of value it takes (:data:`SOURCE_KEYS`, :data:`SECTIONS`, :data:`ITEM_KEYS`,
:data:`APPEARANCE_KEYS`, with :data:`REQUIRED`). ``docs/curation.md`` is written from these tables."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib.namespace import DCTERMS, ORG, SKOS

from kg.vocab import KGO, SCHEMA

# ---------------------------------------------------------------- the schema, as key tables

TEXT, TEXT_DE, DATE, PERIOD_DATE, DATETIME, TIME_OF_DAY, URL, INT, DECIMAL, BOOL, REF, SLUG, AGS = (
    "text",
    "German text",
    "date",
    "date, month or year",
    "date or date-time",
    "time of day",
    "web address",
    "integer",
    "decimal number",
    "true or false",
    "reference",
    "id",
    "AGS",
)


@dataclass(frozen=True)
class Key:
    """One key a curator may write: what value it takes and which statement it becomes."""

    value: str
    """the kind of value (one of the constants above)"""
    predicate: str | None = None
    """the RDF property written for it (None: the reader handles the key itself)"""
    many: bool = False
    """a list of values is allowed"""
    kinds: tuple[str, ...] = ()
    """for references: the IRI kinds it may point to, the first is used for a bare id"""
    example: str = ""


def schema_term(local: str) -> str:
    return str(SCHEMA[local])


def kgo_term(local: str) -> str:
    return str(KGO[local])


ID = Key(SLUG, example="thomas-klie")
NAME = Key(TEXT, schema_term("name"), example="Thomas Klie")
SPELLINGS = Key(TEXT, str(SKOS.altLabel), many=True, example="[Andi Grabner]")
ALT_NAMES = Key(TEXT, schema_term("alternateName"), many=True, example="[zze]")
EXISTING = Key(BOOL, example="true")
DESCRIPTION = Key(TEXT_DE, schema_term("description"), example="Was die Quelle über das Projekt sagt.")
ENTITY = ("person", "organization", "project", "funding-measure")

SOURCE_KEYS: dict[str, Key] = {
    "address": Key(URL, str(DCTERMS.source), example="https://kommunen-innovativ.de/koda-eg"),
    "title": Key(TEXT_DE, str(DCTERMS.title), example="Kommunen innovativ: KoDa_eG"),
    "retrieved": Key(DATE, kgo_term("retrievedOn"), example="2026-11-25"),
    "local-copy": Key(TEXT, kgo_term("localCopy"), many=True, example="data/sources/reference-sources.md"),
    "related": Key(
        URL, str(DCTERMS.relation), many=True, example="[https://kommunen-innovativ.de/node/1312]"
    ),
}
SOURCE_REQUIRED = ("address", "title", "retrieved")

APPEARANCE_KEYS: dict[str, Key] = {
    "id": Key(SLUG, example="stephanie-bock"),
    "person": Key(REF, schema_term("performer"), kinds=("person",), example="stephanie-bock"),
    "performer": Key(REF, schema_term("performer"), kinds=ENTITY, example="project/komkomin"),
    "role": Key(REF, schema_term("roleName"), kinds=("concept/role",), example="speaker"),
    "affiliation": Key(
        REF, kgo_term("statedAffiliation"), many=True, kinds=("organization",), example="difu"
    ),
    "project": Key(REF, kgo_term("representsProject"), kinds=("project",), example="komkomin"),
    "job-title": Key(TEXT_DE, kgo_term("statedJobTitle"), example="Bürgermeister"),
    "stated-as": Key(
        TEXT, kgo_term("statedAs"), example="» Dr. Stephanie Bock, Deutsches Institut für Urbanistik"
    ),
}

ITEM_KEYS: dict[str, Key] = {
    "id": Key(SLUG, example="1000-begruessung"),
    "title": Key(TEXT_DE, schema_term("name"), example="Begrüßung und inhaltliche Einführung"),
    "kind": Key(REF, kgo_term("itemKind"), kinds=("concept/item-kind",), example="welcome"),
    "time": Key(TIME_OF_DAY, schema_term("startDate"), example='"10:00"'),
    "end": Key(TIME_OF_DAY, schema_term("endDate"), example='"10:20"'),
    "end-derived": Key(BOOL, kgo_term("endDateDerived"), example="true"),
    "day": Key(DATE, None, example="2019-07-02"),
    "order": Key(INT, None, example="3"),
    "optional": Key(BOOL, kgo_term("optional"), example="true"),
    "about": Key(REF, schema_term("about"), many=True, kinds=("project",), example="koda-eg"),
    "partner-type": Key(
        REF, kgo_term("partnerType"), many=True, kinds=("concept/partner-type",), example="young-people"
    ),
    "spellings": Key(TEXT_DE, str(SKOS.altLabel), many=True, example="[Vielfälige Perspektiven]"),
    "stated-as": Key(TEXT, kgo_term("statedAs"), example="- 10:00 Begrüßung und inhaltliche Einführung**"),
    "appearances": Key("list of appearances"),
    "items": Key("list of programme items"),
}
ITEM_REQUIRED = ("id", "title", "kind")

SECTIONS: dict[str, dict[str, Key]] = {
    "events": {
        "id": Key(SLUG, example="2020-11-24-allianzen-bilden"),
        "series": Key(BOOL, example="true"),
        "existing": EXISTING,
        "name": Key(TEXT_DE, schema_term("name"), example="Allianzen bilden!"),
        "headline": Key(TEXT_DE, schema_term("headline")),
        "short-title": Key(TEXT_DE, kgo_term("shortTitle"), example="Allianzen bilden!"),
        "alternate-names": Key(TEXT_DE, schema_term("alternateName"), many=True),
        "spellings": Key(TEXT_DE, str(SKOS.altLabel), many=True),
        "description": DESCRIPTION,
        "day": Key(DATE, None, example="2020-11-24"),
        "start": Key(DATETIME, schema_term("startDate"), example="2020-11-24T10:00"),
        "end": Key(DATETIME, schema_term("endDate"), example="2020-11-24T12:30"),
        "repeat": Key(TEXT, None, example="weekly"),
        "online": Key(BOOL, None, example="true"),
        "language": Key(TEXT, schema_term("inLanguage"), example="de"),
        "location": Key(TEXT, schema_term("location"), example="Berlin"),
        "status": Key(TEXT, None, example="postponed"),
        "about": Key(REF, schema_term("about"), many=True, kinds=("project",), example="kif"),
        "url": Key(URL, schema_term("url"), example="https://kommunen-innovativ.de/allianzen-bilden-0"),
        "part-of": Key(
            REF,
            schema_term("superEvent"),
            many=True,
            kinds=("event", "event-series"),
            example="event-series/was-macht-kommunen-innovativ",
        ),
        "position": Key(INT, kgo_term("positionInSeries"), example="6"),
        "programme-incomplete": Key(BOOL, kgo_term("programmeIncomplete"), example="true"),
        "funding-measure": Key(
            REF, kgo_term("fundingMeasure"), kinds=("funding-measure",), example="kommunen-innovativ"
        ),
        "partner-type": Key(
            REF, kgo_term("partnerType"), many=True, kinds=("concept/partner-type",), example="civil-society"
        ),
        "appearances": Key("list of appearances"),
        "programme": Key("list of programme items"),
    },
    "people": {
        "id": ID,
        "existing": EXISTING,
        "name": NAME,
        "honorific-prefix": Key(TEXT, schema_term("honorificPrefix"), example="Prof. Dr."),
        "given-name": Key(TEXT, schema_term("givenName"), example="Thomas"),
        "family-name": Key(TEXT, schema_term("familyName"), example="Klie"),
        "job-title": Key(TEXT_DE, schema_term("jobTitle"), example="Bürgermeister"),
        "affiliation": Key(
            REF, schema_term("affiliation"), many=True, kinds=("organization",), example="zze"
        ),
        "works-for": Key(REF, schema_term("worksFor"), many=True, kinds=("organization",), example="bbe"),
        "head-of": Key(REF, str(ORG.headOf), many=True, kinds=("project", "organization"), example="koda-eg"),
        "alternate-names": ALT_NAMES,
        "spellings": SPELLINGS,
        "description": DESCRIPTION,
    },
    "organisations": {
        "id": ID,
        "existing": EXISTING,
        "name": Key(TEXT, schema_term("name"), example="Zentrum für zivilgesellschaftliche Entwicklung"),
        "types": Key(TEXT, None, many=True, example="[ResearchOrganization]"),
        "legal-name": Key(TEXT, schema_term("legalName")),
        "alternate-names": ALT_NAMES,
        "spellings": SPELLINGS,
        "description": DESCRIPTION,
        "url": Key(URL, schema_term("url"), example="https://zze-freiburg.de"),
        "location": Key(TEXT, schema_term("location"), example="Freiburg"),
        "founded": Key(DATE, schema_term("foundingDate"), example="2019-07-25"),
        "municipality": Key(
            REF, kgo_term("municipality"), many=True, kinds=("municipality",), example='"08235050"'
        ),
        "parent-organization": Key(
            REF, schema_term("parentOrganization"), many=True, kinds=("organization",)
        ),
        "members": Key(
            REF,
            schema_term("member"),
            many=True,
            kinds=("person", "organization"),
            example="[anita-burkhardt]",
        ),
    },
    "projects": {
        "id": ID,
        "existing": EXISTING,
        "name": Key(TEXT, schema_term("name"), example="KoDa_eG"),
        "full-title": Key(
            TEXT_DE, kgo_term("fullTitle"), example="Kommunale Daseinsvorsorge durch Bürgergenossenschaften"
        ),
        "alternate-names": ALT_NAMES,
        "spellings": SPELLINGS,
        "description": DESCRIPTION,
        "url": Key(URL, schema_term("url")),
        "funding-measure": Key(
            REF, kgo_term("fundingMeasure"), kinds=("funding-measure",), example="kommunen-innovativ"
        ),
        "funding-round": Key(
            REF, kgo_term("fundingRound"), kinds=("funding-round",), example="kommunen-innovativ-1-2"
        ),
        "funding-code": Key(TEXT, kgo_term("fundingCode"), example="033L198A-D"),
        "focus-theme": Key(
            REF, kgo_term("focusTheme"), many=True, kinds=("concept/focus-theme",), example="innenentwicklung"
        ),
        "partner-type": Key(REF, kgo_term("partnerType"), many=True, kinds=("concept/partner-type",)),
        "municipality": Key(
            REF, kgo_term("municipality"), many=True, kinds=("municipality",), example='["08235050"]'
        ),
        "members": Key(
            REF, schema_term("member"), many=True, kinds=("person", "organization"), example="[zze]"
        ),
        "start": Key(PERIOD_DATE, None, example="2017-07"),
        "end": Key(PERIOD_DATE, None, example="2020-06"),
        "period-id": Key(SLUG, None, example="umwelt-uni-hannover"),
        "funding-amount": Key(DECIMAL, None, example="331574"),
        "funding-amount-at-most": Key(DECIMAL, None, example="297681.00"),
        "funding-amount-approximate": Key(BOOL, None, example="true"),
        "funding-amount-stated-as": Key(TEXT, None, example="rund 800.000 Euro"),
    },
    "municipalities": {
        "ags": Key(AGS, kgo_term("ags"), example='"08235050"'),
        "id": Key(SLUG, example="eschwege"),
        "existing": EXISTING,
        "name": Key(TEXT, schema_term("name"), example="Neuweiler"),
        "kind": Key(TEXT_DE, schema_term("additionalType"), example="Gemeinde"),
        "district": Key(TEXT, None, example="Landkreis Calw"),
        "state": Key(TEXT, None, example="Baden-Württemberg"),
        "latitude": Key(DECIMAL, schema_term("latitude"), example="48.657642"),
        "longitude": Key(DECIMAL, schema_term("longitude"), example="8.596988"),
        "population": Key(INT, kgo_term("population"), example="3124"),
        "population-date": Key(PERIOD_DATE, kgo_term("populationDate"), example="2021"),
        "alternate-names": ALT_NAMES,
        "spellings": SPELLINGS,
    },
    "participations": {
        "id": Key(SLUG, example="coordinator-zze"),
        "project": Key(REF, str(ORG.organization), kinds=("project", "organization"), example="koda-eg"),
        "member": Key(REF, str(ORG.member), kinds=("organization", "person"), example="zze"),
        "role": Key(REF, str(ORG.role), kinds=("concept/participation-role",), example="coordinator"),
        "start": Key(PERIOD_DATE, None, example="2017-07"),
        "end": Key(PERIOD_DATE, None, example="2020-06"),
        "stated-as": Key(TEXT, kgo_term("statedAs")),
    },
}
"""Every section of a curator file and the keys its entries take."""

REQUIRED: dict[str, tuple[str, ...]] = {
    "events": ("id", "name"),
    "people": ("id", "name"),
    "organisations": ("id", "name"),
    "projects": ("id", "name"),
    "municipalities": ("name",),
    "participations": ("project", "member", "role"),
}
"""Keys an entry must have; ``name`` may be left out in an entry marked ``existing: true``. A
municipality also needs its ``ags`` or, where no source states one, an ``id``."""
FUNDING_CURRENCY = "EUR"
"""The currency of every ``funding-amount`` (the measure funds in euros)."""

KIND_OF_SECTION = {
    "people": "person",
    "organisations": "organization",
    "projects": "project",
    "municipalities": "municipality",
}
TYPES_OF_SECTION = {
    "people": (schema_term("Person"),),
    "organisations": (schema_term("Organization"),),
    "projects": (schema_term("ResearchProject"),),
    "municipalities": (schema_term("AdministrativeArea"), kgo_term("Municipality")),
}
ORGANISATION_TYPES = {
    t: schema_term(t)
    for t in (
        "ResearchOrganization",
        "NGO",
        "GovernmentOrganization",
        "CollegeOrUniversity",
        "EducationalOrganization",
        "Corporation",
        "FundingScheme",
    )
}
"""schema.org subclasses of Organization an organisation entry may name in ``types``."""
EVENT_STATUS = {
    "scheduled": "EventScheduled",
    "postponed": "EventPostponed",
    "rescheduled": "EventRescheduled",
    "cancelled": "EventCancelled",
    "moved-online": "EventMovedOnline",
}
"""``status`` of an event as schema:eventStatus (schema.org's EventStatusType)."""
REPEAT = {"weekly": "P7D", "daily": "P1D", "monthly": "P1M"}
"""schema:repeatFrequency as xsd:duration (which has no weeks: a week is P7D)."""
TOP_LEVEL = ("source", *SECTIONS)

# ---------------------------------------------------------------- reading


def iter_keys() -> Iterator[tuple[str, str, Key]]:
    """Every (section, key, spec) of the format, for documentation and tests."""
    for key, spec in SOURCE_KEYS.items():
        yield "source", key, spec
    for section, keys in SECTIONS.items():
        for key, spec in keys.items():
            yield section, key, spec
    for key, spec in ITEM_KEYS.items():
        yield "programme item", key, spec
    for key, spec in APPEARANCE_KEYS.items():
        yield "appearance", key, spec

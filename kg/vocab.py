"""The one vocabulary: base IRI, prefixes, closed namespaces, entity kinds, name properties, term
constants and the rdflib <-> pyoxigraph term converter; and IRI minting.

Curated Turtle files write entity IRIs relative (``<person/thomas-klie>``); the build resolves
them against :data:`BASE`, so moving the graph to another base changes this file only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import SDO, BNode, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, TIME, VOID, XSD, DefinedNamespace
from rdflib.namespace import ORG as _ORG

BASE = "https://w3id.org/kommunen-kg/"
"""Base namespace of every entity, graph and concept of the knowledge graph."""

KG = Namespace(BASE)
"""Entities, graphs and concepts: an open namespace, since entity IRIs are data."""


class KGO(DefinedNamespace):
    """The project's terms, closed: ``KGO.fundingMesure`` is an error, not a new IRI. The list is
    checked against ``ontology/kommunen-kg.ttl`` by ``tests/test_vocab.py``."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True
    _warn = False

    Appearance: URIRef
    FundingRound: URIRef
    Municipality: URIRef
    ProgrammeItem: URIRef
    SourceGraph: URIRef
    ags: URIRef
    appearance: URIRef
    approximate: URIRef
    endDateDerived: URIRef
    focusTheme: URIRef
    fullTitle: URIRef
    fundingAmount: URIRef
    fundingCode: URIRef
    fundingMeasure: URIRef
    fundingRound: URIRef
    inEvent: URIRef
    itemKind: URIRef
    localCopy: URIRef
    municipality: URIRef
    numberOfProjects: URIRef
    optional: URIRef
    partnerType: URIRef
    population: URIRef
    populationDate: URIRef
    positionInSeries: URIRef
    programmeIncomplete: URIRef
    programmeOrder: URIRef
    projectExecutingAgency: URIRef
    representsProject: URIRef
    retrievedOn: URIRef
    shortTitle: URIRef
    statedAffiliation: URIRef
    statedAs: URIRef
    statedJobTitle: URIRef


class SCHEMA(SDO):
    """schema.org, closed (rdflib's ``SDO`` only warns about a term it does not know)."""

    _fail = True
    _warn = False


class ORG(_ORG):
    """The W3C Organization Ontology, closed."""

    _fail = True
    _warn = False


WDT = Namespace("http://www.wikidata.org/prop/direct/")
WD = Namespace("http://www.wikidata.org/entity/")

GRAPH_BASE = BASE + "graph/"
ONTOLOGY_GRAPH = KG["graph/ontology"]

PREFIXES: dict[str, str] = {
    "kg": BASE,
    "kgo": str(KGO),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "sh": str(SH),
    "void": str(VOID),
    "time": str(TIME),
    "wdt": str(WDT),
    "wd": str(WD),
}
"""Prefixes used in serialisations and offered to every query."""

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


def slugify(text: str) -> str:
    """A readable, stable IRI segment: German umlauts spelled out, lowercase, hyphens."""
    text = text.translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    if not text:
        raise ValueError("cannot mint an IRI segment from an empty name")
    return text


def mint(kind: str, *parts: str) -> str:
    """The IRI of an entity: ``mint("person", "Thomas Klie")`` → ``…/person/thomas-klie``."""
    return BASE + "/".join([kind, *(slugify(p) for p in parts)])


# IRIs the build accepts (kg.sources.iris applies it to every input, kg.web.site again)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_HTTP = re.compile(r"^https?://[^/?#\s]+", re.ASCII)
_SEGMENT = re.compile(r"[A-Za-z0-9_~.-]+", re.ASCII)
_FRAGMENT = re.compile(r"[A-Za-z0-9_~.-]*", re.ASCII)
# RFC 3987: no space, no control character, none of <>"{}|\^` anywhere in an IRI
_NOT_IRI = re.compile(r"[\x00-\x20<>\"{}|\\^`\x7f-\x9f]")


def unsafe_iri(iri: str) -> str | None:
    """Why ``iri`` may not stand in the graph, or ``None``: only ``http(s)`` IRIs the IRI spec
    allows (RFC 3987), and under the base namespace only paths of safe segments (no ``..``), which
    become file names and links of the site. ``kg build`` checks every IRI of its input with this."""
    bad = _NOT_IRI.search(iri)
    if bad:
        return f"it holds {bad.group()!r}, which no IRI may hold (RFC 3987): percent-encode it"
    scheme = _SCHEME.match(iri)
    if scheme is None or scheme.group(1).lower() not in ("http", "https"):
        name = f"'{scheme.group(1)}:'" if scheme else "none"
        return f"its scheme is {name}: only http:// and https:// IRIs are allowed"
    if not _HTTP.match(iri):
        return "it names no host: write http(s)://host/…"
    if iri.startswith(BASE):
        return unsafe_local_path(iri[len(BASE) :])
    return None


def unsafe_local_path(local: str) -> str | None:
    """Why ``local`` (the part after the base namespace) is not a safe path, or ``None``."""
    path, hash_, fragment = local.partition("#")
    if not path:
        return None if not hash_ else "an IRI of the base namespace needs a path before '#'"
    for segment in path.split("/"):
        if segment in ("", ".", ".."):
            return f"its path {path!r} has an empty, '.' or '..' segment: write kind/id"
        if not _SEGMENT.fullmatch(segment):
            return f"its path segment {segment!r} holds other characters than a-z, 0-9, '-', '_', '.', '~'"
    if hash_ and not _FRAGMENT.fullmatch(fragment):
        return f"its fragment {fragment!r} holds other characters than a-z, 0-9, '-', '_', '.', '~'"
    return None


def graph_iri(name: str) -> str:
    """The IRI of the named graph that holds one source document's statements."""
    return GRAPH_BASE + name


def shorten(iri: str) -> str:
    """A compact form for tables: ``kg:person/thomas-klie``, ``schema:name``."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def expand(text: str) -> str:
    """Expand ``kg:person/x``, ``schema:name``, a relative ``person/x`` or ``<…>`` to a full IRI."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if re.match(r"^[a-z][a-z0-9+.-]*://", text, re.I) or text.startswith("urn:"):
        return text
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    return BASE + text.lstrip("/")


# ---------------------------------------------------------------- entity kinds


@dataclass(frozen=True)
class EntityKind:
    """One kind of entity: its key (also the first segment of its IRIs: ``person/…``), the class
    that makes it, and its names in German and English."""

    key: str
    cls: str
    de: str
    en: str


ENTITY_KINDS: tuple[EntityKind, ...] = (
    EntityKind("appearance", str(KGO.Appearance), "Auftritt", "appearance"),
    EntityKind("item", str(KGO.ProgrammeItem), "Programmpunkt", "programme item"),
    EntityKind("series", str(SCHEMA.EventSeries), "Veranstaltungsreihe", "event series"),
    EntityKind("event", str(SCHEMA.Event), "Veranstaltung", "event"),
    EntityKind("person", str(SCHEMA.Person), "Person", "person"),
    EntityKind("project", str(SCHEMA.ResearchProject), "Projekt", "project"),
    EntityKind("municipality", str(KGO.Municipality), "Kommune", "municipality"),
    EntityKind("funding", str(SCHEMA.FundingScheme), "Fördermaßnahme", "funding measure"),
    EntityKind("organization", str(SCHEMA.Organization), "Organisation", "organisation"),
    EntityKind("participation", str(ORG.Membership), "Beteiligung", "participation"),
)
"""Most specific first: an entity is of the first kind whose class it has (a project is also a
schema:Organization, a programme item also a schema:Event, a series also an event)."""

KINDS: dict[str, EntityKind] = {k.key: k for k in ENTITY_KINDS}

RESOLVED_KINDS = ("person", "project", "municipality", "organization")
"""Kinds whose members are one node per real entity, checked by name (build) and for likely
duplicates (lint)."""


def kind_of_types(types: set[str] | frozenset[str]) -> EntityKind | None:
    """The kind of an entity with these ``rdf:type`` IRIs (most specific first), or None."""
    for kind in ENTITY_KINDS:
        if kind.cls in types:
            return kind
    return None


NAME_PROPERTIES: tuple[str, ...] = (
    str(SCHEMA.name),
    str(SKOS.prefLabel),
    str(RDFS.label),
    str(SCHEMA.alternateName),
    str(SKOS.altLabel),
    str(SCHEMA.legalName),
    str(KGO.fullTitle),
)
"""Every property that names an entity, in order of preference for a label (schema:name first,
spelling variants and full titles last)."""


# ---------------------------------------------------------------- terms

Term = URIRef | Literal | BNode
"""An RDF term as users hold it (rdflib)."""

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def ox_to_rdflib(term: Any) -> Term:
    """A pyoxigraph term as the equal rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:  # RDF 1.1: a simple literal is an xsd:string
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unsupported term {term!r}")


def rdflib_to_ox(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the equal pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


RDF_TYPE = str(RDF.type)

# pyoxigraph forms of the terms the build writes itself
OX_RDF_TYPE = ox.NamedNode(str(RDF.type))
OX_VOID_TRIPLES = ox.NamedNode(str(VOID.triples))
OX_XSD_INTEGER = ox.NamedNode(str(XSD.integer))

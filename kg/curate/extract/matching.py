"""Matching the names on a page against the people, organisations and projects already known.

What is known comes from the project's sources (``ontology/`` and ``data/curated/``, read as
``kg build`` reads them, so extraction works whether or not ``dist/`` is current) or, when the
sources do not read, from the built ``dist/``; a test may pass any graph. Names are compared by
every name the graph has (name, alternate names, spellings, full titles), ignoring academic
titles, case and line-break hyphens (:func:`kg.pipeline.checks.normalise_name`); close spellings
make a match *ambiguous*, never a merge.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from kg.errors import BuildError, KGError
from kg.pipeline.checks import normalise_name
from kg.project import Project
from kg.sources.readers import read_sources
from kg.sparql.store import KnowledgeGraph
from kg.vocab import BASE, mint, slugify

Status = Literal["matched", "new", "ambiguous"]
KINDS = {"person": "person", "organisation": "organization", "project": "project"}
"""Report kind → IRI kind."""

_TITLES = re.compile(r"^((?:Prof\.|Dr\.(?:-Ing\.)?|PD|Dipl\.-[\wäöü]+\.?|apl\.)\s*)+")
_BROKEN = re.compile(r"\b([A-Za-zÄÖÜäöüß]+)-([a-zäöüß]+)\b")


@dataclass
class Match:
    """How one name on the page was resolved against what is known."""

    kind: str
    """person, organisation, project, event or item"""
    text: str
    """as the page writes it"""
    line: int
    status: Status
    iri: str
    """the entity the YAML uses: the matched one, or a new IRI"""
    candidates: list[str] = field(default_factory=list)
    """for ambiguous matches: the entities it could be"""

    def __str__(self) -> str:
        rel = self.iri[len(BASE) :]
        out = f"line {self.line:>3}  {self.status:<9}  {self.kind:<12}  {self.text}  →  {rel}"
        if self.candidates:
            out += "  (could be " + ", ".join(c[len(BASE) :] for c in self.candidates) + ")"
        return out


@dataclass
class Known:
    """Every name of every entity known, normalised, by kind; events, items and concepts."""

    names: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )
    primary: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """entity IRI → its schema:name(s), exactly as written"""
    honorifics: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """person IRI → the academic titles the graph gives"""
    entities: set[str] = field(default_factory=set)
    """every person, organisation and project IRI known"""
    events: dict[str, tuple[str, str | None, str]] = field(default_factory=dict)
    """event IRI → (start date or date-time, url, name)"""
    items: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    """event IRI → normalised item title → item IRI"""
    item_order: dict[str, int] = field(default_factory=dict)
    """item IRI → its kgo:programmeOrder in the graph"""
    item_times: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    """item IRI → (start, end) as local ``H:MM`` where the graph gives them"""
    item_kinds: dict[str, str] = field(default_factory=dict)
    """item IRI → the kind the graph gives it (last segment)"""
    concepts: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    """scheme → [(concept IRI, German label)]"""
    words: set[str] = field(default_factory=set)
    """every word of every known name and label, as written (to mend line-break hyphens)"""
    origin: str = "nothing"

    def lookup(self, kind: str, text: str) -> tuple[Status, str | None, list[str]]:
        key = normalise_name(text)
        exact = set(self.names[kind].get(key, set()))
        if not exact:
            # "Name (ACRONYM)": the name alone, then the acronym alone
            m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text.strip())
            if m:
                for variant in m.groups():
                    exact |= self.names[kind].get(normalise_name(variant), set())
        if len(exact) == 1:
            return "matched", next(iter(exact)), []
        if len(exact) > 1:
            return "ambiguous", None, sorted(exact)
        close = difflib.get_close_matches(key, list(self.names[kind]), n=5, cutoff=0.88)
        found = sorted({iri for c in close for iri in self.names[kind][c]})
        if found:
            return "ambiguous", None, found
        return "new", None, []

    def truncated(self, text: str) -> list[str]:
        """Known entities whose name ``text`` is the cut-off beginning of (``Deutsches Institut für Urbani``)."""
        key = normalise_name(text)
        if len(key) < 4 or any(key in self.names[kind] for kind in ("organisation", "person", "project")):
            return []
        return sorted(
            {
                iri
                for kind in ("organisation", "person", "project")
                for name, iris in self.names[kind].items()
                # cut inside a word: "urbani" of "urbanistik", not "energie" of "energie gmbh"
                if name.startswith(key) and len(name) > len(key) and name[len(key)].isalnum()
                for iri in iris
            }
        )

    def mend(self, text: str) -> str:
        """Join words a line break split (``Regional-entwicklung``) where the joined word is known."""

        def join(m: re.Match[str]) -> str:
            joined = m.group(1) + m.group(2)
            return joined if joined in self.words else m.group(0)

        return _BROKEN.sub(join, text)


def known_from_graph(graph: KnowledgeGraph | None, origin: str = "") -> Known:
    known = Known(origin=origin or ("nothing" if graph is None else graph.origin))
    if graph is None:
        return known
    rows = graph.query(
        """SELECT DISTINCT ?s ?kind ?p ?name WHERE {
          { ?s a schema:Person . BIND("person" AS ?kind) }
          UNION { ?s a schema:ResearchProject . BIND("project" AS ?kind) }
          UNION { ?s a schema:Organization . FILTER NOT EXISTS { ?s a schema:ResearchProject }
                  FILTER NOT EXISTS { ?s a schema:FundingScheme } BIND("organisation" AS ?kind) }
          ?s ?p ?name .
          VALUES ?p { schema:name schema:alternateName skos:altLabel schema:legalName kgo:fullTitle }
        }"""
    ).rows
    for s, kind, p, name in rows:
        known.names[str(kind)][normalise_name(str(name))].add(str(s))
        known.entities.add(str(s))
        known.words.update(re.findall(r"[\wÄÖÜäöüß]+", str(name)))
        if str(p) == "https://schema.org/name":
            known.primary[str(s)].add(str(name))
    for s, start, url, name in graph.query(
        "SELECT ?e (MIN(STR(?st)) AS ?start) (SAMPLE(?u) AS ?url) (SAMPLE(?n) AS ?name) WHERE { "
        "?e a schema:Event ; schema:startDate ?st . FILTER NOT EXISTS { ?e a kgo:ProgrammeItem } "
        "FILTER NOT EXISTS { ?e a schema:EventSeries } OPTIONAL { ?e schema:url ?u } OPTIONAL { ?e schema:name ?n } } GROUP BY ?e"
    ).rows:
        known.events[str(s)] = (
            str(start),
            None if url is None else str(url),
            "" if name is None else str(name),
        )
    for person, honorific in graph.query(
        "SELECT DISTINCT ?p ?h WHERE { ?p a schema:Person ; schema:honorificPrefix ?h }"
    ).rows:
        known.honorifics[str(person)].add(str(honorific))
    for item, order in graph.query(
        "SELECT ?i (MIN(?o) AS ?order) WHERE { ?i a kgo:ProgrammeItem ; kgo:programmeOrder ?o } GROUP BY ?i"
    ).rows:
        known.item_order[str(item)] = int(str(order))
    for item, start, end in graph.query(
        "SELECT ?i (MIN(STR(?s)) AS ?start) (MIN(STR(?e)) AS ?end) WHERE { ?i a kgo:ProgrammeItem . "
        "OPTIONAL { ?i schema:startDate ?s } OPTIONAL { ?i schema:endDate ?e } } GROUP BY ?i"
    ).rows:
        known.item_times[str(item)] = (_time_of(start), _time_of(end))
    for item, kind in graph.query(
        "SELECT DISTINCT ?i ?k WHERE { ?i a kgo:ProgrammeItem ; kgo:itemKind ?k }"
    ).rows:
        known.item_kinds[str(item)] = str(kind).rsplit("/", 1)[1]
    for e, item, p, name in graph.query(
        "SELECT DISTINCT ?e ?i ?p ?name WHERE { ?i a kgo:ProgrammeItem ; schema:superEvent+ ?e ; "
        "?p ?name . VALUES ?p { schema:name skos:altLabel } FILTER NOT EXISTS { ?e a kgo:ProgrammeItem } }"
    ).rows:
        known.items[str(e)][normalise_name(str(name))] = str(item)
        if str(p) == "https://schema.org/name":
            known.primary[str(item)].add(str(name))
    for scheme, c, label in graph.query(
        "SELECT DISTINCT ?scheme ?c ?label WHERE { ?c skos:inScheme ?scheme ; skos:prefLabel|skos:altLabel ?label . "
        'FILTER(LANG(?label) = "de") }'
    ).rows:
        known.concepts[str(scheme)[len(BASE) :]].append((str(c), str(label)))
        known.words.update(re.findall(r"[\wÄÖÜäöüß]+", str(label)))
    return known


def known_in_project(
    project: Project, *, exclude: list[str] | None = None, dist: Path | None = None
) -> Known:
    """What the project knows: its sources as they are now, else its built ``dist/``.

    ``exclude`` names curated files (paths) left out: the file the extraction is about to
    overwrite must not match the page's names against themselves.
    """
    skip = {str(p) for p in exclude or []}
    try:
        docs = read_sources(project)
    except BuildError as err:
        try:
            graph = KnowledgeGraph.from_dist(dist or project.dist_dir)
        except KGError:
            raise KGError(
                f"cannot match names: the sources do not read ({len(err.problems)} problem(s), "
                f"first: {err.problems[0]}) and there is no complete dist/ to fall back on"
            ) from None
        return known_from_graph(
            graph, f"{dist or project.dist_dir} (the sources do not read: {err.problems[0]})"
        )
    store = ox.Store()
    for doc in docs:
        if str(doc.path.resolve()) in skip:
            continue
        graph_name = ox.NamedNode(doc.graph)
        store.extend([ox.Quad(q.subject, q.predicate, q.object, graph_name) for q in doc.quads])
    return known_from_graph(KnowledgeGraph(store, "sources"), f"the sources of {project.root}")


class Names:
    """The names of one page as they are resolved, each reported once."""

    def __init__(self, known: Known) -> None:
        self.known = known
        self.matches: list[Match] = []
        self.seen: dict[tuple[str, str], Match] = {}
        self.new_entities: dict[str, Match] = {}

    def resolve(self, kind: str, text: str, line: int) -> Match:
        key = (kind, normalise_name(text))
        if key in self.seen:
            return self.seen[key]
        status, iri, candidates = self.known.lookup(kind, text)
        if iri is None:
            # a new id of its own, never one the graph already gives another entity
            base = iri = mint(KINDS[kind], entity_slug(self.known.mend(text)))
            n = 1
            while iri in self.known.entities or (
                iri in self.new_entities and self.new_entities[iri].kind != kind
            ):
                n += 1
                iri = f"{base}-{n}"
        match = Match(kind, text, line, status, iri, candidates)
        self.seen[key] = match
        self.matches.append(match)
        if status != "matched":
            self.new_entities[iri] = match
        return match

    def is_known(self, kind: str, text: str) -> bool:
        return self.known.lookup(kind, text)[0] == "matched"


def _time_of(value: object) -> str | None:
    """``2020-12-08T10:00:00+01:00`` → ``10:00``; a date alone or nothing → None."""
    m = re.match(r"^\d{4}-\d{2}-\d{2}T(\d{2}):(\d{2})", str(value or ""))
    return f"{int(m.group(1))}:{m.group(2)}" if m else None


def entity_slug(text: str) -> str:
    tm = _TITLES.match(text)
    return slugify(text[tm.end() :] if tm else text)


__all__ = [
    "KINDS",
    "Known",
    "Match",
    "Names",
    "Status",
    "entity_slug",
    "known_from_graph",
    "known_in_project",
]

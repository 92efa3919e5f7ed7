"""``kg site``: a static website of the knowledge graph that works from disk and on any server.

The folder holds ``index.html`` (introduction, the collaboration network, every entity, the
downloads, an embed snippet, and the events' schema.org JSON-LD in its head), ``embed.html``
(the network alone, for an iframe), one page per entity (its facts with their sources, its
appearances, its neighbours and its ego network), ``downloads/`` and ``assets/``. Every link is
relative and every script and style is a file of the folder: nothing is loaded from another
host, and the pages say so to the browser with a Content-Security-Policy.
"""

from __future__ import annotations

import datetime
import json
import os
import posixpath
import shutil
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from jinja2 import Environment
from markupsafe import Markup, escape
from rdflib import Graph, URIRef

from kg.errors import KGError
from kg.geo import MapPoint, svg_map
from kg.network.graph import (
    ENTITY_TYPES,
    RELATION_WORDS,
    TYPES_BY_KEY,
    EntityType,
    Facts,
    export,
    to_networkx,
)
from kg.sparql.results import python_value
from kg.version import __version__
from kg.vocab import BASE, KGO, PREFIXES, RDF_TYPE, SCHEMA, shorten, unsafe_local_path
from kg.web.downloads import DESCRIPTIONS, write_dataset_files, write_jsonld
from kg.web.editor import editor_href, entity_query, write_editor
from kg.web.templating import environment
from kg.web.viz import CSP, library_tags, render_fragment, render_page, write_assets

if TYPE_CHECKING:
    from kg.sparql.remote import RemoteGraph
    from kg.sparql.store import KnowledgeGraph

    AnyGraph = KnowledgeGraph | RemoteGraph

SITE_TEMPLATES = Path(__file__).resolve().parent / "templates" / "website"
SITE_QUERIES = Path(__file__).resolve().parent / "queries"
SKIPPED_FACTS = {RDF_TYPE, str(KGO.appearance)}
"""Shown otherwise: the type in the heading, appearances in their own section."""

TIME = "http://www.w3.org/2006/time#"

FACT_WORDS: dict[str, tuple[str, str]] = {
    str(SCHEMA.name): ("Name", "name"),
    str(SCHEMA.alternateName): ("anderer Name", "alternate name"),
    str(SCHEMA.legalName): ("amtlicher Name", "legal name"),
    str(SCHEMA.givenName): ("Vorname", "given name"),
    str(SCHEMA.familyName): ("Nachname", "family name"),
    str(SCHEMA.honorificPrefix): ("Titel", "title"),
    str(SCHEMA.jobTitle): ("Funktion", "job title"),
    str(SCHEMA.url): ("Website", "website"),
    str(SCHEMA.startDate): ("Beginn", "start"),
    str(SCHEMA.endDate): ("Ende", "end"),
    str(SCHEMA.description): ("Beschreibung", "description"),
    str(SCHEMA.headline): ("Überschrift", "headline"),
    str(SCHEMA.eventAttendanceMode): ("Teilnahmeform", "attendance"),
    str(SCHEMA.inLanguage): ("Sprache", "language"),
    str(SCHEMA.geo): ("Koordinaten", "coordinates"),
    str(SCHEMA.latitude): ("Breite", "latitude"),
    str(SCHEMA.longitude): ("Länge", "longitude"),
    "http://www.w3.org/2004/02/skos/core#altLabel": ("andere Schreibweise", "other spelling"),
    str(SCHEMA.additionalType): ("Art", "type"),
    str(SCHEMA.containedInPlace): ("liegt in", "located in"),
    str(SCHEMA.location): ("Ort", "place"),
    str(SCHEMA.foundingDate): ("Gründung", "founded"),
    str(SCHEMA.parentOrganization): ("übergeordnete Organisation", "parent organisation"),
    str(SCHEMA.funder): ("Förderer", "funder"),
    str(SCHEMA.subjectOf): ("erwähnt in", "mentioned in"),
    str(SCHEMA.eventSchedule): ("Terminplan", "schedule"),
    "https://schema.org/eventStatus": ("Stand", "status"),
    str(SCHEMA.recordedIn): ("Aufzeichnung", "recording"),
    "https://schema.org/currency": ("Währung", "currency"),
    "https://schema.org/value": ("Betrag", "amount"),
    "https://schema.org/maxValue": ("höchstens", "at most"),
    "https://schema.org/repeatFrequency": ("Turnus", "frequency"),
    "http://purl.org/dc/terms/isPartOf": ("Teil von", "part of"),
    "http://purl.org/dc/terms/temporal": ("Laufzeit", "period"),
}
"""Words (German, English) for the properties from outside the ontology (schema.org, SKOS, Dublin
Core), which the ontology does not label; its own properties take its rdfs:label."""

ENUM_WORDS: dict[str, tuple[str, str]] = {
    str(SCHEMA.OnlineEventAttendanceMode): ("online", "online"),
    str(SCHEMA.OfflineEventAttendanceMode): ("vor Ort", "on site"),
    str(SCHEMA.MixedEventAttendanceMode): ("vor Ort und online", "on site and online"),
    "https://schema.org/EventScheduled": ("wie geplant", "as scheduled"),
    "https://schema.org/EventPostponed": ("verschoben", "postponed"),
    "https://schema.org/EventCancelled": ("abgesagt", "cancelled"),
    "https://schema.org/EventRescheduled": ("neu angesetzt", "rescheduled"),
    "https://schema.org/EventMovedOnline": ("online verlegt", "moved online"),
}
"""schema.org enumeration members, in words (German, English)."""

LANGUAGE_NAMES: dict[str, tuple[str, str]] = {"de": ("Deutsch", "German"), "en": ("Englisch", "English")}
"""The languages an event is held in (schema:inLanguage), in words (German, English)."""


@dataclass(frozen=True)
class PageLanguage:
    """One language the site speaks: where its pages are, its words, and how it writes numbers,
    dates and times. The default language's pages are at the site's root, each other one's at
    the same paths below a folder of its code (``en/person/thomas-klie.html``)."""

    code: str
    name: str
    """the language in its own words: the label of the switch that leads to it"""
    folder: str
    months: tuple[str, ...]
    thousands: str
    decimal: str
    words: dict[str, str]
    """the pages' headings, captions and phrases (``{}`` marks what is filled in)"""

    @property
    def column(self) -> int:
        """The column of this language in the (German, English) word tables."""
        return 0 if self.code == "de" else 1

    def __getitem__(self, key: str) -> str:
        return self.words[key]

    def number(self, value: float | int, digits: int | None = None) -> str:
        """3.124 and 48,6576 in German, 3,124 and 48.6576 in English."""
        text = f"{value:,}" if digits is None else f"{value:,.{digits}f}"
        return text.replace(",", "\x00").replace(".", self.decimal).replace("\x00", self.thousands)

    def date(self, day: datetime.date) -> str:
        return self["date"].format(
            day=day.day, month=day.month, month_name=self.months[day.month - 1], year=day.year
        )

    def month(self, year: int | str, month: int) -> str:
        return self["month"].format(month_name=self.months[month - 1], year=year)

    def clock(self, text: str) -> str:
        """A time of day or a span of them: "11:40–12:30 Uhr", "11:40–12:30"."""
        return self["clock"].format(text)

    def words_for(self, pair: tuple[str, str]) -> str:
        """This language's entry of a (German, English) pair."""
        return pair[self.column]

    def heading(self, text: str) -> str:
        """A label as the first word of a table row or a list item: English capitalises it."""
        return text[:1].upper() + text[1:] if self.code == "en" else text


MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
             "Oktober", "November", "Dezember")  # fmt: skip
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")  # fmt: skip

LANGUAGES: dict[str, PageLanguage] = {
    "de": PageLanguage(
        code="de",
        name="Deutsch",
        folder="",
        months=MONTHS_DE,
        thousands=".",
        decimal=",",
        words={
            "network": "Netzwerk",
            "network_around": "Netzwerk um {}",
            "query_this": "Abfrage dazu im SPARQL-Editor",
            "facts": "Angaben",
            "property": "Eigenschaft",
            "value": "Wert",
            "source": "Quelle",
            "programme": "Programm",
            "time": "Zeit",
            "item": "Programmpunkt",
            "people": "Mitwirkende (Rolle)",
            "appearances": "Auftritte",
            "neighbours": "Verbunden mit",
            "sources": "Quellen",
            "graph": "Graph",
            "appearance": "Auftritt",
            "role_at": "{role} bei {event}",
            "as_role": "{who} als {role}",
            "for_project": "für {}",
            "affiliation": "Zugehörigkeit: {}",
            "date": "{day:02}.{month:02}.{year}",
            "month": "{month_name} {year}",
            "clock": "{} Uhr",
            "at_time": "{date}, {clock}",
            "yes": "ja",
            "no": "nein",
            "north": "N",
            "south": "S",
            "east": "O",
            "west": "W",
            "about": "rund {}",
            "at_most": "höchstens {}",
            "at_least": "mindestens {}",
            "amount": "{value} {currency}",
            "stated": "laut Quelle: „{}“",
            "weekly": "wöchentlich",
            "every_days": "alle {} Tage",
        },
    ),
    "en": PageLanguage(
        code="en",
        name="English",
        folder="en/",
        months=MONTHS_EN,
        thousands=",",
        decimal=".",
        words={
            "network": "Network",
            "network_around": "Network around {}",
            "query_this": "Query it in the SPARQL editor",
            "facts": "Facts",
            "property": "Property",
            "value": "Value",
            "source": "Source",
            "programme": "Programme",
            "time": "Time",
            "item": "Programme item",
            "people": "Contributors (role)",
            "appearances": "Appearances",
            "neighbours": "Connected with",
            "sources": "Sources",
            "graph": "graph",
            "appearance": "appearance",
            "role_at": "{role} at {event}",
            "as_role": "{who} as {role}",
            "for_project": "for {}",
            "affiliation": "affiliation: {}",
            "date": "{day} {month_name} {year}",
            "month": "{month_name} {year}",
            "clock": "{}",
            "at_time": "{date}, {clock}",
            "yes": "yes",
            "no": "no",
            "north": "N",
            "south": "S",
            "east": "E",
            "west": "W",
            "about": "about {}",
            "at_most": "at most {}",
            "at_least": "at least {}",
            "amount": "{currency} {value}",
            "stated": "as the source says: “{}”",
            "weekly": "weekly",
            "every_days": "every {} days",
        },
    ),
}
"""The site's languages, the default (German) first."""
DEFAULT_LANGUAGE = LANGUAGES["de"]


EMBED_SNIPPET = (
    '<iframe src="https://example.org/kommunen-kg/embed.html" title="Netzwerk der Allianzprojekte"\n'
    '        style="width: 100%; height: 600px; border: 0" loading="lazy"\n'
    '        referrerpolicy="no-referrer" sandbox="allow-scripts allow-popups"></iframe>'
)


@dataclass
class SiteReport:
    """What ``kg site`` wrote."""

    folder: Path
    pages: int
    downloads: list[str]

    def __str__(self) -> str:
        return (
            f"wrote {self.folder}: index.html, embed.html, {self.pages} entity pages, "
            f"downloads ({', '.join(self.downloads)})"
        )


RESERVED = frozenset(
    {
        "assets",
        "downloads",
        "editor",
        "index",
        "embed",
        *(lang.folder.rstrip("/") for lang in LANGUAGES.values() if lang.folder),
    }
)
"""First segments of the site's own files and folders: no entity page may take their place."""


def page_path(node_key: str, lang: str = DEFAULT_LANGUAGE.code) -> str:
    """The page of an entity, relative to the site root: ``person/thomas-klie.html``, in English
    ``en/person/thomas-klie.html``.

    Only a key of safe segments has a page (``kg build`` lets no other IRI into dist/, but a
    dist/ may come from anywhere): a ``javascript:`` key would become a link that runs script, a
    ``..`` segment a file outside the site, an ``en/…`` or ``index`` key a page of the site's own."""
    why = unsafe_local_path(node_key)
    if not why and node_key.split("/", 1)[0] in RESERVED:
        why = "its first segment is one of the site's own folders or pages"
    if why or not node_key or ":" in node_key:
        raise KGError(
            f"the entity {node_key!r} has no safe page path ({why or 'not under the base namespace'}): "
            "the site is written from a dist/ `kg build` made, which refuses such IRIs"
        )
    if lang not in LANGUAGES:
        raise KGError(f"unknown page language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return LANGUAGES[lang].folder + node_key + ".html"


def _inside(folder: Path, rel: str) -> Path:
    """``folder / rel``, checked again when written: never a file outside ``folder``."""
    target = (folder / rel).resolve()
    if not target.is_relative_to(folder.resolve()):
        raise KGError(f"refusing to write {rel!r} outside the site folder {folder}")
    return target


def _root_from(path: str) -> str:
    depth = path.count("/")
    return "../" * depth


def _rel(from_page: str, to_path: str) -> str:
    return posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")


def _query(graph: AnyGraph, name: str, **bindings: Any) -> list[dict[str, Any]]:
    text = (SITE_QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    return graph.query(text, **bindings).to_records()


def event_jsonld(graph: AnyGraph, facts: Facts | None = None) -> list[dict[str, Any]]:
    """schema.org JSON-LD for each event (not programme items): its name, dates, description,
    address, series, programme and performers, as the graph states them."""
    facts = facts or Facts.read(graph)
    programme = defaultdict(list)
    for r in _query(graph, "programme"):
        programme[r["event"]].append(r)
    performers: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    items_of = {r["item"]: r["event"] for rows in programme.values() for r in rows}
    for a in facts.appearances:
        event = items_of.get(a["event"], a["event"])
        who = a["performer"]
        kind = "Person" if facts.types.get(who) == "person" else "Organization"
        performers[event][who] = {"@type": kind, "@id": who, "name": facts.labels.get(who, who)}
    out = []
    seen = set()
    for r in _query(graph, "events"):
        if r["event"] in seen:
            continue
        seen.add(r["event"])
        doc: dict[str, Any] = {"@context": "https://schema.org", "@type": "Event", "@id": r["event"]}
        for key, col in (("name", "name"), ("startDate", "start"), ("endDate", "end")):
            if r[col] is not None:
                doc[key] = str(r[col]) if key == "name" else r[col].isoformat()
        for key, col in (("description", "description"), ("url", "url"), ("inLanguage", "language")):
            if r[col]:
                doc[key] = str(r[col])
        if r["mode"]:
            doc["eventAttendanceMode"] = r["mode"]
        if r["series"]:
            doc["superEvent"] = {"@type": "EventSeries", "@id": r["series"], "name": str(r["series_name"])}
        subs: list[dict[str, Any]] = []
        for item in programme.get(r["event"], []):
            sub: dict[str, Any] = {"@type": "Event", "@id": item["item"], "name": str(item["name"])}
            if item["start"] is not None:
                sub["startDate"] = item["start"].isoformat()
            if item["end"] is not None:
                sub["endDate"] = item["end"].isoformat()
            if item["order"] is not None:
                sub["position"] = int(item["order"])
            if not any(s["@id"] == sub["@id"] for s in subs):
                subs.append(sub)
        if subs:
            doc["subEvent"] = subs
        if performers.get(r["event"]):
            doc["performer"] = [performers[r["event"]][k] for k in sorted(performers[r["event"]])]
        out.append(doc)
    return out


def _jsonld_script(doc: dict[str, Any]) -> str:
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e")


def _clear(out: Path) -> None:
    """Empty the target if it is a site written earlier; refuse to overwrite anything else."""
    if not out.exists():
        return
    if not out.is_dir():
        raise KGError(f"{out} is a file: give a folder for the site")
    if any(out.iterdir()) and not (out / "assets" / "kg-network.js").exists():
        raise KGError(f"{out} is not empty and not a site written by `kg site`: choose another folder")
    shutil.rmtree(out)


def build_site(
    graph: AnyGraph,
    out: str | os.PathLike[str] = "site",
    *,
    dist: str | os.PathLike[str] | None = None,
) -> SiteReport:
    """Write the static site into ``out`` (replacing a site written there before).

    Everything comes from ``graph``: an embedded store (``kg.load()``) or a remote one
    (``kg.connect(url)``). The dataset downloads are copied from ``dist`` when given, or from the
    ``dist/`` the graph was loaded from; a graph with no ``dist/`` behind it is serialised.
    """
    folder = Path(out)
    _clear(folder)
    folder.mkdir(parents=True)
    write_assets(folder / "assets")
    (folder / "assets" / "site.css").write_bytes((SITE_TEMPLATES / "site.css").read_bytes())

    facts = Facts.read(graph)
    full = to_networkx(facts, "full")
    collab = to_networkx(facts, "collaboration")
    env = environment()

    # Downloads: the dataset (as built, or serialised from the graph), the network in three formats.
    downloads = folder / "downloads"
    offered = [(n, DESCRIPTIONS[n].de) for n in write_dataset_files(graph, downloads, dist)]
    for fmt, name, what in (
        ("graphml", "kg-network.graphml", "das Netzwerk als GraphML (Gephi, yEd): ungerichtet, gewichtet"),
        ("gexf", "kg-network.gexf", "das Netzwerk als GEXF (Gephi): mit Farbe, Größe und Lage jedes Knotens"),
        ("json", "kg-network.json", "das Netzwerk als Node-Link-JSON"),
    ):
        export(full, fmt, downloads / name)
        offered.append((name, what))

    # Entity pages in every language, each German page beside the entity's own RDF (Turtle, JSON-LD).
    pages = _PageData(graph, facts, full, env, _query(graph, "programme"))
    for node, data in full.nodes(data=True):
        path = page_path(data["key"])
        target = _inside(folder, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        own = entity_rdf(graph, node)
        own.serialize(target.with_suffix(".ttl"), format="turtle")
        write_jsonld(own, target.with_suffix(".jsonld"), dict(PREFIXES))
        for language in LANGUAGES.values():
            page = _inside(folder, page_path(data["key"], language.code))
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(_entity_page(pages, node, language), encoding="utf-8")

    # Index and embed page, in German (the default, at the root) and in English (en/).
    jsonld = event_jsonld(graph, facts)
    events = [{"name": d.get("name", ""), "start": d.get("startDate", "")} for d in jsonld]
    network_words = {
        "de": [
            (
                "graphml",
                "kg-network.graphml",
                "das Netzwerk als GraphML (Gephi, yEd): ungerichtet, gewichtet",
            ),
            (
                "gexf",
                "kg-network.gexf",
                "das Netzwerk als GEXF (Gephi): mit Farbe, Größe und Lage jedes Knotens",
            ),
            ("json", "kg-network.json", "das Netzwerk als Node-Link-JSON"),
        ],
        "en": [
            ("graphml", "kg-network.graphml", "the network as GraphML (Gephi, yEd): undirected, weighted"),
            (
                "gexf",
                "kg-network.gexf",
                "the network as GEXF (Gephi): with colour, size and position of every node",
            ),
            ("json", "kg-network.json", "the network as node-link JSON"),
        ],
    }
    for language in LANGUAGES.values():
        lang, prefix = language.code, language.folder
        root = _root_from(prefix)
        (folder / prefix).mkdir(exist_ok=True)
        # links from the language's index (and embed) to the entity pages in the same language
        links = {
            n: _rel(prefix + "index.html", page_path(d["key"], lang)) for n, d in collab.nodes(data=True)
        }
        groups = []
        for t in ENTITY_TYPES:
            members = sorted(
                (
                    {"label": d["label"], "href": _rel(prefix + "index.html", page_path(d["key"], lang))}
                    for _, d in full.nodes(data=True)
                    if d["type"] == t.key
                ),
                key=lambda e: e["label"].casefold(),
            )
            if members:
                groups.append({"label": _type_words(t, language), "entities": members})
        listed = [
            {"name": n, "what": getattr(DESCRIPTIONS[n], lang), "href": f"{root}downloads/{n}"}
            for n, _ in offered
            if n in DESCRIPTIONS
        ] + [{"name": n, "what": w, "href": f"{root}downloads/{n}"} for _, n, w in network_words[lang]]
        title = "Kommunen-KG: Wer arbeitet mit wem?" if lang == "de" else "Kommunen-KG: Who works with whom?"
        index = env.get_template("website/index.html").render(
            title=title,
            lang=lang,
            **_language_links(
                prefix + "index.html", lambda code: LANGUAGES[code].folder + "index.html", lang
            ),
            csp=CSP,
            root=root,
            home="index.html",
            version=__version__,
            jsonld=[_jsonld_script(d) for d in jsonld],
            library=library_tags("files", root + "assets/"),
            network=render_fragment(
                collab,
                container_id="kgnet-index",
                height="min(75vh, 760px)",
                title=language["network"],
                links=links,
                lang=lang,
            ),
            events=events,
            groups=groups,
            downloads=listed,
            embed_snippet=EMBED_SNIPPET,
        )
        (folder / prefix / "index.html").write_text(index, encoding="utf-8")
        embed = render_page(  # the network alone, the page an iframe shows
            collab,
            title="Kommunen-KG: Netzwerk" if lang == "de" else "Kommunen-KG: network",
            height="100vh",
            library="files",
            assets=root + "assets/",
            links=links,
            container_id="kgnet-embed",
            lang=lang,
        )
        (folder / prefix / "embed.html").write_text(embed, encoding="utf-8")
    write_editor(folder)
    return SiteReport(folder, full.number_of_nodes(), [n for n, _ in offered])


def _language_links(path: str, path_in: Callable[[str], str], lang: str) -> dict[str, Any]:
    """The switch to the same page in the other language and the alternate links of the page's
    head (every language, the default also as ``x-default``), relative to ``path``."""
    other = next(code for code in LANGUAGES if code != lang)
    alternates = [{"lang": code, "href": _rel(path, path_in(code))} for code in LANGUAGES]
    alternates.append({"lang": "x-default", "href": _rel(path, path_in(DEFAULT_LANGUAGE.code))})
    return {
        "switch": {"href": _rel(path, path_in(other)), "lang": other, "label": LANGUAGES[other].name},
        "alternates": alternates,
    }


def _type_words(t: EntityType, lang: PageLanguage) -> str:
    """An entity kind in words, as a heading: "Programmpunkt", "Programme item"."""
    return t.de if lang.code == "de" else t.en.capitalize()


@dataclass
class _PageData:
    """What the entity pages are made of, read once for the whole site and every language."""

    graph: AnyGraph
    facts: Facts
    full: nx.MultiDiGraph
    env: Environment
    programme: list[dict[str, Any]]
    rows_of: dict[str, list[Any]] = field(default_factory=dict)

    def rows(self, iri: str) -> list[Any]:
        """(property, value, graph) of what the graphs state about ``iri``, asked once."""
        if iri not in self.rows_of:
            self.rows_of[iri] = _fact_rows(self.graph, iri)
        return self.rows_of[iri]


def _property_words(facts: Facts, prop: str, lang: PageLanguage = DEFAULT_LANGUAGE) -> str:
    """A property in words: the ontology's label in the page's language, else the site's own
    words for schema.org and other outside terms, else its short IRI."""
    own = lang.words_for(facts.property_labels.get(prop, ("", "")))
    if own:
        return own
    if prop in FACT_WORDS:
        return lang.words_for(FACT_WORDS[prop])
    if prop in RELATION_WORDS:
        return lang.words_for(RELATION_WORDS[prop][:2])
    return shorten(prop)


def _concept_label(facts: Facts, iri: str, lang: PageLanguage = DEFAULT_LANGUAGE) -> str | None:
    """A concept's label in the page's language: its prefLabel there, else another of its names
    there (rdfs:label, schema:name, an altLabel), else an untagged one, else any. (The prefLabel
    first: "Vortrag", not its altLabel "Impuls".)"""
    names = facts.names.get(iri, [])
    kinds = ("#prefLabel", "#label", "/name")

    def rank(name: tuple[str, str, str]) -> tuple[int, int, str]:
        prop, text, tag = name
        kind = next((i for i, end in enumerate(kinds) if prop.endswith(end)), len(kinds))
        return (0 if tag == lang.code else 1 if not tag else 2, kind, text)

    return min(names, key=rank)[1] if names else None


def _ego(full: nx.MultiDiGraph, node: str) -> nx.MultiDiGraph:
    """The entity and its neighbours (either direction) with the edges among them, in the
    network's order: what ``nx.ego_graph(…, undirected=True)`` gives, without the undirected
    copy of the whole network it makes for every page."""
    near = {node, *full.predecessors(node), *full.successors(node)}
    ego = nx.MultiDiGraph(**full.graph)
    ego.add_nodes_from((n, full.nodes[n]) for n in full if n in near)
    ego.add_edges_from((u, v, k, d) for u, v, k, d in full.edges(near, keys=True, data=True) if v in near)
    return ego


def _entity_page(pages: _PageData, node: str, lang: PageLanguage) -> str:
    facts, full = pages.facts, pages.full
    data = full.nodes[node]
    path = page_path(data["key"], lang.code)
    root = _root_from(path)
    sources: dict[str, dict[str, Any]] = {}
    titles = {g: (s, t) for entries in facts.sources.values() for g, s, t in entries}

    def source_ref(g: str) -> dict[str, Any]:
        if g not in sources:
            src, title = titles.get(g, ("", ""))
            sources[g] = {
                "n": len(sources) + 1,
                "graph": shorten(g),
                "source": src,
                "title": title,
                "external": src.startswith(("http://", "https://")),
            }
        return sources[g]

    def href_of(iri: str) -> str:
        return _rel(path, page_path(full.nodes[iri]["key"], lang.code))

    def link_to(iri: str) -> tuple[str, str | None, bool]:
        """(text, href, external) for an IRI value."""
        if iri in full:
            return full.nodes[iri]["label"], href_of(iri), False
        label = _concept_label(facts, iri, lang)
        if label:
            return label, None, False
        if iri in ENUM_WORDS:
            return lang.words_for(ENUM_WORDS[iri]), None, False
        if iri.startswith(("http://", "https://")) and not iri.startswith(BASE):
            return (
                (shorten(iri) if iri.startswith(str(SCHEMA)) else iri),
                (None if iri.startswith(str(SCHEMA)) else iri),
                True,
            )
        return shorten(iri), None, False

    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    kinds: dict[tuple[str, str], str] = {}
    shown: dict[tuple[str, str], str] = {}
    tags: dict[tuple[str, str], str] = {}
    for prop_term, term, graph_term in pages.rows(node):
        prop = str(prop_term)
        if prop in SKIPPED_FACTS:
            continue
        value = python_value(term)
        key = (prop, value.isoformat() if hasattr(value, "isoformat") else str(value))
        grouped[key].append(str(graph_term))
        kinds[key] = "iri" if isinstance(term, URIRef) else "literal"
        shown[key] = _display(value, term, lang)
        if prop == str(SCHEMA.inLanguage) and str(value) in LANGUAGE_NAMES:
            shown[key] = lang.words_for(LANGUAGE_NAMES[str(value)])
        tags[key] = getattr(term, "language", None) or ""
    facts_rows = []
    for (prop, value), graphs in sorted(
        grouped.items(), key=lambda kv: (_property_words(facts, kv[0][0], lang).casefold(), kv[0][1])
    ):
        row: dict[str, Any] = {
            "property": lang.heading(_property_words(facts, prop, lang)),
            "href": None,
            "external": False,
            # a literal in another language than the page's says so (screen readers, hyphenation)
            "lang": tags[(prop, value)] if tags[(prop, value)] not in ("", lang.code) else "",
        }
        if (
            kinds[(prop, value)] == "iri"
            and value.startswith(BASE)
            and value not in full
            and not _concept_label(facts, value, lang)
        ):
            # A node of its own that is no entity (coordinates): show what it says inline.
            row["value"] = _inner_node(pages, value, lang)
        elif kinds[(prop, value)] == "iri":
            row["value"], row["href"], row["external"] = link_to(value)
        else:
            row["value"] = shown[(prop, value)]
        row["sources"] = [source_ref(g) for g in sorted(set(graphs))]
        facts_rows.append(row)
    for g, _, _ in facts.sources.get(node, []):
        source_ref(g)

    def role_of(a: dict[str, Any]) -> str:
        return (a["role_de"] if lang.code == "de" else a["role_en"]) or lang["appearance"]

    def anchor(iri: str | None) -> Markup:
        if not iri:
            return Markup("")
        text, href, _ = link_to(iri)
        return Markup('<a href="{}">{}</a>').format(href, text) if href else escape(text)

    appearances = []
    for a in facts.appearances:
        if node not in (a["performer"], a["event"]):
            continue
        role = role_of(a)
        if a["performer"] == node:
            line = Markup(lang["role_at"]).format(role=lang.heading(role), event=anchor(a["event"]))
        else:
            line = Markup(lang["as_role"]).format(who=anchor(a["performer"]), role=role)
        extra = []
        if a["project"]:
            extra.append(Markup(lang["for_project"]).format(anchor(a["project"])))
        if a["affiliation"]:
            extra.append(Markup(lang["affiliation"]).format(anchor(a["affiliation"])))
        if extra:
            line += Markup(" (") + Markup(", ").join(extra) + Markup(")")
        line += Markup(' <a href="#source-{}">[{}]</a>').format(
            source_ref(a["graph"])["n"], source_ref(a["graph"])["n"]
        )
        appearances.append(line)

    words_key, inverse_key = ("label_de", "inverse_de") if lang.code == "de" else ("label_en", "inverse_en")
    neighbours = []
    for u, v, d in sorted(full.in_edges(node, data=True), key=lambda e: e[0]) + sorted(
        full.out_edges(node, data=True), key=lambda e: e[1]
    ):
        other, words = (v, d[words_key]) if u == node else (u, d[inverse_key])
        item = {
            "words": lang.heading(words),
            "label": full.nodes[other]["label"],
            "href": href_of(other),
            "type_label": _type_words(TYPES_BY_KEY[full.nodes[other]["type"]], lang),
        }
        if item not in neighbours:
            neighbours.append(item)
    neighbours.sort(key=lambda n: (n["words"].casefold(), n["label"].casefold()))

    programme = []
    if data["type"] == "event":
        people: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for a in facts.appearances:
            text, href, _ = link_to(a["performer"])
            entry = {"name": text, "href": href, "role": role_of(a) if a["role"] else ""}
            if entry not in people[a["event"]]:
                people[a["event"]].append(entry)
        seen_items = set()
        for r in pages.programme:
            if r["event"] != node or r["item"] in seen_items:
                continue
            seen_items.add(r["item"])
            start, end = r["start"], r["end"]
            when = ""
            if start is not None:
                when = lang.clock(f"{start:%H:%M}" + (f"–{end:%H:%M}" if end is not None else ""))
            name, href, _ = link_to(r["item"])
            programme.append(
                {
                    "order": r["order"],
                    "start": start.isoformat() if start is not None else "",
                    "when": when,
                    "name": name,
                    "href": href,
                    "people": people.get(r["item"], []),
                }
            )
        programme.sort(key=lambda row: (row["order"] is None, row["order"] or 0, row["start"]))

    ego_net = _ego(full, node)
    links = {n: href_of(n) for n in ego_net}
    return pages.env.get_template(
        "website/entity.html"
    ).render(
        title=f"{data['label']} – Kommunen-KG",
        lang=lang.code,
        words=lang.words,
        **_language_links(path, lambda code: page_path(data["key"], code), lang.code),
        csp=CSP,
        root=root,
        home=_rel(path, lang.folder + "index.html"),
        version=__version__,
        library=library_tags("files", root + "assets/"),
        label=data["label"],
        iri=node,
        query_href=editor_href(entity_query(node), root=root),
        rdf={  # the entity's own RDF, beside its page in the default language
            "ttl": _rel(path, page_path(data["key"])[:-5] + ".ttl"),
            "jsonld": _rel(path, page_path(data["key"])[:-5] + ".jsonld"),
        },
        type_label=_type_words(TYPES_BY_KEY[data["type"]], lang),
        facts=facts_rows,
        appearances=appearances,
        programme=programme,
        neighbours=neighbours,
        network=render_fragment(
            ego_net,
            height="420px",
            title=lang["network_around"].format(data["label"]),
            links=links,
            lang=lang.code,
        ),
        place_map=_place_map(pages.graph, node, data, lang.code),
        sources=sorted(sources.values(), key=lambda s: s["n"]),
    )


PLACE_TITLE = {"de": "Lage von {}", "en": "Location of {}"}
"""The map's title and accessible name on a municipality page, in the page's language."""


def _place_map(graph: AnyGraph, node: str, data: dict[str, Any], lang: str = "de") -> dict[str, Any] | None:
    """A municipality's place on the offline map of Germany (``website/place-map.html``): the SVG
    with a point at each distinct pair of coordinates the graph states for it (``svg`` is None
    where it states none); None for any other entity, whose page has no map."""
    if data["type"] != "municipality":
        return None
    places = sorted(
        {
            (float(r["longitude"]), float(r["latitude"]))
            for r in graph.query("municipalities", municipality=node).to_records()
            if r["latitude"] is not None and r["longitude"] is not None
        }
    )
    title = PLACE_TITLE[lang].format(data["label"])
    points = [MapPoint(lon, lat, data["label"]) for lon, lat in places]
    return {
        "lang": lang,
        "label": data["label"],
        "title": title,
        "svg": svg_map(points, title=title) if points else None,
    }


def _display(value: Any, term: Any = None, lang: PageLanguage = DEFAULT_LANGUAGE) -> str:
    """A literal as a reader of the page's language expects it: dates as 24.11.2020 (24 November
    2020), truth values as ja/nein (yes/no), numbers with the language's separators (3.124; 48,65
    in German, 3,124; 48.65 in English), a weekly frequency as "wöchentlich" ("weekly"); years and
    codes stay as written."""
    if isinstance(value, bool):
        return lang["yes"] if value else lang["no"]
    datatype = str(getattr(term, "datatype", "") or "")
    if (
        datatype.endswith("#gYearMonth")
        and isinstance(value, str)
        and len(value) >= 7
        and value[5:7].isdigit()
    ):
        return lang.month(value[:4], int(value[5:7]))
    if isinstance(value, datetime.datetime):
        return lang["at_time"].format(date=lang.date(value), clock=lang.clock(f"{value:%H:%M}"))
    if isinstance(value, datetime.date):
        if datatype.endswith("#gYear"):
            return f"{value:%Y}"
        if datatype.endswith("#gYearMonth"):
            return lang.month(value.year, value.month)
        return lang.date(value)
    if isinstance(value, datetime.timedelta) and not value.seconds and value.days:
        return lang["weekly"] if value.days == 7 else lang["every_days"].format(value.days)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return lang.number(int(value))
    if isinstance(value, int):
        return lang.number(value)
    if isinstance(value, float | Decimal):
        if "e" in repr(float(value)):
            return str(value)
        return lang.number(float(value)).rstrip("0").rstrip(lang.decimal)
    return str(value)


def _instant(pages: _PageData, iri: str, lang: PageLanguage) -> str:
    """A time:Instant in words: "Juli 2017", "24.11.2020", "2019" (July 2017, 24 November 2020)."""
    for p, o, _ in pages.rows(iri):
        if str(p).startswith(TIME + "inXSD"):
            return _display(python_value(o), o, lang)
    return shorten(iri)


def _inner_node(pages: _PageData, iri: str, lang: PageLanguage) -> str:
    """A node of an entity's own that is no entity, in words: a period as "Juli 2017 – Juni 2020",
    coordinates as "48,6576° N, 8,6123° O", an amount as "rund 800.000 EUR" (in English "July
    2017 – June 2020", "48.6576° N, 8.6123° E", "about EUR 800,000"), anything else as its
    statements."""
    inner = {str(p): o for p, o, _ in pages.rows(iri)}
    if TIME + "hasBeginning" in inner or TIME + "hasEnd" in inner:
        start = (
            _instant(pages, str(inner[TIME + "hasBeginning"]), lang)
            if TIME + "hasBeginning" in inner
            else "…"
        )
        end = _instant(pages, str(inner[TIME + "hasEnd"]), lang) if TIME + "hasEnd" in inner else "…"
        return f"{start} – {end}"
    lat, lon = inner.get(str(SCHEMA.latitude)), inner.get(str(SCHEMA.longitude))
    if lat is not None and lon is not None:
        la, lo = float(python_value(lat)), float(python_value(lon))
        return (
            f"{lang.number(abs(la), 4)}° {lang['north'] if la >= 0 else lang['south']}, "
            f"{lang.number(abs(lo), 4)}° {lang['east'] if lo >= 0 else lang['west']}"
        )
    amount = _amount(inner, lang)
    if amount:
        return amount
    said = {p: o for p, o in inner.items() if p != RDF_TYPE}
    if list(said) == ["https://schema.org/repeatFrequency"]:  # a schedule that says how often alone
        frequency = said["https://schema.org/repeatFrequency"]
        return _display(python_value(frequency), frequency, lang)
    parts = [
        f"{_property_words(pages.facts, p, lang)} {_display(python_value(o), o, lang)}"
        for p, o in inner.items()
        if p != RDF_TYPE
    ]
    return ", ".join(sorted(set(parts))) or shorten(iri)


def _amount(inner: dict[str, Any], lang: PageLanguage) -> str | None:
    """A schema:MonetaryAmount in words, the source's wording after it: "rund 800.000 EUR (laut
    Quelle: „…“)", "about EUR 800,000 (as the source says: “…”)"; None for any other node."""
    if str(inner.get(RDF_TYPE, "")) != "https://schema.org/MonetaryAmount":
        return None
    currency = str(inner.get("https://schema.org/currency", ""))
    for prop, bound in (("value", ""), ("maxValue", "at_most"), ("minValue", "at_least")):
        term = inner.get("https://schema.org/" + prop)
        if term is None:
            continue
        text = (
            lang["amount"].format(value=_display(python_value(term), term, lang), currency=currency).strip()
        )
        if bound:
            text = lang[bound].format(text)
        approximate = inner.get(str(KGO.approximate))
        if approximate is not None and python_value(approximate) is True:
            text = lang["about"].format(text)
        stated = inner.get(str(KGO.statedAs))
        if stated is not None:
            text += f" ({lang['stated'].format(stated)})"
        return text
    return None


def entity_rdf(graph: AnyGraph, entity: str) -> Graph:
    """What the sources state about ``entity``, with the nodes of its own it points to (its period,
    its coordinates), as one rdflib graph: the RDF an entity page offers."""
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns)
    todo, seen = [entity], set()
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for prop, value, _ in _fact_rows(graph, subject):
            out.add((URIRef(subject), prop, value))
            # a node minted under the entity's own IRI (…/period) belongs to it
            if isinstance(value, URIRef) and str(value).startswith(entity + "/"):
                todo.append(str(value))
    return out


def _fact_rows(graph: AnyGraph, entity: str) -> list[Any]:
    """(property, value, graph) terms of what the graphs state about ``entity``."""
    text = (SITE_QUERIES / "facts.rq").read_text(encoding="utf-8")
    return [tuple(r[1:]) for r in graph.query(text, entity=URIRef(entity)).rows]


__all__ = ["LANGUAGES", "PageLanguage", "SiteReport", "build_site", "entity_rdf", "event_jsonld", "page_path"]

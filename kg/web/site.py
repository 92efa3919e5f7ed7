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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from jinja2 import Environment
from markupsafe import Markup, escape
from rdflib import Graph, URIRef

from kg.errors import KGError
from kg.geo import MapPoint, svg_map
from kg.network.graph import ENTITY_TYPES, TYPES_BY_KEY, Facts, export, to_networkx
from kg.sparql.results import python_value
from kg.version import __version__
from kg.vocab import BASE, KGO, PREFIXES, RDF_TYPE, SCHEMA, shorten, unsafe_local_path
from kg.web.downloads import DESCRIPTIONS, write_dataset_files
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

FACT_WORDS = {
    str(SCHEMA.name): "Name",
    str(SCHEMA.alternateName): "anderer Name",
    str(SCHEMA.legalName): "amtlicher Name",
    str(SCHEMA.givenName): "Vorname",
    str(SCHEMA.familyName): "Nachname",
    str(SCHEMA.honorificPrefix): "Titel",
    str(SCHEMA.jobTitle): "Funktion",
    str(SCHEMA.url): "Website",
    str(SCHEMA.startDate): "Beginn",
    str(SCHEMA.endDate): "Ende",
    str(SCHEMA.description): "Beschreibung",
    str(SCHEMA.headline): "Überschrift",
    str(SCHEMA.eventAttendanceMode): "Teilnahmeform",
    str(SCHEMA.inLanguage): "Sprache",
    str(SCHEMA.geo): "Koordinaten",
    str(SCHEMA.latitude): "Breite",
    str(SCHEMA.longitude): "Länge",
    "http://www.w3.org/2004/02/skos/core#altLabel": "andere Schreibweise",
    str(SCHEMA.additionalType): "Art",
    str(SCHEMA.containedInPlace): "liegt in",
    str(SCHEMA.location): "Ort",
    str(SCHEMA.foundingDate): "Gründung",
    str(SCHEMA.parentOrganization): "übergeordnete Organisation",
    str(SCHEMA.funder): "Förderer",
    str(SCHEMA.subjectOf): "erwähnt in",
    str(SCHEMA.eventSchedule): "Terminplan",
    "https://schema.org/eventStatus": "Stand",
    str(SCHEMA.recordedIn): "Aufzeichnung",
    "http://purl.org/dc/terms/isPartOf": "Teil von",
    "http://purl.org/dc/terms/temporal": "Laufzeit",
}

MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
             "Oktober", "November", "Dezember")  # fmt: skip
TIME = "http://www.w3.org/2006/time#"

ENUM_WORDS = {
    str(SCHEMA.OnlineEventAttendanceMode): "online",
    str(SCHEMA.OfflineEventAttendanceMode): "vor Ort",
    str(SCHEMA.MixedEventAttendanceMode): "vor Ort und online",
    "https://schema.org/EventScheduled": "wie geplant",
    "https://schema.org/EventPostponed": "verschoben",
    "https://schema.org/EventCancelled": "abgesagt",
    "https://schema.org/EventRescheduled": "neu angesetzt",
    "https://schema.org/EventMovedOnline": "online verlegt",
}
"""schema.org enumeration members, in words."""

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


def page_path(node_key: str) -> str:
    """The page of an entity, relative to the site root: ``person/thomas-klie.html``.

    Only a key of safe segments has a page (``kg build`` lets no other IRI into dist/, but a
    dist/ may come from anywhere): a ``javascript:`` key would become a link that runs script, a
    ``..`` segment a file outside the site."""
    why = unsafe_local_path(node_key)
    if why or not node_key or ":" in node_key:
        raise KGError(
            f"the entity {node_key!r} has no safe page path ({why or 'not under the base namespace'}): "
            "the site is written from a dist/ `kg build` made, which refuses such IRIs"
        )
    return node_key + ".html"


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

    # Entity pages, each beside its own RDF (Turtle, JSON-LD).
    for node, data in full.nodes(data=True):
        path = page_path(data["key"])
        target = _inside(folder, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        own = entity_rdf(graph, node)
        own.serialize(target.with_suffix(".ttl"), format="turtle")
        own.serialize(target.with_suffix(".jsonld"), format="json-ld", context=dict(PREFIXES), indent=1)
        target.write_text(_entity_page(graph, facts, full, node, path, env), encoding="utf-8")

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
    for lang, prefix, other, other_label in (("de", "", "en/", "English"), ("en", "en/", "../", "Deutsch")):
        root = "../" if prefix else ""
        (folder / prefix).mkdir(exist_ok=True)
        links = {n: root + page_path(d["key"]) for n, d in collab.nodes(data=True)}
        groups = []
        for t in ENTITY_TYPES:
            members = sorted(
                (
                    {"label": d["label"], "href": root + page_path(d["key"])}
                    for _, d in full.nodes(data=True)
                    if d["type"] == t.key
                ),
                key=lambda e: e["label"].casefold(),
            )
            if members:
                groups.append({"label": t.de if lang == "de" else t.en.capitalize(), "entities": members})
        listed = [
            {"name": n, "what": getattr(DESCRIPTIONS[n], lang), "href": f"{root}downloads/{n}"}
            for n, _ in offered
            if n in DESCRIPTIONS
        ] + [{"name": n, "what": w, "href": f"{root}downloads/{n}"} for _, n, w in network_words[lang]]
        title = "Kommunen-KG: Wer arbeitet mit wem?" if lang == "de" else "Kommunen-KG: Who works with whom?"
        index = env.get_template("website/index.html").render(
            title=title,
            lang=lang,
            switch={
                "href": other + "index.html",
                "lang": "en" if lang == "de" else "de",
                "label": other_label,
            },
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
                title="Netzwerk" if lang == "de" else "Network",
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


def _property_words(facts: Facts, prop: str) -> str:
    de, _ = facts.property_labels.get(prop, ("", ""))
    if de:
        return de
    if prop in FACT_WORDS:
        return FACT_WORDS[prop]
    from kg.network.graph import RELATION_WORDS

    if prop in RELATION_WORDS:
        return RELATION_WORDS[prop][0]
    return shorten(prop)


def _concept_label(facts: Facts, iri: str) -> str | None:
    names = facts.names.get(iri, [])
    for prop, name, lang in sorted(names, key=lambda n: (n[2] != "de", n[0])):
        if prop.endswith("prefLabel") or lang == "de":
            return name
    return names[0][1] if names else None


def _entity_page(
    graph: AnyGraph, facts: Facts, full: nx.MultiDiGraph, node: str, path: str, env: Environment
) -> str:
    data = full.nodes[node]
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

    def link_to(iri: str) -> tuple[str, str | None, bool]:
        """(text, href, external) for an IRI value."""
        if iri in full:
            return full.nodes[iri]["label"], _rel(path, page_path(full.nodes[iri]["key"])), False
        label = _concept_label(facts, iri)
        if label:
            return label, None, False
        if iri in ENUM_WORDS:
            return ENUM_WORDS[iri], None, False
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
    for prop_term, term, graph_term in _fact_rows(graph, node):
        prop = str(prop_term)
        if prop in SKIPPED_FACTS:
            continue
        value = python_value(term)
        key = (prop, value.isoformat() if hasattr(value, "isoformat") else str(value))
        grouped[key].append(str(graph_term))
        kinds[key] = "iri" if isinstance(term, URIRef) else "literal"
        shown[key] = _display(value, term)
    facts_rows = []
    for (prop, value), graphs in sorted(
        grouped.items(), key=lambda kv: (_property_words(facts, kv[0][0]).casefold(), kv[0][1])
    ):
        row: dict[str, Any] = {"property": _property_words(facts, prop), "href": None, "external": False}
        if (
            kinds[(prop, value)] == "iri"
            and value.startswith(BASE)
            and value not in full
            and not _concept_label(facts, value)
        ):
            # A node of its own that is no entity (coordinates): show what it says inline.
            row["value"] = _inner_node(graph, facts, value)
        elif kinds[(prop, value)] == "iri":
            row["value"], row["href"], row["external"] = link_to(value)
        else:
            row["value"] = shown[(prop, value)]
        row["sources"] = [source_ref(g) for g in sorted(set(graphs))]
        facts_rows.append(row)
    for g, _, _ in facts.sources.get(node, []):
        source_ref(g)

    appearances = []
    for a in facts.appearances:
        if node not in (a["performer"], a["event"]):
            continue
        role = a["role_de"] or "Auftritt"

        def anchor(iri: str | None) -> Markup:
            if not iri:
                return Markup("")
            text, href, _ = link_to(iri)
            return Markup('<a href="{}">{}</a>').format(href, text) if href else escape(text)

        if a["performer"] == node:
            line = Markup("{} bei {}").format(role, anchor(a["event"]))
        else:
            line = Markup("{} als {}").format(anchor(a["performer"]), role)
        extra = []
        if a["project"]:
            extra.append(Markup("für {}").format(anchor(a["project"])))
        if a["affiliation"]:
            extra.append(Markup("Zugehörigkeit: {}").format(anchor(a["affiliation"])))
        if extra:
            line += Markup(" (") + Markup(", ").join(extra) + Markup(")")
        line += Markup(' <a href="#source-{}">[{}]</a>').format(
            source_ref(a["graph"])["n"], source_ref(a["graph"])["n"]
        )
        appearances.append(line)

    neighbours = []
    for u, v, d in sorted(full.in_edges(node, data=True), key=lambda e: e[0]) + sorted(
        full.out_edges(node, data=True), key=lambda e: e[1]
    ):
        other, words = (v, d["label_de"]) if u == node else (u, d["inverse_de"])
        item = {
            "words": words,
            "label": full.nodes[other]["label"],
            "href": _rel(path, page_path(full.nodes[other]["key"])),
            "type_label": full.nodes[other]["type_label"],
        }
        if item not in neighbours:
            neighbours.append(item)
    neighbours.sort(key=lambda n: (n["words"].casefold(), n["label"].casefold()))

    programme = []
    if data["type"] == "event":
        people: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for a in facts.appearances:
            text, href, _ = link_to(a["performer"])
            entry = {"name": text, "href": href, "role": a["role_de"] or ""}
            if entry not in people[a["event"]]:
                people[a["event"]].append(entry)
        seen_items = set()
        for r in _query(graph, "programme"):
            if r["event"] != node or r["item"] in seen_items:
                continue
            seen_items.add(r["item"])
            start, end = r["start"], r["end"]
            when = ""
            if start is not None:
                when = f"{start:%H:%M}" + (f"–{end:%H:%M}" if end is not None else "") + " Uhr"
            name, href, _ = link_to(r["item"])
            programme.append(
                {
                    "order": r["order"],
                    "when": when,
                    "name": name,
                    "href": href,
                    "people": people.get(r["item"], []),
                }
            )
        programme.sort(key=lambda row: (row["order"] is None, row["order"] or 0, row["when"]))

    ego_net = nx.MultiDiGraph(nx.ego_graph(full, node, radius=1, undirected=True))
    links = {n: _rel(path, page_path(full.nodes[n]["key"])) for n in ego_net}
    t = TYPES_BY_KEY[data["type"]]
    return env.get_template("website/entity.html").render(
        title=f"{data['label']} – Kommunen-KG",
        csp=CSP,
        root=root,
        version=__version__,
        library=library_tags("files", root + "assets/"),
        label=data["label"],
        iri=node,
        query_href=editor_href(entity_query(node), root=root),
        rdf={
            "ttl": posixpath.basename(path[:-5] + ".ttl"),
            "jsonld": posixpath.basename(path[:-5] + ".jsonld"),
        },
        type_label=t.de,
        facts=facts_rows,
        appearances=appearances,
        programme=programme,
        neighbours=neighbours,
        network=render_fragment(ego_net, height="420px", title=f"Netzwerk um {data['label']}", links=links),
        place_map=_place_map(graph, node, data),
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


def _number(value: float | int, digits: int | None = None) -> str:
    """A number as German readers write it: 3.124 and 48,6576."""
    text = f"{value:,}" if digits is None else f"{value:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _display(value: Any, term: Any = None) -> str:
    """A literal as a German reader expects it: dates as 24.11.2020, truth values as ja/nein,
    numbers with German separators (3.124; 48,65); years and codes stay as written."""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    datatype = str(getattr(term, "datatype", "") or "")
    if (
        datatype.endswith("#gYearMonth")
        and isinstance(value, str)
        and len(value) >= 7
        and value[5:7].isdigit()
    ):
        return f"{MONTHS_DE[int(value[5:7]) - 1]} {value[:4]}"
    if isinstance(value, datetime.datetime):
        return f"{value:%d.%m.%Y, %H:%M} Uhr"
    if isinstance(value, datetime.date):
        if datatype.endswith("#gYear"):
            return f"{value:%Y}"
        if datatype.endswith("#gYearMonth"):
            return f"{MONTHS_DE[value.month - 1]} {value:%Y}"
        return f"{value:%d.%m.%Y}"
    if isinstance(value, int):
        return _number(value)
    if isinstance(value, float):
        return _number(value).rstrip("0").rstrip(",") if "e" not in repr(value) else str(value)
    return str(value)


def _instant(graph: AnyGraph, iri: str) -> str:
    """A time:Instant in words: "Juli 2017", "24.11.2020", "2019"."""
    for p, o, _ in _fact_rows(graph, iri):
        if str(p).startswith(TIME + "inXSD"):
            return _display(python_value(o), o)
    return shorten(iri)


def _inner_node(graph: AnyGraph, facts: Facts, iri: str) -> str:
    """A node of an entity's own that is no entity, in words: a period as "Juli 2017 – Juni 2020",
    coordinates as "48,6576° N, 8,6123° O", anything else as its statements."""
    inner = {str(p): o for p, o, _ in _fact_rows(graph, iri)}
    if TIME + "hasBeginning" in inner or TIME + "hasEnd" in inner:
        start = _instant(graph, str(inner[TIME + "hasBeginning"])) if TIME + "hasBeginning" in inner else "…"
        end = _instant(graph, str(inner[TIME + "hasEnd"])) if TIME + "hasEnd" in inner else "…"
        return f"{start} – {end}"
    lat, lon = inner.get(str(SCHEMA.latitude)), inner.get(str(SCHEMA.longitude))
    if lat is not None and lon is not None:
        la, lo = float(python_value(lat)), float(python_value(lon))
        return f"{_number(abs(la), 4)}° {'N' if la >= 0 else 'S'}, {_number(abs(lo), 4)}° {'O' if lo >= 0 else 'W'}"
    parts = [
        f"{_property_words(facts, p)} {_display(python_value(o), o)}"
        for p, o in inner.items()
        if p != RDF_TYPE
    ]
    return ", ".join(sorted(set(parts))) or shorten(iri)


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


__all__ = ["SiteReport", "build_site", "entity_rdf", "event_jsonld", "page_path"]

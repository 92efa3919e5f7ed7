"""From RDF to networkx: the knowledge graph as a network of entities, in views for the picture.

Every fact comes from SPARQL on the store (the ``.rq`` files of ``kg/network/queries/``); this
module only decides what becomes a node and how edges are told. Nodes are entities (people,
organisations, projects, municipalities, events, programme items …) keyed by their IRI; role
nodes, literals, classes and SKOS concepts are never nodes: an appearance (a role node) is
folded into edges from its performer, and concepts become words on those edges.

Views:

``full``
    every entity and every link between two entities.
``collaboration``
    people, organisations, projects and municipalities; programme items are folded into
    "appeared together" edges between the people who appear in the same item.
``project-municipality``
    projects and the municipalities they work in (directly or through a member organisation).
"""

from __future__ import annotations

import ctypes
import gc
import json
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import networkx as nx
import pyoxigraph as ox

from kg.errors import KGError
from kg.sparql.entities import name_key
from kg.sparql.results import python_value
from kg.vocab import BASE, KGO, KINDS, ORG, PREFIXES, SCHEMA, EntityKind, expand, ox_to_rdflib, shorten

if TYPE_CHECKING:
    from kg.sparql.remote import RemoteGraph
    from kg.sparql.store import KnowledgeGraph

    AnyGraph = KnowledgeGraph | RemoteGraph
    """What the views read from: the embedded store or a remote one."""

NETWORK_QUERIES = Path(__file__).resolve().parent / "queries"
VIEWS = ("full", "collaboration", "project-municipality")
FORMATS = ("graphml", "gexf", "json")
"""The data formats of :func:`export`; ``kg network`` also writes ``html`` (:mod:`kg.web.viz`)."""


@dataclass(frozen=True)
class EntityType:
    """One kind of node: the entity kind of :mod:`kg.vocab` (key, class, names), and how the
    picture shows it."""

    kind: EntityKind
    color: str
    shape: str

    @property
    def key(self) -> str:
        return self.kind.key

    @property
    def cls(self) -> str:
        return self.kind.cls

    @property
    def de(self) -> str:
        return self.kind.de

    @property
    def en(self) -> str:
        return self.kind.en


# Colour and shape per entity kind, in legend order. Most specific first: an entity takes the
# first type whose class it belongs to (a project is also a schema:Organization, a programme
# item also a schema:Event).
_STYLES: dict[str, tuple[str, str]] = {
    "person": ("#d95f02", "dot"),
    "project": ("#1b9e77", "diamond"),
    "municipality": ("#7570b3", "triangle"),
    "funding": ("#666666", "square"),
    "organization": ("#386cb0", "square"),
    "item": ("#e6ab02", "triangleDown"),
    "series": ("#a6761d", "hexagon"),
    "event": ("#e7298a", "triangle"),
}
ENTITY_TYPES: tuple[EntityType, ...] = tuple(EntityType(KINDS[k], *style) for k, style in _STYLES.items())
TYPES_BY_KEY = {t.key: t for t in ENTITY_TYPES}

VIEW_TYPES: dict[str, frozenset[str]] = {
    "full": frozenset(TYPES_BY_KEY),
    "collaboration": frozenset({"person", "organization", "project", "municipality"}),
    "project-municipality": frozenset({"project", "municipality"}),
}

APPEARED_TOGETHER = "appeared-together"
"""The relation of two performers folded out of one programme item (not an RDF property)."""
SHARED = "shared"
"""Two kept nodes linked through a node a type filter left out (:func:`project_onto`)."""
VIA_MEMBER = "municipality-via-member"
"""A project reaches a municipality through a member organisation (project–municipality view)."""

# Words for relations the ontology does not label (schema.org and W3C ORG terms): forward
# (subject → object) and inverse (object → subject), German and English. Ontology labels win
# for the forward direction.
RELATION_WORDS: dict[str, tuple[str, str, str, str]] = {
    str(SCHEMA.member): ("hat Mitglied", "has member", "Mitglied von", "member of"),
    str(SCHEMA.affiliation): ("zugehörig zu", "affiliated with", "mit Zugehörigen", "has affiliate"),
    str(SCHEMA.worksFor): ("arbeitet für", "works for", "beschäftigt", "employs"),
    str(ORG.headOf): ("leitet", "heads", "geleitet von", "headed by"),
    str(SCHEMA.subEvent): ("hat Teil", "has part", "Teil von", "part of"),
    str(SCHEMA.superEvent): ("Teil von", "part of", "hat Teil", "has part"),
    str(SCHEMA.about): ("über", "about", "Thema von", "subject of"),
    str(SCHEMA.performer): ("Mitwirkende:r", "performer", "wirkt mit bei", "performs in"),
    str(KGO.statedAffiliation): (
        "genannte Zugehörigkeit",
        "stated affiliation",
        "genannte Zugehörigkeit von",
        "stated affiliation of",
    ),
    str(KGO.representsProject): ("vertritt Projekt", "represents project", "vertreten von", "represented by"),
    str(KGO.municipality): ("Kommune", "municipality", "Kommune von", "municipality of"),
    str(KGO.fundingMeasure): ("Fördermaßnahme", "funding measure", "fördert", "funds"),
    VIA_MEMBER: ("Kommune über Mitglied", "municipality via member", "Kommune von Mitglied", "via member of"),
}

# How explain() picks among parallel edges: the more telling relation first.
RELATION_RANK: tuple[str, ...] = (
    str(ORG.headOf),
    APPEARED_TOGETHER,
    str(SCHEMA.worksFor),
    str(SCHEMA.affiliation),
    str(KGO.representsProject),
    str(KGO.statedAffiliation),
    str(SCHEMA.member),
    str(KGO.municipality),
    str(KGO.appearance),
)


@cache
def network_query(name: str) -> str:
    """The text of one query of ``kg/network/queries/``."""
    return (NETWORK_QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def _table(
    graph: AnyGraph,
    name: str,
    columns: Sequence[str],
    where: Callable[[tuple[Any, ...]], bool] | None = None,
) -> list[tuple[Any, ...]]:
    """The answer of one query as tuples of plain values (IRIs as strings), in ``columns`` order.

    From the embedded store, straight from its solutions: each distinct term converted once and
    shared by every row it recurs in, no row dictionaries (a third of the view's time and much of
    its memory at a million statements went into them). Other graphs answer through ``query``.
    """
    from kg.sparql.store import KnowledgeGraph

    text = network_query(name)
    if not isinstance(graph, KnowledgeGraph):
        rows = [tuple(r[c] for c in columns) for r in graph.query(text).to_records()]
        return rows if where is None else [r for r in rows if where(r)]
    answer = graph.store.query(text, prefixes=PREFIXES, base_iri=BASE)
    assert isinstance(answer, ox.QuerySolutions)
    names = [v.value for v in answer.variables]
    pick = [names.index(c) for c in columns]
    seen: dict[Any, Any] = {}

    def value(t: Any) -> Any:
        if t is None:
            return None
        done = seen.get(t)
        if done is None:
            # as QueryResult.to_records reads it: IRIs and strings as str, other literals typed
            if isinstance(t, ox.NamedNode) or (
                isinstance(t, ox.Literal) and (t.language or t.datatype == _STRING)
            ):
                done = seen[t] = t.value
            else:
                done = seen[t] = python_value(ox_to_rdflib(t))
        return done

    if pick == list(range(len(names))):
        found = (tuple(map(value, sol)) for sol in answer)
    else:
        found = (tuple(value(sol[i]) for i in pick) for sol in answer)
    # rows the caller does not keep are let go as they come (memory at a million statements)
    rows = list(found) if where is None else [r for r in found if where(r)]
    del answer, found
    _give_back_freed_memory()
    return rows


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # not glibc
        return None


def _give_back_freed_memory() -> None:
    """Hand the memory a finished query freed back to the system (glibc's ``malloc_trim``).

    The store evaluates a query in memory it takes from the C heap and frees at the end; glibc
    keeps that memory for the heap while Python's own objects live in memory mapped apart (its
    arenas), so the network built next cannot reuse it: at a million statements the view's peak
    was 110 MB higher without this. Elsewhere than glibc nothing is done."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")

_NAME_ORDER = {
    str(SCHEMA.name): 0,
    "http://www.w3.org/2004/02/skos/core#prefLabel": 1,
    "http://www.w3.org/2000/01/rdf-schema#label": 2,
    str(SCHEMA.alternateName): 3,
    "http://www.w3.org/2004/02/skos/core#altLabel": 4,
}


def _pick_label(names: Sequence[tuple[str, str, str]], lang: str = "de") -> str | None:
    """The best name of an entity: schema:name in ``lang``, else untagged, else any; then labels."""
    if not names:
        return None
    if len(names) == 1:
        return names[0][1]
    langs = {lang: 0, "": 1}
    return min(names, key=lambda n: (_NAME_ORDER.get(n[0], 9), langs.get(n[2], 2), n[1]))[1]


class Relation(NamedTuple):
    """One statement linking two IRIs, and the source graph stating it."""

    subject: str
    relation: str
    object: str
    graph: str


@dataclass
class Facts:
    """Everything the views are made of, read once from the store.

    ``Facts.read(graph)`` reads everything, for every view and the site's pages;
    ``Facts.read(graph, view)`` only what that view draws (:attr:`view`): the relations of its
    own kinds and the source graphs of its own nodes, where the view has fewer kinds than the
    graph (the collaboration view)."""

    types: dict[str, str]
    """entity IRI → type key"""
    labels: dict[str, str]
    """entity IRI → German label"""
    names: dict[str, list[tuple[str, str, str]]]
    """entity IRI → (property, name, language) of every name it carries"""
    sources: dict[str, list[tuple[str, str, str]]]
    """entity IRI → (graph, source address, title) of each graph describing it"""
    relations: list[Relation]
    appearances: list[dict[str, Any]]
    property_labels: dict[str, tuple[str, str]]
    view: str | None = None
    """the one view these facts were read for, or ``None``: every view"""

    @classmethod
    def read(cls, graph: AnyGraph, view: str | None = None) -> Facts:
        if view is not None and view not in VIEWS:
            raise KGError(f"unknown view '{view}'; choose one of {', '.join(VIEWS)}")
        # only the collaboration view has a query of its own kinds' relations (kinds-relations.rq)
        narrow = view if view == "collaboration" else None
        # an entity takes the first type whose class it belongs to: the lowest rank found
        rank: dict[str, int] = {}
        for i, t in enumerate(ENTITY_TYPES):
            rank.setdefault(t.cls, i)
        ranks: dict[str, int] = {}
        for entity, cls_ in _table(graph, "entity-classes", ("entity", "class")):
            r = rank.get(cls_)
            if r is not None and r < ranks.get(entity, len(rank)):
                ranks[entity] = r
        types = {entity: ENTITY_TYPES[r].key for entity, r in ranks.items()}
        del ranks
        names: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for entity, prop, name, lang in _table(graph, "names", ("entity", "property", "name", "lang")):
            names[entity].append((prop, str(name), lang or ""))
        labels = {entity: _pick_label(names.get(entity, ())) or shorten(entity) for entity in types}
        keep = VIEW_TYPES[narrow] if narrow else None
        if keep is not None:  # the view's nodes' names; the others are needed only for labels
            names = defaultdict(list, {e: n for e, n in names.items() if types.get(e) in keep})
        # which graph describes what, joined here with the source graphs' addresses: the join
        # in SPARQL took ten times as long as the two answers at a million statements
        about: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for g, src, title in _table(graph, "graph-sources", ("graph", "source", "title")):
            about[g].append((src or "", title or ""))
        sources: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for entity, g in _table(graph, "entity-graphs", ("entity", "graph")):
            if g in about and entity != g and (keep is None or types.get(entity) in keep):
                sources[entity] += [(g, src, title) for src, title in about[g]]
        for entries in sources.values():
            entries.sort()
        cols = ("subject", "relation", "object", "graph")
        if keep is None:
            rows = _table(graph, "relations", cols)
        else:
            # what the view draws: links between its nodes, and the affiliations its nodes tell
            # (a subject of two of the kinds' classes comes twice)
            nodes = {e for e, t in types.items() if t in keep}
            told = (str(SCHEMA.affiliation), str(SCHEMA.worksFor))
            rows = list(
                dict.fromkeys(
                    _table(
                        graph,
                        "kinds-relations",
                        cols,
                        where=lambda r: r[0] in nodes and (r[2] in nodes or r[1] in told),
                    )
                )
            )
        rows.sort()
        relations = [Relation(*r) for r in rows]
        del rows
        plabels = {
            p: (de or "", en or "")
            for p, de, en in _table(graph, "property-labels", ("property", "label_de", "label_en"))
        }
        acols: tuple[str, ...] = ("appearance", "performer", "event", "role", "role_de", "role_en")
        acols += ("affiliation", "project", "graph")
        # Role concepts are labelled too (skos:prefLabel), read by the appearances query.
        return cls(
            types=types,
            labels=labels,
            names=dict(names),
            sources=dict(sources),
            relations=relations,
            appearances=[dict(zip(acols, r, strict=True)) for r in _table(graph, "appearances", acols)],
            property_labels=plabels,
            view=narrow,
        )

    def relation_words(self, relation: str) -> tuple[str, str, str, str]:
        """(German, English, inverse German, inverse English) words for a relation."""
        de, en = self.property_labels.get(relation, ("", ""))
        fallback = RELATION_WORDS.get(relation)
        if fallback:
            return (de or fallback[0], en or fallback[1], fallback[2], fallback[3])
        short = shorten(relation)
        return (de or short, en or short, f"← {de or short}", f"← {en or short}")


def to_networkx(
    graph: AnyGraph | Facts,
    view: str = "full",
    types: Iterable[str] | None = None,
) -> nx.MultiDiGraph:
    """The knowledge graph as a networkx multigraph (directed as the RDF statements run).

    ``view`` is ``"full"``, ``"collaboration"`` or ``"project-municipality"``; ``types`` keeps only
    nodes of those type keys (``person``, ``organization``, ``project``, ``municipality``,
    ``funding``, ``event``, ``item``, ``series``) or their German names.

    Node attributes: ``type``, ``type_label`` (German), ``label`` (German name), ``iri``, ``key``
    (``person/thomas-klie``), ``sources`` (graph IRIs), ``source_urls`` (their addresses),
    ``roles`` and ``affiliation`` (words for tooltips). Edge attributes: ``relation``,
    ``label``/``label_de``, ``label_en``, ``inverse_de``, ``inverse_en``, ``sources``.
    """
    if view not in VIEWS:
        raise KGError(f"unknown view '{view}'; choose one of {', '.join(VIEWS)}")
    with _without_gc():
        return _to_networkx(graph, view, types)


@contextmanager
def _without_gc() -> Iterator[None]:
    """Python's cycle collector paused: the view makes a few million objects and no cycles, and
    each collection walks them all again (a fifth of the view's time at a million statements)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _to_networkx(graph: AnyGraph | Facts, view: str, types: Iterable[str] | None) -> nx.MultiDiGraph:
    facts = graph if isinstance(graph, Facts) else Facts.read(graph, view)
    if facts.view is not None and facts.view != view:
        raise KGError(f"these facts were read for the {facts.view} view only: Facts.read(graph) reads all")
    if types is not None:
        wanted = {_type_key(t) for t in types}
        whole = _to_networkx(facts, view, None)
        return project_onto(whole, {n for n, d in whole.nodes(data=True) if d["type"] in wanted})
    # the facts read here are let go before networkx holds the network (memory at scale)
    nodes, edges = _gather(facts, view)
    del facts
    g = nx.MultiDiGraph(view=view)
    # networkx copies each attribute dictionary: ours are let go one by one, not all at the end
    g.add_nodes_from((n, nodes.pop(n)) for n in list(nodes))
    g.add_edges_from((*e, edges.pop(e)) for e in list(edges))
    return g


def _gather(
    facts: Facts, view: str
) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str, str], dict[str, Any]]]:
    """The nodes and edges of a view with their attributes, in the order they are first met (so
    networkx's own order, given them in bulk, is as if each was added in turn)."""
    keep = set(VIEW_TYPES[view])
    labels = facts.labels
    roles: dict[str, list[str]] = defaultdict(list)
    roles_en: dict[str, list[str]] = defaultdict(list)
    affiliations: dict[str, set[str]] = defaultdict(set)
    for a in facts.appearances:
        where = labels.get(a["event"], shorten(a["event"]))
        if a["role_de"]:
            roles[a["performer"]].append(f"{a['role_de']}: {where}")
            roles_en[a["performer"]].append(f"{a['role_en'] or a['role_de']}: {where}")
        if a["affiliation"]:
            affiliations[a["performer"]].add(labels.get(a["affiliation"], a["affiliation"]))
    told = (str(SCHEMA.affiliation), str(SCHEMA.worksFor))
    for r in facts.relations:
        if r.relation in told:
            affiliations[r.subject].add(labels.get(r.object, r.object))
    address = {name: src for entries in facts.sources.values() for name, src, _ in entries if src}
    # Nodes and edges are gathered in plain dictionaries and handed to networkx in bulk, in the
    # order they were first met (so networkx's own order is as if added one by one).
    nodes: dict[str, dict[str, Any]] = {}
    for entity, key in sorted(facts.types.items()):
        if key not in keep:
            continue
        graphs = sorted({s[0] for s in facts.sources.get(entity, ())})
        nodes[entity] = {
            "iri": entity,
            "key": entity[len(BASE) :] if entity.startswith(BASE) else entity,
            "type": key,
            "type_label": TYPES_BY_KEY[key].de,
            "label": labels[entity],
            "names": sorted({n for _, n, _ in facts.names.get(entity, ())}),
            "sources": graphs,
            "source_urls": sorted({address[name] for name in graphs if name in address}),
            "roles": roles.get(entity, []),
            "roles_en": roles_en.get(entity, []),
            "affiliation": sorted(affiliations.get(entity, ())),
        }
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    stated: dict[tuple[str, str, str], Iterable[str]] = {}
    words_of: dict[str, tuple[str, str, str, str]] = {}

    def add(u: str, v: str, relation: str, sources: Iterable[str], **extra: Any) -> None:
        if u == v or u not in nodes or v not in nodes:
            return
        key = extra.pop("edge_key", relation)
        edge = (u, v, key)
        told = stated.get(edge)
        if told is not None:  # most edges are stated once: a set only for those stated again
            if not isinstance(told, set):
                told = stated[edge] = set(told)
            told.update(sources)
            return
        words = extra.pop("words", None)
        if words is None:
            words = words_of.get(relation) or words_of.setdefault(relation, facts.relation_words(relation))
        de, en, ide, ien = words
        stated[edge] = sources
        edges[edge] = {
            "relation": relation,
            "label": de,
            "label_de": de,
            "label_en": en,
            "inverse_de": ide,
            "inverse_en": ien,
            "sources": None,
            **extra,
        }

    # each statement once, with every graph stating it, in the order of the statements
    for (subject, relation, obj), rows in groupby(sorted(facts.relations), key=lambda r: r[:3]):
        add(subject, obj, relation, {r.graph for r in rows})

    # Appearances (role nodes) folded into edges from their performer.
    in_event: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for a in facts.appearances:
        who, where = a["performer"], a["event"]
        role_de, role_en = a["role_de"] or "Auftritt", a["role_en"] or "appearance"
        add(
            who,
            where,
            str(KGO.appearance),
            [a["graph"]],
            words=(f"{role_de} bei", f"{role_en} in", f"mit {role_de}", f"with {role_en}"),
            edge_key=f"appearance:{a['role'] or ''}",
            role=a["role"] or "",
        )
        for target, relation in (
            (a["affiliation"], KGO.statedAffiliation),
            (a["project"], KGO.representsProject),
        ):
            if target:
                add(who, target, str(relation), [a["graph"]], event=where)
        in_event[where].setdefault(who, a)
    if view == "collaboration":
        for where, performers in sorted(in_event.items()):
            people = sorted(p for p in performers if p in nodes)
            for i, u in enumerate(people):
                for v in people[i + 1 :]:
                    au, av = performers[u], performers[v]
                    same = au["role"] == av["role"] and au["role_de"]
                    words = (
                        (f"{au['role_de']} mit", f"{au['role_en']} with") * 2
                        if same
                        else ("gemeinsam aufgetreten mit", "appeared with") * 2
                    )
                    add(
                        u,
                        v,
                        APPEARED_TOGETHER,
                        {au["graph"], av["graph"]},
                        words=words,
                        edge_key=f"{APPEARED_TOGETHER}:{where}",
                        event=where,
                        event_label=labels.get(where, where),
                    )
    if view == "project-municipality":
        member_of: dict[str, set[tuple[str, str]]] = defaultdict(set)
        acts_in: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for r in facts.relations:
            if r.relation == str(SCHEMA.member):
                member_of[r.subject].add((r.object, r.graph))
            elif r.relation == str(KGO.municipality):
                acts_in[r.subject].add((r.object, r.graph))
        for project in sorted(member_of):
            for member, g1 in sorted(member_of[project]):
                for place, g2 in sorted(acts_in.get(member, ())):
                    add(
                        project,
                        place,
                        VIA_MEMBER,
                        {g1, g2},
                        edge_key=f"{VIA_MEMBER}:{member}",
                        via=member,
                        via_label=labels.get(member, member),
                    )
    for edge, data in edges.items():
        data["sources"] = sorted(set(stated[edge]))
    return nodes, edges


def project_onto(net: nx.MultiDiGraph, keep: Iterable[str]) -> nx.MultiDiGraph:
    """The network of the ``keep`` nodes, with the links they share through the others: direct
    edges between kept nodes stay, and two kept nodes next to one dropped node are linked through
    it (relation :data:`SHARED`, ``via`` the dropped node), as a bipartite graph is projected.
    So ``types=["person"]`` gives the people, linked by the items, projects and organisations
    they have in common."""
    kept = set(keep)
    out = nx.MultiDiGraph(_induced(net, kept))
    for middle in sorted(set(net) - kept):
        around = sorted(n for n in nx.all_neighbors(net, middle) if n in kept)
        label = net.nodes[middle].get("label", middle)
        sources = sorted(
            {s for u, v, d in net.edges(middle, data=True) for s in d.get("sources", [])}
            | {s for u, v, d in net.in_edges(middle, data=True) for s in d.get("sources", [])}
        )
        for i, u in enumerate(around):
            for v in around[i + 1 :]:
                out.add_edge(
                    u,
                    v,
                    key=f"{SHARED}:{middle}",
                    relation=SHARED,
                    label=f"verbunden über {label}",
                    label_de=f"verbunden über {label}",
                    label_en=f"connected through {label}",
                    inverse_de=f"verbunden über {label}",
                    inverse_en=f"connected through {label}",
                    via=middle,
                    via_label=label,
                    sources=sources,
                )
    return out


def _induced(net: nx.Graph, nodes: set[Any]) -> nx.Graph:
    """The subgraph of ``net`` on ``nodes`` in ``net``'s order: ``net.subgraph`` iterates the set it
    is given, in an order that changes with every process's string hash."""
    out = net.__class__(**net.graph)
    out.add_nodes_from((n, d) for n, d in net.nodes(data=True) if n in nodes)
    edges = net.edges(keys=True, data=True) if net.is_multigraph() else net.edges(data=True)
    out.add_edges_from(e for e in edges if e[0] in nodes and e[1] in nodes)
    return out


def _type_key(name: str) -> str:
    low = name.strip().lower()
    for t in ENTITY_TYPES:
        if low in (t.key, t.de.lower(), t.en.lower(), t.key + "s"):
            return t.key
    if low == "organisation":
        return "organization"
    choices = ", ".join(t.key for t in ENTITY_TYPES)
    raise KGError(f"unknown entity type '{name}'; choose among {choices}")


def ego(
    graph: KnowledgeGraph | nx.Graph,
    entity: str,
    depth: int = 1,
    *,
    view: str = "full",
    types: Iterable[str] | None = None,
) -> nx.MultiDiGraph:
    """The network within ``depth`` steps of ``entity`` (an IRI, ``person/x`` or a name),
    following edges in both directions; ``types`` filters the nodes kept (the centre stays), linked
    through the nodes left out (:func:`project_onto`)."""
    net = graph if isinstance(graph, nx.Graph) else to_networkx(graph, view)
    centre = resolve_node(net, entity)
    sub = _induced(net, set(nx.ego_graph(net, centre, radius=depth, undirected=True)))
    if types is not None:
        wanted = {_type_key(t) for t in types}
        return project_onto(
            nx.MultiDiGraph(sub), [n for n, d in sub.nodes(data=True) if d["type"] in wanted or n == centre]
        )
    return nx.MultiDiGraph(sub)


def resolve_node(net: nx.Graph, text: str) -> str:
    """The node meant by an IRI (``person/birgit-boehm``, ``kg:…``, full) or by a name.

    Names match every name the node carries (schema:name, alternate names, skos:altLabel),
    ignoring case, titles and the spelling of umlauts (:func:`kg.sparql.entities.name_key`, as a
    query parameter given by name); a unique part of a name is enough.
    """
    if text in net:
        return text
    if "/" in text or ":" in text:
        iri = expand(text)
        if iri in net:
            return iri
    want = name_key(text)
    # Tiers, best first: the label itself, any name, part of the label, part of any name.
    tiers: list[set[str]] = [set(), set(), set(), set()]
    for node, data in net.nodes(data=True):
        label = name_key(str(data.get("label", "")))
        names = [name_key(str(n)) for n in data.get("names", [])]
        if label == want:
            tiers[0].add(node)
        elif want in names:
            tiers[1].add(node)
        elif want and want in label:
            tiers[2].add(node)
        elif want and any(want in n for n in names):
            tiers[3].add(node)
    found = next((t for t in tiers if t), set())
    if len(found) == 1:
        return next(iter(found))
    if not found:
        raise KGError(f"no entity called '{text}': give an IRI like person/thomas-klie or a name")
    shown = sorted(found)[:6]
    options = "; ".join(f"{net.nodes[n]['label']} ({net.nodes[n]['key']})" for n in shown)
    more = f" and {len(found) - len(shown)} more" if len(found) > len(shown) else ""
    raise KGError(f"'{text}' could mean several entities: {options}{more}; give the IRI")


# ---------------------------------------------------------------- exports


def _flat(net: nx.Graph) -> nx.Graph:
    """A copy whose attributes are strings or numbers (GraphML and GEXF take no lists)."""
    out = net.copy()

    def flat(v: Any) -> Any:
        if isinstance(v, list | tuple | set):
            return "; ".join(str(x) for x in v)
        return v

    for _, d in out.nodes(data=True):
        for k in list(d):
            if k != "viz":  # GEXF's drawing attributes, a dict networkx writes itself
                d[k] = flat(d[k])
    for *_, d in out.edges(data=True, keys=True) if out.is_multigraph() else out.edges(data=True):
        for k in list(d):
            d[k] = flat(d[k])
    out.graph = {k: flat(v) for k, v in out.graph.items()}
    return out


def node_link(net: nx.Graph) -> dict[str, Any]:
    """The network as node-link JSON (``nodes``, ``edges``) for custom front ends."""
    return nx.node_link_data(net, edges="edges")


def simple_graph(net: nx.Graph) -> nx.Graph:
    """The undirected simple graph of a network, as Gephi users expect it: one edge per pair of
    nodes, its ``weight`` the number of relations between them and its ``label`` their words."""
    out = nx.Graph()
    out.graph.update(net.graph)
    out.add_nodes_from(net.nodes(data=True))
    for u, v, d in net.edges(data=True):
        if u == v:
            continue
        text = str(d.get("label", d.get("relation", "")))
        if out.has_edge(u, v):
            e = out.edges[u, v]
            e["weight"] += 1
            if text not in e["labels"]:
                e["labels"].append(text)
            e["relations"] = sorted(set(e["relations"]) | {str(d.get("relation", ""))})
            e["sources"] = sorted(set(e["sources"]) | set(d.get("sources", [])))
        else:
            out.add_edge(
                u,
                v,
                weight=1,
                labels=[text],
                relations=[str(d.get("relation", ""))],
                sources=sorted(d.get("sources", [])),
            )
    for _, _, e in out.edges(data=True):
        e["label"] = "; ".join(e.pop("labels"))
    return out


def _rgb(colour: str) -> dict[str, int]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16), "a": 1}


def with_drawing(net: nx.Graph, *, seed: int = 7) -> nx.Graph:
    """A copy whose nodes carry how to draw them: ``color`` (of their type), ``size`` (by degree),
    ``x``/``y`` (:func:`kg.network.layout.precompute_layout`), and in GEXF's ``viz`` namespace."""
    from kg.network.layout import precompute_layout

    out = net.copy()
    pos = precompute_layout(net, seed=seed)
    for n, d in out.nodes(data=True):
        t = TYPES_BY_KEY.get(d.get("type", ""), TYPES_BY_KEY["organization"])
        degree = len(set(nx.all_neighbors(net, n)) - {n})
        size = round(6 + 4 * degree**0.5, 2)
        x, y = pos.get(n, (0.0, 0.0))
        d.update(color=t.color, size=size, x=x, y=y, degree=degree)
        d["viz"] = {"color": _rgb(t.color), "size": size, "position": {"x": x, "y": -y, "z": 0.0}}
    return out


def export(net: nx.Graph, fmt: str, path: str | Path | None = None, *, multigraph: bool = False) -> str:
    """The network as GraphML, GEXF or node-link JSON (the HTML page is
    :func:`kg.web.viz.export_network`'s: drawing belongs to the web room).

    By default a simple undirected graph (:func:`simple_graph`: one weighted edge per pair),
    each node with colour, size and position (:func:`with_drawing`; GEXF's ``viz:`` attributes);
    ``multigraph=True`` keeps every relation as a directed edge of its own. Writes ``path`` when
    given; returns the text either way.
    """
    if fmt not in FORMATS:
        raise KGError(f"unknown network format '{fmt}'; choose one of {', '.join(FORMATS)}")
    # a network that is simple already (kg.series_network) keeps its own weights
    shaped = with_drawing(net if multigraph or not net.is_multigraph() else simple_graph(net))
    if fmt == "graphml":
        plain = _flat(shaped)
        for _, d in plain.nodes(data=True):
            d.pop("viz", None)
        text = "\n".join(nx.generate_graphml(plain)) + "\n"
    elif fmt == "gexf":
        text = "\n".join(nx.generate_gexf(_flat(shaped))) + "\n"
    else:
        for _, d in shaped.nodes(data=True):
            d.pop("viz", None)
        text = json.dumps(node_link(shaped), ensure_ascii=False, indent=1) + "\n"
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(text, encoding="utf-8")
    return text


# ---------------------------------------------------------------- synthetic networks


def synthetic_network(n_nodes: int, *, seed: int = 7) -> nx.MultiDiGraph:
    """A made-up collaboration network of ``n_nodes`` nodes shaped like the real one, for
    benchmarks and scale tests: projects with members, people affiliated with organisations,
    people who appeared together, projects working in municipalities. Labels say "Synthetisch"."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph(view="synthetic")
    n_projects = max(1, n_nodes // 20)
    n_places = max(1, n_nodes // 25)
    n_orgs = max(1, n_nodes // 8)
    n_people = max(1, n_nodes - n_projects - n_places - n_orgs)

    def node(kind: str, i: int) -> str:
        iri = f"{BASE}synthetic/{kind}/{i}"
        t = TYPES_BY_KEY[kind]
        g.add_node(
            iri,
            iri=iri,
            key=f"synthetic/{kind}/{i}",
            type=kind,
            type_label=t.de,
            label=f"Synthetisch {t.de} {i}",
            names=[],
            sources=[],
            source_urls=[],
            roles=[],
            affiliation=[],
        )
        return iri

    projects = [node("project", i) for i in range(n_projects)]
    places = [node("municipality", i) for i in range(n_places)]
    orgs = [node("organization", i) for i in range(n_orgs)]
    people = [node("person", i) for i in range(n_people)]

    def edge(u: str, v: str, relation: str) -> None:
        de, en, ide, ien = RELATION_WORDS.get(relation, (relation,) * 4)
        g.add_edge(u, v, key=relation, relation=relation, label=de, label_de=de, label_en=en,
                   inverse_de=ide, inverse_en=ien, sources=[])  # fmt: skip

    for i, p in enumerate(projects):
        edge(p, places[i % n_places], str(KGO.municipality))
        edge(p, orgs[rng.randrange(n_orgs)], str(SCHEMA.member))
    teams: dict[str, list[str]] = defaultdict(list)
    for person in people:
        project = projects[rng.randrange(n_projects)]
        teams[project].append(person)
        edge(project, person, str(SCHEMA.member))
        edge(person, orgs[rng.randrange(n_orgs)], str(SCHEMA.affiliation))
    for team in teams.values():
        for _ in range(len(team) // 3):
            u, v = rng.sample(team, 2) if len(team) > 1 else (team[0], team[0])
            if u != v:
                edge(u, v, APPEARED_TOGETHER)
    for org in orgs:
        edge(org, places[rng.randrange(n_places)], str(KGO.municipality))
    return g


__all__ = [
    "ENTITY_TYPES",
    "FORMATS",
    "SHARED",
    "VIEWS",
    "EntityType",
    "Facts",
    "Relation",
    "ego",
    "export",
    "node_link",
    "project_onto",
    "resolve_node",
    "simple_graph",
    "synthetic_network",
    "to_networkx",
    "with_drawing",
]

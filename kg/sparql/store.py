"""The embedded store: the built dataset loaded into pyoxigraph, queried through one interface.

pyoxigraph answers SPARQL; rdflib stays the object model users hold, so
:meth:`KnowledgeGraph.dataset` hands out an ``rdflib.Dataset`` when a notebook wants one.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, URIRef

from kg.dist.manifest import open_verified
from kg.errors import QueryError
from kg.project import Project
from kg.sparql.entities import check_bound_values, resolve_entity
from kg.sparql.merge import materialise_default_graph
from kg.sparql.named import coerce_bindings, resolve_query, syntax_error_message
from kg.sparql.results import QueryResult
from kg.sparql.text import bind_values, star_order, unknown_prefix_message
from kg.vocab import BASE, GRAPH_BASE, PREFIXES, Term, ox_to_rdflib, rdflib_to_ox


@dataclass(frozen=True)
class Stats:
    """Counts per type and per source graph."""

    types: list[tuple[str, int]]
    graphs: list[tuple[str, str, int]]

    def __str__(self) -> str:
        from kg.vocab import shorten

        w = max([len(shorten(t)) for t, _ in self.types] + [4])
        out = ["entities per type", f"{'type'.ljust(w)}  count", f"{'-' * w}  -----"]
        out += [f"{shorten(t).ljust(w)}  {n:>5}" for t, n in self.types]
        g = max([len(name) for name, _, _ in self.graphs] + [5])
        out += [
            "",
            "statements per source graph",
            f"{'graph'.ljust(g)}  {'count':>5}  source",
            f"{'-' * g}  -----  ------",
        ]
        out += [f"{name.ljust(g)}  {n:>5}  {src}" for name, src, n in self.graphs]
        return "\n".join(out) + "\n"

    def to_dataframes(self) -> tuple[Any, Any]:
        import pandas as pd

        return (
            pd.DataFrame(self.types, columns=["type", "count"]),
            pd.DataFrame(self.graphs, columns=["graph", "source", "statements"]),
        )


class KnowledgeGraph:
    """The knowledge graph in pyoxigraph: a query without ``GRAPH`` sees the RDF merge of the
    source graphs (each distinct triple once, :mod:`kg.sparql.merge`), ``GRAPH`` patterns reach
    each source graph.

    The merge is stored as the store's default graph when the graph is made (the store's own
    default-graph triples, if any, stay in it); :meth:`__len__` counts the statements as loaded.
    """

    def __init__(self, store: ox.Store, origin: str = "memory") -> None:
        self.store = store
        self.origin = origin
        self._statements = len(store)
        self._own_default = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None)
        materialise_default_graph(store)

    @classmethod
    def from_dist(
        cls,
        dist: str | os.PathLike[str] | None = None,
        *,
        project: Project | str | os.PathLike[str] | None = None,
    ) -> KnowledgeGraph:
        """Load ``dist/kg.nq`` into an in-memory store, once it is verified against the manifest
        (complete, every hash as built): any ``dist/`` will do, copied or not, with or without the
        sources it was built from."""
        if dist is None:
            proj = project if isinstance(project, Project) else Project.discover(project)
            folder = proj.dist_dir
        else:
            folder = Path(dist)
        store = ox.Store()
        # lenient: dist/ is the build's own validated output, so the parser may skip re-checking
        # every IRI and language tag (a quarter of the load time at a million statements).
        # load, not bulk_load: into memory it is as fast or faster and peaks at 415 MB instead of
        # 640 MB for a million statements (bulk_load pays off for on-disk stores)
        # from the very handle whose bytes were hashed: what loads is what was verified
        with open_verified(folder, "kg.nq") as (nquads, _):
            store.load(input=nquads, format=ox.RdfFormat.N_QUADS, lenient=True)
        return cls(store, str(folder))

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> KnowledgeGraph:
        """Load any RDF dataset file (N-Quads, TriG, Turtle …) into an in-memory store."""
        store = ox.Store()
        store.bulk_load(path=Path(path))
        return cls(store, str(path))

    def __len__(self) -> int:
        """The statements as loaded: each source graph's, the merge not counted again."""
        return self._statements

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {len(self)} statements from {self.origin}>"

    def query(self, query: str, /, *, union: bool = True, **bindings: Any) -> QueryResult:
        """Run SPARQL (text, a ``.rq`` file or the name of a named query) with values bound.

        Without ``GRAPH`` the query sees the merge of the source graphs; ``union=False`` gives it
        an empty default graph instead (only ``GRAPH`` patterns match).

        ``kg.load().query("entity", entity="person/thomas-klie")`` binds ``?entity`` to the IRI.
        A value enters the query only as an escaped RDF term in a ``VALUES`` row, so it can never
        change the query's structure.
        """
        text, named = resolve_query(query)
        by_name: dict[str, str] = {}
        terms = coerce_bindings(named, bindings, _resolver(self.query, by_name) if named else None)
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): rdflib_to_ox(v) for k, v in terms.items()
        }

        def run(text: str, substitutions: dict[ox.Variable, Any] | None = None) -> Any:
            return self.store.query(
                text,
                substitutions=substitutions,
                base_iri=BASE,
                prefixes=PREFIXES,
                **self._dataset_options(union),
            )

        try:
            try:
                # bound values as a VALUES row opening the WHERE pattern: the planner starts from
                # them (substitutions are planned before the values are known: a full scan)
                bound = bind_values(text, terms) if terms and not _has_blank(terms) else None
            except QueryError:
                bound = None
            if bound is None:
                answer = run(text, subs or None)
            else:
                try:
                    answer = run(bound)
                except SyntaxError:
                    # the query itself is wrong (report its own position) or rejects the VALUES row
                    answer = run(text, subs)
        except SyntaxError as err:
            unknown = unknown_prefix_message(text) if "Prefix not found" in str(err) else None
            raise QueryError(unknown or syntax_error_message(err, text)) from None
        except (OSError, RuntimeError) as err:
            raise QueryError(f"the query failed: {err}") from None
        result = result_from_oxigraph(answer)
        if named is not None and terms and result.kind != "ask" and len(result) == 0:
            check_bound_values(self.query, terms, resolved=by_name)  # a typo, not "0 rows"
        if result.kind != "select":
            return result
        result._labeller = self.labels
        return result.with_var_order(star_order(text, result.vars))

    def labels(self, iris: list[str]) -> dict[str, str]:
        """The name of each entity (``schema:name``, else ``skos:prefLabel``, English first)."""
        if not iris:
            return {}
        values = " ".join(f"<{i}>" for i in iris if re.fullmatch(r"[^<>\"{}|^`\\\x00-\x20]+", i))
        answer = self.store.query(
            "SELECT ?e (SAMPLE(?n) AS ?name) (SAMPLE(?l) AS ?label) WHERE { VALUES ?e { " + values + " } "
            "OPTIONAL { ?e <https://schema.org/name> ?n } "
            "OPTIONAL { ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?l FILTER(lang(?l) = 'en') } "
            "} GROUP BY ?e",
            use_default_graph_as_union=True,
        )
        assert isinstance(answer, ox.QuerySolutions)
        out = {}
        for sol in answer:
            name = sol["name"] or sol["label"]
            if name is not None:
                out[sol["e"].value] = name.value
        return out

    def _dataset_options(self, union: bool) -> dict[str, Any]:
        # the stored merge, or an empty default graph; never use_default_graph_as_union, which
        # pyoxigraph 0.5 answers as a bag (the benchmarks' "before" store overrides this)
        return {} if union else {"default_graph": []}

    def stats(self) -> Stats:
        """Entities per type (in the union) and statements per source graph."""
        types = [
            (str(r[0]), int(r[1]))
            for r in self.query(
                "SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n) ?type"
            ).rows
        ]
        graphs = []
        # counted live (any dataset, not only a build's, which states each graph's size), each
        # in its own subquery: counted over the join, a graph citing two sources counted twice
        for r in self.query(
            "PREFIX dcterms: <http://purl.org/dc/terms/> "
            "SELECT ?g ?n ?source WHERE { "
            "{ SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g } "
            "OPTIONAL { SELECT ?g (MIN(STR(?src)) AS ?source) WHERE { GRAPH ?g { ?g dcterms:source ?src } } "
            "GROUP BY ?g } } ORDER BY ?g"
        ).rows:
            name = str(r[0])[len(GRAPH_BASE) :] if str(r[0]).startswith(GRAPH_BASE) else str(r[0])
            graphs.append((name, "" if r[2] is None else str(r[2]), int(r[1])))
        return Stats(types, graphs)

    def graph_names(self) -> list[str]:
        """The IRIs of the named graphs."""
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def dataset(self) -> Dataset:
        """The whole dataset as an ``rdflib.Dataset`` (one graph per source)."""
        ds = Dataset()
        # the default graph holds the merge: only a store that came with default-graph triples
        # of its own hands them on (together with the merge, which adds nothing in rdflib's union)
        quads = self.store if self._own_default is not None else self._named_quads()
        for q in quads:
            g = (
                ds.graph(URIRef(q.graph_name.value))
                if isinstance(q.graph_name, ox.NamedNode)
                else ds.default_graph
            )
            g.add((ox_to_rdflib(q.subject), ox_to_rdflib(q.predicate), ox_to_rdflib(q.object)))
        for prefix, ns in PREFIXES.items():
            ds.bind(prefix, ns)
        return ds

    def graph(self) -> Graph:
        """The merge of all named graphs (the default graph) as one ``rdflib.Graph``."""
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        for q in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            g.add((ox_to_rdflib(q.subject), ox_to_rdflib(q.predicate), ox_to_rdflib(q.object)))
        return g

    def _named_quads(self) -> Any:
        for graph in self.store.named_graphs():
            yield from self.store.quads_for_pattern(None, None, None, graph)


def _resolver(ask: Any, resolved: dict[str, str]) -> Any:
    """Resolves a parameter given by name (:func:`kg.sparql.entities.resolve_entity`), noting it."""

    def resolve(param: str, text: str) -> URIRef:
        iri = resolve_entity(ask, text, param=param)
        resolved[param] = str(iri)
        return iri

    return resolve


def _has_blank(terms: dict[str, Term]) -> bool:
    # a blank node label written into a query would be a new blank node, not this one
    return any(isinstance(t, BNode) for t in terms.values())


def result_from_oxigraph(answer: Any) -> QueryResult:
    """Wrap what ``pyoxigraph.Store.query`` returns as a :class:`QueryResult`."""
    if isinstance(answer, (ox.QueryBoolean, bool)):
        return QueryResult("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        raw = [tuple(sol[i] for i in range(len(names))) for sol in answer]
        return QueryResult("select", vars=names, _raw=raw, _convert=ox_to_rdflib)
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    for t in answer:
        graph.add((ox_to_rdflib(t.subject), ox_to_rdflib(t.predicate), ox_to_rdflib(t.object)))
    return QueryResult("graph", graph=graph)


_default: dict[str, Any] = {}


def load(
    dist: str | os.PathLike[str] | None = None, *, project: Project | str | os.PathLike[str] | None = None
) -> KnowledgeGraph:
    """The built knowledge graph in the embedded store (``dist/`` of the current project)."""
    return KnowledgeGraph.from_dist(dist, project=project)


def default_graph() -> KnowledgeGraph:
    """The store :func:`kg.query` uses; reloaded when ``dist/`` was rebuilt."""
    proj = Project.discover()
    manifest = proj.dist_dir / "manifest.json"
    stamp = manifest.stat().st_mtime_ns if manifest.exists() else None
    if _default.get("key") != (proj.root, stamp):
        _default["graph"] = load(project=proj)
        _default["key"] = (proj.root, stamp)
    graph: KnowledgeGraph = _default["graph"]
    return graph


def query(query: str, /, **bindings: Any) -> QueryResult:
    """Run a query (text, file or named query) against the built graph of the current project."""
    return default_graph().query(query, **bindings)


__all__ = ["KnowledgeGraph", "Stats", "load", "query"]

"""The build: read ontology and curated sources, resolve, validate, and write ``dist/`` atomically.

Data flows one way: each source file becomes one named graph; the union of all of them is
checked (:mod:`kg.pipeline.checks`) and only then written, so a failing build never touches the
previous ``dist/``.
"""

from __future__ import annotations

import bisect
import gc
import hashlib
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.dist.manifest import read_manifest, verify_dist, write_manifest
from kg.dist.swap import build_lock, clean_leftovers, leftover_name, remove_tree, replace_dir
from kg.errors import BuildError, DistError, Problem, relative
from kg.pipeline.jsonld import context_for, split_lines, write_jsonld_lines
from kg.project import Project
from kg.sources.document import SourceDocument
from kg.sources.questions import open_questions
from kg.sources.readers import input_files, read_sources
from kg.version import __version__
from kg.vocab import BASE, OX_VOID_TRIPLES, OX_XSD_INTEGER, PREFIXES


def input_digest(project: Project) -> str:
    """A hash of every input file and the package version: equal digests, equal builds."""
    h = hashlib.sha256(__version__.encode())
    for path in input_files(project):
        h.update(relative(path, project.root).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


@dataclass
class BuildReport:
    """What a build wrote."""

    dist: Path
    triples: int
    quads: int
    graphs: dict[str, int]
    digest: str
    warnings: list[Problem] = field(default_factory=list)
    """What builds but needs a curator: the open ``# AMBIGUOUS`` questions (kg.sources.questions)."""

    def __str__(self) -> str:
        lines = [f"warning: {w} (kg lint --strict fails on it)" for w in self.warnings]
        lines.append(
            f"built {self.dist}: {self.quads} statements in {len(self.graphs)} graphs, "
            f"{self.triples} distinct triples"
            + (f"; {len(self.warnings)} open question(s) to answer" if self.warnings else "")
        )
        return "\n".join(lines)


def build_dataset(
    project: Project | str | os.PathLike[str] | None = None,
    dist: str | os.PathLike[str] | None = None,
    *,
    validate: bool = True,
) -> BuildReport:
    """Read, resolve, validate and write the knowledge graph to ``dist/``.

    Raises :class:`~kg.errors.BuildError` with every problem found (file, line, what to do);
    then the previous ``dist/`` is left exactly as it was.
    """
    project = project if isinstance(project, Project) else Project.discover(project)
    target = Path(dist) if dist is not None else project.dist_dir
    # The build makes millions of objects that live until it ends and no reference cycles;
    # the cyclic collector would walk all of them again and again (a tenth of the time at
    # a million statements) to find nothing, so it pauses for the build.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        with build_lock(target):  # one build of a dist/ at a time: the second is told so at once
            clean_leftovers(target)  # folders of killed builds; a dist/ set aside is put back
            return _build(project, target, validate)
    finally:
        if was_enabled:
            gc.enable()


def _build(project: Project, target: Path, validate: bool) -> BuildReport:
    from kg.pipeline.checks import (
        check_documents,  # validation imports pySHACL: keep it off the query path
    )

    docs = read_sources(project)
    if validate:
        problems = check_documents(docs, project)
        if problems:
            raise BuildError(problems)
    quads = distinct_sorted_quads(docs)
    questions = open_questions(docs)
    del docs  # their lines and indexes are not needed to write: ~20 % less peak memory at 1M
    digest = input_digest(project)
    report = _write_dist_atomically(quads, target, digest)
    report.warnings = questions
    return report


def distinct_sorted_quads(docs: list[SourceDocument]) -> list[ox.Quad]:
    """The quads of all documents without duplicates, sorted by (graph, subject, predicate, object).

    Each named graph also states its own size, ``<graph> void:triples n`` inside the graph, n
    counting that statement too: the number of statements a source contributes is then a
    lookup for every store, where counting them is a pass over every statement (half a second
    at a million, and Virtuoso counts right only in a subquery it cannot narrow to one graph).

    Sorted by their N-Quads text graph by graph: pyoxigraph writes the text of a million quads in
    half a second, where hashing the quads into a set and building two strings per quad for the
    sort key took ten.
    """
    groups: dict[str, list[ox.Quad]] = {}
    for d in docs:
        groups.setdefault(d.graph, []).extend(d.quads)
    out: list[ox.Quad] = []
    for graph in sorted(groups):
        quads = groups.pop(graph)
        lines = (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"").splitlines(keepends=True)
        suffix = f" <{graph}> .\n".encode()
        if len(lines) != len(quads) or not all(line.endswith(suffix) for line in lines):
            # a reader put quads in another graph than its document's: sort the general way
            return _with_graph_sizes_sorted({q for d in docs for q in d.quads})
        distinct: list[int] = []
        previous = None
        for i in sorted(range(len(lines)), key=lines.__getitem__):
            if lines[i] != previous:
                distinct.append(i)
                previous = lines[i]
        size = graph_size_quad(graph, len(distinct) + 1)
        at = bisect.bisect_left(distinct, _nquads_line(size), key=lines.__getitem__)
        out += [quads[i] for i in distinct[:at]]
        out.append(size)
        out += [quads[i] for i in distinct[at:]]
    return out


def graph_size_quad(graph: str, statements: int) -> ox.Quad:
    """``<graph> void:triples statements`` in the graph itself: the size it states about itself."""
    g = ox.NamedNode(graph)
    return ox.Quad(g, OX_VOID_TRIPLES, ox.Literal(str(statements), datatype=OX_XSD_INTEGER), g)


def _nquads_line(quad: ox.Quad) -> bytes:
    return ox.serialize([quad], format=ox.RdfFormat.N_QUADS) or b""


def _with_graph_sizes_sorted(quads: set[ox.Quad]) -> list[ox.Quad]:
    sizes = Counter(q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode))
    return sorted(quads | {graph_size_quad(g, n + 1) for g, n in sizes.items()}, key=_quad_key)


def _quad_key(q: ox.Quad) -> tuple[str, str]:
    # (graph, "s p o g"): the same order as (graph, s, p, o), since no N-Triples term is a proper
    # prefix of another followed by a character below the space; two str() calls instead of four
    return (str(q.graph_name), str(q))


def _write_dist_atomically(quads: list[ox.Quad], target: Path, digest: str) -> BuildReport:
    """Write into a folder beside ``target`` and swap it in (:func:`kg.dist.swap.replace_dir`):
    ``target`` is the old or the new dataset at every moment, whatever kills the build."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = leftover_name(target, "tmp")
    remove_tree(tmp)
    tmp.mkdir()
    try:
        report = write_dist_files(quads, tmp, digest)
        report.dist = target
        replace_dir(tmp, target)
        return report
    except OSError as err:  # a full disk, a folder not ours to write: a message, not a traceback
        raise DistError(
            f"cannot write {err.filename or target}: {err.strerror or err}; {target} was left as it was"
        ) from None
    finally:
        remove_tree(tmp)


def write_dist_files(quads: list[ox.Quad], out: Path, digest: str) -> BuildReport:
    """Serialise sorted quads into every format of ``dist/`` (deterministic bytes).

    Works on the N-Triples/N-Quads text pyoxigraph writes for the quads: at a million
    statements every Python attribute read or term built per quad costs about a second, while
    splitting and sorting text costs a fraction of that.
    """
    nq_lines = (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"").splitlines(keepends=True)
    (out / "kg.nq").write_bytes(b"".join(sorted(nq_lines)))
    ox.serialize(quads, out / "kg.trig", ox.RdfFormat.TRIG, prefixes=PREFIXES)
    nt_lines, graphs = _without_graphs(quads, nq_lines)
    del nq_lines
    at = dict(zip(nt_lines, range(len(nt_lines)), strict=True))  # deduplicated by their text
    del nt_lines
    keys = sorted(at)
    triples = [quads[at[k]].triple for k in keys]
    del at
    ox.serialize(triples, out / "kg.ttl", ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    lines = split_lines(b"".join(keys).decode("utf-8"))
    del keys
    void, props, object_props = _void_description(lines, graphs)
    write_jsonld_lines(lines, out / "kg.jsonld", out / "context.jsonld", context_for(props, object_props))
    ox.serialize(void, out / "void.ttl", ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    write_manifest(
        out,
        generator=f"kommunen-kg {__version__}",
        input_digest=digest,
        statements=len(quads),
        triples=len(triples),
        graphs=graphs,
    )
    return BuildReport(dist=out, triples=len(triples), quads=len(quads), graphs=dict(graphs), digest=digest)


def _without_graphs(quads: list[ox.Quad], nq_lines: list[bytes]) -> tuple[list[bytes], dict[str, int]]:
    """The N-Triples line of each quad's triple, and how many quads each named graph holds.

    Cut from the N-Quads lines: a line ends in `` <graph> .``, and since no IRI holds a space
    or ``<``, it ends so for its own graph only; the graph is read from a quad only where it
    changes (quads come sorted by graph).
    """
    if any(not isinstance(q.graph_name, ox.NamedNode) for q in quads[:1]) or len(nq_lines) != len(quads):
        return _without_graphs_by_terms(quads, nq_lines)
    nt_lines: list[bytes] = []
    counts: dict[str, int] = {}
    suffix, graph, cut = b"\0", "", 0
    for i, line in enumerate(nq_lines):
        if not line.endswith(suffix):
            g = quads[i].graph_name
            if not isinstance(g, ox.NamedNode):  # the default graph or a blank node: no fixed suffix
                return _without_graphs_by_terms(quads, nq_lines)
            graph = g.value
            suffix = f" <{graph}> .\n".encode()
            cut = -len(suffix)
        nt_lines.append(line[:cut] + b" .\n")
        counts[graph] = counts.get(graph, 0) + 1
    return nt_lines, counts


def _without_graphs_by_terms(
    quads: list[ox.Quad], nq_lines: list[bytes]
) -> tuple[list[bytes], dict[str, int]]:
    """:func:`_without_graphs` for any quads: each triple written on its own."""
    nt_lines = (ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES) or b"").splitlines(
        keepends=True
    )
    # "s p o <g> .\n" against "s p o .\n": the graph is what the quad's line has in addition
    in_graph = Counter(nq[len(nt) - 2 : -3] for nq, nt in zip(nq_lines, nt_lines, strict=True))
    return nt_lines, {g[1:-1].decode(): n for g, n in in_graph.items() if g.startswith(b"<")}


def _void_description(lines: list[str], graphs: dict[str, int]) -> tuple[list[ox.Triple], set[str], set[str]]:
    """A VoID description of the dataset: counts overall, per class and per named graph.

    ``lines`` are the distinct triples as N-Triples lines. Since this reads every triple, it
    also returns what the JSON-LD context needs: the predicates, and those with IRI or blank
    node values.
    """
    void = "http://rdfs.org/ns/void#"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    ds = ox.NamedNode(BASE + "dataset")

    def n(x: int) -> ox.Literal:
        return ox.Literal(str(x), datatype=OX_XSD_INTEGER)

    def v(local: str) -> ox.NamedNode:
        return ox.NamedNode(void + local)

    # one pass, terms compared by their N-Triples text (cheaper than comparing pyoxigraph terms)
    classes: Counter[str] = Counter()
    subjects: set[str] = set()
    predicates: set[str] = set()
    objects: set[str] = set()
    object_props: set[str] = set()
    type_text = str(rdf_type)
    for line in lines:
        s, p, o = line.split(" ", 2)  # no space in a subject or predicate
        o = o[:-2]  # " ."
        subjects.add(s)
        predicates.add(p)
        objects.add(o)
        if not o.startswith('"'):
            object_props.add(p)
            if p == type_text and o.startswith("<") and not o.startswith("<<"):  # IRIs, not triple terms
                classes[o[1:-1]] += 1
    entities = {s for s in subjects if s.startswith("<") and not s.startswith("<<")}
    out = [
        ox.Triple(ds, rdf_type, v("Dataset")),
        ox.Triple(
            ds, ox.NamedNode("http://purl.org/dc/terms/title"), ox.Literal("Kommunen-KG", language="de")
        ),
        ox.Triple(ds, v("uriSpace"), ox.Literal(BASE)),
        ox.Triple(ds, v("triples"), n(len(lines))),
        ox.Triple(ds, v("entities"), n(len(entities))),
        ox.Triple(ds, v("classes"), n(len(classes))),
        ox.Triple(ds, v("properties"), n(len(predicates))),
        ox.Triple(ds, v("distinctSubjects"), n(len(subjects))),
        ox.Triple(ds, v("distinctObjects"), n(len(objects))),
        ox.Triple(ds, v("dataDump"), ox.NamedNode(BASE + "dist/kg.trig")),
    ]
    for cls, count in sorted(classes.items()):
        part = ox.NamedNode(BASE + "dataset/class/" + hashlib.sha1(cls.encode()).hexdigest()[:12])
        out += [
            ox.Triple(ds, v("classPartition"), part),
            ox.Triple(part, v("class"), ox.NamedNode(cls)),
            ox.Triple(part, v("entities"), n(count)),
        ]
    for graph, count in sorted(graphs.items()):
        sub = ox.NamedNode(graph)
        out += [
            ox.Triple(ds, v("subset"), sub),
            ox.Triple(sub, rdf_type, v("Dataset")),
            ox.Triple(sub, v("triples"), n(count)),
        ]
    return sorted(out, key=str), {p[1:-1] for p in predicates}, {p[1:-1] for p in object_props}


def dist_status(project: Project | None = None, dist: Path | None = None) -> str:
    """``"ok"``, or why the built dataset does not reflect the sources of ``project``:
    ``"missing"``, ``"incomplete"`` or ``"stale"`` (a question for a source checkout only: the
    store loads any complete ``dist/``, :func:`kg.dist.verify_dist`)."""
    project = project or Project.discover()
    dist = dist or project.dist_dir
    try:
        manifest = read_manifest(dist)
    except DistError:
        return "missing" if not dist.is_dir() else "incomplete"
    if has_sources(project) and manifest.get("input_digest") != input_digest(project):
        return "stale"
    return "ok"


def has_sources(project: Project) -> bool:
    """Whether ``project`` is a source checkout (ontology and curated data), not a copied ``dist/``."""
    return project.ontology_dir.is_dir() and project.curated_dir.is_dir()


def require_current_dist(project: Project | None = None, dist: Path | None = None) -> Path:
    """The ``dist/`` folder, every file verified against its manifest and, in a source checkout, built from
    the sources as they are now; else a :class:`DistError` saying how to make it."""
    project = project or Project.discover()
    dist = dist or project.dist_dir
    verify_dist(dist)  # every file: a server offers each of them, not only the one it loads
    if dist_status(project, dist) == "stale":
        raise DistError(f"{dist} is older than the ontology or data it was built from: run `kg build`")
    return dist

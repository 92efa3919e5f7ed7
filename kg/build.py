"""The build: read ontology and curated sources, resolve, validate, and write ``dist/`` atomically.

Data flows one way: each source file becomes one named graph; the union of all of them is
checked (:mod:`kg.validate`) and only then written, so a failing build never touches the
previous ``dist/``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import __version__
from kg.errors import BuildError, DistError, Problem, relative
from kg.jsonld import write_jsonld
from kg.namespaces import BASE, GRAPH_BASE, ONTOLOGY_GRAPH, PREFIXES
from kg.project import Project

DIST_FILES = ("kg.nq", "kg.trig", "kg.ttl", "kg.jsonld", "context.jsonld", "void.ttl", "manifest.json")
"""What a complete ``dist/`` holds."""

_IRI_TOKEN = re.compile(r"<([^<>\s\"{}|\\^`]*)>")


@dataclass
class SourceDocument:
    """One input file read into the quads of its named graph, with where each entity stands."""

    path: Path
    display: str
    graph: str
    quads: list[ox.Quad] = field(default_factory=list)
    definitions: dict[str, int] = field(default_factory=dict)
    """entity IRI → line where the file first states something about it"""
    mentions: dict[str, int] = field(default_factory=dict)
    """entity IRI → line where the file first mentions it at all"""
    is_ontology: bool = False
    lines: list[str] = field(default_factory=list, repr=False)

    def line_of(self, iri: str) -> int | None:
        return self.definitions.get(iri) or self.mentions.get(iri)

    def find_line(self, text: str, after: int | None = None) -> int | None:
        """The first line at or after ``after`` that contains ``text``."""
        start = (after or 1) - 1
        for i in range(start, len(self.lines)):
            if text in self.lines[i]:
                return i + 1
        return after


def locate(docs: Iterable[SourceDocument], iri: str) -> tuple[str, int | None]:
    """Where a curator finds an entity: the first file that states something about it, else the
    first that mentions it (file and line)."""
    docs = list(docs)
    for doc in docs:
        if iri in doc.definitions:
            return doc.display, doc.definitions[iri]
    for doc in docs:
        if iri in doc.mentions:
            return doc.display, doc.mentions[iri]
    return "data/curated", None


Reader = Callable[[Path, str, str], SourceDocument]
"""A reader turns (path, display path, graph IRI) into a :class:`SourceDocument`."""


def read_turtle(path: Path, display: str, graph: str) -> SourceDocument:
    """Parse a Turtle file into ``graph``, resolving relative IRIs against the base namespace."""
    text = path.read_text(encoding="utf-8")
    doc = SourceDocument(path=path, display=display, graph=graph, lines=text.splitlines())
    try:
        triples = ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=BASE)
        g = ox.NamedNode(graph)
        doc.quads = [ox.Quad(t.subject, t.predicate, t.object, g) for t in triples]
    except SyntaxError as err:
        line = err.lineno if isinstance(err.lineno, int) else None
        message = str(err.args[0]) if err.args else str(err)
        message = re.sub(
            r"^Parser error at line \d+ between columns (\d+) and \d+: ", r"column \1: ", message
        )
        raise BuildError([Problem(display, line, f"Turtle syntax error, {message}")]) from None
    _index_turtle_lines(text, doc)
    return doc


_PREFIX_LINE = re.compile(r"@prefix\s+([\w-]*):\s*<([^>]*)>", re.I)
_ABSOLUTE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
# compiled once: these run once per line of input (a million lines at scale)


def _index_turtle_lines(text: str, doc: SourceDocument) -> None:
    prefixes: dict[str, str] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("#"):
            continue
        m = _PREFIX_LINE.match(stripped)
        if m:
            prefixes[m.group(1)] = m.group(2)
            continue
        for pos, token in enumerate(_IRI_TOKEN.findall(line)):
            iri = token if _ABSOLUTE.match(token) else BASE + token
            if not iri.startswith(BASE):
                continue
            doc.mentions.setdefault(iri, lineno)
            if pos == 0 and line.startswith("<"):
                doc.definitions.setdefault(iri, lineno)


READERS: dict[str, Reader] = {".ttl": read_turtle}
"""Input formats by file extension; other modules add theirs (the curator format, for one)."""


def register_reader(extension: str, reader: Reader) -> None:
    """Let ``kg build`` read files ending in ``extension`` from ``data/curated/``."""
    READERS[extension] = reader


def input_files(project: Project) -> list[Path]:
    """Every file the build reads, in a stable order."""
    files = sorted(p for p in project.ontology_dir.glob("*.ttl"))
    if project.curated_dir.is_dir():
        files += sorted(p for p in project.curated_dir.rglob("*") if p.is_file() and p.suffix in READERS)
    return files


def input_digest(project: Project) -> str:
    """A hash of every input file and the package version: equal digests, equal builds."""
    h = hashlib.sha256(__version__.encode())
    for path in input_files(project):
        h.update(relative(path, project.root).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def read_sources(project: Project) -> list[SourceDocument]:
    """Read the ontology (into one graph) and each curated file (into a graph of its own)."""
    docs: list[SourceDocument] = []
    problems: list[Problem] = []
    for path in sorted(project.ontology_dir.glob("*.ttl")):
        if path == project.shapes_file:
            continue
        try:
            doc = read_turtle(path, relative(path, project.root), str(ONTOLOGY_GRAPH))
            doc.is_ontology = True
            docs.append(doc)
        except BuildError as err:
            problems.extend(err.problems)
    if not project.curated_dir.is_dir():
        problems.append(
            Problem(relative(project.curated_dir, project.root), None, "folder of curated data is missing")
        )
    seen: dict[str, str] = {}
    for path in input_files(project):
        if project.curated_dir not in path.parents:
            continue
        display = relative(path, project.root)
        name = path.relative_to(project.curated_dir).with_suffix("").as_posix()
        graph = GRAPH_BASE + name
        if graph in seen:
            problems.append(
                Problem(
                    display,
                    None,
                    f"graph name '{name}' is taken by {seen[graph]}: rename one of the two files",
                )
            )
            continue
        seen[graph] = display
        try:
            docs.append(READERS[path.suffix](path, display, graph))
        except BuildError as err:
            problems.extend(err.problems)
        except UnicodeDecodeError as err:
            problems.append(Problem(display, None, f"not UTF-8 text ({err.reason}); save it as UTF-8"))
    if problems:
        raise BuildError(problems)
    return docs


@dataclass
class BuildReport:
    """What a build wrote."""

    dist: Path
    triples: int
    quads: int
    graphs: dict[str, int]
    digest: str

    def __str__(self) -> str:
        return (
            f"built {self.dist}: {self.quads} statements in {len(self.graphs)} graphs, "
            f"{self.triples} distinct triples"
        )


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
    from kg.validate import (
        check_documents,  # validation imports pySHACL: keep it off the query path
    )

    project = project if isinstance(project, Project) else Project.discover(project)
    target = Path(dist) if dist is not None else project.dist_dir
    docs = read_sources(project)
    if validate:
        problems = check_documents(docs, project)
        if problems:
            raise BuildError(problems)
    quads = sorted({q for d in docs for q in d.quads}, key=_quad_key)
    del docs  # their lines and indexes are not needed to write: ~20 % less peak memory at 1M
    digest = input_digest(project)
    report = _write_dist_atomically(quads, target, digest)
    return report


def _quad_key(q: ox.Quad) -> tuple[str, str]:
    # (graph, "s p o g"): the same order as (graph, s, p, o), since no N-Triples term is a proper
    # prefix of another followed by a character below the space; two str() calls instead of four
    return (str(q.graph_name), str(q))


def _write_dist_atomically(quads: list[ox.Quad], target: Path, digest: str) -> BuildReport:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.tmp-{os.getpid()}"
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        report = write_dist_files(quads, tmp, digest)
        report.dist = target
        if target.exists():
            os.rename(target, old)
        try:
            os.rename(tmp, target)
        except OSError:
            if old.exists():
                os.rename(old, target)
            raise
        shutil.rmtree(old, ignore_errors=True)
        return report
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_dist_files(quads: list[ox.Quad], out: Path, digest: str) -> BuildReport:
    """Serialise sorted quads into every format of ``dist/`` (deterministic bytes)."""
    nq = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    (out / "kg.nq").write_bytes(b"".join(sorted(nq.splitlines(keepends=True))))
    ox.serialize(quads, out / "kg.trig", ox.RdfFormat.TRIG, prefixes=PREFIXES)
    by_text: dict[str, ox.Triple] = {}  # deduplicated by their text: hashing str is cheaper than terms
    for q in quads:
        t = ox.Triple(q.subject, q.predicate, q.object)
        by_text.setdefault(str(t), t)
    triples = [by_text[k] for k in sorted(by_text)]
    ox.serialize(triples, out / "kg.ttl", ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    write_jsonld(triples, out / "kg.jsonld", out / "context.jsonld")
    graphs = Counter(str(q.graph_name.value) for q in quads if isinstance(q.graph_name, ox.NamedNode))
    void = _void_description(quads, triples, graphs)
    ox.serialize(void, out / "void.ttl", ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    manifest = {
        "generator": f"kommunen-kg {__version__}",
        "input_digest": digest,
        "statements": len(quads),
        "triples": len(triples),
        "graphs": dict(sorted(graphs.items())),
        "files": {},
    }
    for name in DIST_FILES[:-1]:
        manifest["files"][name] = hashlib.sha256((out / name).read_bytes()).hexdigest()
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return BuildReport(dist=out, triples=len(triples), quads=len(quads), graphs=dict(graphs), digest=digest)


def _void_description(
    quads: Iterable[ox.Quad], triples: list[ox.Triple], graphs: Counter[str]
) -> list[ox.Triple]:
    """A VoID description of the dataset: counts overall, per class and per named graph."""
    void = "http://rdfs.org/ns/void#"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    xsd_int = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    ds = ox.NamedNode(BASE + "dataset")

    def n(x: int) -> ox.Literal:
        return ox.Literal(str(x), datatype=xsd_int)

    def v(local: str) -> ox.NamedNode:
        return ox.NamedNode(void + local)

    # one pass, terms compared by their N-Triples text (cheaper than comparing pyoxigraph terms)
    classes: Counter[str] = Counter()
    subjects: set[str] = set()
    predicates: set[str] = set()
    objects: set[str] = set()
    for t in triples:
        s, p, o = str(t.subject), t.predicate.value, str(t.object)
        subjects.add(s)
        predicates.add(p)
        objects.add(o)
        if p == rdf_type.value and o.startswith("<") and not o.startswith("<<"):  # IRIs, not triple terms
            classes[o[1:-1]] += 1
    entities = {s for s in subjects if s.startswith("<") and not s.startswith("<<")}
    out = [
        ox.Triple(ds, rdf_type, v("Dataset")),
        ox.Triple(
            ds, ox.NamedNode("http://purl.org/dc/terms/title"), ox.Literal("Kommunen-KG", language="de")
        ),
        ox.Triple(ds, v("uriSpace"), ox.Literal(BASE)),
        ox.Triple(ds, v("triples"), n(len(triples))),
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
    return sorted(out, key=str)


def dist_status(project: Project | None = None, dist: Path | None = None) -> str:
    """``"ok"``, or why the built dataset cannot be used: ``"missing"``, ``"incomplete"``, ``"stale"``."""
    project = project or Project.discover()
    dist = dist or project.dist_dir
    if not dist.is_dir():
        return "missing"
    if any(not (dist / f).is_file() for f in DIST_FILES):
        return "incomplete"
    try:
        manifest = json.loads((dist / "manifest.json").read_text())
    except (OSError, json.JSONDecodeError):
        return "incomplete"
    if manifest.get("input_digest") != input_digest(project):
        return "stale"
    return "ok"


def require_dist(
    project: Project | None = None, dist: Path | None = None, *, allow_stale: bool = False
) -> Path:
    """The ``dist/`` folder, or a :class:`DistError` saying how to make it."""
    project = project or Project.discover()
    dist = dist or project.dist_dir
    status = dist_status(project, dist)
    if status == "ok" or (status == "stale" and allow_stale):
        return dist
    hint = {
        "missing": f"{dist} does not exist: run `kg build` first",
        "incomplete": f"{dist} is incomplete: run `kg build`",
        "stale": f"{dist} is older than the ontology or data it was built from: run `kg build`",
    }[status]
    raise DistError(hint)

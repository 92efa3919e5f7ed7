"""Resolution checks and SHACL validation of the union of all source graphs.

Each check returns :class:`~kg.errors.Problem` objects that name the file, the line and what a
curator should write instead. The build fails on any of them.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, VOID, XSD

from kg.errors import Problem, relative
from kg.project import Project
from kg.sources.document import SourceDocument
from kg.sources.document import locate as locate_entity
from kg.vocab import (
    BASE,
    GRAPH_BASE,
    KGO,
    KINDS,
    NAME_PROPERTIES,
    OX_RDF_TYPE,
    RESOLVED_KINDS,
    SCHEMA,
    ox_to_rdflib,
    shorten,
)

NAME_PROPS = NAME_PROPERTIES
ENTITY_CLASSES = {KINDS[k].cls: KINDS[k].en for k in RESOLVED_KINDS}
"""Classes whose members must be one node per real entity (checked by name), most specific first."""

_DATE, _DATETIME = str(XSD.date), str(XSD.dateTime)
_PLAIN_DATE = re.compile(r"\d{4}-\d\d-\d\d", re.ASCII)
_PLAIN_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)?", re.ASCII)
_TZ = r"(Z|[+-](0\d|1[0-4]):[0-5]\d)?"
_LEXICAL = {
    str(XSD.dateTime): re.compile(
        r"-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?" + _TZ
    ),
    str(XSD.date): re.compile(r"-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])" + _TZ),
    str(XSD.gYear): re.compile(r"-?\d{4,}" + _TZ),
    str(XSD.decimal): re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
    str(XSD.integer): re.compile(r"[+-]?\d+"),
    str(XSD.boolean): re.compile(r"true|false|1|0"),
}
"""The XSD lexical spaces a curator is likely to get wrong (rdflib parses some leniently)."""
_BROKEN_WORD = re.compile(r"(\w)-\s*(\w)")
_NOT_WORD = re.compile(r"[^\w]+")
_TITLES = re.compile(r"\b(prof|dr|pd|dipl|ing|med|phil|rer|nat|habil)\b\.?", re.I)


def normalise_name(text: str) -> str:
    """The form two spellings of one name share: no titles, no line-break hyphens, no case.

    ``"Prof. Dr. Thomas Klie"`` and ``"thomas klie"`` agree, so do ``"Bürger-schaftliches"`` and
    ``"Bürgerschaftliches"``; ``"Andi"`` and ``"Andy"`` do not (that takes a curator).
    """
    text = unicodedata.normalize("NFC", text)
    text = _TITLES.sub(" ", text)
    if "-" in text:
        text = _BROKEN_WORD.sub(r"\1\2", text)
    text = _NOT_WORD.sub(" ", text.casefold())
    return " ".join(text.split())


def _iri_of(term: ox.NamedNode | ox.BlankNode | ox.Triple) -> str:
    """A subject's IRI or blank node label (the data holds no RDF-star triples as subjects)."""
    return str(term) if isinstance(term, ox.Triple) else term.value


def check_documents(docs: list[SourceDocument], project: Project) -> list[Problem]:
    """Every check of the build, in the order a curator would fix them."""
    facts = Facts.read(docs)
    problems = check_provenance(docs)
    problems += check_literals(docs, facts)
    problems += check_references(docs, facts)
    problems += check_duplicates(docs, facts)
    problems += check_stated_sizes(facts)
    problems += check_shapes(docs, project)
    return problems


@dataclass
class Facts:
    """What the literal, reference and duplicate checks need from the quads, read in one pass.

    At a million statements each pass over the quads costs seconds, because every attribute
    read of a pyoxigraph quad builds a new Python object; the three checks share one.
    """

    invalid_literals: list[tuple[SourceDocument, ox.Quad]] = field(default_factory=list)
    """statements whose typed literal is not valid for its datatype, in document order"""
    typed: set[str] = field(default_factory=set)
    """IRIs that are the subject of an rdf:type statement"""
    referenced: list[list[tuple[ox.Quad, str]]] = field(default_factory=list)
    """per document, in order: statements with an IRI of the project as object (not rdf:type)"""
    described: list[set[str]] = field(default_factory=list)
    """per document: the IRIs it says something about"""
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """IRI → the IRIs of its classes"""
    first_typed_in: dict[str, SourceDocument] = field(default_factory=dict)
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """IRI → its names (schema:name, alternateName, skos labels) as written"""
    stated_sizes: list[SourceDocument] = field(default_factory=list)
    """documents that state their own graph's void:triples, which the build counts itself"""

    @classmethod
    def read(cls, docs: Iterable[SourceDocument]) -> Facts:
        facts = cls()
        rdf_type = OX_RDF_TYPE.value
        invalid, typed, types, first, names = (
            facts.invalid_literals,
            facts.typed,
            facts.types,
            facts.first_typed_in,
            facts.names,
        )
        void_triples = str(VOID.triples)
        for doc in docs:
            refs: list[tuple[ox.Quad, str]] = []
            subjects: set[str] = set()
            for q in doc.quads:
                subject, o = q.subject, q.object
                p = q.predicate.value
                s = subject.value if isinstance(subject, ox.NamedNode) else None
                if s is not None:
                    subjects.add(s)
                    if p == void_triples and s == doc.graph and doc not in facts.stated_sizes:
                        facts.stated_sizes.append(doc)
                if isinstance(o, ox.Literal):
                    dt = o.datatype.value
                    if dt in _LEXICAL and not _lexically_valid(o.value, dt):
                        invalid.append((doc, q))
                    if s is not None:
                        if p in NAME_PROPS:
                            names[s].add(o.value)
                        elif p == rdf_type:
                            typed.add(s)
                elif p == rdf_type:
                    if s is not None:
                        typed.add(s)
                        if isinstance(o, ox.NamedNode):
                            types[s].add(o.value)
                            first.setdefault(s, doc)
                elif isinstance(o, ox.NamedNode):
                    iri = o.value
                    if iri.startswith(BASE):
                        refs.append((q, iri))
            facts.referenced.append(refs)
            facts.described.append(subjects)
        return facts


def check_provenance(docs: Iterable[SourceDocument]) -> list[Problem]:
    """Each source file describes its own graph as a ``kgo:SourceGraph``."""
    problems = []
    for doc in docs:
        if doc.is_ontology:
            continue
        g = ox.NamedNode(doc.graph)
        if not any(
            q.subject == g and q.predicate == OX_RDF_TYPE and q.object == ox.NamedNode(str(KGO.SourceGraph))
            for q in doc.quads
        ):
            rel = doc.graph[len(BASE) :]
            problems.append(
                Problem(
                    doc.display,
                    1,
                    (
                        f"the file does not say where its statements come from: add "
                        f'<{rel}> a kgo:SourceGraph ; dcterms:source <address> ; kgo:retrievedOn "YYYY-MM-DD"^^xsd:date .'
                    ),
                )
            )
    return problems


def check_stated_sizes(facts: Facts) -> list[Problem]:
    """No source states its own graph's size: the build counts it and states it as void:triples."""
    return [
        Problem(
            doc.display,
            doc.find_line("void:triples", after=doc.line_of(doc.graph)) or doc.line_of(doc.graph),
            "the build counts the statements of each graph and states them itself (void:triples): "
            "remove this statement",
        )
        for doc in facts.stated_sizes
    ]


def check_literals(docs: Iterable[SourceDocument], facts: Facts | None = None) -> list[Problem]:
    """Typed literals must be valid for their datatype (a date must be a date)."""
    facts = facts if facts is not None else Facts.read(docs)
    problems = []
    for doc, q in facts.invalid_literals:
        o = q.object
        assert isinstance(o, ox.Literal)
        dt = shorten(o.datatype.value)
        line = doc.line_of(q.subject.value) if isinstance(q.subject, ox.NamedNode) else None
        line = doc.find_line(f'"{o.value}"', after=line)
        problems.append(
            Problem(
                doc.display,
                line,
                (
                    f'"{o.value}" is not a valid {dt} (on {shorten(_iri_of(q.subject))} '
                    f"{shorten(q.predicate.value)}); write e.g. {_datatype_example(dt)}"
                ),
            )
        )
    return problems


@lru_cache(maxsize=1 << 16)
def _lexically_valid(value: str, datatype: str) -> bool:
    valid = _LEXICAL[datatype].fullmatch(value) is not None
    if valid and datatype in (_DATE, _DATETIME):
        # 2021-02-30 matches the pattern; rdflib knows it is no date. A plain date or date-time
        # Python reads is one rdflib reads (its converters are these), so only others ask rdflib.
        try:
            if datatype == _DATE and _PLAIN_DATE.fullmatch(value):
                date.fromisoformat(value)
                return True
            if datatype == _DATETIME and _PLAIN_DATETIME.fullmatch(value):
                datetime.fromisoformat(value.replace("Z", "+00:00"))
                return True
        except ValueError:
            pass
        valid = not getattr(Literal(value, datatype=URIRef(datatype)), "ill_typed", False)
    return valid


def _datatype_example(dt: str) -> str:
    return {
        "xsd:dateTime": '"2020-11-24T10:00:00+01:00"^^xsd:dateTime',
        "xsd:date": '"2020-11-24"^^xsd:date',
        "xsd:decimal": '"48.657642"^^xsd:decimal',
        "xsd:integer": "3",
        "xsd:boolean": "true",
        "xsd:gYear": '"2021"^^xsd:gYear',
    }.get(dt, "a valid value")


def check_references(docs: list[SourceDocument], facts: Facts | None = None) -> list[Problem]:
    """Every IRI of the project's namespace that is used as an object, or described by a file
    that does not type it itself, is defined (typed) somewhere."""
    # IRIs compared as strings: comparing and hashing pyoxigraph terms goes through Rust on
    # every set lookup, a million times at scale
    facts = facts if facts is not None else Facts.read(docs)
    typed, referenced, described = facts.typed, facts.referenced, facts.described
    defined = typed | {d.graph for d in docs}  # a file's own graph needs no type
    known: list[str] = []

    def closest(rel: str) -> str:
        if not known:  # sorted only when a problem needs a suggestion
            known.extend(sorted(t[len(BASE) :] for t in typed if t.startswith(BASE)))
        return _closest(rel, known)

    problems = []
    for doc, refs, subjects in zip(docs, referenced, described, strict=True):
        for q, iri in refs:
            if iri not in defined:
                rel = iri[len(BASE) :]
                problems.append(
                    Problem(
                        doc.display,
                        doc.mentions.get(iri) or doc.line_of(_iri_of(q.subject)),
                        (
                            f"<{rel}> is referenced by {shorten(_iri_of(q.subject))} {shorten(q.predicate.value)} "
                            f"but no source defines it: {closest(rel)}fix the IRI or define it (with its rdf:type) in a source file"
                        ),
                    )
                )
        undefined = [s for s in subjects if s.startswith(BASE) and s not in defined]
        for s in sorted(undefined, key=lambda iri: f"<{iri}>"):  # the order of N-Triples text
            rel = s[len(BASE) :]
            problems.append(
                Problem(
                    doc.display,
                    doc.line_of(s),
                    f"the file describes <{rel}> but no source defines it (with its rdf:type): {closest(rel)}fix the id or define it",
                )
            )
    return problems


def _closest(rel: str, known: list[str]) -> str:
    """``did you mean 'person/thomas-klie'?`` for the defined IRI of the same kind nearest to ``rel``."""
    kind = rel.split("/", 1)[0]
    same_kind = [k for k in known if k.split("/", 1)[0] == kind]
    close = difflib.get_close_matches(rel, same_kind, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


def check_duplicates(docs: list[SourceDocument], facts: Facts | None = None) -> list[Problem]:
    """One node per real entity: no two IRIs of one kind share a name, no IRI is two kinds."""
    facts = facts if facts is not None else Facts.read(docs)
    types, raw_names, first = facts.types, facts.names, facts.first_typed_in

    def where(iri: str) -> tuple[str, int | None]:
        # the line is looked up only for a problem: finding it indexes the whole file
        doc = first[iri]
        return doc.display, doc.line_of(iri)

    normalised: dict[str, set[str]] = {}

    def names(iri: str) -> set[str]:
        # only entities of the checked classes need their names normalised
        if iri not in normalised:
            normalised[iri] = {normalise_name(v) for v in raw_names.get(iri, ())}
        return normalised[iri]

    problems = []
    person, organization, project = str(SCHEMA.Person), str(SCHEMA.Organization), str(SCHEMA.ResearchProject)
    for s, ts in sorted(types.items()):
        kinds = {ENTITY_CLASSES[t] for t in ts if t in ENTITY_CLASSES} - {"organisation"}
        if person in ts and organization in ts:
            kinds.add("organisation")
        if len(kinds) > 1:
            file, line = where(s)
            problems.append(
                Problem(
                    file,
                    line,
                    (
                        f"{shorten(s)} is typed as {' and '.join(sorted(kinds))}: one IRI was used for two "
                        f"entities; give each its own IRI"
                    ),
                )
            )
    for cls, kind in ENTITY_CLASSES.items():
        by_name: dict[str, list[str]] = defaultdict(list)
        for s, ts in types.items():
            if cls in ts and (kind != "organisation" or project not in ts):
                for n in names(s):
                    if n:
                        by_name[n].append(s)
        for name, iris in sorted(by_name.items()):
            if len(set(iris)) > 1:
                ordered = sorted(set(iris))
                for iri in ordered:  # name every place, so the curator finds the newcomer
                    file, line = where(iri)
                    others = " and ".join(shorten(o) for o in ordered if o != iri)
                    problems.append(
                        Problem(
                            file,
                            line,
                            f"duplicate {kind}: {shorten(iri)} and {others} are both named '{name}'; "
                            f"keep one IRI and record the other spelling as skos:altLabel",
                        )
                    )
    return problems


def check_shapes(docs: list[SourceDocument], project: Project) -> list[Problem]:
    """Validate the union of all graphs against ``ontology/shapes.ttl``.

    :mod:`kg.shacl` evaluates the SHACL Core subset the shapes use straight on the quads, with
    pySHACL's results, in seconds at a million triples; shapes outside that subset go to pySHACL.
    """
    from kg.pipeline.shacl import UnsupportedShapes, load_shapes, validate_quads

    shapes_doc = relative(project.shapes_file, project.root)
    try:
        shapes = load_shapes(project.shapes_file)
    except UnsupportedShapes:
        return check_shapes_pyshacl(docs, project)
    except (SyntaxError, OSError) as err:
        return [Problem(shapes_doc, None, f"shapes do not parse: {err}")]
    results = validate_quads((q for doc in docs for q in doc.quads), shapes)
    return _shape_problems(
        [
            (
                ox_to_rdflib(r.focus),
                None if r.path is None else URIRef(r.path),
                r.message,
                None if r.value is None else ox_to_rdflib(r.value),
            )
            for r in results
        ],
        docs,
    )


def check_shapes_pyshacl(docs: list[SourceDocument], project: Project) -> list[Problem]:
    """Validate the union of all graphs against ``ontology/shapes.ttl`` with pySHACL."""
    from pyshacl import validate

    data = Graph()
    for doc in docs:
        for q in doc.quads:
            data.add((ox_to_rdflib(q.subject), ox_to_rdflib(q.predicate), ox_to_rdflib(q.object)))
    shapes_path = project.shapes_file
    shapes_doc = relative(shapes_path, project.root)
    try:
        shapes = Graph().parse(shapes_path, format="turtle")
    except Exception as err:  # rdflib raises several parser exception types
        return [Problem(shapes_doc, None, f"shapes do not parse: {err}")]
    conforms, results, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    if conforms:
        return []
    assert isinstance(results, Graph)
    found = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(r, SH.resultSeverity)
        if severity is not None and severity != SH.Violation:
            continue
        found.append(
            (
                results.value(r, SH.focusNode),
                results.value(r, SH.resultPath),
                results.value(r, SH.resultMessage),
                results.value(r, SH.value),
            )
        )
    return _shape_problems(found, docs)


def _shape_problems(
    results: Sequence[tuple[object, object, object, object]], docs: list[SourceDocument]
) -> list[Problem]:
    """(focus, path, message, value) of each violation as a problem at the focus node's line."""
    locate = _locator(docs)
    problems = []
    for focus, path, message, value in results:
        file, line = locate(focus)
        subject = shorten(str(focus)) if isinstance(focus, URIRef) else str(focus)
        detail = f" (found {value.n3() if hasattr(value, 'n3') else value})" if value is not None else ""
        on = f" {shorten(str(path))}" if isinstance(path, URIRef) else ""
        problems.append(Problem(file, line, f"{subject}{on}: {message}{detail}"))
    return problems


def _locator(docs: list[SourceDocument]):
    def locate(node: object) -> tuple[str, int | None]:
        if isinstance(node, Literal):  # a literal focus node: point at the statement that holds it
            for doc in docs:
                for q in doc.quads:
                    if (
                        isinstance(q.object, ox.Literal)
                        and q.object.value == str(node)
                        and isinstance(q.subject, ox.NamedNode)
                    ):
                        return doc.display, doc.find_line(f'"{node}"', after=doc.line_of(q.subject.value))
            return "data/curated", None
        return locate_entity(docs, str(node))

    return locate


def graph_name(doc: SourceDocument) -> str:
    """The short name of a document's graph, as ``kg stats`` prints it."""
    return doc.graph[len(GRAPH_BASE) :]

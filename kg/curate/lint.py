"""Quality checks beyond what fails the build: ``kg lint [--strict]``.

The build rejects what is wrong (bad syntax, undefined references, exact duplicates, SHACL
violations); lint reports what is probably wrong and needs a curator's eye: likely duplicates
(similar names of one kind), entities without a source, dangling references, and vocabulary
nobody uses. It reads the source files directly, so it runs on a checkout whose build fails.
``--strict`` (CI) turns any finding into a non-zero exit.
"""

from __future__ import annotations

import difflib
import os
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib.namespace import SKOS

from kg.curate.extract.kinds import FOR_PAGES
from kg.pipeline.checks import check_references, normalise_name
from kg.project import Project
from kg.sources.document import SourceDocument, locate
from kg.sources.questions import open_questions
from kg.sources.readers import read_sources
from kg.vocab import BASE, KGO, NAME_PROPERTIES, RDF_TYPE, RESOLVED_KINDS, shorten
from kg.vocab import KINDS as VOCAB_KINDS

SIMILARITY = 0.85
"""Names of one kind at least this similar (difflib ratio of the normalised forms) are likely one entity."""
KINDS = {VOCAB_KINDS[k].cls: VOCAB_KINDS[k].en for k in RESOLVED_KINDS}
NAME_PROPS = set(NAME_PROPERTIES)
_SCHEMA_NAME = NAME_PROPERTIES[0]
_MUNICIPALITY = ox.NamedNode(str(KGO.Municipality))
_VOCABULARY_LINKS = {
    str(SKOS.inScheme),
    str(SKOS.topConceptOf),
    str(SKOS.hasTopConcept),
    str(SKOS.broader),
    str(SKOS.narrower),
    str(SKOS.related),
}
"""Links between concepts and their schemes: these do not count as using a concept."""


@dataclass(frozen=True, order=True)
class Finding:
    """One thing lint found: which check, where, and what to do."""

    check: str
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: [{self.check}] {self.message}"


@dataclass
class LintReport:
    """Every finding of one lint run, and the notes it lists for information."""

    findings: list[Finding]
    notes: list[Finding] = field(default_factory=list)
    """Information, not problems: they never fail ``--strict`` (municipalities without an AGS)."""

    @property
    def ok(self) -> bool:
        return not self.findings

    def __str__(self) -> str:
        info = [f"{n} (information)" for n in self.notes]
        if info:
            info.append(f"lint: {len(self.notes)} note(s) for information: {_summary(self.notes)}")
        if self.ok:
            return "\n".join([*info, "lint: no findings"]) + "\n"
        lines = [str(f) for f in self.findings]
        return (
            "\n".join([*info, *lines, f"lint: {len(self.findings)} finding(s): {_summary(self.findings)}"])
            + "\n"
        )


def _summary(findings: list[Finding]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for f in findings:
        counts[f.check] += 1
    return ", ".join(f"{n} {check}" for check, n in sorted(counts.items()))


def lint_project(project: Project | str | os.PathLike[str] | None = None) -> LintReport:
    """Run every lint check on the project's ontology and curated data."""
    project = project if isinstance(project, Project) else Project.discover(project)
    docs = read_sources(project)
    findings = (
        likely_duplicates(docs)
        + without_source(docs)
        + dangling_references(docs)
        + unused_vocabulary(docs)
        + unanswered_questions(docs)
    )
    return LintReport(sorted(set(findings)), sorted(set(municipalities_without_key(docs))))


def municipalities_without_key(docs: list[SourceDocument]) -> list[Finding]:
    """Municipalities no source gives an official key (AGS): information for a curator who finds one."""
    municipalities: set[str] = set()
    keyed: set[str] = set()
    names: dict[str, str] = {}
    for doc in docs:
        for q in doc.quads:
            if not isinstance(q.subject, ox.NamedNode):
                continue
            s = q.subject.value
            if q.predicate.value == RDF_TYPE and q.object == _MUNICIPALITY:
                municipalities.add(s)
            elif q.predicate.value == str(KGO.ags):
                keyed.add(s)
            elif q.predicate.value == _SCHEMA_NAME and isinstance(q.object, ox.Literal):
                names.setdefault(s, q.object.value)
    findings = []
    for iri in sorted(municipalities - keyed):
        file, line = locate(docs, iri)
        findings.append(
            Finding(
                "no-ags",
                file,
                line,
                f"municipality {shorten(iri)} '{names.get(iri, '?')}' has no AGS in any source: "
                f"add 'ags' where a source states it",
            )
        )
    return findings


def likely_duplicates(docs: list[SourceDocument]) -> list[Finding]:
    """Two IRIs of one kind whose names are similar but not equal (equal ones fail the build)."""
    types: dict[str, set[str]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        for q in doc.quads:
            if not isinstance(q.subject, ox.NamedNode):
                continue
            if q.predicate.value == RDF_TYPE and isinstance(q.object, ox.NamedNode):
                types[q.subject.value].add(q.object.value)
            elif q.predicate.value in NAME_PROPS and isinstance(q.object, ox.Literal):
                n = normalise_name(q.object.value)
                if n:
                    names[q.subject.value].add(n)
    by_kind: dict[str, list[str]] = defaultdict(list)
    for s, ts in types.items():
        for cls, kind in KINDS.items():  # most specific first: a project is not also an organisation here
            if cls in ts:
                by_kind[kind].append(s)
                break
    questions = {(p.file, p.line) for p in open_questions(docs)}
    findings = []
    for kind, iris in by_kind.items():
        iris.sort()
        for i, a in enumerate(iris):
            for b in iris[i + 1 :]:
                best = max(
                    (
                        (difflib.SequenceMatcher(None, x, y).ratio(), x, y)
                        for x in names.get(a, ())
                        for y in names.get(b, ())
                        if not other_place_in_one_word(x, y)
                    ),
                    default=None,
                )
                if best and SIMILARITY <= best[0] < 1.0:
                    (file, line), other = _newer(docs, questions, a, b)
                    findings.append(
                        Finding(
                            "duplicate",
                            file,
                            line,
                            f"likely duplicate {kind}: {shorten(a)} '{best[1]}' and {shorten(b)} '{best[2]}' "
                            f"are {best[0]:.0%} similar (the other is at {other}); if they are one, keep one "
                            f"IRI and record the other spelling as skos:altLabel (spellings: in YAML)",
                        )
                    )
    return findings


_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
"""Umlauts spelled out: "für" and "fuer" are one word written two ways."""
WORD_SIMILARITY = 0.8
"""Two words less similar than this are different words, not two spellings of one."""


def other_place_in_one_word(x: str, y: str) -> bool:
    """Names alike but for one word that is another word altogether, not a misspelling of it:
    ``universität göttingen`` and ``universität groningen``, ``landkreis nienburg`` and
    ``landkreis oldenburg`` name two places, however similar the whole names look."""
    xs, ys = x.translate(_FOLD).split(), y.translate(_FOLD).split()
    if len(xs) != len(ys):
        return False
    differing = [(u, v) for u, v in zip(xs, ys, strict=True) if u != v]
    return len(differing) == 1 and difflib.SequenceMatcher(None, *differing[0]).ratio() < WORD_SIMILARITY


def _newer(
    docs: list[SourceDocument], questions: set[tuple[str, int | None]], a: str, b: str
) -> tuple[tuple[str, int | None], str]:
    """Where to point for a likely duplicate, and where the other one stands: at the entity whose
    line holds an open question (the one ``kg extract`` just wrote beside the known one), else at the
    later IRI. Pointing at the later IRI alone sent the curator to the old file when the new id
    sorted first."""
    here, there = locate(docs, a), locate(docs, b)
    first, second = (here, there) if here in questions and there not in questions else (there, here)
    where = f"{second[0]}:{second[1]}" if second[1] else second[0]
    return first, where


def without_source(docs: list[SourceDocument]) -> list[Finding]:
    """Entities that no curated file (one source document each) says anything about."""
    curated_subjects = {
        q.subject.value
        for d in docs
        if not d.is_ontology
        for q in d.quads
        if isinstance(q.subject, ox.NamedNode)
    }
    findings = []
    for doc in docs:
        if not doc.is_ontology:
            continue
        for q in doc.quads:
            s = q.subject
            if (
                q.predicate.value == RDF_TYPE
                and isinstance(s, ox.NamedNode)
                and s.value.startswith(BASE)
                and not s.value.startswith((BASE + "concept/", BASE + "ontology"))
                and s.value not in curated_subjects
            ):
                findings.append(
                    Finding(
                        "no-source",
                        doc.display,
                        doc.line_of(s.value),
                        f"{shorten(s.value)} has no source: describe it in the data/curated file of the "
                        f"document that states it, not in the ontology",
                    )
                )
    return findings


def unanswered_questions(docs: list[SourceDocument]) -> list[Finding]:
    """The ``# AMBIGUOUS`` comments ``kg extract`` left for the curator, at their own file and line."""
    return [Finding("open-question", p.file, p.line, p.message) for p in open_questions(docs)]


def dangling_references(docs: list[SourceDocument]) -> list[Finding]:
    """IRIs used or described that no source defines (the build's reference check, as findings)."""
    return [Finding("dangling", p.file, p.line, p.message) for p in check_references(docs)]


def unused_vocabulary(docs: list[SourceDocument]) -> list[Finding]:
    """Concepts and kgo: terms that no statement uses."""
    concepts: set[str] = set()
    terms: set[str] = set()
    for doc in docs:
        if not doc.is_ontology:
            continue
        for q in doc.quads:
            if q.predicate.value != RDF_TYPE or not isinstance(q.subject, ox.NamedNode):
                continue
            if isinstance(q.object, ox.NamedNode) and q.object.value == str(SKOS.Concept):
                concepts.add(q.subject.value)
            elif q.subject.value.startswith(str(KGO)):
                terms.add(q.subject.value)
    # ontology statements about a term (its label, domain, range) do not count as using it
    used_in_data = {
        v
        for d in docs
        if not d.is_ontology
        for q in d.quads
        if q.predicate.value not in _VOCABULARY_LINKS
        for v in (q.predicate.value, q.object.value if isinstance(q.object, ox.NamedNode) else "")
    }
    # kinds the extractor writes for the pages it reads are used by it, whether or not data has them yet
    used_in_data |= {BASE + "concept/item-kind/" + kind for kind in FOR_PAGES}
    findings = []
    for iri in sorted(concepts - used_in_data):
        file, line = locate(docs, iri)
        findings.append(
            Finding(
                "unused", file, line, f"concept {shorten(iri)} is used by no statement: use it or remove it"
            )
        )
    for iri in sorted(terms - used_in_data):
        file, line = locate(docs, iri)
        findings.append(
            Finding(
                "unused",
                file,
                line,
                f"ontology term {shorten(iri)} is used by no statement: use it or remove it",
            )
        )
    return findings


__all__ = ["Finding", "LintReport", "lint_project"]

"""Writing a synthetic project: the ontology copied, the curated Turtle files, the report."""

from __future__ import annotations

import os
import shutil
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.dev.synth.generator import Entity, Generator
from kg.dev.synth.identity import FILE_TRIPLES, RETRIEVED_ON, SYNTH_SOURCE
from kg.dev.synth.proportions import Proportions
from kg.errors import KGError
from kg.project import Project
from kg.vocab import BASE, SKOS


@dataclass
class SynthReport:
    """What :func:`write_synthetic_project` wrote."""

    root: Path
    triples: int
    """statements in the curated files plus the ontology, as ``kg build`` will count them"""
    files: list[Path]
    entities: dict[str, int]

    def __str__(self) -> str:
        kinds = ", ".join(f"{n} {k}" for k, n in self.entities.items())
        return (
            f"wrote {self.root}: about {self.triples} statements in {len(self.files)} source files ({kinds})"
        )


def _vocabulary(project: Project) -> dict[str, list[str]]:
    """Concepts of the project's SKOS schemes, relative to the base: scheme slug → concept IRIs."""
    schemes: dict[str, list[str]] = defaultdict(list)
    for path in sorted(project.ontology_dir.glob("*.ttl")):
        if path == project.shapes_file:
            continue
        for t in ox.parse(path=path, format=ox.RdfFormat.TURTLE, base_iri=BASE):
            if t.predicate.value == str(SKOS.inScheme) and t.object.value.startswith(BASE + "concept/"):
                schemes[t.object.value[len(BASE + "concept/") :]].append(t.subject.value[len(BASE) :])
    return {k: sorted(set(v)) for k, v in schemes.items()}


def _ontology_statements(project: Project) -> int:
    n = 0
    for path in sorted(project.ontology_dir.glob("*.ttl")):
        if path != project.shapes_file:
            n += sum(1 for _ in ox.parse(path=path, format=ox.RdfFormat.TURTLE, base_iri=BASE))
    return n + 1  # and the size the build states in the ontology's graph (void:triples)


_PREAMBLE = """@prefix schema:  <https://schema.org/> .
@prefix kgo:     <https://w3id.org/kommunen-kg/ontology#> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix time:    <http://www.w3.org/2006/time#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .

# SYNTHETIC DATA for benchmarks and tests, made by `kg synth` (kg/dev/synth/): no statement here
# describes a real person, organisation, project or place. AGS starting with 99 are not real keys.
"""


def _write_file(path: Path, graph: str, title: str, seed: int, entities: Sequence[Entity]) -> int:
    parts = [
        _PREAMBLE,
        f"<{graph}> a kgo:SourceGraph ;\n"
        f'    dcterms:title "Synthetische Daten: {title}"@de ;\n'
        f"    dcterms:source <{SYNTH_SOURCE}/seed/{seed}> ;\n"
        f'    kgo:retrievedOn "{RETRIEVED_ON}"^^xsd:date .\n',
    ]
    n = 5  # the four above, and the size the build states in every graph (void:triples)
    for e in entities:
        body = " ;\n    ".join(f"{p} {o}" for p, o in e.lines)
        parts.append(f"\n{e.iri} {body} .\n")
        n += len(e.lines)
    path.write_text("".join(parts), encoding="utf-8")
    return n


def write_synthetic_project(
    out: str | os.PathLike[str],
    triples: int,
    *,
    seed: int = 0,
    project: Project | None = None,
    proportions: Proportions | None = None,
) -> SynthReport:
    """Write a project folder at ``out`` (``ontology/`` copied, ``data/curated/synth/*.ttl``)
    whose build holds about ``triples`` statements (at least that many, at most one round more).

    ``kg build --project OUT`` validates and builds it like the real project.
    """
    if triples < 1:
        raise KGError(f"--triples must be a positive number, not {triples}")
    project = project or Project.discover()
    proportions = proportions or Proportions.from_project(project)
    root = Path(out)
    curated = root / "data" / "curated"
    if curated.exists():
        shutil.rmtree(curated)  # a rerun must not leave files of a larger earlier run behind
    curated.mkdir(parents=True)
    shutil.rmtree(root / "ontology", ignore_errors=True)
    shutil.copytree(project.ontology_dir, root / "ontology")
    ontology = _ontology_statements(project)
    gen = Generator(proportions, _vocabulary(project), seed)
    groups = gen.run(max(0, triples - ontology))
    folder = curated / "synth"
    folder.mkdir()
    files: list[Path] = []
    total = ontology
    names = {
        "municipality": "municipalities",
        "funding": "funding-measures",
        "organization": "organizations",
        "person": "people",
        "project": "projects",
        "series": "event-series",
        "event": "events",
    }
    for kind, entities in groups.items():
        if not entities:
            continue
        chunk: list[Entity] = []
        size = 0
        part = 0
        for i, e in enumerate(entities):
            chunk.append(e)
            size += len(e.lines)
            # an event file ends only after an event's last appearance (items refer within it)
            next_is_new = i + 1 == len(entities) or entities[i + 1].kind == kind
            if (size >= FILE_TRIPLES and next_is_new) or i + 1 == len(entities):
                part += 1
                name = f"{names[kind]}-{part:03d}"
                path = folder / f"{name}.ttl"
                total += _write_file(path, f"graph/synth/{name}", f"{names[kind]}, Teil {part}", seed, chunk)
                files.append(path)
                chunk, size = [], 0
    counts = {k: len(v) for k, v in gen.pools.items()}
    return SynthReport(root=root, triples=total, files=files, entities=counts)

"""Synthetic data of realistic shape: a project folder that ``kg build`` validates and builds.

Benchmarks need graphs of 10 k to millions of triples, and the real measure has a few hundred.
:func:`write_synthetic_project` copies the ontology of a real project and writes curated Turtle
files whose entities come in the proportions of that project's ``data/curated/`` (how many
people per event, members per project, …, counted by :meth:`Proportions.from_project`).

Synthetic data must never pass for real data: every entity lives under ``synth/`` in the base
namespace (``kg:synth/person/000001``), every AGS starts with ``99`` (no German Land has that
number; real keys start 01–16), every source graph is titled "Synthetische Daten" and cites
``https://kommunen-kg.example/synthetic/seed/N`` as its source, and names say "Synth…".

Output depends only on the triple count, the seed and the proportions (the real project's data):
one seed, one set of bytes.
"""

from __future__ import annotations

from kg.dev.synth.identity import RETRIEVED_ON, SYNTH_AGS_PREFIX, SYNTH_PREFIX, SYNTH_SOURCE
from kg.dev.synth.proportions import KINDS, Proportions, kind_of_types
from kg.dev.synth.writer import SynthReport, write_synthetic_project

__all__ = [
    "KINDS",
    "RETRIEVED_ON",
    "SYNTH_AGS_PREFIX",
    "SYNTH_PREFIX",
    "SYNTH_SOURCE",
    "Proportions",
    "SynthReport",
    "kind_of_types",
    "write_synthetic_project",
]

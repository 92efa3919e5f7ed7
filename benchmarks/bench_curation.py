"""Benchmark of the curator format: reading YAML against reading Turtle, per statement.

Run ``python benchmarks/bench_curation.py``; it prints ratios (never absolute limits), so the
numbers compare across machines: the YAML reader's cost per statement relative to the Turtle
reader's, and the share of the whole build that SHACL validation takes.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's kg, not an installed one

import kg  # noqa: E402
from kg.pipeline.checks import check_shapes  # noqa: E402
from kg.project import Project  # noqa: E402
from kg.sources.readers import READERS, read_sources  # noqa: E402
from kg.vocab import GRAPH_BASE  # noqa: E402


def _per_statement(files: list[Path], rounds: int = 5) -> float:
    times, quads = [], 0
    for _ in range(rounds):
        start = time.perf_counter()
        quads = sum(len(READERS[p.suffix](p, p.name, GRAPH_BASE + p.stem).quads) for p in files)
        times.append(time.perf_counter() - start)
    return statistics.median(times) / max(quads, 1)


def main() -> None:
    project = Project(ROOT)
    curated = sorted(project.curated_dir.glob("*"))
    yaml_cost = _per_statement([p for p in curated if p.suffix == ".yaml"])
    turtle_cost = _per_statement([p for p in curated if p.suffix == ".ttl"])
    print(f"YAML reader / Turtle reader, time per statement: {yaml_cost / turtle_cost:.2f}")

    builds = []
    for _ in range(3):
        out = Path(tempfile.mkdtemp()) / "dist"
        start = time.perf_counter()
        kg.build_dataset(project, out)
        builds.append(time.perf_counter() - start)
    docs = read_sources(project)
    start = time.perf_counter()
    check_shapes(docs, project)
    shacl = time.perf_counter() - start
    print(f"SHACL validation / whole build: {shacl / statistics.median(builds):.2f}")


if __name__ == "__main__":
    main()

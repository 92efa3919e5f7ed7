"""Ways to load a built dataset into pyoxigraph's in-memory store, against the one ``kg.load`` uses.

``KnowledgeGraph.from_dist`` loads ``dist/kg.nq`` with ``Store.load(lenient=True)``. This
measures that beside the other ways pyoxigraph offers or the machine allows, on the same
``dist/`` in one run, each in a fresh process (a store's memory is not handed back to the
operating system, so a second load in one process would start warm):

- ``from_dist``: what ``kg.load`` does, the staleness check of ``dist/`` included (the baseline);
- ``load``: ``Store.load`` of ``kg.nq`` alone; ``load, strict``: the same, IRIs checked;
- ``bulk_load``: ``Store.bulk_load`` of ``kg.nq``;
- ``load TriG``: ``kg.trig``, a quarter of the bytes but Turtle syntax;
- ``load bytes``: ``kg.nq`` read into memory first, the read not timed;
- ``per graph``: one N-Triples file per named graph (cut from ``kg.nq`` beforehand, not timed),
  each loaded with ``to_graph``: the graph name is parsed once per file, not once per line;
- ``two threads``: the two halves of ``kg.nq`` loaded into the one store at the same time;
- ``huge pages``: ``from_dist`` with ``GLIBC_TUNABLES=glibc.malloc.hugetlb=1`` (malloc asks the
  kernel for transparent huge pages), an environment setting of the process, not of the code.

    python -m benchmarks.bench_load --dist build/bench/synth-1000000/dist [--reps 3] [--docs]

``--docs`` writes the table into docs/benchmarks.md between its ``load:begin``/``load:end`` marks.
Ratios, not absolute times, are what to compare between machines.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
VARIANTS = (
    "from_dist",
    "load",
    "load, strict",
    "bulk_load",
    "load TriG",
    "load bytes",
    "per graph",
    "two threads",
    "huge pages",
)


def split_per_graph(nq: Path, out: Path) -> dict[str, str]:
    """One N-Triples file per named graph of ``nq`` (file → graph IRI).

    Cut as text: a line of ``kg.nq`` ends in `` <graph> .`` (the build writes no default-graph
    statements), and no IRI holds a space.
    """
    files: dict[str, Any] = {}
    graphs: dict[str, str] = {}
    try:
        with nq.open("rb") as lines:
            for line in lines:
                body, _, graph = line.rstrip(b" .\n").rpartition(b" ")
                if graph not in files:
                    path = out / f"{len(files):04d}.nt"
                    files[graph] = path.open("wb")
                    graphs[str(path)] = graph.decode()[1:-1]
                files[graph].write(body + b" .\n")
    finally:
        for f in files.values():
            f.close()
    return graphs


def load_once(variant: str, dist: Path, project: Path, graphs: dict[str, str]) -> tuple[float, int]:
    """Seconds for one load of ``variant`` in this process, and the statements it loaded."""
    import pyoxigraph as ox

    import kg

    nq, fmt = dist / "kg.nq", ox.RdfFormat.N_QUADS
    if variant in ("from_dist", "huge pages"):
        t = time.perf_counter()
        graph = kg.KnowledgeGraph.from_dist(dist, project=project)
        return time.perf_counter() - t, len(graph)  # the source graphs' statements, as the others load
    store = ox.Store()
    data = nq.read_bytes() if variant == "load bytes" else b""
    t = time.perf_counter()
    if variant == "load":
        store.load(path=nq, format=fmt, lenient=True)
    elif variant == "load, strict":
        store.load(path=nq, format=fmt)
    elif variant == "bulk_load":
        store.bulk_load(path=nq, format=fmt, lenient=True)
    elif variant == "load TriG":
        store.load(path=dist / "kg.trig", format=ox.RdfFormat.TRIG, lenient=True)
    elif variant == "load bytes":
        store.load(input=data, format=fmt, lenient=True)
    elif variant == "per graph":
        for path, graph in graphs.items():
            store.load(path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph), lenient=True)
    elif variant == "two threads":
        halves = _halves(nq)
        t = time.perf_counter()  # reading the halves is not the load
        workers = [
            threading.Thread(target=store.load, kwargs={"input": h, "format": fmt, "lenient": True})
            for h in halves
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
    else:
        raise ValueError(f"no such variant: {variant}")
    return time.perf_counter() - t, len(store)


def _halves(nq: Path) -> list[bytes]:
    data = nq.read_bytes()
    cut = data.index(b"\n", len(data) // 2) + 1
    return [data[:cut], data[cut:]]


def run_variant(variant: str, dist: Path, project: Path, graphs: Path, reps: int) -> dict[str, Any]:
    """``reps`` loads of ``variant``, each in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if variant == "huge pages":
        env["GLIBC_TUNABLES"] = "glibc.malloc.hugetlb=1"
    times, counts = [], set()
    for _ in range(reps):
        cmd = [sys.executable, "-m", "benchmarks.bench_load", "--one", variant, "--dist", str(dist)]
        cmd += ["--project", str(project), "--graphs", str(graphs)]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, check=True)
        seconds, statements = json.loads(done.stdout.strip().splitlines()[-1])
        times.append(seconds)
        counts.add(statements)
    return {"seconds": statistics.median(times), "runs": times, "statements": sorted(counts)}


def run(dist: Path, project: Path, reps: int, log: Any = print) -> dict[str, Any]:
    """Every variant on ``dist``: name → median seconds, the runs, the statements loaded."""
    with tempfile.TemporaryDirectory() as tmp:
        graphs = split_per_graph(dist / "kg.nq", Path(tmp))
        index = Path(tmp) / "graphs.json"
        index.write_text(json.dumps(graphs))
        results = {}
        for variant in VARIANTS:
            results[variant] = run_variant(variant, dist, project, index, reps)
            log(f"{variant}: median {results[variant]['seconds']:.2f} s")
    return results


def table(results: dict[str, Any]) -> str:
    base = results["from_dist"]["seconds"]
    lines = [
        "| way to load | median s | statements/s | time against `from_dist` |",
        "|---|---|---|---|",
    ]
    for variant, r in results.items():
        n = r["statements"][0]
        mark = (
            " (different count!)"
            if len(r["statements"]) > 1 or n != results["from_dist"]["statements"][0]
            else ""
        )
        lines.append(
            f"| {variant} | {r['seconds']:.2f} | {n / r['seconds']:,.0f}{mark} | {r['seconds'] / base:.2f} |"
        )
    return "\n".join(lines)


def write_docs(text: str, machine: str) -> None:
    doc = DOC.read_text()
    begin, end = "<!-- load:begin -->", "<!-- load:end -->"
    if begin not in doc or end not in doc:
        raise SystemExit(f"{DOC} has no {begin} … {end} section")
    head, rest = doc.split(begin, 1)
    _, tail = rest.split(end, 1)
    DOC.write_text(f"{head}{begin}\n{machine}\n\n{text}\n{end}{tail}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dist", type=Path, default=ROOT / "build" / "bench" / "synth-1000000" / "dist")
    p.add_argument("--project", type=Path, help="the project the dist was built from (default: its parent)")
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--docs", action="store_true", help="write the table into docs/benchmarks.md")
    p.add_argument("--one", choices=VARIANTS, help=argparse.SUPPRESS)
    p.add_argument("--graphs", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    project = args.project or args.dist.parent
    if args.one:
        from kg.project import Project

        graphs = json.loads(args.graphs.read_text()) if args.graphs else {}
        print(json.dumps(load_once(args.one, args.dist, Project(project), graphs)))
        return 0
    if not (args.dist / "kg.nq").is_file():
        raise SystemExit(f"{args.dist} has no kg.nq: run `make bench` (or kg synth + kg build) first")
    results = run(args.dist, project, args.reps)
    text = table(results)
    print(text)
    if args.docs:
        import platform

        import pyoxigraph

        machine = (
            f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, "
            f"load average at start {os.getloadavg()[0]:.1f}; `{args.dist.relative_to(ROOT) if args.dist.is_relative_to(ROOT) else args.dist}`, "
            f"median of {args.reps} loads, each in a fresh process."
        )
        write_docs(text, machine)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

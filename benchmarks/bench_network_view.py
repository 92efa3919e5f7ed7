"""How long the collaboration view (RDF → networkx, what `kg network --view collaboration` and the
site compute) takes on a built ``dist/``, and its peak memory, against a baseline measured in the
same run: the same step from another checkout of kg (``--baseline-tree``, e.g. a worktree of the
commit before a change), each in a fresh process.

    python benchmarks/bench_network_view.py DIST [--baseline-tree PATH] [--repeat 2] [--json out.json]

The ratio (this checkout / baseline) is what to compare between machines; a scan of every
statement (``SELECT (COUNT(*) …)``) is reported as the machine's own yardstick.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STEP = """
import json, resource, sys, time
from kg.sparql.store import KnowledgeGraph
from kg.network.graph import to_networkx
g = KnowledgeGraph.from_dist(sys.argv[1])
t = time.perf_counter()
g.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
scan = time.perf_counter() - t
t = time.perf_counter()
net = to_networkx(g, "collaboration")
view = time.perf_counter() - t
print(json.dumps({"statements": len(g), "scan_s": scan, "view_s": view, "nodes": len(net),
                  "edges": net.number_of_edges(),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(tree: Path, dist: Path) -> dict[str, float]:
    """One measurement in a fresh process with ``tree``'s kg on the path."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", STEP, str(dist)], env=env, capture_output=True, text=True, check=True, cwd=tree
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dist", type=Path, help="a built dist/ folder (e.g. of `kg synth` + `kg build`)")
    parser.add_argument("--baseline-tree", type=Path, help="another checkout of kg to compare with")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    cases = [("this checkout", ROOT)] + ([("baseline", args.baseline_tree)] if args.baseline_tree else [])
    results: dict[str, list[dict[str, float]]] = {name: [] for name, _ in cases}
    for _ in range(args.repeat):  # interleaved, so both see the same load on the machine
        for name, tree in cases:
            results[name].append(run(tree, args.dist))
    summary = {}
    for name, runs in results.items():
        summary[name] = {
            "statements": runs[0]["statements"],
            "nodes": runs[0]["nodes"],
            "edges": runs[0]["edges"],
            "view_s": statistics.median(r["view_s"] for r in runs),
            "scan_s": statistics.median(r["scan_s"] for r in runs),
            "peak_mb": max(r["peak_mb"] for r in runs),
            "runs_s": [round(r["view_s"], 2) for r in runs],
        }
    print("| case | statements | nodes | view (s), runs | scan (s) | peak MB |")
    print("|---|---|---|---|---|---|")
    for name, s in summary.items():
        runs_s = " / ".join(f"{x:.2f}" for x in s["runs_s"])
        print(
            f"| {name} | {s['statements']:,} | {s['nodes']:,} | {s['view_s']:.2f} ({runs_s}) "
            f"| {s['scan_s']:.2f} | {s['peak_mb']:,.0f} |"
        )
    if "baseline" in summary:
        ratio = summary["this checkout"]["view_s"] / summary["baseline"]["view_s"]
        print(f"\nratio this checkout / baseline: {ratio:.3f}")
        summary["ratio"] = {"view": ratio}
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

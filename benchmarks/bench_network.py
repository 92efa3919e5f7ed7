"""How long the network page takes to settle in headless Chromium, as the graph grows.

Settled means: the layout stands still and the picture is drawn (vis-network's
``stabilizationIterationsDone`` with physics, the first ``afterDrawing`` without). Pages with
positions computed ahead in Python (physics off) are measured at 500, 2,000 and 5,000 nodes and
compared with a baseline measured in the same run: the same 500-node network laid out by
vis-network's physics in the browser. Python's share (layout, measures, page) is reported apart,
and within it the betweenness the page sizes nodes by (exact up to ``BETWEENNESS_EXACT_LIMIT``
nodes, estimated from ``BETWEENNESS_SAMPLES`` sources above); ``labels`` counts the names drawn at
first sight.

    python benchmarks/bench_network.py [--sizes 500 2000 5000] [--repeat 2] [--json out.json]

Ratios, not absolute times, are what to compare between machines.
"""

from __future__ import annotations

import argparse
import functools
import json
import statistics
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.network.analysis import simple
from kg.network.graph import synthetic_network
from kg.web.viz import betweenness, render_page

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SETTLED = (
    "() => Object.keys(window.kgNetworks || {}).length > 0"
    " && Object.values(window.kgNetworks).every(s => s.settled !== null)"
)


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def measure(browser, url: str, timeout_s: float) -> dict[str, float]:
    """Seconds from navigation to settled, and the page's own view of first draw and settle."""
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    try:
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_function(SETTLED, timeout=timeout_s * 1000, polling=50)
        wall = time.perf_counter() - start
        inside = page.evaluate(
            "() => { const s = Object.values(window.kgNetworks)[0];"
            " return {start: s.t0, first: s.firstDraw, settled: s.settled,"
            " nodes: s.network.body.nodeIndices.length, labels: s.labels.length}; }"
        )
    finally:
        page.close()
    return {
        "wall_s": wall,
        "script_start_s": inside["start"] / 1000,
        "first_draw_s": (inside["start"] + inside["first"]) / 1000,
        "settled_s": (inside["start"] + inside["settled"]) / 1000,
        "nodes": inside["nodes"],
        "labels": inside["labels"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--baseline-size", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=2, help="runs per page (the median counts)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds a page may take to settle")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases: list[tuple[str, int, str]] = [("physics (baseline)", args.baseline_size, "physics")]
        cases += [("precomputed", n, "precomputed") for n in args.sizes]
        python_side: dict[str, float] = {}
        between_side: dict[str, float] = {}
        for _label, n, layout in cases:
            net = synthetic_network(n)
            t = time.perf_counter()
            html = render_page(net, layout=layout)
            python_side[f"{layout}-{n}"] = time.perf_counter() - t
            t = time.perf_counter()
            betweenness(simple(net))
            between_side[f"{layout}-{n}"] = time.perf_counter() - t
            (folder / f"{layout}-{n}.html").write_text(html, encoding="utf-8")
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        results = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                measure(browser, f"{base}/precomputed-{args.sizes[0]}.html", args.timeout)  # warm-up
                for label, n, layout in cases:
                    runs = [
                        measure(browser, f"{base}/{layout}-{n}.html", args.timeout)
                        for _ in range(args.repeat)
                    ]
                    row = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                    row.update(
                        case=label,
                        size=n,
                        python_s=python_side[f"{layout}-{n}"],
                        betweenness_s=between_side[f"{layout}-{n}"],
                    )
                    results.append(row)
                browser.close()
        finally:
            server.shutdown()
            server.server_close()

    baseline = results[0]["settled_s"]
    print(
        f"time to settle in headless Chromium (median of {args.repeat}); baseline: physics at {args.baseline_size}"
    )
    print(
        f"{'case':20} {'nodes':>6} {'first draw s':>12} {'settled s':>10} {'vs baseline':>12} {'python s':>9}"
        f" {'betweenness s':>13} {'labels':>6}"
    )
    for r in results:
        r["ratio_vs_baseline"] = r["settled_s"] / baseline
        print(
            f"{r['case']:20} {r['size']:>6} {r['first_draw_s']:>12.2f} {r['settled_s']:>10.2f}"
            f" {r['ratio_vs_baseline']:>12.3f} {r['python_s']:>9.2f}"
            f" {r['betweenness_s']:>13.2f} {r['labels']:>6.0f}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How much slower are the same queries through a SPARQL server than in the embedded store?

Runs every named query and every probe of tests/data/probe-queries against the embedded store,
`kg serve`, a pushed Oxigraph server and a pushed Virtuoso, and prints each store's time as a
ratio to the embedded store's (the baseline), plus the time a push takes. Run from the checkout:

    .venv/bin/python benchmarks/bench_remote.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_remote import QUERIES, example_bindings  # noqa: E402

import kg  # noqa: E402
from kg.web.serve import Server  # noqa: E402
from tests.servers import start_oxigraph, start_virtuoso  # noqa: E402


def run_all(store: object, rounds: int) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        for _label, query, by_name in QUERIES:
            store.query(query.name if by_name else query.text, **example_bindings(query))  # type: ignore[attr-defined]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        dist = Path(tmp) / "dist"
        kg.build_dataset(kg.Project(ROOT), dist)
        embedded = kg.KnowledgeGraph.from_dist(dist, project=kg.Project(ROOT))
        oxigraph = start_oxigraph(Path(tmp) / "oxigraph", timeout_s=60)
        virtuoso = start_virtuoso(Path(tmp) / "virtuoso", max_rows=100_000)
        try:
            with Server(dist, port=0) as served:
                stores: dict[str, object] = {"embedded": embedded, "kg serve": kg.connect(served.query_url)}
                for name, server in (("oxigraph", oxigraph), ("virtuoso", virtuoso)):
                    remote = kg.connect(server.url, timeout=120)
                    started = time.perf_counter()
                    remote.push(dist, project=kg.Project(ROOT))
                    print(
                        f"push to {name}: {time.perf_counter() - started:.2f} s for {len(embedded)} statements"
                    )
                    stores[name] = remote
                for store in stores.values():
                    run_all(store, 1)  # warm up caches and connections
                baseline = run_all(embedded, args.rounds)
                print(f"{len(QUERIES)} queries × {args.rounds} rounds; embedded store {baseline:.3f} s = 1.0")
                for name, store in stores.items():
                    if name != "embedded":
                        print(
                            f"  {name:10} {run_all(store, args.rounds) / baseline:6.1f} × the embedded store"
                        )
        finally:
            oxigraph.stop()
            virtuoso.stop()


if __name__ == "__main__":
    main()

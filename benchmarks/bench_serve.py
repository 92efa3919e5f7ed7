"""How fast is `kg serve` under load, against the front server of an earlier revision?

Starts `kg serve` (read-only, default limits) over the project's dist/ and runs wrk (Debian's
``wrk``) against it with 8 and 32 clients, on keep-alive connections and with a new connection
per request; with ``--previous REV``, the same against the front server of that revision (its
``kg/web/serve.py``, before the front server moved to aiohttp: ``b33ff2d``) in the same run, as
the baseline. Prints requests/s, p50, p99 and errors per run, and the ratio of requests/s.
Everything stays on loopback; each run lasts ``--seconds``. (Oxigraph alone is no baseline: it
spends a thread per connection and dies when it cannot start one.)

    .venv/bin/python benchmarks/bench_serve.py [--seconds 5] [--clients 8 32] [--previous b33ff2d] [--json out.json]

Ratios, not absolute numbers, are what to compare between machines (2 shared cores here).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.project import Project  # noqa: E402
from kg.web.serve import Server  # noqa: E402

PATH = "/query?query=ASK%7B%3Fs%20a%20schema%3APerson%7D"
"""ASK { ?s a schema:Person }: a real query, small enough that HTTP is what is measured (the
prefix comes from the endpoint's prologue; the previous server gets it spelled out)."""
BASELINE_PATH = "/query?query=PREFIX%20schema%3A%20%3Chttps%3A%2F%2Fschema.org%2F%3E%20ASK%7B%3Fs%20a%20schema%3APerson%7D"

_UNIT = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if not m:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(m.group(1)) * _UNIT[m.group(2)]


def wrk(url: str, clients: int, seconds: int, *, keep_alive: bool) -> dict[str, float]:
    """One wrk run: requests/s, p50 and p99 in ms, and errors (socket errors and non-2xx)."""
    cmd = [
        "wrk",
        f"-t{min(2, clients)}",
        f"-c{clients}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
        "-H",
        "Accept: application/sparql-results+json",
    ]
    if not keep_alive:
        cmd += ["-H", "Connection: close"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, timeout=seconds + 60).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    socket_errors = non_2xx = 0
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        socket_errors = sum(int(g) for g in m.groups())
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        non_2xx = int(m.group(1))
    return {
        "rps": rate,
        "p50_ms": p50,
        "p99_ms": p99,
        "socket_errors": socket_errors,
        "non_2xx": non_2xx,
        "requests": total,
    }


def previous_server(rev: str, folder: Path) -> Any:
    """The ``Server`` class of ``kg/web/serve.py`` at an earlier revision."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:kg/web/serve.py"], capture_output=True, text=True, check=True
    ).stdout
    path = folder / "previous_serve.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("previous_serve", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module.Server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--clients", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--previous", metavar="REV", help="also measure the front server of this revision")
    parser.add_argument(
        "--pause",
        type=float,
        default=12.0,
        help="seconds between runs, so Oxigraph's timer threads of one run (query timeout + 1 s) "
        "do not count against the next (0: measure the sustained rate)",
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    import kg

    rows = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-serve-") as tmp:
        dist = Path(tmp) / "dist"
        kg.build_dataset(Project.discover(ROOT), dist)
        runs: list[tuple[str, Any, str]] = [("kg serve", Server, PATH)]
        if args.previous:
            runs.append(
                (f"kg serve at {args.previous}", previous_server(args.previous, Path(tmp)), BASELINE_PATH)
            )
        for label, server_class, path in runs:
            with server_class(dist, port=0) as server:
                url = server.url.rstrip("/") + path
                for keep_alive in (True, False):
                    for clients in args.clients:
                        time.sleep(args.pause)
                        result = wrk(url, clients, args.seconds, keep_alive=keep_alive)
                        connections = "keep-alive" if keep_alive else "new per request"
                        rows.append(
                            {"server": label, "connections": connections, "clients": clients, **result}
                        )
    first = {(r["connections"], r["clients"]): r["rps"] for r in rows if r["server"] == "kg serve"}
    print(
        f"{'server':<22} {'connections':<16} {'clients':>7}  {'req/s':>7} {'p50 ms':>7} {'p99 ms':>8} "
        f"{'socket errors':>13} {'non-2xx':>7}"
    )
    for r in rows:
        print(
            f"{r['server']:<22} {r['connections']:<16} {r['clients']:>7}  {r['rps']:>7.0f} {r['p50_ms']:>7.2f} "
            f"{r['p99_ms']:>8.2f} {r['socket_errors']:>13} {r['non_2xx']:>7}"
        )
    for r in rows:
        if r["server"] != "kg serve" and r["rps"]:
            ratio = first[(r["connections"], r["clients"])] / r["rps"]
            print(f"req/s now / {r['server']}, {r['connections']}, {r['clients']} clients: {ratio:.2f}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()

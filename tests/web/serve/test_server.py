"""kg serve as a whole, as an operator runs it: its limits announced, bad options refused, and
a log without tracebacks whatever the clients do."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from tests.conftest import ROOT, run_kg

CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def start_cli(dist: Path, *args: str) -> tuple[subprocess.Popen[str], str, int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "--dist", str(dist), "serve", "--port", "0", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("Press Ctrl-C"):
            break
    text = "".join(lines)
    url = next(word for word in text.split() if word.endswith("/query"))
    return proc, text, int(url.rsplit(":", 1)[1].split("/")[0])


def test_client_disconnects_leave_no_traceback_in_the_log(dist) -> None:
    """Before: every client disconnect wrote a traceback to the log."""
    proc, text, port = start_cli(dist, "--timeout", "3", "--max-result-mb", "50")
    try:
        query = urllib.parse.urlencode({"query": CARTESIAN})
        big = (
            f"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Accept: application/sparql-results+json\r\nContent-Length: {len(query)}\r\n\r\n{query}"
        ).encode()
        for _ in range(5):  # bounded: gone mid-answer, mid-head, mid-body, before the answer
            with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
                conn.sendall(big)
                conn.recv(70000)
            with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
                conn.sendall(b"GET /query?query=ASK HTTP/1.1\r\nHo")
            with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
                conn.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nASK")
            with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                conn.sendall(big)  # and reset at once
        time.sleep(1.0)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            conn.sendall(b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert conn.recv(100).startswith(b"HTTP/1.1 200")
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert "Traceback" not in err and "Error" not in err, err[-2000:]
    assert "query timeout 3 s" in text and "answers up to 50 MiB" in text


def test_serve_announces_its_default_limits(dist) -> None:
    proc, text, _ = start_cli(dist)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=30)
    assert "query timeout 10 s, answers up to 100 MiB, 256 connections" in text
    assert "SERVICE may call   none" in text


def test_bad_limit_and_service_options_are_clear_errors(dist) -> None:
    done = run_kg("--dist", str(dist), "serve", "--port", "0", "--allow-service", "wikidata")
    assert done.returncode == 1 and "--allow-service takes an endpoint IRI" in done.stderr
    done = run_kg("--dist", str(dist), "serve", "--port", "0", "--timeout", "-1")
    assert done.returncode == 1 and "--timeout must be positive" in done.stderr
    done = run_kg("--dist", str(dist), "serve", "--port", "0", "--public-url", "kg.example.org")
    assert done.returncode == 1 and "--public-url takes" in done.stderr

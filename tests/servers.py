"""Real servers for the tests, each on a random loopback port: a writable Oxigraph server,
Virtuoso Open Source with the project's own configuration, and a fault-injecting proxy."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import string
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kg.web.serve import free_port, oxigraph_binary

VIRTUOSO_INI = Path(__file__).resolve().parent / "virtuoso" / "virtuoso.ini"


def _wait_http(url: str, proc: subprocess.Popen[bytes], limit: float, log: Path) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(
        f"server did not answer {url} within {limit} s: {log.read_text(errors='replace')[-2000:]}"
    )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@dataclass
class Process:
    """A server process in a process group of its own, stopped as a group."""

    proc: subprocess.Popen[bytes]
    url: str
    folder: Path

    def stop(self) -> None:
        _stop(self.proc)


def start_oxigraph(folder: Path, *, timeout_s: int = 5) -> Process:
    """A writable, in-memory Oxigraph server (plain: no union default graph, like any remote)."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / "oxigraph.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}", "--timeout-s", str(timeout_s)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    _wait_http(f"{base}/query?query=ASK%7B%7D", proc, 30, log)
    return Process(proc, f"{base}/query", folder)


def start_virtuoso(folder: Path, *, max_rows: int = 500) -> Process:
    """Virtuoso Open Source (Debian's virtuoso-opensource-7-bin) on a fresh database, with
    SPARQL Update granted to the anonymous SPARQL user."""
    virtuoso, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    if not virtuoso or not isql:
        raise RuntimeError("Virtuoso is not installed: run ./scripts/setup.sh (virtuoso-opensource-7-bin)")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "www").mkdir(exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        string.Template(VIRTUOSO_INI.read_text()).substitute(
            dir=str(folder), sql_port=sql_port, http_port=http_port, max_rows=max_rows
        )
    )
    log = folder / "stdout.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [virtuoso, "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{http_port}"
    try:
        _wait_http(f"{base}/sparql?query=ASK%7B%7D", proc, 90, folder / "virtuoso.log")
        grant = subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba", 'exec=grant SPARQL_UPDATE to "SPARQL";'],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if grant.returncode != 0:
            raise RuntimeError(f"isql failed: {grant.stdout} {grant.stderr}")
    except BaseException:
        _stop(proc)
        raise
    return Process(proc, f"{base}/sparql", folder)


Rule = Callable[[int, str, str, bytes], "tuple[int, str, bytes] | str | None"]
"""(request number, method, path, body) → None to forward, "drop" to close the connection
unanswered, or (status, content type, body) to answer instead of the server."""


@dataclass
class FaultProxy:
    """A loopback HTTP proxy in front of a real server that fails the requests its rule picks."""

    target_port: int
    rule: Rule
    port: int = 0
    requests: list[tuple[str, str]] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    def start(self) -> FaultProxy:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _any(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                proxy.requests.append((self.command, self.path))
                verdict = proxy.rule(len(proxy.requests), self.command, self.path, body)
                if verdict == "drop":
                    self.close_connection = True
                    return
                if isinstance(verdict, tuple):
                    status, ctype, data = verdict
                else:
                    headers = {
                        k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")
                    }
                    conn = http.client.HTTPConnection("127.0.0.1", proxy.target_port, timeout=60)
                    conn.request(self.command, self.path, body=body or None, headers=headers)
                    response = conn.getresponse()
                    status, ctype, data = (
                        response.status,
                        response.getheader("Content-Type", ""),
                        response.read(),
                    )
                    conn.close()
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _any

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

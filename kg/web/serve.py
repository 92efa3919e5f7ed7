"""``kg serve``: the built graph as a SPARQL 1.1 endpoint on this machine, with its query editor.

Two processes work together. The Oxigraph server (the ``oxigraph`` binary of the PyPI package of
that name; Rust, no Java) holds a fresh store loaded from ``dist/kg.nq`` with its named graphs and
their merge as default graph (:mod:`kg.sparql.merge`: each triple once), ``GRAPH`` reaches each one; it listens on a private
loopback port. In front of it a small threaded Python server is what users reach: it forwards
``/query``, ``/update``, ``/store`` and the query editor to Oxigraph, serves the static website
(``site/``) when one was built, and enforces the two rules Oxigraph cannot:

* cross-origin requests are answered with ``Access-Control-Allow-Origin`` only for the origins
  given with ``--cors-origin`` (Oxigraph's own ``--cors`` would allow every origin);
* SPARQL Update and Graph Store writes are refused unless the server was started writable and the
  request carries the bearer token (read from an environment variable, never the command line).

Stopping (Ctrl-C, SIGTERM, :meth:`Server.stop`) ends Oxigraph's whole process group and removes
the store folder. Should this process be killed outright, the kernel ends Oxigraph too (Linux),
and the next start removes the store folder (and its lock) that was left behind.
"""

from __future__ import annotations

import contextlib
import hmac
import http.client
import mimetypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TextIO

from kg.errors import ServeError
from kg.sparql.merge import dist_merge_update

PROXIED = ("/query", "/update", "/store", "/sparql")
"""Oxigraph's protocol endpoints, reached through the front server under the same paths."""

EDITOR_PREFIX = "/editor"
"""Where the query editor lives when the website takes ``/``."""

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
    "authorization",
    "origin",
    "server",
    "date",
}
"""Headers the front server does not pass on: per-connection ones, credentials (checked here,
never needed by Oxigraph), and the ones it writes itself."""


def oxigraph_binary() -> str:
    """The ``oxigraph`` server binary: beside this Python (the venv's ``bin/``), else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise ServeError(
            "the oxigraph server is not installed: run `pip install oxigraph` (or ./scripts/setup.sh)"
        )
    return found


WORKDIR_PREFIX = "kg-serve-"
"""Temporary store folders are named so; each holds ``owner.pid``, the pid of its kg process."""


def remove_abandoned_stores() -> list[Path]:
    """Delete store folders (and their lock files) left by a kg serve that was killed outright:
    those whose owner process no longer exists."""
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(WORKDIR_PREFIX + "*"):
        try:
            pid = int((folder / "owner.pid").read_text())
        except (OSError, ValueError):
            continue  # not ours, or still being set up
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        except PermissionError:
            pass  # another user's live process
    return removed


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM when the parent dies (Linux), so no orphan survives."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@dataclass
class Policy:
    """What the front server lets through."""

    writable: bool = False
    token: str | None = field(default=None, repr=False)
    cors_origins: tuple[str, ...] = ()

    def allows_origin(self, origin: str | None) -> bool:
        return bool(origin) and origin in self.cors_origins

    def token_ok(self, header: str | None) -> bool:
        if not self.token or not header or not header.startswith("Bearer "):
            return False
        return hmac.compare_digest(header[len("Bearer ") :].encode(), self.token.encode())


def is_write(method: str, path: str, params: dict[str, list[str]], content_type: str, body: bytes) -> bool:
    """Whether a request would change the store (SPARQL Update or a Graph Store write)."""
    if method in ("PUT", "DELETE", "PATCH"):
        return True
    if path == "/update" or "update" in params:
        return True
    if method == "POST":
        if path == "/store":
            return True
        ctype = content_type.split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            return True
        if ctype == "application/x-www-form-urlencoded":
            return "update" in urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        return ctype not in ("application/sparql-query", "")
    return False


class Server:
    """The Oxigraph server over ``dist/`` behind the front server; a context manager."""

    def __init__(
        self,
        dist: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 7878,
        writable: bool = False,
        token: str | None = None,
        cors_origins: Sequence[str] = (),
        site: Path | None = None,
        timeout: float | None = None,
    ) -> None:
        if writable and not token:
            raise ServeError("a writable server needs a token: set it in the variable named by --token-env")
        self.dist = dist
        self.host = host
        self.port = port
        self.site = site if site is not None and site.is_dir() else None
        self.timeout = timeout
        self.policy = Policy(writable, token if writable else None, tuple(cors_origins))
        self.workdir: Path | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.backend_port = 0
        self._front: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -------------------------------------------------------- addresses

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def query_url(self) -> str:
        return self.url + "query"

    @property
    def update_url(self) -> str:
        return self.url + "update"

    @property
    def store_url(self) -> str:
        return self.url + "store"

    @property
    def editor_url(self) -> str:
        return self.url + (EDITOR_PREFIX.lstrip("/") + "/" if self.site else "")

    def addresses(self) -> str:
        """What to open, for people: printed by ``kg serve``."""
        lines = [f"Kommunen-KG SPARQL endpoint on {self.url}"]
        if self.site:
            lines.append(f"  website            {self.url}")
        lines += [
            f"  query editor       {self.editor_url}",
            f"  SPARQL query       {self.query_url}",
            f"  graph store        {self.store_url}" + ("" if self.policy.writable else " (read-only)"),
        ]
        if self.policy.writable:
            lines.append(f"  SPARQL update      {self.update_url} (needs the bearer token)")
        else:
            lines.append("  SPARQL update      refused (read-only; start with --writable --token-env VAR)")
        origins = ", ".join(self.policy.cors_origins) or "none (same origin only)"
        lines.append(f"  cross-origin from  {origins}")
        return "\n".join(lines)

    # -------------------------------------------------------- lifecycle

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Bind the public port (clear error when taken), load and start Oxigraph, then serve."""
        try:
            front = _FrontServer((self.host, self.port), _handler_for(self))
        except OSError as err:
            if err.errno in (98, 48):  # EADDRINUSE on Linux, macOS
                raise ServeError(
                    f"port {self.port} on {self.host} is taken (another server runs there): "
                    "stop it or choose another port with --port"
                ) from None
            raise ServeError(f"cannot listen on {self.host}:{self.port}: {err.strerror}") from None
        self._front = front
        self.port = int(front.server_address[1])
        try:
            remove_abandoned_stores()
            self.workdir = Path(tempfile.mkdtemp(prefix=WORKDIR_PREFIX))
            (self.workdir / "owner.pid").write_text(str(os.getpid()))
            self._load()
            self._start_backend()
        except BaseException:
            self.stop()
            raise
        self._thread = threading.Thread(target=front.serve_forever, name="kg-serve-front", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        assert self.workdir is not None
        done = subprocess.run(
            [
                oxigraph_binary(),
                "load",
                "--location",
                str(self.workdir / "store"),
                "--file",
                str(self.dist / "kg.nq"),
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode == 0:  # the default graph: the merge of the source graphs, a set
            done = subprocess.run(
                [oxigraph_binary(), "update", "--location", str(self.workdir / "store")],
                input=dist_merge_update(self.dist),
                capture_output=True,
                text=True,
                timeout=600,
            )
        if done.returncode != 0:
            raise ServeError(f"oxigraph could not load {self.dist / 'kg.nq'}: {done.stderr.strip()[-500:]}")

    def _start_backend(self) -> None:
        assert self.workdir is not None
        log = self.workdir / "oxigraph.log"
        for _attempt in range(3):  # a private port can be taken between choosing and binding it
            self.backend_port = free_port()
            cmd = [
                oxigraph_binary(),
                "serve" if self.policy.writable else "serve-read-only",
                "--location",
                str(self.workdir / "store"),
                "--bind",
                f"127.0.0.1:{self.backend_port}",
            ]
            if self.timeout:
                cmd += ["--timeout-s", str(max(1, round(self.timeout)))]
            with log.open("wb") as out:
                self.process = subprocess.Popen(
                    cmd,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # Ctrl-C reaches kg, which stops the group in order
                    preexec_fn=_die_with_parent if sys.platform == "linux" else None,
                )
            if self._wait_ready(log):
                return
        raise ServeError(f"the oxigraph server did not start: {log.read_text(errors='replace')[-500:]}")

    def _wait_ready(self, log: Path, limit: float = 30.0) -> bool:
        assert self.process is not None
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.backend_port, timeout=2)
                conn.request(
                    "GET", "/query?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"}
                )
                ok = conn.getresponse().status == 200
                conn.close()
                if ok:
                    return True
            except OSError:
                pass
            time.sleep(0.1)
        self._kill_backend()
        return False

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """Stop serving, end Oxigraph's process group, remove the store folder. Safe to repeat."""
        if self._front is not None:
            if self._thread is not None:
                self._front.shutdown()
            self._front.server_close()
            self._front = None
            self._thread = None
        self._kill_backend()
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def _kill_backend(self) -> None:
        proc, self.process = self.process, None
        if proc is None:
            return
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        else:
            proc.wait()


# ------------------------------------------------------------ the front server


def starter_query() -> str:
    """What the editor shows first: the project's prefixes and a query that answers something."""
    from kg.vocab import PREFIXES

    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()]
    lines += [
        "",
        "# Every source graph and how many statements it holds; without GRAPH, queries see their merge.",
        "SELECT ?graph (COUNT(*) AS ?statements) WHERE { GRAPH ?graph { ?s ?p ?o } }",
        "GROUP BY ?graph ORDER BY ?graph",
    ]
    return "\n".join(lines)


def with_starter_query(page: bytes) -> bytes:
    """Oxigraph's editor page with :func:`starter_query` as the editor's first query (the page
    is left as it is when its script is not the one expected)."""
    import json

    anchor = b'new Yasgui(document.getElementById("yasgui"), {'
    if anchor not in page:
        return page
    config = b"yasqe: { value: " + json.dumps(starter_query()).encode() + b" },"
    return page.replace(anchor, anchor + b"\n        " + config, 1)


class _FrontServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, handler)


def _handler_for(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(_FrontHandler):
        owner = server

    return Handler


class _FrontHandler(BaseHTTPRequestHandler):
    """Routes one request: protocol endpoints and the editor to Oxigraph, the rest to ``site/``."""

    owner: Server
    server_version = "kommunen-kg"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass  # no access log: request lines may carry query text, and nobody asked for it

    def do_GET(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def do_OPTIONS(self) -> None:
        origin = self.headers.get("Origin")
        if not self.owner.policy.allows_origin(origin):
            self._reply(403, b"cross-origin requests from this origin are not allowed\n", cors=False)
            return
        methods = "GET, HEAD, POST, OPTIONS" + (", PUT, DELETE" if self.owner.policy.writable else "")
        self._reply(
            204,
            b"",
            extra={
                "Access-Control-Allow-Methods": methods,
                "Access-Control-Allow-Headers": "Accept, Content-Type, Authorization",
                "Access-Control-Max-Age": "600",
            },
        )

    # -------------------------------------------------------- routing

    def _handle(self) -> None:
        parts = urllib.parse.urlsplit(self.path)
        path = parts.path or "/"
        site = self.owner.site
        target: str | None = None
        if path in PROXIED:
            target = path
        elif site is not None and path == EDITOR_PREFIX:
            self._reply(301, b"", extra={"Location": EDITOR_PREFIX + "/"})
            return
        elif site is not None and path.startswith(EDITOR_PREFIX + "/"):
            target = path[len(EDITOR_PREFIX) :]
        elif site is None:
            target = path
        if target is None:
            self._static(path)
            return
        body = self._body()
        if body is None:
            return
        params = urllib.parse.parse_qs(parts.query)
        if is_write(self.command, target, params, self.headers.get("Content-Type", ""), body):
            policy = self.owner.policy
            if not policy.writable:
                self._reply(
                    403, b"this endpoint is read-only: SPARQL Update and Graph Store writes are refused\n"
                )
                return
            if not policy.token_ok(self.headers.get("Authorization")):
                self._reply(
                    401,
                    b"writes need the bearer token of this server\n",
                    extra={"WWW-Authenticate": "Bearer"},
                )
                return
        self._forward(target + (f"?{parts.query}" if parts.query else ""), body)

    def _body(self) -> bytes | None:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self.close_connection = True  # the unread body would be taken for the next request
            self._reply(411, b"send a Content-Length\n")
            return None
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self.close_connection = True
            self._reply(400, b"Content-Length is not a number\n")
            return None
        return self.rfile.read(length) if length > 0 else b""

    def _forward(self, target: str, body: bytes) -> None:
        owner = self.owner
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        conn = http.client.HTTPConnection(
            "127.0.0.1", owner.backend_port, timeout=(owner.timeout or 300) + 30
        )
        try:
            conn.request(self.command, target, body=body or None, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except OSError:
            self._reply(502, b"the SPARQL server behind kg serve is not answering\n")
            return
        finally:
            conn.close()
        extra = {k: v for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP}
        if target == "/" and response.status == 200 and "html" in (response.getheader("Content-Type") or ""):
            data = with_starter_query(data)
        self._reply(response.status, data, extra=extra, content_type=None)

    def _static(self, path: str) -> None:
        site = self.owner.site
        assert site is not None
        if self.command not in ("GET", "HEAD"):
            self._reply(405, b"the website is read-only\n", extra={"Allow": "GET, HEAD"})
            return
        root = site.resolve()
        target = (root / urllib.parse.unquote(path).lstrip("/")).resolve()
        if not target.is_relative_to(root):
            self._reply(404, b"not found\n")
            return
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            self._reply(404, b"not found\n")
            return
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        self._reply(200, target.read_bytes(), content_type=ctype)

    def _reply(
        self,
        status: int,
        body: bytes,
        *,
        extra: dict[str, str] | None = None,
        content_type: str | None = "text/plain; charset=utf-8",
        cors: bool = True,
    ) -> None:
        self.send_response(status)
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        if content_type and body:
            self.send_header("Content-Type", content_type)
        origin = self.headers.get("Origin")
        if cors and self.owner.policy.allows_origin(origin):
            self.send_header("Access-Control-Allow-Origin", origin or "")
        self.send_header("Vary", "Origin")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


# ------------------------------------------------------------ the command


def serve(
    dist: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    writable: bool = False,
    token_env: str = "KG_SERVE_TOKEN",
    cors_origins: Sequence[str] = (),
    site: Path | None = None,
    timeout: float | None = None,
    out: TextIO | None = None,
) -> int:
    """Serve until Ctrl-C or SIGTERM; print the addresses first. Returns the exit code."""
    stream = out or sys.stdout
    token = os.environ.get(token_env) if writable else None
    if writable and not token:
        raise ServeError(
            f"--writable needs a token: set the environment variable {token_env} (never an argument)"
        )
    for origin in cors_origins:
        parts = urllib.parse.urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
            raise ServeError(f"--cors-origin takes an origin like https://example.org, not {origin!r}")
    origins = [o.rstrip("/") for o in cors_origins]
    stop = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    server = Server(
        dist,
        host=host,
        port=port,
        writable=writable,
        token=token,
        cors_origins=origins,
        site=site,
        timeout=timeout,
    )
    try:
        server.start()
        print(server.addresses(), file=stream)
        print("Press Ctrl-C to stop.", file=stream, flush=True)
        while not stop.wait(0.5):
            if not server.running():
                raise ServeError("the oxigraph server stopped unexpectedly")
        print("kg serve: stopped", file=stream, flush=True)
        return 0
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


__all__ = ["Server", "free_port", "oxigraph_binary", "serve"]

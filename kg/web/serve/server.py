"""The endpoint as a whole: Oxigraph behind the front server, started and stopped together.

:class:`Server` is the Python API (a context manager, or ``start()``/``stop()``); :func:`serve`
is ``kg serve``. The front server runs aiohttp's HTTP server (streaming, keep-alive,
``TCP_NODELAY``) on an asyncio loop of its own thread, behind :mod:`~kg.web.serve.limits`' guard,
with a listen backlog of :attr:`Limits.backlog`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import sys
import threading
import urllib.parse
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from aiohttp import web

from kg.errors import ServeError
from kg.web.editor import EDITOR_PATH, write_editor_site
from kg.web.serve.app import FrontApp
from kg.web.serve.backend import Backend
from kg.web.serve.limits import (
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_RESULT_BYTES,
    DEFAULT_QUERY_TIMEOUT,
    Limits,
    guarded,
)
from kg.web.serve.policy import Policy
from kg.web.serve.proxy import Backend as BackendClient


def _quiet_logs() -> None:
    """No access log (request lines may carry query text), and no traceback for a client that
    went away: aiohttp reports those at debug level, asyncio's transports too."""
    for name in ("aiohttp.access", "aiohttp.server", "aiohttp.web", "asyncio"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _new_loop() -> asyncio.AbstractEventLoop:
    """uvloop's event loop (libuv: about twice asyncio's rate of new connections) where it is
    installed (Linux, macOS), else asyncio's own."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


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
        timeout: float | None = DEFAULT_QUERY_TIMEOUT,
        limits: Limits | None = None,
        allow_services: Sequence[str] = (),
        public_url: str | None = None,
    ) -> None:
        if writable and not token:
            raise ServeError("a writable server needs a token: set it in the variable named by --token-env")
        self.dist = dist
        self.host = host
        self.port = port
        self.site = site if site is not None and site.is_dir() else None
        base = limits if limits is not None else Limits(query_timeout=timeout)  # limits, when given, win
        self.limits = base
        self.timeout = base.query_timeout
        self.policy = Policy(writable, token if writable else None, tuple(cors_origins))
        self.allow_services = tuple(allow_services)
        self.public_url = public_url
        self.backend = Backend(dist, writable=writable, timeout=base.query_timeout)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.Server | None = None
        self._web: web.Server | None = None
        self._client: BackendClient | None = None

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
        return self.url + EDITOR_PATH.removesuffix("index.html")

    @property
    def backend_port(self) -> int:
        """Oxigraph's private port (never shown to clients)."""
        return self.backend.port

    @property
    def process(self):  # type: ignore[no-untyped-def]
        """Oxigraph's process."""
        return self.backend.process

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
        services = ", ".join(self.allow_services) or "none"
        lines.append(f"  SERVICE may call   {services}")
        limits = self.limits
        timeout = f"{limits.query_timeout:g} s" if limits.query_timeout else "none"
        size = f"{limits.max_result_bytes / 1_048_576:g} MiB" if limits.max_result_bytes else "none"
        lines.append(
            f"  limits             query timeout {timeout}, answers up to {size}, "
            f"{limits.max_connections} connections"
        )
        return "\n".join(lines)

    # -------------------------------------------------------- lifecycle

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _listen(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.bind((self.host, self.port))
        except OSError as err:
            sock.close()
            if err.errno in (98, 48):  # EADDRINUSE on Linux, macOS
                raise ServeError(
                    f"port {self.port} on {self.host} is taken (another server runs there): "
                    "stop it or choose another port with --port"
                ) from None
            raise ServeError(f"cannot listen on {self.host}:{self.port}: {err.strerror}") from None
        sock.setblocking(False)
        return sock

    def start(self) -> None:
        """Bind the public port (clear error when taken), load and start Oxigraph, then serve."""
        sock = self._listen()
        self.port = int(sock.getsockname()[1])
        try:
            self.backend.start()
            _quiet_logs()
            self._loop = _new_loop()
            self._thread = threading.Thread(target=self._loop.run_forever, name="kg-serve-front", daemon=True)
            self._thread.start()
            asyncio.run_coroutine_threadsafe(self._open(sock), self._loop).result(timeout=30)
        except BaseException:
            sock.close()
            self.stop()
            raise

    def _editor_site(self) -> Path:
        """The query editor's own pages, beside Oxigraph's store (and removed with it): served
        where the website has none, and at ``/`` where there is no website."""
        assert self.backend.workdir is not None
        return write_editor_site(self.backend.workdir / "editor-site")

    async def _open(self, sock: socket.socket) -> None:
        limits = self.limits
        self._client = BackendClient(self.backend.port, limits)
        await self._client.open()
        app = FrontApp(
            backend=self._client,
            policy=self.policy,
            limits=limits,
            roots=[r for r in (self.site, self._editor_site()) if r is not None],
            services=self.allow_services,
            public_url=self.public_url,
            listen_url=self.url,
        )
        self._web = web.Server(
            app.handle,
            access_log=None,
            keepalive_timeout=limits.idle_timeout,
            max_line_size=limits.max_header_bytes,
            max_field_size=limits.max_header_bytes,
            lingering_time=2.0,
            auto_decompress=False,
            handler_cancellation=True,
        )
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(guarded(self._web, limits), sock=sock, backlog=limits.backlog)

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()
        if self._web is not None:
            await self._web.shutdown(2.0)
        if self._client is not None:
            await self._client.close()

    def running(self) -> bool:
        return self.backend.running()

    def stop(self) -> None:
        """Stop serving, end Oxigraph's process group, remove the store folder. Safe to repeat."""
        loop, self._loop = self._loop, None
        if loop is not None:
            try:
                if self._server is not None or self._web is not None:
                    asyncio.run_coroutine_threadsafe(self._close(), loop).result(timeout=15)
            except Exception:
                pass  # stopping regardless
            loop.call_soon_threadsafe(loop.stop)
            if self._thread is not None:
                self._thread.join(timeout=15)
            if not loop.is_running():
                loop.close()
        self._server = self._web = self._client = None
        self._thread = None
        self.backend.stop()


def _positive(value: float | None, what: str) -> float | None:
    if value is None or value == 0:
        return None
    if value < 0:
        raise ServeError(f"{what} must be positive (0: no limit), not {value:g}")
    return value


def serve(
    dist: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    writable: bool = False,
    token_env: str = "KG_SERVE_TOKEN",
    cors_origins: Sequence[str] = (),
    site: Path | None = None,
    timeout: float | None = DEFAULT_QUERY_TIMEOUT,
    max_result_mb: float | None = DEFAULT_MAX_RESULT_BYTES / 1_048_576,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
    allow_services: Sequence[str] = (),
    public_url: str | None = None,
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
    for service in allow_services:
        parts = urllib.parse.urlsplit(service)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ServeError(
                f"--allow-service takes an endpoint IRI like https://query.wikidata.org/sparql, not {service!r}"
            )
    if public_url is not None:
        parts = urllib.parse.urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            raise ServeError(
                f"--public-url takes the endpoint's base address like https://kg.example.org/, not {public_url!r}"
            )
        public_url = public_url.rstrip("/") + "/"
    if max_connections < 1:
        raise ServeError(f"--max-connections must be at least 1, not {max_connections}")
    result_mb = _positive(max_result_mb, "--max-result-mb")
    limits = Limits(
        query_timeout=_positive(timeout, "--timeout"),
        max_result_bytes=None if result_mb is None else int(result_mb * 1_048_576),
        max_connections=max_connections,
    )
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
        timeout=limits.query_timeout,
        limits=limits,
        allow_services=allow_services,
        public_url=public_url,
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

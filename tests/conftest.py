"""Shared fixtures: the project built once per test session into a temporary dist/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kg
from kg.project import Project

ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory, project: Project) -> Path:
    """The real project built into a session-wide temporary folder."""
    out = tmp_path_factory.mktemp("build") / "dist"
    kg.build_dataset(project, out)
    return out


@pytest.fixture(scope="session")
def graph(dist: Path, project: Project) -> kg.KnowledgeGraph:
    return kg.KnowledgeGraph.from_dist(dist, project=project)


@pytest.fixture()
def project_copy(tmp_path: Path) -> Project:
    """A private copy of ontology/ and data/ that a test may break."""
    for name in ("ontology", "data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return Project(tmp_path)


def curated_entities(cls: str) -> set[str]:
    """IRIs the curated source files type as ``cls``, read from the files themselves (not the
    build): the data's own answer to "how many people (participations, …) are there?"."""
    from kg.sources.readers import read_sources
    from kg.vocab import RDF_TYPE

    return {
        q.subject.value
        for doc in read_sources(Project.discover(ROOT))
        if not doc.is_ontology
        for q in doc.quads
        if q.predicate.value == RDF_TYPE and q.object.value == cls
    }


def run_kg(*args: str, cwd: Path = ROOT, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """The ``kg`` command as a user runs it (``python -m kg`` of this checkout)."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=input,
        timeout=300,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT)},
    )


# ---------------------------------------------------------------- browser tests
# One headless Chromium (Debian's) for the whole session, and one static web server on a random
# local port; pages under test are written into the server's folder and also opened via file://.

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def web_root(tmp_path_factory: pytest.TempPathFactory):
    """(folder, base URL) of a static web server on 127.0.0.1 at a free port."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    folder = tmp_path_factory.mktemp("www")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class PageWatch:
    """A browser page that records console messages, page errors and every request, and
    refuses (and records) any request that would leave the local origin."""

    def __init__(self, browser, origin: str, viewport: dict[str, int] | None = None) -> None:
        self.origin = origin
        self.context = browser.new_context(viewport=viewport or {"width": 1280, "height": 860})
        self.page = self.context.new_page()
        self.console: list[tuple[str, str]] = []
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.console.append(("pageerror", str(e))))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.context.route("**/*", self._route)

    def _local(self, url: str) -> bool:
        return url.startswith((self.origin + "/", "file://", "data:", "about:", "blob:"))

    def _route(self, route) -> None:
        if self._local(route.request.url):
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def left_origin(self) -> list[str]:
        return self.foreign + [u for u in self.requests if not self._local(u)]

    def errors(self) -> list[tuple[str, str]]:
        return [(t, m) for t, m in self.console if t in ("error", "pageerror", "warning")]

    def wait_settled(self, timeout: float = 30_000) -> None:
        self.page.wait_for_function(
            "() => Object.keys(window.kgNetworks || {}).length > 0"
            " && Object.values(window.kgNetworks).every(s => s.settled !== null)",
            timeout=timeout,
        )

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def watch(browser, web_root):
    opened: list[PageWatch] = []

    def open_watch(viewport: dict[str, int] | None = None) -> PageWatch:
        w = PageWatch(browser, web_root[1], viewport)
        opened.append(w)
        return w

    yield open_watch
    for w in opened:
        w.close()


# ---------------------------------------------------------------- SPARQL servers (kg.serve, kg.remote)
# Each starts once per session on a random loopback port and is stopped at the end.


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory):
    """A writable Oxigraph server (empty until a test pushes to it)."""
    from tests.servers import start_oxigraph

    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory):
    """Virtuoso Open Source on a fresh database, SPARQL Update granted (results cut at 500 rows)."""
    from tests.servers import start_virtuoso

    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def served(dist: Path):
    """``kg serve`` (read-only) over the session's dist/, through its Python API."""
    from kg.web.serve import Server

    with Server(dist, port=0) as server:
        yield server


@pytest.fixture(scope="session")
def pushed_oxigraph(oxigraph_server, dist: Path, project: Project):
    """The Oxigraph server after ``kg push`` of the session's dist/."""
    remote = kg.connect(oxigraph_server.url, timeout=30)
    remote.push(dist, project=project)
    return remote


@pytest.fixture(scope="session")
def pushed_virtuoso(virtuoso_server, dist: Path, project: Project):
    """Virtuoso after ``kg push`` of the session's dist/."""
    remote = kg.connect(virtuoso_server.url, timeout=60)
    remote.push(dist, project=project)
    return remote

"""Credentials stay with their host: a real redirecting server on loopback sends queries, updates
and uploads elsewhere with 301, 302, 303, 307 and 308; the other host never sees ``Authorization``,
the same origin does."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

try:
    from kg.sparql.credentials import keeps_credentials
except ImportError:
    keeps_credentials = None
from kg.sparql.remote import RemoteGraph

SECRET = "s3cret-token-for-redirect-tests"
ASK_TRUE = json.dumps({"head": {}, "boolean": True}).encode()


@dataclass
class Host:
    """A loopback HTTP server that records what it is sent; ``redirect`` maps a path to
    (status, Location) and every other request gets a SPARQL answer."""

    redirect: dict[str, tuple[int, str]] = field(default_factory=dict)
    seen: list[tuple[str, str, str | None]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def port(self) -> int:
        assert self.server is not None
        return self.server.server_address[1]

    def start(self) -> Host:
        host = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _any(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                host.seen.append((self.command, self.path, self.headers.get("Authorization")))
                path = self.path.split("?")[0]
                if path in host.redirect:
                    status, location = host.redirect[path]
                    self.send_response(status)
                    self.send_header("Location", location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = ASK_TRUE if self.command in ("GET", "POST") else b""
                self.send_response(200 if body else 204)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        assert self.server is not None
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def hosts() -> Iterator[tuple[Host, Host]]:
    first, other = Host().start(), Host().start()
    yield first, other
    first.stop()
    other.stop()


def remote(url: str) -> RemoteGraph:
    return RemoteGraph(url, env={"KG_ENDPOINT_TOKEN": SECRET, "NETRC": "/nonexistent"}, retries=0)


CODES = [301, 302, 303, 307, 308]


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("elsewhere", ["localhost", "127.0.0.1"])  # another host name, another port
def test_a_query_redirected_to_another_host_goes_without_credentials(
    hosts, code: int, elsewhere: str
) -> None:
    first, other = hosts
    first.redirect["/query"] = (code, f"http://{elsewhere}:{other.port}/query")
    assert remote(f"http://127.0.0.1:{first.port}/query").query("ASK {}").boolean is True
    assert first.seen[0][2] == f"Bearer {SECRET}"  # the endpoint named gets them
    assert other.seen, "the redirect was not followed"
    assert all(auth is None for _, _, auth in other.seen), other.seen
    if code in (307, 308):  # the method and the query stay as they were
        assert other.seen[0][0] == "POST"


@pytest.mark.parametrize("code", CODES)
def test_a_redirect_on_the_same_origin_keeps_the_credentials(hosts, code: int) -> None:
    first, _ = hosts
    first.redirect["/sparql"] = (code, f"http://127.0.0.1:{first.port}/sparql/")
    assert remote(f"http://127.0.0.1:{first.port}/sparql").query("ASK {}").boolean is True
    assert len(first.seen) >= 2  # asked, redirected, asked again
    assert {auth for _, _, auth in first.seen} == {f"Bearer {SECRET}"}


@pytest.mark.parametrize("code", [307, 308])
def test_an_update_and_an_upload_redirected_elsewhere_go_without_credentials(hosts, code: int) -> None:
    first, other = hosts
    first.redirect["/update"] = (code, f"http://localhost:{other.port}/update")
    first.redirect["/store"] = (code, f"http://localhost:{other.port}/store")
    graph = remote(f"http://127.0.0.1:{first.port}/query")
    graph.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    graph.put_graph("urn:kommunen-kg:push:test:0", b"<urn:a> <urn:b> <urn:c> .\n")
    assert [(m, p.split("?")[0]) for m, p, _ in other.seen] == [("POST", "/update"), ("PUT", "/store")]
    assert all(auth is None for _, _, auth in other.seen)


@pytest.mark.parametrize(
    ("origin", "target", "keeps"),
    [
        ("https://db.example/sparql", "http://db.example/sparql", False),  # scheme downgrade
        ("http://db.example/sparql", "https://db.example/sparql", True),  # upgrade, same host
        ("https://db.example/sparql", "https://db.example:443/other", True),
        ("https://db.example/sparql", "https://db.example:8443/sparql", False),
        ("https://db.example/sparql", "https://evil.example/sparql", False),
        ("https://db.example/sparql", "https://db.example.evil.example/sparql", False),
        ("https://DB.example/sparql", "https://db.example/sparql", True),
    ],
)
def test_which_redirects_keep_the_credentials(origin: str, target: str, keeps: bool) -> None:
    assert keeps_credentials(origin, target) is keeps

"""SERVICE only to the allow-list: a fake remote endpoint on loopback counts every call."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.web.serve import Server
from kg.web.serve.federation import decode_escapes, remote_calls
from kg.web.serve.policy import Refusal
from kg.web.serve.prologue import with_prologue
from tests.web.serve.conftest import TIGHT

ANSWER = {
    "head": {"vars": ["x"]},
    "results": {"bindings": [{"x": {"type": "literal", "value": "from afar"}}]},
}


class FakeEndpoint:
    """A SPARQL endpoint on loopback that answers one row and remembers who called."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                owner.calls.append(self.path + " " + self.rfile.read(length).decode("utf-8", "replace"))
                body = json.dumps(ANSWER).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def remote() -> Iterator[FakeEndpoint]:
    fake = FakeEndpoint()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def federating(dist: Path, remote: FakeEndpoint) -> Iterator[Server]:
    with Server(dist, port=0, limits=TIGHT, allow_services=[remote.url]) as server:
        yield server


def ask(server: Server, query: str) -> tuple[int, bytes]:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        server.query_url,
        data=data,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def variants(url: str) -> list[str]:
    escaped = "\\u0053ERVICE"
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?x ?y ?z }} }}",
        f"select * where {{ service <{url}> {{ ?x ?y ?z }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?x ?y ?z }} }}",
        f"SELECT * WHERE {{ {escaped} <{url}> {{ ?x ?y ?z }} }}",
        f"PREFIX far: <{url.rsplit('/', 1)[0]}/> SELECT * WHERE {{ SERVICE far:sparql {{ ?x ?y ?z }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?x ?y ?z }} }} }} }}",
        f"SELECT * WHERE {{ VALUES ?u {{ <{url}> }} SERVICE ?u {{ ?x ?y ?z }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?x ?y ?z }} }} }} LIMIT 1",
        f"ASK {{ SERVICE <{url}> {{ ?x ?y ?z }} }}",
        f"CONSTRUCT {{ ?x ?y ?z }} WHERE {{ SERVICE <{url}> {{ ?x ?y ?z }} }}",
    ]


def test_service_to_an_address_not_allowed_calls_nobody(tight, remote) -> None:
    """Before: SERVICE <http://any-host/…> made the server call that address and return its answer."""
    remote.calls.clear()
    for query in variants(remote.url):
        status, body = ask(tight, query)
        assert status == 403, (query, status, body[:200])
        assert b"SERVICE" in body or b"service" in body.lower()
    assert remote.calls == []


def test_the_refusal_names_the_allowed_endpoints_and_never_the_backend_port(tight, remote) -> None:
    status, body = ask(tight, f"SELECT * WHERE {{ SERVICE <{remote.url}> {{ ?x ?y ?z }} }}")
    assert status == 403 and b"allowed SERVICE endpoints are: none" in body and b"--allow-service" in body
    assert str(tight.backend_port).encode() not in body


def test_an_allowed_service_is_called(federating, remote) -> None:
    remote.calls.clear()
    status, body = ask(federating, f"SELECT ?x WHERE {{ SERVICE <{remote.url}> {{ ?x ?y ?z }} }}")
    assert status == 200, body[:300]
    assert json.loads(body)["results"]["bindings"][0]["x"]["value"] == "from afar"
    assert len(remote.calls) == 1
    # another address is still refused on the same server
    other = remote.url.replace("/sparql", "/other")
    assert ask(federating, f"SELECT * WHERE {{ SERVICE <{other}> {{ ?x ?y ?z }} }}")[0] == 403
    assert len(remote.calls) == 1


def test_queries_without_service_are_not_parsed_twice() -> None:
    assert remote_calls(with_prologue("SELECT * WHERE { ?s schema:name ?n }"), "query") is None
    assert decode_escapes("\\u0053ERVICE \\U0000004C") == "SERVICE L"


def test_service_in_a_string_is_checked_and_harmless() -> None:
    found = remote_calls(with_prologue('SELECT * WHERE { ?s schema:name "customer service" }'), "query")
    assert found == []


def test_load_in_an_update_is_refused() -> None:
    from kg.web.serve.federation import check_remote_calls

    with pytest.raises(Refusal) as refused:
        check_remote_calls(with_prologue("LOAD <http://127.0.0.1:1/x>"), "update", [])
    assert refused.value.status == 403


def test_a_query_that_cannot_be_checked_does_not_run() -> None:
    from kg.web.serve.federation import check_remote_calls

    with pytest.raises(Refusal) as refused:
        check_remote_calls(with_prologue("SELECT * WHERE { SERVICE <http://x/> { ?x ?y "), "query", [])
    assert refused.value.status == 400


def test_service_or_load_inside_an_iri_is_no_remote_call() -> None:
    # a push swaps in graphs named …/download…: the word in an IRI is no keyword, and the long
    # update is not handed to rdflib's parser (whose recursion a 170-graph MOVE exceeded)
    moves = " ; ".join(
        f"MOVE GRAPH <urn:kommunen-kg:push:{i}> TO GRAPH <https://w3id.org/kommunen-kg/graph/download-{i}>"
        for i in range(300)
    )
    assert remote_calls(moves, "update") is None
    assert remote_calls("SELECT * WHERE { SERVICE <http://x.example/> { ?s ?p ?o } }", "query")

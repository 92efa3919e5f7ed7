"""The endpoint speaks like kg query: the same prefixes and base, the user's positions in errors,
and a service description that lists them under the public address."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH, VOID

from kg.vocab import BASE, PREFIXES
from kg.web.serve import Server
from kg.web.serve.description import SD
from kg.web.serve.prologue import PROLOGUE, user_message, with_prologue
from tests.web.serve.conftest import TIGHT

KLIE = "SELECT ?name WHERE { <person/thomas-klie> schema:name ?name }"


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def query(server: Server, text: str, accept: str = "application/sparql-results+json") -> tuple[int, bytes]:
    status, _, body = get(
        server.query_url + "?" + urllib.parse.urlencode({"query": text}), {"Accept": accept}
    )
    return status, body


def test_a_kg_query_query_works_on_the_endpoint_unchanged(tight, graph) -> None:
    """Before: HTTP 400 for the prefix, and <person/thomas-klie> silently gave 0 rows."""
    status, body = query(tight, KLIE)
    assert status == 200, body[:300]
    names = [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert names and sorted(names) == sorted(str(r[0]) for r in graph.query(KLIE).rows)


def test_a_query_may_still_declare_its_own_prefixes_and_base(tight) -> None:
    text = "BASE <https://w3id.org/kommunen-kg/person/> PREFIX schema: <https://schema.org/> " + (
        "SELECT ?name WHERE { <thomas-klie> schema:name ?name }"
    )
    status, body = query(tight, text)
    assert status == 200 and json.loads(body)["results"]["bindings"]


def test_syntax_errors_point_into_the_users_text(tight) -> None:
    status, body = query(tight, "SELECT ?x WHERE { ?x ?y }")
    assert status == 400
    text = body.decode()
    assert "error at 1:" in text
    column = int(text.split("error at 1:", 1)[1].split(":", 1)[0])
    assert 1 <= column <= len("SELECT ?x WHERE { ?x ?y }") + 1


def test_the_prologue_is_one_line_of_every_predeclared_prefix() -> None:
    assert "\n" not in PROLOGUE and PROLOGUE.startswith(f"BASE <{BASE}>")
    for prefix, namespace in PREFIXES.items():
        assert f"PREFIX {prefix}: <{namespace}>" in PROLOGUE
    assert with_prologue("ASK {}").endswith(" ASK {}")
    shift = len(PROLOGUE)
    assert user_message(f"error at 1:{shift + 7}: expected") == "error at 1:7: expected"
    assert user_message("error at 3:7: expected") == "error at 3:7: expected"


def describe(server: Server, headers: dict[str, str] | None = None) -> tuple[Graph, bytes]:
    status, answer_headers, body = get(server.query_url, {"Accept": "text/turtle", **(headers or {})})
    assert status == 200 and answer_headers["Content-Type"].startswith("text/turtle")
    return Graph().parse(data=body, format="turtle"), body


def test_the_service_description_lists_prefixes_and_base_at_the_public_address(tight) -> None:
    """Before: it named the internal Oxigraph port."""
    g, body = describe(tight)
    endpoint = URIRef(tight.query_url)
    assert (endpoint, SD.endpoint, endpoint) in g
    assert str(tight.backend_port).encode() not in body
    declared = {
        (str(g.value(d, SH.prefix)), str(g.value(d, SH.namespace))) for d in g.objects(endpoint, SH.declare)
    }
    assert declared == set(PREFIXES.items())
    assert (None, VOID.uriSpace, Literal(BASE)) in g
    assert f"{TIGHT.query_timeout:g} s per query" in body.decode()


def test_the_service_description_follows_the_host_clients_use(tight) -> None:
    g, _ = describe(tight, {"Host": "kg.example.org"})
    assert (URIRef("http://kg.example.org/query"), SD.endpoint, None) in g
    g, _ = describe(tight, {"Host": "bad host/<script>"})  # not a host name: the listening address
    assert (URIRef(tight.query_url), SD.endpoint, None) in g


def test_the_public_url_wins(dist: Path) -> None:
    with Server(dist, port=0, limits=TIGHT, public_url="https://kg.example.org/sparql-endpoint/") as server:
        g, body = describe(server)
        assert (URIRef("https://kg.example.org/sparql-endpoint/query"), SD.endpoint, None) in g
        assert b"127.0.0.1" not in body

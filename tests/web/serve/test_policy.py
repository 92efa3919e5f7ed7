"""One place decides what a request is: path variants, duplicate and contradictory headers,
bodies in forms the protocol does not know. Each attack against a real writable server."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest
from multidict import CIMultiDict

from kg.web.serve.policy import Refusal, check_headers, classify, sparql_request
from tests.web.serve.conftest import TOKEN, body_of, raw, status_of

SCRATCH = "urn:kg-test:smuggled"
INSERT = f"INSERT DATA {{ GRAPH <{SCRATCH}> {{ <urn:a> <urn:b> <urn:c> }} }}"


def ask_scratch(server) -> bool:
    """Whether anything reached the scratch graph, or the default graph saw it."""
    query = f"ASK {{ {{ GRAPH <{SCRATCH}> {{ ?s ?p ?o }} }} UNION {{ <urn:a> ?p ?o }} }}"
    url = server.query_url + "?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["boolean"] is True


def http(method: str, path: str, headers: list[tuple[str, str]], body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in headers)]
    if body and not any(k.lower() in ("content-length", "transfer-encoding") for k, _ in headers):
        lines.append(f"Content-Length: {len(body)}")
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


# ---------------------------------------------------------------- the classification


@pytest.mark.parametrize(
    ("method", "path", "kind", "write"),
    [
        ("GET", "/query", "query", False),
        ("POST", "/query", "query", False),
        ("POST", "/sparql", "query", False),  # decides by its parameters, and then authorises
        ("POST", "/update", "update", True),
        ("GET", "/store", "store", False),
        ("HEAD", "/store", "store", False),
        ("POST", "/store", "store", True),
        ("PUT", "/store", "store", True),
        ("DELETE", "/store", "store", True),
        ("GET", "/", "static", False),
        ("GET", "/editor/", "static", False),
        ("OPTIONS", "/query", "options", False),
    ],
)
def test_what_a_request_is(method, path, kind, write) -> None:
    route = classify(method, path)
    assert (route.kind, route.write) == (kind, write)


@pytest.mark.parametrize("path", ["/store/x", "/store/", "/storex", "/query/", "/update/x", "/sparql/x"])
def test_endpoint_path_variants_are_no_endpoint(path) -> None:
    with pytest.raises(Refusal) as refused:
        classify("POST", path)
    assert refused.value.status == 404


def test_pages_are_read_only_and_endpoint_variants_are_no_pages() -> None:
    assert classify("GET", "/index.html").kind == "static"
    assert classify("GET", "/editor/index.html").kind == "static"  # the query editor is a page
    with pytest.raises(Refusal) as refused:
        classify("POST", "/editor/query")  # the endpoints have one address each
    assert refused.value.status == 405
    with pytest.raises(Refusal):
        classify("POST", "/store/x")
    with pytest.raises(Refusal):
        classify("POST", "/index.html")


@pytest.mark.parametrize(
    "headers",
    [
        [("Content-Type", "application/sparql-query"), ("Content-Type", "application/sparql-update")],
        [("Content-Length", "3"), ("Content-Length", "3")],
        [("Authorization", "Bearer a"), ("Authorization", "Bearer b")],
        [("Content-Length", "-1")],
        [("Content-Length", "3"), ("Transfer-Encoding", "chunked")],
        [("Transfer-Encoding", "gzip, chunked")],
        [("Content-Encoding", "gzip")],
    ],
    ids=["two-types", "two-lengths", "two-tokens", "negative", "both-framings", "other-coding", "gzip"],
)
def test_ambiguous_headers_are_refused(headers) -> None:
    with pytest.raises(Refusal):
        check_headers(CIMultiDict(headers))


def test_an_update_is_never_read_as_a_query() -> None:
    route = classify("POST", "/query")
    answer = sparql_request(route, "POST", {}, "application/x-www-form-urlencoded", b"update=DROP+ALL")
    assert answer is not None and answer.operation == "update"  # so it is authorised as a write
    with pytest.raises(Refusal):
        sparql_request(route, "POST", {}, "text/plain", b"DROP ALL")
    with pytest.raises(Refusal):
        sparql_request(route, "POST", {}, "application/x-www-form-urlencoded", b"query=ASK{}&query=DROP+ALL")
    with pytest.raises(Refusal):
        sparql_request(route, "POST", {"query": ["ASK {}"]}, "application/sparql-update", b"DROP ALL")


# ---------------------------------------------------------------- against a real writable server


def test_store_path_variant_with_two_content_types_stores_nothing(tight_writable) -> None:
    """Before: POST /store/x with two Content-Type headers was stored (201) without a token."""
    port = tight_writable.port
    triples = b"<urn:a> <urn:b> <urn:c> .\n"
    for path in ("/store/x", f"/store/x?graph={SCRATCH}", f"/store?graph={SCRATCH}"):
        answer = raw(
            port,
            http(
                "POST",
                path,
                [("Content-Type", "application/sparql-query"), ("Content-Type", "application/n-triples")],
                triples,
            ),
        )
        assert status_of(answer) == 400, answer[:200]
    for path in ("/store/x", "/store/", "//store", "/store/../store/x"):
        answer = raw(port, http("POST", path, [("Content-Type", "application/n-triples")], triples))
        assert status_of(answer) in (400, 404, 405), (path, answer[:200])
    for path in (f"/store?graph={SCRATCH}", f"/st%6Fre?graph={SCRATCH}"):
        answer = raw(port, http("POST", path, [("Content-Type", "application/n-triples")], triples))
        assert status_of(answer) == 401, (path, answer[:200])
    assert not ask_scratch(tight_writable)


def test_first_and_last_content_type_cannot_disagree(tight_writable) -> None:
    """Before: the front server judged the first Content-Type and Oxigraph obeyed the last."""
    answer = raw(
        tight_writable.port,
        http(
            "POST",
            "/query",
            [("Content-Type", "application/sparql-query"), ("Content-Type", "application/sparql-update")],
            INSERT.encode(),
        ),
    )
    assert status_of(answer) == 400 and b"Content-Type" in body_of(answer)
    assert not ask_scratch(tight_writable)


@pytest.mark.parametrize(
    "framing",
    [
        [("Content-Length", "10"), ("Content-Length", "200")],
        [("Content-Length", "-5")],
        [("Content-Length", "10"), ("Transfer-Encoding", "chunked")],
        [("Transfer-Encoding", "chunked"), ("Transfer-Encoding", "identity")],
    ],
    ids=["two-lengths", "negative", "length-and-chunked", "two-codings"],
)
def test_ambiguous_framing_is_refused_on_the_wire(tight_writable, framing) -> None:
    body = urllib.parse.urlencode({"update": INSERT}).encode()
    answer = raw(
        tight_writable.port,
        http("POST", "/update", [("Content-Type", "application/x-www-form-urlencoded"), *framing], body),
    )
    assert status_of(answer) == 400, answer[:300]
    assert not ask_scratch(tight_writable)


def test_writes_through_every_door_need_the_token(tight_writable) -> None:
    form = [("Content-Type", "application/x-www-form-urlencoded")]
    doors = [
        ("/update", form, urllib.parse.urlencode({"update": INSERT}).encode()),
        ("/sparql", form, urllib.parse.urlencode({"update": INSERT}).encode()),
        ("/query", form, urllib.parse.urlencode({"update": INSERT}).encode()),
        ("/update", [("Content-Type", "application/sparql-update")], INSERT.encode()),
        ("/query", [("Content-Type", "application/sparql-update")], INSERT.encode()),
        ("/query", [("Content-Type", "text/plain")], INSERT.encode()),
    ]
    for path, headers, body in doors:
        answer = raw(tight_writable.port, http("POST", path, headers, body))
        assert status_of(answer) in (400, 401, 415), (path, headers, answer[:200])
    assert not ask_scratch(tight_writable)
    # the same update with the token is stored, and removed again
    auth = [("Authorization", f"Bearer {TOKEN}")]
    answer = raw(tight_writable.port, http("POST", "/update", [*form, *auth], doors[0][2]))
    assert status_of(answer) in (200, 204), answer[:300]
    assert ask_scratch(tight_writable)
    drop = urllib.parse.urlencode({"update": f"DROP GRAPH <{SCRATCH}>"}).encode()
    assert status_of(raw(tight_writable.port, http("POST", "/update", [*form, *auth], drop))) in (200, 204)
    assert not ask_scratch(tight_writable)


def test_headers_with_control_characters_are_refused(tight) -> None:
    answer = raw(tight.port, b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: a\x01b\r\n\r\n")
    assert status_of(answer) == 400

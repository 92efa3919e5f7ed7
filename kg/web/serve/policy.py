"""What a request is, decided in one place: method, path, every header, the body's form.

:func:`check_headers` refuses ambiguous requests (a header that may occur once given twice, a
body framed two ways, an encoded body), :func:`classify` names the operation from the method and
the exact path, :func:`sparql_request` reads a query or update from the URL or the body in one of
the forms the SPARQL 1.1 Protocol allows, and :class:`Policy` says who may write. Nothing the
client sent reaches Oxigraph as sent: the front server builds each backend request itself from
what these functions decided, so a header or path variant that this module reads one way can
never be read another way behind it.
"""

from __future__ import annotations

import hmac
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from multidict import MultiMapping

PROTOCOL_PATHS = ("/query", "/update", "/store", "/sparql")
"""The protocol endpoints, each matched exactly: ``/store/x`` or ``/query/`` are not them."""


SINGLE_HEADERS = (
    "Host",
    "Content-Type",
    "Content-Length",
    "Content-Encoding",
    "Transfer-Encoding",
    "Authorization",
    "Origin",
    "Expect",
)
"""Headers a request may carry at most once; two of them are ambiguous and refused."""

RDF_TYPES = (
    "text/turtle",
    "application/n-triples",
    "application/n-quads",
    "application/trig",
    "application/rdf+xml",
    "application/ld+json",
    "text/n3",
)
"""The bodies a Graph Store write may carry."""

QUERY_FIELDS = ("query", "default-graph-uri", "named-graph-uri")
UPDATE_FIELDS = ("update", "using-graph-uri", "using-named-graph-uri")

Kind = Literal["query", "update", "store", "static", "options"]


class Refusal(Exception):
    """A request the front server answers itself, with this status and message."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


@dataclass(frozen=True)
class Route:
    """What a request asks for, before its body is read."""

    kind: Kind
    path: str
    """the protocol path (``/query`` …) or the path of a page of the website or the editor"""
    write: bool = False


@dataclass(frozen=True)
class SparqlRequest:
    """A query or update as the protocol delivered it, ready to be sent on."""

    operation: Literal["query", "update"]
    text: str
    dataset: tuple[tuple[str, str], ...] = ()
    """``default-graph-uri`` / ``named-graph-uri`` (or the ``using-…`` ones), in order"""


def header(headers: MultiMapping[str], name: str) -> str | None:
    """The one value of a single-valued header (:func:`check_headers` made sure there is one)."""
    values = headers.getall(name, [])
    return values[0] if values else None


def check_headers(headers: MultiMapping[str]) -> None:
    """Refuse a request whose framing or headers could be read two ways."""
    for name in SINGLE_HEADERS:
        if len(headers.getall(name, [])) > 1:
            raise Refusal(400, f"the request carries {name} more than once")
    for name, value in headers.items():
        if any((ord(c) < 0x20 and c != "\t") or ord(c) == 0x7F for c in value):
            raise Refusal(400, f"the {name} header holds a control character")
    length = header(headers, "Content-Length")
    if length is not None and not re.fullmatch(r"[0-9]{1,19}", length.strip()):
        raise Refusal(400, "Content-Length is not a number")
    coding = header(headers, "Transfer-Encoding")
    if coding is not None:
        if length is not None:
            raise Refusal(400, "the request gives both Content-Length and Transfer-Encoding")
        if coding.strip().lower() != "chunked":
            raise Refusal(400, "the only transfer coding accepted is chunked")
    encoding = header(headers, "Content-Encoding")
    if encoding is not None and encoding.strip().lower() != "identity":
        raise Refusal(415, "request bodies must not be compressed (no Content-Encoding)")
    expect = header(headers, "Expect")
    if expect is not None and expect.strip().lower() != "100-continue":
        raise Refusal(417, "the only expectation met is 100-continue")


def media_type(value: str | None) -> str:
    """The media type of a ``Content-Type`` value, lower case; a charset other than UTF-8 is refused."""
    if not value:
        return ""
    kind, _, rest = value.partition(";")
    for param in rest.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip().strip('"').lower() not in ("utf-8", "utf8"):
            raise Refusal(415, "request bodies are read as UTF-8; send charset=utf-8 or none")
    return kind.strip().lower()


def classify(method: str, path: str) -> Route:
    """Which operation a method and (decoded) path ask for: a protocol path (``/query`` …) goes to
    Oxigraph, every other path is the website's (the query editor is a page of it, ``/editor/``)."""
    if "\x00" in path:
        raise Refusal(400, "the path holds a NUL character")
    if method == "OPTIONS":
        return Route("options", path)
    if path in PROTOCOL_PATHS:
        if method not in ("GET", "HEAD", "POST", "PUT", "DELETE"):
            raise Refusal(405, f"{method} is not a method of {path}", {"Allow": "GET, HEAD, POST"})
        if path == "/store":
            return Route("store", path, write=method in ("PUT", "POST", "DELETE"))
        if method in ("PUT", "DELETE"):
            raise Refusal(405, f"{method} is a Graph Store method: use /store", {"Allow": "GET, HEAD, POST"})
        if path == "/update":
            return Route("update", path, write=True)
        return Route("query", path)  # /sparql decides between query and update by its parameters
    if path.startswith(PROTOCOL_PATHS):
        raise Refusal(404, f"no such endpoint {path!r}: the endpoints are {', '.join(PROTOCOL_PATHS)}")
    if method not in ("GET", "HEAD"):
        raise Refusal(405, "the website and the query editor are read-only", {"Allow": "GET, HEAD"})
    return Route("static", path)


def _one(fields: Mapping[str, list[str]], name: str) -> str | None:
    values = fields.get(name, [])
    if len(values) > 1:
        raise Refusal(400, f"the request gives the parameter {name!r} more than once")
    return values[0] if values else None


def _form(body: bytes) -> dict[str, list[str]]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal(400, "the form is not UTF-8") from None
    try:
        return urllib.parse.parse_qs(text, keep_blank_values=True, strict_parsing=bool(text), errors="strict")
    except (ValueError, UnicodeDecodeError):
        raise Refusal(400, "the form is not application/x-www-form-urlencoded") from None


def _dataset(fields: Mapping[str, list[str]], names: Sequence[str]) -> tuple[tuple[str, str], ...]:
    out = []
    for name in names:
        for value in fields.get(name, []):
            if not value or re.search(r"[\x00-\x20<>\"{}|^`\\]", value):
                raise Refusal(400, f"{name} is not an IRI: {value[:80]!r}")
            out.append((name, value))
    return tuple(out)


def sparql_request(
    route: Route, method: str, params: Mapping[str, list[str]], content_type: str | None, body: bytes
) -> SparqlRequest | None:
    """The query or update of a ``/query``, ``/update`` or ``/sparql`` request; ``None`` for a
    plain ``GET /query`` (it asks for the service description)."""
    if method in ("GET", "HEAD"):
        if body:
            raise Refusal(400, f"a {method} request carries no body")
        fields = params
        if _one(fields, "update") is not None:
            raise Refusal(400, "an update is sent with POST to /update")
        query = _one(fields, "query")
        if query is None:
            if route.path == "/update":
                raise Refusal(405, "send updates with POST", {"Allow": "POST"})
            return None
        return SparqlRequest("query", query, _dataset(fields, QUERY_FIELDS[1:]))
    ctype = media_type(content_type)
    if ctype == "application/x-www-form-urlencoded":
        if _one(params, "query") is not None or _one(params, "update") is not None:
            raise Refusal(400, "a form request carries its query in the body, not in the URL")
        fields = _form(body)
        query, update = _one(fields, "query"), _one(fields, "update")
        if query is not None and update is not None:
            raise Refusal(400, "the form gives both a query and an update")
        if update is not None:
            operation: Literal["query", "update"] = "update"
            text, names = update, UPDATE_FIELDS[1:]
        elif query is not None:
            operation, text, names = "query", query, QUERY_FIELDS[1:]
        else:
            raise Refusal(400, "the form gives neither a query nor an update")
    elif ctype in ("application/sparql-query", "application/sparql-update"):
        operation = "query" if ctype == "application/sparql-query" else "update"
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise Refusal(400, f"the {operation} is not UTF-8") from None
        fields = params
        if _one(fields, "query") is not None or _one(fields, "update") is not None:
            raise Refusal(400, f"the {operation} is in the body; the URL must not give another")
        names = QUERY_FIELDS[1:] if operation == "query" else UPDATE_FIELDS[1:]
    else:
        raise Refusal(
            415,
            "send a query as application/sparql-query or application/x-www-form-urlencoded "
            "(an update as application/sparql-update), not " + (ctype or "a body without Content-Type"),
        )
    if "\x00" in text:
        raise Refusal(400, f"the {operation} holds a NUL character")
    return SparqlRequest(operation, text, _dataset(fields, names))


def check_endpoint(route: Route, sparql: SparqlRequest) -> None:
    """Refuse a query sent to ``/update`` or an update sent to ``/query`` (after the write was
    authorised, so a read-only server says read-only first)."""
    if sparql.operation == "update" and route.path == "/query":
        raise Refusal(400, "an update is sent to /update, not /query")
    if sparql.operation == "query" and route.path == "/update":
        raise Refusal(400, "a query is sent to /query, not /update")


def graph_target(params: Mapping[str, list[str]]) -> tuple[str, str]:
    """The one ``graph=IRI`` or ``default`` parameter of a Graph Store request."""
    graph, default = _one(params, "graph"), _one(params, "default")
    unknown = set(params) - {"graph", "default"}
    if unknown:
        raise Refusal(400, f"a Graph Store request takes graph= or default, not {sorted(unknown)[0]!r}")
    if (graph is None) == (default is None):
        raise Refusal(400, "a Graph Store request names one graph: ?graph=IRI or ?default")
    if graph is None:
        return ("default", "")
    _dataset({"graph": [graph]}, ["graph"])
    return ("graph", graph)


@dataclass
class Policy:
    """Who may write, and which other sites may ask from a browser."""

    writable: bool = False
    token: str | None = field(default=None, repr=False)
    cors_origins: tuple[str, ...] = ()

    def allows_origin(self, origin: str | None) -> bool:
        return bool(origin) and origin in self.cors_origins

    def token_ok(self, value: str | None) -> bool:
        if not self.token or not value or not value.startswith("Bearer "):
            return False
        return hmac.compare_digest(value[len("Bearer ") :].encode(), self.token.encode())

    def authorize_write(self, headers: MultiMapping[str]) -> None:
        """Refuse a write unless the server is writable and the request carries the token."""
        if not self.writable:
            raise Refusal(403, "this endpoint is read-only: SPARQL Update and Graph Store writes are refused")
        if not self.token_ok(header(headers, "Authorization")):
            raise Refusal(401, "writes need the bearer token of this server", {"WWW-Authenticate": "Bearer"})

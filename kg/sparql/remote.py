"""Remote SPARQL stores: the same ``query`` interface as the embedded store, over HTTP.

``kg.connect(url)`` talks to any SPARQL 1.1 endpoint through SPARQLWrapper and returns
:class:`~kg.query.QueryResult` objects equal to what ``kg.load().query(...)`` returns, so a
notebook moves from the embedded store to a server by changing one line. :meth:`RemoteGraph.push`
uploads ``dist/`` graph by graph (SPARQL 1.1 Graph Store HTTP Protocol, or SPARQL Update where a
store has none) and swaps a graph in only once its upload is complete and verified.

Stores differ; this module, not its callers, absorbs the differences:

* The dataset a query sees is fixed by the protocol: ``default-graph-uri`` is the merge that
  ``kg push`` uploaded (:data:`~kg.sparql.merge.MERGE_GRAPH`, each distinct triple once) and
  ``named-graph-uri`` each of our graphs, so a store whose default graph is something else
  (Virtuoso: every graph plus its system triples; Fuseki: an empty default graph) answers like
  the embedded store, whose default graph is that merge. A server without the merge graph whose
  own default graph holds triples (``kg serve``) is asked with its own dataset; one with neither
  (pushed by an older ``kg``) with each of our graphs as ``default-graph-uri``, whose union
  repeats a triple once per graph that holds it: push again.
* Virtuoso cuts SELECT results at ``ResultSetMaxRows`` and says so in ``X-SPARQL-MaxRows``: such
  results are fetched again page by page with LIMIT/OFFSET.
* Virtuoso's JSON results use ``typed-literal``, booleans ``1``/``0`` and answer ASK as a one-row
  SELECT; these are read back as the standard terms.
* Virtuoso stores literals by value (``1.50`` comes back as ``1.5``, offsets of instants are
  normalised, language tags lowercased). :mod:`kg.compare` defines the comparison of answers that is
  blind to exactly these differences and to nothing else.

Credentials come from ``KG_ENDPOINT_TOKEN`` (bearer), ``KG_ENDPOINT_USER`` and
``KG_ENDPOINT_PASSWORD`` (basic), or the netrc file (``$NETRC`` or ``~/.netrc``); never from an
argument, and they never appear in an error message.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from typing import Any

from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.errors import EndpointError, QueryError
from kg.sparql.credentials import credentials_for, open_url
from kg.sparql.entities import check_bound_values
from kg.sparql.merge import MERGE_GRAPH
from kg.sparql.named import coerce_bindings, resolve_query
from kg.sparql.push import PushReport, push
from kg.sparql.results import QueryResult, excerpt, result_from_graph, result_from_json
from kg.sparql.store import KnowledgeGraph, _resolver
from kg.sparql.text import (
    QUERY_FORMS,
    QueryShape,
    bind_values,
    iri_text,
    query_shape,
    unknown_prefix_message,
    with_prologue,
)
from kg.vocab import GRAPH_BASE

# Virtuoso answers a query naming its dataset (one default-graph-uri and named-graph-uri per
# source graph) with response headers that grow with the number of graphs; past about fifty
# graphs they exceed http.client's limit of 100 headers ("got more than 100 headers").
http.client._MAXHEADERS = max(http.client._MAXHEADERS, 10_000)  # type: ignore[attr-defined]

DEFAULT_TIMEOUT = 30.0
"""Seconds to wait for a server to answer one request."""

DEFAULT_RETRIES = 2
"""Extra attempts for a read that could not reach the server (never for writes)."""

RETRY_STATUS = (502, 503, 504)
"""HTTP statuses of a server that may answer a moment later: reads are tried again."""

SELECT_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9"


def _selects_distinct(shape: QueryShape) -> bool:
    words = [k for k, _ in shape.keywords]
    at = words.index("SELECT")
    return at + 1 < len(words) and words[at + 1] == "DISTINCT"


def _distinct(result: QueryResult) -> QueryResult:
    """The rows once each, in their order: Virtuoso repeats rows with unbound values under DISTINCT."""
    seen: set[tuple[Any, ...]] = set()
    rows = []
    for row in result._raw:
        key = tuple(row)  # rdflib terms compare by kind, lexical form, datatype and language
        if key not in seen:
            seen.add(key)
            rows.append(row)
    return QueryResult("select", vars=result.vars, _raw=rows)


# ------------------------------------------------------------ the connection


class RemoteGraph:
    """A SPARQL endpoint with the query interface of :class:`kg.store.KnowledgeGraph`."""

    def __init__(
        self,
        url: str,
        *,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        env: Mapping[str, str] | None = None,
    ) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise EndpointError(f"{url!r} is not an http(s) address of a SPARQL endpoint")
        if parts.username or parts.password:
            raise EndpointError(
                "the endpoint address holds credentials: remove them and set KG_ENDPOINT_TOKEN, "
                "KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD or a netrc entry instead"
            )
        if not timeout > 0:
            raise EndpointError(f"the timeout must be a positive number of seconds, not {timeout}")
        self.url = url
        self._update_url = update_url
        self._graph_store_url = graph_store_url
        self.timeout = timeout
        self.retries = retries
        self.credentials = credentials_for(url, env)
        self.server = ""
        """the ``Server`` header the endpoint answered with (``Virtuoso/…``, ``Oxigraph/…``)"""
        self._graphs: list[str] | None = None
        self._default: str | None = None

    def __repr__(self) -> str:
        return f"<RemoteGraph {self.url}>"

    # -------------------------------------------------------- engine

    @property
    def is_virtuoso(self) -> bool:
        if not self.server:
            self._probe()
        return self.server.lower().startswith("virtuoso")

    def _probe(self) -> None:
        self._select("ASK {}", "ASK", dataset=False)

    @property
    def update_url(self) -> str:
        """Where SPARQL Update goes: given, else ``…/update`` beside ``…/query``, else the endpoint."""
        if self._update_url:
            return self._update_url
        if self.url.rstrip("/").endswith("/query"):
            return self.url.rstrip("/")[: -len("query")] + "update"
        return self.url

    @property
    def graph_store_url(self) -> str | None:
        """The Graph Store endpoint: given, else ``…/store`` beside ``…/query`` (Oxigraph, Fuseki),
        else Virtuoso's ``…/sparql-graph-crud``; ``None`` means: push with SPARQL Update."""
        if self._graph_store_url:
            return self._graph_store_url
        base = self.url.rstrip("/")
        if base.endswith("/query"):
            return base[: -len("query")] + "store"
        if self.is_virtuoso and base.endswith("/sparql"):
            return base + "-graph-crud"
        return None

    def graph_names(self) -> list[str]:
        """Our named graphs on the server (IRIs under ``graph/``), sorted."""
        if self._graphs is None:
            answer = self._select(
                "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                f'FILTER(STRSTARTS(STR(?g), "{GRAPH_BASE}")) }}',
                "SELECT",
                dataset=False,
            )
            self._graphs = sorted(str(r[0]) for r in answer.rows)
        return self._graphs

    def default_graph(self) -> str:
        """How the server gives us the merge of our graphs as default graph: ``"merge"`` (the graph
        :data:`~kg.sparql.merge.MERGE_GRAPH` that ``kg push`` uploads), ``"own"`` (the server's own
        default graph holds it, as on ``kg serve``) or ``"union"`` (neither: each of our graphs as
        ``default-graph-uri``, a bag on some stores)."""
        if self._default is None:
            merge = f"ASK {{ GRAPH {iri_text(MERGE_GRAPH)} {{ ?s ?p ?o }} }}"
            if self._select(merge, "ASK", dataset=False).boolean:
                self._default = "merge"
            elif not self.is_virtuoso and self._select("ASK { ?s ?p ?o }", "ASK", dataset=False).boolean:
                self._default = "own"
            else:
                self._default = "union"
        return self._default

    def graphs_under(self, prefix: str) -> list[str]:
        """Every named graph on the server whose IRI starts with ``prefix`` (not cached)."""
        if not re.fullmatch(r"[\w:/.#-]+", prefix):
            raise QueryError(f"{prefix!r} is not a graph prefix")
        answer = self._select(
            f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{prefix}")) }}',
            "SELECT",
            dataset=False,
        )
        return sorted(str(r[0]) for r in answer.rows)

    # -------------------------------------------------------- queries

    def query(self, query: str, /, *, union: bool = True, **bindings: Any) -> QueryResult:
        """Run SPARQL (text, a ``.rq`` file or a named query) on the server, values bound by a
        ``VALUES`` block of serialised terms. The dataset is our graphs: their merge is the
        default graph (empty with ``union=False``) and ``GRAPH`` reaches each of them."""
        text, named = resolve_query(query)
        by_name: dict[str, str] = {}
        terms = coerce_bindings(named, bindings, _resolver(self.query, by_name) if named else None)
        text = with_prologue(bind_values(text, terms))
        shape = query_shape(text)
        if shape.form not in QUERY_FORMS:
            raise QueryError(f"{shape.form} is an update, not a query: kg only reads from servers")
        own_dataset = shape.has("FROM")
        try:
            result = self._run(text, shape, dataset=not own_dataset, union=union)
        except EndpointError as err:
            unknown = unknown_prefix_message(text) if "rejected" in str(err) else None
            if unknown:  # the server's own words for it are a grammar (Oxigraph) or a line number
                raise QueryError(unknown) from None
            raise
        if shape.form == "SELECT" and _selects_distinct(shape):
            result = _distinct(result)
        if named is not None and terms and result.kind != "ask" and len(result) == 0:
            check_bound_values(self.query, terms, resolved=by_name)  # a typo, not "0 rows"
        return result

    def _run(self, text: str, shape: QueryShape, *, dataset: bool, union: bool = True) -> QueryResult:
        if shape.form in ("CONSTRUCT", "DESCRIBE"):
            headers, body = self._send_query(text, GRAPH_ACCEPT, dataset=dataset, union=union)
            return result_from_graph(body, headers.get("Content-Type", ""))
        result, cap = self._select_with_cap(text, shape.form, dataset=dataset, union=union)
        if cap is None or len(result) < cap:
            return result
        return self._paged(text, shape, cap, result, dataset=dataset, union=union)

    def _select(self, text: str, form: str, *, dataset: bool = True, union: bool = True) -> QueryResult:
        return self._select_with_cap(text, form, dataset=dataset, union=union)[0]

    def _select_with_cap(
        self, text: str, form: str, *, dataset: bool, union: bool
    ) -> tuple[QueryResult, int | None]:
        headers, body = self._send_query(text, SELECT_ACCEPT, dataset=dataset, union=union)
        ctype = headers.get("Content-Type", "")
        if "json" not in ctype:
            raise EndpointError(
                f"{self.url} answered with {ctype or 'no content type'}, not SPARQL results: "
                f"is this the address of a SPARQL endpoint? ({excerpt(body)})"
            )
        result, _ = result_from_json(body, form)
        cap = headers.get("X-SPARQL-MaxRows")
        return result, int(cap) if cap and cap.isdigit() else None

    def _paged(
        self, text: str, shape: QueryShape, cap: int, first: QueryResult, *, dataset: bool, union: bool
    ) -> QueryResult:
        """Fetch a result the server cut at ``cap`` rows again, ``cap`` rows at a time."""
        tail = shape.end_of_pattern or 0
        if shape.has("LIMIT", tail) or shape.has("OFFSET", tail) or shape.has("VALUES", tail):
            raise EndpointError(
                f"the server cut the answer at {cap} rows (its result limit) and the query has its own "
                "LIMIT/OFFSET/VALUES: raise the server's limit (Virtuoso: ResultSetMaxRows) or page yourself"
            )
        # pages are only consistent under a total order: every variable breaks the query's ties
        ties = " ".join(f"?{v}" for v in first.vars)
        ordered = f"{text}\n{ties}" if shape.has("ORDER", tail) else f"{text}\nORDER BY {ties}"
        rows: list[Any] = []
        offset = 0
        while True:
            page, _ = self._select_with_cap(
                f"{ordered}\nLIMIT {cap} OFFSET {offset}", shape.form, dataset=dataset, union=union
            )
            rows.extend(page._raw)
            if len(page) < cap:
                return QueryResult("select", vars=first.vars, _raw=rows)
            offset += cap

    def _send_query(self, text: str, accept: str, *, dataset: bool, union: bool) -> tuple[Any, bytes]:
        """POST a query through SPARQLWrapper, retrying when the server cannot be reached."""
        sw = SPARQLWrapper(self.url)
        sw.setMethod(POST)
        sw.setOnlyConneg(True)
        sw.setQuery(text)
        sw.timeout = self.timeout  # type: ignore[assignment]  # setTimeout() truncates to whole seconds
        sw.addCustomHttpHeader("Accept", accept)
        if self.credentials:
            sw.addCustomHttpHeader("Authorization", self.credentials.header)
        if dataset:
            how = self.default_graph()
            if how == "merge" and union:
                sw.addParameter("default-graph-uri", MERGE_GRAPH)
            if how != "own" or not union:  # a server's own dataset, or ours spelled out
                for graph in self.graph_names():
                    if how == "union" and union:
                        sw.addParameter("default-graph-uri", graph)
                    sw.addParameter("named-graph-uri", graph)
        return self._with_retries(
            lambda: open_url(sw._createRequest(), self.timeout), what="query", idempotent=True
        )

    def _with_retries(self, call: Any, *, what: str, idempotent: bool) -> tuple[Any, bytes]:
        attempts = 1 + (self.retries if idempotent else 0)
        started = time.monotonic()
        for attempt in range(attempts):
            try:
                response = call()
                body = response.read()
                self.server = response.headers.get("Server", "") or self.server
                return response.headers, body
            except SPARQLWrapperException as err:
                raise self._http_error(_status_of(err), _response_of(err), what) from None
            except urllib.error.HTTPError as err:
                self.server = err.headers.get("Server", "") or self.server
                if err.code in RETRY_STATUS and attempt + 1 < attempts:
                    time.sleep(0.5 * 2**attempt)  # a proxy or a busy server: worth another read
                    continue
                raise self._http_error(err.code, err.read(), what) from None
            except TimeoutError:
                raise EndpointError(
                    f"{self.url} did not answer within {self.timeout:g} s: the {what} may be too slow "
                    "for the server; raise --timeout or narrow the query"
                ) from None
            except (urllib.error.URLError, ConnectionError, http.client.HTTPException) as err:
                reason = getattr(err, "reason", err)
                if isinstance(reason, TimeoutError | socket.timeout):
                    raise EndpointError(
                        f"{self.url} did not answer within {self.timeout:g} s: raise --timeout "
                        "or check the server"
                    ) from None
                if attempt + 1 < attempts:
                    time.sleep(0.5 * 2**attempt)
                    continue
                elapsed = time.monotonic() - started
                raise EndpointError(
                    self._scrub(
                        f"cannot reach the SPARQL endpoint {self.url}: {reason} "
                        f"({attempts} attempt{'s' if attempts > 1 else ''} in {elapsed:.1f} s); "
                        "is the server running and the address right?"
                    )
                ) from None
        raise AssertionError("unreachable")

    def _http_error(self, status: int, body: bytes, what: str) -> EndpointError:
        message = self._scrub(excerpt(body, 600))
        if status == 400:
            text = f"the server rejected the {what}: {message}"
        elif status in (401, 403):
            how = (
                f"the credentials from {self.credentials.source} were refused"
                if self.credentials
                else ("set KG_ENDPOINT_TOKEN, or KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD, or a netrc entry")
            )
            text = f"the server refused the {what} (HTTP {status}: {message}); {how}"
        elif status == 404:
            text = f"no SPARQL endpoint at {self.url} (HTTP 404)"
        else:
            text = f"the server failed on the {what} (HTTP {status}): {message}"
        return EndpointError(text)

    def _scrub(self, text: str) -> str:
        return self.credentials.scrub(text) if self.credentials else text

    # -------------------------------------------------------- writes

    def forget_graph_names(self) -> None:
        """Ask the server again next time: a push changed which graphs it holds."""
        self._graphs = None
        self._default = None

    def update(self, text: str) -> None:
        """Run one SPARQL Update request (not retried: it may have been applied)."""
        sw = SPARQLWrapper(self.url, updateEndpoint=self.update_url)
        sw.setMethod(POST)
        sw.setQuery(text)
        sw.timeout = self.timeout  # type: ignore[assignment]  # setTimeout() truncates to whole seconds
        if self.credentials:
            sw.addCustomHttpHeader("Authorization", self.credentials.header)
        self._with_retries(
            lambda: open_url(sw._createRequest(), self.timeout), what="update", idempotent=False
        )

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        """Replace ``graph`` with ``ntriples`` through the Graph Store protocol."""
        store = self.graph_store_url
        assert store is not None
        param = "graph-uri" if self.is_virtuoso else "graph"  # Virtuoso knows only ?graph-uri=
        url = f"{store}{'&' if '?' in store else '?'}{urllib.parse.urlencode({param: graph})}"
        headers = {"Content-Type": "application/n-triples"}
        if self.credentials:
            headers["Authorization"] = self.credentials.header
        request = urllib.request.Request(url, data=ntriples, method="PUT", headers=headers)
        self._with_retries(lambda: open_url(request, self.timeout), what="upload", idempotent=False)

    def insert_graph(self, graph: str, lines: Sequence[bytes], chunk: int = 500) -> None:
        """Fill ``graph`` with SPARQL Update (for stores without a Graph Store endpoint)."""
        self.update(f"DROP SILENT GRAPH {iri_text(graph)}")
        for i in range(0, len(lines), chunk):
            body = b"".join(lines[i : i + chunk]).decode("utf-8")
            self.update(f"INSERT DATA {{ GRAPH {iri_text(graph)} {{\n{body}}} }}")

    def count(self, graph: str) -> int:
        """Triples in one graph on the server."""
        answer = self._select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {iri_text(graph)} {{ ?s ?p ?o }} }}",
            "SELECT",
            dataset=False,
        )
        return int(answer.rows[0][0]) if answer.rows else 0

    def push(
        self, dist: str | os.PathLike[str] | None = None, *, project: Any = None, method: str = "auto"
    ) -> PushReport:
        """Upload ``dist/`` to this store (:func:`kg.sparql.push.push`)."""
        return push(self, dist, project=project, method=method)

    # -------------------------------------------------------- conveniences

    stats = KnowledgeGraph.stats
    """Entities per type and statements per source graph, as :meth:`KnowledgeGraph.stats`."""

    def __len__(self) -> int:
        answer = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(answer.rows[0][0])


def _status_of(err: SPARQLWrapperException) -> int:
    return {
        "QueryBadFormed": 400,
        "Unauthorized": 401,
        "EndPointNotFound": 404,
        "URITooLong": 414,
        "EndPointInternalError": 500,
    }.get(type(err).__name__, 500)


def _response_of(err: SPARQLWrapperException) -> bytes:
    """The response body SPARQLWrapper put into its exception message (as a bytes repr)."""
    import ast

    text = str(err)
    _, sep, rest = text.partition("\n\nResponse:\n")
    if not sep:
        return b""
    try:
        value = ast.literal_eval(rest.strip())
    except (ValueError, SyntaxError):
        return rest.encode()
    return value if isinstance(value, bytes) else str(value).encode()


def connect(
    url: str,
    *,
    update_url: str | None = None,
    graph_store_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
) -> RemoteGraph:
    """A SPARQL endpoint with the query interface of :func:`kg.load`::

    g = kg.connect("http://127.0.0.1:7878/query")     # instead of kg.load()
    g.query("entity", entity="person/thomas-klie")
    """
    return RemoteGraph(
        url, update_url=update_url, graph_store_url=graph_store_url, timeout=timeout, retries=retries
    )


__all__ = [
    "PushReport",
    "RemoteGraph",
    "connect",
    "credentials_for",
]

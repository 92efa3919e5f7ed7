"""Remote SPARQL stores: the same ``query`` interface as the embedded store, over HTTP.

``kg.connect(url)`` talks to any SPARQL 1.1 endpoint through SPARQLWrapper and returns
:class:`~kg.query.QueryResult` objects equal to what ``kg.load().query(...)`` returns, so a
notebook moves from the embedded store to a server by changing one line. :meth:`RemoteGraph.push`
uploads ``dist/`` graph by graph (SPARQL 1.1 Graph Store HTTP Protocol, or SPARQL Update where a
store has none) and swaps a graph in only once its upload is complete and verified.

Stores differ; this module, not its callers, absorbs the differences:

* The dataset a query sees is fixed by the protocol (``default-graph-uri`` and ``named-graph-uri``
  for each of our graphs), so a store whose default graph is something else (Virtuoso: every graph
  plus its system triples; Fuseki: an empty default graph) answers like the embedded store, which
  queries the union of the named graphs.
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

import base64
import contextlib
import http.client
import json
import netrc
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.errors import EndpointError, PushError, QueryError
from kg.sparql.named import coerce_bindings, resolve_query
from kg.sparql.results import QueryResult
from kg.sparql.store import KnowledgeGraph
from kg.sparql.text import QUERY_FORMS, QueryShape, bind_values, query_shape, sparql_term, with_prologue
from kg.vocab import GRAPH_BASE, PREFIXES, Term

DEFAULT_TIMEOUT = 30.0
"""Seconds to wait for a server to answer one request."""

DEFAULT_RETRIES = 2
"""Extra attempts for a read that could not reach the server (never for writes)."""

RETRY_STATUS = (502, 503, 504)
"""HTTP statuses of a server that may answer a moment later: reads are tried again."""

TEMP_GRAPH_PREFIX = "urn:kommunen-kg:push:"
"""Pushed graphs are uploaded under this prefix first; outside GRAPH_BASE, so no query sees them."""

SELECT_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9"

# ------------------------------------------------------------ credentials


@dataclass(frozen=True)
class Credentials:
    """An ``Authorization`` header value and where it came from (the value is never shown)."""

    header: str = field(repr=False)
    source: str
    secrets: tuple[str, ...] = field(default=(), repr=False)

    def scrub(self, text: str) -> str:
        """``text`` with every secret (and its encoded forms) replaced by ``***``."""
        for secret in (*self.secrets, self.header):
            if secret:
                text = text.replace(secret, "***")
        return text


def credentials_for(url: str, env: Mapping[str, str] | None = None) -> Credentials | None:
    """The credentials for ``url``: ``KG_ENDPOINT_TOKEN``, else ``KG_ENDPOINT_USER`` and
    ``KG_ENDPOINT_PASSWORD``, else the netrc entry of its host (``$NETRC`` or ``~/.netrc``)."""
    env = os.environ if env is None else env
    if token := env.get("KG_ENDPOINT_TOKEN"):
        return Credentials(f"Bearer {token}", "KG_ENDPOINT_TOKEN", (token,))
    user, password = env.get("KG_ENDPOINT_USER"), env.get("KG_ENDPOINT_PASSWORD")
    if user and password is not None:
        return _basic(user, password, "KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD")
    path = Path(env.get("NETRC") or Path.home() / ".netrc")
    host = urllib.parse.urlsplit(url).hostname or ""
    if path.is_file():
        try:
            entry = netrc.netrc(str(path)).authenticators(host)
        except (netrc.NetrcParseError, OSError) as err:
            # the parse error quotes the file's lines: say where, never what
            raise EndpointError(
                f"cannot read the netrc file {path} (line {getattr(err, 'lineno', '?')})"
            ) from None
        if entry and entry[0] is not None:
            return _basic(entry[0], entry[2] or "", f"netrc ({path})")
    return None


def _basic(user: str, password: str, source: str) -> Credentials:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return Credentials(f"Basic {token}", source, (password, token) if password else (token,))


# ------------------------------------------------------------ results

_NUMBER = re.compile(r"[+-]?\d+(\.\d*)?")


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


def duration_from_seconds(seconds: float) -> str:
    """The canonical ``xsd:dayTimeDuration`` form of a number of seconds (``604800`` → ``P7D``)."""
    sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    date = f"{int(days)}D" if days else ""
    secs_text = f"{secs:g}S" if secs else ""
    clock = (f"{int(hours)}H" if hours else "") + (f"{int(minutes)}M" if minutes else "") + secs_text
    if not date and not clock:
        return "PT0S"
    return f"{sign}P{date}" + (f"T{clock}" if clock else "")


def term_from_json(value: Mapping[str, str]) -> Term:
    """A term of SPARQL JSON results as the rdflib term the embedded store would give."""
    kind = value.get("type")
    lexical = value.get("value", "")
    if kind == "uri":
        return URIRef(lexical)
    if kind == "bnode":
        return BNode(lexical)
    if kind in ("literal", "typed-literal"):
        if lang := value.get("xml:lang"):
            return Literal(lexical, lang=lang)
        datatype = value.get("datatype") or str(XSD.string)
        if datatype == str(XSD.boolean) and lexical in ("1", "0"):
            lexical = "true" if lexical == "1" else "false"  # Virtuoso's booleans
        elif datatype in (str(XSD.duration), str(XSD.dayTimeDuration)) and _NUMBER.fullmatch(lexical):
            lexical = duration_from_seconds(float(lexical))  # Virtuoso stores durations as seconds
        return Literal(lexical, datatype=URIRef(datatype))
    raise EndpointError(f"the server answered a term of unknown type {kind!r}")


def result_from_json(body: bytes, form: str) -> tuple[QueryResult, int]:
    """A :class:`QueryResult` from SPARQL 1.1 JSON results, and the number of rows read."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise EndpointError(f"the server's answer is not SPARQL JSON results: {_excerpt(body)}") from None
    if not isinstance(data, dict):
        raise EndpointError(f"the server's answer is not SPARQL JSON results: {_excerpt(body)}")
    return result_from_data(data, form)


def result_from_data(data: Mapping[str, Any], form: str = "") -> tuple[QueryResult, int]:
    """A :class:`QueryResult` from SPARQL 1.1 JSON results already parsed (what SPARQLWrapper's
    ``JSON`` format returns), and the number of rows read. ``form`` is the query's form
    (``"ASK"`` reads Virtuoso's one-row answer to ASK as the boolean)."""
    if not isinstance(data, Mapping):
        raise EndpointError(f"not SPARQL JSON results: {_excerpt(repr(data))}")
    if "boolean" in data:
        return QueryResult("ask", boolean=bool(data["boolean"])), 0
    try:
        names = list(data["head"]["vars"])
        bindings = data["results"]["bindings"]
    except (KeyError, TypeError):
        raise EndpointError(f"not SPARQL JSON results: {_excerpt(json.dumps(data))}") from None
    if form == "ASK" and names == ["__ASK_RETVAL"]:  # Virtuoso answers ASK as a one-row SELECT
        value = bindings[0]["__ASK_RETVAL"]["value"] if bindings else "0"
        return QueryResult("ask", boolean=value in ("1", "true")), 0
    rows = [tuple(term_from_json(b[n]) if n in b else None for n in names) for b in bindings]
    return QueryResult("select", vars=names, _raw=rows), len(rows)


def result_from_graph(body: bytes, content_type: str) -> QueryResult:
    """A CONSTRUCT/DESCRIBE answer (N-Triples or Turtle) as a graph result."""
    fmt = "nt" if "n-triples" in content_type or "text/plain" in content_type else "turtle"
    if "json" in content_type:
        fmt = "json-ld"
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    try:
        graph.parse(data=body, format=fmt)
    except Exception:  # rdflib raises many parser-specific errors
        raise EndpointError(f"the server's answer is not an RDF graph: {_excerpt(body)}") from None
    return QueryResult("graph", graph=graph)


def _excerpt(body: bytes | str, limit: int = 300) -> str:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    text = " ".join(text.split())
    return text[:limit] + ("…" if len(text) > limit else "") if text else "(empty)"


# ------------------------------------------------------------ the connection


@dataclass
class PushReport:
    """What a push replaced on the server."""

    endpoint: str
    graphs: dict[str, int]
    """graph IRI → triples now on the server"""
    method: str
    removed: list[str] = field(default_factory=list)
    """our graphs the server held that ``dist/`` no longer has (a source renamed or removed)"""

    def __str__(self) -> str:
        total = sum(self.graphs.values())
        gone = f"; removed {len(self.removed)} graph(s) no longer built: {', '.join(self.removed)}"
        return (
            f"pushed {total} triples in {len(self.graphs)} graphs to {self.endpoint} "
            f"({self.method}); every graph was replaced" + (gone if self.removed else "")
        )


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

    # -------------------------------------------------------- queries

    def query(self, query: str, /, *, union: bool = True, **bindings: Any) -> QueryResult:
        """Run SPARQL (text, a ``.rq`` file or a named query) on the server, values bound by a
        ``VALUES`` block of serialised terms. The dataset is our graphs: their union is the
        default graph (unless ``union=False``) and ``GRAPH`` reaches each of them."""
        text, named = resolve_query(query)
        terms = coerce_bindings(named, bindings)
        text = with_prologue(bind_values(text, terms))
        shape = query_shape(text)
        if shape.form not in QUERY_FORMS:
            raise QueryError(f"{shape.form} is an update, not a query: kg only reads from servers")
        own_dataset = shape.has("FROM")
        result = self._run(text, shape, dataset=not own_dataset, union=union)
        if shape.form == "SELECT" and _selects_distinct(shape):
            result = _distinct(result)
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
                f"is this the address of a SPARQL endpoint? ({_excerpt(body)})"
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
            for graph in self.graph_names():
                if union:
                    sw.addParameter("default-graph-uri", graph)
                sw.addParameter("named-graph-uri", graph)
        return self._with_retries(lambda: sw.query().response, what="query", idempotent=True)

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
        message = self._scrub(_excerpt(body, 600))
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

    def update(self, text: str) -> None:
        """Run one SPARQL Update request (not retried: it may have been applied)."""
        sw = SPARQLWrapper(self.url, updateEndpoint=self.update_url)
        sw.setMethod(POST)
        sw.setQuery(text)
        sw.timeout = self.timeout  # type: ignore[assignment]  # setTimeout() truncates to whole seconds
        if self.credentials:
            sw.addCustomHttpHeader("Authorization", self.credentials.header)
        self._with_retries(lambda: sw.query().response, what="update", idempotent=False)

    def _put_graph(self, graph: str, ntriples: bytes) -> None:
        """Replace ``graph`` with ``ntriples`` through the Graph Store protocol."""
        store = self.graph_store_url
        assert store is not None
        param = "graph-uri" if self.is_virtuoso else "graph"  # Virtuoso knows only ?graph-uri=
        url = f"{store}{'&' if '?' in store else '?'}{urllib.parse.urlencode({param: graph})}"
        headers = {"Content-Type": "application/n-triples"}
        if self.credentials:
            headers["Authorization"] = self.credentials.header
        request = urllib.request.Request(url, data=ntriples, method="PUT", headers=headers)
        self._with_retries(
            lambda: urllib.request.urlopen(request, timeout=self.timeout), what="upload", idempotent=False
        )

    def _insert_graph(self, graph: str, lines: Sequence[bytes], chunk: int = 500) -> None:
        """Fill ``graph`` with SPARQL Update (for stores without a Graph Store endpoint)."""
        self.update(f"DROP SILENT GRAPH {_iri(graph)}")
        for i in range(0, len(lines), chunk):
            body = b"".join(lines[i : i + chunk]).decode("utf-8")
            self.update(f"INSERT DATA {{ GRAPH {_iri(graph)} {{\n{body}}} }}")

    def count(self, graph: str) -> int:
        """Triples in one graph on the server."""
        answer = self._select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {_iri(graph)} {{ ?s ?p ?o }} }}", "SELECT", dataset=False
        )
        return int(answer.rows[0][0]) if answer.rows else 0

    def push(
        self, dist: str | os.PathLike[str] | None = None, *, project: Any = None, method: str = "auto"
    ) -> PushReport:
        """Upload ``dist/kg.nq`` graph by graph: each graph goes to a temporary graph, is counted,
        and only when every upload is complete are all graphs swapped in with one SPARQL Update
        request of ``MOVE`` operations. A failure before the swap leaves every graph as it was;
        :class:`~kg.errors.PushError` names the graphs that were replaced."""
        from kg.dist.manifest import verify_dist
        from kg.project import Project

        if dist is None:
            proj = project if isinstance(project, Project) else Project.discover(project)
            folder = proj.dist_dir
        else:
            folder = Path(dist)
        verify_dist(folder, ["kg.nq"])  # a damaged kg.nq must never decide which remote graphs go
        graphs = read_graphs(folder / "kg.nq")
        use_gsp = method == "gsp" or (method == "auto" and self.graph_store_url is not None)
        run = uuid.uuid4().hex[:12]
        temps = {g: f"{TEMP_GRAPH_PREFIX}{run}:{i}" for i, g in enumerate(graphs)}
        try:
            for graph, lines in graphs.items():
                if use_gsp:
                    self._put_graph(temps[graph], b"".join(lines))
                else:
                    self._insert_graph(temps[graph], lines)
                found = self.count(temps[graph])
                if found != len(lines):
                    raise EndpointError(
                        f"the upload of {graph} holds {found} triples on the server, not {len(lines)}"
                    )
        except EndpointError as err:
            self._drop_quietly(temps.values())
            raise PushError(
                f"push stopped before replacing any graph, every graph on the server is as it was: {err}"
            ) from None
        # graphs of ours the build no longer has go in the same request: the server ends equal to dist/
        self._graphs = None
        removed = [g for g in self.graph_names() if g not in graphs]
        swap = " ;\n".join(
            [f"MOVE SILENT GRAPH {_iri(temps[g])} TO GRAPH {_iri(g)}" for g in graphs]
            + [f"DROP SILENT GRAPH {_iri(g)}" for g in removed]
        )
        try:
            self.update(swap)
        except EndpointError as err:
            replaced = self._replaced(graphs, temps)
            self._drop_quietly(temps.values())
            done = ", ".join(replaced) if replaced else "none"
            raise PushError(
                f"push failed while swapping graphs in: {err}; replaced: {done}", replaced
            ) from None
        self._graphs = None
        return PushReport(
            self.url,
            {g: len(lines) for g, lines in graphs.items()},
            "graph store" if use_gsp else "SPARQL Update",
            removed,
        )

    def _replaced(self, graphs: Mapping[str, Sequence[bytes]], temps: Mapping[str, str]) -> list[str]:
        """After a failed swap: the graphs whose temporary copy is gone and whose count is right."""
        replaced = []
        try:
            for graph, lines in graphs.items():
                if self.count(temps[graph]) == 0 and self.count(graph) == len(lines):
                    replaced.append(graph)
        except EndpointError:
            return replaced
        return replaced

    def _drop_quietly(self, graphs: Iterable[str]) -> None:
        # the temporary graphs are outside our namespace: one left behind is never queried
        with contextlib.suppress(EndpointError):
            self.update(" ;\n".join(f"DROP SILENT GRAPH {_iri(g)}" for g in graphs))

    # -------------------------------------------------------- conveniences

    stats = KnowledgeGraph.stats
    """Entities per type and statements per source graph, as :meth:`KnowledgeGraph.stats`."""

    def __len__(self) -> int:
        answer = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(answer.rows[0][0])


def _iri(iri: str) -> str:
    """An IRI as SPARQL text, checked like every bound value."""
    return sparql_term(URIRef(iri))


def read_graphs(path: Path) -> dict[str, list[bytes]]:
    """The N-Triples lines of each named graph of an N-Quads file (graph IRI → sorted lines)."""
    out: dict[str, list[bytes]] = {}
    for quad in ox.parse(path=path, format=ox.RdfFormat.N_QUADS):
        if not isinstance(quad.graph_name, ox.NamedNode):
            continue
        line = ox.serialize(
            [ox.Triple(quad.subject, quad.predicate, quad.object)], format=ox.RdfFormat.N_TRIPLES
        )
        out.setdefault(quad.graph_name.value, []).append(line or b"")
    return {g: sorted(set(lines)) for g, lines in sorted(out.items())}


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

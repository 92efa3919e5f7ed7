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
  normalised, language tags lowercased). :func:`canonical_term` defines the comparison of answers
  that is blind to exactly these differences and to nothing else.

Credentials come from ``KG_ENDPOINT_TOKEN`` (bearer), ``KG_ENDPOINT_USER`` and
``KG_ENDPOINT_PASSWORD`` (basic), or the netrc file (``$NETRC`` or ``~/.netrc``); never from an
argument, and they never appear in an error message.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as _dt
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
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.errors import EndpointError, PushError, QueryError
from kg.namespaces import BASE, GRAPH_BASE, PREFIXES
from kg.query import QueryResult, Term, coerce_bindings, resolve_query
from kg.store import KnowledgeGraph

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


# ------------------------------------------------------------ query text


_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                  |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$]\w+)
      | (?P<word>[A-Za-z_][\w.-]*:?[\w.:%-]*|:[\w.:%-]*)
      | (?P<open>[{(])
      | (?P<close>[})])
      | (?P<other>\S)""",
    re.X | re.S,
)

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")


@dataclass
class QueryShape:
    """What :func:`query_shape` finds at the top level of a query (outside strings and comments)."""

    form: str
    keywords: list[tuple[str, int]]
    """upper-cased keywords at nesting depth 0 with their offsets"""
    pattern_start: int | None
    """offset just after the ``{`` that opens the query's WHERE pattern"""
    end_of_pattern: int | None
    """offset just after the ``}`` that closes it"""

    def has(self, keyword: str, after: int = -1) -> bool:
        return any(k == keyword and at > after for k, at in self.keywords)


def query_shape(text: str) -> QueryShape:
    """The form of a query and where its WHERE pattern starts and ends."""
    depth = 0
    keywords: list[tuple[str, int]] = []
    form = ""
    where_seen = False
    start = end = None
    for m in _TOKEN.finditer(text):
        kind, value = m.lastgroup, m.group()
        if kind in ("comment", "string", "iri", "var"):
            continue
        if kind == "open":
            # in CONSTRUCT { template } WHERE { pattern } the first group is not the pattern
            if depth == 0 and value == "{" and start is None and form and (form != "CONSTRUCT" or where_seen):
                start = m.end()
            depth += 1
            continue
        if kind == "close":
            depth -= 1
            if depth == 0 and value == "}" and start is not None and end is None:
                end = m.end()
            continue
        if depth == 0 and kind == "word":
            word = value.upper()
            keywords.append((word, m.start()))
            if not form and word in QUERY_FORMS + UPDATE_FORMS:
                form = word
            if word == "WHERE":
                where_seen = True
    if not form:
        raise QueryError("this is not a SPARQL query: it has no SELECT, ASK, CONSTRUCT or DESCRIBE")
    return QueryShape(form, keywords, start, end)


def sparql_term(term: Term) -> str:
    """A term as SPARQL text, escaped by rdflib's ``n3()``; IRIs are checked first, so no value
    can close the ``<…>`` it stands in."""
    if isinstance(term, URIRef):
        if not re.fullmatch(r"[^<>\"{}|^`\\\x00-\x20]+", str(term)):
            raise QueryError(f"{str(term)!r} is not an IRI")
        return term.n3()
    if isinstance(term, Literal):
        return term.n3()
    raise QueryError("blank nodes cannot be bound in a query sent to a server")


def bind_values(text: str, bindings: Mapping[str, Term]) -> str:
    """The query with a ``VALUES`` block that binds each variable, placed at the start of the
    query's WHERE pattern (so every part of the pattern sees the value, like the embedded store's
    substitution). Values are serialised terms, never pasted user text."""
    if not bindings:
        return text
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"\w+", name):
            raise QueryError(f"{name!r} is not a variable name")
    block = (
        f" VALUES ?{names[0]} {{ {sparql_term(bindings[names[0]])} }} "
        if len(names) == 1
        else f" VALUES ({' '.join('?' + n for n in names)}) "
        f"{{ ({' '.join(sparql_term(bindings[n]) for n in names)}) }} "
    )
    shape = query_shape(text)
    if shape.pattern_start is None:
        raise QueryError(f"cannot bind {', '.join('?' + n for n in names)}: the query has no WHERE pattern")
    return text[: shape.pattern_start] + block + text[shape.pattern_start :]


def with_prologue(text: str) -> str:
    """The query with ``BASE`` and ``PREFIX`` declarations for the project's prefixes it does not
    declare itself (the embedded store offers them implicitly; a server needs them written)."""
    declared = {m.group(1) for m in re.finditer(r"PREFIX\s+([\w.-]*):", text, re.I)}
    lines = [] if re.search(r"^\s*BASE\s*<", text, re.I | re.M) else [f"BASE <{BASE}>"]
    lines += [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    return "\n".join(lines) + "\n" + text


# ------------------------------------------------------------ results


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
    if "boolean" in data:
        return QueryResult("ask", boolean=bool(data["boolean"])), 0
    try:
        names = list(data["head"]["vars"])
        bindings = data["results"]["bindings"]
    except (KeyError, TypeError):
        raise EndpointError(f"the server's answer is not SPARQL JSON results: {_excerpt(body)}") from None
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


# ------------------------------------------------------------ comparison


_NUMERIC = {
    str(XSD[t])
    for t in [
        "integer",
        "decimal",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "positiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    ]
}


def canonical_term(term: Term | None) -> tuple[str, ...]:
    """A key under which two engines' answers for the same stored term are equal.

    Literals are compared by value where stores normalise them (Virtuoso keeps values, not
    lexical forms): decimals and integers by number, ``xsd:double``/``xsd:float`` by float value,
    booleans by truth, ``xsd:dateTime`` as the UTC instant, language tags case-insensitively
    (BCP 47 tags are), and a plain literal is the ``xsd:string`` it stands for. The datatype stays
    part of the key, every other literal compares by its exact lexical form, IRIs compare exactly,
    and blank nodes only as "a blank node" (their labels are the store's own)."""
    if term is None:
        return ("unbound",)
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    lexical = str(term)
    if term.language:
        return ("lang", lexical, term.language.lower())
    datatype = str(term.datatype or XSD.string)
    try:
        if datatype in _NUMERIC or datatype == str(XSD.decimal):
            return ("typed", datatype, _plain_decimal(Decimal(lexical.strip())))
        if datatype in (str(XSD.double), str(XSD.float)):
            return ("typed", datatype, repr(float(lexical)))
        if datatype == str(XSD.boolean):
            return ("typed", datatype, str(lexical.strip() in ("true", "1")).lower())
        if datatype == str(XSD.dateTime):
            moment = _dt.datetime.fromisoformat(lexical.strip().replace("Z", "+00:00"))
            if moment.tzinfo is not None:
                moment = moment.astimezone(_dt.UTC)
            return ("typed", datatype, moment.isoformat())
    except (InvalidOperation, ValueError):
        pass  # an ill-typed literal compares by its lexical form
    return ("typed", datatype, lexical)


def _plain_decimal(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def canonical_answer(result: QueryResult) -> Any:
    """An answer in a form that compares equal across stores exactly when the answers agree:
    ASK → the boolean; CONSTRUCT → the set of canonical triples; SELECT → the variables and the
    multiset of canonical rows (:func:`canonical_term`). Row order is compared by
    :func:`canonical_rows` for queries with ORDER BY."""
    if result.kind == "ask":
        return ("ask", bool(result.boolean))
    if result.kind == "graph":
        assert result.graph is not None
        return ("graph", sorted(tuple(canonical_term(t) for t in triple) for triple in result.graph))  # type: ignore[arg-type]
    return ("select", list(result.vars), sorted(Counter(canonical_rows(result)).items()))


def canonical_rows(result: QueryResult) -> list[tuple[tuple[str, ...], ...]]:
    """The rows of a SELECT answer, in order, as canonical terms."""
    return [tuple(canonical_term(t) for t in row) for row in result.rows]


def order_keys(text: str) -> list[str] | None:
    """The variables of a query's top-level ``ORDER BY`` (``[]`` without one), or ``None`` when it
    orders by an expression, whose ties cannot be told from the rows."""
    shape = query_shape(text)
    tail = shape.end_of_pattern or 0
    starts = [at for word, at in shape.keywords if word == "ORDER" and at > tail]
    if not starts:
        return []
    clause = text[starts[0] :]
    clause = re.split(r"\b(?:LIMIT|OFFSET|VALUES)\b", clause, maxsplit=1, flags=re.I)[0]
    clause = re.sub(r"^ORDER\s+BY\s+", "", re.sub(r"#[^\n]*", "", clause).strip(), flags=re.I)
    keys = []
    for item in re.findall(r"(?:ASC|DESC)\s*\(\s*[?$](\w+)\s*\)|[?$](\w+)|(\S)", clause, re.I):
        if item[2]:
            return None
        keys.append(item[0] or item[1])
    return keys


def concat_columns(text: str) -> dict[str, str]:
    """The variables a query binds directly to ``GROUP_CONCAT(…) AS ?var``, with the separator."""
    columns: dict[str, str] = {}
    for m in re.finditer(r"GROUP_CONCAT\s*\(", text, re.I):
        depth, at, quote = 1, m.end(), ""
        while at < len(text) and depth:
            char = text[at]
            if quote:
                if char == "\\":
                    at += 1
                elif char == quote:
                    quote = ""
            elif char in "\"'":
                quote = char
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
            at += 1
        inner = text[m.end() : at - 1]
        alias = re.match(r"\s*AS\s+[?$](\w+)", text[at:], re.I)
        if not alias:
            continue  # the concatenation feeds another expression: compared as it is
        sep = re.search(r";\s*separator\s*=\s*(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')", inner, re.I)
        columns[alias.group(1)] = re.sub(r"\\(.)", r"\1", sep.group(1)[1:-1]) if sep else " "
    return columns


def _sorted_concatenations(result: QueryResult, columns: Mapping[str, str]) -> QueryResult:
    """``result`` with the parts of each GROUP_CONCAT value in sorted order."""
    indexes = {result.vars.index(v): sep for v, sep in columns.items() if v in result.vars and sep}
    if result.kind != "select" or not indexes:
        return result
    rows = []
    for row in result.rows:
        values = list(row)
        for i, sep in indexes.items():
            term = values[i]
            if isinstance(term, Literal):
                joined = sep.join(sorted(str(term).split(sep)))
                values[i] = Literal(
                    joined, lang=term.language, datatype=None if term.language else term.datatype
                )
        rows.append(tuple(values))
    return QueryResult("select", vars=list(result.vars), _raw=rows)


def answer_difference(expected: QueryResult, actual: QueryResult, text: str = "") -> str | None:
    """``None`` when two answers to the query ``text`` agree, else what differs first.

    Terms compare by :func:`canonical_term`; rows as multisets; and for a query with
    ``ORDER BY`` variables, the sequence of those variables' values must agree too (rows that tie
    on them may come in any order, as SPARQL allows). The parts of a ``GROUP_CONCAT`` may come in
    any order too (SPARQL leaves it open; even two Oxigraph builds differ): they are compared
    sorted."""
    if text and (columns := concat_columns(text)):
        expected = _sorted_concatenations(expected, columns)
        actual = _sorted_concatenations(actual, columns)
    if expected.kind == actual.kind == "select" and expected.vars != actual.vars:
        if sorted(expected.vars) != sorted(actual.vars):
            return f"variables differ: {expected.vars} != {actual.vars}"
        # SELECT * leaves the order of columns to the engine: line them up by name
        cols = [actual.vars.index(v) for v in expected.vars]
        rows = [tuple(row[i] for i in cols) for row in actual.rows]
        actual = QueryResult("select", vars=list(expected.vars), _raw=rows)
    a, b = canonical_answer(expected), canonical_answer(actual)
    if a[0] != b[0]:
        return f"one answer is {a[0]}, the other {b[0]}"
    if a[0] != "select":
        return None if a == b else f"answers differ: {a[1]!r} != {b[1]!r}"
    if a != b:
        left, right = Counter(canonical_rows(expected)), Counter(canonical_rows(actual))
        missing, extra = list((left - right).elements()), list((right - left).elements())
        return f"{len(expected)} vs {len(actual)} rows; missing {missing[:3]}; unexpected {extra[:3]}"
    keys = order_keys(text) if text else []
    if keys:
        cols = [expected.vars.index(k) for k in keys if k in expected.vars]
        seq_a = [tuple(row[i] for i in cols) for row in canonical_rows(expected)]
        seq_b = [tuple(row[i] for i in cols) for row in canonical_rows(actual)]
        if seq_a != seq_b:
            at = next(i for i, (x, y) in enumerate(zip(seq_a, seq_b, strict=True)) if x != y)
            return f"order differs at row {at}: {seq_a[at]} != {seq_b[at]}"
    return None


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
        return self._run(text, shape, dataset=not own_dataset, union=union)

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
        from kg.build import require_dist
        from kg.project import Project

        proj = project if isinstance(project, Project) else Project.discover(project)
        folder = require_dist(proj, Path(dist) if dist else None)
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
    "answer_difference",
    "canonical_answer",
    "canonical_term",
    "connect",
    "credentials_for",
]

"""Query results: rows of rdflib terms, plain Python values, the output formats of ``kg query``, and
the answers of SPARQL endpoints (JSON results, graphs) read back as the same results."""

from __future__ import annotations

import csv
import datetime as _dt
import html
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast
from typing import Literal as TypingLiteral

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import EndpointError, QueryError
from kg.sparql.table import format_table
from kg.vocab import BASE, PREFIXES, Term, shorten

FORMATS = ("table", "csv", "tsv", "json", "srj")


class Row(tuple):
    """One solution: a tuple of terms (``None`` where unbound), also readable by variable name."""

    _fields: tuple[str, ...] = ()

    def __new__(cls, fields: tuple[str, ...], values: Sequence[Term | None]) -> Row:
        row = super().__new__(cls, values)
        row._fields = fields
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return super().__getitem__(self._fields.index(key))
        return super().__getitem__(key)

    def __getattr__(self, name: str) -> Term | None:
        try:
            return self[self._fields.index(name)]
        except ValueError:
            raise AttributeError(name) from None

    def asdict(self) -> dict[str, Term | None]:
        return dict(zip(self._fields, self, strict=True))


@dataclass
class QueryResult:
    """The answer of a query: rows for SELECT, a boolean for ASK, a graph for CONSTRUCT/DESCRIBE."""

    kind: TypingLiteral["select", "ask", "graph"]
    vars: list[str] = field(default_factory=list)
    _raw: Sequence[Sequence[Any]] = field(default_factory=list, repr=False)
    _convert: Callable[[Any], Term | None] = field(default=lambda t: t, repr=False)
    boolean: bool | None = None
    graph: Graph | None = None
    _rows: list[Row] | None = field(default=None, repr=False)
    _labeller: Callable[[list[str]], dict[str, str]] | None = field(default=None, repr=False)
    """names of entities by IRI, from the store that answered (for ``to_dataframe(labels=True)``)"""

    @property
    def rows(self) -> list[Row]:
        """The solutions as rows of rdflib terms (converted once, on first use)."""
        if self._rows is None:
            fields = tuple(self.vars)
            convert = self._convert
            seen: dict[
                Any, Term | None
            ] = {}  # the same IRIs and labels recur row after row: convert each once

            def term(t: Any) -> Term | None:
                if t is None:
                    return None
                done = seen.get(t)
                if done is None:
                    done = seen[t] = convert(t)
                return done

            self._rows = [Row(fields, [term(t) for t in raw]) for raw in self._raw]
        return self._rows

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        if self.kind == "graph":
            return len(self.graph or ())
        return len(self._raw)

    def __getitem__(self, index: int) -> Row:
        return self.rows[index]

    def __bool__(self) -> bool:
        return bool(self.boolean) if self.kind == "ask" else len(self) > 0

    def with_var_order(self, names: Sequence[str]) -> QueryResult:
        """The same answer with its columns in the order of ``names`` (the same variables)."""
        if list(names) == self.vars or self.kind != "select":
            return self
        pick = [self.vars.index(n) for n in names]
        raw = [tuple(r[i] for i in pick) for r in self._raw]
        return QueryResult(
            "select", vars=list(names), _raw=raw, _convert=self._convert, _labeller=self._labeller
        )

    def values(self, var: str | None = None) -> list[Any]:
        """The plain Python values of one column (the only one by default)."""
        col = self.vars.index(var) if var else 0
        return [python_value(r[col]) for r in self.rows]

    def to_records(self) -> list[dict[str, Any]]:
        """Rows as dictionaries of plain Python values (IRIs as strings)."""
        if self._rows is not None:
            return [{v: python_value(t) for v, t in zip(self.vars, row, strict=True)} for row in self.rows]
        # straight from the store's own terms, each distinct term converted once: the same IRIs
        # recur row after row (half the time of kg.network's views at a million statements)
        convert = self._convert
        values: dict[Any, Any] = {}

        def value(t: Any) -> Any:
            if t is None:
                return None
            try:
                return values[t]
            except KeyError:
                done = values[t] = python_value(convert(t))
                return done

        names = self.vars
        return [dict(zip(names, map(value, raw), strict=True)) for raw in self._raw]

    def to_dataframe(self, *, short: bool = False, labels: bool = False) -> Any:
        """A pandas DataFrame with one column per variable, in dtypes an analyst can compute with:
        ``boolean`` and ``Int64`` (nullable: unbound stays ``<NA>``), ``Float64``, datetimes with
        their offset (UTC where a column mixes offsets), ``category`` for the vocabulary columns
        (``kind``, ``type``, ``role``); text and IRIs as strings.

        ``short=True`` writes IRIs as ``kg:person/thomas-klie``; ``labels=True`` replaces each
        entity by its name (``schema:name``, else ``skos:prefLabel``) where the graph gives one.
        """
        import pandas as pd

        if self.kind == "ask":
            return pd.DataFrame({"boolean": pd.array([self.boolean], dtype="boolean")})
        if self.kind == "graph":
            assert self.graph is not None
            return pd.DataFrame(
                [(str(s), str(p), python_value(cast(Term, o))) for s, p, o in sorted(self.graph)],
                columns=["subject", "predicate", "object"],
            )
        names = self._labels_of() if labels else {}

        def cell(t: Term | None) -> Any:
            if isinstance(t, URIRef):
                iri = str(t)
                return names.get(iri) or (shorten(iri) if short or labels else iri)
            return python_value(t)

        columns = {v: [cell(row[i]) for row in self.rows] for i, v in enumerate(self.vars)}
        frame = pd.DataFrame({v: _typed(v, values) for v, values in columns.items()}, columns=self.vars)
        return frame

    def _labels_of(self) -> dict[str, str]:
        iris = {str(t) for row in self.rows for t in row if isinstance(t, URIRef)}
        return self._labeller(sorted(iris)) if self._labeller and iris else {}

    def to_html(self, *, site: str | None = None, limit: int = 200) -> str:
        """The result as an HTML table (Jupyter shows it for a result on its own): entities as
        links to their pages, ``site`` (the address of ``kg site``'s folder) or else the IRI itself,
        at most ``limit`` rows. Rendered from ``kg/sparql/templates/result.html``."""
        from kg.templating import render

        if self.kind != "select":
            return "<pre>" + html.escape(str(self)) + "</pre>"
        rows = [[_html_cell(t, site) for t in row] for row in self.rows[:limit]]
        return render("result.html", vars=self.vars, rows=rows, count=len(self), shown=len(rows))

    def _repr_html_(self) -> str:
        return self.to_html()

    @property
    def df(self) -> Any:
        return self.to_dataframe()

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | str | bytes) -> QueryResult:
        """An answer in SPARQL 1.1 JSON results (``application/sparql-results+json``), parsed or
        as text, as a :class:`QueryResult`: what SPARQLWrapper returns with ``JSON`` becomes
        comparable with the embedded store's answer (:func:`kg.compare.answer_difference`)."""
        if isinstance(data, str | bytes):
            return result_from_json(data.encode() if isinstance(data, str) else data, "")[0]
        return result_from_data(data)[0]

    def serialize(self, fmt: str = "table", *, width: int | None = None) -> str:
        """The result as text: ``table``, ``csv``, ``tsv``, ``json`` or ``srj``. A ``table`` given a
        ``width`` fits it (long cells wrapped or cut, times shown as ``2020-11-24 09:50+01:00``,
        see :mod:`kg.sparql.table`); without one every cell is whole."""
        return format_result(self, fmt, width=width)

    def __str__(self) -> str:
        return format_result(self, "table")


def python_value(term: Term | None) -> Any:
    """A term as the Python value an analyst expects: IRIs as strings, numbers as numbers."""
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype is None or term.ill_typed:
            return str(term)
        value = term.toPython()
        if isinstance(value, Decimal):
            return float(value)
        return value
    return str(term)


_CATEGORIES = ("kind", "type", "role")
"""Columns of vocabulary labels: a few values repeated row after row."""


def _typed(name: str, values: list[Any]) -> Any:
    """One column of plain values in the dtype that fits all of them."""
    import pandas as pd

    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return pd.array(values, dtype="boolean")
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pd.array(values, dtype="Int64")
    if present and all(isinstance(v, float | int) and not isinstance(v, bool) for v in present):
        return pd.array(values, dtype="Float64")
    if present and all(isinstance(v, _dt.datetime) for v in present):
        aware = all(v.tzinfo is not None for v in present)
        series = pd.to_datetime(pd.Series(values, dtype=object), utc=False) if aware else None
        if series is not None and str(series.dtype).startswith("datetime64"):
            return series  # one offset: kept (2020-11-24 09:50:00+01:00)
        return pd.to_datetime(pd.Series(values, dtype=object), utc=aware)
    if (
        present
        and all(isinstance(v, str) for v in present)
        and (name in _CATEGORIES or name.lower().endswith(_CATEGORIES))
    ):
        return pd.Series(values, dtype="category")
    return pd.Series(values, dtype=object)


def _html_cell(term: Term | None, site: str | None) -> dict[str, str]:
    text = _display(term, readable=True)
    if isinstance(term, URIRef):
        iri = str(term)
        key = iri[len(BASE) :] if iri.startswith(BASE) else None
        if site and key and re.fullmatch(r"[\w.~-]+(/[\w.~-]+)*", key) and ".." not in key.split("/"):
            href = site.rstrip("/") + "/" + key + ".html"
        else:
            href = iri if iri.startswith(("https://", "http://")) else ""
        return {"kind": "iri", "text": text, "href": href, "iri": iri}
    if isinstance(term, Literal) and isinstance(term.toPython(), int | float | Decimal):
        return {"kind": "number", "text": text, "href": "", "iri": ""}
    return {"kind": "text", "text": text, "href": "", "iri": ""}


# ---------------------------------------------------------------- formats


_DATETIME = re.compile(r"(\d{4,}-\d\d-\d\d)T(\d\d:\d\d)(?::00)?((?:[+-]\d\d:\d\d|Z)?)")


def _display(term: Term | None, readable: bool = False) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return shorten(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    # the same instant, only easier to read: no "T", no ":00" seconds
    if readable and term.datatype == XSD.dateTime and (m := _DATETIME.fullmatch(str(term))):
        return f"{m[1]} {m[2]}{m[3]}"
    return str(term)


def format_result(result: QueryResult, fmt: str, *, width: int | None = None) -> str:
    if fmt not in FORMATS:
        raise QueryError(f"unknown output format '{fmt}'; choose one of {', '.join(FORMATS)}")
    if result.kind == "graph":
        assert result.graph is not None
        return result.graph.serialize(format="json-ld" if fmt in ("json", "srj") else "turtle")
    if result.kind == "ask":
        return _format_ask(bool(result.boolean), fmt)
    if fmt == "table":
        return _table(result, width)
    return {"csv": _csv, "tsv": _tsv, "json": _json, "srj": _srj}[fmt](result)


def _format_ask(value: bool, fmt: str) -> str:
    if fmt == "srj":
        return json.dumps({"head": {}, "boolean": value}) + "\n"
    if fmt == "json":
        return json.dumps(value) + "\n"
    return ("true" if value else "false") + "\n"


def _table(result: QueryResult, width: int | None = None) -> str:
    readable = width is not None
    cells = [[_display(t, readable) for t in row] for row in result.rows]
    # only strings wrap at their spaces; IRIs, numbers and times are cut when they must be
    text = [
        any(isinstance(row[i], Literal) and _is_text(cast(Literal, row[i])) for row in result.rows)
        for i in range(len(result.vars))
    ]
    return format_table(result.vars, cells, width, text=text)


def _is_text(term: Literal) -> bool:
    return term.datatype in (None, XSD.string) and " " in str(term).strip()


def _csv(result: QueryResult) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(result.vars)
    for row in result.rows:
        w.writerow(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row])
    return buf.getvalue()


def _tsv(result: QueryResult) -> str:
    lines = ["\t".join("?" + v for v in result.vars)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else t.n3() for t in row))
    return "\n".join(lines) + "\n"


def _json(result: QueryResult) -> str:
    def plain(v: Any) -> Any:
        return v.isoformat() if isinstance(v, _dt.date | _dt.datetime | _dt.time) else v

    records = [{k: plain(v) for k, v in r.items()} for r in result.to_records()]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def term_to_srj(term: Term) -> dict[str, str]:
    """One term in the W3C SPARQL 1.1 Query Results JSON format."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def _srj(result: QueryResult) -> str:
    bindings = [
        {v: term_to_srj(t) for v, t in zip(result.vars, row, strict=True) if t is not None}
        for row in result.rows
    ]
    return (
        json.dumps(
            {"head": {"vars": result.vars}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=2
        )
        + "\n"
    )


# ---------------------------------------------------------------- answers of endpoints
# SPARQL 1.1 JSON results (Virtuoso's dialect included) and RDF graphs, read back as the same
# QueryResult the embedded store gives.

_NUMBER = re.compile(r"[+-]?\d+(\.\d*)?")


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
        raise EndpointError(f"the server's answer is not SPARQL JSON results: {excerpt(body)}") from None
    if not isinstance(data, dict):
        raise EndpointError(f"the server's answer is not SPARQL JSON results: {excerpt(body)}")
    return result_from_data(data, form)


def result_from_data(data: Mapping[str, Any], form: str = "") -> tuple[QueryResult, int]:
    """A :class:`QueryResult` from SPARQL 1.1 JSON results already parsed (what SPARQLWrapper's
    ``JSON`` format returns), and the number of rows read. ``form`` is the query's form
    (``"ASK"`` reads Virtuoso's one-row answer to ASK as the boolean)."""
    if not isinstance(data, Mapping):
        raise EndpointError(f"not SPARQL JSON results: {excerpt(repr(data))}")
    if "boolean" in data:
        return QueryResult("ask", boolean=bool(data["boolean"])), 0
    try:
        names = list(data["head"]["vars"])
        bindings = data["results"]["bindings"]
    except (KeyError, TypeError):
        raise EndpointError(f"not SPARQL JSON results: {excerpt(json.dumps(data))}") from None
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
        raise EndpointError(f"the server's answer is not an RDF graph: {excerpt(body)}") from None
    return QueryResult("graph", graph=graph)


def excerpt(body: bytes | str, limit: int = 300) -> str:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    text = " ".join(text.split())
    return text[:limit] + ("…" if len(text) > limit else "") if text else "(empty)"

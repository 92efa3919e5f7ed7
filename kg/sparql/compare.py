"""When are two answers to the same query the same? The comparison of answers across stores.

Stores keep values, not always their spellings (Virtuoso returns ``1.5`` for ``1.50``, shifts an
instant's offset, lowercases language tags), and SPARQL leaves some orders open (ties under
ORDER BY, the parts of a GROUP_CONCAT). :func:`answer_difference` forgives exactly these and
nothing else; the tests that compare the embedded store with servers use it.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg.sparql.results import QueryResult
from kg.sparql.text import query_shape
from kg.vocab import Term

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


__all__ = [
    "answer_difference",
    "canonical_answer",
    "canonical_rows",
    "canonical_term",
    "concat_columns",
    "order_keys",
]

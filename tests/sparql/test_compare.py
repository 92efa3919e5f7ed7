"""kg.compare: answers agree across stores exactly when they should."""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal, URIRef

from kg.sparql.compare import answer_difference, canonical_term, concat_columns, order_keys
from kg.sparql.results import QueryResult

PROBES = Path(__file__).resolve().parents[1] / "data" / "probe-queries"


def test_canonical_terms_forgive_storage_by_value_only() -> None:
    from rdflib.namespace import XSD  # imported here: pytest trips over the namespace at module level

    dt, dec = XSD.dateTime, XSD.decimal
    assert canonical_term(Literal("2020-11-24T10:00:00+01:00", datatype=dt)) == canonical_term(
        Literal("2020-11-24T09:00:00Z", datatype=dt)
    )
    assert canonical_term(Literal("1.50", datatype=dec, normalize=False)) == canonical_term(
        Literal("1.5", datatype=dec)
    )
    assert canonical_term(Literal("1", datatype=XSD.boolean, normalize=False)) == canonical_term(
        Literal("true", datatype=XSD.boolean)
    )
    assert canonical_term(Literal("x", lang="de-DE")) == canonical_term(Literal("x", lang="de-de"))
    assert canonical_term(Literal("x")) == canonical_term(Literal("x", datatype=XSD.string))
    # real differences still differ
    assert canonical_term(Literal("1.5", datatype=dec)) != canonical_term(Literal("1.6", datatype=dec))
    assert canonical_term(Literal("1", datatype=XSD.integer)) != canonical_term(Literal("1", datatype=dec))
    assert canonical_term(Literal("x", lang="de")) != canonical_term(Literal("x", lang="en"))
    assert canonical_term(Literal("x", lang="de")) != canonical_term(Literal("x"))
    assert canonical_term(Literal("2020-11-24T10:00:00+01:00", datatype=dt)) != canonical_term(
        Literal("2020-11-24T10:00:00Z", datatype=dt)
    )
    assert canonical_term(URIRef("http://a/")) != canonical_term(Literal("http://a/"))


def test_answer_difference_finds_a_missing_row_and_a_wrong_order(graph) -> None:
    text = (
        "SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n) ?type"
    )
    full = graph.query(text)
    fewer = graph.query(text.replace("ORDER BY", "HAVING (COUNT(DISTINCT ?s) > 1) ORDER BY"))
    assert answer_difference(full, full, text) is None
    assert "missing" in (answer_difference(full, fewer, text) or "")
    reversed_text = text.replace("DESC(?n) ?type", "?n DESC(?type)")
    assert "order differs" in (answer_difference(full, graph.query(reversed_text), text) or "")
    assert order_keys(text) == ["n", "type"]
    assert order_keys("SELECT ?x WHERE { ?x ?p ?o } ORDER BY STR(?x)") is None


def test_group_concat_parts_compare_in_any_order_but_must_agree(graph) -> None:
    text = (PROBES / "roles-concatenated.rq").read_text()
    answer = graph.query(text)
    col = answer.vars.index("roles")
    several = [i for i, row in enumerate(answer.rows) if row[col] is not None and ", " in str(row[col])]
    assert several, "the probe should concatenate several roles for someone"

    def changed(value: str) -> QueryResult:
        rows = [tuple(r) for r in answer.rows]
        row = list(rows[several[0]])
        row[col] = Literal(value)
        rows[several[0]] = tuple(row)
        return QueryResult("select", vars=answer.vars, _raw=rows)

    parts = str(answer.rows[several[0]][col]).split(", ")
    assert answer_difference(answer, changed(", ".join(reversed(parts))), text) is None
    assert answer_difference(answer, changed(", ".join(parts[:-1])), text) is not None
    assert answer_difference(answer, changed(", ".join(reversed(parts))), text.replace("GROUP_CONCAT", "MAX"))


def test_group_concat_columns_and_separators() -> None:
    text = (
        'SELECT ?p (GROUP_CONCAT(DISTINCT STR(?r); separator=", ") AS ?roles) (GROUP_CONCAT(?x) AS ?xs) '
        "(CONCAT(\"a\", GROUP_CONCAT(?y)) AS ?z) (group_concat(?q;SEPARATOR='|')as ?qs) WHERE {}"
    )
    assert concat_columns(text) == {"roles": ", ", "xs": " ", "qs": "|"}

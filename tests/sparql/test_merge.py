"""The default graph is a set (kg.sparql.merge): on every door a query without GRAPH sees the RDF
merge of the source graphs, and answers as rdflib's engine does over the same dataset.

The queries are every named query, benchmark query and probe with each ``DISTINCT`` removed (the
keyword hid the duplicates of pyoxigraph's union default graph, issue 14), each named query's row
count as a ``COUNT(*)`` over it, and a battery of ad-hoc aggregates, ``SELECT *`` and property
paths. The reference is rdflib's SPARQL engine over ``rdflib.Dataset(default_union=True)`` parsed
from ``dist/kg.trig``: a set, by construction of rdflib's store. Rows compare as multisets
(:func:`kg.sparql.compare.answer_difference`). The doors: the Python API, ``kg query``, the
endpoint of ``kg serve`` (plain HTTP, as the editor and ``curl`` ask), and ``kg.connect`` to an
Oxigraph server and to Virtuoso after ``kg push``.

``test_the_comparison_table`` writes the table (query, rows before the fix, rows now, rdflib) to
``test-artifacts/default-graph-comparison.md``; docs/data-model.md quotes it.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal
from rdflib.namespace import XSD

import kg
from kg.cli import main as kg_main
from kg.sparql.compare import answer_difference
from kg.sparql.merge import MERGE_GRAPH
from kg.sparql.named import named_queries, parse_named_query
from kg.sparql.results import QueryResult
from kg.sparql.store import result_from_oxigraph
from kg.sparql.text import bind_values, with_prologue
from kg.vocab import BASE, PREFIXES
from tests.conftest import ARTIFACTS, ROOT, curated_entities, run_kg
from tests.sparql.test_remote import example_bindings

PROBES = ROOT / "tests" / "data" / "probe-queries"
BENCH = ROOT / "benchmarks" / "queries"

ADHOC = {
    "count-people": "SELECT (COUNT(?p) AS ?n) WHERE { ?p a schema:Person }",
    "count-triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "count-koda-members": "SELECT (COUNT(?m) AS ?n) WHERE { <project/koda-eg> schema:member ?m }",
    "person-names": "SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name }",
    "readme-panel": """SELECT ?name ?project WHERE {
  ?item kgo:itemKind <https://w3id.org/kommunen-kg/concept/item-kind/panel-discussion> ;
        kgo:appearance ?role .
  ?role schema:performer/schema:name ?name .
  OPTIONAL { ?role kgo:representsProject/schema:name ?project }
}""",
    "types-group-by": "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type",
    "predicates-group-by": "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p",
    "members-having": "SELECT ?project (COUNT(?m) AS ?n) WHERE { ?project schema:member ?m } "
    "GROUP BY ?project HAVING (COUNT(?m) > 1)",
    "sum-population": "SELECT (SUM(?pop) AS ?total) (COUNT(?pop) AS ?n) WHERE { ?m kgo:population ?pop }",
    "min-max-avg": "SELECT (MIN(?pop) AS ?min) (MAX(?pop) AS ?max) (AVG(?pop) AS ?avg) "
    "WHERE { ?m kgo:population ?pop }",
    "concat-names": 'SELECT (GROUP_CONCAT(?name; separator="|") AS ?names) '
    "WHERE { ?p a schema:Person ; schema:name ?name }",
    "star-names": "SELECT * WHERE { ?s schema:name ?o }",
    "star-types": "SELECT * WHERE { ?s a ?t }",
    "star-all": "SELECT * WHERE { ?s ?p ?o }",
    "path-sequence": "SELECT ?name WHERE { ?item kgo:appearance/schema:performer/schema:name ?name }",
    "path-alternative": "SELECT ?s ?label WHERE { ?s schema:name|skos:altLabel ?label }",
    "path-inverse": "SELECT ?event ?item WHERE { ?item ^schema:subEvent ?event }",
    # with a start Virtuoso can walk from (it refuses "?x p+ ?y" with both ends open)
    "path-one-or-more": "SELECT ?x ?y WHERE { ?x a schema:Event . ?x schema:subEvent+ ?y }",
    "path-zero-or-more": "SELECT ?y WHERE { <event/2020-11-24-allianzen-bilden> schema:subEvent* ?y }",
    "count-path": "SELECT (COUNT(?o) AS ?n) WHERE { ?s kgo:appearance/schema:roleName ?o }",
    "optional-titles": "SELECT ?p ?title WHERE { ?p a schema:Person OPTIONAL { ?p schema:honorificPrefix ?title } }",
    "not-exists": "SELECT ?p WHERE { ?p a schema:Person FILTER NOT EXISTS { ?p schema:honorificPrefix ?t } }",
    "minus": "SELECT ?p WHERE { ?p a schema:Person MINUS { ?p schema:honorificPrefix ?t } }",
    "subquery-count": "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?p WHERE { ?p a schema:Person } } }",
    "union-count": "SELECT (COUNT(*) AS ?n) WHERE { { ?x a schema:Person } UNION { ?x a schema:Organization } }",
    "values-join": "SELECT ?p ?name WHERE { VALUES ?p { <person/thomas-klie> <person/birgit-boehm> } "
    "?p schema:name|skos:altLabel ?name }",
    "ask-person": "ASK { <person/thomas-klie> a schema:Person }",
    "graph-count": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "graph-sizes": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "graph-of-a-name": "SELECT ?g WHERE { GRAPH ?g { <person/thomas-klie> schema:name ?n } }",
    "graph-and-default": "SELECT ?g ?name WHERE { GRAPH ?g { ?p a schema:Person } ?p schema:name ?name }",
}
"""Ad-hoc questions a researcher asks: aggregates, ``SELECT *``, property paths, and ``GRAPH``."""


@dataclass(frozen=True)
class Case:
    """One query as every door receives it: full text, values bound by a ``VALUES`` block."""

    label: str
    text: str


def without_distinct(text: str) -> str:
    """The query with every ``DISTINCT`` keyword removed (also inside ``COUNT``/``GROUP_CONCAT``)."""
    return re.sub(r"\bDISTINCT\b\s*", "", text, flags=re.I)


def unordered(text: str) -> str:
    """The text :func:`answer_difference` reads for a comparison of multisets: top-level ``ORDER BY``
    commented out. (SPARQL leaves the order of incomparable values open, and the engines differ:
    ``events`` orders an ``xsd:date`` and ``xsd:dateTime`` start each its own way in rdflib and
    pyoxigraph; the order of every named query is asserted by tests/sparql/test_queries.py.)"""
    return re.sub(r"^(\s*)ORDER\s+BY\b", r"\1# ORDER BY", text, flags=re.M | re.I)


def _split_prologue(text: str) -> tuple[str, str]:
    lines = text.splitlines()
    at = 0
    while at < len(lines) and re.match(r"\s*(#|PREFIX\b|BASE\b|$)", lines[at], re.I):
        at += 1
    return "\n".join(lines[:at]), "\n".join(lines[at:])


def counted(text: str) -> str:
    """``SELECT (COUNT(*) AS ?rows)`` over the whole query (its prologue kept outside)."""
    prologue, body = _split_prologue(text)
    return f"{prologue}\nSELECT (COUNT(*) AS ?rows) WHERE {{ {{\n{body}\n}} }}"


def cases() -> list[Case]:
    out = []
    for name, q in named_queries().items():
        text = without_distinct(bind_values(q.text, example_bindings(q)))
        out.append(Case(f"{name}", text))
        out.append(Case(f"{name} (count)", counted(text)))
        if q.optional:
            narrowed = without_distinct(bind_values(q.text, example_bindings(q, narrowed=True)))
            out.append(Case(f"{name} (narrowed)", narrowed))
    for folder, kind in ((BENCH, "bench"), (PROBES, "probe")):
        for path in sorted(folder.glob("*.rq")):
            q = parse_named_query(path)
            if q.required or re.search(r"^\s*(CONSTRUCT|DESCRIBE)\b", q.text, re.M | re.I):
                continue  # asked with their bindings by test_remote.py; a CONSTRUCT answer is a set
            out.append(Case(f"{kind}:{path.stem}", without_distinct(q.text)))
    out += [Case(f"ad-hoc:{name}", text) for name, text in ADHOC.items()]
    return out


CASES = cases()
DOORS = ["python", "kg query", "kg serve", "oxigraph", "virtuoso"]


# ---------------------------------------------------------------- the reference and the doors


@pytest.fixture(scope="module")
def rdflib_dataset(dist: Path) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(dist / "kg.trig", format="trig")
    return ds


def rdflib_answer(ds: Dataset, text: str) -> QueryResult:
    answer = ds.query(with_prologue(text))
    if answer.type == "ASK":
        return QueryResult("ask", boolean=bool(answer.askAnswer))
    if answer.type == "SELECT":
        names = [str(v) for v in answer.vars or []]
        return QueryResult("select", vars=names, _raw=[tuple(row) for row in answer])
    raise AssertionError(f"unexpected answer type {answer.type}")


def before_answer(dist: Path, text: str) -> QueryResult:
    """What the embedded store answered before the fix: pyoxigraph's union default graph, a bag."""
    store = _bag_store(dist)
    return result_from_oxigraph(
        store.query(text, base_iri=BASE, prefixes=PREFIXES, use_default_graph_as_union=True)
    )


_BAG: dict[Path, ox.Store] = {}


def _bag_store(dist: Path) -> ox.Store:
    if dist not in _BAG:
        store = ox.Store()
        store.load(path=dist / "kg.nq", format=ox.RdfFormat.N_QUADS)
        _BAG[dist] = store
    return _BAG[dist]


def endpoint_answer(url: str, text: str) -> QueryResult:
    """What ``curl``, SPARQLWrapper or the editor get from a SPARQL endpoint: no dataset parameters."""
    body = urllib.parse.urlencode({"query": with_prologue(text)}).encode()
    request = urllib.request.Request(
        url,
        data=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        },
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return QueryResult.from_json(response.read())


def cli_answer(dist: Path, text: str, capsys: pytest.CaptureFixture[str]) -> QueryResult:
    capsys.readouterr()
    code = kg_main(["--dist", str(dist), "query", text, "--format", "srj"])
    out = capsys.readouterr().out
    assert code == 0, out
    return QueryResult.from_json(out)


def answer_on(door: str, text: str, request: pytest.FixtureRequest, capsys: Any) -> QueryResult:
    if door == "python":
        graph: kg.KnowledgeGraph = request.getfixturevalue("graph")
        return graph.query(text)
    if door == "kg query":
        return cli_answer(request.getfixturevalue("dist"), text, capsys)
    if door == "kg serve":
        return endpoint_answer(request.getfixturevalue("served").query_url, text)
    remote = request.getfixturevalue("pushed_oxigraph" if door == "oxigraph" else "pushed_virtuoso")
    return remote.query(text)  # type: ignore[no-any-return]


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
def test_every_door_answers_like_rdflib_without_distinct(
    door: str, case: Case, rdflib_dataset: Dataset, request: pytest.FixtureRequest, capsys: Any
) -> None:
    expected = rdflib_answer(rdflib_dataset, case.text)
    actual = answer_on(door, case.text, request, capsys)
    difference = answer_difference(expected, actual, unordered(case.text))
    assert difference is None, f"{case.label} on {door}: {difference}\n{case.text}"


def test_the_readme_examples_count_things_not_sources(dist: Path) -> None:
    # issue 14 as a user met it: `kg query` gave 15 names for 7 people and 11 people for 7
    names = run_kg(
        "--dist",
        str(dist),
        "query",
        "SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name }",
        "--format",
        "csv",
    )
    assert names.returncode == 0, names.stderr
    lines = names.stdout.strip().splitlines()[1:]
    people_defined = len(curated_entities("https://schema.org/Person"))
    assert len(lines) == len(set(lines)) == people_defined >= 7
    people = run_kg("--dist", str(dist), "query", ADHOC["count-people"], "--format", "csv")
    assert people.stdout.strip().splitlines()[1:] == [str(people_defined)]


def test_graph_patterns_never_see_the_merge_graph(pushed_oxigraph, pushed_virtuoso, served, graph) -> None:
    text = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    expected = sorted(str(r[0]) for r in graph.query(text).rows)
    assert MERGE_GRAPH not in expected and len(expected) == len(graph.graph_names())
    for remote in (pushed_oxigraph, pushed_virtuoso, kg.connect(served.query_url)):
        assert sorted(str(r[0]) for r in remote.query(text).rows) == expected, remote
    raw = endpoint_answer(served.query_url, text)
    assert sorted(str(r[0]) for r in raw.rows) == expected


def test_the_comparison_table(rdflib_dataset: Dataset, graph: kg.KnowledgeGraph, dist: Path) -> None:
    """The answer before the fix (pyoxigraph's union default graph), now, and in rdflib, for every
    case: rows, or the values of a one-row answer; ✗ marks an answer that differed from rdflib's."""
    lines = [
        "| query (DISTINCT removed) | before: rows (values) | now | rdflib |",
        "|---|---:|---:|---:|",
    ]
    wrong = 0
    for case in CASES:
        before, now = before_answer(dist, case.text), graph.query(case.text)
        reference = rdflib_answer(rdflib_dataset, case.text)
        text = unordered(case.text)
        mark = " ✗" if answer_difference(reference, before, text) is not None else ""
        wrong += bool(mark)
        lines.append(f"| `{case.label}` | {shown(before)}{mark} | {shown(now)} | {shown(reference)} |")
        assert answer_difference(reference, now, text) is None, case.label
    lines += ["", f"{wrong} of {len(CASES)} answers differed from rdflib's before (✗); none does now."]
    table = "\n".join(lines) + "\n"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "default-graph-comparison.md").write_text(table, encoding="utf-8")
    print("\n" + table)
    assert wrong > 0  # the real data states some triples in several sources


def shown(result: QueryResult) -> str:
    """An answer in a table cell: ``true``/``false``; the values of a one-row answer of up to three
    literals (``7``, ``12 / 3``); else the number of rows."""
    if result.kind == "ask":
        return str(result.boolean).lower()
    rows = result.rows
    if len(rows) == 1 and len(rows[0]) <= 3 and all(isinstance(t, Literal) for t in rows[0]):
        return " / ".join(_short(t) for t in rows[0])
    return f"{len(rows)} row{'' if len(rows) == 1 else 's'}"


def _short(term: Literal) -> str:
    text = str(term)
    if "|" in text:  # a GROUP_CONCAT: its parts come in any order
        return f"{len(text.split('|'))} names"
    if term.datatype in (XSD.decimal, XSD.double, XSD.float):
        return f"{float(text):.6g}"
    return text if len(text) <= 24 else text[:21] + "…"


def test_answers_are_json_results(served) -> None:
    # the endpoint door reads SPARQL JSON: a sanity check of the reader used above
    answer = endpoint_answer(served.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s a schema:Person }")
    n = json.loads(answer.serialize("srj"))["results"]["bindings"][0]["n"]["value"]
    assert n == str(len(curated_entities("https://schema.org/Person")))

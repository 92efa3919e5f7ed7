"""kg.remote and `kg query --endpoint` / `kg push`: the same answers from every store, on real
servers (Oxigraph, Virtuoso Open Source, `kg serve`), and the failures a user meets."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

import kg
from kg.errors import EndpointError, PushError, QueryError
from kg.sparql.compare import answer_difference
from kg.sparql.credentials import credentials_for
from kg.sparql.named import NamedQuery, coerce_bindings, named_queries, parse_named_query
from kg.sparql.push import TEMP_GRAPH_PREFIX, read_graphs
from kg.sparql.text import query_shape, sparql_term
from kg.vocab import GRAPH_BASE, expand
from tests.conftest import ROOT, run_kg
from tests.servers import FaultProxy, start_oxigraph

PROBES = Path(__file__).resolve().parents[1] / "data" / "probe-queries"

EXAMPLES = {
    "entity": "person/thomas-klie",
    "person": "person/thomas-klie",
    "project": "project/koda-eg",
    "organization": "organization/difu",
    "organisation": "organization/difu",
    "municipality": "municipality/08235050",
    "event": "event/2020-11-24-allianzen-bilden",
    "name": "Thomas Klie",
}
"""Values for query parameters whose header gives no example (``e.g. …`` in the Param line)."""


def example_bindings(query: NamedQuery, *, narrowed: bool = False) -> dict[str, object]:
    """A value for each required parameter (and each optional one when ``narrowed``): the header's
    ``e.g.`` example, else :data:`EXAMPLES`."""
    values: dict[str, object] = {}
    for name, kind in query.params.items():
        if name in query.optional and not narrowed:
            continue
        m = re.search(r"e\.g\.,?\s+([^\s,;)]+)", query.param_help.get(name, ""))
        value = m.group(1) if m else EXAMPLES.get(name, "person/thomas-klie")
        values[name] = URIRef(expand(value)) if kind == "iri" else Literal(value)
    return values


def all_queries() -> list[tuple[str, NamedQuery, bool, bool]]:
    """Every named competency query (run by name, whole and narrowed by each optional parameter),
    and the probes of tests/data/probe-queries (run as text), which cover what stores disagree
    about: types, tags, paging, ASK, CONSTRUCT."""
    named = [(f"named:{n}", q, True, False) for n, q in named_queries().items()]
    narrowed = [(f"narrowed:{n}", q, True, True) for n, q in named_queries().items() if q.optional]
    probes = [(f"probe:{p.stem}", parse_named_query(p), False, False) for p in sorted(PROBES.glob("*.rq"))]
    return named + narrowed + probes


QUERIES = all_queries()


@pytest.fixture(scope="session")
def stores(graph, served, pushed_oxigraph, pushed_virtuoso) -> dict[str, object]:
    return {
        "kg serve": kg.connect(served.query_url),
        "oxigraph": pushed_oxigraph,
        "virtuoso": pushed_virtuoso,
    }


@pytest.mark.parametrize("store_name", ["kg serve", "oxigraph", "virtuoso"])
@pytest.mark.parametrize(("label", "query", "by_name", "narrowed"), QUERIES, ids=[q[0] for q in QUERIES])
def test_same_answers_as_the_embedded_store(
    graph, stores, store_name, label, query, by_name, narrowed
) -> None:
    bindings = example_bindings(query, narrowed=narrowed)
    expected = graph.query(query.name if by_name else query.text, **bindings)
    if narrowed:
        assert len(expected) > 0, f"the example in {query.name}'s Param line matches nothing"
    actual = stores[store_name].query(query.name if by_name else query.text, **bindings)
    assert answer_difference(expected, actual, query.text) is None, (
        f"{label} on {store_name}: {answer_difference(expected, actual, query.text)}"
    )


def test_sparqlwrapper_answers_read_back_as_the_embedded_stores(served, graph) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    sparql = SPARQLWrapper(served.query_url)
    sparql.setReturnFormat(JSON)
    for name in ("programme", "panel", "municipality-populations"):
        text = named_queries()[name].text
        sparql.setQuery(text)
        answer = kg.QueryResult.from_json(sparql.queryAndConvert())
        assert len(answer) > 0
        assert answer_difference(graph.query(name), answer, text) is None, name
    sparql.setQuery("ASK { ?s a <https://schema.org/Person> }")
    assert kg.QueryResult.from_json(sparql.queryAndConvert()).boolean is True


def test_query_result_from_json_reads_text_and_refuses_other_json(graph) -> None:
    expected = graph.query("appearances")
    text = expected.serialize("srj")
    for form in (text, text.encode()):
        again = kg.QueryResult.from_json(form)
        assert again.vars == expected.vars
        assert answer_difference(expected, again, named_queries()["appearances"].text) is None
    assert kg.QueryResult.from_json('{"head": {}, "boolean": false}').boolean is False
    with pytest.raises(EndpointError, match="not SPARQL JSON results"):
        kg.QueryResult.from_json({"data": []})
    with pytest.raises(EndpointError, match="not SPARQL JSON results"):
        kg.QueryResult.from_json("<html>")


def test_virtuoso_answers_in_pages_beyond_its_row_limit(pushed_virtuoso, graph) -> None:
    # the test Virtuoso cuts results at 500 rows; the dataset has more statements than that
    answer = pushed_virtuoso.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert len(answer) == len(graph) > 500
    assert len(set(answer.rows)) == len(answer)


def test_virtuoso_sees_our_graphs_only(pushed_virtuoso, graph) -> None:
    assert pushed_virtuoso.is_virtuoso
    assert pushed_virtuoso.graph_names() == graph.graph_names()
    triples = pushed_virtuoso.query("SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    assert int(triples) == len(graph.graph())  # no system triples in the default graph


def test_stats_are_those_of_the_embedded_store(graph, stores) -> None:
    for remote in stores.values():
        assert str(remote.stats()) == str(graph.stats())


def test_cli_stats_of_a_server_are_those_of_the_embedded_store(served, dist) -> None:
    local = run_kg("--dist", str(dist), "stats")
    remote = run_kg("stats", "--endpoint", served.query_url)
    assert remote.returncode == 0 and remote.stdout == local.stdout


def test_pushed_stores_hold_exactly_the_built_graphs(pushed_oxigraph, pushed_virtuoso, dist) -> None:
    expected = {g: len(lines) for g, lines in read_graphs(dist / "kg.nq").items()}
    for remote in (pushed_oxigraph, pushed_virtuoso):
        assert {g: remote.count(g) for g in remote.graph_names()} == expected


# ---------------------------------------------------------------- bindings, never pasted text


def test_injection_through_an_entity_iri_is_refused(served) -> None:
    remote = kg.connect(served.query_url)
    text = (PROBES / "about-entity.rq").read_text()
    with pytest.raises(QueryError, match="not an IRI"):
        remote.query(text, entity=URIRef("https://w3id.org/kommunen-kg/x> } } ; DROP ALL ; SELECT * { <y"))
    with pytest.raises(QueryError, match="not an IRI"):
        sparql_term(URIRef("urn:x>\nDROP ALL"))
    # a parameter declared as IRI in a query header refuses such a value before any request
    about = parse_named_query(PROBES / "about-entity.rq")
    with pytest.raises(QueryError, match="not an IRI"):
        coerce_bindings(about, {"entity": "person/x> } DROP ALL { <y"})


def test_injection_through_a_literal_stays_a_literal(pushed_oxigraph, graph) -> None:
    text = (PROBES / "name-literal.rq").read_text()
    before = len(pushed_oxigraph)
    evil = 'Thomas Klie" } } ; DROP ALL ; SELECT * WHERE { ?who ?name "'
    assert len(pushed_oxigraph.query(text, name=evil)) == 0
    assert (
        len(pushed_oxigraph.query(text, name="Thomas Klie")) == len(graph.query(text, name="Thomas Klie")) > 0
    )
    assert len(pushed_oxigraph) == before == len(graph)


def test_cli_passes_an_entity_name_as_a_value(served, graph) -> None:
    evil = 'Thomas Klie" } } ; DROP ALL ; SELECT * WHERE { ?who ?name "'
    query = str(PROBES / "name-literal.rq")
    done = run_kg("query", "--endpoint", served.query_url, query, "--bind", f"name={evil}", "-f", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "who,name"  # no rows: the whole text was one name
    done = run_kg("query", "--endpoint", served.query_url, query, "--bind", "name=Thomas Klie", "-f", "csv")
    assert done.stdout.splitlines()[1] == "https://w3id.org/kommunen-kg/person/thomas-klie,Thomas Klie"


# ---------------------------------------------------------------- output formats


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "srj"])
def test_cli_formats_are_those_of_the_embedded_store(served, dist, fmt) -> None:
    text = str(PROBES / "ordered-types.rq")
    local = run_kg("--dist", str(dist), "query", text, "--format", fmt)
    remote = run_kg("query", "--endpoint", served.query_url, text, "--format", fmt)
    assert local.returncode == remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout


# ---------------------------------------------------------------- failures a user meets


def test_unreachable_server_gives_up_after_bounded_retries() -> None:
    proxy = FaultProxy(1, lambda n, m, p, b: "drop").start()
    try:
        remote = kg.connect(proxy.url("/query"), timeout=2, retries=2)
        with pytest.raises(EndpointError, match=r"cannot reach .* \(3 attempts"):
            remote.query("ASK {}")
        assert len(proxy.requests) == 3  # reads are retried …
        proxy.requests.clear()
        with pytest.raises(EndpointError, match=r"cannot reach"):
            remote.update("CLEAR ALL")
        assert len(proxy.requests) == 1  # … writes never
    finally:
        proxy.stop()


def test_a_busy_server_is_asked_again_for_reads_only(oxigraph_server, pushed_oxigraph) -> None:
    port = int(oxigraph_server.url.split(":")[2].split("/")[0])
    busy = (503, "text/plain", b"busy, try later")
    proxy = FaultProxy(port, lambda n, m, p, b: busy if n <= 2 else None).start()
    try:
        remote = kg.connect(proxy.url("/query"), retries=2)
        assert remote.query("ASK { ?s a schema:Person }").boolean is True
        # where the merge is: 2 × busy, 1 answer; the lookup of our graphs; then the query
        assert len(proxy.requests) == 5
        proxy.requests.clear()
        proxy.rule = lambda n, m, p, b: busy
        with pytest.raises(EndpointError, match=r"HTTP 503\): busy, try later"):
            remote.update("CLEAR GRAPH <urn:kg-test:nothing>")
        assert len(proxy.requests) == 1
    finally:
        proxy.stop()


def test_nobody_listening_is_a_clear_message() -> None:
    from kg.web.serve import free_port

    port = free_port()
    done = run_kg("query", "--endpoint", f"http://127.0.0.1:{port}/query", "ASK {}", "--timeout", "2")
    assert done.returncode == 1
    assert f"cannot reach the SPARQL endpoint http://127.0.0.1:{port}/query" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_rejected_query_shows_the_servers_message(pushed_oxigraph, pushed_virtuoso) -> None:
    with pytest.raises(EndpointError, match=r"rejected the query: .*error at"):
        pushed_oxigraph.query("SELECT ?x WHERE { ?x ?y }")
    with pytest.raises(EndpointError, match=r"rejected the query: .*(syntax|SP030)"):
        pushed_virtuoso.query("SELECT ?x WHERE { ?x ?y }")


def test_cli_shows_the_servers_message_not_a_traceback(oxigraph_server) -> None:
    done = run_kg("query", "--endpoint", oxigraph_server.url, "SELECT ?x WHERE { ?x ?y }")
    assert done.returncode == 1
    assert done.stderr.startswith("kg: error: the server rejected the query: error at")
    assert "Traceback" not in done.stderr


def test_an_answer_that_is_not_sparql_results() -> None:
    page = (200, "text/html", b"<html><body>Welcome to our web site</body></html>")
    proxy = FaultProxy(1, lambda n, m, p, b: page).start()
    try:
        with pytest.raises(EndpointError, match=r"answered with text/html, not SPARQL results.*Welcome"):
            kg.connect(proxy.url("/query")).query("SELECT * WHERE { ?s ?p ?o }")
    finally:
        proxy.stop()


def test_a_long_query_times_out(oxigraph_server, pushed_oxigraph) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    done = run_kg("query", "--endpoint", oxigraph_server.url, slow, "--timeout", "1")
    assert done.returncode == 1
    assert "did not answer within 1 s" in done.stderr and "--timeout" in done.stderr
    with pytest.raises(EndpointError, match=r"did not answer within 0\.5 s"):
        kg.connect(oxigraph_server.url, timeout=0.5).query(slow)


# ---------------------------------------------------------------- credentials


SECRET = "s3cret-token-do-not-show"


def test_credentials_come_from_environment_or_netrc(tmp_path) -> None:
    assert credentials_for("http://h/", {"KG_ENDPOINT_TOKEN": SECRET}).header == f"Bearer {SECRET}"
    basic = credentials_for("http://h/", {"KG_ENDPOINT_USER": "ann", "KG_ENDPOINT_PASSWORD": SECRET})
    assert basic.header.startswith("Basic ") and SECRET not in repr(basic)
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login ann password {SECRET}\n")
    netrc.chmod(0o600)
    assert credentials_for("http://127.0.0.1:9/q", {"NETRC": str(netrc)}).source.startswith("netrc")
    assert credentials_for("http://elsewhere/q", {"NETRC": str(netrc)}) is None
    with pytest.raises(EndpointError, match="credentials"):
        kg.connect("http://ann:pw@127.0.0.1/query")


def test_kg_push_has_no_credential_option() -> None:
    done = run_kg("push", "--help")
    assert "KG_ENDPOINT_TOKEN" in done.stdout
    assert not re.search(r"--(token|password|user)\b", done.stdout)


def test_a_failing_request_never_shows_the_secret(served, monkeypatch) -> None:
    monkeypatch.setenv("KG_ENDPOINT_TOKEN", SECRET)
    with pytest.raises(PushError) as refused:
        kg.connect(served.query_url).push(served.dist, project=kg.Project(ROOT))
    assert "read-only" in str(refused.value) and SECRET not in str(refused.value)

    # a server that echoes the request back must not leak it either
    def echo(n: int, method: str, path: str, body: bytes):
        return (400, "text/plain", f"bad request, Authorization: Bearer {SECRET}".encode())

    proxy = FaultProxy(1, echo).start()
    try:
        with pytest.raises(EndpointError) as echoed:
            kg.connect(proxy.url("/query")).query("ASK {}")
        assert SECRET not in str(echoed.value) and "***" in str(echoed.value)
    finally:
        proxy.stop()


def test_cli_error_with_basic_credentials_hides_them(served, dist, tmp_path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login ann password {SECRET}\n")
    netrc.chmod(0o600)
    done = subprocess.run(
        [sys.executable, "-m", "kg", "--dist", str(dist), "push", "--endpoint", served.query_url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "NETRC": str(netrc), "HOME": str(tmp_path)},
    )
    assert done.returncode == 1
    assert "read-only" in done.stderr and "netrc" in done.stderr
    assert SECRET not in done.stderr + done.stdout and "YW5u" not in done.stderr  # base64 of "ann:"


# ---------------------------------------------------------------- push: all or nothing


@pytest.fixture()
def fresh_oxigraph(tmp_path) -> Iterator[object]:
    server = start_oxigraph(tmp_path / "oxigraph")
    yield server
    server.stop()


def server_state(remote) -> dict[str, int]:
    """Every graph on the server (ours and temporary ones) with its size."""
    rows = remote.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    graphs = {str(r[0]): int(r[1]) for r in rows.rows}
    # the query above sees our graphs only; temporary graphs are found without the dataset
    temps = remote._select(
        f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{TEMP_GRAPH_PREFIX}")) }}',
        "SELECT",
        dataset=False,
    )
    graphs.update({str(r[0]): -1 for r in temps.rows})
    return graphs


def test_push_that_fails_halfway_replaces_nothing(fresh_oxigraph, dist, project) -> None:
    remote = kg.connect(fresh_oxigraph.url)
    remote.push(dist, project=project)
    # make the server differ from dist/ in two graphs, so a replaced graph would show
    event, ontology = GRAPH_BASE + "event-2020-11-24-allianzen-bilden", GRAPH_BASE + "ontology"
    remote.update(f"INSERT DATA {{ GRAPH <{event}> {{ <urn:x> <urn:y> <urn:z> }} }}")
    remote.update(f"DELETE WHERE {{ GRAPH <{ontology}> {{ ?s a <http://www.w3.org/2002/07/owl#Class> }} }}")
    remote._graphs = None
    before = server_state(remote)

    port = int(fresh_oxigraph.url.split(":")[2].split("/")[0])
    puts = []

    def fail_fifth_upload(n: int, method: str, path: str, body: bytes):
        if method == "PUT":
            puts.append(path)
            if len(puts) == 5:
                return (500, "text/plain", b"injected failure")
        return None

    proxy = FaultProxy(port, fail_fifth_upload).start()
    try:
        with pytest.raises(PushError, match="before replacing any graph") as stopped:
            kg.connect(proxy.url("/query")).push(dist, project=project)
        assert stopped.value.replaced == []
        assert server_state(remote) == before  # no graph replaced, no temporary graph left

        def fail_swap(n: int, method: str, path: str, body: bytes):
            return (500, "text/plain", b"injected failure") if b"MOVE" in body else None

        proxy.rule = fail_swap
        with pytest.raises(PushError, match=r"while swapping graphs in.*replaced: none") as failed:
            kg.connect(proxy.url("/query")).push(dist, project=project)
        assert failed.value.replaced == []
        assert server_state(remote) == before
    finally:
        proxy.stop()

    report = remote.push(dist, project=project)
    assert server_state(remote) == {g: len(lines) for g, lines in read_graphs(dist / "kg.nq").items()}
    assert "every graph was replaced" in str(report)


def test_push_failure_on_virtuoso_leaves_it_as_it_was(pushed_virtuoso, dist, project) -> None:
    port = int(pushed_virtuoso.url.split(":")[2].split("/")[0])
    before = server_state(pushed_virtuoso)
    proxy = FaultProxy(port, lambda n, m, p, b: (500, "text/html", b"injected") if n == 8 else None).start()
    try:
        with pytest.raises(PushError):
            kg.connect(proxy.url("/sparql")).push(dist, project=project)
    finally:
        proxy.stop()
    assert server_state(pushed_virtuoso) == before


def test_push_removes_graphs_the_build_no_longer_has(fresh_oxigraph, dist, project, graph) -> None:
    remote = kg.connect(fresh_oxigraph.url)
    old = GRAPH_BASE + "renamed-source"
    remote.update(f"INSERT DATA {{ GRAPH <{old}> {{ <urn:a> <urn:b> <urn:c> }} }}")
    remote.update("INSERT DATA { GRAPH <urn:someone-else> { <urn:a> <urn:b> <urn:c> } }")
    report = remote.push(dist, project=project)
    assert report.removed == [old] and "renamed-source" in str(report)
    assert remote.graph_names() == graph.graph_names()
    assert remote.count("urn:someone-else") == 1  # graphs outside ours are not touched


def test_push_with_sparql_update_only(fresh_oxigraph, dist, project, graph) -> None:
    remote = kg.connect(fresh_oxigraph.url)
    report = remote.push(dist, project=project, method="update")
    assert report.method == "SPARQL Update"
    assert len(remote) == len(graph)


def test_cli_push_reports_what_it_did(fresh_oxigraph, dist) -> None:
    done = run_kg("--dist", str(dist), "push", "--endpoint", fresh_oxigraph.url)
    assert done.returncode == 0, done.stderr
    assert re.match(r"pushed \d+ triples in \d+ graphs to .* every graph was replaced", done.stdout)


def test_push_needs_a_current_dist(fresh_oxigraph, tmp_path) -> None:
    done = run_kg("--dist", str(tmp_path / "nothing"), "push", "--endpoint", fresh_oxigraph.url)
    assert done.returncode == 1 and "run `kg build`" in done.stderr


# ---------------------------------------------------------------- federation (documented, offline check)


def test_federated_wikidata_query_parses() -> None:
    from rdflib.plugins.sparql import prepareQuery

    path = ROOT / "docs" / "queries" / "wikidata-municipalities.rq"
    text = path.read_text()
    assert "Needs internet" in text and "wdt:P439" in text
    algebra = str(prepareQuery(text).algebra)
    assert "ServiceGraphPattern" in algebra and "https://query.wikidata.org/sparql" in algebra
    assert query_shape(text).form == "SELECT"
    assert path.stem not in named_queries()  # named queries must run offline
    assert path.name in (ROOT / "docs" / "endpoint.md").read_text()


@pytest.mark.parametrize(
    ("seconds", "lexical"),
    [(604800.0, "P7D"), (0, "PT0S"), (90061.5, "P1DT1H1M1.5S"), (-3600, "-PT1H")],
)
def test_virtuoso_durations_read_back_in_canonical_form(seconds: float, lexical: str) -> None:
    from kg.sparql.results import duration_from_seconds, term_from_json

    assert duration_from_seconds(seconds) == lexical
    term = term_from_json({"type": "typed-literal", "datatype": str(XSD.duration), "value": str(seconds)})
    assert term == Literal(lexical, datatype=XSD.duration)


def test_distinct_rows_stay_distinct_when_a_store_repeats_them() -> None:
    from kg.sparql.remote import _distinct, _selects_distinct
    from kg.sparql.text import query_shape

    assert _selects_distinct(query_shape("SELECT DISTINCT ?a WHERE { ?a ?b ?c }"))
    assert not _selects_distinct(query_shape("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a ?b ?c }"))
    rows = [(Literal("x"), None), (Literal("x"), None), (Literal("x", lang="de"), None)]
    assert _distinct(kg.QueryResult("select", vars=["a", "b"], _raw=rows))._raw == [rows[0], rows[2]]

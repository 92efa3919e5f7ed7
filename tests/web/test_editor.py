"""The query editor: the project's own page, examples from the named queries, predeclared
prefixes, "query this" links — and, in Chromium against a real ``kg serve``, no request that
leaves the server."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest

import kg
from kg.sparql.named import named_queries
from kg.vocab import BASE, PREFIXES
from kg.web.editor import EDITOR_PATH, editor_href, entity_query, examples, render_editor
from kg.web.serve import Server
from kg.web.site import build_site
from tests.conftest import ARTIFACTS, PageWatch

KLIE = BASE + "person/thomas-klie"


def test_every_named_query_is_an_example_with_its_question() -> None:
    offered = {ex.name: ex for ex in examples()}
    assert list(offered) == list(named_queries())
    page = render_editor()
    for name, q in named_queries().items():
        assert offered[name].question == q.question
        assert f'data-name="{name}"' in page


def test_examples_leave_out_only_the_predeclared_prefix_lines() -> None:
    panel = {ex.name: ex for ex in examples()}["panel"]
    assert "PREFIX" not in panel.text
    assert "kgo:itemKind" in panel.text and panel.text.lstrip().startswith("#")
    own = "PREFIX ex: <http://example.org/>\nPREFIX schema: <http://not-schema.example/>\nSELECT * WHERE { ?s ?p ?o }"
    from kg.web.editor import _without_prefix_lines

    kept = _without_prefix_lines(own)
    assert "PREFIX ex:" in kept and "PREFIX schema: <http://not-schema.example/>" in kept


def test_entity_query_answers_what_the_named_query_answers(graph: kg.KnowledgeGraph) -> None:
    text = entity_query(KLIE)
    assert "thomas-klie" in text
    assert graph.query(text).to_records() == graph.query("entity", entity=KLIE).to_records()


def test_editor_href_round_trips_the_query() -> None:
    href = editor_href("SELECT * WHERE { ?s ?p ?o } # ü&=", root="../")
    assert href.startswith("../" + EDITOR_PATH + "?query=")
    asked = urllib.parse.parse_qs(urllib.parse.urlsplit(href).query)["query"][0]
    assert asked == "SELECT * WHERE { ?s ?p ?o } # ü&="


def test_config_cannot_close_its_script_element(monkeypatch) -> None:
    from kg.web import editor

    monkeypatch.setattr(editor, "examples_start", lambda: "# </script><script>alert(1)</script>")
    page = editor.render_editor()
    island = page.split('<script type="application/json" id="ed-config">', 1)[1]
    assert island.index("</script>") > island.index("<\\/script>")


# ---------------------------------------------------------------- in Chromium, on kg serve


@pytest.fixture(scope="module")
def served_site(tmp_path_factory: pytest.TempPathFactory, graph: kg.KnowledgeGraph, dist: Path):
    folder = tmp_path_factory.mktemp("editor-site") / "site"
    build_site(graph, folder, dist=dist)
    with Server(dist, port=0, site=folder) as server:
        yield server, folder


def _open(browser, server: Server, path: str) -> PageWatch:
    w = PageWatch(browser, server.url.rstrip("/"))
    w.page.goto(server.url + path)
    return w


def _rows(w: PageWatch) -> int:
    w.page.wait_for_function(
        "() => /Zeile|Fehler|Antwort/.test(document.getElementById('ed-status').textContent)", timeout=30_000
    )
    status = w.page.inner_text("#ed-status")
    assert "Fehler" not in status, w.page.inner_text("#ed-output")
    return int(re.match(r"(\d+) Zeile", status).group(1))  # type: ignore[union-attr]


def test_editor_runs_examples_without_prefix_lines_and_asks_no_other_server(
    served_site, browser, graph: kg.KnowledgeGraph
) -> None:
    server, _ = served_site
    w = _open(browser, server, EDITOR_PATH)
    try:
        assert w.page.title() == "SPARQL-Abfrage · Kommunen-KG"
        w.page.click("#ed-run")  # the starter query: every source graph with its size
        assert _rows(w) == len(graph.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))
        w.page.click('.ed-example[data-name="panel"]')
        assert "PREFIX" not in w.page.input_value("#ed-query")
        w.page.press("#ed-query", "Control+Enter")
        assert _rows(w) == len(graph.query("panel"))
        assert "Thomas Klie" in w.page.inner_text(".ed-table")
        # a person in the answer links to the person's page of the site
        href = w.page.get_attribute('.ed-table a[title="' + KLIE + '"]', "href")
        assert href == "../person/thomas-klie.html"
        ARTIFACTS.mkdir(exist_ok=True)
        w.page.screenshot(path=str(ARTIFACTS / "editor-panel.png"), full_page=True)
        assert w.left_origin() == []
        assert w.errors() == []
    finally:
        w.close()


def test_prologue_adds_only_undeclared_prefixes_and_the_base(served_site, browser) -> None:
    server, _ = served_site
    w = _open(browser, server, EDITOR_PATH)
    try:
        add = "q => window.kgEditor.withPrologue(q)"
        sent = w.page.evaluate(add, "SELECT ?n WHERE { <person/thomas-klie> schema:name ?n }")
        assert sent.startswith(f"BASE <{BASE}>\nPREFIX schema: <{PREFIXES['schema']}>\n")
        assert "PREFIX kgo:" not in sent
        own = "PREFIX schema: <https://schema.org/>\nSELECT * WHERE { ?s schema:name 'kgo:x' } # skos:y"
        assert w.page.evaluate(add, own) == f"BASE <{BASE}>\n" + own
        based = "BASE <http://example.org/>\nSELECT * WHERE { ?s ?p ?o }"
        assert w.page.evaluate(add, based) == based
    finally:
        w.close()


def test_query_this_on_an_entity_page_opens_its_query_in_the_editor(
    served_site, browser, graph: kg.KnowledgeGraph
) -> None:
    server, folder = served_site
    assert (folder / EDITOR_PATH).is_file()
    w = _open(browser, server, "person/thomas-klie.html")
    try:
        w.page.click("a.query-this")
        w.page.wait_for_url(re.compile(r"/editor/index\.html\?query="))
        assert _rows(w) == len(graph.query("entity", entity=KLIE))
        w.page.click("a.ed-home")  # and back to the site
        w.page.wait_for_url(re.compile(r"/index\.html$"))
        assert w.left_origin() == []
    finally:
        w.close()

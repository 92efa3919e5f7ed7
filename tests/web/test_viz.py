"""kg.viz in a real browser: Debian's headless Chromium draws the generated pages, served by a
local web server and opened from disk, and must not contact any other host."""

from __future__ import annotations

import html
from pathlib import Path

import networkx as nx
import pytest

import kg
from kg.network.graph import synthetic_network, to_networkx
from kg.web.viz import (
    library_tags,
    network_data,
    notebook_frame,
    precompute_layout,
    render_fragment,
    render_page,
)
from tests.conftest import ARTIFACTS

FIRST = "Object.values(window.kgNetworks)[0]"


@pytest.fixture(scope="module")
def collab(graph: kg.KnowledgeGraph) -> nx.MultiDiGraph:
    return to_networkx(graph, "collaboration")


@pytest.fixture(scope="module")
def pages(web_root, collab, graph) -> dict[str, str]:
    """Pages written into the web server's folder: name → path relative to it."""
    folder, _ = web_root
    out = folder / "viz"
    out.mkdir(exist_ok=True)
    (out / "network.html").write_text(render_page(collab, title="Netzwerk"), encoding="utf-8")
    two = (
        "<!doctype html><html lang='de'><head><meta charset='utf-8'>"
        + library_tags("inline")
        + "</head><body><h1>Zwei Netze</h1>"
        + render_fragment(collab, height="400px")
        + render_fragment(to_networkx(graph, "project-municipality"), height="300px")
        + "</body></html>"
    )
    (out / "two.html").write_text(two, encoding="utf-8")
    iframe = "<!doctype html><meta charset='utf-8'><iframe src='network.html' style='width:700px;height:450px'></iframe>"
    (out / "iframe.html").write_text(iframe, encoding="utf-8")
    return {"network": "viz/network.html", "two": "viz/two.html", "iframe": "viz/iframe.html"}


def url(web_root, path: str, how: str) -> str:
    folder, base = web_root
    return f"{base}/{path}" if how == "http" else (folder / path).as_uri()


def node_id(page, key: str) -> int:
    return page.evaluate(f"(k) => {FIRST}.nodes.get({{filter: n => n.iri.endsWith('/' + k)}})[0].id", key)


def click_node(page, ident: int) -> None:
    x, y = page.evaluate(
        f"""(id) => {{
            const s = {FIRST};
            const p = s.network.canvasToDOM(s.network.getPositions([id])[id]);
            const r = s.network.body.container.getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }}""",
        ident,
    )
    page.mouse.click(x, y)


@pytest.mark.parametrize("how", ["http", "file"])
def test_page_draws_every_node_and_talks_to_no_other_host(watch, web_root, pages, collab, how):
    w = watch()
    w.page.goto(url(web_root, pages["network"], how))
    w.wait_settled()
    counts = w.page.evaluate(
        f"() => {{ const s = {FIRST}; return [s.nodes.length, s.network.body.nodeIndices.length,"
        " Object.keys(s.network.getPositions()).length, s.edges.length]; }"
    )
    assert counts[:3] == [len(collab)] * 3
    assert counts[3] == len({frozenset((u, v)) for u, v in collab.edges()})
    # physics stopped after stabilisation: the picture stays still
    assert w.page.evaluate(f"() => {FIRST}.network.physics.physicsEnabled") is False
    assert w.errors() == []
    assert w.left_origin() == []
    assert w.requests, "the page itself was requested"


def test_search_finds_klie_and_shows_details(watch, web_root, pages):
    w = watch()
    w.page.goto(url(web_root, pages["network"], "http"))
    w.wait_settled()
    w.page.fill(".kgnet-search input", "Klie")
    w.page.wait_for_function("() => document.querySelector('.kgnet-hits').textContent.length > 0")
    assert w.page.text_content(".kgnet-hits") == "1 Treffer"
    klie = node_id(w.page, "person/thomas-klie")
    assert w.page.evaluate(f"() => {FIRST}.network.getSelectedNodes()") == [klie]
    assert w.page.text_content(".kgnet-panel h3") == "Thomas Klie"
    w.page.fill(".kgnet-search input", "zzzz")
    w.page.wait_for_function("() => document.querySelector('.kgnet-hits').textContent.startsWith('0')")
    assert w.errors() == []


def test_type_filter_hides_organisations(watch, web_root, pages, collab):
    w = watch()
    w.page.goto(url(web_root, pages["network"], "http"))
    w.wait_settled()
    orgs = sum(1 for _, d in collab.nodes(data=True) if d["type"] == "organization")
    hidden = f"() => {FIRST}.nodes.get({{filter: n => n.hidden === true}}).map(n => n.type)"
    assert w.page.evaluate(hidden) == []
    w.page.uncheck(".kgnet-legend input[value=organization]")
    assert w.page.evaluate(hidden) == ["organization"] * orgs
    w.page.check(".kgnet-legend input[value=organization]")
    assert w.page.evaluate(hidden) == []
    assert w.errors() == []


def test_clicking_a_node_highlights_neighbours_and_shows_details(watch, web_root, pages, collab):
    w = watch()
    w.page.goto(url(web_root, pages["network"], "http"))
    w.wait_settled()
    boehm = node_id(w.page, "person/birgit-boehm")
    click_node(w.page, boehm)
    w.page.wait_for_selector(".kgnet-panel h3")
    panel = w.page.text_content(".kgnet-panel")
    assert w.page.text_content(".kgnet-panel h3") == "Birgit Böhm"
    assert "Person" in panel
    assert "mensch und region" in panel  # affiliation
    assert "Diskutant:in: Wie können wir Allianzen bilden?" in panel  # role
    assert "https://kommunen-innovativ.de/allianzen-bilden-0" in panel  # source
    neighbours = w.page.eval_on_selector_all(
        ".kgnet-panel button.kgnet-link", "bs => bs.map(b => b.textContent)"
    )
    iri = kg.BASE + "person/birgit-boehm"
    expected = {
        f"{collab.nodes[n]['label']} ({collab.nodes[n]['type_label']})" for n in nx.all_neighbors(collab, iri)
    }
    assert set(neighbours) == expected
    # non-neighbours are greyed out, neighbours keep their colour
    colours = w.page.evaluate(f"() => Object.fromEntries({FIRST}.nodes.get().map(n => [n.iri, n.color]))")
    assert colours[kg.BASE + "person/thomas-klie"] != "#e2e4e8"
    assert colours[kg.BASE + "project/komkomin"] == "#e2e4e8"
    # the tooltip tells name, type, roles and affiliation
    tip = w.page.evaluate(f"(id) => {FIRST}.nodes.get(id).title.textContent", boehm)
    assert "Birgit Böhm" in tip and "Person" in tip and "Diskutant:in" in tip and "mensch und region" in tip
    tip_links = w.page.evaluate(
        f"(id) => [...{FIRST}.nodes.get(id).title.querySelectorAll('a')].map(a => a.href)", boehm
    )
    assert tip_links == ["https://kommunen-innovativ.de/allianzen-bilden-0"]
    ARTIFACTS.mkdir(exist_ok=True)
    w.page.screenshot(path=str(ARTIFACTS / "network.png"))
    assert (ARTIFACTS / "network.png").stat().st_size > 10_000
    assert w.errors() == []
    assert w.left_origin() == []


def test_two_networks_share_a_page(watch, web_root, pages, graph):
    w = watch()
    w.page.goto(url(web_root, pages["two"], "file"))
    w.page.wait_for_function(
        "() => Object.keys(window.kgNetworks || {}).length === 2"
        " && Object.values(window.kgNetworks).every(s => s.settled !== null)"
    )
    ids = w.page.evaluate("() => Object.keys(window.kgNetworks)")
    assert len(set(ids)) == 2
    sizes = w.page.evaluate(
        "() => Object.values(window.kgNetworks).map(s => s.network.body.nodeIndices.length)"
    )
    assert sizes == [
        len(to_networkx(graph, "collaboration")),
        len(to_networkx(graph, "project-municipality")),
    ]
    assert w.errors() == []


def test_network_fills_an_iframe(watch, web_root, pages):
    w = watch()
    w.page.goto(url(web_root, pages["iframe"], "http"))
    frame = w.page.frames[1]
    frame.wait_for_function("() => Object.values(window.kgNetworks || {}).some(s => s.settled !== null)")
    box = frame.evaluate("() => document.querySelector('.kgnet').getBoundingClientRect().toJSON()")
    assert box["width"] == pytest.approx(700, abs=4)
    assert box["height"] == pytest.approx(450, abs=4)
    canvas = frame.evaluate(
        "() => document.querySelector('.kgnet-canvas canvas').getBoundingClientRect().height"
    )
    assert canvas > 250
    assert w.errors() == []


def test_notebook_frame_draws_the_network_offline_in_a_sandboxed_iframe(watch, web_root, collab):
    frame = notebook_frame(collab, height="480px", title="Netz")
    # a notebook shows the HTML form; the plain-text form (stored beside it) stays short
    assert frame._repr_html_() == frame.to_html()
    assert len(repr(frame)) < 100 and "480px" in repr(frame)
    folder, _ = web_root
    (folder / "viz").mkdir(exist_ok=True)
    (folder / "viz" / "notebook.html").write_text(
        "<!doctype html><meta charset='utf-8'><h1>Notebook</h1>" + frame.to_html(), encoding="utf-8"
    )
    w = watch()
    w.page.goto(url(web_root, "viz/notebook.html", "file"))
    inner = w.page.wait_for_selector("iframe.kgnet-frame").content_frame()
    assert inner is not None
    inner.wait_for_function("() => Object.values(window.kgNetworks || {}).some(s => s.settled !== null)")
    drawn = inner.evaluate("() => Object.values(window.kgNetworks)[0].network.body.nodeIndices.length")
    assert drawn == len(collab)
    box = w.page.eval_on_selector("iframe.kgnet-frame", "f => f.getBoundingClientRect().height")
    assert box == pytest.approx(480, abs=4)
    # sandboxed: the network's script runs, but cannot reach the page around it
    assert (
        inner.evaluate("() => { try { return !!window.parent.document; } catch (e) { return false; } }")
        is False
    )
    assert w.errors() == []
    assert w.left_origin() == []


def test_notebook_frame_keeps_the_page_intact_in_srcdoc(collab):
    frame = notebook_frame(collab)
    srcdoc = frame.to_html().split('srcdoc="', 1)[1].rsplit('"></iframe>', 1)[0]
    assert '"' not in srcdoc  # no quote can end the attribute early
    assert html.unescape(srcdoc) == frame.page
    assert "<script src=" not in frame.page and "Content-Security-Policy" in frame.page


def test_page_is_self_contained_html(collab):
    html = render_page(collab)
    assert "cdn" not in html.lower().replace("cdnjs", "")
    assert "bootstrap" not in html.lower()
    assert "<script src=" not in html and "<link" not in html
    assert "Content-Security-Policy" in html
    # a name cannot end the data block early
    evil = nx.MultiDiGraph()
    evil.add_node("x", label="</script><script>alert(1)</script>", type="person")
    assert "</script><script>alert(1)" not in render_fragment(evil)


def test_large_graphs_get_positions_and_no_physics():
    net = synthetic_network(400)
    data = network_data(net)
    assert data["physics"] is False
    assert data["options"]["physics"] == {"enabled": False}
    assert all("x" in n and "y" in n for n in data["nodes"])
    small = network_data(synthetic_network(60))
    assert small["physics"] is True and "x" not in small["nodes"][0]
    pos = precompute_layout(net)
    assert set(pos) == set(net)
    assert len(set(pos.values())) == len(net)


def test_five_thousand_nodes_draw_with_physics_off(watch, web_root):
    folder, _ = web_root
    net = synthetic_network(5000)
    path = Path(folder) / "viz" / "large.html"
    path.parent.mkdir(exist_ok=True)
    path.write_text(render_page(net), encoding="utf-8")
    w = watch()
    w.page.goto(url(web_root, "viz/large.html", "http"))
    w.wait_settled(timeout=120_000)
    drawn = w.page.evaluate(
        f"() => [{FIRST}.network.body.nodeIndices.length, {FIRST}.network.physics.physicsEnabled,"
        f" {FIRST}.firstDraw !== null]"
    )
    assert drawn == [5000, False, True]
    assert w.errors() == []
    assert w.left_origin() == []


def test_narrow_screens_put_the_details_below_the_network(watch, web_root, pages):
    w = watch(viewport={"width": 420, "height": 760})
    w.page.goto(url(web_root, pages["network"], "http"))
    w.wait_settled()
    canvas = w.page.evaluate("() => document.querySelector('.kgnet-canvas').getBoundingClientRect().toJSON()")
    panel = w.page.evaluate("() => document.querySelector('.kgnet-panel').getBoundingClientRect().toJSON()")
    assert canvas["width"] == pytest.approx(418, abs=4)  # the full width, inside the border
    assert panel["top"] >= canvas["bottom"] - 1
    assert canvas["height"] > 250
    assert w.errors() == []


def test_the_watch_catches_a_request_to_another_origin(watch, web_root):
    # The control for the privacy checks above: a page that does ask another origin is caught.
    # "localhost" is another origin than "127.0.0.1", yet no traffic leaves the machine.
    folder, base = web_root
    other = base.replace("127.0.0.1", "localhost") + "/viz/pixel.png"
    (folder / "viz").mkdir(exist_ok=True)
    (folder / "viz" / "leaky.html").write_text(f"<!doctype html><img src='{other}'>", encoding="utf-8")
    w = watch()
    w.page.goto(url(web_root, "viz/leaky.html", "http"))
    w.page.wait_for_load_state("load")
    assert other in w.left_origin()

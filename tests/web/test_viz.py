"""kg.viz in a real browser: Debian's headless Chromium draws the generated pages, served by a
local web server and opened from disk, and must not contact any other host."""

from __future__ import annotations

import html
from pathlib import Path

import networkx as nx
import pytest

import kg
from kg.network.analysis import simple
from kg.network.graph import synthetic_network, to_networkx
from kg.web.viz import (
    BETWEENNESS_EXACT_LIMIT,
    BETWEENNESS_SAMPLES,
    PHYSICS_LIMIT,
    betweenness,
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
    (out / "embed600.html").write_text(
        "<!doctype html><meta charset='utf-8'><iframe src='network.html' style='width:600px;height:450px;border:0'></iframe>",
        encoding="utf-8",
    )
    return {
        "network": "viz/network.html",
        "two": "viz/two.html",
        "iframe": "viz/iframe.html",
        "embed600": "viz/embed600.html",
    }


def isolated(net: nx.Graph) -> set[str]:
    return {n for n in net if not (set(nx.all_neighbors(net, n)) - {n})}


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
    # unconnected nodes wait behind the toggle; every other node is drawn
    loose = isolated(collab)
    assert loose, "the real network has unconnected projects"
    assert counts[0] == len(collab)
    assert counts[1:3] == [len(collab) - len(loose)] * 2
    assert counts[3] == len({frozenset((u, v)) for u, v in collab.edges() if u != v})
    w.page.check(".kgnet-legend input[name=isolated]")
    assert w.page.evaluate(f"() => {FIRST}.network.body.nodeIndices.length") == len(collab)
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
    w.page.check(".kgnet-legend input[name=isolated]")  # all nodes in sight first
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
    sizes = w.page.evaluate("() => Object.values(window.kgNetworks).map(s => s.nodes.length)")
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
    drawn = inner.evaluate("() => Object.values(window.kgNetworks)[0].nodes.length")
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
    net = synthetic_network(PHYSICS_LIMIT + 100)
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
        f"() => [{FIRST}.nodes.length, {FIRST}.network.physics.physicsEnabled, {FIRST}.firstDraw !== null]"
    )
    assert drawn == [5000, False, True]
    # settled within 10 s of navigation (the page's own clock), its hubs named, betweenness offered
    assert w.page.evaluate(f"() => {FIRST}.t0 + {FIRST}.settled") < 10_000
    assert top(degrees(net), 10) <= labelled(w.page)
    assert_legible(w.page)
    sizes = f"() => {FIRST}.nodes.getIds().map(id => {FIRST}.network.body.nodes[id].options.size)"
    by_degree = w.page.evaluate(sizes)
    w.page.select_option(".kgnet-measure select", "betweenness")
    by_between = w.page.evaluate(sizes)
    assert by_between != by_degree and len(set(by_between)) > 3
    assert w.errors() == []
    assert w.left_origin() == []


def test_narrow_screens_put_the_details_below_the_network(watch, web_root, pages):
    w = watch(viewport={"width": 420, "height": 760})
    w.page.goto(url(web_root, pages["network"], "http"))
    w.wait_settled()
    # no details yet: the network has the whole height; a click shows them below it
    assert w.page.evaluate("() => document.querySelector('.kgnet-panel').getBoundingClientRect().height") == 0
    w.page.evaluate(f"() => {FIRST}.select({node_id(w.page, 'person/thomas-klie')})")
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


# ---------------------------------------------------------------- legibility and controls (issue 16)

LABELS = f"() => {FIRST}.labels.map(r => ({{id: r.id, x: r.x, y: r.y, w: r.w, h: r.h, px: r.px}}))"


def overlapping(labels: list[dict]) -> list[tuple[int, int]]:
    return [
        (a["id"], b["id"])
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    ]


@pytest.mark.parametrize(
    "size", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}], ids=["desktop", "phone"]
)
def test_labels_are_readable_at_first_sight_never_overlap_and_grow_in_number_on_zoom(
    watch, web_root, pages, collab, size
):
    w = watch(viewport=size)
    w.page.goto(url(web_root, pages["network"], "http"))
    w.wait_settled()
    labels = w.page.evaluate(LABELS)
    assert len(labels) >= (20 if size["width"] > 1000 else 10)
    assert {r["px"] for r in labels} == {13}  # CSS pixels on screen, whatever the zoom
    assert overlapping(labels) == []
    box = w.page.evaluate("() => document.querySelector('.kgnet-canvas').getBoundingClientRect().toJSON()")
    assert all(r["x"] >= 0 and r["x"] + r["w"] <= box["width"] for r in labels)  # none cut at the edge
    # the network is in view: the canvas starts near the top and every drawn node is inside it
    box = w.page.evaluate("() => document.querySelector('.kgnet-canvas').getBoundingClientRect().toJSON()")
    assert 0 <= box["top"] < 200 and box["bottom"] <= size["height"] + 1
    inside = w.page.evaluate(
        f"""() => {{ const s = {FIRST}, r = s.network.body.container.getBoundingClientRect();
            return s.nodes.getIds({{filter: n => !n.hidden}}).every(id => {{
                const p = s.network.canvasToDOM(s.network.getPositions([id])[id]);
                return p.x >= 0 && p.y >= 0 && p.x <= r.width && p.y <= r.height; }}); }}"""
    )
    assert inside is True
    ARTIFACTS.mkdir(exist_ok=True)
    name = "desktop" if size["width"] > 1000 else "phone"
    w.page.screenshot(path=str(ARTIFACTS / f"network-{name}.png"))
    # zooming in names nodes that had no room before, still at 13 px and without overlaps
    w.page.evaluate(f"() => {FIRST}.zoomBy(2.5)")
    w.page.wait_for_timeout(100)
    closer = w.page.evaluate(LABELS)
    assert {r["id"] for r in closer} - {r["id"] for r in labels}
    assert {r["px"] for r in closer} == {13} and overlapping(closer) == []
    assert w.errors() == []


VIEWS = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 390, "height": 844},
    "embed": {"width": 600, "height": 450},  # the page in an iframe of that size
}


def open_network(watch, web_root, pages, view: str):
    """The whole collaboration network, settled, at one of :data:`VIEWS`: the page, or the
    frame of the 600×450 embed."""
    if view == "embed":
        w = watch()
        w.page.goto(url(web_root, pages["embed600"], "http"))
        frame = w.page.frames[1]
        frame.wait_for_function("() => Object.values(window.kgNetworks || {}).some(s => s.settled !== null)")
        return w, frame
    w = watch(viewport=VIEWS[view])
    w.page.goto(url(web_root, pages["network"], "http"))
    w.wait_settled()
    return w, w.page


def top(score: dict[str, float], k: int) -> set[str]:
    """The nodes scoring above the (k+1)-th score: at most k, and no tie split at the cut."""
    cut = sorted(score.values(), reverse=True)[k]
    return {n for n, v in score.items() if v > cut}


def degrees(net: nx.Graph) -> dict[str, float]:
    return {n: float(len(set(nx.all_neighbors(net, n)) - {n})) for n in net}


def labelled(frame) -> set[str]:
    """The IRIs of the nodes whose label is drawn."""
    return set(frame.evaluate(f"() => {FIRST}.labels.map(r => {FIRST}.nodes.get(r.id).iri)"))


def assert_legible(frame) -> list[dict]:
    labels = frame.evaluate(LABELS)
    box = frame.evaluate("() => document.querySelector('.kgnet-canvas').getBoundingClientRect().toJSON()")
    assert labels and min(r["px"] for r in labels) >= 12  # CSS pixels on screen
    assert overlapping(labels) == []
    assert all(
        r["x"] >= 0 and r["y"] >= 0 and r["x"] + r["w"] <= box["width"] and r["y"] + r["h"] <= box["height"]
        for r in labels
    )
    return labels


@pytest.mark.parametrize("view", list(VIEWS))
def test_the_hubs_are_named_at_first_sight_on_the_whole_network(watch, web_root, pages, collab, view):
    # the whole collaboration network, however many nodes it has: the nodes around a hub may not
    # crowd out the hub's own label (a label may cover less important nodes, never a label; a
    # hub's label may stand off with a line to its node). Checked on the layouts of six hash
    # seeds, as the layout's communities follow Python's string hashing.
    w, frame = open_network(watch, web_root, pages, view)
    hubs = top(degrees(collab), 12)
    assert len(hubs) >= 8
    ARTIFACTS.mkdir(exist_ok=True)
    w.page.screenshot(path=str(ARTIFACTS / f"network-hubs-{view}.png"))
    assert_legible(frame)
    assert hubs <= labelled(frame), [collab.nodes[n]["label"] for n in hubs - labelled(frame)]
    # sized by betweenness, the strongest brokers are named first
    frame.select_option(".kgnet-measure select", "betweenness")
    frame.wait_for_timeout(100)
    brokers = top(betweenness(simple(collab))[0], 10)
    assert len(brokers) >= 8
    assert_legible(frame)
    assert brokers <= labelled(frame), [collab.nodes[n]["label"] for n in brokers - labelled(frame)]
    assert w.errors() == []


def test_nodes_are_sized_by_degree_or_by_the_measure_chosen(watch, web_root, pages, collab):
    w, _ = open_network(watch, web_root, pages, "desktop")
    sizes = f"() => Object.fromEntries({FIRST}.nodes.getIds().map(id => [{FIRST}.nodes.get(id).iri, {FIRST}.network.body.nodes[id].options.size]))"
    by_degree = w.page.evaluate(sizes)
    degree = degrees(collab)
    hub = max(collab, key=degree.__getitem__)
    leaf = min((n for n in collab if degree[n]), key=degree.__getitem__)
    assert by_degree[hub] > 2 * by_degree[leaf]
    w.page.select_option(".kgnet-measure select", "uniform")
    assert len(set(w.page.evaluate(sizes).values())) == 1
    # betweenness is offered on the whole network too (computed in Python): the strongest broker
    # is the largest node, nodes on no shortest path the smallest
    between = betweenness(simple(collab))[0]
    w.page.select_option(".kgnet-measure select", "betweenness")
    by_between = w.page.evaluate(sizes)
    assert len(set(by_between.values())) > 3
    assert by_between != by_degree
    broker = max(collab, key=between.__getitem__)
    assert by_between[broker] == max(by_between.values())
    assert {by_between[n] for n in collab if between[n] == 0} == {min(by_between.values())}
    assert w.errors() == []


def test_betweenness_is_exact_on_the_real_network_and_a_seeded_estimate_on_large_ones(collab):
    plain = simple(collab)
    values, samples = betweenness(plain)
    if len(plain) <= BETWEENNESS_EXACT_LIMIT:
        assert samples is None
        assert values == pytest.approx(nx.betweenness_centrality(plain, normalized=True))
    large = simple(synthetic_network(BETWEENNESS_EXACT_LIMIT + 100))
    estimate, samples = betweenness(large)
    assert samples == BETWEENNESS_SAMPLES
    assert estimate == betweenness(large)[0]  # seeded: the same sizes on every build
    assert set(estimate) == set(large) and all(0 <= v <= 1 for v in estimate.values())
    assert max(estimate.values()) > 0
    # every page offers it, and says when it is an estimate
    data = network_data(synthetic_network(BETWEENNESS_EXACT_LIMIT + 100))
    offered = {m["key"]: m for m in data["measures"]}
    assert "betweenness" in offered and str(BETWEENNESS_SAMPLES) in offered["betweenness"]["note"]
    assert all("betweenness" in n for n in data["nodes"])
    assert data["betweenness_samples"] == BETWEENNESS_SAMPLES
    exact = network_data(collab)
    assert {m["key"] for m in exact["measures"]} == {"degree", "betweenness", "uniform"}


def test_unconnected_nodes_are_gathered_below_the_network(watch, web_root, pages, collab):
    w = watch()
    w.page.goto(url(web_root, pages["network"], "http"))
    w.wait_settled()
    w.page.check(".kgnet-legend input[name=isolated]")
    ys = w.page.evaluate(
        f"() => {FIRST}.nodes.get().map(n => [n.iri, {FIRST}.network.getPositions([n.id])[n.id].y])"
    )
    loose = isolated(collab)
    assert min(y for iri, y in ys if iri in loose) > max(y for iri, y in ys if iri not in loose)
    assert overlapping(w.page.evaluate(LABELS)) == []
    assert w.errors() == []


@pytest.fixture(scope="module")
def scrolling_page(web_root, collab) -> str:
    """The network between two long paragraphs: the page can scroll past it."""
    folder, _ = web_root
    (folder / "viz").mkdir(exist_ok=True)
    text = "<p style='height: 300px'>Vorher</p>{}<p style='height: 2000px'>Nachher</p>"
    page = (
        "<!doctype html><html lang='de'><head><meta charset='utf-8'>"
        + library_tags("inline")
        + "</head><body>"
        + text.format(render_fragment(collab, height="500px"))
        + "</body></html>"
    )
    (folder / "viz" / "scroll.html").write_text(page, encoding="utf-8")
    return "viz/scroll.html"


def test_wheel_scrolls_the_page_until_the_network_is_engaged(watch, web_root, scrolling_page):
    w = watch()
    w.page.goto(url(web_root, scrolling_page, "http"))
    w.wait_settled()
    scale = f"() => {FIRST}.network.getScale()"
    box = w.page.evaluate("() => document.querySelector('.kgnet-canvas').getBoundingClientRect().toJSON()")
    w.page.mouse.move(box["left"] + box["width"] / 2, box["top"] + box["height"] / 2)
    before = w.page.evaluate(scale)
    w.page.mouse.wheel(0, 200)
    w.page.wait_for_function("() => window.scrollY > 0")
    assert w.page.evaluate(scale) == pytest.approx(before)  # the page scrolled, the network stayed
    # Ctrl + wheel zooms at once, without scrolling
    y = w.page.evaluate("() => window.scrollY")
    box = w.page.evaluate("() => document.querySelector('.kgnet-canvas').getBoundingClientRect().toJSON()")
    w.page.mouse.move(box["left"] + box["width"] / 2, box["top"] + box["height"] / 2)
    w.page.keyboard.down("Control")
    w.page.mouse.wheel(0, -100)
    w.page.keyboard.up("Control")
    w.page.wait_for_timeout(100)
    assert w.page.evaluate(scale) > before * 1.1
    assert w.page.evaluate("() => window.scrollY") == y
    # a click engages the network: now the wheel zooms it and the page stays
    zoomed = w.page.evaluate(scale)
    w.page.mouse.click(box["left"] + 5, box["top"] + box["height"] - 40)
    assert w.page.evaluate(f"() => {FIRST}.engaged") is True
    w.page.mouse.wheel(0, 100)
    w.page.wait_for_timeout(100)
    assert w.page.evaluate(scale) < zoomed
    assert w.page.evaluate("() => window.scrollY") == y
    # Escape hands the wheel back to the page
    w.page.keyboard.press("Escape")
    assert w.page.evaluate(f"() => {FIRST}.engaged") is False
    assert w.errors() == []


def test_controls_zoom_fit_and_reset_and_the_keyboard_does_too(watch, web_root, pages):
    w = watch()
    w.page.goto(url(web_root, pages["network"], "http"))
    w.wait_settled()
    scale = f"() => {FIRST}.network.getScale()"
    home = w.page.evaluate(scale)
    w.page.click(".kgnet-controls button[data-act=in]")
    assert w.page.evaluate(scale) == pytest.approx(home * 1.3)
    w.page.click(".kgnet-controls button[data-act=out]")
    w.page.click(".kgnet-controls button[data-act=out]")
    assert w.page.evaluate(scale) == pytest.approx(home / 1.3)
    w.page.click(".kgnet-controls button[data-act=fit]")
    assert w.page.evaluate(scale) == pytest.approx(home)
    # reset clears search, filters and selection
    w.page.fill(".kgnet-search input", "Klie")
    w.page.uncheck(".kgnet-legend input[value=organization]")
    w.page.click(".kgnet-controls button[data-act=reset]")
    assert w.page.input_value(".kgnet-search input") == ""
    assert w.page.evaluate(f"() => {FIRST}.network.getSelectedNodes()") == []
    assert w.page.is_checked(".kgnet-legend input[value=organization]")
    assert w.page.evaluate(scale) == pytest.approx(home)
    # keyboard: Tab reaches the controls and the canvas; + zooms, 0 fits, arrows pan
    w.page.focus(".kgnet-canvas")
    w.page.keyboard.press("+")
    assert w.page.evaluate(scale) == pytest.approx(home * 1.3)
    where = w.page.evaluate(f"() => {FIRST}.network.getViewPosition()")
    w.page.keyboard.press("ArrowRight")
    assert w.page.evaluate(f"() => {FIRST}.network.getViewPosition()")["x"] > where["x"]
    w.page.keyboard.press("0")
    assert w.page.evaluate(scale) == pytest.approx(home)
    assert w.errors() == []


@pytest.mark.parametrize("typed", ["bohm", "BOEHM", "Böhm", "birgit b"])
def test_search_folds_accents_and_case_and_enter_selects_the_best_hit(watch, web_root, pages, typed):
    w = watch()
    w.page.goto(url(web_root, pages["network"], "http"))
    w.wait_settled()
    w.page.fill(".kgnet-search input", typed)
    # Birgit Böhm by her name, and the firm whose legal name holds hers
    assert w.page.text_content(".kgnet-hits") == "2 Treffer"
    listed = w.page.eval_on_selector_all(
        ".kgnet-hitlist li[role=option] .kgnet-hit-name", "ls => ls.map(l => l.textContent)"
    )
    assert listed == ["Birgit Böhm", "mensch und region"]
    w.page.keyboard.press("Enter")
    assert w.page.text_content(".kgnet-panel h3") == "Birgit Böhm"
    assert w.page.evaluate(f"() => {FIRST}.network.getSelectedNodes()") == [
        node_id(w.page, "person/birgit-boehm")
    ]
    assert w.errors() == []


def test_search_lists_several_hits_and_enter_selects_the_chosen_one(watch, web_root, pages, collab):
    w = watch()
    w.page.goto(url(web_root, pages["network"], "http"))
    w.wait_settled()
    w.page.fill(".kgnet-search input", "gemeinde")
    expected = sorted(
        d["label"]
        for _, d in collab.nodes(data=True)
        if any("gemeinde" in str(x).casefold() for x in [d["label"], *d["names"]])
    )
    assert len(expected) > 2
    assert w.page.text_content(".kgnet-hits") == f"{len(expected)} Treffer"
    listed = w.page.eval_on_selector_all(
        ".kgnet-hitlist li[role=option] .kgnet-hit-name", "ls => ls.map(l => l.textContent)"
    )
    assert sorted(listed) == expected[: len(listed)] or set(listed) <= set(expected)
    assert len(listed) == min(12, len(expected))
    w.page.keyboard.press("ArrowDown")
    w.page.keyboard.press("Enter")
    assert w.page.text_content(".kgnet-panel h3") == listed[1]
    assert w.page.is_hidden(".kgnet-hitlist")
    chosen = w.page.evaluate(f"() => {FIRST}.network.getSelectedNodes()")
    assert len(chosen) == 1
    assert w.errors() == []


def test_network_in_a_600_by_450_embed_is_legible(watch, web_root, pages):
    folder, _ = web_root
    (folder / "viz" / "embed600.html").write_text(
        "<!doctype html><meta charset='utf-8'><iframe src='network.html' style='width:600px;height:450px;border:0'></iframe>",
        encoding="utf-8",
    )
    w = watch()
    w.page.goto(url(web_root, "viz/embed600.html", "http"))
    frame = w.page.frames[1]
    frame.wait_for_function("() => Object.values(window.kgNetworks || {}).some(s => s.settled !== null)")
    labels = frame.evaluate(LABELS)
    assert len(labels) >= 8 and {r["px"] for r in labels} == {13} and overlapping(labels) == []
    canvas = frame.evaluate("() => document.querySelector('.kgnet-canvas').getBoundingClientRect().toJSON()")
    assert canvas["width"] > 590 and canvas["height"] > 300  # the details wait until there are some
    ARTIFACTS.mkdir(exist_ok=True)
    w.page.screenshot(
        path=str(ARTIFACTS / "network-embed-600x450.png"), clip={"x": 0, "y": 0, "width": 620, "height": 470}
    )
    assert w.errors() == []

"""kg.site: the static website, checked on disk and in headless Chromium (served and from file://)."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape as html_unescape
from pathlib import Path

import networkx as nx
import pytest
import rdflib
import rdflib.compare

import kg
import kg.web.site
from kg.errors import KGError
from kg.vocab import BASE
from kg.web.site import LANGUAGES, build_site, event_jsonld, page_path
from tests.conftest import ARTIFACTS, run_kg

EVENT = BASE + "event/2020-11-24-allianzen-bilden"
SITE_EVENTS = (Path(kg.web.site.__file__).parent / "queries" / "events.rq").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site(web_root, graph: kg.KnowledgeGraph, dist: Path) -> Path:
    folder = web_root[0] / "site"
    build_site(graph, folder, dist=dist)
    return folder


def same(a: rdflib.Graph, b: rdflib.Graph) -> bool:
    """The same statements, literals compared by value (the store writes 297681.00 as 297681)."""

    def canon(g: rdflib.Graph) -> set:
        return {
            (s, p, (o.datatype, o.language, o.toPython()) if isinstance(o, rdflib.Literal) else o)
            for s, p, o in g
        }

    return len(a) == len(b) and canon(a) == canon(b)


def url(web_root, site: Path, page: str, how: str) -> str:
    rel = site.relative_to(web_root[0]).as_posix()
    return f"{web_root[1]}/{rel}/{page}" if how == "http" else (site / page).as_uri()


def test_site_has_index_embed_a_page_per_entity_downloads_and_assets(site, graph):
    full = kg.to_networkx(graph, "full")
    for _, d in full.nodes(data=True):
        for lang in LANGUAGES:  # a page in every language the site speaks
            assert (site / page_path(d["key"], lang)).is_file(), (d["key"], lang)
    pages = [p for p in site.rglob("*.html") if p.name not in ("index.html", "embed.html")]
    assert len(pages) == len(full) * len(LANGUAGES)
    for name in ("vis-network.min.js", "kg-network.js", "kg-network.css", "site.css"):
        assert (site / "assets" / name).is_file()


def test_downloads_parse(site, graph):
    d = site / "downloads"
    assert len(rdflib.Graph().parse(d / "kg.ttl", format="turtle")) > 500
    assert len(rdflib.Graph().parse(d / "kg.jsonld", format="json-ld")) > 500
    graphml = nx.read_graphml(d / "kg-network.graphml")
    gexf = nx.read_gexf(d / "kg-network.gexf")
    nodelink = nx.node_link_graph(json.loads((d / "kg-network.json").read_text()), edges="edges")
    assert len(graphml) == len(gexf) == len(nodelink) == len(kg.to_networkx(graph, "full"))
    assert graphml.nodes[BASE + "person/thomas-klie"]["label"] == "Thomas Klie"


def test_downloads_offer_the_dataset_per_source_with_void_each_described(site, graph, dist):
    d = site / "downloads"
    for name in ("kg.trig", "kg.nq", "void.ttl", "kg.ttl", "kg.jsonld", "context.jsonld"):
        assert (d / name).read_bytes() == (dist / name).read_bytes(), name  # as built
    trig = rdflib.Dataset()
    trig.parse(d / "kg.trig", format="trig")
    sources = {str(c.identifier) for c in trig.graphs() if str(c.identifier).startswith(BASE + "graph/")}
    assert sources == set(graph.graph_names()) - {BASE + "default-graph"}
    void = rdflib.Graph().parse(d / "void.ttl", format="turtle")
    assert (None, rdflib.RDF.type, rdflib.URIRef("http://rdfs.org/ns/void#Dataset")) in void
    html = (site / "index.html").read_text(encoding="utf-8")
    for name in ("kg.trig", "kg.nq", "void.ttl", "kg-network.gexf"):
        assert re.search(rf'href="downloads/{re.escape(name)}" download>{re.escape(name)}</a> – \w', html), (
            name
        )


def test_every_entity_page_offers_its_own_rdf(site, graph):
    page = (site / "project" / "koda-eg.html").read_text(encoding="utf-8")
    assert 'href="koda-eg.ttl"' in page and 'href="koda-eg.jsonld"' in page
    own = rdflib.Graph().parse(site / "project" / "koda-eg.ttl", format="turtle")
    koda = rdflib.URIRef(BASE + "project/koda-eg")
    assert (koda, rdflib.URIRef("https://schema.org/name"), rdflib.Literal("KoDa_eG")) in own
    # its period comes with it
    period = rdflib.URIRef(BASE + "project/koda-eg/period")
    assert (koda, rdflib.URIRef("http://purl.org/dc/terms/temporal"), period) in own
    assert len(list(own.triples((period, None, None)))) >= 2
    as_json = rdflib.Graph().parse(site / "project" / "koda-eg.jsonld", format="json-ld")
    assert rdflib.compare.isomorphic(own, as_json)


def test_site_from_a_remote_store_alone(pushed_oxigraph, tmp_path: Path, graph):
    """kg.build_site(kg.connect(url)): everything from the server, nothing from a dist/ folder."""
    out = tmp_path / "remote-site"
    report = build_site(pushed_oxigraph, out)
    assert report.pages == len(kg.to_networkx(graph, "full"))
    d = out / "downloads"
    remote = rdflib.Dataset()
    remote.parse(d / "kg.trig", format="trig")
    local = graph.dataset()
    for name in graph.graph_names():
        if not name.startswith(BASE + "graph/"):
            continue
        assert rdflib.compare.isomorphic(
            remote.graph(rdflib.URIRef(name)), local.graph(rdflib.URIRef(name))
        ), name
    nq = rdflib.Dataset()
    nq.parse(d / "kg.nq", format="nquads")
    assert len(nq) == len(remote)
    assert len(rdflib.Graph().parse(d / "kg.ttl", format="turtle")) == len(
        rdflib.Graph().parse(site_dist_ttl(graph), format="turtle")
    )
    void = rdflib.Graph().parse(d / "void.ttl", format="turtle")
    sizes = {
        str(s): int(o) for s, o in void.subject_objects(rdflib.URIRef("http://rdfs.org/ns/void#triples"))
    }
    klie = BASE + "graph/zze-koda-eg"
    assert sizes[klie] == len(local.graph(rdflib.URIRef(klie)))
    assert "<h1>Thomas Klie</h1>" in (out / "person" / "thomas-klie.html").read_text(encoding="utf-8")


def site_dist_ttl(graph) -> Path:
    return Path(graph.origin) / "kg.ttl"


def test_index_head_holds_the_events_schema_org_json_ld(site, graph):
    html = (site / "index.html").read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    docs = [json.loads(b) for b in blocks]
    # every event, dated or not (a postponed conference has no date): the dated ones kg query lists
    every = {str(e) for e in graph.query(SITE_EVENTS).values("event")}
    assert {d["@id"] for d in docs} == every
    assert {str(e) for e in graph.query("events").values("event")} <= every
    doc = next(d for d in docs if d["@id"] == EVENT)
    assert doc["@context"] == "https://schema.org"
    assert doc["@type"] == "Event"
    assert doc["@id"] == EVENT
    assert (
        doc["name"] == "Allianzen bilden! – Den Handlungsspielraum der Kommunen mit neuen Partnern erweitern"
    )
    assert doc["startDate"] == "2020-11-24T10:00:00+01:00"
    assert doc["endDate"] == "2020-11-24T12:30:00+01:00"
    assert doc["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert doc["superEvent"]["name"] == "Was macht Kommunen innovativ?"
    assert [s["position"] for s in doc["subEvent"]] == list(range(1, 9))
    names = {p["name"] for p in doc["performer"]}
    assert names == {
        "Stephanie Bock",
        "Jan Abt",
        "Thomas Klie",
        "Birgit Böhm",
        "Lilian Schwalb",
        "Anita Burkhardt",
        "Andy Grabner",
        "KomKomIn",
    }
    # the JSON-LD is also valid RDF: parsed as such it names the event
    g = rdflib.Graph().parse(
        data=json.dumps({**doc, "@context": {"@vocab": "https://schema.org/"}}), format="json-ld"
    )
    assert (rdflib.URIRef(EVENT), rdflib.URIRef("https://schema.org/name"), None) in g


def test_event_jsonld_lists_events_not_items(graph):
    assert [d["@id"] for d in event_jsonld(graph)] == sorted(set(graph.query(SITE_EVENTS).values("event")))
    assert EVENT in graph.query("events").values("event")


def test_entity_page_tells_facts_sources_and_neighbours(site):
    html = (site / "person" / "thomas-klie.html").read_text(encoding="utf-8")
    assert "<h1>Thomas Klie</h1>" in html
    assert "Prof. Dr." in html
    assert '<a href="../project/koda-eg.html">KoDa_eG</a>' in html
    assert "leitet" in html
    assert (
        "https://www.zze-freiburg.de/en/projects/laufende-projekte-en-GB/kommunen-innovativ-kodaeg/" in html
    )
    assert "Diskutant:in bei" in html
    item = site / "event" / "2020-11-24-allianzen-bilden" / "item" / "1140-diskussionsrunde.html"
    html = item.read_text(encoding="utf-8")
    assert '<a href="../../../person/thomas-klie.html">Thomas Klie</a> als Diskutant:in' in html
    # literals as a German reader expects them; schema.org and SKOS terms in words
    assert "<td>Beginn</td><td>24.11.2020, 11:40 Uhr</td>" in html
    assert "<td>Ende abgeleitet</td><td>ja</td>" in html
    assert "<td>Teilnahmeform</td><td>online</td>" in html
    assert "<td>Art des Programmpunkts</td><td>Diskussionsrunde</td>" in html
    municipality = (site / "municipality" / "08235050.html").read_text(encoding="utf-8")
    assert "48,6576° N, 8,5970° O" in municipality and "08235050" in municipality


def test_entity_pages_speak_german_not_rdf(site):
    """Periods and dates as dates, numbers with German separators, properties in words."""
    koda = (site / "project" / "koda-eg.html").read_text(encoding="utf-8")
    assert "<td>Laufzeit</td><td>Juli 2017 – Juni 2020</td>" in koda
    assert "time:hasBeginning" not in koda and "dcterms:temporal" not in koda
    place = (site / "municipality" / "08235050.html").read_text(encoding="utf-8")
    assert "<td>Einwohnerzahl</td><td>3.124</td>" in place
    assert "<td>Art</td><td>Gemeinde</td>" in place
    assert "liegt in" in place and "schema:" not in place.split("<h2>Angaben</h2>")[1].split("</table>")[0]
    assert "<td>Stand der Einwohnerzahl</td><td>2021</td>" in place or ">2021<" in place
    for page in site.rglob("*.html"):
        if page.parent.name in ("sparql", "assets"):
            continue
        html = page.read_text(encoding="utf-8")
        table = html.split('<table class="facts">', 1)[-1].split("</table>", 1)[0]
        cells = re.findall(r"<tr><td>([^<]*)</td>", table)
        assert not [c for c in cells if re.fullmatch(r"[a-z]+:[A-Za-z]+", c)], (page, cells)


def test_event_page_shows_its_programme_as_a_table_with_times_roles_and_people(site, graph):
    html = (site / "event" / "2020-11-24-allianzen-bilden.html").read_text(encoding="utf-8")
    table = html.split('<table class="programme">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    items = {
        r["item"] for r in graph.query("programme", event="event/2020-11-24-allianzen-bilden").to_records()
    }
    assert len(rows) == len(items) > 5
    panel = next(r for r in rows if "Wie können wir Allianzen bilden?" in r)
    assert "11:40–12:30 Uhr" in panel
    assert '<a href="../person/thomas-klie.html">Thomas Klie</a> (Diskutant:in)' in panel
    assert "09:50–10:00 Uhr" in rows[0]


def test_every_link_and_script_stays_inside_the_site(site):
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for src in re.findall(r'<(?:script|link|img|iframe)[^>]*(?:src|href)="([^"]+)"', html):
            assert not re.match(r"^(https?:)?//|^/", src), (page, src)
            assert (page.parent / src).resolve().is_file(), (page, src)
        for href in re.findall(r'<a [^>]*href="([^"#]+)"', html):
            if not href.startswith(("http://", "https://")):
                target = html_unescape(href).split("?", 1)[0]  # the editor's links carry their query
                assert (page.parent / target).resolve().is_file(), (page, href)


def test_embed_snippet_is_documented(site, project):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "&lt;iframe src=&#34;https://example.org/kommunen-kg/embed.html&#34;" in html
    docs = (project.root / "docs" / "embedding.md").read_text(encoding="utf-8")
    assert '<iframe src="https://example.org/kommunen-kg/embed.html"' in docs
    assert "kg site" in docs


@pytest.mark.parametrize("how", ["http", "file"])
def test_index_and_pages_work_in_the_browser_without_other_hosts(watch, web_root, site, how, graph):
    size = len(kg.to_networkx(graph, "collaboration"))
    w = watch()
    w.page.goto(url(web_root, site, "index.html", how))
    w.wait_settled()
    assert w.page.evaluate("() => window.kgNetworks['kgnet-index'].nodes.length") == size
    w.page.fill("#kgnet-index .kgnet-search input", "Klie")
    w.page.wait_for_selector("#kgnet-index .kgnet-panel h3")
    link = w.page.get_attribute("#kgnet-index .kgnet-panel a[href$='.html']", "href")
    assert link == "person/thomas-klie.html"
    if how == "file":
        ARTIFACTS.mkdir(exist_ok=True)
        w.page.screenshot(path=str(ARTIFACTS / "site-index.png"), full_page=True)
    w.page.click(f"#kgnet-index .kgnet-panel a[href='{link}']")
    w.page.wait_for_url(re.compile(r".*/person/thomas-klie\.html$"))
    w.wait_settled()
    assert w.page.text_content("h1") == "Thomas Klie"
    w.page.goto(url(web_root, site, "embed.html", how))
    w.wait_settled()
    assert w.page.evaluate("() => window.kgNetworks['kgnet-embed'].nodes.length") == size
    assert w.errors() == []
    assert w.left_origin() == []


def test_site_refuses_a_folder_it_did_not_write(graph, dist, tmp_path: Path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(KGError, match="not empty and not a site"):
        build_site(graph, tmp_path, dist=dist)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_kg_site_writes_and_rewrites(dist: Path, tmp_path: Path, graph):
    pages = len(kg.to_networkx(graph, "full"))
    out = tmp_path / "site"
    for _ in range(2):  # the second run replaces the first
        done = run_kg("--dist", str(dist), "site", "-o", str(out))
        assert done.returncode == 0, done.stderr
        assert f"{pages} entity pages" in done.stdout
    assert (out / "index.html").is_file()
    shutil.rmtree(out)


@pytest.mark.parametrize(
    "size", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}], ids=["desktop", "phone"]
)
def test_index_shows_the_network_on_first_load(watch, web_root, site, size):
    w = watch(viewport=size)
    w.page.goto(url(web_root, site, "index.html", "http"))
    w.wait_settled()
    box = w.page.evaluate(
        "() => document.querySelector('#kgnet-index .kgnet-canvas').getBoundingClientRect().toJSON()"
    )
    # the canvas starts high on the page and most of it is in the first screen
    assert box["top"] < size["height"] * 0.35
    assert min(box["bottom"], size["height"]) - box["top"] > size["height"] * 0.5
    labels = w.page.evaluate("() => window.kgNetworks['kgnet-index'].labels.map(r => r.px)")
    assert len(labels) >= (12 if size["width"] > 1000 else 7) and set(labels) == {13}
    ARTIFACTS.mkdir(exist_ok=True)
    w.page.screenshot(
        path=str(ARTIFACTS / f"site-index-{'desktop' if size['width'] > 1000 else 'phone'}.png")
    )
    assert w.errors() == []


# ---------------------------------------------------------------- hostile IRIs and names

HOSTILE_NAMES = [
    '<img src=x onerror="window.__pwned = 1">',
    "</script><script>window.__pwned = 2</script>",
    '" onmouseover="window.__pwned = 3',
]


@pytest.mark.parametrize(
    "iri",
    ["javascript:alert(document.domain)", BASE + "person/../../../../tmp/evil", BASE + "person/x/..%2f"],
)
def test_site_writes_nothing_outside_its_folder_whatever_the_data_says(dist: Path, tmp_path: Path, iri: str):
    # a dist/ kg build did not make: the IRI check of the build never saw it
    nq = (dist / "kg.nq").read_text() + (
        f"<{iri}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Person> <{BASE}graph/x> .\n"
        f'<{iri}> <https://schema.org/name> "Evil" <{BASE}graph/x> .\n'
    )
    (tmp_path / "evil.nq").write_text(nq)
    graph = kg.KnowledgeGraph.from_file(tmp_path / "evil.nq")
    with pytest.raises(KGError, match=r"no safe page path|outside the site folder"):
        build_site(graph, tmp_path / "www" / "site", dist=dist)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evil.nq", "www"]
    assert not list(tmp_path.rglob("evil.html"))


def test_site_refuses_downloads_that_do_not_match_the_manifest(graph, dist: Path, tmp_path: Path):
    copy = Path(shutil.copytree(dist, tmp_path / "dist"))
    (copy / "kg.ttl").write_text("# replaced after the build\n")
    with pytest.raises(kg.DistError, match=r"kg\.ttl does not match its manifest"):
        build_site(graph, tmp_path / "site", dist=copy)


def test_hostile_names_render_as_text_in_chromium(project_copy, watch, web_root):
    people = "".join(
        f"  - id: hostile-{i}\n    name: {json.dumps(name)}\n" for i, name in enumerate(HOSTILE_NAMES)
    )
    (project_copy.curated_dir / "hostile.yaml").write_text(
        "source:\n  address: https://example.org/hostile\n  title: Hostile names\n  retrieved: 2026-11-25\n"
        f"people:\n{people}"
    )
    kg.build_dataset(project_copy)
    graph = kg.KnowledgeGraph.from_dist(project_copy.dist_dir)
    folder = web_root[0] / "hostile-site"
    build_site(graph, folder, dist=project_copy.dist_dir)
    w = watch()
    dialogs: list[str] = []
    w.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for i, name in enumerate(HOSTILE_NAMES):
        w.page.goto(f"{web_root[1]}/hostile-site/person/hostile-{i}.html")
        w.page.wait_for_load_state("load")
        assert w.page.text_content("h1") == name
        w.page.hover("h1")
        assert w.page.evaluate("() => window.__pwned") is None
    w.page.goto(f"{web_root[1]}/hostile-site/index.html")
    w.wait_settled()
    for name in HOSTILE_NAMES:
        assert w.page.get_by_text(name, exact=True).count() >= 1
    assert w.page.evaluate("() => window.__pwned") is None
    assert dialogs == [] and w.left_origin() == []
    assert w.errors() == []  # not even a script the CSP had to block


def test_the_site_speaks_german_by_default_and_english_behind_a_switch(watch, web_root, site):
    german = (site / "index.html").read_text(encoding="utf-8")
    english = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in german and '<html lang="en">' in english
    assert "Wer arbeitet mit wem?" in german and "Who works with whom?" in english
    assert "the dataset as TriG" in english and "der Datensatz als TriG" in german
    w = watch()
    w.page.goto(url(web_root, site, "index.html", "http"))
    w.wait_settled()
    w.page.click("a.lang-switch")
    w.page.wait_for_url(re.compile(r".*/en/index\.html$"))
    w.wait_settled()
    assert w.page.text_content("h1") == "Who works with whom?"
    assert w.page.text_content("#kgnet-index .kgnet-search label").strip().startswith("Search")
    assert "Person (" in w.page.text_content("#kgnet-index .kgnet-legend")
    w.page.fill("#kgnet-index .kgnet-search input", "Klie")
    assert w.page.text_content("#kgnet-index .kgnet-hits") == "1 hit"
    # the English network leads to the English pages
    assert (
        w.page.get_attribute("#kgnet-index .kgnet-panel a[href$='.html']", "href")
        == "person/thomas-klie.html"
    )
    w.page.click("a.lang-switch")
    w.page.wait_for_url(re.compile(r".*/site/index\.html$"))
    assert w.page.text_content("h1") == "Wer arbeitet mit wem?"
    assert w.errors() == []
    assert w.left_origin() == []


def test_entity_pages_fit_a_phone_without_sideways_scrolling(watch, web_root, site):
    w = watch(viewport={"width": 390, "height": 844})
    for page in (
        "project/koda-eg.html",
        "event/2020-11-24-allianzen-bilden.html",
        "municipality/08235050.html",
    ):
        w.page.goto(url(web_root, site, page, "http"))
        w.wait_settled()
        assert w.page.evaluate("() => document.documentElement.scrollWidth") <= 390, page
    assert w.errors() == []


# ---------------------------------------------------------------- a municipality's place on the map (kg.geo)


def _places(graph) -> dict[str, set[tuple[float, float]]]:
    """Every municipality of the graph with the coordinates the graph states for it (maybe none)."""
    places: dict[str, set[tuple[float, float]]] = {}
    for r in graph.query("municipalities").to_records():
        coords = places.setdefault(r["municipality"], set())
        if r["latitude"] is not None and r["longitude"] is not None:
            coords.add((float(r["longitude"]), float(r["latitude"])))
    return places


def test_every_municipality_with_coordinates_shows_its_place_on_the_map(site, graph):
    from kg.geo import Projection

    full = kg.to_networkx(graph, "full")
    places = _places(graph)
    assert any(places.values()) and not all(places.values())  # the data has both kinds
    viewbox = Projection(400)
    for iri, coords in places.items():
        label = full.nodes[iri]["label"]
        html = (site / page_path(full.nodes[iri]["key"])).read_text(encoding="utf-8")
        svgs = re.findall(r'<svg [^>]*class="geo-map".*?</svg>', html, re.S)
        if not coords:
            assert svgs == [], iri
            assert f"Keine Karte: Die Quellen nennen keine Koordinaten für {label}." in html_unescape(html)
            continue
        assert len(svgs) == 1, iri
        svg = svgs[0]
        assert html_unescape(re.search(r'aria-label="([^"]*)"', svg)[1]) == f"Lage von {label}"
        assert html_unescape(re.search(r"<title>([^<]*)</title>", svg)[1]) == f"Lage von {label}"
        drawn = {
            (float(x), float(y))
            for x, y in re.findall(r'<circle class="point" cx="([^"]+)" cy="([^"]+)"', svg)
        }
        expected = {tuple(round(v, 1) for v in viewbox.xy(lon, lat)) for lon, lat in coords}
        assert drawn == expected, iri
        assert "no-place" not in html
    # no other page has a map
    others = [d["key"] for n, d in full.nodes(data=True) if n not in places]
    assert others and not [k for k in others if 'class="geo-map"' in (site / page_path(k)).read_text()]


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_municipality_page_shows_its_place_in_chromium(watch, web_root, site, graph, size):
    import os

    shots = Path(os.environ.get("KG_SHOTS", ARTIFACTS))
    shots.mkdir(parents=True, exist_ok=True)
    width, height = size
    full = kg.to_networkx(graph, "full")
    placed = sorted(iri for iri, coords in _places(graph).items() if len(coords) == 1)
    iri = BASE + "municipality/08235050" if BASE + "municipality/08235050" in placed else placed[0]
    ((lon, lat),) = _places(graph)[iri]
    label = full.nodes[iri]["label"]
    w = watch(viewport={"width": width, "height": height})
    w.page.goto(url(web_root, site, page_path(full.nodes[iri]["key"]), "http"))
    w.wait_settled()
    figure = w.page.locator("figure.place-map")
    figure.scroll_into_view_if_needed()
    svg = w.page.get_by_role("img", name=f"Lage von {label}")
    assert svg.is_visible()
    box = svg.bounding_box()
    assert 300 <= box["width"] <= min(400, width - 20)  # the column's width on a phone, 400 px at most
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert w.page.evaluate("() => document.documentElement.scrollWidth") <= width
    # the point where the coordinates are: the same fraction of the drawn map as of the viewBox
    from kg.geo import Projection

    projection = Projection(400)
    px, py = projection.xy(lon, lat)
    dot = w.page.locator("circle.point").bounding_box()
    centre = (dot["x"] + dot["width"] / 2, dot["y"] + dot["height"] / 2)
    scale = box["width"] / projection.width
    assert centre[0] == pytest.approx(box["x"] + px * scale, abs=1.5)
    assert centre[1] == pytest.approx(box["y"] + py * scale, abs=1.5)
    assert dot["width"] >= 10  # a point one sees (r = 6 with its white ring)
    # the label beside it, on the map and large enough to read
    text = w.page.locator("svg.geo-map text.label")
    assert text.text_content() == label
    tb = text.bounding_box()
    assert box["x"] <= tb["x"] and tb["x"] + tb["width"] <= box["x"] + box["width"]
    assert tb["height"] >= 12
    w.page.screenshot(path=str(shots / f"geomap-{width}x{height}.png"))
    # a municipality the sources give no coordinates for says so, and shows no map
    unplaced = sorted(iri for iri, coords in _places(graph).items() if not coords)[0]
    w.page.goto(url(web_root, site, page_path(full.nodes[unplaced]["key"]), "http"))
    w.wait_settled()
    assert w.page.locator("svg.geo-map").count() == 0
    assert "Keine Karte" in w.page.text_content("section.place")
    assert w.errors() == [] and w.left_origin() == []


@pytest.mark.parametrize(
    ("lang", "heading", "title", "none"),
    [
        ("de", "Lage", "Lage von {}", "Keine Karte: Die Quellen nennen keine Koordinaten für {}."),
        ("en", "Location", "Location of {}", "No map: the sources give no coordinates for {}."),
    ],
)
def test_the_place_map_speaks_the_page_s_language(graph, lang, heading, title, none):
    from kg.web.site import _place_map
    from kg.web.templating import render

    full = kg.to_networkx(graph, "full")
    places = _places(graph)
    placed = next(iri for iri, coords in sorted(places.items()) if coords)
    unplaced = next(iri for iri, coords in sorted(places.items()) if not coords)
    html = render("website/place-map.html", place_map=_place_map(graph, placed, full.nodes[placed], lang))
    label = full.nodes[placed]["label"]
    assert f"<h2>{heading}</h2>" in html and f'lang="{lang}"' in html
    assert html_unescape(re.search(r'aria-label="([^"]*)"', html)[1]) == title.format(label)
    html = render("website/place-map.html", place_map=_place_map(graph, unplaced, full.nodes[unplaced], lang))
    assert none.format(full.nodes[unplaced]["label"]) in html_unescape(html) and "<svg" not in html
    person = BASE + "person/thomas-klie"
    assert (
        render(
            "website/place-map.html", place_map=_place_map(graph, person, full.nodes[person], lang)
        ).strip()
        == ""
    )

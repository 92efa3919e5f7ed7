"""kg.site in two languages: every entity page in German (the default, at the root) and in English
(``en/``), each speaking its language — property labels from the ontology, dates, periods,
numbers and times as its readers write them — with a switch to the same entity in the other one."""

from __future__ import annotations

import calendar
import os
import posixpath
import re
from html import unescape
from pathlib import Path

import pytest
import rdflib

import kg
from kg.errors import KGError
from kg.vocab import BASE
from kg.web.site import FACT_WORDS, LANGUAGES, build_site, page_path
from tests.conftest import ARTIFACTS, ROOT

PROJECT = "project/koda-eg"
EVENT = "event/2020-11-24-allianzen-bilden"
MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
             "Oktober", "November", "Dezember")  # fmt: skip
OWL = rdflib.Namespace("http://www.w3.org/2002/07/owl#")
KGO = "https://w3id.org/kommunen-kg/ontology#"


@pytest.fixture(scope="module")
def site(web_root, graph: kg.KnowledgeGraph, dist: Path) -> Path:
    folder = web_root[0] / "site-lang"
    build_site(graph, folder, dist=dist)
    return folder


@pytest.fixture(scope="module")
def keys(graph) -> list[str]:
    return sorted(d["key"] for _, d in kg.to_networkx(graph, "full").nodes(data=True))


def read(site: Path, key: str, lang: str) -> str:
    return (site / page_path(key, lang)).read_text(encoding="utf-8")


def facts_rows(html: str) -> list[tuple[str, str, str]]:
    """(property, value text, sources cell) of each row of the page's facts table."""
    table = html.split('<table class="facts">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>([^<]*)</td><td[^>]*>(.*?)</td>\n<td>(.*?)</td></tr>", table, re.S)
    return [(unescape(p), unescape(re.sub(r"<[^>]+>", "", v)), s) for p, v, s in rows]


def cells(html: str, prop: str) -> list[str]:
    return [v for p, v, _ in facts_rows(html) if p == prop]


def resolve(page: str, href: str) -> str:
    """The site-relative path a relative link of the page ``page`` (site-relative) leads to."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), unescape(href).split("?")[0]))


def ontology_labels() -> dict[str, dict[str, str]]:
    """property IRI → {language: rdfs:label} of every property the ontology files declare."""
    g = rdflib.Graph()
    for ttl in sorted((ROOT / "ontology").glob("*.ttl")):
        g.parse(ttl, format="turtle")
    labels: dict[str, dict[str, str]] = {}
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, rdflib.RDF.Property):
        for prop in g.subjects(rdflib.RDF.type, kind):
            for label in g.objects(prop, rdflib.RDFS.label):
                labels.setdefault(str(prop), {})[label.language or ""] = str(label)
    return labels


def english(label: str) -> str:
    """A label as the English pages head a row with it."""
    return label[:1].upper() + label[1:]


# ---------------------------------------------------------------- every entity, both languages


def test_every_entity_has_a_german_and_an_english_page(site, keys):
    for key in keys:
        de, en = read(site, key, "de"), read(site, key, "en")
        assert '<html lang="de">' in de and '<html lang="en">' in en, key
        assert page_path(key, "en") == "en/" + page_path(key, "de")
        h1 = re.search(r"<h1>(.*?)</h1>", de)[1]
        assert f"<h1>{h1}</h1>" in en, key  # the same entity


def test_the_switch_and_the_alternate_links_round_trip(site, keys):
    for key in keys:
        for lang, other in (("de", "en"), ("en", "de")):
            path = page_path(key, lang)
            html = read(site, key, lang)
            switch = re.search(r'<a class="lang-switch" href="([^"]+)" hreflang="([^"]+)"', html)
            assert switch[2] == other
            assert resolve(path, switch[1]) == page_path(key, other), (key, lang)
            back = re.search(r'<a class="lang-switch" href="([^"]+)"', read(site, key, other))[1]
            assert resolve(page_path(key, other), back) == path
            head = html[: html.index("</head>")]
            alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head))
            assert {k: resolve(path, v) for k, v in alternates.items()} == {
                "de": page_path(key, "de"),
                "en": page_path(key, "en"),
                "x-default": page_path(key, "de"),
            }


def test_links_on_an_english_page_stay_english_and_its_rdf_and_editor_links_work(site, keys):
    for key in keys:
        path = page_path(key, "en")
        html = read(site, key, "en")
        main = html.split("<main>", 1)[1]
        switch = re.search(r'<a class="lang-switch" href="([^"]+)"', html)[1]
        for href in re.findall(r'<a [^>]*href="([^"#][^"]*)"', html):
            if href.startswith(("http://", "https://")) or href == switch:
                continue
            target = resolve(path, href)
            assert (site / target).is_file(), (key, href)
            if target.endswith(".html") and not target.startswith("editor/"):
                assert target.startswith("en/"), (key, href)  # an English page leads to English pages
        rdf = dict(re.findall(r'<a class="rdf" href="([^"]+)" type="([^"]+)"', main))
        assert sorted(resolve(path, h) for h in rdf) == sorted(
            page_path(key)[:-5] + ext for ext in (".jsonld", ".ttl")
        )
        editor = re.search(r'<a class="query-this" href="([^"]+)"', main)[1]
        assert resolve(path, editor) == "editor/index.html"
        assert urllib_unquote(editor.split("?query=", 1)[1]).count(BASE + key) == 1


def urllib_unquote(text: str) -> str:
    from urllib.parse import unquote

    return unquote(unescape(text))


def test_the_english_index_leads_to_english_entity_pages(site, keys):
    html = (site / "en" / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<ul class="entities">(.*?)</ul>', html, re.S)
    hrefs = [h for block in listed for h in re.findall(r'href="([^"]+)"', block)]
    assert sorted(resolve("en/index.html", h) for h in hrefs) == sorted(page_path(k, "en") for k in keys)
    for page in ("index.html", "embed.html"):
        text = (site / "en" / page).read_text(encoding="utf-8")
        linked = re.findall(r'"page":"([^"]+\.html)"', text)
        assert linked and all(resolve("en/" + page, h).startswith("en/") for h in linked), page
        assert all((site / "en" / h).is_file() for h in linked)


@pytest.mark.parametrize("key", ["en/person/x", "index", "assets/site", "downloads/kg", "editor/index"])
def test_no_entity_takes_the_place_of_a_page_or_folder_of_the_site(key):
    with pytest.raises(KGError, match="no safe page path"):
        page_path(key)
    assert page_path("person/en") == "person/en.html"  # further down a key may say anything safe


# ---------------------------------------------------------------- the English pages speak English


def test_english_pages_label_properties_from_the_ontology_and_no_german_label_leaks(site, keys):
    labels = ontology_labels()
    assert sum(1 for ls in labels.values() if "de" in ls and "en" in ls) > 20
    english_words = {ls["en"].casefold() for ls in labels.values() if "en" in ls} | {
        en.casefold() for _, en in FACT_WORDS.values()
    }
    german = {ls["de"].casefold() for ls in labels.values() if "de" in ls} | {
        de.casefold() for de, _ in FACT_WORDS.values()
    }
    german -= english_words  # "optional", "Name", "online": the same in both
    assert "einwohnerzahl" in german and "laufzeit" in german
    skipped = {str(rdflib.RDF.type), KGO + "appearance"}
    seen_labels = 0
    for key in keys:
        html = read(site, key, "en")
        shown = {p for p, _, _ in facts_rows(html)}
        leaked = {p for p in shown if p.casefold() in german}
        assert not leaked, (key, leaked)
        assert not [p for p in shown if re.fullmatch(r"[a-z]+:[A-Za-z]+", p)], key  # no RDF either
        # every property the entity has that the ontology labels in English, under that label
        own = rdflib.Graph().parse(site / (page_path(key)[:-5] + ".ttl"), format="turtle")
        for prop in {str(p) for p in own.predicates(rdflib.URIRef(BASE + key), None)} - skipped:
            if "en" in labels.get(prop, {}):
                assert english(labels[prop]["en"]) in shown, (key, prop)
                assert labels[prop]["de"] in {p for p, _, _ in facts_rows(read(site, key, "de"))}
                seen_labels += 1
    assert seen_labels > 100


def test_every_fact_shows_its_source_in_both_languages(site, keys):
    for key in keys:
        for lang in LANGUAGES:
            html = read(site, key, lang)
            listed = set(re.findall(r'<li id="source-(\d+)">', html))
            for prop, value, cited in facts_rows(html):
                refs = re.findall(r'href="#source-(\d+)"', cited)
                assert refs and set(refs) <= listed, (key, lang, prop, value)


def test_numbers_in_each_language_format(site, graph):
    rows = graph.query("SELECT ?m ?n WHERE { ?m a kgo:Municipality ; kgo:population ?n }").to_records()
    assert rows and any(int(r["n"]) >= 1000 for r in rows)
    for r in rows:
        key, n = r["m"][len(BASE) :], int(r["n"])
        assert cells(read(site, key, "en"), "Population") == [f"{n:,}"], key  # 3,124
        assert cells(read(site, key, "de"), "Einwohnerzahl") == [f"{n:,}".replace(",", ".")], key  # 3.124
    coords = graph.query(
        "SELECT ?m ?lat ?lon WHERE { ?m a kgo:Municipality ; schema:geo [ schema:latitude ?lat ; "
        "schema:longitude ?lon ] }"
    ).to_records()
    assert coords
    for r in coords[:20]:
        key, lat, lon = r["m"][len(BASE) :], float(r["lat"]), float(r["lon"])
        assert f"{lat:.4f}° N, {lon:.4f}° E" in cells(read(site, key, "en"), "Coordinates")
        de = f"{lat:.4f}° N, {lon:.4f}° O".replace(".", ",")
        assert de in cells(read(site, key, "de"), "Koordinaten")


def _month(value, months) -> str:
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return f"{months[int(text[5:7]) - 1]} {text[:4]}"


def test_dates_and_periods_in_each_language_format(site, graph):
    periods = graph.query(
        "SELECT ?p ?b ?e WHERE { ?p dcterms:temporal ?t . "
        "?t time:hasBeginning/time:inXSDgYearMonth ?b ; time:hasEnd/time:inXSDgYearMonth ?e }"
    ).to_records()
    assert any(r["p"] == BASE + PROJECT for r in periods)
    english_months = tuple(calendar.month_name)[1:]
    for r in periods:
        key = r["p"][len(BASE) :]
        en = f"{_month(r['b'], english_months)} – {_month(r['e'], english_months)}"  # July 2017 – June 2020
        assert en in cells(read(site, key, "en"), "Period"), key
        de = f"{_month(r['b'], MONTHS_DE)} – {_month(r['e'], MONTHS_DE)}"  # Juli 2017 – Juni 2020
        assert de in cells(read(site, key, "de"), "Laufzeit"), key
    starts = graph.query(
        "SELECT ?e ?start WHERE { ?e a schema:Event ; schema:startDate ?start "
        "FILTER(DATATYPE(?start) = xsd:dateTime) }"
    ).to_records()
    assert len(starts) > 10
    for r in starts:
        key, d = r["e"][len(BASE) :], r["start"]
        en = f"{d.day} {english_months[d.month - 1]} {d.year}, {d:%H:%M}"  # 24 November 2020, 10:00
        assert en in cells(read(site, key, "en"), "Start"), key
        assert f"{d:%d.%m.%Y, %H:%M} Uhr" in cells(read(site, key, "de"), "Beginn"), key


def test_the_event_programme_in_english_with_times_roles_and_item_kinds(site, graph):
    items = graph.query("programme", event=EVENT).to_records()
    de, en = read(site, EVENT, "de"), read(site, EVENT, "en")
    table = {lang: html.split('<table class="programme">', 1)[1].split("</table>", 1)[0] for lang, html in
             (("de", de), ("en", en))}  # fmt: skip
    assert "<th>Time</th><th>Programme item</th><th>Contributors (role)</th>" in table["en"]
    assert "<th>Zeit</th><th>Programmpunkt</th><th>Mitwirkende (Rolle)</th>" in table["de"]
    rows = {lang: re.findall(r"<tr>(.*?)</tr>", t, re.S)[1:] for lang, t in table.items()}
    assert len(rows["en"]) == len(rows["de"]) == len({r["item"] for r in items})
    assert "Uhr" not in table["en"]
    for r in items:
        if r["start"] is None or r["end"] is None:
            continue
        span = f"{r['start']:%H:%M}–{r['end']:%H:%M}"
        assert f'<td class="when">{span}</td>' in table["en"]
        assert f'<td class="when">{span} Uhr</td>' in table["de"]
    roles = graph.query(
        "SELECT DISTINCT ?de ?en WHERE { ?a a kgo:Appearance ; kgo:inEvent/schema:superEvent+ ?e ; "
        "schema:roleName ?r . ?r skos:prefLabel ?de , ?en FILTER(LANG(?de) = 'de' && LANG(?en) = 'en') }",
        e=rdflib.URIRef(BASE + EVENT),
    ).to_records()
    assert roles
    for r in roles:
        assert f"({r['en']})" in table["en"] and f"({r['de']})" in table["de"]
    # the kind of each programme item, by the vocabulary's label in the page's language
    kinds = graph.query(
        "SELECT ?i ?de ?en WHERE { ?i kgo:itemKind ?k . ?k skos:prefLabel ?de , ?en "
        "FILTER(LANG(?de) = 'de' && LANG(?en) = 'en') }"
    ).to_records()
    assert len(kinds) > 10
    for r in kinds:
        key = r["i"][len(BASE) :]
        assert cells(read(site, key, "en"), "Kind of programme item") == [r["en"]], key
        assert cells(read(site, key, "de"), "Art des Programmpunkts") == [r["de"]], key


def test_english_pages_have_english_headings_and_german_pages_stay_german(site):
    en, de = read(site, PROJECT, "en"), read(site, PROJECT, "de")
    for heading in ("Facts", "Connected with", "Sources"):
        assert f"<h2>{heading}</h2>" in en
    for heading in ("Angaben", "Verbunden mit", "Quellen"):
        assert f"<h2>{heading}</h2>" in de and f"<h2>{heading}</h2>" not in en
    assert "<th>Property</th><th>Value</th><th>Source</th>" in en
    assert ">Project</p>" not in de and "› Project</p>" in en and "› Projekt</p>" in de


# ---------------------------------------------------------------- in Chromium


def test_the_switch_in_chromium_leads_to_the_same_entity_and_nothing_leaves_the_origin(watch, web_root, site):
    base = f"{web_root[1]}/{site.name}/"
    w = watch()
    w.page.goto(base + page_path(PROJECT, "en"))
    w.wait_settled()
    assert w.page.evaluate("() => document.documentElement.lang") == "en"
    name = w.page.text_content("h1")
    assert w.page.text_content("main h2") == "Facts"
    w.page.click("a.lang-switch")
    w.page.wait_for_url(base + page_path(PROJECT, "de"))
    w.wait_settled()
    assert w.page.evaluate("() => document.documentElement.lang") == "de"
    assert w.page.text_content("h1") == name and w.page.text_content("main h2") == "Angaben"
    w.page.click("a.lang-switch")
    w.page.wait_for_url(base + page_path(PROJECT, "en"))
    # a link in the facts of an English page opens the English page of that entity
    w.page.click("table.facts a[href$='.html']")
    w.page.wait_for_load_state("load")
    assert w.page.url.startswith(base + "en/")
    assert w.page.evaluate("() => document.documentElement.lang") == "en"
    w.wait_settled()
    assert w.errors() == []
    assert w.left_origin() == []


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_project_page_screenshots(watch, web_root, site, lang, size):
    shots = Path(os.environ.get("KG_SHOTS", ARTIFACTS))
    shots.mkdir(parents=True, exist_ok=True)
    width, height = size
    w = watch(viewport={"width": width, "height": height})
    w.page.goto(f"{web_root[1]}/{site.name}/{page_path(PROJECT, lang)}")
    w.wait_settled()
    assert w.page.evaluate("() => document.documentElement.scrollWidth") <= width
    switch = w.page.locator("a.lang-switch").bounding_box()
    assert switch and switch["x"] >= 0 and switch["x"] + switch["width"] <= width  # in view
    home = w.page.locator("header.site a").first.bounding_box()
    assert home and abs(switch["y"] - home["y"]) < 2  # the header on one line, the switch on it
    w.page.screenshot(path=str(shots / f"english-{lang}-{width}x{height}.png"))
    w.page.screenshot(path=str(shots / f"english-{lang}-{width}x{height}-full.png"), full_page=True)
    assert w.errors() == [] and w.left_origin() == []

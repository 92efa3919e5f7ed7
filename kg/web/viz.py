"""The interactive picture: a self-contained, privacy-safe HTML page (or fragment) of a network.

pyvis assembles nodes, edges and vis-network options; the page itself comes from our own
templates (``kg/web/templates/``), because pyvis's templates link Bootstrap and a CDN in every
mode. The page loads nothing from any other host: vis-network (shipped inside pyvis) and our
script and style are inlined, or copied next to the page (:func:`write_assets`) for a site.
A notebook shows the inlined page in an iframe (:func:`notebook_frame`).

Small networks settle with physics, which then stops; above :data:`PHYSICS_LIMIT` nodes the
layout is computed here with networkx (communities laid out one by one) and physics stays off,
so 5,000 nodes draw in a few seconds. The measures a visitor may size nodes by (connections,
betweenness) are computed here too, at every size: the browser only reads them.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from markupsafe import Markup
from pyvis.network import Network

from kg.errors import KGError
from kg.network.graph import FORMATS as DATA_FORMATS
from kg.network.graph import TYPES_BY_KEY, export
from kg.network.layout import precompute_layout
from kg.web.templating import render

TEMPLATES = Path(__file__).resolve().parent / "templates"
PHYSICS_LIMIT = 300
"""Above this many nodes, positions are computed in Python and physics is off."""
BETWEENNESS_EXACT_LIMIT = 500
"""Up to this many nodes betweenness is exact; above, it is estimated (:func:`betweenness`)."""
BETWEENNESS_SAMPLES = 128
"""How many source nodes the estimate of betweenness starts from (networkx's ``k``)."""
VIS_DIR = Path(pyvis.__path__[0]) / "lib" / "vis-9.1.2"
"""vis-network as pyvis ships it: the one copy the pages use, inlined or copied next to them."""
ASSETS = {
    "vis-network.min.js": VIS_DIR / "vis-network.min.js",
    "kg-network.js": TEMPLATES / "network.js",
    "kg-network.css": TEMPLATES / "network.css",
}

WORDS: dict[str, dict[str, str]] = {
    "de": {
        "roles": "Rollen",
        "affiliation": "Zugehörigkeit",
        "source": "Quelle",
        "sources": "Quellen",
        "neighbours": "Verbunden mit",
        "page": "Seite öffnen",
        "hint": "Klicken Sie auf einen Knoten, um Details und seine Nachbarn zu sehen.",
        "hit": "Treffer",
        "hits": "Treffer",
        "more_hits": "weitere",
        "hits_list": "Suchtreffer",
        "search": "Suche",
        "placeholder": "Name …",
        "legend": "Typen ein- und ausblenden",
        "toggle_type": "ein- oder ausblenden",
        "isolated": "ohne Verbindung",
        "isolated_hint": "Knoten ohne Verbindung zeigen (unter dem Netz gesammelt)",
        "size_by": "Größe nach",
        "degree": "Verbindungen",
        "betweenness": "Vermittlerrolle",
        "estimated": "geschätzt",
        "estimated_from": "geschätzt aus den kürzesten Wegen von {k} der {n} Knoten",
        "uniform": "gleich",
        "network": "Netzwerk",
        "controls": "Ansicht",
        "zoom_in": "Vergrößern (+)",
        "zoom_out": "Verkleinern (−)",
        "fit": "Alles zeigen (0)",
        "reset": "Zurücksetzen",
        "close": "Schließen",
        "engage": "Klicken oder Strg + Mausrad zoomt · Tasten + − 0",
        "engaged": "Mausrad zoomt · Esc beendet",
    },
    "en": {
        "roles": "Roles",
        "affiliation": "Affiliation",
        "source": "Source",
        "sources": "Sources",
        "neighbours": "Connected with",
        "page": "Open page",
        "hint": "Click a node to see its details and neighbours.",
        "hit": "hit",
        "hits": "hits",
        "more_hits": "more",
        "hits_list": "Search hits",
        "search": "Search",
        "placeholder": "Name …",
        "legend": "Show or hide types",
        "toggle_type": "show or hide",
        "isolated": "unconnected",
        "isolated_hint": "Show nodes without connections (gathered below the network)",
        "size_by": "Size by",
        "degree": "connections",
        "betweenness": "brokerage",
        "estimated": "estimated",
        "estimated_from": "estimated from the shortest paths of {k} of the {n} nodes",
        "uniform": "equal",
        "network": "network",
        "controls": "View",
        "zoom_in": "Zoom in (+)",
        "zoom_out": "Zoom out (−)",
        "fit": "Show all (0)",
        "reset": "Reset",
        "close": "Close",
        "engage": "Click or Ctrl + wheel zooms · keys + − 0",
        "engaged": "Wheel zooms · Esc ends",
    },
}
"""The page's words in each language it speaks (``lang`` of :func:`render_page`)."""
LANGS = tuple(WORDS)
LABEL_PX = 13
"""Label size on screen, in CSS pixels, at every zoom (labels are drawn by our script)."""

# vis-network's tooltip rule (from its stylesheet), restyled: the rest of that stylesheet is for
# editing tools this page does not use.
TOOLTIP_CSS = (
    "div.vis-tooltip{position:absolute;visibility:hidden;pointer-events:none;z-index:5;padding:6px 8px;"
    "background:#fff;border:1px solid #b8bec6;border-radius:4px;box-shadow:2px 2px 8px rgba(0,0,0,.15);"
    "white-space:normal;font:13px/1.35 system-ui,sans-serif;color:#1f2328}"
)

CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'"
)
"""The page may run only its own script and style: the browser itself refuses any other host."""


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element (no ``</script>`` or ``<!--`` can end it early)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def library_tags(mode: str = "inline", base: str = "assets/") -> str:
    """The script and style a page needs once, however many networks it shows:
    ``inline`` puts them into the page; ``files`` links the copies :func:`write_assets` writes
    next to the page (under ``base``, a relative path: it works from disk and from any server)."""
    if mode == "inline":
        vis = ASSETS["vis-network.min.js"].read_text(encoding="utf-8").replace("</script", "<\\/script")
        return render(
            "network/library-inline.html",
            tooltip_css=Markup(TOOLTIP_CSS),
            css=Markup(ASSETS["kg-network.css"].read_text(encoding="utf-8")),
            vis=Markup(vis),
            js=Markup(ASSETS["kg-network.js"].read_text(encoding="utf-8")),
        ).rstrip("\n")
    if mode == "files":
        return render("network/library-files.html", tooltip_css=Markup(TOOLTIP_CSS), base=base).rstrip("\n")
    raise ValueError(f"unknown library mode {mode!r}: use 'inline' or 'files'")


def write_assets(folder: str | Path) -> list[Path]:
    """Copy vis-network and the network script and style into ``folder``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, src in ASSETS.items():
        (out / name).write_bytes(src.read_bytes())
        written.append(out / name)
    return written


# ---------------------------------------------------------------- rendering


def betweenness(plain: nx.Graph, *, seed: int = 7) -> tuple[dict[Any, float], int | None]:
    """Normalised betweenness of every node of a simple graph, and how many sources it was
    estimated from (``None``: exact).

    Exact betweenness costs a breadth-first search from every node (about two minutes for
    5,000 nodes); above :data:`BETWEENNESS_EXACT_LIMIT` nodes it is estimated from
    :data:`BETWEENNESS_SAMPLES` source nodes drawn with ``seed`` (networkx's ``k``), so the same
    graph always gets the same sizes. On the synthetic network of 5,000 nodes it correlates 0.86
    with the exact values (ranks: 0.72) and puts 96 of the exact top 100 into its top 300, at a
    median error of 31 % on those: enough to size nodes and to order their labels, not to rank
    near-equal brokers (measured 2026-12-03; more sources cost proportionally more time).
    """
    if len(plain) <= 2:
        return dict.fromkeys(plain, 0.0), None
    if len(plain) <= BETWEENNESS_EXACT_LIMIT:
        return nx.betweenness_centrality(plain, normalized=True), None
    k = BETWEENNESS_SAMPLES
    return nx.betweenness_centrality(plain, k=k, normalized=True, seed=seed), k


def network_data(
    net: nx.Graph,
    *,
    layout: str = "auto",
    links: Mapping[str, str] | None = None,
    seed: int = 7,
    lang: str = "de",
) -> dict[str, Any]:
    """Nodes, edges, legend, measures and vis-network options for the page, assembled with pyvis.

    ``layout`` is ``"auto"`` (physics for small networks, precomputed above
    :data:`PHYSICS_LIMIT` nodes), ``"physics"`` or ``"precomputed"``; ``links`` maps a node to the
    URL of its own page; ``lang`` (``de`` or ``en``) the language of the page's words.

    Each node carries its ``degree`` (distinct neighbours) and its ``betweenness``
    (:func:`betweenness`, estimated on large networks): the measures the visitor may size nodes
    by, and the order in which the page names them. Nodes without any neighbour are marked
    ``isolated``: the page gathers them below the network, behind a toggle.
    """
    if layout not in ("auto", "physics", "precomputed"):
        raise ValueError(f"unknown layout {layout!r}")
    if lang not in WORDS:
        raise KGError(f"unknown page language {lang!r}; choose one of {', '.join(LANGS)}")
    physics = layout == "physics" or (layout == "auto" and len(net) <= PHYSICS_LIMIT)
    large = len(net) > PHYSICS_LIMIT
    pos = {} if physics else precompute_layout(net, seed=seed)
    from kg.network.analysis import simple

    plain = simple(net)
    degree = dict(plain.degree())
    measures = [{"key": "degree", "label": WORDS[lang]["degree"], "note": ""}]
    between, samples = betweenness(plain, seed=seed)
    if len(plain) > 2:
        note = WORDS[lang]["estimated_from"].format(k=samples, n=len(plain)) if samples else ""
        measures.append({"key": "betweenness", "label": WORDS[lang]["betweenness"], "note": note})
    measures.append({"key": "uniform", "label": WORDS[lang]["uniform"], "note": ""})
    # directed: pyvis scans every edge for duplicates in undirected mode (quadratic); pairs are
    # unique here already, and the arrows pyvis then adds are removed below.
    vn = Network(directed=True, height="100%", width="100%", cdn_resources="in_line")
    ids = {n: i for i, n in enumerate(net.nodes())}
    for n, d in net.nodes(data=True):
        t = TYPES_BY_KEY.get(d.get("type", ""), TYPES_BY_KEY["organization"])
        extra: dict[str, Any] = {}
        if not physics:
            extra.update(x=pos[n][0], y=pos[n][1])
        if links and n in links:
            extra["page"] = links[n]
        extra["betweenness"] = round(between.get(n, 0.0), 5)
        roles = d.get("roles_en" if lang == "en" else "roles") or d.get("roles", [])
        vn.add_node(
            ids[n],
            label=str(d.get("label", n)),
            color=t.color,
            shape=t.shape,
            type=t.key,
            type_label=t.de if lang == "de" else t.en.capitalize(),
            iri=str(d.get("iri", n)),
            names=list(d.get("names", [])),
            roles=list(roles),
            affiliation=list(d.get("affiliation", [])),
            source_urls=list(d.get("source_urls", [])),
            degree=degree.get(n, 0),
            value=math.sqrt(degree.get(n, 0) + 1),
            isolated=degree.get(n, 0) == 0,
            **extra,
        )
    # One line per pair of nodes; its tooltip lists every relation between them.
    pairs: dict[tuple[int, int], list[str]] = {}
    for u, v, d in net.edges(data=True):
        if u == v:
            continue
        a, b = sorted((ids[u], ids[v]))
        text = str(d.get("label_en" if lang == "en" else "label", d.get("label", d.get("relation", ""))))
        if d.get("event_label"):
            text += f" ({d['event_label']})"
        pairs.setdefault((a, b), [])
        if text not in pairs[(a, b)]:
            pairs[(a, b)].append(text)
    for (a, b), texts in pairs.items():
        vn.add_edge(a, b, title="; ".join(texts), width=min(1 + len(texts) * 0.5, 4))
    nodes, edges, *_ = vn.get_network_data()
    for i, e in enumerate(edges):
        e["id"] = i
        e.pop("arrows", None)
    counts = Counter(d.get("type", "") for _, d in net.nodes(data=True))
    types = [
        {
            "key": t.key,
            "label": t.de if lang == "de" else t.en.capitalize(),
            "color": t.color,
            "shape": t.shape,
            "count": counts[t.key],
        }
        for t in TYPES_BY_KEY.values()
        if counts[t.key]
    ]
    isolated = sum(1 for n in nodes if n["isolated"])
    options = {
        "autoResize": True,
        "width": "100%",
        "height": "100%",
        "nodes": {
            "borderWidth": 1,
            # sized by the chosen measure (value); labels are drawn by the page's script at a
            # fixed screen size, only where they overlap no other label
            "scaling": {"min": 5 if large else 7, "max": 28, "label": {"enabled": False}},
            "font": {"size": 0},
        },
        "edges": {
            "color": {"color": "#a7b0bc", "highlight": "#1f2328", "hover": "#57606a"},
            "smooth": False,
            "selectionWidth": 2,
        },
        "interaction": {
            "hover": not large,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            # the wheel scrolls the page until the visitor engages the network (click, focus,
            # or Ctrl/⌘ + wheel), as map embeds do: the script turns zooming on then
            "zoomView": False,
            "keyboard": False,
        },
        "layout": {"randomSeed": seed, "improvedLayout": physics},
        "physics": (
            {
                "enabled": True,
                "solver": "forceAtlas2Based",
                "forceAtlas2Based": {
                    "gravitationalConstant": -80,
                    "springLength": 100,
                    "avoidOverlap": 0.4,
                },
                "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 50, "fit": True},
            }
            if physics
            else {"enabled": False}
        ),
    }
    return {
        "nodes": nodes,
        "edges": edges,
        "types": types,
        "measures": measures,
        "betweenness_samples": samples,
        "isolated": isolated,
        "options": options,
        "physics": physics,
        "lang": lang,
        "label_px": LABEL_PX,
        "words": WORDS[lang],
    }


def render_fragment(
    net: nx.Graph,
    *,
    container_id: str | None = None,
    height: str = "100vh",
    title: str = "Netzwerk",
    layout: str = "auto",
    links: Mapping[str, str] | None = None,
    lang: str = "de",
) -> str:
    """The network as an HTML fragment (container, data, start call) with a unique id, so that
    several networks can share a page; the page must carry :func:`library_tags` once.

    Without ``container_id`` the id is made from what the fragment shows, as a digest: a random
    one would change a site's bytes in every build. (The same network twice on one page, with the
    same title, needs a ``container_id`` of its own.)"""
    data = network_data(net, layout=layout, links=links, lang=lang)
    text = _script_json(data)
    digest = hashlib.sha256(f"{title}\n{height}\n{text}".encode()).hexdigest()[:10]
    cid = container_id or f"kgnet-{digest}"
    return render(
        "network/fragment.html",
        id=cid,
        height=height,
        title=title,
        lang=lang,
        words=data["words"],
        types=data["types"],
        measures=data["measures"],
        isolated=data["isolated"],
        data=Markup(text),
    )


def render_page(
    net: nx.Graph,
    *,
    title: str = "Kommunen-KG: Netzwerk",
    height: str = "100vh",
    layout: str = "auto",
    library: str = "inline",
    assets: str = "assets/",
    links: Mapping[str, str] | None = None,
    head: str = "",
    container_id: str | None = None,
    lang: str = "de",
) -> str:
    """A whole HTML page with the network; with ``library="inline"`` a single file that works
    anywhere. ``head`` is trusted HTML for the page's head."""
    fragment = render_fragment(
        net, container_id=container_id, height=height, title=title, layout=layout, links=links, lang=lang
    )
    return render(
        "network/page.html",
        title=title,
        lang=lang,
        csp=CSP,
        head=Markup(head),
        library=Markup(library_tags(library, assets)),
        fragment=Markup(fragment),
    )


@dataclass(frozen=True, repr=False)
class Frame:
    """A whole network page inside an ``<iframe srcdoc>``: how a notebook shows the network inline.

    The page keeps its own style, script and Content-Security-Policy apart from the notebook's, and
    the sandbox lets it run its script but not reach the notebook; it loads nothing from any
    host, so it works offline in JupyterLab and in the HTML that ``kg notebooks --html`` writes.
    """

    page: str
    height: str = "600px"
    title: str = "Netzwerk"

    def to_html(self) -> str:
        # srcdoc holds the page as an attribute value: the template escapes quotes and ampersands
        return render("network/frame.html", title=self.title, height=self.height, page=self.page).rstrip("\n")

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        # short: Jupyter stores the plain-text form next to the HTML, and the page is large
        return f"<Frame {self.title!r}: {len(self.page) // 1024} KB page, {self.height} high>"


def notebook_frame(
    net: nx.Graph,
    *,
    height: str = "600px",
    title: str = "Kommunen-KG: Netzwerk",
    layout: str = "auto",
    links: Mapping[str, str] | None = None,
) -> Frame:
    """The network for a notebook cell: a self-contained page (:func:`render_page`, library
    inlined) in an iframe ``height`` high. As the value of a cell it is drawn inline; ``.to_html()``
    gives the iframe's HTML for anywhere else."""
    page = render_page(net, title=title, height="100vh", layout=layout, library="inline", links=links)
    return Frame(page=page, height=height, title=title)


__all__ = [
    "BETWEENNESS_EXACT_LIMIT",
    "BETWEENNESS_SAMPLES",
    "PHYSICS_LIMIT",
    "Frame",
    "betweenness",
    "library_tags",
    "network_data",
    "notebook_frame",
    "precompute_layout",
    "render_fragment",
    "render_page",
    "write_assets",
]


NETWORK_FORMATS = (*DATA_FORMATS, "html")
"""What ``kg network --format`` writes: the data formats and the self-contained page."""


def export_network(
    net: nx.Graph, fmt: str, path: str | Path | None = None, *, multigraph: bool = False, **html_options: Any
) -> str:
    """The network as GraphML, GEXF, node-link JSON (a simple undirected graph unless
    ``multigraph``, see :func:`kg.network.graph.export`) or a self-contained HTML page
    (:func:`render_page`); writes ``path`` when given and returns the text either way."""
    if fmt not in NETWORK_FORMATS:
        raise KGError(f"unknown network format '{fmt}'; choose one of {', '.join(NETWORK_FORMATS)}")
    if fmt != "html":
        return export(net, fmt, path, multigraph=multigraph)
    text = render_page(net, **html_options)
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(text, encoding="utf-8")
    return text

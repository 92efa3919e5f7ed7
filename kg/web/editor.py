"""The query editor: the project's own page for writing and running SPARQL against the endpoint.

It is a page of the site (``editor/index.html``; ``kg serve`` serves it beside the website, or
alone at ``/`` when there is none) with its script and style beside it, so it loads
nothing from any other server: the named queries are its examples (with their questions, as the
Wikidata Query Service offers its examples), the prefixes that ``kg query`` predeclares are
predeclared here too (the editor adds the ``PREFIX`` lines a query uses but does not declare, and
the ``BASE``, before sending it), and a ``?query=`` address opens a query ready to run — every
entity page links to its own (:func:`entity_query`).
"""

from __future__ import annotations

import json
import posixpath
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from kg.network.graph import ENTITY_TYPES
from kg.sparql.named import coerce_bindings, named_queries
from kg.sparql.text import bind_values
from kg.version import __version__
from kg.vocab import BASE, PREFIXES
from kg.web.templating import environment, render
from kg.web.viz import CSP

EDITOR_TEMPLATES = Path(__file__).resolve().parent / "templates" / "editor"
EDITOR_PATH = "editor/index.html"
"""Where the editor lives in the site, relative to its root."""
EDITOR_CSP = CSP + "; connect-src 'self'"
"""The site's policy, and the one thing the editor adds: it may ask its own server."""
ENDPOINT = "../query"
"""The endpoint the editor asks by default, relative to the editor page: ``kg serve``'s ``/query``."""


@dataclass(frozen=True)
class Example:
    """A named query as the editor offers it."""

    name: str
    question: str
    frage: str
    text: str


def _without_prefix_lines(text: str) -> str:
    """The query without the ``PREFIX`` lines the editor predeclares anyway (other lines kept)."""
    kept = []
    for line in text.splitlines():
        words = line.split()
        prefix = words[1].rstrip(":") if len(words) >= 3 and words[0].upper() == "PREFIX" else None
        if prefix in PREFIXES and words[2] == f"<{PREFIXES[prefix]}>":
            continue
        kept.append(line)
    return "\n".join(kept).strip() + "\n"


def examples() -> list[Example]:
    """Every named query, its question in both languages, and its text as the editor shows it."""
    return [
        Example(q.name, q.question, q.frage or q.question, _without_prefix_lines(q.text))
        for q in named_queries().values()
    ]


def entity_query(iri: str) -> str:
    """The query that shows everything known about one entity (the named query ``entity`` with
    ``?entity`` bound), as the editor's "query this" opens it."""
    named = named_queries()["entity"]
    return _without_prefix_lines(bind_values(named.text, coerce_bindings(named, {"entity": iri})))


def editor_href(query: str, *, root: str = "") -> str:
    """A link to the editor with ``query`` ready to run; ``root`` leads from the linking page to
    the site root (``"../"`` from ``person/x.html``)."""
    return f"{root}{EDITOR_PATH}?query={urllib.parse.quote(query, safe='')}"


def render_editor(*, endpoint: str = ENDPOINT, home: str | None = "../index.html") -> str:
    """The editor page; ``home`` links back to the site and answers link to its entity pages
    (None where the editor stands without a site)."""
    config = {
        "endpoint": endpoint,
        "base": BASE,
        "prefixes": PREFIXES,
        "examples": [ex.__dict__ for ex in examples()],
        "start": examples_start(),
        "site": posixpath.dirname(home) + "/" if home else None,
        "pageKinds": [t.key for t in ENTITY_TYPES],
    }
    return (
        environment()
        .get_template("editor/editor.html")
        .render(
            csp=EDITOR_CSP,
            version=__version__,
            home=home,
            endpoint=endpoint,
            prefixes=PREFIXES,
            base=BASE,
            examples=examples(),
            # the script reads its configuration from a JSON island; "</" cannot close the element
            config=json.dumps(config, ensure_ascii=False).replace("</", "<\\/"),
        )
    )


def examples_start() -> str:
    """What the editor shows first: a query that answers something on any build."""
    return (
        "# Every source graph and how many statements it holds.\n"
        "# Without GRAPH, a query sees the merge of all of them.\n"
        "SELECT ?graph (COUNT(*) AS ?statements) WHERE { GRAPH ?graph { ?s ?p ?o } }\n"
        "GROUP BY ?graph ORDER BY DESC(?statements)\n"
    )


def write_editor(site: Path, *, endpoint: str = ENDPOINT, home: str | None = "../index.html") -> Path:
    """Write the editor into ``site/editor/`` (page, script, style); returns the page's path."""
    page = site / EDITOR_PATH
    folder = page.parent
    folder.mkdir(parents=True, exist_ok=True)
    page.write_text(render_editor(endpoint=endpoint, home=home), encoding="utf-8")
    for asset in ("editor.js", "editor.css"):
        (folder / asset).write_bytes((EDITOR_TEMPLATES / asset).read_bytes())
    return page


def write_editor_site(folder: Path, *, endpoint: str = ENDPOINT) -> Path:
    """A site that holds only the editor, its start page leading there: what ``kg serve`` shows
    where no website is given. Returns the folder."""
    write_editor(folder, endpoint=endpoint, home=None)
    (folder / "index.html").write_text(render("editor/start.html", csp=EDITOR_CSP, editor=EDITOR_PATH))
    return folder

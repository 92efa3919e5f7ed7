"""The one Jinja environment of the package: every page, fragment and snippet a browser or a
notebook shows is a template file rendered here, autoescaped — the web room's templates
(``kg/web/templates/``), the query results' table (``kg/sparql/templates/``) and the SVG map
(``kg/geo/templates/``). It sits at the bottom of the rooms so that all of them can use it."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader

_KG = Path(__file__).resolve().parent
TEMPLATES = _KG / "web" / "templates"
RESULT_TEMPLATES = _KG / "sparql" / "templates"
GEO_TEMPLATES = _KG / "geo" / "templates"


@cache
def environment() -> Environment:
    """The environment (loaded once): templates by their path under their room's ``templates/``."""
    return Environment(
        loader=ChoiceLoader([FileSystemLoader(d) for d in (TEMPLATES, RESULT_TEMPLATES, GEO_TEMPLATES)]),
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=False,
    )


def render(name: str, /, **context: Any) -> str:
    """Render the template ``name`` (``network/page.html``, ``website/entity.html``, ``result.html``,
    ``map.svg`` …)."""
    return environment().get_template(name).render(**context)


__all__ = ["TEMPLATES", "environment", "render"]

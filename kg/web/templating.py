"""The one Jinja environment of ``kg.web``: every page, fragment and snippet a browser sees is a
template file under ``kg/web/templates/`` rendered here, autoescaped."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader

TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def environment() -> Environment:
    """The environment (loaded once): templates by their path under ``templates/``."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=False,
    )


def render(name: str, /, **context: Any) -> str:
    """Render the template ``name`` (``network/page.html``, ``website/entity.html`` …)."""
    return environment().get_template(name).render(**context)


__all__ = ["TEMPLATES", "environment", "render"]

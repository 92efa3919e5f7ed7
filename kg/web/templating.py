"""The web room's face of the package's one Jinja environment (:mod:`kg.templating`): every
page, fragment and snippet a browser sees is a template file under ``kg/web/templates/``."""

from __future__ import annotations

from kg.templating import TEMPLATES, environment, render

__all__ = ["TEMPLATES", "environment", "render"]

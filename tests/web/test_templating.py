"""kg.web.templating: HTML is made one way, from template files under one Jinja environment."""

from __future__ import annotations

import re
from pathlib import Path

from kg.templating import RESULT_TEMPLATES
from kg.web.templating import TEMPLATES, environment, render

KG = Path(__file__).resolve().parents[2] / "kg"


def test_one_jinja_environment_in_the_whole_package():
    makers = [
        p.relative_to(KG).as_posix()
        for p in KG.rglob("*.py")
        if re.search(r"\bEnvironment\(|from_string\(", p.read_text(encoding="utf-8"))
    ]
    assert makers == ["templating.py"]


def test_no_page_is_assembled_in_python_strings():
    for p in (KG / "web").rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        assert not re.search(r"['\"]<!doctype html", text, re.I), p


def test_every_template_renders_from_the_one_environment():
    names = sorted(environment().list_templates(extensions=["html"]))
    assert {"network/fragment.html", "network/page.html", "website/entity.html", "editor/editor.html"} <= set(
        names
    )
    assert all((TEMPLATES / n).is_file() or (RESULT_TEMPLATES / n).is_file() for n in names)
    assert "result.html" in names  # the query results' table (kg.sparql) from the same environment
    # autoescaped: a name cannot become markup
    html = render("network/frame.html", title="<b>x</b>", height="1px", page="<p>")
    assert "<b>x</b>" not in html and "&lt;b&gt;" in html

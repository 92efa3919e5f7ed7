"""QueryResult for analysts: DataFrames in dtypes pandas computes with, short IRIs or names on
request, and an HTML table for Jupyter whose entities link to their pages."""

from __future__ import annotations

import pandas as pd

import kg


def test_dataframe_dtypes_fit_the_values(graph: kg.KnowledgeGraph) -> None:
    df = graph.query("programme").to_dataframe()
    assert str(df["order"].dtype) == "Int64"
    assert str(df["timeStated"].dtype) == str(df["endDerived"].dtype) == "boolean"
    assert df["endDerived"].isna().any()  # unbound stays <NA>, not False
    assert str(df["start"].dtype).startswith("datetime64") and df["start"].dt.tz is not None
    assert "2020-11-24T09:50:00+01:00" in {t.isoformat() for t in df["start"].dropna()}
    assert isinstance(df["kind"].dtype, pd.CategoricalDtype)
    assert df["item"].iloc[0].startswith("https://w3id.org/kommunen-kg/event/")


def test_short_iris_and_labels_on_request(graph: kg.KnowledgeGraph) -> None:
    short = graph.query("people-in-several-items").to_dataframe(short=True)
    assert "kg:person/birgit-boehm" in set(short["person"])
    named = graph.query("moderation").to_dataframe(labels=True)
    assert "Stephanie Bock" in set(named["person"])
    assert not any(str(v).startswith("https://") for v in named["person"])


def test_rich_display_links_entities_to_their_pages(graph: kg.KnowledgeGraph) -> None:
    result = graph.query("people-in-several-items")
    page = result._repr_html_()
    assert page.startswith('<div class="kg-result">')
    assert '<a href="https://w3id.org/kommunen-kg/person/thomas-klie"' in page
    assert "<th>name</th><th>items</th><th>person</th>" in page
    site = result.to_html(site="https://example.org/kg/")
    assert 'href="https://example.org/kg/person/thomas-klie.html"' in site
    assert f"{len(result)} rows" in site


def test_rich_display_escapes_text(graph: kg.KnowledgeGraph) -> None:
    page = graph.query("SELECT ?x WHERE { BIND('<b>&' AS ?x) }").to_html()
    assert "&lt;b&gt;&amp;" in page and "<b>&" not in page

"""kg.sparql.entities: parameters given by name, and bound values that name nothing."""

from __future__ import annotations

import re

import pytest

import kg
from kg.sparql.entities import looks_like_iri, name_key, resolve_entity
from kg.vocab import BASE

VARIANTS = {
    "Thomas Klie": "person/thomas-klie",
    "Prof. Dr. Thomas Klie": "person/thomas-klie",
    "Birgit Boehm": "person/birgit-boehm",
    "birgit böhm": "person/birgit-boehm",
    "Dr. Lilian Schwalb": "person/lilian-schwalb",
    "Andi Grabner": "person/andy-grabner",  # a spelling of the source, kept as skos:altLabel
    "Klie": "person/thomas-klie",  # a unique part of a name
    "KoDa_eG": "project/koda-eg",
}


def test_spellings_of_one_name_share_a_key() -> None:
    assert name_key("Prof. Dr. Birgit Böhm") == name_key("birgit  boehm") == "birgit boehm"
    assert name_key("Dr.-Ing. José Müller") == "jose mueller"
    assert name_key("Andi Grabner") != name_key("Andy Grabner")  # a variant takes a curator


def test_iris_and_names_are_told_apart() -> None:
    for text in (
        "person/thomas-klie",
        "kg:person/x",
        "<https://example.org/x>",
        "thomas-klie",
        "schema:name",
    ):
        assert looks_like_iri(text), text
    for text in ("Thomas Klie", "Klie", "Böhm", "KoDa_eG", "Dr. Lilian Schwalb"):
        assert not looks_like_iri(text), text


@pytest.mark.parametrize(("name", "iri"), VARIANTS.items())
def test_a_name_resolves_as_kg_explain_finds_it(graph: kg.KnowledgeGraph, name: str, iri: str) -> None:
    assert str(resolve_entity(graph.query, name)) == BASE + iri
    by_name = graph.query("entity", entity=name)
    assert by_name.rows == graph.query("entity", entity=iri).rows and len(by_name) > 0


def test_an_ambiguous_name_lists_its_candidates(graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(kg.QueryError) as info:
        graph.query("entity", entity="Stadt")
    message = str(info.value)
    assert "could mean several entities" in message
    assert "Stadt Offenburg (organization/stadt-offenburg)" in message
    # with the programme's data there are more towns than the message lists: the rest are counted
    listed = message.count("(organization/stadt-")
    more = re.search(r" and (\d+) more; give the IRI", message)
    towns = graph.query(
        'SELECT DISTINCT ?o WHERE { ?o a schema:Organization ; schema:name ?n FILTER(STRSTARTS(?n, "Stadt ")) }'
    )
    assert listed + (int(more.group(1)) if more else 0) == len(towns) > listed >= 2


def test_no_such_name_suggests_one_that_comes_close(graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(kg.QueryError, match=r"no entity is called 'Birgit Bohm': did you mean Birgit Böhm"):
        graph.query("entity", entity="Birgit Bohm")


def test_a_binding_to_nothing_says_so_and_suggests_what_exists(graph: kg.KnowledgeGraph) -> None:
    # regression (issue 14): --bind entity=thomas-klie gave 0 rows and exit 0
    with pytest.raises(kg.QueryError) as info:
        graph.query("entity", entity="thomas-klie")
    assert str(info.value) == (
        "--bind entity=…: <https://w3id.org/kommunen-kg/thomas-klie> occurs nowhere in the graph, so the "
        "answer is empty; did you mean Thomas Klie (person/thomas-klie)?"
    )
    with pytest.raises(kg.QueryError, match=r"occurs nowhere.*did you mean Thomas Klie"):
        graph.query("people", person="person/klie")
    with pytest.raises(kg.QueryError, match=r'"99999999" occurs nowhere in the graph'):
        graph.query("municipality-populations", ags="99999999")


def test_a_value_that_exists_but_answers_nothing_is_an_empty_answer(graph: kg.KnowledgeGraph) -> None:
    # Stephanie Bock moderates and sits on no panel: a true empty answer, not an error
    assert len(graph.query("panel", person="person/stephanie-bock")) == 0


def test_a_query_that_answers_checks_nothing(graph: kg.KnowledgeGraph, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import kg.sparql.store as store

    def fail(*_: object, **__: object) -> None:
        raise AssertionError("checked although the query answered")

    monkeypatch.setattr(store, "check_bound_values", fail)
    assert len(graph.query("entity", entity="person/thomas-klie")) > 0


def test_unknown_prefix_names_it_and_lists_the_known_ones(graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(kg.QueryError) as info:
        graph.query("SELECT ?n WHERE {\n  ?p foaf:name ?n }")
    message = str(info.value)
    assert message.startswith("unknown prefix 'foaf:' at line 2, column 6: declare it with PREFIX foaf: <…>")
    assert "schema:, sh:, skos:" in message and "\\u{" not in message
    with pytest.raises(kg.QueryError, match=r"unknown prefix 'shema:'.*did you mean 'schema:'\?"):
        graph.query("SELECT ?n WHERE { ?p shema:name ?n }")
    # a prefix the query declares itself is known, and other syntax errors keep the engine's position
    assert len(graph.query("PREFIX s: <https://schema.org/> SELECT ?n WHERE { ?p s:name ?n }")) > 0
    with pytest.raises(kg.QueryError, match="SPARQL syntax error at line 1"):
        graph.query("SELECT ?n WHERE { ?p schema:name }")


def test_the_same_on_a_remote_store(served) -> None:  # type: ignore[no-untyped-def]
    remote = kg.connect(served.query_url)
    assert (
        remote.query("entity", entity="Birgit Boehm").rows
        == remote.query("entity", entity="person/birgit-boehm").rows
    )
    with pytest.raises(kg.QueryError, match=r"occurs nowhere.*did you mean Thomas Klie"):
        remote.query("entity", entity="thomas-klie")
    with pytest.raises(kg.QueryError, match="could mean several entities"):
        remote.query("entity", entity="Institut")
    with pytest.raises(kg.QueryError, match=r"unknown prefix 'foaf:'.*schema:"):
        remote.query("SELECT ?n WHERE { ?p foaf:name ?n }")

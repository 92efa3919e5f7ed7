"""kg.query_text: values are bound as terms, never as pasted text."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from kg.errors import QueryError
from kg.sparql.text import bind_values, query_shape, sparql_term, with_prologue


def test_values_block_opens_the_where_pattern() -> None:
    text = 'CONSTRUCT { ?e ?p "{" } WHERE { ?e ?p ?o } # {'
    bound = bind_values(text, {"e": URIRef("https://w3id.org/kommunen-kg/person/x")})
    assert bound == (
        'CONSTRUCT { ?e ?p "{" } WHERE { VALUES ?e { <https://w3id.org/kommunen-kg/person/x> }  ?e ?p ?o } # {'
    )
    assert query_shape("PREFIX a: <x:> SELECT * { ?s ?p ?o } LIMIT 3").form == "SELECT"


def test_terms_are_escaped_or_refused() -> None:
    assert sparql_term(Literal('a" } ; DROP ALL #')) == '"a\\" } ; DROP ALL #"'
    assert sparql_term(Literal("x", lang="de")) == '"x"@de'
    with pytest.raises(QueryError, match="not an IRI"):
        sparql_term(URIRef("urn:x> } DROP ALL { <y"))
    with pytest.raises(QueryError, match="not a variable name"):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"s } DROP ALL {": URIRef("urn:x")})


def test_several_values_and_queries_without_pattern() -> None:
    bound = bind_values("ASK { ?a ?b ?c }", {"a": URIRef("urn:a"), "c": Literal("1")})
    assert bound == 'ASK { VALUES (?a ?c) { (<urn:a> "1") }  ?a ?b ?c }'
    with pytest.raises(QueryError, match="no WHERE pattern"):
        bind_values("DESCRIBE <urn:a>", {"a": URIRef("urn:a")})
    with pytest.raises(QueryError, match="not a SPARQL query"):
        query_shape("hello")


def test_prologue_adds_only_undeclared_prefixes() -> None:
    text = with_prologue("PREFIX schema: <http://schema.org/>\nSELECT * { ?s schema:name ?n }")
    assert "PREFIX kg: <https://w3id.org/kommunen-kg/>" in text
    assert text.count("PREFIX schema:") == 1 and text.startswith("BASE <https://w3id.org/kommunen-kg/>")

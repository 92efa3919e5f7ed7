"""IRIs are minted in one place, readable and stable."""

from __future__ import annotations

import pytest

from kg.vocab import BASE, expand, mint, shorten, slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Thomas Klie", "thomas-klie"),
        ("Birgit Böhm", "birgit-boehm"),
        ("Begrüßung", "begruessung"),
        ("LAZIK N2030", "lazik-n2030"),
        ("KoDa_eG", "koda-eg"),
        ("  Blick von außen ", "blick-von-aussen"),
    ],
)
def test_slugify_spells_out_umlauts(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_mint_and_shorten_and_expand_agree() -> None:
    iri = mint("person", "Thomas Klie")
    assert iri == BASE + "person/thomas-klie"
    assert shorten(iri) == "kg:person/thomas-klie"
    for form in ("kg:person/thomas-klie", "person/thomas-klie", f"<{iri}>", iri):
        assert expand(form) == iri
    assert expand("schema:name") == "https://schema.org/name"


def test_slugify_refuses_empty_names() -> None:
    with pytest.raises(ValueError):
        slugify("–")


def test_kgo_names_exactly_the_terms_the_ontology_declares() -> None:
    import rdflib

    from kg.project import Project
    from kg.vocab import KGO

    ontology = rdflib.Graph().parse(Project.discover().ontology_dir / "kommunen-kg.ttl")
    declared = {str(s)[len(str(KGO)) :] for s in set(ontology.subjects()) if str(s).startswith(str(KGO))}
    declared.discard("")  # the ontology's own IRI
    assert set(KGO.__annotations__) == declared


def test_a_misspelt_term_is_an_error_not_a_new_iri() -> None:
    import pytest

    from kg.vocab import KGO, ORG, SCHEMA

    for namespace, typo in ((KGO, "fundingMesure"), (SCHEMA, "Persn"), (ORG, "memberDurin")):
        with pytest.raises(AttributeError, match=typo):
            getattr(namespace, typo)


def test_every_entity_kind_is_one_entry_of_the_one_table() -> None:
    from kg.vocab import ENTITY_KINDS, KINDS, SCHEMA, kind_of_types

    assert len(KINDS) == len(ENTITY_KINDS)
    # most specific first: a project is also an organisation, and is a project
    both = {str(SCHEMA.ResearchProject), str(SCHEMA.Organization)}
    kind = kind_of_types(both)
    assert kind is not None and kind.key == "project"

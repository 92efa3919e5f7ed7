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

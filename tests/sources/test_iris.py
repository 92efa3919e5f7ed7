"""The IRIs a build accepts, checked on the N-Quads of a document: every unsafe one found (the fast
search for suspects misses none of these), none that is fine refused, a literal's text not an IRI."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.sources.document import SourceDocument
from kg.sources.iris import iri_problems
from kg.vocab import BASE

NAME = ox.NamedNode("https://schema.org/name")


def problems(subject: str, obj: ox.NamedNode | ox.Literal | None = None) -> list[str]:
    g = ox.NamedNode(BASE + "graph/x")
    quads = [
        ox.Quad(ox.NamedNode(BASE + "person/first"), NAME, ox.Literal("x"), g),
        ox.Quad(ox.NamedNode(subject), NAME, obj if obj is not None else ox.Literal("x"), g),
    ]
    return [
        p.message for p in iri_problems([SourceDocument(Path("x.ttl"), "x.ttl", g.value, quads, text="")])
    ]


@pytest.mark.parametrize(
    ("subject", "words"),
    [
        ("javascript:alert(1)", "scheme is 'javascript:'"),
        (BASE + "person/../x", "'..' segment"),
        (BASE + "person/./x", "'.'"),
        (BASE + "person//x", "empty"),
        (BASE + "..", "'..' segment"),
        (BASE + "person/x%2f", "other characters"),
        (BASE + "#fragment", "needs a path before '#'"),
        ("https://example.org/x", "outside the base namespace"),
        ("urn:uuid:0e1f", "scheme is 'urn:'"),
    ],
)
def test_an_unsafe_subject_is_found(subject: str, words: str) -> None:
    found = problems(subject)
    assert len(found) == 1 and words in found[0], found


@pytest.mark.parametrize(
    "obj",
    [
        ox.NamedNode("mailto:someone@example.org"),
        ox.NamedNode(BASE + "x/../y"),
        ox.NamedNode("ftp://example.org/"),
    ],
)
def test_an_unsafe_object_is_found(obj: ox.NamedNode) -> None:
    assert len(problems(BASE + "person/ok", obj)) == 1


@pytest.mark.parametrize(
    ("subject", "obj"),
    [
        (BASE + "person/ok", ox.Literal("<javascript:alert(1)> and <../../etc> as text")),
        (BASE + "person/ok", ox.NamedNode("https://other.example/a/../b")),  # not ours: a link only
        (BASE + "ontology#Fine", None),
        (BASE + "person/ok.v2_x~y", None),
        (BASE + "person/ok", ox.NamedNode("http://example.org/with?query=1#frag")),
    ],
)
def test_a_safe_iri_is_not_refused(subject: str, obj: ox.NamedNode | ox.Literal | None) -> None:
    assert problems(subject, obj) == []

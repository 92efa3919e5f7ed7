"""The ontology, vocabularies and shapes: bilingual, aligned, and what the build validates against."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from kg.vocab import KGO

from .conftest import ROOT

ALIGNED_TO = (
    "https://schema.org/",
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/prov#",
    "http://purl.org/dc/terms/",
    "http://rdfs.org/ns/void#",
    "http://www.wikidata.org/prop/direct/",
)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "kommunen-kg.ttl", format="turtle")


def own_terms(g: Graph) -> list[URIRef]:
    return sorted(
        {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(KGO))}
    )


def langs(g: Graph, s: URIRef, p: URIRef) -> set[str]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal) and o.language}


def test_every_own_term_has_german_and_english_label_and_comment(ontology: Graph) -> None:
    terms = own_terms(ontology)
    assert len(terms) >= 15
    for term in terms:
        assert langs(ontology, term, RDFS.label) == {"de", "en"}, term
        assert langs(ontology, term, RDFS.comment) == {"de", "en"}, term


def test_every_own_term_is_aligned_to_a_standard_vocabulary(ontology: Graph) -> None:
    links = (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentProperty, OWL.equivalentClass, OWL.inverseOf)
    for term in own_terms(ontology):
        targets = {str(o) for p in links for o in ontology.objects(term, p)}
        assert any(t.startswith(ALIGNED_TO) for t in targets) or any(
            t.startswith(str(KGO))
            and any(str(o2).startswith(ALIGNED_TO) for p2 in links for o2 in ontology.objects(URIRef(t), p2))
            for t in targets
        ), f"{term} is not aligned to schema.org, ORG, SKOS, PROV, DCTERMS or VoID"


def test_ags_is_aligned_to_wikidata_p439(ontology: Graph) -> None:
    assert (KGO.ags, OWL.equivalentProperty, URIRef("http://www.wikidata.org/prop/direct/P439")) in ontology


def test_every_concept_has_german_and_english_labels() -> None:
    vocab = Graph().parse(
        ROOT / "ontology" / "vocabularies.ttl", format="turtle", publicID="https://w3id.org/kommunen-kg/"
    )
    concepts = list(vocab.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) >= 15
    for c in concepts:
        assert langs(vocab, c, SKOS.prefLabel) == {"de", "en"}, c
    for scheme in vocab.subjects(RDF.type, SKOS.ConceptScheme):
        assert langs(vocab, scheme, SKOS.prefLabel) == {"de", "en"}


def test_shapes_have_a_message_a_curator_can_act_on() -> None:
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")
    node_shapes = list(shapes.subjects(RDF.type, SH.NodeShape))
    assert len(node_shapes) >= 9
    for prop in shapes.objects(None, SH.property):
        assert (prop, SH.message, None) in shapes, f"property shape without sh:message: {prop}"
    for shape in node_shapes:
        assert langs(shapes, shape, RDFS.label) == {"de", "en"}, shape


@pytest.mark.parametrize("path", sorted((ROOT / "ontology").glob("*.ttl")), ids=lambda p: Path(p).name)
def test_ontology_files_parse(path: Path) -> None:
    assert len(Graph().parse(path, format="turtle", publicID="https://w3id.org/kommunen-kg/")) > 0

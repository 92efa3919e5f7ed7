"""The SPARQL 1.1 service description (``GET /query`` without a query), written by the front server.

It names the endpoint by its public address (``--public-url``, else the address the client used,
else the one ``kg serve`` listens on) — never Oxigraph's private port — and lists what a client
needs to write queries: the predeclared prefixes (as SHACL prefix declarations, ``sh:declare``),
the base IRI (the ``void:uriSpace`` of the default dataset), the result formats, the limits, and
the ``SERVICE`` endpoints a query may call.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH, VOID, XSD

from kg.vocab import BASE, PREFIXES

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
ENTAILMENT = Namespace("http://www.w3.org/ns/entailment/")

RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV")
GRAPH_FORMATS = ("Turtle", "N-Triples", "N-Quads", "TriG", "RDF_XML")

SERIALISATIONS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}
"""media type → rdflib format; Turtle unless the client asks for another."""


def negotiate(accept: str | None) -> str:
    """The media type to answer a service description request with."""
    for part in (accept or "").split(","):
        kind = part.split(";")[0].strip().lower()
        if kind in SERIALISATIONS:
            return kind
    return "text/turtle"


@lru_cache(maxsize=64)
def describe(
    endpoint: str, *, writable: bool, services: Sequence[str], limits: str, media: str = "text/turtle"
) -> bytes:
    """The service description of the endpoint at ``endpoint`` (its public ``…/query``)."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("sh", SH)
    g.bind("void", VOID)
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if writable:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    for name in RESULT_FORMATS + GRAPH_FORMATS:
        g.add((service, SD.resultFormat, FORMATS[name]))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    g.add((service, SD.feature, SD.EmptyGraphs))
    if services:
        g.add((service, SD.feature, SD.BasicFederatedQuery))
    g.add((service, SD.defaultEntailmentRegime, ENTAILMENT.Simple))
    dataset = BNode("defaultDataset")
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, VOID.uriSpace, Literal(BASE)))
    for prefix, namespace in PREFIXES.items():
        declaration = BNode(f"prefix-{prefix}")
        g.add((service, SH.declare, declaration))
        g.add((declaration, SH.prefix, Literal(prefix)))
        g.add((declaration, SH.namespace, Literal(namespace, datatype=XSD.anyURI)))
    allowed = ", ".join(f"<{s}>" for s in services) or "none"
    g.add(
        (
            service,
            RDFS.comment,
            Literal(
                f"Kommunen-KG. Every query and update is read with the base IRI <{BASE}> and the "
                "prefixes declared here (sh:declare), as `kg query` reads them; its own BASE and PREFIX "
                f"lines win. Limits: {limits}. SERVICE may call: {allowed}.",
                lang="en",
            ),
        )
    )
    return g.serialize(format=SERIALISATIONS[media], encoding="utf-8")

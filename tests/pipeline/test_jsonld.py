"""The hand-written JSON-LD writer: every literal survives, whatever characters it holds."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from kg.pipeline.jsonld import write_jsonld
from kg.vocab import BASE

SCHEMA = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def test_jsonld_keeps_literals_that_need_escaping(tmp_path: Path) -> None:
    person = ox.NamedNode(BASE + "person/erika-musterfrau")
    texts = ['Sie sagte "Hallo"', "C:\\Pfad", "zwei\nZeilen", "Tab\tund\r", "Grüße \u2028 ✓", "\x01"]
    triples = [
        ox.Triple(
            person,
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode(SCHEMA + "Person"),
        ),
        ox.Triple(person, ox.NamedNode(SCHEMA + "name"), ox.Literal("Erika Musterfrau")),
        ox.Triple(
            person,
            ox.NamedNode(SCHEMA + "birthDate"),
            ox.Literal("1970-01-01", datatype=ox.NamedNode(XSD + "date")),
        ),
        ox.Triple(person, ox.NamedNode(SCHEMA + "affiliation"), ox.NamedNode(BASE + "organization/beispiel")),
        *(
            ox.Triple(person, ox.NamedNode(SCHEMA + "description"), ox.Literal(t, language="de"))
            for t in texts
        ),
    ]
    write_jsonld(sorted(triples, key=str), tmp_path / "kg.jsonld", tmp_path / "context.jsonld")
    back = set(ox.parse(path=tmp_path / "kg.jsonld", format=ox.RdfFormat.JSON_LD))
    assert {ox.Triple(q.subject, q.predicate, q.object) for q in back} == set(triples)
    doc = json.loads((tmp_path / "kg.jsonld").read_text(encoding="utf-8"))
    (node,) = doc["@graph"]
    assert node["@id"] == "kg:person/erika-musterfrau"
    assert node["affiliation"] == "kg:organization/beispiel"
    assert sorted(v["@value"] for v in node["description"]) == sorted(texts)

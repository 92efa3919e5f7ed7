"""The programme-wide data says what the reference says, each statement in a graph with its source."""

from __future__ import annotations

import kg


def _values(graph: kg.KnowledgeGraph, query: str) -> list[tuple[str, ...]]:
    return sorted(tuple("" if v is None else str(v) for v in row) for row in graph.query(query).rows)


def test_funding_measure(graph: kg.KnowledgeGraph) -> None:
    rows = _values(
        graph,
        """SELECT DISTINCT ?funder ?agency ?programme ?count WHERE {
             <funding-measure/kommunen-innovativ> schema:funder/schema:alternateName ?funder ;
               kgo:projectExecutingAgency/schema:alternateName ?agency ;
               dcterms:isPartOf/schema:alternateName ?programme ;
               kgo:numberOfProjects ?count }""",
    )
    assert rows == [("BMBF", "PtJ", "FONA", "41")]
    guidelines = _values(
        graph,
        "SELECT DISTINCT ?d WHERE { <funding-measure/kommunen-innovativ> schema:subjectOf/schema:datePublished ?d }",
    )
    assert guidelines == [("2014-08-18",), ("2020-03-02",)]
    rounds = _values(
        graph,
        """SELECT DISTINCT ?name ?n ?start WHERE { ?r a kgo:FundingRound ; schema:name ?name ; kgo:numberOfProjects ?n ;
             dcterms:isPartOf <funding-measure/kommunen-innovativ> ; dcterms:temporal/time:hasBeginning/time:inXSDgYear ?start }""",
    )
    assert rounds == [
        ("Kommunen innovativ, Förderrunden 1–2", "30", "2016"),
        ("Kommunen innovativ, Verbundvorhaben ab Sommer 2021", "11", "2021"),
    ]
    in_round = graph.query(
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p kgo:fundingRound <funding-round/kommunen-innovativ-1-2> }"
    ).rows[0][0]
    assert int(in_round) == 30


def test_event_series_and_sister_event(graph: kg.KnowledgeGraph) -> None:
    series = _values(
        graph,
        """SELECT DISTINCT ?start ?end ?freq ?mode WHERE { <event-series/was-macht-kommunen-innovativ>
             schema:startDate ?start ; schema:endDate ?end ; schema:eventSchedule/schema:repeatFrequency ?freq ;
             schema:eventAttendanceMode ?mode }""",
    )
    assert series == [("2020-10-28", "2020-12-08", "P7D", "https://schema.org/OnlineEventAttendanceMode")]
    events = _values(
        graph,
        """SELECT DISTINCT ?e ?pos WHERE { <event-series/was-macht-kommunen-innovativ> schema:subEvent ?e .
             OPTIONAL { ?e kgo:positionInSeries ?pos } }""",
    )
    assert events == [
        (kg.BASE + "event/2020-11-24-allianzen-bilden", "6"),
        (kg.BASE + "event/2020-12-08-interkommunal-agieren", ""),
    ]
    recording = _values(
        graph,
        "SELECT ?url WHERE { <event-series/was-macht-kommunen-innovativ> schema:recordedIn/schema:url ?url }",
    )
    assert recording == [("https://kommunen-innovativ.de/was-macht-kommunen-innovativ-0",)]


def test_koda_eg_and_the_cooperative_of_neuweiler(graph: kg.KnowledgeGraph) -> None:
    tried = _values(graph, "SELECT DISTINCT ?n WHERE { <project/koda-eg> kgo:municipality/schema:name ?n }")
    assert tried == [
        ("Neuweiler",),
        ("Oberreichenbach",),
        ("Oberried",),
        ("Offenburg",),
        ("Posterstein",),
        ("Schuttertal",),
    ]
    coop = _values(
        graph,
        """SELECT DISTINCT ?founded ?chair WHERE { <organization/buergergenossenschaft-neuweiler> schema:foundingDate ?founded .
             ?p org:headOf <organization/buergergenossenschaft-neuweiler> ; schema:name ?chair }""",
    )
    assert coop == [("2019-07-25", "Anita Burkhardt")]
    head = _values(graph, "SELECT DISTINCT ?n WHERE { ?p org:headOf <project/koda-eg> ; schema:name ?n }")
    assert head == [("Thomas Klie",)]


def test_lazik_n2030(graph: kg.KnowledgeGraph) -> None:
    rows = _values(
        graph,
        """SELECT DISTINCT ?fkz ?start ?end WHERE { <project/lazikn2030> kgo:fundingCode ?fkz ;
             dcterms:temporal [ time:hasBeginning/time:inXSDgYearMonth ?start ; time:hasEnd/time:inXSDgYearMonth ?end ] }""",
    )
    assert rows == [("033L198A-D", "2017-09", "2020-08")]


def test_samtgemeinde_barnstorf_is_no_municipality_with_an_ags(graph: kg.KnowledgeGraph) -> None:
    # the table's AGS 03251005 is the Flecken Barnstorf, a member; the Samtgemeinde has none
    rows = _values(
        graph,
        """SELECT DISTINCT ?type ?ags WHERE { <organization/samtgemeinde-barnstorf> a ?type .
             OPTIONAL { <organization/samtgemeinde-barnstorf> kgo:ags ?ags } }""",
    )
    assert ("https://w3id.org/kommunen-kg/ontology#Municipality", "") not in rows
    assert all(ags == "" for _, ags in rows)
    flecken = _values(
        graph,
        "SELECT DISTINCT ?kind WHERE { <organization/samtgemeinde-barnstorf> kgo:municipality/schema:additionalType ?kind }",
    )
    assert flecken == [("Flecken",)]


def test_every_curated_graph_names_its_source(graph: kg.KnowledgeGraph) -> None:
    rows = graph.query(
        "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <graph/ontology>) "
        "FILTER NOT EXISTS { GRAPH ?g { ?g dcterms:source ?src } } } GROUP BY ?g"
    ).rows
    assert rows == []

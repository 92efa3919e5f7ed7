"""The programme-wide data says what the reference says, each statement in a graph with its source."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import yaml

import kg

from .conftest import ROOT


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
    # positions only where a source states one: FONA calls 08.12. the last of seven events, the
    # reference the 24.11. the sixth (kept with both sources, though 01.12. lies between them)
    assert events == [
        (kg.BASE + "event/2020-10-28-was-macht-kommunen-innovativ", "1"),
        (kg.BASE + "event/2020-11-04-experimente-wagen", ""),
        (kg.BASE + "event/2020-11-11-daseinsvorsorge-sichern", "3"),
        (kg.BASE + "event/2020-11-24-allianzen-bilden", "6"),
        (kg.BASE + "event/2020-12-01-vielfalt-leben", ""),
        (kg.BASE + "event/2020-12-08-interkommunal-agieren", "7"),
        (kg.BASE + "event/herbst-konferenz-2020-innen-entwickeln", ""),
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


SERIES = "<event-series/was-macht-kommunen-innovativ>"


def test_the_seven_events_of_the_series_with_their_days_and_programmes(graph: kg.KnowledgeGraph) -> None:
    rows = _values(
        graph,
        f"""SELECT ?short ?start ?end (COUNT(DISTINCT ?item) AS ?items) WHERE {{ {SERIES} schema:subEvent ?e .
             ?e kgo:shortTitle ?short . OPTIONAL {{ ?e schema:startDate ?start }} OPTIONAL {{ ?e schema:endDate ?end }}
             OPTIONAL {{ ?item schema:superEvent+ ?e ; a kgo:ProgrammeItem }} }} GROUP BY ?e ?short ?start ?end""",
    )
    assert rows == [
        ("Allianzen bilden!", "2020-11-24T10:00:00+01:00", "2020-11-24T12:30:00+01:00", "8"),
        ("Daseinsvorsorge sichern!", "2020-11-11T10:00:00+01:00", "2020-11-11T12:30:00+01:00", "8"),
        ("Experimente wagen!", "2020-11-04T10:00:00+01:00", "2020-11-04T12:30:00+01:00", "7"),
        ("Innen entwickeln!", "", "", "0"),
        ("Interkommunal agieren!", "2020-12-08T10:00:00+01:00", "2020-12-08T12:30:00+01:00", "10"),
        ("Vielfalt leben!", "2020-12-01T10:00:00+01:00", "2020-12-01T12:30:00+01:00", "10"),
        ("Was macht Kommunen innovativ?", "2020-10-28T09:30:00+01:00", "2020-10-28T12:30:00+01:00", "0"),
    ]


def test_innen_entwickeln_is_known_to_exist_and_nothing_more(graph: kg.KnowledgeGraph) -> None:
    rows = _values(
        graph,
        "SELECT ?p WHERE { <event/herbst-konferenz-2020-innen-entwickeln> ?p ?o }",
    )
    assert {p for (p,) in rows} == {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "https://schema.org/name",
        "https://w3id.org/kommunen-kg/ontology#shortTitle",
        "https://schema.org/superEvent",
        "https://w3id.org/kommunen-kg/ontology#fundingMeasure",
    }


def test_a_cut_short_programme_is_marked_so_and_ends_where_its_source_ends(graph: kg.KnowledgeGraph) -> None:
    # the mark is a statement of the source graph whose page is cut short
    marked = _values(
        graph,
        """SELECT ?e ?source WHERE { GRAPH ?g { ?e kgo:programmeIncomplete true . ?g dcterms:source ?source } }""",
    )
    assert marked == [
        (
            kg.BASE + "event/2020-10-28-was-macht-kommunen-innovativ",
            "https://kommunen-innovativ.de/node/1345",
        ),
        (kg.BASE + "event/2020-11-04-experimente-wagen", "https://kommunen-innovativ.de/node/1309"),
        (kg.BASE + "event/2020-11-11-daseinsvorsorge-sichern", "https://kommunen-innovativ.de/node/1310"),
    ]
    # nothing after the last line the cut pages give: their last items have no end and no later item
    last = _values(
        graph,
        """SELECT ?e ?title ?end WHERE { ?e kgo:programmeIncomplete true .
             ?i schema:superEvent ?e ; schema:name ?title ; schema:startDate ?start .
             OPTIONAL { ?i schema:endDate ?end }
             FILTER NOT EXISTS { ?j schema:superEvent ?e ; schema:startDate ?later FILTER(?later > ?start) } }""",
    )
    assert last == [
        (
            kg.BASE + "event/2020-11-04-experimente-wagen",
            "Wie können wir mehr Experimente wagen? Vielfältige Perspektiven",
            "",
        ),
        (
            kg.BASE + "event/2020-11-11-daseinsvorsorge-sichern",
            "Daseinsvorsorge sichern und qualifizieren!",
            "",
        ),
    ]
    complete = _values(
        graph,
        f"""SELECT ?e WHERE {{ {SERIES} schema:subEvent ?e . ?i a kgo:ProgrammeItem ; schema:superEvent ?e .
             FILTER NOT EXISTS {{ ?e kgo:programmeIncomplete true }} }} GROUP BY ?e""",
    )
    assert complete == [
        (kg.BASE + "event/2020-11-24-allianzen-bilden",),
        (kg.BASE + "event/2020-12-01-vielfalt-leben",),
        (kg.BASE + "event/2020-12-08-interkommunal-agieren",),
    ]


def test_spelling_variants_of_the_series_resolve_to_one_entity(graph: kg.KnowledgeGraph) -> None:
    variants = {(r["name"], r["variant"]) for r in graph.query("spelling-variants").to_records()}
    assert {
        ("Technische Universität Dortmund", "Technische Universität Dortmundt"),
        ("Technische Universität Dortmund", "TU Dortmund"),
        ("Landkreis Nienburg/Weser", "Landkreis Nienburg"),
        ("Institut Raum & Energie GmbH", "Institut Raum & Energie"),
        ("WEBWiKo", "WebWiKo"),
        ("lebenswert", "lebensWert"),
    } <= variants


def test_who_stands_for_which_project_at_the_opening_and_the_welcomes(graph: kg.KnowledgeGraph) -> None:
    opening = _values(
        graph,
        """SELECT ?name ?role ?org WHERE { <event/2020-10-28-was-macht-kommunen-innovativ> kgo:appearance ?a .
             ?a schema:performer/schema:name ?name ; schema:roleName/skos:prefLabel ?role . FILTER(lang(?role) = "en")
             OPTIONAL { ?a kgo:statedAffiliation/schema:name ?org } }""",
    )
    assert opening == [
        ("Gesine Schwan", "speaker", "HUMBOLDT-VIADRINA Governance Platform"),
        ("Harald Welzer", "keynote speaker", "Europa-Universität Flensburg"),
        ("Harald Welzer", "keynote speaker", "Futurzwei. Stiftung Zukunftsfähigkeit"),
        ("Katrin Fahrenkrug", "moderator", ""),
        ("Oda Keppler", "speaker", ""),
        ("Ortwin Renn", "speaker", "IASS Potsdam"),
        ("Stefan Siedentop", "speaker", "ILS Dortmund"),
        ("Stephanie Bock", "speaker", ""),
        ("Uwe Schneidewind", "speaker", ""),
    ]
    jobs = _values(
        graph,
        f"""SELECT ?name ?job WHERE {{ {SERIES} schema:subEvent ?e . ?i schema:superEvent* ?e ; kgo:appearance ?a .
             ?a kgo:statedJobTitle ?job ; schema:performer/schema:name ?name }}""",
    )
    assert jobs == [
        ("Alexander Heppe", "Bürgermeister"),
        ("Andy Grabner", "Bürgermeister"),
        ("Detlev Kohlmeier", "Landrat"),
    ]


# MOSAIK's closing event: the invitation (Stadt Remscheid) gives the day, the hours and the
# programme but no year; the report (UA Ruhr) gives the year and who spoke. Each file is one graph.
MOSAIK_INVITATION = "remscheid-mosaik-abschlussveranstaltung.yaml"
MOSAIK_REPORT = "metropolenforschung-mosaik-quartierstypen.yaml"


def _curated(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((ROOT / "data" / "curated" / name).read_text(encoding="utf-8"))
    return doc


def _ref(value: str, kind: str) -> str:
    return kg.BASE + (value if "/" in value else f"{kind}/{value}")


def _berlin(day_time: str) -> str:
    local = dt.datetime.fromisoformat(str(day_time)).replace(tzinfo=ZoneInfo("Europe/Berlin"))
    return local.isoformat()


def _appearances(entries: list[dict[str, Any]]) -> set[tuple[str, str, str, str]]:
    return {
        (
            _ref(a.get("person") or a["performer"], "person"),
            _ref(a["role"], "concept/role"),
            _ref(a["project"], "project") if "project" in a else "",
            _ref(a["affiliation"], "organization") if "affiliation" in a else "",
        )
        for a in entries
    }


def test_mosaik_closing_event_with_its_date_items_and_people_each_from_its_source(
    graph: kg.KnowledgeGraph,
) -> None:
    invitation, report = _curated(MOSAIK_INVITATION), _curated(MOSAIK_REPORT)
    (event,) = invitation["events"]
    (told,) = report["events"]
    assert told["id"] == event["id"] and told["existing"] is True  # the report adds to the same event
    iri = f"<event/{event['id']}>"
    sources = {"inv": invitation["source"]["address"], "rep": report["source"]["address"]}

    def in_graph(which: str, pattern: str, select: str) -> list[tuple[str, ...]]:
        return _values(
            graph,
            f"SELECT DISTINCT {select} WHERE {{ GRAPH ?g {{ {pattern} ?g dcterms:source <{sources[which]}> }} }}",
        )

    # the day and the hours from the invitation, with the Berlin offset of that day (winter time
    # from 25.10.2020); the year from the report, which the invitation's graph names as related
    assert in_graph("inv", f"{iri} schema:startDate ?s ; schema:endDate ?e .", "?s ?e") == [
        (_berlin(event["start"]), _berlin(event["end"]))
    ]
    assert _berlin(event["start"]).startswith("2020-10-28T18:00:00+01:00")
    assert in_graph("inv", "?g dcterms:relation ?r .", "?r") == [(sources["rep"],)]
    assert in_graph("rep", f"{iri} schema:eventAttendanceMode ?m .", "?m") == [
        ("https://schema.org/OnlineEventAttendanceMode",)
    ]
    # a project event of MOSAIK, not an event of the series (which opened that morning)
    assert _values(graph, f"SELECT ?p WHERE {{ {iri} schema:about ?p }}") == [(kg.BASE + "project/mosaik",)]
    assert _values(graph, f"SELECT ?s WHERE {{ {iri} schema:superEvent ?s }}") == []
    assert _values(graph, f"SELECT ?e WHERE {{ {SERIES} schema:subEvent ?e . FILTER(?e = {iri}) }}") == []

    # the programme as the invitation announces it: in its order, untimed, each with its kind
    items = invitation["events"][0]["programme"]
    assert in_graph(
        "inv",
        f"?i schema:superEvent {iri} ; kgo:programmeOrder ?n ; schema:name ?t ; kgo:itemKind ?k .",
        "?n ?t ?k",
    ) == sorted((str(n), it["title"], _ref(it["kind"], "concept/item-kind")) for n, it in enumerate(items, 1))
    assert _values(graph, f"SELECT ?i WHERE {{ ?i schema:superEvent {iri} ; schema:startDate ?s }}") == []
    for it in items:
        got = in_graph(
            "inv",
            f"""?i schema:superEvent {iri} ; schema:name "{it["title"]}"@de ; kgo:appearance ?a .
                ?a schema:performer ?p ; schema:roleName ?r .
                OPTIONAL {{ ?a kgo:representsProject ?pr }} OPTIONAL {{ ?a kgo:statedAffiliation ?o }}""",
            "?p ?r ?pr ?o",
        )
        assert set(got) == _appearances(it.get("appearances", [])), it["title"]

    # who spoke according to the report: at the event itself (it gives no timetable), in its graph
    got = in_graph(
        "rep",
        f"""{iri} kgo:appearance ?a . ?a schema:performer ?p ; schema:roleName ?r .
            OPTIONAL {{ ?a kgo:representsProject ?pr }} OPTIONAL {{ ?a kgo:statedAffiliation ?o }}""",
        "?p ?r ?pr ?o",
    )
    assert set(got) == _appearances(told["appearances"]) and len(got) == len(told["appearances"])
    assert in_graph("inv", f"{iri} kgo:appearance ?a .", "?a") == []  # neither account corrects the other
    assert in_graph("rep", f"?i schema:superEvent {iri} .", "?i") == []

    # every person of the two files is one node with a name; the new ones named in their own graph
    for doc, which in ((invitation, "inv"), (report, "rep")):
        for person in doc["people"]:
            p = f"<person/{person['id']}>"
            assert _values(graph, f"SELECT ?n WHERE {{ {p} a schema:Person ; schema:name ?n }}"), person["id"]
            if "name" in person:
                assert in_graph(which, f'{p} schema:name "{person["name"]}" .', "?g") != [], person["id"]

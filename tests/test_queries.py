"""Every named competency query, run against the built graph, with its exact expected answer.

IRIs are written in their short form (``kg:person/thomas-klie``), literals as their lexical form.
"""

from __future__ import annotations

import re

import pytest
from rdflib import URIRef

import kg
from kg.namespaces import shorten

BINDINGS = {
    "fact-source": {"subject": "person/thomas-klie", "predicate": "schema:affiliation"},
    "entity": {"entity": "person/andy-grabner"},
}


def compact(result: kg.QueryResult) -> list[tuple[str | None, ...]]:
    return [
        tuple(None if t is None else (shorten(str(t)) if isinstance(t, URIRef) else str(t)) for t in row)
        for row in result
    ]


EXPECTED = {
    "affiliations-at-event": (
        ("name", "organisation", "jobTitle", "person"),
        [
            ("Andy Grabner", "Stadt Sandersdorf-Brehna", "Bürgermeister", "kg:person/andy-grabner"),
            (
                "Anita Burkhardt",
                "Miteinander und Füreinander in der Gemeinde Neuweiler e.V.",
                None,
                "kg:person/anita-burkhardt",
            ),
            ("Birgit Böhm", "mensch und region", None, "kg:person/birgit-boehm"),
            ("Jan Abt", "Deutsches Institut für Urbanistik", None, "kg:person/jan-abt"),
            (
                "Lilian Schwalb",
                "Bundesnetzwerk Bürgerschaftliches Engagement",
                None,
                "kg:person/lilian-schwalb",
            ),
            ("Stephanie Bock", "Deutsches Institut für Urbanistik", None, "kg:person/stephanie-bock"),
            ("Thomas Klie", "Zentrum für zivilgesellschaftliche Entwicklung", None, "kg:person/thomas-klie"),
        ],
    ),
    "appearances": (
        ("order", "itemTitle", "kind", "name", "role", "organisation", "projectName", "performer", "item"),
        [
            (
                None,
                "Allianzen bilden! – Den Handlungsspielraum der Kommunen mit neuen Partnern erweitern",
                None,
                "Stephanie Bock",
                "moderator",
                "Deutsches Institut für Urbanistik",
                None,
                "kg:person/stephanie-bock",
                "kg:event/2020-11-24-allianzen-bilden",
            ),
            (
                "1",
                "Technische Einführung",
                "technical introduction",
                "KomKomIn",
                "host",
                None,
                "KomKomIn",
                "kg:project/komkomin",
                "kg:event/2020-11-24-allianzen-bilden/item/0950-technische-einfuehrung",
            ),
            (
                "2",
                "Begrüßung und inhaltliche Einführung",
                "welcome",
                "Jan Abt",
                "speaker",
                "Deutsches Institut für Urbanistik",
                "KomKomIn",
                "kg:person/jan-abt",
                "kg:event/2020-11-24-allianzen-bilden/item/1000-begruessung",
            ),
            (
                "2",
                "Begrüßung und inhaltliche Einführung",
                "welcome",
                "Stephanie Bock",
                "speaker",
                "Deutsches Institut für Urbanistik",
                "KomKomIn",
                "kg:person/stephanie-bock",
                "kg:event/2020-11-24-allianzen-bilden/item/1000-begruessung",
            ),
            (
                "4",
                "Allianzen mit der engagierten Bürgerschaft: Genossenschaften als zukunftsweisendes Kooperationsformat",
                "project talk",
                "Thomas Klie",
                "speaker",
                "Zentrum für zivilgesellschaftliche Entwicklung",
                "KoDa_eG",
                "kg:person/thomas-klie",
                "kg:event/2020-11-24-allianzen-bilden/item/1020-koda-eg",
            ),
            (
                "5",
                "Allianzen mit Jugendlichen: Bewährte und neue Formate der Kooperation",
                "project talk",
                "Birgit Böhm",
                "speaker",
                "mensch und region",
                "LAZIKN2030",
                "kg:person/birgit-boehm",
                "kg:event/2020-11-24-allianzen-bilden/item/1020-lazikn2030",
            ),
            (
                "6",
                "Blick von außen",
                "outside view",
                "Lilian Schwalb",
                "speaker",
                "Bundesnetzwerk Bürgerschaftliches Engagement",
                None,
                "kg:person/lilian-schwalb",
                "kg:event/2020-11-24-allianzen-bilden/item/1130-blick-von-aussen",
            ),
            (
                "7",
                "Wie können wir Allianzen bilden? Vielfältige Perspektiven",
                "panel discussion",
                "Andy Grabner",
                "panellist",
                "Stadt Sandersdorf-Brehna",
                "LAZIKN2030",
                "kg:person/andy-grabner",
                "kg:event/2020-11-24-allianzen-bilden/item/1140-diskussionsrunde",
            ),
            (
                "7",
                "Wie können wir Allianzen bilden? Vielfältige Perspektiven",
                "panel discussion",
                "Anita Burkhardt",
                "panellist",
                "Miteinander und Füreinander in der Gemeinde Neuweiler e.V.",
                "KoDa_eG",
                "kg:person/anita-burkhardt",
                "kg:event/2020-11-24-allianzen-bilden/item/1140-diskussionsrunde",
            ),
            (
                "7",
                "Wie können wir Allianzen bilden? Vielfältige Perspektiven",
                "panel discussion",
                "Birgit Böhm",
                "panellist",
                "mensch und region",
                "LAZIKN2030",
                "kg:person/birgit-boehm",
                "kg:event/2020-11-24-allianzen-bilden/item/1140-diskussionsrunde",
            ),
            (
                "7",
                "Wie können wir Allianzen bilden? Vielfältige Perspektiven",
                "panel discussion",
                "Lilian Schwalb",
                "panellist",
                "Bundesnetzwerk Bürgerschaftliches Engagement",
                None,
                "kg:person/lilian-schwalb",
                "kg:event/2020-11-24-allianzen-bilden/item/1140-diskussionsrunde",
            ),
            (
                "7",
                "Wie können wir Allianzen bilden? Vielfältige Perspektiven",
                "panel discussion",
                "Thomas Klie",
                "panellist",
                "Zentrum für zivilgesellschaftliche Entwicklung",
                "KoDa_eG",
                "kg:person/thomas-klie",
                "kg:event/2020-11-24-allianzen-bilden/item/1140-diskussionsrunde",
            ),
        ],
    ),
    "entity": (
        ("entity", "direction", "predicate", "value", "graph"),
        [
            (
                "kg:person/andy-grabner",
                "out",
                "rdf:type",
                "schema:Person",
                "kg:graph/event-2020-11-24-allianzen-bilden",
            ),
            (
                "kg:person/andy-grabner",
                "out",
                "rdf:type",
                "schema:Person",
                "kg:graph/wikipedia-sandersdorf-brehna",
            ),
            (
                "kg:person/andy-grabner",
                "out",
                "skos:altLabel",
                "Andi Grabner",
                "kg:graph/event-2020-11-24-allianzen-bilden",
            ),
            (
                "kg:person/andy-grabner",
                "out",
                "schema:affiliation",
                "kg:organization/stadt-sandersdorf-brehna",
                "kg:graph/event-2020-11-24-allianzen-bilden",
            ),
            (
                "kg:person/andy-grabner",
                "out",
                "schema:familyName",
                "Grabner",
                "kg:graph/event-2020-11-24-allianzen-bilden",
            ),
            (
                "kg:person/andy-grabner",
                "out",
                "schema:familyName",
                "Grabner",
                "kg:graph/wikipedia-sandersdorf-brehna",
            ),
            (
                "kg:person/andy-grabner",
                "out",
                "schema:givenName",
                "Andy",
                "kg:graph/wikipedia-sandersdorf-brehna",
            ),
            (
                "kg:person/andy-grabner",
                "out",
                "schema:jobTitle",
                "Bürgermeister",
                "kg:graph/event-2020-11-24-allianzen-bilden",
            ),
            (
                "kg:person/andy-grabner",
                "out",
                "schema:name",
                "Andy Grabner",
                "kg:graph/wikipedia-sandersdorf-brehna",
            ),
            (
                "kg:person/andy-grabner",
                "in",
                "schema:member",
                "kg:project/lazikn2030",
                "kg:graph/event-2020-11-24-allianzen-bilden",
            ),
            (
                "kg:person/andy-grabner",
                "in",
                "schema:performer",
                "kg:event/2020-11-24-allianzen-bilden/item/1140-diskussionsrunde",
                "kg:graph/event-2020-11-24-allianzen-bilden",
            ),
            (
                "kg:person/andy-grabner",
                "in",
                "schema:performer",
                "kg:event/2020-11-24-allianzen-bilden/item/1140-diskussionsrunde/role/andy-grabner",
                "kg:graph/event-2020-11-24-allianzen-bilden",
            ),
        ],
    ),
    "events": (
        ("name", "start", "end", "mode", "series", "measure", "event"),
        [
            (
                "Allianzen bilden! – Den Handlungsspielraum der Kommunen mit neuen Partnern erweitern",
                "2020-11-24T10:00:00+01:00",
                "2020-11-24T12:30:00+01:00",
                "schema:OnlineEventAttendanceMode",
                "Was macht Kommunen innovativ?",
                "Kommunen innovativ",
                "kg:event/2020-11-24-allianzen-bilden",
            ),
        ],
    ),
    "fact-source": (
        ("subject", "predicate", "object", "graph", "source", "retrieved"),
        [
            (
                "kg:person/thomas-klie",
                "schema:affiliation",
                "kg:organization/zze",
                "kg:graph/event-2020-11-24-allianzen-bilden",
                "https://kommunen-innovativ.de/allianzen-bilden-0",
                "2026-11-25",
            ),
        ],
    ),
    "moderation": (
        ("eventName", "moderator", "organisation", "event", "person"),
        [
            (
                "Allianzen bilden! – Den Handlungsspielraum der Kommunen mit neuen Partnern erweitern",
                "Stephanie Bock",
                "Deutsches Institut für Urbanistik",
                "kg:event/2020-11-24-allianzen-bilden",
                "kg:person/stephanie-bock",
            ),
        ],
    ),
    "municipalities": (
        ("name", "ags", "latitude", "longitude", "projectName", "municipality", "project"),
        [
            (
                "Neuweiler",
                "08235050",
                "48.657642",
                "8.596988",
                "KoDa_eG",
                "kg:municipality/08235050",
                "kg:project/koda-eg",
            ),
            (
                "Sandersdorf-Brehna",
                "15082340",
                "51.557328",
                "12.211914",
                "LAZIKN2030",
                "kg:municipality/15082340",
                "kg:project/lazikn2030",
            ),
        ],
    ),
    "organisations": (
        ("name", "url", "organisation"),
        [
            ("Bundesnetzwerk Bürgerschaftliches Engagement", "https://b-b-e.de", "kg:organization/bbe"),
            ("Deutsches Institut für Urbanistik", "https://difu.de", "kg:organization/difu"),
            (
                "Miteinander und Füreinander in der Gemeinde Neuweiler e.V.",
                None,
                "kg:organization/miteinander-und-fuereinander-neuweiler",
            ),
            ("Stadt Sandersdorf-Brehna", None, "kg:organization/stadt-sandersdorf-brehna"),
            (
                "Zentrum für zivilgesellschaftliche Entwicklung",
                "https://zze-freiburg.de",
                "kg:organization/zze",
            ),
            ("mensch und region", "https://mensch-und-region.de", "kg:organization/mensch-und-region"),
        ],
    ),
    "panel": (
        ("panel", "name", "organisation", "projectName", "person"),
        [
            (
                "Wie können wir Allianzen bilden? Vielfältige Perspektiven",
                "Andy Grabner",
                "Stadt Sandersdorf-Brehna",
                "LAZIKN2030",
                "kg:person/andy-grabner",
            ),
            (
                "Wie können wir Allianzen bilden? Vielfältige Perspektiven",
                "Anita Burkhardt",
                "Miteinander und Füreinander in der Gemeinde Neuweiler e.V.",
                "KoDa_eG",
                "kg:person/anita-burkhardt",
            ),
            (
                "Wie können wir Allianzen bilden? Vielfältige Perspektiven",
                "Birgit Böhm",
                "mensch und region",
                "LAZIKN2030",
                "kg:person/birgit-boehm",
            ),
            (
                "Wie können wir Allianzen bilden? Vielfältige Perspektiven",
                "Lilian Schwalb",
                "Bundesnetzwerk Bürgerschaftliches Engagement",
                None,
                "kg:person/lilian-schwalb",
            ),
            (
                "Wie können wir Allianzen bilden? Vielfältige Perspektiven",
                "Thomas Klie",
                "Zentrum für zivilgesellschaftliche Entwicklung",
                "KoDa_eG",
                "kg:person/thomas-klie",
            ),
        ],
    ),
    "partner-types": (
        ("label", "labelEn", "broader", "concept"),
        [
            ("Zivilgesellschaft", "civil society", None, "kg:concept/partner-type/civil-society"),
            (
                "Genossenschaften",
                "cooperatives",
                "engagierte Bürgerschaft",
                "kg:concept/partner-type/cooperatives",
            ),
            ("engagierte Bürgerschaft", "engaged citizens", None, "kg:concept/partner-type/engaged-citizens"),
            ("lokale Wirtschaft", "local economy", None, "kg:concept/partner-type/local-economy"),
            ("Menschen vor Ort", "people on site", None, "kg:concept/partner-type/people-on-site"),
            ("Jugendliche", "young people", None, "kg:concept/partner-type/young-people"),
        ],
    ),
    "people": (
        ("name", "title", "jobTitle", "affiliation", "person"),
        [
            ("Andy Grabner", None, "Bürgermeister", "Stadt Sandersdorf-Brehna", "kg:person/andy-grabner"),
            (
                "Anita Burkhardt",
                None,
                None,
                "Miteinander und Füreinander in der Gemeinde Neuweiler e.V.",
                "kg:person/anita-burkhardt",
            ),
            ("Birgit Böhm", None, None, "mensch und region", "kg:person/birgit-boehm"),
            ("Jan Abt", None, None, "Deutsches Institut für Urbanistik", "kg:person/jan-abt"),
            (
                "Lilian Schwalb",
                "Dr.",
                None,
                "Bundesnetzwerk Bürgerschaftliches Engagement",
                "kg:person/lilian-schwalb",
            ),
            ("Stephanie Bock", "Dr.", None, "Deutsches Institut für Urbanistik", "kg:person/stephanie-bock"),
            (
                "Thomas Klie",
                "Prof. Dr.",
                None,
                "Zentrum für zivilgesellschaftliche Entwicklung",
                "kg:person/thomas-klie",
            ),
        ],
    ),
    "people-in-several-items": (
        ("name", "items", "person"),
        [
            ("Birgit Böhm", "2", "kg:person/birgit-boehm"),
            ("Lilian Schwalb", "2", "kg:person/lilian-schwalb"),
            ("Thomas Klie", "2", "kg:person/thomas-klie"),
        ],
    ),
    "programme": (
        (
            "order",
            "start",
            "end",
            "endDerived",
            "optional",
            "title",
            "kind",
            "blockTitle",
            "item",
            "block",
            "event",
        ),
        [
            (
                "1",
                "2020-11-24T09:50:00+01:00",
                "2020-11-24T10:00:00+01:00",
                "true",
                "true",
                "Technische Einführung",
                "technical introduction",
                None,
                "kg:event/2020-11-24-allianzen-bilden/item/0950-technische-einfuehrung",
                None,
                "kg:event/2020-11-24-allianzen-bilden",
            ),
            (
                "2",
                "2020-11-24T10:00:00+01:00",
                "2020-11-24T10:20:00+01:00",
                "true",
                None,
                "Begrüßung und inhaltliche Einführung",
                "welcome",
                None,
                "kg:event/2020-11-24-allianzen-bilden/item/1000-begruessung",
                None,
                "kg:event/2020-11-24-allianzen-bilden",
            ),
            (
                "3",
                "2020-11-24T10:20:00+01:00",
                "2020-11-24T11:30:00+01:00",
                "true",
                None,
                "Allianzen mit unterschiedlichen Akteuren: Ergebnisse aus „Kommunen innovativ“",
                "programme block",
                None,
                "kg:event/2020-11-24-allianzen-bilden/item/1020-allianzen-mit-unterschiedlichen-akteuren",
                None,
                "kg:event/2020-11-24-allianzen-bilden",
            ),
            (
                "4",
                None,
                None,
                None,
                None,
                "Allianzen mit der engagierten Bürgerschaft: Genossenschaften als zukunftsweisendes Kooperationsformat",
                "project talk",
                "Allianzen mit unterschiedlichen Akteuren: Ergebnisse aus „Kommunen innovativ“",
                "kg:event/2020-11-24-allianzen-bilden/item/1020-koda-eg",
                "kg:event/2020-11-24-allianzen-bilden/item/1020-allianzen-mit-unterschiedlichen-akteuren",
                "kg:event/2020-11-24-allianzen-bilden",
            ),
            (
                "5",
                None,
                None,
                None,
                None,
                "Allianzen mit Jugendlichen: Bewährte und neue Formate der Kooperation",
                "project talk",
                "Allianzen mit unterschiedlichen Akteuren: Ergebnisse aus „Kommunen innovativ“",
                "kg:event/2020-11-24-allianzen-bilden/item/1020-lazikn2030",
                "kg:event/2020-11-24-allianzen-bilden/item/1020-allianzen-mit-unterschiedlichen-akteuren",
                "kg:event/2020-11-24-allianzen-bilden",
            ),
            (
                "6",
                "2020-11-24T11:30:00+01:00",
                "2020-11-24T11:40:00+01:00",
                "true",
                None,
                "Blick von außen",
                "outside view",
                None,
                "kg:event/2020-11-24-allianzen-bilden/item/1130-blick-von-aussen",
                None,
                "kg:event/2020-11-24-allianzen-bilden",
            ),
            (
                "7",
                "2020-11-24T11:40:00+01:00",
                "2020-11-24T12:30:00+01:00",
                "true",
                None,
                "Wie können wir Allianzen bilden? Vielfältige Perspektiven",
                "panel discussion",
                None,
                "kg:event/2020-11-24-allianzen-bilden/item/1140-diskussionsrunde",
                None,
                "kg:event/2020-11-24-allianzen-bilden",
            ),
            (
                "8",
                "2020-11-24T12:30:00+01:00",
                None,
                None,
                None,
                "Ende der Onlineveranstaltung",
                "end",
                None,
                "kg:event/2020-11-24-allianzen-bilden/item/1230-ende",
                None,
                "kg:event/2020-11-24-allianzen-bilden",
            ),
        ],
    ),
    "project-heads": (
        ("name", "headOf", "source", "person", "unit"),
        [
            (
                "Thomas Klie",
                "KoDa_eG",
                "https://www.zze-freiburg.de/en/projects/laufende-projekte-en-GB/kommunen-innovativ-kodaeg/",
                "kg:person/thomas-klie",
                "kg:project/koda-eg",
            ),
        ],
    ),
    "project-members": (
        ("projectName", "memberName", "memberKind", "project", "member"),
        [
            (
                "KoDa_eG",
                "Zentrum für zivilgesellschaftliche Entwicklung",
                "organisation",
                "kg:project/koda-eg",
                "kg:organization/zze",
            ),
            ("KoDa_eG", "Anita Burkhardt", "person", "kg:project/koda-eg", "kg:person/anita-burkhardt"),
            ("KoDa_eG", "Thomas Klie", "person", "kg:project/koda-eg", "kg:person/thomas-klie"),
            (
                "KomKomIn",
                "Deutsches Institut für Urbanistik",
                "organisation",
                "kg:project/komkomin",
                "kg:organization/difu",
            ),
            ("KomKomIn", "Jan Abt", "person", "kg:project/komkomin", "kg:person/jan-abt"),
            ("KomKomIn", "Stephanie Bock", "person", "kg:project/komkomin", "kg:person/stephanie-bock"),
            (
                "LAZIKN2030",
                "Stadt Sandersdorf-Brehna",
                "organisation",
                "kg:project/lazikn2030",
                "kg:organization/stadt-sandersdorf-brehna",
            ),
            (
                "LAZIKN2030",
                "mensch und region",
                "organisation",
                "kg:project/lazikn2030",
                "kg:organization/mensch-und-region",
            ),
            ("LAZIKN2030", "Andy Grabner", "person", "kg:project/lazikn2030", "kg:person/andy-grabner"),
            ("LAZIKN2030", "Birgit Böhm", "person", "kg:project/lazikn2030", "kg:person/birgit-boehm"),
        ],
    ),
    "project-municipalities": (
        ("projectName", "municipality", "ags", "project", "place"),
        [
            ("KoDa_eG", "Neuweiler", "08235050", "kg:project/koda-eg", "kg:municipality/08235050"),
            (
                "LAZIKN2030",
                "Sandersdorf-Brehna",
                "15082340",
                "kg:project/lazikn2030",
                "kg:municipality/15082340",
            ),
        ],
    ),
    "project-partner-types": (
        ("projectName", "partnerType", "partnerTypeEn", "project", "concept"),
        [
            (
                "KoDa_eG",
                "Genossenschaften",
                "cooperatives",
                "kg:project/koda-eg",
                "kg:concept/partner-type/cooperatives",
            ),
            (
                "KoDa_eG",
                "engagierte Bürgerschaft",
                "engaged citizens",
                "kg:project/koda-eg",
                "kg:concept/partner-type/engaged-citizens",
            ),
            (
                "LAZIKN2030",
                "Jugendliche",
                "young people",
                "kg:project/lazikn2030",
                "kg:concept/partner-type/young-people",
            ),
        ],
    ),
    "project-talks": (
        ("projectName", "talk", "speaker", "partnerType", "item"),
        [
            (
                "KoDa_eG",
                "Allianzen mit der engagierten Bürgerschaft: Genossenschaften als zukunftsweisendes Kooperationsformat",
                "Thomas Klie",
                "Genossenschaften",
                "kg:event/2020-11-24-allianzen-bilden/item/1020-koda-eg",
            ),
            (
                "KoDa_eG",
                "Allianzen mit der engagierten Bürgerschaft: Genossenschaften als zukunftsweisendes Kooperationsformat",
                "Thomas Klie",
                "engagierte Bürgerschaft",
                "kg:event/2020-11-24-allianzen-bilden/item/1020-koda-eg",
            ),
            (
                "LAZIKN2030",
                "Allianzen mit Jugendlichen: Bewährte und neue Formate der Kooperation",
                "Birgit Böhm",
                "Jugendliche",
                "kg:event/2020-11-24-allianzen-bilden/item/1020-lazikn2030",
            ),
        ],
    ),
    "sources": (
        ("graph", "source", "retrieved", "statements"),
        [
            (
                "kg:graph/destatis-gemeindeverzeichnis",
                "Destatis Gemeindeverzeichnis (AGS, Gebietsstand 31.12.2011); coordinates from a 2021 extract of the Destatis register",
                "2026-11-25",
                "21",
            ),
            ("kg:graph/difu", "https://difu.de", "2026-11-25", "10"),
            (
                "kg:graph/difu-komkomin",
                "https://difu.de/projekte/2016/kommunen-innovativ-komkomin-wissenschaftliches.html",
                "2026-11-25",
                "12",
            ),
            (
                "kg:graph/event-2020-11-24-allianzen-bilden",
                "https://kommunen-innovativ.de/allianzen-bilden-0",
                "2026-11-25",
                "323",
            ),
            (
                "kg:graph/fona-gewinnbringende-allianzen",
                "https://fona.de/de/gewinnbringende-allianzen",
                "2026-11-25",
                "16",
            ),
            (
                "kg:graph/kommunen-innovativ-koda-eg",
                "https://kommunen-innovativ.de/koda-eg",
                "2026-11-25",
                "10",
            ),
            (
                "kg:graph/kommunen-innovativ-komkomin",
                "https://kommunen-innovativ.de/begleitvorhaben-komkomin",
                "2026-11-25",
                "10",
            ),
            (
                "kg:graph/kommunen-innovativ-lazikn2030",
                "https://kommunen-innovativ.de/lazikn2030",
                "2026-11-25",
                "13",
            ),
            ("kg:graph/mensch-und-region", "https://mensch-und-region.de/aktuelles/", "2026-11-25", "8"),
            (
                "kg:graph/nachhaltigkeit-toolbox",
                "https://nachhaltigkeit-toolbox.de/ueber-uns/",
                "2026-11-25",
                "14",
            ),
            (
                "kg:graph/neuweiler-buergergenossenschaft",
                "https://www.neuweiler.de/de/Liebenswertes-Neuweiler/Gemeindeentwicklung/Seniorenwohnen/Buergergenossenschaft-Neuweiler-eG.i.G.gegruendet",
                "2026-11-25",
                "10",
            ),
            (
                "kg:graph/wikipedia-bbe",
                "https://de.m.wikipedia.org/wiki/Bundesnetzwerk_B%C3%BCrgerschaftliches_Engagement",
                "2026-11-25",
                "13",
            ),
            (
                "kg:graph/wikipedia-sandersdorf-brehna",
                "https://de.m.wikipedia.org/wiki/Sandersdorf-Brehna",
                "2026-11-25",
                "9",
            ),
            (
                "kg:graph/zze-koda-eg",
                "https://www.zze-freiburg.de/en/projects/laufende-projekte-en-GB/kommunen-innovativ-kodaeg/",
                "2026-11-25",
                "18",
            ),
        ],
    ),
    "spelling-variants": (
        ("name", "variant", "kind", "entity"),
        [
            (
                "Allianzen bilden! – Den Handlungsspielraum der Kommunen mit neuen Partnern erweitern",
                "Allianzen bilden!",
                "alternate name",
                "kg:event/2020-11-24-allianzen-bilden",
            ),
            ("Andy Grabner", "Andi Grabner", "source spelling", "kg:person/andy-grabner"),
            ("Bundesnetzwerk Bürgerschaftliches Engagement", "BBE", "alternate name", "kg:organization/bbe"),
            (
                "Bundesnetzwerk Bürgerschaftliches Engagement",
                "Bundesnetzwerk Bürger-schaftliches Engagement",
                "source spelling",
                "kg:organization/bbe",
            ),
            ("Deutsches Institut für Urbanistik", "Difu", "alternate name", "kg:organization/difu"),
            (
                "KoDa_eG",
                "Kommunale Daseinsvorsorge durch Bürgergenossenschaften",
                "alternate name",
                "kg:project/koda-eg",
            ),
            ("KomKomIn", "Begleitvorhaben KomKomIn", "alternate name", "kg:project/komkomin"),
            (
                "KomKomIn",
                "Wissenschaftliches Begleit-, Vernetzungs- und Transfervorhaben",
                "alternate name",
                "kg:project/komkomin",
            ),
            ("LAZIKN2030", "LAZIK N2030", "alternate name", "kg:project/lazikn2030"),
            (
                "LAZIKN2030",
                "LösungsAnsätze Zielkonflikte für Nachhaltige Entwicklung 2030",
                "alternate name",
                "kg:project/lazikn2030",
            ),
            ("LAZIKN2030", "LAZIK2030", "source spelling", "kg:project/lazikn2030"),
            (
                "Miteinander und Füreinander in der Gemeinde Neuweiler e.V.",
                "Miteinander & Füreinander in der Gemeinde Neuweiler",
                "source spelling",
                "kg:organization/miteinander-und-fuereinander-neuweiler",
            ),
            (
                "Stadt Sandersdorf-Brehna",
                "Gemeinde Sandesdorf-Brehna",
                "source spelling",
                "kg:organization/stadt-sandersdorf-brehna",
            ),
            (
                "Wie können wir Allianzen bilden? Vielfältige Perspektiven",
                "Wie können wir Allianzen bilden? Vielfälige Perspektiven",
                "source spelling",
                "kg:event/2020-11-24-allianzen-bilden/item/1140-diskussionsrunde",
            ),
            (
                "Zentrum für zivilgesellschaftliche Entwicklung",
                "zze",
                "alternate name",
                "kg:organization/zze",
            ),
            (
                "mensch und region",
                "ARGE mensch und region, Birgit Böhm, Wolfgang Kleine-Limberg GbR",
                "alternate name",
                "kg:organization/mensch-und-region",
            ),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_named_query_gives_its_exact_answer(name: str, graph: kg.KnowledgeGraph) -> None:
    variables, rows = EXPECTED[name]
    result = graph.query(name, **BINDINGS.get(name, {}))
    assert tuple(result.vars) == variables
    assert compact(result) == rows


def test_every_named_query_has_an_expected_answer() -> None:
    assert set(kg.named_queries()) == set(EXPECTED)
    assert len(EXPECTED) >= 15


@pytest.mark.parametrize("name", sorted(kg.named_queries()))
def test_named_query_states_its_question_in_german_and_english(name: str) -> None:
    q = kg.named_queries()[name]
    assert q.question.endswith("?") and q.frage.endswith("?")
    for param in q.params:  # bound by substitution, which needs the variable projected
        select = q.text[q.text.index("SELECT") : q.text.index("WHERE")]
        assert re.search(rf"\?{param}\b", select), f"?{param} is not projected in {name}"


def test_fact_source_names_every_graph_that_states_a_fact(graph: kg.KnowledgeGraph) -> None:
    rows = compact(graph.query("fact-source", subject="organization/zze", predicate="schema:alternateName"))
    assert [(r[3], r[4]) for r in rows] == [
        ("kg:graph/event-2020-11-24-allianzen-bilden", "https://kommunen-innovativ.de/allianzen-bilden-0"),
        (
            "kg:graph/zze-koda-eg",
            "https://www.zze-freiburg.de/en/projects/laufende-projekte-en-GB/kommunen-innovativ-kodaeg/",
        ),
    ]

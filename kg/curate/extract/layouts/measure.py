"""The event pages of the measure (kommunen-innovativ.de): the header on the ``Programm`` line.

Programm Dienstag, 08.12.2020, 10:00 - 12:30 Uhr, online
9:50 Uhr - Technische Einführung (optional)
10:00 Uhr - Begrüßung und inhaltliche Einführung
» Katrin Fahrenkrug, Institut Raum & Energie (KomKomIn)
10:20 Uhr - Interkommunal agieren! Schlaglichter auf Ergebnisse der Verbundvorhaben
» KIF: Kommunaler Entwicklungsfonds aus regionaler Verantwortung
Detlev Kohlmeier, Landrat Landkreis Nienburg
…
Moderation
» Katrin Fahrenkrug, Institut Raum & Energie
"""

from __future__ import annotations

import re

from kg.curate.extract.layouts.programme import Syntax

NAME = "measure"
SYNTAX = Syntax(
    item=re.compile(
        r"^(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:\s*[-–]\s*(?P<h2>\d{1,2})[:.](?P<m2>\d{2}))?\s*Uhr\s*(?:[-–:]\s*)?(?P<title>\S.*)$"
    ),
)
_HEADER = re.compile(r"^Programm\s+\S.*\d{1,2}\.\d{1,2}\.(?:\d{4})?", re.I)


def detect(texts: list[str]) -> bool:
    return (
        any(_HEADER.match(t) for t in texts)
        or sum(bool(SYNTAX.item and SYNTAX.item.match(t)) for t in texts) >= 2
    )

"""Conference pages: the time alone on a line, the title below, talks as ``-`` bullets.

    Fachkonferenz Beispiel
    01.07.2019 - 02.07.2019
    Montag, 01.07.2019
    13:30 Uhr
    Begrüßung
    Dr. Erika Musterfrau, Referatsleiterin, Bundesministerium für Beispiele
    14:00 - 15:30 Uhr
    Impulse aus den Projekten
    - Allianzen mit Jugendlichen
    Max Mustermann, Projektleiter, Stadt Musterstadt

Performer lines read ``Name, Job, Organisation``; a line holding only a date starts that day.
"""

from __future__ import annotations

import re

from kg.curate.extract.layouts.programme import Syntax

NAME = "conference"
SYNTAX = Syntax(
    time_alone=re.compile(
        r"^(?:ab\s+)?(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:\s*(?:-|–|bis)\s*(?P<h2>\d{1,2})[:.](?P<m2>\d{2}))?\s*(?:Uhr)?$",
        re.I,
    ),
    bullet_talks=True,
    three_parts=True,
    day_headings=True,
)


def detect(texts: list[str]) -> bool:
    return any(SYNTAX.time_alone and SYNTAX.time_alone.match(t) for t in texts)

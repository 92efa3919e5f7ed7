"""The layout the seed page arrived in: a date line, the heading, ``Programm``, bold items.

Dienstag, 24. November 2020
Den Handlungsspielraum der Kommunen mit neuen Partnern erweitern
Programm
- 9:50 Technische Einführung** (optional)
- 10:20 Allianzen mit unterschiedlichen Akteuren: …**
- » **KoDa_eG: Allianzen mit der engagierten Bürgerschaft: …**
Prof. Dr. Thomas Klie, Zentrum für zivilgesellschaftliche Entwicklung (zze)
Diskussionsrunde mit
- » Birgit Böhm, mensch und region (LAZIKN2030)
Moderation:
- » Dr. Stephanie Bock, Deutsches Institut für Urbanistik
"""

from __future__ import annotations

import re

from kg.curate.extract.layouts.programme import Syntax

NAME = "seed"
SYNTAX = Syntax(
    item=re.compile(
        r"^-?\s*(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:\s*[-–]\s*(?P<h2>\d{1,2})[:.](?P<m2>\d{2}))?(?:\s*Uhr)?\s+(?P<title>[^\s\-–].*)$"
    ),
    bold_talks=True,
)


def detect(texts: list[str]) -> bool:
    return any(SYNTAX.item and SYNTAX.item.match(t) for t in texts)

"""Invitations without times: ``Programm:`` and ``-`` bullets naming who speaks inline.

    Einladung zur Abschlussveranstaltung am Mittwoch, 28. Oktober
    Programm:
    - Begrüßung durch Oberbürgermeister Burkhard Mast-Weisz
    - Grußwort von Dr. Vera Grimm, Bundesministerium für Bildung und Forschung (BMBF)
    - Vorstellung der stadtweiten Quartierstypen … (TU Dortmund)
    Anmeldekontakt:

Such a page often gives no year: the extractor then asks for ``--date``.
"""

from __future__ import annotations

from kg.curate.extract.layouts.head import PROGRAMME
from kg.curate.extract.layouts.programme import Syntax

NAME = "invitation"
SYNTAX = Syntax(untimed_bullets=True)


def detect(texts: list[str]) -> bool:
    starts = [i for i, t in enumerate(texts) if PROGRAMME.match(t)]
    return bool(starts) and any(t.startswith(("- ", "– ", "• ")) for t in texts[starts[0] + 1 :])

"""The page layouts ``kg extract`` reads, one module each, and which one a page is written in.

:data:`LAYOUTS` is the one table, tried in order: the first whose ``detect`` recognises the
page's lines reads it. Each layout module gives its :class:`~.programme.Syntax` (how it writes
items); the head (:mod:`.head`) and the programme body (:mod:`.programme`) are read the same way
for all.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from kg.curate.extract.layouts import conference, invitation, measure, seed
from kg.curate.extract.layouts.head import programme_start, read_head
from kg.curate.extract.layouts.programme import ProgrammeReader
from kg.curate.extract.matching import Names
from kg.curate.extract.page import Page, Programme
from kg.errors import KGError

LAYOUTS: tuple[ModuleType, ...] = (measure, conference, seed, invitation)
"""Tried in this order: the measure's header line and a time alone on a line are unmistakable;
the seed's ``- 10:00 Title`` would also match bullets of the others."""


def read_programme(page: Page, names: Names, is_end: Callable[[str], bool]) -> Programme:
    """The page's programme, read by the first layout that recognises it."""
    texts = [line.text for line in page.lines]
    for layout in LAYOUTS:
        if layout.detect(texts):
            break
    else:
        raise KGError(
            f"{page.path}: no programme found: no line 'Programm' followed by items such as "
            "'9:50 Uhr - Title', '- 10:00 Title', a time alone on its line or '- Title' bullets"
        )
    syntax = layout.SYNTAX
    first = syntax.item or syntax.time_alone
    start = programme_start(page.lines, first)
    header = read_head(page.lines[: start + 1] if start >= 0 else [])
    reader = ProgrammeReader(page, names, syntax, header, layout.NAME)
    return reader.read(page.lines[start + 1 :], is_end)


__all__ = ["LAYOUTS", "read_programme"]

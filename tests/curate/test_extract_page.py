"""kg.curate.extract.page: the page's text, its address note, lines of markup only."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.curate.extract.page import Page
from kg.errors import KGError


def test_address_note_markup_and_emphasis() -> None:
    text = "# source: https://example.org/p\n# a note\n\nProgramm\n<br>\n- 10:00 Begrüßung**\n&nbsp;\n"
    page = Page.from_text(text, Path("p.txt"))
    assert page.address == "https://example.org/p"
    assert page.notes == ["a note"]
    assert page.ignored == [(5, "<br>"), (7, "&nbsp;")]
    assert [(line.n, line.verbatim, line.text) for line in page.lines] == [
        (4, "Programm", "Programm"),
        (6, "- 10:00 Begrüßung**", "- 10:00 Begrüßung"),
    ]


def test_a_hash_line_inside_the_page_is_text() -> None:
    page = Page.from_text("Programm\n#1 Füreinander einstehen\n", Path("p.txt"))
    assert [line.text for line in page.lines] == ["Programm", "#1 Füreinander einstehen"]


def test_unreadable_page(tmp_path: Path) -> None:
    with pytest.raises(KGError, match="cannot read"):
        Page.read(tmp_path / "missing.txt")
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Begrüßung".encode("latin-1"))
    with pytest.raises(KGError, match="not UTF-8"):
        Page.read(bad)

"""Tables fitted to a terminal: every line within the width, long cells wrapped or cut with a marker,
the query's first columns kept, a footer that names what was left out and how to see it all."""

from __future__ import annotations

import pytest

from kg.sparql.table import CUT, cell_lines, format_table, terminal_width

HEADER = ["order", "title", "item"]
ROWS = [
    [
        "1",
        "Allianzen mit der engagierten Bürgerschaft: Genossenschaften als Kooperationsformat",
        "kg:event/x/item/1020-koda-eg",
    ],
    ["2", "Blick von außen", "kg:event/x/item/1130-blick-von-aussen"],
]


def test_a_table_that_fits_is_left_as_it_is() -> None:
    whole = format_table(HEADER, ROWS)
    assert format_table(HEADER, ROWS, width=500) == whole
    assert whole.splitlines()[-1] == "(2 rows)"
    assert ROWS[0][1] in whole and CUT not in whole


@pytest.mark.parametrize("width", [40, 60, 80, 100])
def test_every_line_fits_the_width(width: int) -> None:
    text = format_table(HEADER, ROWS, width=width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "--wide or --format csv" in " ".join(text.split())


def test_text_wraps_at_spaces_and_tokens_are_cut_with_the_marker() -> None:
    text = format_table(HEADER, ROWS, width=60, text=[False, True, False])
    lines = text.splitlines()
    assert lines[0].split() == HEADER
    # the title's words all appear, over several lines, none broken
    title_words = {w for line in lines[2:-2] for w in line.split()}
    assert {"Allianzen", "Bürgerschaft:", "Genossenschaften"} <= title_words
    assert "wrapped or cut with …" in text.replace("\n", " ")


def test_an_iri_cut_to_fit_keeps_its_distinctive_end() -> None:
    (line,) = cell_lines("kg:event/2020-11-24-allianzen-bilden/item/1130-blick-von-aussen", 30)
    assert len(line) == 30 and CUT in line
    assert line.endswith("blick-von-aussen") and line.startswith("kg:event")


def test_last_columns_are_left_out_and_named_when_even_narrow_columns_do_not_fit() -> None:
    header = ["a", "b", "c", "d"]
    rows = [["x" * 30, "y" * 30, "z" * 30, "w" * 30]]
    text = format_table(header, rows, width=60)
    first = text.splitlines()[0].split()
    assert first == ["a", "b"]
    footer = " ".join(text.splitlines()[3:])
    assert "2 columns not shown: c, d" in footer


def test_terminal_width_follows_columns_and_is_none_for_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setenv("COLUMNS", "100")
    assert terminal_width(io.StringIO()) == 100
    monkeypatch.delenv("COLUMNS")
    assert terminal_width(io.StringIO()) is None

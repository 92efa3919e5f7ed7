"""Text tables that fit a terminal: the ``table`` format of ``kg query``.

A table wider than the terminal is useless (508 columns for the programme), so a table given a width
is fitted to it: text cells wrap at spaces over a few lines, tokens without spaces (IRIs, numbers,
dates) are cut with ``…``, and when even the narrowest readable columns do not fit, the last
columns of the query are left out and named in the footer. The footer says how to get everything
(``--wide``, ``--format csv``). Without a width the table keeps every cell whole.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from collections.abc import Sequence
from typing import TextIO

CUT = "…"
"""The marker of a cell or header cut to fit."""

GAP = "  "
MAX_LINES = 4
"""A wrapped cell takes at most this many lines; the rest is cut."""

_HEADER_MIN = 12  # a longer header may be cut
_TOKEN_MIN = 25  # an xsd:dateTime with offset (2020-11-24T09:50:00+01:00) stays whole
_TEXT_MIN = 16  # narrower than this, wrapped text reads as a column of syllables

FULL_WIDTH_HINT = "--wide or --format csv shows every cell whole"


def format_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int | None = None,
    *,
    text: Sequence[bool] | None = None,
    hint: str = FULL_WIDTH_HINT,
) -> str:
    """``rows`` of display strings under ``header``, fitted to ``width`` characters (or not at all
    when ``width`` is None), ending with a line counting the rows. ``text`` says which columns hold
    text that may wrap at spaces (default: those with a space in a cell); the others are cut."""
    count = f"({len(rows)} row{'s' if len(rows) != 1 else ''})"
    natural = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    if width is None or _total(natural) <= width:
        return _render(header, rows, natural) + count + "\n"
    wraps = (
        list(text)
        if text is not None
        else [any(" " in r[i].strip() for r in rows) for i in range(len(header))]
    )
    widths, shown = fit_widths(header, rows, width, wraps)
    cut = any(len(r[i]) > widths[i] for r in rows for i in range(len(shown))) or any(
        len(h) > w for h, w in zip(header, widths, strict=False)
    )
    table = _render(header[: len(shown)], [r[: len(shown)] for r in rows], widths, wraps)
    notes = []
    if cut:
        notes.append(f"long cells are wrapped or cut with {CUT}")
    left_out = list(header[len(shown) :])
    if left_out:
        notes.append(
            f"{len(left_out)} column{'s' if len(left_out) != 1 else ''} not shown: {', '.join(left_out)}"
        )
    footer = f"{count[:-1]}; fitted to {width} columns: {'; '.join(notes)}; {hint})"
    return table + "\n".join(textwrap.wrap(footer, max(width, 20), break_on_hyphens=False)) + "\n"


def fit_widths(
    header: Sequence[str], rows: Sequence[Sequence[str]], width: int, text: Sequence[bool]
) -> tuple[list[int], list[str]]:
    """The width of each column that fits and the columns shown (the query's first ones).

    Every column first gets its narrowest readable width; if those do not fit, the last columns are
    left out; the room left is shared out so that narrow columns are whole before wide ones grow.
    """
    natural = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    least = [_least_width(h, [r[i] for r in rows], text[i]) for i, h in enumerate(header)]
    n = len(header)
    while n > 1 and _total(least[:n]) > width:
        n -= 1
    widths = least[:n]
    spare = width - _total(widths)
    # the room left goes to the columns in proportion to what they lack: the long texts get most
    need = [natural[i] - widths[i] for i in range(n)]
    lacking = sum(need)
    if lacking:
        gives = [min(need[i], spare * need[i] // lacking) for i in range(n)]
        for i in range(n):
            widths[i] += gives[i]
        spare -= sum(gives)
        for i in sorted(range(n), key=lambda i: need[i] - gives[i], reverse=True)[: max(spare, 0)]:
            if widths[i] < natural[i]:
                widths[i] += 1
    return widths, list(header[:n])


def _least_width(head: str, cells: Sequence[str], text: bool) -> int:
    longest = max([len(c) for c in cells] + [0])
    body = min(longest, _TEXT_MIN if text else _TOKEN_MIN)
    return min(max(len(head), longest), max(min(len(head), _HEADER_MIN), body))


def _total(widths: Sequence[int]) -> int:
    return sum(widths) + len(GAP) * max(len(widths) - 1, 0)


def cell_lines(text: str, width: int, wrap: bool = True) -> list[str]:
    """A cell as the lines it takes in a column ``width`` wide: text wraps (``wrap``), tokens are cut."""
    if len(text) <= width:
        return [text]
    if wrap and " " in text.strip():
        return textwrap.wrap(text, width, max_lines=MAX_LINES, placeholder=" " + CUT) or [text[:width]]
    if "/" in text or ":" in text:  # an IRI: its end tells it from its neighbours
        head = (width - 1) // 3
        return [text[:head] + CUT + text[len(text) - (width - 1 - head) :]]
    return [text[: width - 1] + CUT]


def _render(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[int],
    wraps: Sequence[bool] | None = None,
) -> str:
    wraps = wraps or [True] * len(widths)
    heads = [h if len(h) <= w else h[: w - 1] + CUT for h, w in zip(header, widths, strict=True)]
    lines = [GAP.join(h.ljust(w) for h, w in zip(heads, widths, strict=True)).rstrip()]
    lines.append(GAP.join("-" * w for w in widths))
    for row in rows:
        cells = [cell_lines(c, w, x) for c, w, x in zip(row, widths, wraps, strict=False)]
        for k in range(max([len(c) for c in cells] + [1])):
            parts = [(c[k] if k < len(c) else "").ljust(w) for c, w in zip(cells, widths, strict=True)]
            lines.append(GAP.join(parts).rstrip())
    return "\n".join(lines) + "\n"


def terminal_width(stream: TextIO | None = None) -> int | None:
    """How wide a table may be: ``COLUMNS`` when set, else the terminal's width when ``stream``
    (standard output) is one; None when writing to a file or pipe (every cell whole)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    stream = stream or sys.stdout
    try:
        if stream.isatty():
            return shutil.get_terminal_size().columns
    except (AttributeError, ValueError, OSError):
        pass
    return None


__all__ = ["CUT", "FULL_WIDTH_HINT", "cell_lines", "fit_widths", "format_table", "terminal_width"]

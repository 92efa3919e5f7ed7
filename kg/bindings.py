"""How bound values enter a query: as a ``VALUES`` row at the start of its ``WHERE`` group.

pyoxigraph's ``substitutions`` plan the query before the values are known: a query that starts
from a bound entity (``?person`` = one IRI) is planned as a scan and runs in time proportional to
the whole graph (200 ms at 100k statements, seconds at a million). The same values as an inline
``VALUES`` block let the planner start from the entity (well under a millisecond).

The values are written by pyoxigraph's own N-Triples serialiser (``str(term)``), which escapes
every character that could end a term, so nothing a caller passes can change the query's shape.
:func:`with_values` returns ``None`` where it cannot find the ``WHERE`` group with certainty;
the caller then keeps ``substitutions``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

_WORD = re.compile(r"[A-Za-z_]\w*")


def _where_brace(text: str) -> int | None:
    """The offset of the ``{`` that opens the query's ``WHERE`` group, or ``None``.

    Scans tokens so that braces in comments, strings and IRIs do not count; for SELECT, ASK and
    DESCRIBE the keyword ``WHERE`` is optional, so the first brace is the group; for CONSTRUCT
    the first brace is the template and the group needs its ``WHERE``.
    """
    i, n = 0, len(text)
    form: str | None = None
    last_word = ""
    depth = 0
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if c in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            last_word = ""
            continue
        if c == "<" and form is None:  # IRIs of the prologue (operators come only after the form)
            end = text.find(">", i)
            if end < 0:
                return None
            i = end + 1
            continue
        if c == "{":
            if form is None:
                return None
            if depth == 0 and (last_word == "WHERE" or form in ("SELECT", "ASK", "DESCRIBE")):
                return i
            depth += 1  # a CONSTRUCT template: its WHERE comes after it
            i += 1
            continue
        if c == "}":
            depth -= 1
        m = _WORD.match(text, i)
        if m:
            word = m.group(0).upper()
            if form is None and word in ("SELECT", "ASK", "DESCRIBE", "CONSTRUCT"):
                form = word
            last_word = word
            i = m.end()
            continue
        if not c.isspace():
            last_word = ""
        i += 1
    return None


def with_values(
    text: str, values: Mapping[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal]
) -> str | None:
    """``text`` with ``VALUES (?a ?b) { (x y) }`` first in its WHERE group, or ``None``."""
    if not values or any(isinstance(t, ox.BlankNode) for t in values.values()):
        return None  # a blank node label in a query would be a new blank node, not this one
    at = _where_brace(text)
    if at is None:
        return None
    names = " ".join(str(v) for v in values)
    row = " ".join(str(t) for t in values.values())
    return f"{text[: at + 1]} VALUES ({names}) {{ ({row}) }} {text[at + 1 :]}"

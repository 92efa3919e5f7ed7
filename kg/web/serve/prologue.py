"""The endpoint speaks like ``kg query``: the project's prefixes and base IRI are predeclared.

``kg query`` and the embedded store give every query the prefixes of :data:`kg.vocab.PREFIXES`
and the base IRI :data:`kg.vocab.BASE` (so ``<person/thomas-klie>`` and ``schema:name`` work
without a ``PREFIX`` line). The endpoint does the same by opening each query and update with that
prologue, on the query's own first line, so line numbers in error messages stay the user's; a
query may still declare its own ``BASE`` and ``PREFIX`` lines, which come later and so win.
"""

from __future__ import annotations

import re

from kg.vocab import BASE, PREFIXES


def prologue() -> str:
    """``BASE <…> PREFIX kg: <…> …`` on one line, ending with a space."""
    parts = [f"BASE <{BASE}>"] + [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()]
    return " ".join(parts) + " "


PROLOGUE = prologue()


def with_prologue(text: str) -> str:
    """The query or update as the backend receives it."""
    return PROLOGUE + text


_POSITION = re.compile(r"^error at 1:(\d+):", re.M)


def user_message(message: str) -> str:
    """A backend error message with positions on the first line counted from the user's text."""
    shift = len(PROLOGUE)
    return _POSITION.sub(lambda m: f"error at 1:{max(1, int(m.group(1)) - shift)}:", message)

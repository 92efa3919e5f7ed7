"""Open questions a curator has yet to answer: the ``# AMBIGUOUS:`` comments ``kg extract`` writes
beside a value it is unsure of (docs/curation.md). The build warns of each, ``kg lint --strict``
fails on each, both with the file and line of the comment itself."""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.errors import Problem
from kg.sources.document import SourceDocument

MARKER = "AMBIGUOUS"
"""The one marker of an open question (``kg.curate.extract`` writes it as ``# AMBIGUOUS:``)."""

_QUESTION = re.compile(r"(?:^|\s)#\s*AMBIGUOUS\b:?\s*(?P<question>.*)$")


def open_questions(docs: Iterable[SourceDocument]) -> list[Problem]:
    """Every ``# AMBIGUOUS`` comment (with or without its colon) in the curated sources, with the
    file and line where it stands, in file order."""
    found = []
    for doc in docs:
        if doc.is_ontology or not doc.path.is_file():
            continue
        text = doc.path.read_text(encoding="utf-8", errors="replace")
        if MARKER not in text:  # a million-statement source is passed over in milliseconds
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            m = _QUESTION.search(line)
            if m:
                question = m["question"].strip() or "(no question written)"
                found.append(
                    Problem(
                        doc.display,
                        number,
                        f"open question: {question} - answer it (fix the value if needed) and delete "
                        "the # AMBIGUOUS comment",
                    )
                )
    return found


__all__ = ["MARKER", "open_questions"]

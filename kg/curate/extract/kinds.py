"""The kind of a programme item, from the vocabulary's own labels; "unknown" rather than a guess.

A kind is read from the page's structure first (a project talk ``» KIF: …``, a panel
``Diskussionsrunde mit``, a block with talks inside), else from the title: a label of a concept
of ``concept/item-kind`` (``skos:prefLabel`` or ``skos:altLabel``, ``ontology/vocabularies.ttl``)
at the start of the title or of a part of it after a colon or dash (``In der Reflexion:
Kommentar``, ``Ein externer Blick: …``), articles aside, inflected endings allowed. So a label
added to the vocabulary is a new cue for the extractor; nothing else decides a kind.
"""

from __future__ import annotations

import re

from kg.curate.extract.page import Item
from kg.pipeline.checks import normalise_name

UNKNOWN = "unknown"
"""What the extractor writes when no label fits: a question for the curator, never a guess."""
FOR_PAGES = (UNKNOWN, "break", "greeting", "keynote")
"""Kinds the vocabulary holds for the pages the extractor reads before any curated data uses
them: ``kg lint`` counts them as used (by the extractor), not as dead vocabulary."""

_ARTICLES = {"der", "die", "das", "ein", "eine", "den", "dem", "zum", "zur"}
_SEGMENTS = re.compile(r"\s*(?::|\s[–—-]\s)\s*")


def _starts_with(words: list[str], label: list[str]) -> bool:
    if not label or len(words) < len(label):
        return False
    return all(
        w == lw or (w.startswith(lw) and len(w) - len(lw) <= 2 and len(lw) >= 4)
        for w, lw in zip(words, label, strict=False)
    )


def kind_from_title(title: str, labels: list[tuple[str, str]]) -> str | None:
    """The concept (last segment) whose label starts the title or a part of it; None if none."""
    ranked = sorted(labels, key=lambda cl: -len(normalise_name(cl[1]).split()))
    for segment in _SEGMENTS.split(title):
        words = normalise_name(segment).split()
        while words and words[0] in _ARTICLES:
            words = words[1:]
        for iri, label in ranked:
            if _starts_with(words, normalise_name(label).split()):
                return iri.rsplit("/", 1)[1]
    return None


def kind_of(item: Item, labels: list[tuple[str, str]]) -> str:
    if item.kind:
        return item.kind
    if item.items:
        return "programme-block"
    return kind_from_title(item.title, labels) or UNKNOWN


def label_hits(title: str, labels: list[tuple[str, str]]) -> list[str]:
    """Concepts whose German label occurs in ``title`` as a run of words (inflected endings allowed)."""
    words = normalise_name(title).split()
    hits = []
    for iri, label in labels:
        lw = normalise_name(label).split()
        if not lw:
            continue
        for i in range(len(words) - len(lw) + 1):
            if all(
                words[i + k].startswith(lw[k]) and len(words[i + k]) - len(lw[k]) <= 2 for k in range(len(lw))
            ):
                hits.append(iri)
                break
    return sorted(set(hits))


__all__ = ["FOR_PAGES", "UNKNOWN", "kind_from_title", "kind_of", "label_hits"]

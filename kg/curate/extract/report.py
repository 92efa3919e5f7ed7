"""What one extraction found, as the curator reads it before saving the YAML."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kg.curate.extract.matching import Match

QUESTION = "# AMBIGUOUS:"
"""The one marker of an open question in the YAML ``kg extract`` writes (docs/curation.md):
a name that could be several entities, a guess, a kind the page does not give, a page cut short.
A curator answers it and deletes the comment; ``kg lint --strict`` finds any left."""


@dataclass
class Extraction:
    """What :func:`kg.curate.extract.extract_event` read from one page."""

    yaml: str
    """curator-format YAML, ready for review"""
    matches: list[Match]
    unparsed: list[tuple[int, str]]
    """lines the extractor could not read: (line number, text)"""
    ignored: list[tuple[int, str]] = field(default_factory=list)
    """lines that held only markup: (line number, text)"""
    event: str = ""
    layout: str = ""
    items: int = 0
    """programme items, all levels"""
    people: int = 0
    cut_short: tuple[int, str] | None = None
    """(line number, text) where the page breaks off"""
    after: list[tuple[int, str]] = field(default_factory=list)
    """lines after the programme, not read"""
    known_from: str = ""
    """where the known names came from"""
    event_line: str = ""
    """the event as read: id, dates with offset, online"""
    page: str = ""
    """the page file read"""

    @property
    def questions(self) -> list[str]:
        """The open questions the YAML holds (its ``# AMBIGUOUS:`` comments)."""
        return [line.split(QUESTION, 1)[1].strip() for line in self.yaml.splitlines() if QUESTION in line]

    def report(self) -> str:
        """The report a curator reads before saving the YAML."""
        counts: dict[str, int] = defaultdict(int)
        for m in self.matches:
            counts[m.status] += 1
        lines = [
            f"page {self.page} (layout {self.layout})",
            f"event {self.event_line}",
            f"{self.items} item(s), {self.people} people; names matched against {self.known_from}",
            f"{counts['matched']} matched, {counts['new']} new, {counts['ambiguous']} ambiguous; "
            f"{len(self.unparsed)} unparsed line(s), {len(self.ignored)} markup-only line(s); "
            f"{len(self.questions)} question(s) ({QUESTION} in the YAML)",
        ]
        if self.cut_short:
            lines.append(f"CUT SHORT: the page breaks off at line {self.cut_short[0]}: {self.cut_short[1]!r}")
        lines += [str(m) for m in self.matches]
        lines += [f"line {n:>3}  unparsed   {text}" for n, text in self.unparsed]
        lines += [f"line {n:>3}  ignored    {text} (markup only)" for n, text in self.ignored]
        lines += [f"line {n:>3}  after      {text} (after the programme, not read)" for n, text in self.after]
        lines += [f"question   {q}" for q in self.questions]
        return "\n".join(lines) + "\n"


__all__ = ["QUESTION", "Extraction"]

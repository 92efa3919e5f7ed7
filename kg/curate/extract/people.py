"""Reading a performer line: who, with which titles, job, organisation and project.

``» Dr. Stephanie Bock und Jan Abt, Deutsches Institut für Urbanistik (KomKomIn)`` is two
people of one organisation standing for one project; ``Detlev Kohlmeier, Landrat Landkreis
Nienburg`` has a job title before the organisation; ``Prof. Dr. Max Mustermann, Leiter,
Beispiel-Institut`` (conference pages) names the job between; ``Oberbürgermeister Burkhard
Mast-Weisz`` (invitations) names it before the person; ``» Begleitvorhaben KomKomIn`` is a
project hosting an item. Titles (``Prof. Dr.``) are kept apart from names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kg.curate.extract.matching import Match, Names
from kg.curate.extract.page import PerformerLine
from kg.vocab import BASE

TITLES = re.compile(r"^((?:Prof\.|Dr\.(?:-Ing\.)?|PD|Dipl\.-[\wäöü]+\.?|apl\.|Dr\.\s*h\.\s*c\.)\s*)+")
JOB_TITLES = (
    "Oberbürgermeisterin",
    "Oberbürgermeister",
    "Ortsbürgermeisterin",
    "Ortsbürgermeister",
    "Bürgermeisterin",
    "Bürgermeister",
    "Landrätin",
    "Landrat",
    "Beigeordnete",
    "Beigeordneter",
    "Erste Kreisrätin",
    "Erster Kreisrat",
    "Staatssekretärin",
    "Staatssekretär",
    "Ministerin",
    "Minister",
    "Amtsdirektorin",
    "Amtsdirektor",
    "Dezernentin",
    "Dezernent",
    "Referatsleiterin",
    "Referatsleiter",
    "Geschäftsführerin",
    "Geschäftsführer",
    "Vorstandsvorsitzende",
    "Vorstandsvorsitzender",
    "Vorsitzende",
    "Vorsitzender",
    "Präsidentin",
    "Präsident",
    "Projektleiterin",
    "Projektleiter",
    "Leiterin",
    "Leiter",
)
"""Job titles a page writes before an organisation or a name (longest first where one starts another)."""
_HOST_CUES = ("begleitvorhaben", "projekt", "verbundvorhaben", "vorhaben")
PROJECT_STYLE = re.compile(r"^[\w²³*\-]*([A-Z].*[A-Z0-9²]|[0-9])[\w²³*\-]*$")
"""An acronym-like project name: KomKomIn, LAZIKN2030, SynVer*Z, IN²"""
_ORG_WORDS = re.compile(
    r"\b(Institut|Universität|Hochschule|Stadt|Gemeinde|Landkreis|Kreis|Verein|e\.\s?V\.|GmbH|gGmbH|Stiftung|"
    r"Bundes\w*|Ministerium|Amt|Verband|Netzwerk|Zentrum|Akademie|Agentur|Genossenschaft|eG|Region|AG)\b"
)


@dataclass
class Appearance:
    """One performer of one item (or of the event), resolved."""

    performer_kind: str
    """person, organisation or project"""
    performer: Match
    role: str
    line: int
    stated_as: str
    affiliations: list[Match] = field(default_factory=list)
    project: Match | None = None
    job_title: str | None = None
    honorific: str | None = None
    person_name: str | None = None
    id: str | None = None
    notes: list[str] = field(default_factory=list)
    """questions for the curator, written as comments beside the appearance"""


def looks_like_person(text: str) -> bool:
    words = text.split()
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() and not (len(w) > 1 and w.isupper()) for w in words)
        and not any(c.isdigit() for c in text)
        and not _ORG_WORDS.search(text)
    )


def looks_like_organisation(text: str) -> bool:
    """``TU Dortmund``, ``Stadt Musterstadt``, ``Beispiel-Institut e.V.``: an organisation's word or an acronym first."""
    first = text.split()[0] if text.split() else ""
    return bool(_ORG_WORDS.search(text)) or (len(text.split()) > 1 and len(first) > 1 and first.isupper())


def looks_like_project(text: str, names: Names) -> bool:
    """A known project, or one word written like an acronym (KomKomIn, IN², SynVer*Z, lebensWert)."""
    text = text.strip()
    return names.is_known("project", text) or (
        " " not in text and (bool(PROJECT_STYLE.match(text)) or bool(re.search(r"[a-zäöü][A-ZÄÖÜ]", text)))
    )


def job_prefix(text: str) -> tuple[str | None, str]:
    """``Landrat Landkreis Nienburg`` → ("Landrat", "Landkreis Nienburg")."""
    for title in JOB_TITLES:
        if text.startswith(title + " "):
            return title, text[len(title) :].strip()
    return None, text


class People:
    """Reads performer lines, and collects what the page says of each person."""

    def __init__(self, names: Names) -> None:
        self.names = names
        self.facts: dict[str, dict[str, Any]] = {}
        """person IRI → what the page says of the person: name, honorific, affiliations, job title"""

    def read(
        self, pl: PerformerLine, item_project: Match | None = None, *, cut_off: list[str] | None = None
    ) -> list[Appearance] | None:
        """The appearances of a performer line, or None if it is not one.

        ``cut_off`` (for the page's last line) holds the known entities a truncated last part
        could be the beginning of: that part is left out, not completed.
        """
        body = pl.body.strip()
        notes: list[str] = []
        if cut_off is not None:
            head, sep, tail = body.rpartition(", ")
            if sep:
                body = head
                could_be = " or ".join(c[len(BASE) :] for c in cut_off)
                notes.append(
                    f"the page is cut short in '{tail}' (could be {could_be}): left out, not completed"
                )
            else:
                return None
        names_part, sep, rest = body.partition(", ")
        if not sep:
            return self._without_affiliation(body, pl, notes)
        project = None
        for group in reversed(re.findall(r"\(([^()]+)\)", rest)):
            candidate = group.strip()
            if self.names.is_known("organisation", candidate):
                break
            if self.names.is_known("project", candidate) or PROJECT_STYLE.match(candidate):
                project = self.names.resolve("project", candidate, pl.n)
                rest = rest[: rest.rfind("(" + group + ")")].strip()
            break
        if project is None:
            project = item_project  # a talk's speakers stand for the talk's project
        job_title = None
        parts = [rest]
        if pl.three_parts or (rest.count(", ") >= 1 and not self.names.is_known("organisation", rest)):
            first, _, remainder = rest.partition(", ")
            if (
                remainder
                and (pl.three_parts or not _ORG_WORDS.search(first))
                and not self.names.is_known("organisation", first)
            ):
                job_title, parts = first, [remainder]
        affiliations: list[Match] = []
        for part in self._organisations(parts):
            org_text = part
            if not self.names.is_known("organisation", part):
                title, org_text = job_prefix(part)
                job_title = job_title or title
            affiliations.append(self.names.resolve("organisation", org_text, pl.n))
        return self._people(names_part, pl, affiliations, project, job_title, notes)

    def _organisations(self, parts: list[str]) -> list[str]:
        out = []
        for part in parts:
            if self.names.is_known("organisation", part):
                out.append(part)
                continue
            pieces = [p.strip() for p in re.split(r"\s*;\s*", part) if p.strip()]
            for piece in pieces:
                slashed = [p.strip() for p in piece.split(" / ")]
                # "A-Institut / Stadt B" are two; "Hochschule Hildesheim / Holzminden / Göttingen" one
                if len(slashed) > 1 and all(
                    len(p.split()) > 1 or looks_like_organisation(p) or self.names.is_known("organisation", p)
                    for p in slashed
                ):
                    out += slashed
                else:
                    out.append(piece)
        return out

    def _without_affiliation(self, body: str, pl: PerformerLine, notes: list[str]) -> list[Appearance] | None:
        """A project or organisation hosting the item, or names alone (``Thomas Eble und Peter Dehne``)."""
        host_role = "host" if pl.role == "speaker" else pl.role
        cue = body.split()[0].lower() in _HOST_CUES
        if (
            cue
            or self.names.is_known("project", body)
            or (
                not self.names.is_known("organisation", body)
                and looks_like_project(body.split()[-1], self.names)
                and not looks_like_person(body)
                and not self._all_people(body)
            )
        ):
            m = self.names.resolve("project", body, pl.n)
            return [Appearance("project", m, host_role, pl.n, pl.stated_as, notes=notes)]
        if self.names.is_known("organisation", body):
            m = self.names.resolve("organisation", body, pl.n)
            return [Appearance("organisation", m, host_role, pl.n, pl.stated_as, notes=notes)]
        if self._all_people(body):
            return self._people(body, pl, [], None, None, notes)
        if looks_like_organisation(body):
            m = self.names.resolve("organisation", body, pl.n)
            return [Appearance("organisation", m, host_role, pl.n, pl.stated_as, notes=notes)]
        return None

    def _all_people(self, names_part: str) -> bool:
        parts = [p for p in re.split(r"\s+(?:und|&)\s+|,\s+", names_part) if p.strip()]
        return bool(parts) and all(looks_like_person(self._bare(p)[2]) for p in parts)

    @staticmethod
    def _bare(name: str) -> tuple[str | None, str | None, str]:
        """(job title, honorific, name) of ``Oberbürgermeister Dr. Erika Musterfrau``."""
        job, name = job_prefix(name.strip())
        tm = TITLES.match(name)
        honorific = tm.group(0).strip() if tm else None
        return job, honorific, (name[tm.end() :].strip() if tm else name)

    def _people(
        self,
        names_part: str,
        pl: PerformerLine,
        affiliations: list[Match],
        project: Match | None,
        job_title: str | None,
        notes: list[str],
    ) -> list[Appearance] | None:
        out = []
        for name in re.split(r"\s+(?:und|&)\s+", names_part):
            if not name.strip():
                continue
            job, honorific, bare = self._bare(name)
            if not looks_like_person(bare):
                return None
            person = self.names.resolve("person", bare, pl.n)
            job = job or job_title
            a = Appearance(
                "person",
                person,
                pl.role,
                pl.n,
                pl.stated_as,
                affiliations,
                project,
                job,
                honorific,
                person.text,
                notes=notes,
            )
            out.append(a)
            facts = self.facts.setdefault(person.iri, {"text": person.text, "affiliations": []})
            facts.setdefault("honorific", honorific)
            if job:
                facts.setdefault("job_title", job)
            for x in affiliations:
                if x.iri not in facts["affiliations"]:
                    facts["affiliations"].append(x.iri)
        return out or None


__all__ = [
    "JOB_TITLES",
    "Appearance",
    "People",
    "job_prefix",
    "looks_like_organisation",
    "looks_like_person",
    "looks_like_project",
]

"""What marks synthetic data as synthetic, and the names it gives: every entity under ``synth/``,
every AGS starting with ``99``, every source under ``https://kommunen-kg.example/synthetic/``
(the reserved .example domain: no real source has it), names that say "Synth…"."""

from __future__ import annotations

from kg.vocab import SCHEMA

SYNTH_PREFIX = "synth/"
"""Where synthetic entities live, relative to the base namespace."""
SYNTH_SOURCE = "https://kommunen-kg.example/synthetic"
"""What every synthetic source graph names as its source."""
SYNTH_AGS_PREFIX = "99"
"""First two digits of every synthetic AGS: no German Land has the number 99."""
RETRIEVED_ON = "2000-01-01"
"""A fixed date for ``kgo:retrievedOn`` (today's date would break determinism)."""
FILE_TRIPLES = 25_000
"""Roughly how many statements one synthetic source file holds."""


GIVEN_NAMES = [
    "Anna",
    "Bernd",
    "Clara",
    "Dieter",
    "Elena",
    "Felix",
    "Greta",
    "Hans",
    "Ida",
    "Jonas",
    "Karin",
    "Lukas",
    "Maria",
    "Niklas",
    "Olga",
    "Paul",
    "Renate",
    "Stefan",
    "Tanja",
    "Uwe",
    "Vera",
    "Wolfgang",
    "Yvonne",
    "Zoe",
    "Birgit",
    "Jan",
    "Lilian",
    "Thomas",
    "Anita",
    "Stephanie",
    "Markus",
    "Sabine",
    "Jürgen",
    "Petra",
    "Florian",
    "Heike",
    "Tobias",
    "Ute",
    "Martin",
    "Julia",
]
FAMILY_NAMES = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Krause",
    "Meier",
    "Lehmann",
    "Köhler",
    "Herrmann",
    "Walter",
    "König",
    "Mayer",
    "Huber",
    "Kaiser",
    "Fuchs",
    "Peters",
    "Lang",
    "Scholz",
    "Jung",
]
ORG_FORMS = (
    (SCHEMA.ResearchOrganization, "Synth-Institut für Stadtforschung"),
    (SCHEMA.NGO, "Synth-Bürgerverein"),
    (SCHEMA.GovernmentOrganization, "Synth-Gemeindeverwaltung"),
)
TITLES = ("Dr.", "Prof. Dr.")
JOBS = ("Bürgermeister:in", "Projektleitung", "Referent:in")


def person_name(i: int) -> tuple[str, str, str]:
    """Distinct names for every index: given × family × (no initial | A.–Z.) × a running number."""
    given = GIVEN_NAMES[i % len(GIVEN_NAMES)]
    family = FAMILY_NAMES[(i // len(GIVEN_NAMES)) % len(FAMILY_NAMES)]
    block = i // (len(GIVEN_NAMES) * len(FAMILY_NAMES))
    middle = "" if block % 27 == 0 else f" {chr(ord('A') + block % 27 - 1)}."
    suffix = f" {block // 27 + 1}" if block >= 27 else ""
    return f"{given}{middle} {family}{suffix}", given, family

"""Writing the extraction as curator-format YAML that builds as it is.

Everything the page states becomes a key; everything the extractor is unsure of becomes a
comment marked ``# AMBIGUOUS:`` (:data:`~kg.curate.extract.report.QUESTION`) beside a value the
build accepts (a new id of its own, the kind ``unknown``), never a fact nobody has seen.
"""

from __future__ import annotations

import json
from typing import Any

from kg.curate.extract.kinds import label_hits
from kg.curate.extract.matching import Known, Match, Names
from kg.curate.extract.page import Item
from kg.curate.extract.people import Appearance
from kg.curate.extract.report import QUESTION
from kg.pipeline.checks import normalise_name
from kg.vocab import BASE


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def question(text: str) -> str:
    return f"  {QUESTION} {text}"


def ambiguity(m: Match) -> str:
    if m.status != "ambiguous":
        return ""
    return question("could be " + " or ".join(c[len(BASE) :] for c in m.candidates) + "; decide")


def item_yaml(it: Item, pad: str, partner_types: list[tuple[str, str]], day_of: dict[int, str]) -> list[str]:
    out = [
        f"{pad}- id: {it.id}" + (question(it.same_slot_note) if it.same_slot_note else ""),
        f"{pad}  title: {q(it.title)}",
    ]
    kind = it.kind or "unknown"
    if kind == "unknown":
        out.append(
            f"{pad}  kind: unknown"
            + question("the page does not say what kind of item this is: give its kind")
        )
    else:
        out.append(f"{pad}  kind: {kind}" + (question(it.kind_note) if it.kind_note else ""))
    if it.time:
        if it.day and it.day in day_of:
            out.append(f"{pad}  day: {day_of[it.day]}")
        out.append(f"{pad}  time: {q(it.time)}" + (question(it.time_note) if it.time_note else ""))
    if it.end:
        out.append(f"{pad}  end: {q(it.end)}")
        if it.end_derived:
            out.append(f"{pad}  end-derived: true")
    if it.order is not None:
        out.append(f"{pad}  order: {it.order}  # its place in the graph's programme")
    if it.optional:
        out.append(f"{pad}  optional: true")
    if it.project is not None:
        out.append(f"{pad}  about: {it.project.iri.rsplit('/', 1)[1]}{ambiguity(it.project)}")
    hits = label_hits(it.title, partner_types)
    if hits:
        out.append(f"{pad}  partner-type: [{', '.join(h.rsplit('/', 1)[1] for h in hits)}]")
    if it.spelling:
        out.append(f"{pad}  spellings: [{q(it.spelling)}]")
    out.append(f"{pad}  stated-as: {q(it.stated_as)}")
    if it.appearances:
        out.append(f"{pad}  appearances:")
        for a in it.appearances:
            out += appearance_yaml(a, pad + "    ")
    if it.items:
        out.append(f"{pad}  items:")
        for sub in it.items:
            out += item_yaml(sub, pad + "    ", partner_types, day_of)
    return out


def appearance_yaml(a: Appearance, pad: str) -> list[str]:
    rel = a.performer.iri[len(BASE) :]
    out = [f"{pad}# {QUESTION[2:]} {note}" for note in a.notes]
    out += [f"{pad}- id: {a.id}"] if a.id else []
    first = "  " if a.id else "- "
    if a.performer_kind == "person":
        out.append(f"{pad}{first}person: {rel.split('/', 1)[1]}{ambiguity(a.performer)}")
    else:
        out.append(f"{pad}{first}performer: {rel}{ambiguity(a.performer)}")
    out.append(f"{pad}  role: {a.role}")
    if a.affiliations:
        ids = ", ".join(m.iri.rsplit("/", 1)[1] for m in a.affiliations)
        out.append(f"{pad}  affiliation: [{ids}]" + "".join(ambiguity(m) for m in a.affiliations))
    if a.job_title:
        out.append(f"{pad}  job-title: {q(a.job_title)}")
    if a.project is not None:
        out.append(f"{pad}  project: {a.project.iri.rsplit('/', 1)[1]}{ambiguity(a.project)}")
    out.append(f"{pad}  stated-as: {q(a.stated_as)}")
    return out


def entities_yaml(people: dict[str, dict[str, Any]], names: Names, known: Known) -> list[str]:
    """What the page says of its people (all of them), and the new organisations and projects.

    A person the graph knows gets ``existing: true``; the page's form of the name becomes
    ``name`` (with given and family name) only where it is the graph's name exactly, otherwise a
    spelling (``Andi Grabner`` for ``Andy Grabner``), so the union keeps one name per person.
    """
    sections: dict[str, list[str]] = {"people": [], "organisations": [], "projects": []}
    for iri, facts in people.items():
        m = names.seen[("person", normalise_name(facts["text"]))]
        name = known.mend(facts["text"])
        ident = iri.rsplit("/", 1)[1]
        *given, family = name.split()
        if m.status == "matched":
            entry = [f"  - id: {ident}", "    existing: true"]
            if name in known.primary.get(iri, set()):
                entry += [f"    name: {q(name)}", f"    given-name: {q(' '.join(given))}"]
            else:
                entry.append(f"    spellings: [{q(name)}]")
        else:
            note = "  # new" if m.status == "new" else ambiguity(m)
            entry = [
                f"  - id: {ident}{note}",
                f"    name: {q(name)}",
                f"    given-name: {q(' '.join(given))}",
            ]
        entry.append(f"    family-name: {q(family)}")
        honorific, theirs = facts.get("honorific"), known.honorifics.get(iri, set())
        if honorific and theirs and honorific not in theirs:
            # one title per person: the graph's stays, the page's is noted
            entry.append(f"    # the page writes {honorific}, the graph {' / '.join(sorted(theirs))}")
        elif honorific:
            entry.append(f"    honorific-prefix: {q(honorific)}")
        if facts.get("job_title"):
            entry.append(f"    job-title: {q(facts['job_title'])}")
        if facts["affiliations"]:
            entry.append(
                f"    affiliation: [{', '.join(a.rsplit('/', 1)[1] for a in facts['affiliations'])}]"
            )
        sections["people"] += entry
    for iri, m in names.new_entities.items():
        note = "  # new" if m.status == "new" else ambiguity(m)
        ident = iri.rsplit("/", 1)[1]
        if m.kind == "organisation":
            sections["organisations"] += [f"  - id: {ident}{note}", f"    name: {q(known.mend(m.text))}"]
        elif m.kind == "project":
            sections["projects"] += [f"  - id: {ident}{note}", f"    name: {q(known.mend(m.text))}"]
    out: list[str] = []
    for section, lines in sections.items():
        if lines:
            out += [f"{section}:", *lines]
    return out


__all__ = ["ambiguity", "appearance_yaml", "entities_yaml", "item_yaml", "q", "question"]

"""The event-page extractor: a programme page as text → curator-format YAML for review.

A programme page of "Kommunen innovativ" lists times and titles (``- 10:00 Begrüßung**``),
people as ``» Name, Organisation (Project)``, project talks as ``» **PROJECT: title**``,
panels after ``Diskussionsrunde mit``, optional items, the end and a ``Moderation:`` block.
:func:`extract_event` reads such a page, matches every name, organisation and project against
the entities already in the built graph (across spelling variants, academic titles and
hyphenation artefacts, via :func:`kg.validate.normalise_name`), and writes the YAML a curator
reviews and saves under ``data/curated/``. Every match is reported as matched, new or ambiguous;
an ambiguous one is never merged: it gets a new id and a comment naming the candidates. Lines the
extractor cannot read are reported with their number, never dropped.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kg.errors import KGError
from kg.pipeline.checks import normalise_name
from kg.sources.curator import child
from kg.vocab import BASE, mint, slugify

if TYPE_CHECKING:
    from kg.sparql.store import KnowledgeGraph

Status = Literal["matched", "new", "ambiguous"]
KINDS = {"person": "person", "organisation": "organization", "project": "project"}
"""Report kind → IRI kind."""

MONTHS = {
    m: i
    for i, m in enumerate(
        (
            "januar",
            "februar",
            "märz",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "dezember",
        ),
        start=1,
    )
}
_DATE_LINE = re.compile(r"^(?:\w+,\s*)?(\d{1,2})\.\s*([A-Za-zäöüÄÖÜ]+)\s+(\d{4})$")
_ITEM = re.compile(r"^-?\s*(\d{1,2})[:.](\d{2})(?:\s*Uhr)?\s+(.+)$")
_SUBITEM = re.compile(r"^-?\s*»\s*\*\*(.+?)\*\*\s*$")
_PERFORMER = re.compile(r"^-?\s*»\s*(.+)$")
_TITLES = re.compile(r"^((?:Prof\.|Dr\.(?:-Ing\.)?|PD|Dipl\.-[\wäöü]+\.?|apl\.)\s*)+")
_JOB_TITLES = (
    "Oberbürgermeisterin",
    "Oberbürgermeister",
    "Bürgermeisterin",
    "Bürgermeister",
    "Landrätin",
    "Landrat",
    "Geschäftsführerin",
    "Geschäftsführer",
    "Vorsitzende",
    "Vorsitzender",
    "Projektleiterin",
    "Projektleiter",
    "Leiterin",
    "Leiter",
)
_PROJECT_STYLE = re.compile(r"^[\w²³\-]*([A-Z].*[A-Z0-9²]|[0-9])[\w²³\-]*$")
_MARKUP = re.compile(r"<[^>]+>|&nbsp;|&#\d+;")


@dataclass
class Match:
    """How one name on the page was resolved against the graph."""

    kind: str
    """person, organisation, project or item"""
    text: str
    """as the page writes it"""
    line: int
    status: Status
    iri: str
    """the entity the YAML uses: the matched one, or a new IRI"""
    candidates: list[str] = field(default_factory=list)
    """for ambiguous matches: the entities it could be"""

    def __str__(self) -> str:
        rel = self.iri[len(BASE) :]
        out = f"line {self.line:>3}  {self.status:<9}  {self.kind:<12}  {self.text}  →  {rel}"
        if self.candidates:
            out += "  (could be " + ", ".join(c[len(BASE) :] for c in self.candidates) + ")"
        return out


@dataclass
class Extraction:
    """What :func:`extract_event` read from one page."""

    yaml: str
    """curator-format YAML, ready for review"""
    matches: list[Match]
    unparsed: list[tuple[int, str]]
    """lines the extractor could not read: (line number, text)"""
    ignored: list[tuple[int, str]] = field(default_factory=list)
    """lines that held only markup: (line number, text)"""
    event: str = ""

    def report(self) -> str:
        """The match report a curator reads before saving the YAML."""
        counts: dict[str, int] = defaultdict(int)
        for m in self.matches:
            counts[m.status] += 1
        head = (
            f"{counts['matched']} matched, {counts['new']} new, {counts['ambiguous']} ambiguous; "
            f"{len(self.unparsed)} unparsed line(s), {len(self.ignored)} markup-only line(s)"
        )
        lines = [head, *(str(m) for m in self.matches)]
        lines += [f"line {n:>3}  unparsed   {text}" for n, text in self.unparsed]
        lines += [f"line {n:>3}  ignored    {text} (markup only)" for n, text in self.ignored]
        return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- the graph's entities


@dataclass
class _Index:
    """Every name of every entity in the graph, normalised, by kind."""

    names: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )
    labels: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    primary: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """entity IRI → its schema:name(s), exactly as written"""
    events: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    """event IRI → (start date-time, url)"""
    items: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    """event IRI → normalised item title → item IRI"""
    concepts: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    """scheme → [(concept IRI, German label)]"""

    def lookup(self, kind: str, text: str) -> tuple[Status, str | None, list[str]]:
        key = normalise_name(text)
        exact = set(self.names[kind].get(key, set()))
        if not exact:
            # "Name (ACRONYM)": the name alone, then the acronym alone
            m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text.strip())
            if m:
                for variant in m.groups():
                    exact |= self.names[kind].get(normalise_name(variant), set())
        if len(exact) == 1:
            return "matched", next(iter(exact)), []
        if len(exact) > 1:
            return "ambiguous", None, sorted(exact)
        close = difflib.get_close_matches(key, list(self.names[kind]), n=5, cutoff=0.88)
        found = sorted({iri for c in close for iri in self.names[kind][c]})
        if found:
            return "ambiguous", None, found
        return "new", None, []


def _index(graph: KnowledgeGraph | None) -> _Index:
    index = _Index()
    if graph is None:
        return index
    rows = graph.query(
        """SELECT DISTINCT ?s ?kind ?p ?name WHERE {
          { ?s a schema:Person . BIND("person" AS ?kind) }
          UNION { ?s a schema:ResearchProject . BIND("project" AS ?kind) }
          UNION { ?s a schema:Organization . FILTER NOT EXISTS { ?s a schema:ResearchProject }
                  FILTER NOT EXISTS { ?s a schema:FundingScheme } BIND("organisation" AS ?kind) }
          ?s ?p ?name .
          VALUES ?p { schema:name schema:alternateName skos:altLabel schema:legalName kgo:fullTitle }
        }"""
    ).rows
    for s, kind, p, name in rows:
        index.names[str(kind)][normalise_name(str(name))].add(str(s))
        if str(p) == "https://schema.org/name":
            index.primary[str(s)].add(str(name))
    for s, start, url in graph.query(
        "SELECT DISTINCT ?e ?start ?url WHERE { ?e a schema:Event ; schema:startDate ?start . "
        "FILTER NOT EXISTS { ?e a kgo:ProgrammeItem } OPTIONAL { ?e schema:url ?url } }"
    ).rows:
        index.events[str(s)] = (str(start), None if url is None else str(url))
    for e, item, name in graph.query(
        "SELECT DISTINCT ?e ?i ?name WHERE { ?i a kgo:ProgrammeItem ; schema:superEvent+ ?e ; "
        "schema:name|skos:altLabel ?name . FILTER NOT EXISTS { ?e a kgo:ProgrammeItem } }"
    ).rows:
        index.items[str(e)][normalise_name(str(name))] = str(item)
    for scheme, c, label in graph.query(
        "SELECT DISTINCT ?scheme ?c ?label WHERE { ?c skos:inScheme ?scheme ; skos:prefLabel|skos:altLabel ?label . "
        'FILTER(LANG(?label) = "de") }'
    ).rows:
        index.concepts[str(scheme)[len(BASE) :]].append((str(c), str(label)))
    return index


# ---------------------------------------------------------------- reading the page


@dataclass
class _Appearance:
    performer_kind: str
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


@dataclass
class _Page:
    date: dt.date | None = None
    heading: str = ""
    heading_line: int = 1
    description: list[str] = field(default_factory=list)


@dataclass
class _Item:
    line: int
    title: str
    stated_as: str
    time: str | None = None
    optional: bool = False
    kind: str | None = None
    project: Match | None = None
    appearances: list[_Appearance] = field(default_factory=list)
    items: list[_Item] = field(default_factory=list)
    panel: bool = False
    id: str = ""
    end: str | None = None


class _Extractor:
    def __init__(self, text: str, index: _Index) -> None:
        self.lines = text.splitlines()
        self.index = index
        self.matches: list[Match] = []
        self.seen: dict[tuple[str, str], Match] = {}
        self.unparsed: list[tuple[int, str]] = []
        self.ignored: list[tuple[int, str]] = []
        self.new_entities: dict[str, dict[str, Any]] = {}
        self.people: dict[str, dict[str, Any]] = {}
        """person IRI → what the page says of the person: honorific, affiliations, job title"""

    # -- matching
    def resolve(self, kind: str, text: str, line: int) -> Match:
        key = (kind, normalise_name(text))
        if key in self.seen:
            return self.seen[key]
        status, iri, candidates = self.index.lookup(kind, text)
        if iri is None:
            iri = mint(KINDS[kind], _entity_slug(text))
        match = Match(kind, text, line, status, iri, candidates)
        self.seen[key] = match
        self.matches.append(match)
        if status != "matched":
            self.new_entities[iri] = {"kind": kind, "text": text, "match": match}
        return match

    def is_known(self, kind: str, text: str) -> bool:
        return self.index.lookup(kind, text)[0] == "matched"

    # -- lines
    def clean(self, n: int, raw: str) -> str:
        text = _MARKUP.sub("", raw)
        text = html.unescape(text).strip()
        if raw.strip() and not re.search(r"\w", text):
            self.ignored.append((n, raw.strip()))
            return ""
        if not re.search(r"\w", text):
            return ""
        return text

    def parse(self) -> tuple[_Page, list[_Item], list[_Appearance]]:
        page = _Page()
        items: list[_Item] = []
        moderation: list[_Appearance] = []
        state = "head"
        current: _Item | None = None
        target: _Item | None = None
        block: _Item | None = None
        for n, raw in enumerate(self.lines, start=1):
            text = self.clean(n, raw)
            if not text:
                continue
            plain = text.replace("**", "").strip()
            if state == "head":
                m = _DATE_LINE.match(plain)
                if m and page.date is None and m.group(2).lower() in MONTHS:
                    page.date = dt.date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
                    continue
                if plain.rstrip(":").lower() in ("programm", "programmablauf", "ablauf"):
                    state = "programme"
                    continue
                if not page.heading:
                    page.heading = plain
                    page.heading_line = n
                else:
                    page.description.append(plain)
                continue
            mod = re.match(r"^-?\s*Moderation\s*:?\s*(.*)$", plain, re.I)
            if mod:
                # after the end (or before any item) it moderates the event, else the item above it
                ended = not items or items[-1].title.lower().startswith("ende")
                state, target = "moderation", (None if ended else current)
                if mod.group(1):
                    self.moderators(mod.group(1), text, n, target, moderation)
                continue
            if state == "moderation" and not _ITEM.match(text):
                if _PERFORMER.match(text) or _looks_like_person(text.split(",")[0]):
                    self.moderators(text, text, n, target, moderation)
                else:
                    self.unparsed.append((n, raw.strip()))
                continue
            state = "programme"
            item_m = _ITEM.match(text)
            if item_m:
                hh, mm, rest = item_m.groups()
                title = rest.replace("**", "").strip()
                optional = False
                om = re.search(r"\s*\((optional)\)\s*$", title, re.I)
                if om:
                    optional = True
                    title = title[: om.start()].strip()
                current = _Item(n, title, text.strip(), time=f"{int(hh)}:{mm}", optional=optional)
                items.append(current)
                block = current
                continue
            sub = _SUBITEM.match(text)
            if sub and block is not None:
                body = sub.group(1).strip()
                proj_text, sep, title = body.partition(": ")
                project = None
                if sep and _looks_like_project(proj_text, self):
                    project = self.resolve("project", proj_text, n)
                else:
                    title = body
                current = _Item(n, title.strip(), text.strip(), project=project, kind="project-talk")
                block.items.append(current)
                continue
            if current is None:
                self.unparsed.append((n, raw.strip()))
                continue
            if re.match(r"^(diskussionsrunde|podiumsdiskussion|podium)\s+mit:?$", plain, re.I):
                current.panel = True
                current.kind = "panel-discussion"
                continue
            perf = _PERFORMER.match(text)
            body = (perf.group(1) if perf else text).replace("**", "").strip()
            role = "panellist" if current.panel else "speaker"
            found = self.performers(body, n, role, _strip_dash(text), item=current)
            if found:
                current.appearances.extend(found)
            else:
                self.unparsed.append((n, raw.strip()))
        return page, items, moderation

    def moderators(
        self, body: str, text: str, n: int, target: _Item | None, event_level: list[_Appearance]
    ) -> None:
        """``Moderation: » Name, Organisation``: of the event, or of the item ``target``."""
        m = _PERFORMER.match(body)
        body = (m.group(1) if m else body).replace("**", "").strip()
        stated = _strip_dash(text)
        if not stated.lower().startswith("moderation"):
            stated = "Moderation: " + stated
        found = self.performers(body, n, "moderator", stated)
        if not found:
            self.unparsed.append((n, text.strip()))
        for a in found:
            a.id = f"moderation-{a.performer.iri.rsplit('/', 1)[1]}"
            (event_level if target is None else target.appearances).append(a)

    def performers(
        self, body: str, n: int, role: str, stated: str, item: _Item | None = None
    ) -> list[_Appearance]:
        """``Dr. A und B, Organisation (Project)`` → one appearance per person."""
        names_part, sep, rest = body.partition(", ")
        if not sep:
            # no affiliation: a project or organisation hosting the item, or a bare name
            cue = body.split()[0].lower() in ("begleitvorhaben", "projekt", "verbundvorhaben", "vorhaben")
            if (
                cue
                or self.is_known("project", body)
                or (
                    not self.is_known("organisation", body)
                    and _looks_like_project(body.split()[-1], self)
                    and not _looks_like_person(body)
                )
            ):
                m = self.resolve("project", body, n)
                return [_Appearance("project", m, "host" if role == "speaker" else role, n, stated)]
            if self.is_known("organisation", body):
                m = self.resolve("organisation", body, n)
                return [_Appearance("organisation", m, "host" if role == "speaker" else role, n, stated)]
            if _looks_like_person(body):
                names_part, rest = body, ""
            else:
                return []
        project = None
        for group in reversed(re.findall(r"\(([^()]+)\)", rest)):
            candidate = group.strip()
            if self.is_known("organisation", candidate):
                break
            if self.is_known("project", candidate) or _PROJECT_STYLE.match(candidate):
                project = self.resolve("project", candidate, n)
                rest = rest[: rest.rfind("(" + group + ")")].strip()
            break
        if project is None and item is not None and item.project is not None:
            project = item.project  # a talk's speakers stand for the talk's project
        job_title = None
        affiliations: list[Match] = []
        for part in [p.strip() for p in re.split(r"\s*(?:;|\s/\s)\s*", rest) if p.strip()]:
            org_text = part
            if not self.is_known("organisation", part):
                for title in _JOB_TITLES:
                    if part.startswith(title + " "):
                        job_title, org_text = title, part[len(title) :].strip()
                        break
            affiliations.append(self.resolve("organisation", org_text, n))
        out = []
        for name in re.split(r"\s+(?:und|&)\s+", names_part):
            name = name.strip()
            if not name:
                continue
            tm = _TITLES.match(name)
            honorific = tm.group(0).strip() if tm else None
            bare = name[tm.end() :].strip() if tm else name
            if not _looks_like_person(bare):
                return []
            person = self.resolve("person", bare, n)
            a = _Appearance(
                "person", person, role, n, stated, affiliations, project, job_title, honorific, bare
            )
            out.append(a)
            facts = self.people.setdefault(person.iri, {"text": bare, "affiliations": []})
            facts.setdefault("honorific", honorific)
            if job_title:
                facts.setdefault("job_title", job_title)
            for x in affiliations:
                if x.iri not in facts["affiliations"]:
                    facts["affiliations"].append(x.iri)
        return out


def _strip_dash(text: str) -> str:
    return re.sub(r"^-\s+", "", text.strip())


def _looks_like_person(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not any(c.isdigit() for c in text)


def _looks_like_project(text: str, ex: _Extractor) -> bool:
    return ex.is_known("project", text) or bool(_PROJECT_STYLE.match(text.strip()))


def _entity_slug(text: str) -> str:
    tm = _TITLES.match(text)
    return slugify(text[tm.end() :] if tm else text)


def _label_hits(title: str, labels: list[tuple[str, str]]) -> list[str]:
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


def _kind_of(item: _Item, index: _Index) -> str | None:
    if item.kind:
        return item.kind
    if item.items:
        return "programme-block"
    words = normalise_name(item.title).split()
    for iri, label in index.concepts.get("concept/item-kind", []):
        lw = normalise_name(label).split()
        if lw and words[: len(lw)] == lw:
            return iri.rsplit("/", 1)[1]
    return None


# ---------------------------------------------------------------- writing YAML


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def extract_event(
    path: str | Path,
    graph: KnowledgeGraph | None = None,
    *,
    event_id: str | None = None,
    source: str | None = None,
) -> Extraction:
    """Read a programme page and write curator-format YAML, matching entities against ``graph``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise KGError(f"cannot read {path}: {err.strerror}") from None
    index = _index(graph)
    ex = _Extractor(text, index)
    page, items, moderation = ex.parse()
    if page.date is None:
        raise KGError(f"{path}: no date line such as 'Dienstag, 24. November 2020' before the programme")
    if not items:
        raise KGError(f"{path}: no programme item such as '- 10:00 Begrüßung' after the line 'Programm'")
    day = page.date
    heading, heading_line = page.heading, page.heading_line

    # the event: the graph's event of that day, or a new one
    same_day = sorted(e for e, (start, _) in index.events.items() if start.startswith(day.isoformat()))
    existing = None
    if event_id:
        existing = mint("event", event_id) if mint("event", event_id) in index.events else None
    elif len(same_day) == 1:
        existing = same_day[0]
    event = existing or mint("event", event_id or f"{day.isoformat()}-{' '.join(heading.split()[:4])}")
    event_ident = event[len(BASE + "event/") :]
    if existing:
        ex.matches.append(Match("event", heading, heading_line, "matched", event))
    else:
        # another event on the same day is not merged: the curator decides (or passes --event-id)
        status: Status = "ambiguous" if same_day else "new"
        ex.matches.append(Match("event", heading, heading_line, status, event, list(same_day)))

    known_items = index.items.get(event, {})
    partner_types = index.concepts.get("concept/partner-type", [])
    order_of_times = [it for it in items if it.time]
    for i, it in enumerate(items):
        nxt = order_of_times[i + 1].time if i + 1 < len(order_of_times) else None
        it.kind = _kind_of(it, index)
        if it.kind != "end":
            it.end = nxt
        it.id = _item_id(it, None, known_items, event)
        for sub in it.items:
            sub.id = _item_id(sub, it, known_items, event)
        for x in [it, *it.items]:
            key = normalise_name(x.title)
            item_status: Status = "matched" if key in known_items else "new"
            ex.matches.append(Match("item", x.title, x.line, item_status, child(event, "item", x.id)))

    out: list[str] = []
    address = source or (index.events.get(event, ("", None))[1] if existing else None)
    out.append(
        f"# Extracted by `kg extract` from {path.name}: review every line, then save under data/curated/."
    )
    out.append("source:")
    if address:
        out.append(f"  address: {address}")
    else:
        out.append(f"  address: {_q(path.name)}  # replace by the page's web address")
    out.append(f"  title: {_q(heading)}")
    out.append(f"  retrieved: {dt.date.today().isoformat()}")
    out.append(f"  local-copy: {_q(str(path))}")
    out.append("")
    out.append("events:")
    out.append(f"  - id: {event_ident}")
    if existing:
        out += ["    existing: true", f"    day: {day.isoformat()}"]
    else:
        starts = [it.time for it in items if it.time and not it.optional and it.kind != "end"]
        ends = [it.time for it in items if it.kind == "end" and it.time]
        out.append(f"    name: {_q(heading)}")
        if starts:
            out.append(f"    start: {day.isoformat()}T{_hhmm(starts[0])}")
        if ends:
            out.append(f"    end: {day.isoformat()}T{_hhmm(ends[0])}")
        if page.description:
            out.append(f"    description: {_q(' '.join(page.description))}")
    online = bool(re.search(r"online", text, re.I))
    if online:
        out.append("    online: true")
    if moderation:
        out.append("    appearances:")
        for a in moderation:
            out += _appearance_yaml(a, "      ")
    out.append("    programme:")
    for it in items:
        out += _item_yaml(it, "      ", partner_types)
    new_yaml = _entities_yaml(ex)
    if new_yaml:
        out.append("")
        out += new_yaml
    ex.matches.sort(key=lambda m: (m.line, m.kind))
    return Extraction("\n".join(out) + "\n", ex.matches, ex.unparsed, ex.ignored, event)


def _hhmm(time: str) -> str:
    h, m = time.split(":")
    return f"{int(h):02d}:{m}"


def _item_id(item: _Item, parent: _Item | None, known: dict[str, str], event: str) -> str:
    hit = known.get(normalise_name(item.title))
    prefix = child(event, "item") + "/"
    if hit and hit.startswith(prefix):
        return hit[len(prefix) :]
    time = _hhmm(parent.time if parent and parent.time else item.time or "0:00").replace(":", "")
    if item.project is not None:
        return f"{time}-{item.project.iri.rsplit('/', 1)[1]}"
    words = re.split(r"[:?!]", item.title, maxsplit=1)[0].split()[:5]
    return f"{time}-{slugify(' '.join(words))}"


def _item_yaml(it: _Item, pad: str, partner_types: list[tuple[str, str]]) -> list[str]:
    out = [f"{pad}- id: {it.id}", f"{pad}  title: {_q(it.title)}"]
    if it.kind:
        out.append(f"{pad}  kind: {it.kind}")
    else:
        out.append(
            f"{pad}  kind: project-talk  # guessed: no kind of concept/item-kind fits the title; check it"
        )
    if it.time:
        out.append(f"{pad}  time: {_q(it.time)}")
    if it.end:
        out += [f"{pad}  end: {_q(it.end)}", f"{pad}  end-derived: true"]
    if it.optional:
        out.append(f"{pad}  optional: true")
    if it.project is not None:
        out.append(f"{pad}  about: {it.project.iri.rsplit('/', 1)[1]}")
    hits = _label_hits(it.title, partner_types)
    if hits:
        out.append(f"{pad}  partner-type: [{', '.join(h.rsplit('/', 1)[1] for h in hits)}]")
    out.append(f"{pad}  stated-as: {_q(it.stated_as)}")
    if it.appearances:
        out.append(f"{pad}  appearances:")
        for a in it.appearances:
            out += _appearance_yaml(a, pad + "    ")
    if it.items:
        out.append(f"{pad}  items:")
        for sub in it.items:
            out += _item_yaml(sub, pad + "    ", partner_types)
    return out


def _appearance_yaml(a: _Appearance, pad: str) -> list[str]:
    rel = a.performer.iri[len(BASE) :]
    out = [f"{pad}- id: {a.id}"] if a.id else []
    first = "  " if a.id else "- "
    if a.performer_kind == "person":
        out.append(f"{pad}{first}person: {rel.split('/', 1)[1]}{_ambiguity(a.performer)}")
    else:
        out.append(f"{pad}{first}performer: {rel}{_ambiguity(a.performer)}")
    out.append(f"{pad}  role: {a.role}")
    if a.affiliations:
        ids = ", ".join(m.iri.rsplit("/", 1)[1] for m in a.affiliations)
        out.append(f"{pad}  affiliation: [{ids}]" + "".join(_ambiguity(m) for m in a.affiliations))
    if a.job_title:
        out.append(f"{pad}  job-title: {_q(a.job_title)}")
    if a.project is not None:
        out.append(f"{pad}  project: {a.project.iri.rsplit('/', 1)[1]}{_ambiguity(a.project)}")
    out.append(f"{pad}  stated-as: {_q(a.stated_as)}")
    return out


def _ambiguity(m: Match) -> str:
    if m.status != "ambiguous":
        return ""
    return "  # AMBIGUOUS: could be " + " or ".join(c[len(BASE) :] for c in m.candidates) + "; decide"


def _entities_yaml(ex: _Extractor) -> list[str]:
    """What the page says of its people (all of them), and the new organisations and projects.

    A person the graph knows gets ``existing: true``; the page's form of the name becomes
    ``name`` (with given and family name) only where it is the graph's name exactly, otherwise a
    spelling (``Andi Grabner`` for ``Andy Grabner``), so the union keeps one name per person.
    """
    sections: dict[str, list[str]] = {"people": [], "organisations": [], "projects": []}
    for iri, facts in ex.people.items():
        m = ex.seen[("person", normalise_name(facts["text"]))]
        name = facts["text"]
        ident = iri.rsplit("/", 1)[1]
        *given, family = name.split()
        if m.status == "matched":
            entry = [f"  - id: {ident}", "    existing: true"]
            if name in ex.index.primary.get(iri, set()):
                entry += [f"    name: {_q(name)}", f"    given-name: {_q(' '.join(given))}"]
            else:
                entry.append(f"    spellings: [{_q(name)}]")
        else:
            note = "  # new" if m.status == "new" else _ambiguity(m)
            entry = [
                f"  - id: {ident}{note}",
                f"    name: {_q(name)}",
                f"    given-name: {_q(' '.join(given))}",
            ]
        entry.append(f"    family-name: {_q(family)}")
        if facts.get("honorific"):
            entry.append(f"    honorific-prefix: {_q(facts['honorific'])}")
        if facts.get("job_title"):
            entry.append(f"    job-title: {_q(facts['job_title'])}")
        if facts["affiliations"]:
            entry.append(
                f"    affiliation: [{', '.join(a.rsplit('/', 1)[1] for a in facts['affiliations'])}]"
            )
        sections["people"] += entry
    for iri, e in ex.new_entities.items():
        m = e["match"]
        note = "  # new" if m.status == "new" else _ambiguity(m)
        ident = iri.rsplit("/", 1)[1]
        if m.kind == "organisation":
            sections["organisations"] += [f"  - id: {ident}{note}", f"    name: {_q(m.text)}"]
        elif m.kind == "project":
            sections["projects"] += [f"  - id: {ident}{note}", f"    name: {_q(m.text)}"]
    out: list[str] = []
    for section, lines in sections.items():
        if lines:
            out += [f"{section}:", *lines]
    return out


__all__ = ["Extraction", "Match", "extract_event"]

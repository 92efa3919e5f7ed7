"""The curator's input format: one YAML file per source document, read into RDF by ``kg build``.

A curator writes what one source says as lists of plain entries (events with their programme,
people, organisations, projects, municipalities, participations); this module turns each file
into the quads of its named graph. The format's schema is data: the key tables
:data:`SOURCE_KEYS`, :data:`SECTIONS`, :data:`ITEM_KEYS` and :data:`APPEARANCE_KEYS` (with
:data:`REQUIRED`) list every key a curator may write, the RDF property it becomes and the kind of
value it takes. Every mistake becomes a :class:`~kg.errors.Problem` with file, line and what to
write instead; ``docs/curation.md`` explains the format with a complete example. Tables of
municipalities may also be written as CSV (:func:`read_municipality_table`).

IRIs are minted only through :func:`kg.namespaces.mint`, so ``id: thomas-klie`` in ``people``
is ``…/person/thomas-klie`` exactly as a Turtle file would write ``<person/thomas-klie>``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pyoxigraph as ox
import yaml
from rdflib.namespace import DCTERMS, ORG, RDF, TIME, XSD

from kg.errors import BuildError, Problem
from kg.sources.curator_keys import (
    AGS,
    APPEARANCE_KEYS,
    BOOL,
    DATE,
    DATETIME,
    DECIMAL,
    EVENT_STATUS,
    FUNDING_CURRENCY,
    INT,
    ITEM_KEYS,
    ITEM_REQUIRED,
    KIND_OF_SECTION,
    ORGANISATION_TYPES,
    PERIOD_DATE,
    REF,
    REPEAT,
    REQUIRED,
    SECTIONS,
    SOURCE_KEYS,
    SOURCE_REQUIRED,
    TEXT,
    TEXT_DE,
    TIME_OF_DAY,
    TOP_LEVEL,
    TYPES_OF_SECTION,
    URL,
    Key,
    kgo_term,
    schema_term,
)
from kg.sources.document import SourceDocument, line_and_column, line_starts, read_source_text
from kg.vocab import BASE, mint, slugify, unsafe_iri

TIMEZONE = ZoneInfo("Europe/Berlin")
"""Times in a programme are local times of Germany; the reader adds the UTC offset of that day."""

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_YEAR = re.compile(r"\d{4}")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2})(:\d{2})?(Z|[+-]\d{2}:\d{2})?")
_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def _suggest(word: str, options: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.5)
    return f"did you mean '{close[0]}'? " if close else ""


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class CuratorReader:
    """Reads one curator file; collects every problem instead of stopping at the first."""

    def __init__(self, path: Path, display: str, graph: str, text: str) -> None:
        self.doc = SourceDocument(path=path, display=display, graph=graph, lines=text.split("\n"))
        self.text = text
        self.g = ox.NamedNode(graph)
        self.problems: list[Problem] = []
        self.order = 0

    # -- helpers
    def problem(self, node: yaml.Node | int | None, message: str) -> None:
        line = node if isinstance(node, int) or node is None else _line(node)
        self.problems.append(Problem(self.doc.display, line, message))

    def add(self, s: str, p: str, o: ox.NamedNode | ox.Literal) -> None:
        self.doc.quads.append(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, self.g))

    def define(self, iri: str, node: yaml.Node, types: tuple[str, ...]) -> None:
        self.doc.definitions.setdefault(iri, _line(node))
        self.doc.mentions.setdefault(iri, _line(node))
        for t in types:
            self.add(iri, str(RDF.type), ox.NamedNode(t))

    def mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """The keys of a mapping node with their nodes; duplicate keys are problems."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a mapping of 'key: value' lines")
            return None
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for k, v in node.value:
            key = str(k.value)
            if key in out:
                self.problem(
                    k,
                    f"key '{key}' is given twice in this {what} (first on line {_line(out[key][0])}): keep one",
                )
                continue
            out[key] = (k, v)
        return out

    def check_keys(
        self,
        entry: dict[str, tuple[yaml.Node, yaml.Node]],
        allowed: dict[str, Key] | tuple[str, ...],
        what: str,
    ) -> None:
        names = list(allowed)
        for key, (knode, _) in entry.items():
            if key not in allowed:
                self.problem(
                    knode,
                    f"unknown key '{key}' in {what}: {_suggest(key, names)}valid keys are {', '.join(names)}",
                )

    def require(
        self,
        entry: dict[str, tuple[yaml.Node, yaml.Node]],
        keys: tuple[str, ...],
        node: yaml.Node,
        what: str,
        schema: dict[str, Key],
    ) -> bool:
        ok = True
        for key in keys:
            if key not in entry or _is_null(entry[key][1]):
                example = schema[key].example if key in schema else ""
                self.problem(node, f"{what} has no '{key}': add a line '{key}: {example or '…'}'")
                ok = False
        return ok

    def scalars(self, node: yaml.Node, key: str, spec: Key) -> list[yaml.ScalarNode]:
        """The scalar value(s) of a key, checking list versus single value."""
        if isinstance(node, yaml.SequenceNode):
            if not spec.many:
                self.problem(
                    node, f"'{key}' takes one value, not a list: write '{key}: {spec.example or '…'}'"
                )
                return []
            values = []
            for item in node.value:
                if isinstance(item, yaml.ScalarNode):
                    values.append(item)
                else:
                    self.problem(
                        item, f"each value of '{key}' is a single {spec.value}, such as {spec.example or '…'}"
                    )
            return values
        if isinstance(node, yaml.ScalarNode):
            return [] if _is_null(node) else [node]
        self.problem(
            node, f"'{key}' takes a {spec.value}, not a mapping: write '{key}: {spec.example or '…'}'"
        )
        return []

    # -- values
    def literal(self, node: yaml.ScalarNode, key: str, spec: Key) -> ox.Literal | ox.NamedNode | None:
        raw = str(node.value).strip()
        if spec.value == TEXT:
            return ox.Literal(raw)
        if spec.value == TEXT_DE:
            return ox.Literal(raw, language="de")
        if spec.value == URL:
            if re.match(r"^https?://\S+$", raw):
                unsafe = unsafe_iri(raw)
                if unsafe is None:
                    return ox.NamedNode(raw)
                self.problem(node, f"'{raw}' is not a usable web address: {unsafe}")
                return None
            self.problem(
                node,
                f"'{raw}' is not a web address: write the full address, e.g. {key}: {spec.example or 'https://…'}",
            )
            return None
        if spec.value == DATE:
            return self.date(node, raw, key, allow_partial=False)
        if spec.value == PERIOD_DATE:
            return self.date(node, raw, key, allow_partial=True)
        if spec.value == INT:
            if re.fullmatch(r"[+-]?\d+", raw):
                return ox.Literal(str(int(raw)), datatype=ox.NamedNode(str(XSD.integer)))
            self.problem(node, f"'{raw}' is not a whole number: write e.g. {key}: {spec.example or '3'}")
            return None
        if spec.value == DECIMAL:
            if re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", raw):
                return ox.Literal(raw, datatype=ox.NamedNode(str(XSD.decimal)))
            self.problem(node, f"'{raw}' is not a decimal number: write e.g. {key}: {spec.example or '1.5'}")
            return None
        if spec.value == BOOL:
            low = raw.lower()
            if low in ("true", "yes", "ja"):
                return ox.Literal("true", datatype=ox.NamedNode(str(XSD.boolean)))
            if low in ("false", "no", "nein"):
                return ox.Literal("false", datatype=ox.NamedNode(str(XSD.boolean)))
            self.problem(node, f"'{raw}' is not true or false: write {key}: true")
            return None
        if spec.value == AGS:
            if re.fullmatch(r"\d{8}", raw):
                return ox.Literal(raw)
            self.problem(
                node, f"'{raw}' is not an AGS: write the eight digits in quotes, e.g. {key}: \"08235050\""
            )
            return None
        raise AssertionError(spec.value)

    def date(self, node: yaml.Node, raw: str, key: str, *, allow_partial: bool) -> ox.Literal | None:
        dt_type = None
        if _DATE.fullmatch(raw):
            try:
                dt.date.fromisoformat(raw)
                dt_type = XSD.date
            except ValueError:
                dt_type = None
        elif allow_partial and _YEAR_MONTH.fullmatch(raw):
            dt_type = XSD.gYearMonth
        elif allow_partial and _YEAR.fullmatch(raw):
            dt_type = XSD.gYear
        if dt_type is None:
            forms = "YYYY-MM-DD, YYYY-MM or YYYY" if allow_partial else "YYYY-MM-DD"
            self.problem(node, f"'{raw}' is not a date: write {forms}, e.g. {key}: 2020-11-24")
            return None
        return ox.Literal(raw, datatype=ox.NamedNode(str(dt_type)))

    def datetime(self, node: yaml.Node, raw: str, key: str) -> tuple[ox.Literal, dt.date] | None:
        """A date (whole day) or a local date-time; the UTC offset of Germany is added if missing."""
        if _DATE.fullmatch(raw):
            lit = self.date(node, raw, key, allow_partial=False)
            return (lit, dt.date.fromisoformat(raw)) if lit else None
        m = _DATETIME.fullmatch(raw)
        if m:
            try:
                day = dt.date.fromisoformat(m.group(1))
                hh, mm = (int(x) for x in m.group(2).split(":"))
                ss = int(m.group(3)[1:]) if m.group(3) else 0
                local = dt.datetime(day.year, day.month, day.day, hh, mm, ss)
            except ValueError:
                local = None
            if local is not None:
                return _datetime_literal(local, m.group(4)), day
        self.problem(
            node,
            f"'{raw}' is not a date or date-time: write e.g. {key}: 2020-11-24T10:00 (local time) or {key}: 2020-11-24",
        )
        return None

    def reference(self, node: yaml.ScalarNode, key: str, spec: Key) -> ox.NamedNode | None:
        """A bare id is of the key's first kind; ``kind/id`` names another allowed kind."""
        raw = str(node.value).strip()
        kinds = spec.kinds
        kind, sep, ident = raw.rpartition("/")
        if not sep:
            kind, ident = kinds[0], raw
        elif kind not in kinds:
            self.problem(
                node,
                f"'{key}: {raw}' points to a {kind or '?'}, but '{key}' takes {' or '.join(kinds)}: "
                f"write '{key}: {spec.example or 'an id'}'",
            )
            return None
        if not _is_slug(ident):
            self.problem(
                node,
                f"'{raw}' is not an id: ids are lowercase words with hyphens, such as '{_safe_slug(ident)}'",
            )
            return None
        iri = mint(*kind.split("/"), ident)
        self.doc.mentions.setdefault(iri, _line(node))
        return ox.NamedNode(iri)

    def emit_keys(
        self, subject: str, entry: dict[str, tuple[yaml.Node, yaml.Node]], schema: dict[str, Key]
    ) -> None:
        """Write the statement of every key that maps directly to one property."""
        for key, (_, vnode) in entry.items():
            spec = schema.get(key)
            if spec is None or spec.predicate is None or spec.value in (TIME_OF_DAY, DATETIME):
                continue
            for scalar in self.scalars(vnode, key, spec):
                obj = (
                    self.reference(scalar, key, spec)
                    if spec.value == REF
                    else self.literal(scalar, key, spec)
                )
                if obj is not None:
                    self.add(subject, spec.predicate, obj)

    def entry_id(self, entry: dict[str, tuple[yaml.Node, yaml.Node]], key: str = "id") -> str | None:
        _, vnode = entry[key]
        raw = str(vnode.value).strip()
        if not _is_slug(raw):
            self.problem(
                vnode,
                f"'{raw}' is not an id: ids are lowercase words with hyphens; write '{key}: {_safe_slug(raw)}'",
            )
            return None
        return raw

    # -- the file
    def read(self) -> SourceDocument:
        try:
            root = yaml.compose(self.text)
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            line = line_and_column(self.text, mark.index)[0] if mark else None
            raise BuildError(
                [
                    Problem(
                        self.doc.display,
                        line,
                        f"YAML syntax error: {err.problem or err}; check indentation and quotes",
                    )
                ]
            ) from None
        except yaml.YAMLError as err:  # the reader's own errors: a character YAML refuses
            at = getattr(err, "position", None)
            line = line_and_column(self.text, at)[0] if isinstance(at, int) else None
            what = getattr(err, "character", None)
            char = f"U+{ord(what):04X}" if isinstance(what, str) and len(what) == 1 else "a character"
            raise BuildError(
                [Problem(self.doc.display, line, f"YAML does not allow {char} in a file: remove it")]
            ) from None
        if root is None:
            raise BuildError(
                [
                    Problem(
                        self.doc.display, 1, "the file is empty: start with 'source:' (see docs/curation.md)"
                    )
                ]
            )
        self.count_lines_as_editors_do(root)
        if self.problems:
            raise BuildError(self.problems)
        return self.read_root(root)

    def count_lines_as_editors_do(self, root: yaml.Node) -> None:
        """Give every node the line an editor shows: PyYAML also starts a line at U+0085,
        U+2028 and U+2029, which editors show as text; lines here end at ``\\n`` only. A node
        met twice is an alias (``*name``), which the format does not take: a curator writes each
        entry out, and a file of nested aliases cannot grow into millions of entries."""
        starts = line_starts(self.text)
        seen: set[int] = set()
        stack = [root]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                self.problem(
                    node,
                    "YAML aliases (*name) and anchors (&name) are not part of the format: write the entry out",
                )
                continue
            seen.add(id(node))
            for mark in (node.start_mark, node.end_mark):
                if mark is not None:
                    mark.line = line_and_column(self.text, mark.index, starts)[0] - 1
            if isinstance(node, yaml.SequenceNode):
                stack.extend(reversed(node.value))
            elif isinstance(node, yaml.MappingNode):
                for k, v in reversed(node.value):
                    stack.extend((v, k))

    def read_root(self, root: yaml.Node) -> SourceDocument:
        """Read a composed file (YAML, or a table turned into the same nodes)."""
        top = self.mapping(root, "file")
        if top is None:
            raise BuildError(self.problems)
        self.check_keys(top, TOP_LEVEL, "the file")
        if "source" not in top:
            self.problem(
                1,
                "the file does not say where its statements come from: add 'source:' with address, title and retrieved",
            )
        else:
            self.read_source(top["source"][1])
        for section in SECTIONS:
            if section in top:
                self.read_section(section, top[section][1])
        if self.problems:
            raise BuildError(self.problems)
        return self.doc

    def read_source(self, node: yaml.Node) -> None:
        entry = self.mapping(node, "source")
        if entry is None:
            return
        self.check_keys(entry, SOURCE_KEYS, "source")
        self.require(entry, SOURCE_REQUIRED, node, "source", SOURCE_KEYS)
        graph = self.g.value
        self.define(graph, node, (kgo_term("SourceGraph"),))
        for key, (_, vnode) in entry.items():
            spec = SOURCE_KEYS.get(key)
            if spec is None:
                continue
            for scalar in self.scalars(vnode, key, spec):
                raw = str(scalar.value).strip()
                if key == "address" and not re.match(r"^https?://", raw):
                    obj: ox.Literal | ox.NamedNode | None = ox.Literal(raw)  # a register without an address
                else:
                    obj = self.literal(scalar, key, spec)
                if obj is not None:
                    self.add(graph, str(spec.predicate), obj)

    def read_section(self, section: str, node: yaml.Node) -> None:
        if _is_null(node):
            return
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"'{section}' is a list: start each entry with '- ' on its own line")
            return
        seen: dict[str, int] = {}
        for item in node.value:
            entry = self.mapping(item, f"entry of {section}")
            if entry is None:
                continue
            schema = SECTIONS[section]
            self.check_keys(entry, schema, f"an entry of {section}")
            required = REQUIRED[section]
            if _flag(entry, "existing"):
                required = tuple(k for k in required if k != "name")
            if not self.require(entry, required, item, f"this entry of {section}", schema):
                continue
            key = "id"
            if section == "municipalities":
                if ("ags" in entry) == ("id" in entry):
                    self.problem(
                        item,
                        "a municipality needs either its 'ags' (eight digits in quotes, e.g. ags: \"08235050\") "
                        "or, where no source states the AGS, an 'id' (e.g. id: eschwege), not both",
                    )
                    continue
                key = "ags" if "ags" in entry else "id"
            ident = None
            if key in entry:
                vnode = entry[key][1]
                ident = str(vnode.value).strip()
                if ident in seen:
                    self.problem(
                        vnode,
                        f"duplicate {key} '{ident}' in {section} (first on line {seen[ident]}): "
                        f"merge the two entries or give this one its own {key}",
                    )
                    continue
                seen[ident] = _line(vnode)
            getattr(self, "read_" + section)(item, entry, schema)

    # -- sections
    def read_entity(
        self,
        section: str,
        node: yaml.Node,
        entry: dict[str, tuple[yaml.Node, yaml.Node]],
        schema: dict[str, Key],
    ) -> str | None:
        ident = self.entry_id(entry)
        if ident is None:
            return None
        iri = mint(KIND_OF_SECTION[section], ident)
        if _flag(entry, "existing"):
            # only adds to an entity another file defines: no type here, so a typo stays undefined
            self.doc.mentions.setdefault(iri, _line(node))
        else:
            self.define(iri, node, TYPES_OF_SECTION[section])
        self.emit_keys(iri, entry, schema)
        return iri

    def read_people(self, node: yaml.Node, entry: dict, schema: dict[str, Key]) -> None:
        self.read_entity("people", node, entry, schema)

    def read_organisations(self, node: yaml.Node, entry: dict, schema: dict[str, Key]) -> None:
        iri = self.read_entity("organisations", node, entry, schema)
        if iri is None or "types" not in entry:
            return
        for scalar in self.scalars(entry["types"][1], "types", schema["types"]):
            name = str(scalar.value).strip()
            if name in ORGANISATION_TYPES:
                self.add(iri, str(RDF.type), ox.NamedNode(ORGANISATION_TYPES[name]))
            else:
                self.problem(
                    scalar,
                    f"unknown organisation type '{name}': {_suggest(name, list(ORGANISATION_TYPES))}valid types are {', '.join(ORGANISATION_TYPES)}",
                )

    def read_projects(self, node: yaml.Node, entry: dict, schema: dict[str, Key]) -> None:
        iri = self.read_entity("projects", node, entry, schema)
        if iri is None:
            return
        if "full-title" in entry:  # the data contract: a full title is also an alternate name
            for scalar in self.scalars(entry["full-title"][1], "full-title", schema["full-title"]):
                self.add(
                    iri, schema_term("alternateName"), ox.Literal(str(scalar.value).strip(), language="de")
                )
        # a source that disagrees with another on the period names its own interval
        period_id = self.entry_id(entry, "period-id") if "period-id" in entry else None
        self.period(iri, entry, str(DCTERMS.temporal), schema, *([period_id] if period_id else []))
        self.funding_amount(iri, node, entry, schema)

    def funding_amount(self, project: str, node: yaml.Node, entry: dict, schema: dict[str, Key]) -> None:
        """``funding-amount`` (exact, or ``-approximate``) or ``funding-amount-at-most`` as a
        schema:MonetaryAmount ``<project>/funding-amount`` in euros."""
        keys = [k for k in entry if k.startswith("funding-amount")]
        if not keys:
            return
        exact, at_most = "funding-amount" in entry, "funding-amount-at-most" in entry
        if exact == at_most:
            self.problem(
                node,
                "a funding amount needs either 'funding-amount: …' (the stated amount; add "
                "'funding-amount-approximate: true' for \"rund\"/\"ca.\") or 'funding-amount-at-most: …' "
                '(for "max."), not both and not neither',
            )
            return
        if at_most and "funding-amount-approximate" in entry:
            self.problem(
                entry["funding-amount-approximate"][0],
                "'funding-amount-approximate' qualifies 'funding-amount'; an upper bound is stated by "
                "'funding-amount-at-most' alone",
            )
            return
        amount = child(project, "funding-amount")
        self.doc.definitions.setdefault(amount, _line(entry[keys[0]][0]))
        self.add(project, kgo_term("fundingAmount"), ox.NamedNode(amount))
        self.add(amount, str(RDF.type), ox.NamedNode(schema_term("MonetaryAmount")))
        self.add(amount, schema_term("currency"), ox.Literal(FUNDING_CURRENCY))
        for key, predicate in (
            ("funding-amount", schema_term("value")),
            ("funding-amount-at-most", schema_term("maxValue")),
            ("funding-amount-approximate", kgo_term("approximate")),
            ("funding-amount-stated-as", kgo_term("statedAs")),
        ):
            if key not in entry:
                continue
            for scalar in self.scalars(entry[key][1], key, schema[key]):
                lit = self.literal(scalar, key, schema[key])
                if lit is not None:
                    self.add(amount, predicate, lit)

    def period(self, subject: str, entry: dict, predicate: str, schema: dict[str, Key], *name: str) -> None:
        """``start``/``end`` as an OWL-Time interval ``<subject>/period`` (org:memberDuring's range),
        or ``<subject>/period/<name>`` where sources disagree on it."""
        ends = {}
        for key in ("start", "end"):
            if key in entry:
                scalars = self.scalars(entry[key][1], key, schema[key])
                if scalars:
                    lit = self.literal(scalars[0], key, schema[key])
                    if lit is not None:
                        ends[key] = lit
        if not ends:
            return
        interval = child(subject, "period", *name)
        self.doc.definitions.setdefault(
            interval, _line(entry[next(iter(k for k in ("start", "end") if k in entry))][0])
        )
        self.add(subject, predicate, ox.NamedNode(interval))
        self.add(interval, str(RDF.type), ox.NamedNode(str(TIME.Interval)))
        for key, prop in (("start", TIME.hasBeginning), ("end", TIME.hasEnd)):
            if key in ends:
                lit = ends[key]
                instant = child(interval, key)
                self.add(interval, str(prop), ox.NamedNode(instant))
                self.add(instant, str(RDF.type), ox.NamedNode(str(TIME.Instant)))
                prop_of = {
                    str(XSD.date): TIME.inXSDDate,
                    str(XSD.gYearMonth): TIME.inXSDgYearMonth,
                    str(XSD.gYear): TIME.inXSDgYear,
                }[lit.datatype.value if isinstance(lit, ox.Literal) else ""]
                self.add(instant, str(prop_of), lit)

    def read_municipalities(self, node: yaml.Node, entry: dict, schema: dict[str, Key]) -> None:
        if "ags" in entry:
            raw = str(entry["ags"][1].value).strip()
            if not re.fullmatch(r"\d{8}", raw):
                self.problem(
                    entry["ags"][1],
                    f"'{raw}' is not an AGS: write the eight digits in quotes, e.g. ags: \"08235050\"",
                )
                return
        else:  # no source states its AGS: the municipality is named by an id
            ident = self.entry_id(entry)
            if ident is None:
                return
            if re.fullmatch(r"\d+", ident):
                self.problem(
                    entry["id"][1],
                    f"'{ident}' looks like an AGS: write it as 'ags: \"{ident}\"', or give a name-like id",
                )
                return
            raw = ident
        iri = mint("municipality", raw)
        if _flag(entry, "existing"):
            self.doc.mentions.setdefault(iri, _line(node))
        else:
            self.define(iri, node, TYPES_OF_SECTION["municipalities"])
        coords = {k: entry.pop(k) for k in ("latitude", "longitude") if k in entry}
        self.emit_keys(iri, entry, schema)
        if coords:
            geo = child(iri, "geo")
            self.doc.definitions.setdefault(geo, _line(next(iter(coords.values()))[0]))
            self.add(iri, schema_term("geo"), ox.NamedNode(geo))
            self.add(geo, str(RDF.type), ox.NamedNode(schema_term("GeoCoordinates")))
            self.emit_keys(geo, coords, schema)
            if len(coords) == 1:
                missing = "longitude" if "latitude" in coords else "latitude"
                self.problem(node, f"coordinates need both latitude and longitude: add '{missing}: …'")
        place = iri
        for key, kind in (("district", "district"), ("state", "state")):
            if key not in entry:
                continue
            scalars = self.scalars(entry[key][1], key, schema[key])
            if not scalars:
                continue
            name = str(scalars[0].value).strip()
            area = mint(kind, name)
            self.doc.definitions.setdefault(area, _line(scalars[0]))
            self.add(area, str(RDF.type), ox.NamedNode(schema_term("AdministrativeArea")))
            self.add(area, schema_term("name"), ox.Literal(name))
            self.add(place, schema_term("containedInPlace"), ox.NamedNode(area))
            place = area

    def read_participations(self, node: yaml.Node, entry: dict, schema: dict[str, Key]) -> None:
        refs = {}
        for key in ("project", "member", "role"):
            scalars = self.scalars(entry[key][1], key, schema[key])
            ref = self.reference(scalars[0], key, schema[key]) if scalars else None
            if ref is None:
                return
            refs[key] = ref
        if "id" in entry:
            ident = self.entry_id(entry)
            if ident is None:
                return
        else:
            ident = f"{refs['role'].value.rsplit('/', 1)[1]}-{refs['member'].value.rsplit('/', 1)[1]}"
        iri = child(refs["project"].value, "participation", ident)
        self.define(iri, node, (str(ORG.Membership),))
        self.emit_keys(iri, entry, schema)
        # the data contract: the n-ary node plus the direct statement
        self.add(refs["project"].value, schema_term("member"), refs["member"])
        self.period(iri, entry, str(ORG.memberDuring), schema)

    def read_events(self, node: yaml.Node, entry: dict, schema: dict[str, Key]) -> None:
        ident = self.entry_id(entry)
        if ident is None:
            return
        series = _flag(entry, "series")
        iri = mint("event-series" if series else "event", ident)
        types = (schema_term("EventSeries"), schema_term("Event")) if series else (schema_term("Event"),)
        if _flag(entry, "existing"):
            self.doc.mentions.setdefault(iri, _line(node))
        else:
            self.define(iri, node, types)
        self.emit_keys(iri, entry, schema)
        day: dt.date | None = None
        for key in ("start", "end"):
            if key in entry:
                for scalar in self.scalars(entry[key][1], key, schema[key]):
                    got = self.datetime(scalar, str(scalar.value).strip(), key)
                    if got:
                        self.add(iri, str(schema[key].predicate), got[0])
                        day = day or got[1]
        if "day" in entry:  # the day the programme's times refer to, when the event's start is elsewhere
            for scalar in self.scalars(entry["day"][1], "day", schema["day"]):
                if self.literal(scalar, "day", schema["day"]) is not None:
                    day = dt.date.fromisoformat(str(scalar.value).strip())
        online = _flag(entry, "online")
        if online:
            self.add(
                iri,
                schema_term("eventAttendanceMode"),
                ox.NamedNode(schema_term("OnlineEventAttendanceMode")),
            )
        if "repeat" in entry:
            self.schedule(iri, entry, day)
        if "status" in entry:
            for scalar in self.scalars(entry["status"][1], "status", schema["status"]):
                raw = str(scalar.value).strip()
                if raw in EVENT_STATUS:
                    self.add(iri, schema_term("eventStatus"), ox.NamedNode(schema_term(EVENT_STATUS[raw])))
                else:
                    self.problem(
                        scalar,
                        f"unknown status '{raw}': write one of {', '.join(EVENT_STATUS)}, e.g. status: postponed",
                    )
        if "part-of" in entry:  # both directions, as the data contract states them
            for scalar in self.scalars(entry["part-of"][1], "part-of", schema["part-of"]):
                parent = self.reference(scalar, "part-of", schema["part-of"])
                if parent is not None:
                    self.add(parent.value, schema_term("subEvent"), ox.NamedNode(iri))
        if "appearances" in entry:
            self.appearances(iri, entry["appearances"][1], event_level=True)
        if "programme" in entry:
            self.items(iri, iri, entry["programme"][1], day, online)

    def schedule(self, iri: str, entry: dict, day: dt.date | None) -> None:
        vnode = entry["repeat"][1]
        raw = str(vnode.value).strip()
        if raw not in REPEAT:
            self.problem(
                vnode,
                f"unknown repetition '{raw}': {_suggest(raw, list(REPEAT))}write one of {', '.join(REPEAT)}",
            )
            return
        sched = child(iri, "schedule")
        self.doc.definitions.setdefault(sched, _line(vnode))
        self.add(iri, schema_term("eventSchedule"), ox.NamedNode(sched))
        self.add(sched, str(RDF.type), ox.NamedNode(schema_term("Schedule")))
        self.add(
            sched,
            schema_term("repeatFrequency"),
            ox.Literal(REPEAT[raw], datatype=ox.NamedNode(str(XSD.duration))),
        )

    def items(self, event: str, parent: str, node: yaml.Node, day: dt.date | None, online: bool) -> None:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, "a programme is a list of items: start each with '- id: …'")
            return
        seen: dict[str, int] = {}
        for item in node.value:
            entry = self.mapping(item, "programme item")
            if entry is None:
                continue
            self.check_keys(entry, ITEM_KEYS, "a programme item")
            if not self.require(entry, ITEM_REQUIRED, item, "this programme item", ITEM_KEYS):
                continue
            ident = self.entry_id(entry)
            if ident is None:
                continue
            if ident in seen:
                self.problem(
                    entry["id"][1],
                    f"duplicate id '{ident}' in this programme (first on line {seen[ident]}): give each item its own id, e.g. '{ident}-2'",
                )
                continue
            seen[ident] = _line(entry["id"][1])
            iri = child(event, "item", ident)
            self.define(iri, item, (schema_term("Event"), kgo_term("ProgrammeItem")))
            self.order += 1
            order = str(self.order)
            if "order" in entry:  # the place another source gives the item (kg extract writes it)
                onode = entry["order"][1]
                if self.literal(onode, "order", ITEM_KEYS["order"]) is not None:
                    order = str(onode.value).strip()
            self.add(
                iri,
                kgo_term("programmeOrder"),
                ox.Literal(order, datatype=ox.NamedNode(str(XSD.integer))),
            )
            self.add(iri, schema_term("superEvent"), ox.NamedNode(parent))
            self.add(parent, schema_term("subEvent"), ox.NamedNode(iri))
            if online:
                self.add(
                    iri,
                    schema_term("eventAttendanceMode"),
                    ox.NamedNode(schema_term("OnlineEventAttendanceMode")),
                )
            self.emit_keys(iri, entry, ITEM_KEYS)
            item_day = day
            if "day" in entry:  # an item on another day of an event over several days
                dnode = entry["day"][1]
                if self.literal(dnode, "day", ITEM_KEYS["day"]) is not None:
                    item_day = dt.date.fromisoformat(str(dnode.value).strip())
            for key in ("time", "end"):
                if key not in entry:
                    continue
                vnode = entry[key][1]
                raw = str(vnode.value).strip()
                m = _TIME.fullmatch(raw)
                if not m:
                    self.problem(vnode, f"'{raw}' is not a time of day: write {key}: \"10:00\" (in quotes)")
                    continue
                if item_day is None:
                    self.problem(
                        vnode,
                        "a programme item with a time needs the day of its event: add 'start: YYYY-MM-DDTHH:MM' to the event",
                    )
                    continue
                local = dt.datetime(
                    item_day.year, item_day.month, item_day.day, int(m.group(1)), int(m.group(2))
                )
                self.add(iri, str(ITEM_KEYS[key].predicate), _datetime_literal(local, None))
            if "appearances" in entry:
                self.appearances(iri, entry["appearances"][1], event_level=False)
            if "items" in entry:
                self.items(event, iri, entry["items"][1], item_day, online)

    def appearances(self, parent: str, node: yaml.Node, *, event_level: bool) -> None:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, "appearances are a list: start each with '- person: …'")
            return
        seen: dict[str, int] = {}
        for item in node.value:
            entry = self.mapping(item, "appearance")
            if entry is None:
                continue
            self.check_keys(entry, APPEARANCE_KEYS, "an appearance")
            performers = [k for k in ("person", "performer") if k in entry]
            if len(performers) != 1:
                self.problem(
                    item, "an appearance names exactly one of 'person: <id>' or 'performer: <kind>/<id>'"
                )
                continue
            if not self.require(entry, ("role",), item, "this appearance", APPEARANCE_KEYS):
                continue
            pkey = performers[0]
            scalars = self.scalars(entry[pkey][1], pkey, APPEARANCE_KEYS[pkey])
            performer = self.reference(scalars[0], pkey, APPEARANCE_KEYS[pkey]) if scalars else None
            if performer is None:
                continue
            if "id" in entry:
                ident = self.entry_id(entry)
                if ident is None:
                    continue
            else:
                ident = performer.value.rsplit("/", 1)[1]
                if event_level:
                    ident = f"{entry['role'][1].value}-{ident}"
            if ident in seen:
                self.problem(
                    item,
                    f"a second appearance with id '{ident}' here (first on line {seen[ident]}): add 'id: {ident}-2'",
                )
                continue
            seen[ident] = _line(item)
            iri = child(parent, "role", ident)
            self.define(iri, item, (kgo_term("Appearance"), schema_term("PerformanceRole")))
            self.add(iri, kgo_term("inEvent"), ox.NamedNode(parent))
            self.add(parent, kgo_term("appearance"), ox.NamedNode(iri))
            self.add(parent, schema_term("performer"), performer)
            self.emit_keys(iri, entry, APPEARANCE_KEYS)


def child(iri: str, *parts: str) -> str:
    """The IRI of a node that belongs to ``iri`` (``…/item/1000-begruessung``), minted like every IRI."""
    return mint(*iri[len(BASE) :].split("/"), *parts)


def _datetime_literal(local: dt.datetime, offset: str | None) -> ox.Literal:
    if offset is None:
        off = local.replace(tzinfo=TIMEZONE).utcoffset() or dt.timedelta(0)
        minutes = int(off.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        offset = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return ox.Literal(local.strftime("%Y-%m-%dT%H:%M:%S") + offset, datatype=ox.NamedNode(str(XSD.dateTime)))


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _flag(entry: dict[str, tuple[yaml.Node, yaml.Node]], key: str) -> bool:
    return key in entry and str(entry[key][1].value).strip().lower() in ("true", "yes", "ja")


def _is_slug(text: str) -> bool:
    try:
        return slugify(text) == text
    except ValueError:
        return False


def _safe_slug(text: str) -> str:
    try:
        return slugify(text)
    except ValueError:
        return "an-id"


def read_curated_yaml(path: Path, display: str, graph: str) -> SourceDocument:
    """Read one curator file into the quads of ``graph`` (raises BuildError with every problem)."""
    return CuratorReader(path, display, graph, read_source_text(path, display)).read()


def read_yaml_text(text: str, graph: str, display: str = "<text>") -> SourceDocument:
    """Read curator-format text (as :func:`kg.extract.extract_event` writes it) without a file."""
    return CuratorReader(Path(display), display, graph, text).read()


__all__ = ["CuratorReader", "child", "read_curated_yaml", "read_yaml_text"]

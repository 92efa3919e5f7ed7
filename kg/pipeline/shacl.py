"""Fast SHACL validation: the part of SHACL Core that ``ontology/shapes.ttl`` uses, in one pass.

pySHACL copies the union of all graphs into an ``rdflib.Graph`` and walks it node by node; at a
million triples that takes minutes and gigabytes. This module reads the same shapes, indexes only
the predicates the shapes talk about straight from the pyoxigraph quads the build already holds,
and evaluates each constraint exactly as pySHACL does (same value nodes, same messages, same
``sh:value``), so :func:`kg.validate.check_shapes` reports the same problems, only sooner.

Shapes that use anything outside the supported subset raise :class:`UnsupportedShapes`; the
caller then falls back to pySHACL, so a new kind of constraint is never silently ignored.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

Term = ox.NamedNode | ox.BlankNode | ox.Literal
"""A node of data or shapes (no RDF-star triples occur in either; pyoxigraph's types allow them)."""

_TYPE = str(RDF.type)
_DATETIME = str(XSD.dateTime)
_SUBCLASS = str(RDFS.subClassOf)
_SH = str(SH)
_FIRST, _REST, _NIL = str(RDF.first), str(RDF.rest), str(RDF.nil)

_VALUE_COMPONENTS = {
    "class",
    "datatype",
    "nodeKind",
    "pattern",
    "flags",
    "minInclusive",
    "maxInclusive",
    "minExclusive",
    "maxExclusive",
    "languageIn",
    "or",
}
"""Components checked on each value node (the focus itself in a node shape)."""
_PROPERTY_COMPONENTS = {"minCount", "maxCount", "uniqueLang"}
"""Components checked on the set of values of a property shape."""
_IGNORED = {"message", "severity", "name", "description", "order", "group", "defaultValue", "path"}
_TARGETS = {"targetClass", "targetObjectsOf", "targetSubjectsOf", "targetNode"}


class UnsupportedShapes(Exception):
    """The shapes use a SHACL feature this engine does not implement (use pySHACL instead)."""


@dataclass(frozen=True)
class Result:
    """One validation result, as pySHACL would report it."""

    focus: Term
    path: str | None
    message: str
    value: Term | None


@dataclass
class _Shape:
    node: Term
    path: str | None = None
    message: str = ""
    targets: dict[str, list[Term]] = field(default_factory=dict)
    checks: list[tuple[str, Any]] = field(default_factory=list)
    """(component local name, parameter) in the order of the shapes file"""
    properties: list[_Shape] = field(default_factory=list)


class _ShapesGraph:
    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.out: dict[Term, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        for t in triples:
            self.out[cast(Term, t.subject)][t.predicate.value].append(cast(Term, t.object))

    def values(self, node: Term, prop: str) -> list[Term]:
        return self.out.get(node, {}).get(prop, [])

    def one(self, node: Term, prop: str) -> Term | None:
        vs = self.values(node, prop)
        return vs[0] if vs else None

    def items(self, node: Term) -> list[Term]:
        out: list[Term] = []
        while not (isinstance(node, ox.NamedNode) and node.value == _NIL):
            first = self.one(node, _FIRST)
            rest = self.one(node, _REST)
            if first is None or rest is None:
                raise UnsupportedShapes(f"{node} is not a well-formed RDF list")
            out.append(first)
            node = rest
        return out


def load_shapes(path: Path) -> list[_Shape]:
    """The node shapes of a Turtle file, with their property shapes, ready to evaluate.

    Raises :class:`UnsupportedShapes` for anything outside the supported SHACL Core subset and
    ``SyntaxError`` when the file does not parse.
    """
    sg = _ShapesGraph(ox.parse(path=path, format=ox.RdfFormat.TURTLE))
    node_shape = ox.NamedNode(str(SH.NodeShape))
    shapes = []
    for node, props in sg.out.items():
        is_node_shape = node_shape in props.get(_TYPE, []) or any(p[len(_SH) :] in _TARGETS for p in props)
        if not is_node_shape:
            continue
        if ox.NamedNode(str(RDFS.Class)) in props.get(_TYPE, []):
            raise UnsupportedShapes("implicit class targets")
        shape = _compile(sg, node, property_shape=False)
        if shape is not None:
            shapes.append(shape)
    return shapes


def _compile(sg: _ShapesGraph, node: Term, *, property_shape: bool) -> _Shape | None:
    props = sg.out.get(node, {})
    severity = sg.one(node, _SH + "severity")
    if severity is not None and severity.value != str(SH.Violation):
        return None  # warnings and infos never fail the build
    deactivated = sg.one(node, _SH + "deactivated")
    if isinstance(deactivated, ox.Literal) and deactivated.value in ("true", "1"):
        return None
    shape = _Shape(node)
    message = sg.values(node, _SH + "message")
    if len(message) > 1:
        raise UnsupportedShapes("several sh:message values on one shape")
    shape.message = message[0].value if message else ""
    if property_shape:
        path = sg.one(node, _SH + "path")
        if not isinstance(path, ox.NamedNode):
            raise UnsupportedShapes("property paths other than a single predicate")
        shape.path = path.value
    for prop, objects in props.items():
        if not prop.startswith(_SH) or prop == _TYPE:
            continue
        name = prop[len(_SH) :]
        if name in _IGNORED or name in ("deactivated",):
            continue
        if name in _TARGETS:
            if property_shape:
                raise UnsupportedShapes("targets on a property shape")
            shape.targets[name] = objects
        elif name == "property":
            for p in objects:
                sub = _compile(sg, p, property_shape=True)
                if sub is not None:
                    shape.properties.append(sub)
        elif name in _PROPERTY_COMPONENTS and property_shape:
            for o in objects:
                shape.checks.append((name, o))
        elif name == "flags":
            continue  # read together with sh:pattern
        elif name in _VALUE_COMPONENTS:
            for o in objects:
                shape.checks.append((name, _parameter(sg, node, name, o)))
        else:
            raise UnsupportedShapes(f"sh:{name}")
    return shape


def _parameter(sg: _ShapesGraph, node: Term, name: str, o: Term) -> Any:
    if name == "pattern":
        flags = sg.one(node, _SH + "flags")
        f = flags.value.lower() if isinstance(flags, ox.Literal) else ""
        return re.compile(o.value, (re.I if "i" in f else 0) | (re.M if "m" in f else 0))
    if name == "languageIn":
        return {t.value.lower() for t in sg.items(o)}
    if name == "or":
        members = []
        for m in sg.items(o):
            member = _compile(sg, m, property_shape=False)
            if member is None or member.properties or member.targets:
                raise UnsupportedShapes("sh:or members other than plain node constraints")
            members.append(member)
        return members
    if name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
        return _python_value(o)
    return o


# ---------------------------------------------------------------- literals as pySHACL sees them


@cache
def _rdflib_literal(value: str, datatype: str, language: str | None) -> Literal:
    if language:
        return Literal(value, lang=language)
    return Literal(value, datatype=URIRef(datatype))


def _as_rdflib(term: ox.Literal) -> Literal:
    return _rdflib_literal(term.value, term.datatype.value, term.language)


def _python_value(term: Term) -> Any:
    return _as_rdflib(term).value if isinstance(term, ox.Literal) else term


_ACTUAL: dict[str, Callable[[Any], bool]] = {
    str(XSD.string): lambda v: isinstance(v, str | bytes),
    str(RDF.langString): lambda v: isinstance(v, str | bytes),
    str(XSD.integer): lambda v: isinstance(v, int),
    str(XSD.float): lambda v: isinstance(v, float),
    str(XSD.decimal): lambda v: isinstance(v, Decimal),
    str(XSD.boolean): lambda v: isinstance(v, bool),
    str(XSD.date): lambda v: isinstance(v, date),
    str(XSD.time): lambda v: isinstance(v, time),
    str(XSD.dateTime): lambda v: isinstance(v, datetime),
}


_RDFS_LITERAL, _RDFS_DATATYPE = str(RDFS.Literal), str(RDFS.Datatype)
_STRING, _DECIMAL, _DATE = str(XSD.string), str(XSD.decimal), str(XSD.date)
_PLAIN_DECIMAL = re.compile(r"[+-]?\d+(\.\d+)?", re.ASCII)
_PLAIN_DATE = re.compile(r"\d{4}-\d\d-\d\d", re.ASCII)
_PLAIN_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)?")


@cache
def _datatype_ok(value: str, datatype: str, language: str | None, rule: str) -> bool:
    """pySHACL's sh:datatype: the datatype matches and rdflib can read the value as one."""
    # the common cases decided without building an rdflib Literal (a million values at scale)
    if language is None and datatype != rule and rule not in (_RDFS_LITERAL, _RDFS_DATATYPE):
        return False  # rdflib keeps the datatype it is given: it never matches another one
    if language is None and datatype == rule == _STRING:
        return True
    if datatype == rule == _DECIMAL and _PLAIN_DECIMAL.fullmatch(value):
        return True
    if datatype == rule == _DATE and _PLAIN_DATE.fullmatch(value):
        try:
            date.fromisoformat(value)
            return True
        except ValueError:
            pass
    if datatype == rule == _DATETIME and _PLAIN_DATETIME.fullmatch(value):
        # the common case without rdflib's slow parser: a date-time Python reads is one rdflib reads
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
            return True
        except ValueError:
            pass
    lit = _rdflib_literal(value, datatype, language)
    if lit.datatype is not None and str(lit.datatype) == rule:
        if getattr(lit, "ill_typed", None) is True:
            return False
        return _ACTUAL.get(rule, lambda v: True)(lit.value)
    if rule == str(RDFS.Literal):
        return True
    if rule == str(RDFS.Datatype) and lit.datatype is not None:
        return True
    if lit.datatype is None and not lit.language and rule == str(XSD.string):
        return _ACTUAL[rule](lit.value)
    if rule == str(RDF.langString) and lit.language:
        return _ACTUAL[rule](lit.value)
    return False


def _string_of(term: Term) -> str:
    return term.value


# ---------------------------------------------------------------- the data


class _Data:
    """The union of the quads, indexed only by what the shapes ask for.

    Nodes are keyed by their N-Triples text: pyoxigraph terms hash through Rust on every dict
    operation, Python strings hash once, and this index is built from every quad of the build.
    """

    def __init__(self, quads: Iterable[ox.Quad], predicates: set[str]) -> None:
        types: dict[str, set[str]] = defaultdict(set)
        self.types: dict[str, frozenset[str]] = {}
        self.terms: dict[str, Term] = {}
        self.by_pred: dict[str, dict[str, dict[str, Term]]] = {p: defaultdict(dict) for p in predicates}
        self.superclasses: dict[str, set[str]] = defaultdict(set)
        # one pass over every quad: the hot loop of validation, so locals and no repeated lookups
        terms, supers, by_pred, named = self.terms, self.superclasses, self.by_pred, ox.NamedNode
        for q in quads:
            p = q.predicate.value
            index = by_pred.get(p)
            if p == _TYPE:
                s, o = cast(Term, q.subject), cast(Term, q.object)
                if isinstance(o, named):
                    k = str(s)
                    types[k].add(o.value)
                    terms[k] = s
                    if index is not None:
                        index[k][str(o)] = o
                continue
            if p == _SUBCLASS:
                s, o = cast(Term, q.subject), cast(Term, q.object)
                if isinstance(o, named) and isinstance(s, named):
                    supers[s.value].add(o.value)
            if index is not None:
                s, o = cast(Term, q.subject), cast(Term, q.object)
                k = str(s)
                index[k][str(o)] = o
                terms[k] = s
        self._closure: dict[str, set[str]] = {}
        # frozen and interned, so that nodes with the same types share one object: its closure is
        # cached once and a lookup by it is hashed once and compared by identity
        interned: dict[frozenset[str], frozenset[str]] = {}
        for k, ts in types.items():
            frozen = frozenset(ts)
            self.types[k] = interned.setdefault(frozen, frozen)
        self._distinct_types = list(interned)
        self._of_types: dict[frozenset[str], frozenset[str]] = {}

    def ancestors(self, cls: str) -> set[str]:
        """``cls`` and every class it is an ``rdfs:subClassOf*`` of."""
        if cls not in self._closure:
            seen = {cls}
            todo = [cls]
            while todo:
                for sup in self.superclasses.get(todo.pop(), ()):
                    if sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
            self._closure[cls] = seen
        return self._closure[cls]

    def _classes_of(self, types: frozenset[str]) -> frozenset[str]:
        """Every class a node with these ``rdf:type`` values is an instance of."""
        found = self._of_types.get(types)
        if found is None:
            found = frozenset().union(*(self.ancestors(t) for t in types))
            self._of_types[types] = found
        return found

    def is_instance(self, key: str, cls: str) -> bool:
        types = self.types.get(key)
        return types is not None and cls in self._classes_of(types)

    def instances(self, cls: str) -> list[str]:
        # which combinations of types make an instance: a handful, where nodes are a million
        kinds = {ts for ts in self._distinct_types if cls in self._classes_of(ts)}
        return [k for k, ts in self.types.items() if ts in kinds]


def _predicates(shapes: list[_Shape]) -> set[str]:
    preds: set[str] = set()
    for s in shapes:
        for kind in ("targetObjectsOf", "targetSubjectsOf"):
            preds |= {t.value for t in s.targets.get(kind, [])}
        preds |= {p.path for p in s.properties if p.path}
    return preds


# ---------------------------------------------------------------- evaluation


def _conforms(data: _Data, node: Term, name: str, param: Any) -> bool:
    """Whether one value node satisfies one value-level component."""
    if name == "class":
        return not isinstance(node, ox.Literal) and data.is_instance(str(node), param.value)
    if name == "datatype":
        return isinstance(node, ox.Literal) and _datatype_ok(
            node.value, node.datatype.value, node.language, param.value
        )
    if name == "nodeKind":
        kind = param.value[len(_SH) :]
        is_iri, is_blank, is_lit = (
            isinstance(node, ox.NamedNode),
            isinstance(node, ox.BlankNode),
            isinstance(node, ox.Literal),
        )
        return {
            "IRI": is_iri,
            "BlankNode": is_blank,
            "Literal": is_lit,
            "BlankNodeOrIRI": is_blank or is_iri,
            "BlankNodeOrLiteral": is_blank or is_lit,
            "IRIOrLiteral": is_iri or is_lit,
        }[kind]
    if name == "pattern":
        if isinstance(node, ox.BlankNode):
            return False
        text = _string_of(node)
        return bool(param.match(text) or param.search(text))
    if name == "languageIn":
        if not isinstance(node, ox.Literal) or not node.language:
            return False
        lang = node.language.lower()
        return "*" in param or lang in param or lang.split("-")[0] in param
    if name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
        if not isinstance(node, ox.Literal):
            return False
        try:
            v = _python_value(node)
            return {
                "minInclusive": lambda: param <= v,
                "maxInclusive": lambda: v <= param,
                "minExclusive": lambda: param < v,
                "maxExclusive": lambda: v < param,
            }[name]()
        except TypeError:
            return False
    if name == "or":
        return any(all(_conforms(data, node, n, p) for n, p in m.checks) for m in param)
    raise UnsupportedShapes(f"sh:{name}")


def _default(component: str) -> str:
    """A message for a shape that has no ``sh:message`` (the project's shapes all have one)."""
    return f"does not satisfy sh:{component}"


def _focus_nodes(data: _Data, shape: _Shape) -> list[str]:
    """The keys of the shape's focus nodes (their terms are in ``data.terms``)."""
    nodes: dict[str, None] = {}
    for t in shape.targets.get("targetNode", []):
        data.terms.setdefault(str(t), t)
        nodes[str(t)] = None
    for cls in shape.targets.get("targetClass", []):
        nodes.update(dict.fromkeys(data.instances(cls.value)))
    for p in shape.targets.get("targetSubjectsOf", []):
        nodes.update(dict.fromkeys(data.by_pred[p.value]))
    for p in shape.targets.get("targetObjectsOf", []):
        for objs in data.by_pred[p.value].values():
            for k, term in objs.items():
                data.terms.setdefault(k, term)
                nodes[k] = None
    return list(nodes)


def _check_property(data: _Data, shape: _Shape, focus: list[str]) -> list[Result]:
    results = []
    index = data.by_pred[shape.path] if shape.path else {}
    empty: dict[str, Term] = {}
    # whether a value conforms depends on the value alone (and the data, which stays put): the
    # same value under many focus nodes (a role concept, a class of performer) is checked once
    checks: list[tuple[str, Any, str, dict[Any, bool] | None]] = [
        (name, param, shape.message or _default(name), None if name in _PROPERTY_COMPONENTS else {})
        for name, param in shape.checks
    ]
    for k in focus:
        values = index.get(k, empty)
        for name, param, message, known in checks:
            if known is not None:
                for key, v in values.items():
                    ok = known.get(key)
                    if ok is None:
                        ok = known[key] = _conforms(data, v, name, param)
                    if not ok:
                        results.append(Result(data.terms[k], shape.path, message, v))
            elif (name == "minCount" and len(values) < int(param.value)) or (
                name == "maxCount" and len(values) > int(param.value)
            ):
                results.append(Result(data.terms[k], shape.path, message, None))
            elif name == "uniqueLang" and param.value in ("true", "1"):
                langs = [
                    v.language.lower() for v in values.values() if isinstance(v, ox.Literal) and v.language
                ]
                for _ in {lang for lang in langs if langs.count(lang) > 1}:
                    results.append(Result(data.terms[k], shape.path, message, None))
    return results


def validate_quads(quads: Iterable[ox.Quad], shapes: list[_Shape]) -> list[Result]:
    """Every violation of ``shapes`` in the union of ``quads`` (graph names are ignored)."""
    data = _Data(quads, _predicates(shapes))
    results: list[Result] = []
    for shape in shapes:
        focus = _focus_nodes(data, shape)
        for name, param in shape.checks:
            for k in focus:
                f = data.terms[k]
                if not _conforms(data, f, name, param):
                    results.append(Result(f, None, shape.message or _default(name), f))
        for prop in shape.properties:
            results += _check_property(data, prop, focus)
    return results

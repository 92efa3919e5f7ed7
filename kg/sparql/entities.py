"""Entities given by a name, and bound values that name nothing: what a query parameter means.

A parameter declared ``iri`` takes an IRI (``person/thomas-klie``, ``kg:person/thomas-klie``, a
full one) or the name of an entity in any spelling the graph knows: ``"Thomas Klie"``, the
variant ``"Andi Grabner"`` (a ``skos:altLabel``), ``"Birgit Boehm"`` (umlauts spelled out),
``"Dr. Lilian Schwalb"`` (titles set aside). :func:`resolve_entity` finds it as ``kg explain``
finds a node, best match first — the name itself, any name, then a unique part of a name — and
an ambiguous name lists its candidates.

A query whose answer is empty has its bound values checked (:func:`check_bound_values`): a value
that occurs nowhere in the graph is an error that says so and suggests what exists, instead of
"0 rows" for a typo. Checked only when the answer is empty, so a query that answers pays nothing.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from rdflib import Literal, URIRef

from kg.errors import QueryError
from kg.sparql.text import sparql_term
from kg.vocab import NAME_PROPERTIES, Term, expand, shorten

Ask = Callable[[str], Any]
"""Runs a SPARQL query and returns a :class:`~kg.sparql.results.QueryResult` (``graph.query``)."""

_TITLES = re.compile(r"\b(prof|dr|pd|dipl|ing|med|phil|rer|nat|habil|mag|mba)\b\.?", re.I)
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})
_NAMES = " | ".join(f"<{p}>" for p in NAME_PROPERTIES)
_MAX_SHOWN = 8


def name_key(text: str) -> str:
    """The form the spellings of one name share: no titles, umlauts spelled out, no accents, no
    case, no punctuation (``"Dr. Birgit Böhm"`` and ``"birgit boehm"`` agree)."""
    text = _TITLES.sub(" ", unicodedata.normalize("NFC", text)).translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def looks_like_iri(text: str) -> bool:
    """``person/x``, ``kg:person/x``, ``<…>``, a full IRI or a bare IRI segment (``thomas-klie``), as
    opposed to a name (``Thomas Klie``, ``Klie``, ``Böhm``)."""
    text = text.strip()
    if not text or re.search(r"\s", text):
        return False
    return "/" in text or ":" in text or text.startswith("<") or bool(re.fullmatch(r"[a-z0-9._~-]+", text))


def _names(ask: Ask) -> dict[str, list[str]]:
    """Every named subject with its names, ``schema:name`` first."""
    rows = ask(
        "SELECT ?s ?p ?name WHERE { ?s ?p ?name . VALUES ?p { "
        + " ".join(f"<{p}>" for p in NAME_PROPERTIES)
        + " } "
        "FILTER(isIRI(?s) && isLiteral(?name)) }"
    ).rows
    order = {p: i for i, p in enumerate(NAME_PROPERTIES)}
    found: dict[str, list[tuple[int, str]]] = {}
    for s, p, name in rows:
        found.setdefault(str(s), []).append((order.get(str(p), 99), str(name)))
    return {s: [n for _, n in sorted(set(names))] for s, names in found.items()}


def _label(names: Mapping[str, list[str]], iri: str) -> str:
    return (names.get(iri) or [shorten(iri)])[0]


def _candidates(names: Mapping[str, list[str]], iris: set[str] | list[str]) -> str:
    shown = sorted(iris, key=lambda i: (_label(names, i).casefold(), i))[:_MAX_SHOWN]
    more = f" and {len(iris) - len(shown)} more" if len(iris) > len(shown) else ""
    return "; ".join(f"{_label(names, i)} ({_short(i)})" for i in shown) + more


def _short(iri: str) -> str:
    short = shorten(iri)
    return short[3:] if short.startswith("kg:") else short


def resolve_entity(ask: Ask, text: str, *, param: str = "") -> URIRef:
    """The entity meant by ``text``: an IRI as it is, or a name in any spelling the graph knows.

    Raises :class:`~kg.errors.QueryError` when no entity has that name (with names that come
    close) or when several have it (with the candidates)."""
    if looks_like_iri(text):
        return URIRef(expand(text))
    what = f"?{param}={text!r}" if param else repr(text)
    exact = ask(
        f"SELECT DISTINCT ?s WHERE {{ ?s {_NAMES} {sparql_term(Literal(text.strip()))} FILTER(isIRI(?s)) }}"
    ).rows
    if len(exact) == 1:
        return URIRef(str(exact[0][0]))
    names = _names(ask)
    if exact:
        raise QueryError(
            f"{what} names several entities: {_candidates(names, {str(r[0]) for r in exact})}; give the IRI"
        )
    want = name_key(text)
    if not want:
        raise QueryError(f"{what} is neither an IRI nor a name")
    # tiers, best first: the label, any name (or the IRI's last segment), part of the label, part of any name
    tiers: list[set[str]] = [set(), set(), set(), set()]
    padded = f" {want} "
    for iri, spellings in names.items():
        keys = [name_key(n) for n in spellings]
        slug = iri.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
        if keys and keys[0] == want:
            tiers[0].add(iri)
        elif want in keys or slug == want:
            tiers[1].add(iri)
        elif keys and padded in f" {keys[0]} ":
            tiers[2].add(iri)
        elif any(padded in f" {k} " for k in keys):
            tiers[3].add(iri)
    found = next((t for t in tiers if t), set())
    if len(found) == 1:
        return URIRef(next(iter(found)))
    if found:
        raise QueryError(f"{what} could mean several entities: {_candidates(names, found)}; give the IRI")
    close = _close_names(names, want)
    hint = f": did you mean {close}?" if close else ""
    raise QueryError(f"no entity is called {text!r}{hint}; give a name or an IRI like person/thomas-klie")


def _close_names(names: Mapping[str, list[str]], want: str) -> str:
    keyed: dict[str, str] = {}
    for iri, spellings in names.items():
        for n in spellings:
            keyed.setdefault(name_key(n), iri)
    close = difflib.get_close_matches(want, list(keyed), n=4, cutoff=0.75)
    iris = list(dict.fromkeys(keyed[k] for k in close))
    return _candidates(names, iris) if iris else ""


def check_bound_values(
    ask: Ask, bound: Mapping[str, Term], *, resolved: Mapping[str, str] | None = None
) -> None:
    """Raise :class:`~kg.errors.QueryError` for the first bound value that occurs nowhere in the
    graph (as subject, predicate or object), suggesting what exists: entities whose IRI ends the
    same way or whose names come close."""
    for name, term in bound.items():
        if not isinstance(term, URIRef | Literal) or (resolved and name in resolved):
            continue
        value = sparql_term(term)
        found = ask(
            f"ASK {{ {{ {value} ?p ?o }} UNION {{ ?s {value} ?o }} UNION {{ ?s ?p {value} }} }}"
            if isinstance(term, URIRef)
            else f"ASK {{ ?s ?p {value} }}"
        )
        if found.boolean:
            continue
        shown = f"<{term}>" if isinstance(term, URIRef) else term.n3()
        message = f"--bind {name}=…: {shown} occurs nowhere in the graph, so the answer is empty"
        hint = _suggest(ask, term)
        raise QueryError(message + (f"; did you mean {hint}?" if hint else ""))


def _suggest(ask: Ask, term: Term) -> str:
    """Entities whose IRI ends like ``term``, else whose names hold its words, else come close."""
    names = _names(ask)
    if isinstance(term, URIRef):
        tail = str(term).rstrip("/").rsplit("/", 1)[-1]
        same_end = [iri for iri in names if iri.rstrip("/").rsplit("/", 1)[-1] == tail]
        if same_end:
            return _candidates(names, same_end)
        want = name_key(tail.replace("-", " "))
    else:
        want = name_key(str(term))
    if not want:
        return ""
    holding = [iri for iri, ns in names.items() if any(f" {want} " in f" {name_key(n)} " for n in ns)]
    return _candidates(names, holding) if holding else _close_names(names, want)


__all__ = ["check_bound_values", "looks_like_iri", "name_key", "resolve_entity"]

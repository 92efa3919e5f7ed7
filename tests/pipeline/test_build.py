"""The build: broken input fails with file, line and an actionable message and leaves dist/ alone;
good input builds deterministically into files that parse back to the same graph."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

import kg
from kg.dist.manifest import DIST_FILES
from kg.pipeline.build import dist_status, distinct_sorted_quads, graph_size_quad, write_dist_files
from kg.project import Project
from kg.sources.document import SourceDocument
from tests.conftest import TEST_DATA, run_kg

BROKEN = TEST_DATA / "broken"

# fixture file → (line the error must name, words the message must contain)
BROKEN_CASES = {
    "bad-syntax.ttl": (12, ["Turtle syntax error", "dot is expected"]),
    "unknown-prefix.ttl": (12, ["foaf:", "not been declared"]),
    "missing-name.ttl": (11, ["person/erika-musterfrau", "schema:name", "exactly one schema:name"]),
    "dangling-reference.ttl": (12, ["organization/musterverein", "no source defines it"]),
    "wrong-datatype.ttl": (12, ["01.01.2099 10:00", "not a valid xsd:dateTime", "2020-11-24T10:00:00+01:00"]),
    "duplicate-person.ttl": (
        11,
        ["duplicate person", "person/th-klie", "person/thomas-klie", "skos:altLabel"],
    ),
    "duplicate-iri.ttl": (11, ["person/thomas-klie", "organisation and person", "its own IRI"]),
    "no-provenance.ttl": (1, ["does not say where its statements come from", "kgo:SourceGraph"]),
    "title-in-name.ttl": (10, ["without academic titles", "honorificPrefix"]),
    "missing-offset.ttl": (12, ["UTC offset"]),
    "stated-size.ttl": (11, ["void:triples", "the build counts the statements of each graph"]),
    # input that crashed the build with a traceback (issue 15): now a file:line: what error
    "nul-in-yaml.yaml": (10, ["column 23", "control character U+0000"]),
    "control-in-yaml.yaml": (10, ["column 23", "control character U+0001"]),
    "pipe-in-address.yaml": (3, ["https://example.org/a|b", "'|'", "percent-encode"]),
    "brace-in-address.yaml": (3, ["https://example.org/{id}", "'{'", "percent-encode"]),
    "form-feed.ttl": (12, ["column 1", "control character U+000C"]),
    # lines as an editor counts them: U+2028, U+2029 and U+0085 are text, \r\n one break
    "line-separators.yaml": (11, ["'Max Mustermann' is not an id", "max-mustermann"]),
    "line-separators.ttl": (13, ["Turtle syntax error", "dot is expected"]),
    # IRIs that would run script in the site or write outside site/
    "javascript-iri.ttl": (10, ["<javascript:alert(document.domain)>", "only http:// and https://"]),
    "dot-segments.ttl": (10, ["person/../../../../tmp/evil", "'..' segment"]),
    "outside-namespace.ttl": (10, ["<https://example.org/erika>", "outside the base namespace"]),
}

# file names the build cannot turn into a graph: reported by name (no line), never ignored
BROKEN_NAMES = {
    "with space.ttl": ["'with space.ttl'", "no spaces"],
    "UPPER.TTL": ["unknown file type '.TTL'", "rename it to UPPER.ttl"],
}


def digest_folder(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("fixture", sorted(BROKEN_CASES))
def test_broken_input_fails_with_file_line_and_message_and_keeps_dist(
    fixture: str, project_copy: Project
) -> None:
    kg.build_dataset(project_copy)
    before = digest_folder(project_copy.dist_dir)
    shutil.copy(BROKEN / fixture, project_copy.curated_dir / fixture)

    with pytest.raises(kg.BuildError) as info:
        kg.build_dataset(project_copy)

    line, words = BROKEN_CASES[fixture]
    mine = [p for p in info.value.problems if p.file == f"data/curated/{fixture}"]
    assert mine, f"no problem names the broken file: {info.value}"
    assert any(p.line == line for p in mine), f"expected line {line}: {mine}"
    text = " ".join(p.message for p in mine)
    for word in words:
        assert word in text, f"{word!r} missing from {text!r}"
    assert digest_folder(project_copy.dist_dir) == before, "a failed build changed dist/"


@pytest.mark.parametrize("fixture", sorted(BROKEN_NAMES))
def test_a_file_name_the_build_cannot_read_is_reported_not_ignored(
    fixture: str, project_copy: Project
) -> None:
    kg.build_dataset(project_copy)
    before = digest_folder(project_copy.dist_dir)
    shutil.copy(BROKEN / fixture, project_copy.curated_dir / fixture)
    with pytest.raises(kg.BuildError) as info:
        kg.build_dataset(project_copy)
    mine = [p for p in info.value.problems if p.file == f"data/curated/{fixture}"]
    assert mine, info.value
    for word in BROKEN_NAMES[fixture]:
        assert word in mine[0].message
    assert digest_folder(project_copy.dist_dir) == before


def test_an_unknown_file_type_is_reported(project_copy: Project) -> None:
    (project_copy.curated_dir / "notes.txt").write_text("notes\n")
    with pytest.raises(kg.BuildError) as info:
        kg.build_dataset(project_copy)
    assert "data/curated/notes.txt: unknown file type '.txt'" in str(info.value)


@pytest.mark.parametrize("where", ["one line", "many lines"])
@pytest.mark.parametrize("fmt", ["ttl", "yaml"])
def test_a_literal_over_16_mib_is_an_error_with_its_line(project_copy: Project, fmt: str, where: str) -> None:
    # pyoxigraph reads no term over 16 MiB: such a literal would build and then never load
    big = "a" * (17 << 20) if where == "one line" else "\n".join(["a" * (1 << 20)] * 17)
    if fmt == "ttl":
        text = (BROKEN / "outside-namespace.ttl").read_text().replace("outside-namespace", "big")
        text = text.replace("<https://example.org/erika>", "<person/erika-musterfrau>")
        text += f'<person/erika-musterfrau> schema:description """{big}""" .\n'
        line = 12
    else:
        text = (BROKEN / "line-separators.yaml").read_text().split("  - id: Max")[0]
        text = text.replace("    description:", "    x-description:").rsplit("    x-", 1)[0]
        text += "    description: |\n" + "".join(f"      {row}\n" for row in big.split("\n"))
        line = 11 if where == "one line" else 8  # the long line, else the entry it belongs to
    (project_copy.curated_dir / f"big.{fmt}").write_text(text)
    with pytest.raises(kg.BuildError) as info:
        kg.build_dataset(project_copy)
    mine = [p for p in info.value.problems if p.file == f"data/curated/big.{fmt}"]
    assert mine and "16 MiB" in mine[0].message, info.value
    assert [p.line for p in mine] == [line]


@pytest.mark.parametrize("fmt", ["ttl", "yaml", "csv"])
def test_one_rule_for_a_byte_order_mark_in_every_format(project_copy: Project, fmt: str) -> None:
    """A UTF-8 byte order mark at the start is dropped in Turtle, YAML and CSV alike."""
    kg.build_dataset(project_copy)
    before = kg.KnowledgeGraph.from_dist(project_copy.dist_dir)
    if fmt == "csv":  # the project has no table in data/curated: the one of the curator tests
        path = Path(shutil.copy(TEST_DATA / "curation" / "municipalities.csv", project_copy.curated_dir))
        kg.build_dataset(project_copy)
        before = kg.KnowledgeGraph.from_dist(project_copy.dist_dir)
    else:
        path = next(project_copy.curated_dir.glob(f"*.{fmt}"))
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    kg.build_dataset(project_copy)
    after = kg.KnowledgeGraph.from_dist(project_copy.dist_dir)
    assert len(after) == len(before)


def test_broken_build_from_cli_exits_nonzero_and_names_the_file(project_copy: Project) -> None:
    shutil.copy(BROKEN / "dangling-reference.ttl", project_copy.curated_dir / "dangling-reference.ttl")
    done = run_kg("--project", str(project_copy.root), "build")
    assert done.returncode == 1
    assert "data/curated/dangling-reference.ttl:12:" in done.stderr
    assert "Traceback" not in done.stderr
    assert not project_copy.dist_dir.exists()


def test_failed_build_keeps_previous_dist_readable(project_copy: Project) -> None:
    kg.build_dataset(project_copy)
    before = list(kg.KnowledgeGraph.from_dist(project_copy.dist_dir).query("programme"))
    shutil.copy(BROKEN / "bad-syntax.ttl", project_copy.curated_dir / "bad-syntax.ttl")
    with pytest.raises(kg.BuildError):
        kg.build_dataset(project_copy)
    store = kg.KnowledgeGraph.from_dist(project_copy.dist_dir)
    assert before and list(store.query("programme")) == before


def test_all_problems_are_reported_at_once(project_copy: Project) -> None:
    for name in ("wrong-datatype.ttl", "missing-name.ttl"):
        shutil.copy(BROKEN / name, project_copy.curated_dir / name)
    with pytest.raises(kg.BuildError) as info:
        kg.build_dataset(project_copy)
    files = {p.file for p in info.value.problems}
    assert {"data/curated/wrong-datatype.ttl", "data/curated/missing-name.ttl"} <= files


def test_builds_are_deterministic(project: Project, tmp_path: Path) -> None:
    kg.build_dataset(project, tmp_path / "a")
    kg.build_dataset(project, tmp_path / "b")
    assert digest_folder(tmp_path / "a") == digest_folder(tmp_path / "b")
    lines = (tmp_path / "a" / "kg.nq").read_text().splitlines()
    assert lines == sorted(lines)


def test_dist_holds_every_format(dist: Path) -> None:
    assert sorted(p.name for p in dist.iterdir()) == sorted(DIST_FILES)
    manifest = json.loads((dist / "manifest.json").read_text())
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((dist / name).read_bytes()).hexdigest() == digest


def _dataset_quads(ds: Dataset) -> set[tuple[str, ...]]:
    return {(s.n3(), p.n3(), o.n3(), g.n3()) for s, p, o, g in ds.quads((None, None, None, None)) if g}


def test_every_dist_file_parses_back_to_the_same_graph_in_rdflib(dist: Path) -> None:
    reference = Dataset()
    reference.parse(dist / "kg.nq", format="nquads")
    trig = Dataset()
    trig.parse(dist / "kg.trig", format="trig")
    assert _dataset_quads(trig) == _dataset_quads(reference)

    union = Graph()
    for s, p, o, _ in reference.quads((None, None, None, None)):
        union.add((s, p, o))
    ttl = Graph().parse(dist / "kg.ttl", format="turtle")
    jsonld = Graph().parse(dist / "kg.jsonld", format="json-ld")
    assert isomorphic(ttl, union)
    assert isomorphic(jsonld, union)


def test_every_dist_file_parses_back_to_the_same_graph_in_pyoxigraph(dist: Path) -> None:
    nq = set(ox.parse(path=dist / "kg.nq", format=ox.RdfFormat.N_QUADS))
    trig = set(ox.parse(path=dist / "kg.trig", format=ox.RdfFormat.TRIG))
    assert trig == nq
    union = {ox.Triple(q.subject, q.predicate, q.object) for q in nq}
    ttl = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(path=dist / "kg.ttl", format=ox.RdfFormat.TURTLE)
    }
    jsonld = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(path=dist / "kg.jsonld", format=ox.RdfFormat.JSON_LD)
    }
    assert ttl == union
    assert jsonld == union


def test_jsonld_uses_a_compact_context_a_website_can_read(dist: Path) -> None:
    doc = json.loads((dist / "kg.jsonld").read_text())
    context = json.loads((dist / "context.jsonld").read_text())["@context"]
    assert doc["@context"] == context
    assert context["name"] == {"@id": "schema:name"}
    klie = next(n for n in doc["@graph"] if n["@id"] == "kg:person/thomas-klie")
    assert klie["name"] == "Thomas Klie"
    assert klie["honorificPrefix"] == "Prof. Dr."
    assert "schema:Person" in (klie["@type"] if isinstance(klie["@type"], list) else [klie["@type"]])


def test_void_description_counts_the_dataset(dist: Path, graph: kg.KnowledgeGraph) -> None:
    void = Graph().parse(dist / "void.ttl", format="turtle")
    answer = void.query(
        "PREFIX void: <http://rdfs.org/ns/void#> SELECT ?t WHERE { <https://w3id.org/kommunen-kg/dataset> void:triples ?t }"
    )
    triples = len({(q.subject, q.predicate, q.object) for q in graph.store})
    assert [int(r[0]) for r in answer] == [triples]
    subsets = void.query(
        "PREFIX void: <http://rdfs.org/ns/void#> SELECT ?g ?n WHERE { ?d void:subset ?g . ?g void:triples ?n }"
    )
    counts = {str(g): int(n) for g, n in subsets}
    for name in graph.graph_names():
        assert counts[name] == len(list(graph.store.quads_for_pattern(None, None, None, ox.NamedNode(name))))


def test_dist_status_tells_missing_stale_and_ok(project_copy: Project) -> None:
    assert dist_status(project_copy) == "missing"
    kg.build_dataset(project_copy)
    assert dist_status(project_copy) == "ok"
    event = project_copy.curated_dir / "event-2020-11-24-allianzen-bilden.ttl"
    event.write_text(event.read_text() + "\n# edited\n")
    assert dist_status(project_copy) == "stale"
    # staleness is the build's question, not the loader's: a stale dist/ still loads
    assert len(kg.KnowledgeGraph.from_dist(project=project_copy)) > 0
    (project_copy.dist_dir / "kg.ttl").unlink()
    assert dist_status(project_copy) == "incomplete"


def test_every_named_graph_states_its_own_size(graph: kg.KnowledgeGraph) -> None:
    # the sources query reads these sizes instead of counting: they must be the live counts,
    # the size statement itself included, in every named graph (the ontology's too)
    sizes = graph.query(
        "PREFIX void: <http://rdfs.org/ns/void#> SELECT ?g ?n WHERE { GRAPH ?g { ?g void:triples ?n } }",
        union=False,
    )
    stated = {str(r["g"]): int(r["n"]) for r in sizes.rows}
    live = graph.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", union=False)
    assert stated == {str(r["g"]): int(r["n"]) for r in live.rows}
    assert len(stated) == len(graph.graph_names()) > 30


def test_sources_counts_what_each_graph_holds(graph: kg.KnowledgeGraph) -> None:
    answer = graph.query("sources")
    for row in answer.rows:
        held = graph.query(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", union=False, g=row["graph"]
        )
        assert int(row["statements"]) == int(held.rows[0]["n"]), row["graph"]


def test_size_statement_keeps_the_graph_sorted_and_distinct() -> None:
    g = "https://w3id.org/kommunen-kg/graph/a"
    s = ox.NamedNode("https://w3id.org/kommunen-kg/person/a")
    quads = [
        ox.Quad(s, ox.NamedNode("https://schema.org/name"), ox.Literal(x), ox.NamedNode(g)) for x in "BAB"
    ]
    doc = SourceDocument(Path("a.ttl"), "a.ttl", g, quads)
    out = distinct_sorted_quads([doc])
    assert [str(q) for q in out] == sorted(str(q) for q in out)
    assert out.count(graph_size_quad(g, 3)) == 1
    assert len(out) == 3


@pytest.mark.parametrize("with_default_graph", [False, True])
def test_dist_counts_statements_per_graph_and_triples_once(tmp_path: Path, with_default_graph: bool) -> None:
    # the writer cuts triples out of the N-Quads lines; quads outside a named graph take the
    # general way, and both must count the same
    s, p = ox.NamedNode("https://w3id.org/kommunen-kg/person/a"), ox.NamedNode("https://schema.org/name")
    g1, g2 = (
        ox.NamedNode("https://w3id.org/kommunen-kg/graph/a"),
        ox.NamedNode("https://w3id.org/kommunen-kg/graph/b"),
    )
    quads = [
        ox.Quad(s, p, ox.Literal("A"), g1),
        ox.Quad(s, p, ox.Literal("A"), g2),
        ox.Quad(s, p, ox.Literal("B <https://w3id.org/kommunen-kg/graph/a> ."), g2),
    ]
    if with_default_graph:
        quads.append(ox.Quad(s, p, ox.Literal("C")))
    report = write_dist_files(quads, tmp_path, "digest")
    assert report.graphs == {g1.value: 1, g2.value: 2}
    assert report.quads == len(quads)
    assert report.triples == len(quads) - 1
    ttl = {
        (t.subject, t.predicate, t.object)
        for t in ox.parse(path=tmp_path / "kg.ttl", format=ox.RdfFormat.TURTLE)
    }
    assert ttl == {(q.subject, q.predicate, q.object) for q in quads}

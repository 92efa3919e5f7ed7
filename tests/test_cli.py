"""The ``kg`` command end to end: build, query in every format, stats, errors without tracebacks."""

from __future__ import annotations

import argparse
import csv
import io
import json

import pytest

from kg.cli import TASKS, build_parser

from .conftest import ROOT, run_kg


@pytest.fixture(scope="module", autouse=True)
def built() -> None:
    done = run_kg("build")
    assert done.returncode == 0, done.stderr
    assert "statements in" in done.stdout


@pytest.fixture(autouse=True)
def whole_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    # the table fits COLUMNS when it is set; these tests read whole tables unless they set it
    monkeypatch.delenv("COLUMNS", raising=False)


def test_query_named_as_table() -> None:
    done = run_kg("query", "people-in-several-items")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["name", "items", "person"]
    assert "Thomas Klie" in done.stdout and "kg:person/thomas-klie" in done.stdout
    rows = lines[2:-1]  # below the header and its rule
    assert len(rows) >= 3 and lines[-1] == f"({len(rows)} rows)"


def test_query_formats_are_machine_readable() -> None:
    text = run_kg("query", "municipalities", "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    reference = sorted(r["ags"] for r in csv.DictReader((ROOT / "data/sources/municipalities.csv").open()))
    assert sorted({r["ags"] for r in rows if r["ags"]}) == reference
    assert "" in {r["ags"] for r in rows}  # a municipality no source gives a key for: an empty cell
    srj = json.loads(run_kg("query", "municipalities", "-f", "srj").stdout)
    assert srj["head"]["vars"][:2] == ["name", "ags"]
    neuweiler = next(b for b in srj["results"]["bindings"] if b.get("ags", {}).get("value") == "08235050")
    lat = neuweiler["latitude"]
    assert lat == {
        "type": "literal",
        "value": "48.657642",
        "datatype": "http://www.w3.org/2001/XMLSchema#decimal",
    }
    plain = json.loads(run_kg("query", "municipalities", "-f", "json").stdout)
    brehna = next(r for r in plain if r["name"] == "Sandersdorf-Brehna")
    assert brehna["longitude"] == 12.211914 and brehna["projectName"] == "LAZIKN2030"
    tsv = run_kg("query", "municipalities", "-f", "tsv").stdout.splitlines()
    assert tsv[0] == "?name\t?ags\t?latitude\t?longitude\t?projectName\t?municipality\t?project"
    assert any(
        line.startswith('"Neuweiler"\t"08235050"\t"48.657642"^^<http://www.w3.org/2001/XMLSchema#decimal>')
        for line in tsv
    )


def test_query_with_bindings_from_text_file_and_stdin(tmp_path) -> None:  # type: ignore[no-untyped-def]
    done = run_kg("query", "entity", "--bind", "entity=person/thomas-klie", "-f", "csv")
    assert done.returncode == 0, done.stderr
    assert "http://www.w3.org/ns/org#headOf" in done.stdout
    q = tmp_path / "names.rq"
    q.write_text("SELECT ?n WHERE { <person/jan-abt> schema:name ?n }")
    assert run_kg("query", str(q), "-f", "csv").stdout.splitlines() == ["n", "Jan Abt"]
    piped = run_kg("query", "-", "-f", "csv", input="SELECT ?n WHERE { <person/jan-abt> schema:name ?n }")
    assert piped.stdout.splitlines() == ["n", "Jan Abt"]


def test_query_list_names_every_question() -> None:
    done = run_kg("query", "--list")
    assert "programme" in done.stdout and "What is the programme" in done.stdout
    assert "--bind entity=" in done.stdout
    programme = next(line for line in done.stdout.splitlines() if line.startswith("programme "))
    assert "[--bind event=…]" in programme  # optional: shown in brackets


def test_query_narrowed_to_one_entity_from_the_command_line() -> None:
    whole = run_kg("query", "project-members", "-f", "csv")
    one = run_kg("query", "project-members", "--bind", "project=project/koda-eg", "-f", "csv")
    assert whole.returncode == one.returncode == 0, one.stderr
    koda = [line for line in whole.stdout.splitlines() if "/project/koda-eg," in line]
    rows = one.stdout.splitlines()
    assert rows[0] == whole.stdout.splitlines()[0]
    assert rows[1:] == koda and 0 < len(koda) < len(whole.stdout.splitlines()) - 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("query", "SELECT ?s WHERE { ?s ?p }"), "SPARQL syntax error at line 1, column"),
        (("query", "entity"), "needs a value for ?entity"),
        (("query", "nosuchquery"), "no named query 'nosuchquery'"),
        (("query", "missing.rq"), "query file missing.rq does not exist"),
        (("query", "programme", "--bind", "oops"), "--bind takes NAME=VALUE"),
        (("query", "programm"), "no named query 'programm': did you mean 'programme'?"),
        (("query", "SELECT ?n WHERE { ?p foaf:name ?n }"), "unknown prefix 'foaf:' at line 1, column 22"),
        (
            ("query", "entity", "--bind", "entity=thomas-klie"),
            "<https://w3id.org/kommunen-kg/thomas-klie> occurs nowhere in the graph, so the answer is "
            "empty; did you mean Thomas Klie (person/thomas-klie)?",
        ),
        (("query", "entity", "--bind", "entity=Institut"), "could mean several entities"),
        (("query", "entity", "--bind", "entity=Erika Musterfrau"), "no entity is called 'Erika Musterfrau'"),
    ],
)
def test_errors_are_one_clear_line_without_traceback(args: tuple[str, ...], message: str) -> None:
    done = run_kg(*args)
    assert done.returncode == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_prefix_lists_the_known_ones_not_unicode_ranges() -> None:
    done = run_kg("query", "SELECT ?n WHERE { ?p shema:name ?n }")
    assert done.returncode == 1
    assert "did you mean 'schema:'?" in done.stderr and "schema:, sh:, skos:" in done.stderr
    assert "\\u{" not in done.stderr and len(done.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("name", "iri"),
    [
        ("Thomas Klie", "person/thomas-klie"),
        ("Birgit Boehm", "person/birgit-boehm"),
        ("Dr. Lilian Schwalb", "person/lilian-schwalb"),
        ("Andi Grabner", "person/andy-grabner"),
    ],
)
def test_an_entity_may_be_given_by_a_name_or_its_variant(name: str, iri: str) -> None:
    by_name = run_kg("query", "entity", "--bind", f"entity={name}", "--format", "csv")
    by_iri = run_kg("query", "entity", "--bind", f"entity={iri}", "--format", "csv")
    assert by_name.returncode == 0, by_name.stderr
    assert by_name.stdout == by_iri.stdout and len(by_iri.stdout.splitlines()) > 3


def test_query_without_dist_says_how_to_build(tmp_path) -> None:  # type: ignore[no-untyped-def]
    done = run_kg("--project", str(ROOT), "--dist", str(tmp_path / "nowhere"), "query", "programme")
    assert done.returncode == 1
    assert "run `kg build` first" in done.stderr


def test_stats() -> None:
    done = run_kg("stats")
    assert done.returncode == 0
    assert "entities per type" in done.stdout and "statements per source graph" in done.stdout
    assert "event-2020-11-24-allianzen-bilden" in done.stdout


def _optional_only() -> list[str]:
    import kg

    return [name for name, q in kg.named_queries().items() if set(q.params) <= set(q.optional)]


@pytest.mark.parametrize("name", _optional_only())
def test_every_named_query_table_fits_100_columns(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    done = run_kg("query", name)
    assert done.returncode == 0, done.stderr
    widest = max(done.stdout.splitlines(), key=len)
    assert len(widest) <= 100, widest


def test_wide_table_keeps_every_cell_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    fitted = run_kg("query", "programme").stdout
    assert "--wide or --format csv" in " ".join(fitted.split())
    assert "blockTitle" not in fitted.splitlines()[0]  # left out, and named in the footer
    wide = run_kg("query", "programme", "--bind", "event=event/2020-11-24-allianzen-bilden", "--wide").stdout
    assert wide.splitlines()[0].split()[-3:] == ["item", "block", "event"]
    assert "Allianzen mit der engagierten Bürgerschaft: Genossenschaften als zukunftsweisendes" in wide
    assert wide.splitlines()[-1] == "(8 rows)"


def test_select_star_columns_follow_the_query() -> None:
    done = run_kg("query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "-f", "csv")
    assert done.stdout.splitlines()[0] == "s,p,o"
    done = run_kg("query", "SELECT * WHERE { ?person schema:name ?name ; a schema:Person } LIMIT 1")
    assert done.stdout.splitlines()[0].split() == ["person", "name"]


# ---------------------------------------------------------------- help that teaches


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {name: p for name, p in sub.choices.items() if name != "analyze"}


def test_top_level_help_lists_every_command_by_task() -> None:
    done = run_kg("--help")
    assert done.returncode == 0
    text = done.stdout
    for task in ("build the graph:", "ask it:", "explore the network:", "publish it:", "curate the sources:"):
        assert f"\n{task}\n" in text
    grouped = [name for _, names in TASKS for name in names]
    assert sorted(grouped) == sorted(_commands())  # each command once, under one task
    assert text.index("build the graph:") < text.index("  build ") < text.index("ask it:")
    examples = text[text.index("examples:") :]
    assert "kg --project " in examples and " --dist " in examples


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_command_has_a_description_and_examples(name: str) -> None:
    p = _commands()[name]
    assert p.description and len(p.description) > 40
    examples = [line.strip() for line in (p.epilog or "").splitlines()[1:]]
    assert examples and all(line.startswith(("kg ", "KG_")) and f" {name}" in f" {line}" for line in examples)


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_option_has_help_its_default_and_an_example(name: str) -> None:
    p = _commands()[name]
    text = p.format_help()
    examples = p.epilog or ""
    for action in p._actions:
        if not action.option_strings or action.dest == "help":
            continue
        assert action.help, f"kg {name} {action.option_strings[0]} has no help"
        default = action.default
        if default is not None and default is not False and default != []:
            assert f"default: {default}" in " ".join(text.split()) or "default" in action.help, (
                f"kg {name} {action.option_strings[0]} does not say its default"
            )
        shown = any(opt in examples.split() for opt in action.option_strings)
        assert shown or "e.g." in action.help, f"kg {name} {action.option_strings[0]} has no example"

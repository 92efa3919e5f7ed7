"""The ``kg`` command: a thin shell over the library. Each subcommand calls one public function;
errors become one message and a non-zero exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kg.errors import BuildError, KGError

Handler = Callable[[argparse.Namespace], int]


def _project(args: argparse.Namespace):
    from kg.project import Project

    return Project.discover(args.project)


def cmd_build(args: argparse.Namespace) -> int:
    from kg.pipeline.build import build_dataset

    report = build_dataset(_project(args), args.dist)
    print(report)
    return 0


def _parse_bindings(pairs: Sequence[str]) -> dict[str, str]:
    bindings = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise KGError(f"--bind takes NAME=VALUE, not {pair!r}")
        bindings[name.strip().lstrip("?")] = value
    return bindings


def _store(args: argparse.Namespace):
    from kg.sparql.store import KnowledgeGraph

    return KnowledgeGraph.from_dist(args.dist, project=_project(args))


def cmd_query(args: argparse.Namespace) -> int:
    from kg.sparql.named import named_queries

    if args.list:
        for name, q in named_queries().items():
            params = " ".join(f"[--bind {p}=…]" if p in q.optional else f"--bind {p}=…" for p in q.params)
            print(f"{name:28} {q.question}" + (f"  {params}" if params else ""))
        return 0
    if not args.query:
        raise KGError("give a query: SPARQL text, a .rq file, or a named query (kg query --list)")
    text = sys.stdin.read() if args.query == "-" else args.query
    store = _remote(args) if args.endpoint else _store(args)
    result = store.query(text, **_parse_bindings(args.bind))
    from kg.sparql.table import terminal_width

    width = None if args.wide or args.format != "table" else terminal_width()
    sys.stdout.write(result.serialize(args.format, width=width))
    return 0


def _remote(args: argparse.Namespace):
    from kg.sparql.remote import connect

    return connect(args.endpoint, timeout=args.timeout)


def cmd_push(args: argparse.Namespace) -> int:
    from kg.sparql.remote import connect

    remote = connect(
        args.endpoint, update_url=args.update_url, graph_store_url=args.graph_store_url, timeout=args.timeout
    )
    if args.clean:
        from kg.sparql.push import clean, describe_cleaned

        print(describe_cleaned(clean(remote)))
        return 0
    print(remote.push(args.dist, project=_project(args), method=args.method))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from kg.pipeline.build import require_current_dist
    from kg.web.serve import serve

    project = _project(args)
    dist = require_current_dist(project, args.dist)
    return serve(
        dist,
        host=args.host,
        port=args.port,
        writable=args.writable,
        token_env=args.token_env,
        cors_origins=args.cors_origin,
        site=args.site or project.root / "site",
        timeout=args.timeout,
        max_result_mb=args.max_result_mb,
        max_connections=args.max_connections,
        allow_services=args.allow_service,
        public_url=args.public_url,
    )


def cmd_stats(args: argparse.Namespace) -> int:
    store = _remote(args) if args.endpoint else _store(args)
    sys.stdout.write(str(store.stats()))
    return 0


def cmd_notebooks(args: argparse.Namespace) -> int:
    from kg.analyst.notebooks import open_command, render_html

    if not args.html:
        print(open_command(_project(args)))
        return 0
    for page in render_html(args.output, project=_project(args)):
        print(page)
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from kg.curate.extract import extract_event

    extraction = extract_event(
        args.page,
        project=_project(args),
        event_id=args.event_id,
        source=args.source,
        date=args.date,
        name=args.name,
        exclude=[args.output] if args.output else None,
        dist=args.dist,
    )
    if args.output:
        Path(args.output).write_text(extraction.yaml, encoding="utf-8")
    else:
        sys.stdout.write(extraction.yaml)
    sys.stderr.write(extraction.report())
    return 0


def cmd_lint(args: argparse.Namespace) -> int:
    from kg.curate.lint import lint_project

    report = lint_project(_project(args))
    sys.stdout.write(str(report))
    return 1 if args.strict and not report.ok else 0


def cmd_network(args: argparse.Namespace) -> int:
    from kg.network.graph import ego, to_networkx
    from kg.network.series import SERIES_VIEW, series_network
    from kg.web.viz import export_network

    types = args.types or None
    # With --ego the types filter the neighbourhood, not the way to it.
    if args.view == SERIES_VIEW:
        net = series_network(
            _store(args), co_appearance=args.co_appearance, types=None if args.ego else types
        )
    else:
        net = to_networkx(_store(args), args.view, types=None if args.ego else types)
    if args.ego:
        net = ego(net, args.ego, depth=args.depth, types=types)
    text = export_network(net, args.format, args.output, multigraph=args.multigraph)
    if args.output:
        edges = (
            net.number_of_edges()
            if args.multigraph
            else len({frozenset(e) for e in net.edges() if e[0] != e[1]})
        )
        kind = "directed multigraph" if args.multigraph else "undirected"
        print(f"wrote {args.output}: {net.number_of_nodes()} nodes, {edges} edges ({args.format}, {kind})")
    else:
        sys.stdout.write(text)
    return 0


def cmd_analyse(args: argparse.Namespace) -> int:
    from kg.network.report import analysis_report
    from kg.sparql.table import terminal_width

    width = None if args.wide else terminal_width()
    sys.stdout.write(analysis_report(_store(args), view=args.view, top=args.top, lang=args.lang, width=width))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from kg.network.analysis import explain

    found = explain(_store(args), args.a, args.b, lang=args.lang, limit=args.limit)
    if not found:
        print(f"no connection between {args.a} and {args.b}")
        return 1
    for connection in found:
        print(connection)
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    from kg.web.site import build_site

    report = build_site(_store(args), args.output, dist=args.dist)
    print(report)
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from kg.dev.synth import write_synthetic_project

    out = args.output or Path("build") / f"synth-{args.triples}"
    print(write_synthetic_project(out, args.triples, seed=args.seed, project=_project(args)))
    return 0


# ---------------------------------------------------------------- help that teaches
# `kg --help` lists the commands by task; `kg COMMAND --help` says what a command is for, gives
# every option's default and ends with examples. tests/test_cli.py checks that each command has a
# description and examples, and that every option has help, its default and an example.

TASKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("build the graph", ("build", "synth")),
    ("ask it", ("query", "stats")),
    ("explore the network", ("analyse", "explain", "network", "notebooks")),
    ("publish it", ("site", "serve", "push")),
    ("curate the sources", ("extract", "lint")),
)

DESCRIPTIONS: dict[str, str] = {
    "build": "Read ontology/ and data/curated/, resolve names, check literals and SHACL shapes, and "
    "write dist/ (N-Quads, TriG, JSON-LD, a manifest of hashes) in one atomic step: a build that "
    "fails leaves dist/ as it was and says file, line and what to fix.",
    "synth": "Write a synthetic project of realistic shape, about N statements, for benchmarks. The "
    "same seed gives the same files; every entity is marked as synthetic.",
    "query": "Run SPARQL on the built graph (or on --endpoint): a named question (kg query --list), a "
    ".rq file, SPARQL text, or - for standard input. The common prefixes (schema:, kgo:, skos: …) "
    "are predeclared and relative IRIs resolve against https://w3id.org/kommunen-kg/. The table "
    "fits the terminal (COLUMNS): long cells wrap or are cut with …, the footer says what was left "
    "out; --wide or --format csv give everything.",
    "stats": "Count the entities per type and the statements per source graph, with each graph's "
    "source address.",
    "analyse": "Who is central, which groups there are, and who brokers between them, in a view of "
    "the network: degree and betweenness, Louvain communities (the one-member ones summed up in "
    "one line) and the entities without which their part of the network falls apart.",
    "explain": "The shortest connections between two entities, told in words, the most telling "
    "first; an entity is an IRI (person/birgit-boehm) or a name.",
    "network": "The network of entities for Gephi, Cytoscape or the browser: GraphML, GEXF, "
    "node-link JSON or a self-contained HTML page, of the whole graph or around one entity.",
    "notebooks": "Print the command that opens the analyst notebooks in Jupyter, or execute every "
    "notebook and write it as an HTML page.",
    "site": "Write the static website: the network, a page per entity, the downloads and an embed "
    "snippet; any web server can serve the folder.",
    "serve": "Serve dist/ as a read-only SPARQL 1.1 endpoint with a query editor, and the website "
    "beside it (Oxigraph, no other server needed).",
    "push": "Upload dist/ to a SPARQL store, graph by graph, and verify the counts; a failed push "
    "leaves the server as it was. Credentials come from KG_ENDPOINT_TOKEN, "
    "KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD or ~/.netrc.",
    "extract": "Turn an event programme page (as text) into curator YAML, each name reported as "
    "matched with the graph, new or ambiguous; open questions are marked in the YAML for the "
    "curator to resolve.",
    "lint": "Look for likely duplicates, entities without a source, dangling references, unused "
    "vocabulary and open extractor questions in data/curated/, each with its file and line.",
}

EXAMPLES: dict[str, tuple[str, ...]] = {
    "build": ("kg build", "kg --dist /tmp/kg-dist build"),
    "synth": ("kg synth --triples 100000", "kg synth --triples 10000 --seed 1 -o /tmp/synth-10k"),
    "query": (
        "kg query --list",
        "kg query programme",
        "kg query programme --bind event=event/2020-11-24-allianzen-bilden --wide",
        "kg query 'SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name }' --format csv",
        "kg query people --endpoint http://localhost:7878/query --timeout 10",
    ),
    "stats": ("kg stats", "kg stats --endpoint http://localhost:7878/query --timeout 10"),
    "analyse": ("kg analyse", "kg analyse --view full --top 5 --lang de", "kg analyse --wide | less -S"),
    "explain": (
        "kg explain 'Birgit Böhm' project/koda-eg",
        "kg explain person/jan-abt 'Thomas Klie' --lang de --limit 1",
    ),
    "network": (
        "kg network -o network.graphml",
        "kg network --view collaboration --format gexf -o network.gexf",
        "kg network --format html --ego 'Thomas Klie' --depth 2 -o klie.html",
        "kg network --type person --multigraph --format json",
        "kg network --view series --co-appearance --format html -o reihe.html",
    ),
    "notebooks": ("kg notebooks", "kg notebooks --html -o /tmp/notebooks"),
    "site": ("kg site", "kg site -o /var/www/kommunen-kg"),
    "serve": (
        "kg serve",
        "kg serve --host 0.0.0.0 --port 8080 --public-url https://kg.example.org",
        "KG_SERVE_TOKEN=secret kg serve --writable --token-env KG_SERVE_TOKEN",
        "kg serve --cors-origin https://example.org --site site/ --timeout 10 --max-result-mb 20",
        "kg serve --max-connections 64 --allow-service https://query.wikidata.org/sparql",
    ),
    "push": (
        "kg push --endpoint http://localhost:7878/query",
        "kg push --endpoint https://kg.example.org/sparql --method gsp --timeout 120",
        "kg push --endpoint https://kg.example.org/sparql --clean   # only tidy up after a broken push",
        "kg push --endpoint https://kg.example.org/sparql --update-url https://kg.example.org/update",
        "kg push --endpoint https://kg.example.org/sparql --graph-store-url https://kg.example.org/gsp",
    ),
    "extract": (
        "kg extract data/sources/event-2020-11-24-allianzen-bilden.txt",
        "kg extract page.txt -o data/curated/my-event.yaml --event-id 2021-03-02-my-event",
        "kg extract page.txt --source https://example.org/programme --date 2021-03-02 --name 'My event'",
    ),
    "lint": ("kg lint", "kg lint --strict"),
}


class _Help(argparse.RawDescriptionHelpFormatter):
    """Keeps the examples as written and adds each option's default to its help."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (
            action.option_strings
            and "default" not in text
            and default is not None
            and default is not False
            and default != []
            and default is not argparse.SUPPRESS
        ):
            text += f" (default: {default})"
        return text


def _wrap(text: str) -> str:
    import shutil
    import textwrap

    # argparse's own width: the terminal's (COLUMNS) less 2, at most 100 for reading
    width = min(shutil.get_terminal_size().columns - 2, 100)
    return textwrap.fill(text, max(width, 40), break_on_hyphens=False)


def _teach(parser: argparse.ArgumentParser, sub: argparse._SubParsersAction) -> None:
    """Give each command its description and examples, and the top-level help its task list."""
    oneliners = {a.dest: a.help or "" for a in sub._choices_actions}
    for name, p in sub.choices.items():
        p.formatter_class = _Help
        p.description = _wrap(DESCRIPTIONS.get(name) or p.description or "")
        examples = EXAMPLES.get(name, ())
        if examples:
            p.epilog = "examples:\n" + "\n".join(f"  {line}" for line in examples)
    width = max(len(n) for _, names in TASKS for n in names)
    lines = [parser.description or "", ""]
    for task, names in TASKS:
        lines.append(f"{task}:")
        lines += [f"  {n.ljust(width)}  {oneliners.get(n, '')}" for n in names]
    parser.description = "\n".join(lines)
    parser.usage = "kg [--project DIR] [--dist DIR] COMMAND [options]"
    parser.epilog = (
        "kg COMMAND --help says what a command does, with its options, defaults and examples.\n"
        "examples:\n"
        "  kg build && kg query --list && kg query programme     # first steps\n"
        "  kg --project ~/kommunen-kg --dist /tmp/kg-dist stats   # another checkout, another dist/"
    )
    parser.formatter_class = _Help


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Kommunen-KG: build, query and explore the knowledge graph of municipal alliance projects.",
    )
    parser.add_argument("--project", metavar="DIR", help="project folder (default: the current checkout)")
    parser.add_argument(
        "--dist", metavar="DIR", type=Path, help="built dataset folder (default: PROJECT/dist)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", help=argparse.SUPPRESS)

    p = sub.add_parser("build", help="read, validate and write the graph to dist/")
    p.set_defaults(handler=cmd_build)

    p = sub.add_parser("query", help="run SPARQL: text, a .rq file, or a named query")
    p.add_argument("query", nargs="?", help="SPARQL text, a .rq file, a named query, or - for stdin")
    p.add_argument(
        "--bind",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind ?NAME to VALUE (an IRI like person/thomas-klie for IRI parameters)",
    )
    p.add_argument(
        "--format",
        "-f",
        default="table",
        choices=["table", "csv", "tsv", "json", "srj"],
        help="table for reading; csv, tsv or json for other tools; srj: W3C SPARQL JSON results",
    )
    p.add_argument(
        "--wide",
        action="store_true",
        help="print the table with every cell whole instead of fitted to the terminal (COLUMNS)",
    )
    p.add_argument("--list", action="store_true", help="list the named queries and their questions")
    p.add_argument("--endpoint", metavar="URL", help="run on a SPARQL endpoint instead of the embedded store")
    p.add_argument(
        "--timeout", type=float, default=30.0, metavar="SECONDS", help="wait this long for the endpoint"
    )
    p.set_defaults(handler=cmd_query)

    p = sub.add_parser(
        "push",
        help="upload dist/ to a SPARQL store, graph by graph",
        description="Credentials come from KG_ENDPOINT_TOKEN, KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD or ~/.netrc.",
    )
    p.add_argument("--endpoint", metavar="URL", required=True, help="the store's SPARQL query endpoint")
    p.add_argument("--update-url", metavar="URL", help="its SPARQL Update endpoint (default: derived)")
    p.add_argument("--graph-store-url", metavar="URL", help="its Graph Store endpoint (default: derived)")
    p.add_argument(
        "--method",
        choices=["auto", "gsp", "update"],
        default="auto",
        help="upload protocol: gsp (Graph Store Protocol), update (SPARQL Update) or auto (gsp if offered)",
    )
    p.add_argument(
        "--clean",
        action="store_true",
        help="only remove (and list) the temporary graphs interrupted pushes left on the server",
    )
    p.add_argument(
        "--timeout", type=float, default=60.0, metavar="SECONDS", help="wait this long per request"
    )
    p.set_defaults(handler=cmd_push)

    p = sub.add_parser("serve", help="serve dist/ as a SPARQL endpoint with a query editor")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=int, default=7878, help="port to listen on; 0: any free port")
    p.add_argument("--writable", action="store_true", help="accept SPARQL Update with the bearer token")
    p.add_argument(
        "--token-env",
        default="KG_SERVE_TOKEN",
        metavar="VAR",
        help="environment variable holding the bearer token for --writable (default: KG_SERVE_TOKEN)",
    )
    p.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="allow cross-origin requests from ORIGIN (repeatable)",
    )
    p.add_argument("--site", type=Path, metavar="DIR", help="static website to serve (default: PROJECT/site)")
    p.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="stop longer queries (default 10; 0: never)",
    )
    p.add_argument(
        "--max-result-mb",
        type=float,
        default=100.0,
        metavar="MB",
        help="cut longer answers (default 100; 0: never)",
    )
    p.add_argument(
        "--max-connections", type=int, default=256, metavar="N", help="open connections at once (default 256)"
    )
    p.add_argument(
        "--allow-service",
        action="append",
        default=[],
        metavar="IRI",
        help="let SERVICE call this endpoint (repeatable; default none), e.g. https://query.wikidata.org/sparql",
    )
    p.add_argument("--public-url", metavar="URL", help="the address clients use, behind a reverse proxy")
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser("stats", help="counts per type and per source graph")
    p.add_argument(
        "--endpoint", metavar="URL", help="count on a SPARQL endpoint instead of the embedded store"
    )
    p.add_argument(
        "--timeout", type=float, default=30.0, metavar="SECONDS", help="wait this long for the endpoint"
    )
    p.set_defaults(handler=cmd_stats)

    p = sub.add_parser(
        "notebooks", help="print the command that opens the notebooks in Jupyter, or render them to HTML"
    )
    p.add_argument("--html", action="store_true", help="execute every notebook and write it as HTML")
    p.add_argument(
        "-o", "--output", metavar="DIR", type=Path, help="folder for the HTML pages (default: site/notebooks)"
    )
    p.set_defaults(handler=cmd_notebooks)

    p = sub.add_parser(
        "extract", help="turn an event programme page into curator YAML, matched against the graph"
    )
    p.add_argument("page", help="the programme page as text (like data/sources/event-*.txt)")
    p.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write the YAML here (default: stdout; the report goes to stderr)",
    )
    p.add_argument("--event-id", metavar="ID", help="the event's id, e.g. 2020-11-24-allianzen-bilden")
    p.add_argument("--source", metavar="URL", help="the page's web address for the source block")
    p.add_argument(
        "--date", metavar="YYYY-MM-DD", help="the event's day, for a page that gives no year (never guessed)"
    )
    p.add_argument("--name", metavar="NAME", help="the event's name, for a page that names no event")
    p.set_defaults(handler=cmd_extract)

    p = sub.add_parser(
        "lint", help="likely duplicates, entities without source, dangling references, unused vocabulary"
    )
    p.add_argument("--strict", action="store_true", help="exit non-zero on any finding (CI)")
    p.set_defaults(handler=cmd_lint)
    from kg.network.graph import FORMATS, VIEWS
    from kg.network.series import SERIES_VIEW

    p = sub.add_parser("network", help="the network of entities as GraphML, GEXF, node-link JSON or HTML")
    p.add_argument(
        "--view",
        default="full",
        choices=(*VIEWS, SERIES_VIEW),
        help="full: every entity and relation; collaboration: people, projects, organisations and "
        "municipalities linked by working together; project-municipality: projects and their places; "
        "series: the people and organisations of the event series, weighted by events",
    )
    p.add_argument(
        "--co-appearance",
        action="store_true",
        help="with --view series: also link the people who appeared at the same event",
    )
    p.add_argument(
        "--format",
        "-f",
        default="graphml",
        choices=(*FORMATS, "html"),
        help="graphml or gexf for Gephi and Cytoscape, json for node-link JSON, html for a page to open",
    )
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (default: standard output)")
    p.add_argument(
        "--type",
        dest="types",
        action="append",
        metavar="TYPE",
        help="keep only this node type, e.g. person or project (repeatable)",
    )
    p.add_argument("--ego", metavar="ENTITY", help="only the network around ENTITY (IRI or name)")
    p.add_argument("--depth", type=int, default=1, metavar="N", help="steps from --ego")
    p.add_argument(
        "--multigraph",
        action="store_true",
        help="every relation as a directed edge of its own (default: one weighted undirected edge per pair)",
    )
    p.set_defaults(handler=cmd_network)

    p = sub.add_parser("analyse", aliases=["analyze"], help="centrality, communities and brokers")
    p.add_argument(
        "--view",
        default="collaboration",
        choices=VIEWS,
        help="which network: collaboration (who works with whom), full or project-municipality",
    )
    p.add_argument("--top", type=int, default=15, metavar="N", help="rows of each table")
    p.add_argument("--lang", default="en", choices=["en", "de"], help="language of headings and notes")
    p.add_argument("--wide", action="store_true", help="every cell whole instead of fitted to the terminal")
    p.set_defaults(handler=cmd_analyse)

    p = sub.add_parser("explain", help="the shortest connections between two entities, in words")
    p.add_argument("a", help="an entity: IRI (person/birgit-boehm) or name")
    p.add_argument("b", help="another entity")
    p.add_argument("--lang", default="en", choices=["en", "de"], help="language of the words for relations")
    p.add_argument("--limit", type=int, default=5, metavar="N", help="at most this many connections")
    p.set_defaults(handler=cmd_explain)

    p = sub.add_parser("site", help="a static website: the network, a page per entity, downloads")
    p.add_argument(
        "-o", "--output", type=Path, default=Path("site"), metavar="DIR", help="folder to write the site to"
    )
    p.set_defaults(handler=cmd_site)
    p = sub.add_parser("synth", help="write a synthetic project of N statements (for benchmarks)")
    p.add_argument("--triples", type=int, required=True, metavar="N", help="about how many statements")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed")
    p.add_argument(
        "-o", "--output", type=Path, metavar="DIR", help="project folder to write (default build/synth-N)"
    )
    p.set_defaults(handler=cmd_synth)
    _teach(parser, sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return handler(args)
    except BuildError as err:
        print(f"kg: {err}", file=sys.stderr)
        return 1
    except KGError as err:
        print(f"kg: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0

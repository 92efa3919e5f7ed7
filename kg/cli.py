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
    from kg.web.viz import export_network

    types = args.types or None
    # With --ego the types filter the neighbourhood, not the way to it.
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Kommunen-KG: build, query and explore the knowledge graph of municipal alliance projects.",
    )
    parser.add_argument("--project", metavar="DIR", help="project folder (default: the current checkout)")
    parser.add_argument(
        "--dist", metavar="DIR", type=Path, help="built dataset folder (default: PROJECT/dist)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

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
    p.add_argument("--format", "-f", default="table", choices=["table", "csv", "tsv", "json", "srj"])
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
    p.add_argument("--method", choices=["auto", "gsp", "update"], default="auto", help="upload protocol")
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
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=7878, help="port to listen on (default: 7878; 0: any free)")
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

    p = sub.add_parser("network", help="the network of entities as GraphML, GEXF, node-link JSON or HTML")
    p.add_argument("--view", default="full", choices=VIEWS)
    p.add_argument("--format", "-f", default="graphml", choices=(*FORMATS, "html"))
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (default: standard output)")
    p.add_argument("--type", dest="types", action="append", metavar="TYPE", help="keep only this node type")
    p.add_argument("--ego", metavar="ENTITY", help="only the network around ENTITY (IRI or name)")
    p.add_argument("--depth", type=int, default=1, help="steps from --ego (default 1)")
    p.add_argument(
        "--multigraph",
        action="store_true",
        help="every relation as a directed edge of its own (default: one weighted undirected edge per pair)",
    )
    p.set_defaults(handler=cmd_network)

    p = sub.add_parser("analyse", aliases=["analyze"], help="centrality, communities and brokers")
    p.add_argument("--view", default="collaboration", choices=VIEWS)
    p.add_argument("--top", type=int, default=15, metavar="N", help="rows of each table (default: 15)")
    p.add_argument(
        "--lang", default="en", choices=["en", "de"], help="language of headings and notes (default: en)"
    )
    p.add_argument("--wide", action="store_true", help="every cell whole instead of fitted to the terminal")
    p.set_defaults(handler=cmd_analyse)

    p = sub.add_parser("explain", help="the shortest connections between two entities, in words")
    p.add_argument("a", help="an entity: IRI (person/birgit-boehm) or name")
    p.add_argument("b", help="another entity")
    p.add_argument("--lang", default="en", choices=["en", "de"])
    p.add_argument("--limit", type=int, default=5)
    p.set_defaults(handler=cmd_explain)

    p = sub.add_parser("site", help="a static website: the network, a page per entity, downloads")
    p.add_argument("-o", "--output", type=Path, default=Path("site"), metavar="DIR")
    p.set_defaults(handler=cmd_site)
    p = sub.add_parser("synth", help="write a synthetic project of N statements (for benchmarks)")
    p.add_argument("--triples", type=int, required=True, metavar="N", help="about how many statements")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    p.add_argument(
        "-o", "--output", type=Path, metavar="DIR", help="project folder to write (default build/synth-N)"
    )
    p.set_defaults(handler=cmd_synth)
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

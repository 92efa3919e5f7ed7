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
    from kg.build import build_dataset

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
    from kg.store import KnowledgeGraph

    return KnowledgeGraph.from_dist(args.dist, project=_project(args))


def cmd_query(args: argparse.Namespace) -> int:
    from kg.query import named_queries

    if args.list:
        for name, q in named_queries().items():
            params = " ".join(f"--bind {p}=…" for p in q.params)
            print(f"{name:28} {q.question}" + (f"  [{params}]" if params else ""))
        return 0
    if not args.query:
        raise KGError("give a query: SPARQL text, a .rq file, or a named query (kg query --list)")
    text = sys.stdin.read() if args.query == "-" else args.query
    result = _store(args).query(text, **_parse_bindings(args.bind))
    sys.stdout.write(result.serialize(args.format))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    sys.stdout.write(str(_store(args).stats()))
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from kg.synth import write_synthetic_project

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
    p.add_argument("--list", action="store_true", help="list the named queries and their questions")
    p.set_defaults(handler=cmd_query)

    p = sub.add_parser("stats", help="counts per type and per source graph")
    p.set_defaults(handler=cmd_stats)

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

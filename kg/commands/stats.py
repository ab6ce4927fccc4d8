"""`kg stats`: documents, entities per class, facts per type, dates and the most connected actors."""

from __future__ import annotations

import argparse
import json
import sys

EPILOG = """examples:
  kg stats out/examples.ttl
  kg stats --store out/graph.db
  kg stats --endpoint http://127.0.0.1:7878/sparql --top 20 --json

Counts come from aggregate SPARQL queries run where the graph lives: a store or an endpoint
is never loaded into memory."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="what a graph holds: documents, entities, facts, dates, top actors",
        description="Summarise graph files, a store or a SPARQL endpoint.",
        usage="kg stats (FILE... | --store DIR | --endpoint URL) [--top N] [--json]",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="graph files (none with --store or --endpoint)")
    from kg.commands.options import add_source_options

    add_source_options(parser, filters=False)
    parser.add_argument("--top", type=int, default=10, metavar="N", help="how many actors to list (10)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg import stats
    from kg.errors import InputError
    from kg.sources import open_source

    if args.top < 0:
        raise InputError("--top must be 0 or more")
    figures = stats.collect(open_source(args.files, args.store, args.endpoint, args.timeout), args.top)
    if args.json:
        sys.stdout.write(json.dumps(stats.as_json(figures), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(stats.render(figures))
    return 0

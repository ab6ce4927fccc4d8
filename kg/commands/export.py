"""`kg export`: write a persistent store out as one RDF file."""

from __future__ import annotations

import argparse
import sys

EPILOG = """examples:
  kg export --store graph.db -o graph.nq          # every document's named graph (streamed)
  kg export --store graph.db -o graph.ttl         # the merged graph as Turtle
  kg export --store graph.db -o out.data --format trig

Quad formats (.nq, .trig) keep one named graph per document and stream straight from the
store; triple formats (.ttl, .nt, .rdf, .jsonld) get the union, each triple once.
The file is written to a temporary name and renamed: an interrupted export leaves no
half-written file and an existing one untouched."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write a persistent store (kg build --store) out as an RDF file",
        description="Write the whole store as one RDF file; the format comes from the extension.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--store", required=True, metavar="DIR", help="the store folder")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write")
    parser.add_argument(
        "--format",
        metavar="F",
        help="RDF format when the extension does not say: nq, trig, ttl, nt, rdf, jsonld",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.store import export_store, open_store

    store = open_store(args.store, read_only=True)
    export_store(store, args.output, args.format)
    print(f"kg export: wrote {args.output}", file=sys.stderr)
    return 0

"""`kg push`: load RDF files into a triple store over the Graph Store HTTP Protocol."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EPILOG = """endpoint URL to pass (the store's graph-store service):
  Oxigraph server   http://localhost:7878/store
  Apache Jena Fuseki  http://localhost:3030/DATASET/data   (quad files: .../DATASET)
  GraphDB           http://localhost:7200/repositories/REPO/rdf-graphs/service
                    (quad files: http://localhost:7200/repositories/REPO/statements)

examples:
  kg push graph.ttl --endpoint http://localhost:7878/store
  kg push graph.ttl --endpoint http://localhost:7878/store \\
      --graph https://example.org/news/2022-01 --replace
  kg push shard-*.nq --endpoint http://localhost:7878/store

Triple files (.ttl, .nt, .rdf, .jsonld) go to ?graph=IRI (or the default graph); quad files
(.nq, .trig) keep their own graphs. Without --replace the data is added (POST); with it,
the target graph (or, for quad files, the whole dataset) is replaced by the first file
(PUT) and the following files are added to it."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "push",
        help="load RDF files into a triple store (Oxigraph, Fuseki, GraphDB) over HTTP",
        description="Send RDF files to a SPARQL 1.1 Graph Store HTTP Protocol endpoint.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="RDF files to send")
    parser.add_argument("--endpoint", required=True, metavar="URL", help="graph store URL")
    parser.add_argument("--graph", metavar="IRI", help="named graph for triple files")
    parser.add_argument(
        "--replace", action="store_true", help="replace the target instead of adding to it"
    )
    parser.add_argument(
        "--timeout", type=float, default=300.0, metavar="S", help="seconds per file (300)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.push import push

    sent = push(
        [Path(s) for s in args.sources],
        args.endpoint,
        graph=args.graph,
        replace=args.replace,
        timeout=args.timeout,
    )
    for item in sent:
        print(
            f"kg push: {item.method} {item.path} ({item.size} bytes) -> {item.url}: HTTP {item.status}",
            file=sys.stderr,
        )
    return 0

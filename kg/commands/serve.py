"""`kg serve`: a read-only SPARQL endpoint and query page over a persistent store."""

from __future__ import annotations

import argparse
import sys

EPILOG = """examples:
  kg serve --store graph.db                    # http://127.0.0.1:7878/ in a browser
  kg serve --store graph.db --port 8080 --timeout 10 --limit 1000
  curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql' \\
      --data-urlencode 'query=SELECT ?s WHERE { ?s a dg:State } LIMIT 5'

The endpoint is /sparql (SPARQL 1.1 Protocol: GET ?query=, POST form or
application/sparql-query). SELECT/ASK answer as SPARQL JSON, XML, CSV or TSV and
CONSTRUCT/DESCRIBE as Turtle, N-Triples, RDF/XML or JSON-LD, by Accept header or
?format=. The default graph is the union of all documents; prefixes dg:, dgr:, prov:,
dcterms:, skos:, wd:, rdf:, rdfs:, owl:, xsd: are predeclared.

Read-only and closed to the outside: SPARQL Update, SERVICE, and FROM / FROM NAMED of
graphs outside this store are refused (403); a query running past --timeout is stopped
(503); answers are cut at --limit rows (header X-Result-Truncated: true); request bodies
over --max-body bytes get 413. Binds 127.0.0.1 unless --host says otherwise."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve a store as a read-only SPARQL endpoint with a query page",
        description="A SPARQL 1.1 Protocol endpoint and browser query page over a store.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--store", required=True, metavar="DIR", help="the store folder")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=7878, help="port (7878)")
    parser.add_argument(
        "--timeout", type=float, default=30.0, metavar="S", help="seconds per query (30)"
    )
    parser.add_argument(
        "--limit", type=int, default=10_000, metavar="N", help="rows per answer (10000)"
    )
    parser.add_argument("--workers", type=int, default=2, metavar="N", help="query processes (2)")
    parser.add_argument(
        "--max-body",
        type=int,
        default=1_000_000,
        metavar="BYTES",
        help="largest request body (1000000)",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.errors import InputError
    from kg.serve import make_server
    from kg.serve_pool import Limits

    for name in ("timeout", "limit", "workers", "max_body"):
        if getattr(args, name) <= 0:
            raise InputError(f"--{name.replace('_', '-')} must be positive")
    limits = Limits(
        timeout=args.timeout,
        rows=args.limit,
        body=args.max_body,
        workers=args.workers,
        threads=max(8, 4 * args.workers),
    )
    server = make_server(args.store, args.host, args.port, limits, verbose=args.verbose)
    host, port = server.server_address[:2]
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"kg serve: warning: listening on {host}, reachable from other machines",
            file=sys.stderr,
        )
    print(f"kg serve: http://{host}:{port}/ (endpoint /sparql); Ctrl-C stops", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # Ctrl-C is how one stops a server: not an error
        print("kg serve: stopped", file=sys.stderr)
    finally:
        server.server_close()
    return 0

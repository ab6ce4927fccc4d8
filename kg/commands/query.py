"""`kg query`: run a named query, a .rq file or inline SPARQL over graph files, a store or an endpoint."""

from __future__ import annotations

import argparse
import sys

EPILOG = """\
examples:
  kg query --list
  kg query graph.trig talks_timeline
  kg query graph.trig actor_profile --param actor=Байдена
  kg query graph.trig demands --param agent=Q6279 --format csv > demands.csv
  kg query a.trig b.ttl my_query.rq --format json
  kg query graph.trig -e 'SELECT ?s WHERE { ?s a dg:State }'
  kg query --store out/graph.db talks_timeline          # the store made by kg build --store
  kg query --endpoint http://127.0.0.1:7878/sparql demands --param agent=Q6279
  kg query --queries newsroom/ graph.trig my_query         # your own named queries

Prefixes dg: dgr: wd: prov: dcterms: skos: rdfs: rdf: owl: xsd: are predeclared.
Parameters are bound as RDF terms (never pasted into the text); an `actor` parameter
takes any name form («Путина», «РФ»), a Wikidata id (Q159) or an IRI.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "query",
        help="run a named SPARQL query, a .rq file or inline SPARQL over files, a store or an endpoint",
        description="Run SPARQL where the graph lives — RDF files, a store (--store) or a SPARQL "
        "endpoint (--endpoint): a named query from queries/, a .rq file, or -e TEXT.",
        usage="kg query (FILE... | --store DIR | --endpoint URL) (NAME | FILE.rq | -e SPARQL)"
        " [--param NAME=VALUE] [options]\n"
        "       kg query --list",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "args",
        nargs="*",
        metavar="ITEM",
        help="graph files (none with --store or --endpoint), then a query name or .rq file (omit with -e)",
    )
    from kg.commands.options import add_source_options

    add_source_options(parser, filters=False)
    parser.add_argument(
        "-e", "--expr", metavar="SPARQL", help="inline query text instead of a name"
    )
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind a query parameter (repeatable)",
    )
    parser.add_argument(
        "--format",
        "-f",
        choices=("table", "csv", "tsv", "json", "md"),
        default="table",
        help="output format (default: table)",
    )
    parser.add_argument(
        "--max-width",
        type=int,
        default=80,
        metavar="N",
        help="cut table cells at N characters; 0 = never (default: 80)",
    )
    parser.add_argument("--list", action="store_true", help="list the named queries, and where each comes from")
    parser.add_argument("--queries", action="append", default=[], metavar="DIR",
                        help="a folder of your own .rq named queries (repeatable; also kg.toml's `queries`)")
    from kg.commands.build import add_config_option

    add_config_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.named_queries import catalogue
    from kg.project import find

    proj = find(getattr(args, "config", None))
    folders = [*proj.queries, *args.queries]
    known, shadows = catalogue(folders)  # headers only: no rdflib, so the list comes at once
    if args.list:
        for warning in shadows:
            print(f"kg query: warning: {warning}", file=sys.stderr)
        for named in known:
            params = " ".join(f"{p.name}:{p.kind}" for p in named.params)
            answers = named.answers.split(": ")[0].split("; ")[0]
            answers = answers if len(answers) <= 90 else answers[:89] + "…"
            print(f"{named.name:<18} {answers}" + (f"  [{params}]" if params else "") + f"  ({named.origin})")
        return 0
    if not (args.store or args.endpoint) and proj.store and len(args.args) <= (args.expr is None):
        args.store = proj.store  # only a query named: read the project's store
    from kg import query as q
    from kg.errors import InputError
    from kg.sources import open_source

    elsewhere = bool(args.store or args.endpoint)
    if args.expr is not None:
        files, named = args.args, q.NamedQuery(name="-e", text=args.expr)
    else:
        if len(args.args) < (1 if elsewhere else 2):
            raise InputError(
                "give graph files (or --store DIR, or --endpoint URL) and a query name or .rq file"
                " (or -e SPARQL); see kg query --help"
            )
        files, named = args.args[:-1], q.load_query(args.args[-1], extra=folders)
        if named.origin != "bundled" and any(named.origin in w for w in shadows):
            print(f"kg query: warning: {named.origin}: shadows the bundled query {named.name!r}", file=sys.stderr)
    source = open_source(files, args.store, args.endpoint, args.timeout)
    bindings = q.bindings_for(named, q.parse_params(args.param), source.names)
    table = source.run(named.text, bindings)
    out = q.format_result(table, args.format, args.max_width)
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
    return 0

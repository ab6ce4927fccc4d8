"""`kg viz`: draw a graph as an interactive HTML page, an SVG/PNG picture or a timeline."""

from __future__ import annotations

import argparse

EPILOG = """\
The output's extension picks the kind: .html (one self-contained page that works
offline: filters, date slider, search, a side panel with the evidence of what you click),
.svg or .png (a static picture: the actors that take part in facts, labels that never
overlap, a legend). --timeline draws every fact over time instead: at its own date, or
hollow at its document's date, or in a "no date" column.

examples:
  kg viz out/graph.trig -o graph.html
  kg viz out/graph.trig -o putin.svg --actor "Путин"
  kg viz out/graph.trig -o russia.png --actor Россия --radius 2
  kg viz out/*.ttl --timeline -o timeline.html
  kg viz out/graph.trig --timeline --by actor -o timeline.png
  kg viz out/graph.trig --lang en -o graph.html
  kg viz --store out/graph.db --top 300 --since 2022 -o network.html
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "viz",
        help="draw a graph: interactive HTML, SVG/PNG picture, or timeline",
        description=__doc__.splitlines()[0].split(": ", 1)[1],
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help="RDF files (.trig, .ttl, .nq, .jsonld, …); none with --store or --endpoint",
    )
    from kg.commands.options import add_source_options

    add_source_options(parser)
    parser.add_argument(
        "--top",
        type=int,
        default=0,
        metavar="N",
        help="only the N most connected actors (0 = all; default 0)",
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="output file: .html, .svg or .png"
    )
    parser.add_argument(
        "--actor",
        metavar="NAME",
        help="only the ego network of this actor (label or alias, case ignored)",
    )
    parser.add_argument(
        "--radius",
        type=int,
        default=1,
        metavar="N",
        help="with --actor: how many steps from the actor (default 1)",
    )
    parser.add_argument("--timeline", action="store_true", help="draw facts over time instead")
    parser.add_argument(
        "--by",
        "--rows",
        dest="rows",
        choices=("type", "actor", "pair"),
        default="type",
        help="timeline rows: one per fact type (default), per actor or per actor pair",
    )
    parser.add_argument(
        "--lang",
        choices=("ru", "en"),
        default="ru",
        help="language of labels and legends (default ru)",
    )
    parser.add_argument("--title", default="", help="title shown on the page or picture")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.errors import InputError
    from kg.rdfio import write_atomic
    from kg.sources import graph_from_args
    from kg.viz import output_format, render, select

    fmt = output_format(args.output)
    if args.radius < 1:
        raise InputError(f"--radius must be 1 or more, got {args.radius}")
    if args.top < 0:
        raise InputError(f"--top must be 0 or more, got {args.top}")
    graph = graph_from_args(args.sources, args)
    model = select(graph, args.actor, args.radius, args.top, args.lang)
    title = args.title or (f"diplograph: {args.actor}" if args.actor else "")
    write_atomic(args.output, render(model, fmt, timeline=args.timeline, by=args.rows, title=title))
    return 0

"""`kg graph`: walk the actor network (networkx) of graph files."""

from __future__ import annotations

import argparse
import sys

COMMANDS = ("neighbours", "neighbors", "path", "central", "communities", "export", "summary")
EPILOG = """\
commands:
  neighbours ACTOR      every fact linking ACTOR to another actor or place
  path ACTOR ACTOR      shortest paths (either direction), each hop with its facts and evidence
  central               degree, PageRank and betweenness of the actors (--top N;
                        betweenness sampled on large networks)
  communities           Louvain communities of the network
  export -o FILE        .graphml or .gexf (Gephi), .json (node-link: Cytoscape, d3)
  summary               nodes, edges, edges per fact type

ACTOR is any name form («Путина», «РФ», «Байден»), a Wikidata id (Q159) or an IRI.

examples:
  kg graph graph.trig path Байден НАТО
  kg graph graph.trig neighbours Путина
  kg graph graph.trig central --top 5
  kg graph a.trig b.trig export -o network.gexf
  kg graph --store out/graph.db central --since 2022 --types Demand,Warning
  kg graph --endpoint http://127.0.0.1:7878/sparql neighbours Россия
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "graph",
        help="the actor network: neighbours, paths, centrality, communities, export",
        description="Build the actor network (networkx MultiDiGraph) of graph files, a store or an "
        "endpoint, and query it.",
        usage="kg graph (FILE... | --store DIR | --endpoint URL) COMMAND [ARG...] [options]",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "items",
        nargs="+",
        metavar="ITEM",
        help="graph files (none with --store or --endpoint), then a command and its arguments",
    )
    from kg.commands.options import add_source_options

    add_source_options(parser)
    parser.add_argument("-o", "--output", metavar="FILE", help="export: the output file")
    parser.add_argument(
        "--top",
        type=int,
        default=10,
        metavar="N",
        help="central: how many actors (0 = all; default 10)",
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=3,
        metavar="N",
        help="path: at most N shortest paths (default 3)",
    )
    parser.add_argument(
        "--facts", type=int, default=3, metavar="N", help="path: facts shown per hop (default 3)"
    )
    parser.add_argument(
        "--max-width",
        type=int,
        default=100,
        metavar="N",
        help="cut evidence at N characters; 0 = never",
    )
    parser.set_defaults(func=run)


def split_items(items: list[str], elsewhere: bool = False) -> tuple[list[str], str, list[str]]:
    from kg.errors import InputError

    for i, item in enumerate(items):
        if item in COMMANDS and (i > 0 or elsewhere):
            return items[:i], ("neighbours" if item == "neighbors" else item), items[i + 1 :]
    raise InputError(
        f"give graph files, then one of: {', '.join(c for c in COMMANDS if c != 'neighbors')}"
    )


def run(args: argparse.Namespace) -> int:
    from kg import drawing
    from kg import network as net
    from kg import network_measures as measures
    from kg.actors import build_index
    from kg.errors import InputError

    sources, command, rest = split_items(args.items, bool(args.store or args.endpoint))
    wanted = {"neighbours": 1, "path": 2}.get(command, 0)
    if len(rest) != wanted:
        raise InputError(
            f"{command} takes {wanted or 'no'} argument{'s' if wanted != 1 else ''}, got {len(rest)}"
        )
    source, filters = drawing.source_from_args(sources, args)
    # The measures need only who acts on whom: the facts' evidence is fetched to show it.
    details = command in ("neighbours", "path", "export")
    if not drawing.wants_rows(source, filters):
        graph = source.graph  # type: ignore[union-attr]
        G = net.to_networkx(graph)
    elif details:
        graph = drawing.fetch(source, filters)
        G = net.to_networkx(graph)  # type: ignore[arg-type]
    else:
        from kg.network_rows import network

        G = network(source, filters)
    out = sys.stdout
    if command in ("neighbours", "path"):
        names = graph if not drawing.wants_rows(source, filters) else source.names()
        index = build_index(names)  # type: ignore[arg-type]
        nodes = [net.resolve(G, names, name, index) for name in rest]  # type: ignore[arg-type]
    if command == "neighbours":
        hops = net.neighbours(G, nodes[0])
        print(
            f"{net.label(G, nodes[0])}: {len(hops)} facts with {len({h.to for h in hops})} neighbours",
            file=out,
        )
        for hop in hops:
            print("  " + _hop_line(G, hop, args.max_width), file=out)
    elif command == "path":
        paths = net.shortest_paths(G, nodes[0], nodes[1], args.limit)
        a, b = (net.label(G, n) for n in nodes)
        if not paths:
            print(f"no path between {a} and {b}", file=out)
            return 1
        for i, path in enumerate(paths, 1):
            chain = [net.label(G, path[0][0].frm)] + [net.label(G, hops[0].to) for hops in path]
            print(
                f"path {i}/{len(paths)} ({len(path)} hop{'s' if len(path) != 1 else ''}): {' — '.join(chain)}",
                file=out,
            )
            for hops in path:
                for hop in hops[: args.facts]:
                    print("  " + _hop_line(G, hop, args.max_width), file=out)
                if len(hops) > args.facts:
                    print(f"    (+{len(hops) - args.facts} more facts)", file=out)
    elif command == "central":
        rows = measures.centrality(G, args.top)
        width = max([5] + [len(r["label"]) for r in rows])
        print(f"{'actor':<{width}}  facts  neighbours  pagerank  betweenness", file=out)
        for r in rows:
            print(
                f"{r['label']:<{width}}  {r['facts']:>5}  {r['neighbours']:>10}  {r['pagerank']:>8.4f}  {r['betweenness']:>11.4f}",
                file=out,
            )
    elif command == "communities":
        groups = measures.communities(G)
        for i, group in enumerate(groups, 1):
            print(f"{i}. ({len(group)}) {', '.join(net.iter_labels(G, group))}", file=out)
    elif command == "export":
        if not args.output:
            raise InputError("export needs -o FILE (.graphml, .gexf or .json)")
        net.export(G, args.output)
        print(
            f"kg graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges -> {args.output}",
            file=sys.stderr,
        )
    elif command == "summary":
        print(f"nodes {G.number_of_nodes()}, edges {G.number_of_edges()}", file=out)
        for fact, n in net.summary(G).items():
            print(f"  {fact:<20} {n}", file=out)
    return 0


def _hop_line(G, hop, max_width: int) -> str:  # type: ignore[no-untyped-def]
    from kg.network import label

    d = hop.data
    parts = [f"{label(G, hop.frm)} {hop.arrow} {label(G, hop.to)}"]
    if d.get("role"):
        parts.append(f"({d['role']})")
    when = d.get("date") and (d["date"] + (f"..{d['end']}" if d.get("end") else ""))
    if when:
        parts.append(f"[{when}]")
    if d.get("documents"):
        parts.append(f"{{{' '.join(d['documents'])}}}")
    if d.get("evidence"):
        text = " ".join(d["evidence"][0].split())
        if max_width and len(text) > max_width:
            text = text[: max_width - 1] + "…"
        parts.append(f"«{text}»")
    elif not d.get("event"):
        parts.append("(direct edge, no event)")
    return " ".join(parts)

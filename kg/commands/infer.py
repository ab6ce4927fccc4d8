"""`kg infer`: materialise the ontology's entailments into a new graph file or into a store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EPILOG = """\
examples:
  kg infer graph.trig -o inferred.ttl
  kg infer graph.trig --profile rdfs -o typed.ttl
  kg infer big.nt --engine sparql -o big-inferred.nt
  kg infer --store store/

engines: owlrl (the reference; slow: about 13 s for 32k triples) and sparql (the same
entailments as SPARQL updates over pyoxigraph, with the ontology's class and property
hierarchies, inverse and symmetric properties worked out in advance: one pass, no
fixpoint loop). With sparql the files are parsed, reasoned over and written by Oxigraph
alone (about 25 s for 1M triples); literals come out in Oxigraph's canonical form
("0.90"^^xsd:decimal as "0.9"). auto picks owlrl for inputs under 2 MB, sparql above.
The output holds the input triples plus the new ones about the data (actor and event
types, inverse and symmetric edges, ...).

--store DIR materialises into a kg store: the new triples go into its merged default
graph (so `kg query --store` and `kg serve` see them) and into the named graph
<https://w3id.org/diplograph/id/inferred>. Run it again after `kg build --store`: it
first retracts the previous inferences, so none outlives the documents it came from.
"""
# Below this many bytes of input, `auto` keeps the rdflib route (owlrl for small graphs,
# literals exactly as written): about 20,000 triples of N-Triples.
SMALL_INPUT_BYTES = 2_000_000


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "infer",
        help="add the ontology's entailments (class hierarchy, inverse/symmetric edges, domains, ranges)",
        description="Materialise what the ontology entails for graph files (or a store) and write the result.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("sources", nargs="*", metavar="SOURCE", help="graph files (any RDF format)")
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="output file; format from the extension (required unless --store)",
    )
    parser.add_argument(
        "--store",
        metavar="DIR",
        help="materialise into this kg store (its default graph and graph …/id/inferred)",
    )
    parser.add_argument(
        "--profile",
        choices=("rdfs", "owl-rl"),
        default="owl-rl",
        help="entailment regime (default: owl-rl)",
    )
    parser.add_argument(
        "--engine",
        choices=("auto", "owlrl", "sparql"),
        default="auto",
        help="reasoner (default: auto, by size)",
    )
    parser.add_argument(
        "--ontology", metavar="FILE", help="ontology file (default: the bundled diplograph.ttl)"
    )
    parser.set_defaults(func=run)


def _input_bytes(sources: list[str]) -> int:
    return sum(Path(s).stat().st_size for s in sources if Path(s).is_file())


def run(args: argparse.Namespace) -> int:
    from kg.errors import InputError, StoreError
    from kg.reason import infer, load_ontology
    from kg.reason_store import infer_files, infer_store

    if args.store:
        if args.sources or args.output:
            raise InputError("--store infers inside the store: give no SOURCE and no -o")
        if args.engine == "owlrl":
            raise InputError("--store needs the sparql engine")
        from kg.store import open_store

        if not (Path(args.store) / "CURRENT").is_file():  # never create an empty store here
            raise StoreError(
                f"{args.store}: no store there (build one with `kg build ... --store`)"
            )
        ontology = load_ontology(args.ontology)
        result = infer_store(open_store(args.store), ontology, args.profile)
        target = f"store {args.store}"
    else:
        if not args.sources:
            raise InputError("no graph files given (or use --store DIR)")
        if not args.output:
            raise InputError("-o OUT is required (or use --store DIR)")
        ontology = load_ontology(args.ontology)
        engine = args.engine
        if engine == "auto" and _input_bytes(args.sources) >= SMALL_INPUT_BYTES:
            engine = "sparql"
        if engine != "sparql":  # the rdflib route: literals exactly as written
            from kg.rdfio import load_dataset, union_graph, write_graph

            data = union_graph(load_dataset(args.sources))
            inference = infer(data, ontology, args.profile, engine)
            write_graph(inference.graph, args.output)
            print(
                f"kg infer: {len(data)} triples + {inference.added} inferred "
                f"({inference.profile}, {inference.engine} engine, {inference.seconds:.1f}s) "
                f"-> {args.output}",
                file=sys.stderr,
            )
            return 0
        result = infer_files(args.sources, args.output, ontology, args.profile)
        target = args.output
    print(
        f"kg infer: {result.triples} triples + {result.added} inferred ({result.profile}, "
        f"sparql engine, {result.seconds:.1f}s) -> {target}",
        file=sys.stderr,
    )
    return 0

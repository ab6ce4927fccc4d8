"""`kg build`: Russian news in, a knowledge graph out."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator

from kg.errors import InputError, OutputError

EPILOG = """examples:
  kg build examples/ -o out/graph.ttl
  kg build news.jsonl -o graph.trig --date 2021-12-31
  cat news.jsonl | kg build - -o graph.nq
  kg build article.txt -o article.ttl --explain    # which rule fired where
  kg build news.jsonl -o graph.ttl --gazetteer mine.jsonl --lexicon mine.toml   # your own data
  kg build news.jsonl                               # the store and overlays kg.toml names

A kg.toml in the working folder (or --config FILE) names overlays and defaults; see README.
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "build",
        help="build the knowledge graph from articles",
        description="Find actors and facts in Russian news and write them as RDF.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help=".txt files, .jsonl files ({id, text, date?, url?, title?}), folders, or - for JSON Lines on stdin")
    p.add_argument("-o", "--output", help="output file; format from the extension: .ttl .nt .nq .trig .jsonld")
    p.add_argument("--format", help="output format, overriding the extension (turtle, nt, nquads, trig, json-ld)")
    p.add_argument("--date", help="document date (YYYY-MM-DD) for documents that have none")
    p.add_argument("--store", metavar="DIR", help="write into a persistent Oxigraph store (incremental)")
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes (default: 1 for small inputs, else the number of cores)")
    p.add_argument("--dask", metavar="SCHEDULER",
                   help="extract on a Dask cluster: 'local' (a LocalCluster of --workers processes) or a "
                        "scheduler address; writes into --store, or sharded N-Quads (-o OUT.nq → OUT-00000.nq, …)")
    p.add_argument("--keep-going", action="store_true", help="skip bad documents with a warning instead of stopping")
    p.add_argument("--explain", action="store_true", help="print, per sentence, the mentions and the rules that fired")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    p.add_argument("--gazetteer", action="append", default=[], metavar="FILE.jsonl",
                   help="your own entities and office terms over the bundled gazetteer (repeatable)")
    p.add_argument("--lexicon", action="append", default=[], metavar="FILE.toml",
                   help="your own trigger frames and post phrases over the bundled lexicon (repeatable)")
    add_config_option(p)
    p.set_defaults(func=run)


def add_config_option(p: argparse.ArgumentParser) -> None:
    # SUPPRESS: a subcommand's default would overwrite `kg --config FILE COMMAND`'s value.
    p.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS,
                   help="the project file (default: kg.toml in the working folder, if there is one)")


def _progress(items: Iterator, quiet: bool, total: int | None) -> Iterator:
    if quiet or not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, total=total, unit="doc", file=sys.stderr, desc="kg build")


def _check_output(output: str, fmt: str | None, sources: list[str]) -> str:
    """The output's RDF format, after checking (before any work) that it can be written."""
    from kg import inputs, rdfio

    special = os.path.exists(output) and not os.path.isfile(output) and not os.path.isdir(output)
    # /dev/null, /dev/stdout, a FIFO: written as they are, in Turtle unless told otherwise.
    rdf_format = rdfio.format_for(output, fmt) if fmt or not special else "turtle"
    if special:
        return rdf_format
    if os.path.isdir(output):
        raise OutputError(f"{output}: is a folder, expected a file name")
    if inputs.would_read(output, sources):
        raise OutputError(f"{output}: output would overwrite an input")
    folder = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(folder):
        what = "is not a folder" if os.path.exists(folder) else "does not exist"
        raise OutputError(f"{output}: {folder} {what}")
    # os.access says yes to root even on a read-only file system: try it for real.
    try:
        fd, probe = tempfile.mkstemp(prefix=".kg-probe.", dir=folder)
    except OSError as exc:
        raise OutputError(f"{output}: cannot write in {folder} ({exc.strerror})") from None
    os.close(fd)
    os.unlink(probe)
    return rdf_format


def _skipped(skipped: list[str]) -> str:
    return f", {len(skipped)} bad inputs skipped" if skipped else ""


def run(args: argparse.Namespace) -> int:
    from kg import inputs, overlays, project, rdfio
    from kg.pipeline import build_dataset, iter_results

    proj = project.find(getattr(args, "config", None))
    if not args.output and not args.store:
        args.store = proj.store  # the project's store, when the command line names no output
    if not args.output and not args.store:
        raise InputError("give an output file with -o, or a store with --store")
    default_date = inputs.parse_date(args.date, "--date") if args.date else proj.date
    fmt = _check_output(args.output, args.format, args.inputs) if args.output else None
    layers = overlays.read_overlays([*proj.gazetteer, *args.gazetteer], [*proj.lexicon, *args.lexicon])
    # Checked now, before any input is read: a bad overlay raises; doubts are warnings.
    for problem in overlays.prepared(layers).problems if layers else ():
        if not args.quiet:
            print(f"kg build: warning: {problem}", file=sys.stderr)
    started = time.monotonic()
    # Read (and so validate) every input before any work: a bad line fails fast, nothing written.
    skipped: list[str] = []
    streamed = (args.store or (fmt == "nquads" and not args.explain)) and not args.dask and "-" not in args.inputs
    if streamed:  # files can be read twice: check them all now, hold none of them in memory
        docs = inputs.checked_source(args.inputs, default_date, keep_going=args.keep_going, skipped=skipped)
    else:
        docs = list(inputs.read_documents(args.inputs, default_date, keep_going=args.keep_going,
                                          skipped=skipped))
    if not len(docs):
        raise InputError("no documents to build")
    workers = args.workers or proj.workers or (1 if len(docs) < 200 else (os.cpu_count() or 1))
    if args.dask:
        from kg.dask_build import build_on_dask

        stats = build_on_dask(args.dask, docs, store_dir=args.store, output=args.output,
                              workers=args.workers or proj.workers or (os.cpu_count() or 1), quiet=args.quiet,
                              layers=layers)
    elif args.store:
        from kg.commands.build_store import build_into_store

        stats = build_into_store(args.store, docs, workers=workers, quiet=args.quiet, layers=layers)
    elif fmt == "nquads" and not args.explain:
        # Streamed per document: flat memory; per-document confidence (see build_store).
        from kg.commands.build_store import build_into_nquads

        stats = build_into_nquads(args.output, docs, workers=workers, quiet=args.quiet, layers=layers)
    else:
        results = list(_progress(iter_results(docs, workers=workers, layers=layers), args.quiet, len(docs)))
        if args.explain:
            from kg.explain import explain

            for r in results:
                explain(r, sys.stdout)
        ds = build_dataset(results)
        rdfio.write_atomic(args.output, rdfio.serialize(ds, fmt))
        stats = {
            "documents": len(results),
            "entities": len({k for r in results for k in r.entities}),
            "facts": sum(len(r.facts) for r in results),
        }
    if not args.quiet:
        took = time.monotonic() - started
        where = args.output or args.store
        print(f"kg build: {stats['documents']} documents, {stats['entities']} entities, "
              f"{stats['facts']} facts{_skipped(skipped)} in {took:.1f} s → {where}"
              + (f" ({stats['skipped']} unchanged documents skipped)" if stats.get("skipped") else ""),
              file=sys.stderr)
    return 0

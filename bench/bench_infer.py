"""`kg infer` at scale: the Oxigraph path on a big graph file, or inside a store.

    .venv/bin/python bench/bench_infer.py /tmp/dgbench/merged.nt [-o out.nt] [--profile rdfs]
    .venv/bin/python bench/bench_infer.py --store /tmp/storecopy    # materialises into it!
    .venv/bin/python bench/bench_infer.py /tmp/dgbench/merged.nt --generic  # the old engine

Prints the time of each step (load, every rule family, write), wall and CPU seconds and
peak RSS, next to the floor measured in the same run: parsing the input into Oxigraph and
dumping it again with no rules (what any path must pay). `--generic` times the generic
fixpoint rules (the previous engine) on the same store, for comparison. The 1M-triple
graph: `bench/bench_queries.py --store DIR --generate-only`, then `kg export --store DIR
-o merged.nt`. Acceptance (issue 7): < 60 s for 1M triples.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def floor(source: Path, out: Path) -> float:
    """Parse into Oxigraph and dump again: the I/O any Oxigraph path costs."""
    import pyoxigraph as ox

    from kg.reason_store import load_files

    start = time.perf_counter()
    store = ox.Store()
    load_files(store, [source])
    with open(out, "wb") as fh:
        store.dump(fh, ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return time.perf_counter() - start


def generic(source: Path, profile: str) -> None:
    """The previous engine: ontology and data in one store, generic rules to a fixpoint."""
    import pyoxigraph as ox

    from kg.reason import load_ontology
    from kg.reason_rules import run_rules
    from kg.reason_store import load_files

    store = ox.Store()
    load_files(store, [source])
    store.load(load_ontology().serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    start, c0 = time.perf_counter(), cpu()
    rounds = run_rules(store, profile)
    print(
        f"generic rules: {time.perf_counter() - start:.1f} s wall, {cpu() - c0:.1f} s CPU, "
        f"{rounds} rounds"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        epilog=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("source", nargs="?", type=Path, help="graph file (e.g. merged.nt)")
    parser.add_argument("-o", "--output", type=Path, help="where to write (default: a temp file)")
    parser.add_argument("--store", type=Path, help="infer into this kg store instead")
    parser.add_argument("--profile", default="owl-rl", choices=("rdfs", "owl-rl"))
    parser.add_argument("--generic", action="store_true", help="also time the generic rules")
    parser.add_argument("--no-floor", action="store_true", help="skip the parse+dump floor")
    args = parser.parse_args()
    if not args.source and not args.store:
        parser.error("give a graph file or --store DIR")

    from kg.reason import load_ontology
    from kg.reason_store import infer_files, infer_store

    ontology = load_ontology()
    start, c0 = time.perf_counter(), cpu()
    if args.store:
        from kg.store import open_store

        result = infer_store(open_store(args.store), ontology, args.profile)
        where = str(args.store)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            out = args.output or Path(tmp) / "inferred.nt"
            result = infer_files([args.source], out, ontology, args.profile)
            where = f"{out} ({out.stat().st_size / 1e6:.0f} MB)" if args.output else "temp file"
            wall, used = time.perf_counter() - start, cpu() - c0
            if not args.no_floor:
                f = floor(args.source, Path(tmp) / "floor.nt")
    wall, used = (time.perf_counter() - start, cpu() - c0) if args.store else (wall, used)
    print(f"kg infer ({args.profile}): {result.triples:,} triples + {result.added:,} -> {where}")
    for step, seconds in result.timings.items():
        print(f"  {step:<24}{seconds:8.2f} s")
    print(
        f"total: {wall:.1f} s wall, {used:.1f} s CPU, peak RSS {peak_rss_mb():.0f} MB "
        f"({os.cpu_count()} cores; acceptance < 60 s)"
    )
    if not args.store and not args.no_floor:
        print(f"floor (parse + dump, no rules): {f:.1f} s")
    if args.generic and args.source:
        generic(args.source, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())

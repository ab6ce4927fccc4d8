"""The store commands on a generated store of over 1M triples, timed as a user runs them.

    .venv/bin/python bench/bench_queries.py --store /tmp/qstore --generate-only   # once (~2 min)
    .venv/bin/python bench/bench_store_commands.py --store /tmp/qstore [--runs 3]

Each command runs as its own process (`kg --help`, `kg query --list`, `kg query --store … NAME`, `kg stats --store …`,
`kg graph --store … central`, `kg viz --store … --top 300 -o g.html`); the figure is the
median wall time of --runs runs, with the peak RSS of the slowest run (the process and its
children, from wait4). The query's own time is printed by bench_queries.py (the kg serve
worker); here it is the whole command — interpreter start, imports, opening the store,
resolving parameters, formatting.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KG = [sys.executable, "-m", "kg"]


def timed(argv: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of one command; fails loudly when the command does."""
    start = time.perf_counter()
    proc = subprocess.Popen([*KG, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"kg {' '.join(argv)} failed: {err.strip()}")
    return elapsed, usage.ru_maxrss // 1024


def bench(name: str, argv: list[str], runs: int) -> None:
    results = [timed(argv) for _ in range(runs)]
    secs = [s for s, _ in results]
    rss = max(r for _, r in results)
    print(f"{name:<34} median {statistics.median(secs):6.2f} s  (runs {', '.join(f'{s:.2f}' for s in secs)})"
          f"  peak RSS {rss} MB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True, help="a store made by bench_queries.py --generate-only")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    store = str(Path(args.store))
    from kg.named_queries import list_queries

    # No store read: interpreter start, imports, argument parsing (target < 0.3 s each).
    bench("kg --help", ["--help"], args.runs)
    bench("kg query --list", ["query", "--list"], args.runs)
    for named in list_queries():
        bench(f"kg query --store {named.name}", ["query", "--store", store, named.name], args.runs)
    bench("kg stats --store", ["stats", "--store", store], args.runs)
    bench("kg graph --store central", ["graph", "--store", store, "central"], args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        bench("kg viz --store --top 300 -o g.html",
              ["viz", "--store", store, "--top", "300", "-o", str(Path(tmp) / "g.html")], args.runs)


if __name__ == "__main__":
    main()

"""Named-query latency on a generated store of over 1M triples: Oxigraph vs rdflib in memory.

    .venv/bin/python bench/bench_queries.py [--docs 42000] [--runs 5] [--rdflib-triples 100000]
    .venv/bin/python bench/bench_queries.py --store /tmp/qstore   # generate once (~2 min), reuse

Generates documents shaped like `kg build` output (one named graph per document, plus the
merged default graph that kg.store keeps; each document graph holds the
document node, entity labels and mentions, events with agent/target/evidence/date, direct
edges; event IRIs shared across documents so merging happens), loads them into an on-disk
Oxigraph store the way `kg build --store` does (one graph per document), and times every
queries/*.rq (parameters unbound: the widest case) as the median of --runs runs, through
the `kg serve` worker (so a query can be stopped at --timeout; JSON serialisation included).
rdflib answers the same queries on an in-memory graph of the first --rdflib-triples quads
(its time grows too fast to run the full size in a benchmark); sizes are printed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.resources import queries_dir
from kg.serve_pool import Limits, QueryPool, QueryRequest
from kg.store import PREFIXES, document_graph_iri

DG = PREFIXES["dg"]
DGR = PREFIXES["dgr"]
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
SAME = "http://www.w3.org/2002/07/owl#sameAs"
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
IDENT = "http://purl.org/dc/terms/identifier"
DATE = "http://purl.org/dc/terms/date"
XSD = "http://www.w3.org/2001/XMLSchema#"
EVENTS = [
    ("Demand", "demanded"),
    ("Warning", "warned"),
    ("SanctionThreat", "threatenedSanctions"),
    ("SanctionImposition", "imposedSanctions"),
    ("Rejection", "rejected"),
]
CLASSES = ["State", "Person", "InternationalOrganization", "GovernmentBody", "City"]


def n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def document_quads(i: int, rng: random.Random, entities: int) -> list[ox.Quad]:
    g = n(document_graph_iri(f"doc{i:07d}"))
    doc = n(f"{DGR}doc/doc{i:07d}")
    day = f"2022-01-{1 + i % 28:02d}"
    quads = [
        (doc, n(RDF_TYPE), n(DG + "Document")),
        (doc, n(IDENT), ox.Literal(f"doc{i:07d}")),
        (doc, n(DATE), ox.Literal(day, datatype=n(XSD + "date"))),
        (g, n(DG + "contentHash"), ox.Literal(f"{i:064x}")),
    ]
    mentioned = rng.sample(range(entities), 5)
    for e in mentioned:
        node = n(f"{DGR}e{e}")
        quads += [
            (node, n(RDF_TYPE), n(DG + CLASSES[e % len(CLASSES)])),
            (node, n(LABEL), ox.Literal(f"Актор {e}", language="ru")),
            (node, n(ALT), ox.Literal(f"Актора {e}", language="ru")),
            (node, n(SAME), n(f"http://www.wikidata.org/entity/Q{e + 1}")),
            (node, n(DG + "mentionedIn"), doc),
        ]
    for k in range(2):
        cls, edge = EVENTS[(i + k) % len(EVENTS)]
        a, t = mentioned[k], mentioned[k + 2]
        event = n(f"{DGR}event/{cls}-{a}-{t}-{day}")  # same key, same IRI: merged
        agent, target = n(f"{DGR}e{a}"), n(f"{DGR}e{t}")
        quads += [
            (event, n(RDF_TYPE), n(DG + cls)),
            (event, n(DG + "agent"), agent),
            (event, n(DG + "target"), target),
            (event, n(DG + "startDate"), ox.Literal(day, datatype=n(XSD + "date"))),
            (event, n(DG + "evidence"), ox.Literal(f"Предложение {i}-{k}", language="ru")),
            (event, n(DG + "confidence"), ox.Literal("0.8", datatype=n(XSD + "decimal"))),
            (event, n(DERIVED), doc),
            (agent, n(DG + edge), target),
        ]
    return [ox.Quad(s, p, o, g) for s, p, o in quads]


def median_ms(run, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def generate(path: Path, docs: int, entities: int, sample_size: int) -> list[ox.Quad]:
    """Write the synthetic store into `path`; the first `sample_size` document quads."""
    rng = random.Random(7)
    store = ox.Store(str(path))
    sample: list[ox.Quad] = []

    def quads():
        for i in range(docs):
            for q in document_quads(i, rng, entities):
                if len(sample) < sample_size:
                    sample.append(q)
                yield q
                if q.predicate.value != DG + "contentHash":  # the merged default graph
                    yield ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())

    store.bulk_extend(quads())
    store.optimize()
    return sample


def stored_sample(path: Path, sample_size: int) -> list[ox.Quad]:
    """The first `sample_size` quads of the first documents of a store generated earlier."""
    store = ox.Store.read_only(str(path))
    sample: list[ox.Quad] = []
    i = 0
    while len(sample) < sample_size:
        g = n(document_graph_iri(f"doc{i:07d}"))
        quads = list(store.quads_for_pattern(None, None, None, g))
        if not quads:
            break
        sample += quads[: sample_size - len(sample)]
        i += 1
    return sample


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[2:]),
    )
    parser.add_argument("--docs", type=int, default=42_000)  # merged graph > 1M triples
    parser.add_argument("--entities", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rdflib-triples", type=int, default=100_000)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per query")
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument(
        "--store",
        metavar="DIR",
        help="keep the generated store in DIR and reuse it when it is already there "
        "(default: a temporary folder, removed at the end)",
    )
    parser.add_argument(
        "--generate-only", action="store_true", help="write the store (--store) and stop"
    )
    parser.add_argument(
        "--only", action="append", metavar="NAME", help="time only this named query (repeatable)"
    )
    parser.add_argument(
        "--queries", metavar="DIR", help="folder of .rq files (default: the bundled queries/)"
    )
    args = parser.parse_args()

    folder = Path(args.queries) if args.queries else queries_dir()
    queries = {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.rq"))}
    if args.only:
        queries = {k: v for k, v in queries.items() if k in args.only}
    with contextlib.ExitStack() as stack:
        if args.store:
            path = Path(args.store)
        else:
            path = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "store"
        start = time.perf_counter()
        if (path / "CURRENT").is_file():
            sample = stored_sample(path, args.rdflib_triples)
            how = "reused"
        else:
            sample = generate(path, args.docs, args.entities, args.rdflib_triples)
            how = f"generated in {time.perf_counter() - start:.1f} s"
        store = ox.Store.read_only(str(path))
        size = len(store)
        merged = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        graphs = sum(1 for _ in store.named_graphs())
        print(
            f"store {path}: {size:,} quads: {graphs:,} document graphs and the merged default "
            f"graph of {merged:,} triples ({how})"
        )
        del store  # the query workers open it read-only
        if args.generate_only:
            return
        run_all(path, queries, sample, args)


def run_all(path: Path, queries: dict[str, str], sample: list[ox.Quad], args) -> None:  # type: ignore[no-untyped-def]
    from rdflib import Graph

    from kg.store import to_rdflib

    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    for q in sample:
        if q.predicate.value != DG + "contentHash":
            graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    if not args.skip_rdflib:
        print(f"rdflib: {len(graph):,} triples in memory (first {len(sample):,} quads)\n")
    limits = Limits(timeout=args.timeout, rows=10**9, workers=1)
    pool = QueryPool(path, limits)
    pool.start()

    def ox_run(text: str) -> int | str:
        answer = pool.run(QueryRequest(text, "application/sparql-results+json"))
        if answer.status != 200:
            return f"HTTP {answer.status}"
        return len(json.loads(answer.body)["results"]["bindings"])

    print(f"{'query':<20} {'oxigraph ms':>12} {'rows':>7}   {'rdflib ms':>10} {'rows':>7}")
    oxi_all = []
    for name, text in queries.items():
        start = time.perf_counter()
        rows = ox_run(text)
        if isinstance(rows, str):  # timed out: one run is the answer
            ms, shown = (time.perf_counter() - start) * 1000, f">{args.timeout:g} s"
        else:
            ms = median_ms(lambda text=text: ox_run(text), args.runs)
            shown = f"{ms:12.0f}"
        oxi_all.append(ms)

        def rdflib_run(text=text):
            return len(list(graph.query(text, initNs=PREFIXES)))

        if args.skip_rdflib:
            r_rows, r_ms = "-", f"{'skipped':>10}"
        else:
            try:
                r_rows = rdflib_run()
                r_ms = f"{median_ms(rdflib_run, max(1, args.runs // 2)):10.0f}"
            except Exception as exc:  # report, do not stop the benchmark
                r_rows, r_ms = "-", f"{type(exc).__name__:>10}"
        print(f"{name:<20} {shown:>12} {rows!s:>7}   {r_ms} {r_rows!s:>7}", flush=True)
    pool.close()
    if oxi_all:
        print(
            f"\nOxigraph (through the kg serve worker, JSON included): median over the "
            f"named queries {statistics.median(oxi_all):.0f} ms, max {max(oxi_all):.0f} ms, "
            f"(acceptance: < 200 ms median)"
        )


if __name__ == "__main__":
    main()

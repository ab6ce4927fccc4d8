"""Benchmark: `kg viz` of synthetic graphs (issue 19's point 4; a script, never a timed test).

    .venv/bin/python bench/bench_viz.py [--nodes 2000] [--events 5000] [--static-nodes 500]
                                        [--keep DIR] [--no-browser]

Builds a graph in the shape of docs/schema.md §3 (actors of every class, facts of every
type with dates, evidence and documents; preferential attachment, so a few hubs), writes
it as Turtle, then
1. runs `python -m kg viz graph.ttl -o graph.html` in a child process: its CPU time (target
   < 10 s), and a breakdown of the stages measured in this process;
2. opens the page in headless Chromium (network blocked) and measures the time from
   navigation until the page has drawn, fitted and sized its labels (target < 5 s);
3. draws the static PNG of a graph of --static-nodes actors (target < 10 s).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from kg.vocab import DG, DGR

CLASSES = (
    [DG.Person] * 5
    + [DG.State] * 2
    + [DG.GovernmentBody] * 2
    + [
        DG.InternationalOrganization,
        DG.Organization,
        DG.Bloc,
    ]
)
DIRECTED = [DG.Demand, DG.Warning, DG.SanctionThreat, DG.SanctionImposition, DG.Rejection]
TALKS = [DG.ScheduledTalks, DG.HeldTalks]
SYLLABLES = [
    "ка",
    "ло",
    "ми",
    "ра",
    "со",
    "ве",
    "ту",
    "ни",
    "да",
    "ко",
    "ре",
    "ла",
    "ба",
    "го",
    "шу",
    "ны",
    "ан",
    "ов",
    "ин",
    "ск",
]


def synthetic_graph(n_nodes: int, n_events: int, seed: int = 1) -> Graph:
    rng = random.Random(seed)
    g = Graph()
    actors = [URIRef(DGR[f"entity/a{i}"]) for i in range(n_nodes)]
    for i, a in enumerate(actors):
        g.add((a, RDF.type, rng.choice(CLASSES)))
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        g.add((a, RDFS.label, Literal(f"{name} {i}", lang="ru")))
    docs = [URIRef(DGR[f"doc/d{i}"]) for i in range(max(1, n_events // 4))]
    for i, d in enumerate(docs):
        g.add((d, RDF.type, DG.Document))
        g.add((d, DCTERMS.identifier, Literal(f"doc_{i:05d}")))
        day = date(2021, 1, 1) + timedelta(days=rng.randrange(760))
        g.add((d, DCTERMS.date, Literal(day.isoformat(), datatype=XSD.date)))
    # Preferential attachment: every event picks actors weighted by how often they acted.
    pool = list(actors)  # each actor once, so that every one can be drawn
    start = date(2021, 1, 1)
    for i in range(n_events):
        e = URIRef(DGR[f"event/{i:06x}"])
        a, b = rng.choice(pool), rng.choice(pool)
        while b == a:
            b = rng.choice(actors)
        pool += [a, b]
        kind = rng.random()
        if kind < 0.7:
            g.add((e, RDF.type, rng.choice(DIRECTED)))
            g.add((e, DG.agent, a))
            g.add((e, DG.target, b))
        elif kind < 0.9:
            g.add((e, RDF.type, rng.choice(TALKS)))
            g.add((e, DG.participant, a))
            g.add((e, DG.participant, b))
        else:
            g.add((e, RDF.type, DG.Position))
            g.add((e, DG.holder, a))
            g.add((e, DG.organization, b))
            g.add((e, DG.role, Literal("министр", lang="ru")))
        if rng.random() < 0.85:
            day = start + timedelta(days=rng.randrange(730))
            g.add((e, DG.startDate, Literal(day.isoformat(), datatype=XSD.date)))
        g.add(
            (
                e,
                DG.evidence,
                Literal(f"Предложение номер {i}: стороны обменялись заявлениями.", lang="ru"),
            )
        )
        g.add((e, PROV.wasDerivedFrom, rng.choice(docs)))
        g.add((e, DG.confidence, Literal(round(rng.random(), 2))))
    return g


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--static-nodes", type=int, default=500)
    parser.add_argument("--keep", type=Path, help="write graph.ttl and graph.html here")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium part")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_viz_"))
    folder.mkdir(parents=True, exist_ok=True)
    src, out = folder / "graph.ttl", folder / "graph.html"
    graph = synthetic_graph(args.nodes, args.events)
    graph.serialize(src, format="turtle")
    print(f"synthetic graph: {args.nodes} actors, {args.events} events, {len(graph)} triples")

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", "viz", str(src), "-o", str(out)], check=True)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(
        f"kg viz → HTML: {cpu:.2f} s CPU, {wall:.2f} s wall, {out.stat().st_size / 1e6:.1f} MB "
        f"({'OK' if cpu < 10 else 'over'} the 10 s target)"
    )

    # Where the time goes (in this process; imports already paid).
    from kg.rdfio import load_dataset, union_graph
    from kg.viz import html, model

    t0 = time.process_time()
    g = union_graph(load_dataset([src]))
    t1 = time.process_time()
    m = model.extract(g)
    t2 = time.process_time()
    data = html.page_data(m, "bench")
    t3 = time.process_time()
    html.script_json(data)
    t4 = time.process_time()
    print(
        f"  load {t1 - t0:.2f} s, model {t2 - t1:.2f} s, layout+data {t3 - t2:.2f} s, "
        f"json {t4 - t3:.2f} s; {len(m.nodes)} nodes, {len(m.edges)} edges drawn"
    )
    settle = None if args.no_browser else browser_settle(out, folder)
    static = static_picture(args.static_nodes, folder)
    ok = cpu < 10 and (settle is None or settle < 5) and static < 10
    return 0 if ok else 1


def browser_settle(page: Path, folder: Path) -> float:
    """Seconds from navigation until the page says it has drawn (data-ready, set after the
    first drawing of the fitted view with its labels sized), in headless Chromium."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from browser import Browser  # the tests' DevTools driver

    profile = Path(tempfile.mkdtemp(prefix="bench_viz_chromium_"))  # fresh: no stale port file
    b = Browser(profile / "p")
    try:
        b.watch("Runtime", "Page")
        start = time.perf_counter()
        b.send("Page.navigate", url=page.resolve().as_uri())
        deadline = start + 60
        while not b.eval("document.body && document.body.getAttribute('data-ready') === '1'"):
            if time.perf_counter() > deadline:
                raise SystemExit("the page did not settle in 60 s")
            time.sleep(0.05)
        settle = time.perf_counter() - start
        shown = b.eval("kgViz.network.body.data.nodes.length")
        errors = b.errors()
    finally:
        b.close()
        shutil.rmtree(profile, ignore_errors=True)
    print(
        f"HTML in headless Chromium: settled in {settle:.2f} s, {shown} nodes shown "
        f"({'OK' if settle < 5 else 'over'} the 5 s target){'; errors: ' + str(errors) if errors else ''}"
    )
    return settle


def static_picture(n_nodes: int, folder: Path) -> float:
    """Seconds to draw the PNG of a graph of N_NODES actors (model and layout included)."""
    from kg.viz import render
    from kg.viz.model import drawn_nodes, extract, top

    # The N most connected actors of a larger graph, as `kg viz --top N` draws them.
    model = top(extract(synthetic_graph(n_nodes * 3 // 2, n_nodes * 6, seed=2)), n_nodes)
    start = time.perf_counter()
    data = render(model, "png")
    took = time.perf_counter() - start
    (folder / "static.png").write_bytes(data)
    print(
        f"static PNG of {len(drawn_nodes(model, factless=False))} actors: {took:.2f} s "
        f"({'OK' if took < 10 else 'over'} the 10 s target), {len(data) / 1e6:.1f} MB"
    )
    return took


if __name__ == "__main__":
    sys.exit(main())

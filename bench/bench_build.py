"""Build throughput and peak memory: `kg build` next to the natasha floor, measured in one run.

    .venv/bin/python bench/bench_build.py                      # NEREL, 840 documents
    .venv/bin/python bench/bench_build.py --big 20000          # + a 20,000-document corpus
    .venv/bin/python bench/bench_build.py --only floor,kg1 --limit 200
    .venv/bin/python bench/bench_build.py --stages --limit 200 # where kg build's time goes

Configurations (each in a fresh process, so peak RSS is its own):
  floor    natasha's models alone, fed the way kg.nlp does: sentences of 64 documents
           together, sorted by length, batches of 32 (morphology, syntax) and 4 (NER);
           no extraction
  natasha  natasha's per-document calls: Doc(text).segment/tag_morph/parse_syntax/tag_ner
  nlp      kg's natasha stage alone: kg.nlp.parse_documents on chunks of 64 documents
           (the floor's model calls plus lemmas, NER span normal forms, kg's records)
  kg1      `kg build CORPUS -o OUT.nq --workers 1` (streamed N-Quads)
  kg2      the same with --workers 2
  store    `kg build CORPUS --store DIR --workers 2`, then the same again (unchanged corpus)

Models are loaded before the clock starts in floor, natasha, nlp and kg1; with --workers 2 each
worker process loads its own copy inside the timed run (`load s` shows what that costs).
Peak RSS: `main` is the process's VmHWM (/proc/self/status); `total` adds its child
processes, sampled every 0.2 s with psutil (blank when psutil is not installed).
OPENBLAS_NUM_THREADS=1 everywhere: one core per worker, as in kg.pipeline.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ["OPENBLAS_NUM_THREADS"] = "1"  # before numpy loads, here and in every child

ROOT = Path(__file__).resolve().parent.parent
NEREL = ROOT.parent / "shared" / "corpora" / "nerel" / "docs.jsonl"
CONFIGS = ("floor", "natasha", "nlp", "kg1", "kg2", "store", "paired")
CHUNK = 64


# --- measuring --------------------------------------------------------------------------


def vm_hwm_mb() -> float:
    """Peak resident set size of this process, from the kernel."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class TreeRss:
    """Samples the RSS of this process plus its descendants; keeps the peak (MB)."""

    def __init__(self, every: float = 0.2) -> None:
        self.peak = self.peak_pss = 0.0
        self.cpu: dict[int, float] = {}  # CPU seconds of every child process seen, by pid
        self.every = every
        self._stop = threading.Event()
        try:
            import psutil
        except ImportError:
            self._thread = None
            return
        self._me = psutil.Process()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        tick = 0
        while not self._stop.is_set():
            total = pss = 0
            children = self._me.children(recursive=True)
            # PSS splits the pages forked workers share (the models) among them. Reading it
            # costs ~2 ms a process (smaps): only with workers, once a second.
            with_pss = bool(children) and tick % 5 == 0
            tick += 1
            for proc in [self._me, *children]:
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
                    if with_pss:
                        pss += proc.memory_full_info().pss
                    if proc.pid != self._me.pid:
                        times = proc.cpu_times()
                        self.cpu[proc.pid] = times.user + times.system
            self.peak = max(self.peak, total / 2**20)
            self.peak_pss = max(self.peak_pss, pss / 2**20)
            self._stop.wait(self.every)

    def stop(self) -> float | None:
        if self._thread is None:
            return None
        self._stop.set()
        self._thread.join()
        return self.peak


def read_docs(path: Path, limit: int | None):
    """(id, text) pairs streamed from a JSON Lines corpus."""
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                return
            obj = json.loads(line)
            yield obj["id"], obj["text"]


def chunks(items, size: int):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- the configurations (run in a child process) -------------------------------------------


def natasha_models():
    from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter

    emb = NewsEmbedding()
    return Segmenter(), NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb)


def floor_models():
    segmenter, morph, syntax, ner = natasha_models()
    for model, size in ((morph, 32), (syntax, 32), (ner, 4)):
        model.batch_size = size
        model.infer.encoder.batch_size = size
    return segmenter, morph, syntax, ner


def floor_chunk(models, texts: list[str]) -> None:
    """The floor's work on one chunk: natasha's segmentation, then the sentences of all its
    documents through slovnet's morphology, syntax and NER maps, sorted by length."""
    from natasha import Doc

    segmenter, morph, syntax, ner = models
    sents = []
    for text in texts:
        nd = Doc(text)
        nd.segment(segmenter)
        sents.extend(nd.sents)
    order = sorted(range(len(sents)), key=lambda k: len(sents[k].tokens))
    words = [[t.text for t in sents[k].tokens] for k in order]
    for _ in morph.map(words):
        pass
    for _ in syntax.map(words):
        pass
    for _ in ner.map([sents[k].text for k in order]):
        pass


def run_floor(corpus: Path, limit: int | None) -> dict:
    started = time.monotonic()
    models = floor_models()
    load = time.monotonic() - started
    docs = chars = 0
    started, cpu = time.monotonic(), time.process_time()
    for chunk in chunks(read_docs(corpus, limit), CHUNK):
        floor_chunk(models, [text for _, text in chunk])
        docs += len(chunk)
        chars += sum(len(text) for _, text in chunk)
    return {"docs": docs, "chars": chars, "seconds": time.monotonic() - started, "load": load,
            "cpu": time.process_time() - cpu}


def run_paired(corpus: Path, limit: int | None) -> dict:
    """The floor and kg's one-core pipeline (what `kg build -o OUT.nq --workers 1` runs per
    chunk: parse, analyse, N-Quads written, confidences merged) on the same chunk, back to
    back in one process, in alternating order: a machine whose speed drifts slows both alike.
    The floor runs with the cyclic GC off, as kg's stages do: in this process it would also
    scan kg's models and caches."""
    import gc

    from kg import pipeline
    from kg.commands.build_store import ConfidenceMerger, _streamed
    from kg.records import Document

    started = time.monotonic()
    models = floor_models()
    _warm_kg()
    load = time.monotonic() - started
    spent = {"floor": 0.0, "kg": 0.0}
    docs = chars = 0
    merger = ConfidenceMerger()
    with tempfile.TemporaryFile() as out:
        def kg(chunk) -> None:
            for part, _, _ in pipeline.analyse_chunk([Document(id=i, text=t) for i, t in chunk], then=_streamed):
                out.write(part.quads)
                merger.add(part.confidences)

        def floor(chunk) -> None:
            gc.disable()
            try:
                floor_chunk(models, [text for _, text in chunk])
            finally:
                gc.enable()

        for n, chunk in enumerate(chunks(read_docs(corpus, limit), CHUNK)):
            for name, run in (("floor", floor), ("kg", kg))[:: 1 if n % 2 == 0 else -1]:
                cpu = time.process_time()
                run(chunk)
                spent[name] += time.process_time() - cpu
            docs += len(chunk)
            chars += sum(len(text) for _, text in chunk)
        out.write(merger.finish())
    return {"docs": docs, "chars": chars, "seconds": spent["kg"], "load": load, "cpu": spent["kg"],
            "paired_floor": spent["floor"]}


def run_natasha(corpus: Path, limit: int | None) -> dict:
    from natasha import Doc

    started = time.monotonic()
    segmenter, morph, syntax, ner = natasha_models()
    load = time.monotonic() - started
    docs = chars = 0
    started, cpu = time.monotonic(), time.process_time()
    for _, text in read_docs(corpus, limit):
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_morph(morph)
        doc.parse_syntax(syntax)
        doc.tag_ner(ner)
        docs += 1
        chars += len(text)
    return {"docs": docs, "chars": chars, "seconds": time.monotonic() - started, "load": load,
            "cpu": time.process_time() - cpu}


def run_nlp(corpus: Path, limit: int | None) -> dict:
    from kg import nlp
    from kg.records import Document

    started = time.monotonic()
    nlp.models()
    load = time.monotonic() - started
    docs = chars = 0
    started, cpu = time.monotonic(), time.process_time()
    for chunk in chunks(read_docs(corpus, limit), CHUNK):
        nlp.parse_documents([Document(id=i, text=t) for i, t in chunk])
        docs += len(chunk)
        chars += sum(len(t) for _, t in chunk)
    return {"docs": docs, "chars": chars, "seconds": time.monotonic() - started, "load": load,
            "cpu": time.process_time() - cpu}


def _warm_kg() -> float:
    """kg's start-up, outside the clock as the floor's is: the models, the gazetteer, the
    lexicon and the modules `kg build` imports (rdflib among them, ~0.1 s)."""
    started = time.monotonic()
    import kg.commands.build_store  # noqa: F401
    import kg.pipeline  # noqa: F401
    from kg import gazetteer, lexicon, nlp

    nlp.models()
    gazetteer.default()
    lexicon.default()
    return time.monotonic() - started


def _kg_build(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (this process only) of one `kg` command run in-process."""
    from kg.cli import main

    started, cpu = time.monotonic(), time.process_time()
    code = main(argv)
    if code != 0:
        raise SystemExit(f"kg {' '.join(argv)} failed with exit code {code}")
    return time.monotonic() - started, time.process_time() - cpu


def _corpus_size(corpus: Path, limit: int | None) -> tuple[int, int]:
    docs = chars = 0
    for _, text in read_docs(corpus, limit):
        docs += 1
        chars += len(text)
    return docs, chars


def _limited(corpus: Path, limit: int | None, folder: str) -> Path:
    if limit is None:
        return corpus
    path = Path(folder) / "corpus.jsonl"
    with corpus.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
        for n, line in enumerate(src):
            if n >= limit:
                break
            dst.write(line)
    return path


def run_kg(corpus: Path, limit: int | None, workers: int) -> dict:
    docs, chars = _corpus_size(corpus, limit)
    # Both configurations load the models before the clock: one worker uses this process's,
    # two workers are forked from it (kg.pipeline loads them in the parent, then forks).
    load = _warm_kg()
    with tempfile.TemporaryDirectory() as tmp:
        src = _limited(corpus, limit, tmp)
        seconds, cpu = _kg_build(["build", str(src), "-o", f"{tmp}/out.nq", "--workers", str(workers), "-q"])
    return {"docs": docs, "chars": chars, "seconds": seconds, "load": load, "cpu": cpu}


def run_store(corpus: Path, limit: int | None) -> dict:
    docs, chars = _corpus_size(corpus, limit)
    with tempfile.TemporaryDirectory() as tmp:
        src = _limited(corpus, limit, tmp)
        argv = ["build", str(src), "--store", f"{tmp}/store", "--workers", "2", "-q"]
        first, cpu = _kg_build(argv)
        again, _ = _kg_build(argv)
    return {"docs": docs, "chars": chars, "seconds": first, "rebuild": again, "load": 0.0, "cpu": cpu}


def run_stages(corpus: Path, limit: int | None) -> dict:
    """CPU seconds per stage of kg's pipeline on one core, run the way `kg build -o OUT.nq
    --workers 1` runs it: kg.pipeline.analyse_chunk with each result's N-Quads made where it
    is (the cyclic GC off), its natasha stage and its detect and extract calls timed."""
    import gc

    from kg import nlp, pipeline
    from kg.commands.build_store import result_quads
    from kg.records import Document

    _warm_kg()
    spent = dict.fromkeys(("natasha+adapt", "mentions", "facts", "results", "rdf+nquads"), 0.0)
    lazy = {"normal forms": 0.0}

    def timed(stage: str, fn):
        def call(*args, **kwargs):
            t0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[stage] += time.process_time() - t0
        return call

    nlp.parse_documents = timed("natasha+adapt", nlp.parse_documents)  # analyse_chunk looks it up here
    pipeline.analyse = timed("results", pipeline.analyse)  # less detect's and extract's own time, below
    pipeline.detect = timed("mentions", pipeline.detect)

    normal_or = nlp._normal_or  # NER span normal forms: natasha's work, made when mentions ask

    def span_normal(*args):
        t0 = time.process_time()
        try:
            return normal_or(*args)
        finally:
            lazy["normal forms"] += time.process_time() - t0

    nlp._normal_or = span_normal
    pipeline.extract = timed("facts", pipeline.extract)
    quads = timed("rdf+nquads", result_quads)
    docs = chars = 0
    for chunk in chunks(read_docs(corpus, limit), CHUNK):
        pipeline.analyse_chunk([Document(id=i, text=t) for i, t in chunk], quads)
        docs += len(chunk)
        chars += sum(len(t) for _, t in chunk)
    spent["results"] -= spent["mentions"] + spent["facts"]
    spent["mentions"] -= lazy["normal forms"]
    spent["natasha+adapt"] += lazy["normal forms"]
    assert gc.isenabled()
    return {"docs": docs, "chars": chars, "seconds": sum(spent.values()), "load": 0.0,
            "cpu": sum(spent.values()), "stages": spent}


def child(config: str, corpus: Path, limit: int | None) -> None:
    tree = TreeRss()
    if config == "floor":
        out = run_floor(corpus, limit)
    elif config == "natasha":
        out = run_natasha(corpus, limit)
    elif config == "nlp":
        out = run_nlp(corpus, limit)
    elif config == "kg1":
        out = run_kg(corpus, limit, 1)
    elif config == "kg2":
        out = run_kg(corpus, limit, 2)
    elif config == "store":
        out = run_store(corpus, limit)
    elif config == "stages":
        out = run_stages(corpus, limit)
    elif config == "paired":
        out = run_paired(corpus, limit)
    else:
        raise SystemExit(f"unknown configuration {config}")
    out["rss_main"] = vm_hwm_mb()
    out["rss_total"] = tree.stop()
    out["pss_total"] = tree.peak_pss or None
    out["cpu"] += sum(tree.cpu.values())  # worker processes (their model loading included)
    print(json.dumps(out))


# --- the driver ----------------------------------------------------------------------------


def measure(config: str, corpus: Path, limit: int | None) -> dict:
    cmd = [sys.executable, __file__, "--child", config, "--corpus", str(corpus)]
    if limit is not None:
        cmd += ["--limit", str(limit)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"{config} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def repeated_corpus(source: Path, size: int, folder: str) -> Path:
    """`size` documents made by repeating `source`, ids made unique with a -rN suffix."""
    lines = source.read_text(encoding="utf-8").splitlines()
    path = Path(folder) / f"repeated-{size}.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for n in range(size):
            obj = json.loads(lines[n % len(lines)])
            obj["id"] = f"{obj['id']}-r{n // len(lines)}"
            fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return path


def report(name: str, results: dict[str, dict]) -> None:
    print(f"\n{name}")
    print(f"{'config':<9}{'docs':>7}{'chars':>10}{'wall s':>8}{'CPU s':>8}{'load s':>8}{'docs/s':>8}"
          f"{'chars/s':>9}{'vs floor':>9}{'chars/CPU-s':>12}{'vs floor':>9}{'RSS main MB':>12}{'total MB':>9}{'PSS MB':>8}")
    floor = results.get("floor")
    for config, r in results.items():
        rate, cpu_rate = r["chars"] / r["seconds"], r["chars"] / r["cpu"]
        ratio = f"{rate / (floor['chars'] / floor['seconds']):.2f}×" if floor else ""
        cpu_ratio = f"{cpu_rate / (floor['chars'] / floor['cpu']):.2f}×" if floor else ""
        total = f"{r['rss_total']:.0f}" if r.get("rss_total") else ""
        pss = f"{r['pss_total']:.0f}" if r.get("pss_total") else ""
        print(f"{config:<9}{r['docs']:>7}{r['chars']:>10}{r['seconds']:>8.1f}{r['cpu']:>8.1f}{r['load']:>8.1f}"
              f"{r['docs'] / r['seconds']:>8.2f}{rate:>9.0f}{ratio:>9}{cpu_rate:>12.0f}{cpu_ratio:>9}"
              f"{r['rss_main']:>12.0f}{total:>9}{pss:>8}")
        if "runs" in r:
            print(f"{'':<9}wall s of each run: {', '.join(f'{x:.1f}' for x in r['runs'])}")
            if floor and "runs" in floor and config != "floor":
                # a round's floor and this configuration ran minutes apart, not hours: the
                # per-round ratio drifts less than the best-of ratio when the machine does
                per_round = sorted(f / x for f, x in zip(floor["runs"], r["runs"], strict=True))
                print(f"{'':<9}vs floor per round: {', '.join(f'{x:.2f}×' for x in per_round)}"
                      f" (median {statistics.median(per_round):.2f}×)")
            one = results.get("kg1")
            if config == "kg2" and one and "runs" in one:
                per_round = sorted(a / b for a, b in zip(one["runs"], r["runs"], strict=True))
                print(f"{'':<9}vs kg1 per round: {', '.join(f'{x:.2f}×' for x in per_round)}"
                      f" (median {statistics.median(per_round):.2f}×)")
        if "paired_floor" in r:
            print(f"{'':<9}paired, CPU s: floor {r['paired_floor']:.1f}, kg {r['cpu']:.1f} — kg "
                  f"{r['paired_floor'] / r['cpu']:.2f}× the floor, chunk by chunk in one process")
        if "rebuild" in r:
            print(f"{'':<9}rebuild of the unchanged corpus: {r['rebuild']:.2f} s "
                  f"= {100 * r['rebuild'] / r['seconds']:.1f}% of the first build")
        if "stages" in r:
            for stage, s in r["stages"].items():
                print(f"{'':<9}{stage:<16}{s:>8.1f} s {100 * s / r['seconds']:>5.1f}%")
            natasha = r["stages"]["natasha+adapt"]
            extraction = r["seconds"] - natasha
            rdf = r["stages"]["rdf+nquads"]
            print(f"{'':<9}extraction (mentions, facts, results) adds {100 * (extraction - rdf) / natasha:.1f}% "
                  f"to natasha+adapt; with the RDF output {100 * extraction / natasha:.1f}%")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work skews wall times)")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=NEREL, help="JSON Lines corpus (default: NEREL)")
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument("--only", default=",".join(CONFIGS), help=f"configurations, from {','.join(CONFIGS)}")
    parser.add_argument("--big", type=int, metavar="N", help="also run on N documents made by repeating the corpus")
    parser.add_argument("--stages", action="store_true", help="time kg's pipeline stages on one core")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="run the configurations N times, interleaved, and report each one's fastest run")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.corpus, args.limit)
        return
    if args.stages:
        report(f"stages of kg build, 1 core — {args.corpus}",
               {"stages": measure("stages", args.corpus, args.limit)})
        return
    configs = [c.strip() for c in args.only.split(",") if c.strip()]
    print(f"{os.cpu_count()} cores; OPENBLAS_NUM_THREADS=1; chunk {CHUNK} documents")
    report(f"{args.corpus} ({args.limit or 'all'} documents)",
           best_of(configs, args.repeat, lambda c: measure(c, args.corpus, args.limit)))
    if args.big:
        with tempfile.TemporaryDirectory() as tmp:
            big = repeated_corpus(args.corpus, args.big, tmp)
            report(f"{args.big} documents (the corpus repeated)",
                   best_of(configs, args.repeat, lambda c: measure(c, big, None)))


def best_of(configs: list[str], rounds: int, run) -> dict[str, dict]:
    """Each configuration's fastest of `rounds` runs, the rounds interleaved (floor, kg1,
    floor, kg1, …) so that a machine whose speed drifts slows every configuration alike."""
    runs: dict[str, list[dict]] = {c: [] for c in configs}
    for _ in range(rounds):
        for c in configs:
            runs[c].append(run(c))
    best = {c: min(rs, key=lambda r: r["seconds"]) for c, rs in runs.items()}
    if rounds > 1:
        for c, rs in runs.items():
            best[c]["runs"] = [r["seconds"] for r in rs]
    return best


if __name__ == "__main__":
    main()

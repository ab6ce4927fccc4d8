"""Composition only: documents → parse → mentions → facts → per-document RDF graphs."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from rdflib import Dataset, Graph

from kg import coref, nlp, overlays
from kg.facts import DocContext, extract
from kg.mentions import detect, entity_of
from kg.rdf import (
    Triple,
    add_document,
    bind,
    document_graph,
    document_triple_list,
    merge_confidence,
)
from kg.records import Document, Entity, Fact, Parsed

CHUNK = 64  # documents parsed together (sentences batched across them)
# Mentions that act for an entity without naming it: a capital, an adjective, «сторона», and
# every kind kg.coref resolves («он», «страна», «стороны»).
UNNAMED = frozenset({"capital", "adjective", "state-noun", *coref.KINDS})


@dataclass(frozen=True)
class DocResult:
    doc: Document
    content_hash: str
    entities: dict[str, Entity]
    forms: dict[str, set[str]]
    facts: list[Fact]
    mentioned: frozenset[str] = frozenset()  # named in the text (not only through a capital)
    resolutions: tuple[coref.Resolution, ...] = ()  # what kg.coref resolved, and why (for --explain)
    overlays: tuple[tuple[str, str], ...] = ()  # (name, checksum) of the overlays it was built with

    def graph(self) -> Graph:
        return document_graph(self.doc, self.entities, self.forms, self.facts, self.content_hash, self.mentioned,
                              self.overlays)

    def triples(self) -> list[Triple]:
        """The graph's triples without the Graph (streamed outputs only need the triples)."""
        return document_triple_list(self.doc, self.entities, self.forms, self.facts, self.content_hash,
                                    self.mentioned, self.overlays)


def content_hash(doc: Document) -> str:
    return hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def analyse(parsed: Parsed, layers: tuple[overlays.Overlay, ...] = ()) -> DocResult:
    """Mentions, entities and facts of one parsed document, with the bundled gazetteer and
    lexicon and the user's overlays `layers` over them."""
    gaz, lex = overlays.resources(layers)
    dm = detect(parsed, gaz, nlp.normal_forms, lex.bodies, nlp.inflect, lex.grammar, lex.demonyms, lex.combining,
                nlp.nominative)
    resolutions = coref.resolve(parsed, dm, gaz, lex)
    coref.apply(dm, gaz, resolutions)
    ctx = DocContext(parsed, dm, gaz, lex, parsed.doc.date)
    facts = extract(ctx)
    for e in list(dm.entities.values()):
        if e.part_of and e.part_of not in dm.entities and e.part_of in gaz.entries:
            dm.entities[e.part_of] = entity_of(gaz.entries[e.part_of])
    # The gazetteer's own names of an entity the document names are its names too (altLabels):
    # «Британия» for the United Kingdom named «Великобритания» in the text.
    for k, names in dm.forms.items():
        entry = gaz.entries.get(k)
        if entry is not None and names:
            names.update(entry.aliases)
    # A capital standing for its state («Москва заявила») and a demonym («палестинцы») act for
    # the state without naming it; an adjective names it only where dm.named says so.
    mentioned = frozenset({k for k, v in dm.forms.items() if v} | dm.named
                          | {m.entity for m in dm.mentions if m.kind not in UNNAMED})
    return DocResult(parsed.doc, content_hash(parsed.doc), dict(dm.entities),
                     {k: set(v) for k, v in dm.forms.items()}, facts, mentioned, resolutions,
                     overlays.stamps(layers))


def analyse_chunk(docs: list[Document], then: Callable[[DocResult], Any] | None = None,
                  layers: tuple[overlays.Overlay, ...] = ()) -> list[Any]:
    """Each document's DocResult, or `then` of it. The overlays come with each chunk (their
    text, a few kilobytes): a worker, forked, spawned or on a Dask cluster, needs no files."""
    parsed = nlp.parse_documents(docs)
    # The stages make many small short-lived objects and no reference cycles worth collecting
    # mid-chunk; the cyclic collector only costs time here (it runs again after the chunk).
    enabled = gc.isenabled()
    gc.disable()
    try:
        if then is None:
            return [analyse(p, layers) for p in parsed]
        return [then(analyse(p, layers)) for p in parsed]
    finally:
        if enabled:
            gc.enable()


def chunked(docs: Iterable[Document], size: int, last_parts: int = 1) -> Iterator[list[Document]]:
    """Chunks of `size` documents; the last one in `last_parts` pieces, so that worker
    processes finish together instead of one idling while another parses a whole chunk."""
    it = iter(docs)
    chunk = list(islice(it, size))
    while chunk:
        after = list(islice(it, size))  # one chunk read ahead: is this the last one?
        if after or last_parts <= 1:
            yield chunk
        else:
            step = -(-len(chunk) // last_parts)
            yield from (chunk[k : k + step] for k in range(0, len(chunk), step))
        chunk = after


def _worker_init(layers: tuple[overlays.Overlay, ...] = ()) -> None:
    os.environ["OPENBLAS_NUM_THREADS"] = "1"  # one BLAS thread per worker process
    nlp.models()
    overlays.resources(layers)


def _fork_ready() -> bool:
    """Can workers be forked from this process? On Linux (fork is unsafe on macOS and missing
    on Windows), when BLAS here is single-threaded: OpenBLAS reads its thread count once, when
    numpy loads, and forked workers keep it. Not loaded yet, _worker_init makes it so."""
    if not sys.platform.startswith("linux"):
        return False
    return "numpy" not in sys.modules or os.environ.get("OPENBLAS_NUM_THREADS") == "1"


def _pool(workers: int, layers: tuple[overlays.Overlay, ...] = ()) -> Any:
    """Worker processes with the models loaded. Forked, they are loaded once, here, before
    the workers exist: no worker spends its first second loading, and the model arrays are
    shared copy-on-write. Otherwise each fresh worker loads its own."""
    import multiprocessing as mp

    if not _fork_ready():
        ctx = mp.get_context("forkserver" if hasattr(os, "fork") else "spawn")
        return ctx.Pool(workers, initializer=_worker_init, initargs=(layers,))
    _worker_init(layers)  # here, in the parent: the workers inherit the models
    # Frozen objects are never scanned by a worker's cyclic GC, so their pages stay shared.
    gc.freeze()
    try:
        return mp.get_context("fork").Pool(workers)
    finally:
        gc.unfreeze()


def iter_results(
    docs: Iterable[Document],
    *,
    workers: int = 1,
    chunk: int = CHUNK,
    skip: Callable[[Document], bool] | None = None,
    then: Callable[[DocResult], Any] | None = None,
    layers: tuple[overlays.Overlay, ...] = (),
) -> Iterator[Any]:
    """Results in input order; several worker processes when `workers` > 1; `layers`: the
    user's overlays (kg.overlays).

    `then` (a module-level function), when given, is applied to each DocResult where it was
    made, in the worker, and its value yielded instead: the main process then neither
    receives the documents back nor does that work itself."""
    wanted = (d for d in docs if skip is None or not skip(d))
    chunks = chunked(wanted, chunk, last_parts=2 * workers if workers > 1 else 1)
    work = functools.partial(analyse_chunk, then=then, layers=layers)
    if workers <= 1:
        for c in chunks:
            yield from work(c)
        return
    # Pool.imap would read the whole input ahead into its task queue; a window of a few
    # chunks per worker keeps memory flat however large the corpus.
    window: deque = deque()
    with _pool(workers, layers) as pool:
        for c in chunks:
            window.append(pool.apply_async(work, (c,)))
            if len(window) >= 2 * workers:
                yield from window.popleft().get()
        while window:
            yield from window.popleft().get()


def build_dataset(results: Iterable[DocResult]) -> Dataset:
    """One named graph per document; merged events get a combined confidence."""
    ds = Dataset()
    bind(ds)
    for r in results:
        add_document(ds, r.doc.id, r.graph())
    merge_confidence(ds)
    return ds


def build_graph(items: Iterable[str | Document], *, date: dt.date | str | None = None,
                gazetteer: Iterable[str] = (), lexicon: Iterable[str] = ()) -> Dataset:
    """Notebook API: texts or Documents in, an rdflib Dataset out (one graph per document).

    `date` (a date or "YYYY-MM-DD") is the date of the texts given as plain strings;
    `gazetteer` and `lexicon`, overlay files (as `kg build --gazetteer/--lexicon`).
    """
    layers = overlays.read_overlays(gazetteer, lexicon)
    overlays.prepared(layers)  # a bad overlay fails before any parsing
    if isinstance(date, str):
        from kg.inputs import parse_date

        date = parse_date(date, "date")
    docs = [
        it if isinstance(it, Document) else Document(id=f"text-{n}", text=it, date=date)
        for n, it in enumerate(items, 1)
    ]
    return build_dataset(iter_results(docs, layers=layers))

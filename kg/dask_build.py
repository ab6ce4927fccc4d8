"""`kg build --dask SCHEDULER`: the extraction on a Dask cluster.

Chunks of documents go to the cluster's workers (each loads the natasha models once, on
its first chunk); the results come back to this process in input order, with a bounded
number of chunks in flight, and are written into the store or into sharded N-Quads
(`OUT.nq` -> `OUT-00000.nq`, `OUT-00001.nq`, ... one shard per chunk) that any triple store
bulk-loads; a last shard holds the merged confidences of events several documents report
(as a single .nq file would). Writing happens here, not on the workers, so the workers need no shared
filesystem; they need diplograph installed (same version) and the natasha models.

dask is an optional dependency: `pip install 'diplograph[cluster]'`.
"""

from __future__ import annotations

import contextlib
import functools
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import InputError, OutputError
from kg.records import Document

CHUNK = 64  # documents per task: sentences are batched across them (as in kg.pipeline)
IN_FLIGHT_PER_WORKER = 2  # tasks queued per worker: keeps workers busy, memory bounded


@dataclass(frozen=True)
class ChunkOutput:
    """What a worker sends back for one chunk: ready-made N-Quads and summary counts."""

    nquads: bytes
    # per document, the confidences held back for merging (kg.commands.build_store.DocQuads)
    confidences: tuple[tuple[tuple[str, str, bytes], ...], ...]
    documents: int
    entity_keys: frozenset[str]
    facts: int


def shard_path(output: str | Path, index: int) -> Path:
    """OUT.nq -> OUT-00000.nq: the shard of the index-th chunk."""
    out = Path(output)
    return out.with_name(f"{out.stem}-{index:05d}{out.suffix}")


def nquads_chunk(docs: list[Document], layers: tuple = ()) -> ChunkOutput:
    """Runs on a worker: extraction and RDF serialisation of one chunk (`layers`: the
    overlays, sent with the chunk)."""
    from kg.commands.build_store import result_quads
    from kg.pipeline import analyse_chunk

    results = analyse_chunk(docs, layers=layers)
    parts = [result_quads(r) for r in results]
    return ChunkOutput(
        b"".join(p.quads for p in parts),
        tuple(p.confidences for p in parts),
        len(results),
        frozenset(k for r in results for k in r.entities),
        sum(len(r.facts) for r in results),
    )


@contextlib.contextmanager
def connect(scheduler: str, workers: int) -> Iterator[Any]:
    """A dask.distributed Client: `local` starts a LocalCluster of `workers` single-threaded
    processes (stopped on exit); anything else is a scheduler address."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise InputError("--dask needs dask.distributed: pip install 'diplograph[cluster]'") from None
    if scheduler == "local":
        # The nanny starts worker processes with OPENBLAS_NUM_THREADS=1 (dask's default
        # distributed.nanny.pre-spawn-environ): one BLAS thread per worker, as in kg.pipeline.
        with LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"--dask {scheduler}: cannot reach the scheduler ({exc})") from None
    with client:
        yield client


def ordered_map(client: Any, fn: Any, items: Iterable[Any], window: int) -> Iterator[Any]:
    """fn over items on the cluster; results in input order, at most `window` in flight."""
    pending: deque = deque()
    for item in items:
        pending.append(client.submit(fn, item, pure=False))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _window(client: Any) -> int:
    nworkers = len(client.scheduler_info().get("workers", {})) or 1
    return IN_FLIGHT_PER_WORKER * nworkers


def build_on_dask(
    scheduler: str,
    docs: Iterable[Document],
    *,
    store_dir: str | Path | None = None,
    output: str | Path | None = None,
    workers: int = 1,
    quiet: bool = False,
    chunk: int = CHUNK,
    layers: tuple = (),
) -> dict[str, int]:
    """Extraction on the cluster; results into the store (incremental, as `--store`) or into
    N-Quads shards beside `output` (which must end in .nq). Returns the summary counts."""
    from kg.commands.build_store import Tally, _total, progress_bar

    if store_dir is None and (output is None or Path(output).suffix.lower() != ".nq"):
        raise OutputError("--dask writes into --store DIR or into sharded N-Quads (-o OUT.nq)")
    tally = Tally()
    bar = progress_bar(quiet, _total(docs))
    try:
        if store_dir is not None:
            _into_store(scheduler, docs, store_dir, workers, chunk, tally, bar, layers)
        else:
            _into_shards(scheduler, docs, Path(output), workers, chunk, tally, bar, layers)  # type: ignore[arg-type]
    finally:
        if bar is not None:
            bar.close()
    return tally.as_dict()


def _into_store(scheduler: str, docs: Iterable[Document], store_dir: str | Path, workers: int,
                chunk: int, tally: Any, bar: Any, layers: tuple) -> None:
    from kg.commands.build_store import overlay_iris, pending_documents
    from kg.pipeline import analyse_chunk, chunked, content_hash
    from kg.store import open_store, put_document, should_skip

    store = open_store(store_dir)
    built_with = overlay_iris(layers)

    def unchanged(doc: Document) -> bool:
        if should_skip(store, doc.id, content_hash(doc), built_with):
            tally.skipped += 1
            if bar is not None:
                bar.update(1)
            return True
        return False

    todo = pending_documents(docs, unchanged)
    if todo is None:  # nothing changed: no cluster at all
        return
    with connect(scheduler, workers) as client:
        # put_document takes an rdflib Graph, so the RDF is built here from the results.
        for results in ordered_map(client, functools.partial(analyse_chunk, layers=layers), chunked(todo, chunk),
                                   _window(client)):
            for r in results:
                put_document(store, r.doc.id, r.content_hash, r.graph())
                tally.add(r.entities, len(r.facts))
                if bar is not None:
                    bar.update(1)
    store.flush()


def _into_shards(scheduler: str, docs: Iterable[Document], output: Path, workers: int,
                 chunk: int, tally: Any, bar: Any, layers: tuple) -> None:
    from kg.commands.build_store import ConfidenceMerger
    from kg.pipeline import chunked
    from kg.store import _atomic_file

    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{output}: folder {folder} does not exist")
    # Shards of an earlier, larger run would otherwise be loaded with the new ones.
    stale = sorted(folder.glob(f"{output.stem}-[0-9][0-9][0-9][0-9][0-9]{output.suffix}"))
    merger = ConfidenceMerger()
    written = 0
    with connect(scheduler, workers) as client:
        for part in ordered_map(client, functools.partial(nquads_chunk, layers=layers), chunked(docs, chunk),
                                _window(client)):
            with _atomic_file(shard_path(output, written)) as fh:
                fh.write(part.nquads)
            written += 1
            for confidences in part.confidences:
                merger.add(confidences)
            tally.documents += part.documents
            tally.facts += part.facts
            tally.entity_keys.update(part.entity_keys)
            if bar is not None:
                bar.update(part.documents)
    with _atomic_file(shard_path(output, written)) as fh:
        fh.write(merger.finish())
    fresh = {shard_path(output, k) for k in range(written + 1)}
    for path in stale:
        if path not in fresh:
            path.unlink(missing_ok=True)

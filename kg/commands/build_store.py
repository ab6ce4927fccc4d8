"""Streaming outputs of `kg build`: the persistent store (`--store DIR`) and N-Quads files.

Documents stream in and per-document graphs stream out: neither the corpus nor the graph
is held in memory, so memory stays flat however large the input.

Merged confidence. An event or post reported by several documents gets one confidence,
1 - ∏(1 - cᵢ), and a `dg:sourceCount` in the default graph (kg.rdf.merge_confidence), in
place of the documents' own values. N-Quads output does the same while streaming: the
`dg:confidence` quads are held back (one small entry per event, not the graph) and written
at the end, so a streamed .nq holds exactly the quads of the in-memory one. The store keeps
each document's own confidence in its graph (so replacing a document stays correct) and
`merged_confidences(store)` computes the merged values when read.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import Any

from kg.records import Document

# Per-document confidences of every event/post reported by several documents.
_SHARED_CONFIDENCES = """\
PREFIX dg: <https://w3id.org/diplograph/ontology#>
SELECT ?node ?g ?c WHERE {
  { SELECT ?node WHERE { GRAPH ?h { ?node dg:confidence ?x } }
    GROUP BY ?node HAVING (COUNT(DISTINCT ?h) > 1) }
  GRAPH ?g { ?node dg:confidence ?c }
}
"""


def merged_confidences(store: Any) -> dict[str, tuple[int, Decimal]]:
    """What kg.rdf.merge_confidence writes for in-memory outputs, computed from a store:
    node IRI -> (source count, 1 - ∏(1 - cᵢ)) for every node reported by several documents."""
    miss: dict[str, Decimal] = {}
    sources: dict[str, set[str]] = {}
    for row in store.query(_SHARED_CONFIDENCES):
        node = row["node"].value
        miss[node] = miss.get(node, Decimal(1)) * (Decimal(1) - Decimal(row["c"].value))
        sources.setdefault(node, set()).add(row["g"].value)
    return {
        node: (len(sources[node]), (Decimal(1) - m).quantize(Decimal("0.01")))
        for node, m in sorted(miss.items())
    }


class Tally:
    """Summary counts of a streamed build (entity keys kept as a set: bounded by the world's
    actors, not by the corpus)."""

    def __init__(self) -> None:
        self.documents = 0
        self.skipped = 0
        self.facts = 0
        self.entity_keys: set[str] = set()

    def add(self, entities: Iterable[str], facts: int) -> None:
        self.documents += 1
        self.entity_keys.update(entities)
        self.facts += facts

    def as_dict(self) -> dict[str, int]:
        return {
            "documents": self.documents,
            "entities": len(self.entity_keys),
            "facts": self.facts,
            "skipped": self.skipped,
        }


def progress_bar(quiet: bool, total: int | None) -> Any:
    """A tqdm bar on stderr, or None when quiet or stderr is not a terminal."""
    if quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, desc="kg build")


def _total(docs: Iterable[Document]) -> int | None:
    return len(docs) if hasattr(docs, "__len__") else None  # type: ignore[arg-type]


def pending_documents(
    docs: Iterable[Document], skip: Callable[[Document], bool]
) -> Iterator[Document] | None:
    """The documents `skip` does not drop, or None when it drops them all.

    Looks ahead to the first document that needs work, so that a build with nothing to do
    never starts worker processes (each would load the natasha models for nothing).
    """
    it = iter(docs)
    for doc in it:
        if not skip(doc):
            return chain([doc], (d for d in it if not skip(d)))
    return None


def overlay_iris(layers: Sequence[Any]) -> frozenset[str]:
    """The IRIs a document built with these overlays records (kg.store.should_skip compares them)."""
    from kg.iris import overlay_iri
    from kg.overlays import stamps

    return frozenset(str(overlay_iri(name, checksum)) for name, checksum in stamps(layers))


def build_into_store(store_dir: str | Path, docs: Iterable[Document], *, workers: int,
                     quiet: bool, layers: tuple = ()) -> dict[str, int]:
    """Build into the Oxigraph store at `store_dir`, one named graph per document.

    A document already stored with the same content hash (and the same overlays, `layers`)
    is skipped before parsing; a changed one has its graph replaced (atomically, per document).
    """
    from kg.pipeline import content_hash, iter_results
    from kg.store import open_store, put_document, should_skip

    store = open_store(store_dir)
    built_with = overlay_iris(layers)
    tally = Tally()
    bar = progress_bar(quiet, _total(docs))

    def unchanged(doc: Document) -> bool:
        # Called from the pool's feeder thread when workers > 1: only reads the store.
        if should_skip(store, doc.id, content_hash(doc), built_with):
            tally.skipped += 1
            if bar is not None:
                bar.update(1)
            return True
        return False

    try:
        todo = pending_documents(docs, unchanged)
        if todo is not None:
            for r in iter_results(todo, workers=workers, layers=layers):
                put_document(store, r.doc.id, r.content_hash, r.graph())
                tally.add(r.entities, len(r.facts))
                if bar is not None:
                    bar.update(1)
        store.flush()
    finally:
        if bar is not None:
            bar.close()
    return tally.as_dict()


def nquads(graph_iri: str | None, triples: Iterable[tuple]) -> bytes:
    """Triples (rdflib's, or kg.rdf's light ones) as sorted N-Quads lines in the named graph
    `graph_iri` (None: the default graph, i.e. N-Triples).

    Sorted because rdflib's triple order changes from process to process (string hashing), and
    the output must not. kg.rdf.nt_row writes each line as rdflib's N-Triples writer would.
    """
    from kg.rdf import nt_row

    end = " .\n" if graph_iri is None else f" <{graph_iri}> .\n"
    # Code point order of the text is the byte order of its UTF-8: sort once, encode once.
    return "".join(sorted([nt_row(t) + end for t in triples])).encode()


@dataclass(frozen=True)
class DocQuads:
    """One document ready to stream: its quads without confidence, and the confidences held
    back for merging, as (node IRI, value, the quad that keeps it when no other document
    reports the node)."""

    quads: bytes
    confidences: tuple[tuple[str, str, bytes], ...]


def document_quads(doc_id: str, graph: Iterable[tuple]) -> DocQuads:
    """`graph`: an rdflib Graph or any collection of triples, rdflib's or kg.rdf's light ones
    (repeats count once)."""
    from rdflib.namespace import PROV

    from kg.iris import document_graph_iri
    from kg.vocab import DG

    name = str(document_graph_iri(doc_id))
    triples = set(graph)
    # Set lookups, not ==: they compare hashes in C before rdflib's URIRef.__eq__ (Python).
    derived_from, confidence = {PROV.wasDerivedFrom}, {DG.confidence}
    # merge_confidence counts a node's documents through prov:wasDerivedFrom.
    derived = {s for s, p, _ in triples if p in derived_from}
    held = sorted(t for t in triples if t[1] in confidence and t[0] in derived)
    confidences = tuple((str(t[0]), str(t[2]), nquads(name, (t,))) for t in held)
    return DocQuads(nquads(name, triples.difference(held)), confidences)


def result_quads(result: Any) -> DocQuads:
    return document_quads(result.doc.id, result.triples())


def _streamed(result: Any) -> tuple[DocQuads, tuple[str, ...], int]:
    """All a streamed N-Quads build keeps of a result, made in the worker process."""
    return result_quads(result), tuple(result.entities), len(result.facts)


class ConfidenceMerger:
    """kg.rdf.merge_confidence for a stream of documents: per node, the number of documents,
    the product of (1 - c) and, while only one document reports it, that document's quads."""

    def __init__(self) -> None:
        self.nodes: dict[str, list] = {}  # IRI -> [documents, ∏(1 - c), held quads]

    def add(self, confidences: Iterable[tuple[str, str, bytes]]) -> None:
        seen: set[str] = set()
        for node, value, line in confidences:
            entry = self.nodes.setdefault(node, [0, Decimal(1), []])
            if node not in seen:
                seen.add(node)
                entry[0] += 1
            entry[1] *= Decimal(1) - Decimal(value)
            entry[2] = [*entry[2], line] if entry[0] < 2 else []

    def finish(self) -> bytes:
        """The held quads of single-source nodes, and the merged values in the default graph."""
        from rdflib import Literal, URIRef
        from rdflib.namespace import XSD

        from kg.vocab import DG

        single: list[bytes] = []
        merged: list[tuple] = []
        for node, (docs, miss, lines) in self.nodes.items():
            if docs < 2:
                single.extend(lines)
                continue
            confidence = (Decimal(1) - miss).quantize(Decimal("0.01"))
            merged.append((URIRef(node), DG.sourceCount, Literal(docs)))
            merged.append((URIRef(node), DG.confidence, Literal(confidence, datatype=XSD.decimal)))
        return b"".join(sorted(single)) + nquads(None, merged)


def build_into_nquads(path: str | Path, docs: Iterable[Document], *, workers: int,
                      quiet: bool, layers: tuple = ()) -> dict[str, int]:
    """Stream N-Quads to `path` (temp file, renamed when complete): one named graph per
    document, merged confidences at the end (see the module docstring)."""
    from kg.pipeline import iter_results
    from kg.store import _atomic_file

    tally = Tally()
    merger = ConfidenceMerger()
    bar = progress_bar(quiet, _total(docs))
    try:
        with _atomic_file(Path(path)) as fh:
            for part, entities, facts in iter_results(docs, workers=workers, then=_streamed, layers=layers):
                fh.write(part.quads)
                merger.add(part.confidences)
                tally.add(entities, facts)
                if bar is not None:
                    bar.update(1)
            fh.write(merger.finish())
    finally:
        if bar is not None:
            bar.close()
    return tally.as_dict()

"""The persistent store: an on-disk Oxigraph (RocksDB) dataset, one named graph per document.

Layout. Every triple derived from document ID lives in the named graph
`document_graph_iri(ID)` = `https://w3id.org/diplograph/id/doc/<ID percent-encoded>/graph`.
That graph also records the hash of the text it came from:
`<graph> dg:contentHash "sha256 hex"` (inside the graph itself, so it is written in the same
transaction as the facts).

The default graph is the merged graph: every triple of every document graph, once.
Events and entities have IRIs shared across documents, so one triple (an entity's label, a
merged event's type) sits in many document graphs; Oxigraph's union-of-graphs view keeps
one copy per graph (bag semantics), which multiplies rows and slows joins by the number of
copies. So `put_document` keeps the default graph itself: it removes the triples that only
the old version of the document had, and adds the new ones. Queries (`query_store`,
`kg serve`, `store_graph`) run on the default graph: set semantics, no duplicates.

Atomicity. `put_document` is one SPARQL Update (delete orphans ; DROP SILENT GRAPH ;
INSERT DATA), which Oxigraph applies as one transaction: a process killed at any moment
leaves each document fully in or fully out, and the merged graph in step with them.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.term import BNode, Identifier, Literal, URIRef

from kg.errors import OutputError, QueryError, QuerySyntaxError, StoreError
from kg.rdfio import format_for
from kg.vocab import DG, DGR

DOC_GRAPH_PREFIX = str(DGR) + "doc/"
CONTENT_HASH = ox.NamedNode(str(DG.contentHash))
BUILT_WITH = ox.NamedNode(str(DG.builtWith))
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# Prefixes written into Turtle/TriG exports and offered to queries.
PREFIXES = {
    "dg": "https://w3id.org/diplograph/ontology#",
    "dgr": str(DGR),
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "wd": "http://www.wikidata.org/entity/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# rdflib format names (kg.rdfio.FORMATS) -> Oxigraph formats.
OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
    "n3": ox.RdfFormat.N3,
}
OX_QUAD_FORMATS = {"nquads", "trig"}


def _oneline(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def open_store(path: str | Path, *, read_only: bool = False) -> ox.Store:
    """Open (or create, unless read-only) the store in folder `path`; one-line StoreError."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise StoreError(f"{p}: is a file, expected a store folder")
    is_store = (p / "CURRENT").is_file()
    if read_only and not is_store:
        raise StoreError(f"{p}: no store there (build one with `kg build ... --store {p}`)")
    if p.is_dir() and not is_store and any(p.iterdir()):
        # Never scatter database files among someone's own files.
        raise StoreError(f"{p}: not an Oxigraph store (the folder holds other files)")
    writer = writer_of(p) if read_only else None
    if writer is not None:
        # A reader would see a build half done, and could meet a file its compaction removes.
        raise StoreError(f"{p}: the store is being written by process {writer} (a running kg build"
                         " --store?); read it when that has finished")
    try:
        return ox.Store.read_only(str(p)) if read_only else ox.Store(str(p))
    except OSError as exc:
        message = _oneline(exc)
        if "lock" in message.lower():
            raise StoreError(f"{p}: store is in use by another process (locked)") from None
        raise StoreError(f"{p}: cannot open store ({message})") from None


def writer_of(path: str | Path) -> int | None:
    """The process holding the store's write lock (a running build), from /proc/locks; None
    when there is none or it cannot be told (no /proc). Read rather than tried: taking the
    lock ourselves, then closing the file, would drop a lock this process holds.

    The lock is RocksDB's on the store's LOCK file, taken when a writer opens the store and
    released by the kernel when the writer's process ends, however it ends: it is the
    build's marker, and a dead build leaves none behind."""
    try:
        st = (Path(path) / "LOCK").stat()
        locks = Path("/proc/locks").read_text()
    except OSError:
        return None
    where = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    for line in locks.splitlines():
        fields = line.split()
        if where in fields and "WRITE" in fields:
            pid = int(fields[fields.index("WRITE") + 1])
            if pid != os.getpid():
                return pid
    return None


def document_graph_iri(doc_id: str) -> str:
    """The named graph of one document: dgr:doc/<id, every reserved character %-encoded>/graph."""
    if not doc_id:
        raise StoreError("empty document id")
    return f"{DOC_GRAPH_PREFIX}{quote(doc_id, safe='')}/graph"


def stored_hash(store: ox.Store, doc_id: str) -> str | None:
    """The content hash recorded for a document, or None when it is not in the store."""
    g = ox.NamedNode(document_graph_iri(doc_id))
    for quad in store.quads_for_pattern(g, CONTENT_HASH, None, g):
        return quad.object.value
    return None


def stored_overlays(store: ox.Store, doc_id: str) -> frozenset[str]:
    """IRIs of the overlays (kg.iris.overlay_iri) the stored document was built with."""
    g = document_graph_iri(doc_id)
    d = ox.NamedNode(g.removesuffix("/graph"))
    return frozenset(q.object.value for q in store.quads_for_pattern(d, BUILT_WITH, None, ox.NamedNode(g)))


def should_skip(store: ox.Store, doc_id: str, content_hash: str, overlays: frozenset[str] = frozenset()) -> bool:
    """True when the store already holds this document built from the same text and with the
    same overlays (their IRIs): a new overlay rebuilds what an older build stored."""
    return stored_hash(store, doc_id) == content_hash and stored_overlays(store, doc_id) == overlays


def _insert_data(graph: Graph) -> str:
    # N-Triples is valid inside INSERT DATA; rdflib escapes quotes, newlines and backslashes.
    data = graph.serialize(format="nt", encoding="utf-8")
    return data.decode("utf-8") if isinstance(data, bytes) else data


def _drop_document(g: str) -> str:
    # Triples of the merged graph that no other document graph holds go with the document.
    return (
        "DELETE { ?s ?p ?o } WHERE {\n"
        f"  GRAPH <{g}> {{ ?s ?p ?o }}\n"
        f"  FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != <{g}>) }}\n"
        "} ;\n"
        f"DROP SILENT GRAPH <{g}>"
    )


def _put_update(doc_id: str, content_hash: str, graph: Graph) -> str:
    g = document_graph_iri(doc_id)
    data = _insert_data(graph)
    # One INSERT DATA for both copies, so a blank node label means the same node in each.
    return (
        f"{_drop_document(g)} ;\n"
        f"INSERT DATA {{\n{data}GRAPH <{g}> {{\n{data}"
        f"<{g}> <{DG.contentHash}> {Literal(content_hash).n3()} .\n}} }}"
    )


def put_document(store: ox.Store, doc_id: str, content_hash: str, graph: Graph) -> None:
    """Replace the document's named graph (and its share of the merged graph), atomically."""
    put_documents(store, [(doc_id, content_hash, graph)])


def put_documents(store: ox.Store, batch: Sequence[tuple[str, str, Graph]]) -> None:
    """`put_document` for several documents in one transaction (all in, or none).

    Measured here: about 5 ms per document of 36 triples on disk either way (batching gains
    ~10%); it lets a caller commit a group as a unit. The ids in one batch must differ.
    """
    if not batch:
        return
    ids = [doc_id for doc_id, _, _ in batch]
    if len(set(ids)) != len(ids):
        raise StoreError("the same document twice in one batch")
    where = f"document {ids[0]!r}" if len(ids) == 1 else f"documents {ids[0]!r}…{ids[-1]!r}"
    try:
        update = " ;\n".join(_put_update(d, h, g) for d, h, g in batch)
    except Exception as exc:  # rdflib raises bare Exception for an IRI it cannot write
        raise StoreError(f"{where}: cannot be stored ({_oneline(exc)})") from None
    try:
        store.update(update)
    except SyntaxError as exc:  # a term rdflib wrote that SPARQL does not accept
        raise StoreError(f"{where}: cannot be stored ({_oneline(exc)})") from None
    except OSError as exc:
        raise StoreError(f"{where}: cannot write store ({_oneline(exc)})") from None


def remove_document(store: ox.Store, doc_id: str) -> None:
    """Drop a document's graph (its facts, and its share of merged events)."""
    try:
        store.update(_drop_document(document_graph_iri(doc_id)))
    except OSError as exc:
        raise StoreError(f"document {doc_id!r}: cannot write store ({_oneline(exc)})") from None


def document_ids(store: ox.Store) -> Iterator[str]:
    """Ids of the documents in the store (decoded from their graph names)."""
    from urllib.parse import unquote

    for name in store.named_graphs():
        iri = getattr(name, "value", "")
        if iri.startswith(DOC_GRAPH_PREFIX) and iri.endswith("/graph"):
            yield unquote(iri[len(DOC_GRAPH_PREFIX) : -len("/graph")])


@contextlib.contextmanager
def _atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A temp file beside `path`, renamed over it only when the block succeeds."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{path}: folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write ({exc.strerror or _oneline(exc)})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_store(store: ox.Store, path: str | Path, fmt: str | None = None) -> None:
    """Write the whole store to a file, streaming, atomically (temp file + rename).

    Quad formats (.nq, .trig) get the whole dataset: the merged default graph and one
    named graph per document (a store loading the file answers queries on its default
    graph as `kg serve` does). Triple formats get the merged graph.
    """
    target = Path(path)
    rdf_format = format_for(target, fmt)
    if rdf_format not in OX_FORMATS:
        raise OutputError(f"{target}: cannot export as {rdf_format}")
    ox_format = OX_FORMATS[rdf_format]
    prefixes = PREFIXES if rdf_format in {"turtle", "trig", "n3", "xml"} else None
    with _atomic_file(target) as fh:
        if rdf_format in OX_QUAD_FORMATS:
            store.dump(fh, ox_format, prefixes=prefixes)
        else:
            store.dump(fh, ox_format, from_graph=ox.DefaultGraph(), prefixes=prefixes)


def store_graph(store: ox.Store) -> Dataset:
    """The store as an rdflib Dataset (through oxrdflib); its default graph is the merged one.

    Reads and SPARQL go to Oxigraph; rdflib code that walks triples works unchanged. Two
    differences from an in-memory rdflib graph: plain literals come back typed xsd:string
    (compare with `Literal.eq`, or use `query_store`), and `initBindings` may only bind
    variables the query projects (Oxigraph's substitution rule).
    """
    from oxrdflib import OxigraphStore

    ds = Dataset(store=OxigraphStore(store=store), default_union=False)
    for prefix, iri in PREFIXES.items():
        ds.bind(prefix, iri, override=True)
    return ds


def to_rdflib(term: Any) -> Identifier | None:
    """An Oxigraph term as the rdflib term an in-memory graph would hold."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))
    raise QueryError(f"unsupported term in result: {term!r}")


def to_oxigraph(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = ox.NamedNode(str(term.datatype)) if term.datatype else None
        return ox.Literal(str(term), datatype=datatype)
    raise QueryError(f"cannot bind {term!r}")


def select_strings(store: ox.Store, sparql: str) -> list[list[str | None]]:
    """A SELECT over the merged graph, each term as its string (an IRI's, a literal's lexical
    form, a blank node's id; None when unbound) — rdflib's `str()` of what query_store gives."""
    try:
        return [[None if v is None else v.value for v in row]
                for row in store.query(sparql, prefixes=PREFIXES)]  # type: ignore[union-attr]
    except SyntaxError as exc:
        raise QuerySyntaxError(f"malformed SPARQL query: {_oneline(exc)}") from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"query failed: {_oneline(exc)}") from None


def query_store(
    store: ox.Store, sparql: str, bindings: Mapping[str, Identifier] | None = None,
    *, variables: list[str] | None = None, terms: dict[Any, Identifier] | None = None,
) -> bool | list[tuple[Identifier | None, ...]] | Graph:
    """Run a SPARQL query over the merged graph (the default graph).

    SELECT -> list of rows (rdflib terms, None for unbound, in projection order);
    ASK -> bool; CONSTRUCT/DESCRIBE -> rdflib Graph. `bindings` pre-bind variables (Oxigraph
    substitution, never string formatting); in a SELECT they must be projected variables.
    `variables`, when given, is filled with a SELECT's variable names in projection order.
    `terms`, when given, caches the conversion of a SELECT's terms (kept across queries by the
    caller): a term met again is the same rdflib object, so dictionaries keyed by terms
    compare it by identity instead of rdflib's `__eq__`, and a dated literal is parsed once.
    """
    substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
    try:
        result = store.query(
            sparql,
            prefixes=PREFIXES,
            substitutions=substitutions or None,
        )
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            if variables is not None:  # the caller wants the projection's names too
                variables[:] = [v.value for v in result.variables]
            if terms is None:
                return [tuple(to_rdflib(value) for value in row) for row in result]
            return [tuple(None if v is None else terms.get(v) or terms.setdefault(v, to_rdflib(v))  # type: ignore[misc]
                          for v in row) for row in result]
        graph = Graph()
        for prefix, iri in PREFIXES.items():
            graph.bind(prefix, iri)
        for t in result:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return graph
    except SyntaxError as exc:
        raise QuerySyntaxError(f"malformed SPARQL query: {_oneline(exc)}") from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"query failed: {_oneline(exc)}") from None

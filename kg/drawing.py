"""What `kg graph` and `kg viz` draw, fetched from a store or an endpoint (or filtered files)
as rows of one-pattern SELECTs and indexed in plain dicts (`Triples`) that kg.network,
kg.viz.model and kg.actors read as they read an rdflib graph: one builder for files, stores
and endpoints, so all three draw the same thing.

One pattern per query because Oxigraph scans a pattern at ~5 µs a row but joins slowly: on
the 1M-triple store of bench/ the CONSTRUCT this replaces took 29 s and loading its 588k
triples into rdflib 52 s; the joins (by event IRI) cost a dict look-up here. The details of
a fact (evidence, documents, end date, confidence, role) are fetched only for the facts a
picture keeps (`add_details`): `kg viz --top 300` reads its few hundred facts' evidence,
not all of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from rdflib import OWL, RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from kg.errors import InputError
from kg.network import DIRECT_EDGES, NODE_CLASSES
from kg.sources import EVENT_CLASSES, FileSource, Source, open_source
from kg.vocab import DG

K = TypeVar("K")
_DATE_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
# Terms looked up once: a closed namespace's attribute costs a Python call, per row here.
_TYPE, _DERIVED, _ID = RDF.type, PROV.wasDerivedFrom, DCTERMS.identifier
_AGENT, _TARGET, _PARTICIPANT, _LOCATION = DG.agent, DG.target, DG.participant, DG.location
_HOLDER, _ORG, _START = DG.holder, DG.organization, DG.startDate
_ROLES = (_AGENT, _TARGET, _PARTICIPANT, _LOCATION, _HOLDER, _ORG, _START)
_DETAILS = (DG.endDate, DG.evidence, DG.confidence, DG.role, _DERIVED)
_NAMES = (RDFS.label, SKOS.altLabel, OWL.sameAs)
_BACKWARDS = {_TYPE}  # the only predicate the builders read backwards (`subjects`)
_BATCH = 500  # IRIs per VALUES block: Oxigraph answers `VALUES ?s {…} ?s ?p ?o` by look-ups
_FEW = 5000  # up to this many facts, their details by look-ups; more, by scanning each property


class Triples:
    """rdflib terms indexed by subject and predicate: the look-ups the graph builders make
    (`objects`, `subjects`, `subject_objects`, `value`), without rdflib's Graph."""

    def __init__(self) -> None:
        self._sp: dict[tuple[Node, Node], dict[Node, None]] = {}
        self._po: dict[tuple[Node, Node], dict[Node, None]] = {}
        self._p: dict[Node, dict[tuple[Node, Node], None]] = {}

    def add(self, s: Node, p: Node, o: Node) -> None:
        self._sp.setdefault((s, p), {})[o] = None
        if p in _BACKWARDS:  # (a set: str's hash, no rdflib __eq__ per triple)
            self._po.setdefault((p, o), {})[s] = None
        self._p.setdefault(p, {})[(s, o)] = None

    def __len__(self) -> int:
        return sum(len(v) for v in self._p.values())

    # Iterators over the index itself: the builders read, they never add while they read.
    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        return iter(self._sp.get((subject, predicate), ()))

    def subjects(self, predicate: Node, obj: Node) -> Iterator[Node]:
        assert predicate in _BACKWARDS, "indexed backwards for rdf:type only"
        return iter(self._po.get((predicate, obj), ()))

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        return iter(self._p.get(predicate, ()))

    def value(self, subject: Node, predicate: Node) -> Node | None:
        return next(iter(self._sp.get((subject, predicate), ())), None)

    def about(self, subjects: Iterable[Node]) -> Triples:
        """The triples of these subjects, and the identifiers of the documents they cite."""
        keep = set(subjects)
        out = Triples()
        for (s, p), objs in self._sp.items():
            if s in keep:
                for o in objs:
                    out.add(s, p, o)
        for doc in {o for s in keep for o in self.objects(s, _DERIVED)}:
            for p in (_ID, DCTERMS.date):  # a fact without its own date is drawn at its document's
                for value in self.objects(doc, p):
                    out.add(doc, p, value)
        return out


@dataclass(frozen=True)
class Filters:
    since: str | None = None  # ISO date or prefix (2022, 2022-01)
    until: str | None = None
    types: tuple[str, ...] = ()  # event class names; () = all

    def __bool__(self) -> bool:
        return bool(self.since or self.until or self.types)


def filters_from_args(args: Any) -> Filters:
    for name in ("since", "until"):
        value = getattr(args, name, None)
        if value and not _DATE_PREFIX.fullmatch(value):
            raise InputError(f"--{name} {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    types = tuple(t.strip() for t in (getattr(args, "types", None) or "").split(",") if t.strip())
    bad = [t for t in types if t not in EVENT_CLASSES]
    if bad:
        raise InputError(f"unknown fact type {bad[0]!r}; use any of {', '.join(EVENT_CLASSES)}")
    return Filters(getattr(args, "since", None), getattr(args, "until", None), types)


def source_from_args(files: list[str], args: Any) -> tuple[Source, Filters]:
    filters = filters_from_args(args)  # checked before a store or endpoint is opened
    timeout = args.timeout or None
    return open_source(files, args.store, args.endpoint, timeout), filters


def wants_rows(source: Source, filters: Filters) -> bool:
    """Whether to fetch rows: always from a store or endpoint; from files only to filter."""
    return not isinstance(source, FileSource) or bool(filters)


# --- fetching ----------------------------------------------------------------------------------


def _rows(source: Source, text: str) -> list[list[Any]]:
    table = source.run(text)
    if getattr(source, "truncated", False):
        from kg.errors import QueryError

        raise QueryError("the endpoint cut an answer at its row limit: a drawing needs every row"
                         " (kg serve --limit N, or read the store with --store)")
    return table.rows


def _scan(source: Source, pred: URIRef) -> list[list[Any]]:
    return _rows(source, f"SELECT ?s ?o WHERE {{ ?s {pred.n3()} ?o }}")


def _scans(source: Source, preds: Iterable[URIRef]) -> dict[URIRef, list[list[Any]]]:
    """Several scans two at a time: Oxigraph evaluates one while Python converts the other's
    rows (an endpoint answers two requests; kg serve has two workers by default)."""
    from concurrent.futures import ThreadPoolExecutor

    preds = list(preds)
    if isinstance(source, FileSource):  # rdflib: parsing is not thread-safe, evaluation holds the GIL
        return {p: _scan(source, p) for p in preds}
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(preds, pool.map(lambda p: _scan(source, p), preds), strict=True))


def _look_up(source: Source, subjects: list[Node]) -> list[list[Any]]:
    """Every triple of these subjects (batches of VALUES; IRIs checked by sources._n3)."""
    from kg.sources import _n3

    rows: list[list[Any]] = []
    for i in range(0, len(subjects), _BATCH):
        block = " ".join(_n3(s) for s in subjects[i : i + _BATCH])
        rows += _rows(source, f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {block} }} ?s ?p ?o }}")
    return rows


def _when(starts: list[str], dates: list[str]) -> set[str | None]:
    """A fact's dates as the filter sees them: its own start, else (none, or no year:
    «--01-09») its document's, so undated facts count at their report's date."""
    return {sd if sd is not None and not sd.startswith("--") else dd
            for sd in (starts or [None]) for dd in (dates or [None])}


def _in_range(whens: set[str | None], since: str | None, until: str | None) -> bool:
    return any(w is not None and (not since or w[: len(since)] >= since)
               and (not until or w[: len(until)] <= until) for w in whens)


def fetch(source: Source, filters: Filters = Filters(), *, details: bool = True, dates: bool = True,
          direct: bool = True) -> Triples:
    """The chosen facts with their roles (and start dates), every actor and place with its
    names and classes, the direct edges (`dg:demanded` …; only unfiltered: they carry no date
    or type of fact) and, with `details`, the facts' evidence, documents, end dates,
    confidence and roles."""
    chosen = {DG[t] for t in (filters.types or EVENT_CLASSES)}
    node_classes = set(NODE_CLASSES)
    classes = " ".join(c.n3() for c in sorted(chosen | node_classes))
    events: dict[Node, list[Node]] = {}
    typed: dict[Node, list[Node]] = {}
    for s, c in _rows(source, f"SELECT ?s ?o WHERE {{ VALUES ?o {{ {classes} }} ?s a ?o }}"):
        (events if c in chosen else typed).setdefault(s, []).append(c)
    dated = bool(filters.since or filters.until)
    scanned = _scans(source, [p for p in (*_ROLES, *_NAMES) if p != _START or dates or details or dated])
    roles = {p: [(s, o) for s, o in scanned[p] if s in events] for p in _ROLES if p in scanned}
    if dated:
        keep = dated_events(events, roles[_START], filters, lambda p: _scan(source, p))
        events = {e: c for e, c in events.items() if e in keep}
        roles = {p: [(s, o) for s, o in pairs if s in keep] for p, pairs in roles.items()}
    out = Triples()
    for e, cs in events.items():
        for c in cs:
            out.add(e, _TYPE, c)
    for p, pairs in roles.items():
        for s, o in pairs:
            out.add(s, p, o)
    nodes = set(typed) | {o for p, pairs in roles.items() if p != _START for _, o in pairs}
    for s, cs in typed.items():
        for c in cs:
            out.add(s, _TYPE, c)
    for p in _NAMES:
        for s, o in scanned[p]:
            if s in nodes:
                out.add(s, p, o)
    if direct and not filters:
        preds = " ".join(p.n3() for p in DIRECT_EDGES)
        for s, p, o in _rows(source, f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {preds} }} ?s ?p ?o }}"):
            out.add(s, p, o)
    if details:
        add_details(source, out, list(events))
    return out


def dated_events(events: Collection[K], starts: Iterable[tuple[K, Any]], filters: Filters,
                 scan: Callable[[URIRef], Iterable[Sequence[Any]]]) -> set[K]:
    """The events in the filters' dates. Keys are rdflib terms or, from kg.network_rows,
    strings: whichever `scan(predicate)` gives as (subject, object) rows."""
    own: dict[K, list[str]] = {}
    for e, d in starts:
        own.setdefault(e, []).append(str(d))
    doc_dates: dict[Any, list[str]] = {}
    for d, date in scan(DCTERMS.date):
        doc_dates.setdefault(d, []).append(str(date))
    reported: dict[K, list[str]] = {}
    for e, d in scan(_DERIVED):
        if e in events:
            reported.setdefault(e, []).extend(doc_dates.get(d, ()))
    return {e for e in events
            if _in_range(_when(own.get(e, []), reported.get(e, [])), filters.since, filters.until)}


def add_details(source: Source, out: Triples, events: list[Node]) -> None:
    """The details of these facts and the ids and dates of their documents, into `out`."""
    wanted = set(_DETAILS)
    if len(events) <= _FEW:
        rows = [(s, p, o) for s, p, o in _look_up(source, sorted(events, key=str)) if p in wanted]
    else:
        chosen = set(events)
        rows = [(s, p, o) for p in _DETAILS for s, o in _scan(source, p) if s in chosen]
    for s, p, o in rows:
        out.add(s, p, o)
    docs = sorted({o for _, p, o in rows if p == _DERIVED and isinstance(o, URIRef)}, key=str)
    if len(docs) <= _FEW:
        found = [(s, p, o) for s, p, o in _look_up(source, docs) if p in (_ID, DCTERMS.date)]
    else:
        chosen_docs = set(docs)
        found = [(s, p, o) for p in (_ID, DCTERMS.date) for s, o in _scan(source, p) if s in chosen_docs]
    for s, p, o in found:
        out.add(s, p, o)


# --- what the commands draw --------------------------------------------------------------------


def viz_model(source: Source, filters: Filters, actor: str | None, radius: int, top_n: int, lang: str = "ru"):  # type: ignore[no-untyped-def]
    """`kg viz`'s model — the same model files give. Chosen on the facts' skeleton (who, with
    whom, when), then the kept facts completed with their details; `--top N` alone picks its
    actors from who-with-whom only and reads the rest for the facts among them."""
    from kg.viz import select

    if top_n and not actor:
        return _top_model(source, filters, top_n, lang)
    skeleton = fetch(source, filters, details=False, direct=False)
    model = select(skeleton, actor, radius, top_n, lang)  # type: ignore[arg-type]
    if not model.facts:
        return model
    kept = [URIRef(f.id) for f in model.facts]
    add_details(source, skeleton, kept)
    # Chosen again with the kept facts' details: their order (by date, a document's when the
    # fact has none) and so their edges' come out as a file's would.
    return select(skeleton, actor, radius, top_n, lang)  # type: ignore[arg-type]


def _iris(triples: Triples, s: Node, p: Node) -> list[str]:
    found = [str(o) for o in triples.objects(s, p) if isinstance(o, URIRef)]
    return sorted(found) if len(found) > 1 else found  # mostly 0 or 1: 340k calls on the bench store


def _top_model(source: Source, filters: Filters, n: int, lang: str = "ru"):  # type: ignore[no-untyped-def]
    """`kg.viz.model.top(extract(graph), n)` without extracting every fact: the nodes and
    their degrees (distinct neighbours) as extract and top count them, then only the facts
    with an edge among the N kept nodes, extracted whole."""
    from itertools import combinations

    from kg.viz.model import ACTOR_CLASSES, FACT_TYPES, cut, extract

    skeleton = fetch(source, filters, details=False, dates=False, direct=False)
    ids = {str(s) for c in ACTOR_CLASSES if c.cls is not None and c.key not in ("City", "Place")
           for s in skeleton.subjects(_TYPE, c.cls) if isinstance(s, URIRef)}
    nbrs: dict[str, set[str]] = {}
    pairs_of: dict[Node, list[tuple[str, str]]] = {}
    for ft in FACT_TYPES:
        for event in set(skeleton.subjects(_TYPE, ft.cls)):
            if not isinstance(event, URIRef):
                continue
            post = ft.key == "affiliation"
            srcs = _iris(skeleton, event, _HOLDER if post else _AGENT)
            tgts = _iris(skeleton, event, _ORG if post else _TARGET)
            parts = _iris(skeleton, event, _PARTICIPANT)
            locs = _iris(skeleton, event, _LOCATION)
            ids.update(srcs, tgts, parts, locs[:1])
            pairs = ([(a, b) for a in srcs for b in tgts if a != b] if ft.directed
                     else list(combinations(sorted(set(parts)), 2)))
            pairs_of[event] = pairs
            for a, b in pairs:
                nbrs.setdefault(a, set()).add(b)
                nbrs.setdefault(b, set()).add(a)
    keep = set(sorted(ids, key=lambda k: (-len(nbrs.get(k, ())), k))[:n])
    events = sorted((e for e, pairs in pairs_of.items() if any(a in keep and b in keep for a, b in pairs)), key=str)
    add_details(source, skeleton, events)
    for row in _look_up(source, events):  # their start dates, left out of the skeleton
        if row[1] == _START:
            skeleton.add(*row)
    actors = {URIRef(a) for e in events for p in _ROLES for a in _iris(skeleton, e, p)}
    model = extract(skeleton.about([*events, *actors, *(URIRef(k) for k in keep)]), lang)  # type: ignore[arg-type]
    return cut(model, keep)  # kg.viz.model.top's cut, with the nodes it would keep

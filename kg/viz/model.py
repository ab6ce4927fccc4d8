"""RDF graph → plain records for drawing: actors (nodes), facts (events), edges.

Read straight from triple patterns (no networkx view, no SPARQL engine): a 2,000-node
graph must turn into a picture in a few seconds.
Edges: agent → target for directed facts, one undirected edge per pair of talk
participants, holder → organization for posts. Facts of one type between the same two
actors share one edge, which keeps every fact (evidence, documents, dates).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from itertools import combinations

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from kg.errors import UnknownActorError
from kg.viz.i18n import check, class_label
from kg.vocab import DG


@dataclass(frozen=True)
class FactType:
    key: str  # the name used in docs/schema.md §2
    cls: URIRef
    color: str
    directed: bool

    def label(self, lang: str = "ru") -> str:
        return class_label(self.cls, lang)


@dataclass(frozen=True)
class ActorClass:
    key: str
    cls: URIRef | None
    color: str

    def label(self, lang: str = "ru") -> str:
        return class_label(self.cls, lang)


# Colours: Tableau 10, so that neighbours in the legend stay apart.
FACT_TYPES: tuple[FactType, ...] = (
    FactType("demanded", DG.Demand, "#e15759", True),
    FactType("warned", DG.Warning, "#f28e2b", True),
    FactType("threatenedSanctions", DG.SanctionThreat, "#b07aa1", True),
    FactType("imposedSanctions", DG.SanctionImposition, "#7b3294", True),
    FactType("rejected", DG.Rejection, "#9c755f", True),
    FactType("scheduledTalks", DG.ScheduledTalks, "#76b7b2", False),
    FactType("heldTalks", DG.HeldTalks, "#59a14f", False),
    FactType("affiliation", DG.Position, "#bab0ac", True),
)

# Most specific first: a node takes the first class it has.
ACTOR_CLASSES: tuple[ActorClass, ...] = (
    ActorClass("Person", DG.Person, "#4e79a7"),
    ActorClass("State", DG.State, "#e15759"),
    ActorClass("InternationalOrganization", DG.InternationalOrganization, "#edc948"),
    ActorClass("GovernmentBody", DG.GovernmentBody, "#f28e2b"),
    ActorClass("Organization", DG.Organization, "#b07aa1"),
    ActorClass("Bloc", DG.Bloc, "#ff9da7"),
    ActorClass("City", DG.City, "#76b7b2"),
    ActorClass("Place", DG.Place, "#59a14f"),
    ActorClass("Actor", None, "#9d9d9d"),
)
WIKIDATA = "http://www.wikidata.org/entity/"
_ACTOR_KINDS = {c.cls: c.key for c in ACTOR_CLASSES if c.cls is not None}
_PLACE_KINDS = {"City", "Place"}
FACT_TYPE = {t.key: t for t in FACT_TYPES}
ACTOR_CLASS = {c.key: c for c in ACTOR_CLASSES}


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str  # an ActorClass key
    alt_labels: tuple[str, ...] = ()
    wikidata: str | None = None  # a Q-id, from owl:sameAs


@dataclass(frozen=True)
class Fact:
    id: str
    type: str  # a FactType key
    sources: tuple[str, ...] = ()  # agents, or the post holder
    targets: tuple[str, ...] = ()  # targets, or the organisation of a post
    participants: tuple[str, ...] = ()
    location: str | None = None  # node id
    role: str | None = None
    start: str | None = None  # lexical form of dg:startDate
    end: str | None = None
    evidence: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    confidence: float | None = None
    doc_date: str | None = None  # the earliest dcterms:date of its documents

    @property
    def actors(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.sources + self.targets + self.participants))


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    type: str
    directed: bool
    facts: tuple[str, ...]  # Fact ids, in date order


@dataclass(frozen=True)
class VizGraph:
    nodes: tuple[Node, ...]
    facts: tuple[Fact, ...]
    edges: tuple[Edge, ...]
    lang: str = "ru"  # of the labels read, and of the words drawn
    node_by_id: dict[str, Node] = field(default_factory=dict, compare=False, repr=False)
    fact_by_id: dict[str, Fact] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.node_by_id.update((n.id, n) for n in self.nodes)
        self.fact_by_id.update((f.id, f) for f in self.facts)

    def degree(self) -> dict[str, int]:
        """Number of distinct neighbours of each node."""
        nbrs: dict[str, set[str]] = {n.id: set() for n in self.nodes}
        for e in self.edges:
            nbrs[e.source].add(e.target)
            nbrs[e.target].add(e.source)
        return {k: len(v) for k, v in nbrs.items()}


# -- reading the RDF --------------------------------------------------------------------


def _label(graph: Graph, node: URIRef, lang: str = "ru") -> str:
    labels = list(graph.objects(node, RDFS.label))
    for wanted in dict.fromkeys((lang, "ru")):
        for lit in labels:
            if isinstance(lit, Literal) and lit.language == wanted:
                return str(lit)
    if labels:
        return str(sorted(labels)[0])
    text = str(node)
    return re.split(r"[/#]", text.rstrip("/#"))[-1] or text


def _kind(graph: Graph, node: URIRef) -> str:
    types = set(graph.objects(node, RDF.type))
    for c in ACTOR_CLASSES:
        if c.cls in types:
            return c.key
    return "Actor"


def _first(graph: Graph, s: URIRef, p: URIRef) -> Literal | URIRef | None:
    values = sorted(graph.objects(s, p))
    return values[0] if values else None  # type: ignore[return-value]


def _iris(graph: Graph, s: URIRef, p: URIRef) -> tuple[str, ...]:
    return tuple(sorted(str(o) for o in graph.objects(s, p) if isinstance(o, URIRef)))


def _wikidata(graph: Graph, node: URIRef) -> str | None:
    for same in sorted(graph.objects(node, OWL.sameAs)):
        if str(same).startswith(WIKIDATA):
            return str(same)[len(WIKIDATA) :]
    return None


def _documents(graph: Graph, event: URIRef) -> tuple[tuple[str, ...], str | None]:
    """The ids of the documents of EVENT, and the earliest date among them."""
    ids, dates = [], []
    for doc in graph.objects(event, PROV.wasDerivedFrom):
        ident = _first(graph, doc, DCTERMS.identifier)
        ids.append(str(ident) if ident is not None else str(doc))
        dates += [str(d) for d in graph.objects(doc, DCTERMS.date) if date_key(str(d))]
    return tuple(sorted(set(ids))), min(dates, default=None)


def _fact(graph: Graph, event: URIRef, ftype: FactType) -> Fact:
    start, end, conf = (_first(graph, event, p) for p in (DG.startDate, DG.endDate, DG.confidence))
    role = _first(graph, event, DG.role)
    if ftype.key == "affiliation":
        sources, targets = _iris(graph, event, DG.holder), _iris(graph, event, DG.organization)
    else:
        sources, targets = _iris(graph, event, DG.agent), _iris(graph, event, DG.target)
    try:
        confidence = float(conf) if conf is not None else None
    except ValueError:
        confidence = None
    location = _iris(graph, event, DG.location)
    documents, doc_date = _documents(graph, event)
    return Fact(
        id=str(event),
        type=ftype.key,
        sources=sources,
        targets=targets,
        participants=_iris(graph, event, DG.participant),
        location=location[0] if location else None,
        role=str(role) if role is not None else None,
        start=str(start) if start is not None else None,
        end=str(end) if end is not None else None,
        evidence=tuple(sorted({str(o) for o in graph.objects(event, DG.evidence)})),
        documents=documents,
        confidence=confidence,
        doc_date=doc_date,
    )


def _edges_of(fact: Fact) -> Iterable[tuple[str, str]]:
    if FACT_TYPE[fact.type].directed:
        for s in fact.sources:
            for t in fact.targets:
                if s != t:
                    yield s, t
    else:
        yield from combinations(sorted(set(fact.participants)), 2)


def date_key(lexical: str | None) -> str | None:
    """ISO date to place a fact on a time axis: xsd:date as is, gYearMonth/gYear at their
    first day; None when there is no year (gMonthDay, gMonth) or no date at all."""
    if not lexical:
        return None
    m = re.match(r"^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", lexical)
    if not m:
        return None
    return f"{m.group(1)}-{m.group(2) or '01'}-{m.group(3) or '01'}"


def when(fact: Fact) -> tuple[str | None, bool]:
    """The day to place FACT at, and whether it is the fact's own: its start date when that
    has a year, else its document's date (a report of «on 16 June» is at least that old)."""
    own = date_key(fact.start)
    return (own, True) if own else (date_key(fact.doc_date), False)


def _sort_key(fact: Fact) -> tuple[str, str]:
    return (when(fact)[0] or "9999", fact.id)


def extract(graph: Graph, lang: str = "ru") -> VizGraph:
    """Nodes, facts and edges of a diplograph RDF graph (see docs/schema.md §3); labels in
    LANG where the graph has them, else Russian."""
    facts: list[Fact] = []
    for ftype in FACT_TYPES:
        for event in set(graph.subjects(RDF.type, ftype.cls)):
            if isinstance(event, URIRef):
                facts.append(_fact(graph, event, ftype))
    facts.sort(key=_sort_key)

    grouped: dict[tuple[str, str, str], list[str]] = {}
    for fact in facts:
        for s, t in _edges_of(fact):
            grouped.setdefault((s, t, fact.type), []).append(fact.id)
    edges = tuple(
        Edge(s, t, ftype, FACT_TYPE[ftype].directed, tuple(ids))
        for (s, t, ftype), ids in grouped.items()
    )

    # Every typed actor, plus whatever an edge touches; places only when they take part.
    ids: set[str] = set()
    for cls, kind in _ACTOR_KINDS.items():
        if kind not in _PLACE_KINDS:
            ids.update(str(s) for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef))
    for e in edges:
        ids.update((e.source, e.target))
    for fact in facts:
        ids.update(fact.actors)
    nodes = []
    for iri in sorted(ids):
        ref = URIRef(iri)
        alts = sorted({str(o) for o in graph.objects(ref, SKOS.altLabel)})
        nodes.append(
            Node(
                iri, _label(graph, ref, lang), _kind(graph, ref), tuple(alts), _wikidata(graph, ref)
            )
        )
    # Places named as talk locations keep a label for the tooltips, without being drawn.
    for fact in facts:
        if fact.location and fact.location not in ids:
            ids.add(fact.location)
            loc = URIRef(fact.location)
            nodes.append(Node(fact.location, _label(graph, loc, lang), _kind(graph, loc)))
    return VizGraph(tuple(nodes), tuple(facts), edges, check(lang))


def drawn_nodes(model: VizGraph, factless: bool = True) -> tuple[Node, ...]:
    """Nodes that are drawn: actors (only those in some fact unless FACTLESS), and places
    only when an edge touches them."""
    touched = {e.source for e in model.edges} | {e.target for e in model.edges}
    involved = {a for f in model.facts for a in f.actors} | touched
    return tuple(
        n for n in model.nodes if n.id in involved or (factless and n.kind not in _PLACE_KINDS)
    )


# -- actors by name and ego networks ------------------------------------------------------


def _norm(text: str) -> str:
    text = text.casefold().replace("ё", "е")
    return re.sub(r"[\s«»\"'“”„]+", " ", text).strip()


def find_actor(model: VizGraph, name: str) -> Node:
    """The node whose label or alternative label is NAME (case, ё/е and quotes ignored)."""
    wanted = _norm(name)
    candidates = drawn_nodes(model)
    for attr in ("label", "alt_labels"):
        for node in candidates:
            names = [node.label] if attr == "label" else list(node.alt_labels)
            if any(_norm(n) == wanted for n in names):
                return node
    every = {_norm(n): n for node in candidates for n in (node.label, *node.alt_labels)}
    close = difflib.get_close_matches(wanted, list(every), n=5, cutoff=0.5)
    close += [k for k in every if wanted and wanted in k and k not in close][: 5 - len(close)]
    hint = f"; close names: {', '.join(every[c] for c in close)}" if close else ""
    raise UnknownActorError(f"no actor named {name!r} in the graph{hint}")


def ego(model: VizGraph, center: str, radius: int = 1) -> VizGraph:
    """The sub-graph within RADIUS edges of CENTER, with the facts of the edges kept."""
    adj: dict[str, set[str]] = {}
    for e in model.edges:
        adj.setdefault(e.source, set()).add(e.target)
        adj.setdefault(e.target, set()).add(e.source)
    keep, frontier = {center}, {center}
    for _ in range(radius):
        frontier = {m for n in frontier for m in adj.get(n, ())} - keep
        keep |= frontier
    return cut(model, keep, {f.id for f in model.facts if center in f.actors})


def top(model: VizGraph, n: int) -> VizGraph:
    """Only the N most connected nodes (distinct neighbours; ties by id), the edges among them
    and their facts, with the places of those facts."""
    degree = model.degree()
    return cut(model, set(sorted(degree, key=lambda k: (-degree[k], k))[:n]))


def cut(model: VizGraph, keep: AbstractSet[str], also: AbstractSet[str] = frozenset()) -> VizGraph:
    """The nodes in KEEP, the edges among them and their facts (and the facts in ALSO), with
    the places of those facts."""
    edges = tuple(e for e in model.edges if e.source in keep and e.target in keep)
    fact_ids = {f for e in edges for f in e.facts} | also
    facts = tuple(f for f in model.facts if f.id in fact_ids)
    places = {f.location for f in facts if f.location}
    nodes = tuple(nd for nd in model.nodes if nd.id in keep or nd.id in places)
    return replace(model, nodes=nodes, facts=facts, edges=edges, node_by_id={}, fact_by_id={})

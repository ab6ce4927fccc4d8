"""The actor network the measures read (`kg graph central | communities | summary`) of a store
or an endpoint, built straight from the strings of one-pattern SELECT rows.

It equals `kg.network.to_networkx(kg.drawing.fetch(source, filters, details=False,
dates=False))`: the same nodes and edges with the same attributes, added in the same order —
so the sampled betweenness draws the same source nodes and every figure comes out the same.
What it skips is the rdflib terms and the `Triples` index between the rows and networkx (on
the 1M-triple store of bench/, about half of `kg graph central`'s time), and the rows the
measures never read (`skos:altLabel`). A test holds the two builders equal.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import networkx as nx

from kg.drawing import Filters, dated_events
from kg.network import DIRECT_EDGES, DIRECTED_EVENTS, NODE_CLASSES, TALKS_EVENTS, _local
from kg.sources import EVENT_CLASSES, Source
from kg.vocab import DG, DG_IRI, WD

# kg.drawing._ROLES but dg:startDate, which is read only to filter by date.
_ROLES = (DG.agent, DG.target, DG.participant, DG.location, DG.holder, DG.organization)
_DIRECTED = {str(c): fact for c, fact in DIRECTED_EVENTS.items()}
_TALKS = {str(c): fact for c, fact in TALKS_EVENTS.items()}
_POSITION = str(DG.Position)
_WD = str(WD)


def _select(source: Source, text: str) -> list[list[str | None]]:
    rows = source.strings(text)
    if getattr(source, "truncated", False):
        from kg.errors import QueryError

        raise QueryError("the endpoint cut an answer at its row limit: a drawing needs every row"
                         " (kg serve --limit N, or read the store with --store)")
    return rows


def _pairs(source: Source, pred: str) -> list[list[str | None]]:
    return _select(source, f"SELECT ?s ?o WHERE {{ ?s <{pred}> ?o }}")


def _objects(rows: Iterable[list[str | None]], keep: dict | None = None) -> dict[str, dict[str, None]]:
    """subject → its objects, each once, in the rows' order (what Triples.objects gives)."""
    out: dict[str, dict[str, None]] = {}
    for s, o in rows:
        if s is not None and o is not None and (keep is None or s in keep):
            out.setdefault(s, {})[o] = None
    return out


def network(source: Source, filters: Filters | None = None) -> nx.MultiDiGraph:
    """The actor network of the chosen facts: who acts on whom, no details (see the module)."""
    filters = filters or Filters()
    chosen = {str(DG[t]) for t in (filters.types or EVENT_CLASSES)}
    classes = " ".join(f"<{c}>" for c in sorted(chosen | {str(c) for c in NODE_CLASSES}))
    events: dict[str, list[str]] = {}
    typed: dict[str, list[str]] = {}
    for s, c in _select(source, f"SELECT ?s ?o WHERE {{ VALUES ?o {{ {classes} }} ?s a ?o }}"):
        if s is not None and c is not None:
            (events if c in chosen else typed).setdefault(s, []).append(c)
    roles = {str(p): _objects(_pairs(source, str(p)), events) for p in _ROLES}
    starts: dict[str, dict[str, None]] = {}
    if filters.since or filters.until:
        starts = _objects(_pairs(source, str(DG.startDate)), events)
        keep = dated_events(events, ((e, d) for e, ds in starts.items() for d in ds), filters,
                            lambda p: _pairs(source, str(p)))
        events = {e: cs for e, cs in events.items() if e in keep}
    labels = _objects(_pairs(source, "http://www.w3.org/2000/01/rdf-schema#label"))
    same = _objects(_pairs(source, "http://www.w3.org/2002/07/owl#sameAs"))
    G = nx.MultiDiGraph()

    def node(key: str) -> str:
        if key not in G:
            label = next(iter(labels.get(key, ())), None)
            kinds = {c[len(DG_IRI):] for c in (*typed.get(key, ()), *events.get(key, ())) if c.startswith(DG_IRI)}
            G.add_node(key, label=label if label is not None else _local(key), classes=sorted(kinds),
                       qid=next((o[len(_WD):] for o in same.get(key, ()) if o.startswith(_WD)), None), iri=key)
        return key

    def edge(a: str, b: str, key: str, data: dict) -> None:
        if a != b:
            G.add_edge(node(a), node(b), key=key, **data)

    for cls in map(str, NODE_CLASSES):  # to_networkx's order: every node of a class, class by class
        for s, cs in typed.items():
            if cls in cs:
                node(s)
    agents, targets, people, places, holders, orgs = (roles[str(p)] for p in _ROLES)
    for e, cs in events.items():
        for c in cs:
            date = next(iter(starts.get(e, ())), None)
            if c in _DIRECTED:
                base = _data(_DIRECTED[c], e, date)
                for a, b in itertools.product(agents.get(e, ()), targets.get(e, ())):
                    edge(a, b, e, base)
            elif c in _TALKS:
                base = _data(_TALKS[c], e, date)
                who = sorted(people.get(e, ()))
                for a, b in itertools.combinations(who, 2):
                    edge(a, b, f"{e}#{a}|{b}", {**base, "mutual": True})
                for place in places.get(e, ()):
                    for p in who:
                        edge(p, place, f"{e}#in|{p}", {**base, "fact": _TALKS[c] + "In"})
            elif c == _POSITION:
                base = {**_data("affiliation", e, date), "role": None}
                for a, b in itertools.product(holders.get(e, ()), orgs.get(e, ())):
                    edge(a, b, e, base)
    if not filters:  # the direct edges carry no date or type of fact
        _direct_edges(source, G, edge)
    return G


def _data(fact: str, event: str | None, date: str | None) -> dict:
    return {"fact": fact, "event": event, "date": date, "end": None, "documents": [], "evidence": [],
            "confidence": None, "mutual": False}


def _direct_edges(source: Source, G: nx.MultiDiGraph, edge) -> None:  # type: ignore[no-untyped-def]
    """kg.network._add_direct_edges: a direct edge no fact stands behind, added bare."""
    facts = {str(p): fm for p, fm in DIRECT_EDGES.items()}
    preds = " ".join(f"<{p}>" for p in facts)
    by_pred: dict[str, dict[tuple[str, str], None]] = {p: {} for p in facts}
    for s, p, o in _select(source, f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {preds} }} ?s ?p ?o }}"):
        if s is not None and p in by_pred and o is not None:
            by_pred[p][(s, o)] = None
    have = {(u, v, fact) for u, v, fact in G.edges(data="fact")}
    for p, (fact, mutual) in facts.items():
        for u, v in by_pred[p]:
            if (u, v, fact) in have or (mutual and (v, u, fact) in have) or u == v:
                continue
            have.add((u, v, fact))
            edge(u, v, f"{u}|{fact}|{v}", {**_data(fact, None, None), "mutual": mutual})

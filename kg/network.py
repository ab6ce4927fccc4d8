"""The actor network as a networkx MultiDiGraph, and what to do with it.

Nodes are actors and places (id: the IRI as a string) with `label`, `classes` (dg: class
names), `qid` and `iri`. Each fact is an edge with `fact` (demanded, warned,
threatenedSanctions, imposedSanctions, rejected, scheduledTalks, heldTalks,
scheduledTalksIn, heldTalksIn, affiliation), `event`, `date`, `end`, `documents`,
`evidence`, `confidence`, `role` (posts) and `mutual` (talks: the edge has no direction).
Edges come from the event nodes; a direct edge (`dg:demanded`...) with no event behind it
is added bare, and inverse or inferred edges (`dg:demandedBy`, `dg:interactedWith`, the
mirror of a symmetric edge) are not added twice.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import OutputError, UnknownActorError
from kg.vocab import DG, DG_IRI, WD

PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
DCT_ID = URIRef("http://purl.org/dc/terms/identifier")
DIRECTED_EVENTS = {
    DG.Demand: "demanded",
    DG.Warning: "warned",
    DG.SanctionThreat: "threatenedSanctions",
    DG.SanctionImposition: "imposedSanctions",
    DG.Rejection: "rejected",
}
TALKS_EVENTS = {DG.ScheduledTalks: "scheduledTalks", DG.HeldTalks: "heldTalks"}
DIRECT_EDGES = {
    DG.demanded: ("demanded", False),
    DG.warned: ("warned", False),
    DG.threatenedSanctions: ("threatenedSanctions", False),
    DG.imposedSanctions: ("imposedSanctions", False),
    DG.rejected: ("rejected", False),
    DG.scheduledTalksWith: ("scheduledTalks", True),
    DG.heldTalksWith: ("heldTalks", True),
    DG.scheduledTalksIn: ("scheduledTalksIn", False),
    DG.heldTalksIn: ("heldTalksIn", False),
    DG.affiliatedWith: ("affiliation", False),
}
NODE_CLASSES = (
    DG.Actor,
    DG.Person,
    DG.State,
    DG.InternationalOrganization,
    DG.GovernmentBody,
    DG.Organization,
    DG.Bloc,
    DG.Place,
    DG.City,
)
EXPORT_FORMATS = (".graphml", ".gexf", ".json")


class _T:
    """The terms the builder reads per event, looked up once (a closed namespace's attribute
    is a Python call: ~10 per event, 84k events on the 1M-triple store of bench/)."""

    agent, target, participant, location = DG.agent, DG.target, DG.participant, DG.location
    holder, organization, role, Position = DG.holder, DG.organization, DG.role, DG.Position
    startDate, endDate, confidence, evidence = DG.startDate, DG.endDate, DG.confidence, DG.evidence


# --- building ------------------------------------------------------------------------------


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """The actor network of an RDF graph (union of its documents)."""
    G = nx.MultiDiGraph()
    doc_ids = {doc: str(ident) for doc, ident in graph.subject_objects(DCT_ID)}
    for cls in NODE_CLASSES:
        for node in graph.subjects(RDF.type, cls):
            _add_node(G, graph, node)
    for event, cls in graph.subject_objects(RDF.type):
        if cls in DIRECTED_EVENTS:
            base = _event_data(graph, event, DIRECTED_EVENTS[cls], doc_ids)
            for agent, target in itertools.product(
                graph.objects(event, _T.agent), graph.objects(event, _T.target)
            ):
                _add_edge(G, graph, agent, target, str(event), base)
        elif cls in TALKS_EVENTS:
            fact = TALKS_EVENTS[cls]
            base = _event_data(graph, event, fact, doc_ids)
            people = sorted(set(graph.objects(event, _T.participant)), key=str)
            for a, b in itertools.combinations(people, 2):
                _add_edge(G, graph, a, b, f"{event}#{a}|{b}", {**base, "mutual": True})
            for place in graph.objects(event, _T.location):
                for p in people:
                    _add_edge(G, graph, p, place, f"{event}#in|{p}", {**base, "fact": fact + "In"})
        elif cls == _T.Position:
            base = _event_data(graph, event, "affiliation", doc_ids)
            role = graph.value(event, _T.role)
            base["role"] = str(role) if role is not None else None
            for holder, org in itertools.product(
                graph.objects(event, _T.holder), graph.objects(event, _T.organization)
            ):
                _add_edge(G, graph, holder, org, str(event), base)
    _add_direct_edges(G, graph)
    return G


def _add_node(G: nx.MultiDiGraph, graph: Graph, node: Node) -> str:
    key = str(node)
    if key in G:
        return key
    label = graph.value(node, RDFS.label)
    classes = sorted(
        {str(c)[len(DG_IRI) :] for c in graph.objects(node, RDF.type) if str(c).startswith(DG_IRI)}
    )
    qid = next(
        (
            str(o)[len(str(WD)) :]
            for o in graph.objects(node, OWL.sameAs)
            if str(o).startswith(str(WD))
        ),
        None,
    )
    G.add_node(
        key,
        label=str(label) if label is not None else _local(key),
        classes=classes,
        qid=qid,
        iri=key,
    )
    return key


def _event_data(graph: Graph, event: Node, fact: str, doc_ids: dict) -> dict:
    start, end = graph.value(event, _T.startDate), graph.value(event, _T.endDate)
    conf = graph.value(event, _T.confidence)
    docs = sorted(doc_ids.get(d, _local(str(d))) for d in graph.objects(event, PROV_DERIVED))
    return {
        "fact": fact,
        "event": str(event),
        "date": str(start) if start is not None else None,
        "end": str(end) if end is not None else None,
        "documents": docs,
        "evidence": sorted(str(e) for e in graph.objects(event, _T.evidence)),
        "confidence": float(conf) if isinstance(conf, Literal) and _is_number(conf) else None,
        "mutual": False,
    }


def _add_edge(G: nx.MultiDiGraph, graph: Graph, a: Node, b: Node, key: str, data: dict) -> None:
    if a == b:
        return
    G.add_edge(_add_node(G, graph, a), _add_node(G, graph, b), key=key, **data)


def _add_direct_edges(G: nx.MultiDiGraph, graph: Graph) -> None:
    have = {(u, v, d["fact"]) for u, v, d in G.edges(data=True)}
    for pred, (fact, mutual) in DIRECT_EDGES.items():
        for s, o in graph.subject_objects(pred):
            u, v = str(s), str(o)
            if (u, v, fact) in have or (mutual and (v, u, fact) in have) or s == o:
                continue
            have.add((u, v, fact))
            data = {
                "fact": fact,
                "event": None,
                "date": None,
                "end": None,
                "documents": [],
                "evidence": [],
                "confidence": None,
                "mutual": mutual,
            }
            _add_edge(G, graph, s, o, f"{u}|{fact}|{v}", data)


def _is_number(term: Literal) -> bool:
    try:
        float(term)
        return True
    except (TypeError, ValueError):
        return False


def _local(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


# --- finding actors ------------------------------------------------------------------------


def resolve(G: nx.MultiDiGraph, graph: Graph, name: str, index=None) -> str:  # type: ignore[no-untyped-def]
    """The network node for any name form, Wikidata id or IRI."""
    from kg.actors import build_index, find_actor

    index = index or build_index(graph)
    node = str(find_actor(graph, name, index))
    if node not in G:
        raise UnknownActorError(
            f"{name!r} ({index.labels.get(find_actor(graph, name, index), node)}) takes part in no fact of the graph"
        )
    return node


def label(G: nx.MultiDiGraph, node: str) -> str:
    return G.nodes[node].get("label") or _local(node)


# --- neighbours and paths ------------------------------------------------------------------


@dataclass(frozen=True)
class Hop:
    """One fact between two nodes, seen from `frm` (the side we walk from)."""

    frm: str
    to: str
    source: str  # the edge's own direction
    target: str
    data: dict

    @property
    def arrow(self) -> str:
        fact = self.data["fact"]
        if self.data.get("mutual"):
            return f"—{fact}—"
        return f"—{fact}→" if self.source == self.frm else f"←{fact}—"


def _hops_between(G: nx.MultiDiGraph, u: str, v: str) -> list[Hop]:
    hops = [Hop(u, v, u, v, d) for d in G.get_edge_data(u, v, default={}).values()]
    hops += [Hop(u, v, v, u, d) for d in G.get_edge_data(v, u, default={}).values()]
    return sorted(hops, key=_hop_rank)


def _hop_rank(hop: Hop) -> tuple:
    d = hop.data
    return (
        not d.get("evidence"),
        -(d.get("confidence") or 0),
        d["fact"],
        d.get("date") or "",
        d.get("event") or "",
    )


def neighbours(G: nx.MultiDiGraph, node: str) -> list[Hop]:
    """Every fact linking `node` to another node, grouped by neighbour."""
    others = sorted(set(G.successors(node)) | set(G.predecessors(node)), key=lambda n: label(G, n))
    return [hop for other in others for hop in _hops_between(G, node, other)]


def shortest_paths(G: nx.MultiDiGraph, a: str, b: str, limit: int = 5) -> list[list[list[Hop]]]:
    """Up to `limit` shortest paths over the undirected view; each path is a list of hops,
    each hop the list of facts between its two nodes (best first)."""
    if a == b:
        return []
    undirected = G.to_undirected(as_view=True)
    try:
        paths = list(itertools.islice(nx.all_shortest_paths(undirected, a, b), limit))
    except nx.NetworkXNoPath:
        return []
    return [[_hops_between(G, u, v) for u, v in itertools.pairwise(path)] for path in paths]


# --- export ----------------------------------------------------------------------------------


def _flat(value: object) -> object:
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    return value


def flattened(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are scalars (GraphML and GEXF have no lists or None)."""
    H = nx.MultiDiGraph()
    for n, d in G.nodes(data=True):
        H.add_node(n, **{k: _flat(v) for k, v in d.items() if v is not None})
    for u, v, k, d in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=k, **{a: _flat(b) for a, b in d.items() if b is not None})
    return H


def export(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Write GraphML, GEXF (Gephi) or node-link JSON (Cytoscape, d3) by extension, atomically."""
    from kg.rdfio import write_atomic

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        data = nx.node_link_data(G, edges="links")
        write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
        return
    if suffix not in EXPORT_FORMATS:
        raise OutputError(
            f"{path}: unknown network format {suffix or '(none)'!r}; use one of {' '.join(EXPORT_FORMATS)}"
        )
    writer = nx.generate_graphml if suffix == ".graphml" else nx.generate_gexf
    text = "\n".join(writer(flattened(G)))
    write_atomic(path, text.encode("utf-8"))


def summary(G: nx.MultiDiGraph) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for _, _, fact in G.edges(data="fact"):
        counts[fact] += 1
    return dict(sorted(counts.items()))


def iter_labels(G: nx.MultiDiGraph, nodes: Iterable[str]) -> list[str]:
    return [label(G, n) for n in nodes]

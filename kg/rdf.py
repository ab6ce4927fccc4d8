"""Facts and entities → RDF, one graph per document (schema.md section 3)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg import dates as kdates
from kg.iris import document_graph_iri, document_iri, entity_iri, event_iri, position_iri
from kg.records import Document, Entity, Fact
from kg.vocab import DG, DGR, WD

EVENT_CLASS = {
    "demanded": DG.Demand,
    "warned": DG.Warning,
    "threatenedSanctions": DG.SanctionThreat,
    "imposedSanctions": DG.SanctionImposition,
    "rejected": DG.Rejection,
    "scheduledTalks": DG.ScheduledTalks,
    "heldTalks": DG.HeldTalks,
}
DIRECT_EDGE = {
    "demanded": DG.demanded,
    "warned": DG.warned,
    "threatenedSanctions": DG.threatenedSanctions,
    "imposedSanctions": DG.imposedSanctions,
    "rejected": DG.rejected,
}
TALKS_EDGES = {
    "scheduledTalks": (DG.scheduledTalksWith, DG.scheduledTalksIn),
    "heldTalks": (DG.heldTalksWith, DG.heldTalksIn),
}
ENTITY_CLASS = {
    "Person": DG.Person,
    "State": DG.State,
    "InternationalOrganization": DG.InternationalOrganization,
    "GovernmentBody": DG.GovernmentBody,
    "Organization": DG.Organization,
    "Bloc": DG.Bloc,
    "City": DG.City,
    "Place": DG.Place,
}


class TripleList(list):
    """Triples in the order they are made, repeats kept: what document_graph adds to its Graph,
    without the Graph (for streamed N-Quads, rdflib's store and prefixes cost more than the rest)."""

    add = list.append


def bind(g: Graph | Dataset) -> None:
    for prefix, ns in (("dg", str(DG._NS)), ("dgr", str(DGR)), ("prov", str(PROV)), ("dcterms", str(DCTERMS)),
                       ("skos", str(SKOS)), ("wd", str(WD)), ("owl", str(OWL)), ("xsd", str(XSD))):
        g.bind(prefix, ns, override=True)


def ru(text: str) -> Literal:
    return Literal(text, lang="ru")


def document_triples(g: Graph | TripleList, doc: Document, content_hash: str | None) -> URIRef:
    d = document_iri(doc.id)
    g.add((d, RDF.type, DG.Document))
    g.add((d, DCTERMS.identifier, Literal(doc.id)))
    if doc.date:
        g.add((d, DCTERMS.date, Literal(doc.date.isoformat(), datatype=XSD.date)))
    if doc.title:
        g.add((d, DCTERMS.title, ru(doc.title)))
    if doc.url:
        g.add((d, DCTERMS.source, Literal(doc.url, datatype=XSD.anyURI)))
    if content_hash:
        g.add((d, DG.contentHash, Literal(content_hash)))
    return d


def entity_triples(g: Graph | TripleList, e: Entity, forms: Iterable[str], d: URIRef | None) -> None:
    """An entity's type, label, other forms, Wikidata link; `d` when the document mentions it."""
    node = entity_iri(e.key)
    g.add((node, RDF.type, ENTITY_CLASS[e.cls]))
    g.add((node, RDFS.label, ru(e.label)))
    for form in sorted(set(forms)):
        if form != e.label:
            g.add((node, SKOS.altLabel, ru(form)))
    if e.qid:
        g.add((node, OWL.sameAs, WD[e.qid]))
    if e.part_of and e.cls != "Person":
        g.add((node, DG.partOf, entity_iri(e.part_of)))
    if d is not None:
        g.add((node, DG.mentionedIn, d))


def _date(g: Graph | TripleList, node: URIRef, prop: URIRef, value: str | None) -> None:
    if value:
        g.add((node, prop, kdates.to_literal(value)))


def fact_triples(g: Graph | TripleList, f: Fact, d: URIRef) -> None:
    if f.type == "affiliation":
        person, org = f.agents[0], f.targets[0]
        node = position_iri(person, org, f.role)
        g.add((node, RDF.type, DG.Position))
        g.add((node, DG.holder, entity_iri(person)))
        g.add((node, DG.organization, entity_iri(org)))
        if f.role:
            g.add((node, DG.role, ru(f.role)))
        g.add((entity_iri(person), DG.affiliatedWith, entity_iri(org)))
    else:
        actors = f.participants if f.participants else (*f.agents, "→", *f.targets)
        node = event_iri(f.type, actors, f.location, f.start)
        g.add((node, RDF.type, EVENT_CLASS[f.type]))
        for a in f.agents:
            g.add((node, DG.agent, entity_iri(a)))
        for t in f.targets:
            g.add((node, DG.target, entity_iri(t)))
        for a in f.agents:
            for t in f.targets:
                g.add((entity_iri(a), DIRECT_EDGE[f.type], entity_iri(t)))
        for p in f.participants:
            g.add((node, DG.participant, entity_iri(p)))
        if f.location:
            g.add((node, DG.location, entity_iri(f.location)))
        if f.type in TALKS_EDGES:
            with_, in_ = TALKS_EDGES[f.type]
            for p in f.participants:
                for q in f.participants:
                    if p != q:
                        g.add((entity_iri(p), with_, entity_iri(q)))
                if f.location:
                    g.add((entity_iri(p), in_, entity_iri(f.location)))
        _date(g, node, DG.startDate, f.start)
        _date(g, node, DG.endDate, f.end)
        g.add((node, DG.modality, Literal(f.modality)))
        if f.condition:
            g.add((node, DG.condition, ru(f.condition)))
    g.add((node, PROV.wasDerivedFrom, d))
    g.add((node, DG.evidence, ru(f.evidence.strip())))
    g.add((node, DG.confidence, Literal(Decimal(str(round(f.confidence, 2))), datatype=XSD.decimal)))
    g.add((node, DG.rule, Literal(f.rule)))


def document_graph(
    doc: Document,
    entities: dict[str, Entity],
    forms: dict[str, set[str]],
    facts: list[Fact],
    content_hash: str | None = None,
    mentioned: frozenset[str] | None = None,
) -> Graph:
    """Everything derived from one document, as a graph of its own."""
    g = Graph()
    bind(g)
    for triple in document_triple_list(doc, entities, forms, facts, content_hash, mentioned):
        g.add(triple)
    return g


def document_triple_list(
    doc: Document,
    entities: dict[str, Entity],
    forms: dict[str, set[str]],
    facts: list[Fact],
    content_hash: str | None = None,
    mentioned: frozenset[str] | None = None,
) -> TripleList:
    """document_graph's triples, in the order it adds them."""
    g = TripleList()
    d = document_triples(g, doc, content_hash)
    used = {k for f in facts for k in (*f.agents, *f.targets, *f.participants, f.location) if k}
    keys = set(forms) | used | (mentioned or frozenset())
    for key in sorted(keys):
        e = entities.get(key)
        if e is not None:
            # Named in the text (any form, «российский» included) → mentioned; reached only
            # through «Москва» (metonymy) → described, but not counted as a mention.
            named = key in mentioned if mentioned is not None else bool(forms.get(key))
            entity_triples(g, e, forms.get(key, ()), d if named else None)
    # «Кремль заявил» alone: the state it is part of is described too, but not "mentioned".
    for key in sorted({e.part_of for k in keys if (e := entities.get(k)) and e.part_of} - keys):
        if key in entities:
            entity_triples(g, entities[key], (), None)
    for f in facts:
        fact_triples(g, f, d)
    return g


def add_document(ds: Dataset, doc_id: str, g: Graph) -> None:
    ctx = ds.graph(document_graph_iri(doc_id))
    for t in g:
        ctx.add(t)


def merge_confidence(ds: Dataset) -> None:
    """An event or post reported by several documents gets one confidence, 1-∏(1-cᵢ), and
    its source count, in the default graph (the document graphs drop their own values)."""
    values: dict[URIRef, list[tuple[Decimal, URIRef]]] = {}
    docs: dict[URIRef, set] = {}
    for s, _, o, g in ds.quads((None, DG.confidence, None, None)):
        values.setdefault(s, []).append((Decimal(str(o)), g))
    for s, _, o, _ in ds.quads((None, PROV.wasDerivedFrom, None, None)):
        docs.setdefault(s, set()).add(o)
    default = ds.default_graph
    for node, confs in sorted(values.items()):
        n = len(docs.get(node, ()))
        if n < 2:
            continue
        miss = Decimal(1)
        for c, g in confs:
            miss *= Decimal(1) - c
            ds.remove((node, DG.confidence, None, g))
        default.add((node, DG.sourceCount, Literal(n)))
        default.add((node, DG.confidence, Literal((Decimal(1) - miss).quantize(Decimal("0.01")), datatype=XSD.decimal)))

"""Facts and entities → RDF, one graph per document (schema.md section 3).

One description, two writings: `document_triple_list` says which triples a document gives,
with light terms (rdflib URIRefs for IRIs, `Lit` for literals). `document_graph` turns them into
an rdflib Graph (in-memory outputs, the store); `nt_row` writes them as N-Triples text, byte for
byte as rdflib's writer would, for the streamed N-Quads of `kg build` (there, building rdflib
literals and writing through rdflib were most of the cost of this step).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg import dates as kdates
from kg.iris import (
    document_graph_iri,
    document_iri,
    entity_iri,
    event_iri,
    overlay_iri,
    position_iri,
)
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


class Lit(NamedTuple):
    """A literal: its lexical form, then a language tag or a datatype IRI (never both).

    rdflib's Literal parses, checks and re-normalises its lexical form on every construction,
    which made up most of the streamed output's cost; this is only the three strings. The
    lexical forms made here are already rdflib's normal forms, so `to_rdflib` gives the Literal
    this module made before (tests/test_rdf_nt.py holds both writings to that)."""

    lexical: str
    lang: str | None = None
    datatype: URIRef | None = None

    def __str__(self) -> str:
        return self.lexical  # as str() of rdflib's Literal

    def to_rdflib(self) -> Literal:
        return Literal(self.lexical, lang=self.lang, datatype=self.datatype)


Term = URIRef | Lit
Triple = tuple[URIRef, URIRef, Term]

# rdflib's DefinedNamespace looks a term up on every attribute access: once, here.
_TYPE, _LABEL, _ALT_LABEL, _SAME_AS = RDF.type, RDFS.label, SKOS.altLabel, OWL.sameAs
_IDENTIFIER, _DATE, _TITLE, _SOURCE = DCTERMS.identifier, DCTERMS.date, DCTERMS.title, DCTERMS.source
_DERIVED_FROM = PROV.wasDerivedFrom
_XSD_DATE, _XSD_DECIMAL, _XSD_ANYURI = XSD.date, XSD.decimal, XSD.anyURI


def bind(g: Graph | Dataset) -> None:
    for prefix, ns in (("dg", str(DG._NS)), ("dgr", str(DGR)), ("prov", str(PROV)), ("dcterms", str(DCTERMS)),
                       ("skos", str(SKOS)), ("wd", str(WD)), ("owl", str(OWL)), ("xsd", str(XSD))):
        g.bind(prefix, ns, override=True)


def ru(text: str) -> Lit:
    return Lit(text, "ru")


def to_rdflib(triple: Triple) -> tuple[URIRef, URIRef, URIRef | Literal]:
    """The triple in rdflib's terms, for a Graph."""
    s, p, o = triple
    return s, p, o.to_rdflib() if type(o) is Lit else o


def document_triples(g: list[Triple], doc: Document, content_hash: str | None,
                     overlays: Iterable[tuple[str, str]] = ()) -> URIRef:
    """The document node; `overlays`, (name, checksum) of the users' overlays it was built
    with, so that the graph can be rebuilt as it was (none: nothing is written)."""
    d = document_iri(doc.id)
    g.append((d, _TYPE, DG.Document))
    g.append((d, _IDENTIFIER, Lit(doc.id)))
    if doc.date:
        g.append((d, _DATE, Lit(doc.date.isoformat(), datatype=_XSD_DATE)))
    if doc.title:
        g.append((d, _TITLE, ru(doc.title)))
    if doc.url:
        g.append((d, _SOURCE, Lit(doc.url, datatype=_XSD_ANYURI)))
    if content_hash:
        g.append((d, DG.contentHash, Lit(content_hash)))
    for name, checksum in overlays:
        o = overlay_iri(name, checksum)
        g.append((d, DG.builtWith, o))
        g.append((o, _TYPE, DG.Overlay))
        g.append((o, _IDENTIFIER, Lit(name)))
        g.append((o, DG.checksum, Lit(checksum)))
    return d


def entity_triples(g: list[Triple], e: Entity, forms: Iterable[str], d: URIRef | None) -> None:
    """An entity's type, label, other forms, Wikidata link; `d` when the document mentions it."""
    node = entity_iri(e.key)
    g.append((node, _TYPE, ENTITY_CLASS[e.cls]))
    if e.building:
        g.append((node, _TYPE, DG.Place))  # «в Кремле»: the body's seat is where talks happen
    g.append((node, _LABEL, ru(e.label)))
    for form in sorted(set(forms)):
        if form != e.label:
            g.append((node, _ALT_LABEL, ru(form)))
    if e.qid:
        g.append((node, _SAME_AS, WD[e.qid]))
    if e.part_of and e.cls != "Person":
        g.append((node, DG.partOf, entity_iri(e.part_of)))
    if d is not None:
        g.append((node, DG.mentionedIn, d))


def _date(g: list[Triple], node: URIRef, prop: URIRef, value: str | None) -> None:
    if value:
        g.append((node, prop, Lit(value, datatype=kdates.datatype_of(value))))


def _decimal(value: float) -> Lit:
    # The lexical form rdflib gives Literal(Decimal(...), datatype=XSD.decimal).
    return Lit(f"{Decimal(str(round(value, 2))):f}", datatype=_XSD_DECIMAL)


def fact_triples(g: list[Triple], f: Fact, d: URIRef) -> None:
    if f.type == "affiliation":
        person, org = f.agents[0], f.targets[0]
        node = position_iri(person, org, f.role)
        g.append((node, _TYPE, DG.Position))
        g.append((node, DG.holder, entity_iri(person)))
        g.append((node, DG.organization, entity_iri(org)))
        if f.role:
            g.append((node, DG.role, ru(f.role)))
        g.append((entity_iri(person), DG.affiliatedWith, entity_iri(org)))
    else:
        actors = f.participants if f.participants else (*f.agents, "→", *f.targets)
        node = event_iri(f.type, actors, f.location, f.start)
        g.append((node, _TYPE, EVENT_CLASS[f.type]))
        for a in f.agents:
            g.append((node, DG.agent, entity_iri(a)))
        for t in f.targets:
            g.append((node, DG.target, entity_iri(t)))
        for a in f.agents:
            for t in f.targets:
                g.append((entity_iri(a), DIRECT_EDGE[f.type], entity_iri(t)))
        for p in f.participants:
            g.append((node, DG.participant, entity_iri(p)))
        if f.location:
            g.append((node, DG.location, entity_iri(f.location)))
        if f.type in TALKS_EDGES:
            with_, in_ = TALKS_EDGES[f.type]
            for p in f.participants:
                for q in f.participants:
                    if p != q:
                        g.append((entity_iri(p), with_, entity_iri(q)))
                if f.location:
                    g.append((entity_iri(p), in_, entity_iri(f.location)))
        _date(g, node, DG.startDate, f.start)
        _date(g, node, DG.endDate, f.end)
        g.append((node, DG.modality, Lit(f.modality)))
        if f.condition:
            g.append((node, DG.condition, ru(f.condition)))
    g.append((node, _DERIVED_FROM, d))
    g.append((node, DG.evidence, ru(f.evidence.strip())))
    g.append((node, DG.confidence, _decimal(f.confidence)))
    g.append((node, DG.rule, Lit(f.rule)))


def document_graph(
    doc: Document,
    entities: dict[str, Entity],
    forms: dict[str, set[str]],
    facts: list[Fact],
    content_hash: str | None = None,
    mentioned: frozenset[str] | None = None,
    overlays: Iterable[tuple[str, str]] = (),
) -> Graph:
    """Everything derived from one document, as a graph of its own."""
    g = Graph()
    bind(g)
    for triple in document_triple_list(doc, entities, forms, facts, content_hash, mentioned, overlays):
        g.add(to_rdflib(triple))
    return g


def document_triple_list(
    doc: Document,
    entities: dict[str, Entity],
    forms: dict[str, set[str]],
    facts: list[Fact],
    content_hash: str | None = None,
    mentioned: frozenset[str] | None = None,
    overlays: Iterable[tuple[str, str]] = (),
) -> list[Triple]:
    """document_graph's triples, in the order it adds them, repeats kept: the one description
    of a document's RDF, which the graph and the streamed N-Quads are both written from."""
    g: list[Triple] = []
    d = document_triples(g, doc, content_hash, overlays)
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


# --- N-Triples text ----------------------------------------------------------------------
# What rdflib's N-Triples writer (rdflib.plugins.serializers.nt._nt_row) writes for a term,
# without building rdflib terms first; tests/test_rdf_nt.py compares the two on hard cases.

# N-Triples IRIs exclude these; rdflib checks only the printable ones (and would write a
# line break inside an IRI as it is, splitting the line); ours are percent-encoded anyway.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


@lru_cache(maxsize=8192)
def _nt_iri(iri: str) -> str:
    # Cached: the same vocabulary and entity IRIs recur in every document.
    if _NOT_IN_IRI.search(iri):
        raise ValueError(f"not an IRI N-Triples can write: {iri!r}")
    return f"<{iri}>"


def _nt_literal(lexical: str, lang: str | None, datatype: str | None) -> str:
    # rdflib's escapes, in its order, and only these: tabs, other control characters and
    # non-ASCII are written as they are (N-Triples allows them).
    text = lexical.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    if lang:
        return f'"{text}"@{lang}'
    if datatype:
        return f'"{text}"^^{_nt_iri(datatype)}'
    return f'"{text}"'


def nt_term(term: Term | Node) -> str:
    """A term, light or rdflib's, as N-Triples writes it."""
    if isinstance(term, URIRef):
        return _nt_iri(term)
    if type(term) is Lit:
        return _nt_literal(*term)
    if isinstance(term, Literal):
        return _nt_literal(str(term), term.language, term.datatype)
    return term.n3()  # a blank node


def nt_row(triple: tuple) -> str:
    """A triple as an N-Triples line, without the final " .\n" (an N-Quads line puts the
    graph name there)."""
    s, p, o = triple
    # The common cases first, without nt_term's call and checks (~15% of the writing time).
    if type(o) is URIRef:
        obj = _nt_iri(o)
    elif type(o) is Lit:
        obj = _nt_literal(*o)
    else:
        obj = nt_term(o)
    return f"{_nt_iri(s) if type(s) is URIRef else nt_term(s)} {_nt_iri(p) if type(p) is URIRef else nt_term(p)} {obj}"


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

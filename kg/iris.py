"""Stable IRIs: pure functions of what a thing is, never of processing order."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import quote

from rdflib import URIRef

from kg.gazetteer import QID
from kg.vocab import DGR


@lru_cache(maxsize=4096)  # the same actors recur in document after document
def entity_iri(key: str) -> URIRef:
    """dgr:Q159 for a Wikidata-linked entity; dgr:<kind>/<slug> for the rest («person:…»)."""
    if QID.match(key):
        return DGR[key]
    kind, _, rest = key.partition(":")
    if not rest:
        kind, rest = "entity", key
    return DGR[f"{quote(kind, safe='')}/{quote(rest, safe='-._~')}"]


def document_iri(doc_id: str) -> URIRef:
    return DGR[f"doc/{quote(doc_id, safe='')}"]


def document_graph_iri(doc_id: str) -> URIRef:
    return URIRef(f"{document_iri(doc_id)}/graph")


def _digest(parts: Iterable[str]) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def event_iri(kind: str, actors: Iterable[str], place: str | None, date: str | None) -> URIRef:
    """Key: type, actors, place, date — the same event in two articles is one node."""
    return DGR[f"event/{_digest([kind, *actors, place or '', date or ''])}"]


def overlay_iri(name: str, checksum: str) -> URIRef:
    """A user's overlay file by name and content: an edited file is another node."""
    return DGR[f"overlay/{_digest([name, checksum])}"]


def position_iri(person: str, org: str, role: str | None) -> URIRef:
    return DGR[f"position/{_digest([person, org, role or ''])}"]

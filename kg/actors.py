"""Find an actor node from what a user types: any name form, a Wikidata id, or an IRI.

«Путина», «РФ», «Q159», «wd:Q159», «dgr:Q159» and the full IRI all name a node. Names
are compared after normalisation (case, ё/е, quotes, spaces); when that finds nothing,
each word is lemmatised with pymorphy2 (through natasha's MorphVocab, loaded lazily) so
that inflected input meets the labels and their lemmas. An unknown name raises
UnknownActorError with close names (difflib) as suggestions.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import UnknownActorError
from kg.vocab import DG, DGR, WD

# Classes whose instances are not actors: they never answer a name look-up.
NON_ACTOR_CLASSES = frozenset(
    {
        DG.Document,
        DG.Event,
        DG.Demand,
        DG.Warning,
        DG.SanctionThreat,
        DG.SanctionImposition,
        DG.Rejection,
        DG.Talks,
        DG.ScheduledTalks,
        DG.HeldTalks,
        DG.Position,
    }
)
NAME_PREDICATES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
QID_RE = re.compile(r"^(?:wd:|https?://www\.wikidata\.org/(?:entity|wiki)/)?(Q\d+)$", re.I)
_QUOTES = str.maketrans("", "", "«»\"'„“”`")
# Rank of a match: lower is better.
_LABEL, _ALT, _LEMMA = 0, 1, 2


def normalize(name: str) -> str:
    """Case, ё/е, quotes and runs of spaces do not distinguish names."""
    text = name.translate(_QUOTES).replace("ё", "е").replace("Ё", "Е").casefold()
    return " ".join(text.replace("-", " - ").split()).replace(" - ", "-")


@functools.cache
def _morph():  # type: ignore[no-untyped-def]
    from natasha import MorphVocab  # heavy: pymorphy2 dictionaries, loaded on first use

    return MorphVocab()


def lemma_forms(name: str, limit: int = 8) -> set[str]:
    """Every reading of a name with each word in its dictionary form (a few at most)."""
    words = normalize(name).split()
    if not words:
        return set()
    options = []
    for word in words:
        forms = {normalize(p.normal_form) for p in _morph().parse(word)} or {word}
        options.append(sorted(forms | {word}))
    return {" ".join(combo) for combo in itertools.islice(itertools.product(*options), limit)}


@dataclass
class ActorIndex:
    """Name forms of the nodes of one graph; build once with `build_index`, query many times."""

    names: dict[str, dict[Node, int]] = field(default_factory=lambda: defaultdict(dict))
    labels: dict[Node, str] = field(default_factory=dict)
    qids: dict[str, Node] = field(default_factory=dict)
    weight: dict[Node, int] = field(default_factory=dict)
    _lemmas: dict[str, dict[Node, int]] | None = None

    def add(self, node: Node, name: str, rank: int) -> None:
        key = normalize(name)
        if key and rank < self.names[key].get(node, 99):
            self.names[key][node] = rank

    def lemmas(self) -> dict[str, dict[Node, int]]:
        """Lemmatised forms of every indexed name (computed on the first fuzzy look-up)."""
        if self._lemmas is None:
            table: dict[str, dict[Node, int]] = defaultdict(dict)
            for key, nodes in self.names.items():
                for form in lemma_forms(key):
                    for node in nodes:
                        table[form][node] = _LEMMA
            self._lemmas = table
        return self._lemmas


def _candidates(graph: Graph) -> Iterable[Node]:
    seen = set()
    for pred in NAME_PREDICATES:
        for node in graph.subjects(pred, None):
            if node in seen or isinstance(node, Literal):
                continue
            seen.add(node)
            if not any(cls in NON_ACTOR_CLASSES for cls in graph.objects(node, RDF.type)):
                yield node


def build_index(graph: Graph) -> ActorIndex:
    index = ActorIndex()
    for node in _candidates(graph):
        label = graph.value(node, RDFS.label) or graph.value(node, SKOS.prefLabel)
        for pred in NAME_PREDICATES:
            for name in graph.objects(node, pred):
                index.add(node, str(name), _ALT if pred == SKOS.altLabel else _LABEL)
        index.labels[node] = str(label) if label is not None else local_name(node)
        # More mentions = the likelier meaning of an ambiguous name.
        index.weight[node] = len(set(graph.objects(node, DG.mentionedIn)))
        for same in graph.objects(node, OWL.sameAs):
            match = QID_RE.match(str(same))
            if match:
                index.qids[match.group(1).upper()] = node
        if isinstance(node, URIRef) and str(node).startswith(str(DGR)):
            match = QID_RE.match(str(node)[len(str(DGR)) :])
            if match:
                index.qids.setdefault(match.group(1).upper(), node)
    return index


def local_name(node: Node) -> str:
    text = str(node)
    return re.split(r"[/#]", text.rstrip("/#"))[-1] or text


def _best(matches: dict[Node, int], index: ActorIndex) -> Node:
    return min(matches, key=lambda n: (matches[n], -index.weight.get(n, 0), str(n)))


def find_actor(graph: Graph, name: str, index: ActorIndex | None = None) -> Node:
    """The node `name` stands for; UnknownActorError (with suggestions) when there is none."""
    index = index or build_index(graph)
    text = name.strip()
    qid = QID_RE.match(text)
    if qid:
        node = index.qids.get(qid.group(1).upper())
        if node is not None:
            return node
        raise UnknownActorError(f"no actor with Wikidata id {qid.group(1).upper()} in the graph")
    iri = _as_iri(text)
    if iri is not None:
        if iri in index.labels:
            return iri
        raise UnknownActorError(f"no actor {text} in the graph")
    key = normalize(text)
    if key in index.names:
        return _best(index.names[key], index)
    lemmas = index.lemmas()
    found: dict[Node, int] = {}
    for form in lemma_forms(key) | {key}:
        for node in itertools.chain(index.names.get(form, {}), lemmas.get(form, {})):
            found[node] = _LEMMA
    if found:
        return _best(found, index)
    raise UnknownActorError(_unknown_message(text, index))


def suggestions(name: str, index: ActorIndex, n: int = 5) -> list[str]:
    """Labels of the nodes whose name forms are closest to `name`."""
    keys = difflib.get_close_matches(normalize(name), list(index.names), n=n * 3, cutoff=0.6)
    out: list[str] = []
    for key in keys:
        label = index.labels[_best(index.names[key], index)]
        if label not in out:
            out.append(label)
    return out[:n]


def _unknown_message(name: str, index: ActorIndex) -> str:
    close = suggestions(name, index)
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    return f"unknown actor {name!r}{hint}"


def _as_iri(text: str) -> URIRef | None:
    if re.match(r"^[a-z][a-z0-9+.-]*://\S+$", text, re.I) or text.startswith("urn:"):
        return URIRef(text)
    if text.startswith("dgr:"):
        return DGR[text[4:]]
    if text.startswith("wd:"):
        return WD[text[3:]]
    return None

"""The records every stage passes on: frozen dataclasses with ids and character offsets.

Flow: Document → Parsed (sentences, tokens, NER spans) → Mention → Entity → Fact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    date: dt.date | None = None
    url: str | None = None
    title: str | None = None
    origin: str = ""  # where it came from: "file.jsonl:12", "a.txt"


# Not frozen: a corpus makes 220k tokens a chunk at a time, and a frozen dataclass's __init__ costs
# 4× a plain one (0.2 s per 840 NEREL documents). Never changed once made; equality and hash
# are the fields', as a frozen one's.
@dataclass(slots=True, unsafe_hash=True)
class Token:
    i: int  # index in its sentence
    start: int  # character offsets in the document
    end: int
    text: str
    lemma: str
    pos: str
    feats: tuple[tuple[str, str], ...]
    head: int  # index of the head in the sentence, -1 for the root
    rel: str

    def feat(self, name: str) -> str | None:
        for key, value in self.feats:
            if key == name:
                return value
        return None


@dataclass(frozen=True)
class Sentence:
    i: int  # index in its document
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class NerSpan:
    sent: int
    first: int  # token indices in the sentence, inclusive-exclusive
    last: int
    type: str  # PER, LOC, ORG
    text: str
    # The nominative («Энтони Блинкеном» → «Энтони Блинкен»), or a call that makes it when first
    # asked: it costs a pymorphy2 inflection per word, and the spans the gazetteer names never ask.
    norm: str | Callable[[], str] = field(compare=False, repr=False)

    @property
    def normal(self) -> str:
        return self.norm if isinstance(self.norm, str) else self.norm()


@dataclass(frozen=True)
class Parsed:
    doc: Document
    sentences: tuple[Sentence, ...]
    spans: tuple[NerSpan, ...]


@dataclass(frozen=True)
class Entity:
    """A real-world actor or place. `key` is stable: a Wikidata id or a class-prefixed slug."""

    key: str
    label: str
    cls: str  # Person, State, InternationalOrganization, GovernmentBody, Organization, Bloc, City, Place
    qid: str | None = None
    part_of: str | None = None  # key of the state a body belongs to
    state: str | None = None  # key of the state (or IO) a person serves
    building: bool = False  # a body named after its seat («Кремль»): also a place, the venue of talks


@dataclass(frozen=True)
class Mention:
    sent: int
    first: int  # token span in the sentence, inclusive-exclusive
    last: int
    text: str
    entity: str  # Entity.key
    kind: str  # name, abbr, capital, adjective, role, pronoun, ...
    head: int  # token index of the mention's syntactic head
    as_place: bool = False  # a city named as a place («в Москве»), not as an actor


@dataclass(frozen=True)
class Fact:
    type: str  # demanded, warned, ... affiliation
    doc: str
    sent: int
    evidence: str
    rule: str
    agents: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    location: str | None = None
    start: str | None = None  # lexical date values (see kg.dates)
    end: str | None = None
    role: str | None = None
    modality: str = "asserted"
    condition: str | None = None
    confidence: float = 0.8
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

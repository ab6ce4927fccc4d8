"""DocContext: what the document remembers across sentences (posts and their holders, the
last person and subject, visits, dates, facts so far), and the class of an entity it knows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kg import dates as kdates
from kg.gazetteer import Gazetteer
from kg.lexicon import Lexicon
from kg.mentions import DocMentions, entity_of
from kg.records import Entity, Fact, Parsed, Sentence
from kg.tree import Tree

ACTOR_CLASSES = {"Person", "State", "InternationalOrganization", "GovernmentBody", "Organization", "Bloc"}


@dataclass
class DocContext:
    parsed: Parsed
    dm: DocMentions
    gaz: Gazetteer
    lex: Lexicon
    date: dt.date | None
    role_map: dict[tuple[str, str], str] = field(default_factory=dict)  # (office, org) -> person
    office_order: list[tuple[str, str]] = field(default_factory=list)  # (office, person) in text order
    person_state: dict[str, str] = field(default_factory=dict)
    last_person: str | None = None
    last_subject: str | None = None
    visits: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # person -> (place, sentence, token)
    # kg.facts.visits: (sentence, place, persons, token) of visits («visit») and trip goals («goal»)
    trips: list[tuple[str, int, str, tuple[str, ...], int]] = field(default_factory=list)
    # kg.facts.visits: event noun lemma -> (place, sentence) of the last «форум в Анталье»
    event_places: dict[str, tuple[str, int]] = field(default_factory=dict)
    last_date: kdates.ResolvedDate | None = None  # read through _track_pending_dates only
    undated: list[Sentence] = field(default_factory=list)  # sentences not yet scanned for dates
    dates_resolved: int = 0  # facts' dates resolved so far
    facts: list[Fact] = field(default_factory=list)
    sentence_out: list[Fact] = field(default_factory=list)
    current_sent: int = 0
    untargeted: list[Fact] = field(default_factory=list)  # demands whose addressee is not named
    appeals: list[Fact] = field(default_factory=list)  # those of them aimed at a public or nobody
    institutions: dict[str, str] = field(default_factory=dict)  # «суд» -> the court the document names
    last_sanctions: tuple[int, list[str]] | None = None  # sentence and targets of the last «санкции»
    quote_depths: list[int] | None = None  # open quotes at the start of each sentence
    trees: dict[int, Tree] = field(default_factory=dict)  # sentence -> its tree, built once

    def tree(self, sid: int) -> Tree:
        t = self.trees.get(sid)
        if t is None:
            t = self.trees[sid] = Tree.of(self.parsed.sentences[sid])
        return t

    def known(self, key: str) -> str:
        """Bring a gazetteer entity the text reaches indirectly into the document's entities."""
        self.dm.entities.setdefault(key, entity_of(self.gaz.entries[key]))
        return key

    def entity(self, key: str) -> Entity | None:
        return self.dm.entities.get(key)

    def is_actor(self, key: str) -> bool:
        e = self.entity(key)
        return e is not None and e.cls in ACTOR_CLASSES

    def state_of(self, key: str) -> str | None:
        e = self.entity(key)
        if e is None:
            return None
        if e.cls == "State":
            return key
        return self.person_state.get(key) or e.state or e.part_of


def uniq(keys: list[str]) -> list[str]:
    out: list[str] = []
    for k in keys:
        if k and k not in out:
            out.append(k)
    return out


def class_of(ctx: DocContext, key: str) -> str | None:
    e = ctx.entity(key)
    return e.cls if e else None


PUBLIC_CLASSES = {"State", "InternationalOrganization", "GovernmentBody", "Bloc", "City"}


def public_actor(ctx: DocContext, p: str) -> bool:
    """An actor of diplomacy: a state, an international or government body, or a person who
    holds a post for one (the gazetteer's state, or a state post the document names)."""
    cls = class_of(ctx, p)
    if cls in PUBLIC_CLASSES:
        return True
    if cls != "Person":
        return False
    posts = {class_of(ctx, o) for f in ctx.facts if f.type == "affiliation" and f.agents == (p,) for o in f.targets}
    if posts & PUBLIC_CLASSES:
        return True  # «заместитель министра иностранных дел России Олег Корнеев»
    if posts:
        return False  # «глава «Газпрома» Алексей Миллер»: a company's man, whatever his state
    return ctx.state_of(p) is not None or p in ctx.role_map.values()


def seat_of(ctx: DocContext, city: str, *, states_only: bool = False) -> str | None:
    """The state (or, unless `states_only`, the organisation) a capital or seat stands for
    («Тайбэй» → Тайвань, «Брюссель» → ЕС), made known to the document; None for other places."""
    seat = ctx.gaz.capitals.get(city)
    if seat is None or seat not in ctx.gaz.entries or states_only and ctx.gaz.entries[seat].cls != "State":
        return None
    return ctx.known(seat)


def talks_noun(ctx: DocContext, lemma: str) -> bool:
    """A noun the lexicon reads as talks («встреча», «саммит», «переговоры»)."""
    return lemma in ctx.lex.talks_nouns

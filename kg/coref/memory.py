"""What the coreference walk remembers: per sentence, the actors it named (entity, class,
position, whether a subject, gender and number), and the choice among candidates that
refuses to guess when two compete."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kg.gazetteer import Gazetteer
from kg.lexicon import Lexicon
from kg.mentions import PLACE_PREPS, STATE_NOUNS, DocMentions
from kg.records import Mention
from kg.tree import Tree

ACTORS = {"Person", "State", "InternationalOrganization", "GovernmentBody", "Organization", "Bloc"}
LOOK_BACK = 3  # sentences an antecedent may lie back
GROUP_BACK = 5  # sentences the participants of «стороны» may lie back


@dataclass(frozen=True)
class Resolution:
    """One anaphor and what it stands for; `entities` empty when it stays unresolved."""

    sent: int
    first: int
    last: int
    text: str
    kind: str  # pronoun, metonymy, description, group, zero
    head: int
    entities: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Cand:
    entity: str
    cls: str
    sent: int
    first: int
    subject: bool
    gender: str | None
    number: str | None
    members: tuple[str, ...] = ()  # a group standing as one antecedent («Путин и Байден»)
    partner: bool = False  # a subject, or named «с»/«между» beside one: a party to what happened
    verb: int = -1  # the verb a subject is the subject of (subjects of one verb act together)

    @classmethod
    def of_resolution(cls, r: Resolution, tree: Tree, mem: Memory) -> Cand:
        tok = tree.tok(r.head)
        number = "Plur" if len(r.entities) > 1 else tok.feat("Number")
        subj = tok.rel.startswith("nsubj") or r.kind == "zero"
        gender = mem.gender.get(r.entities[0]) if r.kind == "zero" else tok.feat("Gender")
        return cls(r.entities[0], mem.cls(r.entities[0]) or "", r.sent, r.first, subj, gender, number,
                   r.entities if len(r.entities) > 1 else (), subj or _partner(tree, r.head, mem.lex.talks_nouns))


@dataclass
class Memory:
    dm: DocMentions
    gaz: Gazetteer
    lex: Lexicon
    sents: dict[int, list[Cand]] = field(default_factory=dict)
    gender: dict[str, str] = field(default_factory=dict)  # person -> the gender its name showed
    seen: set[str] = field(default_factory=set)  # entities named so far
    current: int = 0
    date: dt.date | None = None
    posts: dict[tuple[str, str], str] = field(default_factory=dict)  # (office, org) -> the person named with it
    speaker: tuple[int, str | None] | None = None  # an interview's «Name:» label: sentence, person

    def cls(self, key: str) -> str | None:
        e = self.dm.entities.get(key)
        if e is not None:
            return e.cls
        entry = self.gaz.entries.get(key)
        return entry.cls if entry else None

    def start(self, tree: Tree, mentions: list[Mention]) -> None:
        """Remember the actors a sentence names before its anaphors are read."""
        self.current = tree.sent.i
        self.sents.pop(tree.sent.i - GROUP_BACK - 1, None)  # bounded memory
        cands = []
        for m in mentions:
            cls = self.cls(m.entity)
            if cls not in ACTORS or m.as_place or m.kind == "adjective" or _in_place(tree, m.head):
                continue
            head = tree.tok(m.head)
            subj = _subject_like(tree, m.head)
            # («Канцлер Германии Олаф Шольц провёл…»: the name under a subject post is the subject
            # an anaphor takes, but no party beside another one.)
            named_subject = subj or _subject_like(tree, m.head, through_post=True)
            agreed = _verb_gender(tree, m.head) if cls == "Person" else None
            gender = agreed or head.feat("Gender")
            if cls == "Person" and gender and (m.entity not in self.gender or agreed):
                self.gender[m.entity] = gender
            if cls == "Person":
                gender = self.gender.get(m.entity, gender)
            number = head.feat("Number")
            up = tree.tok(head.head) if head.head >= 0 and cls != "Person" else None
            # «Делегация Пхеньяна прибыла … Они проведут», «Представители Ирана …»: its people
            if up is not None and (up.lemma in STATE_NOUNS or up.lemma in self.lex.grammar.member_nouns
                                   and up.feat("Number") == "Plur"):
                number = "Plur"
                subj = subj or up.rel.startswith("nsubj")
            cands.append(Cand(m.entity, cls, m.sent, m.first, named_subject, gender, number, (),
                              subj or _partner(tree, m.head, self.lex.talks_nouns) or self._met(tree, m.head)
                              or named_subject and _in_coordination(tree, m.head),
                              _subject_verb(tree, m.head) if named_subject else -1))
        first = next((m for m in mentions if m.first == 0), None)
        if first is not None and first.last < len(tree.sent.tokens) and tree.tok(first.last).text == ":":
            # «Мустафа Джемилев: Да, всё верно»: who says «я» until the next label
            self.speaker = (tree.sent.i, first.entity if self.cls(first.entity) == "Person" else None)
        cands += self._titles(tree, mentions)
        cands.sort(key=lambda c: c.first)
        self.sents[tree.sent.i] = cands
        self.seen.update(m.entity for m in mentions)

    def _met(self, tree: Tree, i: int) -> bool:
        """«Макрон принял Зеленского»: the object of a talks verb is a party too."""
        tok = tree.tok(i)
        if tok.rel != "obj" or tok.head < 0:
            return False
        return any(f.type == "talks" for f in self.lex.frames.get(tree.tok(tok.head).lemma, ()))

    def _titles(self, tree: Tree, mentions: list[Mention]) -> list[Cand]:
        """Post phrases as antecedents: «президент России Владимир Путин» teaches who holds the
        post; a bare «Израильский премьер» stands for the person the document named for it, or
        the holder at the document's date, else for someone unnamed, who still competes."""
        out = []
        people = {m.head: m for m in mentions if self.cls(m.entity) == "Person"}
        for t in tree.sent.tokens:
            rules = self.lex.roles.get(t.lemma) if t.pos == "NOUN" else None
            rule = next((r for r in rules or () if r.office and not r.same_as_previous and not r.with_), None)
            if rule is None or t.feat("Number") == "Plur" or rule.office is None:
                continue
            orgs = [m.entity for m in mentions if m.first > t.i - 3 and m.first <= t.i + 6
                    and tree.tok(m.head).head == t.i and self.cls(m.entity) in ACTORS - {"Person"}]
            named = next((people[k] for k in range(t.i + 1, min(t.i + 7, len(tree.sent.tokens))) if k in people
                          and (tree.tok(k).head == t.i or t.i in tree.ancestors(k))), None)
            if named is not None:
                for org in orgs[:1]:
                    self.posts.setdefault((rule.office, org), named.entity)
                continue  # the name itself is the antecedent
            person = next((p for org in orgs[:1] for p in (self.posts.get((rule.office, org)),
                                                           self.gaz.holder(rule.office, org, self.date)) if p), None)
            key = person or f"?{tree.sent.i}:{t.i}"
            out.append(Cand(key, "Person", tree.sent.i, t.i, _subject_like(tree, t.i),
                            self.gender.get(key, "Masc"), "Sing", (), _subject_like(tree, t.i) or _partner(tree, t.i, self.lex.talks_nouns)))
        return out

    def add(self, c: Cand) -> None:
        self.sents.setdefault(c.sent, []).append(c)
        self.sents[c.sent].sort(key=lambda x: x.first)

    def remember_zero(self, r: Resolution) -> None:
        if r.entities:
            cls = self.cls(r.entities[0]) or ""
            self.add(Cand(r.entities[0], cls, r.sent, r.first, True, self.gender.get(r.entities[0]),
                          "Plur" if len(r.entities) > 1 else "Sing", r.entities if len(r.entities) > 1 else (), True))

    def before(self, sid: int, tok: int, back: int = LOOK_BACK) -> list[tuple[int, list[Cand]]]:
        """The candidates of this sentence before `tok`, then of the sentences before it."""
        out = [(sid, [c for c in self.sents.get(sid, []) if c.first < tok])]
        out += [(s, self.sents.get(s, [])) for s in range(sid - 1, max(-1, sid - back - 1), -1)]
        return out


def _subject_verb(tree: Tree, i: int) -> int:
    """The verb whose subject token i is, through conjuncts and the post a name stands under."""
    tok = tree.tok(i)
    for _ in range(4):
        if tok.rel not in ("conj", "appos", "flat", "flat:name") or tok.head < 0:
            break
        tok = tree.tok(tok.head)
    return tok.head if tok.rel.startswith("nsubj") else -1


def _subject_like(tree: Tree, i: int, *, through_post: bool = False) -> bool:
    """A subject, a conjunct of one («Путин и Байден обсудили»), or, `through_post`, the name
    under a subject post («Канцлер Германии Олаф Шольц провёл…»)."""
    tok = tree.tok(i)
    climb = ("conj", "appos", "flat", "flat:name") if through_post else ("conj",)
    for _ in range(4):  # bounded: a parse may loop
        if tok.rel not in climb or tok.head < 0:
            break
        tok = tree.tok(tok.head)
    return tok.rel.startswith("nsubj")


def _in_coordination(tree: Tree, i: int) -> bool:
    """The post a name stands under is coordinated with another («Президент России Владимир Путин
    и председатель КНР Си Цзиньпин пообщались»): each name is a party beside the other."""
    tok = tree.tok(i)
    for _ in range(4):
        if tok.rel not in ("appos", "flat", "flat:name") or tok.head < 0:
            break
        tok = tree.tok(tok.head)
    return tok.rel == "conj" or bool(tree.children(tok.i, "conj"))


def _in_place(tree: Tree, i: int) -> bool:
    """«в Ираке и Афганистане»: the second conjunct is a place too."""
    tok = tree.tok(i)
    for _ in range(4):
        if tok.rel != "conj" or tok.head < 0:
            break
        tok = tree.tok(tok.head)
    return tok.i != i and tree.prep(tok.i) in PLACE_PREPS


def _partner(tree: Tree, i: int, talks: frozenset[str] = frozenset()) -> bool:
    """«переговоры с Блинкеном», «между Москвой и Пекином», «президенты Франции и Германии
    встретились», «разговор Путина с …»: named as a party beside the subject, inside it, or as
    the genitive of a talks noun (lemmas `talks`)."""
    tok = tree.tok(i)
    for _ in range(4):  # «с президентом Казахстана Касым-Жомартом Токаевым»: the name under its post
        if tok.rel not in ("conj", "appos", "flat", "flat:name") or tok.head < 0:
            break
        tok = tree.tok(tok.head)
    if tree.prep(tok.i) in ("с", "со", "между"):
        return True
    if tok.rel != "nmod" or tok.head < 0:
        return False
    up = tree.tok(tok.head)  # «разговор российского лидера с …»: the talks noun's own side
    return up.rel.startswith("nsubj") or tree.prep(tok.i) is None and up.lemma in talks


def choose(cands: list[Cand], *, prefer_subject: bool = True) -> tuple[list[Cand], str]:
    """One antecedent among a sentence's candidates, or none when two compete."""
    pool = [c for c in cands if c.subject] if prefer_subject else []
    reason = "the subject"
    if not pool:
        pool, reason = cands, "the only candidate"
    entities = list(dict.fromkeys(c.entity for c in pool))
    if len(entities) == 1:
        return [pool[-1]], reason
    return [], "competing: " + ", ".join(entities)


def _verb_gender(tree: Tree, k: int) -> str | None:
    """«Джорджа Мелони прибыла»: a past verb agrees with its subject in gender, which a foreign
    name's own tags often miss or get wrong."""
    tok = tree.tok(k)
    for _ in range(3):  # «Премьер-министр Италии Джорджа Мелони прибыла»: the post is the subject
        if tok.rel not in ("appos", "flat", "flat:name") or tok.head < 0:
            break
        tok = tree.tok(tok.head)
    if not tok.rel.startswith("nsubj") or tok.head < 0:
        return None
    verb = tree.tok(tok.head)
    if verb.pos not in ("VERB", "AUX") or verb.feat("Number") != "Sing":
        return None
    return verb.feat("Gender")

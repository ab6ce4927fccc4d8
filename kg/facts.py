"""Facts from the parse: trigger frames, their roles in the dependency tree, modality, dates.

One pass per sentence: find triggers (kg/data/lexicon/triggers.toml), read the roles the
frame names from the tree, resolve them to actors (mentions, post phrases, pronouns,
«российская сторона»), then decide modality (negated → dropped; conditional and future
recorded), tense (scheduled vs held talks, threatened vs imposed sanctions), place and date.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property

from kg import dates as kdates
from kg.gazetteer import Gazetteer
from kg.lexicon import Frame, Grammar, Lexicon, RoleRule
from kg.mentions import STATE_NOUNS, DocMentions, entity_of
from kg.records import Entity, Fact, Parsed, Sentence, Token

ACTOR_CLASSES = {"Person", "State", "InternationalOrganization", "GovernmentBody", "Organization", "Bloc"}
PERSON_PRONOUNS = {"он", "она"}
_HYPHEN_PAIR = re.compile(r"([А-ЯЁA-Z][\w]+)\s*[-–—]\s*([А-ЯЁA-Z][\w]+)")

# «со своим коллегой» is «с», «ко встрече» is «к».
PREP_VARIANTS = {"со": "с", "ко": "к"}
# «санкции против России», «в отношении Москвы» (lemmas, as Tree.prep gives them).
AGAINST_PREPS = ("против", "в_отношение")


@dataclass
class Tree:
    sent: Sentence
    kids: dict[int, list[int]]

    @classmethod
    def of(cls, sent: Sentence) -> Tree:
        kids: dict[int, list[int]] = {}
        for t in sent.tokens:
            kids.setdefault(t.head, []).append(t.i)
        return cls(sent, kids)

    @cached_property
    def rels(self) -> list[tuple[str, str]]:
        """Per token: its relation and the relation's base («nsubj:pass», «nsubj»)."""
        return [(t.rel, t.rel.split(":")[0]) for t in self.sent.tokens]

    def tok(self, i: int) -> Token:
        return self.sent.tokens[i]

    def children(self, i: int, *rels: str) -> list[int]:
        """Token i's dependents; with `rels`, those whose relation or its base is one of them."""
        out = self.kids.get(i, [])
        if rels and out:
            base = self.rels
            out = [k for k in out if base[k][1] in rels or base[k][0] in rels]
        return out

    def prep(self, i: int) -> str | None:
        """The preposition of a noun by lemmas («против России» → «против»; «в отношении» → «в_отношение»)."""
        cases = [k for k in self.children(i, "case")]
        if not cases:
            return None
        words = [PREP_VARIANTS.get(self.tok(k).lemma, self.tok(k).lemma) for k in sorted(cases)]
        for k in cases:
            words += [self.tok(f).lemma for f in self.children(k, "fixed")]
        return "_".join(words)

    def subtree(self, i: int) -> set[int]:
        out, todo = {i}, [i]
        while todo:
            for k in self.kids.get(todo.pop(), []):
                if k not in out:
                    out.add(k)
                    todo.append(k)
        return out

    def ancestors(self, i: int) -> Iterator[int]:
        seen = {i}
        j = self.tok(i).head
        while j >= 0 and j not in seen:
            yield j
            seen.add(j)
            j = self.tok(j).head

    def text(self, idx: set[int]) -> str:
        toks = [self.tok(k) for k in sorted(idx)]
        if not toks:
            return ""
        start, end = toks[0].start - self.sent.start, toks[-1].end - self.sent.start
        return self.sent.text[start:end]


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
    last_date: kdates.ResolvedDate | None = None  # read through _track_pending_dates only
    undated: list[Sentence] = field(default_factory=list)  # sentences not yet scanned for dates
    dates_resolved: int = 0  # facts' dates resolved so far
    facts: list[Fact] = field(default_factory=list)
    sentence_out: list[Fact] = field(default_factory=list)
    current_sent: int = 0
    untargeted: list[Fact] = field(default_factory=list)  # demands whose addressee is not named
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


# --------------------------------------------------------------------------- actors


def _uniq(keys: list[str]) -> list[str]:
    out: list[str] = []
    for k in keys:
        if k and k not in out:
            out.append(k)
    return out


def role_rule(ctx: DocContext, tree: Tree, i: int) -> RoleRule | None:
    tok = tree.tok(i)
    rules = ctx.lex.roles.get(tok.lemma)
    if not rules:
        return None
    near = {tree.tok(k).lemma for k in tree.subtree(i) - {i} if abs(k - i) <= 4}
    for rule in rules:
        if rule.same_as_previous:
            before = [k for k in range(i - 1, -1, -1) if tree.tok(k).lemma in ctx.lex.roles
                      and tree.tok(k).lemma != tok.lemma]
            prev = role_rule(ctx, tree, before[0]) if before else _office_rule_of_person_before(ctx, tree, i)
            return prev if prev is not None and not prev.same_as_previous else None
        if not rule.with_ or rule.with_ & near:
            return rule
    return None


def _office_rule_of_person_before(ctx: DocContext, tree: Tree, i: int) -> RoleRule | None:
    """«Путин … со своим американским коллегой»: the post the person named before holds on
    the document's date, as the rule of that office."""
    sid = tree.sent.i
    people = [m.entity for m in ctx.dm.mentions if m.sent == sid and m.first < i and _cls(ctx, m.entity) == "Person"]
    for person in people[:1]:
        for office in ctx.gaz.roles_of(person, ctx.date) if ctx.date else []:
            rule = next((r for rs in ctx.lex.roles.values() for r in rs if r.office == office.role and not r.with_),
                        None)
            if rule is not None:
                return rule
    return None


def role_orgs(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """Organisations a post phrase names, most specific first («глава МИД России» → МИД, Россия)."""
    found: list[str] = []
    todo = [i]
    seen = {i}
    while todo:
        j = todo.pop(0)
        for k in tree.children(j, "nmod", "amod", "flat", "compound", "conj", "obl"):
            if k in seen or not (i - 3 <= k <= i + 8):
                continue
            seen.add(k)
            if tree.tok(k).rel == "conj" and j == i:
                continue  # «президент и премьер» — another post, not an organisation
            m = ctx.dm.at(tree.sent.i, k)
            if m is not None and tree.prep(m.head) not in (None, "при") and not (
                    tree.prep(m.head) == "из" and tree.tok(i).lemma == "коллега"):
                continue  # «посол Ирландии в США»: accredited to the US; but «коллега из Турции»
            if m is not None:
                e = ctx.entity(m.entity)
                if e is not None and e.cls == "Person":
                    continue
                if e is not None and (e.cls in ACTOR_CLASSES or m.kind in ("adjective", "state-noun")):
                    found.append(m.entity)
                    todo.append(k)
                    continue
            tk = tree.tok(k)
            if tk.pos in ("NOUN", "ADJ", "PROPN") and tree.prep(k) in (None, "при", "по"):
                todo.append(k)
    return _uniq(found)


def role_persons(ctx: DocContext, tree: Tree, i: int, orgs_span: set[int]) -> list[str]:
    """Persons a post phrase is attached to: the name right after it («президент России
    Владимир Путин»), an apposition, or a name before it («Путин, президент России»)."""
    sid = tree.sent.i
    end = max(orgs_span | {i} | {k for k in tree.subtree(i) if k <= i + 4 and tree.tok(k).pos != "PUNCT"
                                 and not (ctx.dm.at(sid, k) and _cls(ctx, ctx.dm.at(sid, k).entity) == "Person")})
    nxt = end + 1
    while nxt < len(tree.sent.tokens) and tree.tok(nxt).text in ("«", "»", '"'):
        nxt += 1
    m = ctx.dm.at(sid, nxt)
    if m and _cls(ctx, m.entity) == "Person" and m.first == nxt:
        out = [m.entity]
        if plural(tree.tok(i)):
            for c in tree.children(m.head, "conj"):
                mc = ctx.dm.at(sid, c)
                if mc and _cls(ctx, mc.entity) == "Person":
                    out.append(mc.entity)
        return _uniq(out)
    tok = tree.tok(i)
    if tok.rel == "appos" and tok.head >= 0:
        m = ctx.dm.at(sid, tok.head)
        if m and _cls(ctx, m.entity) == "Person":
            return [m.entity]
    if i >= 2 and tree.tok(i - 1).text in (",", "–", "—", "-"):
        m = ctx.dm.at(sid, i - 2)
        if m and _cls(ctx, m.entity) == "Person":
            return [m.entity]
    return _appointed(ctx, tree, i)


def _sought_post(ctx: DocContext, tree: Tree, i: int) -> bool:
    """«кандидат на пост президента США Дональд Трамп»: the post is sought, not held."""
    g = ctx.lex.grammar
    post = tree.tok(i).head
    if post < 0 or tree.tok(post).lemma not in g.post_nouns:
        return False
    return tree.tok(post).head >= 0 and tree.tok(tree.tok(post).head).lemma in g.candidacy_words


def _appointed(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """«поздравил Туска с избранием на пост главы Кубы», «избрание Туска на пост…», «Рютте
    вступил в должность генсека НАТО»: the person the post phrase is given to."""
    g = ctx.lex.grammar
    post = tree.tok(i).head
    if post < 0 or tree.tok(post).lemma not in g.post_nouns or tree.tok(post).head < 0:
        return []
    up = tree.tok(post).head
    if tree.tok(up).lemma in g.appointment_nouns:
        own = [a for k in tree.children(up, "nmod") if tree.prep(k) is None for a in actors_at(ctx, tree, k)]
        gov = governor(tree, up)
        holders = own or ([a for k in tree.children(gov, "obj") for a in actors_at(ctx, tree, k)] if gov is not None else [])
    elif tree.tok(up).pos in ("VERB", "AUX") and tree.tok(up).lemma not in g.appoint_verbs:
        holders = subject(ctx, tree, up, linear=False)  # «вступил в должность», «заступил на пост»
    else:
        return []
    return [a for a in holders if _cls(ctx, a) == "Person"][:1]


FRAME_GEN = Frame("visit", "talks", "NOUN", frozenset(), ("gen",), ())


# Oblique 3rd-person pronouns after a preposition, with the gender/number they carry
# (natasha sometimes tags «неё» as an adverb).
OBLIQUE_PRONOUNS = {"неё": ("Fem", "Sing"), "нее": ("Fem", "Sing"), "ней": ("Fem", "Sing"),
                    "него": ("Masc", "Sing"), "нему": ("Masc", "Sing"), "нём": ("Masc", "Sing"),
                    "них": (None, "Plur"), "ним": (None, "Plur"), "ними": (None, "Plur")}


def _antecedent(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    tok = tree.tok(i)
    gender, number = OBLIQUE_PRONOUNS.get(tok.text.lower(), (tok.feat("Gender"), tok.feat("Number")))
    sid = tree.sent.i
    for m in reversed([m for m in ctx.dm.mentions if m.sent == sid and m.first < i]):
        head = tree.tok(m.head)
        if not ctx.is_actor(m.entity) or m.kind == "adjective":
            continue
        if number == "Plur" and head.feat("Number") == "Plur" or gender and head.feat("Gender") == gender:
            return [m.entity]
    return []


def plural(tok: Token) -> bool:
    """natasha sometimes tags a sentence-initial «Президенты» as singular: check the ending too."""
    if tok.feat("Number") == "Plur":
        return True
    if tok.pos != "PROPN":
        return False  # the tagger's number is right for common nouns («коллеги» is genitive)
    low = tok.text.lower()
    return low != tok.lemma and low.endswith(("ы", "и")) and not tok.lemma.endswith(("ы", "и"))


def _cls(ctx: DocContext, key: str) -> str | None:
    e = ctx.entity(key)
    return e.cls if e else None


def resolve_role(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """A post phrase used as an actor: the person the document or the office table names."""
    rule = role_rule(ctx, tree, i)
    if rule is None:
        return []
    orgs = role_orgs(ctx, tree, i)
    span = {k for k in tree.subtree(i) if ctx.dm.at(tree.sent.i, k)}
    persons = role_persons(ctx, tree, i, span)
    if persons:
        return persons
    many = plural(tree.tok(i))
    if many and len(orgs) == 1:
        return orgs  # «израильские представители»: a group of officials acts for its state
    if many and not orgs and any(tree.tok(k).lemma not in rule.with_ and tree.tok(k).pos == "NOUN"
                                 for k in tree.children(i, "nmod")):
        return []  # «президенты 50 стран»: an open list, nobody in particular
    out: list[str] = []
    for org in orgs or [None]:
        if rule.office is None:
            continue
        state = ctx.state_of(org) if org else None
        person = None
        if org:
            person = ctx.role_map.get((rule.office, org)) or (state and ctx.role_map.get((rule.office, state)))
            if person is None:
                person = ctx.gaz.holder(rule.office, state if rule.state_office and state else org, ctx.date)
                if person is not None and person in ctx.gaz.entries:
                    ctx.known(person)
            if person is None:
                person = coref_person(ctx, rule.office, org)
        else:
            recent = [p for office, p in reversed(ctx.office_order) if office == rule.office]
            recent = _uniq(recent)
            if not many and ctx.last_subject in recent:
                recent = [ctx.last_subject]  # «глава государства отметил» after «Путин дал пояснения»
            if recent:
                out.extend(recent[:2] if many else recent[:1])
            continue
        out.append(person or org)
    return _uniq([k for k in out if k])


def actors_at(ctx: DocContext, tree: Tree, i: int, *, conj: bool = True, depth: int = 0) -> list[str]:
    """The actors a token stands for, with its coordinated siblings («США и НАТО»)."""
    if depth > 3:
        return []
    out = _actor_single(ctx, tree, i, depth)
    if conj:
        # «Посол ЕС Питер Семнеби и представители ПАСЕ»: the parser may hang the second
        # conjunct on the name in apposition rather than on the post.
        heads = [i, *tree.children(i, "appos")]
        for h in heads:
            for k in tree.children(h, "conj"):
                out += _actor_single(ctx, tree, k, depth)
        if tree.children(i, "conj"):
            # «Заместитель министра Олег Корнеев и помощник министра Лю Цзяньго»: both names
            # may hang on the first post, the second post left without one.
            for k in tree.children(i, "appos"):
                m = ctx.dm.at(tree.sent.i, k)
                if m is not None and _cls(ctx, m.entity) == "Person":
                    out.append(m.entity)
    return _uniq(out)


def _actor_single(ctx: DocContext, tree: Tree, i: int, depth: int) -> list[str]:
    sid = tree.sent.i
    tok = tree.tok(i)
    m = ctx.dm.at(sid, i)
    if m is not None and m.kind in ("name", "capital", "state-noun", "body") and ctx.is_actor(m.entity) and not m.as_place:
        if _cls(ctx, m.entity) == "Person":
            ctx.last_person = m.entity
        return [m.entity]
    if tok.lemma in STATE_NOUNS or tok.lemma in ("страна", "государство"):
        found = []
        for k in tree.children(i, "nmod", "amod", "appos"):
            mk = ctx.dm.at(sid, k)
            if mk and _cls(ctx, mk.entity) in ("State", "Bloc", "InternationalOrganization"):
                found.append(mk.entity)
                # «делегаций России и Украины»: the coordinated states hang on the first one.
                for c in tree.children(k, "conj"):
                    mc = ctx.dm.at(sid, c)
                    if mc and _cls(ctx, mc.entity) in ("State", "Bloc", "InternationalOrganization"):
                        found.append(mc.entity)
            elif tok.lemma == "руководство" and not mk:
                # «руководство движения «Талибан»»: the movement itself
                for j in tree.children(k, "appos", "nmod", "flat"):
                    mj = ctx.dm.at(sid, j)
                    if mj and _cls(ctx, mj.entity) in ("Organization", "InternationalOrganization"):
                        found.append(mj.entity)
        if tok.lemma in ("страна",) and any(tree.tok(k).lemma == "западный" for k in tree.children(i, "amod")):
            west = next((k for k, e in ctx.gaz.entries.items() if e.cls == "Bloc" and e.label == "Запад"), None)
            if west:
                found.append(ctx.known(west))
        if found:
            return found
    if tok.pos in ("NOUN", "PROPN") and tok.lemma in ctx.lex.roles:
        found = resolve_role(ctx, tree, i)
        if found:
            return found
    if (tok.lemma in ("она", "оно", "они") or tok.text.lower() in OBLIQUE_PRONOUNS) and tree.prep(i) is not None:
        # «в отношении неё» after «если Россия…»: the nearest earlier actor of the same gender.
        found = _antecedent(ctx, tree, i)
        if found:
            return found
    if tok.text[:1].islower() and tok.lemma in (ctx.lex.anaphors or {}):
        # «члены альянса» after «НАТО»: an organisation the document already named.
        before = {m.entity for m in ctx.dm.mentions if (m.sent, m.first) < (sid, i)}
        found = [k for k in ctx.lex.anaphors[tok.lemma] if k in before]
        if found:
            return found[:1]
    if tok.lemma in ctx.lex.grammar.company_anaphors and tok.pos == "NOUN" and not any(
            ctx.dm.at(sid, k) for k in tree.children(i, "nmod", "appos", "flat")):
        # «Газовый монополист предупредил…» after «Газпром»: the company named last, not long ago.
        before = [m for m in ctx.dm.mentions if (m.sent, m.first) < (sid, i) and sid - m.sent <= 5
                  and _cls(ctx, m.entity) == "Organization" and m.kind == "name"]
        if before:
            return [before[-1].entity]
    if tok.lemma in ("член", "участник", "страна-член") and tree.children(i, "nmod"):
        # «страны — члены альянса», «члены ЕС»: the organisation acts through its members.
        for k in tree.children(i, "nmod"):
            found = actors_at(ctx, tree, k, depth=depth + 1)
            if found and all(_cls(ctx, a) in ("InternationalOrganization", "Bloc") for a in found):
                return found
    bare = not tree.children(i, "nmod", "amod", "appos", "flat")
    if tok.lemma in ctx.lex.grammar.anaphoric_nouns and bare and (ctx.last_subject or ctx.last_person):
        # «Чиновник заметил…»: a bare title refers back to the person just named.
        return [ctx.last_subject or ctx.last_person]
    if tok.lemma in PERSON_PRONOUNS and tok.pos == "PRON":
        # «Обама посетит Лондон, где он встретится…»: a person earlier in the sentence first.
        before = [m for m in ctx.dm.mentions if m.sent == sid and m.first < i and _cls(ctx, m.entity) == "Person"]
        subj = [m for m in before if tree.tok(m.head).rel.startswith("nsubj")]
        if subj or before:
            return [(subj or before)[-1].entity]
        if ctx.last_subject or ctx.last_person:
            return [ctx.last_subject or ctx.last_person]
    if tok.lemma == "который" and tok.head >= 0 and tree.tok(tok.head).rel.startswith("acl"):
        # «Миллер и Озерец, которые встречаются…»: the relative pronoun stands for its noun.
        noun = tree.tok(tok.head).head
        if noun >= 0:
            return actors_at(ctx, tree, noun, depth=depth + 1)
    for k in tree.children(i, "appos", "flat"):
        mk = ctx.dm.at(sid, k)
        if mk and ctx.is_actor(mk.entity) and not mk.as_place:
            return [mk.entity]
    if tok.lemma in ctx.lex.roles:
        # «с заместителем министра иностранных дел Турции Мехметом Йылдызом»: the parser may
        # hang the name on a noun inside the post phrase rather than on the post itself.
        inner = tree.children(i, "nmod")
        for k in inner + [j for n in inner for j in tree.children(n, "nmod")]:
            for j in tree.children(k, "appos", "flat"):
                mj = ctx.dm.at(sid, j)
                if mj and _cls(ctx, mj.entity) == "Person":
                    return [mj.entity]
    return []


# --------------------------------------------------------------------------- roles of a frame


CLAUSE_STARTS = {"что", "чтобы", "если", "который", "когда", "хотя", "поскольку", "потому", "где", "ли"}


def subject(ctx: DocContext, tree: Tree, i: int, *, linear: bool = True) -> list[str]:
    """The subject of a verb: its nsubj, the nsubj of the verb it complements, else the
    nearest nominative actor in its clause (natasha's trees often misplace coordination)."""
    j = i
    for _ in range(3):
        for k in tree.children(j, "nsubj"):
            found = actors_at(ctx, tree, k)
            if found:
                return found + _linear_conjunct(ctx, tree, k, j, found)
        for k in tree.children(j, "obl"):
            if tree.tok(k).feat("Case") == "Ins" and tree.prep(k) is None and tree.tok(j).feat("Voice") == "Pass":
                found = actors_at(ctx, tree, k)
                if found:
                    return found
        tok = tree.tok(j)
        nonfinite = tok.feat("VerbForm") in ("Inf", "Part", "Conv") or tok.pos in ("NOUN", "PROPN")
        if tok.head >= 0 and (tok.rel.split(":")[0] in ("xcomp", "acl") or (nonfinite and tok.rel in ("obj", "nmod", "acl", "obl"))):
            j = tok.head
            continue
        break
    return linear_subject(ctx, tree, i) if linear else []


def _linear_conjunct(ctx: DocContext, tree: Tree, k: int, verb: int, found: list[str]) -> list[str]:
    """«Посол ЕС Семнеби и представители ПАСЕ призывают»: a second subject the parser hung
    elsewhere, found by its place between the first one and the verb."""
    span = [j for j in tree.subtree(k) if j < verb]
    if not span:
        return []
    nxt = max(span) + 1
    toks = tree.sent.tokens
    if nxt + 1 < verb and toks[nxt].lemma == "и" and toks[nxt + 1].feat("Case") == "Nom" and nxt + 1 not in span:
        return [a for a in actors_at(ctx, tree, nxt + 1, conj=False) if a not in found]
    return []


def linear_subject(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """Nearest nominative actor to the left inside the clause, else right after the verb."""
    toks = tree.sent.tokens
    # «Байден призвал … и дал понять»: coordinated verbs share the subject on the left.
    k = i - 1
    while k >= 0 and (toks[k].pos in ("PUNCT", "ADV", "PART") or toks[k].rel == "parataxis"):
        k -= 1  # «и, наконец, отреагировала»
    shared = (k >= 0 and toks[k].lemma in ("и", "а", "но") and toks[k].pos == "CCONJ") or toks[i].rel == "conj"
    for k in range(i - 1, -1, -1):
        t = toks[k]
        if t.lemma in CLAUSE_STARTS and t.pos in ("SCONJ", "PRON"):
            break
        if t.text in (";", ":", "«", "»", "—"):
            break
        if t.pos == "VERB" and t.feat("VerbForm") == "Fin" and not shared:
            # «Обама посетит саммит, проведёт встречу…»: a series of verbs shares the subject.
            me = toks[i]
            if (k == i - 1 or toks[i - 1].text == ",") and me.feat("VerbForm") == "Fin" and (
                    t.feat("Number"), t.feat("Tense")) == (me.feat("Number"), me.feat("Tense")):
                return subject(ctx, tree, t.i, linear=False)
            break
        if t.feat("Case") == "Nom" and tree.prep(k) is None and t.rel not in ("amod",):
            found = actors_at(ctx, tree, k)
            if found:
                return found
    for k in range(i + 1, min(len(toks), i + 6)):
        t = toks[k]
        if t.pos == "PUNCT" and t.text not in ("«", "»"):
            break
        if t.feat("Case") == "Nom" and tree.prep(k) is None and t.rel.startswith("nsubj"):
            found = actors_at(ctx, tree, k)
            if found:
                return found
    return []


def governor(tree: Tree, i: int) -> int | None:
    """The verb (or predicative) that governs a nominal trigger."""
    for j in tree.ancestors(i):
        t = tree.tok(j)
        if t.pos in ("VERB", "AUX") or (t.pos == "ADJ" and t.feat("Variant") == "Short"):
            return j
        if t.rel == "root":
            return j if t.pos in ("ADJ", "NOUN") else None
    return None


def role_args(ctx: DocContext, tree: Tree, i: int, specs: tuple[str, ...], frame: Frame) -> tuple[list[str], str]:
    for spec in specs:
        found = _role_arg(ctx, tree, i, spec, frame)
        if found:
            return found, spec
    return [], ""


def _role_arg(ctx: DocContext, tree: Tree, i: int, spec: str, frame: Frame) -> list[str]:
    sid = tree.sent.i
    if spec == "subject":
        if frame.pos == "NOUN":
            g = governor(tree, i)
            return subject(ctx, tree, g) if g is not None else []
        return subject(ctx, tree, i)
    if spec in ("obj", "iobj"):
        return [a for k in tree.children(i, spec) for a in actors_at(ctx, tree, k)]
    if spec == "dat":
        heads = [i, *[k for k in tree.children(i, "xcomp") if tree.tok(k).lemma == "понять"]]
        return [a for h in heads for k in tree.children(h, "iobj", "obl", "nmod", "obj")
                if tree.tok(k).feat("Case") == "Dat" and tree.prep(k) is None
                for a in actors_at(ctx, tree, k)]
    if spec == "gen":
        out = []
        for k in tree.children(i, "nmod"):
            # «ультиматум России» is sometimes tagged dative: the forms coincide.
            if tree.prep(k) is None and tree.tok(k).feat("Case") in ("Gen", "Dat", None):
                out += actors_at(ctx, tree, k)
        return out
    if spec == "adj":
        out = []
        for k in tree.children(i, "amod"):
            m = ctx.dm.at(sid, k)
            if m and ctx.is_actor(m.entity):
                out.append(m.entity)
        return out
    if spec.startswith("obl:"):
        want = spec[4:]
        out = []
        heads = [i]
        if frame.pos == "NOUN":
            g = governor(tree, i)
            if g is not None:
                heads.append(g)
        for h in heads:
            for k in tree.children(h, "obl", "nmod", "iobj", "obj"):
                if tree.prep(k) == want:
                    out += actors_at(ctx, tree, k)
        return out
    if spec == "owner":
        out = []
        for k in tree.children(i, "obj", "obl", "nsubj:pass", "nmod"):
            if frame.object_lemmas and tree.tok(k).lemma not in frame.object_lemmas:
                continue
            for c in tree.children(k, "nmod", "amod"):
                m = ctx.dm.at(sid, c)
                if m and ctx.is_actor(m.entity) and tree.prep(c) in (None, "от", "со_сторона"):
                    out.append(m.entity)  # «требования Киева», «ультиматумы от НАТО»
            if not out and tree.tok(k).lemma in PROPOSAL_WORDS:
                out += _recent_demanders(ctx, sid)
        return out
    if spec == "condition":
        cond = condition_clause(ctx, tree, i)
        if cond is None:
            return []
        for k in sorted(cond):
            if tree.tok(k).rel.startswith("nsubj"):
                found = actors_at(ctx, tree, k)
                if found:
                    return found
        return []
    if spec == "subj":
        return subject(ctx, tree, i, linear=False)
    if spec == "partner":
        return _talk_partner(ctx, subject(ctx, tree, i), sid)
    if spec == "complement":
        # «настаивать на возвращении Россией островов», «отказался от участия в саммите в США»,
        # «отказывается признать Палестинское государство»: the actor inside the action.
        sub: set[int] = set()
        for k in tree.children(i, "obl", "xcomp", "ccomp", "obj"):
            if tree.tok(k).rel == "obl" and tree.prep(k) not in COMPLEMENT_PREPS:
                continue  # «из-за Сноудена» gives a cause, not an addressee
            if frame.type == "rejected" and tree.tok(k).rel == "xcomp":
                # «отказывается признать Палестинское государство»: the refused act's object only,
                # not «отказалась присоединиться к санкциям Запада».
                verbs = [v for v in [k, *tree.children(k, "conj")]
                         if tree.tok(v).lemma not in ctx.lex.grammar.hostile_acts]
                sub |= {j for v in verbs for o in tree.children(v, "obj") for j in tree.subtree(o)}
                continue
            sub |= tree.subtree(k)
        for k in sorted(sub):
            m = ctx.dm.at(sid, k)
            if m is not None and m.first != k:
                continue
            host = frame.type == "rejected" and m is not None and _cls(ctx, m.entity) == "State"
            if m is not None and m.as_place and not host:
                continue
            if host:
                return [m.entity]
            found = [a for a in _actor_single(ctx, tree, k, 0) if _cls(ctx, a) != "Person" or m is not None]
            if found:
                return found
        return []
    if spec == "consequence":
        sub = set()
        for k in tree.children(i, "obj", "obl", "ccomp", "xcomp", "nmod"):
            sub |= tree.subtree(k)
        found = []
        for k in sorted(sub):
            m = ctx.dm.at(sid, k)
            if m and ctx.is_actor(m.entity) and not m.as_place and m.first == k:
                found.append(m.entity)
        return found
    return []


COMPLEMENT_PREPS = {"на", "к", "от", "о", "об", "в", "с", "по"}
# What one rejects when the rejection names no author: a proposal or «это».
PROPOSAL_WORDS = {"требование", "условие", "ультиматум", "предложение", "просьба", "призыв", "инициатива",
                  "план", "шаг", "идея", "это", "этот", "то", "запрос", "проект"}
def _recent_demanders(ctx: DocContext, sid: int) -> list[str]:
    for f in reversed(ctx.facts):
        if f.type == "demanded" and sid - f.sent <= 2 and f.agents:
            return list(f.agents)
    return []


def condition_clause(ctx: DocContext, tree: Tree, i: int) -> set[int] | None:
    """Tokens of an «если …» / «в случае …» clause in the trigger's sentence (not containing it)."""
    marks = ctx.lex.grammar.condition_marks
    best: tuple[int, set[int]] | None = None
    for t in tree.sent.tokens:
        if t.lemma not in marks or t.rel not in ("mark", "case", "fixed", "obl", "nmod", "advmod"):
            continue
        head = t.head if t.rel in ("mark", "case", "fixed") else t.i
        if t.lemma == "случай":
            head = t.i
        clause = tree.subtree(head) if head >= 0 else set()
        if t.lemma == "случай":
            clause |= {k for c in tree.children(t.i, "acl", "advcl") for k in tree.subtree(c)}
            nxt = [k for k in range(t.i + 1, min(len(tree.sent.tokens), t.i + 3)) if tree.tok(k).lemma == "если"]
            for k in nxt:
                if tree.tok(k).head >= 0:
                    clause |= tree.subtree(tree.tok(k).head)
        if not clause or i in clause:
            continue
        dist = min(abs(k - i) for k in clause)
        if best is None or dist < best[0]:
            best = (dist, clause)
    return best[1] if best else None


def negated(ctx: DocContext, tree: Tree, i: int) -> bool:
    chain = [i]
    for j in tree.ancestors(i):
        chain.append(j)
        if tree.tok(j).lemma in ctx.lex.grammar.speech_verbs or len(chain) > 3:
            break
    negs = ctx.lex.grammar.negations
    for h in chain:
        if tree.tok(h).lemma in ctx.lex.grammar.speech_verbs and h != i:
            break
        for k in tree.children(h, "advmod", "neg", "det"):
            if tree.tok(k).lemma in negs and k < h:
                return True
    return False


def future_like(ctx: DocContext, tree: Tree, i: int) -> bool:
    """The trigger talks about something not yet done: future tense, plans, promises, modals."""
    g = ctx.lex.grammar
    chain = [i, *list(tree.ancestors(i))[:3]]
    for h in chain:
        t = tree.tok(h)
        if t.feat("Tense") == "Fut":
            return True
        if h != i and t.lemma in g.future_words:
            past_aux = any(tree.tok(k).feat("Tense") == "Past" for k in tree.children(h, "cop", "aux"))
            if not past_aux:  # «должен был поднять» is a past obligation
                return True
        for k in tree.children(h, "aux", "aux:pass", "cop"):
            if tree.tok(k).feat("Tense") == "Fut" or tree.tok(k).text.lower() in ("будет", "будут", "буду", "будем"):
                return True
        if t.lemma in g.speech_verbs and h != i:
            break
    return False


# Personal endings of the non-past: a perfective verb with one is future whatever the tagger
# said («заморозят» tagged past).
NONPAST_ENDINGS = ("ят", "ут", "ют", "ат", "ит", "ет", "ёт", "им", "ем", "ём", "ишь", "ешь", "ёшь", "ите", "ете")


def _perfective_present_form(t: Token) -> bool:
    return (t.pos in ("VERB", "AUX") and t.feat("VerbForm") == "Fin" and t.feat("Aspect") == "Perf"
            and t.text.lower().endswith(NONPAST_ENDINGS) and not t.text.lower().endswith(("ся", "сь")))


def future_tense(tree: Tree, i: int) -> bool:
    """Grammatical future of the trigger's own clause («состоятся», «будут проведены»,
    «намерены встретиться» is a plan, handled by the plan verbs)."""
    for h in [i, *list(tree.ancestors(i))[:2]]:
        t = tree.tok(h)
        if t.feat("Tense") == "Fut" or _perfective_present_form(t):
            return True
        if any(tree.tok(k).text.lower() in ("будет", "будут", "буду", "будем") for k in tree.children(h, "aux", "aux:pass", "cop")):
            return True
        if t.pos in ("VERB", "AUX") and t.feat("VerbForm") == "Fin":
            return False  # the first finite verb decides
    return False


def past_like(tree: Tree, i: int) -> bool:
    for h in [i, *list(tree.ancestors(i))[:2]]:
        t = tree.tok(h)
        if t.feat("Tense") in ("Past", "Pres") and t.feat("VerbForm") in ("Fin", None) and t.pos in ("VERB", "AUX"):
            return True
        if t.feat("VerbForm") == "Part" and t.feat("Tense") == "Past":
            return True
    return False


def is_speech(ctx: DocContext, tree: Tree, j: int) -> bool:
    t = tree.tok(j)
    if t.pos != "VERB":
        return False
    if t.lemma in ("дать", "давать"):  # «дал понять»
        return any(tree.tok(k).lemma == "понять" for k in tree.children(j))
    return t.lemma in ctx.lex.grammar.speech_verbs


def speakers(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """The speaker when the fact sits in reported speech or a quote; «по словам X» as a fallback."""
    toks = tree.sent.tokens
    for j in tree.ancestors(i):
        if tree.tok(j).pos in ("PROPN", "PRON") or (tree.tok(j).pos == "NOUN" and j != governor(tree, i)):
            break  # a relative clause on a noun phrase is not what its verb's subject says
        if is_speech(ctx, tree, j):
            found = subject(ctx, tree, j)
            if found:
                return found
    # «X заявил, что …»: a speech verb before the trigger with «что» between them.
    for j in range(i - 1, -1, -1):
        if is_speech(ctx, tree, j):
            between = range(j + 1, i)
            if any(toks[k].lemma in ("что", ":") or toks[k].text == ":" for k in between) and not any(
                    toks[k].lemma == "который" for k in between):
                found = subject(ctx, tree, j)
                if found:
                    return found
            break
    # «Против Ирана будут введены санкции, заявил Блинкен»: the speech verb hangs off the clause.
    for j in [i, *tree.ancestors(i)]:
        for k in tree.children(j, "parataxis"):
            if k > i and is_speech(ctx, tree, k):
                found = subject(ctx, tree, k)
                if found:
                    return found
    # Quote first, speaker after: «…», — заявил X.
    closing = [k for k in range(i + 1, len(toks)) if toks[k].text in ("»", "”", '"')]
    if closing:
        for j in range(closing[0] + 1, min(len(toks), closing[0] + 6)):
            if is_speech(ctx, tree, j):
                found = subject(ctx, tree, j)
                if found:
                    return found
    return _quote_speaker(ctx, tree, i)


OPEN_QUOTES, CLOSE_QUOTES = ("«", "„", "“"), ("»", "”")


def _quote_depths(ctx: DocContext) -> list[int]:
    """How many quotes are open at the start of each sentence."""
    if ctx.quote_depths is None:
        depth, out = 0, []
        for sent in ctx.parsed.sentences:
            out.append(depth)
            for t in sent.tokens:
                depth += (t.text in OPEN_QUOTES) - (t.text in CLOSE_QUOTES and depth > 0)
        ctx.quote_depths = out
    return ctx.quote_depths


def _quote_speaker(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """A quote of several sentences: «Мы требуем… Это наша позиция», — заявил Лавров; or
    Лавров заявил: «… Мы не отступим»."""
    depths, sents = _quote_depths(ctx), ctx.parsed.sentences
    sid, toks = tree.sent.i, tree.sent.tokens
    opens = [k for k in range(i) if toks[k].text in OPEN_QUOTES]
    closes_before = [k for k in range(i) if toks[k].text in CLOSE_QUOTES]
    inside = (depths[sid] > 0 and not closes_before) or (opens and not any(c > opens[-1] for c in closes_before))
    if not inside:
        return []
    # Forward: the sentence where the quote closes, then «— заявил X».
    for s in range(sid + 1, min(len(sents), sid + 4)):
        st = sents[s].tokens
        close = next((k for k, t in enumerate(st) if t.text in CLOSE_QUOTES), None)
        if close is None:
            continue
        later = ctx.tree(s)
        for j in range(close + 1, min(len(st), close + 6)):
            if is_speech(ctx, later, j):
                return subject(ctx, later, j)
        break
    # Backward: the sentence that opened the quote after «X заявил:».
    for s in range(sid, max(-1, sid - 4), -1):
        if depths[s] == 0:
            st = sents[s].tokens
            start = next((k for k, t in enumerate(st) if t.text in OPEN_QUOTES), None)
            if start is None or s == sid:
                return []
            earlier = ctx.tree(s)
            for j in range(start - 1, -1, -1):
                if is_speech(ctx, earlier, j):
                    return subject(ctx, earlier, j)
            return []
    return []


def according_to(ctx: DocContext, tree: Tree) -> list[str]:
    """«По словам X», «по данным X»: X."""
    for t in tree.sent.tokens:
        if t.lemma in ctx.lex.grammar.speech_nouns and tree.prep(t.i) == "по":
            for k in tree.children(t.i, "nmod"):
                found = actors_at(ctx, tree, k)
                if found:
                    return found
    return []


# --------------------------------------------------------------------------- places and dates


def _scope(tree: Tree, i: int) -> set[int]:
    """The clause of a trigger: its governor's subtree (with coordinated verbs), or its own."""
    g = governor(tree, i)
    scope = tree.subtree(i)
    if g is not None:
        scope |= tree.subtree(g)
        if tree.tok(g).rel == "conj" and tree.tok(g).head >= 0:
            scope |= tree.subtree(tree.tok(g).head)
    return scope


def _near(ctx: DocContext, tree: Tree, i: int) -> set[int]:
    """Tokens that hang off the trigger or its verbs directly, or through a named actor
    («переговоры в рамках Совета Россия-НАТО в Брюсселе»), but not through another noun
    («переговоры об обогащении урана в России»)."""
    heads = {i}
    g = governor(tree, i)
    if g is not None:
        heads |= {g, *tree.children(g, "conj")}
        if tree.tok(g).rel == "conj" and tree.tok(g).head >= 0:
            heads.add(tree.tok(g).head)
    near: set[int] = set()
    todo = [(h, 0) for h in heads]
    while todo:
        h, depth = todo.pop()
        for k in tree.children(h):
            near.add(k)
            through = ctx.dm.at(tree.sent.i, k) is not None or tree.tok(k).lemma in ("рамка", "линия", "ход", "время")
            if through and depth < 2:
                todo.append((k, depth + 1))
    return near


def location(ctx: DocContext, tree: Tree, i: int, others: set[int] = frozenset()) -> str | None:
    """The nearest «в/на + place» attached to the trigger's clause, not past another talks trigger."""
    sid = tree.sent.i
    best: tuple[int, str] | None = None
    near = _near(ctx, tree, i)
    for k in sorted(_scope(tree, i)):
        if k not in near:
            continue
        m = ctx.dm.at(sid, k)
        if m is None or m.first != k:
            continue
        e = ctx.entity(m.entity)
        if e is None or e.cls not in ("City", "Place", "State"):
            continue
        if tree.prep(m.head) not in ("в", "во", "на") or _between(k, i, others):
            continue
        dist = abs(k - i)
        if best is None or dist < best[0]:
            best = (dist, m.entity)
    return best[1] if best else None


def fact_dates(
    ctx: DocContext, tree: Tree, i: int, future: bool, others: set[int] = frozenset()
) -> tuple[str | None, str | None]:
    _track_pending_dates(ctx)
    text = tree.sent.text
    exprs = _dates_in(text)
    if not exprs:
        if ctx.last_date is not None and any(t.lemma == "тогда" for t in tree.sent.tokens):
            return ctx.last_date.start, ctx.last_date.end  # «Тогда же президенты обсудили…»
        return None, None
    scope = _scope(tree, i)
    g = governor(tree, i)
    if g is not None:
        for c in tree.children(g, "conj"):
            scope |= tree.subtree(c)
    trig = tree.tok(i)
    best: tuple[int, kdates.DateExpr] | None = None
    for e in exprs:
        toks = [t.i for t in tree.sent.tokens if t.start - tree.sent.start < e.end and t.end - tree.sent.start > e.start]
        if not toks or not set(toks) & scope or _between(toks[0], i, others):
            continue
        dist = min(abs(t - trig.i) for t in toks)
        if best is None or dist < best[0]:
            best = (dist, e)
    if best is None:
        return None, None
    resolved = kdates.resolve(best[1], ctx.date, tense="future" if future else "past", previous=ctx.last_date)
    if resolved is None:
        return None, None
    ctx.last_date = resolved
    ctx.dates_resolved += 1
    return resolved.start, resolved.end


@functools.lru_cache(maxsize=4096)
def _dates_in(text: str) -> tuple[kdates.DateExpr, ...]:
    """Date expressions of a sentence, found once (facts and the date tracker both ask)."""
    return tuple(kdates.find_dates(text))


def _track_pending_dates(ctx: DocContext) -> None:
    """Bring ctx.last_date up to date: the sentences since it was last read, in order. Only a
    fact's date reads it, so documents without one scan no sentence for dates at all."""
    for sent in ctx.undated:
        track_dates(ctx, sent)
    ctx.undated.clear()


def track_dates(ctx: DocContext, sent: Sentence) -> None:
    """Remember the last absolute date mentioned, for «на следующий день»."""
    for e in _dates_in(sent.text):
        if e.month or e.year:
            r = kdates.resolve(e, ctx.date, tense=None, previous=ctx.last_date)
            if r is not None:
                ctx.last_date = r


# --------------------------------------------------------------------------- extraction


def affiliations(ctx: DocContext, tree: Tree, *, explicit_only: bool = False) -> list[Fact]:
    out = []
    sid = tree.sent.i
    for t in tree.sent.tokens:
        if t.pos not in ("NOUN", "PROPN") or t.lemma not in ctx.lex.roles:
            continue
        rule = role_rule(ctx, tree, t.i)
        if rule is None or nested_role(ctx, tree, t.i) or _sought_post(ctx, tree, t.i):
            continue
        orgs = role_orgs(ctx, tree, t.i)
        if not orgs and t.rel == "conj" and t.head >= 0 and tree.tok(t.head).lemma in ctx.lex.roles:
            # «Президент Израиля Ривлин и премьер-министр Нетаньяху»: the same state for both posts.
            orgs = [o for o in role_orgs(ctx, tree, t.head) if _cls(ctx, o) == "State"]
        span = {k for k in tree.subtree(t.i) if ctx.dm.at(sid, k) and ctx.dm.at(sid, k).entity in orgs}
        persons = role_persons(ctx, tree, t.i, span)
        if not persons:
            # «Председатель ОБСЕ, министр иностранных дел Швейцарии Дидье Буркхальтер»
            for k in tree.children(t.i, "appos", "conj"):
                if tree.tok(k).lemma in ctx.lex.roles and k > t.i and tree.tok(k - 1).text in (",", "—", "–"):
                    inner = {j for j in tree.subtree(k) if (m := ctx.dm.at(sid, j)) and _cls(ctx, m.entity) != "Person"}
                    persons = role_persons(ctx, tree, k, inner)
        orgs = [o for o in orgs if ctx.is_actor(o) and _cls(ctx, o) != "Person"]
        if not orgs:
            continue
        conf = 0.85
        if not persons and rule.office and not explicit_only:
            # «Премьер-министр Израиля заявил…» after «Нетаньяху…»: the post names a known person;
            # «президенты России и Сербии обсудили…»: each organisation its own holder.
            targets = orgs if plural(t) and len(orgs) > 1 else orgs[:1] if not plural(t) else []
            found = [coref_person(ctx, rule.office, o) for o in targets]
            if found and all(found):
                persons, conf = [p for p in found if p], 0.6
        if not persons:
            continue
        # «Президенты России и США Путин и Байден»: pair them in order.
        if len(persons) == len(orgs) > 1:
            pairs = list(zip(persons, orgs, strict=True))
        elif len(persons) == 1:
            pairs = [(persons[0], o) for o in orgs]
        else:
            pairs = [(p, orgs[0]) for p in persons] if len(orgs) == 1 else []
        for person, org in pairs:
            if rule.office:
                state = ctx.state_of(org) or org
                ctx.role_map[(rule.office, org)] = person
                ctx.role_map.setdefault((rule.office, state), person)
                ctx.office_order.append((rule.office, person))
                if _cls(ctx, state) == "State":
                    ctx.person_state.setdefault(person, state)
            out.append(Fact("affiliation", ctx.parsed.doc.id, sid, tree.sent.text, f"role.{rule.head}",
                            agents=(person,), targets=(org,), role=rule.role, confidence=conf))
    return out


def appointments(ctx: DocContext, tree: Tree) -> list[Fact]:
    """«парламент Кубы утвердил Диас-Канеля председателем Госсовета», «Хитто избран
    премьер-министром», «коалиция выбрала Хитто в качестве премьер-министра»."""
    out = []
    sid = tree.sent.i
    for v in tree.sent.tokens:
        if v.lemma not in ctx.lex.grammar.appoint_verbs or v.pos not in ("VERB", "AUX"):
            continue
        for k in tree.children(v.i, "xcomp", "obl", "nmod"):
            role_tok = k
            if tree.prep(k) == "в_качество" or tree.tok(k).lemma == "качество":
                role_tok = next(iter(tree.children(k, "nmod")), k)
            rt = tree.tok(role_tok)
            if rt.lemma not in ctx.lex.roles or (rt.feat("Case") != "Ins" and role_tok == k):
                continue
            rule = role_rule(ctx, tree, role_tok)
            if rule is None:
                continue
            passive = v.feat("Voice") == "Pass" or v.lemma in ("стать", "становиться", "являться", "остаться")
            holder_rels = ("nsubj", "nsubj:pass") if passive else ("obj",)
            persons = [a for h in tree.children(v.i, *holder_rels) for a in actors_at(ctx, tree, h)
                       if _cls(ctx, a) == "Person"]
            orgs = role_orgs(ctx, tree, role_tok)
            if not orgs and not passive:
                orgs = [a for a in subject(ctx, tree, v.i, linear=False)
                        if _cls(ctx, a) not in ("Person", None)]
            # Unknown organisations named only by a common noun phrase («Государственного совета»)
            # lack the state that makes their name; keep the posts in organisations we know.
            orgs = [o for o in orgs if o in ctx.gaz.entries or _cls(ctx, o) == "State"]
            for person in persons:
                for org in orgs:
                    out.append(Fact("affiliation", ctx.parsed.doc.id, sid, tree.sent.text, f"appoint.{v.lemma}",
                                    agents=(person,), targets=(org,), role=rule.role, confidence=0.75))
    return out


def nested_role(ctx: DocContext, tree: Tree, i: int) -> bool:
    """«помощник президента РФ»: «президента» names whose aide, not the person's post."""
    tok = tree.tok(i)
    if tok.rel != "nmod" or tok.head < 0:
        return False
    head = tree.tok(tok.head)
    return head.lemma in ctx.lex.roles and head.i < i


def coref_person(ctx: DocContext, office: str, org: str) -> str | None:
    """Who a post phrase without a name refers to: the document's holder of that post, the
    holder on the document's date, or a person already mentioned who held it at some time."""
    state = ctx.state_of(org) or org
    known = ctx.role_map.get((office, org)) or ctx.role_map.get((office, state))
    if known:
        return known
    holder = ctx.gaz.holder(office, org, ctx.date) or ctx.gaz.holder(office, state, ctx.date)
    if holder and holder in ctx.dm.entities:
        return holder
    before = [m.entity for m in reversed(ctx.dm.mentions) if m.sent <= ctx.current_sent]
    after = [m.entity for m in ctx.dm.mentions if m.sent > ctx.current_sent]
    seen = _uniq([k for k in before + after if _cls(ctx, k) == "Person"])
    if ctx.date is None:
        for person in seen:
            if any(o.role == office and o.org in (org, state) for o in ctx.gaz.offices if o.person == person):
                return person
    # «…», — пояснил представитель Кремля: the person just quoted, if they serve that state.
    recent = _uniq([m.entity for m in reversed(ctx.dm.mentions) if _cls(ctx, m.entity) == "Person"
                    and ctx.current_sent - 2 <= m.sent <= ctx.current_sent])
    for person in recent:
        if state and ctx.state_of(person) == state:
            return person
    return None


def frames_at(ctx: DocContext, tree: Tree, t: Token) -> list[Frame]:
    frames = ctx.lex.frames.get(t.lemma)
    if not frames:
        return []  # most words trigger nothing: no feature lookups for them
    if t.rel == "amod" or (t.feat("VerbForm") == "Part" and t.rel.startswith("acl")):
        return []  # «угрожающих систем»: an attribute, not an act
    out = []
    for f in frames:
        pos_ok = ((f.pos == "VERB" and t.pos in ("VERB", "AUX")) or (f.pos == "NOUN" and t.pos in ("NOUN", "PROPN"))
                  or (f.pos == "ADJ" and t.pos in ("ADJ", "VERB", "AUX")))
        if not pos_ok:
            continue
        if f.with_:
            kids = {tree.tok(k).lemma for k in tree.children(t.i)}
            if not kids & f.with_:
                continue
        if f.object_lemmas and not {tree.tok(k).lemma for k in tree.children(t.i, "obj", "obl", "nsubj:pass")} & f.object_lemmas:
            continue  # «назвал наращивание войск неприемлемым» is criticism, not a rejection
        out.append(f)
    return out


def sentence_facts(ctx: DocContext, tree: Tree) -> list[Fact]:
    out: list[Fact] = []
    ctx.sentence_out = out
    sid = tree.sent.i
    doc_id = ctx.parsed.doc.id
    out += _sanctions_by_pronoun(ctx, tree)
    out += _measures(ctx, tree)
    for t in tree.sent.tokens:
        if t.lemma in ("санкция", "эмбарго"):
            near = [*tree.children(t.i, "nmod", "obl"),
                    *[k for c in tree.children(t.i, "acl") for k in tree.children(c, "obl", "nmod")]]
            against = [a for k in near if tree.prep(k) in AGAINST_PREPS for a in _against(ctx, tree, k)]
            gov = governor(tree, t.i)
            against += [a for k in (tree.children(gov, "obl") if gov is not None else [])
                        if tree.prep(k) in AGAINST_PREPS for a in _against(ctx, tree, k)]
            ctx.last_sanctions = (sid, _uniq(against))
        if t.lemma not in ctx.lex.frames:
            continue  # most words: not even a call
        for frame in frames_at(ctx, tree, t):
            if embedded_in_demand(ctx, tree, t.i, frame):
                continue
            if frame.needs_negation:
                if not negated(ctx, tree, t.i):
                    continue  # «приняла предложение» is no rejection; «не приняла» is
            elif frame.type != "sanctions" and negated(ctx, tree, t.i):
                continue  # sanctions decide for themselves: «не поддержала санкции Запада» still names them
            cond = condition_clause(ctx, tree, t.i)
            future = future_like(ctx, tree, t.i)
            modality = "conditional" if cond else ("future" if future else "asserted")
            cond_text = tree.text(cond).strip(" ,;:—–-") if cond else None
            if frame.type == "talks":
                out += _talks(ctx, tree, t, frame, future)
                continue
            if frame.needs_condition and cond is None:
                continue
            if frame.needs_speaker and not speakers(ctx, tree, t.i):
                continue  # «должны» in the narrator's voice is no demand
            conf = frame.confidence
            if frame.type == "sanctions":
                kind, agents, targets = _sanctions(ctx, tree, t.i, frame, future or bool(cond), cond)
                if kind is None:
                    continue
                ftype = kind
            else:
                ftype = frame.type
                if frame.nominal:  # «требование Москвы»: the noun names its own author
                    agents = (role_args(ctx, tree, t.i, frame.agent, frame)[0] or speakers(ctx, tree, t.i)
                              or according_to(ctx, tree))
                else:
                    agents = (speakers(ctx, tree, t.i) or role_args(ctx, tree, t.i, frame.agent, frame)[0]
                              or according_to(ctx, tree))
                targets = role_args(ctx, tree, t.i, frame.target, frame)[0]
            if frame.type == "warned" and any(tree.tok(k).lemma in ("санкция",) for k in tree.children(t.i)):
                ftype = "threatenedSanctions"
            if not agents:
                continue
            own = {ctx.state_of(a) for a in agents} | set(agents)
            targets = [x for x in targets if x not in own]
            if not targets and ftype == "demanded":
                targets = (_nominal_addressee(ctx, tree, t.i, frame, agents) or _addressee_in_noun(ctx, tree, t.i, frame)
                           or _coordinated_object(ctx, tree, t.i))
                targets = [x for x in targets if x not in own]
            if not targets and frame.needs_speaker:
                targets = _other_side(ctx, agents, sid)
                conf -= 0.15
            if ftype == "demanded" and _refused(ctx, tree, t.i):
                continue  # «отказалась просить Путина»
            if not targets and ftype != "rejected":
                if ftype == "demanded":
                    ctx.untargeted.append(Fact(ftype, doc_id, sid, tree.sent.text, frame.id, agents=tuple(agents),
                                               modality=modality, confidence=round(conf - 0.2, 2)))
                continue  # an act aimed at nobody the text names is not worth a fact
            for a in agents:
                for tg in targets or [None]:
                    out.append(Fact(ftype, doc_id, sid, tree.sent.text, frame.id, agents=(a,),
                                    targets=(tg,) if tg else (), modality=modality, condition=cond_text,
                                    confidence=round(conf, 2)))
                    if ftype == "warned" and tg and cond and _negated_clause(ctx, tree, cond):
                        # «будем вооружать повстанцев, если ЕС не ослабит эмбарго»: an ultimatum
                        # demands of the target what the condition says it has not yet done.
                        out.append(Fact("demanded", doc_id, sid, tree.sent.text, "demand.ultimatum", agents=(a,),
                                        targets=(tg,), modality=modality, condition=cond_text,
                                        confidence=round(conf - 0.1, 2)))
    return out


def _negated_clause(ctx: DocContext, tree: Tree, clause: set[int]) -> bool:
    """The condition's own verb is negated («если Минск не заплатит»)."""
    negs = ctx.lex.grammar.negations
    return any(tree.tok(k).lemma in negs and tree.tok(k).head in clause
               and tree.tok(tree.tok(k).head).pos in ("VERB", "AUX") for k in clause)


def _refused(ctx: DocContext, tree: Tree, i: int) -> bool:
    return any(tree.tok(j).lemma in ("отказаться", "отказываться") for j in list(tree.ancestors(i))[:2])


def embedded_in_demand(ctx: DocContext, tree: Tree, i: int, frame: Frame) -> bool:
    """«просил отказать Сноудену»: the refusal is what is asked for, not a fact."""
    if frame.type in ("demanded", "talks"):
        return False
    for j in list(tree.ancestors(i))[:2]:
        for f in ctx.lex.frames.get(tree.tok(j).lemma, ()):
            if f.type == "demanded" and f.pos == "VERB":
                return True
            if f.type == "demanded" and f.pos == "ADJ" and frame.type == "sanctions" and any(
                    actors_at(ctx, tree, k) for k in tree.children(j, "nsubj")):
                return True  # «ЕС должен ввести санкции»: the sanctions are what is demanded of the EU
    if frame.type == "rejected":
        # «отказалась просить»: refusing to ask is not rejecting anyone's demand.
        for k in tree.children(i, "xcomp"):
            if any(f.type == "demanded" for f in ctx.lex.frames.get(tree.tok(k).lemma, ())):
                return True
    return False


def fill_rejected_targets(ctx: DocContext, facts: list[Fact], sid: int) -> list[Fact]:
    """A rejection with no target rejects the demand just made («потребовали…, но Путин отказал»);
    a demand with no addressee that is refused has the refuser as its addressee."""
    out = []
    for f in facts:
        if f.type == "rejected" and not f.targets:
            if _proposal_refused(ctx, f):
                out.append(f)  # «предложение … получило от Гаваны отказ»: its author is not named
                continue
            if not _rejects_proposal(ctx, f):
                continue
            demands = [d for d in reversed(ctx.facts + ctx.untargeted + facts) if d.type == "demanded" and d.agents
                       and 0 <= sid - d.sent <= 2 and d.agents[0] not in f.agents]
            if not demands:
                continue  # a refusal of nothing the text names
            d = demands[0]
            f = replace(f, targets=(d.agents[0],), confidence=round(f.confidence - 0.15, 2))
            if not d.targets:
                ctx.untargeted.remove(d)
                addressee = ctx.state_of(f.agents[0]) or f.agents[0]
                out.append(replace(d, targets=(addressee,)))
        out.append(f)
    return out


def _proposal_refused(ctx: DocContext, f: Fact) -> bool:
    """«Предложение … получило отказ»: a refusal noun whose clause is about a proposal."""
    if f.rule != "reject.noun":
        return False
    tree = ctx.tree(f.sent)
    for t in tree.sent.tokens:
        if t.lemma == "отказ" and (g := governor(tree, t.i)) is not None:
            return any(tree.tok(k).lemma in PROPOSAL_WORDS for k in tree.children(g, "nsubj", "nsubj:pass"))
    return False


def _rejects_proposal(ctx: DocContext, f: Fact) -> bool:
    """«отвергают подобный шаг», «в этом отказал» — not «отказываются от возобновления переговоров»."""
    tree = ctx.tree(f.sent)
    trig = next((t.i for t in tree.sent.tokens if f.rule in {x.id for x in ctx.lex.frames.get(t.lemma, ())}), None)
    if trig is None:
        return False
    deps = [tree.tok(k) for k in tree.children(trig, "obj", "obl", "xcomp", "nmod")]
    return not deps or any(d.lemma in PROPOSAL_WORDS for d in deps)


def _other_side(ctx: DocContext, agents: list[str], sid: int) -> list[str]:
    """«Путин отметил, что в документах должны быть прописаны гарантии» after a sentence on the
    treaty «между Россией и США»: an obligation with no one named falls on the other side of
    the previous sentence (one or two states or organisations other than the speaker's)."""
    own = {ctx.state_of(a) for a in agents} | set(agents)
    prev = [m.entity for m in ctx.dm.mentions if m.sent == sid - 1 and m.kind != "adjective"
            and _cls(ctx, m.entity) in ("State", "InternationalOrganization") and m.entity not in own]
    sides = _uniq(prev)
    return sides if 1 <= len(sides) <= 2 and len(own - {None}) >= 1 and own & {m.entity for m in ctx.dm.mentions
                                                                              if m.sent == sid - 1} else []


def _nominal_addressee(ctx: DocContext, tree: Tree, i: int, frame: Frame, agents: list[str]) -> list[str]:
    """«Белорусская сторона отреагировала на ультиматум России»: whoever answers a demand is its addressee."""
    if not frame.nominal:
        return []
    g = governor(tree, i)
    if g is None:
        return []
    # «Чжан Вэймин отверг требования Токио»: the demands were addressed to his state, not to him.
    out = [(ctx.state_of(a) or a) if _cls(ctx, a) in ("Person", "GovernmentBody") else a for a in subject(ctx, tree, g)]
    return [a for a in _uniq(out) if a not in agents]


def _addressee_in_noun(ctx: DocContext, tree: Tree, i: int, frame: Frame) -> list[str]:
    """«выступила с требованием к Великобритании предоставить…»: the parser may hang «к X» inside
    the demand noun's clause."""
    if not frame.with_:
        return []
    for k in tree.children(i):
        if tree.tok(k).lemma in frame.with_:
            for j in sorted(tree.subtree(k)):
                if tree.prep(j) == "к" and tree.tok(j).feat("Case") == "Dat":
                    found = actors_at(ctx, tree, j)
                    if found:
                        return found
    return []


def _coordinated_object(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """«МИД вызвал посла Германии и потребовал объяснений»: the demand goes to the first verb's object."""
    tok = tree.tok(i)
    if tok.rel != "conj" or tok.head < 0 or any(actors_at(ctx, tree, k) for k in tree.children(i, "obj", "iobj")):
        return []
    out = []
    for k in tree.children(tok.head, "obj"):
        if tree.tok(k).lemma in ctx.lex.grammar.envoy_nouns:  # a summoned ambassador stands for the state that sent him
            out += [o for o in role_orgs(ctx, tree, k) if _cls(ctx, o) == "State"]
        else:
            out += actors_at(ctx, tree, k)
    return out



def _talk_partner(ctx: DocContext, agents: list[str], sid: int) -> list[str]:
    """«Байден побеседовал с Корреа. Байден просил…»: the partner of talks just reported."""
    for f in reversed(ctx.facts):
        if sid - f.sent > 2:
            break
        if f.participants and set(agents) & set(f.participants):
            others = [p for p in f.participants if p not in agents]
            if len(others) == 1:
                return others
    return []


def _sanctions_by_pronoun(ctx: DocContext, tree: Tree) -> list[Fact]:
    """«…санкции, которые будут выдвинуты против России. Байден заявил, что они будут
    масштабными»: a speaker's future statement about the sanctions just named threatens them."""
    if ctx.last_sanctions is None or tree.sent.i - ctx.last_sanctions[0] != 1 or not ctx.last_sanctions[1]:
        return []
    out = []
    for t in tree.sent.tokens:
        if t.lemma != "они" or not t.rel.startswith("nsubj") or t.head < 0:
            continue
        if not future_like(ctx, tree, t.head):
            continue
        for a in speakers(ctx, tree, t.head):
            for target in ctx.last_sanctions[1]:
                if target != a and target != ctx.state_of(a):
                    out.append(Fact("threatenedSanctions", ctx.parsed.doc.id, tree.sent.i, tree.sent.text,
                                    "sanctions.pronoun", agents=(a,), targets=(target,), modality="future",
                                    confidence=0.5))
    return out


def _measures(ctx: DocContext, tree: Tree) -> list[Fact]:
    """«Лукашенко запрещён въезд на территорию стран ЕС», «США заморозили активы российских
    банков»: a restrictive measure against whoever loses entry or assets, by whoever imposes it
    (the subject, else the owner of the territory closed)."""
    g = ctx.lex.grammar
    out = []
    sid = tree.sent.i
    for v in tree.sent.tokens:
        if v.lemma not in g.measure_verbs or v.pos not in ("VERB", "AUX") or negated(ctx, tree, v.i):
            continue
        objs = [k for k in tree.children(v.i, "obj", "nsubj:pass") if tree.tok(k).lemma in g.measure_objects]
        if not objs:
            continue
        obj = objs[0]
        holders = tree.children(v.i, "iobj", "obl", "nsubj:pass", "nsubj") + tree.children(obj, "iobj")
        targets = [a for k in holders if k != obj
                   and (tree.tok(k).feat("Case") == "Dat" or tree.tok(k).rel == "nsubj:pass") and tree.prep(k) is None
                   for a in (actors_at(ctx, tree, k) or (_against(ctx, tree, k) if plural(tree.tok(k)) else []))]
        targets += [a for k in tree.children(obj, "nmod", "amod") if tree.prep(k) is None for a in _against(ctx, tree, k)]
        passive = v.feat("VerbForm") == "Part" or v.feat("Voice") == "Pass" or not tree.children(v.i, "nsubj")
        agents = [] if passive else [a for a in subject(ctx, tree, v.i, linear=False) if a not in targets]
        if not agents:
            # «въезд на территорию стран ЕС», «въезд в ЕС»: the closed territory's owner.
            agents = [a for k in sorted(tree.subtree(obj) - {obj}) if (m := ctx.dm.at(sid, k)) and _cls(
                ctx, m.entity) in ("State", "InternationalOrganization", "Bloc") for a in [m.entity]][:1]
        agents = [a for a in agents if a not in targets]
        if not agents or not targets:
            continue
        kind = "threatenedSanctions" if future_like(ctx, tree, v.i) or future_tense(tree, v.i) else "imposedSanctions"
        for a in _uniq(agents):
            for tg in _uniq(targets):
                out.append(Fact(kind, ctx.parsed.doc.id, sid, tree.sent.text, "sanctions.measure", agents=(a,),
                                targets=(tg,), modality="future" if kind == "threatenedSanctions" else "asserted",
                                confidence=0.6))
    return out


def _against(ctx: DocContext, tree: Tree, k: int) -> list[str]:
    """Whom sanctions «против …» hit: the actors named, else the state of «российских банков»."""
    found = actors_at(ctx, tree, k)
    if found:
        return found
    states = [ctx.gaz.adjectives.get(tree.tok(a).lemma) for a in tree.children(k, "amod")]
    return [ctx.known(st) for st in states if st and st in ctx.gaz.entries][:1]


def _inside_condition(ctx: DocContext, tree: Tree, i: int) -> bool:
    marks = ctx.lex.grammar.condition_marks
    for j in [i, *tree.ancestors(i)]:
        if any(tree.tok(k).lemma in marks for k in tree.children(j, "mark")):
            return True
    return False


# Verbs that bring sanctions in: in the future tense they make a threat of named sanctions.
LATER_VERBS = {"ввести", "вводить", "наложить", "накладывать", "применить", "применять", "принять",
               "пригрозить", "грозить", "угрожать", "расширить", "ужесточить"}


def _sanctions(
    ctx: DocContext, tree: Tree, i: int, frame: Frame, future: bool, cond: set[int] | None
) -> tuple[str | None, list[str], list[str]]:
    """Threatened or imposed, by whom, against whom.

    The noun's own dependents name existing sanctions («санкции Запада против России»,
    «наложенное Вашингтоном эмбарго», «антироссийские санкции ЕС») whatever the clause
    around them does («Сербия не поддержала санкции Запада»); otherwise the governing verb
    decides: «введут санкции» threatened, «ввели санкции» imposed, «пригрозил санкциями»
    threatened; the clause's subject or speaker is the source.
    """
    g = ctx.lex.grammar
    sid = tree.sent.i
    own_agents = _role_arg(ctx, tree, i, "gen", frame) + _role_arg(ctx, tree, i, "adj", frame)
    participle = None
    for k in tree.children(i, "acl", "amod"):
        tk = tree.tok(k)
        if tk.lemma in g.impose_verbs and tk.feat("VerbForm") == "Part":
            participle = k
            for c in tree.children(k, "obl", "nmod"):
                if tree.tok(c).feat("Case") == "Ins" and tree.prep(c) is None:
                    own_agents += actors_at(ctx, tree, c)
    targets = [a for k in tree.children(i, "nmod", "obl")
               if tree.prep(k) in AGAINST_PREPS
               for a in _against(ctx, tree, k)]
    for k in tree.children(i, "amod"):
        lemma = tree.tok(k).lemma
        if lemma.startswith("анти") and lemma[4:] in ctx.gaz.adjectives:
            targets.append(ctx.known(ctx.gaz.adjectives[lemma[4:]]))
    own_agents = [a for a in _uniq(own_agents) if a not in targets]
    gov = governor(tree, i)
    gov_lemma = tree.tok(gov).lemma if gov is not None else ""
    if own_agents and (participle is not None or targets):
        # Named sanctions exist, unless the clause is about bringing them in later.
        later = future and gov_lemma in LATER_VERBS
        if not targets and gov is not None:
            # «Куба была отрезана … в результате наложенного Вашингтоном эмбарго»: who suffers it.
            targets = [a for a in subject(ctx, tree, gov, linear=False) if a not in own_agents]
        return ("threatenedSanctions" if later else "imposedSanctions"), own_agents, _uniq(targets)
    if gov is None or negated(ctx, tree, gov) or _inside_condition(ctx, tree, i):
        return None, [], []  # «если будут введены санкции» is the condition of another act
    chain = [gov, *list(tree.ancestors(gov))[:2]]
    lemmas = {tree.tok(h).lemma for h in chain}
    if lemmas & (g.lift_verbs | g.cancel_verbs):
        return None, [], []  # «отказалась присоединиться к санкциям», «отложили введение санкций»
    as_subject = tree.tok(i).rel.startswith("nsubj") and tree.tok(i).head == gov
    if lemmas & {"пригрозить", "грозить", "угрожать", "пообещать", "обещать"}:
        kind = "threatenedSanctions"
    elif gov_lemma in g.impose_verbs or as_subject:
        if future:
            kind = "threatenedSanctions"  # «введут санкции», «санкции будут введены / масштабными»
        elif gov_lemma in g.impose_verbs and past_like(tree, gov):
            kind = "imposedSanctions"
        else:
            return None, [], []
    else:
        return None, [], []
    agents = speakers(ctx, tree, i) or subject(ctx, tree, gov) or own_agents or according_to(ctx, tree)
    if not targets:
        targets = [a for k in tree.children(gov, "obl", "nmod")
                   if tree.prep(k) in AGAINST_PREPS for a in _against(ctx, tree, k)]
    if not targets:
        targets = _implicit_sanction_target(ctx, tree, i, cond) or _adjacent_target(ctx, agents, sid)
    return kind, agents, _uniq(targets)


def _adjacent_target(ctx: DocContext, agents: list[str], sid: int) -> list[str]:
    """The target a fact of the same source had in this or the previous sentence."""
    states = {ctx.state_of(a) for a in agents} | set(agents)
    for f in reversed(ctx.facts + ctx.sentence_out):
        if sid - f.sent > 1:
            break
        if f.targets and f.type in ("warned", "demanded", "threatenedSanctions", "imposedSanctions") and (
            set(f.agents) & states or {ctx.state_of(a) for a in f.agents} & states
        ):
            return list(f.targets)
    return []


def _implicit_sanction_target(ctx: DocContext, tree: Tree, i: int, cond: set[int] | None) -> list[str]:
    if cond:
        for k in sorted(cond):
            if tree.tok(k).rel.startswith("nsubj"):
                found = actors_at(ctx, tree, k)
                if found:
                    return found
    for t in tree.sent.tokens:
        if tree.prep(t.i) in AGAINST_PREPS:
            found = actors_at(ctx, tree, t.i)
            if found:
                return found
    return []


FORUM_PREPS = {"в", "по_линия", "в_рамка", "на"}
# Event nouns: their participants are named by the noun, never by the clause's subject
# («визит Нетаньяху», «во время форума»); a session inside one organisation may have one party.
EVENT_NOUNS = {"саммит", "форум", "конференция", "заседание", "совещание", "визит", "сессия"}
ONE_PARTY = {"саммит", "заседание", "совещание", "сессия", "собраться", "съехаться"}
AGENTIVE_GOVERNORS = {"провести", "проводить", "вести", "иметь", "начать", "продолжить", "возобновить",
                      "устроить", "организовать", "завершить", "закончить"}


def track_visits(ctx: DocContext, tree: Tree) -> None:
    """«Обама прибыл в Ирландию»: talks he holds in the next sentences take place there."""
    sid = tree.sent.i
    seen_here: set[str] = set()
    for t in tree.sent.tokens:
        if t.lemma not in ctx.lex.grammar.visit_verbs and t.lemma != "визит":
            continue
        place = None
        for k in tree.children(t.i, "obj", "obl", "nmod"):
            m = ctx.dm.at(sid, k)
            if m and _cls(ctx, m.entity) in ("State", "City", "Place") and (
                tree.prep(k) in ("в", "во", "на") or tree.tok(k).rel == "obj"):
                place = m.entity
        if place is None:
            continue
        who = subject(ctx, tree, t.i) if t.pos == "VERB" else _role_arg(ctx, tree, t.i, "gen", FRAME_GEN)
        for p in who:
            if _cls(ctx, p) == "Person" and p not in seen_here:
                ctx.visits[p] = (place, sid, t.i)
                seen_here.add(p)  # the first visit of a sentence is where its talks happen
FUTURE_ADJ = {"будущий", "предстоящий", "грядущий", "запланированный", "следующий"}


def talks_triggers(ctx: DocContext, tree: Tree) -> set[int]:
    """Talks words of a sentence («провели» counts through its noun, not on its own)."""
    return {t.i for t in tree.sent.tokens if t.lemma not in AGENTIVE_GOVERNORS
            and any(f.type == "talks" for f in frames_at(ctx, tree, t))}


def _between(a: int, b: int, marks: set[int]) -> bool:
    lo, hi = min(a, b), max(a, b)
    return any(lo < k < hi for k in marks)


def _talks(ctx: DocContext, tree: Tree, t: Token, frame: Frame, future: bool) -> list[Fact]:
    if t.pos in ("VERB", "AUX") and t.lemma in ("провести", "проводить", "вести"):
        return []  # these count through their object noun («провели переговоры»)
    nouns = tree.children(t.i, "obl", "obj") + [j for x in tree.children(t.i, "xcomp") for j in tree.children(x, "obj")]
    if t.pos in ("VERB", "AUX") and any(any(f.type == "talks" and f.nominal for f in ctx.lex.frames.get(tree.tok(k).lemma, ()))
                                        for k in nouns):
        return []  # «договорились о встрече / провести консультации»: the noun is the talks
    sid = tree.sent.i
    specs = [s for s in frame.agent + frame.target if s != "subject"]
    parts: list[str] = []
    for spec in specs:
        parts += _role_arg(ctx, tree, t.i, spec, frame)
    if frame.nominal and tree.tok(t.i).head >= 0 and tree.tok(tree.tok(t.i).head).lemma in ("рамка", "полях", "поле"):
        up = tree.tok(tree.tok(t.i).head).head
        if up >= 0 and any(f.type == "talks" for f in frames_at(ctx, tree, tree.tok(up))):
            return []  # «встретятся в рамках саммита ШОС»: the summit is the forum of that meeting
    if frame.needs_person_object and not any(_cls(ctx, p) == "Person" for p in parts) and not any(
            tree.tok(k).lemma == "делегация" for k in tree.children(t.i, "obj")):
        return []  # «принял закон», «принял участие»: no visitor received
    if frame.nominal:
        # «переговоры по линии НАТО», «в рамках ОБСЕ», «дискуссии в ОБСЕ»: the forum takes part.
        gov = governor(tree, t.i)
        forum_heads = tree.children(t.i, "nmod", "obl") + (
            [k for k in tree.children(gov, "obl") if tree.tok(k).lemma in ("рамка", "линия")] if gov is not None else [])
        for k in forum_heads:
            prep = tree.prep(k)
            if prep in FORUM_PREPS or tree.tok(k).lemma in ("линия", "рамка"):
                heads = [k, *tree.children(k, "nmod")]
                for h in heads:
                    m = ctx.dm.at(sid, h)
                    if m and _cls(ctx, m.entity) in ("InternationalOrganization",) and not m.as_place or (
                        m and _cls(ctx, m.entity) == "InternationalOrganization"):
                        parts.append(m.entity)
    gov0 = governor(tree, t.i) if frame.nominal else None
    if gov0 is not None and tree.tok(t.i).rel == "obl" and tree.prep(t.i) in ("в", "во", "в_ход", "во_время", "на"):
        # «Путин в телефонном разговоре поздравил Диас-Канеля»: the act's two sides talked.
        parts += subject(ctx, tree, gov0, linear=False)
        parts += [a for k in tree.children(gov0, "obj") for a in actors_at(ctx, tree, k)]
    parts = _one_side_each(ctx, parts)
    if len(_uniq(parts)) < 2 and "subject" in frame.agent and t.lemma not in EVENT_NOUNS:
        g0 = governor(tree, t.i) if frame.nominal else t.i
        linear = not frame.nominal or (g0 is not None and tree.tok(g0).lemma in AGENTIVE_GOVERNORS)
        subj = subject(ctx, tree, g0, linear=linear) if g0 is not None else []
        parts = subj + parts
    if not parts and t.lemma in ONE_PARTY and frame.nominal:
        # «Во второй день саммита страны — члены альянса договорились…»: the organisation meets.
        g1 = governor(tree, t.i)
        parts = [a for a in (subject(ctx, tree, g1, linear=False) if g1 is not None else [])
                 if _cls(ctx, a) in ("InternationalOrganization", "Bloc")][:1]
    parts = _one_side_each(ctx, _split_pairs(ctx, _uniq(parts)))
    prev = next((f for f in reversed(ctx.facts + ctx.sentence_out) if f.type in ("heldTalks", "scheduledTalks")
                 and sid - f.sent <= 3), None)
    anaphoric = False
    if len(parts) < 2 and frame.nominal:
        # «встреча сторон», «переговоры по линии НАТО»: the parties of the talks just mentioned.
        if prev is not None and (not parts or any(_cls(ctx, p) == "InternationalOrganization" for p in parts)):
            states = [p for p in prev.participants if _cls(ctx, p) == "State"]
            if not parts:
                parts = list(prev.participants)
                anaphoric = True  # the talks just reported, whatever the clause around them says
            elif states:
                parts = [states[0], *parts]
        parts = _uniq(parts)
    one_party = t.lemma in ONE_PARTY or _members_meet(ctx, tree, t.i, frame)
    if not parts or (len(parts) == 1 and (not one_party or _cls(ctx, parts[0]) not in (
            "InternationalOrganization", "Bloc"))):
        return []
    g = ctx.lex.grammar
    gov = governor(tree, t.i)
    if _irrealis(tree, t.i, g.irrealis_heads, g.plan_verbs) or _called_off(tree, t.i, g):
        return []
    # Plans name talks as their complement: «договорились о встрече», «обсудили проведение
    # переговоров» — not «в день саммита договорились начать вывод войск».
    chain = list(tree.ancestors(t.i))[:1]
    if chain and (tree.tok(chain[0]).lemma in g.talks_nominals
                  or tree.tok(chain[0]).lemma in AGENTIVE_GOVERNORS and tree.tok(chain[0]).feat("VerbForm") == "Inf"):
        chain += list(tree.ancestors(chain[0]))[:1]  # «договорились провести консультации»
    gov_lemmas = {tree.tok(h).lemma for h in chain}
    adjs = {tree.tok(k).lemma for k in tree.children(t.i, "amod")}
    adverbial = tree.tok(t.i).rel == "obl" and tree.prep(t.i) in ("в", "во", "в_ход", "во_время", "на")
    # «договорились о встрече» plans talks; «в ходе визита договорился» reports them.
    if adverbial and gov is not None:
        planned = tree.tok(gov).feat("Tense") == "Fut" or bool(adjs & FUTURE_ADJ)
    else:
        planned = bool(gov_lemmas & g.plan_verbs) or future_tense(tree, t.i) or bool(adjs & FUTURE_ADJ)
        # «которые сегодня встречаются», «завтра встречаются»: the present of a plan for the day
        base = gov if frame.nominal and gov is not None else t.i
        planned = planned or (tree.tok(base).feat("Tense") == "Pres" and any(
            tree.tok(k).lemma in ("сегодня", "завтра") for k in tree.children(base)))
    if prev is not None and (anaphoric or (gov is None and prev.sent == sid)):
        planned = prev.type == "scheduledTalks"  # «этих переговоров», «а 13 января — переговоры в Вене»
    elif not planned and frame.nominal and gov is None:
        return []
    others = talks_triggers(ctx, tree) - {t.i}
    base = gov if frame.nominal and gov is not None else t.i
    if not planned and tree.tok(base).feat("Tense") == "Pres" and ctx.date is not None:
        # «Эрдоган принимает Путина 15 мая»: the present of a dated plan, when the date is ahead.
        ahead = fact_dates(ctx, tree, t.i, True, others)[0]
        planned = bool(ahead) and len(ahead) == 10 and ahead > ctx.date.isoformat()
    ftype = "scheduledTalks" if planned else "heldTalks"
    start, end = fact_dates(ctx, tree, t.i, planned, others)
    place = location(ctx, tree, t.i, others)
    if place is None:
        # The destination of a visit counts for talks held during it (same sentence if planned,
        # unless «там» points back to it: «прибыл в Вашингтон. Там он встретится…»).
        there = any(tree.tok(k).lemma == "там" for k in tree.children(base, "advmod"))
        window = 0 if planned and not there else 3
        visited = [ctx.visits[p] for p in parts if p in ctx.visits and sid - ctx.visits[p][1] <= window
                   and (ctx.visits[p][1] < sid or ctx.visits[p][2] < t.i)]
        place = visited[-1][0] if visited else None
    if place is None:
        place = _where_clause_place(ctx, tree, t.i)
    parts = [p for p in parts if p != place]
    if len(parts) == 1 and (not one_party or _cls(ctx, parts[0]) not in ("InternationalOrganization", "Bloc")):
        return []
    return [Fact(ftype, ctx.parsed.doc.id, sid, tree.sent.text, frame.id, participants=tuple(sorted(parts)),
                 location=place, start=start, end=end, modality="future" if planned else "asserted",
                 confidence=frame.confidence)]


def _members_meet(ctx: DocContext, tree: Tree, i: int, frame: Frame) -> bool:
    """The meeting's own side is plural members of one organisation."""
    if frame.nominal:
        heads = [k for k in tree.children(i, "nmod") if tree.prep(k) is None]
    else:
        heads = tree.children(i, "nsubj")
    return any(tree.tok(k).lemma in ctx.lex.grammar.member_nouns and plural(tree.tok(k)) for k in heads)


def _one_side_each(ctx: DocContext, parts: list[str]) -> list[str]:
    """«с министром обороны Японии» resolves to the ministry and Japan, «Министр обороны России»
    to Shoigu and his ministry: one side each, not two."""
    def redundant(p: str) -> bool:
        e = ctx.entity(p)
        if e is None or e.cls != "GovernmentBody" or not e.part_of:
            return False
        return e.part_of in parts or any(ctx.state_of(q) == e.part_of for q in parts if _cls(ctx, q) == "Person")
    return [p for p in parts if not redundant(p)]


def _irrealis(tree: Tree, i: int, heads: frozenset[str], plans: frozenset[str]) -> bool:
    """Talks inside an infinitive under readiness or wish («готовность выстраивать диалог»,
    «готовы встретиться»): a stance, not an event. A plan word on the way keeps them scheduled."""
    chain = [i, *list(tree.ancestors(i))[:3]]
    for a, b in zip(chain, chain[1:], strict=False):
        up = tree.tok(b)
        if up.lemma in plans:
            return False
        if up.lemma in heads and (tree.tok(a).feat("VerbForm") == "Inf" or a == i):
            return True  # «готовность выстраивать диалог», «готова к диалогу»
        if tree.tok(a).feat("VerbForm") != "Inf" and a != i:
            return False
    return False


def _called_off(tree: Tree, i: int, g: Grammar) -> bool:
    """«отказались от (возобновления) переговоров», «отменил визит»: no talks took place."""
    up = list(tree.ancestors(i))[:2]
    if up and tree.tok(up[0]).lemma in g.cancel_verbs:
        return True
    return len(up) == 2 and tree.tok(up[0]).lemma in g.talks_nominals and tree.tok(up[1]).lemma in g.cancel_verbs


def _where_clause_place(ctx: DocContext, tree: Tree, i: int) -> str | None:
    """«посетит Великобританию, где … встретится с Кэмероном»: the place «где» refers to."""
    for j in [i, *tree.ancestors(i)]:
        if any(tree.tok(k).lemma == "где" for k in tree.children(j, "advmod", "mark")):
            tok = tree.tok(j)
            if tok.rel.startswith("acl") and tok.head >= 0:
                m = ctx.dm.at(tree.sent.i, tok.head)
                if m and _cls(ctx, m.entity) in ("State", "City", "Place"):
                    return m.entity
    return None


def _split_pairs(ctx: DocContext, parts: list[str]) -> list[str]:
    """«Совет Россия-НАТО» as a talks participant stands for its two sides."""
    out = []
    for p in parts:
        e = ctx.entity(p)
        m = _HYPHEN_PAIR.search(e.label) if e else None
        sides = []
        if m:
            for name in m.groups():
                key = next((k for k, x in ctx.gaz.entries.items() if x.label == name and x.cls != "Person"), None)
                if key:
                    sides.append(ctx.known(key))
        out += sides if len(sides) == 2 else [p]
    return _uniq(out)


def _same_time(a: Fact, b: Fact) -> bool:
    """Two reports of one event: the same dates, or one undated and close to the other
    («провели разговор» at the top and «7 декабря пообщались» far below are two calls)."""
    if a.start and b.start:
        return a.start == b.start
    return a.start == b.start or abs(a.sent - b.sent) <= 3


def merge(facts: list[Fact]) -> list[Fact]:
    """One fact per key in a document; talks without a place yield to the same talks with one."""
    out: list[Fact] = []
    for f in facts:
        same = next((k for k, o in enumerate(out) if (o.type, o.agents, o.targets, o.participants, o.location)
                     == (f.type, f.agents, f.targets, f.participants, f.location) and _same_time(o, f)), None)
        if same is None:
            out.append(f)
        elif out[same].start is None and f.start is not None:
            out[same] = replace(out[same], start=f.start, end=f.end)
    placed = {(f.type, f.participants) for f in out if f.location and f.participants}
    return [f for f in out if f.location or not f.participants or (f.type, f.participants) not in placed]


def _subject_by_post(ctx: DocContext, tree: Tree) -> None:
    """«Президент Франции посетил Китай. В Пекине он провел переговоры…»: a subject named by
    its post is the person «он» refers to next."""
    for t in tree.sent.tokens:
        if t.rel == "nsubj" and t.head >= 0 and tree.tok(t.head).rel == "root" and t.lemma in ctx.lex.roles \
                and not plural(t) and ctx.dm.at(tree.sent.i, t.i) is None:
            found = [a for a in resolve_role(ctx, tree, t.i) if _cls(ctx, a) == "Person"]
            if len(found) == 1:
                ctx.last_subject = ctx.last_person = found[0]


SPEAKER_SOURCED = ("demanded", "warned", "rejected", "threatenedSanctions")


def said_so_before(ctx: DocContext, tree: Tree) -> list[Fact]:
    """«Китай призвал США… Об этом заявил представитель МИД КНР Линь Цзянь»: the speaker of the
    next sentence is the source of the acts of their state or body in the sentence before."""
    sid = tree.sent.i
    for t in tree.sent.tokens:
        if t.lemma != "это" or tree.prep(t.i) not in ("о", "об") or t.head < 0:
            continue
        verb = t.head
        if tree.tok(verb).lemma not in ctx.lex.grammar.speech_verbs:
            continue
        people = [a for k in tree.children(verb, "nsubj") for a in actors_at(ctx, tree, k) if _cls(ctx, a) == "Person"]
        out = []
        for person in people[:1]:
            orgs = {f.targets[0] for f in ctx.facts if f.type == "affiliation" and f.agents == (person,) and f.targets}
            sides = {ctx.state_of(person)} | orgs | {ctx.state_of(o) for o in orgs}
            for f in ctx.facts:
                if f.sent == sid - 1 and f.type in SPEAKER_SOURCED and f.agents and f.agents[0] in sides:
                    out.append(replace(f, agents=(person,), rule=f.rule + "+said", sent=sid - 1,
                                       confidence=round(f.confidence - 0.05, 2)))
        return out
    return []


def extract(ctx: DocContext) -> list[Fact]:
    # First pass: posts the document names with a person, so «глава японского МИДа» early in
    # the text can be resolved by «министр иностранных дел Японии Сейдзи Маэхара» later on.
    people: dict[int, list] = {}
    for m in ctx.dm.mentions:
        if _cls(ctx, m.entity) == "Person":
            people.setdefault(m.sent, []).append(m)
    for sent in ctx.parsed.sentences:
        if sent.i in people:  # a post with its holder's name needs a person named in the sentence
            ctx.current_sent = sent.i
            affiliations(ctx, ctx.tree(sent.i), explicit_only=True)  # fills ctx.role_map
    ctx.office_order.clear()
    ctx.last_person = ctx.last_subject = None  # set by the first pass; the text has not begun
    for sent in ctx.parsed.sentences:
        tree = ctx.tree(sent.i)
        ctx.current_sent = sent.i
        resolved_before = ctx.dates_resolved
        track_visits(ctx, tree)
        ctx.facts += affiliations(ctx, tree) + appointments(ctx, tree)
        ctx.facts += fill_rejected_targets(ctx, sentence_facts(ctx, tree), sent.i)
        ctx.facts += said_so_before(ctx, tree)
        if ctx.dates_resolved == resolved_before:  # no fact's date stood for this sentence's
            ctx.undated.append(sent)
        for m in people.get(sent.i, ()):
            ctx.last_person = m.entity
            if sent.tokens[m.head].rel.startswith("nsubj"):
                ctx.last_subject = m.entity
        _subject_by_post(ctx, tree)
    return merge(ctx.facts)

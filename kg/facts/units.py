"""Units inside an organisation as the organisation of a post: «пресс-служба МЧС по Санкт-Петербургу»,
«фракция КПРФ», «Постоянный комитет ВСНП», «отдел корпоративных серверов HP». The post is held in
the unit, named by the whole phrase (grammar unit_kinds); the organisation named inside it stays a
further, less specific organisation of the post (schema.md: most specific first)."""

from __future__ import annotations

from kg.facts.context import DocContext, class_of
from kg.mentions.base import slug
from kg.morph import nominative
from kg.records import Entity, Mention, Token
from kg.tree import Tree, plural

_ORG_CLASSES = ("Organization", "GovernmentBody", "InternationalOrganization")
_MAX_WORDS = 16  # a unit's name is a phrase, not a clause


def unit_org(ctx: DocContext, tree: Tree, k: int) -> str | None:
    """The organisation a unit phrase at token k names, as an entity of its own (part of the
    organisation or state named inside it); None for a bare kind («отдела»), a body the gazetteer
    knows, a phrase a mention already names whole, a person's unit («штаба Ксении Собчак»), or a
    state's government («администрации Москвы» is Moscow by the contract)."""
    g = ctx.lex.grammar
    sid = tree.sent.i
    toks = tree.sent.tokens
    tk = tree.tok(k)
    if tk.lemma not in g.unit_kinds or plural(tk):
        return None
    sub = tree.subtree(k)
    m0 = ctx.dm.at(sid, k)
    if m0 is not None and m0.entity in ctx.gaz.entries:
        return None
    if any((m := ctx.dm.at(sid, j)) is not None and class_of(ctx, m.entity) == "Person" for j in sub):
        return None
    if tk.lemma not in g.inner_units and _named_beside(ctx, tree, k):
        return None  # «группа «СВ»», «федерация ФИДЕ»: the name beside its kind is the organisation
    first = m0.first if m0 is not None else k
    while first > 0 and first - 1 in sub and (toks[first - 1].pos in ("ADJ", "NUM", "ADV") or (
            (m := ctx.dm.at(sid, first - 1)) is not None and m.kind == "adjective")):
        first -= 1
    end = _phrase_end(ctx, tree, k, first, sub, m0)
    if end - first < 2 or m0 is not None and (m0.first, m0.last) == (first, end):
        return None
    inside = [m for j in range(first, end) if (m := ctx.dm.at(sid, j)) is not None and m.first >= first]
    classes = {m.entity: class_of(ctx, m.entity) for m in inside}
    loose = [j for j in range(k + 1, end) if ctx.dm.at(sid, j) is None and toks[j].pos in ("NOUN", "ADJ", "ADP")]
    if tk.lemma not in g.inner_units and len(inside) == 1 and not loose and inside[0].first == k + 1 \
            and toks[k + 1].text.isupper() and inside[0].last == end:
        return None  # «международной шахматной федерации ФИДЕ»: a kind before an indeclinable name
    if tk.lemma in g.government_nouns | {"власть", "руководство"} and set(classes.values()) == {"State"}:
        return None
    return _unit_entity(ctx, tree, k, first, end, classes, m0.entity if m0 else None)


def _named_beside(ctx: DocContext, tree: Tree, k: int) -> bool:
    """A name in apposition or a quoted name not in the genitive right after the kind."""
    sid = tree.sent.i
    toks = tree.sent.tokens
    for c in tree.children(k):
        m = ctx.dm.at(sid, c)
        if tree.tok(c).rel in ("appos", "flat", "flat:name", "flat:foreign") and m is not None \
                and class_of(ctx, m.entity) not in ("State", "City", "Place"):
            return True
    return k + 2 < len(toks) and toks[k + 1].text in ("«", '"') and toks[k + 2].feat("Case") != "Gen"


def _phrase_end(ctx: DocContext, tree: Tree, k: int, first: int, sub: set[int], m0: Mention | None) -> int:
    """Where the unit's name ends: at the holder's name, a comma or a dash, taking in the tail
    the parser hung elsewhere — a quoted organisation in the genitive («совета «Единой России»»), a
    field after «по»/«при» («совета при главном архитекторе»), a list of the name's own words."""
    sid = tree.sent.i
    toks = tree.sent.tokens
    end = k + 1
    while end < len(toks) and end - first < _MAX_WORDS:
        t = toks[end]
        m = ctx.dm.at(sid, end)
        if t.text in ("—", "–", ":", ";") or t.lemma in ctx.lex.roles:
            break
        if t.text == "," and not (end + 1 < len(toks) and end + 1 in sub and t.head in sub
                                  and toks[end + 1].pos in ("ADJ", "NOUN")):
            break  # (a comma inside a list of the name's own words: «связи, информационных технологий»)
        if end not in sub and not (m is not None and m.first < end) and not (m0 is not None and end < m0.last):
            nxt = ctx.dm.at(sid, end + 1) if t.text in ("«", '"') and end + 1 < len(toks) else None
            if nxt is not None and nxt.first == end + 1 and toks[nxt.head].feat("Case") == "Gen" \
                    and class_of(ctx, nxt.entity) in _ORG_CLASSES:
                end = nxt.last + (nxt.last < len(toks) and toks[nxt.last].text in ("»", '"'))
                continue
            if t.lemma in ("по", "при") and toks[end - 1].pos != "PUNCT":
                j = _field_end(ctx, toks, sid, end + 1)
                if j > end + 1:
                    end = j
                    continue
            break
        end = m.last if m is not None and m.first == end and m.last > end else end + 1
    while end > k + 1 and toks[end - 1].pos == "PUNCT" and toks[end - 1].text not in ("»", '"', ")"):
        end -= 1
    if toks[end - 1].text == ")":  # «… коммуникаций (Роскомнадзора)»: the abbreviation is no part of it
        opening = max((j for j in range(k + 1, end) if toks[j].text == "("), default=None)
        if opening is not None and opening > k + 1:
            end = opening
    return end


def _field_end(ctx: DocContext, toks: tuple[Token, ...] | list[Token], sid: int, j: int) -> int:
    """The end of a «по …» / «при …» field of nouns and adjectives (no person, no post)."""
    while j < len(toks) and (toks[j].pos in ("ADJ", "NOUN", "PROPN") or toks[j].lemma == "и" and j + 1 < len(toks)
                             and toks[j + 1].pos in ("ADJ", "NOUN", "PROPN")) \
            and not ((mj := ctx.dm.at(sid, j)) is not None and class_of(ctx, mj.entity) == "Person") \
            and toks[j].lemma not in ctx.lex.roles:
        j += 1
    return j


def _unit_entity(ctx: DocContext, tree: Tree, k: int, first: int, end: int, classes: dict[str, str | None],
                 own: str | None) -> str:
    """The unit's entity: the nominative of its kind phrase and the rest as written."""
    toks = tree.sent.tokens
    a = tree.sent.start
    parent = next((e for e, c in classes.items() if c in (*_ORG_CLASSES, "State") and e != own), None)
    text = tree.sent.text[toks[first].start - a: toks[end - 1].end - a]
    rest = tree.sent.text[toks[k].end - a: toks[end - 1].end - a] if end > k + 1 else ""
    label = nominative(toks[first:k + 1]) + rest
    label = label[:1].upper() + label[1:]
    key = f"unit:{slug(label)}"
    if key not in ctx.dm.entities:
        gov = any(c in ("State", "GovernmentBody") for c in classes.values())
        ctx.dm.entities[key] = Entity(key, label, "GovernmentBody" if gov else "Organization", part_of=parent)
    ctx.dm.forms.setdefault(key, set()).add(text)
    return key

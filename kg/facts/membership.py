"""Membership without a post noun: a person named as one of a team or group («Пауль Ронберг из
команды «Вектор»»), named with the organisation he comes from («Марк Дэвис из «Чикаго
Буллз»»), or with it in brackets after his name («Олег Ларин («Спартак»)»)."""

from __future__ import annotations

from kg.facts.context import DocContext, class_of
from kg.facts.posts import post_fact
from kg.records import Fact, Mention
from kg.tree import Tree

# What a person is named as one of: organisations, not states, places or other people.
MEMBER_CLASSES = ("Organization", "InternationalOrganization", "GovernmentBody")
QUOTES = ("«", "»", '"', "“", "”", "„", "''")


def members(ctx: DocContext, tree: Tree) -> list[Fact]:
    return _crews(ctx, tree) + _from_org(ctx, tree) + _bracketed(ctx, tree)


def _fact(ctx: DocContext, tree: Tree, rule: str, person: str, org: str) -> Fact:
    return post_fact(ctx, tree, rule, person, org, "член", 0.7)


def _person_name(ctx: DocContext, tree: Tree, k: int) -> Mention | None:
    m = ctx.dm.at(tree.sent.i, k)
    return m if m is not None and m.kind == "name" and class_of(ctx, m.entity) == "Person" else None


def _crews(ctx: DocContext, tree: Tree) -> list[Fact]:
    """«Пауль Ронберг из команды «Вектор»», «Игорь Савин из группы «Звездопад»»: a person named
    as one of a team or group (grammar.toml `crew_nouns`) the text names is a member of it."""
    out = []
    sid = tree.sent.i
    crews = ctx.lex.grammar.crew_nouns
    for t in tree.sent.tokens:
        if t.lemma not in crews or t.rel != "nmod" or t.head < 0 or tree.prep(t.i) != "из":
            continue
        m = _person_name(ctx, tree, t.head)
        if m is None:
            continue
        named = [
            o.entity
            for j in sorted(tree.subtree(t.i) - {t.i})
            if j <= t.i + 8
            and (o := ctx.dm.at(sid, j))
            and o.first > t.i
            and class_of(ctx, o.entity) in ("Organization", "InternationalOrganization")
        ]
        for org in named[:1]:
            out.append(_fact(ctx, tree, f"member.{t.lemma}", m.entity, org))
    return out


def _from_org(ctx: DocContext, tree: Tree) -> list[Fact]:
    """«Марк Дэвис из «Чикаго Буллз»»: an organisation's name right after a person's name and «из»
    is where the person comes from — he is one of it (a state or a city is only his origin).
    Read by position: the parse often hangs the «из» on a later word of a list."""
    return [
        _fact(ctx, tree, "member.from", person, org)
        for person, org in _name_then_org(ctx, tree, ("из",), ())
    ]


def _bracketed(ctx: DocContext, tree: Tree) -> list[Fact]:
    """«Олег Ларин («Спартак») и Иван Сомов («Зенит»)»: an organisation's name alone in brackets
    right after a person's name is his."""
    return [
        _fact(ctx, tree, "member.bracket", person, org)
        for person, org in _name_then_org(ctx, tree, ("(",), (")",))
    ]


def _name_then_org(
    ctx: DocContext, tree: Tree, opening: tuple[str, ...], closing: tuple[str, ...]
) -> list[tuple[str, str]]:
    """(person, organisation) where a person's name is followed by an opening word, then (past
    any quotes) an organisation's name, then — if asked — a closing word."""
    out = []
    sid = tree.sent.i
    toks = tree.sent.tokens
    for m in ctx.dm.mentions:
        if m.sent != sid or _person_name(ctx, tree, m.first) != m:
            continue
        k = m.last
        if k >= len(toks) or toks[k].text.lower() not in opening:
            continue
        k += 1
        while k < len(toks) and toks[k].text in QUOTES:
            k += 1
        o = ctx.dm.at(sid, k)
        if o is None or o.first != k or class_of(ctx, o.entity) not in MEMBER_CLASSES:
            continue
        end = o.last
        while end < len(toks) and toks[end].text in QUOTES:
            end += 1
        if not closing or end < len(toks) and toks[end].text in closing:
            out.append((m.entity, o.entity))
    return out

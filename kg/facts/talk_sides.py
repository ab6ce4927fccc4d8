"""Who takes part in talks: envoys and officials standing for their states, members of one
organisation meeting, one side each («министр обороны Японии» is Japan once), «Совет Россия-НАТО»
as its two sides, and calls held with each partner apart."""

from __future__ import annotations

import re

from kg.facts.actors import CLAUSE_STARTS, actors_at
from kg.facts.context import DocContext, class_of, uniq
from kg.lexicon import Frame
from kg.records import Token
from kg.tree import Tree, governor, plural

_HYPHEN_PAIR = re.compile(r"([А-ЯЁA-Z][\w]+)\s*[-–—]\s*([А-ЯЁA-Z][\w]+)")


def relative_subject(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """«…к Обаме, который во время встречи с X призывал»: a talks noun inside a relative clause
    talks through the noun «который» stands for, read off the word order since the parser
    often hangs «который» and the noun on the main clause's verb."""
    for k in range(i - 1, -1, -1):
        tok = tree.tok(k)
        if tok.lemma == "который" and tok.feat("Case") == "Nom":
            return actors_at(ctx, tree, k)
        if (tok.pos in ("VERB", "AUX") and tok.feat("VerbForm") == "Fin") or tok.text in (",", ";", ":", "—", "«", "»") \
                or tok.lemma in CLAUSE_STARTS:
            return []
    return []


def is_envoy(ctx: DocContext, tree: Tree, k: int) -> bool:
    """An envoy, delegation or official that no name or office resolves («послов Германии»,
    «делегацию Ирана», «министров иностранных дел Катара и Иордании»): they stand for their state."""
    lemma = tree.tok(k).lemma
    if lemma != "делегация" and lemma not in ctx.lex.grammar.envoy_nouns and lemma not in ctx.lex.roles:
        return False
    return not any(class_of(ctx, a) == "Person" for a in actors_at(ctx, tree, k))


def sending_states(ctx: DocContext, tree: Tree, k: int) -> list[str]:
    """The states an envoy's or official's phrase names by genitive («министров иностранных дел
    Катара и Иордании») or adjective («с египетскими и катарскими посредниками»), not those behind
    a preposition («посла при ООН»)."""
    out = [m.entity for a in tree.children(k, "amod") for j in [a, *tree.children(a, "conj")]
           if (m := ctx.dm.at(tree.sent.i, j)) is not None and m.kind == "adjective"
           and class_of(ctx, m.entity) == "State"]
    for j in sorted(tree.subtree(k) - {k}):
        path = [j, *(h for h in tree.ancestors(j))]
        if any(tree.prep(h) is not None or tree.tok(h).rel not in ("nmod", "conj", "flat", "flat:name")
               for h in path[:path.index(k)]):
            continue
        m = ctx.dm.at(tree.sent.i, j)
        if m is not None and m.first == j and class_of(ctx, m.entity) == "State":
            out.append(m.entity)
    return uniq(out)


def one_per_partner(ctx: DocContext, tree: Tree, t: Token) -> bool:
    """A call («позвонил», «телефонные переговоры», «по телефону») or plural meetings («провёл
    встречи с …») are held with each partner apart; a meeting with several is one."""
    g = ctx.lex.grammar
    near = [t.i, *tree.children(t.i, "amod", "obl", "nmod")]
    gov = governor(tree, t.i) if t.pos in ("NOUN", "PROPN") else None
    if gov is not None:
        near += tree.children(gov, "obl")
    if any(tree.tok(k).lemma in g.call_words for k in near):
        return True
    return t.lemma in g.countable_talks and plural(t)


def members_meet(ctx: DocContext, tree: Tree, i: int, frame: Frame) -> bool:
    """The meeting's own side is plural members of one organisation."""
    return any(tree.tok(k).lemma in ctx.lex.grammar.member_nouns and plural(tree.tok(k))
               for k in _member_heads(tree, i, frame))


def _member_heads(tree: Tree, i: int, frame: Frame) -> list[int]:
    """Where the members' phrase is: the talks noun's genitive («встреча глав МИД G7») or the
    subject of the verb that holds it («Лидеры G7 провели переговоры»); a talks verb's subject."""
    if not frame.nominal:
        return tree.children(i, "nsubj")
    g = governor(tree, i) if tree.tok(i).rel == "obj" else None  # the verb that holds them, not «заявил на заседании»
    return [k for k in tree.children(i, "nmod") if tree.prep(k) is None] + (tree.children(g, "nsubj") if g is not None else [])


def members_club(ctx: DocContext, tree: Tree, i: int, frame: Frame) -> tuple[str | None, set[str]]:
    """The one organisation named inside the members' phrase («глав МИД G7»), and every actor
    that phrase names."""
    heads = _member_heads(tree, i, frame)
    sid = tree.sent.i
    inner = {m.entity for k in heads if tree.tok(k).lemma in ctx.lex.grammar.member_nouns
             for j in tree.subtree(k) if (m := ctx.dm.at(sid, j)) is not None}
    found = {e for e in inner if class_of(ctx, e) in ("InternationalOrganization", "Bloc")}
    return (next(iter(found)) if len(found) == 1 else None), inner


def one_side_each(ctx: DocContext, parts: list[str]) -> list[str]:
    """«с министром обороны Японии» resolves to the ministry and Japan, «Министр обороны России»
    to Shoigu and his ministry: one side each, not two."""
    def redundant(p: str) -> bool:
        e = ctx.entity(p)
        if e is None or e.cls != "GovernmentBody" or not e.part_of:
            return False
        return e.part_of in parts or any(ctx.state_of(q) == e.part_of for q in parts if class_of(ctx, q) == "Person")
    return [p for p in parts if not redundant(p)]


def split_pairs(ctx: DocContext, parts: list[str]) -> list[str]:
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
    return uniq(out)


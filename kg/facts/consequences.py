"""Whom announced consequences are for: «у Саудовской Аравии будут последствия», «последствия
для России», «ответные меры против Литвы», «ответ на действия Вашингтона» — the `holder` role
of the warning frames that need no condition (kg/data/lexicon/triggers.toml, warn.consequence-for,
warn.retaliation, warn.response-predicate)."""

from __future__ import annotations

from kg.facts.actors import actors_at
from kg.facts.context import DocContext
from kg.facts.modality import future_tense
from kg.tree import Tree

HOLDER_PREPS = ("для", "против", "в_отношение")  # on the noun: «последствия для России»
BEARER_PREPS = ("у", "для")  # on the verb it is said of: «у России будут последствия»
ANSWERED_PREPS = ("на",)  # «ответ на действия Вашингтона»: whose acts are answered


def holders(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """The actors the consequences at noun (or predicate adjective) i fall on, as the text names
    them around it; none named — none."""
    tok = tree.tok(i)
    liable = _liable(ctx, tree, i)
    if liable:
        return liable  # «Вашингтон понесёт ответственность за последствия этого преступления»
    if tok.pos == "NOUN" and any(tree.prep(k) is None and not ctx.dm.at(tree.sent.i, k) for k in tree.children(i, "nmod")):
        return []  # «последствия землетрясения для Турции»: the consequences of what happened, no threat
    out: list[str] = []
    for k in tree.children(i, "nmod", "obl"):
        prep = tree.prep(k)
        if prep in HOLDER_PREPS:
            out += actors_at(ctx, tree, k)
        elif prep in ANSWERED_PREPS:  # the owner of the acts answered, or the answered actor itself
            owners = [a for c in tree.children(k, "nmod") if tree.prep(c) is None for a in actors_at(ctx, tree, c)]
            out += owners or actors_at(ctx, tree, k)
    subj = [k for k in tree.children(i, "nsubj")] if tok.pos == "ADJ" else []
    for s in subj:  # «ответ на действия Вашингтона будет жёстким»: the subject's own «на» phrase
        out += holders(ctx, tree, s)
    verb = i if tok.pos == "ADJ" else (tok.head if tok.rel.startswith("nsubj") else -1)
    if verb >= 0:
        out += [a for k in tree.children(verb, "obl") if tree.prep(k) in BEARER_PREPS for a in actors_at(ctx, tree, k)]
        if tree.tok(verb).rel == "cop" and tree.prep(tree.tok(verb).head) in BEARER_PREPS:
            out += actors_at(ctx, tree, tree.tok(verb).head)  # «у России будут последствия»: «у» is the predicate
    return list(dict.fromkeys(out))


def _liable(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """«X понесёт ответственность за последствия»: who is to answer for the consequences is
    the one they are announced to (grammar liability_nouns: the noun «за» them hangs on)."""
    tok = tree.tok(i)
    if tree.prep(i) != "за" or tok.head < 0 or tree.tok(tok.head).lemma not in ctx.lex.grammar.liability_nouns:
        return []
    noun = tree.tok(tok.head)
    if noun.head < 0 or not noun.rel.startswith("obj") or not future_tense(tree, noun.head):
        return []  # «Киев несёт ответственность за …» blames; «понесёт» announces
    return [a for k in tree.children(noun.head, "nsubj") for a in actors_at(ctx, tree, k)]

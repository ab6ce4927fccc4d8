"""Acts repeated by reference: «Так же поступили канцлер ФРГ и премьер Польши», «Аналогичное
решение приняла Швеция», «Примеру Эстонии последовали Латвия и Литва» (for sanctions also named
by their own nouns, «о таком же решении объявили», see kg.facts.sanction_acts). A verb of doing (grammar
same_act_verbs) marked as the same (same_act_marks: «так же», «аналогичный», «пример») has no act
of its own; it repeats the last directed act — a demand, warning, rejection or sanctions — of this
sentence or the two before, with the verb's subject in the source's place and the same target."""

from __future__ import annotations

from dataclasses import replace

from kg.facts.actors import subject
from kg.facts.context import DocContext, uniq
from kg.facts.modality import negated
from kg.records import Fact
from kg.tree import Tree

RULE = "same-act"
DIRECTED = ("demanded", "warned", "threatenedSanctions", "imposedSanctions", "rejected")
BACK = 2  # sentences


def _marked(ctx: DocContext, tree: Tree, v: int) -> bool:
    """The verb's own words (not its subject's) carry a mark of sameness («аналогично», «примеру»)
    or a pointer with «же» right after it («так же», «то же самое»)."""
    g = ctx.lex.grammar
    subj = {j for k in tree.children(v, "nsubj") for j in tree.subtree(k)}
    own = sorted(tree.subtree(v) - subj - {v})
    toks = tree.sent.tokens
    return any(toks[j].lemma in g.same_act_marks or toks[j].lemma in g.same_act_pointers and j + 1 < len(toks)
               and toks[j + 1].lemma == "же" for j in own)


def repeated_act(ctx: DocContext, tree: Tree, here: list[Fact]) -> list[Fact]:
    g = ctx.lex.grammar
    sid = tree.sent.i
    out: list[Fact] = []
    for t in tree.sent.tokens:
        if t.lemma not in g.same_act_verbs or t.pos != "VERB" or not _marked(ctx, tree, t.i):
            continue
        if negated(ctx, tree, t.i) or any(tree.tok(k).lemma in g.negations for k in tree.children(t.i, "advmod")):
            continue  # «такое же решение Швейцария принимать не будет»: a «не» after the verb too
        last = next((f for f in reversed(ctx.facts + here) if f.type in DIRECTED and f.targets
                     and sid - f.sent <= BACK and (f.sent < sid or f.rule != RULE)), None)
        if last is None:
            continue
        for a in uniq(subject(ctx, tree, t.i, linear=False)):
            if a in last.agents or a in last.targets or ctx.state_of(a) in last.targets:
                continue
            if any(f.type == last.type and f.agents == (a,) and f.targets == last.targets for f in here):
                continue  # the sanctions' own «аналогичные меры приняла…» (kg.facts.sanction_acts) said it
            out.append(replace(last, sent=sid, evidence=tree.sent.text, rule=RULE, agents=(a,),
                               confidence=round(last.confidence - 0.1, 2)))
    return out

"""Sanctions said without a sanctions noun as the act's own word: a restrictive measure (an entry
ban, frozen assets), «они» standing for the sanctions just named, and an act named as the same as
the sanctions just reported («аналогичный шаг сделала Эстония»)."""

from __future__ import annotations

from kg.facts.actors import actors_at, subject
from kg.facts.context import DocContext, class_of, uniq
from kg.facts.modality import future_like, future_tense, negated
from kg.facts.sanctions import sanctioned
from kg.facts.speech import speakers
from kg.lexicon import Grammar
from kg.records import Fact
from kg.tree import Tree, governor, plural


def sanctions_by_pronoun(ctx: DocContext, tree: Tree) -> list[Fact]:
    """«…санкции, которые будут выдвинуты против России. Байден заявил, что они будут
    масштабными»: a speaker's future statement about the sanctions just named threatens them."""
    if (
        ctx.last_sanctions is None
        or tree.sent.i - ctx.last_sanctions[0] != 1
        or not ctx.last_sanctions[1]
    ):
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
                    out.append(_sanction(ctx, tree, "threatenedSanctions", "sanctions.pronoun", a, target, 0.5))
    return out


def measures(ctx: DocContext, tree: Tree) -> list[Fact]:
    """«Лукашенко запрещён въезд на территорию стран ЕС», «США заморозили активы российских
    банков»: a restrictive measure against whoever loses entry or assets, by whoever imposes it
    (the subject, else the owner of the territory closed)."""
    g = ctx.lex.grammar
    out = []
    sid = tree.sent.i
    for v in tree.sent.tokens:
        if (
            v.lemma not in g.measure_verbs
            or v.pos not in ("VERB", "AUX")
            or negated(ctx, tree, v.i)
        ):
            continue
        objs = [
            k
            for k in tree.children(v.i, "obj", "nsubj:pass")
            if tree.tok(k).lemma in g.measure_objects
        ]
        if not objs:
            continue
        obj = objs[0]
        holders = tree.children(v.i, "iobj", "obl", "nsubj:pass", "nsubj") + tree.children(
            obj, "iobj"
        )
        holders += _trailing_datives(tree, v.i, holders)
        targets = [
            a
            for k in holders
            if k != obj
            and (tree.tok(k).feat("Case") == "Dat" or tree.tok(k).rel == "nsubj:pass")
            and tree.prep(k) is None
            for a in _barred(ctx, tree, k)
        ]
        targets += [
            a
            for k in tree.children(obj, "nmod", "amod")
            if tree.prep(k) is None
            for a in sanctioned(ctx, tree, k)
        ]
        passive = (
            v.feat("VerbForm") == "Part"
            or v.feat("Voice") == "Pass"
            or not tree.children(v.i, "nsubj")
        )
        agents = (
            []
            if passive
            else [a for a in subject(ctx, tree, v.i, linear=False) if a not in targets]
        )
        if not agents:
            # «въезд на территорию стран ЕС», «въезд в ЕС»: the closed territory's owner.
            agents = [
                a
                for k in sorted(tree.subtree(obj) - {obj})
                if (m := ctx.dm.at(sid, k))
                and class_of(ctx, m.entity) in ("State", "InternationalOrganization", "Bloc")
                for a in [m.entity]
            ][:1]
        agents = [a for a in agents if a not in targets]
        if not agents or not targets:
            continue
        kind = (
            "threatenedSanctions"
            if future_like(ctx, tree, v.i) or future_tense(tree, v.i)
            else "imposedSanctions"
        )
        for a in uniq(agents):
            for tg in uniq(targets):
                out.append(_sanction(ctx, tree, kind, "sanctions.measure", a, tg, 0.6))
    return out


def same_act(ctx: DocContext, tree: Tree) -> list[Fact]:
    """«Норвегия присоединилась к санкциям ЕС против России. Вслед за Осло о таком же решении
    объявили Исландия и Лихтенштейн»: an act named as the same as the sanctions just reported
    (within two sentences) repeats them, by the new subject, against the same targets."""
    g = ctx.lex.grammar
    sid = tree.sent.i
    prior = [
        f
        for f in ctx.facts
        if f.type in ("imposedSanctions", "threatenedSanctions") and 0 < sid - f.sent <= 2
    ]
    if not prior:
        return []
    prior = [f for f in prior if f.sent == prior[-1].sent]
    out = []
    for n in tree.sent.tokens:
        # «К ним присоединились Швейцария и Норвегия»: joining what was just reported, by a pronoun.
        joined = (
            n.pos == "PRON"
            and n.lemma in g.act_pronouns
            and tree.prep(n.i) == "к"
            and n.head >= 0
            and tree.tok(n.head).lemma in g.join_verbs
        )
        if not joined and (
            n.lemma not in g.act_nouns
            or not any(_same(tree, k, g) for k in tree.children(n.i, "amod", "det"))
        ):
            continue
        gov = governor(tree, n.i)
        # («аналогичные меры может принять Латвия»: the parser may hang the noun on the modal.)
        verbs = [
            k
            for k in ([gov, *tree.children(gov, "xcomp")] if gov is not None else [])
            if tree.tok(k).lemma in g.impose_verbs | g.join_verbs | g.act_verbs
        ]
        if not verbs or negated(ctx, tree, verbs[0]) or negated(ctx, tree, gov):
            continue
        v = verbs[0]
        before = {a for f in prior for a in f.agents}
        agents = [
            a
            for a in subject(ctx, tree, v, linear=False)
            if a not in before
            and class_of(ctx, a) in ("State", "InternationalOrganization", "Bloc", "GovernmentBody")
        ]
        later = future_like(ctx, tree, v) or future_tense(tree, v)
        for f in prior:
            kind = "threatenedSanctions" if later else f.type
            for a in agents:
                for tg in f.targets:
                    if tg != a and tg != ctx.state_of(a):
                        out.append(_sanction(ctx, tree, kind, "sanctions.same_act", a, tg, 0.5))
    return out


def _same(tree: Tree, k: int, g: Grammar) -> bool:
    """«аналогичный», «такой же»: a modifier that names an act as the same as another."""
    lemma = tree.tok(k).lemma
    return (
        lemma in g.same_act_words
        or lemma in g.same_act_determiners
        and any(tree.tok(c).lemma == "же" for c in tree.children(k))
    )


def _barred(ctx: DocContext, tree: Tree, k: int) -> list[str]:
    """Whom a measure bars, named at k: the actors there; for a plural noun, also their state
    («российским чиновникам»), and never one person («18 американцам» is a group)."""
    tok = tree.tok(k)
    found = actors_at(ctx, tree, k) or (sanctioned(ctx, tree, k) if plural(tok) else [])
    if plural(tok) and tok.pos == "NOUN":
        found = [a for a in found if class_of(ctx, a) != "Person"]
    return found


def _trailing_datives(tree: Tree, v: int, holders: list[int]) -> list[int]:
    """«…, запретив въезд в Россию 18 американцам»: a bare dative later in the measure's own
    clause (up to the next comma) is whom it bars, wherever the parser hung it."""
    out = []
    for t in tree.sent.tokens[v + 1 :]:
        if t.text in (",", ";", "—", "–") or t.pos == "VERB":
            break
        if (
            t.i not in holders
            and t.pos in ("NOUN", "PROPN")
            and t.feat("Case") == "Dat"
            and tree.prep(t.i) is None
        ):
            out.append(t.i)
    return out


def _sanction(ctx: DocContext, tree: Tree, kind: str, rule: str, agent: str, target: str, confidence: float) -> Fact:
    """One sanctions fact of this sentence; a threat is future, an imposition asserted."""
    return Fact(kind, ctx.parsed.doc.id, tree.sent.i, tree.sent.text, rule, agents=(agent,), targets=(target,),
                modality="future" if kind == "threatenedSanctions" else "asserted", confidence=confidence)

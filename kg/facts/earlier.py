"""Actors an act refers back to in earlier sentences: the author of an accusation or proposal
by the verb that made it, the subject of the sentence before, the authors of the last demand,
the partner of talks just reported."""

from __future__ import annotations

from kg.facts.context import DocContext


def author_by_verb(ctx: DocContext, sid: int, noun: str) -> list[str]:
    """Who made the accusation or proposal a noun names, by the verb of that act in this or the two
    sentences before («Вашингтон обвинил Пекин…» for «обвинения»): its subject (grammar author_verbs;
    «призыв» ← «призвать», «просьба» ← «просить» by the first letters they share)."""
    stem = noun[:4]  # the act's verb by its stem, with or without «по-» («требование» ← «потребовать»)
    verbs = {v for v in ctx.lex.grammar.author_verbs if v[:4] == stem or v.startswith("по") and v[2:6] == stem}
    if not verbs:
        return []
    for s in range(sid, max(-1, sid - 3), -1):
        toks = ctx.parsed.sentences[s].tokens
        for v in (t.i for t in toks if t.lemma in verbs and t.pos == "VERB"):
            found = [m.entity for m in ctx.dm.mentions if m.sent == s and toks[m.head].head == v
                     and toks[m.head].rel == "nsubj" and ctx.is_actor(m.entity)]
            if found:
                return found[:1]
    return []


def previous_subject(ctx: DocContext, sid: int) -> list[str]:
    """The actor the sentence before names as its subject: whose idea «эта идея» is."""
    if sid == 0:
        return []
    toks = ctx.parsed.sentences[sid - 1].tokens
    return [m.entity for m in ctx.dm.mentions if m.sent == sid - 1 and toks[m.head].rel == "nsubj"
            and toks[m.head].head >= 0 and toks[toks[m.head].head].rel == "root" and ctx.is_actor(m.entity)][:1]


def recent_demanders(ctx: DocContext, sid: int) -> list[str]:
    """The authors of the last demand reported, in this sentence or the two before."""
    for f in reversed(ctx.facts):
        if f.type == "demanded" and sid - f.sent <= 2 and f.agents:
            return list(f.agents)
    return []


def talk_partner(ctx: DocContext, agents: list[str], sid: int) -> list[str]:
    """«Байден побеседовал с Корреа. Байден просил…», «во время встречи с российским лидером
    призывал…»: the partner of talks just reported, in this sentence or the two before."""
    for f in reversed(ctx.facts + [f for f in ctx.sentence_out if f.sent == sid]):
        if sid - f.sent > 2:
            break
        if f.participants and set(agents) & set(f.participants):
            others = [p for p in f.participants if p not in agents]
            if len(others) == 1:
                return others
    return []

"""Gapped clauses: «Лавров встретился с Ван И, а затем — с Блинкеном», «в понедельник Макрон
встретится с Путиным, а во вторник — с Зеленским», «ЕС ввёл санкции против России, а США — против
Ирана». The remnant after «, а» / «, и» has no verb of its own; it repeats the act of the clause
before it with the actors it names put in place of their parallels (same preposition, else same
case). natasha parses such remnants as «orphan» or hangs them as a conjunct on their parallel, so
the first act comes out with a third party it never had; here each act gets its own fact.

Read once for every fact family, after the sentence's facts are made."""

from __future__ import annotations

from dataclasses import replace

from kg.facts.context import DocContext, class_of
from kg.facts.where_when import dates_from
from kg.nlp import tags
from kg.records import Fact, Mention
from kg.tree import Tree

JOINERS = {"а", "и", "но"}
PLACES = ("City", "Place")
_ROLES = ("agents", "targets", "participants")
_CASES = {"nomn": "Nom", "gent": "Gen", "datv": "Dat", "accs": "Acc", "ablt": "Ins", "loct": "Loc"}


def _fragment_start(ctx: DocContext, tree: Tree) -> int | None:
    """First token after «, а» that opens a verbless remnant marked as a sequence (a sequence word,
    a dash standing for the verb, or a word the parser left «orphan»)."""
    toks = tree.sent.tokens
    seq = ctx.lex.grammar.sequence_words
    for k in range(1, len(toks) - 1):
        if toks[k].lemma not in JOINERS or toks[k - 1].text != "," or toks[k + 1].lemma == "также":
            continue
        end = next((j for j in range(k + 1, len(toks)) if toks[j].text in (";", ",", ".", "!", "?")
                    and toks[j - 1].text not in ("«", "»")), len(toks))
        rest = toks[k + 1:end]
        if any(t.pos in ("VERB", "AUX") and t.feat("VerbForm") in ("Fin", "Part", "Conv") for t in rest):
            return None  # a clause of its own: its verb makes its own facts
        if any(t.pos == "NOUN" and t.lemma in ctx.lex.frames for t in rest):
            return None  # «а 13 января — переговоры в Вене»: its own event noun makes its own fact
        if any(t.lemma in seq or t.text == "—" or t.rel == "orphan" for t in rest):
            return k + 1
        return None
    return None


def _args(ctx: DocContext, tree: Tree, ms: list[Mention]) -> list[tuple[str | None, str | None, Mention]]:
    return [(tree.prep(m.head), tree.tok(m.head).feat("Case"), m) for m in ms]


def _cases(tree: Tree, i: int) -> set[str]:
    """The cases a word may be in: the parser's reading and every dictionary one (natasha reads
    a remnant without its verb poorly: «а позднее — Шольцу» as a nominative)."""
    tok = tree.tok(i)
    out = {tok.feat("Case")} if tok.feat("Case") else set()
    return out | {_CASES[g] for _, _, gs in tags(tok.text) for g in gs if g in _CASES}


def _parallel(tree: Tree, arg: tuple[str | None, str | None, Mention], main: list[Mention]) -> Mention | None:
    """The mention of the first clause the remnant's actor stands in for: the nearest before the
    remnant with the same preposition and, without one, a case the remnant's word may be in."""
    prep, _, m = arg
    same_prep = [x for x in main if tree.prep(x.head) == prep]
    if prep is not None:
        return same_prep[-1] if same_prep else None
    cases = _cases(tree, m.head)
    return next((x for x in reversed(same_prep) if tree.tok(x.head).feat("Case") in cases), None)


def _swap(f: Fact, subst: dict[str, str], place: str | None, dates: tuple[str | None, str | None] | None) -> Fact:
    new = {r: tuple(sorted({subst.get(a, a) for a in getattr(f, r)})) if r == "participants"
           else tuple(subst.get(a, a) for a in getattr(f, r)) for r in _ROLES}
    start, end = dates if dates else (f.start, f.end)
    return replace(f, **new, location=place or f.location, start=start, end=end, rule=f"{f.rule}+gap")


def _drop(f: Fact, gone: set[str]) -> Fact:
    """The first act without the remnant's actors the parser hung on it as conjuncts."""
    return replace(f, **{r: tuple(a for a in getattr(f, r) if a not in gone) for r in _ROLES})


def gapped(ctx: DocContext, tree: Tree, facts: list[Fact]) -> list[Fact]:
    """The sentence's facts with each act a gapped remnant repeats split off as its own fact."""
    first = _fragment_start(ctx, tree)
    if first is None or not facts:
        return facts
    sid = tree.sent.i
    ms = [m for m in ctx.dm.mentions if m.sent == sid and m.kind in ("name", "adjective", "state-noun", "title")]
    main = [m for m in ms if m.last < first - 1 and m.kind != "adjective"]
    rest = [m for m in ms if m.first >= first and (ctx.is_actor(m.entity) or class_of(ctx, m.entity) in PLACES)]
    if not rest:
        return facts
    subst: dict[str, str] = {}
    place = None
    for arg in _args(ctx, tree, rest):
        m = arg[2]
        if class_of(ctx, m.entity) in PLACES and arg[0] in ("в", "во", "на"):
            place = m.entity  # «…, а затем в Пекине»: the second act's place
            continue
        par = _parallel(tree, arg, main)
        if par is None or par.entity == m.entity:
            return facts  # a remnant we cannot line up: leave the act as it was read
        subst[par.entity] = m.entity
    if not subst:
        return facts
    out: list[Fact] = []
    gone = set(subst.values())
    for f in facts:
        names = {a for r in _ROLES for a in getattr(f, r)}
        if f.type == "affiliation" or not set(subst) <= names:
            out.append(f)
            continue
        future = f.modality == "future" or f.type == "scheduledTalks"
        kept = _drop(f, gone - set(subst))
        out += [kept, _swap(kept, subst, place, dates_from(ctx, tree, first, future))]
    return out

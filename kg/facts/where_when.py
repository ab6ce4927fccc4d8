"""Where and when a fact happened: the place in its clause, its date resolved against the
document's date and the last date mentioned."""

from __future__ import annotations

import functools

from kg import dates as kdates
from kg.facts.context import DocContext, class_of, talks_noun
from kg.records import Sentence
from kg.tree import Tree, between, governor

# «в рамках», «в ходе», «во время», «на полях» + an event: the nouns that frame a time or a forum.
FRAME_NOUNS = ("рамка", "ход", "время", "поле")


def _scope(tree: Tree, i: int) -> set[int]:
    """The clause of a trigger: its governor's subtree (with coordinated verbs), or its own."""
    g = governor(tree, i)
    scope = tree.subtree(i)
    if g is not None:
        scope |= tree.subtree(g)
        if tree.tok(g).rel == "conj" and tree.tok(g).head >= 0:
            scope |= tree.subtree(tree.tok(g).head)
    return scope


def _clauses_on(tree: Tree, i: int) -> list[int]:
    """Relative and participial clauses on noun i («переговоров с коллегой X, которые прошли в
    Берлине», «переговоры главы МИД …, запланированные на 7 марта в Токио»), also those the parser
    hung on a word inside its phrase, when they agree in number with i and not with that word."""
    number = tree.tok(i).feat("Number")
    out = []
    for c in sorted(tree.subtree(i) - {i}):
        t = tree.tok(c)
        if not t.rel.startswith("acl"):
            continue
        which = next((k for k in tree.children(c, "nsubj", "obl", "obj", "nsubj:pass") if tree.tok(k).lemma == "который"), c)
        if t.head == i or tree.tok(which).feat("Number") == number != tree.tok(t.head).feat("Number"):
            out.append(c)
    return out


def _near(ctx: DocContext, tree: Tree, i: int) -> set[int]:
    """Tokens that hang off the trigger or its verbs directly, or through a named actor
    («переговоры в рамках Совета Россия-НАТО в Брюсселе»), but not through another noun
    («переговоры об обогащении урана в России»)."""
    heads = {i, *_clauses_on(tree, i)}
    g = governor(tree, i)
    if g is not None:
        heads |= {g, *tree.children(g, "conj")}
        if tree.tok(g).rel == "conj" and tree.tok(g).head >= 0:
            heads.add(tree.tok(g).head)
        # «встреча может пройти в Нью-Йорке»: the verb a modal governs says where
        heads |= {x for x in tree.children(g, "xcomp") if tree.tok(x).feat("VerbForm") == "Inf"}
    near: set[int] = set()
    todo = [(h, 0) for h in heads]
    while todo:
        h, depth = todo.pop()
        for k in tree.children(h):
            near.add(k)
            # «в ходе визита в Ханой встретилась»: a trip the talks happened during gives its place
            trip = tree.tok(k).lemma in ctx.lex.grammar.trip_nouns and tree.prep(k) in (
                "в_ход", "во_время", "в_время", "в_рамка")
            # «на полях встречи G20 в Нью-Дели»: a forum the talks were held beside gives its place
            forum = talks_noun(ctx, tree.tok(k).lemma) and tree.prep(k) in (None, "на", "в", "в_рамка", "в_ход")
            through = ctx.dm.at(tree.sent.i, k) is not None or tree.tok(k).lemma in (
                *FRAME_NOUNS, "линия") or trip or forum or (
                tree.tok(k).lemma in ctx.lex.grammar.settlement_nouns)
            if through and depth < 2:
                todo.append((k, depth + 1))
    return near


def location(ctx: DocContext, tree: Tree, i: int, others: set[int] = frozenset()) -> str | None:
    """The nearest «в/на + place» attached to the trigger's clause, not past another talks trigger."""
    sid = tree.sent.i
    best: tuple[int, str] | None = None
    near = _near(ctx, tree, i)
    # «на полях встречи G20 в Нью-Дели»: the forum beside which the talks happened is no talks of its own.
    others = {o for o in others if tree.tok(o).head < 0 or tree.tok(tree.tok(o).head).lemma not in ("поле", "рамка")}
    for k in sorted(_scope(tree, i)):
        m = ctx.dm.at(sid, k)
        if m is None or m.first != k:
            continue
        e = ctx.entity(m.entity)
        seat = e is not None and e.building
        # (a building may stand in the genitive of the room the verb names: «в кабинете Белого дома»)
        if k not in near and not (seat and tree.tok(m.head).head in near and tree.tok(m.head).rel == "nmod"):
            continue
        if e is None or e.cls not in ("City", "Place", "State") and not seat:
            continue
        if seat and tree.tok(m.head).feat("Case") == "Acc":
            continue  # «в Кремле», «на Даунинг-стрит» is where; «в Кремль» is where one goes
        head = _settlement(ctx, tree, m.head)
        up = tree.tok(head).head
        if seat and tree.prep(head) is None and up >= 0 and tree.tok(head).rel == "nmod" and tree.prep(up) in ("в", "во", "на"):
            head = up  # «в Овальном кабинете Белого дома»: a room of the building is in it
        if tree.prep(head) not in ("в", "во", "на") or between(k, i, others):
            continue
        up = tree.tok(head).head
        if tree.tok(head).feat("Case") == "Acc" and up not in {i, *tree.ancestors(i)} and (
                up < 0 or tree.tok(up).lemma not in ctx.lex.grammar.trip_nouns):
            # «…, а затем отправился в Пекин»: where someone goes next; but a trip's («визита в
            # Ханой») or one made to meet («ездили в Москву, чтобы встретиться») is where they met.
            continue
        dist = abs(k - i)
        if best is None or dist < best[0]:
            best = (dist, m.entity)
    if best is None and tree.tok(i).pos == "NOUN":  # «Женевская встреча»: a city's adjective on the talks noun
        cities = [key for a in tree.children(i, "amod") if (key := ctx.gaz.place_adjectives.get(tree.tok(a).lemma))
                  and key in ctx.gaz.entries and ctx.gaz.entries[key].cls == "City"]
        return ctx.known(cities[0]) if cities else None
    return best[1] if best else None


def _settlement(ctx: DocContext, tree: Tree, k: int) -> int:
    """«в городе Нагато»: the settlement noun a name stands beside carries the name's preposition."""
    tok = tree.tok(k)
    if tree.prep(k) is None and tok.rel in ("appos", "flat", "flat:name") and tok.head >= 0 \
            and tree.tok(tok.head).lemma in ctx.lex.grammar.settlement_nouns:
        return tok.head
    return k


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
        if not toks or not set(toks) & scope or between(toks[0], i, others):
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


def dates_from(ctx: DocContext, tree: Tree, first: int, future: bool) -> tuple[str | None, str | None] | None:
    """The first date said at or after token `first` («…, а во вторник — с Зеленским»), resolved."""
    lo = tree.sent.tokens[first].start - tree.sent.start
    for e in _dates_in(tree.sent.text):
        if e.start >= lo:
            r = kdates.resolve(e, ctx.date, tense="future" if future else "past", previous=ctx.last_date)
            if r is not None:
                return r.start, r.end
    return None


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


def event_places(ctx: DocContext, tree: Tree) -> None:
    """«на форуме в Анталье», «саммит пройдёт в Вашингтоне»: where an event named here takes place,
    for talks held «на полях форума» later on."""
    sid = tree.sent.i
    for t in tree.sent.tokens:
        if t.lemma not in ctx.lex.grammar.event_nouns or t.pos != "NOUN":
            continue
        verb = t.head if t.rel.startswith("nsubj") else -1  # «саммит пройдёт в Вашингтоне»
        for k in [*tree.children(t.i, "nmod", "obl"), *(tree.children(verb, "obl") if verb >= 0 else [])]:
            m = ctx.dm.at(sid, k)
            if m is not None and class_of(ctx, m.entity) in ("State", "City", "Place") and tree.prep(k) in ("в", "во", "на") \
                    and tree.tok(k).feat("Case") == "Loc":
                ctx.event_places[t.lemma] = (m.entity, sid)


def event_place(ctx: DocContext, tree: Tree, i: int) -> str | None:
    """Talks «на полях форума», «в ходе саммита» whose event noun names no place: the place the
    text gave that event in one of the three sentences before."""
    g = ctx.lex.grammar
    gov = tree.tok(i).head if tree.tok(i).pos in ("NOUN", "PROPN") else i
    for k in [*tree.children(i, "obl", "nmod"), *(tree.children(gov, "obl") if gov >= 0 else [])]:
        frames = [k, *tree.children(k, "nmod")] if tree.tok(k).lemma in FRAME_NOUNS else [k]
        for e in frames:
            seen = ctx.event_places.get(tree.tok(e).lemma)
            if tree.tok(e).lemma in g.event_nouns and seen and 0 < tree.sent.i - seen[1] <= 3:
                return seen[0]
    return None

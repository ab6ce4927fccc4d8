"""Modality of a trigger: negation, conditions («если», «в случае»), future and past tense,
plans, readiness and called-off events."""

from __future__ import annotations

from kg.facts.context import DocContext
from kg.lexicon import Grammar
from kg.morph import tags
from kg.records import Token
from kg.tree import Tree


def condition_clause(ctx: DocContext, tree: Tree, i: int) -> set[int] | None:
    """Tokens of an «если …» / «в случае …» clause in the trigger's sentence (not containing it)."""
    marks = ctx.lex.grammar.condition_marks
    best: tuple[int, set[int]] | None = None
    # «Если …, то он прислушается к Обаме, который призывал…»: a relative clause is a clause of
    # its own; a condition outside it does not reach in.
    relative = next((tree.subtree(j) for j in [i, *tree.ancestors(i)] if tree.tok(j).rel.startswith("acl")), None)
    for t in tree.sent.tokens:
        if t.lemma not in marks or t.rel not in ("mark", "case", "fixed", "obl", "nmod", "advmod"):
            continue
        head = t.head if t.rel in ("mark", "case", "fixed") else t.i
        if t.lemma == "случай":
            head = t.i
            if any(tree.prep(k) == "с" for k in tree.children(t.i, "nmod")):
                continue  # «в случае с Россией»: as regards Russia, no condition
        clause = tree.subtree(head) if head >= 0 else set()
        if t.lemma == "случай":
            clause |= {k for c in tree.children(t.i, "acl", "advcl") for k in tree.subtree(c)}
            nxt = [k for k in range(t.i + 1, min(len(tree.sent.tokens), t.i + 3)) if tree.tok(k).lemma == "если"]
            for k in nxt:
                if tree.tok(k).head >= 0:
                    clause |= tree.subtree(tree.tok(k).head)
        if not clause or i in clause or relative is not None and not clause <= relative:
            continue
        dist = min(abs(k - i) for k in clause)
        if best is None or dist < best[0]:
            best = (dist, clause)
    return best[1] if best else None


def negated(ctx: DocContext, tree: Tree, i: int) -> bool:
    chain = [i]
    for j in tree.ancestors(i):
        last = tree.tok(chain[-1])
        if last.rel == "conj" and last.feat("VerbForm") == "Fin":
            break  # «не согласился … и требует»: a finite verb in coordination has its own polarity
        if last.rel == "parataxis":
            break  # «"Мы не позволим …", — предупредил X»: the reporting verb's polarity is its own
        chain.append(j)
        if tree.tok(j).lemma in ctx.lex.grammar.speech_verbs or len(chain) > 3:
            break
    negs = ctx.lex.grammar.negations
    for h in chain:
        if tree.tok(h).lemma in ctx.lex.grammar.speech_verbs and h != i:
            break
        if tree.tok(h).lemma in ctx.lex.grammar.litotes_verbs and any(
                tree.tok(k).lemma in ctx.lex.grammar.litotes_infinitives for k in tree.children(h, "xcomp")):
            continue  # «ответ не заставит себя ждать»: it comes soon (but «не должны ждать» is negated)
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


def _dictionary_future(t: Token) -> bool:
    """«понесёт», tagged imperfective present: pymorphy's dictionary reads every verb parse of the
    form as a perfective future."""
    if t.pos not in ("VERB", "AUX") or t.feat("VerbForm") != "Fin" or t.feat("Tense") == "Past":
        return False
    verbs = [g for _, pos, g in tags(t.text) if pos == "VERB"]
    return bool(verbs) and all("futr" in g for g in verbs)


def future_tense(tree: Tree, i: int) -> bool:
    """Grammatical future of the trigger's own clause («состоятся», «будут проведены»,
    «намерены встретиться» is a plan, handled by the plan verbs)."""
    for h in [i, *list(tree.ancestors(i))[:2]]:
        t = tree.tok(h)
        if t.feat("Tense") == "Fut" or _perfective_present_form(t) or _dictionary_future(t):
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


def negated_clause(ctx: DocContext, tree: Tree, clause: set[int]) -> bool:
    """The condition's own verb is negated («если Минск не заплатит»)."""
    negs = ctx.lex.grammar.negations
    return any(tree.tok(k).lemma in negs and tree.tok(k).head in clause
               and tree.tok(tree.tok(k).head).pos in ("VERB", "AUX") for k in clause)


def inside_condition(ctx: DocContext, tree: Tree, i: int) -> bool:
    marks = ctx.lex.grammar.condition_marks
    for j in [i, *tree.ancestors(i)]:
        if any(tree.tok(k).lemma in marks for k in tree.children(j, "mark")):
            return True
    return False


def irrealis(tree: Tree, i: int, heads: frozenset[str], plans: frozenset[str],
             requests: frozenset[str] = frozenset()) -> bool:
    """Talks inside an infinitive under readiness, wish or a request («готовность выстраивать
    диалог», «готовы встретиться», «попросил встретиться»): a stance, not an event. A plan word
    on the way keeps them scheduled."""
    chain = [i, *list(tree.ancestors(i))[:3]]
    for a, b in zip(chain, chain[1:], strict=False):
        up = tree.tok(b)
        if up.lemma in plans and not (up.lemma in heads and tree.tok(a).feat("VerbForm") != "Inf"):
            return False  # («рассчитывает провести переговоры» plans them; «рассчитывает на диалог» hopes)
        if up.lemma in heads and (tree.tok(a).feat("VerbForm") == "Inf" or a == i) or (
                up.lemma in requests and tree.tok(a).feat("VerbForm") == "Inf"):
            return True  # «готовность выстраивать диалог», «готова к диалогу»
        if tree.tok(a).feat("VerbForm") != "Inf" and a != i:
            return False
    return False


def called_off(tree: Tree, i: int, g: Grammar) -> bool:
    """«отказались от (возобновления) переговоров», «отменил визит»: no talks took place."""
    up = list(tree.ancestors(i))[:2]
    if up and tree.tok(up[0]).lemma in g.cancel_verbs:
        return True
    # «отказались от проведения переговоров», «отказался вести переговоры»: through the act of holding them
    return len(up) == 2 and (tree.tok(up[0]).lemma in g.talks_nominals or tree.tok(up[0]).feat("VerbForm") == "Inf"
                             ) and tree.tok(up[1]).lemma in g.cancel_verbs


def purpose(tree: Tree, i: int, g: Grammar) -> bool:
    """An infinitive opened by «чтобы»/«дабы» names what someone means to do, not what was done
    («отправился в Анкару, чтобы встретиться»); a round trip made for it reports it done
    («ездили в Россию, чтобы встретиться»)."""
    t = tree.tok(i)
    if t.feat("VerbForm") != "Inf" or not any(tree.tok(k).lemma in g.purpose_marks for k in tree.children(i, "mark")):
        return False
    return t.head < 0 or tree.tok(t.head).lemma not in g.round_trip_verbs


def denied(tree: Tree, i: int, g: Grammar) -> bool:
    """«опровергли сообщения о том, что Путин провёл разговор»: what a denied report says is no
    fact; and denying a report («опровергли сообщения») rejects no one."""
    for j in [i, *list(tree.ancestors(i))[:6]]:
        t = tree.tok(j)
        if t.lemma in g.report_nouns and t.head >= 0 and tree.tok(t.head).lemma in g.denial_verbs:
            return True
        if j == i and t.lemma in g.denial_verbs and any(
                tree.tok(k).lemma in g.report_nouns for k in tree.children(i, "obj")):
            return True
    return False

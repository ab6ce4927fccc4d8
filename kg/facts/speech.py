"""Reported speech: the speaker of a fact in a «что»-clause or a quote, «по словам X», and
«Об этом заявил X» making the speaker the source of the sentence before."""

from __future__ import annotations

from dataclasses import replace

from kg.facts.actors import actors_at, subject
from kg.facts.context import DocContext, class_of
from kg.facts.unnamed import impersonal_source
from kg.records import Fact
from kg.tree import Tree, governor


def is_speech(ctx: DocContext, tree: Tree, j: int) -> bool:
    t = tree.tok(j)
    if t.pos != "VERB":
        return False
    if any(tree.tok(k).lemma == "как" for k in tree.children(j, "mark", "advmod")) and not (
            t.lemma in ctx.lex.grammar.speech_verbs and _official(ctx, tree, j)):
        return False  # «как сообщает агентство АР» cites a source; the act is still its subject's
    if t.lemma in ("дать", "давать"):  # «дал понять»
        return any(tree.tok(k).lemma == "понять" for k in tree.children(j))
    return t.lemma in ctx.lex.grammar.speech_verbs


def _official(ctx: DocContext, tree: Tree, j: int) -> bool:
    """«Как считают в Евросоюзе», «как заявил Песков»: a source that speaks for itself, not the press."""
    subj = tree.children(j, "nsubj")
    if not subj:
        return bool(impersonal_source(ctx, tree, j))
    m = ctx.dm.at(tree.sent.i, subj[0])
    return m is not None and class_of(ctx, m.entity) in ("Person", "State", "GovernmentBody", "InternationalOrganization")


def _voice(ctx: DocContext, tree: Tree, j: int) -> list[str]:
    """Who speaks by the speech verb at j: its subject, unless the press reports («…, сообщает
    агентство IRNA»): a medium cites the act, whose own subject stays its source."""
    # «…», — цитирует агентство слова Дмитрия Пескова: whose words are quoted speaks.
    words = [a for k in tree.children(j, "obj") if tree.tok(k).lemma in ("слово", "заявление")
             for n in tree.children(k, "nmod") if tree.prep(n) is None for a in actors_at(ctx, tree, n)]
    if words:
        return words
    media = ctx.lex.grammar.media_nouns
    if any(tree.tok(k).lemma in media for k in tree.children(j, "nsubj")):
        return []
    if tree.tok(j).feat("Tense") == "Pres" and any(
            (m := ctx.dm.at(tree.sent.i, k)) and class_of(ctx, m.entity) == "Organization" for k in tree.children(j, "nsubj")):
        return []  # «…, сообщает «Коммерсант»»: a paper citing the news is no party to it
    if not tree.children(j, "nsubj"):
        found = impersonal_source(ctx, tree, j)  # «…, считают в Москве»
        if found or (j > 0 and tree.tok(j - 1).text in (",", "—", "–")):
            return found  # a speech verb after what was said: its subject is not in the words before it
    return subject(ctx, tree, j)


def speakers(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """The speaker when the fact sits in reported speech or a quote; «по словам X» as a fallback."""
    toks = tree.sent.tokens
    prev = i
    # ««…, Россия ответит», — заявила Захарова»: a speech verb reporting the words it hangs on speaks
    # for itself, not for whoever those words name.
    reporting = tree.tok(i).rel == "parataxis" and is_speech(ctx, tree, i)
    for j in () if reporting else tree.ancestors(i):
        if tree.tok(j).pos in ("PROPN", "PRON") or (tree.tok(j).pos == "NOUN" and j != governor(tree, i)):
            break  # a relative clause on a noun phrase is not what its verb's subject says
        if is_speech(ctx, tree, j) and tree.tok(prev).rel == "conj":
            break  # «X объявил о победе, однако Y … призвал»: a second act, not X's words
        prev = j
        if is_speech(ctx, tree, j):
            found = _voice(ctx, tree, j)
            if found:
                return found
    # «X заявил, что …»: a speech verb before the trigger with «что» between them.
    for j in range(i - 1, -1, -1):
        if is_speech(ctx, tree, j):
            between = range(j + 1, i)
            if any(toks[k].lemma in ("что", ":") or toks[k].text == ":" for k in between) and not any(
                    toks[k].lemma == "который" for k in between):
                found = _voice(ctx, tree, j)
                if found:
                    return found
            break
    # «Против Ирана будут введены санкции, заявил Блинкен»: the speech verb hangs off the clause.
    for j in [i, *tree.ancestors(i)]:
        for k in tree.children(j, "parataxis"):
            # («Как считают в ЕС, Белграду необходимо …»: a source clause put first.)
            fronted = k < i and any(tree.tok(c).lemma == "как" for c in tree.children(k, "mark"))
            if (k > i or fronted) and is_speech(ctx, tree, k):
                found = _voice(ctx, tree, k)
                if found:
                    return found
    # «Санкции будут расширены, сообщили в Белом доме»: a speech verb after a comma, parsed as a
    # second root rather than hung on the clause.
    for j in range(i + 1, min(len(toks), i + 25)):
        if is_speech(ctx, tree, j) and toks[j - 1].text in (",", "—", "–") and tree.tok(j).rel in ("root", "parataxis"):
            found = _voice(ctx, tree, j)
            if found:
                return found
            break
    # Quote first, speaker after: «…», — заявил X.
    closing = [k for k in range(i + 1, len(toks)) if toks[k].text in ("»", "”", '"')]
    if closing:
        for j in range(closing[0] + 1, min(len(toks), closing[0] + 6)):
            if is_speech(ctx, tree, j):
                found = _voice(ctx, tree, j)
                if found:
                    return found
    return _quote_speaker(ctx, tree, i) or _colon_speaker(ctx, tree, i)


def _colon_speaker(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """«Госсекретарь США Энтони Блинкен: Израиль должен …», «Захарова: Лондон должен …»: a
    headline's speaker is the phrase before a colon that has no verb of its own."""
    toks = tree.sent.tokens
    colon = next((k for k in range(i) if toks[k].text == ":"), None)
    if colon is None or colon == 0 or any(toks[k].pos in ("VERB", "AUX") for k in range(colon)):
        return []
    heads = [k for k in range(colon) if not 0 <= toks[k].head < colon and toks[k].pos in ("NOUN", "PROPN")]
    if len(heads) != 1 or colon > 8:
        return []
    # A person (or a post that names one); «Голос Америки: …» labels an interviewer's question.
    return [a for a in actors_at(ctx, tree, heads[0]) if class_of(ctx, a) == "Person"]


OPEN_QUOTES, CLOSE_QUOTES = ("«", "„", "“"), ("»", "”")


def _quote_depths(ctx: DocContext) -> list[int]:
    """How many quotes are open at the start of each sentence."""
    if ctx.quote_depths is None:
        depth, out = 0, []
        for sent in ctx.parsed.sentences:
            out.append(depth)
            for t in sent.tokens:
                depth += (t.text in OPEN_QUOTES) - (t.text in CLOSE_QUOTES and depth > 0)
        ctx.quote_depths = out
    return ctx.quote_depths


def _quote_speaker(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """A quote of several sentences: «Мы требуем… Это наша позиция», — заявил Лавров; or
    Лавров заявил: «… Мы не отступим»."""
    depths, sents = _quote_depths(ctx), ctx.parsed.sentences
    sid, toks = tree.sent.i, tree.sent.tokens
    opens = [k for k in range(i) if toks[k].text in OPEN_QUOTES]
    closes_before = [k for k in range(i) if toks[k].text in CLOSE_QUOTES]
    inside = (depths[sid] > 0 and not closes_before) or (opens and not any(c > opens[-1] for c in closes_before))
    if not inside:
        return []
    # Forward: the sentence where the quote closes, then «— заявил X».
    for s in range(sid + 1, min(len(sents), sid + 4)):
        st = sents[s].tokens
        close = next((k for k, t in enumerate(st) if t.text in CLOSE_QUOTES), None)
        if close is None:
            continue
        later = ctx.tree(s)
        for j in range(close + 1, min(len(st), close + 6)):
            if is_speech(ctx, later, j):
                return subject(ctx, later, j)
        break
    # Backward: the sentence that opened the quote after «X заявил:».
    for s in range(sid, max(-1, sid - 4), -1):
        if depths[s] == 0:
            st = sents[s].tokens
            start = next((k for k, t in enumerate(st) if t.text in OPEN_QUOTES), None)
            if start is None or s == sid:
                return []
            earlier = ctx.tree(s)
            for j in range(start - 1, -1, -1):
                if is_speech(ctx, earlier, j):
                    return subject(ctx, earlier, j)
            return []
    return []


def according_to(ctx: DocContext, tree: Tree) -> list[str]:
    """«По словам X», «по данным X»: X."""
    for t in tree.sent.tokens:
        if t.lemma in ctx.lex.grammar.speech_nouns and tree.prep(t.i) == "по":
            for k in tree.children(t.i, "nmod", "det"):  # «по словам Таяни», «по его словам»
                found = actors_at(ctx, tree, k)
                if found:
                    return found
    return []


SPEAKER_SOURCED = ("demanded", "warned", "rejected", "threatenedSanctions")


def said_so_before(ctx: DocContext, tree: Tree) -> list[Fact]:
    """«Китай призвал США… Об этом заявил представитель МИД КНР Линь Цзянь»: the speaker of the
    next sentence is the source of the acts of their state or body in the sentence before."""
    sid = tree.sent.i
    for t in tree.sent.tokens:
        if t.lemma != "это" or tree.prep(t.i) not in ("о", "об") or t.head < 0:
            continue
        verb = t.head
        if tree.tok(verb).lemma not in ctx.lex.grammar.speech_verbs:
            continue
        people = [a for k in tree.children(verb, "nsubj") for a in actors_at(ctx, tree, k) if class_of(ctx, a) == "Person"]
        out = []
        for person in people[:1]:
            orgs = {f.targets[0] for f in ctx.facts if f.type == "affiliation" and f.agents == (person,) and f.targets}
            sides = {ctx.state_of(person)} | orgs | {ctx.state_of(o) for o in orgs}
            for f in ctx.facts:
                if f.sent == sid - 1 and f.type in SPEAKER_SOURCED and f.agents and f.agents[0] in sides:
                    out.append(replace(f, agents=(person,), rule=f.rule + "+said", sent=sid - 1,
                                       confidence=round(f.confidence - 0.05, 2)))
        return out
    return []

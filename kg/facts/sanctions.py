"""Sanctions: threatened or imposed, by whom and against whom, read from a sanctions noun
(«санкции», «эмбарго», «ограничительные меры», «санкционный список») and the clause around it.
Sanctions said by other words are kg.facts.sanction_acts."""

from __future__ import annotations

from kg.facts.actors import actors_at, subject
from kg.facts.context import DocContext, class_of, uniq
from kg.facts.frames import frames_at, role_arg
from kg.facts.modality import inside_condition, negated, past_like
from kg.facts.speech import according_to, speakers
from kg.lexicon import Frame
from kg.tree import Tree, governor, relative_antecedent

# «санкции против России», «в отношении Москвы» (lemmas, as Tree.prep gives them).
AGAINST_PREPS = ("против", "в_отношение")


def sanctioned(ctx: DocContext, tree: Tree, k: int) -> list[str]:
    """Whom sanctions «против …» hit: the actors named, else the state of «российских банков»."""
    found = actors_at(ctx, tree, k)
    if found:
        return found
    if tree.tok(k).lemma in ctx.lex.grammar.quantity_nouns:
        # «против ряда российских чиновников»: those the quantity counts.
        found = [a for c in tree.children(k, "nmod") if tree.prep(c) is None for a in sanctioned(ctx, tree, c)]
        if found:
            return found
    if tree.tok(k).lemma in ctx.lex.grammar.leader_nouns:
        # «против руководства ХАМАС»: the organisation (or state) whose leaders are hit
        found = [a for c in tree.children(k, "nmod") if tree.prep(c) is None for a in actors_at(ctx, tree, c)
                 if class_of(ctx, a) != "Person"]
        if found:
            return found
    states = [ctx.gaz.adjectives.get(tree.tok(a).lemma) for a in tree.children(k, "amod")]
    found = [ctx.known(st) for st in states if st and st in ctx.gaz.entries][:1]
    # «против 50 физических и юридических лиц из России»: those hit come from a state.
    # (Read as places of origin, so by their mentions rather than as actors.)
    # (The parser may hang «из России» on the sanctions noun after «лиц»: a sibling right after it.)
    head = tree.tok(k).head
    froms = [*tree.children(k, "nmod"), *(c for c in (tree.children(head, "nmod") if head >= 0 else []) if c > k)]
    origins = [j for c in froms if tree.prep(c) == "из" for j in [c, *tree.children(c, "conj")]]
    return found or [m.entity for j in origins if (m := ctx.dm.at(tree.sent.i, j)) and class_of(ctx, m.entity) == "State"]


# Verbs that bring sanctions in: in the future tense they make a threat of named sanctions.
LATER_VERBS = {"ввести", "вводить", "наложить", "накладывать", "применить", "применять", "принять",
               "пригрозить", "грозить", "угрожать", "расширить", "ужесточить"}


def trade_partners(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """«эмбарго на поставки оружия в Ливию», «запрет на ввоз продуктов из США»: the actors the
    banned trade comes from or goes to."""
    sid = tree.sent.i
    ends = [j for k in tree.children(i, "nmod", "obl") if tree.prep(k) == "на" and tree.tok(k).lemma in
            ctx.lex.grammar.trade_nouns for c in tree.children(k, "nmod", "obl") if tree.prep(c) in ("в", "во", "из")
            for j in [c, *tree.children(c, "conj")]]
    out: list[str] = []
    for j in ends:  # read as places, so by their mentions: a state, or the bloc of «стран Евросоюза»
        m = ctx.dm.at(sid, j)
        sides = m is not None and class_of(ctx, m.entity) in ("State", "InternationalOrganization", "Bloc")
        out += [m.entity] if m is not None and sides else actors_at(ctx, tree, j, conj=False)
    if not out:  # «эмбарго на импорт сирийской нефти»: the state whose goods are traded
        goods = [c for k in tree.children(i, "nmod", "obl") if tree.prep(k) == "на" and tree.tok(k).lemma in
                 ctx.lex.grammar.trade_nouns for c in tree.children(k, "nmod") if tree.prep(c) is None]
        out = [m.entity for c in goods for a in tree.children(c, "amod") if (m := ctx.dm.at(sid, a)) is not None
               and m.kind == "adjective" and class_of(ctx, m.entity) == "State"]
    return uniq(out)


def sanctions(
    ctx: DocContext, tree: Tree, i: int, frame: Frame, future: bool, cond: set[int] | None
) -> tuple[str | None, list[str], list[str]]:
    """Threatened or imposed, by whom, against whom.

    The noun's own dependents name existing sanctions («санкции Запада против России»,
    «наложенное Вашингтоном эмбарго», «антироссийские санкции ЕС») whatever the clause
    around them does («Сербия не поддержала санкции Запада»); otherwise the governing verb
    decides: «введут санкции» threatened, «ввели санкции» imposed, «пригрозил санкциями»
    threatened; the clause's subject or speaker is the source.
    """
    g = ctx.lex.grammar
    sid = tree.sent.i
    own_agents = role_arg(ctx, tree, i, "gen", frame) + role_arg(ctx, tree, i, "adj", frame)
    clauses = imposing_clauses(ctx, tree, i)
    for k in clauses:
        own_agents += clause_agents(ctx, tree, k)
    participle = clauses[0] if clauses else None
    # «санкции против России», «ограничения, введённые Канадой против Ирана».
    targets = [a for h in [i, *clauses]
               for k in tree.children(h, "nmod", "obl") if tree.prep(k) in AGAINST_PREPS
               for a in sanctioned(ctx, tree, k)]
    targets += trade_partners(ctx, tree, i)
    for k in tree.children(i, "amod"):
        lemma = tree.tok(k).lemma
        if lemma.startswith("анти") and lemma[4:] in ctx.gaz.adjectives:
            targets.append(ctx.known(ctx.gaz.adjectives[lemma[4:]]))
    own_agents += _source_adjectives(ctx, tree, i)
    own_agents = [a for a in uniq(own_agents) if a not in targets]
    gov = governor(tree, i)
    gov_lemma = tree.tok(gov).lemma if gov is not None else ""
    # «не исключил санкций», «не исключил, что ЕС введёт санкции»: a possibility announced, so a threat.
    possible = gov is not None and any(tree.tok(h).lemma in g.possibility_verbs and negated(ctx, tree, h)
                                       for h in [gov, *list(tree.ancestors(gov))[:2]])
    mutual = any(tree.tok(k).lemma in g.mutual_words for k in tree.children(i, "amod"))
    if own_agents and mutual:
        return "imposedSanctions", own_agents, own_agents  # «взаимные санкции России и Запада»: each on the other
    if own_agents and (participle is not None or targets or tree.tok(i).lemma in NAMED_SANCTIONS):
        # Named sanctions exist, unless the clause is about bringing them in later.
        # «Сербия может попасть под санкции ЕС», «Анкара рискует попасть под санкции США»: falling
        # under them later, or at a risk of it, is a threat.
        falls = gov_lemma in g.fall_under_verbs and tree.prep(i) == "под"
        at_risk = falls and any(tree.tok(h).lemma in g.risk_words for h in list(tree.ancestors(gov))[:2])
        later = (future and (gov_lemma in LATER_VERBS or falls)) or possible or at_risk
        # «Россия поддержала санкции ООН»: whoever acts on the sanctions is no target of them.
        acted_on = tree.tok(i).rel == "obj" or gov_lemma in g.join_verbs
        if not targets and gov is not None and gov_lemma in g.impose_verbs:
            # «Против России ввели санкции США и Канада»: the imposing verb names whom they hit.
            targets = [a for k in tree.children(gov, "obl") if tree.prep(k) in AGAINST_PREPS
                       for a in sanctioned(ctx, tree, k) if a not in own_agents]
        if not targets:
            targets = [a for a in _violators(ctx, tree, i) if a not in own_agents]
        if not targets and gov is not None and not acted_on:
            # «Куба была отрезана … в результате наложенного Вашингтоном эмбарго»: who suffers it.
            targets = [a for a in subject(ctx, tree, gov, linear=False) if a not in own_agents
                       and (participle is not None or class_of(ctx, a) == "State")]
        if not targets and not acted_on:
            # «под влиянием западных санкций российская экономика…»: the state the clause names.
            targets = _clause_states(ctx, tree, gov if gov is not None else i, own_agents)
        if not targets:
            targets = [a for a in _previous_targets(ctx, sid) if a not in own_agents]
        refused = {tree.tok(h).lemma for h in list(tree.ancestors(gov))[:2]} & g.cancel_verbs
        if gov_lemma in g.join_verbs and past_like(tree, gov) and not negated(ctx, tree, gov) and not refused:
            own_agents += subject(ctx, tree, gov)  # «Черногория присоединилась к санкциям ЕС»
        return ("threatenedSanctions" if later else "imposedSanctions"), uniq(own_agents), uniq(targets)
    if gov is None or (negated(ctx, tree, gov) and not possible) or inside_condition(ctx, tree, i):
        return None, [], []  # «если будут введены санкции» is the condition of another act
    if gov_lemma in g.fall_under_verbs and tree.prep(i) in ("под", "в"):
        return _fallen_under(ctx, tree, gov, future)
    chain = [gov, *list(tree.ancestors(gov))[:2]]
    lemmas = {tree.tok(h).lemma for h in chain}
    # «придётся ввести санкции»: a necessity is not yet done.
    future = future or bool(lemmas & g.necessity_words)
    # «призвал наказать Иран санкциями»: sanctions called for (of no one named) are threatened.
    # (frames_at: a frame's own conditions hold — «направить» calls only with «требование»)
    called_for = any(f.type == "demanded" and f.pos == "VERB" for h in chain for f in frames_at(ctx, tree, tree.tok(h)))
    # «требование ЕС ввести санкции против России»: sanctions a demand noun calls for are its author's threat.
    callers = [a for h in chain for f in frames_at(ctx, tree, tree.tok(h)) if f.type == "demanded" and f.nominal
               for spec in f.agent for a in role_arg(ctx, tree, h, spec, f)]
    called_for = called_for or bool(callers)
    if lemmas & (g.lift_verbs | g.cancel_verbs) and not possible:
        return None, [], []  # «отказалась присоединиться к санкциям», «отложили введение санкций»
    # «санкции будут масштабными», «санкции могут быть введены», «санкции придётся ввести»:
    # sanctions as the subject of a predicate adjective, a modal or an imposing verb; not «меры
    # направлены против …», which describes sanctions already named.
    as_subject = tree.tok(i).rel.startswith("nsubj") and tree.tok(i).head == gov and (
        tree.tok(gov).pos == "ADJ" or gov_lemma in g.future_words | g.necessity_words | LATER_VERBS
        or future  # «новые санкции затронут энергетику»: sanctions still to come
        or any(tree.tok(k).lemma in g.impose_verbs for k in tree.children(gov, "xcomp")))
    # «готовит пакет санкций», «о готовности ввести санкции», «высказалась за введение санкций»
    # «работа над пакетом санкций», «приступил к подготовке санкций»: the way up from the noun counts too.
    ups = list(tree.ancestors(i))
    path = ups[:ups.index(gov)] if gov in ups else []
    worked_on = any(tree.prep(k) == "над" for k in [i, *path])
    prepared = worked_on or bool((lemmas | {tree.tok(k).lemma for k in path}) & g.preparing_words) or gov_lemma in g.advocacy_verbs and any(
        tree.prep(x) == "за" for x in [i, *list(tree.ancestors(i))[:1]])
    # «Москва ответит санкциями (на решение Сеула)»: sanctions as the means of a response bring them in.
    responds = gov_lemma in g.response_verbs and tree.tok(i).feat("Case") == "Ins" and tree.prep(i) is None
    if possible or called_for or prepared or lemmas & {"пригрозить", "грозить", "угрожать", "пообещать", "обещать"}:
        kind = "threatenedSanctions"
    elif gov_lemma in g.impose_verbs or as_subject or responds:
        if future:
            kind = "threatenedSanctions"  # «введут санкции», «санкции будут введены / масштабными»
        elif (gov_lemma in g.impose_verbs or responds) and past_like(tree, gov):
            kind = "imposedSanctions"
        else:
            return None, [], []
    else:
        return None, [], []
    if kind == "imposedSanctions" or (prepared and not called_for):
        # «Минск ввёл ограничения против Литвы, сообщил министр», «ЕС готовит санкции, сообщил
        # Боррель»: who imposes or prepares them, not who reports it.
        # («ввели санкции Канада и Япония»: a nominative the parser hung on the noun is the subject.)
        after = [a for k in tree.children(i, "nmod") if tree.tok(k).feat("Case") == "Nom" and tree.prep(k) is None
                 for a in actors_at(ctx, tree, k)]
        agents = (subject(ctx, tree, gov, linear=False) or after or speakers(ctx, tree, i) or own_agents
                  or according_to(ctx, tree))
    else:
        agents = callers or speakers(ctx, tree, i) or subject(ctx, tree, gov) or own_agents or according_to(ctx, tree)
    if not targets:
        targets = [a for k in tree.children(gov, "obl", "nmod")
                   if tree.prep(k) in AGAINST_PREPS for a in sanctioned(ctx, tree, k)]
    if not targets and gov_lemma in g.response_verbs:
        # «ответить санкциями на решение Сеула»: the response is aimed at what is answered, or its author.
        # (The parser may hang «на …» on the sanctions noun.)
        answered = [k for k in tree.children(gov, "obl") + tree.children(i, "nmod") if tree.prep(k) == "на"]
        targets = [a for k in answered for a in actors_at(ctx, tree, k) or [
            b for c in tree.children(k, "nmod") if tree.prep(c) is None for b in actors_at(ctx, tree, c)]]
    if not targets and tree.tok(i).rel != "obj":
        # «наказать Иран санкциями», «включил американские компании в список»: with the sanctions as
        # the means or the place, the verb's object is hit.
        targets = [a for k in tree.children(gov, "obj") for a in sanctioned(ctx, tree, k)]
    if not targets:
        targets = _implicit_sanction_target(ctx, tree, i, cond) or _adjacent_target(ctx, agents, sid) or [
            a for a in _previous_targets(ctx, sid) if a not in agents]  # «К санкциям присоединились …»
    return kind, agents, uniq(targets)


def _violators(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """«обвинили Иран в нарушении режима санкций», «Дамаск обходит санкции ЕС»: who breaks or
    evades the sanctions is hit by them — the subject of the breaking verb, or the one accused."""
    g = ctx.lex.grammar
    ups = list(tree.ancestors(i))[:4]
    v = next((k for k in ups if tree.tok(k).lemma in g.violation_words), None)
    if v is None:
        return []
    if tree.tok(v).pos in ("VERB", "AUX"):
        return subject(ctx, tree, v)
    verb = next((k for k in tree.ancestors(v) if tree.tok(k).pos in ("VERB", "AUX")), None)
    if verb is None or tree.tok(verb).lemma not in g.accusation_verbs:
        return []
    return [a for k in tree.children(verb, "obj") for a in actors_at(ctx, tree, k)]


def _fallen_under(ctx: DocContext, tree: Tree, gov: int, future: bool) -> tuple[str | None, list[str], list[str]]:
    """«Под санкции попали 12 российских банков»: who fell under sanctions of no one named are the
    targets of the sanctions reported in this or the last two sentences (with a target or not yet)."""
    sid = tree.sent.i
    recent = [f for f in ctx.facts + ctx.sentence_out + ctx.untargeted
              if f.type in ("imposedSanctions", "threatenedSanctions") and f.agents and 0 <= sid - f.sent <= 2]
    if not recent:
        return None, [], []
    last = max(recent, key=lambda f: f.sent)
    targets = [a for k in tree.children(gov, "nsubj") for a in sanctioned(ctx, tree, k)]
    return ("threatenedSanctions" if future else last.type), list(last.agents), uniq(targets)


def imposing_clauses(ctx: DocContext, tree: Tree, i: int) -> list[int]:
    """The verbs of clauses that say who brought in the sanctions at i: a participle
    («ограничения, введённые Канадой») or a relative clause («санкции, которые Вильнюс ввёл»,
    found through «который» by word order, as the parser often hangs it on the main verb)."""
    g = ctx.lex.grammar
    tok = tree.tok(i)
    # «режима санкций, введённых Советом»: the parser may hang the participle on the noun the
    # sanctions depend on; its number says whose it is.
    up = tok.head if tok.rel == "nmod" and tok.head >= 0 and tree.tok(tok.head).feat("Number") != tok.feat("Number") else None
    out = [k for h in [i, *([up] if up is not None else [])] for k in tree.children(h, "acl", "amod")
           if tree.tok(k).lemma in g.impose_verbs and tree.tok(k).feat("VerbForm") == "Part"
           and (h == i or tree.tok(k).feat("Number") == tok.feat("Number"))]
    for t in tree.sent.tokens:
        if t.lemma == "который" and t.rel in ("obj", "nsubj:pass") and t.head >= 0 and i in _before_relative(tree, t.i):
            v = tree.tok(t.head)
            if v.lemma in g.impose_verbs and v.pos == "VERB" and not negated(ctx, tree, v.i):
                out.append(v.i)
    return out


def _before_relative(tree: Tree, r: int) -> set[int]:
    """The phrase a «, который» at r may refer to: the antecedent and the nouns on the way to it
    («ответ на санкции, которые …» — the sanctions or the answer)."""
    h = relative_antecedent(tree, r)
    if h < 0:
        return set()
    out = {h}
    j = r - 1
    while j > h and tree.tok(j).pos in ("ADP", "PUNCT"):
        j -= 1
    for _ in range(6):  # bounded: parses may hold cycles
        if j <= h:
            break
        out.add(j)
        j = tree.tok(j).head
    return out


def clause_agents(ctx: DocContext, tree: Tree, k: int) -> list[str]:
    """Who brings the sanctions in, in such a clause: the instrumental agent of a passive or
    participle («введённые Канадой»), the subject of an active relative clause («которые Вильнюс ввёл»)."""
    out = [a for c in tree.children(k, "obl", "obl:agent", "nmod") if tree.tok(c).feat("Case") == "Ins" and tree.prep(c) is None
           for a in actors_at(ctx, tree, c)]
    if tree.tok(k).feat("VerbForm") != "Part":
        out += [a for c in tree.children(k, "nsubj") for a in actors_at(ctx, tree, c)]
    return out


# Nouns that are sanctions by themselves; «меры», «ограничения» need a target to be sanctions.
NAMED_SANCTIONS = ("санкция", "эмбарго")


def _source_adjectives(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """«западные санкции», «европейские санкции»: adjectives that name a bloc only as a source."""
    table = ctx.lex.source_adjectives or {}
    keys = [table.get(tree.tok(k).lemma.replace("ё", "е")) for k in tree.children(i, "amod")]
    return [ctx.known(k) for k in keys if k and k in ctx.gaz.entries]


def _clause_states(ctx: DocContext, tree: Tree, head: int, agents: list[str]) -> list[str]:
    """States named in the clause around sanctions, other than their sources («российская
    экономика», «на экономике России»)."""
    sid = tree.sent.i
    out = []
    for k in sorted(tree.subtree(head)):
        m = ctx.dm.at(sid, k)
        if m is not None and m.first == k and not m.as_place and class_of(ctx, m.entity) == "State" \
                and m.entity not in agents and m.entity not in {ctx.state_of(a) for a in agents}:
            out.append(m.entity)
    return uniq(out)[:1]


def _previous_targets(ctx: DocContext, sid: int) -> list[str]:
    """The targets of the sanctions named in the previous sentence."""
    if ctx.last_sanctions is not None and sid - ctx.last_sanctions[0] == 1:
        return list(ctx.last_sanctions[1])
    return []


def _adjacent_target(ctx: DocContext, agents: list[str], sid: int) -> list[str]:
    """The target a fact of the same source had in this or the previous sentence."""
    states = {ctx.state_of(a) for a in agents} | set(agents)
    for f in reversed(ctx.facts + ctx.sentence_out):
        if sid - f.sent > 1:
            break
        if f.targets and f.type in ("warned", "demanded", "threatenedSanctions", "imposedSanctions") and (
            set(f.agents) & states or {ctx.state_of(a) for a in f.agents} & states
        ):
            return list(f.targets)
    return []


def _implicit_sanction_target(ctx: DocContext, tree: Tree, i: int, cond: set[int] | None) -> list[str]:
    if cond:
        for k in sorted(cond):
            if tree.tok(k).rel.startswith("nsubj"):
                found = actors_at(ctx, tree, k)
                if found:
                    return found
    against = [t.i for t in tree.sent.tokens if tree.prep(t.i) in AGAINST_PREPS]
    for k in against:
        found = sanctioned(ctx, tree, k)  # («против … российских лиц» hung elsewhere by the parser)
        if found:
            return found
    if against:
        # «санкций против 2000 лиц из России»: the parser may hang the origin on the sanctions noun.
        return [m.entity for c in tree.children(i, "nmod") if tree.prep(c) == "из"
                and (m := ctx.dm.at(tree.sent.i, c)) and class_of(ctx, m.entity) == "State"]
    return []

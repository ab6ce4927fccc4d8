"""Talks: held or scheduled, their participants (one side each, forums, «Совет Россия-НАТО»),
their place (visits, «где»), and date."""

from __future__ import annotations

from dataclasses import replace

from kg.facts.actors import actors_at, subject
from kg.facts.context import DocContext, class_of, public_actor, talks_noun, uniq
from kg.facts.frames import PROPOSAL_WORDS, frames_at, role_arg
from kg.facts.modality import called_off, future_tense, irrealis, purpose
from kg.facts.talk_sides import (
    is_envoy,
    members_club,
    members_meet,
    one_per_partner,
    one_side_each,
    relative_subject,
    sending_states,
    split_pairs,
)
from kg.facts.where_when import event_place, fact_dates, location
from kg.lexicon import Frame
from kg.mentions.adjectives import compound_states
from kg.records import Fact, Token
from kg.tree import Tree, governor

FRAME_GEN = Frame("visit", "talks", "NOUN", frozenset(), ("gen",), ())


FORUM_PREPS = {"в", "по_линия", "в_рамка", "на"}
FORUM_NOUNS = {"линия", "рамка", "эгида"}
AGENTIVE_GOVERNORS = {"провести", "проводить", "вести", "иметь", "начать", "продолжить", "продолжать",
                      "возобновить", "возобновлять", "устроить", "организовать", "завершить", "закончить"}


# Talks nouns as the circumstance or channel of another act: «в ходе встречи», «по видеосвязи».
# «к переговорам», «за диалог»: talks as a goal (unless joined: «приступили к переговорам»).
GOAL_PREPS = {"к", "за"}
ADVERBIAL_PREPS = {"в", "во", "в_ход", "в_время", "во_время", "на", "по", "после"}


def talks_triggers(ctx: DocContext, tree: Tree) -> set[int]:
    """Talks words of a sentence («провели» counts through its noun, not on its own)."""
    return {t.i for t in tree.sent.tokens if t.lemma not in AGENTIVE_GOVERNORS
            and any(f.type == "talks" for f in frames_at(ctx, tree, t))}


def talks(ctx: DocContext, tree: Tree, t: Token, frame: Frame, future: bool) -> list[Fact]:
    if t.pos in ("VERB", "AUX") and t.lemma in ("провести", "проводить", "вести"):
        return []  # these count through their object noun («провели переговоры»)
    # («в ходе визита встретится с …»: a circumstance is not what the verb plans.)
    # («перед встречей с Путиным позвонил Зеленскому»: talks the call comes before are other talks.)
    nouns = [k for k in tree.children(t.i, "obl", "obj") if not _circumstance(tree, k) and not _ahead(ctx, tree, k)] + [
        j for x in tree.children(t.i, "xcomp") for j in tree.children(x, "obj")]
    if t.pos in ("VERB", "AUX") and any(talks_noun(ctx, tree.tok(k).lemma) for k in nouns):
        return []  # «договорились о встрече / провести консультации»: the noun is the talks
    if _inside_purpose_of_talks(ctx, tree, t) or _not_happening(ctx, tree, t.i):
        return []
    if t.feat("VerbForm") == "Conv" and t.head >= 0 and (talks_frame(ctx, tree, tree.tok(t.head)) or any(
            talks_frame(ctx, tree, tree.tok(k)) for k in tree.children(t.head, "obj"))):
        return []  # «провёл разговор с Токаевым, обсудив подготовку…»: what the talks covered, not new talks
    sid = tree.sent.i
    specs = [s for s in frame.agent + frame.target if s != "subject"]
    parts: list[str] = []
    partners: list[str] = []  # «с X, Y и Z», «позвонил X»: the other side; the subject is the host
    for spec in specs:
        found = role_arg(ctx, tree, t.i, spec, frame)
        parts += found
        if spec in ("obl:с", "dat", "obj"):
            partners += found
    if frame.nominal and tree.tok(t.i).head >= 0 and tree.tok(tree.tok(t.i).head).lemma in ("рамка", "полях", "поле"):
        up = tree.tok(tree.tok(t.i).head).head
        if up >= 0 and any(f.type == "talks" for f in frames_at(ctx, tree, tree.tok(up))):
            return []  # «встретятся в рамках саммита ШОС»: the summit is the forum of that meeting
    if frame.nominal and not partners:
        # «визит, в ходе которого проведёт переговоры с президентом Макроном»: natasha may hang the
        # «с» phrase that follows the talks noun on a noun before it; by word order it is the noun's.
        nxt = max(tree.subtree(t.i)) + 1
        mark = tree.tok(nxt) if nxt < len(tree.sent.tokens) else None
        k = mark.head if mark is not None and mark.lemma in ("с", "со") and mark.rel == "case" else -1
        found = actors_at(ctx, tree, k) if k > nxt and tree.tok(k).feat("Case") == "Ins" else []
        parts += found
        partners += found
    # «переговоры прошли при участии Шольца и Макрона», «с участием», «при посредничестве»: who took part.
    verb = governor(tree, t.i) if frame.nominal else t.i
    for k in tree.children(t.i, "obl", "nmod") + (tree.children(verb, "obl") if verb is not None and verb != t.i else []):
        if tree.tok(k).lemma in ctx.lex.grammar.taking_part_nouns and tree.prep(k) in ("при", "с"):
            parts += [a for c in tree.children(k, "nmod") if tree.prep(c) is None for a in actors_at(ctx, tree, c)]
    for k in tree.children(t.i, "obl", "obj", "nmod"):
        if tree.tok(k).lemma in frame.with_:
            # «обменялся мнениями с Ван И»: the partner hangs on the idiom's noun.
            for c in tree.children(k, "nmod"):
                if tree.prep(c) in ("с", "между"):
                    found = actors_at(ctx, tree, c)
                    parts += found
                    partners += found if tree.prep(c) == "с" else []
    # «принял послов Германии и Франции», «встретился с послом США»: an envoy nobody names stands
    # for the state that sent them (grammar envoy_nouns, as in «вызвал посла»).
    # («ведёт переговоры с посредниками»: the «с» phrase may hang on the noun's verb.)
    g_verb = governor(tree, t.i) if frame.nominal else None
    beside = tree.children(g_verb, "obl") if g_verb is not None and tree.tok(g_verb).lemma in AGENTIVE_GOVERNORS else []
    envoys = [k for k in tree.children(t.i, "obj", "obl", "nmod") + beside
              if (tree.tok(k).rel == "obj" and k not in beside or tree.prep(k) == "с"
                  or frame.nominal and tree.tok(k).rel == "nmod" and tree.prep(k) is None)  # «консультации посла Китая»
              and is_envoy(ctx, tree, k)]
    if frame.needs_person_object and not any(class_of(ctx, p) == "Person" for p in parts) and not envoys:
        return []  # «принял закон», «принял участие»: no visitor received
    sent_by = [a for k in envoys for a in sending_states(ctx, tree, k)]
    parts += [a for a in sent_by if a not in parts]
    partners += [a for a in sent_by if a not in partners]
    if frame.nominal:  # «российско-китайские переговоры»: the states the compound adjective names
        parts += [ctx.known(st) for k in tree.children(t.i, "amod") if "-" in tree.tok(k).lemma
                  for st in compound_states(tree.tok(k).lemma, ctx.gaz, ctx.lex.combining or {})]
    auspices: list[str] = []  # «под эгидой ООН»: the organisation that convenes the talks
    if frame.nominal:
        # «переговоры по линии НАТО», «в рамках ОБСЕ», «дискуссии в ОБСЕ»: the forum takes part.
        gov = governor(tree, t.i)
        forum_heads = tree.children(t.i, "nmod", "obl") + (
            [k for k in tree.children(gov, "obl") if tree.tok(k).lemma in FORUM_NOUNS] if gov is not None else [])
        # «переговоры, которые проходят под эгидой X»: the forum named in the talks' own clause.
        forum_heads += [k for c in tree.children(t.i, "acl") for k in tree.children(c, "obl")
                        if tree.tok(k).lemma in FORUM_NOUNS]
        for k in forum_heads:
            prep = tree.prep(k)
            if prep in FORUM_PREPS or tree.tok(k).lemma in FORUM_NOUNS:
                heads = [k, *tree.children(k, "nmod")]
                for h in heads:
                    m = ctx.dm.at(sid, h)
                    if m and class_of(ctx, m.entity) in ("InternationalOrganization",) and not m.as_place or (
                        m and class_of(ctx, m.entity) == "InternationalOrganization"):
                        parts.append(m.entity)
                        if tree.tok(k).lemma == "эгида":
                            auspices.append(m.entity)
    # «саммит G8» names its own organisation, even one we cannot resolve: nobody else's meeting.
    named = frame.nominal and not parts and any(
        tree.tok(k).pos in ("PROPN", "NUM", "X") and tree.prep(k) is None
        for k in tree.children(t.i, "appos", "nmod", "flat"))
    # («во время форума Турция и Египет поднимут вопрос»: a forum's participants are its own.)
    gov0 = governor(tree, t.i) if frame.nominal and not named and t.lemma not in ctx.lex.grammar.event_nouns else None
    if gov0 is not None and tree.tok(t.i).rel == "obl" and tree.prep(t.i) in ADVERBIAL_PREPS:
        # «Путин в телефонном разговоре поздравил Диас-Канеля»: the act's two sides talked.
        parts += subject(ctx, tree, gov0, linear=False)
        parts += [a for k in tree.children(gov0, "obj") for a in actors_at(ctx, tree, k)]
        # «Байден сказал Путину в ходе видеоконференции»: the one spoken to as well
        parts += [a for k in tree.children(gov0, "iobj", "obl") if tree.prep(k) is None
                  and tree.tok(k).feat("Case") == "Dat" for a in actors_at(ctx, tree, k)]
    if gov0 is not None and tree.tok(t.i).rel.startswith("nsubj"):
        # «У Путина запланирован разговор с Эрдоганом», «у министров состоялась встреча»: whose talks.
        # («у» reads as a place preposition, so by the mention: a person is nobody's place.)
        parts += [m.entity for k in tree.children(gov0, "obl") if tree.prep(k) == "у"
                  and (m := ctx.dm.at(sid, k)) and class_of(ctx, m.entity) in ("Person", "State")]
    parts = one_side_each(ctx, parts)
    hosted = bool(partners) and not set(parts) - set(partners)  # only partners named, no own side yet
    host: list[str] = []
    rel: list[str] = []
    if (len(uniq(parts)) < 2 or hosted) and "subject" in frame.agent and (
            t.lemma not in ctx.lex.grammar.event_nouns or not parts and _held_event(tree, t.i)):
        g0 = governor(tree, t.i) if frame.nominal else t.i
        # «обсудили по видеосвязи»: an adverbial talks noun talks through its verb's subject.
        linear = not frame.nominal or (g0 is not None and (tree.tok(g0).lemma in AGENTIVE_GOVERNORS
                                                           or tree.tok(t.i).rel == "obl"))
        # «встречу комментировали X и Y», «подготовкой встречи занимались X и Y»: who talks about
        # a meeting or prepares it did not hold it; the verb must hold or plan the talks, or the
        # talks be its circumstance («на встрече заявили»).
        about = frame.nominal and g0 is not None and not hosted and not _held_by_verb(ctx, tree, t.i, g0)
        subj = subject(ctx, tree, g0, linear=linear) if g0 is not None and not about else []
        rel = relative_subject(ctx, tree, t.i) if frame.nominal and not about else []
        subj = rel or subj
        if not subj and g0 is not None and not about:
            # «Российские и турецкие военные провели переговоры»: envoys nobody names, as the
            # subject, stand for the states that sent them (as envoys met do).
            subj = [a for k in tree.children(g0, "nsubj") if is_envoy(ctx, tree, k) for a in sending_states(ctx, tree, k)]
        host = [a for a in subj if a not in partners]
        parts = subj + parts
    if not parts and t.lemma in ctx.lex.grammar.one_party_words and frame.nominal and not named:
        # «Во второй день саммита страны — члены альянса договорились…»: the organisation meets.
        g1 = governor(tree, t.i)
        parts = [a for a in (subject(ctx, tree, g1, linear=False) if g1 is not None else [])
                 if class_of(ctx, a) in ("InternationalOrganization", "Bloc")][:1]
    parts = one_side_each(ctx, split_pairs(ctx, uniq(parts)))
    recent = [f for f in reversed(ctx.facts + ctx.sentence_out) if f.type in ("heldTalks", "scheduledTalks")
              and sid - f.sent <= 3]
    # «В саммите примет участие Швеция» after a summit and then a meeting: the talks of the same word
    same = [f for f in recent if any(x.lemma == t.lemma for x in ctx.tree(f.sent).sent.tokens)]
    prev = (same or recent or [None])[0]
    joined = [p for p in parts if prev is not None and p not in prev.participants]
    if joined and frame.nominal and not named and host and not partners and _joins(ctx, tree, t.i):
        _widen(ctx, prev, joined)  # «В переговорах принял участие также X»: X sat at the table just reported
        return []
    anaphoric = False
    if len(parts) < 2 and frame.nominal and not named:
        # «встреча сторон», «переговоры по линии НАТО»: the parties of the talks just mentioned.
        if prev is not None and (not parts or any(class_of(ctx, p) == "InternationalOrganization" for p in parts)):
            states = [p for p in prev.participants if class_of(ctx, p) == "State"]
            if not parts:
                parts = list(prev.participants)
                anaphoric = True  # the talks just reported, whatever the clause around them says
            elif states:
                parts = [states[0], *parts]
        parts = uniq(parts)
    if len(parts) == 1 and parts == uniq(partners) and frame.nominal:
        parts = _visitor(ctx, sid, parts[0]) + parts
    members = members_meet(ctx, tree, t.i, frame)
    # Talks an organisation convenes have it as their one party when no one else is named.
    one_party = t.lemma in ctx.lex.grammar.one_party_words or members or parts == auspices[:1]
    club, inner = members_club(ctx, tree, t.i, frame) if one_party else (None, set())
    if club and (members or len(parts) == 1 and class_of(ctx, parts[0]) not in ("InternationalOrganization", "Bloc")):
        # «встреча глав МИД G7»: the organisation named deeper in the members' phrase meets; the
        # ministry inside that phrase only says which members, it is no side of its own.
        parts = uniq([club, *(p for p in parts if p not in inner)])
    if not parts or (len(parts) == 1 and (not one_party or class_of(ctx, parts[0]) not in (
            "InternationalOrganization", "Bloc"))):
        return []
    g = ctx.lex.grammar
    gov = governor(tree, t.i)
    if rel:  # the relative clause's own verb, the first finite one after the noun, gives the tense
        gov = next((k for k in range(t.i + 1, len(tree.sent.tokens)) if tree.tok(k).pos in ("VERB", "AUX")
                    and tree.tok(k).feat("VerbForm") == "Fin" and tree.tok(k).rel != "parataxis"), gov)
    if frame.nominal and tree.prep(t.i) in GOAL_PREPS and (gov is None or tree.tok(gov).lemma not in g.joining_verbs):
        return []  # «призвал к диалогу», «выступает за переговоры»: talks as a goal, not an event
    left = tree.tok(t.i).rel == "obl" and tree.prep(t.i) == "из"  # «исключили X из переговоров»: they go on
    if irrealis(tree, t.i, g.irrealis_heads, g.plan_verbs, g.request_verbs) or (called_off(tree, t.i, g) and not left):
        return []
    # Plans name talks as their complement: «договорились о встрече», «обсудили проведение
    # переговоров» — not «в день саммита договорились начать вывод войск».
    chain = list(tree.ancestors(t.i))[:1]
    if chain and (tree.tok(chain[0]).lemma in g.talks_nominals
                  or tree.tok(chain[0]).lemma in AGENTIVE_GOVERNORS and tree.tok(chain[0]).feat("VerbForm") == "Inf"):
        chain += list(tree.ancestors(chain[0]))[:1]  # «договорились провести консультации»
    gov_lemmas = {tree.tok(h).lemma for h in chain}
    adjs = {tree.tok(k).lemma for k in tree.children(t.i, "amod")}
    adverbial = _circumstance(tree, t.i)
    # «договорились о встрече» plans talks; «в ходе визита договорился» reports them.
    if adverbial and gov is not None:
        planned = tree.tok(gov).feat("Tense") == "Fut" or bool(adjs & g.future_adjectives)
    else:
        planned = bool(gov_lemmas & g.plan_verbs) or future_tense(tree, t.i) or bool(adjs & g.future_adjectives)
        # «прилетел в Пекин, чтобы встретиться с …»: the purpose of a trip, talks still ahead.
        planned = planned or purpose(tree, gov if frame.nominal and gov is not None else t.i, g)
        # «которые сегодня встречаются», «завтра встречаются»: the present of a plan for the day
        base = gov if frame.nominal and gov is not None else t.i
        planned = planned or (tree.tok(base).feat("Tense") == "Pres" and any(
            tree.tok(k).lemma in ("сегодня", "завтра") for k in tree.children(base)))
    # «прибыл за два дня до саммита», «перед встречей с Путиным позвонил»: talks the reported act
    # comes before are still ahead of it.
    planned = planned or frame.nominal and _ahead(ctx, tree, t.i)
    # «Предыдущий раунд прошёл в Нью-Дели»: a verb of its own in the past tells an earlier round.
    own_past = gov is not None and tree.tok(gov).lemma in g.held_verbs and tree.tok(gov).feat("Tense") == "Past"
    # «Следующая встреча пройдёт в Нью-Йорке»: a next round, or one its own verb puts ahead, is ahead.
    own_future = bool(adjs & g.future_adjectives) or gov is not None and tree.tok(gov).lemma in g.held_verbs \
        and future_tense(tree, t.i)
    if prev is not None and (anaphoric and not own_past and not own_future
                             or (frame.nominal and gov is None and prev.sent == sid)):
        planned = prev.type == "scheduledTalks"  # «этих переговоров», «а 13 января — переговоры в Вене»
    elif not planned and frame.nominal and gov is None:
        return []
    others = talks_triggers(ctx, tree) - {t.i}
    base = gov if frame.nominal and gov is not None else t.i
    if not planned and tree.tok(base).feat("Tense") == "Pres" and ctx.date is not None:
        # «Эрдоган принимает Путина 15 мая»: the present of a dated plan, when the date is ahead.
        ahead = fact_dates(ctx, tree, t.i, True, others)[0]
        planned = bool(ahead) and len(ahead) == 10 and ahead > ctx.date.isoformat()
    start, end = fact_dates(ctx, tree, t.i, planned, others)
    if not planned and start and len(start) >= 7 and ctx.date is not None and start > ctx.date.isoformat()[:len(start)]:
        # «пообещал встретиться в следующем месяце»: a date ahead of the report is a plan.
        planned = True
    ftype = "scheduledTalks" if planned else "heldTalks"
    place = location(ctx, tree, t.i, others)
    if place is None:
        # The destination of a visit counts for talks held during it (same sentence if planned,
        # unless «там» points back to it: «прибыл в Вашингтон. Там он встретится…»).
        there = any(tree.tok(k).lemma == "там" for k in tree.children(base, "advmod"))
        window = 0 if planned and not there else 3
        visited = [ctx.visits[p] for p in parts if p in ctx.visits and sid - ctx.visits[p][1] <= max(
                   window, 1 if planned and _arrived(ctx, ctx.visits[p]) else 0)
                   and (ctx.visits[p][1] < sid or ctx.visits[p][2] < t.i)]
        place = visited[-1][0] if visited else None
    if place is None:
        place = _where_clause_place(ctx, tree, t.i) or event_place(ctx, tree, t.i)
    parts = [p for p in parts if p != place]
    if len(parts) == 1 and (not one_party or class_of(ctx, parts[0]) not in ("InternationalOrganization", "Bloc")):
        return []
    if not any(public_actor(ctx, p) for p in parts):
        return []  # a match, a romance, a business deal: nobody the talks would make diplomacy
    groups = [parts]
    partners = [p for p in uniq(partners) if p in parts and p not in host]
    if len(host) == 1 and host[0] in parts and len(partners) > 1 and one_per_partner(ctx, tree, t):
        groups = [[host[0], p] for p in partners]  # a call with each partner, the host in every one
    return [Fact(ftype, ctx.parsed.doc.id, sid, tree.sent.text, frame.id, participants=tuple(sorted(g)),
                 location=place, start=start, end=end, modality="future" if planned else "asserted",
                 confidence=frame.confidence) for g in groups]


def _joins(ctx: DocContext, tree: Tree, i: int) -> bool:
    """Talks noun i is what its verb's subject joins: «принял участие в переговорах», «к встрече
    присоединился» (not «приступили к переговорам»: that starts talks of their own)."""
    head = tree.tok(i).head
    if head < 0:
        return False
    g = ctx.lex.grammar
    verb = tree.tok(head).head if tree.tok(head).lemma in g.taking_part_nouns else head  # «участие в …» or on the verb
    if verb < 0:
        return False
    if tree.tok(verb).lemma in g.taking_part_verbs:  # «принял участие в переговорах», «участвовал в них»
        objects = tree.children(verb, "obj")  # («принял на переговорах решение» takes no part)
        return verb != head or not objects or any(tree.tok(k).lemma in g.taking_part_nouns for k in objects)
    return tree.prep(i) == "к" and tree.tok(verb).lemma in g.joining_talks_verbs


def _widen(ctx: DocContext, prev: Fact, joined: list[str]) -> None:
    """The talks reported before take the participants who joined them later in the text."""
    wide = replace(prev, participants=tuple(sorted(uniq([*prev.participants, *joined]))))
    for facts in (ctx.facts, ctx.sentence_out):
        for n, f in enumerate(facts):
            if f is prev:
                facts[n] = wide


def _arrived(ctx: DocContext, visit: tuple[str, int, int]) -> bool:
    """«Блинкен прибыл в Киев. Он встретится с …»: one who has arrived meets there next."""
    tok = ctx.tree(visit[1]).tok(visit[2])
    return tok.pos == "VERB" and tok.feat("Tense") == "Past"


def _held_event(tree: Tree, i: int) -> bool:
    """«Эрдоган и Путин провели саммит»: an event noun its holders' verb takes as object names them
    through that verb's subject (not «во время саммита заявили»)."""
    gov = governor(tree, i)
    return gov is not None and tree.tok(i).rel == "obj" and tree.tok(gov).lemma in AGENTIVE_GOVERNORS


def _ahead(ctx: DocContext, tree: Tree, i: int) -> bool:
    """Talks noun i is what an act comes before («до саммита», «перед встречей»; grammar before_words)."""
    return any(tree.tok(c).lemma in ctx.lex.grammar.before_words for c in tree.children(i, "case"))


def _circumstance(tree: Tree, i: int) -> bool:
    """Talks noun i is the circumstance of its verb («в ходе визита», «на встрече»); an accusative
    goal is not («пригласил на переговоры», «отправился на саммит»)."""
    prep = tree.prep(i)
    return (tree.tok(i).rel == "obl" and prep in ADVERBIAL_PREPS
            and not (prep in ("в", "во", "на") and tree.tok(i).feat("Case") == "Acc"))


def _held_by_verb(ctx: DocContext, tree: Tree, i: int, verb: int) -> bool:
    """The verb governing talks noun i holds or plans them, or they are its circumstance."""
    g = ctx.lex.grammar
    slot = i
    if tree.tok(i).head >= 0 and tree.tok(tree.tok(i).head).lemma in g.talks_nominals:
        slot = tree.tok(i).head  # «проведение переговоров», «подготовкой встречи»
    if tree.tok(slot).rel == "obl" and tree.prep(slot) in ADVERBIAL_PREPS | {"о", "об"}:
        return tree.tok(slot).lemma not in ("подготовка", "организация")
    if tree.tok(slot).lemma in g.taking_part_nouns and tree.tok(verb).lemma in g.taking_part_verbs:
        return True  # «примут участие в переговорах»: who takes part holds them
    return tree.tok(verb).lemma in AGENTIVE_GOVERNORS | g.plan_verbs | g.held_verbs | g.joining_verbs


def _inside_purpose_of_talks(ctx: DocContext, tree: Tree, t: Token) -> bool:
    """«встретятся, чтобы обсудить возобновление диалога»: talks on the agenda of a meeting."""
    for j in [t.i, *list(tree.ancestors(t.i))[:3]]:
        tok = tree.tok(j)
        if tok.rel == "advcl" and tok.head >= 0 and talks_frame(ctx, tree, tree.tok(tok.head)):
            return j != t.i or tok.pos in ("NOUN", "PROPN")
    return False


def _not_happening(ctx: DocContext, tree: Tree, i: int) -> bool:
    """Talks nobody holds: proposed («предложение начать переговоры»), denied to exist («никаких
    контактов нет»), or due once and no more («должен был встретиться»)."""
    g = ctx.lex.grammar
    up = list(tree.ancestors(i))[:3]
    if any(tree.tok(k).lemma in PROPOSAL_WORDS and tree.tok(k).pos == "NOUN" or tree.tok(k).lemma in g.blocking_nouns
           for k in up):
        return True  # (and «отказалась снять вето на начало переговоров»: talks under a veto)
    if any(tree.tok(k).lemma in g.none_words for k in tree.children(i, "det", "amod")) or (
            up and tree.tok(up[0]).lemma in g.negations):
        return True
    return any(tree.tok(k).lemma == "должный" and any(
        tree.tok(a).lemma == "быть" and tree.tok(a).feat("Tense") == "Past" for a in tree.children(k, "aux", "cop"))
        for k in up)


def talks_frame(ctx: DocContext, tree: Tree, t: Token) -> bool:
    return t.lemma not in AGENTIVE_GOVERNORS and any(f.type == "talks" for f in frames_at(ctx, tree, t))


def _visitor(ctx: DocContext, sid: int, partner: str) -> list[str]:
    """«Путин находился с визитом в Японии. Переговоры с премьером Абэ прошли в Нагато»: talks
    with a host only are held by the one visitor to the host's state just reported."""
    home = ctx.state_of(partner)
    found = [p for p, (place, vsid, _) in ctx.visits.items() if 0 < sid - vsid <= 2 and p != partner
             and home is not None and home in (place, ctx.state_of(place), ctx.gaz.capitals.get(place))]
    return found if len(found) == 1 else []


def _where_clause_place(ctx: DocContext, tree: Tree, i: int) -> str | None:
    """«посетит Великобританию, где … встретится с Кэмероном»: the place «где» refers to."""
    for j in [i, *tree.ancestors(i)]:
        if any(tree.tok(k).lemma == "где" for k in tree.children(j, "advmod", "mark")):
            tok = tree.tok(j)
            if tok.rel.startswith("acl") and tok.head >= 0:
                m = ctx.dm.at(tree.sent.i, tok.head)
                if m and class_of(ctx, m.entity) in ("State", "City", "Place"):
                    return m.entity
    return None

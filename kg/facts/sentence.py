"""One sentence's facts: each trigger's frames, their modality and roles, handed to the fact
family that reads them."""

from __future__ import annotations

from kg.facts.context import DocContext, class_of, public_actor, uniq
from kg.facts.demands import (
    addressee_in_noun,
    answering_state,
    appeal_to_public,
    coordinated_object,
    embedded_in_demand,
    nominal_addressee,
    not_an_act,
    other_side,
    refused,
    until_demands,
)
from kg.facts.frames import frames_at, role_args
from kg.facts.gapping import gapped
from kg.facts.institutions import court_addressee, private_plea
from kg.facts.modality import condition_clause, denied, future_like, negated, negated_clause
from kg.facts.same_act import repeated_act
from kg.facts.sanction_acts import measures, same_act, sanctions_by_pronoun
from kg.facts.sanctions import AGAINST_PREPS, sanctioned, sanctions
from kg.facts.speech import according_to, speakers
from kg.facts.talks import talks
from kg.lexicon import Frame
from kg.records import Fact
from kg.tree import Tree, governor


def adverbial_cause(tree: Tree, i: int) -> bool:
    """«не пригласили по настоянию Пекина»: a cause named by «по» lies outside its clause's negation."""
    return tree.tok(i).rel == "obl" and tree.prep(i) == "по" and not any(
        tree.tok(k).lemma in ("не", "ни") for k in tree.children(i))


def answered_demand(ctx: DocContext, tree: Tree, i: int, frame: Frame) -> bool:
    """«не примет ультиматум Эр-Рияда», «не освободит его, несмотря на требования ЕС»: a demand
    named as what is refused, or conceded in passing, was made; the clause's «не» is the answer's."""
    if not (frame.nominal and frame.type == "demanded"):
        return False
    if any(tree.tok(k).lemma.startswith("никак") for k in tree.children(i, "det", "amod")):
        return False  # «не примем никаких ультиматумов»: none was made
    if any(tree.tok(k).lemma in ctx.lex.grammar.concessive_words for k in tree.children(i, "case")):
        return True
    g = governor(tree, i)
    return g is not None and any(f.type == "rejected" and f.needs_negation for f in frames_at(ctx, tree, tree.tok(g)))


def _qualifies_demand(ctx: DocContext, tree: Tree, cond: set[int]) -> bool:
    """«Вашингтону нужно прекратить поставки, если он хочет мира»: a condition on a demand says
    when it holds; it announces no cost of the speaker's own."""
    top = next((k for k in cond if tree.tok(k).head not in cond), None)
    gov = tree.tok(top).head if top is not None else -1
    heads = [gov, *list(tree.ancestors(gov))[:2]] if gov >= 0 else []  # «нужно прекратить…, если»
    return any(f.type == "demanded" for h in heads for f in frames_at(ctx, tree, tree.tok(h)))


def sentence_facts(ctx: DocContext, tree: Tree) -> list[Fact]:
    out: list[Fact] = []
    ctx.sentence_out = out
    sid = tree.sent.i
    doc_id = ctx.parsed.doc.id
    out += sanctions_by_pronoun(ctx, tree)
    out += measures(ctx, tree)
    out += same_act(ctx, tree)
    out += until_demands(ctx, tree)
    for t in tree.sent.tokens:
        if t.lemma not in ctx.lex.frames:
            continue  # most words: not even a call
        if denied(tree, t.i, ctx.lex.grammar):
            continue
        for frame in frames_at(ctx, tree, t):
            if embedded_in_demand(ctx, tree, t.i, frame):
                continue
            if frame.type in ("demanded", "warned", "rejected") and not_an_act(ctx, tree, t.i, frame):
                continue
            if frame.needs_negation:
                if not negated(ctx, tree, t.i):
                    continue  # «приняла предложение» is no rejection; «не приняла» is
            elif frame.type != "sanctions" and frame.pos != "PART" and negated(ctx, tree, t.i) \
                    and not adverbial_cause(tree, t.i) and not answered_demand(ctx, tree, t.i, frame):
                # «пусть не вмешивается» bids not to act
                continue  # sanctions decide for themselves: «не поддержала санкции Запада» still names them
            cond = condition_clause(ctx, tree, t.i)
            future = future_like(ctx, tree, t.i)
            modality = "conditional" if cond else ("future" if future else "asserted")
            cond_text = tree.text(cond).strip(" ,;:—–-") if cond else None
            if frame.type == "talks":
                out += talks(ctx, tree, t, frame, future)
                continue
            if frame.needs_condition and (cond is None or _qualifies_demand(ctx, tree, cond)):
                continue
            if frame.needs_speaker and not (speakers(ctx, tree, t.i) or according_to(ctx, tree)
                                            or frame.pos == "VERB" and _named_subject(ctx, tree, t.i)):
                continue  # «должны» in the narrator's voice is no demand; «Киев ждёт от Берлина…» names its own
            conf = frame.confidence
            if frame.type == "sanctions":
                kind, agents, targets = sanctions(ctx, tree, t.i, frame, future or bool(cond), cond)
                if kind is None:
                    continue
                ftype = kind
                # Sanctions are states' and international bodies' measures: a company's «штрафные
                # санкции» against a supplier are a penalty clause.
                agents = [a for a in agents if class_of(ctx, a) != "Organization"]
                if kind == "imposedSanctions":
                    # «Совет ЕС утвердил санкции», «Минфин США внёс в список»: a body imposes for its
                    # state or organisation, recorded for both (a body's threat or call stays its own).
                    agents = uniq([x for a in agents for x in (a, _imposing_parent(ctx, a)) if x])
            else:
                ftype = frame.type
                if frame.nominal:  # «требование Москвы»: the noun names its own author
                    agents = role_args(ctx, tree, t.i, frame.agent, frame)[0] or (
                        [] if frame.own_author else speakers(ctx, tree, t.i) or according_to(ctx, tree))
                else:
                    agents = (speakers(ctx, tree, t.i) or role_args(ctx, tree, t.i, frame.agent, frame)[0]
                              or according_to(ctx, tree))
                    if "subject" in frame.agent and t.feat("VerbForm") == "Fin" and t.feat("Voice") != "Pass" \
                            and _named_subject(ctx, tree, t.i):  # (not «Россия обязана …»: the obliged)
                        # «Песков напомнил, что Зеленский потребовал…»: a speaker reports another
                        # side's act; the speaker's own side («…, что Россия требует») stays his.
                        own = role_args(ctx, tree, t.i, ("subject",), frame)[0]
                        # («Путин предупредил…, сообщил Кремль»: a body reporting a person's act reports
                        # someone else's, even one of its own side.)
                        reported = any(class_of(ctx, a) == "Person" for a in own) and not any(
                            class_of(ctx, a) == "Person" for a in agents)
                        if own and (reported or not set(own) & _side(ctx, agents)):
                            agents = own
                targets = role_args(ctx, tree, t.i, frame.target, frame)[0]
            if frame.type == "warned" and any(tree.tok(k).lemma in ("санкция",) for k in tree.children(t.i)) and not all(
                    class_of(ctx, a) == "Organization" for a in agents):
                ftype = "threatenedSanctions"  # (a company's penalty threatened stays a warning)
            if not agents:
                continue
            own = _side(ctx, agents)
            if frame.type != "sanctions":  # sanctions keep theirs: «взаимные санкции» go both ways
                targets = [x for x in targets if x not in own]
            if not targets and len(agents) > 1 and _reciprocal(tree, t.i):
                targets = list(agents)  # «Индия и Пакистан пригрозили друг другу»: each the other
            if not targets and ftype == "demanded":
                targets = (nominal_addressee(ctx, tree, t.i, frame, agents) or addressee_in_noun(ctx, tree, t.i, frame)
                           or coordinated_object(ctx, tree, t.i) or court_addressee(ctx, tree, t.i, agents))
                targets = [x for x in targets if x not in own]
            if not targets and frame.needs_speaker and not frame.needs_target:
                targets = other_side(ctx, agents, sid)
                conf -= 0.15
            if ftype == "demanded":
                targets = uniq([answering_state(ctx, x) for x in targets])
            if ftype == "demanded" and refused(ctx, tree, t.i):
                continue  # «отказалась просить Путина»
            if not targets and ftype != "rejected":
                if ftype in ("imposedSanctions", "threatenedSanctions"):  # a later «под санкции попали …» names them
                    ctx.untargeted.append(Fact(ftype, doc_id, sid, tree.sent.text, frame.id, agents=tuple(agents),
                                               modality=modality, confidence=round(conf, 2)))
                if ftype == "demanded":
                    ctx.untargeted.append(Fact(ftype, doc_id, sid, tree.sent.text, frame.id, agents=tuple(agents),
                                               modality=modality, confidence=round(conf - 0.2, 2)))
                    if frame.untargeted and appeal_to_public(ctx, tree, t.i, frame):
                        ctx.appeals.append(ctx.untargeted[-1])
                continue  # an act aimed at nobody the text names is not worth a fact
            # «ЕС и Великобритания ввели санкции против России и Белоруссии соответственно»: in order.
            paired = len(agents) == len(targets) > 1 and any(x.lemma in ctx.lex.grammar.respectively_words
                                                                  for x in tree.sent.tokens)
            for n, a in enumerate(agents):
                for tg in [targets[n]] if paired else targets or [None]:
                    if tg and (tg in (a, ctx.state_of(a)) or private_plea(ctx, a, tg)):
                        continue
                    if tg and not (public_actor(ctx, a) or public_actor(ctx, tg)) and "Person" in (
                            class_of(ctx, a), class_of(ctx, tg)):
                        continue  # «клуб отказался продлевать контракт с тренером»: a private person, no diplomacy
                    out.append(Fact(ftype, doc_id, sid, tree.sent.text, frame.id, agents=(a,),
                                    targets=(tg,) if tg else (), modality=modality, condition=cond_text,
                                    confidence=round(conf, 2)))
                    if ftype == "warned" and tg and cond and negated_clause(ctx, tree, cond):
                        # «будем вооружать повстанцев, если ЕС не ослабит эмбарго»: an ultimatum
                        # demands of the target what the condition says it has not yet done.
                        out.append(Fact("demanded", doc_id, sid, tree.sent.text, "demand.ultimatum", agents=(a,),
                                        targets=(tg,), modality=modality, condition=cond_text,
                                        confidence=round(conf - 0.1, 2)))
    _note_sanctions(ctx, tree)  # after this sentence's own facts, which read the previous sentence's
    # «"Санкции будут расширены, если …", — пригрозил X»: a threat of sanctions is not also a warning.
    sanctioned_pairs = {(f.agents, f.targets) for f in out if f.type == "threatenedSanctions"}
    out = [f for f in out if f.type != "warned" or (f.agents, f.targets) not in sanctioned_pairs]
    out += repeated_act(ctx, tree, out)
    return gapped(ctx, tree, out)


def _note_sanctions(ctx: DocContext, tree: Tree) -> None:
    """Remember the targets of the last «санкции» of the sentence, for the next one («К санкциям
    присоединились …», «Байден заявил, что они будут масштабными»)."""
    for t in tree.sent.tokens:
        if t.lemma in ("санкция", "эмбарго"):
            near = [*tree.children(t.i, "nmod", "obl"),
                    *[k for c in tree.children(t.i, "acl") for k in tree.children(c, "obl", "nmod")]]
            against = [a for k in near if tree.prep(k) in AGAINST_PREPS for a in sanctioned(ctx, tree, k)]
            gov = governor(tree, t.i)
            against += [a for k in (tree.children(gov, "obl") if gov is not None else [])
                        if tree.prep(k) in AGAINST_PREPS for a in sanctioned(ctx, tree, k)]
            ctx.last_sanctions = (tree.sent.i, uniq(against))


def _imposing_parent(ctx: DocContext, a: str) -> str | None:
    """The state or international organisation a government body (or an organ of one) belongs to."""
    e = ctx.entity(a)
    up = (e.part_of or e.state) if e is not None and e.cls in ("GovernmentBody", "InternationalOrganization") else None
    if not up:
        return None
    parent = ctx.entity(up) or (ctx.entity(ctx.known(up)) if up in ctx.gaz.entries else None)
    return up if parent is not None and parent.cls in ("State", "InternationalOrganization") else None


def _side(ctx: DocContext, people: list[str]) -> set[str]:
    """Actors on the side of `people`: themselves, their states, the bodies they hold posts in."""
    out = set(people)
    for p in people:
        out.add(ctx.state_of(p))
        for f in ctx.facts + ctx.sentence_out:
            if f.type == "affiliation" and f.agents == (p,):
                out |= set(f.targets) | {ctx.state_of(o) for o in f.targets}
                out |= {e.part_of for o in f.targets if (e := ctx.entity(o)) is not None and e.part_of}
    return out - {None}


def _named_subject(ctx: DocContext, tree: Tree, i: int) -> bool:
    """The verb's own subject is an actor the text names, not a pronoun («мы ждём» needs a speaker);
    a post with the name beside it too («Президент России Владимир Путин предупредил»)."""
    return any((m := ctx.dm.at(tree.sent.i, k)) is not None and m.kind not in ("pronoun", "group", "zero")
               and ctx.is_actor(m.entity) for s in tree.children(i, "nsubj")
               for k in [s, *(tree.children(s, "appos") if tree.tok(s).lemma in ctx.lex.roles else [])])


def _reciprocal(tree: Tree, i: int) -> bool:
    """«друг другу», «друг друга»: the act's sides are aimed at one another."""
    return any(tree.tok(k).lemma == "друг" and tree.children(k, "fixed") for k in tree.children(i))

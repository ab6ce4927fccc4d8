"""Demands and rejections: demands embedded in other acts, the addressee of a demand that
names none, and a rejection of the demand just made."""

from __future__ import annotations

from dataclasses import replace

from kg.facts.actors import actors_at, subject
from kg.facts.context import DocContext, class_of, talks_noun, uniq
from kg.facts.frames import PROPOSAL_WORDS, frames_at, has_other_owner
from kg.facts.modality import inside_condition, negated
from kg.facts.posts import role_orgs
from kg.facts.speech import according_to, speakers
from kg.lexicon import Frame
from kg.records import Fact
from kg.tree import Tree, governor


def refused(ctx: DocContext, tree: Tree, i: int) -> bool:
    return any(tree.tok(j).lemma in ("отказаться", "отказываться") for j in list(tree.ancestors(i))[:2])


def appeal_to_public(ctx: DocContext, tree: Tree, i: int, frame: Frame) -> bool:
    """«призвал сторонников выйти», «обратился к гражданам», «призвал воздержаться»: the appeal is
    aimed at a public that is no actor, or at nobody; not «призвал коллег», «обратилась в суд»
    (an addressee slot of the frame filled by someone no actor resolves)."""
    kids = tree.children(i, "obj", "iobj", "obl")
    if any(tree.tok(k).lemma in ctx.lex.grammar.public_nouns for k in kids):
        return True
    slots = {spec[4:] for spec in frame.target if spec.startswith("obl:")}
    for k in kids:
        tk = tree.tok(k)
        if tk.rel != "obl" and (tk.pos == "PRON" or tk.feat("Animacy") == "Anim" or tk.feat("Case") == "Acc"):
            return False  # «призвал коллег», «просит суд»
        if tk.rel == "obl" and tree.prep(k) in slots:
            return False
    return True


def not_an_act(ctx: DocContext, tree: Tree, i: int, frame: Frame) -> bool:
    """A demand, warning or refusal verb that reports no one's act: its subject is a thing or a
    public («закон требует», «ситуация грозит войной», «люди, которые требовали»), it is a
    hypothesis («если он попросит»), a readiness («готова попросить»), or an assertion
    («настаивает, что пересекла границу сама»)."""
    tok = tree.tok(i)
    if tok.pos not in ("VERB", "AUX"):
        return False
    if frame.type == "demanded" and frame.pos == "VERB" and tok.feat("Voice") == "Pass" and tok.feat("VerbForm") != "Conv":
        return True  # «Варшава обязана вернуть долг», «были призваны»: the subject is the one asked
    # («ультиматумы не будут приняты»: a passive's subject is what is acted on, not who acts.)
    for k in tree.children(i, "nsubj") if tok.feat("Voice") != "Pass" else ():
        s = tree.tok(k)
        if s.lemma == "который" and s.head >= 0 and tree.tok(s.head).rel.startswith("acl"):
            k, s = tree.tok(s.head).head, tree.tok(tree.tok(s.head).head)
        if s.pos == "ADJ" and not actors_at(ctx, tree, k):
            return True  # «прибывшая скорая настояла на госпитализации»: a substantivised adjective
        if s.pos == "NOUN" and not actors_at(ctx, tree, k) and s.lemma not in (ctx.lex.institutions or {}) and (
                s.feat("Animacy") != "Anim" or s.lemma not in ctx.lex.roles):
            # «закон требует», «сторонники требовали», «…, добавив, что предприниматели будут
            # призывать»: a thing, or people no actor resolves, act for themselves, not for the
            # speaker who reports them (an unresolved post may yet be someone)
            return True
    if frame.type == "rejected" and _gives_up(ctx, tree, i):
        return True
    up = list(tree.ancestors(i))[:1]
    if up and tree.tok(up[0]).lemma in ctx.lex.grammar.readiness_words and tok.feat("VerbForm") == "Inf":
        # («не намерена выполнять условия», «не готов принять»: a refusal said as an intention)
        return not (frame.needs_negation and negated(ctx, tree, up[0]))
    if inside_condition(ctx, tree, i):
        return True
    # «предупредил, что …» warns; «настаивает, что …» asserts (unless «что» is the frame's own mark).
    return frame.type == "demanded" and "что" not in frame.clause_mark and any(
        tree.tok(m).lemma == "что" for k in tree.children(i, "ccomp") for m in tree.children(k, "mark"))


def _gives_up(ctx: DocContext, tree: Tree, i: int) -> bool:
    """«отказался от гражданства»: giving something up, not refusing anyone; «отказался от
    предложенного поста» refuses the offer. Refusing one's own act on an actor («от поглощения
    BSkyB») or withholding something from one («отказала Монти в поддержке») refuses no demand."""
    g = ctx.lex.grammar
    for k in tree.children(i, "obj", "obl"):
        if tree.tok(k).lemma in g.relinquish_nouns:
            return not any(tree.tok(c).lemma in g.offer_words for c in tree.children(k, "acl", "amod"))
    lemma = tree.tok(i).lemma
    for k in tree.children(i, "obl"):
        noun = tree.tok(k)
        if noun.lemma in PROPOSAL_WORDS or noun.lemma in g.talks_nominals or talks_noun(ctx, noun.lemma) or \
                any(tree.tok(c).lemma in PROPOSAL_WORDS for c in tree.children(k, "nmod")):
            continue  # «отказал в удовлетворении ходатайства», «отказался от участия в саммите»
        if lemma in g.giving_up_verbs and tree.prep(k) == "от" and noun.pos == "NOUN" and any(
                tree.prep(c) is None and actors_at(ctx, tree, c) for c in tree.children(k, "nmod")):
            return True  # «отказалась от поглощения BSkyB»: its own act given up; BSkyB proposed nothing
        if lemma in g.withholding_verbs and tree.prep(k) == "в" and noun.pos == "NOUN":
            return True  # «отказала Монти в поддержке»: withholding something, not refusing a demand
    return False


def embedded_in_demand(ctx: DocContext, tree: Tree, i: int, frame: Frame) -> bool:
    """«просил отказать Сноудену»: the refusal is what is asked for, not a fact."""
    if frame.type in ("demanded", "talks"):
        return False
    for j in list(tree.ancestors(i))[:2]:
        # (a light verb only with its noun: «получило от Гаваны отказ» asks nothing)
        for f in frames_at(ctx, tree, tree.tok(j)):
            if f.type == "demanded" and f.pos == "VERB":
                # «призвал наказать Иран санкциями» calls for sanctions (a threat); «призвал ЕС
                # ввести санкции» asks the EU.
                return frame.type != "sanctions" or any(
                    actors_at(ctx, tree, k) for k in tree.children(j, "obj", "iobj"))
            if f.type == "demanded" and f.pos == "ADJ" and frame.type == "sanctions" and any(
                    actors_at(ctx, tree, k) for k in tree.children(j, "nsubj")):
                return True  # «ЕС должен ввести санкции»: the sanctions are what is demanded of the EU
    if frame.type == "rejected":
        # «отказалась просить»: refusing to ask is not rejecting anyone's demand.
        for k in tree.children(i, "xcomp"):
            if any(f.type == "demanded" for f in ctx.lex.frames.get(tree.tok(k).lemma, ())):
                return True
    return False


def fill_rejected_targets(ctx: DocContext, facts: list[Fact], sid: int) -> list[Fact]:
    """A rejection with no target rejects the demand just made («потребовали…, но Путин отказал»);
    a demand with no addressee that is refused has the refuser as its addressee."""
    out = []
    for f in facts:
        if f.type == "rejected" and not f.targets:
            if _proposal_refused(ctx, f):
                out.append(f)  # «предложение … получило от Гаваны отказ»: its author is not named
                continue
            if not _rejects_proposal(ctx, f):
                continue
            demands = [d for d in reversed(ctx.facts + ctx.untargeted + facts) if d.type == "demanded" and d.agents
                       and 0 <= sid - d.sent <= 2 and d.agents[0] not in f.agents]
            if not demands:
                continue  # a refusal of nothing the text names
            d = demands[0]
            f = replace(f, targets=(d.agents[0],), confidence=round(f.confidence - 0.15, 2))
            if not d.targets:
                ctx.untargeted.remove(d)
                addressee = ctx.state_of(f.agents[0]) or f.agents[0]
                out.append(replace(d, targets=(addressee,)))
        out.append(f)
    return out


def _proposal_refused(ctx: DocContext, f: Fact) -> bool:
    """«Предложение … получило отказ»: a refusal noun whose clause is about a proposal."""
    if f.rule != "reject.noun":
        return False
    tree = ctx.tree(f.sent)
    for t in tree.sent.tokens:
        if t.lemma == "отказ" and (g := governor(tree, t.i)) is not None:
            return any(tree.tok(k).lemma in PROPOSAL_WORDS for k in tree.children(g, "nsubj", "nsubj:pass"))
    return False


def _rejects_proposal(ctx: DocContext, f: Fact) -> bool:
    """«отвергают подобный шаг», «в этом отказал» — not «отказываются от возобновления переговоров»."""
    tree = ctx.tree(f.sent)
    trig = next((t.i for t in tree.sent.tokens if f.rule in {x.id for x in ctx.lex.frames.get(t.lemma, ())}), None)
    if trig is None:
        return False
    deps = [tree.tok(k) for k in tree.children(trig, "obj", "obl", "xcomp", "nmod")]
    if any(has_other_owner(tree, d.i) for d in deps):
        return False  # «отклонил просьбу защиты»: someone no actor made it, not the last demander
    return not deps or any(d.lemma in PROPOSAL_WORDS for d in deps)


def other_side(ctx: DocContext, agents: list[str], sid: int) -> list[str]:
    """«Путин отметил, что в документах должны быть прописаны гарантии» after a sentence on the
    treaty «между Россией и США»: an obligation with no one named falls on the other side of
    the previous sentence (one or two states or organisations other than the speaker's)."""
    own = {ctx.state_of(a) for a in agents} | set(agents)
    prev = [m.entity for m in ctx.dm.mentions if m.sent == sid - 1 and m.kind != "adjective"
            and class_of(ctx, m.entity) in ("State", "InternationalOrganization") and m.entity not in own]
    sides = uniq(prev)
    return sides if 1 <= len(sides) <= 2 and len(own - {None}) >= 1 and own & {m.entity for m in ctx.dm.mentions
                                                                              if m.sent == sid - 1} else []


def nominal_addressee(ctx: DocContext, tree: Tree, i: int, frame: Frame, agents: list[str]) -> list[str]:
    """«Белорусская сторона отреагировала на ультиматум России»: whoever answers a demand is its addressee."""
    if not frame.nominal:
        return []
    g = governor(tree, i)
    if g is None:
        return []
    # «Чжан Вэймин отверг требования Токио»: the demands were addressed to his state, not to him.
    out = [(ctx.state_of(a) or a) if class_of(ctx, a) in ("Person", "GovernmentBody") else a for a in subject(ctx, tree, g)]
    # (a state the text never names, only its official's: brought into the document's entities)
    return [ctx.known(a) if a not in ctx.dm.entities and a in ctx.gaz.entries else a
            for a in uniq(out) if a not in agents]


def addressee_in_noun(ctx: DocContext, tree: Tree, i: int, frame: Frame) -> list[str]:
    """«выступила с требованием к Великобритании предоставить…»: the parser may hang «к X» inside
    the demand noun's clause."""
    if not frame.with_:
        return []
    for k in tree.children(i):
        if tree.tok(k).lemma in frame.with_:
            for j in sorted(tree.subtree(k)):
                if tree.prep(j) == "к" and tree.tok(j).feat("Case") == "Dat":
                    found = actors_at(ctx, tree, j)
                    if found:
                        return found
    return []


def coordinated_object(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """«МИД вызвал посла Германии и потребовал объяснений»: the demand goes to the first verb's object."""
    tok = tree.tok(i)
    if tok.rel != "conj" or tok.head < 0 or any(actors_at(ctx, tree, k) for k in tree.children(i, "obj", "iobj")):
        return []
    out = []
    for k in tree.children(tok.head, "obj"):
        if tree.tok(k).lemma in ctx.lex.grammar.envoy_nouns:  # a summoned ambassador stands for the state that sent him
            out += [o for o in role_orgs(ctx, tree, k) if class_of(ctx, o) == "State"]
        else:
            out += actors_at(ctx, tree, k)
    return out


def answering_state(ctx: DocContext, target: str) -> str:
    """«призвал вывести российские войска»: a state's armed forces are asked through their state
    (grammar forces_words: the first word of such a body's label)."""
    e = ctx.entity(target)
    if e is None or e.cls != "GovernmentBody" or not e.part_of:
        return target
    first = e.label.lower().replace("ё", "е").split()[0]
    return e.part_of if first in ctx.lex.grammar.forces_words else target


def until_demands(ctx: DocContext, tree: Tree) -> list[Fact]:
    """«не будет выступать в Турции, пока Турция не признает геноцид», «контакты будут заморожены,
    пока Израиль не уберёт рамки»: what is withheld until a side acts demands that act of it —
    the side the «пока … не» clause names, by the speaker or the withholding subject."""
    g = ctx.lex.grammar
    out: list[Fact] = []
    for t in tree.sent.tokens:
        if t.lemma not in g.until_marks or t.rel != "mark" or t.head < 0:
            continue
        clause = t.head
        if not any(tree.tok(k).lemma in g.negations and k < clause for k in tree.children(clause, "advmod")):
            continue  # «пока войска находятся на её территории»: a while, not an act awaited
        # What is withheld: the clause's head, or — the parser may hang the clause on the verb
        # reporting it, or on nothing — the nearest verb before «пока» (preferred).
        near = next((k for k in range(t.i - 1, -1, -1) if tree.tok(k).pos == "VERB"), -1)
        withheld = [v for v in (near, tree.tok(clause).head) if v >= 0 and (
            negated(ctx, tree, v) or tree.tok(v).lemma in g.cancel_verbs | g.lift_verbs)]
        targets = [a for k in tree.children(clause, "nsubj") for a in actors_at(ctx, tree, k)]
        targets += [a for k in tree.children(clause, "obl:agent") for a in actors_at(ctx, tree, k)]
        # a side, not a person waiting to be somewhere («пока он не окажется на территории страны»)
        targets = [a for a in targets if class_of(ctx, a) not in ("Person", None)]
        if not withheld or not targets:
            continue
        main = withheld[0]
        agents = speakers(ctx, tree, main) or subject(ctx, tree, main) or according_to(ctx, tree)
        for a in uniq(agents):
            for tg in uniq(targets):
                tg = answering_state(ctx, tg)
                if tg != a and tg != ctx.state_of(a):
                    out.append(Fact("demanded", ctx.parsed.doc.id, tree.sent.i, tree.sent.text, "demand.until",
                                    agents=(a,), targets=(tg,), modality="conditional", confidence=0.5))
    return out

"""Trigger frames at a token and the roles they name («subject», «obj», «gen», «obl:с» …),
read off the tree and resolved to actors."""

from __future__ import annotations

import functools

from kg.facts.actors import actor_single, actors_at, subject
from kg.facts.consequences import holders
from kg.facts.context import DocContext, class_of, seat_of, talks_noun
from kg.facts.earlier import author_by_verb, previous_subject, recent_demanders, talk_partner
from kg.facts.institutions import institution_args
from kg.facts.lists import QUOTES
from kg.facts.modality import condition_clause
from kg.lexicon import Frame
from kg.records import Token
from kg.tree import Tree, governor


def role_args(ctx: DocContext, tree: Tree, i: int, specs: tuple[str, ...], frame: Frame) -> tuple[list[str], str]:
    for spec in specs:
        found = role_arg(ctx, tree, i, spec, frame)
        if found:
            return found, spec
    found = institution_args(ctx, tree, i, specs, frame)  # «прокуратура требовала», «просил суд»
    return (found, "institution") if found else ([], "")


def _owners(tree: Tree, i: int) -> list[int]:
    """A noun's dependents that may name whose it is: its nmods, and a genitive the parser tagged
    iobj («ультиматум Саудовской Аравии»)."""
    return tree.children(i, "nmod") + [k for k in tree.children(i, "iobj") if tree.tok(k).feat("Case") == "Gen"]


def role_arg(ctx: DocContext, tree: Tree, i: int, spec: str, frame: Frame) -> list[str]:
    sid = tree.sent.i
    if spec == "subject":
        if frame.pos == "NOUN":
            g = governor(tree, i)
            return subject(ctx, tree, g) if g is not None else []
        return subject(ctx, tree, i)
    if spec in ("obj", "iobj"):
        found = [a for k in tree.children(i, spec) for a in actors_at(ctx, tree, k)]
        if not found and spec == "obj" and not tree.children(i, "obj"):
            found = [a for k in _misplaced_objects(ctx, tree, i) for a in actors_at(ctx, tree, k)]
        return found
    if spec == "dat":
        heads = [i, *[k for k in tree.children(i, "xcomp") if tree.tok(k).lemma == "понять"]]
        return [a for h in heads for k in tree.children(h, "iobj", "obl", "nmod", "obj")
                if tree.tok(k).feat("Case") == "Dat" and tree.prep(k) is None
                for a in actors_at(ctx, tree, k)]
    if spec == "gen":
        g = governor(tree, i) if tree.prep(i) == "при" else None
        if g is not None:  # «Москва согласилась при условии, что …»: the condition is the subject's
            return subject(ctx, tree, g, linear=False)
        out = []
        for k in _owners(tree, i):
            # «ультиматум России» is sometimes tagged dative: the forms coincide.
            if tree.prep(k) is None and tree.tok(k).feat("Case") in ("Gen", "Dat", None):
                out += actors_at(ctx, tree, k)
        # «условия, выдвинутые ХАМАС»: the author a passive participle on the noun names (not for
        # talks: «переговоры, инициированные американской стороной» need not be its own)
        if frame.type == "talks":
            return out
        return out or [a for p in tree.children(i, "acl") if tree.tok(p).feat("Voice") == "Pass"
                       and tree.tok(p).feat("VerbForm") == "Part" for c in tree.children(p, "obl", "nmod")
                       if tree.prep(c) is None for a in actors_at(ctx, tree, c)]
    if spec == "adj":
        out = []
        for k in tree.children(i, "amod"):
            m = ctx.dm.at(sid, k)
            if m and ctx.is_actor(m.entity):
                out.append(m.entity)
        return out
    if spec.startswith("obl:"):
        want = spec[4:]
        out = []
        heads = [i]
        if frame.pos == "NOUN":
            g = governor(tree, i)
            if g is not None:
                heads.append(g)
        for h in heads:
            for k in tree.children(h, "obl", "nmod", "iobj", "obj"):
                if tree.tok(k).lemma in ctx.lex.grammar.preposition_nouns and f"{tree.prep(k)}_{tree.tok(k).lemma}" == want:
                    # «предупреждение в адрес Минска»: the parser makes «адрес» a noun, the actor its genitive
                    out += [a for c in tree.children(k, "nmod") if tree.prep(c) is None for a in actors_at(ctx, tree, c)]
                    continue
                if tree.prep(k) == want:
                    out += actors_at(ctx, tree, k)
                    m = ctx.dm.at(sid, k)
                    if want in ("в", "во") and m is not None and m.as_place and class_of(ctx, m.entity) in (
                            "InternationalOrganization", "GovernmentBody"):
                        out.append(m.entity)  # «обратилась в ОДКБ»: a body one turns to is no place
                    if want == "у" and m is not None and m.as_place and m.entity in ctx.gaz.capitals:
                        out.append(ctx.known(ctx.gaz.capitals[m.entity]))  # «потребовал у Москвы»: its state
        return out
    if spec == "owner":
        out = []
        # «отвергла требования Киева»; «отказались выполнять это требование»: the object of the refused act
        objects = tree.children(i, "obj", "obl", "nsubj:pass", "nmod", *(("nsubj",) if frame.pos == "ADJ" else ()))
        if frame.type == "rejected":  # a demand or proposal carried out, not «осудить действия России»
            objects += [o for x in tree.children(i, "xcomp") for o in refused_objects(ctx, tree, x)
                        if tree.tok(o).lemma in PROPOSAL_WORDS]
        for k in objects:
            if frame.object_lemmas and tree.tok(k).lemma not in frame.object_lemmas:
                continue
            if frame.object_prep is not None and tree.prep(k) != frame.object_prep:
                continue
            if tree.tok(k).lemma == "вето":  # «вето на проект»: what the veto falls on
                k = next((c for c in tree.children(k, "nmod") if tree.prep(c) == "на"), k)
            # «требования Киева», «ультиматумы от НАТО», «проект резолюции, внесённый США» (its author)
            nouns = [k, *(c for c in tree.children(k, "nmod") if tree.prep(c) is None)]
            authors = [a for n in nouns for p in tree.children(n, "acl") if tree.tok(p).feat("VerbForm") == "Part"
                       and tree.tok(p).feat("Voice") == "Pass" for a in tree.children(p, "obl", "nmod")
                       if tree.prep(a) is None]
            # «в удовлетворении ходатайства прокуратуры»: the owner of the request carried out
            carried = [c for c in tree.children(k, "nmod") if tree.prep(c) is None] \
                if tree.tok(k).lemma in ctx.lex.grammar.fulfilment_nouns else []
            for c in _owners(tree, k) + tree.children(k, "amod") + authors + [o for n in carried for o in _owners(tree, n)]:
                m = ctx.dm.at(sid, c)
                if tree.prep(c) not in (None, "от", "с_сторона"):
                    continue
                if m and ctx.is_actor(m.entity):
                    # «ультиматум Испании, Франции и Германии»: every owner of the list
                    out += actors_at(ctx, tree, c) if tree.children(c, "conj") else [m.entity]
                elif m is None and tree.tok(c).lemma in ctx.lex.roles:
                    out += actors_at(ctx, tree, c)  # «предложение президента США»: the post's holder
            if not out and tree.tok(k).lemma in PROPOSAL_WORDS and not has_other_owner(tree, k):
                out += recent_demanders(ctx, sid)
                if not out and any(tree.tok(d).lemma in ("этот", "такой", "данный") for d in tree.children(k, "det")):
                    out += previous_subject(ctx, sid)  # «Макрон не исключил отправки войск. … отвергли эту идею»
                if not out:
                    out += author_by_verb(ctx, sid, tree.tok(k).lemma)  # «Киев обвинил Москву… Москва отвергла обвинения»
        return out
    if spec == "condition":
        cond = condition_clause(ctx, tree, i)
        if cond is None:
            return []
        for k in sorted(cond):
            if tree.tok(k).rel.startswith("nsubj"):
                found = actors_at(ctx, tree, k)
                if found:
                    return found
        if not any(tree.tok(k).pos in ("VERB", "AUX") for k in cond):
            # «в случае размещения ракет США в Японии»: a nominal condition's own actor (not its place)
            # (a name's genitive, not an adjective: «покупки российских комплексов» warns no Russia)
            return [m.entity for k in sorted(cond) if (m := ctx.dm.at(sid, k)) and m.first == k and m.kind != "adjective"
                    and ctx.is_actor(m.entity) and not m.as_place and tree.prep(m.head) is None][:1]
        return []
    if spec == "holder":  # «у Саудовской Аравии будут последствия», «ответные меры против Литвы»
        return holders(ctx, tree, i)
    if spec == "xobj":  # «пообещало не пустить Россию на форум»: whoever the promised act is aimed at
        return [a for k in tree.children(i, "xcomp") for o in tree.children(k, "obj") for a in actors_at(ctx, tree, o)]
    if spec == "subj":
        found = subject(ctx, tree, i, linear=False)
        if not found and frame.pos == "ADJ":  # «Необходимо, чтобы Израиль прекратил огонь»: who is to act
            found = [a for c in tree.children(i, "ccomp", "csubj") if any(tree.tok(m).lemma == "чтобы" for m in tree.children(c, "mark"))
                     for k in tree.children(c, "nsubj") for a in actors_at(ctx, tree, k)]
        return found
    if spec == "head_subj":  # «пусть Киев выполнит …»: the subject of the verb the particle bids
        head = tree.tok(i).head
        return subject(ctx, tree, head, linear=False) if head >= 0 and tree.tok(head).pos == "VERB" else []
    if spec == "partner":
        return talk_partner(ctx, subject(ctx, tree, i), sid)
    if spec == "complement":
        # «настаивать на возвращении Россией островов», «отказался от участия в саммите в США»,
        # «отказывается признать Палестинское государство»: the actor inside the action.
        g = ctx.lex.grammar
        sub: set[int] = set()
        for k in tree.children(i, "obl", "xcomp", "ccomp", "obj"):
            if tree.tok(k).rel == "obl" and tree.prep(k) not in COMPLEMENT_PREPS:
                continue  # «из-за Сноудена» gives a cause, not an addressee
            if tree.tok(k).lemma in g.frame_nouns:
                continue  # «в случае с Россией», «в связи с визитом»: a frame, not the act's content
            if frame.type == "rejected" and tree.tok(k).rel == "xcomp":
                # «отказывается признать Палестинское государство»: the refused act's object only,
                # not «отказалась присоединиться к санкциям Запада».
                sub |= {j for o in refused_objects(ctx, tree, k) for j in tree.subtree(o)}
                continue
            if frame.type == "rejected" and has_other_owner(tree, k):
                # «не согласился с отставкой президента Украины»: the owner, if an actor; «отверг
                # доводы защиты о провокации со стороны ФСБ»: the defence's, no one the text names.
                owners = [a for c in tree.children(k, "nmod") if tree.prep(c) is None
                          and tree.tok(c).feat("Case") == "Gen" for a in actors_at(ctx, tree, c)]
                if owners:
                    return owners
                continue
            sub |= tree.subtree(k)
            if frame.type == "demanded":
                # «потребовал приговорить бывшего главу управления Минобороны», «освободить
                # Протасевича», «объединиться против режима Путина»: the person the demanded act is
                # done to, or what it is against, is its patient, nobody asked.
                sub -= {j for x in [k, *tree.children(k, "xcomp")] if tree.tok(x).pos in ("VERB", "AUX")
                        for o in tree.children(x, "obj") if tree.tok(o).feat("Animacy") == "Anim"
                        and _person_like(ctx, tree, o) for j in tree.subtree(o)}
                # («отдать голоса за Римкуса»: whom an act favours is no addressee either)
                sub -= {j for x in sub if tree.prep(x) in ("против", "в_отношение", "за") for j in tree.subtree(x)}
                # «добиваются выдачи Сноудена», «кандидатуре Ремека — депутата от компартии»: the person
                # an act is done to, and what describes him, are no addressee (but «выдачи … из США» is)
                sub -= {j for x in sub if tree.tok(x).lemma in g.patient_nouns for c in tree.children(x)
                        if tree.prep(c) not in ("из", "у", "от") for j in tree.subtree(c)}
            # «по статье 111 УК РФ»: the state in a legal code's name does not act
            sub -= {j for x in sub if tree.tok(x).lemma in g.code_nouns for c in tree.children(x, "nmod")
                    for j in tree.subtree(c)}
        company = functools.cache(lambda: any(class_of(ctx, a) == "Organization" for a in subject(ctx, tree, i)))
        for k in sorted(sub):
            m = ctx.dm.at(sid, k)
            if m is not None and m.first != k:
                continue
            # «отказался от участия в саммите в США»: the state hosting the event refused (not «гастролей в Китае»)
            hosted = frame.type == "rejected" and m is not None and tree.tok(m.head).head >= 0 and talks_noun(
                ctx, tree.tok(tree.tok(m.head).head).lemma)
            # (a state named inside another refused act counts only when no company or club refuses)
            host = frame.type == "rejected" and m is not None and class_of(ctx, m.entity) == "State" and (
                hosted or not company())
            seat = seat_of(ctx, m.entity, states_only=True) if hosted and m.as_place and tree.prep(m.head) in (
                "в", "во") else None
            if seat is not None:
                return [seat]  # «отказался от участия в саммите в Вашингтоне»: the host state
            if m is not None and m.as_place and not host:
                continue
            if host:
                return [m.entity]
            if m is not None and m.kind in ("pronoun", "group"):
                continue  # «потребовали выдать его»: a pronoun inside the act is its patient
            if m is not None and tree.prep(m.head) in ("против", "в_отношение"):
                continue  # «призвала ввести санкции против Ирана»: whom the act is against, not who is asked
            found = [a for a in actor_single(ctx, tree, k, 0) if class_of(ctx, a) != "Person" or m is not None]
            if found:
                return found
        return []
    if spec == "offerer":
        # «отказался от поста, предложенного ему президентом Франции Макроном»: who offered it.
        g = ctx.lex.grammar
        for k in tree.children(i, "obj", "obl"):
            for p in tree.children(k, "acl", "amod"):
                if tree.tok(p).lemma in g.offer_words:
                    found = [a for c in tree.children(p, "obl", "nsubj") if tree.prep(c) is None
                             and tree.tok(c).feat("Case") in ("Ins", "Nom") for a in actors_at(ctx, tree, c)]
                    if found:
                        return found
        return []
    if spec == "consequence":
        sub = set()
        for k in tree.children(i, "obj", "iobj", "obl", "ccomp", "xcomp", "nmod"):
            sub |= tree.subtree(k)
        # («о схеме, при которой мошенники представляются сотрудниками Центробанка»: a relative
        # clause describes a thing, it names no one the warning is aimed at.)
        sub -= {j for k in sorted(sub) if tree.tok(k).rel.startswith("acl") for j in tree.subtree(k)}
        tok = tree.tok(i)
        if frame.pos == "VERB" and tok.rel == "parataxis" and tok.head >= 0 and tree.tok(tok.head).pos in ("VERB", "AUX", "ADJ"):
            # «Удар США … не останется без последствий, предупредил X» (a quote's own actors are
            # not by that warned: «"Россия не отдаст Крым Украине", — предупредил Лавров»)
            words = tree.subtree(tok.head) - tree.subtree(i)
            if not any(tree.tok(k).text in QUOTES for k in words):
                sub |= words
        # «удар США по Сирии»: the side an attack falls on is not the one warned of its consequences
        # (natasha may hang «по Сирии» on the last of the attackers: «удар США, Великобритании и Франции по Сирии»)
        # (only an attack by someone named: «пригрозил ударом по Сирии» threatens Сирия itself)
        attacks = [a for a in sub if tree.tok(a).lemma in ctx.lex.grammar.attack_nouns and any(
            tree.prep(c) is None and actors_at(ctx, tree, c) for c in tree.children(a, "nmod"))]
        after = {max(tree.subtree(a)) + 2 for a in attacks}  # the noun of a «по X» right after the attack's phrase
        sub -= {j for x in sorted(sub) if tree.prep(x) in ("по", "на", "в", "против") and (any(
                a in attacks for a in list(tree.ancestors(x))[:3]) or x in after) for j in tree.subtree(x)}
        g = governor(tree, i) if frame.pos == "NOUN" else None
        if g is not None:  # «даст сокрушительный ответ Израилю»: the dative of the verb giving it
            sub |= {k for k in tree.children(g, "iobj", "obl", "obj") if tree.tok(k).feat("Case") == "Dat"
                    and tree.prep(k) is None}
            if tree.tok(g).lemma in ctx.lex.grammar.suffer_verbs:  # «Китай столкнётся с последствиями»
                sub |= {j for k in tree.children(g, "nsubj") for j in tree.subtree(k)}
        found = []
        for k in sorted(sub):
            m = ctx.dm.at(sid, k)
            if m and ctx.is_actor(m.entity) and not m.as_place and m.first == k:
                found.append(m.entity)
        return found
    if spec == "quote":
        return quoted_addressee(ctx, tree, i)
    return []


def quoted_addressee(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """«"Пекин не позволит Тайбэю …", — предупредил X»: whom the quoted words a warning verb reports
    are aimed at — the one actor the quote names outside its subjects; none when several compete."""
    toks = tree.sent.tokens
    k = i - 1
    while k >= 0 and toks[k].text in (",", "—", "–", "-"):
        k -= 1
    if k < 1:
        return []
    if toks[k].text in QUOTES:
        start = next((j for j in range(k - 1, -1, -1) if toks[j].text in QUOTES), None)
        if start is None:
            return []
    elif toks[i - 1].text == "," and tree.tok(i).rel in ("parataxis", "root") and i > 2:
        # «Венгрия может заблокировать решение о вступлении Украины, пригрозил Орбан»: the words
        # reported without quotes, from the sentence's start.
        start, k = -1, i - 1
    else:
        return []
    sid = tree.sent.i
    found: dict[str, int] = {}
    for j in range(start + 1, k):
        m = ctx.dm.at(sid, j)
        subj = tree.tok(m.head).rel.startswith("nsubj") or tree.tok(m.head).rel == "conj" and tree.tok(
            tree.tok(m.head).head).rel.startswith("nsubj") if m is not None else False  # («Иран и Израиль …»)
        if m is None or m.first != j or m.kind == "pronoun" or subj \
                or tree.prep(m.head) in ("в", "во", "на"):
            continue  # (a pronoun in the quote may be the speaker's own side: «поддерживающих его»)
        seat = seat_of(ctx, m.entity) if class_of(ctx, m.entity) == "City" else None
        if seat is not None:
            found.setdefault(seat, m.head)  # «не позволит Тайбэю»: a capital addressed is its state
        elif ctx.is_actor(m.entity) and not m.as_place:
            found.setdefault(m.entity, m.head)
    if len(found) > 1:
        # «не позволим Вашингтону и Сеулу»: one coordinated addressee is still one; else they compete.
        heads = sorted(found.values())
        listed = all(tree.tok(h).rel == "conj" and tree.tok(h).head == heads[0] for h in heads[1:])
        return sorted(found) if listed else []
    return list(found)


def refused_objects(ctx: DocContext, tree: Tree, x: int) -> list[int]:
    """The objects of an act refused in infinitive X and its conjuncts («отказались выполнять это
    требование»), never of a hostile act or a comment («отказалась осудить действия России»)."""
    verbs = [v for v in [x, *tree.children(x, "conj")] if tree.tok(v).lemma not in ctx.lex.grammar.hostile_acts]
    return [o for v in verbs for o in tree.children(v, "obj")]


COMPLEMENT_PREPS = {"на", "к", "от", "о", "об", "в", "с", "по"}
# What one rejects when the rejection names no author: a proposal or «это».
PROPOSAL_WORDS = {"требование", "условие", "ультиматум", "предложение", "просьба", "призыв", "инициатива",
                  "план", "шаг", "идея", "это", "этот", "то", "запрос", "проект", "ходатайство",
                  "обвинение", "претензия", "утверждение", "заявка", "обращение"}


def _person_like(ctx: DocContext, tree: Tree, k: int) -> bool:
    """A person: a common noun for one («бывшего главу»), or a name the mentions make a person."""
    m = ctx.dm.at(tree.sent.i, k)
    return tree.tok(k).pos == "NOUN" if m is None else class_of(ctx, m.entity) == "Person"


def has_other_owner(tree: Tree, k: int) -> bool:
    """«просьбу защиты», «ходатайство адвоката»: a request whose author the text names as a plain
    noun, not a pronoun or a possessive («это требование», «их просьбу»)."""
    return any(tree.tok(c).pos == "NOUN" and tree.prep(c) is None and tree.tok(c).feat("Case") == "Gen"
               for c in tree.children(k, "nmod"))


def _misplaced_objects(ctx: DocContext, tree: Tree, i: int) -> list[int]:
    """«принял в Белом доме канцлера ФРГ»: natasha hangs an object that follows a named place on
    the place, as if its owner; a name takes no owner, so the animate noun is the verb's object."""
    sid = tree.sent.i
    out = []
    for k in tree.children(i, "obl"):
        m = ctx.dm.at(sid, k)
        if m is None or tree.prep(k) not in ("в", "во", "на") or class_of(ctx, m.entity) == "Person":
            continue
        out += [j for j in tree.children(k, "nmod") if j > k and tree.prep(j) is None
                and tree.tok(j).feat("Animacy") == "Anim" and tree.tok(j).feat("Case") in ("Gen", "Acc")]
    return out


def _lemmas_through(ctx: DocContext, tree: Tree, ks: list[int]) -> set[str]:
    """Lemmas of the words ks, looking through a quantity to what it counts («ряд условий»,
    «пакет санкций» count as «условие», «санкция») and through a document to what it carries
    («ноту с требованием» counts as «требование»)."""
    g = ctx.lex.grammar
    out = {tree.tok(k).lemma for k in ks}
    return out | {tree.tok(j).lemma for k in ks for j in tree.children(k, "nmod")
                  if tree.tok(k).lemma in g.quantity_nouns and tree.prep(j) is None
                  or tree.tok(k).lemma in g.document_nouns and tree.prep(j) in ("с", "со")}


def frames_at(ctx: DocContext, tree: Tree, t: Token) -> list[Frame]:
    frames = ctx.lex.frames.get(t.lemma)
    if not frames:
        return []  # most words trigger nothing: no feature lookups for them
    if t.rel == "amod" or (t.feat("VerbForm") == "Part" and t.rel.startswith("acl") and not (
            t.head >= 0 and tree.tok(t.head).lemma in ctx.lex.grammar.document_nouns)):
        # «угрожающих систем»: an attribute, not an act; «резолюция, требующая…» is one, and so is
        # a meeting told of its participants («Лавров и Блинкен, встречавшиеся в Женеве»).
        if not (t.rel.startswith("acl") and t.pos == "VERB"):
            return []
        return [f for f in frames if f.type == "talks" and f.pos == "VERB" and not f.with_ and not f.needs_person_object]
    out = []
    for f in frames:
        pos_ok = ((f.pos == "VERB" and t.pos in ("VERB", "AUX")) or (f.pos == "NOUN" and t.pos in ("NOUN", "PROPN"))
                  or (f.pos == "ADJ" and t.pos in ("ADJ", "VERB", "AUX")) or (f.pos == "PART" and t.pos == "PART"))
        if not pos_ok:
            continue
        if f.with_:
            kids = _lemmas_through(ctx, tree, tree.children(t.i))
            if t.lemma in ctx.lex.grammar.quantity_nouns:
                # «список ненадёжных организаций»: a list is of the kind of what it counts.
                kids |= {tree.tok(a).lemma for j in tree.children(t.i, "nmod") if tree.prep(j) is None
                         for a in tree.children(j, "amod")}
            if not kids & f.with_:
                # «назвал требование Минска открыть границу неприемлемым»: the parser may hang the
                # predicate adjective on the object's own infinitive.
                kids = {tree.tok(j).lemma for o in tree.children(t.i, "obj") for j in tree.subtree(o)
                        if tree.tok(j).pos == "ADJ" and tree.tok(j).feat("Case") == "Ins"}
            if not kids & f.with_:
                continue
        if f.needs_infinitive and not tree.children(t.i, "xcomp", "csubj"):
            continue  # «обязан всем своим детям»: owing no act («должны быть прописаны» owes one)
        if f.clause_mark and not any(tree.tok(m).lemma in f.clause_mark
                                     for k in tree.children(t.i, "ccomp", "advcl") for m in tree.children(k, "mark")):
            continue  # «хотим, чтобы ООН…», not «хотим мира»
        if f.object_lemmas and not _lemmas_through(ctx, tree, [
                k for k in tree.children(t.i, "obj", "obl", "nsubj:pass", *(("nsubj",) if f.pos == "ADJ" else ()),
                                         *(("nmod",) if f.pos == "NOUN" else ()))
                if f.object_prep is None or tree.prep(k) == f.object_prep]) & f.object_lemmas:
            continue  # «назвал наращивание войск неприемлемым» is criticism, not a rejection
        out.append(f)
    return out

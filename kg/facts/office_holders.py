"""Affiliation facts: who holds which post where — posts the text names with their holders
(«президент России Владимир Путин»), and appointments («избран премьер-министром»)."""

from __future__ import annotations

from kg.facts.actors import actors_at, resolve_role, role_persons, subject
from kg.facts.context import DocContext, class_of
from kg.facts.membership import members
from kg.facts.posts import (
    coref_person,
    described_person,
    is_region,
    nested_role,
    own_orgs,
    post_fact,
    post_lemma,
    role_orgs,
    role_rule,
    sought_post,
)
from kg.facts.units import unit_org
from kg.lexicon import RoleRule
from kg.mentions import STATE_NOUNS
from kg.records import Fact
from kg.tree import Tree, plural


def affiliations(ctx: DocContext, tree: Tree, *, explicit_only: bool = False) -> list[Fact]:
    out = []
    sid = tree.sent.i
    for t in tree.sent.tokens:
        # «Экс-председатель» is often tagged an adjective: the prefix is no adjective's.
        noun = t.pos in ("NOUN", "PROPN") or t.pos == "ADJ" and t.lemma != post_lemma(t.lemma)
        if not noun or post_lemma(t.lemma) not in ctx.lex.roles:
            continue
        rule = role_rule(ctx, tree, t.i)
        if rule is None or nested_role(ctx, tree, t.i) or sought_post(ctx, tree, t.i):
            continue
        orgs = own_orgs(ctx, tree, t.i, role_orgs(ctx, tree, t.i, rule))
        if not orgs and t.rel == "conj" and t.head >= 0 and tree.tok(t.head).lemma in ctx.lex.roles:
            # «Президент Израиля Ривлин и премьер-министр Нетаньяху»: the same state for both posts;
            # but a state named inside this post's own phrase, wherever the parse hung it, is its
            # own («заместитель министра России Корнеев и помощник министра КНР Лю»).
            orgs = [o for o in role_orgs(ctx, tree, t.head) if class_of(ctx, o) == "State"]
            orgs = own_orgs(ctx, tree, t.i, [o for o in orgs if _named_after(ctx, tree, t.i, o)]) or orgs
        span = {k for k in tree.subtree(t.i) if ctx.dm.at(sid, k) and ctx.dm.at(sid, k).entity in orgs}
        if t.rel == "conj":  # the phrase's own state hung elsewhere still ends its phrase, before the name
            span |= {k for k in range(t.i + 1, min(len(tree.sent.tokens), t.i + 8))
                     if (m := ctx.dm.at(sid, k)) is not None and m.entity in orgs}
        persons = role_persons(ctx, tree, t.i, span)
        if not persons:
            # «Председатель ОБСЕ, министр иностранных дел Швейцарии Дидье Буркхальтер»
            for k in tree.children(t.i, "appos", "conj"):
                if tree.tok(k).lemma in ctx.lex.roles and k > t.i and tree.tok(k - 1).text in (",", "—", "–"):
                    inner = {j for j in tree.subtree(k) if (m := ctx.dm.at(sid, j)) and class_of(ctx, m.entity) != "Person"}
                    persons = role_persons(ctx, tree, k, inner)
        if not persons and not plural(t):
            persons = _agreeing_name_after(ctx, tree, t.i)
        orgs = [o for o in orgs if (ctx.is_actor(o) or rule.local and class_of(ctx, o) in ("City", "Place")
                                    or is_region(ctx, o))
                and class_of(ctx, o) != "Person" and not (rule.no_state and class_of(ctx, o) == "State")]
        if len(persons) == 1 and not plural(t):
            orgs = _own_state_over_anaphor(ctx, tree, span, persons[0], orgs)
        conf = 0.85
        if not orgs and len(persons) == 1 and rule.office and not plural(t) and t.feat("Case") == "Nom":
            orgs, conf = _office_of(ctx, persons[0], rule.office), 0.6
        if not orgs:
            continue
        # «уволил … с поста министра», «назначил … на пост министра»: a post someone is removed
        # from or given is his (actors._appointed) and refers to no one else.
        g = ctx.lex.grammar
        up = tree.tok(t.head).head if t.head >= 0 and tree.tok(t.head).lemma in g.post_nouns else -1
        as_post = up >= 0 and (tree.prep(t.head) in ("с", "от") or tree.tok(up).lemma in g.appoint_verbs
                               or tree.tok(up).lemma in g.appointment_nouns
                               or tree.tok(up).rel == "obj" and tree.tok(tree.tok(up).head).lemma in g.appoint_verbs)
        if not persons and rule.office and not explicit_only and not as_post:
            # «Премьер-министр Израиля заявил…» after «Нетаньяху…»: the post names a known person;
            # «президенты России и Сербии обсудили…»: each organisation its own holder.
            targets = orgs if plural(t) and len(orgs) > 1 else orgs[:1] if not plural(t) else []
            found = [coref_person(ctx, rule.office, o) for o in targets]
            if found and all(found):
                persons, conf = [p for p in found if p], 0.6
        if not persons:
            continue
        # «Президенты России и США Путин и Байден»: pair them in order.
        if len(persons) == len(orgs) > 1:
            pairs = list(zip(persons, orgs, strict=True))
        elif len(persons) == 1 and not (plural(t) and len(orgs) > 1):
            pairs = [(persons[0], o) for o in orgs]
        elif len(persons) == 1:
            # «президенты России и Белоруссии … Лукашенко», one name found: his own state, if known.
            own = ctx.state_of(persons[0])
            pairs = [(persons[0], own)] if own in orgs else []
        else:
            pairs = [(p, orgs[0]) for p in persons] if len(orgs) == 1 else []
        for person, org in pairs:
            if rule.office:
                state = ctx.state_of(org) or org
                ctx.role_map[(rule.office, org)] = person
                ctx.role_map.setdefault((rule.office, state), person)
                ctx.office_order.append((rule.office, person))
                if class_of(ctx, state) == "State":
                    ctx.person_state.setdefault(person, state)
            out.append(post_fact(ctx, tree, f"role.{rule.head}", person, org, rule.role, conf))
    return out


def _own_state_over_anaphor(ctx: DocContext, tree: Tree, span: set[int], person: str, orgs: list[str]) -> list[str]:
    """«…представители Южной Кореи… власть лидера страны Ким Чен Ына»: the state a bare «страна»
    was taken to stand for gives way to the state the gazetteer says the named holder serves."""
    entry = ctx.gaz.entries.get(person)
    own = entry.state if entry is not None else None
    if own is None or own in orgs or own not in ctx.gaz.entries:
        return orgs
    guessed = {m.entity for k in span if (m := ctx.dm.at(tree.sent.i, k)) is not None and m.kind == "metonymy"}
    return [ctx.known(own) if o in guessed and class_of(ctx, o) == "State" else o for o in orgs]


def _relative_org(ctx: DocContext, tree: Tree, v: int, post: int) -> list[str]:
    """«партия «Союз за Мали», руководителем которой он является»: the post's «которой» is the
    organisation the relative clause describes."""
    if tree.tok(v).rel != "acl:relcl" or tree.tok(v).head < 0 or not any(
            tree.tok(k).lemma == "который" for k in tree.children(post, "nmod")):
        return []
    head = tree.tok(v).head
    for k in [head, *tree.children(head, "appos", "flat", "nmod")]:
        m = ctx.dm.at(tree.sent.i, k)
        if m is not None and class_of(ctx, m.entity) in ("Organization", "GovernmentBody", "InternationalOrganization"):
            return [m.entity]
    return []


def _states_body(ctx: DocContext, key: str) -> bool:
    e = ctx.entity(key)
    return e is not None and e.cls == "GovernmentBody" and e.part_of is not None and class_of(ctx, e.part_of) == "State"


def _named_after(ctx: DocContext, tree: Tree, i: int, org: str) -> bool:
    """Is `org` named within the few words after the post noun at i?"""
    return any((m := ctx.dm.at(tree.sent.i, k)) is not None and m.entity == org
               for k in range(i + 1, min(len(tree.sent.tokens), i + 8)))


def _office_of(ctx: DocContext, person: str, office: str) -> list[str]:
    """«Президент Обама заявил», «Глава государства Дмитрий Медведев выразил»: a post named with
    its holder but no organisation, the holder acting in it (the phrase a subject, in the
    nominative), is the office the table says he holds on the document's date (any time, when
    the date is unknown), if that is one organisation. Named in passing («противостоящими
    президенту Асаду») the post is only a description, and no fact the contract asks for."""
    held = {o.org for o in ctx.gaz.roles_of(person, ctx.date) if o.role == office and o.org in ctx.gaz.entries}
    return [ctx.known(held.pop())] if len(held) == 1 else []


def appointments(ctx: DocContext, tree: Tree) -> list[Fact]:
    """«парламент Кубы утвердил Диас-Канеля председателем Госсовета», «Хитто избран
    премьер-министром», «коалиция выбрала Хитто в качестве премьер-министра»."""
    out = []
    for v in tree.sent.tokens:
        if v.lemma not in ctx.lex.grammar.appoint_verbs or v.pos not in ("VERB", "AUX"):
            continue
        for k in tree.children(v.i, "xcomp", "obl", "nmod"):
            role_tok = k
            if tree.prep(k) == "в_качество" or tree.tok(k).lemma == "качество":
                role_tok = next(iter(tree.children(k, "nmod")), k)
            rt = tree.tok(role_tok)
            if rt.lemma not in ctx.lex.roles or (rt.feat("Case") != "Ins" and role_tok == k):
                continue
            rule = role_rule(ctx, tree, role_tok)
            if rule is None:
                continue
            # «стал премьером», «работает послом России»: the subject holds the post
            passive = v.feat("Voice") == "Pass" or v.lemma in ("стать", "становиться", "являться", "остаться",
                                                               "работать", "служить")
            holder_rels = ("nsubj", "nsubj:pass") if passive else ("obj",)
            persons = [a for h in tree.children(v.i, *holder_rels) for a in actors_at(ctx, tree, h)
                       if class_of(ctx, a) == "Person"]
            if not persons and passive and (described := described_person(ctx, tree, v.i)):
                persons = [described]  # «Петров, являющийся министром финансов Болгарии»
            if not persons and passive:
                persons = clause_holder(ctx, tree, v.i)
            orgs = role_orgs(ctx, tree, role_tok, rule)
            if not orgs and not passive:
                orgs = [a for a in subject(ctx, tree, v.i, linear=False)
                        if class_of(ctx, a) not in ("Person", None)]
            # Unknown organisations named only by a common noun phrase («Государственного совета»)
            # lack the state that makes their name; keep the posts in organisations we know.
            # A state's body the text names with its state is known enough («депутатом парламента
            # Грузии», or the one state of the document).
            # So is one named by a quoted title after its kind («от партии «Новые правые»»).
            orgs = [o for o in orgs if o in ctx.gaz.entries or class_of(ctx, o) == "State" or _states_body(ctx, o)
                    or any("«" in f for f in ctx.dm.forms.get(o, ()))]
            # «партия «Союз за Мали», руководителем которой он является»: the clause's own antecedent.
            orgs = orgs or _relative_org(ctx, tree, v.i, role_tok)
            for person in persons:
                for org in orgs:
                    out.append(post_fact(ctx, tree, f"appoint.{v.lemma}", person, org, rule.role, 0.75))
    return out + headed(ctx, tree) + members(ctx, tree)


def headed(ctx: DocContext, tree: Tree) -> list[Fact]:
    """«Петров возглавляет «Ростех»», «Петров, возглавляющий «Ростех»», «Петров, который
    руководит «Ростехом»»: the holder is the subject or the person the clause describes, the
    organisation the object the text names (an unnamed «отдел» gives no fact)."""
    out = []
    sid = tree.sent.i
    for v in tree.sent.tokens:
        rule = next((r for r in ctx.lex.roles.get(v.lemma, ()) if r.verb), None)
        if rule is None or v.pos not in ("VERB", "ADJ") or any(
                tree.tok(k).lemma in ctx.lex.grammar.negations for k in tree.children(v.i, "advmod")):
            continue
        if tree.children(v.i, "obl:agent"):
            out += _led_by(ctx, tree, v.i, rule)
            continue
        w = v  # «который продолжает работать в НАСА»: the holder of the verb the infinitive completes
        for _ in range(3):  # (a bounded climb: the parser's output is not always a tree)
            if w.rel != "xcomp" or w.head < 0:
                break
            w = tree.tok(w.head)
        holders = [w.head] if w.rel in ("acl", "acl:relcl") and w.head >= 0 else tree.children(w.i, "nsubj")
        described = described_person(ctx, tree, w.i)
        # «посол Японии Синдзи Харада, ранее возглавлявший …»: the clause hangs on the post noun.
        holders += [k for h in holders if tree.tok(h).lemma in ctx.lex.roles for k in tree.children(h, "appos")]
        # «Скотт Хоровитц, бывший астронавт, который …»: the clause hangs on the name's apposition.
        holders += [tree.tok(h).head for h in holders if tree.tok(h).rel == "appos" and tree.tok(h).head >= 0]
        persons = [m.entity for h in holders if (m := ctx.dm.at(sid, h)) and class_of(ctx, m.entity) == "Person"]
        if not persons and described:
            persons = [described]
        if not persons and not holders:
            persons = clause_holder(ctx, tree, w.i)
        # The object, or the name beside its common noun («компанию «Ростекстиль»»); not a state's
        # genitive («отдел России» is a department, not Russia).
        objs = [k for k in tree.children(v.i, "obj", "obl") if tree.prep(k) == rule.verb_prep]
        # «управляющий компанией TechLine»: the parse often calls a participle's object nmod.
        objs += [k for k in tree.children(v.i, "nmod") if rule.verb_prep is None and tree.prep(k) is None
                 and tree.tok(k).feat("Case") in ("Ins", "Acc")]
        objs += [c for k in objs if ctx.dm.at(sid, k) is None for c in tree.children(k, "appos", "flat", "nmod")]
        # A state only as the object itself («возглавляет Россию») or its government («возглавляет
        # правительство Эстонии»); not «работает в России».
        state_ok = {objs[0], *(c for c in tree.children(objs[0], "nmod") if tree.tok(objs[0]).lemma in STATE_NOUNS)} \
            if objs and rule.verb_prep is None else set()
        orgs = [m.entity for k in objs if (m := ctx.dm.at(sid, k)) and ctx.is_actor(m.entity)
                and class_of(ctx, m.entity) not in ("Person", "State") or (m and m.first == k and k in state_ok
                and class_of(ctx, m.entity) == "State")]
        heads = [(k, u) for k in objs if (u := unit_org(ctx, tree, k)) is not None]
        units = [u for _, u in heads]
        if units:  # «возглавлял отдел России в итальянском МИДе»: the unit, and the organisation the clause names
            inner = {m.entity for k, _ in heads if (m := ctx.dm.at(sid, k)) is not None}
            orgs = units[:1] + [o for o in orgs if o not in inner][:1]
        if not units and orgs:  # «работал в Газпроме и Роснефти»: each organisation coordinated with the first
            orgs = orgs[:1] + [m.entity for k in objs[:1] for c in tree.children(k, "conj")
                               if (m := ctx.dm.at(sid, c)) and ctx.is_actor(m.entity)
                               and class_of(ctx, m.entity) not in ("Person", "State") and m.entity != orgs[0]]
        for person in persons[:1]:
            for org in orgs[:2] if units else orgs:
                out.append(post_fact(ctx, tree, f"post-verb.{v.lemma}", person, org, rule.role, 0.75))
    return out


def clause_holder(ctx: DocContext, tree: Tree, v: int) -> list[str]:
    """The holder of a post clause with no subject of its own: the subject of the verb it is
    coordinated with («Мейв Кеннеди окончила …, работала в …, возглавляла …»), else the subject
    kg.actors finds (a zero subject kg.coref resolved)."""
    w = tree.tok(v)
    for _ in range(4):  # (bounded: the parse may hold cycles)
        if w.rel != "conj" or w.head < 0:
            break
        w = tree.tok(w.head)
        subj = tree.children(w.i, "nsubj", "nsubj:pass")
        if subj:
            return [a for k in subj for a in actors_at(ctx, tree, k) if class_of(ctx, a) == "Person"][:1]
    return [a for a in subject(ctx, tree, v) if class_of(ctx, a) == "Person"][:1]


def _agreeing_name_after(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """«художественному руководителю театра, полному кавалеру ордена …, Александру Ширвиндту»:
    a post's name after other appositions — the first person named after it, in the post noun's
    case, with no verb, «и», clause or other person between."""
    case = tree.tok(i).feat("Case")
    if case is None:
        return []
    sid = tree.sent.i
    toks = tree.sent.tokens
    for k in range(i + 1, min(len(toks), i + 25)):
        t = toks[k]
        m = ctx.dm.at(sid, k)
        if m is not None and class_of(ctx, m.entity) == "Person":
            ok = m.first == k and toks[m.head].feat("Case") == case and toks[m.head].feat("Number") != "Plur"
            return [m.entity] if ok else []
        if t.pos in ("VERB", "AUX") or t.text in (";", ":", "—", "–") or t.lemma in ("который", "и", "или", "что"):
            return []
    return []


def _led_by(ctx: DocContext, tree: Tree, v: int, rule: RoleRule) -> list[Fact]:
    """«партия «Ликуд», возглавляемая премьер-министром Биньямином Нетаньяху», «РСП, возглавляемый
    Никитой Михалковым»: a passive verb of holding — its agent holds the post in the organisation
    the participle describes (or the passive's subject)."""
    sid = tree.sent.i
    agents = tree.children(v, "obl:agent")
    persons = [m.entity for k in agents for c in (k, *tree.children(k, "appos"))
               if (m := ctx.dm.at(sid, c)) is not None and class_of(ctx, m.entity) == "Person"]
    heads = [tree.tok(v).head] if tree.tok(v).rel in ("acl", "acl:relcl") else tree.children(v, "nsubj:pass")
    orgs = [m.entity for h in heads if h >= 0 for c in (h, *tree.children(h, "appos", "flat"))
            if (m := ctx.dm.at(sid, c)) is not None and class_of(ctx, m.entity) in ("Organization",
            "GovernmentBody", "InternationalOrganization", "State")]
    return [post_fact(ctx, tree, f"post-verb.{tree.tok(v).lemma}", person, org, rule.role, 0.75)
            for person in persons[:1] for org in orgs[:1]]


def subject_by_post(ctx: DocContext, tree: Tree) -> None:
    """«Президент Франции посетил Китай. В Пекине он провел переговоры…»: a subject named by
    its post is the person «он» refers to next."""
    for t in tree.sent.tokens:
        if t.rel == "nsubj" and t.head >= 0 and tree.tok(t.head).rel == "root" and t.lemma in ctx.lex.roles \
                and not plural(t) and ctx.dm.at(tree.sent.i, t.i) is None:
            found = [a for a in resolve_role(ctx, tree, t.i) if class_of(ctx, a) == "Person"]
            if len(found) == 1:
                ctx.last_subject = ctx.last_person = found[0]

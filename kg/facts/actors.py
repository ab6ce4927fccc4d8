"""Mention → actor: names, post phrases, pronouns, «российская сторона», anaphoric nouns; and
the subject of a verb, read off the tree or, failing that, off the word order."""

from __future__ import annotations

from kg.facts.context import DocContext, class_of, uniq
from kg.facts.lists import (
    QUOTES,
    agrees,
    described_before,
    is_person_at,
    item_persons,
    items,
    name_before,
    name_run,
    post_phrase_end,
    run_start,
)
from kg.facts.posts import coref_person, described_person, role_orgs, role_rule
from kg.facts.unnamed import (
    OBLIQUE_PRONOUNS,
    government_of,
    impersonal_source,
    oblique_antecedent,
    of_state,
    organisation_anaphor,
)
from kg.tree import (
    Tree,
    across_clauses,
    agreeing_antecedent,
    coordination_of,
    governor,
    plural,
    relative_antecedent,
)

PERSON_PRONOUNS = {"он", "она"}
# Mentions that stand for their actor: names, capitals, «российская сторона», bodies, and what
# kg.coref resolved (pronouns, «страна», descriptions).
ACTING_KINDS = {"name", "capital", "state-noun", "body", "pronoun", "metonymy", "description"}
# What an unnamed official may speak for (not the city or region of a local post).
ACTING_CLASSES = {"State", "InternationalOrganization", "GovernmentBody", "Organization", "Bloc"}


def role_persons(ctx: DocContext, tree: Tree, i: int, orgs_span: set[int], *, stacked: bool = False) -> list[str]:
    """Persons a post phrase is attached to: the name right after it («президент России
    Владимир Путин»), after a second post phrase («наблюдатель от ОБСЕ португальский
    парламентарий Хуан Суареш»), an apposition, or a name before it («Путин, президент России»)."""
    sid = tree.sent.i
    # The post phrase ends before the first name after it; names deeper in its subtree belong to
    # later items of a list («премьер-министром Италии Марио Росси, канцлером Австрии …»).
    end = post_phrase_end(ctx, tree, i)
    while end + 1 in orgs_span and not is_person_at(ctx, tree, end + 1):
        end += 1
    # A long name the parse splits («фронта за демократию … (ОФДД)») ends where its mention does.
    # Not past a name: «Председатель КНР Ху … и премьер Госсовета КНР Вэнь …» names КНР twice.
    end = max([end] + [m.last - 1 for k in orgs_span if (m := ctx.dm.at(sid, k)) and m.last - 1 <= end + 12
                       and not any(is_person_at(ctx, tree, j) for j in range(end + 1, m.first))])
    nxt = end + 1
    while nxt < len(tree.sent.tokens) and (tree.tok(nxt).text in QUOTES or tree.tok(nxt).text == ")"):
        nxt += 1
    place = ctx.dm.at(sid, nxt + 1) if nxt + 1 < len(tree.sent.tokens) and tree.tok(nxt).lemma == "в" else None
    if place is not None and place.first == nxt + 1 and class_of(ctx, place.entity) in ("City", "State"):
        nxt = place.last  # «послы США и Великобритании в Москве Линн Трейси и …»: where they serve
    words = [t.text.lower() for t in tree.sent.tokens[nxt:nxt + 3]]
    said = next((n for n, w in enumerate(words[:2]) if w in ctx.lex.grammar.respectively_words), None)
    if said is not None:  # «министры Украины и Польши, соответственно, Кулеба и Сикорский»
        nxt += said + 1 + (words[said + 1:said + 2] == [","])
    elif plural(tree.tok(i)) and words[:1] in ([","], ["—"], ["–"]) and is_person_at(ctx, tree, nxt + 1):
        nxt += 1  # «Главы МИД Германии и Польши, Бербок и Сикорский соответственно, …»
    m = ctx.dm.at(sid, nxt)
    if m and class_of(ctx, m.entity) == "Person" and m.first == nxt:
        out = [m.entity]
        if plural(tree.tok(i)):
            out += name_run(ctx, tree, nxt)  # «премьеры Италии и Испании Марио Росси и Педро Гомес»
            for c in tree.children(m.head, "conj"):
                mc = ctx.dm.at(sid, c)
                if mc and class_of(ctx, mc.entity) == "Person":
                    out.append(mc.entity)
        return uniq(out)
    post = nxt
    while post < len(tree.sent.tokens) and tree.tok(post).pos == "ADJ":
        post += 1
    # Only posts that follow one another with nothing between: no name, «и» or comma.
    between = range(i + 1, post)
    if (not stacked and post < len(tree.sent.tokens) and tree.tok(post).lemma in ctx.lex.roles
            and not plural(tree.tok(i)) and tree.tok(post).rel != "conj"
            and tree.tok(nxt - 1).pos not in ("CCONJ", "PUNCT") and tree.tok(nxt - 1).text != ","
            and not any((mk := ctx.dm.at(sid, k)) and class_of(ctx, mk.entity) == "Person" for k in between)):
        inner = {k for k in tree.subtree(post) if (mk := ctx.dm.at(sid, k)) and class_of(ctx, mk.entity) != "Person"}
        found = role_persons(ctx, tree, post, inner, stacked=True)
        if found:
            return found
    for k in tree.children(i, "appos"):  # «президент … союза (УЕФА) Леннарт Юханссон»
        m = ctx.dm.at(sid, k)
        if m and class_of(ctx, m.entity) == "Person" and m.first == k and k > i:
            return [m.entity]
    before = name_before(ctx, tree, i)
    if before is not None:
        return [before]
    described = described_before(ctx, tree, i)
    return [described] if described else _appointed(ctx, tree, i)


def _appointed(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """«поздравил Туска с избранием на пост главы Кубы», «избрание Туска на пост…», «Рютте
    вступил в должность генсека НАТО»: the person the post phrase is given to."""
    g = ctx.lex.grammar
    post = tree.tok(i).head
    if post < 0 or tree.tok(post).lemma not in g.post_nouns or tree.tok(post).head < 0:
        return []
    up = tree.tok(post).head
    if tree.tok(up).lemma in g.appointment_nouns:
        own = [a for k in tree.children(up, "nmod") if tree.prep(k) is None for a in actors_at(ctx, tree, k)]
        gov = governor(tree, up)
        holders = own or ([a for k in tree.children(gov, "obj") for a in actors_at(ctx, tree, k)] if gov is not None else [])
    elif tree.tok(up).pos in ("VERB", "AUX") and tree.tok(up).lemma not in g.appoint_verbs:
        # «вступил в должность», «заступил на пост»; «Громов, исполняющий обязанности посла»
        described = described_person(ctx, tree, up)
        holders = [described] if described else subject(ctx, tree, up, linear=False)
        if tree.prep(post) in ("с", "от"):
            # «уволил Сомова с поста министра»: who is removed from a post held it; the subject
            # only when no one else is («ушёл с поста министра»).
            removed = [a for k in tree.children(up, "obj") for a in actors_at(ctx, tree, k)]
            holders = removed or ([] if tree.children(up, "obj") else holders)
    elif tree.prep(post) in ("на", "в"):  # «назначил Керри на пост госсекретаря»: the one appointed
        # (the parse may hang «на пост» on him: «назначил сенатора Смита на пост …»)
        named = [up] if tree.tok(up).rel == "obj" else tree.children(up, "obj", "nsubj:pass")
        holders = [m.entity for k in named for c in (k, *tree.children(k, "appos")) if (m := ctx.dm.at(tree.sent.i, c))
                   and agrees(tree, c, k)]  # «заместительница Сергея Собянина Анастасия Ракова»: Ракова
    else:
        return []
    return [a for a in holders if class_of(ctx, a) == "Person"][:1]


def resolve_role(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """A post phrase used as an actor: the person the document or the office table names."""
    rule = role_rule(ctx, tree, i)
    if rule is None:
        return []
    orgs = role_orgs(ctx, tree, i)
    span = {k for k in tree.subtree(i) if ctx.dm.at(tree.sent.i, k)}
    persons = role_persons(ctx, tree, i, span)
    if persons:
        return persons
    many = plural(tree.tok(i))
    if many and len(orgs) == 1:
        return orgs  # «израильские представители»: a group of officials acts for its state
    if many and not orgs and any(tree.tok(k).lemma not in rule.with_ and tree.tok(k).pos == "NOUN"
                                 for k in tree.children(i, "nmod")):
        return []  # «президенты 50 стран»: an open list, nobody in particular
    out: list[str] = []
    for org in orgs or [None]:
        entry = ctx.gaz.entries.get(org) if org else None
        head_of_state = entry is not None and entry.cls == "State" and rule.role in ctx.lex.grammar.head_roles and (
            rule.office is None or rule.role == "лидер")
        if rule.office is None and not head_of_state:
            if org and rule.from_org:
                out.append(org)  # «коллеги из Индии и Бразилии»: counterparts nobody names act for their states
            continue
        state = ctx.state_of(org) if org else None
        person = None
        office = rule.office or "президент"  # «с новым главой Кубы»: whoever leads the state
        if head_of_state and entry is not None and entry.leader:
            office = entry.leader  # «лидеры Германии и Италии»: the chancellor and the premier, not the presidents
        if org:
            person = ctx.role_map.get((office, org)) or (state and ctx.role_map.get((office, state)))
            if person is None:
                person = ctx.gaz.holder(office, state if rule.state_office and state else org, ctx.date)
                if person is not None and person in ctx.gaz.entries:
                    ctx.known(person)
            if person is None:
                person = coref_person(ctx, office, org)
        else:
            recent = [p for office, p in reversed(ctx.office_order) if office == rule.office]
            recent = uniq(recent)
            if not many and ctx.last_subject in recent:
                recent = [ctx.last_subject]  # «глава государства отметил» after «Путин дал пояснения»
            if recent:
                out.extend(recent[:2] if many else recent[:1])
            continue
        out.append(person or org)
    return uniq([k for k in out if k])


def actors_at(ctx: DocContext, tree: Tree, i: int, *, conj: bool = True, depth: int = 0) -> list[str]:
    """The actors a token stands for, with its coordinated siblings («США и НАТО»)."""
    if depth > 3:
        return []
    if not conj:
        return uniq(actor_single(ctx, tree, i, depth))
    # Each item of a list is one actor: its own named holder first, read inside the item
    # (kg/facts/lists.py), since the parser may hang a name or a conjunct on another item.
    heads = [k for k in items(tree, i) if k >= i]
    out: list[str] = []
    for n, k in enumerate(heads):
        out += item_persons(ctx, tree, heads, n) or actor_single(ctx, tree, k, depth)
    if tree.children(i, "conj"):
        # «Заместитель министра Олег Корнеев и помощник министра Лю Цзяньго»: both names
        # may hang on the first post, the second post left without one.
        for k in tree.children(i, "appos"):
            m = ctx.dm.at(tree.sent.i, k)
            if m is not None and class_of(ctx, m.entity) == "Person":
                out.append(m.entity)
    return uniq(out)


def actor_single(ctx: DocContext, tree: Tree, i: int, depth: int) -> list[str]:
    sid = tree.sent.i
    tok = tree.tok(i)
    m = ctx.dm.at(sid, i)
    if m is not None and m.kind == "group":  # kg.coref: «стороны», «обе страны»
        return list(ctx.dm.members.get((sid, m.head), (m.entity,)))
    if (sid, i) in ctx.dm.refused:
        return []  # kg.coref found two antecedents competing: no guess
    media = ctx.lex.grammar.media_nouns
    if tok.lemma in media or tok.head >= 0 and tok.rel in ("appos", "flat", "flat:name") and tree.tok(tok.head).lemma in media:
        return []  # «агентство АР»: a medium and its name, whatever else the name spells («АР» is not Egypt)
    if m is not None and m.kind in ACTING_KINDS and ctx.is_actor(m.entity) and not m.as_place:
        if class_of(ctx, m.entity) == "Person":
            ctx.last_person = m.entity
        return [m.entity]
    found = government_of(ctx, tree, i)  # «правительство Японии», «делегации России и Украины»
    if found:
        return found
    if tok.pos in ("NOUN", "PROPN") and tok.lemma in ctx.lex.roles:
        named = [mk.entity for k in tree.children(i, "appos") if (mk := ctx.dm.at(sid, k))
                 and class_of(ctx, mk.entity) == "Person"]
        found = named[:1] or resolve_role(ctx, tree, i)  # «лидер оппозиции Леван Г.»: the name given
        if found:
            return found
    if (tok.lemma in ("она", "оно", "они") or tok.text.lower() in OBLIQUE_PRONOUNS) and tree.prep(i) is not None:
        # «в отношении неё» after «если Россия…»: the nearest earlier actor of the same gender.
        found = oblique_antecedent(ctx, tree, i)
        if found:
            return found
    found = organisation_anaphor(ctx, tree, i)  # «члены альянса», «газовый монополист»
    if found:
        return found
    if tok.lemma in ("член", "участник", "страна-член", "партнер") and tree.children(i, "nmod"):
        # «страны — члены альянса», «члены ЕС», «партнёры по G7»: the organisation acts through its members.
        for k in tree.children(i, "nmod"):
            if tok.lemma == "партнер" and tree.prep(k) != "по":
                continue  # «партнёры России» are other states
            found = actors_at(ctx, tree, k, depth=depth + 1)
            if found and all(class_of(ctx, a) in ("InternationalOrganization", "Bloc") for a in found):
                return found
    bare = not tree.children(i, "nmod", "amod", "appos", "flat")
    last = ctx.last_subject or ctx.last_person
    if tok.lemma in ctx.lex.grammar.anaphoric_nouns and last and (bare or of_state(ctx, tree, i, last)) \
            and not plural(tok):
        # «Чиновник заметил…», «британский политик» after «Дэвид Кэмерон»: a bare title refers
        # back to the person just named (if an adjective names a state, to one of it); «чиновники» to no one person.
        return [last]
    if tok.lemma in PERSON_PRONOUNS and tok.pos == "PRON":
        # «Обама посетит Лондон, где он встретится…»: a person earlier in the sentence first.
        before = [m for m in ctx.dm.mentions if m.sent == sid and m.first < i and class_of(ctx, m.entity) == "Person"]
        subj = [m for m in before if tree.tok(m.head).rel.startswith("nsubj")]
        if subj or before:
            return [(subj or before)[-1].entity]
        if ctx.last_subject or ctx.last_person:
            return [ctx.last_subject or ctx.last_person]
    if tok.lemma == "который":
        # «Миллер и Озерец, которые встречаются…»: the relative pronoun stands for its noun.
        noun = tree.tok(tok.head).head if tok.head >= 0 and tree.tok(tok.head).rel.startswith("acl") else -1
        noun = noun if noun >= 0 else relative_antecedent(tree, i)
        if noun >= 0:
            noun = agreeing_antecedent(tree, noun, tok)
            return actors_at(ctx, tree, coordination_of(tree, noun, tok), depth=depth + 1)
    for k in tree.children(i, "appos", "flat"):
        mk = ctx.dm.at(sid, k)
        if mk and ctx.is_actor(mk.entity) and not mk.as_place:
            return [mk.entity]
    if tok.lemma in ctx.lex.roles:
        # «с заместителем министра иностранных дел Турции Мехметом Йылдызом»: the parser may
        # hang the name on a noun inside the post phrase rather than on the post itself.
        inner = tree.children(i, "nmod")
        for k in inner + [j for n in inner for j in tree.children(n, "nmod")]:
            for j in tree.children(k, "appos", "flat"):
                mj = ctx.dm.at(sid, j)
                if mj and class_of(ctx, mj.entity) == "Person":
                    return [mj.entity]
        rules = ctx.lex.roles[tok.lemma]
        if not plural(tok) and not any(r.office or r.local for r in rules):
            # «посол Франции призвал…»: an official nobody names, of a post no office table
            # follows, acts for what the post names (once no earlier person is meant); a local
            # official («губернатор области») is no one's voice abroad.
            return [o for o in role_orgs(ctx, tree, i) if class_of(ctx, o) in ACTING_CLASSES]
    return []


CLAUSE_STARTS = {"что", "чтобы", "если", "который", "когда", "хотя", "поскольку", "потому", "где", "ли"}


def subject(ctx: DocContext, tree: Tree, i: int, *, linear: bool = True) -> list[str]:
    """The subject of a verb: its nsubj, the nsubj of the verb it complements, else the
    nearest nominative actor in its clause (natasha's trees often misplace coordination)."""
    j = i
    for _ in range(5):  # bounded: parses may hold cycles
        # Two subjects on one verb (a misparse of «A объявил…, однако B призвал»): the nearer is its own.
        for k in sorted(tree.children(j, "nsubj"), key=lambda k: abs(k - j)):
            if across_clauses(tree, k, j):
                continue
            found = actors_at(ctx, tree, k)
            if found:
                return found + _linear_conjunct(ctx, tree, k, j, found)
        for k in tree.children(j, "obl"):
            if tree.tok(k).feat("Case") == "Ins" and tree.prep(k) is None and tree.tok(j).feat("Voice") == "Pass":
                found = actors_at(ctx, tree, k)
                if found:
                    return found
        doer = _object_controller(ctx, tree, j)
        if doer is not None:
            return doer
        tok = tree.tok(j)
        nonfinite = tok.feat("VerbForm") in ("Inf", "Part", "Conv") or tok.pos in ("NOUN", "PROPN")
        # «отправился в Анкару, чтобы встретиться с …»: a purpose infinitive shares its verb's subject.
        # («выполнив требования Евромайдана»: a converb shares its verb's subject too.)
        purpose = tok.feat("VerbForm") in ("Inf", "Conv") and tok.rel == "advcl"
        if tok.head >= 0 and (tok.rel.split(":")[0] in ("xcomp", "acl") or purpose
                              or (nonfinite and tok.rel in ("obj", "nmod", "acl", "obl"))):
            if tok.rel == "acl" and tok.feat("VerbForm") == "Part":
                # «Лавров и Блинкен, встречавшиеся в Женеве»: a participle on a coordination's last noun
                # describes them all when plural.
                found = actors_at(ctx, tree, coordination_of(tree, tok.head, tok))
                if found:
                    return found
            j = tok.head
            continue
        break
    found = (linear_subject(ctx, tree, i) if linear else []) or impersonal_source(ctx, tree, j)
    zero = ctx.dm.zero.get((tree.sent.i, j)) if not found else None
    if zero is not None:  # kg.coref: «Он прибыл в Рим. Встретился с…»
        return list(ctx.dm.members.get((zero.sent, zero.head), (zero.entity,)))
    return found or _said_of_oneself(ctx, tree, j)


def _object_controller(ctx: DocContext, tree: Tree, j: int) -> list[str] | None:
    """«вынудили Хади бежать и попросить о…», «убедил Байдена ввести санкции»: the infinitive under
    a verb of making someone act is that someone's act (None: not such an infinitive)."""
    tok = tree.tok(j)
    while tok.rel == "conj" and tok.head >= 0 and tree.tok(tok.head).feat("VerbForm") == "Inf":
        tok = tree.tok(tok.head)  # «бежать и попросить»: the first infinitive hangs on the verb
    # (Not a request's: «призвала союзников ввести санкции» is the caller's threat, issue 15 §6.)
    if tok.feat("VerbForm") != "Inf" or tok.rel != "xcomp" or tok.head < 0 or \
            tree.tok(tok.head).lemma not in ctx.lex.grammar.causative_verbs:
        return None
    for k in tree.children(tok.head, "obj", "iobj", "obl"):
        if tree.prep(k) is None and tree.tok(k).feat("Case") in ("Acc", "Dat"):
            return actors_at(ctx, tree, k)
    return []


def _said_of_oneself(ctx: DocContext, tree: Tree, j: int) -> list[str]:
    """«Лавров добавил, что обсуждал с Ван И …»: a subjectless past verb of a «что»-clause under a
    speech verb, agreeing with it in number and gender, has the speaker as its subject."""
    tok = tree.tok(j)
    head = tok.head
    if tok.rel != "ccomp" or head < 0 or tok.feat("Tense") != "Past" or tree.children(j, "nsubj", "nsubj:pass"):
        return []
    verb = tree.tok(head)
    if verb.lemma not in ctx.lex.grammar.speech_verbs or not any(
            tree.tok(m).lemma == "что" for m in tree.children(j, "mark")):
        return []
    if (tok.feat("Number"), tok.feat("Gender")) != (verb.feat("Number"), verb.feat("Gender")):
        return []
    return [a for k in tree.children(head, "nsubj") for a in actors_at(ctx, tree, k)]


def _linear_conjunct(ctx: DocContext, tree: Tree, k: int, verb: int, found: list[str]) -> list[str]:
    """«Посол ЕС Семнеби и представители ПАСЕ призывают»: a second subject the parser hung
    elsewhere, found by its place between the first one and the verb."""
    span = [j for j in tree.subtree(k) if j < verb]
    if not span:
        return []
    nxt = max(span) + 1
    toks = tree.sent.tokens
    if nxt + 1 < verb and toks[nxt].lemma == "и" and toks[nxt + 1].feat("Case") == "Nom" and nxt + 1 not in span:
        return [a for a in actors_at(ctx, tree, nxt + 1, conj=False) if a not in found]
    return []


def linear_subject(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """Nearest nominative actor to the left inside the clause, else right after the verb."""
    toks = tree.sent.tokens
    # «Байден призвал … и дал понять»: coordinated verbs share the subject on the left.
    k = i - 1
    while k >= 0 and (toks[k].pos in ("PUNCT", "ADV", "PART") or toks[k].rel == "parataxis"):
        k -= 1  # «и, наконец, отреагировала»
    shared = (k >= 0 and toks[k].lemma in ("и", "а", "но") and toks[k].pos == "CCONJ") or toks[i].rel == "conj"
    for k in range(i - 1, -1, -1):
        t = toks[k]
        if t.lemma == "который" and t.feat("Case") == "Nom":
            # «…Обаме, который во время встречи с X призывал»: the clause's subject is its noun.
            return actors_at(ctx, tree, k)
        if t.lemma in CLAUSE_STARTS and t.pos in ("SCONJ", "PRON"):
            break
        if t.text in (";", ":", "«", "»", "—"):
            break
        if t.pos == "VERB" and t.feat("VerbForm") == "Fin" and not shared:
            # «Обама посетит саммит, проведёт встречу…»: a series of verbs shares the subject.
            me = toks[i]
            if (k == i - 1 or toks[i - 1].text == ",") and me.feat("VerbForm") == "Fin" and (
                    t.feat("Number"), t.feat("Tense")) == (me.feat("Number"), me.feat("Tense")):
                return subject(ctx, tree, t.i, linear=False)
            break
        if t.feat("Case") == "Nom" and tree.prep(k) is None and t.rel not in ("amod",):
            found = actors_at(ctx, tree, k)
            if found and is_person_at(ctx, tree, k):
                # «Марио Росси, Педро Гомес и Анджей Новак обсудили»: the whole run of names.
                found = uniq(name_run(ctx, tree, run_start(ctx, tree, k)) + found)
            if found:
                return found
    for k in range(i + 1, min(len(toks), i + 6)):
        t = toks[k]
        if t.pos == "PUNCT" and t.text not in ("«", "»"):
            break
        if t.feat("Case") == "Nom" and tree.prep(k) is None and t.rel.startswith("nsubj"):
            found = actors_at(ctx, tree, k)
            if found:
                return found
    return []

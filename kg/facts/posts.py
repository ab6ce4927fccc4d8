"""Post phrases («глава МИД России»): the rule of the post, the organisations it names, and
who holds it by the document or the office table at the document's date."""

from __future__ import annotations

from kg.facts.context import ACTOR_CLASSES, DocContext, class_of, uniq
from kg.facts.units import unit_org
from kg.lexicon import RoleRule
from kg.records import Fact
from kg.tree import Tree, plural


def post_lemma(lemma: str) -> str:
    """«экс-мэр» holds (held) the post of «мэр»: former posts count."""
    return lemma[4:] if lemma.startswith("экс-") and len(lemma) > 5 else lemma


def role_rule(ctx: DocContext, tree: Tree, i: int) -> RoleRule | None:
    tok = tree.tok(i)
    rules = ctx.lex.roles.get(post_lemma(tok.lemma))
    if not rules:
        return None
    near = {tree.tok(k).lemma for k in tree.subtree(i) - {i} if abs(k - i) <= 4}
    for rule in rules:
        if rule.verb:
            continue  # «возглавлять»: read by office_holders.headed, not as a post noun
        if rule.same_as_previous:
            before = [k for k in range(i - 1, -1, -1) if tree.tok(k).lemma in ctx.lex.roles
                      and tree.tok(k).lemma != tok.lemma]
            prev = role_rule(ctx, tree, before[0]) if before else _office_rule_of_person_before(ctx, tree, i)
            return prev if prev is not None and not prev.same_as_previous else None
        if not rule.with_ or rule.with_ & near:
            return rule
    return None


def _office_rule_of_person_before(ctx: DocContext, tree: Tree, i: int) -> RoleRule | None:
    """«Путин … со своим американским коллегой»: the post the person named before holds on
    the document's date, as the rule of that office."""
    sid = tree.sent.i
    people = [m.entity for m in ctx.dm.mentions if m.sent == sid and m.first < i and class_of(ctx, m.entity) == "Person"]
    for person in people[:1]:
        for office in ctx.gaz.roles_of(person, ctx.date) if ctx.date else []:
            # Any rule of that office will do («министр» needs «иностранных» beside it, a post does not).
            rules = [r for rs in ctx.lex.roles.values() for r in rs if r.office == office.role and not r.verb]
            rule = min(rules, key=lambda r: bool(r.with_), default=None)
            if rule is not None:
                return rule
    return None


def role_orgs(ctx: DocContext, tree: Tree, i: int, rule: RoleRule | None = None) -> list[str]:
    """Organisations a post phrase names, most specific first («глава МИД России» → МИД, Россия).
    A local post's city or region counts too («мэр Бостона», «губернатор Приморья»)."""
    local = rule is not None and rule.local
    from_ok = any(r.from_org for r in ctx.lex.roles.get(post_lemma(tree.tok(i).lemma), ()))
    found: list[str] = []
    via: dict[str, int] = {}  # organisation -> the common noun it hangs on («компании Schneider»)
    adjectival: set[str] = set()  # named by an adjective («французской компании»)
    todo = [i]
    seen = {i}
    accredited: list[str] = []  # «постпред России при ООН»: where the post is held, not whose it is
    while todo:
        j = todo.pop(0)
        # Below the post noun, a name stands beside its common noun: «компании "Стройтрансгаз"»,
        # «Европейского союза (УЕФА)»; beside the post noun itself it is the holder's name.
        rels = ("nmod", "amod", "flat", "compound", "conj", "obl") + (("appos", "parataxis") if j != i else ())
        for k in tree.children(j, *rels):
            if k in seen or not (i - 3 <= k <= i + 12):
                continue
            seen.add(k)
            if tree.tok(k).rel == "conj" and j == i:
                continue  # «президент и премьер» — another post, not an organisation
            m = ctx.dm.at(tree.sent.i, k)
            if m is not None and tree.prep(m.head) not in (None, "при") and not (
                    tree.prep(m.head) in ("из", "от") and from_ok):
                continue  # «посол Ирландии в США»: accredited to the US; but «коллега из Турции»
            if m is not None and m.first <= i < m.last:
                # «администрация президента США Джо Байдена»: the post's own word lies inside an
                # organisation's name; the post is held in the state that name belongs to.
                state = ctx.state_of(m.entity)
                if state is not None and class_of(ctx, state) == "State":
                    found.append(state)
                    via.setdefault(state, j)
                continue
            if m is not None:
                e = ctx.entity(m.entity)
                if e is not None and e.cls == "Person":
                    continue
                place = e is not None and (local and e.cls in ("City", "Place") or is_region(ctx, m.entity))
                if e is not None and (e.cls in ACTOR_CLASSES or m.kind in ("adjective", "state-noun") or place):
                    if j == i and tree.prep(m.head) == "при":
                        accredited.append(m.entity)
                    found.append(m.entity)
                    via.setdefault(m.entity, j)
                    if m.kind == "adjective":
                        adjectival.add(m.entity)
                    todo.append(k)
                    continue
            tk = tree.tok(k)
            if tk.pos in ("NOUN", "ADJ", "PROPN") and (tree.prep(k) in (None, "при", "по") or from_ok and (
                    tree.prep(k) in ("из", "от") and tk.lemma in ctx.lex.grammar.organisation_kinds)):
                todo.append(k)  # «депутат от партии «Зелёные»»: through the kind to its name
    # «президент французской компании Schneider Electric»: the company is named, so the state
    # its adjective names describes the company, not the post.
    # Likewise «президент совета директоров французской компании»: a company, not France.
    named = {via[o] for o in found if class_of(ctx, o) not in ("State", None) and via[o] != i}
    named |= {j for j in via.values() if tree.tok(j).lemma in ctx.lex.grammar.company_anaphors}
    # A state adjective of a named non-state organisation describes it: «глава шведского Комитета
    # по правам человека» holds no post of Sweden (a ministry's state is kept: «японского МИДа»).
    def describes(o: str) -> bool:
        m = ctx.dm.at(tree.sent.i, via[o])
        return m is None and via[o] in named or m is not None and class_of(ctx, m.entity) == "Organization"
    found = [o for o in found if not (o in adjectival and via[o] != i and describes(o))]
    if set(found) - set(accredited):
        found = [o for o in found if o not in accredited]
    # «тренер сборной Германии», «председатель комитета Госдумы по …»: what a named organisation
    # belongs to only names it — the team's state, the committee's chamber; a ministry's or
    # body's state stays (the schema's optional alternative).
    parents = {e.part_of for o in found if (e := ctx.entity(o)) is not None
               and (e.cls == "Organization" or class_of(ctx, e.part_of) != "State")}
    found = [o for o in found if o not in parents]
    if local:
        found += _place_adjectives(ctx, tree, i)
    found = _with_unit(ctx, tree, i, found)
    return uniq(found) or _org_right_after(ctx, tree, i, local) or _detached_org(ctx, tree, i) \
        or _kind_named_before(ctx, tree, i, local)


def _with_unit(ctx: DocContext, tree: Tree, i: int, found: list[str]) -> list[str]:
    """«начальник пресс-службы МЧС по Москве», «заместитель начальника отдела HP»: a unit the post
    phrase names is its most specific organisation (kg/facts/units.py), the one inside it next."""
    base = i
    for _ in range(2):  # through the posts the post is a deputy of
        inner = [k for k in tree.children(base, "nmod") if k == base + 1 and tree.tok(k).lemma in ctx.lex.roles]
        if not inner:
            break
        base = inner[0]
    for k in tree.children(base, "nmod"):
        if k > i and tree.prep(k) is None and tree.tok(k).feat("Case") == "Gen":
            unit = unit_org(ctx, tree, k)
            if unit is None:
                return found
            own = ctx.dm.at(tree.sent.i, k)
            return [unit, *(o for o in found if own is None or o != own.entity)]
    return found


def _kind_named_before(ctx: DocContext, tree: Tree, i: int, local: bool) -> list[str]:
    """«…представители партии «Яблоко». … включая главу партии Сергея Митрохина»: a post at an
    organisation named only by its kind (grammar.toml `organisation_kinds`), bare — no name, no
    adjective — is at the one organisation the document named before with that kind noun; a
    local post at a bare city noun («мэр города Лужков») is at the one city named before. (Not a
    bare region noun: «республика», «округ» name a state or a district as well.)"""
    sid = tree.sent.i
    g = ctx.lex.grammar
    for k in tree.children(i, "nmod"):
        tk = tree.tok(k)
        city = local and tk.lemma in g.city_nouns
        if tk.lemma not in g.organisation_kinds and not city or tree.prep(k) is not None or plural(tk) \
                or any(ctx.dm.at(sid, c) is not None or tree.tok(c).rel == "amod" for c in tree.subtree(k)):
            continue
        before = [m for m in ctx.dm.mentions if (m.sent, m.first) < (sid, k) and m.kind == "name"]
        if city:
            named = {m.entity for m in before if class_of(ctx, m.entity) == "City"}
        else:
            named = {m.entity for m in before if any(
                f.lower().startswith(tk.lemma + " ") for f in ctx.dm.forms.get(m.entity, ()))}
        return list(named) if len(named) == 1 else []
    return []


def _place_adjectives(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """«свердловский губернатор», «подмосковного губернатора»: a local post's region named by an
    adjective on the post noun itself (the adjective makes no actor mention, only a name)."""
    out = []
    for k in tree.children(i, "amod"):
        place = ctx.gaz.place_adjectives.get(tree.tok(k).lemma)
        if place is not None and class_of(ctx, place) in ("City", "Place"):
            out.append(place)
    return out


def _org_right_after(ctx: DocContext, tree: Tree, i: int, local: bool) -> list[str]:
    """«член «Секретной вооружённой организации»» the parse hangs elsewhere: the genitive name
    that follows the post noun directly, or after its kind («капитан клуба «Ротор»»)."""
    k = i + 1
    # «капитан клуба «Ротор»» the parse hangs on another club: the kind noun in the genitive,
    # then the name it introduces, whatever its case.
    kind = k < len(tree.sent.tokens) and tree.tok(k).lemma in ctx.lex.grammar.organisation_kinds \
        and tree.tok(k).feat("Case") == "Gen" and ctx.dm.at(tree.sent.i, k) is None
    k += kind
    while k < len(tree.sent.tokens) and tree.tok(k).text in ("«", '"'):
        k += 1
    m = ctx.dm.at(tree.sent.i, k)
    if m is None or m.first != k or tree.prep(m.head) is not None or not (
            kind or tree.tok(m.head).feat("Case") == "Gen"):
        return []
    cls = class_of(ctx, m.entity)
    ok = cls in ACTOR_CLASSES - {"Person"} or local and cls in ("City", "Place") or is_region(ctx, m.entity)
    return [m.entity] if ok else []


def is_region(ctx: DocContext, key: str) -> bool:
    """A region holds posts of its own, whatever the post («министр экономики Калининградской
    области», «руководитель Чечни»): a place of the gazetteer's regions, or one whose name has a
    region noun (grammar.toml `region_nouns`). A city's posts are a local post's only («мэр»)."""
    e = ctx.entity(key)
    if e is None or e.cls != "Place":
        return False
    known = ctx.gaz.entries.get(key)
    words = e.label.lower().split()
    return known is not None and known.cls == "Place" or len(words) > 1 and bool(
        set(words) & ctx.lex.grammar.region_nouns)  # a bare «Края» names no region


def _detached_org(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """«Государственный секретарь по вопросам прав человека американского министерства
    иностранных дел Барри Лоуенкрон»: the parse left the genitive organisation attached to
    nothing (a second root); between the post noun and the holder's name it is the post's."""
    sid = tree.sent.i
    for k in range(i + 1, min(len(tree.sent.tokens), i + 12)):
        m = ctx.dm.at(sid, k)
        if m is not None and class_of(ctx, m.entity) == "Person":
            return []
        tok = tree.tok(k)
        if m is not None and m.first == k and tok.head < 0 and tok.rel != "root" and tok.feat("Case") == "Gen" \
                and class_of(ctx, m.entity) in ACTOR_CLASSES - {"Person"}:
            following = [j for j in range(m.last, min(len(tree.sent.tokens), m.last + 6)) if is_name(ctx, tree, j)]
            return [m.entity] if following else []
    return []


def is_name(ctx: DocContext, tree: Tree, k: int) -> bool:
    m = ctx.dm.at(tree.sent.i, k)
    return m is not None and class_of(ctx, m.entity) == "Person"


def sought_post(ctx: DocContext, tree: Tree, i: int) -> bool:
    """«кандидат на пост президента США Дональд Трамп»: the post is sought, not held."""
    g = ctx.lex.grammar
    post = tree.tok(i).head
    if post < 0 or tree.tok(post).lemma not in g.post_nouns:
        return False
    return tree.tok(post).head >= 0 and tree.tok(tree.tok(post).head).lemma in g.candidacy_words


def nested_role(ctx: DocContext, tree: Tree, i: int) -> bool:
    """«помощник президента РФ»: «президента» names whose aide, not the person's post; but with a
    name of its own («советник канцлера Германии Ангелы Меркель …») it is Меркель's post too."""
    tok = tree.tok(i)
    if tok.rel != "nmod" or tok.head < 0:
        return False
    head = tree.tok(tok.head)
    # (the name may stand under a rank in apposition: «главы вооружённых сил генерал-лейтенанта Аксары Кердпола»)
    named = any((m := ctx.dm.at(tree.sent.i, j)) is not None and class_of(ctx, m.entity) == "Person"
                and tree.tok(j).feat("Case") == tok.feat("Case")
                for k in tree.children(i, "appos") for j in [k, *tree.children(k, "appos")])
    return head.lemma in ctx.lex.roles and head.i < i and not named


def coref_person(ctx: DocContext, office: str, org: str) -> str | None:
    """Who a post phrase without a name refers to: the document's holder of that post, the
    holder on the document's date, or a person already mentioned who held it at some time."""
    state = ctx.state_of(org) or org
    known = ctx.role_map.get((office, org)) or ctx.role_map.get((office, state))
    if known:
        return known
    holder = ctx.gaz.holder(office, org, ctx.date) or ctx.gaz.holder(office, state, ctx.date)
    if holder and holder in ctx.dm.entities:
        return holder
    before = [m.entity for m in reversed(ctx.dm.mentions) if m.sent <= ctx.current_sent]
    after = [m.entity for m in ctx.dm.mentions if m.sent > ctx.current_sent]
    seen = uniq([k for k in before + after if class_of(ctx, k) == "Person"])
    if ctx.date is None:
        for person in seen:
            if any(o.role == office and o.org in (org, state) for o in ctx.gaz.offices if o.person == person):
                return person
    # «…», — пояснил представитель Кремля: the person just quoted, if they serve that state.
    recent = uniq([m.entity for m in reversed(ctx.dm.mentions) if class_of(ctx, m.entity) == "Person"
                    and ctx.current_sent - 2 <= m.sent <= ctx.current_sent])
    for person in recent:
        if state and ctx.state_of(person) == state and not _holds_other(ctx, person, office, (org, state)):
            return person
    return None


def _holds_other(ctx: DocContext, person: str, office: str, orgs: tuple[str, str]) -> bool:
    """The gazetteer knows the person in another post there on the document's date: a president
    is not the foreign minister the next sentence mentions. (Anyone may speak for a body.)"""
    if any(w in ctx.lex.grammar.speaking_offices for w in office.split()):
        return False
    d = ctx.date
    posts = {o.role for o in ctx.gaz.offices if o.person == person and o.org in orgs
             and (d is None or o.start <= d and (o.end is None or d <= o.end))}
    return bool(posts) and office not in posts


def described_person(ctx: DocContext, tree: Tree, v: int) -> str | None:
    """The person a participle or «который» clause describes: its head, or, when the parse hung
    the clause on an earlier word («Конкурент Ветрова, Павел Сизов, управляющий компанией …»),
    the name that ends right before the clause's comma."""
    tok = tree.tok(v)
    if tok.rel not in ("acl", "acl:relcl") or tok.head < 0:
        return None
    sid = tree.sent.i
    m = ctx.dm.at(sid, tok.head)
    if m is not None and class_of(ctx, m.entity) == "Person":
        return m.entity
    start = min(k for k in tree.subtree(v) if tree.tok(k).pos != "PUNCT")  # the comma may hang on it
    if start >= 2 and tree.tok(start - 1).text == ",":
        m = ctx.dm.at(sid, start - 2)
        if m is not None and m.last == start - 1 and class_of(ctx, m.entity) == "Person":
            return m.entity
    return None


def own_orgs(ctx: DocContext, tree: Tree, i: int, orgs: list[str]) -> list[str]:
    """Organisations of the post phrase at i, not of later items of a list the parse hung on it:
    one named only after a person's name that follows the post noun belongs to that person's
    item («Полузащитник «Сокола» Семён Лыков, капитан «Ротора» Пётр Гусев»: «Ротор» is Гусев's;
    «Гусев, капитан «Ротора», и Волков, защитник «Торпедо»»: «Торпедо» is Волков's)."""
    sid = tree.sent.i
    n = len(tree.sent.tokens)
    name = next((k for k in range(i + 1, min(n, i + 14)) if (m := ctx.dm.at(sid, k)) is not None
                 and m.first == k and class_of(ctx, m.entity) == "Person"), None)
    if name is None:
        return orgs
    before = {m.entity for k in range(0, name) if (m := ctx.dm.at(sid, k)) is not None}
    after = {m.entity for k in range(name, n) if (m := ctx.dm.at(sid, k)) is not None}
    return [o for o in orgs if o in before or o not in after]


def post_fact(ctx: DocContext, tree: Tree, rule: str, person: str, org: str, role: str | None,
              confidence: float) -> Fact:
    """The affiliation fact every post rule makes: `person` holds `role` in `org`, said here."""
    return Fact("affiliation", ctx.parsed.doc.id, tree.sent.i, tree.sent.text, rule, agents=(person,),
                targets=(org,), role=role, confidence=confidence)

"""Lists of actors, read once for every rule: coordinated items, each item a post with its
holder's name («с премьер-министром Италии Марио Росси, канцлером Австрии Карлом Бауэром и главой
правительства Португалии Жуаном Силвой»), and runs of names («Премьеры Италии, Испании и Польши
Марио Росси, Педро Гомес и Анджей Новак» — the persons, never paired crosswise with the states).

natasha often hangs a later item's name on the wrong post, or a conjunct on a noun inside the
first item, so an item's extent is read off the word order and only its head off the tree.
Pure structure over the tree and the mentions: resolving an item to an actor is the caller's.
"""

from __future__ import annotations

from kg.facts.context import DocContext, class_of
from kg.tree import Tree, plural

QUOTES = {"«", "»", '"', "„", "“", "”"}
LIST_JOINERS = {",", "и"}


def is_person_at(ctx: DocContext, tree: Tree, k: int) -> bool:
    m = ctx.dm.at(tree.sent.i, k)
    return m is not None and class_of(ctx, m.entity) == "Person"


def post_phrase_end(ctx: DocContext, tree: Tree, i: int) -> int:
    """Last token of the post phrase headed at i, before its holder's name: the words right after
    it that belong to its subtree («главой правительства Португалии»), up to the first name.
    Coordinated organisations stay inside («премьеры Италии, Испании и Польши»)."""
    sub = tree.subtree(i)
    end, k = i, i + 1
    n = len(tree.sent.tokens)
    while k < n and k in sub:
        if is_person_at(ctx, tree, k):
            inner = _inner_holder(ctx, tree, i, k)
            if inner is None:
                break
            end = k = inner  # «советник канцлера Германии Ангелы Меркель … Йенс Вайдман»: Меркель is the канцлер
            k += 1
            continue
        tok = tree.tok(k)
        if tok.pos == "PUNCT" and tok.text not in QUOTES and tok.text != ",":
            break
        if tok.text == "," and k + 1 < n and (tree.tok(k + 1).pos == "VERB" or tree.tok(k + 1).lemma == "который"):
            break  # «представителем властей США, посетившим …»: a clause, not more of the phrase
        if tok.pos not in ("PUNCT", "CCONJ"):
            end = k
        k += 1
    return end


def _inner_holder(ctx: DocContext, tree: Tree, i: int, k: int) -> int | None:
    """The last token of the name at k when it holds a post inside the phrase of post i rather than
    post i itself: in the genitive under that inner post, where post i is not («советник президента
    Владимира Путина Юрий Ушаков»). None: the name is post i's own."""
    m = ctx.dm.at(tree.sent.i, k)
    if m is None or tree.tok(m.head).feat("Case") != "Gen" or tree.tok(i).feat("Case") == "Gen":
        return None
    up = tree.tok(m.head).head
    if up < 0 or up == i or tree.tok(up).lemma not in ctx.lex.roles or not i < up < k:
        return None
    return m.last - 1


def name_run(ctx: DocContext, tree: Tree, k: int) -> list[str]:
    """Persons of a run of names that starts at token k: «Марио Росси, Педро Гомес и Анджей Новак».
    The run continues over «,» and «и» only while a name follows; a comma-only run is no list."""
    sid = tree.sent.i
    m = ctx.dm.at(sid, k)
    if m is None or class_of(ctx, m.entity) != "Person":
        return []
    out, joiners = [m.entity], []
    j = m.last
    toks = tree.sent.tokens
    while j + 1 < len(toks) and toks[j].text.lower() in LIST_JOINERS:
        nxt = ctx.dm.at(sid, j + 1)
        if nxt is None or class_of(ctx, nxt.entity) != "Person" or nxt.first != j + 1:
            break
        joiners.append(toks[j].text.lower())
        out.append(nxt.entity)
        if toks[j].text.lower() == "и":
            break  # «A, B и C»: the list ends with its last conjunct
        j = nxt.last
    if joiners and joiners[-1] != "и":
        return out[:1]  # «Росси, Гомес заявил»: commas alone do not make a list
    return out


def items(tree: Tree, i: int) -> list[int]:
    """Heads of the items of the coordinated list headed at i, in text order: i, its conjuncts
    and those the parser hung on i's apposition («Посол ЕС Питер Семнеби и представители ПАСЕ»)."""
    heads = [i]
    for h in [i, *tree.children(i, "appos")]:
        heads += [k for k in tree.children(h, "conj") if k not in heads]
    return sorted(heads)


def item_span(tree: Tree, heads: list[int], n: int) -> range:
    """Tokens of item n of a list: from its head up to the joiner before the next item."""
    start = heads[n]
    stop = heads[n + 1] if n + 1 < len(heads) else len(tree.sent.tokens)
    k = stop - 1
    while k > start and (tree.tok(k).pos in ("PUNCT", "CCONJ")):
        k -= 1
    return range(start, k + 1)


def item_persons(ctx: DocContext, tree: Tree, heads: list[int], n: int) -> list[str]:
    """The persons an item's post names right after it («канцлером Австрии Карлом Бауэром»; a
    plural post, its run of names). Only a name right after the post phrase counts."""
    head = heads[n]
    if tree.tok(head).lemma not in ctx.lex.roles or is_person_at(ctx, tree, head):
        return []  # not a post, or a name itself: the caller resolves it
    span = item_span(tree, heads, n)
    nxt = post_phrase_end(ctx, tree, head) + 1
    while nxt in span and tree.tok(nxt).text in QUOTES:
        nxt += 1
    m = ctx.dm.at(tree.sent.i, nxt)
    if nxt not in span or m is None or m.first != nxt or class_of(ctx, m.entity) != "Person":
        return []
    return name_run(ctx, tree, nxt) if plural(tree.tok(head)) else [m.entity]


def run_start(ctx: DocContext, tree: Tree, k: int) -> int:
    """First name of the run of names that token k's name ends or belongs to («Гомес и Новак»)."""
    sid = tree.sent.i
    m = ctx.dm.at(sid, k)
    if m is None:
        return k
    first = m.first
    while first >= 2 and tree.tok(first - 1).text.lower() in LIST_JOINERS:
        prev = ctx.dm.at(sid, first - 2)
        if prev is None or class_of(ctx, prev.entity) != "Person" or prev.last != first - 1:
            break
        first = prev.first
    return first


def described_before(ctx: DocContext, tree: Tree, i: int) -> str | None:
    """«Брода, известного борца с ксенофобией, члена Общественной палаты»: a post after a comma
    describes the name that opens the run of comma-separated descriptions before it, however
    the parse hangs them; a verb, a conjunction or other punctuation ends the run."""
    if i < 2 or tree.tok(i - 1).text != ",":
        return None
    sid = tree.sent.i
    for k in range(i - 2, max(-1, i - 14), -1):
        tok = tree.tok(k)
        if tok.pos in ("VERB", "AUX", "CCONJ", "SCONJ") or tok.pos == "PUNCT" and tok.text != ",":
            return None
        m = ctx.dm.at(sid, k)
        if m is not None and class_of(ctx, m.entity) == "Person" and agrees(tree, m.head, i):
            return m.entity if m.last < len(tree.sent.tokens) and tree.tok(m.last).text == "," else None
    return None


def agrees(tree: Tree, name: int, post: int) -> bool:
    """A name and the post in apposition to it share their case; «соратник Цзян Цзэминя, премьер
    …»: the genitive name is the companion's complement, not the premier. A case the tagger left
    out agrees with any; so do the accusative and genitive, one form for a man («Бориса Листова,
    … члена палаты»). One name is not a plural post."""
    a, b = tree.tok(name).feat("Case"), tree.tok(post).feat("Case")
    if plural(tree.tok(post)) and not plural(tree.tok(name)):
        return False  # «…Хлопонин, представители Госдумы, …»: a plural post is the next item of a list
    return a is None or b is None or a == b or {a, b} == {"Acc", "Gen"}


def name_before(ctx: DocContext, tree: Tree, i: int) -> str | None:
    """The person named before the post phrase at i, as its holder: before a dash or comma
    («Путин, президент России»), or heading a chain of appositions."""
    sid = tree.sent.i
    # «Яковлева — директор A, Разлогов — директор B»: the name right before the dash or comma
    # first; the parse often hangs every post of such a list on the first name.
    # «Ковач — политик и лидер партии …»: a post joined to the description after the dash too.
    first = tree.tok(i).head if tree.tok(i).rel == "conj" and 0 <= tree.tok(i).head < i else None
    # «Лаптев — новый президент ФИФА»: past the post's own adjectives.
    lead = min([i] + [k for k in tree.children(i, "amod") if k < i and all(
        tree.tok(j).pos == "ADJ" for j in range(k, i))])
    for s in [lead] + ([first] if first is not None and tree.tok(first).pos == "NOUN" else []):
        if s >= 2 and tree.tok(s - 1).text in (",", "–", "—", "-"):
            m = ctx.dm.at(sid, s - 2)
            if m and class_of(ctx, m.entity) == "Person" and m.last == s - 1 and agrees(tree, m.head, s):
                return m.entity
    # «Брода, известного борца с ксенофобией, члена Общественной палаты»: up a chain of
    # appositions to the name that heads it.
    tok = tree.tok(i)
    for _ in range(3):
        if tok.rel != "appos" or tok.head < 0:
            break
        m = ctx.dm.at(sid, tok.head)
        if m and class_of(ctx, m.entity) == "Person":
            return m.entity
        tok = tree.tok(tok.head)
        if m is not None or tok.pos != "NOUN":
            break  # an organisation or a name of something else heads it
    return None

"""Nouns that name no one themselves: a bare noun of a kind («страна», «альянс») → the actor
of that kind named last; a description («газовый монополист») → its entity; a group
(«стороны», «обе страны», «лидеры двух стран») → the participants just named; and the
subject a clause omits («Он прибыл в Рим. Встретился с…») → the last subject."""

from __future__ import annotations

from kg.coref.memory import ACTORS, GROUP_BACK, Cand, Memory, Resolution
from kg.mentions import ACT_NOUNS, PLACE_PREPS
from kg.records import Token
from kg.tree import Tree

POINTERS = {"этот", "данный", "тот", "указанный", "упомянутый", "названный"}  # «эта страна», «указанная страна»: the same one
NOT_ACTING = PLACE_PREPS | {"по", "внутри", "вне", "за", "для", "среди"}  # «по всей стране», «внутри страны»
# «обе страны», «лидеры двух стран», «министры трёх стран»: exactly that many
COUNTS = {"оба": 2, "обе": 2, "два": 2, "две": 2, "двух": 2, "обоих": 2, "обеих": 2,
          "три": 3, "трех": 3, "трёх": 3, "четыре": 4, "четырех": 4, "четырёх": 4}
ACTOR_RELS = ("nsubj", "nsubj:pass", "obj", "iobj", "obl", "nmod")


def _acting(mem: Memory, tree: Tree, tok: Token) -> bool:
    """A noun in an actor's place: a subject, the object of a trigger («призвал страну»), or
    the owner of an act («позиция страны»); not a place («в стране», «покинул страну»)."""
    rel = tok.rel.split(":")[0]
    if rel not in ACTOR_RELS or not _common(tree, tok.i) or tree.prep(tok.i) in NOT_ACTING:
        return False
    if rel == "nsubj" or any(tree.tok(k).lemma in POINTERS for k in tree.children(tok.i, "det", "amod")):
        return True
    head = tree.tok(tok.head).lemma if tok.head >= 0 else ""
    # «президент страны»: a post noun names whose post, as an act noun names whose act.
    return head in ACT_NOUNS or head in mem.lex.roles if rel == "nmod" else head in mem.lex.frames


def _noun(tree: Tree, tok: Token) -> bool:
    """natasha tags a capitalised first word as a name («Страна потребовала»)."""
    return tok.pos == "NOUN" or (tok.pos == "PROPN" and tok.i == 0)


def _common(tree: Tree, i: int) -> bool:
    """Lower case, or capitalised only as the sentence's first word (not «Альянс» in a name)."""
    first = min(tree.subtree(i))
    return tree.tok(i).text[:1].islower() or i == 0 or (first == 0 and i <= 3)


def _modifiers(tree: Tree, i: int) -> list[int]:
    return tree.children(i, "amod", "det", "nmod", "appos", "flat", "nummod")


def kind_noun(mem: Memory, tree: Tree, tok: Token) -> Resolution | None:
    words = mem.lex.coref
    if words is None or not _noun(tree, tok) or tok.lemma not in words.kind_nouns or tok.feat("Number") == "Plur":
        return None
    if not _acting(mem, tree, tok) or any(tree.tok(k).lemma not in POINTERS for k in _modifiers(tree, tok.i)):
        return None  # «третья страна», «страны ЕС», «западный альянс»: another one, or named
    classes = words.kind_nouns[tok.lemma]
    sid = tree.sent.i
    # «члены альянса» after «НАТО»: the nouns anaphors.toml ties to one entity go to it first.
    own = [k for k in (mem.lex.anaphors or {}).get(tok.lemma, ()) if k in mem.seen]
    if own:
        return Resolution(sid, tok.i, tok.i + 1, tok.text, "metonymy", tok.i, (own[0],), "the entity this noun names")
    for s, cands in mem.before(sid, tok.i):
        fit = list(dict.fromkeys(c.entity for c in cands if c.cls in classes and not c.members))
        if not fit:
            continue
        if len(fit) > 1:
            return Resolution(sid, tok.i, tok.i + 1, tok.text, "metonymy", tok.i, (), f"sentence {s}: competing: "
                              + ", ".join(fit))
        return Resolution(sid, tok.i, tok.i + 1, tok.text, "metonymy", tok.i, (fit[0],),
                          f"the {'/'.join(sorted(classes))} named last (sentence {s})")
    return None


def description(mem: Memory, tree: Tree, tok: Token) -> Resolution | None:
    words = mem.lex.coref
    if words is None or not _noun(tree, tok) or not _common(tree, tok.i):
        return None
    mods = sorted(tree.children(tok.i, "amod"))
    key = (*[tree.tok(k).lemma for k in mods], tok.lemma)
    entity = words.descriptions.get(key)
    if entity is None or entity not in mem.gaz.entries or any(
            mem.dm.at(tree.sent.i, k) for k in tree.children(tok.i, "nmod", "appos", "flat")):
        return None
    first = mods[0] if mods else tok.i
    text = " ".join(t.text for t in tree.sent.tokens[first:tok.i + 1])
    sid = tree.sent.i
    if entity not in mem.seen:
        # «газовый монополист» after «Нафтогаз» alone: another company of the kind is meant.
        cls = mem.gaz.entries[entity].cls
        rivals = list(dict.fromkeys(c.entity for _, cands in mem.before(sid, tok.i) for c in cands if c.cls == cls))
        if rivals:
            return Resolution(sid, first, tok.i + 1, text, "description", tok.i, (),
                              "competing: " + ", ".join([entity, *rivals]))
    return Resolution(sid, first, tok.i + 1, text, "description", tok.i, (entity,), "a description of the entity")


def group(mem: Memory, tree: Tree, tok: Token) -> Resolution | None:
    words = mem.lex.coref
    if words is None or not _noun(tree, tok) or tok.lemma not in words.group_nouns:
        return None
    if not _common(tree, tok.i):
        return None
    mods = _modifiers(tree, tok.i)
    counted = [k for k in mods if tree.tok(k).lemma in COUNTS]
    inner = [k for k in tree.children(tok.i, "nmod") if any(tree.tok(j).lemma in COUNTS for j in tree.children(k))
             and tree.tok(k).lemma in words.group_nouns]  # «лидеры двух стран»
    rest = [k for k in mods if k not in counted and k not in inner and tree.tok(k).lemma not in POINTERS]
    plural = tok.feat("Number") == "Plur"
    bare = plural and tok.lemma in ("сторона", "собеседник")
    # «Лидеры договорились…» right after their talks: any bare plural subject of the group nouns,
    # but only back to the sentence before (a bare «министры» further on is anyone's).
    subject = plural and not bare and tok.rel == "nsubj"
    if rest or not (counted or inner or bare or subject) or tree.prep(tok.i) in PLACE_PREPS:
        return None
    if any(mem.dm.at(tree.sent.i, k) for k in tree.subtree(tok.i) - {tok.i}):
        return None
    classes = set(words.group_nouns[tok.lemma])  # «лидеры двух стран»: the two leaders
    exact = bool(counted or inner)
    many = max([COUNTS[tree.tok(k).lemma] for k in counted]
               + [COUNTS[tree.tok(j).lemma] for k in inner for j in tree.children(k) if tree.tok(j).lemma in COUNTS]
               + [2])
    sid = tree.sent.i
    last = max(tree.subtree(tok.i)) + 1 if inner else tok.i + 1
    first = min([tok.i, *counted])
    text = " ".join(t.text for t in tree.sent.tokens[first:last])
    for s, cands in mem.before(sid, tok.i, 1 if subject else GROUP_BACK):
        members = members_of([c for c in cands if c.partner], classes)
        for k in inner if len(members) < 2 else ():
            # «лидеры трёх стран» after the three states acted: the states themselves.
            members = members_of([c for c in cands if c.partner], set(words.group_nouns[tree.tok(k).lemma]))
        if len(members) < 2:
            continue
        if len(members) > (many if exact else 3):
            return Resolution(sid, first, last, text, "group", tok.i, (),
                              f"sentence {s}: more than {many if exact else 3}: " + ", ".join(members))
        return Resolution(sid, first, last, text, "group", tok.i, tuple(members),
                          f"the participants named in sentence {s}")
    return None


def members_of(cands: list[Cand], classes: set[str]) -> list[str]:
    """Distinct actors of the classes ("any": persons when two are named, else the others)."""
    def of(wanted: set[str]) -> list[str]:
        return list(dict.fromkeys(m for c in cands if c.cls in wanted for m in (c.members or (c.entity,))
                                  if not m.startswith("?")))  # not an unnamed title

    if "any" in classes:
        persons = of({"Person"})
        return persons if len(persons) >= 2 else of(ACTORS - {"Person"})
    return of(classes)


def zero_subject(mem: Memory, tree: Tree) -> Resolution | None:
    """«Он прибыл в Рим. Встретился с…»: a finite main verb without a subject takes the
    subject of the sentence before, when gender and number agree."""
    sid = tree.sent.i
    root = next((t for t in tree.sent.tokens if t.head < 0), None)
    if sid == 0 or root is None or root.pos != "VERB" or root.feat("VerbForm") != "Fin":
        return None
    if root.feat("Person") in ("1", "2") or root.feat("Mood") == "Imp" or tree.children(root.i, "nsubj", "expl"):
        return None
    if root.feat("Voice") == "Pass" or root.feat("Tense") == "Pres" and (
            root.feat("Number") == "Plur" or root.lemma.endswith(("ся", "сь"))):
        return None  # «отмечается», «считают»: no one in particular
    if any(t.feat("Case") == "Nom" and t.pos in ("NOUN", "PROPN", "PRON") for t in tree.sent.tokens[:root.i]):
        return None  # a subject the parser hung elsewhere
    prev = [c for c in mem.sents.get(sid - 1, []) if c.subject]
    entities = list(dict.fromkeys(m for c in prev for m in (c.members or (c.entity,))))
    if not entities or any(e.startswith("?") for e in entities):
        return None  # nobody, or a title nobody named
    number, gender = root.feat("Number"), root.feat("Gender")
    plural = len(entities) > 1 or any(c.number == "Plur" for c in prev)
    text = root.text
    if (number == "Plur") != plural:
        return Resolution(sid, root.i, root.i + 1, text, "zero", root.i, (), "number disagrees with the last subject")
    if not plural and gender and prev[-1].gender and gender != prev[-1].gender:
        return Resolution(sid, root.i, root.i + 1, text, "zero", root.i, (), "gender disagrees with the last subject")
    return Resolution(sid, root.i, root.i + 1, text, "zero", root.i, tuple(entities),
                      f"the subject of sentence {sid - 1}")

"""Third-person pronouns and possessives («он», «её», «их», «последний») → the nearest
compatible antecedent: number and gender from the morphology, the subject of the previous
clause preferred, never a co-argument of the pronoun's own clause."""

from __future__ import annotations

from kg.coref.memory import LOOK_BACK, Cand, Memory, Resolution, choose
from kg.coref.nouns import members_of
from kg.records import Token
from kg.tree import Tree

# Forms natasha may leave without features (or tag as an adverb, «неё»): gender, number.
FORMS = {
    "он": ("Masc", "Sing"), "его": ("Masc", "Sing"), "него": ("Masc", "Sing"), "ему": ("Masc", "Sing"),
    "нему": ("Masc", "Sing"), "нем": ("Masc", "Sing"), "она": ("Fem", "Sing"), "ее": ("Fem", "Sing"),
    "нее": ("Fem", "Sing"), "ей": ("Fem", "Sing"), "ней": ("Fem", "Sing"), "ею": ("Fem", "Sing"),
    "нею": ("Fem", "Sing"), "они": (None, "Plur"), "их": (None, "Plur"), "них": (None, "Plur"),
    "ними": (None, "Plur"), "оно": ("Neut", "Sing"),
}
LEMMAS = {"он", "она", "оно", "они"}
LATTER = "последний"
NOUN_RELS = ("nsubj", "nsubj:pass", "obj", "iobj", "obl", "nmod")


def _features(tok: Token) -> tuple[str | None, str] | None:
    low = tok.text.lower().replace("ё", "е")
    if low not in FORMS:
        if tok.pos == "PRON" and tok.lemma in LEMMAS and tok.feat("Number"):  # «ним», «им»
            number = tok.feat("Number") or "Sing"
            return (tok.feat("Gender") if number == "Sing" else None), number
        return None
    if tok.pos == "DET" or (tok.pos in ("PRON", "ADV") and tok.lemma in LEMMAS | {low}):
        gender, number = FORMS[low]
        if tok.pos == "PRON" and tok.feat("Number"):
            number = tok.feat("Number") or number
            gender = tok.feat("Gender") if number == "Sing" else None
        return gender, number
    return None


def _fits(c: Cand, gender: str | None, number: str) -> bool:
    if number == "Plur":
        return bool(c.members) or (c.number == "Plur" and c.cls != "Person")
    if c.members or c.number == "Plur" or c.cls == "Organization":
        return False  # «он» for a party or a company: too often something else is meant
    # «его» may be neuter («его» for «агентство»); persons carry their name's gender.
    return gender is None or c.gender == gender or (gender == "Masc" and c.gender == "Neut" and c.cls != "Person")


def clause_of(tree: Tree, i: int) -> int:
    """The verb (or root) heading token i's clause."""
    if tree.tok(i).pos in ("VERB", "AUX"):
        return i
    j = i
    for j in tree.ancestors(i):  # guarded: a parse may loop
        if tree.tok(j).pos in ("VERB", "AUX"):
            return j
    return j


def _clause_subjects(tree: Tree, i: int) -> set[int]:
    """Tokens of the subject of i's clause (and of the verb it is coordinated with)."""
    v = clause_of(tree, i)
    heads = [v]
    if tree.tok(v).rel == "conj" and tree.tok(v).head >= 0:
        heads.append(tree.tok(v).head)
    out: set[int] = set()
    for h in heads:
        for k in tree.children(h, "nsubj"):
            out |= tree.subtree(k)
    return out


def first_person(mem: Memory, tree: Tree, tok: Token) -> Resolution | None:
    """«я» in an interview: the person its last «Name:» label names, a few sentences back."""
    if tok.lemma != "я" or tok.pos != "PRON" or mem.speaker is None:
        return None
    sid = tree.sent.i
    label, person = mem.speaker
    if person is None or sid - label > LOOK_BACK:
        return None
    return Resolution(sid, tok.i, tok.i + 1, tok.text, "pronoun", tok.i, (person,), f"the speaker labelled in sentence {label}")


def pronoun(mem: Memory, tree: Tree, tok: Token) -> Resolution | None:
    latter = tok.lemma == LATTER and tok.pos in ("ADJ", "NOUN", "PRON") and tok.rel.split(":")[0] in NOUN_RELS
    feats = ((tok.feat("Gender"), tok.feat("Number") or "Sing") if latter else _features(tok))
    if feats is None:
        return None
    gender, number = feats
    if number == "Plur":
        gender = None
    sid = tree.sent.i
    nominative = tok.rel.startswith("nsubj")
    own_clause = clause_of(tree, tok.i)
    subjects = _clause_subjects(tree, tok.i)
    excluded: set[str] = set()
    for c in mem.sents.get(sid, []):
        # «Путин встретился с Макроном и обсудил его предложение»: not the clause's own
        # subject; a subject pronoun is none of its own clause's other actors either.
        same = clause_of(tree, c.first) == own_clause if nominative else (c.first in subjects and tok.i not in subjects)
        if same:
            excluded.add(c.entity)
    # «…Киеву», — сказала она: the speaker of a quote is none of the actors inside it.
    quote = _quote_before(tree, tok.i)
    if quote is not None:
        excluded |= {c.entity for c in mem.sents.get(sid, []) if quote[0] < c.first < quote[1]}
    # «Вашингтон должен передать…, заявил он»: nor of an unquoted report its speech verb follows.
    verb = tok.head if nominative else -1
    if verb > 0 and tree.tok(verb).lemma in mem.lex.grammar.speech_verbs and tree.tok(verb).rel == "parataxis" \
            and tree.tok(verb - 1).text in (",", "—", "–"):
        excluded |= {c.entity for c in mem.sents.get(sid, []) if c.first < verb}
    kind = "pronoun"
    # An actor this clause names and the pronoun cannot be may still be meant (the parse
    # errs): then the antecedent must lie no further back than the sentence before.
    held = any(c.entity in excluded and c.first < tok.i and _fits(c, gender, number) for c in mem.sents.get(sid, []))
    window = mem.before(sid, tok.i, 1 if held else 3)
    # «Коми … В 2013 году Сенат утвердил … Он сменит …»: a subject «он»/«она» is a person when
    # the window holds one that fits, before a body or a state nearer to it.
    person_first = nominative and number == "Sing" and not latter and any(
        c.cls == "Person" and c.entity not in excluded and _fits(c, gender, number) for _, cands in window for c in cands)
    for s, cands in window:
        fit = [c for c in cands if c.entity not in excluded and _fits(c, gender, number)]
        if person_first:
            fit = [c for c in fit if c.cls == "Person"]
        # «они» or «их беседа» (a trigger noun): the pair just named; not «их последствия».
        owner = tok.pos == "DET" and tok.head >= 0 and tree.tok(tok.head).lemma in mem.lex.frames
        if not fit and (nominative or owner) and number == "Plur" and not latter and s < sid:
            # «Путин встретился с Макроном. Их беседа…»: the two just named together.
            pair = members_of([c for c in cands if c.entity not in excluded and c.partner], {"any"})
            if len(pair) == 2:
                return Resolution(sid, tok.i, tok.i + 1, tok.text, "group", tok.i, tuple(pair),
                                  f"the participants named in sentence {s}")
        if not fit:
            continue
        persons = [c for c in fit if c.cls == "Person"]
        if persons and number == "Sing":
            fit = persons  # «Хейл заявил, что Вашингтон… Он пригрозил»: a person speaks and acts
        if latter:
            return _res(tree, tok, kind, fit[-1], f"the last named in sentence {s}")
        groups = [c for c in fit if c.members and c.subject]
        if number == "Plur" and not groups:
            # («Шольц провёл переговоры…, сообщает DPA»: subjects of two verbs are not one group.)
            verbs = {c.verb for c in cands if c.subject and c.entity not in excluded}
            together = list(dict.fromkeys(c.entity for c in cands if c.subject and c.entity not in excluded))
            if 2 <= len(together) <= 3 and len(verbs) == 1:  # «Путин и Байден обсудили… Они договорились»
                return Resolution(sid, tok.i, tok.i + 1, tok.text, "group", tok.i, tuple(together),
                                  f"the coordinated subjects of sentence {s}")
        chosen, why = choose(groups or fit)
        if not chosen:
            return Resolution(sid, tok.i, tok.i + 1, tok.text, kind, tok.i, (), f"sentence {s}: {why}")
        return _res(tree, tok, kind, chosen[0], f"{why} of sentence {s}")
    return Resolution(sid, tok.i, tok.i + 1, tok.text, kind, tok.i, (), "no compatible antecedent") if not latter else None


def _res(tree: Tree, tok: Token, kind: str, c: Cand, why: str) -> Resolution:
    entities = c.members or (c.entity,)
    if c.entity.startswith("?"):  # a post phrase whose holder neither the text nor the table names
        return Resolution(tree.sent.i, tok.i, tok.i + 1, tok.text, kind, tok.i, (), f"{why}: an unnamed title")
    return Resolution(tree.sent.i, tok.i, tok.i + 1, tok.text, "group" if c.members else kind, tok.i, entities, why)


def _quote_before(tree: Tree, i: int) -> tuple[int, int] | None:
    """The quote that closes just before token i («…», — сказала она): its open and close marks."""
    toks = tree.sent.tokens
    close = next((k for k in range(i - 1, max(-1, i - 5), -1) if toks[k].text in ("»", "”")), None)
    if close is None:
        return None
    opened = next((k for k in range(close - 1, -1, -1) if toks[k].text in ("«", "„", "“")), -1)
    return opened, close

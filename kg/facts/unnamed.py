"""Actors the clause does not name as a subject: an oblique pronoun's antecedent in the same
sentence («с ней»), and the body or capital a subjectless plural verb is said «в» («в Кремле
заявили»)."""

from __future__ import annotations

from kg.facts.context import DocContext, class_of, seat_of
from kg.mentions import STATE_NOUNS
from kg.tree import Tree

SIDES = ("State", "Bloc", "InternationalOrganization")  # what «власти», «делегация», «сторона» X name

# Oblique 3rd-person pronouns after a preposition, with the gender/number they carry
# (natasha sometimes tags «неё» as an adverb).
OBLIQUE_PRONOUNS = {"неё": ("Fem", "Sing"), "нее": ("Fem", "Sing"), "ней": ("Fem", "Sing"),
                    "него": ("Masc", "Sing"), "нему": ("Masc", "Sing"), "нём": ("Masc", "Sing"),
                    "них": (None, "Plur"), "ним": (None, "Plur"), "ними": (None, "Plur")}


def oblique_antecedent(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """«встретился с ней»: the nearest actor before it in the sentence that agrees in number or gender."""
    tok = tree.tok(i)
    gender, number = OBLIQUE_PRONOUNS.get(tok.text.lower(), (tok.feat("Gender"), tok.feat("Number")))
    sid = tree.sent.i
    for m in reversed([m for m in ctx.dm.mentions if m.sent == sid and m.first < i]):
        head = tree.tok(m.head)
        if not ctx.is_actor(m.entity) or m.kind == "adjective":
            continue
        if number == "Plur" and head.feat("Number") == "Plur" or gender and head.feat("Gender") == gender:
            return [m.entity]
    return []


def impersonal_source(ctx: DocContext, tree: Tree, j: int) -> list[str]:
    """«В МИД России призвали Вашингтон …», «в Кремле заявили», «в Брюсселе пригрозили»: a plural
    verb with no subject speaks for the body (or the capital's state) it is said «в»."""
    verb = tree.tok(j)
    if verb.lemma in ctx.lex.grammar.speech_verbs and not tree.children(j, "nsubj", "nsubj:pass"):
        found = _document_authors(ctx, tree, j)
        if found:
            return found
    if verb.pos != "VERB" or verb.feat("Number") != "Plur" or tree.children(j, "nsubj", "nsubj:pass"):
        return []
    for k in tree.children(j, "obl"):
        m = ctx.dm.at(tree.sent.i, k)
        if m is None or tree.prep(k) not in ("в", "во") or m.first > k:
            continue
        cls = class_of(ctx, m.entity)
        if cls in ("GovernmentBody", "InternationalOrganization") or cls == "State" and m.kind == "capital":
            return [m.entity]  # «считают в Москве»: the capital read as its state
        seat = seat_of(ctx, m.entity) if cls == "City" else None
        if seat is not None:
            return [seat]
    return []


def _document_authors(ctx: DocContext, tree: Tree, j: int) -> list[str]:
    """«…, говорится в заявлении МИД КНР», «отмечается в совместном коммюнике Франции и Германии»:
    a statement said to be in a document is its authors' (grammar document_nouns)."""
    sid = tree.sent.i
    out: list[str] = []
    for k in tree.children(j, "obl"):
        if tree.prep(k) not in ("в", "во") or tree.tok(k).lemma not in ctx.lex.grammar.document_nouns:
            continue
        todo = [c for c in tree.children(k, "nmod") if tree.prep(c) is None]
        while todo:  # the owner and the owners coordinated with it
            c = todo.pop(0)
            m = ctx.dm.at(sid, c)
            if m is not None and ctx.is_actor(m.entity) and not m.as_place and m.entity not in out:
                out.append(m.entity)
            todo += tree.children(c, "conj")
    return out


def of_state(ctx: DocContext, tree: Tree, i: int, person: str) -> bool:
    """A noun whose only modifiers are adjectives naming the person's own state («британский политик»)."""
    if tree.children(i, "nmod", "appos", "flat"):
        return False
    states = [m.entity for k in tree.children(i, "amod") if (m := ctx.dm.at(tree.sent.i, k)) and m.kind == "adjective"]
    return len(states) == 1 and ctx.state_of(person) == states[0]


def led_by(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """«администрация Байдена», «правительство Нетаньяху»: a government named by its head is the
    state that head leads (grammar government_nouns)."""
    if tree.tok(i).lemma not in ctx.lex.grammar.government_nouns:
        return []
    out = []
    for k in tree.children(i, "nmod"):
        m = ctx.dm.at(tree.sent.i, k)
        st = ctx.state_of(m.entity) if m is not None and class_of(ctx, m.entity) == "Person" else None
        if st is not None and st in ctx.gaz.entries and ctx.gaz.entries[st].cls == "State":
            out.append(ctx.known(st))
    return out


def government_of(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """A state noun, «страна» or a government noun with the side it names: «правительство Японии»,
    «делегации России и Украины», «руководство движения «Талибан»», «администрация Байдена»,
    «его правительство», «западные страны»."""
    sid = tree.sent.i
    tok = tree.tok(i)
    if not (tok.lemma in STATE_NOUNS or tok.lemma in ("страна", "государство") or tok.lemma in ctx.lex.grammar.government_nouns):
        return []
    found: list[str] = []
    for k in tree.children(i, "nmod", "amod", "appos"):
        mk = ctx.dm.at(sid, k)
        # («делегация ХАМАС»: a movement sends delegations too.)
        if mk and class_of(ctx, mk.entity) in SIDES + (("Organization",) if tok.lemma == "делегация" else ()):
            found.append(mk.entity)
            # «делегаций России и Украины», «делегации Израиля и ХАМАС»: the coordinated sides
            # hang on the first one.
            for c in tree.children(k, "conj"):
                mc = ctx.dm.at(sid, c)
                if mc and class_of(ctx, mc.entity) in SIDES + ("Organization",):
                    found.append(mc.entity)
        elif tok.lemma == "руководство":
            # «руководство движения «Талибан»»: the movement itself, named there or just after
            for j in [k] if mk else tree.children(k, "appos", "nmod", "flat"):
                mj = ctx.dm.at(sid, j)
                if mj and class_of(ctx, mj.entity) in ("Organization", "InternationalOrganization"):
                    found.append(mj.entity)
    found = found or led_by(ctx, tree, i)  # «администрация Байдена»
    for k in tree.children(i, "det") if not found else ():  # «его правительство»: the state of whom «его» is
        mk = ctx.dm.at(sid, k)
        if mk is not None and mk.kind == "pronoun" and (st := ctx.state_of(mk.entity)) and class_of(ctx, st) == "State":
            found.append(st)
    if tok.lemma in ("страна",) and any(tree.tok(k).lemma == "западный" for k in tree.children(i, "amod")):
        west = next((k for k, e in ctx.gaz.entries.items() if e.cls == "Bloc" and e.label == "Запад"), None)
        if west:
            found.append(ctx.known(west))
    return found


def organisation_anaphor(ctx: DocContext, tree: Tree, i: int) -> list[str]:
    """A lower-case noun for an organisation the document already named: «члены альянса» after
    «НАТО» (lexicon anaphors), «газовый монополист» after «Газпром» (grammar company_anaphors)."""
    sid = tree.sent.i
    tok = tree.tok(i)
    if tok.text[:1].islower() and tok.lemma in (ctx.lex.anaphors or {}):
        # «члены альянса» after «НАТО»: an organisation the document already named.
        before = {m.entity for m in ctx.dm.mentions if (m.sent, m.first) < (sid, i)}
        found = [k for k in ctx.lex.anaphors[tok.lemma] if k in before]
        if found:
            return found[:1]
    if tok.lemma in ctx.lex.grammar.company_anaphors and tok.pos == "NOUN" and not any(
            ctx.dm.at(sid, k) for k in tree.children(i, "nmod", "appos", "flat")):
        # «Газовый монополист предупредил…» after «Газпром»: the company named last, not long ago.
        before = [m for m in ctx.dm.mentions if (m.sent, m.first) < (sid, i) and sid - m.sent <= 5
                  and class_of(ctx, m.entity) == "Organization" and m.kind == "name"]
        if before:
            return [before[-1].entity]
    return []

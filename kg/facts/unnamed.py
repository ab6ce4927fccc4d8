"""Actors the clause does not name as a subject: an oblique pronoun's antecedent in the same
sentence («с ней»), and the body or capital a subjectless plural verb is said «в» («в Кремле
заявили»)."""

from __future__ import annotations

from kg.facts.context import DocContext, class_of, seat_of
from kg.tree import Tree

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

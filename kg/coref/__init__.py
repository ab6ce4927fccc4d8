"""Document-level coreference: every actor-like word that names no one itself — a pronoun
(«он», «их», «последний»), a bare noun of a kind («страна», «альянс»), a description
(«газовый монополист»), a group («стороны», «обе страны») or a subject a clause omits
(«Встретился с…») — gets the entity the text before it names, or stays unresolved when two
antecedents compete (precision first).

Runs between mentions and facts: `resolve` reads the parse and the mentions and returns
Resolutions (each with the reason it was made or refused, for `kg build --explain`);
`apply` adds the resolved ones to DocMentions, where every fact rule finds them through
`dm.at(sentence, token)` like any name. One pass over the sentences, a bounded look back:
linear in tokens and mentions.

Modules: `memory` (the actors each sentence named, with what agreement needs) → `pronouns`
and `nouns` (one kind of anaphor each) → here, the walk over the document.
"""

from __future__ import annotations

from kg.coref.memory import Cand, Memory, Resolution
from kg.coref.nouns import description, group, kind_noun, zero_subject
from kg.coref.pronouns import FORMS, LATTER, LEMMAS, first_person, pronoun
from kg.gazetteer import Gazetteer
from kg.lexicon import Lexicon
from kg.mentions import DocMentions, entity_of
from kg.records import Mention, Parsed
from kg.tree import Tree

__all__ = ["KINDS", "Resolution", "apply", "resolve"]

FINDERS = (pronoun, first_person, kind_noun, description, group)
KINDS = ("pronoun", "metonymy", "description", "group", "zero")


def _anaphor_words(lex: Lexicon) -> frozenset[str]:
    """Every lemma or form a finder can act on: most tokens are none of them and skip the finders."""
    words = lex.coref
    nouns: set[str] = set()
    if words is not None:
        nouns = {*words.kind_nouns, *words.group_nouns, *(key[-1] for key in words.descriptions)}
    return frozenset({*FORMS, *LEMMAS, LATTER, "я", *nouns})


def resolve(parsed: Parsed, dm: DocMentions, gaz: Gazetteer, lex: Lexicon) -> tuple[Resolution, ...]:
    mem = Memory(dm, gaz, lex, date=parsed.doc.date)
    anaphors = _anaphor_words(lex)
    out: list[Resolution] = []
    by_sent: dict[int, list[Mention]] = {}
    for m in dm.mentions:
        by_sent.setdefault(m.sent, []).append(m)
    for sent in parsed.sentences:
        tree = Tree.of(sent)
        mem.start(tree, by_sent.get(sent.i, []))
        z = zero_subject(mem, tree)
        if z is not None:
            out.append(z)
            mem.remember_zero(z)
        taken: set[int] = set()  # tokens inside a phrase already resolved («лидеры двух стран»)
        for tok in sent.tokens:
            if (tok.lemma not in anaphors and tok.text.lower().replace("ё", "е") not in anaphors) or (
                    tok.i in taken or not _open(dm, gaz, sent.i, tok.i)):
                continue
            for find in FINDERS:
                r = find(mem, tree, tok)
                if r is not None:
                    out.append(r)
                    taken.update(range(r.first, max(r.last, r.head + 1)))
                    if r.entities:
                        mem.add(Cand.of_resolution(r, tree, mem))
                    break
    return tuple(out)


def _open(dm: DocMentions, gaz: Gazetteer, sid: int, tok: int) -> bool:
    """No mention here, or only NER's guess at a name («Альянс», «Североатлантический блок»
    tagged ORG), which a resolution may replace."""
    m = dm.at(sid, tok)
    return m is None or (m.entity.startswith("org:") and m.entity not in gaz.entries and m.kind == "name")


def _drop_guess(dm: DocMentions, r: Resolution) -> None:
    m = dm.at(r.sent, r.head)
    if m is None:
        return
    dm.remove(m)


def apply(dm: DocMentions, gaz: Gazetteer, resolutions: tuple[Resolution, ...]) -> None:
    """Resolved mentions into DocMentions (in text order); unresolved ones stay out."""
    for r in resolutions:
        if not r.entities:
            if "competing" in r.why:  # precision first: no fact rule may guess here either
                dm.refused.add((r.sent, r.head))
            continue
        if r.kind != "zero":
            _drop_guess(dm, r)
        for key in r.entities:
            if key not in dm.entities and key in gaz.entries:
                dm.entities[key] = entity_of(gaz.entries[key])
        dm.refer(Mention(r.sent, r.first, r.last, r.text, r.entities[0], r.kind, r.head), r.entities)
    dm.mentions.sort(key=lambda m: (m.sent, m.first))

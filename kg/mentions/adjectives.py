"""Adjectives and demonyms that name a state: «российская сторона», «палестинцы»; and those
that only name a place or states without an actor: «лондонский суд», «российско-британские»."""

from __future__ import annotations

from kg.gazetteer import Gazetteer
from kg.lexicon import Grammar
from kg.mentions.base import STATE_NOUNS, DocMentions, entity_of
from kg.records import Mention, Sentence, Token


def _toponym_part(sent: Sentence, tok: Token, words: Grammar) -> bool:
    """A capitalised adjective inside another place's proper name: «Советского района»,
    «Алма-Атинской области» (not at the start of a sentence, where every word is capitalised)."""
    if tok.i == 0 or not tok.text[:1].isupper() or tok.rel != "amod" or tok.head < 0:
        return False
    return sent.tokens[tok.head].lemma in words.toponym_heads


def _adjective_mentions(sent: Sentence, gaz: Gazetteer, dm: DocMentions, covered: set[int],
                        words: Grammar) -> None:
    """«российская сторона», «американские власти» → the state; other adjectives are kept for roles."""
    for tok in sent.tokens:
        if tok.i in covered or tok.pos != "ADJ":
            continue
        state = gaz.adjectives.get(tok.lemma)
        if state is None or state not in gaz.entries or _toponym_part(sent, tok, words):
            continue
        head = sent.tokens[tok.head] if tok.head >= 0 else None
        kind = "adjective"
        if head is not None and head.lemma in STATE_NOUNS:
            kind = "state-noun"
        m = Mention(sent.i, tok.i, tok.i + 1, tok.text, state, kind, tok.i)
        dm.mentions.append(m)
        dm.entities.setdefault(state, entity_of(gaz.entries[state]))
        if kind == "state-noun" or _names_state(sent, tok, words):
            dm.named.add(state)
        dm.by_token.setdefault((sent.i, tok.i), m)
        if kind == "state-noun" and head is not None:
            dm.by_token.setdefault((sent.i, head.i), m)


# Nouns an adjective of a state qualifies as a language, not the state («на английском языке»).
LANGUAGE_NOUNS = {"язык", "перевод", "вариант", "версия", "озвучка", "субтитр"}
def _names_state(sent: Sentence, tok: Token, words: Grammar) -> bool:
    """«британская газета», «российские власти», «российский премьер» name the state;
    «британский музыкант Марк Холлис» gives a person's nationality and «на английском» a language."""
    if tok.head < 0 or tok.rel != "amod":
        return False
    head = sent.tokens[tok.head]
    if head.lemma in words.office_nouns:
        return True
    return head.feat("Animacy") != "Anim" and head.lemma not in LANGUAGE_NOUNS


def _named_adjectives(sent: Sentence, gaz: Gazetteer, dm: DocMentions, covered: set[int],
                      combining: dict[str, str], words: Grammar) -> None:
    """Adjectives that name a place or several states without standing for an actor:
    «лондонский суд» (London), «российско-британские отношения» (Russia and the UK)."""
    for tok in sent.tokens:
        # («Российско-китайские» is sometimes tagged a verb)
        if tok.i in covered or not (tok.pos == "ADJ" or "-" in tok.lemma and tok.rel == "amod"):
            continue
        place = gaz.place_adjectives.get(tok.lemma)
        if place is not None and place in gaz.entries and not _toponym_part(sent, tok, words):
            dm.name_only(entity_of(gaz.entries[place]))
        if "-" not in tok.lemma:
            continue
        *parts, last = tok.lemma.split("-")
        for adj in [_combined(p, gaz, combining) for p in parts] + [last]:
            key = gaz.adjectives.get(adj) if adj else None
            if key is not None and key in gaz.entries:
                dm.name_only(entity_of(gaz.entries[key]))


def compound_states(lemma: str, gaz: Gazetteer, combining: dict[str, str]) -> list[str]:
    """«российско-китайский» → Russia, China: the states a compound adjective names, in order."""
    *parts, last = lemma.split("-")
    keys = [gaz.adjectives.get(adj) if adj else None for adj in [_combined(p, gaz, combining) for p in parts] + [last]]
    return [k for k in keys if k is not None and k in gaz.entries] if len(keys) > 1 else []


def _combined(part: str, gaz: Gazetteer, combining: dict[str, str]) -> str | None:
    """«российско» → «российский», «американо» → «американский», «франко» → «французский»."""
    if part in combining:
        return combining[part]
    if not part.endswith("о"):
        return None
    stem = part[:-1]
    return next((a for a in (stem + "ий", stem + "ский") if a in gaz.adjectives), None)


def _demonym_mentions(sent: Sentence, gaz: Gazetteer, dm: DocMentions, covered: set[int],
                      demonyms: dict[str, str]) -> None:
    """«палестинцы», «американцы» (plural) act for their state."""
    for tok in sent.tokens:
        if tok.i in covered or tok.pos not in ("NOUN", "PROPN") or tok.feat("Number") != "Plur":
            continue
        adj = demonyms.get(tok.lemma)
        state = gaz.adjectives.get(adj) if adj else None
        if state is None or state not in gaz.entries:
            continue
        dm.add(Mention(sent.i, tok.i, tok.i + 1, tok.text, state, "state-noun", tok.i), entity_of(gaz.entries[state]))
        dm.forms[state].discard(tok.text)  # «палестинцы» is not a name of Palestine

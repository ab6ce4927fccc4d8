"""Gazetteer aliases in the text: any case form, several words, abbreviations; the longest
match wins, and a match that names something else («кинотеатр «Тула»») is set aside."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from kg.gazetteer import Entry, Gazetteer
from kg.lexicon import Grammar
from kg.mentions.base import DocMentions, entity_of, name_stem
from kg.morph import known_word, tags
from kg.records import Sentence, Token

_OK_POS = {"PROPN", "NOUN", "X", "ADJ"}
# «1-го», «25-й»: an ordinal number before a name (not a decade: «1990-х»).
_ORDINAL = re.compile(r"\d{1,3}-[а-яё]{1,3}")


def _word_ok(raw: str, forms: frozenset[str], tok: Token, tok_forms: frozenset[str]) -> bool:
    if not raw[:1].isalnum():
        return raw == tok.text or (raw in "«»\"“”„" and tok.text in "«»\"“”„")
    if raw.isdigit():  # «G20» is tokenised «G» «20»
        return raw == tok.text
    if len(raw) > 1 and raw.isupper():  # abbreviation: upper case in the text too
        return tok.text[:2].isupper() and bool(forms & tok_forms)
    if raw[:1].isupper() and not tok.text[:1].isupper():
        return False
    return bool(forms & tok_forms)


_QUOTES = "«»\"“”„"


class _Bucket(NamedTuple):
    """The aliases of one first-word normal form, by what their second word can match
    (_word_ok's necessary conditions), so most never reach the word-by-word check."""

    singles: list  # one-word aliases
    by_form: dict[str, list]  # second word a word: by each of its normal forms
    by_text: dict[str, list]  # second word punctuation: by its text
    quoted: list  # second word a quote mark: any quote mark matches it


def _buckets(gaz: Gazetteer) -> dict[str, _Bucket]:
    """gaz.index regrouped into _Buckets, built once per gazetteer (not changed after load)."""
    cached = gaz.__dict__.get("_buckets")
    if cached is not None and cached[0] is gaz.index:
        return cached[1]
    buckets: dict[str, _Bucket] = {}
    for nf, aliases in gaz.index.items():
        b = buckets[nf] = _Bucket([], {}, {}, [])
        for alias in aliases:
            sets, raw, _ = alias
            if len(sets) == 1:
                b.singles.append(alias)
            elif raw[1][:1].isalnum():
                for form in sets[1]:
                    b.by_form.setdefault(form, []).append(alias)
            else:
                b.by_text.setdefault(raw[1], []).append(alias)
                if raw[1] in _QUOTES:
                    b.quoted.append(alias)
    gaz.__dict__["_buckets"] = (gaz.index, buckets)
    return buckets


def _candidates(buckets: dict[str, _Bucket], tf: frozenset[str], toks: tuple[Token, ...],
                tok_forms: list[frozenset[str]], i: int) -> list:
    """The index entries of token i's normal forms that its next token does not rule out: the
    same matches as scanning them all (a candidate may come twice; the caller is unaffected)."""
    nxt = toks[i + 1].text if i + 1 < len(toks) else None
    out: list = []
    for nf in tf:
        b = buckets.get(nf)
        if b is None:
            continue
        out += b.singles
        if nxt is None:
            continue  # a longer alias would run past the sentence
        for form in tok_forms[i + 1]:
            if form in b.by_form:
                out += b.by_form[form]
        if nxt in b.by_text:
            out += b.by_text[nxt]
        if b.quoted and nxt in _QUOTES:
            out += b.quoted
    return out


def _alias_fits(raw: tuple[str, ...], sets: tuple[frozenset[str], ...], toks: Sequence[Token],
                tok_forms: Sequence[frozenset[str]], i: int) -> bool:
    """The alias's words are the tokens from i on, in any case form."""
    n = len(sets)
    if i + n > len(toks):
        return False
    if n == 1 and toks[i].text.lower() != raw[0].lower() and toks[i].lemma not in sets[0] and not (
            raw[0][:1].isupper() and name_stem(toks[i].text) == raw[0].lower()):
        return False  # «Том» shares a dictionary form with «Того» but is not Togo
    if n == 1 and toks[i].text.lower() != raw[0].lower() and _given_name_reading(raw[0], sets[0] & tok_forms[i]):
        return False  # «Иван» is no case form of the surname «Иванов» (its genitive plural read as a name)
    for j in range(n):  # noqa: SIM110 — a loop, not all(<generator>): this runs for every candidate
        word = raw[j]
        if j == 0 and n >= 3 and toks[i].pos == "NOUN" and word[1:].islower() and any(
                w[:1].isupper() for w in raw[1:]):
            # «в офисе президента Украины»: a long name opened by a common noun, made a name by a
            # name inside it (not «министерство иностранных дел» of whichever state)
            word = word.lower()
        if not _word_ok(word, sets[j], toks[i + j], tok_forms[i + j]):
            return False
    return True


@functools.lru_cache(maxsize=20_000)
def _given_name_reading(alias: str, shared: frozenset[str]) -> bool:
    """Every form the alias shares with the token is a given name the alias is only an oblique
    form of in the dictionary: «Иванов», «Петров» read as plurals of «Иван», «Пётр»."""
    if not known_word(alias):
        return False  # «Тайбэй» guessed as a plural of a name «Тайбэя»: no dictionary reading
    own = alias.lower().replace("ё", "е")
    names = {normal for normal, _, grammemes in tags(alias) if "Name" in grammemes and normal != own}
    return bool(shared) and shared <= names


@functools.lru_cache(maxsize=100_000)
def _name_forms(forms: Callable[[str], frozenset[str]], word: str) -> frozenset[str]:
    """A capitalised word's dictionary forms and its stem as a foreign surname («Шольцу» → «шольц»)."""
    return forms(word) | {name_stem(word)}


def gazetteer_matches(
    sent: Sentence, gaz: Gazetteer, forms: Callable[[str], frozenset[str]], ner_tokens: set[int]
) -> list[tuple[int, int, str]]:
    """Longest gazetteer matches (first, last, key), left to right, not overlapping."""
    toks = sent.tokens
    buckets = _buckets(gaz)
    first_words = buckets.keys()
    # once per token, not once per candidate alias; a capitalised word also as a foreign surname
    tok_forms = [_name_forms(forms, t.text) if t.text[:1].isupper() else forms(t.text) for t in toks]
    out: list[tuple[int, int, str]] = []
    end = 0  # matches do not overlap: the next starts at or after the last one's end
    for i, tf in enumerate(tok_forms):
        # Most tokens start no alias: one set test before any per-token work.
        if i < end or first_words.isdisjoint(tf) or not toks[i].text[:1].isalnum():
            continue
        tok = toks[i]
        best: tuple[int, int, str] | None = None
        seen: set[str] = set()
        for sets, raw, key in _candidates(buckets, tf, toks, tok_forms, i):
            n = len(sets)
            if not _alias_fits(raw, sets, toks, tok_forms, i):
                continue
            entry = gaz.entries[key]
            if n == 1 and tok.pos not in _OK_POS and not tok.text.isupper():
                continue  # «Того» the pronoun, not Togo
            if entry.priority < 2 and n == 1 and i not in ner_tokens:
                continue  # derived aliases need natasha's NER to agree
            rank = (n, entry.priority)
            if best is None or rank > (best[1] - best[0], gaz.entries[best[2]].priority):
                best = (i, i + n, key)
                seen = {key}
            elif rank == (best[1] - best[0], gaz.entries[best[2]].priority):
                seen.add(key)
        if best is not None and len(seen) > 1:
            best = _disambiguate(best, seen, gaz)
        if best is not None:
            out.append(best)
            end = best[1]
    return out


def _disambiguate(best: tuple[int, int, str], keys: set[str], gaz: Gazetteer) -> tuple[int, int, str] | None:
    # A state beats a city or person of the same name; otherwise a tie is unresolved.
    ranked = sorted(keys, key=lambda k: (gaz.entries[k].cls != "State", gaz.entries[k].cls == "Person", k))
    top = gaz.entries[ranked[0]]
    if top.cls == "Person" and len([k for k in keys if gaz.entries[k].cls == "Person"]) > 1:
        return (best[0], best[1], "?" + "|".join(sorted(keys)))  # resolved later from context
    return (best[0], best[1], ranked[0])


def _not_this_entity(sent: Sentence, first: int, last: int, entry: Entry, after: list[tuple[int, int, str]],
                     gaz: Gazetteer, words: Grammar) -> bool:
    """A gazetteer match that names something else: a place name that is a whole quoted title
    («группа «Ленинград»», «кинотеатр «Тула»»), a numbered unit («1-го Украинского фронта»), one
    state's body named with another state («Следственного комитета Армении»), or a surname in
    the plural, a family («отравление Скрипалей»)."""
    toks = sent.tokens
    if entry.cls in ("State", "City", "Place"):
        return first > 0 and last < len(toks) and toks[first - 1].text in _QUOTES and toks[last].text in _QUOTES
    if entry.cls == "Person":
        tok = toks[first]
        return (last - first == 1 and tok.feat("Number") == "Plur"
                and tok.text.lower() not in {a.lower() for a in entry.aliases})
    if first > 0:
        prev = toks[first - 1]
        if _ORDINAL.fullmatch(prev.text) or (prev.pos == "ADJ" and prev.lemma in words.ordinal_words) or (
                prev.text.isdigit() and first <= prev.head < last and prev.rel == "amod"):
            return True  # a bare number only as the name's modifier: not «в 2014 НАТО»
    if entry.part_of is not None and last < len(toks) and toks[last].feat("Case") == "Gen":
        nxt = next((key for a, _, key in after if a == last), None)
        other = gaz.entries.get(nxt) if nxt else None
        if other is not None and other.cls == "State" and other.key != entry.part_of:
            return True
    return False


def _nested_places(sent: Sentence, first: int, last: int, gaz: Gazetteer,
                   forms: Callable[[str], frozenset[str]], dm: DocMentions) -> None:
    """States, cities and regions named inside a longer name: «Минобороны РФ», «правительство
    Москвы». The longer name keeps the tokens; the inner ones are recorded as mentioned."""
    toks = sent.tokens[:last]  # the inner name ends where the longer one does
    tok_forms = [forms(t.text) for t in toks]
    for i in range(first + 1, last):
        if not toks[i].text[:1].isalnum():
            continue
        for nf in tok_forms[i]:
            for sets, raw, key in gaz.index.get(nf, ()):
                entry = gaz.entries[key]
                if entry.priority != 2 or not _alias_fits(raw, sets, toks, tok_forms, i):
                    continue
                # An organisation inside a longer name only as an abbreviation or a name of
                # several words («ЦК КПСС», «Институт языкознания АН СССР»), not a common noun.
                if entry.cls in ("State", "City", "Place") or len(sets) > 1 or toks[i].text.isupper():
                    dm.name_only(entity_of(entry))

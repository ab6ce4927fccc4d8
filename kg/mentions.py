"""Mentions: where the text names an actor or a place, and which entity each one names.

Sources, in order of trust: gazetteer aliases (any case form, multi-word, abbreviations),
capitals used as actors (metonymy), relational adjectives («российская сторона»), and
natasha's NER spans for names the gazetteer does not know.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from kg.gazetteer import Entry, Gazetteer
from kg.lexicon import Grammar
from kg.records import Entity, Mention, Parsed, Sentence, Token

# Prepositions that make a city a place rather than an actor («в Москве», «из Вены»).
PLACE_PREPS = {"в", "во", "на", "из", "до", "под", "около", "возле", "близ", "через", "у"}
# Nouns that with a state adjective or genitive stand for the state itself.
STATE_NOUNS = {"сторона", "власть", "власти", "руководство", "правительство", "кабинет", "режим", "делегация",
               "государство"}
# Nouns of acts and stances: their genitive is an actor («требование Москвы», «позиция Киева»),
# unlike the genitive of places and things («центр Москвы», «мэр Москвы»).
ACT_NOUNS = {"требование", "ультиматум", "предложение", "позиция", "решение", "заявление", "призыв", "просьба",
             "отказ", "ответ", "условие", "санкция", "угроза", "предупреждение", "действие", "шаг", "политика",
             "инициатива", "реакция", "намерение", "обвинение", "претензия"}
_OK_POS = {"PROPN", "NOUN", "X", "ADJ"}
_NO_GRAMMAR = Grammar(**dict.fromkeys(Grammar.__dataclass_fields__, frozenset()))  # detect() without a lexicon
_LATIN = re.compile(r"[A-Za-z]")
# «1-го», «25-й»: an ordinal number before a name (not a decade: «1990-х»).
_ORDINAL = re.compile(r"\d{1,3}-[а-яё]{1,3}")


@dataclass
class DocMentions:
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    forms: dict[str, set[str]] = field(default_factory=dict)  # entity key -> surface forms
    by_token: dict[tuple[int, int], Mention] = field(default_factory=dict)
    # Named in the text but in no role a fact could take: «лондонский», «российско-британский»,
    # «Минобороны РФ»'s «РФ». Such entities are recorded as mentioned, nothing more.
    named: set[str] = field(default_factory=set)

    def name_only(self, entity: Entity) -> None:
        self.entities.setdefault(entity.key, entity)
        self.forms.setdefault(entity.key, set())
        self.named.add(entity.key)

    def add(self, m: Mention, entity: Entity) -> None:
        self.mentions.append(m)
        self.entities.setdefault(entity.key, entity)
        self.forms.setdefault(entity.key, set()).add(m.text)
        for k in range(m.first, m.last):
            self.by_token.setdefault((m.sent, k), m)

    def at(self, sent: int, tok: int) -> Mention | None:
        return self.by_token.get((sent, tok))


def entity_of(entry: Entry) -> Entity:
    return Entity(entry.key, entry.label, entry.cls, entry.qid, entry.part_of, entry.state)


def slug(text: str) -> str:
    table = str.maketrans({
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
        "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
        "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    })
    out = re.sub(r"[^a-z0-9]+", "-", text.lower().translate(table)).strip("-")
    return out or "x"


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


def _place_prep(sent: Sentence, head: int) -> bool:
    # «в отношении Москвы», «в ответ на»: «в» that opens a longer preposition is no place.
    return any(t.head == head and t.rel == "case" and t.lemma in PLACE_PREPS
               and not any(f.head == t.i and f.rel == "fixed" for f in sent.tokens) for t in sent.tokens)


def _capital_as_actor(sent: Sentence, head: int) -> bool:
    """A capital stands for its state as a subject or object («Москва заявила», «призвал
    Москву», «переговоры с Москвой», «между Вашингтоном и Москвой») or after a state noun
    («власти Москвы»); in a bare genitive («центр Москвы», «суд Москвы») or beside a place
    («в Берлине и Москве») it is the city."""
    tok = sent.tokens[head]
    while tok.rel == "conj" and tok.head >= 0:
        tok = sent.tokens[tok.head]
        if _place_prep(sent, tok.i):
            return False
    if tok.rel == "nmod":
        governed = any(t.head == tok.i and t.rel == "case" for t in sent.tokens)
        agentive = tok.feat("Case") == "Ins"  # «наложенного Вашингтоном эмбарго»
        head = sent.tokens[tok.head].lemma if tok.head >= 0 else ""
        return governed or agentive or head in STATE_NOUNS or head in ACT_NOUNS
    return tok.rel.split(":")[0] in ("nsubj", "obj", "iobj", "obl")


def _mention_head(sent: Sentence, first: int, last: int) -> int:
    for k in range(first, last):
        if not first <= sent.tokens[k].head < last:
            return k
    return first


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
    if n == 1 and toks[i].text.lower() != raw[0].lower() and toks[i].lemma not in sets[0]:
        return False  # «Том» shares a dictionary form with «Того» but is not Togo
    for j in range(n):  # noqa: SIM110 — a loop, not all(<generator>): this runs for every candidate
        if not _word_ok(raw[j], sets[j], toks[i + j], tok_forms[i + j]):
            return False
    return True


def gazetteer_matches(
    sent: Sentence, gaz: Gazetteer, forms: Callable[[str], frozenset[str]], ner_tokens: set[int]
) -> list[tuple[int, int, str]]:
    """Longest gazetteer matches (first, last, key), left to right, not overlapping."""
    toks = sent.tokens
    buckets = _buckets(gaz)
    first_words = buckets.keys()
    tok_forms = [forms(t.text) for t in toks]  # once per token, not once per candidate alias
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


def person_label(span_text: str, normal: str) -> str:
    """A person's nominative name, without a trailing original spelling «(Andrea Padovan)»."""
    span_text, normal = _PAREN.sub("", span_text).strip(), _PAREN.sub("", normal).strip()
    return _person_label(span_text, normal)


_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


def _person_label(span_text: str, normal: str) -> str:
    """natasha's normal form, except where it declines an indeclinable foreign surname.

    «Джен Псаки» is normalised to «Джен Псака»: when the first name did not change but the
    surname went from -и/-ы to -а/-я, the surname was already nominative.
    """
    src, dst = span_text.split(), normal.split()
    if normal == span_text and len(src) >= 2 and all(
            len(w) > 4 and w[-2:] in ("ом", "ем") and w[-3] not in "аеёиоуыэюяь" for w in src):
        # «Мехметом Йылдызом» left as written: a man's name in the instrumental.
        return " ".join(w[:-2] for w in src)
    if len(src) == len(dst) >= 2 and src[0] == dst[0]:
        s, d = src[-1], dst[-1]
        if s[:-1] == d[:-1] and s[-1:] in ("и", "ы") and d[-1:] == "а":  # not «Гарсии» → «Гарсия»
            dst[-1] = s
            return " ".join(dst)
    return normal


def detect(
    parsed: Parsed,
    gaz: Gazetteer,
    forms: Callable[[str], frozenset[str]],
    bodies: tuple = (),
    inflect: Callable[[str, str], str] = lambda text, case: text,
    grammar: Grammar | None = None,
    demonyms: dict[str, str] | None = None,
    combining: dict[str, str] | None = None,
) -> DocMentions:
    dm = DocMentions()
    words = grammar or _NO_GRAMMAR
    ner_by_sent: dict[int, list] = {}
    for span in parsed.spans:
        ner_by_sent.setdefault(span.sent, []).append(span)
    pending_people: list[tuple[Mention, str]] = []  # ambiguous or surname-only persons
    for sent in parsed.sentences:
        spans = ner_by_sent.get(sent.i, [])
        ner_tokens = {k for s in spans for k in range(s.first, s.last)}
        covered: set[int] = set()
        # «Питер Семнеби» is a person, not St Petersburg: a longer PER span beats a place alias.
        per_spans = [(s.first, s.last) for s in spans if s.type == "PER" and s.last - s.first >= 2]
        matches = gazetteer_matches(sent, gaz, forms, ner_tokens)
        for n, (first, last, key) in enumerate(matches):
            entry = gaz.entries.get(key)
            if entry is not None and (entry.cls != "Person" or entry.priority < 2 or last - first == 1) and any(
                a <= first and last <= b and (b - a) > (last - first) for a, b in per_spans
            ):
                continue
            if entry is not None and _not_this_entity(sent, first, last, entry, matches[n + 1:], gaz, words):
                if entry.cls not in ("State", "City", "Place", "Person"):
                    covered.update(range(first, last))  # still a name: «1-го Украинского фронта» is not Ukraine
                continue
            covered.update(range(first, last))
            if last - first >= 2 and key in gaz.entries and gaz.entries[key].cls not in ("State", "City", "Place"):
                _nested_places(sent, first, last, gaz, forms, dm)  # not «Нижний Новгород»'s «Новгород»
            text = " ".join(t.text for t in sent.tokens[first:last])
            head = _mention_head(sent, first, last)
            if key.startswith("?"):
                pending_people.append((Mention(sent.i, first, last, text, key, "name", head), text))
                continue
            entry = gaz.entries[key]
            visited = sent.tokens[head].rel == "obj" and sent.tokens[head].head >= 0 and (
                sent.tokens[sent.tokens[head].head].lemma in words.visit_verbs)
            if (entry.cls == "City" and key in gaz.capitals and not _place_prep(sent, head) and not visited
                    and _capital_as_actor(sent, head)):
                state = gaz.entries.get(gaz.capitals[key])
                if state is not None:
                    dm.add(Mention(sent.i, first, last, text, state.key, "capital", head), entity_of(state))
                    dm.forms[state.key].discard(text)  # «Москва» is not a name form of Russia
                    # The city is still named in the text: it is mentioned, though not an actor here.
                    dm.entities.setdefault(entry.key, entity_of(entry))
                    dm.forms.setdefault(entry.key, set()).add(text)
                    continue
            as_place = entry.cls in ("City", "Place") or _place_prep(sent, head) or visited
            dm.add(Mention(sent.i, first, last, text, key, "name", head, as_place), entity_of(entry))
        _adjective_mentions(sent, gaz, dm, covered, words)
        _named_adjectives(sent, gaz, dm, covered, combining or {}, words)
        _demonym_mentions(sent, gaz, dm, covered, demonyms or {})
        _body_mentions(sent, gaz, dm, bodies, inflect)
        _named_ministries(sent, dm)
        for span in spans:
            if covered & set(range(span.first, span.last)):
                _state_body(sent, span, gaz, dm, covered)
                continue
            if any(dm.at(sent.i, k) is not None and dm.at(sent.i, k).kind == "state-noun"
                   for k in range(span.first, span.last)):
                continue  # «Палестинское государство», «Белорусская сторона»: the state itself
            head = _mention_head(sent, span.first, span.last)
            if span.type == "PER":
                label = person_label(span.text, span.normal)
                last = span.last
                # «Александр Озерец»: NER stops at a surname that is also a noun; the parse does not.
                while (last < len(sent.tokens) and last not in covered and sent.tokens[last].rel == "flat:name"
                       and span.first <= sent.tokens[last].head < last and sent.tokens[last].text[:1].isupper()):
                    label += " " + sent.tokens[last].text
                    last += 1
                text = " ".join(t.text for t in sent.tokens[span.first:last]) if last > span.last else span.text
                m = Mention(sent.i, span.first, last, text, "", "name", head)
                pending_people.append((m, label))
            elif span.type in ("ORG", "LOC") and (span.last - span.first == 1 and sent.tokens[span.first].lemma in STATE_NOUNS):
                continue  # «Правительства» alone is the state's government, named by its state
            elif span.type in ("ORG", "LOC") and not _LATIN.fullmatch(span.text[:1] or "x"):
                cls = "Organization" if span.type == "ORG" else "Place"
                label = span.normal or span.text
                key = f"{'org' if cls == 'Organization' else 'place'}:{slug(label)}"
                ent = Entity(key, label, cls)
                as_place = cls == "Place"
                dm.add(Mention(sent.i, span.first, span.last, span.text, key, "name", head, as_place), ent)
    _resolve_people(pending_people, gaz, dm, forms)
    dm.mentions.sort(key=lambda m: (m.sent, m.first))
    return dm


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
        if tok.i in covered or tok.pos != "ADJ":
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


def _combined(part: str, gaz: Gazetteer, combining: dict[str, str]) -> str | None:
    """«российско» → «российский», «американо» → «американский», «франко» → «французский»."""
    if part in combining:
        return combining[part]
    if not part.endswith("о"):
        return None
    stem = part[:-1]
    return next((a for a in (stem + "ий", stem + "ский") if a in gaz.adjectives), None)


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


# Heads of a ministry-like organisation named with its state («министерство рыболовства Норвегии»).
BODY_HEADS = {"министерство", "ведомство", "комитет", "служба", "агентство", "департамент", "управление",
              "комиссия", "совет", "парламент", "администрация", "канцелярия", "прокуратура", "минсельхоз",
              "минводхоз", "минэкономразвития", "минюст", "минздрав", "минтранс", "минпромторг"}


def _state_body(sent: Sentence, span, gaz: Gazetteer, dm: DocMentions, covered: set[int]) -> None:
    """An ORG span whose tail is a known state: «министерства рыболовства Норвегии» is a body of
    Norway. The body's mention takes the free head tokens; the state keeps its own tokens."""
    if span.type != "ORG":
        return
    free = [k for k in range(span.first, span.last) if k not in covered]
    if not free or free[0] != span.first or sent.tokens[span.first].lemma not in BODY_HEADS:
        return
    states = {m.entity for k in range(span.first, span.last) if (m := dm.at(sent.i, k))
              and dm.entities.get(m.entity) and dm.entities[m.entity].cls == "State"}
    if len(states) != 1:
        return
    state = states.pop()
    label = span.normal or span.text
    key = f"body:{slug(label)}"
    ent = Entity(key, label[:1].upper() + label[1:], "GovernmentBody", part_of=state)
    last = free[-1] + 1
    dm.add(Mention(sent.i, span.first, last, span.text, key, "body", span.first), ent)
    dm.forms[key] = {span.text}


def _named_ministries(sent: Sentence, dm: DocMentions) -> None:
    """«министерства рыболовства Норвегии», «Минсельхоза Киргизии»: a body of the state that
    ends the phrase, labelled by the phrase in the nominative head + the rest as written."""
    toks = sent.tokens
    for tok in toks:
        if tok.lemma == "министр" and tok.i + 2 < len(toks) and dm.at(sent.i, tok.i + 1) is None:
            _ministry_of_minister(sent, tok, dm)
            continue
        if tok.lemma not in BODY_HEADS or dm.at(sent.i, tok.i) is not None or tok.pos not in ("NOUN", "PROPN"):
            continue
        end = None
        for k in range(tok.i + 1, min(len(toks), tok.i + 5)):
            m = dm.at(sent.i, k)
            if m is not None:
                e = dm.entities.get(m.entity)
                if e is not None and e.cls == "State" and m.kind == "name":
                    end = m.last
                break
            if toks[k].pos not in ("NOUN", "ADJ") or toks[k].feat("Case") not in ("Gen", None):
                break
        if end is None or end == tok.i + 1 and False:
            continue
        state = dm.at(sent.i, end - 1).entity
        words = [tok.lemma] + [t.text for t in toks[tok.i + 1 : end]]
        label = " ".join(words)
        label = label[:1].upper() + label[1:]
        key = f"body:{slug(label)}"
        text = " ".join(t.text for t in toks[tok.i:end])
        m = Mention(sent.i, tok.i, tok.i + 1, text, key, "body", tok.i)
        dm.add(m, Entity(key, label, "GovernmentBody", part_of=state))


def _ministry_of_minister(sent: Sentence, tok, dm: DocMentions) -> None:
    """«министра сельского хозяйства России» names the Ministry of Agriculture of Russia; the
    body's mention sits on the topic words, so the post phrase reaches both it and the state."""
    toks = sent.tokens
    k = tok.i + 1
    while k < len(toks) and k < tok.i + 5 and dm.at(sent.i, k) is None and toks[k].pos in ("NOUN", "ADJ") \
            and toks[k].feat("Case") in ("Gen", None):
        k += 1
    m = dm.at(sent.i, k) if k < len(toks) else None
    if k == tok.i + 1 or m is None or m.kind != "name" or dm.entities[m.entity].cls != "State":
        return
    topic = [t.text for t in toks[tok.i + 1 : k]]
    if topic[-1:] == ["дел"]:
        return  # «министр иностранных дел X» names X (and the МИД rule handles the body)
    label = "Министерство " + " ".join(topic + [t.text for t in toks[m.first : m.last]])
    key = f"body:{slug(label)}"
    mention = Mention(sent.i, tok.i + 1, k, " ".join(topic), key, "body", tok.i + 1)
    dm.add(mention, Entity(key, label, "GovernmentBody", part_of=m.entity))
    dm.forms[key] = {label}


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


def _body_mentions(sent: Sentence, gaz: Gazetteer, dm: DocMentions, bodies: tuple, inflect) -> None:
    """«японский МИД», «внешнеполитическое ведомство России» → that state's foreign ministry."""
    toks = sent.tokens
    first_heads = {h[0] for b in bodies for h in b.heads}
    for tok in toks:
        if tok.lemma not in first_heads or dm.at(sent.i, tok.i) is not None:
            continue
        near = {t.lemma for t in toks if t.head == tok.i or (abs(t.i - tok.i) <= 2 and t.head == tok.head)}
        rule = next((b for b in bodies for h in b.heads if h[0] == tok.lemma and set(h[1:]) <= near), None)
        if rule is None:
            continue
        state = None
        for t in toks:
            if t.head != tok.i or t.rel not in ("nmod", "amod"):
                continue
            m = dm.at(sent.i, t.i)
            if m is not None and dm.entities.get(m.entity) and dm.entities[m.entity].cls == "State":
                state = m.entity
                break
        if state is None:
            continue
        key = _gazetteer_body(gaz, state, rule.prefixes)
        if key is not None:
            ent = entity_of(gaz.entries[key])
        else:
            label = f"{rule.label} {inflect(gaz.entries[state].label, 'Gen') if state in gaz.entries else state}"
            key = f"body:{slug(label)}"
            ent = Entity(key, label, "GovernmentBody", part_of=state)
        dm.add(Mention(sent.i, tok.i, tok.i + 1, tok.text, key, "body", tok.i), ent)


def _gazetteer_body(gaz: Gazetteer, state: str, prefixes: tuple[str, ...]) -> str | None:
    for key, e in gaz.entries.items():
        if e.cls == "GovernmentBody" and e.part_of == state:
            names = (e.label, *e.aliases)
            if any(n.startswith(p) for n in names for p in prefixes):
                return key
    return None


def _resolve_people(
    pending: list[tuple[Mention, str]], gaz: Gazetteer, dm: DocMentions, forms: Callable[[str], frozenset[str]]
) -> None:
    """Full names make entities; a surname alone joins the full name the document gives."""
    full: dict[str, str] = {}  # surname normal form -> entity key
    for key, ent in dm.entities.items():
        if ent.cls == "Person":
            for f in forms(ent.label.split()[-1]):
                full.setdefault(f, key)
    for m, label in pending:
        if not m.entity.startswith("?") and len(label.split()) >= 2:
            # «Реджеп Эрдоган» after «Реджеп Тайип Эрдоган»: same first name and surname.
            same = [k for f in sorted(forms(label.split()[-1])) if (k := full.get(f)) and
                    dm.entities[k].label.split()[0] == label.split()[0]]
            if same:
                dm.add(Mention(m.sent, m.first, m.last, m.text, same[0], "name", m.head), dm.entities[same[0]])
                continue
            key = "person:" + slug(label)
            dm.add(Mention(m.sent, m.first, m.last, m.text, key, "name", m.head), Entity(key, label, "Person"))
            for f in forms(label.split()[-1]):
                full.setdefault(f, key)
    for m, label in pending:
        if m.entity.startswith("?"):
            options = m.entity[1:].split("|")
            chosen = next((k for k in options if k in dm.entities), None)
            if chosen is None:
                continue
            dm.add(Mention(m.sent, m.first, m.last, m.text, chosen, "name", m.head), dm.entities[chosen])
        elif len(label.split()) < 2:
            key = next((full[f] for f in sorted(forms(label)) if f in full), None)  # sorted: no hash-seed dependence
            if key is None:
                key = "person:" + slug(label)
                dm.entities.setdefault(key, Entity(key, label, "Person"))
            dm.add(Mention(m.sent, m.first, m.last, m.text, key, "name", m.head), dm.entities[key])

"""People: a nominative label from natasha's normal form, and a surname alone or an
ambiguous name resolved to the full name the document gives."""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher

from kg.gazetteer import Entry, Gazetteer
from kg.mentions.base import DocMentions, entity_of, name_stem, slug
from kg.morph import tags
from kg.records import Entity, Mention


def person_label(span_text: str, normal: str, case: str | None = None) -> str:
    """A person's nominative name, without a trailing original spelling «(Andrea Padovan)»;
    `case` is the case the sentence gives the name («с министром … Мауру Виейрой»: Ins)."""
    return _surname_nominative(_label(span_text, normal, case))


# A Russian surname in -ов/-ев/-ин/-ын in an oblique case, by the gender of the first name:
# a man's «Сомова», «Сомову», «Сомовым», «Сомове» → «Сомов»; a woman's «Сомовой», «Сомову» → «Сомова».
_OBLIQUE_SURNAME = re.compile(r"(.+(?:ов|ев|ёв|ин|ын))(а|у|ым|е|ой)")


def _surname_nominative(label: str) -> str:
    """natasha leaves a surname it does not know as written («Ивана Сомова» → «Иван Сомова»)."""
    words = label.split()
    found = _OBLIQUE_SURNAME.fullmatch(words[-1]) if len(words) >= 2 and words[-1][:1].isupper() else None
    if found is None:
        return label
    genders = {g for _, _, grammemes in tags(words[0]) if "Name" in grammemes and "nomn" in grammemes
               for g in ("masc", "femn") if g in grammemes}  # the label's first name is nominative
    stem, ending = found.groups()
    if genders == {"masc"} and ending in ("а", "у", "ым", "е"):
        return " ".join([*words[:-1], stem])
    if genders == {"femn"} and ending in ("ой", "у"):
        return " ".join([*words[:-1], stem + "а"])
    return label


def _label(span_text: str, normal: str, case: str | None = None) -> str:
    span_text, normal = _PAREN.sub("", span_text).strip(), _PAREN.sub("", normal).strip()
    src, dst = span_text.split(), normal.split()
    if case in _ENDINGS and len(src) == len(dst):
        # natasha declined some words and left others as written: decline those by the case too
        # (or only cut an ending off: «Цзюнем» → «Цзюн», where the stem is soft: «Цзюнь»)
        declined = " ".join(_from_case(w, case) if d == w or w.startswith(d) and _from_case(w, case) != w else d
                            for w, d in zip(src, dst, strict=True))
        if declined != normal:
            return declined  # read off the context, not natasha's guess that _person_label corrects
    return _person_label(span_text, normal)


# Endings of a foreign name's word in a case, longest first, and what stands in the nominative;
# "+" keeps a consonant stem soft («Цзюнем» → «Цзюнь», «Тьиня» → «Тьинь»), after a vowel «й»
# («Салемсаем» → «Салемсай», «Андрея» → «Андрей»), after a hissing consonant nothing («Ковачем»).
_ENDINGS = {"Ins": (("ой", "а"), ("ей", "я"), ("ом", ""), ("ем", "+")),
            "Gen": (("ы", "а"), ("я", "+"), ("а", "")),
            "Acc": (("я", "+"), ("а", ""))}  # (not «-у»: «Мауру» is as indeclinable as «Виейру» is not)


def _from_case(word: str, case: str) -> str:
    """One word of a foreign name natasha left in `case`, in the nominative: «Виолой» → «Виола»,
    «Фейсалом» → «Фейсал», «Тьиня» → «Тьинь»; short and indeclinable words («Мауру», «Амхерд») stay."""
    if len(word) <= 4 or not word[:1].isupper() or "-" in word:
        return word
    for ending, nominative in _ENDINGS[case]:
        if not word.endswith(ending):
            continue
        stem = word[: -len(ending)]
        if stem[-1:] in "аеёиоуыэюяь" and nominative in ("", "а") and ending not in ("ой", "ей"):
            return word  # «Мауру», «Нгуенна»: a vowel before the ending is no declined stem
        if nominative != "+":
            return stem + nominative
        if stem[-1:] in "аеёиоуыэюя":
            return stem + "й"
        return stem if stem[-1:] in "жшчщц" else stem + "ь"
    return word


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
    if normal == span_text and len(src) >= 2 and len(src[-1]) > 3 and src[-1].endswith("ы") \
            and src[-1][-2] not in "аеёиоуыэюяь":
        # «министра Японии Сейджи Маехары» left as written: no nominative name ends in -ы, a
        # genitive of -а does («Маехара»); so does a first name in -ы beside it.
        return " ".join(w[:-1] + "а" if w.endswith("ы") and len(w) > 3 else w for w in src)
    if normal == span_text and len(src) == 2 and len(src[0]) > 3 and src[0].endswith("ы") \
            and len(src[1]) > 4 and src[1].endswith("а") and src[1][-2] not in "аеёиоуыэюяьй":
        # «генерал-лейтенанта Аксары Кердпола»: a first name in the genitive -ы marks the name a
        # genitive; a man's surname in -а after a consonant drops it («Аксара Кердпол»).
        return f"{src[0][:-1]}а {src[1][:-1]}"
    if len(src) == len(dst) >= 2 and src[0] == dst[0]:
        s, d = src[-1], dst[-1]
        if s[:-1] == d[:-1] and s[-1:] in ("и", "ы") and d[-1:] == "а":  # not «Гарсии» → «Гарсия»
            dst[-1] = s
            return " ".join(dst)
    return normal


_PATRONYMIC = re.compile(r"(ович|евич|ьич|овн|евн|ичн)[а-я]{0,3}$")


def _given_and_patronymic(label: str) -> bool:
    """«Борис Николаевич», «Наина Иосифовна»: a first name and a patronymic, no surname."""
    words = label.split()
    return len(words) == 2 and bool(_PATRONYMIC.search(words[1].lower()))


def _remember_given(given: dict[tuple[str, str], str], text: str, key: str,
                    forms: Callable[[str], frozenset[str]]) -> None:
    """A full name with a patronymic («Борису Николаевичу Ельцину») is what its first name and
    patronymic alone refer to later."""
    words = text.split()
    if len(words) >= 3 and _PATRONYMIC.search(words[1].lower()):
        for a in forms(words[0]):
            for b in forms(words[1]):
                given.setdefault((a, b), key)


def _same_first_name(a: str, b: str) -> bool:
    """Two full names with the same first name, allowing a transliteration's variants
    («Эмманюэль» / «Эммануэль», «Жозеп» / «Жузеп») and an initial («А. Вебер» / «Аксель Вебер»)."""
    x, y = _spaced(a).split()[0].lower(), _spaced(b).split()[0].lower()
    if _INITIAL.fullmatch(x) or _INITIAL.fullmatch(y):
        return x[:1] == y[:1]
    return x == y or (x[:1] == y[:1] and SequenceMatcher(None, x, y).ratio() >= 0.75)


_INITIAL = re.compile(r"\w\.")


def _spaced(label: str) -> str:
    """«А.Вебер» → «А. Вебер», «Ж.-К.Трише» → «Ж.-К. Трише»: the initials a word of their own,
    so that the surname is the last word."""
    return re.sub(r"(?<=\b\w\.)(?=\w\w)", " ", label)


def _initialled(label: str) -> bool:
    """«А. Вебер», «А.А.Вебер»: a surname after initials only."""
    words = _spaced(label).split()
    return len(words) >= 2 and all(re.fullmatch(r"(\w\.-?)+", w) for w in words[:-1])


def _known_person(gaz: Gazetteer, label: str, forms: Callable[[str], frozenset[str]]) -> Entry | None:
    """The one gazetteer person whose one-word alias is this full name's surname and whose first
    name is this one's, spelt alike; none when two persons share the surname."""
    keys = {key for f in forms(_spaced(label).split()[-1]) for sets, raw, key in gaz.index.get(f, ())
            if len(raw) == 1 and gaz.entries[key].cls == "Person" and _same_first_name(gaz.entries[key].label, label)}
    return gaz.entries[keys.pop()] if len(keys) == 1 else None


def _resolve_people(
    pending: list[tuple[Mention, str]], gaz: Gazetteer, dm: DocMentions, forms: Callable[[str], frozenset[str]]
) -> None:
    """Full names make entities; a surname alone joins the full name the document gives."""
    inflected = forms
    forms = lambda w: inflected(w) | {name_stem(w)}  # noqa: E731 — «Шольцу» joins «Олаф Шольц»
    full: dict[str, str] = {}  # surname normal form -> entity key
    for key, ent in dm.entities.items():
        if ent.cls == "Person":
            for f in forms(ent.label.split()[-1]):
                full.setdefault(f, key)
    given: dict[tuple[str, str], str] = {}  # (first name, patronymic) normal forms -> entity key
    for known_m in dm.mentions:  # names the gazetteer resolved before
        if (e := dm.entities.get(known_m.entity)) is not None and e.cls == "Person":
            _remember_given(given, known_m.text, known_m.entity, forms)
    # «Борис Николаевич» after «Борису Николаевичу Ельцину»: a first name and a patronymic alone
    # are read after the full names, and join the one that has both (else they are a full name:
    # «Роман Абрамович»).
    # Initials and a surname («А. Вебер») are read after the full names they may abbreviate.
    for m, label in sorted(pending, key=lambda p: (_given_and_patronymic(p[1]), _initialled(p[1]))):
        if not m.entity.startswith("?") and _given_and_patronymic(label):
            first, patronymic = m.text.split()[:2]
            key = next((given[(a, b)] for a in sorted(forms(first)) for b in sorted(forms(patronymic))
                        if (a, b) in given), None)
            if key is not None:
                dm.add(Mention(m.sent, m.first, m.last, m.text, key, "name", m.head), dm.entities[key])
                continue
        surname = (_spaced(label).split() or [""])[-1]
        if not m.entity.startswith("?") and len(_spaced(label).split()) >= 2:
            # «Реджеп Эрдоган» after «Реджеп Тайип Эрдоган»: same first name and surname.
            same = [k for f in sorted(forms(surname)) if (k := full.get(f)) and
                    _same_first_name(dm.entities[k].label, label)]
            if same:
                dm.add(Mention(m.sent, m.first, m.last, m.text, same[0], "name", m.head), dm.entities[same[0]])
                _remember_given(given, m.text, same[0], forms)
                continue
            known = _known_person(gaz, label, forms)
            if known is not None:  # «Эммануэль Макрон»: the gazetteer's «Эмманюэль Макрон» spelt otherwise
                dm.add(Mention(m.sent, m.first, m.last, m.text, known.key, "name", m.head), entity_of(known))
                _remember_given(given, m.text, known.key, forms)
                for f in forms(surname):
                    full.setdefault(f, known.key)
                continue
            key = "person:" + slug(label)
            dm.add(Mention(m.sent, m.first, m.last, m.text, key, "name", m.head), Entity(key, label, "Person"))
            _remember_given(given, m.text, key, forms)
            for f in forms(surname):
                full.setdefault(f, key)
    for m, label in pending:
        if m.entity.startswith("?"):
            options = m.entity[1:].split("|")
            chosen = next((k for k in options if k in dm.entities), None)
            if chosen is None:
                continue
            dm.add(Mention(m.sent, m.first, m.last, m.text, chosen, "name", m.head), dm.entities[chosen])
        elif len(_spaced(label).split()) < 2:
            key = next((full[f] for f in sorted(forms(label)) if f in full), None)  # sorted: no hash-seed dependence
            if key is None:
                key = "person:" + slug(label)
                dm.entities.setdefault(key, Entity(key, label, "Person"))
            dm.add(Mention(m.sent, m.first, m.last, m.text, key, "name", m.head), dm.entities[key])

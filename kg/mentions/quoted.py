"""Organisations named by a quoted title after their kind: «партии «Путь Грузии»», «компании
«Северный поток»», «газеты «Новые известия»». NER often misses or cuts them, and the places
inside («Грузии») are then read as actors; the quoted title is the organisation's name. So is
a title in Latin script after its kind, quoted or not («корпорации CITIC»)."""

from __future__ import annotations

import re

from kg.mentions.base import DocMentions, slug
from kg.records import Entity, Mention, Sentence

_OPEN, _CLOSE = "«\"„“", "»\"“”"
_MAX_WORDS = 6
# A word of a Latin-script name: «Schneider», «Victoria’s», «AT&T», «3M».
_LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’&.\-]*")


def quoted_organisations(sent: Sentence, dm: DocMentions, kinds: frozenset[str], covered: set[int]) -> None:
    """A kind noun (grammar.toml `organisation_kinds`) right before a quoted title that starts
    with a capital: the title is an Organization. A known entity that fills the whole title keeps
    its name («компании «Газпром»»); shorter ones inside it give way («Путь Грузии» is no Georgia)."""
    toks = sent.tokens
    for tok in toks[:-1]:
        if tok.lemma not in kinds or tok.pos != "NOUN":
            continue
        if toks[tok.i + 1].text in _OPEN:
            first = tok.i + 2
            last = next((k for k in range(first, min(len(toks), first + _MAX_WORDS + 1)) if toks[k].text in _CLOSE),
                        None)
        else:
            # «корпорации CITIC», «группы The Prodigy»: a Latin-script title needs no quotes.
            first = tok.i + 1
            last = next((k for k in range(first, min(len(toks), first + _MAX_WORDS + 1))
                         if not _LATIN.fullmatch(toks[k].text)), min(len(toks), first + _MAX_WORDS))
        if last is None or last == first or not toks[first].text[:1].isupper():
            continue
        inside = {m for k in range(first, last) if (m := dm.at(sent.i, k)) is not None}
        whole = next((m for m in inside if m.first == first and m.last == last), None)
        if whole is not None:  # the whole title is a name we know; with its kind, a name too
            dm.forms.setdefault(whole.entity, set()).add(f"{tok.lemma} «{dm.entities[whole.entity].label}»")
            continue
        if any(m.first < first or m.last > last for m in inside):
            continue  # a longer name runs across the quotes
        for m in inside:
            dm.remove(m)
        label = " ".join(t.text for t in toks[first:last])
        key = f"org:{slug(label)}"
        head = next((k for k in range(first, last) if not first <= toks[k].head < last), first)
        dm.add(Mention(sent.i, first, last, label, key, "name", head), Entity(key, label, "Organization"))
        dm.forms[key].add(f"{tok.lemma} «{label}»")  # its name with its kind: «движение «Левый фронт»»
        covered.update(range(first, last))

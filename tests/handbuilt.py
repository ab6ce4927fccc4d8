"""Hand-built parses for the rule tests: write a sentence as CoNLL-U-like rows, get a `Parsed`.

A sentence is a table, one token per line, columns separated by whitespace:

    ID  TEXT  LEMMA  POS  FEATS  HEAD  REL

IDs count from 1 and HEAD is 1-based with 0 for the root, as in CoNLL-U; FEATS is
"Case=Nom|Number=Sing" or "_". Character offsets come from joining the tokens with single
spaces (none before closing punctuation, none after an opening quote), so evidence and
condition texts read like the sentence. NER spans are optional: (first, last, type, normal)
with 1-based inclusive token IDs.

`analyse` runs mentions.detect and facts.extract on the result with a gazetteer loaded
through `load_gazetteer` (whitespace words, lower-cased forms) and a `forms` function that
knows each token's hand-written lemma, so no natasha model is needed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg import coref
from kg import gazetteer as kgaz
from kg import lexicon as klex
from kg.facts import DocContext, extract
from kg.mentions import DocMentions, detect
from kg.records import Document, Fact, NerSpan, Parsed, Sentence, Token

MINI_GAZETTEER = Path(__file__).parent / "fixtures" / "gazetteer_mini"
_NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", "»", ")", "”"}
_NO_SPACE_AFTER = {"«", "(", "„", "“"}


@dataclass(frozen=True)
class Sent:
    rows: str
    ner: tuple[tuple[int, int, str, str], ...] = ()


def sent(rows: str, ner: Sequence[tuple[int, int, str, str]] = ()) -> Sent:
    return Sent(rows, tuple(ner))


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def _feats(text: str) -> tuple[tuple[str, str], ...]:
    if text in ("_", ""):
        return ()
    pairs = []
    for item in text.split("|"):
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"bad feature {item!r} in {text!r}")
        pairs.append((key, value))
    return tuple(sorted(pairs))


def _rows(table: str) -> list[list[str]]:
    rows = [line.split() for line in table.strip().splitlines() if line.strip()]
    for n, row in enumerate(rows, 1):
        if len(row) != 7:
            raise ValueError(f"row {n}: expected 7 columns, got {len(row)}: {row}")
        if int(row[0]) != n:
            raise ValueError(f"row {n}: ID {row[0]} out of order")
        if not 0 <= int(row[5]) <= len(rows):
            raise ValueError(f"row {n}: head {row[5]} outside the sentence")
    return rows


def _join(words: list[str]) -> tuple[str, list[tuple[int, int]]]:
    text, spans = "", []
    for k, word in enumerate(words):
        if k and word not in _NO_SPACE_BEFORE and words[k - 1] not in _NO_SPACE_AFTER:
            text += " "
        spans.append((len(text), len(text) + len(word)))
        text += word
    return text, spans


def build(*sents: Sent, date: dt.date | None = None, doc_id: str = "doc") -> Parsed:
    """A `Parsed` document from hand-written sentences (joined by single spaces)."""
    sentences: list[Sentence] = []
    spans: list[NerSpan] = []
    offset = 0
    texts = []
    for si, s in enumerate(sents):
        rows = _rows(s.rows)
        text, offsets = _join([r[1] for r in rows])
        tokens = tuple(
            Token(
                i=k,
                start=offset + a,
                end=offset + b,
                text=r[1],
                lemma=r[2],
                pos=r[3],
                feats=_feats(r[4]),
                head=int(r[5]) - 1,
                rel=r[6],
            )
            for k, (r, (a, b)) in enumerate(zip(rows, offsets, strict=True))
        )
        sentences.append(Sentence(si, offset, offset + len(text), text, tokens))
        for first, last, typ, normal in s.ner:
            words = " ".join(t.text for t in tokens[first - 1 : last])
            spans.append(NerSpan(si, first - 1, last, typ, words, normal))
        texts.append(text)
        offset += len(text) + 1
    doc = Document(id=doc_id, text=" ".join(texts), date=date)
    return Parsed(doc, tuple(sentences), tuple(spans))


def load_gazetteer(folder: Path = MINI_GAZETTEER) -> kgaz.Gazetteer:
    """Aliases are nominative, so a lower-cased word is its own normal form."""
    return kgaz.load(folder, words=str.split, forms=lambda w: frozenset({_fold(w)}))


def forms_of(parsed: Parsed) -> Callable[[str], frozenset[str]]:
    """Normal forms as pymorphy2 would give them: the word itself and its hand-written lemma."""
    lemmas: dict[str, set[str]] = {}
    for s in parsed.sentences:
        for t in s.tokens:
            lemmas.setdefault(t.text, set()).add(_fold(t.lemma))

    def forms(word: str) -> frozenset[str]:
        return frozenset({_fold(word), *lemmas.get(word, ())})

    return forms


def mentions(parsed: Parsed, gaz: kgaz.Gazetteer, lex: klex.Lexicon | None = None) -> DocMentions:
    lex = lex or klex.default()
    return detect(parsed, gaz, forms_of(parsed), lex.bodies, lambda text, case: text, lex.grammar)


def analyse(parsed: Parsed, gaz: kgaz.Gazetteer, lex: klex.Lexicon | None = None) -> list[Fact]:
    lex = lex or klex.default()
    dm = mentions(parsed, gaz, lex)
    coref.apply(dm, gaz, coref.resolve(parsed, dm, gaz, lex))
    return extract(DocContext(parsed, dm, gaz, lex, parsed.doc.date))


def summary(fact: Fact) -> dict[str, object]:
    """The parts of a fact the tests compare (not evidence, rule id or confidence)."""
    out: dict[str, object] = {"type": fact.type}
    for name in ("agents", "targets", "participants"):
        value = getattr(fact, name)
        if value:
            out[name] = tuple(sorted(value))
    for name in ("location", "start", "end", "role", "condition"):
        value = getattr(fact, name)
        if value is not None:
            out[name] = value
    if fact.type != "affiliation":
        out["modality"] = fact.modality
    return out


def _order(item: dict[str, object]) -> str:
    return repr(sorted(item.items()))


def summaries(facts: Sequence[Fact]) -> list[dict[str, object]]:
    return sorted((summary(f) for f in facts), key=_order)


def expected(*items: dict[str, object]) -> list[dict[str, object]]:
    """Expected summaries in the order `summaries` gives, whatever order they are written in."""
    return sorted(items, key=_order)


def fact(type_: str, *, modality: str = "asserted", **parts) -> dict:
    """An expected fact as `summaries` gives it: lists of actors sorted, modality unless a post."""
    out: dict = {"type": type_}
    for name, value in parts.items():
        out[name] = tuple(sorted(value)) if isinstance(value, list | tuple) else value
    if type_ != "affiliation":
        out["modality"] = modality
    return out

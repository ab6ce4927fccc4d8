"""The natasha stage — the only module that imports natasha.

Models load once per process, lazily (never at import time). Sentences of many documents
are fed to slovnet together, sorted by length, so batches are full and padding is small:
the same output as natasha's per-document calls, faster.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kg.records import Document, NerSpan, Parsed, Sentence, Token

MAX_SENT_TOKENS = 200  # longer "sentences" (no punctuation) are cut for the models
BATCH = 32
NER_BATCH = 4


@dataclass(frozen=True)
class Models:
    segmenter: Any
    vocab: Any  # natasha MorphVocab (pymorphy2 with a cache)
    morph: Any
    syntax: Any
    ner: Any


@functools.cache
def models() -> Models:
    from natasha import (
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
        Segmenter,
    )

    emb = NewsEmbedding()
    morph, syntax, ner = NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb)
    for model, size in ((morph, BATCH), (syntax, BATCH), (ner, NER_BATCH)):
        model.batch_size = size
        model.infer.encoder.batch_size = size
    return Models(Segmenter(), MorphVocab(), morph, syntax, ner)


@functools.lru_cache(maxsize=200_000)
def normal_forms(word: str) -> frozenset[str]:
    """Every dictionary form pymorphy2 offers for a word, lower-cased, ё folded."""
    low = word.lower().replace("ё", "е")
    forms = {low}
    for parse in models().vocab.parse(word):
        forms.add(parse.normal.replace("ё", "е"))
    return frozenset(forms)


@functools.lru_cache(maxsize=200_000)
def tags(word: str) -> tuple[tuple[str, str, frozenset[str]], ...]:
    """(normal form, part of speech, grammemes) of every pymorphy2 parse of a word."""
    return tuple(
        (p.normal.replace("ё", "е"), str(p.tag.POS), frozenset(p.tag.grammemes))
        for p in models().vocab.parse(word)
    )


def _segment(doc: Any, segmenter: Any) -> None:
    from natasha.doc import DocSent

    doc.segment(segmenter)
    sents = []
    for sent in doc.sents:
        # razdel keeps a headline and the next paragraph together: a line break ends a sentence.
        groups: list[list] = [[]]
        for tok in sent.tokens:
            if groups[-1] and "\n" in doc.text[groups[-1][-1].stop : tok.start]:
                groups.append([])
            groups[-1].append(tok)
        for group in groups:
            for k in range(0, len(group), MAX_SENT_TOKENS):
                part = group[k : k + MAX_SENT_TOKENS]
                piece = DocSent(part[0].start, part[-1].stop, doc.text[part[0].start : part[-1].stop])
                piece.tokens = part
                sents.append(piece)
    doc.sents = sents


def _batched(model: Any, sents: list[Any], *, as_text: bool = False) -> list[Any]:
    """Run a slovnet tagger over sentences sorted by length; results in the original order."""
    order = sorted(range(len(sents)), key=lambda k: len(sents[k].tokens))
    if as_text:
        words: list[Any] = [sents[k].text for k in order]
    else:
        words = [[t.text for t in sents[k].tokens] for k in order]
    results: list[Any] = [None] * len(sents)
    for k, markup in zip(order, model.map(words), strict=True):
        results[k] = markup
    return results


_ABBR_INFLECTED = re.compile(r"^([А-ЯЁ]{2,})([а-яё]{1,3})$")


def _lemma(vocab: Any, token: Any) -> str:
    if token.pos in ("PUNCT", "NUM", "SYM", "X") or not token.text[:1].isalpha():
        return token.text.lower()
    m = _ABBR_INFLECTED.match(token.text)
    if m:  # «МИДа», «МИДом»: an abbreviation with a case ending
        return m.group(1).lower()
    try:
        return str(vocab.lemmatize(token.text, token.pos, token.feats or {})).replace("ё", "е")
    except Exception:  # pymorphy2 can fail on odd tokens; the word itself is a fine lemma
        return token.text.lower()


def parse_documents(docs: Sequence[Document]) -> list[Parsed]:
    """Segment, tag, parse and NER-tag documents in shared batches."""
    from natasha import Doc
    from natasha.doc import DocSpan, inject_morph, inject_syntax

    m = models()
    ndocs = []
    for d in docs:
        nd = Doc(d.text)
        _segment(nd, m.segmenter)
        ndocs.append(nd)
    all_sents = [s for nd in ndocs for s in nd.sents]
    for sent, markup in zip(all_sents, _batched(m.morph, all_sents), strict=True):
        inject_morph(sent.tokens, markup.tokens)
    for sent, markup in zip(all_sents, _batched(m.syntax, all_sents), strict=True):
        inject_syntax(sent.tokens, markup.tokens)
    # NER runs over sentence texts too (batched across documents); spans map back by offset.
    ner_marks = _batched(m.ner, all_sents, as_text=True) if all_sents else []
    out: list[Parsed] = []
    pos = 0
    for d, nd in zip(docs, ndocs, strict=True):
        sentences: list[Sentence] = []
        spans: list[NerSpan] = []
        for si, sent in enumerate(nd.sents):
            sentences.append(_adapt_sentence(m.vocab, si, sent))
            markup = ner_marks[pos + si]
            spans.extend(_adapt_spans(m.vocab, nd, si, sent, markup, DocSpan))
        pos += len(nd.sents)
        out.append(Parsed(d, tuple(sentences), tuple(spans)))
    return out


def _adapt_sentence(vocab: Any, si: int, sent: Any) -> Sentence:
    ids = {t.id: k for k, t in enumerate(sent.tokens)}
    tokens = tuple(
        Token(
            i=k,
            start=t.start,
            end=t.stop,
            text=t.text,
            lemma=_lemma(vocab, t),
            pos=t.pos or "X",
            feats=tuple(sorted((t.feats or {}).items())),
            head=ids.get(t.head_id, -1) if t.head_id != t.id else -1,
            rel=t.rel or "dep",
        )
        for k, t in enumerate(sent.tokens)
    )
    return Sentence(si, sent.start, sent.stop, sent.text, tokens)


def _adapt_spans(vocab: Any, nd: Any, si: int, sent: Any, markup: Any, DocSpan: Any):  # noqa: N803
    from natasha.doc import envelop_span_tokens

    tokens = sent.tokens
    index = {t.start: k for k, t in enumerate(tokens)}
    ends = {t.stop: k for k, t in enumerate(tokens)}
    for start, stop, typ in markup.spans:
        a, b = sent.start + start, sent.start + stop
        if a not in index or b not in ends:
            continue  # NER span not on token boundaries: skip rather than guess
        span = DocSpan(a, b, typ, nd.text[a:b])
        envelop_span_tokens(tokens, [span])
        try:
            span.normalize(vocab)
            normal = span.normal or span.text
        except Exception:
            normal = span.text
        yield NerSpan(si, index[a], ends[b] + 1, typ, span.text, normal)


def words(text: str) -> list[str]:
    """razdel's tokens of a short phrase (the same tokenizer natasha's Segmenter uses)."""
    return [t.text for t in models().segmenter.tokenize(text)]


@functools.lru_cache(maxsize=20_000)
def inflect(phrase: str, case: str) -> str:
    """A nominative phrase in another case («Япония», "gent" → «Японии»); words it cannot
    inflect (abbreviations, foreign words) stay as they are."""
    out = []
    for word in phrase.split():
        if word.isupper() or not word[:1].isalpha():
            out.append(word)
            continue
        parses = [p for p in models().vocab.parse(word) if "nomn" in p.tag]
        form = parses[0].inflect({case}) if parses else None
        text = form.word if form else word
        out.append(text[:1].upper() + text[1:] if word[:1].isupper() else text)
    return " ".join(out)

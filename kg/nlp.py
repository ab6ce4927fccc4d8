"""The natasha stage: documents in, sentences of tokens with lemmas, tags, trees and NER spans
out. With kg.morph (the models and single words), the only modules that import natasha.

Models load once per process, lazily (never at import time). Sentences of many documents
are fed to slovnet together, sorted by length, so batches are full and padding is small:
the same output as natasha's per-document calls, faster. Around the models, the same
results as natasha's own code at a fraction of its cost: razdel's tokens without natasha's
wrappers, slovnet's tags and trees without natasha's markups, lemmas and NER span normal
forms cached (a corpus repeats its words and names), pymorphy2 parses as plain tuples, and
no cyclic GC while a batch is built.
"""

from __future__ import annotations

import functools
import gc
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kg.morph import (  # noqa: F401 — normal_forms, inflect, nominative, tags, words: kg.nlp's API
    _lemma,
    _normal,
    _tag,
    inflect,
    models,
    nominative,
    normal_forms,
    tags,
    words,
)
from kg.records import Document, NerSpan, Parsed, Sentence, Token

MAX_SENT_TOKENS = 200  # longer "sentences" (no punctuation) are cut for the models


@dataclass(frozen=True)
class _Sent:
    start: int
    stop: int
    text: str
    tokens: list[Any]  # razdel Substrings (.start, .stop, .text)


def _syllable_name_ends(toks: list[Any], k: int) -> bool:
    """«…встретилась с Ван И. Берлин призвал…»: razdel reads a one-letter syllable that ends an
    East Asian name as an initial and joins the sentences; a short capitalised syllable, the
    letter and a period, then a capitalised word, is such a name ending a sentence (not «В. Путин»,
    not «Джордж У. Буш»)."""
    if k < 3 or toks[k - 1].text != ".":
        return False
    letter, syllable, nxt = toks[k - 2].text, toks[k - 3].text, toks[k].text
    return (len(letter) == 1 and letter.isupper() and 2 <= len(syllable) <= 3 and syllable[0].isupper()
            and syllable[1:].islower() and nxt[:1].isupper() and nxt[1:2].islower())


def _segment(text: str) -> list[_Sent]:
    """razdel's sentences, cut again at line breaks and every MAX_SENT_TOKENS tokens.

    The tokens are razdel's own Substrings, put into sentences the way natasha's
    Doc.segment does (natasha.span.envelop_spans) without its per-token wrappers.
    """
    from natasha.span import envelop_spans
    from razdel import sentenize, tokenize

    if not text:  # natasha's Segmenter yields no sentence for an empty text
        return []
    tokens = list(tokenize(text))
    sents = []
    for toks in envelop_spans(tokens, list(sentenize(text))):
        # razdel keeps a headline and the next paragraph together: a line break ends a sentence.
        cuts = [0]
        cuts.extend(k for k in range(1, len(toks)) if "\n" in text[toks[k - 1].stop : toks[k].start]
                    or _syllable_name_ends(toks, k))
        cuts.append(len(toks))
        for lo, hi in itertools.pairwise(cuts):
            for k in range(lo, hi, MAX_SENT_TOKENS):
                part = toks[k : min(k + MAX_SENT_TOKENS, hi)]
                a, b = part[0].start, part[-1].stop
                sents.append(_Sent(a, b, text[a:b], part))
    return sents


def _batched(run: Any, items: list[Any], size: Any) -> list[Any]:
    """Run a slovnet tagger over items sorted by size (stable); results in the original order."""
    order = sorted(range(len(items)), key=lambda k: size[k])
    results: list[Any] = [None] * len(items)
    for k, markup in zip(order, run([items[k] for k in order]), strict=True):
        results[k] = markup
    return results


def _predictions(api: Any, items: list[Any]) -> Any:
    """What natasha's tagger.map(items) computes, in the same batches, as slovnet's decoded
    predictions: tag strings (morphology), (ids, head ids, relations) (syntax). natasha's
    markups cost two records per token on top (slovnet's, then natasha's copy of it)."""
    return _decoded(api, _encoded(api, items))


def _decoded(api: Any, encoded: list[Any]) -> Any:
    """_predictions of sentences already encoded (the encoder's (word ids, shape ids) each)."""
    from slovnet.chop import chop

    infer = api.infer
    encoder = infer.encoder
    for chunk in chop(encoded, api.batch_size):
        yield from infer.decoder(infer.process(encoder.input(c) for c in chop(chunk, encoder.batch_size)))


def _encoded(api: Any, sentences: list[list[str]], done: tuple[Any, list[list[str]], list[Any]] | None = None
             ) -> list[Any]:
    """Each sentence's (word ids, shape ids) for `api`'s encoder. `done` (an encoder's cache,
    sentences, their encodings): reused for the same words when `api` shares that cache, so
    the three models read each word's ids once (kg.morph.models)."""
    item = api.infer.encoder.item
    if done is None or done[0] is not item:
        return [item(ws) for ws in sentences]
    _, known, encoded = done
    if sentences is known:
        return encoded
    return [encoded[k] if ws == known[k] else item(ws) for k, ws in enumerate(sentences)]


def _ner_markups(api: Any, items: list[tuple[str, list[str], Any]]) -> Any:
    """The spans of what natasha's NER map(texts) yields, in the same batches, for (sentence
    text, its words, their encoding): slovnet would tokenize every text again."""
    from slovnet.chop import chop

    infer = api.infer
    encoder = infer.encoder
    for chunk in chop(items, api.batch_size):
        inputs = (encoder.input(c) for c in chop([e for _, _, e in chunk], encoder.batch_size))
        preds = infer.decoder(infer.process(inputs))
        for (text, ws, _), pred in zip(chunk, preds, strict=True):
            yield _bio_spans(text, ws, pred)


def _bio_spans(text: str, ws: list[str], labels: list[str]) -> list[tuple[int, int, str]]:
    """slovnet's BIOMarkup.from_tuples(zip(ws, labels)).to_span(text).spans as (start, stop,
    type): words found in the text from the last one's end on (slovnet.token.find_tokens), the
    tags read as slovnet.bio.bio_spans reads them — without a record per word, and without any
    work for the most sentences, which name nothing."""
    if all(tag == "O" for tag in labels):
        return []
    spans: list[tuple[int, int, str]] = []
    previous: str | None = None
    start = stop = offset = 0
    for word, tag in zip(ws, labels, strict=False):  # as slovnet zips
        begin = text.find(word, offset)
        offset = begin + len(word)
        part, _, kind = tag.partition("-")
        if part == "O":
            if previous:
                spans.append((start, stop, previous))
                previous = None
        elif part == "B":
            if previous:
                spans.append((start, stop, previous))
            previous, start, stop = kind or None, begin, offset
        elif part == "I":
            stop = offset
    if previous:
        spans.append((start, stop, previous))
    return spans


@functools.cache
def _glue_chars() -> tuple[str, str]:
    """razdel's Rule2112 delimiters, which join the atoms on either side when those allow it
    («cho-to», «1.5», «1/2») and read one atom beyond the pair: its dashes and '_' (any word
    beside), '.', ',', '/', '\\' (digits beside: its FloatRule and FractionRule)."""
    from razdel.segmenters.punct import DASHES

    return DASHES + "_", ".,/\\"


def _ner_words(sent: _Sent) -> list[str]:
    """The words slovnet's NER makes of a sentence (razdel over the sentence's text alone),
    read off the document's razdel tokens. They are the same but where a split at the
    sentence's edge reads an atom beyond it, which the document has and the sentence alone
    lacks: a dash or '_' glued to the first or last atom, or '.', ',', '/' glued to a digit
    there («…номер 24.»). Such sentences are tokenized again."""
    text = sent.text
    if len(text) > 1 and (_edge_rule(text[0], text[1]) or _edge_rule(text[-1], text[-2])):
        from slovnet.exec.infer import text_words

        return text_words(text)
    return [t.text for t in sent.tokens]


def _edge_rule(edge: str, inner: str) -> bool:
    dashes, numeric = _glue_chars()
    return (edge in dashes and not inner.isspace()) or (edge in numeric and inner.isdigit())


def parse_documents(docs: Sequence[Document]) -> list[Parsed]:
    """Segment, tag, parse and NER-tag documents in shared batches."""
    # A batch allocates ~10^5 objects that all stay alive till it ends, none in a cycle:
    # the cyclic GC would only rescan them (and the models) again and again: 10-20% of the time.
    if not gc.isenabled():
        return _parse_documents(docs)
    gc.disable()
    try:
        return _parse_documents(docs)
    finally:
        gc.enable()


def _parse_documents(docs: Sequence[Document]) -> list[Parsed]:
    m = models()
    doc_sents = [_segment(d.text) for d in docs]
    sents = [s for ds in doc_sents for s in ds]
    if not sents:
        return [Parsed(d, (), ()) for d in docs]
    texts = [[t.text for t in s.tokens] for s in sents]
    sizes = [len(w) for w in texts]
    done = (m.morph.infer.encoder.item, texts, _encoded(m.morph, texts))
    tagged = _batched(functools.partial(_decoded, m.morph), done[2], sizes)
    syntaxes = _batched(functools.partial(_decoded, m.syntax), _encoded(m.syntax, texts, done), sizes)
    # NER runs over sentence texts too (batched across documents); spans map back by offset.
    ner_words = [_ner_words(s) for s in sents]
    ner_items = list(zip((s.text for s in sents), ner_words, _encoded(m.ner, ner_words, done), strict=True))
    ners = _batched(functools.partial(_ner_markups, m.ner), ner_items, sizes)
    out: list[Parsed] = []
    k = 0
    for d, ds in zip(docs, doc_sents, strict=True):
        sentences: list[Sentence] = []
        spans: list[NerSpan] = []
        for si, sent in enumerate(ds):
            ids, heads, rels = syntaxes[k]
            sentence = _adapt_sentence(si, sent, tagged[k], ids, heads, rels)
            sentences.append(sentence)
            spans.extend(_adapt_spans(sentence, ids, heads, ners[k]))
            k += 1
        out.append(Parsed(d, tuple(sentences), tuple(spans)))
    return out


def _adapt_sentence(si: int, sent: _Sent, sent_tags: Sequence[str], ids: Sequence[str], heads: Sequence[str],
                    rels: Sequence[str]) -> Sentence:
    index = {id_: k for k, id_ in enumerate(ids)}
    tokens = []
    for k, (t, tag, id_, head, rel) in enumerate(zip(sent.tokens, sent_tags, ids, heads, rels, strict=True)):
        pos, feats = _tag(tag)
        # Token(i, start, end, text, lemma, pos, feats, head, rel), positional: 220k a corpus
        tokens.append(Token(
            k,
            t.start,
            t.stop,
            t.text,
            _lemma(t.text, pos, feats),
            pos or "X",
            feats,
            index.get(head, -1) if head != id_ else -1,
            rel or "dep",
        ))
    return Sentence(si, sent.start, sent.stop, sent.text, tuple(tokens))


def _adapt_spans(sent: Sentence, ids: Sequence[str], heads: Sequence[str], markup_spans: Sequence[tuple[int, int, str]]):
    if not markup_spans:
        return
    tokens = sent.tokens
    index = {t.start: k for k, t in enumerate(tokens)}
    ends = {t.end: k for k, t in enumerate(tokens)}
    for start, stop, typ in markup_spans:
        a, b = sent.start + start, sent.start + stop
        if a not in index or b not in ends:
            continue  # NER span not on token boundaries: skip rather than guess
        first, last = index[a], ends[b] + 1
        text = sent.text[start:stop]
        key = _span_key(tokens[first:last], ids[first:last], heads[first:last], a)
        yield NerSpan(sent.i, first, last, typ, text, functools.partial(_normal_or, typ, key, text))


def _normal_or(typ: str, key: tuple, text: str) -> str:
    return _normal(typ, key) or text


def _span_key(tokens: Sequence[Token], ids: Sequence[str], heads: Sequence[str], a: int) -> tuple:
    """All that natasha's span normalisation reads: words, tags, spacing, the tree inside the span."""
    inside = {id_: k for k, id_ in enumerate(ids)}
    return tuple(
        (t.start - a, t.end - a, t.text, t.pos, t.feats, inside.get(head))
        for t, head in zip(tokens, heads, strict=True)
    )

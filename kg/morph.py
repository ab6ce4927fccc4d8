"""Words through natasha's models and pymorphy2: the models themselves (loaded once per process,
lazily), lemmas, normal forms, tags and inflection of single words, and natasha's span
normalisation — cached, since a corpus repeats its words and names. With kg.nlp, the only
modules that import natasha (inside functions: importing this loads no model)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from kg.records import Token

BATCH = 32
NER_BATCH = 4


@dataclass(frozen=True)
class Models:
    segmenter: Any
    vocab: Any  # natasha MorphVocab (pymorphy2 with a cache)
    plain: Any  # the same pymorphy2 returning plain tuples: no MorphForm built per parse
    morph: Any
    syntax: Any
    ner: Any


@functools.cache
def models() -> Models:
    import pymorphy2
    from natasha import (
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
        Segmenter,
    )

    emb = _embedding(NewsEmbedding)
    morph, syntax, ner = NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb)
    features = _CachedFeatures(morph.infer.encoder)
    for model, size in ((morph, BATCH), (syntax, BATCH), (ner, NER_BATCH)):
        model.batch_size = size
        encoder = model.infer.encoder
        encoder.batch_size = size
        # The news models share navec's words and one shape vocabulary: one cache, and kg.nlp
        # encodes each sentence once for all three (_CachedFeatures.serves).
        encoder.item = features if features.serves(encoder) else _CachedFeatures(encoder)
        _fast_convolutions(model.infer.model)
    # Given no path, pymorphy2 looks for its dictionary through every installed package's entry
    # points (0.15 s for the two analyzers, in every worker); the path is known.
    import pymorphy2_dicts_ru
    from natasha.morph.vocab import MorphForm

    path = pymorphy2_dicts_ru.get_path()
    plain = pymorphy2.MorphAnalyzer(path, result_type=None)
    vocab = MorphVocab.__new__(MorphVocab)  # what MorphVocab() does, with the path
    pymorphy2.MorphAnalyzer.__init__(vocab, path, result_type=MorphForm)
    return Models(Segmenter(), vocab, plain, morph, syntax, ner)


FEATURE_CACHE = 100_000  # distinct words whose ids are kept (~10 MB at most; one cache for the three models)


class _CachedFeatures:
    """slovnet's WordShapeEncoder.item — each word's vocabulary id and shape id, both pure
    functions of the word — with the pair kept per distinct word: a corpus repeats its words,
    and slovnet's per-word lookups cost ~0.7 s per 840 news articles over the three models."""

    def __init__(self, encoder: Any) -> None:
        from slovnet.shape import word_shape

        self.words_vocab, self.shapes_vocab = encoder.words_vocab, encoder.shapes_vocab
        if len(self.shapes_vocab.items) > 256:
            raise ValueError("slovnet model with over 256 word shapes: ids do not pack")
        self.shape = word_shape
        self.seen: dict[str, int] = {}  # word -> word id * 256 + shape id (a few dozen shapes)

    def serves(self, encoder: Any) -> bool:
        """Does this cache give `encoder`'s ids (the same vocabularies)?"""
        return (self.words_vocab.items == encoder.words_vocab.items
                and self.shapes_vocab.items == encoder.shapes_vocab.items)

    def _ids(self, word: str) -> int:
        if len(self.seen) >= FEATURE_CACHE:
            self.seen.clear()
        shape = self.shapes_vocab.encode(self.shape(word))
        packed = self.seen[word] = self.words_vocab.encode(word.lower()) * 256 + shape
        return packed

    def __call__(self, words: list[str]) -> tuple[list[int], list[int]]:
        seen = self.seen
        packed = [seen.get(w) or self._ids(w) for w in words]
        return [p >> 8 for p in packed], [p & 255 for p in packed]


def _fast_convolutions(module: Any) -> None:
    """Every slovnet Conv1d in `module` made a _Conv1d: these model instances only (not the
    class, so natasha's own models elsewhere in the process stay as they are)."""
    from slovnet.exec.model import Conv1d
    from slovnet.record import Record

    if type(module) is Conv1d:
        module.__class__ = _conv1d()
        return
    if isinstance(module, Record):
        for name in module.__attributes__:
            value = getattr(module, name)
            for child in value if isinstance(value, list) else [value]:
                _fast_convolutions(child)


@functools.cache
def _conv1d() -> type:
    import numpy as np
    from slovnet.exec.model import Conv1d

    class _Conv1d(Conv1d):
        """slovnet's Conv1d with the same matrix of windows (batch x window rows, input channel
        x kernel offset columns) built faster, then slovnet's one matmul: the same bits out.
        slovnet pads with np.pad and copies a strided view whose innermost run is the kernel's
        3 floats; one slice copy per kernel offset into a zeroed matrix costs ~1/8 of that
        (the copy took as long as the matmul, ~12% of `kg build`)."""

        def __call__(self, input: Any) -> Any:
            batch_size, in_dim, seq_len = input.shape
            filters_count, in_dim, kernel_size = self.weight.shape
            pad = self.padding
            windows_count = seq_len + 2 * pad - kernel_size + 1
            # windows[b, w, c, j] = input padded with `pad` zeros on each side [b, c, w + j]
            windows = np.zeros((batch_size, windows_count, in_dim, kernel_size), dtype=input.dtype)
            by_position = input.swapaxes(2, 1)
            for j in range(kernel_size):
                lo, hi = max(0, pad - j), min(windows_count, seq_len + pad - j)
                if lo < hi:
                    windows[:, lo:hi, :, j] = by_position[:, lo + j - pad : hi + j - pad, :]
            windows = windows.reshape(batch_size * windows_count, in_dim * kernel_size)
            weight = self.weight.array.reshape(filters_count, in_dim * kernel_size)
            output = np.matmul(windows, weight.T) + self.bias.array
            output = output.reshape(batch_size, windows_count, filters_count)
            return output.swapaxes(2, 1)  # batch x filters x windows, as torch

    return _Conv1d


def _embedding(news_embedding: Any) -> Any:
    """natasha's NewsEmbedding without navec's similarity tables (vector norms and centroid
    products: ~0.2 s and ~28 MB in every process): slovnet's models read only the embedding's
    codes and indexes (slovnet.exec.model.InjectNavecVisitor)."""
    from navec.pq import PQ

    precompute = PQ.precompute
    PQ.precompute = lambda self: None  # models() runs once per process, before any thread
    try:
        return news_embedding()
    finally:
        PQ.precompute = precompute


@functools.lru_cache(maxsize=50_000)
def _parses(word: str) -> tuple[tuple[Any, str], ...]:
    """(tag, normal form) of pymorphy2's parses of a word, in its order. A word's lemma (the
    natasha stage) and its normal forms (mentions, a chunk later) need the same parses."""
    return tuple((tag, normal) for _, tag, normal, *_ in models().plain.parse(word))


@functools.lru_cache(maxsize=20_000)
def known_word(word: str) -> bool:
    """pymorphy2's dictionary has the word (its parses are not guesses from the ending)."""
    return bool(models().plain.word_is_known(_parse_key(word)))


_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]{2,}")


def _parse_key(word: str) -> str:
    """The word whose parses are the word's own: pymorphy2 reads the case only for initials,
    Roman numerals, Latin and hyphenated words, so a Cyrillic word parses as its lower case
    («России» as «россии», already parsed for its lemma)."""
    return word.lower() if _CYRILLIC_WORD.fullmatch(word) else word


# Latin words, numbers and punctuation: pymorphy2's only dictionary form is the word itself
# (LATN, NUMB, ROMN, PNCT), so they need no parse (the natasha stage parses none of them).
_AS_IS = re.compile(r"[A-Za-z0-9]+|[^\w]+")


@functools.lru_cache(maxsize=200_000)
def normal_forms(word: str) -> frozenset[str]:
    """Every dictionary form pymorphy2 offers for a word, lower-cased, ё folded."""
    low = word.lower().replace("ё", "е")
    if _AS_IS.fullmatch(word):
        return frozenset((low,))
    return _parsed_forms(word, low)


def _parsed_forms(word: str, low: str) -> frozenset[str]:
    forms = {low}
    for _, normal in _parses(_parse_key(word)):
        forms.add(normal.replace("ё", "е"))
    return frozenset(forms)


@functools.lru_cache(maxsize=200_000)
def tags(word: str) -> tuple[tuple[str, str, frozenset[str]], ...]:
    """(normal form, part of speech, grammemes) of every pymorphy2 parse of a word."""
    return tuple(
        (normal.replace("ё", "е"), str(tag.POS), frozenset(tag.grammemes))
        for tag, normal in _parses(_parse_key(word))
    )

_FEATS: dict[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] = {}


@functools.lru_cache(maxsize=10_000)
def _tag(tag: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """(part of speech, features sorted) of a slovnet tag «NOUN|Case=Nom|…», as natasha reads it."""
    from slovnet.conll import parse_conll_tag

    pos, feats = parse_conll_tag(tag)
    items = tuple(sorted(feats.items()))
    return pos, _FEATS.setdefault(items, items)  # a few hundred distinct ones: share them


_ABBR_INFLECTED = re.compile(r"^([А-ЯЁ]{2,})([а-яё]{1,3})$")
_NO_LEMMA_POS = frozenset(("PUNCT", "NUM", "SYM", "X"))


@functools.lru_cache(maxsize=200_000)
def _lemma(text: str, pos: str | None, feats: tuple[tuple[str, str], ...]) -> str:
    # Cached on all that the lemma depends on: a corpus repeats its words, and MorphVocab's
    # parse cache (10k words) is too small to keep them.
    if pos in _NO_LEMMA_POS or not text[:1].isalpha():
        return text.lower()
    m = _ABBR_INFLECTED.match(text)
    if m:  # «МИДа», «МИДом»: an abbreviation with a case ending
        return m.group(1).lower()
    try:
        return _lemmatize(text, pos, feats).replace("ё", "е")
    except Exception:  # pymorphy2 can fail on odd tokens; the word itself is a fine lemma
        return text.lower()


class _Form(NamedTuple):
    normal: str
    pos: str
    feats: dict[str, str]


@functools.cache
def _ud(tag: Any) -> tuple[str, dict[str, str]]:
    from natasha.morph.vocab import ud_feats, ud_pos

    return ud_pos(tag), dict(ud_feats(tag))


def _lemmatize(word: str, pos: str | None, feats: tuple[tuple[str, str], ...]) -> str:
    """natasha's MorphVocab.lemmatize, the same choice of parse, without building a MorphForm
    (UD features from pymorphy2's tag) for every parse of every word: a few thousand tags recur."""
    from natasha.morph.lemma import normal_word

    word = normal_word(word)
    parses = _parses(word)
    k = _best_parse(tuple(tag for tag, _ in parses), pos, feats)
    return normal_word(parses[k][1]) if k is not None else word


@functools.lru_cache(maxsize=100_000)
def _best_parse(tags: tuple[Any, ...], pos: str | None, feats: tuple[tuple[str, str], ...]) -> int | None:
    """Which parse natasha's best_form picks: it reads only each parse's UD part of speech and
    features, so the choice is cached on the tags (many words share a paradigm's tags)."""
    from natasha.morph.lemma import best_form

    forms = [_Form("", *_ud(tag)) for tag in tags]
    form = best_form(forms, pos, dict(feats))
    return next((k for k, f in enumerate(forms) if f is form), None)

@functools.lru_cache(maxsize=50_000)
def _normal(typ: str, key: tuple) -> str | None:
    """natasha's DocSpan.normalize of a span told by _span_key; None when it fails.

    Its steps (natasha.norm.normalize, syntax_normalize for ORG) with the costly one, a word's
    inflection to the nominative (pymorphy2 builds the whole lexeme), cached per word."""
    from natasha.doc import DocToken
    from natasha.norm import recover_shapes, recover_spaces, select_inflectable

    tokens = [
        DocToken(start, stop, text, id=k, head_id=-1 if head is None else head, pos=pos, feats=feats)
        for k, (start, stop, text, pos, feats, head) in enumerate(key)
    ]
    try:
        ids = set(select_inflectable(tokens)) if typ == "ORG" else None
        if ids:
            # An organisation's name is headed by its first common noun; what follows it is a
            # genitive or prepositional tail kept as written («Института политической
            # экспертизы» → «Институт политической экспертизы», not «… политическая экспертиза»),
            # whatever the parse inside the span says.
            head = next((t.id for t in tokens if t.pos == "NOUN"), None)
            if head is not None:
                ids = {k for k in ids if k <= head} or ids
        words = [
            _nominative(t.text, t.pos, _feats_of(t, tokens)) if not ids or t.id in ids else t.text for t in tokens
        ]
        return recover_spaces(list(recover_shapes(words, tokens)), tokens)
    except Exception:  # pymorphy2 can fail on odd tokens; the span's text is a fine normal form
        return None


@functools.lru_cache(maxsize=100_000)
def _nominative(text: str, pos: str, feats: tuple[tuple[str, str], ...]) -> str:
    from natasha.doc import DocToken
    from natasha.norm import inflect_word

    word = inflect_word(models().vocab, DocToken(0, len(text), text, pos=pos, feats=dict(feats)))
    first, dash, last = text.rpartition("-")
    if word.lower() == text.lower() and dash and first and last and pos == "ADJ":
        # «Экспертно-консультативного»: pymorphy2 knows no compound; its last part inflects.
        word = first + dash + _nominative(last, pos, feats)
    return word


def _feats_of(tok: Any, tokens: list[Any]) -> tuple[tuple[str, str], ...]:
    """A compound adjective the tagger left without a case («Российско-американского») agrees
    with the word after it: it takes that word's case, gender and number to be inflected."""
    feats = tok.feats if isinstance(tok.feats, tuple) else tuple(tok.feats.items())
    if tok.pos != "ADJ" or "-" not in tok.text or any(k == "Case" for k, _ in feats) or tok.id + 1 >= len(tokens):
        return feats
    nxt = tokens[tok.id + 1].feats
    nxt = nxt if isinstance(nxt, tuple) else tuple(nxt.items())
    return tuple(sorted({*feats, *((k, v) for k, v in nxt if k in ("Case", "Gender", "Number"))}))


def words(text: str) -> list[str]:
    """razdel's tokens of a short phrase (the same tokenizer natasha's Segmenter uses)."""
    return [t.text for t in models().segmenter.tokenize(text)]


def nominative(tokens: Sequence[Token]) -> str:
    """The nominative of an organisation's name as the text writes it («японского МИДа» →
    «японский МИД», «вооружённых сил» → «вооружённые силы»): natasha's normalisation of the
    tokens as one ORG span, with the tree inside it; the text as written if that fails."""
    a = tokens[0].start
    inside = {t.i: k for k, t in enumerate(tokens)}
    key = tuple((t.start - a, t.end - a, t.text, t.pos, t.feats, inside.get(t.head)) for t in tokens)
    form = _normal("ORG", key) or " ".join(t.text for t in tokens)
    words = form.split()
    if len(words) != len(tokens):
        return form
    # An abbreviation keeps its capitals («МИДа» → «МИД», not «мид»).
    return " ".join(w.upper() if sum(c.isupper() for c in t.text) >= 2 else w for w, t in zip(words, tokens, strict=True))


@functools.lru_cache(maxsize=20_000)
def inflect(phrase: str, case: str) -> str:
    """A nominative phrase in another case, a UD name («Япония», "Gen" → «Японии»); words it cannot
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

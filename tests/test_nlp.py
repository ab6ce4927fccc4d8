"""kg.nlp, the natasha stage: lazy models, sentence cutting, lemmas, NER spans on tokens.

Everything but the import test loads the natasha models (seconds, once per session).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import morph, nlp
from kg.records import Document


def test_importing_loads_no_model():
    code = (
        "import sys, kg.nlp\n"
        "heavy = sorted(m for m in ('natasha', 'slovnet', 'navec', 'pymorphy2', 'razdel') if m in sys.modules)\n"
        "print(kg.nlp.models.cache_info().currsize, heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0 []"


def parse(text: str):
    return nlp.parse_documents([Document(id="t", text=text)])[0]


@pytest.mark.slow
def test_a_line_break_ends_a_sentence():
    # razdel alone keeps an unpunctuated headline and the next line in one sentence.
    text = "Лавров прибыл в Женеву\nМинистр встретится с коллегой завтра."
    p = parse(text)
    assert [s.text for s in p.sentences] == ["Лавров прибыл в Женеву", "Министр встретится с коллегой завтра."]
    assert [s.i for s in p.sentences] == [0, 1]
    for s in p.sentences:
        assert text[s.start : s.end] == s.text
        assert [t.i for t in s.tokens] == list(range(len(s.tokens)))
        assert all(text[t.start : t.end] == t.text for t in s.tokens)
        assert all(-1 <= t.head < len(s.tokens) for t in s.tokens)


@pytest.mark.slow
def test_a_long_unpunctuated_text_is_cut_for_the_models():
    words = ["слово"] * (2 * nlp.MAX_SENT_TOKENS + 17)
    text = " ".join(words)
    p = parse(text)
    sizes = [len(s.tokens) for s in p.sentences]
    assert sizes == [nlp.MAX_SENT_TOKENS, nlp.MAX_SENT_TOKENS, 17]
    assert [t.text for s in p.sentences for t in s.tokens] == words
    assert p.sentences[1].start == p.sentences[0].end + 1


@pytest.mark.slow
def test_no_text_no_sentence():
    empty, blank = nlp.parse_documents([Document(id="a", text=""), Document(id="b", text="  \n ")])
    assert (empty.sentences, empty.spans, blank.sentences, blank.spans) == ((), (), (), ())


@pytest.mark.slow
def test_lemmas():
    p = parse("Представитель МИДа заявил, что Россия ещё не получила ответа.")
    lemma = {t.text: t.lemma for s in p.sentences for t in s.tokens}
    assert lemma["МИДа"] == "мид"  # an abbreviation with a case ending
    assert lemma["заявил"] == "заявить"
    assert lemma["получила"] == "получить"
    assert lemma["ещё"] == "еще"  # ё folded
    assert lemma[","] == ","


@pytest.mark.slow
def test_lemmas_are_natashas():
    # kg.nlp picks the parse the way natasha's MorphVocab.lemmatize does, without its MorphForms.
    from natasha.morph.lemma import normal_word

    vocab = nlp.models().vocab
    p = parse("Глава МИД Сергей Лавров провёл переговоры с министрами стран Евросоюза; "
              "стороны обсудили поставки зерна и заявили о новых санкциях.")
    checked = 0
    for s in p.sentences:
        for t in s.tokens:
            if t.pos in ("PUNCT", "NUM", "SYM", "X") or not t.text.isalpha() or morph._ABBR_INFLECTED.match(t.text):
                continue
            expected = normal_word(vocab.lemmatize(t.text, t.pos, dict(t.feats)))
            assert (t.text, t.lemma) == (t.text, expected)
            checked += 1
    assert checked > 15


@pytest.mark.slow
def test_ner_spans_sit_on_tokens_and_are_normalised():
    text = "Сергей Лавров встретился с Энтони Блинкеном в Женеве."
    p = parse(text)
    by_text = {sp.text: sp for sp in p.spans}
    assert set(by_text) == {"Сергей Лавров", "Энтони Блинкеном", "Женеве"}
    for sp in p.spans:
        toks = p.sentences[sp.sent].tokens[sp.first : sp.last]
        assert text[toks[0].start : toks[-1].end] == sp.text
    assert [(s.first, s.last, s.type) for s in p.spans] == [(0, 2, "PER"), (4, 6, "PER"), (7, 8, "LOC")]
    assert by_text["Энтони Блинкеном"].normal == "Энтони Блинкен"
    assert by_text["Женеве"].normal == "Женева"


@pytest.mark.slow
def test_documents_batched_together_parse_as_alone():
    texts = ["Путин провёл переговоры с Си Цзиньпином.", "МИД Японии вызвал посла.\nЗаявление опубликовано."]
    together = nlp.parse_documents([Document(id=str(k), text=t) for k, t in enumerate(texts)])
    alone = [parse(t) for t in texts]
    assert [(p.sentences, p.spans) for p in together] == [(p.sentences, p.spans) for p in alone]


@pytest.mark.slow
def test_raw_predictions_read_as_natasha_markups():
    # kg.nlp reads slovnet's decoded predictions without natasha's per-token records: the
    # same parts of speech, features, heads and relations as natasha's own map().
    m = nlp.models()
    words = [["Путин", "провёл", "переговоры", "с", "Си", "Цзиньпином", "."],
             ["МИД", "Японии", "вызвал", "посла", ",", "сообщает", "«", "Интерфакс", "»", "."], ["Да"]]
    tags = list(nlp._predictions(m.morph, words))
    for markup, sent_tags in zip(m.morph.map(words), tags, strict=True):
        got = [morph._tag(t) for t in sent_tags]
        assert got == [(t.pos, tuple(sorted(t.feats.items()))) for t in markup.tokens]
    syntax = list(nlp._predictions(m.syntax, words))
    for markup, (ids, heads, rels) in zip(m.syntax.map(words), syntax, strict=True):
        assert [(t.id, t.head_id, t.rel) for t in markup.tokens] == list(zip(ids, heads, rels, strict=True))


@pytest.mark.slow
def test_cyrillic_words_parse_as_their_lower_case():
    # kg.morph._parse_key: normal forms and tags reuse the lower-case word's parses.
    plain = nlp.models().plain
    for word in ("России", "МИД", "МИДа", "Путин", "ПУТИНА", "Ёлка", "Си", "По", "Нью", "Байден", "США"):
        assert morph._parse_key(word) == word.lower()
        assert [p[1:4] for p in plain.parse(word)] == [p[1:4] for p in plain.parse(word.lower())], word
    for word in ("В", "XIV", "По-русски", "Brexit", "12"):
        assert morph._parse_key(word) == word  # the case may matter: parsed as written


@pytest.mark.slow
def test_normal_forms():
    assert "россия" in nlp.normal_forms("России")
    assert "россии" in nlp.normal_forms("России")  # the word itself, lower-cased
    assert nlp.normal_forms("Ёжика") == {"ежика", "ежик"}  # ё folded


@pytest.mark.slow
def test_tags():
    normals = {(normal, pos) for normal, pos, _ in nlp.tags("заявил")}
    assert ("заявить", "VERB") in normals
    assert any("past" in grams for _, _, grams in nlp.tags("заявил"))


@pytest.mark.slow
def test_inflect():
    assert nlp.inflect("Япония", "Gen") == "Японии"
    assert nlp.inflect("Южная Корея", "Gen") == "Южной Кореи"
    assert nlp.inflect("США", "Gen") == "США"  # abbreviations stay


@pytest.mark.slow
def test_words():
    assert nlp.words("Санкт-Петербург, 5 мая") == ["Санкт-Петербург", ",", "5", "мая"]


@pytest.mark.slow
def test_span_normals_are_natashas():
    # kg.nlp caches natasha's span normalisation per span and per word: same results.
    from natasha.doc import DocSpan, DocToken

    text = ("Представители Министерства иностранных дел России и Европейской комиссии "
            "встретились с Сергеем Лавровым и послом Соединённых Штатов в Женеве.")
    p = parse(text)
    assert {sp.type for sp in p.spans} == {"ORG", "PER", "LOC"}
    for sp in p.spans:
        toks = p.sentences[sp.sent].tokens[sp.first : sp.last]
        span = DocSpan(toks[0].start, toks[-1].end, sp.type, sp.text, [
            DocToken(t.start, t.end, t.text, id=t.i, head_id=t.head, pos=t.pos, feats=dict(t.feats))
            for t in toks
        ])
        span.normalize(nlp.models().vocab)
        assert (sp.text, sp.normal) == (sp.text, span.normal)
    assert {"Министерство иностранных дел", "Европейская комиссия", "Сергей Лавров"} <= {sp.normal for sp in p.spans}


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(word=st.from_regex(r"[A-Za-z0-9]{1,10}|[!-/:-@\[-^`{-~«»—–…№]{1,3}", fullmatch=True))
def test_latin_numbers_and_punctuation_skip_pymorphy_with_the_same_forms(word):
    assert morph._AS_IS.fullmatch(word)
    assert nlp.normal_forms(word) == morph._parsed_forms(word, word.lower()) == frozenset({word.lower()})


@pytest.mark.slow
def test_other_words_still_get_pymorphys_forms():
    assert {"россия"} <= nlp.normal_forms("России")
    assert not morph._AS_IS.fullmatch("Санкт-Петербург") and "санкт-петербург" in nlp.normal_forms("Санкт-Петербурге")


def test_the_embedding_loads_without_similarity_tables_and_restores_navec():
    from navec.pq import PQ

    class Fake:
        def __init__(self) -> None:
            self.pq = PQ(2, 2, 1, 2, [[0], [1]], None)  # precompute would fail on codes=None

    original = PQ.precompute
    emb = morph._embedding(Fake)
    assert not hasattr(emb.pq, "ab") and PQ.precompute is original
    with pytest.raises(TypeError):
        Fake()  # navec's own behaviour is back


def test_a_span_normal_form_is_made_only_when_asked():
    from kg.records import NerSpan

    calls: list[int] = []
    span = NerSpan(0, 0, 2, "PER", "Энтони Блинкеном", lambda: calls.append(1) or "Энтони Блинкен")
    assert calls == []
    assert span.normal == "Энтони Блинкен" and calls == [1]
    assert NerSpan(0, 0, 1, "LOC", "Женеве", "Женева").normal == "Женева"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Путин", "путин", "ПУТИН", "МИД", "СИЗО-6", "2011-2020", "...", "?!",
                                 "«", "Zelensky", "ёлка", "Ёлка", "abc123", "x"]) | st.text(min_size=1, max_size=6),
                min_size=1, max_size=12))
def test_cached_word_features_are_slovnets(words):
    # The models' encoders keep each word's (vocabulary id, shape id); slovnet's own item()
    # on a fresh encoder class gives the same ids, the cache cleared or not.
    m = nlp.models()
    for model in (m.morph, m.syntax, m.ner):
        encoder = model.infer.encoder
        assert "item" in vars(encoder)  # the cached one is installed
        assert encoder.item(words) == type(encoder).item(encoder, words)


def test_word_feature_cache_is_bounded(monkeypatch):
    m = nlp.models()
    monkeypatch.setattr(morph, "FEATURE_CACHE", 2)
    item = morph._CachedFeatures(m.morph.infer.encoder)
    words = ["Россия", "заявила", "о", "санкциях", "Россия"]
    assert item(words) == type(m.morph.infer.encoder).item(m.morph.infer.encoder, words)
    assert 1 <= len(item.seen) <= 2


def test_the_three_models_share_one_word_feature_cache():
    m = nlp.models()
    items = {id(model.infer.encoder.item) for model in (m.morph, m.syntax, m.ner)}
    assert len(items) == 1  # kg.nlp encodes a sentence once for the three


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5), st.integers(1, 30), st.integers(0, 2**32 - 1), st.booleans())
def test_kg_convolutions_give_slovnets_own_bits(batch, length, seed, by_position):
    # kg.morph._fast_convolutions: the models' Conv1d build their matrix of windows by slices;
    # slovnet's own __call__ on the same layer gives the same array, bit for bit, whether the
    # input is laid out channel-major or position-major (as a previous layer leaves it).
    import numpy as np
    from slovnet.exec.model import Conv1d

    m = nlp.models()
    rng = np.random.default_rng(seed)
    for model in (m.morph, m.syntax, m.ner):
        for layer in model.infer.model.encoder.layers:
            conv = layer.conv
            assert type(conv) is not Conv1d and isinstance(conv, Conv1d)
            channels = conv.weight.shape[1]
            x = rng.standard_normal((batch, length, channels) if by_position else (batch, channels, length))
            x = x.astype(np.float32).swapaxes(2, 1) if by_position else x.astype(np.float32)
            ours, theirs = conv(x), Conv1d.__call__(conv, x)
            assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
            assert ours.tobytes() == np.ascontiguousarray(theirs).tobytes()


_TAGS = ["O", "O", "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "<pad>"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Путин", "США", "в", "«", "»", ".", "Нью-Йорк", "о", "ООН"]),
                          st.sampled_from(["", " ", "  ", "\n"])), max_size=12),
       st.lists(st.sampled_from(_TAGS), max_size=14))
def test_ner_spans_are_slovnets(pieces, labels):
    # kg.nlp._bio_spans reads the NER tags without slovnet's records: the same spans as
    # BIOMarkup.to_span, words found in the text the same way, tags and words zipped as it does.
    from slovnet.markup import BIOMarkup

    text = "".join(w + gap for w, gap in pieces)
    ws = [w for w, _ in pieces]
    theirs = BIOMarkup.from_tuples(zip(ws, labels, strict=False)).to_span(text).spans
    assert nlp._bio_spans(text, ws, labels) == [tuple(span) for span in theirs]


_PIECES = ["24", "5", ".", ",", "-", "—", "–", "_", "/", "\\", " ", " ", "\n", "Он", "SARS", "CoV", "ПУТИН",
           "т", "е", "«", "»", "(", ")", "!", "?", ":", "…", "a", "x2", "1/2", "3.5"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=40).map("".join))
def test_ner_words_are_slovnets_own_tokens(text):
    # The NER model gets each sentence's words from the document's razdel tokens; slovnet
    # would tokenize the sentence's text alone. Every sentence must get the same words.
    from slovnet.exec.infer import text_words

    for sent in nlp._segment(text):
        assert nlp._ner_words(sent) == text_words(sent.text), sent.text

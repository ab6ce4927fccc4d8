"""kg.dates: finding Russian date expressions and resolving them against the document date."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from kg.dates import (
    LEXICON_FILE,
    DateExpr,
    ResolvedDate,
    datatype_of,
    default_lexicon,
    find_dates,
    load_lexicon,
    resolve,
    resolve_in_order,
)
from kg.errors import InputError, ResourceError

# a module-level rdflib namespace trips pytest's collection (it probes every attribute)
XSD = "http://www.w3.org/2001/XMLSchema#"
D = dt.date(2021, 12, 31)  # the seeds' report date, a Friday


def _rd(value: str | None) -> ResolvedDate | None:
    """Parse "2022-01-09" or "2022-01-09/2022-01-10" → ResolvedDate."""
    if value is None:
        return None
    start, _, end = value.partition("/")
    return ResolvedDate(start, end or None)


# (text, doc date, tense, previous, expected resolutions of every expression found, in order)
CASES = [
    # the seeds
    ("Переговоры запланированы на 9-10 января.", D, "future", None, ["2022-01-09/2022-01-10"]),
    (
        "Затем пройдут переговоры в Брюсселе 12 января, а на следующий день начнутся дискуссии.",
        D,
        "future",
        None,
        ["2022-01-12", "2022-01-13"],
    ),
    ("дискуссии в ОБСЕ 13 января", D, "future", None, ["2022-01-13"]),
    ("на следующий день начнутся дискуссии", D, "future", "2022-01-12", ["2022-01-13"]),
    ("в ходе видеоконференции 7 декабря", D, "past", None, ["2021-12-07"]),
    ("Вечером 30 декабря состоялись переговоры", D, "past", None, ["2021-12-30"]),
    ("Переговоры пройдут 9-10 января.", None, "future", None, ["--01-09/--01-10"]),
    ("встреча 9 января", None, None, None, ["--01-09"]),
    # absolute dates, ranges, months, years
    ("9–10 января", D, None, None, ["2022-01-09/2022-01-10"]),
    ("с 30 ноября по 1 декабря", D, "past", None, ["2021-11-30/2021-12-01"]),
    ("с 9 по 10 января", D, "future", None, ["2022-01-09/2022-01-10"]),
    ("9-10 января", dt.date(2022, 1, 10), "future", None, ["2022-01-09/2022-01-10"]),
    ("9-10 января 2022 года", None, None, None, ["2022-01-09/2022-01-10"]),
    ("с 9 января по 10 февраля 2022 года", None, None, None, ["2022-01-09/2022-02-10"]),
    ("с 30 декабря по 2 января", dt.date(2022, 1, 5), "past", None, ["2021-12-30/2022-01-02"]),
    ("30 декабря – 2 января", D, "future", None, ["2021-12-30/2022-01-02"]),
    ("с 30 декабря по 2 января", None, None, None, ["--12-30/--01-02"]),
    ("9 января 2022 года", None, None, None, ["2022-01-09"]),
    ("9 января", D, "past", None, ["2021-01-09"]),
    ("9-го мая", None, None, None, ["--05-09"]),
    ("7 декабря", dt.date(2022, 1, 20), None, None, ["2021-12-07"]),
    ("29 февраля", dt.date(2021, 6, 1), None, None, ["--02-29"]),
    ("29 февраля", dt.date(2021, 6, 1), "future", None, ["2024-02-29"]),
    ("в январе", D, "future", None, ["2022-01"]),
    ("в январе", dt.date(2022, 6, 15), "past", None, ["2022-01"]),
    ("в декабре", D, "future", None, ["2021-12"]),
    ("в январе 2022 года", None, None, None, ["2022-01"]),
    ("в конце января", D, None, None, ["2022-01"]),
    ("в середине декабря", D, "past", None, ["2021-12"]),
    ("в январе-феврале", D, "future", None, ["2022-01/2022-02"]),
    ("с января по март", dt.date(2022, 2, 10), None, None, ["2022-01/2022-03"]),
    ("в 2022 году", None, None, None, ["2022"]),
    ("2022 г. был трудным", None, None, None, ["2022"]),
    ("в конце 2021 года", None, None, None, ["2021"]),
    ("в 2021–2022 годах", None, None, None, ["2021/2022"]),
    ("с 2014 по 2022 год", None, None, None, ["2014/2022"]),
    ("(09.01.2022)", None, None, None, ["2022-01-09"]),
    ("от 2022-01-09", None, None, None, ["2022-01-09"]),
    # relative to the document date
    ("вчера", D, None, None, ["2021-12-30"]),
    ("Сегодня", D, None, None, ["2021-12-31"]),
    ("завтра", D, None, None, ["2022-01-01"]),
    ("позавчера", D, None, None, ["2021-12-29"]),
    ("послезавтра", None, None, None, [None]),
    ("два дня назад", D, None, None, ["2021-12-29"]),
    ("10 дней тому назад", D, None, None, ["2021-12-21"]),
    # relative to the previous date
    ("накануне", D, None, None, ["2021-12-30"]),
    ("накануне", D, None, "2022-01-12", ["2022-01-11"]),
    ("на следующий день", D, None, "2022-01-09/2022-01-10", ["2022-01-11"]),
    ("на следующий день", None, None, "--01-12", ["--01-13"]),
    ("на следующий день", D, None, None, [None]),
    ("в тот же день", None, None, "2022-01-12", ["2022-01-12"]),
    (
        "Встреча пройдет 9 января, затем 12 января и на следующий день.",
        D,
        "future",
        None,
        ["2022-01-09", "2022-01-12", "2022-01-13"],
    ),
    # weekdays (D is a Friday)
    ("в среду", D, "past", None, ["2021-12-29"]),
    ("в среду", D, "future", None, ["2022-01-05"]),
    ("в среду", D, None, None, ["2021-12-29"]),
    ("в понедельник", D, None, None, ["2022-01-03"]),
    ("в пятницу", D, "past", None, ["2021-12-31"]),
    ("во вторник", dt.date(2022, 2, 1), "past", None, ["2022-02-01"]),
    ("в прошлую пятницу", D, None, None, ["2021-12-24"]),
    ("в следующую пятницу", D, "past", None, ["2022-01-07"]),
    ("в понедельник 7 февраля", D, None, None, ["2022-02-07"]),
    ("в среду, 7 февраля", D, "future", None, ["2022-02-07"]),
    ("во вторник, 1 февраля", None, None, None, ["--02-01"]),
    ("в понедельник", None, None, None, [None]),
    # years and months relative to the document
    ("в прошлом году", D, None, None, ["2020"]),
    ("в этом году", D, "past", None, ["2021"]),
    ("в следующем году", D, None, None, ["2022"]),
    ("в прошлом году", None, None, None, [None]),
    ("в прошлом месяце", dt.date(2022, 1, 15), None, None, ["2021-12"]),
    ("в декабре прошлого года", dt.date(2022, 1, 15), None, None, ["2021-12"]),
    ("в декабре прошлого года", None, None, None, ["--12"]),
    ("в конце прошлого года", dt.date(2022, 3, 1), None, None, ["2021"]),
    # not dates
    ("Разговор длился 50 минут", D, None, None, []),
    ("выделить 200 млн долларов", D, None, None, []),
    ("на акцию вышли 1000 человек", D, None, None, []),
    ("Он отметил 45-летие", D, None, None, []),
    ("санкции на 2 года", D, None, None, []),
    ("Марта Иванова", D, None, None, []),
    ("в окружающей среде", D, None, None, []),
    ("31 февраля", D, None, None, []),
    ("версия 1.2.2022.5", D, None, None, []),
]


@pytest.mark.parametrize(
    ("text", "doc", "tense", "previous", "expected"),
    CASES,
    ids=[f"{i:02d}-{case[0][:30]}" for i, case in enumerate(CASES)],
)
def test_find_and_resolve(text, doc, tense, previous, expected):
    exprs = find_dates(text)
    got = resolve_in_order(exprs, doc, tense, previous=_rd(previous))
    assert got == [_rd(e) for e in expected], [e.text for e in exprs]


def test_enough_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("Вечером 30 декабря состоялись", ["30 декабря"]),
        ("запланированы на 9-10 января.", ["9-10 января"]),
        ("пройдут с 30 ноября по 1 декабря в Вене", ["с 30 ноября по 1 декабря"]),
        ("в понедельник, 7 февраля, он", ["в понедельник, 7 февраля"]),
        ("7 февраля, в понедельник, он", ["7 февраля, в понедельник"]),
        ("в конце января", ["в конце января"]),
        ("2022 г. был", ["2022 г."]),
        ("Марта Иванова приехала 8 Марта", ["8 Марта"]),
        ("в 12:30 9 января", ["9 января"]),
        ("с 9 января по настоящее время", ["9 января"]),
        ("вчера и сегодня", ["вчера", "сегодня"]),
    ],
)
def test_spans(text, spans):
    exprs = find_dates(text)
    assert [e.text for e in exprs] == spans
    assert all(text[e.start : e.end] == e.text for e in exprs)


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("9-10 января", {"day": 9, "month": 1, "end_day": 10, "end_month": 1, "year": None}),
        ("с 30 ноября по 1 декабря 2021 года", {"month": 11, "end_month": 12, "end_year": 2021}),
        ("на следующий день", {"offset_days": 1, "relative_to": "previous"}),
        ("накануне", {"offset_days": -1, "relative_to": "previous", "fallback_to_document": True}),
        ("вчера", {"offset_days": -1, "relative_to": "document"}),
        ("в среду", {"weekday": 2, "direction": None}),
        ("в минувшую субботу", {"weekday": 5, "direction": "past"}),
        ("в понедельник 7 февраля", {"weekday": 0, "day": 7, "month": 2}),
        ("в прошлом году", {"year_offset": -1, "month": None}),
        ("в следующем месяце", {"month_offset": 1}),
    ],
)
def test_expression_fields(text, fields):
    (expr,) = find_dates(text)
    assert {name: getattr(expr, name) for name in fields} == fields


def test_tense_names_from_the_parser():
    (expr,) = find_dates("9 января")
    assert resolve(expr, D, tense="Fut") == ResolvedDate("2022-01-09")
    assert resolve(expr, D, tense="Past") == ResolvedDate("2021-01-09")
    assert resolve(expr, D, tense="Pres") == ResolvedDate("2022-01-09")  # nearest


def test_doc_date_may_be_a_datetime():
    (expr,) = find_dates("вчера")
    assert resolve(expr, dt.datetime(2022, 1, 10, 23, 59)) == ResolvedDate("2022-01-09")


def test_hand_built_nonsense_resolves_to_none():
    assert resolve(DateExpr(0, 0, "", month=2, day=30), D) is None
    assert resolve(DateExpr(0, 0, "", month=13), None) is None
    assert resolve(DateExpr(0, 0, ""), D) is None
    assert resolve(DateExpr(0, 0, "", offset_days=10**9, relative_to="document"), D) is None
    assert resolve(DateExpr(0, 0, "", year_offset=1), dt.date(9999, 5, 5)) is None


# --- literals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "datatype"),
    [
        ("2022-01-09", "date"),
        ("2022-01", "gYearMonth"),
        ("2022", "gYear"),
        ("--01-09", "gMonthDay"),
        ("--02-29", "gMonthDay"),
        ("--01", "gMonth"),
    ],
)
def test_datatype_of(value, datatype):
    lit = Literal(value, datatype=datatype_of(value))
    assert lit.datatype == URIRef(XSD + datatype)
    assert str(lit) == value


@pytest.mark.parametrize(
    "value", ["", "9 января", "2022-13", "2022-02-30", "--13", "--02-30", "22"]
)
def test_datatype_of_rejects(value):
    with pytest.raises(InputError):
        datatype_of(value)


def test_every_resolution_is_a_literal():
    for text, doc, tense, previous, _ in CASES:
        for value in resolve_in_order(find_dates(text), doc, tense, previous=_rd(previous)):
            if value is not None:
                datatype_of(value.start)
                if value.end is not None:
                    datatype_of(value.end)


# --- the lexicon ------------------------------------------------------------------------


def test_default_lexicon_is_loaded_once():
    assert default_lexicon() is default_lexicon()
    assert default_lexicon().months["января"] == 1


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('1 = ["январь"', '13 = ["январь"', "months.13"),
        ('2 = ["февраль", "февраля"', '2 = ["февраль", "января"', "months.2"),
        ('1 = ["январь"', 'x = ["январь"', "months.x"),
        (
            '"вчера" = { offset = -1, from = "document" }',
            '"вчера" = { offset = -1, from = "x" }',
            "relative_days.вчера",
        ),
        (
            '"вчера" = { offset = -1,',
            '"вчера" = { offset = "минус один",',
            "relative_days.вчера.offset",
        ),
        ('"прошлый" = "past"', '"прошлый" = "earlier"', "weekday.modifiers.прошлый"),
        ('range_from = ["с", "со"]', "range_from = []", "markers.range_from"),
        ('"в прошлом году" = -1', '"в прошлом году" = "-1"', "relative_years.в прошлом году"),
        (
            '"в прошлом месяце" = -1',
            '"в прошлом 1 месяце" = -1',
            "relative_months.в прошлом 1 месяце",
        ),
        ("[weekdays]", "[weekdays_]", "weekdays"),
    ],
)
def test_bad_lexicon_names_file_and_key(tmp_path: Path, old, new, key):
    text = LEXICON_FILE.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "bad-dates.toml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ResourceError) as err:
        load_lexicon(bad)
    assert "bad-dates.toml" in str(err.value)
    assert f"{key}:" in str(err.value)


def test_unreadable_lexicon(tmp_path: Path):
    with pytest.raises(ResourceError, match="missing.toml"):
        load_lexicon(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[months\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="broken.toml: not valid TOML"):
        load_lexicon(broken)


def test_a_custom_lexicon_is_used(tmp_path: Path):
    text = LEXICON_FILE.read_text(encoding="utf-8")
    custom = tmp_path / "dates.toml"
    custom.write_text(text.replace('"сегодня" =', '"ныне" =', 1), encoding="utf-8")
    lexicon = load_lexicon(custom)
    assert [e.text for e in find_dates("ныне и сегодня", lexicon)] == ["ныне"]


# --- properties -------------------------------------------------------------------------

_PIECES = st.sampled_from(
    ["с", "по", "до", "в", "во", "на", "-", "–", ".", ",", "г", "года", "января", "Марта",
     "среду", "прошлую", "конце", "начале", "следующий", "день", "дня", "назад", "накануне",
     "прошлого", "году", "прошлом", "9", "10", "31", "2022", "09.01.2022", "29", "февраля",
     "-го", "2021-2022", "1.2.3", "3000", "20222", "0999"]
)  # fmt: skip
_TEXTS = st.one_of(st.text(max_size=200), st.lists(_PIECES, max_size=25).map(" ".join))
_DATES = st.dates(min_value=dt.date(1001, 1, 1), max_value=dt.date(2998, 12, 31))
_TENSES = st.sampled_from([None, "past", "future", "Pres", "odd"])


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS, doc=st.one_of(st.none(), _DATES), tense=_TENSES)
def test_find_dates_never_fails_and_spans_slice(text, doc, tense):
    exprs = find_dates(text)
    for expr in exprs:
        assert 0 <= expr.start < expr.end <= len(text)
        assert text[expr.start : expr.end] == expr.text
    assert [e.start for e in exprs] == sorted(e.start for e in exprs)
    for value in resolve_in_order(exprs, doc, tense):
        if value is not None:
            datatype_of(value.start)


@settings(max_examples=200, deadline=None)
@given(
    doc=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    day=st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2001, 12, 31)),
)
def test_year_inference_sides(doc, day):
    expr = DateExpr(0, 0, "", month=day.month, day=day.day)
    future = dt.date.fromisoformat(resolve(expr, doc, tense="future").start)
    past = dt.date.fromisoformat(resolve(expr, doc, tense="past").start)
    year_later = doc + dt.timedelta(days=366)  # covers 29 February, which has no next-year twin
    assert doc <= future < year_later + dt.timedelta(days=1)
    assert doc - dt.timedelta(days=366) < past <= doc
    nearest = dt.date.fromisoformat(resolve(expr, doc).start)
    assert nearest in (past, future)
    assert abs((nearest - doc).days) == min(abs((past - doc).days), abs((future - doc).days))


@settings(max_examples=200, deadline=None)
@given(doc=_DATES, weekday=st.integers(0, 6), tense=st.sampled_from(["past", "future"]))
def test_weekday_sides(doc, weekday, tense):
    got = dt.date.fromisoformat(
        resolve(DateExpr(0, 0, "", weekday=weekday), doc, tense=tense).start
    )
    assert got.weekday() == weekday
    assert 0 <= (doc - got if tense == "past" else got - doc).days <= 6


def test_fast_enough_per_sentence():
    sentence = (
        "Как сообщает Кремль, первая встреча сторон состоится в Женеве 9-10 января, затем "
        "пройдут переговоры в Брюсселе 12 января, а на следующий день начнутся дискуссии в ОБСЕ."
    )
    plain = "Президенты обсудили гарантии безопасности, санкции и встречу в новом году."
    find_dates(plain)
    started = time.perf_counter()
    for _ in range(200):
        find_dates(sentence)
        find_dates(plain)
    per_sentence = (time.perf_counter() - started) / 400
    assert per_sentence < 1e-3  # the budget is «well under 1 ms»; typical is ~0.05 ms


# --- the pre-check that skips sentences without dates (kg.dates.scan._may_hold_dates) ------


def test_lowering_a_text_makes_no_letter_of_a_non_letter():
    # _may_hold_dates reads the words of text.lower(): exact only while this holds.
    import re
    import sys

    letter = re.compile(r"[^\W\d_]")
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        if not letter.match(c) and c.lower() != c:
            assert not any(letter.match(x) for x in c.lower()), hex(cp)


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS)
def test_the_pre_check_skips_only_texts_without_dates(text):
    from kg.dates.matchers import _MATCHERS
    from kg.dates.scan import _may_hold_dates, _Scan

    if not _may_hold_dates(text, default_lexicon()):
        # What find_dates would have found without the pre-check: nothing.
        s = _Scan(text, default_lexicon())
        starts = s.lex.start_words
        for i in range(len(s.toks)):
            if s.toks[i].kind == "num" or s.norms[i] in starts:
                assert not any(matcher(s, i) for matcher in _MATCHERS), text


def test_every_expression_has_a_key_word_or_a_digit():
    lex = default_lexicon()
    assert lex.key_words is not None
    for text in ("вчера", "на следующий день", "в прошлом году", "два дня назад", "в среду",
                 "в начале марта", "с января по март", "в этом месяце", "днем позже"):
        assert find_dates(text), text
        assert not lex.key_words.isdisjoint(text.split()), text


def test_the_pre_check_year_pattern_matches_the_year_range():
    from kg.dates.scan import _MAX_YEAR, _MIN_YEAR, _YEAR_RE

    for n in (999, _MIN_YEAR - 1, _MIN_YEAR, 2022, _MAX_YEAR, _MAX_YEAR + 1, 12022):
        assert bool(_YEAR_RE.search(f"в {n:04d} году")) == (_MIN_YEAR <= n <= _MAX_YEAR), n

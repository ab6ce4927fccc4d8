"""Extraction rules on hand-built parses: one or more tests per pattern family, no model.

Each tree is written the way natasha's NewsSyntaxParser parses the sentence (checked
against real parses; features trimmed to the ones the rules read). The gazetteer is
tests/fixtures/gazetteer_mini; the lexicon is the shipped one. Every test states the
complete list of facts the document must give.
"""

from __future__ import annotations

import datetime as dt

import pytest
from handbuilt import Sent, analyse, build, expected, fact, load_gazetteer, sent, summaries

RU, US, UA, BY, IR = "Q159", "Q30", "Q212", "Q184", "Q794"
NATO, EU = "Q7184", "Q458"
PUTIN, BIDEN, TRUMP, LAVROV = "Q7747", "Q6279", "Q22686", "Q80504"
BLINKEN, PSAKI, STOLTENBERG = "person:antony-blinken", "person:jen-psaki", "Q57665"
GENEVA, VIENNA = "Q71", "Q1741"
DATE = dt.date(2021, 12, 20)


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def facts_of(gaz, *sents, date=DATE):
    return summaries(analyse(build(*sents, date=date), gaz))


# --------------------------------------------------------------------------- the helper itself


def test_build_offsets_and_spans():
    parsed = build(
        sent(
            """
        1 Байден  байден   PROPN Case=Nom 2 nsubj
        2 призвал призвать VERB  Tense=Past 0 root
        3 Москву  москва   PROPN Case=Acc 2 obj
        4 .       .        PUNCT _ 2 punct
    """,
            ner=[(1, 1, "PER", "Байден")],
        ),
        sent("""
        1 «  « PUNCT _ 2 punct
        2 Да да PART _ 0 root
        3 »  » PUNCT _ 2 punct
    """),
    )
    assert parsed.doc.text == "Байден призвал Москву. «Да»"
    s0, s1 = parsed.sentences
    assert [parsed.doc.text[t.start : t.end] for t in s0.tokens + s1.tokens] == [
        "Байден",
        "призвал",
        "Москву",
        ".",
        "«",
        "Да",
        "»",
    ]
    assert s1.text == parsed.doc.text[s1.start : s1.end] == "«Да»"
    assert s0.tokens[0].head == 1 and s0.tokens[1].head == -1
    assert s0.tokens[1].feat("Tense") == "Past"
    assert (
        parsed.spans[0].first == 0
        and parsed.spans[0].last == 1
        and parsed.spans[0].text == "Байден"
    )


def test_build_rejects_bad_rows():
    with pytest.raises(ValueError, match="out of order"):
        build(
            sent("""
            1 Да да PART _ 0 root
            3 .  .  PUNCT _ 1 punct
        """)
        )
    with pytest.raises(ValueError, match="7 columns"):
        build(sent("1 Да да PART 0 root"))


# --------------------------------------------------------------------------- demands


DEMAND_CAPITAL = sent(
    """
    1 Байден      байден      PROPN Case=Nom|Number=Sing                          2 nsubj
    2 призвал     призвать    VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act 0 root
    3 Москву      москва      PROPN Case=Acc|Number=Sing                          2 obj
    4 к           к           ADP   _                                             5 case
    5 деэскалации деэскалация NOUN  Case=Dat|Number=Sing                          2 obl
    6 .           .           PUNCT _                                             2 punct
""",
    ner=[(3, 3, "LOC", "Москва")],
)


def test_demand_verb_with_capital_as_its_state(gaz):
    assert facts_of(gaz, DEMAND_CAPITAL) == [fact("demanded", agents=[BIDEN], targets=[RU])]


def test_coordinated_targets_give_one_fact_each(gaz):
    got = facts_of(
        gaz,
        sent("""
        1 Россия    россия    PROPN Case=Nom|Number=Sing                          2 nsubj
        2 выдвинула выдвинуть VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act 0 root
        3 США       сша       PROPN Case=Dat|Number=Plur                          2 obj
        4 и         и         CCONJ _                                             5 cc
        5 НАТО      нато      PROPN Case=Gen|Number=Sing                          3 conj
        6 условия   условие   NOUN  Case=Acc|Number=Plur                          2 obj
        7 .         .         PUNCT _                                             2 punct
    """),
    )
    assert got == expected(
        fact("demanded", agents=[RU], targets=[US]), fact("demanded", agents=[RU], targets=[NATO])
    )


def test_light_verb_needs_its_demand_noun(gaz):
    # «выдвинула США предложения»: «выдвинуть» alone is no demand.
    got = facts_of(
        gaz,
        sent("""
        1 Россия      россия      PROPN Case=Nom|Number=Sing                          2 nsubj
        2 выдвинула   выдвинуть   VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act 0 root
        3 США         сша         PROPN Case=Dat|Number=Plur                          2 iobj
        4 кандидатуру кандидатура NOUN  Case=Acc|Number=Sing                          2 obj
        5 .           .           PUNCT _                                             2 punct
    """),
    )
    assert got == []


# --------------------------------------------------------------------------- reported speech


def test_speaker_of_reported_speech_is_the_source(gaz):
    got = facts_of(
        gaz,
        sent(
            """
        1  Лавров       лавров       PROPN Case=Nom|Number=Sing                                  2 nsubj
        2  заявил       заявить      VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act         0 root
        3  ,            ,            PUNCT _                                                     6 punct
        4  что          что          SCONJ _                                                     6 mark
        5  Россия       россия       PROPN Case=Nom|Number=Sing                                  6 nsubj
        6  потребует    потребовать  VERB  Aspect=Perf|Person=3|Tense=Fut|VerbForm=Fin|Voice=Act 2 ccomp
        7  от           от           ADP   _                                                     8 case
        8  НАТО         нато         PROPN Case=Gen|Number=Sing                                  6 obl
        9  гарантий     гарантия     NOUN  Case=Gen|Number=Plur                                  6 obj
        10 безопасности безопасность NOUN  Case=Gen|Number=Sing                                  9 nmod
        11 .            .            PUNCT _                                                     2 punct
    """,
            ner=[(1, 1, "PER", "Лавров")],
        ),
    )
    assert got == [fact("demanded", agents=[LAVROV], targets=[NATO], modality="future")]


def test_po_slovam_names_the_source_when_the_clause_has_none(gaz):
    got = facts_of(
        gaz,
        sent(
            """
        1  По          по         ADP   _                                       2 case
        2  словам      слово      NOUN  Case=Dat|Number=Plur                    9 parataxis
        3  Псаки       псака      PROPN Case=Gen|Number=Sing                    2 nmod
        4  ,           ,          PUNCT _                                       2 punct
        5  санкции     санкция    NOUN  Case=Nom|Number=Plur                    9 nsubj
        6  против      против     ADP   _                                       7 case
        7  России      россия     PROPN Case=Gen|Number=Sing                    5 nmod
        8  будут       быть       AUX   Number=Plur|Tense=Pres|VerbForm=Fin     9 cop
        9  масштабными масштабный ADJ   Case=Ins|Number=Plur                    0 root
        10 .           .          PUNCT _                                       9 punct
    """,
            ner=[(3, 3, "PER", "Псака"), (7, 7, "LOC", "Россия")],
        ),
    )
    assert got == [fact("threatenedSanctions", agents=[PSAKI], targets=[RU], modality="future")]


PASSIVE_SANCTIONS = sent(
    """
    1  Против  против  ADP   _                                                          2 case
    2  России  россия  PROPN Case=Gen|Number=Sing                                       4 obl
    3  будут   быть    AUX   Number=Plur|Tense=Pres|VerbForm=Fin                        4 aux:pass
    4  введены ввести  VERB  Aspect=Perf|Tense=Past|Variant=Short|VerbForm=Part|Voice=Pass 0 root
    5  новые   новый   ADJ   Case=Nom|Number=Plur                                       6 amod
    6  санкции санкция NOUN  Case=Nom|Number=Plur                                       4 nsubj:pass
    7  ,       ,       PUNCT _                                                          8 punct
    8  заявил  заявить VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act              4 parataxis
    9  Байден  байден  PROPN Case=Nom|Number=Sing                                       8 nsubj
    10 .       .       PUNCT _                                                          4 punct
""",
    ner=[(2, 2, "LOC", "Россия"), (9, 9, "PER", "Байден")],
)


def test_passive_sanctions_with_speaker_after_the_clause(gaz):
    assert facts_of(gaz, PASSIVE_SANCTIONS) == [
        fact("threatenedSanctions", agents=[BIDEN], targets=[RU], modality="future")
    ]


def test_passive_sanctions_with_speaker_before_the_clause(gaz):
    # The same passive clause after «Байден заявил, что …» does reach its speaker.
    got = facts_of(
        gaz,
        sent("""
        1  Байден  байден  PROPN Case=Nom|Number=Sing                                          2  nsubj
        2  заявил  заявить VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act                 0  root
        3  ,       ,       PUNCT _                                                             8  punct
        4  что     что     SCONJ _                                                             8  mark
        5  против  против  ADP   _                                                             6  case
        6  России  россия  PROPN Case=Gen|Number=Sing                                          8  obl
        7  будут   быть    AUX   Number=Plur|Tense=Pres|VerbForm=Fin                           8  aux:pass
        8  введены ввести  VERB  Aspect=Perf|Tense=Past|Variant=Short|VerbForm=Part|Voice=Pass 2  ccomp
        9  новые   новый   ADJ   Case=Nom|Number=Plur                                          10 amod
        10 санкции санкция NOUN  Case=Nom|Number=Plur                                          8  nsubj:pass
        11 .       .       PUNCT _                                                             2  punct
    """),
    )
    assert got == [fact("threatenedSanctions", agents=[BIDEN], targets=[RU], modality="future")]


# --------------------------------------------------------------------------- negation


NEGATED_THREAT = """
    1 США      сша     PROPN Case=Nom|Number=Plur              3 nsubj
    2 не       не      PART  Polarity=Neg                      3 advmod
    3 намерены намерен ADJ   Number=Plur|Variant=Short         0 root
    4 вводить  вводить VERB  Aspect=Imp|VerbForm=Inf|Voice=Act 3 xcomp
    5 санкции  санкция NOUN  Case=Acc|Number=Plur              4 obj
    6 против   против  ADP   _                                 7 case
    7 Ирана    иран    PROPN Case=Gen|Number=Sing              5 nmod
    8 .        .       PUNCT _                                 3 punct
"""


def _without_ne(rows: str) -> str:
    """The same sentence without its «не» (row removed, later IDs and heads shifted)."""
    out = []
    for line in rows.strip().splitlines():
        cols = line.split()
        if cols[1] == "не":
            gone = int(cols[0])
            continue
        out.append(cols)
    for cols in out:
        cols[0] = str(int(cols[0]) - (int(cols[0]) > gone))
        cols[5] = str(int(cols[5]) - (int(cols[5]) > gone))
    return "\n".join(" ".join(c) for c in out)


def test_negated_intention_drops_the_threat(gaz):
    assert facts_of(gaz, sent(NEGATED_THREAT)) == []


def test_the_same_intention_without_negation_is_a_threat(gaz):
    # The control for the test above: only «не» makes the difference.
    got = facts_of(gaz, sent(_without_ne(NEGATED_THREAT)))
    assert got == [fact("threatenedSanctions", agents=[US], targets=[IR], modality="future")]


NEGATED_DEMAND = """
    1 Россия   россия    PROPN Case=Nom|Number=Sing                                 3 nsubj
    2 не       не        PART  Polarity=Neg                                         3 advmod
    3 требует  требовать VERB  Aspect=Imp|Person=3|Tense=Pres|VerbForm=Fin|Voice=Act 0 root
    4 от       от        ADP   _                                                    5 case
    5 НАТО     нато      PROPN Case=Gen|Number=Sing                                 3 obl
    6 гарантий гарантия  NOUN  Case=Gen|Number=Plur                                 3 obj
    7 .        .         PUNCT _                                                    3 punct
"""


def test_negated_demand_is_no_fact(gaz):
    assert facts_of(gaz, sent(NEGATED_DEMAND)) == []
    assert facts_of(gaz, sent(_without_ne(NEGATED_DEMAND))) == [
        fact("demanded", agents=[RU], targets=[NATO])
    ]


# --------------------------------------------------------------------------- sanctions


CONDITIONAL_THREAT = sent("""
    1  США        сша         PROPN Case=Gen|Number=Plur                                  2 nsubj
    2  введут     ввести      VERB  Aspect=Perf|Person=3|Tense=Fut|VerbForm=Fin|Voice=Act 0 root
    3  санкции    санкция     NOUN  Case=Acc|Number=Plur                                  2 obj
    4  против     против      ADP   _                                                     5 case
    5  России     россия      PROPN Case=Gen|Number=Sing                                  3 nmod
    6  ,          ,           PUNCT _                                                     9 punct
    7  если       если        SCONJ _                                                     9 mark
    8  Россия     россия      PROPN Case=Nom|Number=Sing                                  9 nsubj
    9  вторгнется вторгнуться VERB  Aspect=Perf|Person=3|Tense=Fut|VerbForm=Fin|Voice=Mid 2 advcl
    10 на         на          ADP   _                                                     11 case
    11 Украину    украина     PROPN Case=Acc|Number=Sing                                  9 obl
    12 .          .           PUNCT _                                                     2 punct
""")


def test_conditional_threat_is_kept_with_its_condition(gaz):
    (got,) = analyse(build(CONDITIONAL_THREAT, date=DATE), gaz)
    assert (got.type, got.agents, got.targets, got.modality) == (
        "threatenedSanctions",
        (US,),
        (RU,),
        "conditional",
    )
    assert got.condition is not None and "если Россия вторгнется на Украину" in got.condition


def test_condition_text_is_the_clause_alone(gaz):
    (got,) = analyse(build(CONDITIONAL_THREAT, date=DATE), gaz)
    assert got.condition == "если Россия вторгнется на Украину"


def _sanctions_sentence(verb: str, feats: str) -> str:
    return f"""
        1 Евросоюз   евросоюз   PROPN Case=Nom|Number=Sing 2 nsubj
        2 {verb}     ввести     VERB  {feats}              0 root
        3 санкции    санкция    NOUN  Case=Acc|Number=Plur 2 obj
        4 против     против     ADP   _                    5 case
        5 Белоруссии белоруссия PROPN Case=Gen|Number=Sing 3 nmod
        6 .          .          PUNCT _                    2 punct
    """


@pytest.mark.parametrize(
    ("verb", "feats", "expected", "modality"),
    [
        ("ввел", "Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act", "imposedSanctions", "asserted"),
        (
            "введет",
            "Aspect=Perf|Person=3|Tense=Fut|VerbForm=Fin|Voice=Act",
            "threatenedSanctions",
            "future",
        ),
    ],
)
def test_past_sanctions_are_imposed_future_ones_threatened(gaz, verb, feats, expected, modality):
    got = facts_of(gaz, sent(_sanctions_sentence(verb, feats)))
    assert got == [fact(expected, agents=[EU], targets=[BY], modality=modality)]


def test_named_existing_sanctions_are_imposed_whatever_the_clause(gaz):
    # «Белоруссия не поддержала санкции Евросоюза против России»: the sanctions exist.
    got = facts_of(
        gaz,
        sent("""
        1 Белоруссия белоруссия PROPN Case=Nom|Number=Sing                          3 nsubj
        2 не         не         PART  Polarity=Neg                                  3 advmod
        3 поддержала поддержать VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act 0 root
        4 санкции    санкция    NOUN  Case=Acc|Number=Plur                          3 obj
        5 Евросоюза  евросоюз   PROPN Case=Gen|Number=Sing                          4 nmod
        6 против     против     ADP   _                                             7 case
        7 России     россия     PROPN Case=Gen|Number=Sing                          4 nmod
        8 .          .          PUNCT _                                             3 punct
    """),
    )
    assert got == [fact("imposedSanctions", agents=[EU], targets=[RU])]


def test_lifted_sanctions_are_no_imposition(gaz):
    got = facts_of(
        gaz,
        sent("""
        1 Евросоюз   евросоюз   PROPN Case=Nom|Number=Sing                          2 nsubj
        2 отменил    отменить   VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act 0 root
        3 санкции    санкция    NOUN  Case=Acc|Number=Plur                          2 obj
        4 против     против     ADP   _                                             5 case
        5 Белоруссии белоруссия PROPN Case=Gen|Number=Sing                          3 nmod
        6 .          .          PUNCT _                                             2 punct
    """),
    )
    assert got == []


# --------------------------------------------------------------------------- rejection


DEMAND_BY_RUSSIA = sent("""
    1 Россия       россия       PROPN Case=Nom|Number=Sing                          2 nsubj
    2 потребовала  потребовать  VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act 0 root
    3 от           от           ADP   _                                             4 case
    4 НАТО         нато         PROPN Case=Gen|Number=Sing                          2 obl
    5 гарантий     гарантия     NOUN  Case=Gen|Number=Plur                          2 obj
    6 безопасности безопасность NOUN  Case=Gen|Number=Sing                          5 nmod
    7 .            .            PUNCT _                                             2 punct
""")


def _unacceptable(noun: str) -> str:
    return f"""
        1 Столтенберг  столтенберг  PROPN Case=Nom|Number=Sing                          2 nsubj
        2 назвал       назвать      VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act 0 root
        3 это          это          DET   Case=Acc|Number=Sing                          4 det
        4 {noun}       {noun}       NOUN  Case=Acc|Number=Sing                          2 obj
        5 неприемлемым неприемлемый ADJ   Case=Ins|Number=Sing                          2 xcomp
        6 .            .            PUNCT _                                             2 punct
    """


def test_calling_a_demand_unacceptable_rejects_whoever_made_it(gaz):
    got = facts_of(gaz, DEMAND_BY_RUSSIA, sent(_unacceptable("требование")))
    assert got == expected(
        fact("demanded", agents=[RU], targets=[NATO]),
        fact("rejected", agents=[STOLTENBERG], targets=[RU]),
    )


def test_calling_an_action_unacceptable_is_criticism_not_rejection(gaz):
    # «назвал это размещение неприемлемым»: an action, not a demand (schema.md, rejected).
    got = facts_of(gaz, DEMAND_BY_RUSSIA, sent(_unacceptable("размещение")))
    assert got == [fact("demanded", agents=[RU], targets=[NATO])]


def test_rejection_verb_with_the_owner_of_the_demand(gaz):
    got = facts_of(
        gaz,
        sent("""
        1 НАТО       нато       PROPN Case=Nom|Number=Sing                          2 nsubj
        2 отвергло   отвергнуть VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act 0 root
        3 требования требование NOUN  Case=Acc|Number=Plur                          2 obj
        4 России     россия     PROPN Case=Gen|Number=Sing                          3 nmod
        5 .          .          PUNCT _                                             2 punct
    """),
    )
    # A refused demand also tells who made it to whom: Russia demanded of NATO.
    assert got == expected(
        fact("rejected", agents=[NATO], targets=[RU]), fact("demanded", agents=[RU], targets=[NATO])
    )


# --------------------------------------------------------------------------- talks


HELD_IN_GENEVA = sent("""
    1 Путин      путин      PROPN Case=Nom|Number=Sing                          4 nsubj
    2 и          и          CCONJ _                                             3 cc
    3 Байден     байден     PROPN Case=Nom|Number=Sing                          1 conj
    4 провели    провести   VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act 0 root
    5 переговоры переговоры NOUN  Case=Acc|Number=Plur                          4 obj
    6 в          в          ADP   _                                             7 case
    7 Женеве     женева     PROPN Case=Loc|Number=Sing                          4 obl
    8 .          .          PUNCT _                                             4 punct
""")


def test_talks_held_with_location(gaz):
    assert facts_of(gaz, HELD_IN_GENEVA) == [
        fact("heldTalks", participants=[PUTIN, BIDEN], location=GENEVA)
    ]


def test_talks_location_before_the_verb(gaz):
    got = facts_of(
        gaz,
        sent("""
        1 В          в          ADP   _                                             2 case
        2 Женеве     женева     PROPN Case=Loc|Number=Sing                          6 obl
        3 Путин      путин      PROPN Case=Nom|Number=Sing                          6 nsubj
        4 и          и          CCONJ _                                             5 cc
        5 Байден     байден     PROPN Case=Nom|Number=Sing                          3 conj
        6 провели    провести   VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act 0 root
        7 переговоры переговоры NOUN  Case=Acc|Number=Plur                          6 obj
        8 .          .          PUNCT _                                             6 punct
    """),
    )
    assert got == [fact("heldTalks", participants=[PUTIN, BIDEN], location=GENEVA)]


def test_announcement_frame_scheduled_with_date_and_place(gaz):
    got = facts_of(
        gaz,
        sent("""
        1  Переговоры    переговоры    NOUN  Case=Nom|Number=Plur                                          5 nsubj:pass
        2  России        россия        PROPN Case=Gen|Number=Sing                                          1 nmod
        3  и             и             CCONJ _                                                             4 cc
        4  США           сша           PROPN Case=Gen|Number=Plur                                          2 conj
        5  запланированы запланировать VERB  Aspect=Perf|Tense=Past|Variant=Short|VerbForm=Part|Voice=Pass 0 root
        6  на            на            ADP   _                                                             7 case
        7  10            10            ADJ   _                                                             5 obl
        8  января        январь        NOUN  Case=Gen|Number=Sing                                          7 flat
        9  и             и             CCONJ _                                                             10 cc
        10 состоятся     состояться    VERB  Aspect=Perf|Person=3|Tense=Fut|VerbForm=Fin|Voice=Mid         5 conj
        11 в             в             ADP   _                                                             12 case
        12 Женеве        женева        PROPN Case=Loc|Number=Sing                                          10 obl
        13 .             .             PUNCT _                                                             5 punct
    """),
    )
    assert got == [
        fact(
            "scheduledTalks",
            participants=[RU, US],
            location=GENEVA,
            start="2022-01-10",
            modality="future",
        )
    ]


def _meet(date_word: str, month: str, month_lemma: str, verb: str, verb_feats: str) -> Sent:
    return sent(
        f"""
        1 Лавров  лавров       PROPN Case=Nom|Number=Sing 4 nsubj
        2 и       и            CCONJ _                    3 cc
        3 Блинкен блинкен      PROPN Case=Nom|Number=Sing 1 conj
        4 {verb}  встретиться  VERB  {verb_feats}         0 root
        5 в       в            ADP   _                    6 case
        6 Вене    вена         PROPN Case=Loc|Number=Sing 4 obl
        7 {date_word} {date_word} ADJ _                   4 obl
        8 {month} {month_lemma} NOUN Case=Gen|Number=Sing  7 flat
        9 .       .            PUNCT _                    4 punct
    """,
        ner=[(1, 1, "PER", "Лавров"), (3, 3, "PER", "Блинкен")],
    )


FUT = "Aspect=Perf|Person=3|Tense=Fut|VerbForm=Fin|Voice=Mid"
PAST = "Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Mid"


@pytest.mark.parametrize(
    ("doc_date", "verb", "feats", "day", "month", "lemma", "expected"),
    [
        # Future talks take the next such date, past ones the last (year from the document date).
        (
            dt.date(2021, 12, 31),
            "встретятся",
            FUT,
            "12",
            "января",
            "январь",
            fact(
                "scheduledTalks",
                participants=[LAVROV, BLINKEN],
                location=VIENNA,
                start="2022-01-12",
                modality="future",
            ),
        ),
        (
            dt.date(2022, 1, 5),
            "встретились",
            PAST,
            "28",
            "декабря",
            "декабрь",
            fact("heldTalks", participants=[LAVROV, BLINKEN], location=VIENNA, start="2021-12-28"),
        ),
        (
            dt.date(2022, 1, 5),
            "встретились",
            PAST,
            "3",
            "января",
            "январь",
            fact("heldTalks", participants=[LAVROV, BLINKEN], location=VIENNA, start="2022-01-03"),
        ),
        # Without a document date the year cannot be known: a month-day.
        (
            None,
            "встретятся",
            FUT,
            "12",
            "января",
            "январь",
            fact(
                "scheduledTalks",
                participants=[LAVROV, BLINKEN],
                location=VIENNA,
                start="--01-12",
                modality="future",
            ),
        ),
    ],
)
def test_talks_verb_date_resolution(gaz, doc_date, verb, feats, day, month, lemma, expected):
    got = facts_of(gaz, _meet(day, month, lemma, verb, feats), date=doc_date)
    assert got == [expected]


def test_relative_date_before_the_verb(gaz):
    got = facts_of(
        gaz,
        sent("""
        1 Вчера      вчера      ADV   _                                             5 advmod
        2 Путин      путин      PROPN Case=Nom|Number=Sing                          5 nsubj
        3 и          и          CCONJ _                                             4 cc
        4 Байден     байден     PROPN Case=Nom|Number=Sing                          2 conj
        5 провели    провести   VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act 0 root
        6 переговоры переговоры NOUN  Case=Acc|Number=Plur                          5 obj
        7 по         по         ADP   _                                             8 case
        8 видеосвязи видеосвязь NOUN  Case=Dat|Number=Sing                          6 nmod
        9 .          .          PUNCT _                                             5 punct
    """),
        date=dt.date(2021, 12, 8),
    )
    assert got == [fact("heldTalks", participants=[PUTIN, BIDEN], start="2021-12-07")]


def test_talks_date_after_the_noun(gaz):
    got = facts_of(
        gaz,
        sent("""
        1 Путин      путин      PROPN Case=Nom|Number=Sing                          4 nsubj
        2 и          и          CCONJ _                                             3 cc
        3 Байден     байден     PROPN Case=Nom|Number=Sing                          1 conj
        4 провели    провести   VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act 0 root
        5 переговоры переговоры NOUN  Case=Acc|Number=Plur                          4 obj
        6 7          7          ADJ   _                                             4 obl
        7 декабря    декабрь    NOUN  Case=Gen|Number=Sing                          6 flat
        8 .          .          PUNCT _                                             4 punct
    """),
        date=dt.date(2021, 12, 8),
    )
    assert got == [fact("heldTalks", participants=[PUTIN, BIDEN], start="2021-12-07")]


# --------------------------------------------------------------------------- posts


def test_affiliation_from_post_phrase_with_apposition(gaz):
    got = facts_of(
        gaz,
        sent(
            """
        1  Президент президент NOUN  Case=Nom|Number=Sing                          5 nsubj
        2  России    россия    PROPN Case=Gen|Number=Sing                          1 nmod
        3  Владимир  владимир  PROPN Case=Nom|Number=Sing                          1 appos
        4  Путин     путин     PROPN Case=Nom|Number=Sing                          3 flat:name
        5  заявил    заявить   VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act 0 root
        6  ,         ,         PUNCT _                                             9 punct
        7  что       что       SCONJ _                                             9 mark
        8  Москва    москва    PROPN Case=Nom|Number=Sing                          9 nsubj
        9  готова    готовый   ADJ   Number=Sing|Variant=Short                     5 ccomp
        10 к         к         ADP   _                                             11 case
        11 диалогу   диалог    NOUN  Case=Dat|Number=Sing                          9 obl
        12 .         .         PUNCT _                                             5 punct
    """,
            ner=[(3, 4, "PER", "Владимир Путин")],
        ),
    )
    assert got == [fact("affiliation", agents=[PUTIN], targets=[RU], role="президент")]


POST_PHRASE_WARNS = sent("""
    1 Президент    президент    NOUN  Case=Nom|Number=Sing                          3 nsubj
    2 США          сша          PROPN Case=Gen|Number=Plur                          1 nmod
    3 предупредил  предупредить VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act 0 root
    4 Россию       россия       PROPN Case=Acc|Number=Sing                          3 obj
    5 о            о            ADP   _                                             6 case
    6 последствиях последствие  NOUN  Case=Loc|Number=Plur                          3 obl
    7 .            .            PUNCT _                                             3 punct
""")


@pytest.mark.parametrize(
    ("doc_date", "who"),
    [
        (dt.date(2021, 6, 1), BIDEN),
        (dt.date(2018, 6, 1), TRUMP),
        (dt.date(2021, 1, 19), TRUMP),  # the last day of the old term
        (dt.date(2021, 1, 21), BIDEN),
        (None, US),  # no date, no holder: the post's state acts
    ],
)
def test_post_phrase_resolved_by_office_at_document_date(gaz, doc_date, who):
    assert facts_of(gaz, POST_PHRASE_WARNS, date=doc_date) == [
        fact("warned", agents=[who], targets=[RU])
    ]


# --------------------------------------------------------------------------- pronouns


def test_pronoun_subject_is_the_last_subject_person(gaz):
    got = facts_of(
        gaz,
        sent("""
        1 Байден     байден     PROPN Case=Nom|Number=Sing                          2 nsubj
        2 провел     провести   VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act 0 root
        3 переговоры переговоры NOUN  Case=Acc|Number=Plur                          2 obj
        4 с          с          ADP   _                                             5 case
        5 Путиным    путин      PROPN Case=Ins|Number=Sing                          3 nmod
        6 .          .          PUNCT _                                             2 punct
    """),
        sent("""
        1 Он           он           PRON  Case=Nom|Number=Sing|Person=3               2 nsubj
        2 предупредил  предупредить VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act 0 root
        3 Москву       москва       PROPN Case=Acc|Number=Sing                        2 obj
        4 о            о            ADP   _                                           5 case
        5 последствиях последствие  NOUN  Case=Loc|Number=Plur                        2 obl
        6 .            .            PUNCT _                                           2 punct
    """),
    )
    assert got == expected(
        fact("heldTalks", participants=[BIDEN, PUTIN]), fact("warned", agents=[BIDEN], targets=[RU])
    )


def test_pronoun_without_any_person_before_gives_no_fact(gaz):
    got = facts_of(
        gaz,
        sent("""
        1 Он           он           PRON  Case=Nom|Number=Sing|Person=3               2 nsubj
        2 предупредил  предупредить VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act 0 root
        3 Москву       москва       PROPN Case=Acc|Number=Sing                        2 obj
        4 .            .            PUNCT _                                           2 punct
    """),
    )
    assert got == []


# --------------------------------------------------------------------------- warnings


def test_dat_ponyat_with_the_dative_under_ponyat(gaz):
    got = facts_of(
        gaz,
        sent("""
        1  Столтенберг столтенберг PROPN Case=Nom|Number=Sing                                  2  nsubj
        2  дал         дать        VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act         0  root
        3  понять      понять      VERB  Aspect=Perf|VerbForm=Inf|Voice=Act                    2  xcomp
        4  Москве      москва      PROPN Case=Dat|Number=Sing                                  3  iobj
        5  ,           ,           PUNCT _                                                     8  punct
        6  что         что         SCONJ _                                                     8  mark
        7  НАТО        нато        PROPN Case=Nom|Number=Sing                                  8  nsubj
        8  ответит     ответить    VERB  Aspect=Perf|Person=3|Tense=Fut|VerbForm=Fin|Voice=Act 3  ccomp
        9  на          на          ADP   _                                                     11 case
        10 любую       любой       DET   Case=Acc|Number=Sing                                  11 det
        11 агрессию    агрессия    NOUN  Case=Acc|Number=Sing                                  8  obl
        12 .           .           PUNCT _                                                     2  punct
    """),
    )
    assert got == [fact("warned", agents=[STOLTENBERG], targets=[RU])]


def test_warning_verb_with_object_and_clause(gaz):
    got = facts_of(
        gaz,
        sent("""
        1  Столтенберг  столтенберг  PROPN Case=Nom|Number=Sing                                  2  nsubj
        2  предупредил  предупредить VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act         0  root
        3  Россию       россия       PROPN Case=Acc|Number=Sing                                  2  obj
        4  ,            ,            PUNCT _                                                     7  punct
        5  что          что          SCONJ _                                                     7  mark
        6  НАТО         нато         PROPN Case=Nom|Number=Sing                                  7  nsubj
        7  ответит      ответить     VERB  Aspect=Perf|Person=3|Tense=Fut|VerbForm=Fin|Voice=Act 2  ccomp
        8  на           на           ADP   _                                                     10 case
        9  любую        любой        DET   Case=Acc|Number=Sing                                  10 det
        10 агрессию     агрессия     NOUN  Case=Acc|Number=Sing                                  7  obl
        11 .            .            PUNCT _                                                     2  punct
    """),
    )
    assert got == [fact("warned", agents=[STOLTENBERG], targets=[RU])]


# «Россия заявила, что введет санкции, если Украина не выполнит условия»: an ultimatum.
ULTIMATUM = sent("""
    1  Россия     россия      PROPN Case=Nom|Number=Sing                                  2 nsubj
    2  заявила    заявить     VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act         0 root
    3  ,          ,           PUNCT _                                                     6 punct
    4  что        что         SCONJ _                                                     6 mark
    5  будет      быть        AUX   Person=3|Tense=Fut|VerbForm=Fin                       6 aux
    6  направлять направлять  VERB  Aspect=Imp|VerbForm=Inf|Voice=Act                     2 ccomp
    7  войска     войско      NOUN  Case=Acc|Number=Plur                                  6 obj
    8  ,          ,           PUNCT _                                                     12 punct
    9  если       если        SCONJ _                                                     12 mark
    10 Украина    украина     PROPN Case=Nom|Number=Sing                                  12 nsubj
    11 не         не          PART  Polarity=Neg                                          12 advmod
    12 выполнит   выполнить   VERB  Aspect=Perf|Person=3|Tense=Fut|VerbForm=Fin|Voice=Act 6 advcl
    13 условия    условие     NOUN  Case=Acc|Number=Plur                                  12 obj
    14 .          .           PUNCT _                                                     2 punct
""")


def test_ultimatum_with_a_negated_condition_is_also_a_demand(gaz):
    got = {(f.type, f.agents, f.targets, f.rule) for f in analyse(build(ULTIMATUM, date=DATE), gaz)}
    assert ("warned", (RU,), (UA,), "warn.conditional-promise") in got
    assert ("demanded", (RU,), (UA,), "demand.ultimatum") in got


def test_the_same_promise_with_a_plain_condition_is_only_a_warning(gaz):
    plain = sent(ULTIMATUM.rows.replace(
        "11 не         не          PART  Polarity=Neg                                          12 advmod",
        "11 снова      снова       ADV   _                                                     12 advmod"))
    got = {(f.type, f.agents, f.targets) for f in analyse(build(plain, date=DATE), gaz)}
    assert got == {("warned", (RU,), (UA,))}


# «Россия подтвердила готовность вести диалог с Украиной»: a stance, not talks.
READINESS = sent("""
    1 Россия      россия      PROPN Case=Nom|Number=Sing                          2 nsubj
    2 подтвердила подтвердить VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act 0 root
    3 готовность  готовность  NOUN  Case=Acc|Number=Sing                          2 obj
    4 выстраивать выстраивать VERB  Aspect=Imp|VerbForm=Inf|Voice=Act             3 acl
    5 диалог      диалог      NOUN  Case=Acc|Number=Sing                          4 obj
    6 с           с           ADP   _                                             7 case
    7 Украиной    украина     PROPN Case=Ins|Number=Sing                          5 nmod
    8 .           .           PUNCT _                                             2 punct
""")


def test_talks_under_readiness_are_no_event(gaz):
    assert [f for f in analyse(build(READINESS, date=DATE), gaz) if "Talks" in f.type] == []


def test_the_same_talks_without_readiness_are_held(gaz):
    held = sent("""
    1 Россия      россия      PROPN Case=Nom|Number=Sing                          2 nsubj
    2 провела     провести    VERB  Aspect=Perf|Tense=Past|VerbForm=Fin|Voice=Act 0 root
    3 диалог      диалог      NOUN  Case=Acc|Number=Sing                          2 obj
    4 с           с           ADP   _                                             5 case
    5 Украиной    украина     PROPN Case=Ins|Number=Sing                          3 nmod
    6 .           .           PUNCT _                                             2 punct
""")
    assert [f.type for f in analyse(build(held, date=DATE), gaz)] == ["heldTalks"]

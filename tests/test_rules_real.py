"""Extraction rules on real natasha parses: news-style sentences through the whole pipeline.

Each case is a short document with its date and the complete list of facts it must give
(compared as tests/handbuilt.py `summary` does, with the condition text checked apart).
Cases the extractor still gets wrong keep their expectation and are marked xfail(strict).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from handbuilt import expected, fact, summaries

pytestmark = pytest.mark.slow

RU, US, UA, BY, IR, GB = "Q159", "Q30", "Q212", "Q184", "Q794", "Q145"
NATO, EU, KREMLIN, WHITE_HOUSE, MFA_UA, WEST = (
    "Q7184",
    "Q458",
    "Q2060629",
    "Q35525",
    "org:mfa-ukraine",
    "bloc:west",
)
PUTIN, BIDEN, TRUMP, LAVROV, PESKOV = "Q7747", "Q6279", "Q22686", "Q80504", "Q4359688"
BLINKEN, PSAKI, STOLTENBERG = "person:antony-blinken", "person:jen-psaki", "Q57665"
GENEVA, BRUSSELS, STOCKHOLM = "Q71", "Q239", "Q1754"
WINTER = dt.date(2021, 12, 20)


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    facts: tuple[dict, ...]
    date: dt.date | None = WINTER
    condition: str | None = None  # text the fact's dg:condition must contain
    bug: str | None = None  # why the extractor gets it wrong today


CASES = [
    Case(
        "demand-capital",
        "Госсекретарь США Энтони Блинкен призвал Москву отвести войска от украинской границы.",
        (
            fact("affiliation", agents=[BLINKEN], targets=[US], role="государственный секретарь"),
            fact("demanded", agents=[BLINKEN], targets=[RU]),
        ),
    ),
    Case(
        "demand-coordination",
        "Москва предъявила Киеву и Вашингтону жесткие требования.",
        (fact("demanded", agents=[RU], targets=[UA]), fact("demanded", agents=[RU], targets=[US])),
    ),
    Case(
        "reported-speech",
        "Пресс-секретарь Кремля Дмитрий Песков заявил, что Россия будет добиваться от НАТО "
        "юридических гарантий.",
        (
            fact("affiliation", agents=[PESKOV], targets=[KREMLIN], role="пресс-секретарь"),
            fact("demanded", agents=[PESKOV], targets=[NATO], modality="future"),
        ),
    ),
    Case(
        "reported-speech-apposition",
        "Джен Псаки, пресс-секретарь Белого дома, заявила, что Вашингтон призывает Москву к диалогу.",
        (
            fact("affiliation", agents=[PSAKI], targets=[WHITE_HOUSE], role="пресс-секретарь"),
            fact("demanded", agents=[PSAKI], targets=[RU]),
        ),
    ),
    Case(
        "po-slovam",
        "По словам Джен Псаки, против России могут быть введены беспрецедентные санкции.",
        (fact("threatenedSanctions", agents=[PSAKI], targets=[RU], modality="future"),),
    ),
    Case("negation", "Евросоюз не собирается вводить новые санкции против Белоруссии.", ()),
    Case(
        "conditional-threat",
        "Вашингтон введет жесткие санкции против Москвы, если российские войска перейдут границу Украины.",
        (fact("threatenedSanctions", agents=[US], targets=[RU], modality="conditional"),),
        condition="если российские войска перейдут границу Украины",
    ),
    Case(
        "ministry-named-by-the-post",
        "Заместитель министра сельского хозяйства России Игорь Савельев потребовал от Норвегии снять ограничения.",
        (
            fact("affiliation", agents=["person:igor-savelev"],
                 targets=["body:ministerstvo-selskogo-khozyaystva-rossii"], role="заместитель"),
            fact("affiliation", agents=["person:igor-savelev"], targets=[RU], role="заместитель"),
            fact("demanded", agents=["person:igor-savelev"], targets=["Q20"]),
        ),
    ),
    Case(
        "not-accepted-proposal",
        "Москва не приняла предложения Вашингтона по контролю над вооружениями.",
        (fact("rejected", agents=[RU], targets=[US]),),
    ),
    Case(
        "accepted-proposal",
        "Белоруссия приняла предложения Украины.",
        (),
    ),
    Case(
        "imposed",
        "Великобритания ввела санкции против Ирана.",
        (fact("imposedSanctions", agents=[GB], targets=[IR]),),
    ),
    Case(
        "named-sanctions",
        "Турция отказалась присоединиться к санкциям Запада против России.",
        (fact("imposedSanctions", agents=[WEST], targets=[RU]),),
    ),
    Case(
        "rejection-previous-sentence",
        "Москва потребовала от Киева прекратить обстрелы. Украинский МИД отверг это требование.",
        (
            fact("demanded", agents=[RU], targets=[UA]),
            fact("rejected", agents=[MFA_UA], targets=[RU]),
        ),
    ),
    Case(
        "talks-held-place-date",
        "Лавров и Блинкен провели переговоры в Стокгольме 2 декабря.",
        (
            fact(
                "heldTalks", participants=[LAVROV, BLINKEN], location=STOCKHOLM, start="2021-12-02"
            ),
        ),
        date=dt.date(2021, 12, 3),
    ),
    Case(
        "talks-scheduled-year-ahead",
        "Переговоры России и НАТО пройдут в Брюсселе 12 января.",
        (
            fact(
                "scheduledTalks",
                participants=[RU, NATO],
                location=BRUSSELS,
                start="2022-01-12",
                modality="future",
            ),
        ),
        date=dt.date(2021, 12, 30),
    ),
    Case(
        "talks-next-day-after-an-earlier-sentence",
        "Эксперты двух стран собрались в Женеве 9 января. На следующий день Лавров и Блинкен "
        "провели переговоры.",
        (fact("heldTalks", participants=[LAVROV, BLINKEN], start="2022-01-10"),),
        date=dt.date(2022, 1, 20),
    ),
    Case(
        "talks-next-day-after-sentences-without-facts",
        "Делегации прибыли в Женеву 9 января. Погода была холодной. На следующий день Лавров "
        "и Блинкен провели переговоры.",
        (fact("heldTalks", participants=[LAVROV, BLINKEN], start="2022-01-10"),),
        date=dt.date(2022, 1, 20),
    ),
    Case(
        "talks-date-range",
        "Консультации России и США состоятся в Женеве 9-10 января.",
        (
            fact(
                "scheduledTalks",
                participants=[RU, US],
                location=GENEVA,
                start="2022-01-09",
                end="2022-01-10",
                modality="future",
            ),
        ),
    ),
    Case(
        "post-at-date",
        "Президент США пригрозил Москве санкциями.",
        (fact("threatenedSanctions", agents=[TRUMP], targets=[RU]),),
        date=dt.date(2018, 4, 10),
    ),
    Case(
        "pronoun",
        "Байден выступил в Белом доме. Он предупредил Россию о серьезных последствиях вторжения.",
        (fact("warned", agents=[BIDEN], targets=[RU]),),
    ),
    # ---- known failures (kept with the right expectation)
    Case(
        "passive-speaker-after",
        "Против Ирана будут введены новые санкции, заявил Блинкен.",
        (fact("threatenedSanctions", agents=[BLINKEN], targets=[IR], modality="future"),),
    ),
    Case(
        "relative-date-before-verb",
        "Вчера Путин и Байден провели переговоры по видеосвязи.",
        (fact("heldTalks", participants=[PUTIN, BIDEN], start="2021-12-07"),),
        date=dt.date(2021, 12, 8),
    ),
    Case(
        "place-before-verb",
        "В Женеве Лавров и Блинкен провели переговоры о гарантиях безопасности.",
        (fact("heldTalks", participants=[LAVROV, BLINKEN], location=GENEVA),),
    ),
    Case(
        "dat-ponyat",
        "Столтенберг дал понять Москве, что НАТО ответит на любую агрессию.",
        (fact("warned", agents=[STOLTENBERG], targets=[RU]),),
    ),
    Case(
        "unacceptable-action",
        "Россия потребовала от НАТО отказаться от расширения на восток. Столтенберг назвал "
        "наращивание российских войск у границ Украины неприемлемым.",
        (fact("demanded", agents=[RU], targets=[NATO]),),
    ),
    Case(
        "talks-called-off",
        "Иран отказался от переговоров с США.",
        (fact("rejected", agents=[IR], targets=[US]),),
    ),
    Case(
        "talks-under-readiness",
        "Лавров подтвердил готовность Москвы выстраивать диалог с Вашингтоном.",
        (),
    ),
    Case(
        "talks-partner-named-inside-post",
        "Заместитель госсекретаря США Ричард Хейл провёл в Анкаре переговоры с заместителем министра "
        "иностранных дел Турции Мехметом Йылдызом.",
        (
            fact("affiliation", agents=["person:richard-kheyl"], targets=[US], role="заместитель"),
            fact("affiliation", agents=["person:mekhmet-yyldyz"], targets=["Q43"], role="заместитель"),
            fact("heldTalks", participants=["person:richard-kheyl", "person:mekhmet-yyldyz"], location="Q3640"),
        ),
    ),
    Case(
        "receives-a-visitor",
        "Путин принял в Кремле президента Египта Абдель Фаттаха ас-Сиси.",
        (
            fact("affiliation", agents=["person:abdel-fattah-el-sisi"], targets=["Q79"], role="президент"),
            fact("heldTalks", participants=[PUTIN, "person:abdel-fattah-el-sisi"], location="Q2060629"),
        ),
    ),
    Case(
        "adopts-a-law-is-no-meeting",
        "Госдума приняла закон о защите информации.",
        (),
    ),
    Case(
        "present-tense-with-a-date-ahead",
        "Эрдоган принимает Путина в Анкаре 15 мая.",
        (fact("scheduledTalks", participants=["Q39259", PUTIN], location="Q3640", start="2024-05-15",
              modality="future"),),
        date=dt.date(2024, 3, 12),
    ),
    Case(
        "delegations-of-two-states",
        "Переговоры делегаций России и Украины пройдут в Стамбуле 29 марта.",
        (fact("scheduledTalks", participants=[RU, UA], location="Q406", start="2024-03-29", modality="future"),),
        date=dt.date(2024, 3, 12),
    ),
    Case(
        "where-clause-shares-the-subject",
        "Нарендра Моди посетил Москву, где провел переговоры с Владимиром Путиным.",
        (fact("heldTalks", participants=["Q1058", PUTIN], location="Q649"),),
    ),
    Case(
        "unnamed-minister-is-one-side",
        "Ллойд Остин встретился с министром обороны Японии.",
        (fact("heldTalks", participants=["person:lloyd-austin", "Q17"]),),
    ),
    Case(
        "sanctions-v-otnoshenii-capital",
        "Лондон ввел новые санкции в отношении Москвы.",
        (fact("imposedSanctions", agents=[GB], targets=[RU]),),
    ),
    Case(
        "sanctions-against-a-states-companies",
        "Минфин США ввел санкции против российских банков.",
        # a body imposes for its state: recorded for both
        (fact("imposedSanctions", agents=["Q648666"], targets=[RU]),
         fact("imposedSanctions", agents=["Q30"], targets=[RU])),
    ),
    Case(
        "restrictive-measures-are-sanctions",
        "Австралия ввела ограничительные меры против КНДР.",
        (fact("imposedSanctions", agents=["Q408"], targets=["Q423"]),),
    ),
    Case(
        "measures-without-a-target-are-not",
        "Власти ввели новые ограничения на въезд из-за пандемии.",
        (),
    ),
    Case(
        "refusing-to-join-sanctions-is-none",
        "Грузия отказалась присоединиться к антироссийским санкциям.",
        (),
    ),
    Case(
        "refusing-to-condemn-is-no-rejection",
        "Индия отказалась осудить действия России.",
        (),
    ),
    Case(
        "speaker-of-the-next-sentence",
        "Китай призвал США прекратить продажу оружия Тайваню. Об этом заявил официальный представитель "
        "МИД КНР Линь Цзянь.",
        (
            fact("affiliation", agents=["person:lin-tszyan"], targets=["Q1155502"], role="представитель"),
            fact("demanded", agents=["Q148"], targets=[US]),
            fact("demanded", agents=["person:lin-tszyan"], targets=[US]),
        ),
    ),
    Case(
        "congratulated-on-election-to-a-post",
        "Путин поздравил Дональда Туска с избранием на пост премьер-министра Польши.",
        (fact("affiliation", agents=["person:donald-tusk"], targets=["Q36"], role="премьер-министр"),),
    ),
    Case(
        "took-office",
        "Марк Рютте вступил в должность генерального секретаря НАТО.",
        (fact("affiliation", agents=["person:mark-rutte"], targets=[NATO], role="генеральный секретарь"),),
    ),
    Case(
        "candidate-for-a-post-holds-none",
        "Кандидат на пост президента США Дональд Трамп выступил в Техасе.",
        (),
    ),
    Case(
        "pronoun-after-a-post-named-subject",
        "Президент Франции посетил Китай. В Пекине он провел переговоры с Си Цзиньпином.",
        (
            fact("affiliation", agents=["Q3052772"], targets=["Q142"], role="президент"),
            fact("heldTalks", participants=["Q3052772", "Q15031"], location="Q956"),
        ),
        date=dt.date(2024, 2, 10),
    ),
    Case(
        "there-points-back-to-the-visit",
        "Премьер-министр Японии Фумио Кисида прибыл в Вашингтон. Там он встретится с президентом США Джо Байденом.",
        (
            fact("affiliation", agents=["Q359480"], targets=["Q17"], role="премьер-министр"),
            fact("affiliation", agents=[BIDEN], targets=[US], role="президент"),
            fact("scheduledTalks", participants=["Q359480", BIDEN], location="Q61", modality="future"),
        ),
        date=dt.date(2024, 2, 10),
    ),
    Case(
        "members-meeting-is-the-organisations",
        "Встреча министров иностранных дел стран G20 состоится в Рио-де-Жанейро 21 февраля.",
        (fact("scheduledTalks", participants=["org:g20"], location="Q8678", start="2024-02-21", modality="future"),),
        date=dt.date(2024, 2, 10),
    ),
    Case(
        "summit-as-the-forum-of-a-meeting",
        "Лидеры России и Китая встретятся в Астане в рамках саммита ШОС.",
        (fact("scheduledTalks", participants=[PUTIN, "Q15031"], location="Q1520", modality="future"),),
        date=dt.date(2024, 2, 10),
    ),
    Case(
        "demand-announced-with-a-light-verb",
        "Россия выступила с требованием к Великобритании предоставить доступ к гражданам.",
        (fact("demanded", agents=[RU], targets=[GB]),),
    ),
    Case(
        "demand-after-summoning-an-envoy",
        "МИД России вызвал посла Германии и потребовал объяснений.",
        (fact("demanded", agents=["Q789889"], targets=["Q183"]),),
    ),
    Case(
        "sanctions-demanded-of-someone-are-no-threat",
        "Литва заявила, что ЕС должен ввести санкции против Белоруссии.",
        (fact("demanded", agents=["Q37"], targets=[EU]),),
    ),
    Case(
        "calling-demands-unrealistic-rejects-them",
        "Москва назвала требования Киева нереалистичными.",
        (fact("rejected", agents=[RU], targets=[UA]), fact("demanded", agents=[UA], targets=[RU])),
    ),
    Case(
        "agreed-to-hold-consultations-is-scheduled",
        "Россия и Китай договорились провести консультации в Москве в апреле.",
        (fact("scheduledTalks", participants=[RU, "Q148"], location="Q649", start="2024-04", modality="future"),),
        date=dt.date(2024, 2, 10),
    ),
    Case(
        "ready-for-dialogue-is-no-talks",
        "Россия готова к диалогу с США.",
        (),
    ),
    Case(
        "will-not-accept-ultimatums-from",
        "«Мы не примем никаких ультиматумов от НАТО», — заявил Лавров.",
        (fact("rejected", agents=[LAVROV], targets=[NATO], modality="future"),),
    ),
    Case(
        "company-named-again-by-a-common-noun",
        "Газпром повысил цены на газ для Белоруссии. Газовый монополист официально предупредил правительство "
        "Белоруссии о возможном ограничении поставок.",
        (fact("warned", agents=["Q102673"], targets=[BY]),),
    ),
    Case(
        "quote-of-two-sentences-speaker-after",
        "«Мы требуем от Вашингтона вывести войска из Сирии. Это наша принципиальная позиция», — заявил Лавров.",
        (fact("demanded", agents=[LAVROV], targets=[US]),),
    ),
    Case(
        "quote-of-two-sentences-speaker-before",
        "Лавров заявил: «Россия открыта для контактов. Но мы требуем от Вашингтона вывести войска из Сирии».",
        (fact("demanded", agents=[LAVROV], targets=[US]),),
    ),
    Case(
        "counterpart-of-a-person-by-his-office",
        "Путин провел телефонный разговор со своим американским коллегой.",
        (fact("heldTalks", participants=[PUTIN, BIDEN]),),
        date=dt.date(2024, 2, 10),
    ),
    Case(
        "counterpart-from-a-state",
        "Глава МИД России Сергей Лавров провел переговоры с коллегой из Турции.",
        (
            fact("affiliation", agents=[LAVROV], targets=["Q789889"], role="глава"),
            fact("heldTalks", participants=[LAVROV, "person:hakan-fidan"]),
        ),
        date=dt.date(2024, 2, 10),
    ),
    Case(
        "entry-ban-by-the-closed-territory",
        "Лукашенко и ещё 30 его служащим запрещён въезд на территорию стран ЕС.",
        (fact("imposedSanctions", agents=[EU], targets=["Q2866"]),),
    ),
    Case(
        "entry-ban-on-a-states-officials",
        "Великобритания запретила въезд российским чиновникам.",
        (fact("imposedSanctions", agents=[GB], targets=[RU]),),
    ),
    Case(
        "assets-frozen-in-future",
        "США заморозят активы российских банков.",
        (fact("threatenedSanctions", agents=[US], targets=[RU], modality="future"),),
    ),
    Case(
        "closing-a-city-is-no-sanction",
        "Власти закрыли въезд в город из-за эпидемии.",
        (),
    ),
    Case(
        "demands-answered-by-a-body-were-made-to-its-state",
        "Кремль назвал требования Киева нереалистичными.",
        (fact("rejected", agents=[KREMLIN], targets=[UA]), fact("demanded", agents=[UA], targets=[RU])),
    ),
    Case(
        "ultimatum",
        "Франция заявила, что будет направлять оружие повстанцам, если ЕС не ослабит эмбарго.",
        (
            fact("warned", agents=["Q142"], targets=[EU], modality="conditional"),
            fact("demanded", agents=["Q142"], targets=[EU], modality="conditional"),
        ),
    ),
]


@pytest.fixture(scope="module")
def results():
    from kg import nlp, pipeline
    from kg.records import Document

    docs = [Document(id=c.id, text=c.text, date=c.date) for c in CASES]
    return {p.doc.id: pipeline.analyse(p).facts for p in nlp.parse_documents(docs)}


def _params():
    for c in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=c.bug)] if c.bug else []
        yield pytest.param(c, id=c.id, marks=marks)


@pytest.mark.parametrize("case", list(_params()))
def test_real_sentence(results, case):
    facts = results[case.id]
    got = expected(*({k: v for k, v in s.items() if k != "condition"} for s in summaries(facts)))
    assert got == expected(*case.facts), case.text
    if case.condition:
        assert any(f.condition and case.condition in f.condition for f in facts)


def test_sentences_are_scanned_for_dates_only_when_a_fact_needs_one(monkeypatch):
    from kg import dates as kdates
    from kg import nlp, pipeline
    from kg.records import Document

    scanned: list[str] = []
    real = kdates.find_dates
    monkeypatch.setattr(kdates, "find_dates", lambda text, lex=None: scanned.append(text) or real(text, lex))
    without, with_talks = nlp.parse_documents([
        Document("a", "Глава МИД Кении Раймонд Омоло 3 марта выступил в парламенте. Он говорил час.",
                 dt.date(2023, 3, 10)),
        Document("b", "Глава МИД Кении Раймонд Омоло 3 марта выступил в парламенте. На следующий день "
                      "он провёл переговоры с Лавровым.", dt.date(2023, 3, 10)),
    ])
    pipeline.analyse(without)
    assert scanned == []
    talks = [f for f in pipeline.analyse(with_talks).facts if f.type == "heldTalks"]
    assert len(scanned) == 2 and [f.start for f in talks] == ["2023-03-04"]

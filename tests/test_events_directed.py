"""Directed events (demanded, warned, sanctions, rejected) on invented sentences through the
real models: appeals to a public, acts that are no one's, speakers, and the negative cases.

Each case is a short document and the complete list of its non-affiliation facts.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

import pytest
from handbuilt import expected, fact, summaries

from kg import lexicon as klex
from kg.errors import ResourceError

RU, US, UA, CN, AU, FR, DE, BY = "Q159", "Q30", "Q212", "Q148", "Q408", "Q142", "Q183", "Q184"
MD_PARL, RO, GE, JP, LAVROV, NO = "Q555809", "Q218", "Q230", "Q17", "Q80504", "Q20"
STOLTENBERG, WEST, UN, EU, IR, ME, CA = "Q57665", "bloc:west", "Q1065", "Q458", "Q794", "Q236", "Q16"
WINTER = dt.date(2021, 12, 20)


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    facts: tuple[dict, ...]


CASES = [
    # Appeals to a public that is no actor: demanded with no target.
    Case("appeal-supporters", "Оппозиционер Михаил Сорокин призвал своих сторонников выйти на митинг в Минске.",
         (fact("demanded", agents=["person:mikhail-sorokin"]),)),
    Case("appeal-nobody", "Генсек НАТО Йенс Столтенберг призвал воздержаться от поспешных шагов.",
         (fact("demanded", agents=[STOLTENBERG]),)),
    Case("appeal-with-time", "В пятницу оппозиционер Михаил Сорокин призвал своих сторонников выйти на митинг.",
         (fact("demanded", agents=["person:mikhail-sorokin"]),)),
    Case("appeal-to-unresolved-institution", "Михаил Сорокин обратился в городской суд с просьбой отменить штраф.", ()),
    Case("insistence", "Делегацию Австралии не пригласили на встречу по настоянию Китая.",
         (fact("demanded", agents=[CN]),)),
    # An addressee the text names but no actor resolves: no fact rather than a wrong one.
    Case("appeal-unresolved", "Оппозиционер Михаил Сорокин призвал коллег поддержать законопроект.", ()),
    # Not anyone's demand.
    Case("thing-demands", "Закон штата требует, чтобы каждый город выделил место для стоянки.", ()),
    Case("hypothetical", "Если он попросит, мы дадим ему убежище, заявил президент Боливии Эво Моралес.", ()),
    Case("readiness", "Певица Анна Лебедь заявила, что готова попросить российское гражданство.", ()),
    Case("assertion", "Россия настаивает, что журналистка пересекла границу сама.", ()),
    # Sanctions named by their source are imposed by each source, on the state the clause names.
    Case("sanctions-by-adjective", "Под влиянием западных санкций российская экономика переживает трудности.",
         (fact("imposedSanctions", agents=[WEST], targets=[RU]),)),
    Case("sanctions-mutual", "Из-за взаимных санкций России и Запада обе стороны несут потери.",
         (fact("imposedSanctions", agents=[WEST], targets=[RU]), fact("imposedSanctions", agents=[RU], targets=[WEST]))),
    Case("sanctions-under", "Иран много лет живёт под санкциями ООН, США и ЕС.",
         (fact("imposedSanctions", agents=[UN], targets=[IR]), fact("imposedSanctions", agents=[US], targets=[IR]),
          fact("imposedSanctions", agents=[EU], targets=[IR]))),
    Case("sanctions-joined", "Черногория присоединилась к санкциям ЕС против России.",
         (fact("imposedSanctions", agents=[EU], targets=[RU]), fact("imposedSanctions", agents=[ME], targets=[RU]))),
    Case("sanctions-not-joined", "Сербия никогда не присоединится к санкциям ЕС против России.",
         (fact("imposedSanctions", agents=[EU], targets=[RU], modality="future"),)),
    Case("sanctions-refused-to-join", "Венгрия отказалась присоединиться к санкциям ЕС против Китая.",
         (fact("imposedSanctions", agents=[EU], targets=[CN]),)),
    Case("sanctions-supported-by-no-target", "Россия поддержала санкции ООН.", ()),
    Case("sanctions-no-source", "Санкции тяжело сказываются на экономике России.", ()),
    Case("measures-participle",
         "Министр финансов Канады Джон Смит заявил, что ограничения, введённые Канадой против Ирана ранее, "
         "остаются в силе.",
         (fact("imposedSanctions", agents=[CA], targets=[IR]),)),
    # Threats: a necessity, a possibility not excluded, sanctions called for.
    Case("sanctions-necessity", "Санкции против Ирана придётся ввести, заявил глава МИД Франции Жан Дюпон.",
         (fact("threatenedSanctions", agents=["person:zhan-dyupon"], targets=[IR]),)),
    Case("sanctions-not-excluded", "Премьер-министр Польши Ян Ковальский не исключил новых санкций против Минска.",
         (fact("threatenedSanctions", agents=["person:yan-kovalskiy"], targets=[BY]),)),
    Case("sanctions-excluded", "Премьер-министр Польши Ян Ковальский исключил новые санкции против Минска.", ()),
    Case("sanctions-called-for",
         "Сенатор Линдси Грэм призвал наказать Иран новыми санкциями, если Тегеран продолжит обогащение урана.",
         (fact("threatenedSanctions", agents=["person:lindsey-graham"], targets=[IR], modality="conditional"),
          fact("demanded", agents=["person:lindsey-graham"], targets=[IR], modality="conditional"))),
    # Rejections: of a position, of an offer; giving something up is none.
    Case("reject-disagree", "Премьер Польши Ян Ковальский не согласился с позицией Германии по газопроводу.",
         (fact("rejected", agents=["person:yan-kovalskiy"], targets=[DE]),)),
    Case("agree-is-no-rejection", "Премьер Польши Ян Ковальский согласился с позицией Германии по газопроводу.", ()),
    Case("reject-offered-post",
         "Генерал Пётр Волков отказался от предложенного президентом Белоруссии Александром Лукашенко поста.",
         (fact("rejected", agents=["person:petr-volkov"], targets=["Q2866"]),)),  # who offered it (dev2 README)
    Case("give-up-citizenship", "Певец Марк Ройтман отказался от российского гражданства.", ()),
    # A finite verb coordinated with a negated one has its own polarity.
    Case("negation-stops-at-conj",
         "Парламент Молдавии не согласился с позицией Румынии и требует отставки посла Румынии.",
         (fact("rejected", agents=[MD_PARL], targets=[RO]), fact("demanded", agents=[MD_PARL], targets=[RO],
                                                                modality="future"))),
    Case("plea-to-court", "Пострадавший просит суд не выносить приговор.", ()),
    # Demands by modality in a quote, the speaker after it.
    Case("quote-obliged", "«Россия обязана вывести войска из Молдавии», — заявил министр иностранных дел Румынии "
         "Богдан Ауреску.", (fact("demanded", agents=["person:bogdan-auresku"], targets=[RU]),)),
    Case("quote-necessity", "«Грузии необходимо выполнить свои обязательства», — сказал глава МИД России Сергей Лавров.",
         (fact("demanded", agents=[LAVROV], targets=[GE]),)),
    Case("quote-expect", "«Мы ждём от Японии конкретных шагов», — заявил Сергей Лавров.",
         (fact("demanded", agents=[LAVROV], targets=[JP]),)),
    Case("quote-wish", "«Мы хотим, чтобы ООН стала посредником в урегулировании», — сказал лидер оппозиции Таиланда "
         "Джатупорн Промпан.", (fact("demanded", agents=["person:dzhatuporn-prompan"], targets=[UN]),)),
    Case("wish-without-clause", "«Мы хотим мира», — сказал глава МИД России Сергей Лавров.", ()),
    Case("necessity-narrator", "Грузии необходимо выполнить свои обязательства.", ()),
    Case("proposal-to-actor", "Глава МИД Польши предложил западным странам ужесточить позицию по Белоруссии.",
         (fact("demanded", agents=["org:mfa-poland"], targets=[WEST]),)),
    # Warnings: a conditional cost announced to an actor; speakers by «по словам».
    Case("warn-promised-cost", "Правительство Норвегии пообещало не пустить Россию на форум, если она не выведет войска.",
         (fact("warned", agents=[NO], targets=[RU], modality="conditional"),
          fact("demanded", agents=[NO], targets=[RU], modality="conditional"))),
    Case("promise-without-condition", "Правительство Норвегии пообещало поддержать Швецию.", ()),
    Case("po-slovam-modal", "По словам Габриэлюса Ландсбергиса, Белоруссия должна освободить заключённых.",
         (fact("demanded", agents=["person:gabrielyus-landsbergis"], targets=[BY]),)),
    # «как сообщает X» cites a source: the act stays its subject's.
    Case("citation-is-no-speaker",
         "Москва потребовала от Киева прекратить обстрелы, как сообщил глава МИД Франции Жан Дюпон.",
         (fact("demanded", agents=[RU], targets=[UA]),)),
    # A speaker reporting another side's demand is no party to it (his own side's would be his).
    Case("speaker-after-comma", "Москва потребовала от Киева прекратить обстрелы, сообщил глава МИД Франции Жан Дюпон.",
         (fact("demanded", agents=[RU], targets=[UA]),)),
    # A second act coordinated with a statement is its own subject's, not the speaker's.
    Case("conj-not-speech",
         "Президент Грузии Михаил Саакашвили объявил о победе, однако лидер оппозиции Леван Гачечиладзе "
         "призвал своих сторонников собраться на митинг.",
         (fact("demanded", agents=["person:levan-gachechiladze"]),)),
]


@pytest.fixture(scope="module")
def results():
    from kg import nlp, pipeline
    from kg.records import Document

    docs = [Document(id=c.id, text=c.text, date=WINTER) for c in CASES]
    return {p.doc.id: pipeline.analyse(p).facts for p in nlp.parse_documents(docs)}


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_directed_events(results, case):
    got = [s for s in summaries(results[case.id]) if s["type"] != "affiliation"]
    got = expected(*({k: v for k, v in s.items() if k != "condition"} for s in got))
    assert got == expected(*case.facts), case.text


GOOD = {"id": "demand.test", "type": "demanded", "pos": "VERB", "lemmas": ["потребовать"],
        "agent": ["subject"], "target": ["obj"]}


def test_untargeted_flag_is_read():
    (frame,) = klex.parse_frames({"frame": [dict(GOOD, untargeted=True)]}, "triggers.toml")["потребовать"]
    assert frame.untargeted
    (frame,) = klex.parse_frames({"frame": [copy.deepcopy(GOOD)]}, "triggers.toml")["потребовать"]
    assert not frame.untargeted


def test_untargeted_flag_must_be_boolean():
    with pytest.raises(ResourceError, match=r"^triggers\.toml: frame demand\.test: 'untargeted' must be true or false$"):
        klex.parse_frames({"frame": [dict(GOOD, untargeted="yes")]}, "triggers.toml")


def test_public_nouns_are_no_actors_the_gazetteer_knows():
    lex = klex.default()
    assert {"сторонник", "гражданин", "общественность"} <= lex.grammar.public_nouns
    assert "государство" not in lex.grammar.public_nouns


def test_clause_mark_must_be_a_list():
    with pytest.raises(ResourceError, match=r"^triggers\.toml: frame demand\.test: 'clause_mark' must be a list"):
        klex.parse_frames({"frame": [dict(GOOD, clause_mark="чтобы")]}, "triggers.toml")

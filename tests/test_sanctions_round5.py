"""Sanctions in wordings nobody tuned for (issue 15, phenomenon 6): who brought them in said by a
relative clause, restrictions of a kind («зеркальные», «визовые»), sanction lists («список
ненадёжных организаций», «чёрный список»), «продлил действие санкций против более чем N лиц из X»,
an act repeated by others («аналогичный шаг сделала Эстония»), work on a package as a threat, an
entry ban in a converb clause; and what must stay no fact. Invented news sentences through the
real model; events compared by labels: (type, source, target)."""

from __future__ import annotations

import datetime as dt

import pytest
from real_model import event_cases

DATE = dt.date(2024, 3, 5)

# text → every event it must give
CASES: dict[str, set[tuple]] = {
    # A relative clause names who brought the sanctions in, even when the parser hangs it elsewhere.
    "Санкции, которые Оттава ввела против Ирана в прошлом году, сохранятся.": {
        ("imposedSanctions", "Канада", "Иран"),
    },
    "Депутаты обсудили ограничения, которые Токио утвердил против российских банков.": {
        ("imposedSanctions", "Япония", "Россия"),
    },
    "Посол напомнил, что это ответ на санкции, которые Рига ввела против белорусских судей.": {
        ("imposedSanctions", "Латвия", "Белоруссия"),
    },
    # A negated relative clause brings in nothing.
    "Премьер напомнил о санкциях, которые Лондон не стал вводить против Китая.": set(),
    # Restrictions of a kind are sanctions; those hit may be counted («ряда», «нескольких», «более чем N»).
    "Рига ввела визовые ограничения против ряда белорусских судей.": {
        ("imposedSanctions", "Латвия", "Белоруссия")
    },
    "Варшава утвердила персональные ограничения в отношении нескольких российских чиновников.": {
        ("imposedSanctions", "Польша", "Россия"),
    },
    "Евросоюз продлил действие экономических санкций против более чем 1500 российских компаний.": {
        ("imposedSanctions", "Евросоюз", "Россия"),
    },
    "Совет ЕС продлил на год, до 1 марта, действие санкций против более чем 900 лиц из Белоруссии.": {
        ("imposedSanctions", "Совет ЕС", "Белоруссия"),
        ("imposedSanctions", "Евросоюз", "Белоруссия"),
    },
    # A restriction in the future or under a condition is threatened.
    "Сербия может ввести ответные ограничения против Хорватии, если Загреб не откроет границу.": {
        ("threatenedSanctions", "Сербия", "Хорватия"),
    },
    # The imposer is who imposed, not who reports it.
    "Россия ввела зеркальные ограничения против Эстонии, сообщила Мария Захарова.": {
        ("imposedSanctions", "Россия", "Эстония"),
    },
    # Sanction lists: the verb's object is hit.
    "Министерство торговли США включило шесть китайских фирм в список ненадёжных поставщиков.": {
        ("imposedSanctions", "Министерство торговли США", "Китай"),
        ("imposedSanctions", "США", "Китай"),
    },
    "Пекин может занести американские компании в черный список, если Вашингтон не отменит пошлины.": {
        ("threatenedSanctions", "Китай", "США"),
    },
    # An act named as the same as the sanctions just reported repeats them by the new actor.
    "Латвия ввела санкции против Белоруссии. Позднее аналогичный шаг сделала Эстония.": {
        ("imposedSanctions", "Латвия", "Белоруссия"),
        ("imposedSanctions", "Эстония", "Белоруссия"),
    },
    "Австрия ввела санкции против Ирана. Такое же решение может принять Швейцария.": {
        ("imposedSanctions", "Австрия", "Иран"),
        ("threatenedSanctions", "Швейцария", "Иран"),
    },
    "Австрия ввела санкции против Ирана. Такое же решение Швейцария принимать не будет.": {
        ("imposedSanctions", "Австрия", "Иран"),
    },
    # Joining the sanctions just reported, named or by a pronoun: the joiners impose them on the same targets.
    "Евросоюз ввёл санкции против Сирии. К санкциям присоединились Албания и Исландия.": {
        ("imposedSanctions", "Евросоюз", "Сирия"),
        ("imposedSanctions", "Албания", "Сирия"),
        ("imposedSanctions", "Исландия", "Сирия"),
    },
    "Евросоюз ввёл санкции против Сирии. К ним присоединились Албания и Исландия.": {
        ("imposedSanctions", "Евросоюз", "Сирия"),
        ("imposedSanctions", "Албания", "Сирия"),
        ("imposedSanctions", "Исландия", "Сирия"),
    },
    "Евросоюз ввёл санкции против Сирии. К этому призыву присоединились Албания и Исландия.": {
        ("imposedSanctions", "Евросоюз", "Сирия"),
    },
    # Sanctioning states after the verb, their sanctions' target on the verb.
    "Против Белоруссии ввели санкции Канада, Австралия и Япония.": {
        ("imposedSanctions", "Канада", "Белоруссия"),
        ("imposedSanctions", "Австралия", "Белоруссия"),
        ("imposedSanctions", "Япония", "Белоруссия"),
    },
    # Work on a package is a threat, by whoever works on it.
    "Еврокомиссия начала работу над новым пакетом санкций против Белоруссии.": {
        ("threatenedSanctions", "Еврокомиссия", "Белоруссия"),
    },
    # An entry ban in a converb clause: the dative after it is barred, the closed country bars.
    "Минск расширил стоп-лист, запретив въезд в Белоруссию ещё 25 полякам.": {
        ("imposedSanctions", "Белоруссия", "Польша"),
    },
    # A bill of sanctions is not yet sanctions; a resolution adopted is.
    "Конгресс США принял законопроект о новых санкциях против Ирана.": {
        ("threatenedSanctions", "Конгресс США", "Иран"),
    },
    "Совбез ООН принял резолюцию о санкциях против КНДР.": {
        ("imposedSanctions", "Совет Безопасности ООН", "КНДР"),
        ("imposedSanctions", "ООН", "КНДР"),
    },
    # A right or a power to impose sanctions is not yet their imposition.
    "Лондон оставляет за собой право ввести санкции против Каракаса.": {
        ("threatenedSanctions", "Великобритания", "Венесуэла"),
    },
    # Calling to stop sanctions calls for none.
    "Болгария призвала Брюссель прекратить вводить новые санкции против Сербии.": {
        ("demanded", "Болгария", "Евросоюз"),
    },
    # Falling under sanctions: the subject is hit; at a risk of it or later, a threat; sanctions of
    # no one named are those just reported.
    "Бельгия рискует попасть под санкции ЕС.": {("threatenedSanctions", "Евросоюз", "Бельгия")},
    "Молдавия может оказаться под санкциями России, если продолжит курс.": {
        ("threatenedSanctions", "Россия", "Молдавия"),
    },
    "Канада утвердила новые санкции. Под санкции попали 40 иранских чиновников.": {
        ("imposedSanctions", "Канада", "Иран"),
    },
    "Под санкции попали 40 иранских чиновников.": set(),
    "Футболист попал под дисциплинарные санкции.": set(),
    # Answering with sanctions brings them in, against what is answered or its author.
    "Таиланд ответил санкциями на решение Камбоджи.": {("imposedSanctions", "Таиланд", "Камбоджа")},
    "Минск пообещал ответить санкциями на любые действия Варшавы.": {
        ("threatenedSanctions", "Белоруссия", "Польша"),
    },
    "Болельщики ответили на санкции УЕФА протестом.": set(),
    # A body imposes for its state or organisation: both are recorded; its call stays its own.
    "Совет ЕС продлил санкции против Ирана.": {
        ("imposedSanctions", "Совет ЕС", "Иран"),
        ("imposedSanctions", "Евросоюз", "Иран"),
    },
    "Госдепартамент ввел санкции против Никарагуа.": {
        ("imposedSanctions", "Госдепартамент США", "Никарагуа"),
        ("imposedSanctions", "США", "Никарагуа"),
    },
    # No state or international body, no sanctions.
    "Клуб внёс игрока в чёрный список.": set(),
    "Компания ввела ограничения для клиентов против их воли.": set(),
    "Ограничения на въезд, которые власти ввели из-за пандемии, сняты.": set(),
    "Австрия ввела санкции против Ирана. Такое же решение принял суд в Вене.": {
        ("imposedSanctions", "Австрия", "Иран"),
    },
}


results, test_events = event_cases(CASES, DATE)


@pytest.mark.slow
def test_the_same_act_is_recorded_under_its_own_rule():
    from real_model import analyse

    text = "Польша ввела санкции против Белоруссии. Литва приняла аналогичные меры."
    res = analyse([("d", text)], DATE)["d"]
    rules = {res.entities[f.agents[0]].label: f.rule for f in res.facts}
    assert rules == {"Польша": "sanctions.noun", "Литва": "sanctions.same_act"}

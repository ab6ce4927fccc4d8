"""Plans by purpose («прилетел, чтобы встретиться»), bidding particles («пусть X …»), an
organisation's seat acting for it («требования Брюсселя») and accreditation in a speaker's post
(«постпред России при ООН»). Invented news sentences through the real model; events compared by
labels: (type, source, target) or (type, participants, place)."""

from __future__ import annotations

import datetime as dt

from real_model import event_cases

DATE = dt.date(2024, 3, 5)

# text → every event (not posts) it must give
CASES: dict[str, set[tuple]] = {
    # A trip made to meet someone: the meeting is still ahead, at the destination.
    "Министр обороны Японии Ясукадзу Хамада отправился в Сеул, чтобы встретиться с южнокорейским коллегой.": {
        ("scheduledTalks", frozenset({"Ясукадзу Хамада", "Южная Корея"}), "Сеул"),
    },
    "Госсекретарь США Энтони Блинкен прилетел в Пекин, чтобы провести переговоры с руководством Китая.": {
        ("scheduledTalks", frozenset({"Энтони Блинкен", "Китай"}), "Пекин"),
    },
    # A round trip made to meet reports the meeting done.
    "Премьер Индии и другие азиатские лидеры тоже ездили в Москву, чтобы встретиться с Владимиром Путиным.": {
        ("heldTalks", frozenset({"Владимир Путин", "Нарендра Моди"}), "Москва"),
    },
    # Without a purpose the meeting on arrival took place.
    "Президент Египта прибыл в Москву, где встретился с Владимиром Путиным.": {
        ("heldTalks", frozenset({"Владимир Путин", "Абдель Фаттах ас-Сиси"}), "Москва"),
    },
    # Talks an international organisation convenes: its one party when nobody else is named.
    "Под эгидой ОБСЕ в Минске прошли консультации.": {("heldTalks", frozenset({"ОБСЕ"}), "Минск")},
    "Переговоры под эгидой ООН возобновятся в Женеве в понедельник.": {
        ("scheduledTalks", frozenset({"ООН"}), "Женева"),
    },
    # …but plain consultations with one state named are no talks.
    "В Минске прошли консультации Белоруссии.": set(),
    # Opposing or vetoing what an actor proposes rejects it; its author may be named by a participle.
    "Анкара выступила против инициативы Афин о демилитаризации островов.": {("rejected", "Турция", "Греция")},
    "Премьер Греции Никос Папас выступил с инициативой Афин о демилитаризации.": set(),
    "Россия наложила вето на проект резолюции, внесённый США.": {("rejected", "Россия", "США")},
    "Россия наложила вето на проект резолюции по Сирии.": set(),
    "Китай отклонил план, предложенный Вашингтоном.": {("rejected", "Китай", "США")},
    # A name ending in a one-letter syllable ends its sentence («Ван И.»), the next one acts alone.
    "Министр иностранных дел Германии Анналена Бербок встретилась с Ван И. Берлин призвал Пекин повлиять на Москву.": {
        ("heldTalks", frozenset({"Анналена Бербок", "Ван И"}), None), ("demanded", "Германия", "Китай"),
    },
    # A headline's speaker before a colon; «по его словам» after a sentence naming him.
    "Госсекретарь США Энтони Блинкен: Израиль должен сделать больше для защиты мирных жителей.": {
        ("demanded", "Энтони Блинкен", "Израиль"),
    },
    "Голос Америки: Вы просили Анкару принять программу строительства жилья?": set(),
    "Министр иностранных дел Италии Антонио Таяни выступил в Риме. По его словам, Киев должен сесть за стол "
    "переговоров.": {("demanded", "Антонио Таяни", "Украина")},
    # A feminine verb tells who «она» is when the name's own tags do not.
    "Премьер-министр Италии Джорджа Мелони прибыла в Токио. Она провела переговоры с премьер-министром Японии "
    "Фумио Кисидой.": {("heldTalks", frozenset({"Джорджа Мелони", "Фумио Кисида"}), "Токио")},
    # Sanctions called for are threatened, and whom they are against is not who is asked.
    "Польша призвала союзников ввести санкции против Белоруссии.": {("threatenedSanctions", "Польша", "Белоруссия")},
    # Measures described after they were named threaten nothing new.
    "Евросоюз ввёл санкции против Ирана. По словам Марты Ковальчик, новые меры направлены против тех, кто "
    "наживается на войне.": {("imposedSanctions", "Евросоюз", "Иран")},
    # A capital's genitive on an act noun is its state acting («по настоянию Вашингтона»).
    "По настоянию Вашингтона Киев отозвал законопроект.": {("demanded", "США", "Украина")},
    "В центре Вашингтона прошёл митинг.": set(),
    # Refusing to carry out «это требование» rejects whoever just demanded it; an «unacceptable»
    # the parser hangs on the demand's infinitive still names the demand unacceptable.
    "Турция потребовала от Греции вывести войска с островов. Афины отказались выполнять это требование.": {
        ("demanded", "Турция", "Греция"), ("rejected", "Греция", "Турция"),
    },
    "Солдат отказался выполнять приказ командира.": set(),
    "Глава МИД Литвы назвал требование Минска открыть границу неприемлемым.": {
        ("rejected", "МИД Литвы", "Белоруссия"), ("rejected", "Литва", "Белоруссия"), ("demanded", "Белоруссия", "Литва"),
    },
    # Sanctions against an organisation's leaders hit the organisation.
    "США и Австралия ввели санкции против руководства ХАМАС.": {
        ("imposedSanctions", "США", "Хамас"), ("imposedSanctions", "Австралия", "Хамас"),
    },
    # Taking part in talks holds (or will hold) them, for every side a delegation names.
    "Израиль и ХАМАС примут участие в переговорах в Каире.": {("scheduledTalks", frozenset({"Израиль", "Хамас"}), "Каир")},
    "Делегации Израиля и ХАМАС приняли участие в переговорах в Каире.": {
        ("heldTalks", frozenset({"Израиль", "Хамас"}), "Каир"),
    },
    # A trip the talks happened during gives their place; a trip discussed does not.
    "Во время поездки в Пекин Олаф Шольц встретился с Си Цзиньпином.": {
        ("heldTalks", frozenset({"Олаф Шольц", "Си Цзиньпин"}), "Пекин"),
    },
    "Олаф Шольц встретился с Си Цзиньпином, чтобы обсудить поездку в Москву.": {
        ("heldTalks", frozenset({"Олаф Шольц", "Си Цзиньпин"}), None),
    },
    # A response promised to someone if …: a warning to them; an answer to a question is none.
    "Министр обороны Египта Ахмед Салем заявил, что Каир даст сокрушительный ответ Эфиопии в случае нападения.": {
        ("warned", "Ахмед Салем", "Эфиопия"),
    },
    "Россия даст ответ на вопрос журналиста в случае необходимости.": set(),
    # Acts «друг другу»: each side at the other.
    "Индия и Пакистан пригрозили друг другу ответными мерами.": {
        ("warned", "Индия", "Пакистан"), ("warned", "Пакистан", "Индия"),
    },
    # «его правительство» is the government of whom «его» stands for.
    "Премьер-министр Японии Наото Кан пообещал, что его правительство будет упорно настаивать на возвращении "
    "Россией спорных островов.": {("demanded", "Наото Кан", "Россия")},
    # A plural verb with no subject speaks for the body or the capital's state it is said «в»; a
    # speech verb after a comma names the speaker of the clause before it.
    "В МИД Австрии призвали Анкару и Афины сесть за стол переговоров.": {
        ("demanded", "МИД Австрии", "Турция"), ("demanded", "МИД Австрии", "Греция"),
    },
    "В Пекине призвали США прекратить провокации.": {("demanded", "Китай", "США")},
    "В Москве задержали журналиста, который требовал от мэрии отчёта.": set(),
    "Санкции против Ирана будут расширены, сообщили в Белом доме.": {("threatenedSanctions", "Белый дом", "Иран")},
    # Intent plans talks; a denied report holds none and rejects no one; declining to comment rejects no one.
    "Президент Чили намерен провести переговоры с Луисом Лакалье Поу на следующей неделе.": {
        ("scheduledTalks", frozenset({"Чили", "Луис Лакалье Поу"}), None),
    },
    "В Кремле опровергли сообщения о том, что Путин провёл телефонный разговор с Байденом.": set(),
    "Певица Алла Пугачева отказалась комментировать слухи о возвращении в Россию.": set(),
    # «соответственно» pairs sources and targets in order.
    "Евросоюз и Великобритания ввели санкции против России и Белоруссии соответственно.": {
        ("imposedSanctions", "Евросоюз", "Россия"), ("imposedSanctions", "Великобритания", "Белоруссия"),
    },
    # The speaker of a quote is none of the actors inside it; a proposal a speaker calls unacceptable is rejected.
    "Мария Захарова выступила на брифинге. «Мы призываем британскую сторону прекратить поставки оружия», — сказала она.": {
        ("demanded", "Мария Захарова", "Великобритания"),
    },
    "«Предложение Украины о прекращении огня для нас неприемлемо», — заявил Дмитрий Песков.": {
        ("rejected", "Дмитрий Песков", "Украина"),
    },
    "Такое поведение неприемлемо, заявил Дмитрий Песков.": set(),
    # A compound adjective on a talks noun names its sides; on other nouns, no talks.
    "Российско-китайские переговоры на высшем уровне пройдут в Пекине в мае.": {
        ("scheduledTalks", frozenset({"Россия", "Китай"}), "Пекин"),
    },
    "Российско-китайские отношения обсуждались на форуме в Пекине.": set(),
    # A bidding particle in a speaker's quote demands of its subject, negated or not (titles are
    # their holders on the document's date).
    "«Пусть Киев сначала выполнит минские соглашения», — сказал министр иностранных дел России.": {
        ("demanded", "Сергей Лавров", "Украина"),
    },
    "«Пусть Вашингтон не вмешивается в наши дела», — заявил президент Венесуэлы.": {
        ("demanded", "Николас Мадуро", "США"),
    },
    # The concessive «пусть и» in the narrator's voice bids nothing.
    "Пусть и с опозданием, Россия выполнила обязательства.": set(),
    # The EU's seat acts for the EU, not for Belgium; a place stays a place.
    "Брюссель потребовал от Будапешта соблюдать верховенство права.": {("demanded", "Евросоюз", "Венгрия")},
    # (the demands refused were made, as with «отвергла требования»)
    "По словам премьера Польши, Варшава не будет выполнять требования Брюсселя.": {
        ("rejected", "Польша", "Евросоюз"), ("demanded", "Евросоюз", "Польша"),
    },
    "Глава МИД Бельгии заявил в Брюсселе, что Москва должна вывести войска.": {
        ("demanded", "МИД Бельгии", "Россия"), ("demanded", "Бельгия", "Россия"),
    },
    # A representative «при ООН» speaks for the state that sent him (its holder on the date), not
    # for the UN.
    "Мы ждём от Вашингтона конкретных шагов, заявил постпред России при ООН.": {
        ("demanded", "Василий Небензя", "США"),
    },
}


results, test_events = event_cases(CASES, DATE)

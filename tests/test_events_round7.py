"""Round 7: the mechanisms every frame shares, on invented news sentences through the real model
(events compared by labels: (type, source, target) or (type, participants, place)):
- a relative «которая» stands for the noun it agrees with («запрос Польши, которая …» is Poland);
- an official nobody names, of a post no office table follows («посол Франции»), acts for what
  the post names;
- a demand refused («не выполнит требования X») or conceded («несмотря на требования X») was made,
  and not doing what it asks rejects it; a genitive owner the parser tags iobj is still the owner;
- what «говорится в заявлении X» says is X's; a conditional cost is a warning whatever the
  reporting verb («написал»), but a condition on a demand is no threat;
- «не пойдёт на уступки X» rejects X; «X пожалеет» warns X; «не исключил, что X введёт санкции»
  is a threat; «компания» refers back to the company just named;
- rejections said otherwise: voting against a side's resolution, answering «нет» or «отрицательно»
  to its proposal, «выразил несогласие с планом X», «не прислушался к призывам X»;
- «потребовал у Москвы» (a capital after «у» is its state), «предупреждение в адрес X»
  (the parser's noun «адрес»), «угрозы со стороны X» (a complex preposition by its lemmas);
- «Лидеры G7 провели переговоры»: members named as the subject of the verb that holds the talks
  make the organisation meet (not the subject of «заявил на заседании Совета»);
- whoever breaks or evades sanctions («обвинили Иран в нарушении режима санкций») is their
  target, not the accuser; refusing to carry out a request («отказал в удовлетворении запроса X»)
  rejects X;
- «X понесёт ответственность за последствия» warns X (announced, future by the dictionary's aspect
  where the tagger says present); «X несёт ответственность» only blames;
- «В саммите примет участие X» after a summit and then another meeting is about the summit: the
  talks a clause refers back to are the last ones of the same word;
- from unseen NEREL prose: a post phrase is the owner of what it proposes («предложение президента
  Франции»); opposing a side's claims or candidate rejects it; the person extradited is no
  addressee («добиваются выдачи X»); talks under a cancelling noun («о прекращении переговоров»)
  are no talks; «добиться» (achieve) is no demand; a subject no actor resolves («прибывшая скорая»,
  «демонстранты») acts for itself, not for whoever reports it;
- an obligation is a demand only with the act owed («обязана вывести войска», not «обязан всем Франции»);
- «визави» is a counterpart like «коллега»; whom a demanded act favours («голосовать за X») or
  whose candidacy it is about is no addressee;
- a subject «он»/«она» is the person of the last few sentences before a body nearer to it
  (kg.coref: «Рубио прибыл в Пекин. Госдепартамент подтвердил визит. Он призвал …»);
- talks the reported act comes before («за два дня до саммита», «перед встречей с X») are still
  ahead, and a call made before them is talks of its own;
- envoys nobody names as the subject of talks stand for their states («российские и турецкие
  военные провели переговоры»); an embargo on a state's goods («на импорт сирийской нефти») hits it;
- what is withheld until a side acts demands that act of it («не одобрит …, пока Стокгольм не
  выдаст …»), not a plain «пока» of time;
- a person whose first name is an oblique form of a known surname alias («Иван …») is still found."""

from __future__ import annotations

import datetime as dt

from real_model import event_cases

DATE = dt.date(2024, 3, 5)

CASES: dict[str, set[tuple]] = {
    # The relative clause hangs on «запрос», but «которая» agrees with «Польши»: Poland calls for them.
    "Совет Европы отклонил запрос Польши, которая требовала ввести санкции против Белоруссии.": {
        ("rejected", "Совет Европы", "Польша"),
        ("threatenedSanctions", "Польша", "Белоруссия"),
    },
    # A noun that agrees keeps the clause («президента Франции, который» is the president).
    "Совет Европы отклонил предложение президента Франции, который призывал Брюссель смягчить санкции.": {
        ("rejected", "Совет Европы", "Эмманюэль Макрон"),
        ("demanded", "Эмманюэль Макрон", "Евросоюз"),
    },
    # «Иван» is no case form of the gazetteer's «Иванов»: the deputy is the one who demands.
    "Депутат Иван Сомов потребовал от НАТО вывести войска из Прибалтики.": {
        ("demanded", "Иван Сомов", "НАТО"),
    },
    # An unnamed ambassador speaks for his state; a named one is the source himself.
    "Посол Бельгии призвал Минск освободить задержанного оператора.": {
        ("demanded", "Бельгия", "Белоруссия"),
    },
    "Бельгийский посол Пьер Дюмон отверг обвинения Минска.": {
        ("rejected", "Пьер Дюмон", "Белоруссия"),
    },
    # A refused or conceded demand was made; refusing to do what it asks rejects its author.
    "Венгрия не выполнит требования Брюсселя о приёме мигрантов.": {
        ("rejected", "Венгрия", "Евросоюз"), ("demanded", "Евросоюз", "Венгрия"),
    },
    "Белград не станет вводить санкции против Москвы, несмотря на требования Брюсселя.": {
        ("demanded", "Евросоюз", "Сербия"), ("rejected", "Сербия", "Евросоюз"),
    },
    # …but acting on regardless, without a refusal, is no rejection.
    "Минск продолжит учения у границы, несмотря на призывы Вильнюса.": {("demanded", "Литва", "Белоруссия")},
    # A statement in a document is its authors'.
    "«Тегеран должен немедленно вернуться к выполнению обязательств», — отмечается в совместном "
    "заявлении Франции и Германии.": {("demanded", "Франция", "Иран"), ("demanded", "Германия", "Иран")},
    # A conditional cost announced in writing warns; the unmet condition is demanded.
    "Если Гавана не освободит задержанных, Вашингтон отзовёт посла, написал в соцсетях госсекретарь США "
    "Марко Рубио.": {("warned", "Марко Рубио", "Куба"), ("demanded", "Марко Рубио", "Куба")},
    # A condition on a demand says when it holds: no warning.
    "«Киеву следует сесть за стол переговоров, если он хочет сохранить страну», — сказал Лавров.": {
        ("demanded", "Сергей Лавров", "Украина"),
    },
    "Баку не пойдёт на уступки Еревану.": {("rejected", "Азербайджан", "Армения")},
    "Литва пожалеет о своём решении, предупредил Лукашенко.": {("warned", "Александр Лукашенко", "Литва")},
    "Зрители не пожалеют, пообещал режиссёр.": set(),
    "Премьер Эстонии не исключил, что Таллин введёт санкции против Минска.": {
        ("threatenedSanctions", "Эстония", "Белоруссия"),
    },
    "«Газпром» направил претензию Кишинёву. Компания пригрозила Молдавии сокращением поставок.": {
        ("warned", "Газпром", "Молдавия"),
    },
    "Индия проголосовала против резолюции, внесённой Пакистаном.": {("rejected", "Индия", "Пакистан")},
    "На предложение Токио провести встречу Пекин ответил отрицательно.": {("rejected", "Китай", "Япония")},
    "Берлин выразил несогласие с планом Вашингтона.": {("rejected", "Германия", "США")},
    "Анкара не прислушалась к призывам Евросоюза.": {
        ("rejected", "Турция", "Евросоюз"), ("demanded", "Евросоюз", "Турция"),
    },
    # …but a vote with no side's text, or a positive answer, rejects no one.
    "Сербия проголосовала против.": set(),
    "На предложение Токио провести встречу Пекин ответил согласием.": set(),
    "Посол Франции потребовал у Москвы объяснений.": {("demanded", "Франция", "Россия")},
    "Сикорский выступил с резким предупреждением в адрес Минска.": {("warned", "Сикорский", "Белоруссия")},
    "В адрес Пхеньяна прозвучали угрозы со стороны Сеула.": {("warned", "Южная Корея", "КНДР")},
    "Главы государств G7 провели переговоры по видеосвязи.": {("heldTalks", frozenset({"G7"}), None)},
    "Постпред Франции при ООН заявил на заседании Совета Безопасности, что Париж настаивает на перемирии.": {
        ("demanded", "Франция", None),
    },
    "Вашингтон обвинил Каракас в нарушении режима санкций, введённых Советом Безопасности ООН.": {
        ("imposedSanctions", "Совет Безопасности ООН", "Венесуэла"), ("imposedSanctions", "ООН", "Венесуэла"),
    },
    "Совет Европы отказал в удовлетворении запроса Молдавии.": {("rejected", "Совет Европы", "Молдавия")},
    "Тегеран понесёт ответственность за все последствия этой атаки, заявил госсекретарь США Марко Рубио.": {
        ("warned", "Марко Рубио", "Иран"),
    },
    "Тегеран несёт ответственность за последствия этой атаки, заявил госсекретарь США Марко Рубио.": set(),
    "Саммит ЕС пройдёт в Брюсселе в июне. Накануне министры финансов стран союза провели встречу в "
    "Люксембурге. В саммите впервые примет участие Хорватия.": {
        ("scheduledTalks", frozenset({"Евросоюз"}), "Брюссель"), ("heldTalks", frozenset({"Евросоюз"}), "Люксембург"),
    },
    "Румыния не поддержала предложение президента Франции.": {("rejected", "Румыния", "Эмманюэль Макрон")},
    "Против притязаний Пекина выступила Манила.": {("rejected", "Филиппины", "Китай")},
    "Власти Литвы добиваются выдачи бизнесмена Андрея Сомова.": {("demanded", "Литва", None)},
    "Египет объявил о прекращении переговоров с Эфиопией.": set(),
    "Египет добился прекращения огня.": set(),
    "Посол вернулся в Ригу, и прибывшая охрана потребовала от журналистов разойтись.": set(),
    "«Я обязан всем Франции и моей семье», — сказал футболист Жан Дюпон.": set(),
    "«Варшава обязана вернуть долг», — заявил глава МИД Литвы.": {
        ("demanded", "МИД Литвы", "Польша"), ("demanded", "Литва", "Польша"),
    },
    "Глава МИД Индии встретился в Москве со своим российским визави.": {
        ("heldTalks", frozenset({"Субраманьям Джайшанкар", "Сергей Лавров"}), "Москва"),
    },
    "Макрон призвал депутатов голосовать за Андрея Сомова.": set(),
    "Лидер Чехии настаивает на кандидатуре Ивана Сомова.": {("demanded", "Чехия", None)},
    # (nor what describes the candidate)
    "Лидер Чехии настаивает на кандидатуре Ивана Сомова — депутата от чешской компартии.": {
        ("demanded", "Чехия", None),
    },
    "Госсекретарь США Марко Рубио прибыл в Пекин. Госдепартамент подтвердил визит. Он призвал Пекин "
    "освободить журналиста.": {("demanded", "Марко Рубио", "Китай")},
    "Перед встречей с Лукашенко Токаев позвонил Мирзиёеву.": {
        ("scheduledTalks", frozenset({"Касым-Жомарт Токаев", "Александр Лукашенко"}), None),
        ("heldTalks", frozenset({"Касым-Жомарт Токаев", "Шавкат Мирзиёев"}), None),
    },
    "Армянские и азербайджанские военные провели переговоры в Тбилиси.": {
        ("heldTalks", frozenset({"Армения", "Азербайджан"}), "Тбилиси"),
    },
    "Лондон ввёл эмбарго на импорт венесуэльской нефти.": {("imposedSanctions", "Великобритания", "Венесуэла")},
    "Орбан заявил, что Будапешт не поддержит вступление Украины в ЕС, пока Киев не вернёт права "
    "венгерскому меньшинству.": {("demanded", "Виктор Орбан", "Украина")},
    "Пока шли переговоры в Женеве, Москва не вводила новых ограничений.": set(),
    "Кишинёв не начнёт переговоры, пока российские войска не покинут Приднестровье, заявила Майя Санду.": {
        ("demanded", "Майя Санду", "Россия"),
    },
    "Кишинёв не начнёт переговоры, пока российские войска находятся в Приднестровье, заявила Майя Санду.": set(),
}

results, test_events = event_cases(CASES, DATE)

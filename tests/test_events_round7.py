"""Round 7: the mechanisms every frame shares, on invented news sentences through the real model
(events compared by labels: (type, source, target) or (type, participants, place)):
- a relative «которая» stands for the noun it agrees with («запрос Польши, которая …» is Poland);
- an official nobody names, of a post no office table follows («посол Франции»), acts for what
  the post names;
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
}

results, test_events = event_cases(CASES, DATE)

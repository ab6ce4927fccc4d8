"""Posts, fifth round (issue 16), from an error analysis of NEREL and factRuEval prose: a unit
inside an organisation is the post's most specific organisation («пресс-служба МЧС по Москве»,
«фракция КПРФ»), the one inside it next; the holder of a clause with no subject of its own is the
subject of the verb it is coordinated with; a post's name after other appositions, in the post
noun's case; deputies' one-word posts; every organisation a verb of working names. Invented sentences through the real pipeline, with
negative cases."""

from __future__ import annotations

from real_model import post_cases

CASES = [
    (
        "unit-of-a-ministry",
        "Начальник пресс-службы МЧС по Москве Иван Сомов сообщил о пожаре.",
        {("Иван Сомов", "Пресс-служба МЧС по Москве"), ("Иван Сомов", "МЧС России")},
    ),
    (
        "unit-of-a-party",
        "Руководитель фракции КПРФ Олег Кравцов выступил против бюджета.",
        {("Олег Кравцов", "Фракция КПРФ"), ("Олег Кравцов", "КПРФ")},
    ),
    (
        "unit-through-a-deputy",
        "Заместитель начальника отдела продаж компании «Вектор» Пётр Лыков уволился.",
        {("Петр Лыков", "Отдел продаж компании «Вектор»"), ("Петр Лыков", "Вектор")},
    ),
    # A body the gazetteer knows is no unit of anything; a state's government is the state.
    ("known-body", "Глава Следственного комитета России Игорь Рыбин выступил.",
     {("Игорь Рыбин", "Следственный комитет России")}),
    ("government", "Глава администрации Молдавии Ион Чобану выступил.", {("Ион Чобану", "Молдавия")}),
    # A unit a verb of heading takes as its object.
    (
        "unit-as-object",
        "Посол Японии в Чили Кэндзи Мори, ранее возглавлявший отдел Латинской Америки в японском МИДе, "
        "вручил верительные грамоты.",
        {("Кэндзи Мори", "Отдел Латинской Америки"), ("Кэндзи Мори", "Япония")},
    ),
    # The subject of the first of coordinated verbs holds the later ones' posts.
    (
        "coordinated-verbs",
        "Анна Белкина родилась в Риге, окончила университет в Тарту, а затем возглавила фонд «Балтика».",
        {("Анна Белкина", "Балтика")},
    ),
    # A name after other appositions, in the post noun's case…
    (
        "name-after-appositions",
        "Премию вручили художественному руководителю театра «Глобус», народному артисту России, "
        "Олегу Ракитину.",
        {("Олег Ракитин", "Глобус")},
    ),
    # …but not across a verb, nor in another case.
    (
        "name-after-a-verb",
        "Художественный руководитель театра «Глобус» уехал на гастроли, а Олег Ракитин остался в Москве.",
        set(),
    ),
    # A verb of working: each organisation coordinated with the first; never a state.
    ("work-coordinated", "Анна Белкина работала в «Газпроме» и «Роснефти».",
     {("Анна Белкина", "Газпром"), ("Анна Белкина", "Роснефть")}),
    ("serve", "Иван Сомов служил в ФСБ.", {("Иван Сомов", "ФСБ")}),
    ("work-in-states", "Иван Сомов работал в России и Китае.", set()),
    (
        "deputy-one-word",
        "Замгендиректора компании «Полюс» Андрей Носов уволен.",
        {("Андрей Носов", "Полюс")},
    ),
]


post_results, test_post_and_its_organisation = post_cases(CASES)

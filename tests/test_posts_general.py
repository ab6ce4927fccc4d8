"""Posts at any organisation a phrase names (issue 16): clubs, companies, parties, cities and
regions of local posts, Latin-script and quoted names, bracketed abbreviations, a name split by
the parse, former posts. Invented sentences through the real pipeline, with negative cases."""

from __future__ import annotations

import pytest
from real_model import post_cases

from kg import lexicon as klex
from kg.errors import ResourceError
from kg.mentions.compose import split_abbreviation

CASES = [
    ("club", "Главный тренер «Спартака» Игорь Ветров заявил, что команда готова к матчу.",
     {("Игорь Ветров", "Спартак")}),
    ("city-mayor", "Мэр Бостона Томас Уайт выступил на пресс-конференции.", {("Томас Уайт", "Бостон")}),
    ("region-governor", "Губернатор Приморья Павел Крылов посетил завод.",
     {("Павел Крылов", "Приморский край")}),
    ("former-post", "Экс-мэр Москвы Юрий Лужков скончался.", {("Юрий Лужков", "Москва")}),
    ("quoted-company", "Генеральный директор компании «Ростекстиль» Олег Семёнов подал в отставку.",
     {("Олег Семенов", "Ростекстиль")}),
    ("latin-company", "Председатель совета директоров французской компании Lumina Systems Жак Моро "
     "переехал в Женеву.", {("Жак Моро", "Lumina Systems")}),
    ("post-after-name", "Игорь Скворцов, вице-президент компании «Севергаз», стал кандидатом.",
     {("Игорь Скворцов", "Севергаз")}),
    ("abbreviation", "Президент Европейской федерации гребли (ЕФГ) Карл Майер решил остаться на посту.",
     {("Карл Майер", "ЕФГ")}),
    ("observer-from", "Наблюдатель от ОБСЕ Марта Линд сообщила о нарушениях.", {("Марта Линд", "ОБСЕ")}),
    ("member-former", "Бывший член «Народного фронта освобождения» (НФО) Пьер Дюваль застрелился.",
     {("Пьер Дюваль", "НФО")}),
    ("movement", "Лидер движения «Левый фронт» Сергей Удальцов был задержан.",
     {("Сергей Удальцов", "Левый фронт")}),
    ("chain", "В обсуждении участвовали генсек ОБСЕ Томас Мюллер, глава МИД Италии Марио Росси и "
     "руководитель Госдепартамента США Анна Смит.",
     {("Томас Мюллер", "ОБСЕ"), ("Марио Росси", "МИД Италии"), ("Анна Смит", "Госдепартамент США")}),
    ("stacked-posts", "В интервью «Эху Москвы» наблюдатель от ОБСЕ эстонский парламентарий Яан Тамм "
     "сообщил о нарушениях.", {("Яан Тамм", "ОБСЕ"), ("Яан Тамм", "Эстония")}),
    ("name-the-parse-hangs-elsewhere", "78-летний Ренар, бывший член «Тайной армейской организации» (ТАО) — "
     "подпольного движения прошлого века, скончался.", {("Ренар", "ТАО")}),
    ("name-cut-before-its-state", "Председатель Волжского комитета России Тимур Ахметов дал интервью.",
     {("Тимур Ахметов", "Волжский комитет России"), ("Тимур Ахметов", "Россия")}),
    ("verb-participle", "Олег Петров, возглавляющий компанию «Ростекстиль», дал интервью.",
     {("Олег Петров", "Ростекстиль")}),
    ("verb-relative-clause", "Олег Петров, который руководит компанией «Ростекстиль», дал интервью.",
     {("Олег Петров", "Ростекстиль")}),
    ("verb-clause-on-a-post", "Его место займёт посол Италии в Чехии Марко Белли, ранее возглавлявший "
     "отдел России в итальянском МИДе.", {("Марко Белли", "Италия"), ("Марко Белли", "МИД Италии")}),
    ("verb-negated", "Олег Петров не возглавляет «Ростекстиль».", set()),
    ("verb-unnamed-object", "Олег Петров возглавил делегацию на переговорах.", set()),
    ("state-adjective-of-a-named-organisation", "Лидер российской партии «Новый путь» Олег Ветров "
     "выступил на митинге.", {("Олег Ветров", "Новый путь")}),
    # Negative cases: no holder named, a place that is only a place, a company's state.
    ("no-holder", "Президент совета директоров крупной французской машиностроительной компании "
     "сообщил о сделке.", set()),
    ("city-not-for-non-local-post", "Представитель Бостона Томас Уайт выступил на пресс-конференции.", set()),
    ("place-with-preposition", "Мэр в Бостоне Томас Уайт выступил на пресс-конференции.", set()),
]

# Organisations a phrase names that are not the post's: the state of a company or party.
ABSENT = {
    "state-adjective-of-a-named-organisation": {("Олег Ветров", "Россия")},
    "latin-company": {("Жак Моро", "Франция")},
    "verb-participle": {("Олег Петров", "Россия")},
    "verb-clause-on-a-post": {("Марко Белли", "Россия"), ("Марко Белли", "Чехия")},
}


post_results, test_post_and_its_organisation = post_cases(CASES, ABSENT)


def test_bracketed_abbreviation_is_split_from_the_name():
    assert split_abbreviation("Народный фронт освобождения» (НФО)") == ("Народный фронт освобождения", "НФО")
    assert split_abbreviation("Газпром") == ("Газпром", None)
    assert split_abbreviation("«Яблоко»") == ("Яблоко", None)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"head": "мэр", "role": "мэр", "locale": True}, "unknown key 'locale'"),
        ({"head": "мэр", "role": "мэр", "local": "yes"}, "'local' must be true or false"),
        ({"head": "наблюдатель", "role": "наблюдатель", "from_org": 1}, "'from_org' must be true or false"),
        ({"head": "возглавлять", "role": "глава", "verb": "yes"}, "'verb' must be true or false"),
        ({"head": "вратарь", "role": "вратарь", "no_state": "yes"}, "'no_state' must be true or false"),
        ({"head": "работник", "role": "сотрудник", "verb_prep": "в"}, "'verb_prep' must be a preposition of a verb rule"),
    ],
)
def test_bad_role_entry_names_the_rule(raw, message):
    with pytest.raises(ResourceError, match=rf"^roles\.toml: role #1: {message}$"):
        klex.parse_roles({"role": [raw]}, "roles.toml")


def test_local_posts_are_data():
    lex = klex.default()
    assert any(r.local for r in lex.roles["губернатор"])
    assert not any(r.local for r in lex.roles["президент"])


@pytest.mark.slow
def test_graph_with_local_posts_and_new_organisations_conforms_to_the_shapes():
    pytest.importorskip("pyshacl")
    from kg.pipeline import build_graph
    from kg.validate import validate

    graph = build_graph([text for _, text, _ in CASES])
    conforms, text = validate(graph)
    assert conforms, text[:3000]


@pytest.mark.slow
def test_unknown_organisation_takes_the_class_its_head_noun_implies():
    from kg import nlp, pipeline
    from kg.records import Document

    text = ("Глава Министерства по делам молодёжи Сербии Марко Илич и лидер партии «Новый путь» "
            "Олег Ветров встретились в Белграде.")
    res = pipeline.analyse(nlp.parse_documents([Document("t", text)])[0])
    classes = {e.label: e.cls for e in res.entities.values()}
    # NER stops before «Сербии»; the name runs on through the state that ends it.
    assert classes.get("Министерство по делам молодёжи Сербии") == "GovernmentBody", classes
    assert classes.get("Новый путь") == "Organization", classes

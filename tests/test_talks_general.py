"""Talks on invented news sentences through the real model: lists of partners (each item a post
with its name, a call with each partner, «respectively» lists), purpose clauses and plans, calls,
and ordinary news that must not become diplomacy (a match, a romance, a business deal).

Participants are compared by their labels, so the cases need no gazetteer keys.
"""

from __future__ import annotations

import datetime as dt

import pytest
from real_model import talks_by_text

pytestmark = pytest.mark.slow

DATE = dt.date(2024, 2, 10)

# text → the talks it must give: (type, participant labels, location label or None)
CASES: dict[str, tuple[tuple[str, frozenset[str], str | None], ...]] = {
    # A call with three titled partners is three calls, the host in every one.
    "Президент России провёл телефонные переговоры с премьер-министром Италии Марио Драги, канцлером "
    "Австрии Карлом Нехаммером и главой правительства Португалии Антониу Коштой.": (
        ("heldTalks", frozenset({"Владимир Путин", "Марио Драги"}), None),
        ("heldTalks", frozenset({"Владимир Путин", "Карл Нехаммер"}), None),
        ("heldTalks", frozenset({"Владимир Путин", "Антониу Кошта"}), None),
    ),
    # One meeting with two partners is one fact, the host included.
    "Путин провёл переговоры с Макроном и Шольцем.": (
        ("heldTalks", frozenset({"Владимир Путин", "Эмманюэль Макрон", "Олаф Шольц"}), None),
    ),
    # Plural meetings are one with each partner.
    "Лавров провёл встречи с Блинкеном и Ван И.": (
        ("heldTalks", frozenset({"Сергей Лавров", "Энтони Блинкен"}), None),
        ("heldTalks", frozenset({"Сергей Лавров", "Ван И"}), None),
    ),
    # Envoys received together are one meeting, the host in it; unnamed envoys stand for their states.
    "Путин принял в Кремле послов Германии и Франции Ханса Мюллера и Пьера Дюбуа.": (
        ("heldTalks", frozenset({"Владимир Путин", "Ханс Мюллер", "Пьер Дюбуа"}), "Кремль"),
    ),
    "Путин принял в Кремле послов Германии и Франции.": (
        ("heldTalks", frozenset({"Владимир Путин", "Германия", "Франция"}), "Кремль"),
    ),
    "Суд принял иск посла.": (),
    "Лавров встретился с послом США.": (("heldTalks", frozenset({"Сергей Лавров", "США"}), None),),
    # «Respectively»: the three persons, never a state paired with a person.
    "Премьеры Италии, Испании и Польши Марио Росси, Педро Гомес и Анджей Новак обсудили по видеосвязи "
    "ситуацию на Балканах.": (
        ("heldTalks", frozenset({"Марио Росси", "Педро Гомес", "Анджей Новак"}), None),
    ),
    "Байден позвонил Макрону.": (("heldTalks", frozenset({"Джо Байден", "Эмманюэль Макрон"}), None),),
    # The diplomatic idiom, its partner on the idiom's noun; a call as the circumstance of an act.
    "Лавров обменялся мнениями с Ван И.": (("heldTalks", frozenset({"Сергей Лавров", "Ван И"}), None),),
    "Состоялся обмен мнениями между Лавровым и Блинкеном.": (
        ("heldTalks", frozenset({"Сергей Лавров", "Энтони Блинкен"}), None),
    ),
    "Во время телефонного звонка Макрон призвал Путина к диалогу.": (
        ("heldTalks", frozenset({"Эмманюэль Макрон", "Владимир Путин"}), None),
    ),
    "Компания обменяла акции на облигации.": (),
    # A purpose clause plans its talks whatever the tense of the trip (the report says what was
    # meant, not that it happened), at the trip's destination.
    "Министр иностранных дел Турции Хакан Фидан отправился в Анкару, чтобы встретиться с Лавровым.": (
        ("scheduledTalks", frozenset({"Хакан Фидан", "Сергей Лавров"}), "Анкара"),
    ),
    "Министр иностранных дел Турции Хакан Фидан отправится в Москву, чтобы встретиться с Лавровым.": (
        ("scheduledTalks", frozenset({"Хакан Фидан", "Сергей Лавров"}), "Москва"),
    ),
    "Путин может встретиться с Эрдоганом в Стамбуле.": (
        ("scheduledTalks", frozenset({"Владимир Путин", "Реджеп Тайип Эрдоган"}), "Стамбул"),
    ),
    # A headline is its own sentence: its names do not join the talks of the next line.
    "Путин и Макрон\nЛавров провёл переговоры с Блинкеном.": (
        ("heldTalks", frozenset({"Сергей Лавров", "Энтони Блинкен"}), None),
    ),
    # A meeting inside one organisation has it as its one participant; a summit that names another
    # organisation (even one not resolved) is not that meeting again.
    "Партнёры по G7 провели в Гааге совещание, где договорились не участвовать в запланированном "
    "на июнь саммите G8 в Сочи.": (("heldTalks", frozenset({"G7"}), "Гаага"),),
    "Встреча глав МИД G7 закончилась.": (("heldTalks", frozenset({"G7"}), None),),
    # The agenda of a meeting is that meeting, not second talks.
    "Министры иностранных дел Японии и Китая встретятся в Пекине в начале июня, чтобы обсудить "
    "возобновление диалога по безопасности.": (
        ("scheduledTalks", frozenset({"Япония", "Ван И"}), "Пекин"),
    ),
    # Who prepares or comments on a meeting did not hold it.
    "Подготовкой встречи занимались помощник президента России Юрий Ушаков и советник президента "
    "США по национальной безопасности Джейк Салливан.": (),
    # An invitation and a promise with a date ahead are plans; talks joined are held.
    "Путин пригласил Макрона на переговоры в Москву.": (
        ("scheduledTalks", frozenset({"Владимир Путин", "Эмманюэль Макрон"}), "Москва"),
    ),
    "Лукашенко пообещал встретиться с Путиным в следующем месяце.": (
        ("scheduledTalks", frozenset({"Александр Лукашенко", "Владимир Путин"}), None),
    ),
    "Россия и Украина приступили к переговорам в Стамбуле.": (
        ("heldTalks", frozenset({"Россия", "Украина"}), "Стамбул"),
    ),
    # One who has arrived meets there next; a visit still ahead says nothing of a later meeting's place.
    "Блинкен прибыл в Киев. Он встретится с Зеленским.": (
        ("scheduledTalks", frozenset({"Энтони Блинкен", "Владимир Зеленский"}), "Киев"),
    ),
    # A visit as the circumstance of a meeting: the meeting is still reported.
    "Как ожидается, в ходе визита Шольц встретится с Байденом.": (
        ("scheduledTalks", frozenset({"Олаф Шольц", "Джо Байден"}), None),
    ),
    "Министры иностранных дел России и Турции Сергей Лавров и Хакан Фидан провели переговоры в Анталье.": (
        ("heldTalks", frozenset({"Сергей Лавров", "Хакан Фидан"}), "Анталья"),
    ),
    # Talks as a goal or a stance are no talks.
    "Россия выступает за переговоры с Украиной.": (),
    "Лавров призвал Запад к диалогу с Россией.": (),
    # Talks called off, and ordinary news: no talks.
    "Переговоры России и Украины, судя по всему, сорвутся.": (),
    "Визит Эрдогана в Москву отменён.": (),
    "«Спартак» и «Зенит» провели встречу в Москве.": (),
    "Встречу комментировали Лавров и Песков.": (),
    "Глава «Газпрома» Алексей Миллер провёл переговоры с главой компании Shell Ваэлем Саваном.": (),
}


@pytest.fixture(scope="module")
def results():
    return talks_by_text(CASES, DATE)


@pytest.mark.parametrize("text", list(CASES), ids=[f"case{n}" for n in range(len(CASES))])
def test_talks(results, text):
    assert results[text] == set(CASES[text]), text


def test_list_items_keep_their_own_names():
    """Each item of a list of posts is the person named in it, not a name the parser hung on
    another item («премьер-министром Италии X, канцлером Австрии Y и главой … Z»)."""
    from kg import gazetteer as kgaz
    from kg import lexicon as klex
    from kg import nlp
    from kg.facts import DocContext
    from kg.facts.actors import actors_at
    from kg.mentions import detect
    from kg.records import Document

    text = ("Президент провёл переговоры с премьер-министром Италии Марио Драги, канцлером Австрии "
            "Карлом Нехаммером и главой правительства Португалии Антониу Коштой.")
    (parsed,) = nlp.parse_documents([Document(id="l", text=text, date=DATE)])
    gaz, lex = kgaz.default(), klex.default()
    dm = detect(parsed, gaz, nlp.normal_forms, lex.bodies, nlp.inflect, lex.grammar, lex.demonyms, lex.combining)
    ctx = DocContext(parsed, dm, gaz, lex, DATE)
    tree = ctx.tree(0)
    first = next(t.i for t in parsed.sentences[0].tokens if t.text == "премьер-министром")
    got = [dm.entities[a].label for a in actors_at(ctx, tree, first)]
    assert got == ["Марио Драги", "Карл Нехаммер", "Антониу Кошта"]


@pytest.mark.parametrize("name", ["call_words", "countable_talks", "joining_verbs"])
def test_grammar_needs_the_talks_word_lists(name):
    from kg import lexicon as klex
    from kg.errors import ResourceError

    lex = klex.default()
    data = {f: sorted(getattr(lex.grammar, f)) for f in klex.Grammar.__dataclass_fields__}
    del data[name]
    with pytest.raises(ResourceError, match=rf"^grammar\.toml: missing word list '{name}'$"):
        klex.parse_grammar(data, "grammar.toml")

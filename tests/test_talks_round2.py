"""Talks, second round, on invented news sentences through the real model: a talks noun inside a
relative clause whose subject is the clause's noun (even when the parser hangs «который» on the
wrong verb), a members' meeting that names its organisation deeper in the members' phrase, two
meetings of one organisation far apart in a document (kg.facts.merging), and a trip whose goal is
a meeting named in the neighbouring sentence (kg.facts.visits). Negative cases: ordinary news that
must give no talks.

Participants are compared by their labels, so the cases need no gazetteer keys.
"""

from __future__ import annotations

import datetime as dt

import pytest
from real_model import talks_by_text

pytestmark = pytest.mark.slow

DATE = dt.date(2021, 11, 17)

CASES: dict[str, tuple[tuple[str, frozenset[str], str | None], ...]] = {
    # The relative clause's subject is the noun «который» refers to, whichever verb the parser
    # hangs «который» on; the partner is a post phrase resolved by the document's date.
    "Байден, который во время встречи с президентом России призывал вывести войска, вернулся домой.": (
        ("heldTalks", frozenset({"Джо Байден", "Владимир Путин"}), None),
    ),
    "Как он теперь послушает Байдена, который во время встречи с российским лидером призывал вывести "
    "войска из Грузии.": (
        ("heldTalks", frozenset({"Джо Байден", "Владимир Путин"}), None),
    ),
    "Эксперты вспомнили Макрона, который в ходе переговоров с Шольцем настаивал на перемирии.": (
        ("heldTalks", frozenset({"Эмманюэль Макрон", "Олаф Шольц"}), None),
    ),
    # «который» is no subject when the noun before the comma is a place or a thing.
    "Тренер, который во время матча с командой соперника кричал на судью, дисквалифицирован.": (),
    "Банкир, который во время сделки с инвестором скрывал убытки, арестован.": (),
    # A members' meeting: the organisation alone, not the ministry that names the members.
    "Встреча глав МИД G7 закончилась.": (("heldTalks", frozenset({"G7"}), None),),
    "Встреча министров иностранных дел стран НАТО прошла в Брюсселе.": (
        ("heldTalks", frozenset({"НАТО"}), "Брюссель"),
    ),
}


@pytest.fixture(scope="module")
def results():
    return talks_by_text(CASES, DATE)


@pytest.mark.parametrize("text", list(CASES), ids=[f"case{n}" for n in range(len(CASES))])
def test_talks(results, text):
    assert results[text] == set(CASES[text]), text


def _talks(sent: int, parts: tuple[str, ...], place: str | None, type_: str = "heldTalks"):
    from kg.records import Fact

    return Fact(type_, "d", sent, "…", "talks.noun", participants=parts, location=place)


def test_an_early_placeless_meeting_far_from_a_placed_one_is_another_meeting():
    """«Встреча глав МИД G7 закончилась.» … five sentences on … «провели в Гааге совещание»."""
    from kg.facts.merging import merge

    facts = [_talks(2, ("org:g7",), None), _talks(7, ("org:g7",), "Q36600")]
    assert [(f.sent, f.location) for f in merge(facts)] == [(2, None), (7, "Q36600")]


def test_a_placeless_report_yields_to_the_placed_one_before_it_or_just_after():
    from kg.facts.merging import merge

    later = [_talks(14, ("Q159", "Q7184"), "Q239", "scheduledTalks"), _talks(27, ("Q159", "Q7184"), None, "scheduledTalks")]
    assert [(f.sent, f.location) for f in merge(later)] == [(14, "Q239")]
    lead = [_talks(0, ("Q159", "Q30"), None), _talks(2, ("Q159", "Q30"), "Q71")]
    assert [(f.sent, f.location) for f in merge(lead)] == [(2, "Q71")]


# A trip whose goal is a meeting, in the neighbouring sentence: held when the visit is past,
# scheduled when ahead, at the destination; a second visit a sentence gives the same subject is
# dropped; a private person's trip and a trip elsewhere give nothing.
VISITS: dict[str, set[tuple[str, frozenset[str], str | None]]] = {
    "Лидеры многих стран ездят в Москву, чтобы встретиться с Путиным. На прошлой неделе в Москву приехал "
    "президент Франции Эмманюэль Макрон, а скоро Москву посетит канцлер Германии Олаф Шольц.": {
        ("heldTalks", frozenset({"Эмманюэль Макрон", "Владимир Путин"}), "Москва")},
    "Лидеры стран ездят в Москву, чтобы встретиться с Путиным. Скоро президент Турции Реджеп Эрдоган тоже "
    "посетит Москву.": {("scheduledTalks", frozenset({"Реджеп Тайип Эрдоган", "Владимир Путин"}), "Москва")},
    "Болельщики ездят в Мадрид, чтобы встретиться с Месси. Вчера в Мадрид прилетел футболист Иван Петров.": set(),
    "Лидеры стран ездят в Москву, чтобы встретиться с Путиным. Вчера Макрон прилетел в Берлин.": set(),
}


@pytest.fixture(scope="module")
def visit_results():
    return talks_by_text(VISITS, DATE)


@pytest.mark.parametrize("text", list(VISITS), ids=[f"visit{n}" for n in range(len(VISITS))])
def test_trip_goal_in_the_neighbouring_sentence(visit_results, text):
    assert visit_results[text] == VISITS[text], text

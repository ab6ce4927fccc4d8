"""Talks, second round, on invented news sentences through the real model: a talks noun inside a
relative clause whose subject is the clause's noun (even when the parser hangs «который» on the
wrong verb), and a members' meeting that names its organisation deeper in the members' phrase.
Negative cases: ordinary news that must give no talks.

Participants are compared by their labels, so the cases need no gazetteer keys.
"""

from __future__ import annotations

import datetime as dt

import pytest

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
        ("heldTalks", frozenset({"Эмманюэль Макрон", "Шолец"}), None),
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
    from kg import nlp, pipeline
    from kg.records import Document

    texts = list(CASES)
    docs = [Document(id=f"r{n}", text=text, date=DATE) for n, text in enumerate(texts)]
    out = {}
    for text, parsed in zip(texts, nlp.parse_documents(docs), strict=True):
        res = pipeline.analyse(parsed)
        labels = {k: e.label for k, e in res.entities.items()}
        out[text] = {(f.type, frozenset(labels.get(p, p) for p in f.participants),
                      labels.get(f.location) if f.location else None)
                     for f in res.facts if f.type in ("heldTalks", "scheduledTalks")}
    return out


@pytest.mark.parametrize("text", list(CASES), ids=[f"case{n}" for n in range(len(CASES))])
def test_talks(results, text):
    assert results[text] == set(CASES[text]), text

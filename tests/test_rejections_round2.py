"""Demands and refusals between institutions named by a common noun («прокуратура требовала
наказания», «следователь попросил суд», «суд отклонил ходатайство»), and refusals of a demand
made of someone else. Invented news sentences through the real model; facts compared by labels."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.errors import ResourceError
from kg.lexicon import parse_demonyms

DATE = dt.date(2024, 3, 5)

# text → the (type, source label, target label or None) facts of demand and refusal it must give
CASES: dict[str, set[tuple[str, str, str | None]]] = {
    # A prosecutor's demand for a penalty is made of the court the document names.
    "Суд Турина приговорил бывшего министра Паоло Верди к двум годам условно. Прокуратура требовала "
    "для бывшего министра наказания в виде лишения свободы на пять лет.": {
        ("demanded", "прокуратура", "суд Турина"),
    },
    # An investigator asks the court; the court refuses the investigation's motion.
    "Следователь попросил суд арестовать бизнесмена Ивана Петрова. Суд отклонил ходатайство следствия.": {
        ("demanded", "следствие", "суд"),
        ("rejected", "суд", "следствие"),
    },
    # A court named by its place adjective; a bare «суд» later is the same court.
    "Прокурор обратился в миланский суд с просьбой арестовать Марио Бьянки. Суд отклонил просьбу прокурора.": {
        ("demanded", "прокуратура", "миланский суд"),
        ("rejected", "миланский суд", "прокуратура"),
    },
    # Courts in general are no one in particular.
    "Суды часто требуют от граждан справки.": set(),
    # A court deciding is no demand or refusal.
    "Суд Вены приговорил Карла Майера к трём годам.": set(),
    # A demand made of a third party is not what a court refuses next. (The body's name runs on
    # through the state NER leaves out of it: Moldova's prosecutors, not every country's.)
    "Генпрокуратура Молдавии потребовала от Румынии выдать Ивана Сидорова. Суд отклонил просьбу защиты.": {
        ("demanded", "Генпрокуратура Молдавии", "Румыния"),
    },
    # A prosecutor's demand with no court in the document names no addressee (a demand aimed at nobody).
    "Прокуратура требовала для Олега Смирнова наказания в виде штрафа.": {("demanded", "прокуратура", None)},
    # A private person's plea to a court is no relation between actors; an official's answer to the
    # prosecution is («отверг обвинения прокуратуры»: the accuser is the target).
    "Михаил Сорокин обратился в городской суд с просьбой отменить штраф.": set(),
    "Министр финансов Польши Анджей Ковальский отверг обвинения прокуратуры.": {
        ("rejected", "Анджей Ковальский", "прокуратура"),
    },
    # Objecting to what an actor does or proposes rejects its position; to a thing — nothing.
    "Бельгия возражала против посредничества Франции в переговорах.": {("rejected", "Бельгия", "Франция")},
    "Бельгия возражала против нового законопроекта.": set(),
    # An offered post refused: the one who offered it, reached through his post.
    "Сенатор Джон Смит отказался от поста, предложенного ему президентом Франции Эммануэлем Макроном.": {
        ("rejected", "Джон Смит", "Эмманюэль Макрон"),
    },
    # Giving something up, or calling an act unacceptable, is no rejection.
    "Спортсмен Олег Смирнов отказался от российского гражданства.": set(),
    "Премьер Чехии назвал задержание журналистов неприемлемым.": set(),
}


@pytest.fixture(scope="module")
def results():
    from kg import nlp, pipeline
    from kg.records import Document

    out = {}
    for n, text in enumerate(CASES):
        (parsed,) = nlp.parse_documents([Document(f"r{n}", text, DATE)])
        res = pipeline.analyse(parsed)
        labels = {k: e.label for k, e in res.entities.items()}
        out[text] = {(f.type, labels.get(f.agents[0], f.agents[0]),
                      labels.get(f.targets[0], f.targets[0]) if f.targets else None)
                     for f in res.facts if f.type in ("demanded", "rejected")}
    return out


@pytest.mark.slow
@pytest.mark.parametrize("text", list(CASES))
def test_institutions(results, text):
    assert results[text] == CASES[text]


def test_institutions_table_must_map_words_to_words():
    with pytest.raises(ResourceError, match=r"^bodies\.toml: \[institutions\] must map"):
        parse_demonyms({"institutions": {"суд": ["суд"]}}, "bodies.toml", "institutions")

"""Plans by purpose («прилетел, чтобы встретиться»), bidding particles («пусть X …»), an
organisation's seat acting for it («требования Брюсселя») and accreditation in a speaker's post
(«постпред России при ООН»). Invented news sentences through the real model; events compared by
labels: (type, source, target) or (type, participants, place)."""

from __future__ import annotations

import datetime as dt

import pytest

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
    "По словам премьера Польши, Варшава не будет выполнять требования Брюсселя.": {
        ("rejected", "Польша", "Евросоюз"),
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


def _key(res, f) -> tuple:  # type: ignore[no-untyped-def]
    label = {k: e.label for k, e in res.entities.items()}.get
    if f.type in ("heldTalks", "scheduledTalks"):
        return (f.type, frozenset(label(p, p) for p in f.participants), label(f.location) if f.location else None)
    return (f.type, label(f.agents[0], f.agents[0]), label(f.targets[0], f.targets[0]) if f.targets else None)


@pytest.fixture(scope="module")
def results():
    from real_model import analyse

    res = analyse(((f"e{n}", text) for n, text in enumerate(CASES)), DATE)
    return {text: {_key(res[f"e{n}"], f) for f in res[f"e{n}"].facts if f.type != "affiliation"}
            for n, text in enumerate(CASES)}


@pytest.mark.slow
@pytest.mark.parametrize("text", list(CASES))
def test_events(results, text):
    assert results[text] == CASES[text]

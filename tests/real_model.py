"""Invented sentences through the real natasha models and kg's pipeline, read back as the
fact keys the rule tests compare: talks as (type, participant labels, place label), posts as
(person label, any name of the organisation)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

Talks = tuple[str, frozenset[str], str | None]


def analyse(items: Iterable[tuple[str, str]], date: dt.date | None = None) -> dict:
    """(id, text) pairs → each id's DocResult, the documents parsed together."""
    from kg import nlp, pipeline
    from kg.records import Document

    docs = [Document(id=i, text=text, date=date) for i, text in items]
    return {p.doc.id: pipeline.analyse(p) for p in nlp.parse_documents(docs)}


def talks(res) -> set[Talks]:  # type: ignore[no-untyped-def]
    labels = {k: e.label for k, e in res.entities.items()}
    return {(f.type, frozenset(labels.get(p, p) for p in f.participants),
             labels.get(f.location) if f.location else None)
            for f in res.facts if f.type in ("heldTalks", "scheduledTalks")}


def talks_by_text(texts: Iterable[str], date: dt.date | None = None) -> dict[str, set[Talks]]:
    texts = list(texts)
    results = analyse(((f"t{n}", t) for n, t in enumerate(texts)), date)
    return {t: talks(results[f"t{n}"]) for n, t in enumerate(texts)}


def posts(res) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(holder's label, organisation's label or any form seen) per affiliation fact."""
    return {(res.entities[f.agents[0]].label, name) for f in res.facts if f.type == "affiliation"
            for name in {res.entities[f.targets[0]].label, *res.forms.get(f.targets[0], ())}}


def posts_by_case(cases: Iterable[tuple]) -> dict[str, set[tuple[str, str]]]:
    """(case id, text, …) cases → each case's posts, the texts parsed together."""
    return {i: posts(res) for i, res in analyse((c[0], c[1]) for c in cases).items()}


def assert_posts(got: set[tuple[str, str]], want: set[tuple[str, str]], absent: set[tuple[str, str]]) -> None:
    """The posts a case must give, none it must not, and nobody else holding a post."""
    assert want <= got
    assert not absent & got
    if not want:
        assert got == set()
    else:
        assert {p for p, _ in got} == {p for p, _ in want}  # nobody else gets a post


def event_key(res, f) -> tuple:  # type: ignore[no-untyped-def]
    """An event fact by labels: (type, participants, place) for talks, else (type, source, target)."""
    label = {k: e.label for k, e in res.entities.items()}.get
    if f.type in ("heldTalks", "scheduledTalks"):
        return (f.type, frozenset(label(p, p) for p in f.participants), label(f.location) if f.location else None)
    return (f.type, label(f.agents[0], f.agents[0]), label(f.targets[0], f.targets[0]) if f.targets else None)


def events_by_text(texts: Iterable[str], date: dt.date | None = None) -> dict[str, set[tuple]]:
    """Every event (not posts) each invented text gives, the texts parsed together."""
    texts = list(texts)
    res = analyse(((f"e{n}", t) for n, t in enumerate(texts)), date)
    return {t: {event_key(res[f"e{n}"], f) for f in res[f"e{n}"].facts if f.type != "affiliation"}
            for n, t in enumerate(texts)}


def event_cases(cases: dict[str, set[tuple]], date: dt.date | None = None):  # type: ignore[no-untyped-def]
    """The fixture and test every CASES table of invented sentences needs, for a test module to
    take as its own: `results, test_events = event_cases(CASES, DATE)` — the texts parsed together
    once, each compared with its expected events."""
    import pytest

    @pytest.fixture(scope="module")
    def results() -> dict[str, set[tuple]]:
        return events_by_text(cases, date)

    @pytest.mark.slow
    @pytest.mark.parametrize("text", list(cases))
    def test_events(results: dict[str, set[tuple]], text: str) -> None:
        assert results[text] == cases[text]

    return results, test_events


def post_cases(cases: list[tuple], absent: dict[str, set[tuple[str, str]]] | None = None):  # type: ignore[no-untyped-def]
    """The fixture and test every posts table of invented sentences needs: `post_results,
    test_post_and_its_organisation = post_cases(CASES, ABSENT)` — (case id, text, posts wanted)
    cases parsed together once; each case gives the posts wanted, none of its ABSENT ones, and
    no one else a post."""
    import pytest

    @pytest.fixture(scope="module")
    def post_results() -> dict[str, set[tuple[str, str]]]:
        return posts_by_case(cases)

    @pytest.mark.slow
    @pytest.mark.parametrize(("cid", "want"), [(c[0], c[2]) for c in cases], ids=[c[0] for c in cases])
    def test_post_and_its_organisation(post_results: dict[str, set[tuple[str, str]]], cid: str,
                                       want: set[tuple[str, str]]) -> None:
        assert_posts(post_results[cid], want, (absent or {}).get(cid, set()))

    return post_results, test_post_and_its_organisation

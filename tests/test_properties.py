"""Issue 8.5: property tests. Any text goes through the build without a crash, and the RDF
re-parses, conforms to the shapes, has valid IRIs and is the same every time.

Each example of the build test runs the NLP pipeline (`slow`), hence few examples and no
deadline; the IRI and input-reader properties are fast.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, URIRef

from kg.iris import document_iri, entity_iri, event_iri, position_iri
from kg.rdfio import serialize, union_graph

# RFC 3987 IRI: a scheme, then no spaces, controls, or <>"{}|\^` characters.
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|\\^`\x7f-\x9f\ufffe\uffff]+$")

WORDS = [
    "Россия",
    "России",
    "США",
    "Путин",
    "Байден",
    "Байдену",
    "НАТО",
    "ЕС",
    "Кремль",
    "МИД",
    "Лавров",
    "Женеве",
    "потребовал",
    "предупредил",
    "пригрозил",
    "санкциями",
    "ввели",
    "отверг",
    "переговоры",
    "провели",
    "состоятся",
    "против",
    "в",
    "и",
    "с",
    "не",
    "президент",
    "глава",
    "января",
    "9-10",
    "2022",
    "года",
    "Зеленский",
    "Киев",
    "Вашингтон",
    "Москву",
]
PUNCT = [".", ",", "!", "?", "—", "«", "»", "(", ")", ":", ";", "\n", "\n\n", "…", '"', "-"]
cyrillic_text = st.lists(
    st.one_of(
        st.sampled_from(WORDS),
        st.sampled_from(PUNCT),
        st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЕКМНОРСТ", min_size=1, max_size=12),
    ),
    min_size=1,
    max_size=60,
).map(" ".join)
any_text = st.text(min_size=1, max_size=300)
texts = st.one_of(any_text, cyrillic_text)
SETTINGS = settings(
    max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def _build_turtle(items: list[str]) -> tuple[Dataset, bytes]:
    from kg.pipeline import build_graph

    ds = build_graph(items)
    return ds, serialize(ds, "turtle")


def _iris(g: Graph) -> set[str]:
    return {str(t) for triple in g for t in triple if isinstance(t, URIRef)}


@pytest.mark.slow
@SETTINGS
@given(st.lists(texts, min_size=1, max_size=3))
def test_any_text_builds_valid_conforming_deterministic_rdf(items):
    from kg.validate import validate

    ds, turtle = _build_turtle(items)
    g = union_graph(ds)
    again = Graph().parse(data=turtle, format="turtle")
    assert len(again) == len(g)
    nq = serialize(ds, "nquads")
    assert len(Dataset().parse(data=nq, format="nquads")) == len(ds)
    for iri in _iris(g):
        assert IRI.match(iri), iri
    ok, report = validate(g)
    assert ok, report
    assert _build_turtle(items)[1] == turtle


@pytest.mark.slow
@pytest.mark.parametrize("text", ["КРЕМЛЬ", "МИД РФ заявил."])
def test_body_named_without_its_state_conforms(text):
    from kg.validate import validate

    ds, _ = _build_turtle([text])
    ok, report = validate(union_graph(ds))
    assert ok, report


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from(["person", "city", "org", "entity", ""]))
def test_iri_functions_always_give_valid_iris(text, kind):
    key = f"{kind}:{text}" if kind else text
    iris = [
        entity_iri(key),
        document_iri(text),
        event_iri(kind, [text], text, text),
        position_iri(text, text, text),
    ]
    for iri in iris:
        assert IRI.match(str(iri)), iri
    assert entity_iri(key) == entity_iri(key)
    # Distinct documents never share an IRI.
    assert document_iri(text) != document_iri(text + "x")


# --- the input reader: fast, no models ------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-8-sig"])
@settings(max_examples=200, deadline=None)
@given(text=st.text(min_size=1))
def test_unicode_text_round_trips_through_decode(encoding, text):
    from kg.errors import InputError
    from kg.inputs import decode

    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return  # lone surrogates cannot be written in the first place
    controls = len(re.findall(r"[\x00-\x08\x0e-\x1f\x7f]", text))
    clean = "\x00" not in text and controls <= len(text) // 100
    try:
        got = decode(data, "x.txt")
    except InputError as exc:
        assert not clean, (text, exc)  # only binary-looking text may be refused
        assert str(exc).startswith("x.txt: ")
        return
    if clean:
        expected = text[1:] if encoding == "utf-8" and text.startswith("\ufeff") else text
        assert got == expected


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(WORDS[:22] + ["переговоры", "заявил", "сегодня"]), min_size=4, max_size=30
    )
)
def test_russian_in_8bit_encodings_is_recognised(encoding, words):
    from kg.inputs import decode

    text = " ".join(words).replace("ё", "е") + "."
    assert decode(text.encode(encoding), "x.txt") == text


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_text_or_one_line_input_error(data):
    from kg.errors import InputError
    from kg.inputs import decode, read_jsonl

    for fn in (lambda: decode(data, "f.txt"), lambda: list(read_jsonl(data, "f.jsonl", None))):
        try:
            fn()
        except InputError as exc:
            message = str(exc)
            assert message.startswith(("f.txt", "f.jsonl")) and "\n" not in message, message


@pytest.mark.slow
def test_output_does_not_depend_on_the_hash_seed(tmp_path):
    # Set and dict order of strings changes with PYTHONHASHSEED from one process to the next;
    # the same input must still give the same bytes in every run.
    import json
    import os
    import random
    import subprocess
    import sys
    from pathlib import Path

    rng = random.Random(7)
    with (tmp_path / "news.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(12):
            text = " ".join(rng.choice(WORDS + PUNCT) for _ in range(40))
            fh.write(
                json.dumps({"id": f"d{i}", "text": text, "date": "2021-12-31"}, ensure_ascii=False)
                + "\n"
            )
    repo = Path(__file__).resolve().parents[1]
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"graph-{seed}.trig"
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(repo)}
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "kg",
                "build",
                str(tmp_path / "news.jsonl"),
                "-o",
                str(out),
                "-q",
            ],
            capture_output=True,
            text=True,
            env=env,
            cwd=repo,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]

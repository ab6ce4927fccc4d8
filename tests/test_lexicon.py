"""The lexicon files: the shipped ones load and agree with the gazetteer; bad entries fail
loudly with a ResourceError that names the file and the rule."""

from __future__ import annotations

import copy
import json
import re

import pytest

from kg import lexicon as klex
from kg.errors import ResourceError
from kg.resources import DATA_DIR

GOOD_FRAME = {
    "id": "demand.test",
    "type": "demanded",
    "pos": "VERB",
    "lemmas": ["потребовать"],
    "agent": ["subject"],
    "target": ["obj", "obl:от"],
    "confidence": 0.8,
}


def _frames(*changes: dict, drop: str | None = None) -> dict:
    frame = copy.deepcopy(GOOD_FRAME)
    for change in changes:
        frame.update(change)
    if drop:
        del frame[drop]
    return {"frame": [frame]}


@pytest.fixture(scope="module")
def lex() -> klex.Lexicon:
    return klex.default()


def _words(lex: klex.Lexicon) -> dict[str, set[str]]:
    """Every word the rules compare with a token lemma, by where it comes from."""
    out: dict[str, set[str]] = {}
    for frames in lex.frames.values():
        for f in frames:
            out.setdefault(f"frame {f.id}", set()).update(f.lemmas | f.with_ | f.object_lemmas)
    for rules in lex.roles.values():
        for r in rules:
            out.setdefault(f"role {r.head}", set()).update({r.head, *r.with_})
    for name in klex.Grammar.__dataclass_fields__:
        out[f"grammar {name}"] = set(getattr(lex.grammar, name))
    for b in lex.bodies:
        out[f"body {b.label}"] = {w for h in b.heads for w in h}
    return out


# --------------------------------------------------------------------------- the shipped files


def test_shipped_lexicon_loads(lex):
    types = {f.type for frames in lex.frames.values() for f in frames}
    assert types == klex.FACT_FAMILIES
    assert lex.frame("demand.verb") is not None and "потребовать" in lex.frame("demand.verb").lemmas
    assert lex.roles["президент"][0].office == "президент"
    assert "если" in lex.grammar.condition_marks and "не" in lex.grammar.negations
    assert any(b.label == "МИД" for b in lex.bodies)


def test_frame_ids_are_unique_across_lemmas(lex):
    by_id: dict[str, klex.Frame] = {}
    for frames in lex.frames.values():
        for f in frames:
            assert by_id.setdefault(f.id, f) is f, f"two frames with id {f.id}"


def test_every_frame_has_lemmas_and_roles(lex):
    for frames in lex.frames.values():
        for f in frames:
            assert f.lemmas, f.id
            assert f.agent or f.needs_speaker, f.id  # a frame needs some way to find its source
            assert 0 <= f.confidence <= 1, f.id


def test_lexicon_words_are_lower_case_with_e_for_yo(lex):
    # Token lemmas are lower case with «ё» folded to «е» (kg.morph._lemma): anything else never matches.
    bad = {
        where: sorted(w for w in words if w != w.lower() or "ё" in w)
        for where, words in _words(lex).items()
    }
    assert {k: v for k, v in bad.items() if v} == {}


def test_lexicon_words_are_single_tokens(lex):
    # A lemma is one token; multi-word triggers are written as a head with `with` words.
    bad = {
        where: sorted(w for w in words if not re.fullmatch(r"[\w-]+", w))
        for where, words in _words(lex).items()
    }
    assert {k: v for k, v in bad.items() if v} == {}


def test_role_offices_are_known_to_the_gazetteer(lex):
    vocabulary = {
        line.strip()
        for line in (DATA_DIR / "gazetteer" / "roles.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    held = {
        json.loads(line)["role"]
        for line in (DATA_DIR / "gazetteer" / "offices.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.strip() and not line.startswith("#")
    }
    offices = {r.office for rules in lex.roles.values() for r in rules if r.office}
    assert offices, "no role rule names an office"
    assert sorted(offices - vocabulary) == [], "offices missing from gazetteer/roles.txt"
    assert sorted(offices - held) == [], "offices nobody holds in gazetteer/offices.jsonl"


def test_same_as_previous_roles_have_no_office(lex):
    # «и его коллега»: the post is copied from the phrase before, so an own office would conflict.
    for rules in lex.roles.values():
        for r in rules:
            if r.same_as_previous:
                assert r.office is None, r.head


# --------------------------------------------------------------------------- bad frames


BAD_FRAMES = [
    ("unknown type", _frames({"type": "praised"}), "unknown type 'praised'"),
    ("bad pos", _frames({"pos": "ADV"}), "pos must be VERB, NOUN, ADJ or PART"),
    ("bad object_prep", _frames({"object_prep": ["против"]}), "'object_prep' must be a preposition"),
    ("bad agent spec", _frames({"agent": ["subj"]}), "unknown role spec 'subj'"),
    (
        "bad target spec",
        _frames({"target": ["obj", "accusative"]}),
        "unknown role spec 'accusative'",
    ),
    ("confidence above 1", _frames({"confidence": 1.5}), "confidence must be a number in 0..1"),
    ("negative confidence", _frames({"confidence": -0.1}), "confidence must be a number in 0..1"),
    ("confidence a string", _frames({"confidence": "high"}), "confidence must be a number in 0..1"),
    ("missing lemmas", _frames(drop="lemmas"), "missing 'lemmas'"),
    ("missing agent", _frames(drop="agent"), "missing 'agent'"),
    ("missing type", _frames(drop="type"), "missing 'type'"),
]


@pytest.mark.parametrize(
    ("data", "message"), [(d, m) for _, d, m in BAD_FRAMES], ids=[name for name, _, _ in BAD_FRAMES]
)
def test_bad_frame_names_file_and_rule(data, message):
    with pytest.raises(ResourceError) as err:
        klex.parse_frames(data, "triggers.toml")
    text = str(err.value)
    assert text.startswith("triggers.toml: frame demand.test")
    assert message in text


def test_duplicate_frame_id():
    data = {"frame": [copy.deepcopy(GOOD_FRAME), dict(GOOD_FRAME, lemmas=["требовать"])]}
    with pytest.raises(ResourceError, match=r"^triggers\.toml: frame demand\.test: duplicate id$"):
        klex.parse_frames(data, "triggers.toml")


def test_frame_without_id_is_named_by_position():
    data = {
        "frame": [copy.deepcopy(GOOD_FRAME), {k: v for k, v in GOOD_FRAME.items() if k != "id"}]
    }
    with pytest.raises(ResourceError, match=r"^triggers\.toml: frame #2: missing 'id'$"):
        klex.parse_frames(data, "triggers.toml")


def test_good_frame_parses():
    frames = klex.parse_frames(_frames({"with": ["ультиматум"]}), "triggers.toml")
    (frame,) = frames["потребовать"]
    assert frame.agent == ("subject",) and frame.target == ("obj", "obl:от")
    assert frame.with_ == frozenset({"ультиматум"}) and frame.confidence == 0.8


def test_lemmas_must_be_a_list():
    with pytest.raises(ResourceError, match="frame demand.test"):
        klex.parse_frames(_frames({"lemmas": "потребовать"}), "triggers.toml")


def test_unknown_frame_key_is_rejected():
    with pytest.raises(ResourceError, match="frame demand.test"):
        klex.parse_frames(_frames({"wiht": ["ультиматум"]}), "triggers.toml")


# --------------------------------------------------------------------------- other files


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        ({"role": "президент"}, "role #1"),
        ({"head": "президент"}, "role #1"),
    ],
)
def test_bad_role_names_file_and_rule(raw, where):
    with pytest.raises(ResourceError, match=rf"^roles\.toml: {where}: needs 'head' and 'role'$"):
        klex.parse_roles({"role": [raw]}, "roles.toml")


def test_role_rules_with_a_dependent_come_first():
    roles = klex.parse_roles(
        {
            "role": [
                {"head": "глава", "role": "глава"},
                {
                    "head": "глава",
                    "role": "глава правительства",
                    "with": ["правительство"],
                    "office": "премьер-министр",
                },
            ]
        },
        "roles.toml",
    )
    assert [r.role for r in roles["глава"]] == ["глава правительства", "глава"]


def test_grammar_needs_every_word_list(lex):
    data = {name: sorted(getattr(lex.grammar, name)) for name in klex.Grammar.__dataclass_fields__}
    assert klex.parse_grammar(data, "grammar.toml") == lex.grammar
    del data["negations"]
    with pytest.raises(ResourceError, match=r"^grammar\.toml: missing word list 'negations'$"):
        klex.parse_grammar(data, "grammar.toml")


@pytest.mark.parametrize(
    "raw",
    [
        {"heads": [["мид"]]},
        {"label": "МИД"},
        {"label": "МИД", "heads": []},
        {"label": "МИД", "heads": [["мид"], []]},
        {"label": "МИД", "heads": 5},
    ],
    ids=["no label", "no heads", "empty heads", "an empty head", "heads not a list"],
)
def test_bad_body_names_file_and_rule(raw):
    good = {"label": "Минобороны", "heads": [["минобороны"]]}
    with pytest.raises(
        ResourceError, match=r"^bodies\.toml: body #2: needs 'label' and non-empty 'heads'$"
    ):
        klex.parse_bodies({"body": [good, raw]}, "bodies.toml")


def test_malformed_toml_names_the_file(tmp_path):
    path = tmp_path / "triggers.toml"
    path.write_text('[[frame]]\nid = "demand.verb"\nlemmas = ["требовать"\n', encoding="utf-8")
    with pytest.raises(ResourceError, match=r"^triggers\.toml: "):
        klex._read(path)


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(ResourceError, match=r"^roles\.toml: "):
        klex._read(tmp_path / "roles.toml")

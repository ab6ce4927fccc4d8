"""Users' overlays, project file and query folders without the natasha models: what is an
error (file:line: field), what replaces what, and that a bad overlay builds nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg import gazetteer as kgaz
from kg import lexicon as klex
from kg import overlays
from kg.cli import main
from kg.errors import OverlayError
from kg.named_queries import catalogue, load_query
from kg.project import find, problems_of

REPO = Path(__file__).resolve().parent.parent
LAVROV, RUSSIA, FM = "Q80504", "Q159", "министр иностранных дел"
PETROV = {"id": "person:ivan-petrov", "label": "Иван Петров", "class": "Person", "state": "Q159"}
PETROV_TERM = {"office": FM, "org": "Россия", "person": "Иван Петров", "start": "2026-01-16"}
FRAME = """\
[[frame]]
id = "mine.warned.chide"
type = "warned"
pos = "VERB"
lemmas = ["пожурить"]
agent = ["subject"]
target = ["obj"]
"""


def jsonl(path: Path, *records: dict | str) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                            for r in records), encoding="utf-8")
    return path


def problems(*layers: overlays.Overlay) -> list[str]:
    """The errors, with file names only (the tests' files are in a temporary folder)."""
    return [str(p).replace(f"{Path(p.path).parent}/", "") for p in overlays.check(layers).problems if not p.warning]


def gaz_overlay(tmp_path: Path, *records: dict | str, name: str = "mine.jsonl") -> overlays.Overlay:
    return overlays.read_overlay(jsonl(tmp_path / name, *records), "gazetteer")


def lex_overlay(tmp_path: Path, text: str, name: str = "mine.toml") -> overlays.Overlay:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return overlays.read_overlay(tmp_path / name, "lexicon")


def applied(layer: overlays.Overlay) -> kgaz.Gazetteer:
    """The bundled gazetteer's entries and offices with the overlay applied (no index)."""
    gaz = kgaz.read()
    overlays.prepared((layer,)).gazetteer.apply(gaz)  # type: ignore[attr-defined]
    return gaz


# --- gazetteer overlays -----------------------------------------------------------------


def test_an_office_term_takes_the_office_over_from_its_start(tmp_path):
    gaz = applied(gaz_overlay(tmp_path, PETROV, PETROV_TERM))
    assert gaz.entries["person:ivan-petrov"].label == "Иван Петров"
    assert gaz.holder(FM, RUSSIA, dt.date(2026, 2, 1)) == "person:ivan-petrov"
    assert gaz.holder(FM, RUSSIA, dt.date(2026, 1, 15)) == LAVROV  # cut to the day before
    assert gaz.holder(FM, RUSSIA, dt.date(2015, 6, 1)) == LAVROV
    assert gaz.holder(FM, RUSSIA, dt.date(2000, 6, 1)) == "person:igor-ivanov"  # the history before stays


def test_an_overlaid_gazetteer_is_cached_beside_the_bundled_one(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv(kgaz.CACHE_ENV, str(cache))
    folder = tmp_path / "gazetteer"
    folder.mkdir()
    (folder / "states.jsonl").write_text('{"id": "Q16", "label": "Канада"}\n', encoding="utf-8")
    calls: list[str] = []

    def extend(gaz: kgaz.Gazetteer) -> None:
        calls.append("extend")
        gaz.entries["state:x"] = kgaz.Entry("state:x", "Икс", "State", aliases=("Икс",))

    def load(key: str = "", more: bool = True) -> kgaz.Gazetteer:
        return kgaz.cached_load(folder, words=str.split, forms=lambda w: frozenset({w.lower()}),
                                **({"extend": extend, "key": key} if more else {}))

    plain = load(more=False)
    assert "state:x" in load("one").entries and "state:x" in load("one").index["икс"][0][2]
    assert calls == ["extend"] and "state:x" not in plain.entries and "state:x" not in load(more=False).entries
    load("two")  # another overlay replaces the overlaid cache, not the bundled one
    assert calls == ["extend", "extend"]
    assert len(list(cache.glob("gazetteer-*.pickle"))) == len(list(cache.glob("overlaid-*.pickle"))) == 1


def test_without_the_overlay_lavrov_holds_the_office_on():
    assert kgaz.read().holder(FM, RUSSIA, dt.date(2026, 2, 1)) == LAVROV


def test_an_entity_with_a_bundled_id_replaces_it_whole(tmp_path):
    gaz = applied(gaz_overlay(tmp_path, {"id": LAVROV, "label": "С. В. Лавров", "class": "Person"}))
    entry = gaz.entries[LAVROV]
    assert entry.label == "С. В. Лавров" and entry.aliases == ("С. В. Лавров",)  # not merged
    assert entry.state is None


def test_an_entity_without_id_replaces_the_bundled_one_of_its_label(tmp_path):
    gaz = applied(gaz_overlay(tmp_path, {"label": "Сергей Лавров", "class": "Person", "aliases": ["министр Лавров"]}))
    assert gaz.entries[LAVROV].aliases == ("Сергей Лавров", "министр Лавров")


def test_a_new_entity_without_id_gets_a_slug_and_its_references_resolve(tmp_path):
    gaz = applied(gaz_overlay(tmp_path, {"label": "Арктический совет РФ", "class": "GovernmentBody",
                                         "partOf": "Россия"}))
    entry = gaz.entries["org:арктический-совет-рф"]
    assert entry.part_of == RUSSIA and entry.state == RUSSIA


BAD_GAZETTEER = [
    ('{"label": "X"', "mine.jsonl:1: malformed JSON"),
    ('["a list"]', "mine.jsonl:1: a line must be a JSON object"),
    ({"label": "X", "class": "Persn"}, "mine.jsonl:1: class: must be one of"),
    ({"class": "Person"}, "mine.jsonl:1: label: an entity needs"),
    ({"label": "X", "class": "Person", "colour": "red"}, "mine.jsonl:1: colour: unknown field"),
    ({"id": "Lavrov", "label": "X", "class": "Person"}, "mine.jsonl:1: id: must be a Wikidata id"),
    ({"label": "X", "class": "GovernmentBody", "part_of": "Нарния"}, "mine.jsonl:1: part_of: no known entity"),
    ({"label": "X", "class": "Person", "state": "Москва"}, "mine.jsonl:1: state: 'Москва' is a City, not a State"),
    ({"label": "X", "class": "Person", "aliases": "Икс"}, "mine.jsonl:1: aliases: must be a list of strings"),
    ({**PETROV_TERM, "person": "Россия"}, "mine.jsonl:1: person: 'Россия' is a State, not a Person"),
    ({**PETROV_TERM, "person": "Сергей Лавров", "start": "2026-13-01"}, "mine.jsonl:1: start: not a real date"),
    ({**PETROV_TERM, "person": "Сергей Лавров", "start": "16.01.2026"}, "mine.jsonl:1: start: not a date"),
    ({**PETROV_TERM, "person": "Сергей Лавров", "end": "2025-01-01"}, "mine.jsonl:1: end: ends before it starts"),
    ({"office": FM, "person": "Сергей Лавров", "start": "2026"}, "mine.jsonl:1: org: an office term needs"),
    ({**PETROV_TERM, "role": FM}, "mine.jsonl:1: office: give 'role' or 'office', not both"),
]


@pytest.mark.parametrize(("record", "expected"), BAD_GAZETTEER, ids=[e.split(": ", 1)[1][:30] for _, e in BAD_GAZETTEER])
def test_a_bad_gazetteer_line_names_file_line_and_field(tmp_path, record, expected):
    found = problems(gaz_overlay(tmp_path, record))
    assert found and found[0].startswith(expected), found


def test_conflicts_name_both_lines(tmp_path):
    layer = gaz_overlay(tmp_path, "# comment", PETROV, {**PETROV, "label": "Иван Петров-Водкин"},
                        PETROV_TERM, {**PETROV_TERM, "start": "2026-03-01"})
    assert problems(layer) == [
        "mine.jsonl:3: id: person:ivan-petrov is given twice (also at mine.jsonl:2)",
        "mine.jsonl:5: start: overlaps the term of the same office at mine.jsonl:4",
    ]


def test_conflicts_across_files(tmp_path):
    a = gaz_overlay(tmp_path, PETROV, name="a.jsonl")
    b = gaz_overlay(tmp_path, {**PETROV, "label": "Другой Петров"}, name="b.jsonl")
    assert problems(a, b) == ["b.jsonl:1: id: person:ivan-petrov is given twice (also at a.jsonl:1)"]


def test_a_label_of_several_bundled_entries_needs_an_id(tmp_path):
    labels: dict[str, list[str]] = {}
    for e in kgaz.read().entries.values():
        labels.setdefault(e.label, []).append(e.key)
    shared = next(label for label, keys in sorted(labels.items()) if len(keys) > 1)
    found = problems(gaz_overlay(tmp_path, {"label": shared, "class": "Person"}))
    assert found[0].startswith("mine.jsonl:1: label:") and "give the \"id\"" in found[0]


def test_a_shared_alias_and_an_office_no_phrase_reads_are_warnings(tmp_path):
    layer = gaz_overlay(tmp_path, {**PETROV, "aliases": ["Лавров"]},
                        {"office": "главный садовник", "org": "Россия", "person": "Иван Петров", "start": "2026"})
    plans = overlays.check((layer,))
    assert not plans.errors
    assert [(p.line, p.field) for p in plans.problems] == [(1, "aliases"), (2, "role")]


# --- lexicon overlays -------------------------------------------------------------------


def test_a_frame_adds_a_trigger_and_one_with_a_bundled_id_replaces_it(tmp_path):
    base = klex.default()
    (bundled,) = [f for f in base.frames["потребовать"] if f.id == "demand.verb"]
    replacement = FRAME + '\n[[frame]]\nid = "demand.verb"\ntype = "demanded"\npos = "VERB"\n' \
        'lemmas = ["потребовать"]\nagent = ["subject"]\ntarget = ["obj"]\n'
    layer = lex_overlay(tmp_path, replacement)
    _, lex = overlays.resources((layer,))
    assert [f.id for f in lex.frames["пожурить"]] == ["mine.warned.chide"]
    assert [f.id for f in lex.frames["потребовать"]] == [f.id for f in base.frames["потребовать"]]
    (mine,) = [f for f in lex.frames["потребовать"] if f.id == "demand.verb"]
    assert mine.target == ("obj",) and bundled.target != mine.target
    assert "demand.verb" not in {f.id for f in lex.frames.get("требовать", ())}  # not among the replacement's lemmas
    assert klex.default().frames["потребовать"] == base.frames["потребовать"]  # the bundled one untouched


def test_a_post_phrase_adds_or_replaces_by_head_and_with(tmp_path):
    layer = lex_overlay(tmp_path, '[[role]]\nhead = "президент"\nrole = "глава"\noffice = "президент"\n\n'
                                  '[[role]]\nhead = "посланник"\nrole = "посланник"\n')
    _, lex = overlays.resources((layer,))
    base = klex.default()
    assert len(lex.roles["президент"]) == len(base.roles["президент"])
    assert [r.role for r in lex.roles["президент"] if not r.with_] == ["глава"]
    assert [r.role for r in lex.roles["посланник"]] == ["посланник"]


BAD_LEXICON = [
    ('[[frame]]\nid = "x"\ntype = \n', "mine.toml:3: malformed TOML"),
    (FRAME.replace('"warned"', '"praised"'), "mine.toml:3: type: unknown type 'praised'"),
    (FRAME.replace('["obj"]', '["objj"]'), "mine.toml:7: target: unknown role spec 'objj'"),
    (FRAME.replace('lemmas = ["пожурить"]\n', ""), "mine.toml:1: lemmas: missing 'lemmas'"),
    (FRAME.replace('["пожурить"]', "[]"), "mine.toml:5: lemmas: needs at least one lemma"),
    (FRAME + "colour = 1\n", "mine.toml:8: colour: unknown key 'colour'"),
    (FRAME + "\n" + FRAME, "mine.toml:10: id: frame 'mine.warned.chide' is given twice (also at mine.toml:1)"),
    ('[[role]]\nhead = "посланник"\nrole = "посланник"\nlocal = "yes"\n', "mine.toml:4: local: 'local' must be"),
    ('[[role]]\nhead = "посланник"\n', "mine.toml:1: role: needs 'head' and 'role'"),
    ('[grammar]\nspeech_verbs = ["x"]\n', "mine.toml:1: grammar: unknown section"),
]


@pytest.mark.parametrize(("text", "expected"), BAD_LEXICON, ids=[e.split(": ", 1)[1][:30] for _, e in BAD_LEXICON])
def test_a_bad_lexicon_entry_names_file_line_and_field(tmp_path, text, expected):
    found = problems(lex_overlay(tmp_path, text))
    assert found and found[0].startswith(expected), found


def test_an_overlay_post_phrase_makes_its_office_known(tmp_path):
    term = {"office": "главный садовник", "org": "Россия", "person": "Иван Петров", "start": "2026"}
    lex = lex_overlay(tmp_path, '[[role]]\nhead = "садовник"\nrole = "главный садовник"\noffice = "главный садовник"\n')
    plans = overlays.check((gaz_overlay(tmp_path, PETROV, term), lex))
    assert plans.problems == ()


def test_files_of_the_wrong_kind_or_encoding(tmp_path):
    with pytest.raises(OverlayError, match=r"mine.jsonl:2: not UTF-8"):
        (tmp_path / "mine.jsonl").write_bytes(b"{}\n\xff\xfe\n")
        overlays.read_overlay(tmp_path / "mine.jsonl", "gazetteer")
    with pytest.raises(Exception, match="a lexicon overlay is a .toml file"):
        overlays.read_overlay(tmp_path / "mine.jsonl", "lexicon")


def test_the_name_recorded_is_the_file_name_and_the_checksum_its_bytes(tmp_path):
    layer = gaz_overlay(tmp_path, PETROV)
    (name, checksum), = overlays.stamps((layer,))
    import hashlib

    assert name == "mine.jsonl"
    assert checksum == hashlib.sha256((tmp_path / "mine.jsonl").read_bytes()).hexdigest()


# --- the project file -------------------------------------------------------------------


def test_the_project_file_names_overlays_queries_and_defaults(tmp_path):
    (tmp_path / "kg.toml").write_text('gazetteer = ["o/a.jsonl"]\nqueries = ["q"]\n\n[defaults]\n'
                                      'date = 2026-01-01\nworkers = 2\nstore = "out/g.db"\n', encoding="utf-8")
    proj = find(None, cwd=tmp_path)
    assert proj.gazetteer == (str(tmp_path / "o/a.jsonl"),) and proj.queries == (str(tmp_path / "q"),)
    assert (proj.date, proj.workers, proj.store) == (dt.date(2026, 1, 1), 2, str(tmp_path / "out/g.db"))
    assert find(None, cwd=tmp_path / "nowhere") == dataclasses.replace(proj, path=None, gazetteer=(), queries=(),
                                                                        date=None, workers=None, store=None)


def test_a_bad_project_file_names_line_and_field(tmp_path):
    path = tmp_path / "kg.toml"
    path.write_text('gazetteer = "a.jsonl"\n[defaults]\nworkers = 0\ndate = "1.1.2026"\ncolour = 1\n',
                    encoding="utf-8")
    assert [str(p).replace(str(path), "kg.toml") for p in problems_of(path)[1]] == [
        "kg.toml:1: gazetteer: must be a list of paths (strings)",
        "kg.toml:3: workers: must be a whole number ≥ 1, not 0",
        "kg.toml:4: date: not a date (YYYY-MM-DD): '1.1.2026'",
        "kg.toml:5: colour: unknown default; use date, workers, store",
    ]


# --- named queries ----------------------------------------------------------------------

QUERY = "# answers: every state\nSELECT ?s WHERE { ?s a dg:State }\n"


def test_a_user_query_is_listed_with_its_file_and_shadows_only_with_a_warning(tmp_path):
    (tmp_path / "states.rq").write_text(QUERY, encoding="utf-8")
    (tmp_path / "demands.rq").write_text(QUERY, encoding="utf-8")
    known, warnings = catalogue([tmp_path])
    origins = {q.name: q.origin for q in known}
    assert origins["states"] == str(tmp_path / "states.rq") and origins["actors"] == "bundled"
    assert origins["demands"] == str(tmp_path / "demands.rq")
    assert warnings == [f"{tmp_path / 'demands.rq'}: shadows the bundled query 'demands'"]
    assert load_query("demands", extra=[tmp_path]).origin == str(tmp_path / "demands.rq")
    assert load_query("demands").origin == "bundled"


def test_two_user_queries_of_one_name_are_an_error(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "states.rq").write_text(QUERY, encoding="utf-8")
    with pytest.raises(Exception, match=r"b/states.rq: query 'states' is also defined in .*a/states.rq"):
        catalogue([tmp_path / "a", tmp_path / "b"])


def test_cli_list_says_where_each_query_comes_from(tmp_path, capsys):
    (tmp_path / "demands.rq").write_text(QUERY, encoding="utf-8")
    assert main(["query", "--list", "--queries", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert lines["actors"].endswith("(bundled)") and lines["demands"].endswith(f"({tmp_path / 'demands.rq'})")
    assert "warning" in err and "shadows the bundled query 'demands'" in err


# --- kg check and kg build refusing --------------------------------------------------------


def test_check_reports_every_error_and_exits_2(tmp_path, capsys):
    jsonl(tmp_path / "a.jsonl", {"label": "X", "class": "Persn"}, PETROV, {**PETROV_TERM, "start": "x"})
    (tmp_path / "b.toml").write_text(FRAME.replace('"warned"', '"praised"'), encoding="utf-8")
    (tmp_path / "c.rq").write_text("# answers: x\n# params: who:person\nSELECT ?s WHERE { ?s a dg:State }\n",
                                   encoding="utf-8")
    (tmp_path / "d.rq").write_text("# answers: x\nSELECT ?s WHERE {\n ?s a dg:State \n", encoding="utf-8")
    paths = [str(tmp_path / n) for n in ("a.jsonl", "b.toml", "c.rq", "d.rq")]
    assert main(["check", *paths]) == 2
    err = capsys.readouterr().err.replace(str(tmp_path) + "/", "")
    lines = [line.split(": ", 3)[2].split(": ")[0] for line in err.splitlines() if ": error: " in line]
    assert lines == ["a.jsonl:1", "a.jsonl:3", "b.toml:3", "c.rq:2", "d.rq:4"], err
    assert "nothing was built" in err


def test_check_of_good_files_and_the_project(tmp_path, capsys, monkeypatch):
    jsonl(tmp_path / "a.jsonl", PETROV, PETROV_TERM)
    (tmp_path / "b.toml").write_text(FRAME, encoding="utf-8")
    (tmp_path / "q").mkdir()
    (tmp_path / "q" / "states.rq").write_text(QUERY, encoding="utf-8")
    (tmp_path / "kg.toml").write_text('gazetteer = ["a.jsonl"]\nlexicon = ["b.toml"]\nqueries = ["q"]\n',
                                      encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    assert capsys.readouterr().out.strip() == "kg check: 4 files OK"
    (tmp_path / "kg.toml").write_text('lexicon = ["missing.toml"]\n', encoding="utf-8")
    assert main(["check"]) == 2
    assert "missing.toml: no such file" in capsys.readouterr().err


def test_build_refuses_a_bad_overlay_before_any_work(tmp_path):
    docs = jsonl(tmp_path / "docs.jsonl", {"id": "a", "text": "Россия потребовала от НАТО гарантий."})
    bad = jsonl(tmp_path / "mine.jsonl", PETROV, {**PETROV_TERM, "start": "2026-02-30"})
    out = tmp_path / "out.ttl"
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(docs), "-o", str(out), "--gazetteer", str(bad)],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 2 and not out.exists()
    assert proc.stderr.strip() == f"kg build: error: {bad}:2: start: not a real date: '2026-02-30'"
    assert "Traceback" not in proc.stderr

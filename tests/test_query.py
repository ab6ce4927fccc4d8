"""Named queries, parameter binding, result formats and `kg query`, on tests/fixtures/mini.trig."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import XSD, Literal, URIRef

from kg import query as q
from kg.cli import main
from kg.errors import QueryError, UnknownActorError
from kg.rdfio import load_dataset, union_graph
from kg.vocab import DG, DGR

FIXTURE = Path(__file__).parent / "fixtures" / "mini.trig"
DOC1, DOC2 = "000_62c2cfc2efeb0b71", "002_719ecf773bc4dd64"
GENEVA_EVENT = "https://w3id.org/diplograph/id/event/a1b2c3d4e5f60010"
EXPECTED_QUERIES = {
    "facts_by_type",
    "demands",
    "warnings_threats",
    "sanctions_network",
    "talks_timeline",
    "actor_profile",
    "positions",
    "event_evidence",
    "actors",
    "top_actors",
}


@pytest.fixture(scope="module")
def graph():
    return union_graph(load_dataset([FIXTURE]))


def rows(graph, name, **params):
    return [
        {k: (None if v is None else str(v)) for k, v in r.items()}
        for r in q.run_named(graph, name, **params)
    ]


# --- the query files -------------------------------------------------------------------------


def test_every_named_query_has_a_header_and_parses():
    queries = {nq.name: nq for nq in q.list_queries()}
    assert set(queries) >= EXPECTED_QUERIES
    for name, nq in queries.items():
        assert nq.path is not None and nq.path.stem == name
        assert len(nq.answers) > 20, name
        assert nq.examples and nq.examples[0].startswith("kg query "), name
        assert f" {name}" in nq.examples[0], name
        assert all(p.kind in q.PARAM_KINDS for p in nq.params)
        q._prepare(nq.text)  # raises QueryError if malformed


def test_header_parsing_reads_params_and_continuation_lines():
    text = "# name: x\n# answers: first line\n#   second line\n# params: a:actor  who\n# params: t:iri  type\n# example: kg query g.trig x\nSELECT * {}"
    nq = q.parse_header(text, "x")
    assert nq.answers == "first line second line"
    assert [(p.name, p.kind, p.help) for p in nq.params] == [
        ("a", "actor", "who"),
        ("t", "iri", "type"),
    ]
    with pytest.raises(QueryError, match="unknown kind"):
        q.parse_header("# params: a:person\nSELECT * {}", "y")


# --- each query on the fixture ---------------------------------------------------------------


def test_facts_by_type(graph):
    every = rows(graph, "facts_by_type")
    assert len(every) == 22
    assert {r["fact"] for r in every} == {
        "Demand",
        "Warning",
        "SanctionThreat",
        "SanctionImposition",
        "Rejection",
        "ScheduledTalks",
        "HeldTalks",
        "Position",
    }
    threats = rows(graph, "facts_by_type", type="dg:SanctionThreat")
    assert sorted((r["agent"], r["target"]) for r in threats) == [
        ("Джо Байден", "Россия"),
        ("Джо Байден", "Россия"),
        ("Запад", "Россия"),
    ]
    geneva = [r for r in every if r["place"] == "Женева"]
    assert len(geneva) == 1 and set(geneva[0]["documents"].split()) == {DOC1, DOC2}
    assert set(geneva[0]["participants"].split(", ")) == {"Россия", "США"}


def test_demands(graph):
    pairs = {(r["who"], r["whom"]) for r in rows(graph, "demands")}
    assert pairs == {("Джо Байден", "Россия"), ("Россия", "США"), ("Россия", "НАТО")}
    by_biden = rows(graph, "demands", agent="Байдена")
    assert len(by_biden) == 1
    assert "призвал Москву к деэскалации" in by_biden[0]["evidence"]
    assert by_biden[0]["documents"] == DOC1
    of_nato = rows(graph, "demands", target="НАТО")
    assert [(r["who"], r["whom"]) for r in of_nato] == [("Россия", "НАТО")]


def test_warnings_threats(graph):
    result = rows(graph, "warnings_threats")
    triples = sorted((r["fact"], r["who"], r["whom"]) for r in result)
    assert triples == [
        ("threatenedSanctions", "Джо Байден", "Россия"),
        ("threatenedSanctions", "Джо Байден", "Россия"),
        ("threatenedSanctions", "Запад", "Россия"),
        ("warned", "Владимир Путин", "США"),
        ("warned", "Владимир Путин", "США"),
        ("warned", "Джо Байден", "Россия"),
    ]
    conditional = [r for r in result if r["condition"]]
    assert {r["condition"] for r in conditional} == {
        "если Россия вторгнется в Украину",
        "в случае вторжения российской армии на Украину",
    }
    by_putin = rows(graph, "warnings_threats", agent="Путин")
    assert {r["documents"] for r in by_putin} == {DOC1, DOC2}


def test_sanctions_network(graph):
    result = {(r["relation"], r["who"], r["whom"]): r for r in rows(graph, "sanctions_network")}
    assert set(result) == {
        ("threatenedSanctions", "Джо Байден", "Россия"),
        ("threatenedSanctions", "Запад", "Россия"),
        ("imposedSanctions", "Евросоюз", "Россия"),
    }
    assert result[("threatenedSanctions", "Джо Байден", "Россия")]["events"] == "2"
    assert set(result[("threatenedSanctions", "Джо Байден", "Россия")]["documents"].split()) == {
        DOC1,
        DOC2,
    }
    assert result[("imposedSanctions", "Евросоюз", "Россия")]["first"] == "2021-12-17"
    only_eu = rows(graph, "sanctions_network", agent="ЕС")
    assert [r["relation"] for r in only_eu] == ["imposedSanctions"]


def test_talks_timeline_is_in_date_order(graph):
    result = rows(graph, "talks_timeline")
    places = [r["place"] for r in result if r["place"]]
    assert places == ["Женева", "Брюссель", "Вена"]
    geneva = next(r for r in result if r["place"] == "Женева")
    assert (geneva["start"], geneva["end"], geneva["status"]) == (
        "2022-01-09",
        "2022-01-10",
        "scheduled",
    )
    starts = [r["start"] for r in result]
    dated = [s for s in starts if s]
    assert dated == sorted(dated) and starts[-1] is None  # undated talks last
    assert {r["status"] for r in result} == {"held", "scheduled"}
    nato = rows(graph, "talks_timeline", actor="НАТО")
    assert [(r["place"], r["start"]) for r in nato] == [("Брюссель", "2022-01-12")]
    vienna = rows(graph, "talks_timeline", place="Вене")
    assert [r["start"] for r in vienna] == ["2022-01-13"]


def test_actor_profile_of_inflected_name(graph):
    result = rows(graph, "actor_profile", actor="Байдена")
    own = {(r["fact"], r["role"], r["other"]) for r in result}
    for fact in ("Demand", "Warning", "SanctionThreat"):
        assert (fact, "→", "Россия") in own
    assert ("HeldTalks", "↔", "Владимир Путин") in own
    assert ("Position", "post", "США") in own
    assert all(r["evidence"] for r in result)
    assert len(result) == 8
    by_qid = rows(graph, "actor_profile", actor="Q6279")
    assert sorted(r["event"] for r in by_qid) == sorted(r["event"] for r in result)


def test_actor_profile_of_target_and_organisation(graph):
    russia = rows(graph, "actor_profile", actor="РФ")
    roles = {(r["fact"], r["role"]) for r in russia}
    assert ("Rejection", "←") in roles and ("SanctionImposition", "←") in roles
    assert ("Position", "staff") in roles and ("Demand", "→") in roles


def test_positions(graph):
    result = {(r["person"], r["role"], r["organisation"]) for r in rows(graph, "positions")}
    assert result == {
        ("Владимир Путин", "президент", "Россия"),
        ("Джо Байден", "президент", "США"),
        ("Джен Псаки", "пресс-секретарь", "Белый дом"),
        ("Юрий Ушаков", "помощник президента", "Россия"),
        ("Юрий Ушаков", "представитель Кремля", "Кремль"),
    }
    kremlin = rows(graph, "positions", organization="Кремля")
    assert [r["person"] for r in kremlin] == ["Юрий Ушаков"]


def test_event_evidence(graph):
    result = rows(graph, "event_evidence", event="dgr:event/a1b2c3d4e5f60010")
    assert len(result) == 2
    assert {r["event"] for r in result} == {GENEVA_EVENT}
    assert any("состоятся в Женеве" in r["evidence"] for r in result)
    assert any("первая встреча сторон состоится в Женеве" in r["evidence"] for r in result)
    assert all(set(r["documents"].split()) == {DOC1, DOC2} for r in result)
    assert result[0]["rule"] == "talks.scheduled.zaplanirovany"
    assert len(rows(graph, "event_evidence")) == 23  # 22 events, Geneva has two sentences


def test_actors(graph):
    states = rows(graph, "actors", **{"class": "dg:State"})
    assert {(r["label"], r["qid"]) for r in states} == {("Россия", "Q159"), ("США", "Q30")}
    every = rows(graph, "actors")
    assert len(every) == 15
    assert every[0]["label"] == "Россия" and every[0]["documents"] == "3"


def test_top_actors(graph):
    result = rows(graph, "top_actors")
    assert result[0]["actor"] == "Россия"
    assert int(result[0]["total"]) == 14
    totals = [int(r["total"]) for r in result]
    assert totals == sorted(totals, reverse=True)
    demands = rows(graph, "top_actors", type="dg:Demand")
    assert {r["actor"]: r["as_source"] for r in demands}["Россия"] == "2"


# --- binding -----------------------------------------------------------------------------------


def test_bind_value_kinds(graph):
    assert q.bind_value("Q159", None, graph) == DGR.Q159
    assert q.bind_value("wd:Q7184", None, graph) == DGR.Q7184
    assert q.bind_value("dg:Demand", None, graph) == DG.Demand
    assert q.bind_value("https://example.org/x", None, graph) == URIRef("https://example.org/x")
    assert q.bind_value("2022-01-09", None, graph) == Literal("2022-01-09", datatype=XSD.date)
    assert q.bind_value("Женева", None, graph) == Literal("Женева")
    assert q.bind_value("Женева", "text", graph) == Literal("Женева", lang="ru")
    assert q.bind_value("Женеве", "actor", graph) == DGR.Q71
    with pytest.raises(QueryError):
        q.bind_value("yesterday", "date", graph)


def test_values_are_bound_not_pasted(graph):
    hostile = 'x" } UNION { ?s ?p ?o } #'
    table = q.run_query(
        graph, "SELECT ?s WHERE { ?s rdfs:label ?name }", {"name": Literal(hostile)}
    )
    assert table.rows == []
    table = q.run_query(
        graph, "SELECT ?s WHERE { ?s rdfs:label ?name }", {"name": Literal("США", lang="ru")}
    )
    assert [r[0] for r in table.rows] == [DGR.Q30]


def test_unknown_parameter_and_actor(graph):
    with pytest.raises(QueryError, match="no parameter 'who'.*agent, target"):
        q.run_named(graph, "demands", who="Байден")
    with pytest.raises(UnknownActorError, match="Джо Байден"):
        q.run_named(graph, "demands", agent="Байдон")


# --- errors ------------------------------------------------------------------------------------


def test_malformed_query_names_line_and_column(graph):
    with pytest.raises(QueryError) as err:
        q.run_query(graph, "SELECT ?s\nWHERE { ?s a dg:State .\n  FILTER(?s = ) }")
    message = str(err.value)
    assert "line 3, column 3" in message and "FILTER(?s = )" in message
    assert "\n" not in message


def test_unknown_named_query_lists_known_ones():
    with pytest.raises(QueryError) as err:
        q.load_query("no_such_query")
    for name in EXPECTED_QUERIES:
        assert name in str(err.value)


# --- formats -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def positions_table(graph):
    return q.run_query(graph, q.load_query("positions").text)


def test_csv_is_sparql_csv(positions_table):
    parsed = list(csv.reader(io.StringIO(q.format_csv(positions_table))))
    assert parsed[0] == ["person", "role", "organisation", "documents", "event"]
    assert len(parsed) == 6
    assert all(row[4].startswith("https://w3id.org/diplograph/id/event/") for row in parsed[1:])
    assert ["Джен Псаки", "пресс-секретарь", "Белый дом"] in [row[:3] for row in parsed]


def test_tsv_is_sparql_tsv(positions_table):
    lines = q.format_tsv(positions_table).splitlines()
    assert lines[0] == "?person\t?role\t?organisation\t?documents\t?event"
    cells = lines[1].split("\t")
    assert cells[0] == '"Владимир Путин"@ru'
    assert cells[4].startswith("<https://") and cells[4].endswith(">")


def test_json_is_sparql_json(positions_table):
    doc = json.loads(q.format_json(positions_table))
    assert doc["head"]["vars"] == ["person", "role", "organisation", "documents", "event"]
    first = doc["results"]["bindings"][0]
    assert first["person"] == {"type": "literal", "value": "Владимир Путин", "xml:lang": "ru"}
    assert first["event"]["type"] == "uri"
    assert len(doc["results"]["bindings"]) == 5


def test_table_is_aligned_and_md_has_columns(positions_table):
    lines = q.format_table(positions_table).splitlines()
    header, rule, body = lines[0], lines[1], lines[2:-1]
    column = header.index("role")
    assert all(line[column - 2 : column] == "  " for line in body)
    assert set(rule.replace(" ", "")) == {"-"}
    assert lines[-1] == "(5 rows)"
    assert "dgr:event/b1b2c3d4e5f60001" in q.format_table(positions_table)
    md = q.format_md(positions_table).splitlines()
    assert md[0].count("|") == 6 and len(md) == 7


def test_table_cuts_long_cells(graph):
    table = q.run_query(graph, q.load_query("demands").text)
    assert all(len(line) < 400 for line in q.format_table(table, 30).splitlines())
    assert "…" in q.format_table(table, 30)
    assert "…" not in q.format_table(table, 0)


# --- the command line ---------------------------------------------------------------------


def test_cli_talks_timeline(capsys):
    assert main(["query", str(FIXTURE), "talks_timeline"]) == 0
    out = capsys.readouterr().out
    assert out.index("Женева") < out.index("Брюссель") < out.index("Вена")
    assert "2022-01-09" in out and "2022-01-10" in out


def test_cli_actor_profile_csv(capsys):
    assert (
        main(["query", str(FIXTURE), "actor_profile", "--param", "actor=Байдена", "-f", "csv"]) == 0
    )
    parsed = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    facts = {r["fact"] for r in parsed if r["role"] == "→"}
    assert facts == {"Demand", "Warning", "SanctionThreat"}
    assert all(r["evidence"] for r in parsed)


def test_cli_list_and_inline_and_file(capsys, tmp_path):
    assert main(["query", "--list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert {line.split()[0] for line in listed} >= EXPECTED_QUERIES
    assert (
        main(
            [
                "query",
                str(FIXTURE),
                "-e",
                "SELECT ?s WHERE { ?s a dg:State } ORDER BY ?s",
                "-f",
                "tsv",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.splitlines()[1:] == [f"<{DGR.Q159}>", f"<{DGR.Q30}>"]
    rq = tmp_path / "mine.rq"
    rq.write_text("ASK { ?x dg:rejected ?y }", encoding="utf-8")
    assert main(["query", str(FIXTURE), str(rq), "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["boolean"] is True


def test_cli_errors_are_one_line(capsys):
    assert main(["query", str(FIXTURE), "-e", "SELECT ?s WHERE {\n ?s a dg:State }\nLIMIT x"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "line 3, column" in err
    assert main(["query", str(FIXTURE), "no_such"]) == 2
    assert "known queries: " in capsys.readouterr().err
    assert main(["query", str(FIXTURE), "actor_profile", "-p", "actor=Путен"]) == 2
    err = capsys.readouterr().err
    assert "unknown actor" in err and "Владимир Путин" in err
    assert main(["query", str(FIXTURE), "demands", "-p", "agent"]) == 2
    assert "name=value" in capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(EXPECTED_QUERIES))
def test_header_example_runs(name, capsys):
    import shlex

    example = q.load_query(name).examples[0]
    argv = shlex.split(example)[1:]  # drop the program name
    argv = [str(FIXTURE) if a == "graph.trig" else a for a in argv]
    assert main(argv) == 0
    out = capsys.readouterr().out
    body = out.strip().splitlines()
    assert len(body) >= 2, out  # a header and at least one row


# --- paging (limit/offset rewrite the one LIMIT of the page sub-select) ---------------------


PAGED = sorted(EXPECTED_QUERIES - {"top_actors"})


@pytest.mark.parametrize("name", PAGED)
def test_pages_split_the_whole_result(graph, name):
    params = {"actor_profile": {"actor": "РФ"}}.get(name, {})
    every = rows(graph, name, **params)
    assert len(every) >= 3, name
    first = rows(graph, name, limit="2", **params)
    rest = rows(graph, name, limit="1000", offset="2", **params)
    assert len(first) == 2
    key = sorted(map(repr, every))
    assert sorted(map(repr, first + rest)) == key, name


def test_default_page_sizes_are_declared():
    for nq in q.list_queries():
        names = {p.name for p in nq.params}
        assert "limit" in names, nq.name
        body = "\n".join(line for line in nq.text.splitlines() if not line.lstrip().startswith("#"))
        assert len(q._LIMIT_RE.findall(body)) == 1, nq.name


def test_top_actors_limit(graph):
    assert len(rows(graph, "top_actors", limit="3")) == 3
    assert [r["actor"] for r in rows(graph, "top_actors", limit="1")] == ["Россия"]


def test_page_text_rewrites_only_the_limit_clause():
    text = "# LIMIT 5 in a comment\nSELECT ?s { ?s ?p ?o } LIMIT 100"
    assert q.page_text(text, 7).endswith("LIMIT 7")
    assert q.page_text(text, None, 3).endswith("LIMIT 100 OFFSET 3")
    assert q.page_text(text).endswith("LIMIT 100") and "LIMIT 5 in" in q.page_text(text, 7)
    with pytest.raises(QueryError, match="no single LIMIT"):
        q.page_text("SELECT ?s { ?s ?p ?o }", 5)
    with pytest.raises(QueryError, match="0 or more"):
        q.page_text(text, -1)
    with pytest.raises(QueryError, match="integer"):
        q.run_named(q.Graph(), "demands", limit="many")


def test_no_facts_no_rows():
    """rdflib groups an empty solution set into one row of unbound keys; an OPTIONAL label
    after it then matched every label in the graph (and ran for minutes on a big one)."""
    from rdflib import RDFS, Graph

    g = Graph()
    for i in range(30):
        g.add((URIRef(f"urn:x:{i}"), RDFS.label, Literal(f"x{i}")))
    for nq in q.list_queries():
        assert q.run_query(g, nq.text).rows == [], nq.name

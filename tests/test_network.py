"""The actor network (kg.network), actor look-up (kg.actors) and `kg graph`."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from kg import network as net
from kg import network_measures as measures
from kg.actors import build_index, find_actor, lemma_forms, normalize, suggestions
from kg.cli import main
from kg.errors import OutputError, UnknownActorError
from kg.rdfio import load_dataset, union_graph
from kg.vocab import DGR

FIXTURE = Path(__file__).parent / "fixtures" / "mini.trig"
ENTITY = "https://w3id.org/diplograph/id/entity/"


@pytest.fixture(scope="module")
def graph():
    return union_graph(load_dataset([FIXTURE]))


@pytest.fixture(scope="module")
def G(graph):
    return net.to_networkx(graph)


# --- actors -------------------------------------------------------------------------------------


def test_normalize():
    assert normalize("  «Ёлки»   Палки ") == "елки палки"
    assert normalize("Совет Россия - НАТО") == normalize("совет россия-нато")


@pytest.mark.parametrize(
    ("name", "node"),
    [
        ("Путин", DGR.Q7747),
        ("Путина", DGR.Q7747),
        ("владимира путина", DGR.Q7747),
        ("Байдена", DGR.Q6279),
        ("Байден", DGR.Q6279),
        ("РФ", DGR.Q159),
        ("России", DGR.Q159),
        ("Российской Федерацией", DGR.Q159),
        ("Q159", DGR.Q159),
        ("wd:Q159", DGR.Q159),
        ("http://www.wikidata.org/entity/Q159", DGR.Q159),
        ("dgr:Q30", DGR.Q30),
        (str(DGR.Q30), DGR.Q30),
        ("Женеве", DGR.Q71),
        ("Белого дома", DGR.Q35525),
        ("Евросоюза", DGR.Q458),
        ("Ушакову", DGR[ENTITY[len(str(DGR)) :] + "c0ffee02ushakov"]),
        ("Западом", DGR[ENTITY[len(str(DGR)) :] + "c0ffee03zapad"]),
    ],
)
def test_find_actor_any_form(graph, name, node):
    assert find_actor(graph, name) == node


def test_find_actor_ignores_events_and_documents(graph):
    index = build_index(graph)
    assert all("/event/" not in str(n) and "/doc/" not in str(n) for n in index.labels)
    assert len(index.labels) == 15


def test_unknown_actor_suggests_close_names(graph):
    with pytest.raises(UnknownActorError, match="Владимир Путин"):
        find_actor(graph, "Путен")
    with pytest.raises(UnknownActorError, match="Q999"):
        find_actor(graph, "Q999")
    with pytest.raises(UnknownActorError, match="unknown actor 'Обама'$"):
        find_actor(graph, "Обама")
    assert suggestions("Байдон", build_index(graph))[0] == "Джо Байден"


def test_lemma_forms():
    assert "путин" in lemma_forms("Путина")
    assert "белый дом" in lemma_forms("Белого дома")


# --- building the network ------------------------------------------------------------------------


def test_nodes_carry_label_classes_qid(G):
    assert G.number_of_nodes() == 15
    russia = G.nodes[str(DGR.Q159)]
    assert (
        russia["label"] == "Россия" and russia["classes"] == ["State"] and russia["qid"] == "Q159"
    )
    assert G.nodes[ENTITY + "c0ffee01psaki"]["qid"] is None


def test_edges_carry_fact_date_documents_evidence(G):
    assert net.summary(G) == {
        "affiliation": 5,
        "demanded": 3,
        "heldTalks": 2,
        "imposedSanctions": 1,
        "rejected": 1,
        "scheduledTalks": 4,
        "scheduledTalksIn": 6,
        "threatenedSanctions": 3,
        "warned": 3,
    }
    biden, russia = str(DGR.Q6279), str(DGR.Q159)
    facts = {d["fact"]: d for d in G.get_edge_data(biden, russia).values()}
    assert {"demanded", "warned", "threatenedSanctions"} <= set(facts)
    demand = facts["demanded"]
    assert demand["documents"] == ["000_62c2cfc2efeb0b71"]
    assert "призвал Москву" in demand["evidence"][0]
    assert demand["confidence"] == pytest.approx(0.85) and not demand["mutual"]
    geneva_talks = [
        d
        for _, _, d in G.edges(data=True)
        if d["fact"] == "scheduledTalks" and d["date"] == "2022-01-09"
    ]
    assert (
        len(geneva_talks) == 1
        and geneva_talks[0]["mutual"]
        and geneva_talks[0]["end"] == "2022-01-10"
    )
    assert sorted(geneva_talks[0]["documents"]) == ["000_62c2cfc2efeb0b71", "002_719ecf773bc4dd64"]
    roles = {d["role"] for _, _, d in G.edges(data=True) if d["fact"] == "affiliation"}
    assert roles == {"президент", "пресс-секретарь", "помощник президента", "представитель Кремля"}


def test_direct_edges_without_events_are_kept():
    g = Graph().parse(
        data="""
        @prefix dg: <https://w3id.org/diplograph/ontology#> .
        @prefix dgr: <https://w3id.org/diplograph/id/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        dgr:Q30 a dg:State ; rdfs:label "США"@ru ; dg:warned dgr:Q159 ; dg:heldTalksWith dgr:Q159 .
        dgr:Q159 a dg:State ; rdfs:label "Россия"@ru ; dg:heldTalksWith dgr:Q30 ; dg:warnedBy dgr:Q30 .
        """,
        format="turtle",
    )
    H = net.to_networkx(g)
    assert sorted(d["fact"] for _, _, d in H.edges(data=True)) == ["heldTalks", "warned"]
    assert all(d["event"] is None and d["evidence"] == [] for _, _, d in H.edges(data=True))


def test_inferred_graph_gives_the_same_network(graph, G):
    from kg.reason import infer
    from kg.resources import ontology_file

    if not ontology_file().exists():
        pytest.skip("ontology not written yet")
    from kg.reason import load_ontology

    inferred = infer(graph, load_ontology(), "owl-rl", "sparql").graph
    H = net.to_networkx(inferred)
    assert H.number_of_edges() == G.number_of_edges()
    assert set(H.nodes) == set(G.nodes)


# --- neighbours, paths, measures --------------------------------------------------------------


def test_neighbours(graph, G):
    putin = net.resolve(G, graph, "Путина")
    hops = net.neighbours(G, putin)
    assert {net.label(G, h.to) for h in hops} == {"Джо Байден", "Россия", "США"}
    warned = [h for h in hops if h.data["fact"] == "warned"]
    assert len(warned) == 2 and all(h.arrow == "—warned→" for h in warned)
    russia_hops = net.neighbours(G, str(DGR.Q159))
    assert any(h.arrow == "←demanded—" and net.label(G, h.to) == "Джо Байден" for h in russia_hops)


def test_shortest_path_biden_nato(graph, G):
    paths = net.shortest_paths(G, net.resolve(G, graph, "Байден"), net.resolve(G, graph, "НАТО"))
    assert len(paths) == 1
    (first, second) = paths[0]
    assert net.label(G, first[0].to) == "Россия" and net.label(G, second[0].to) == "НАТО"
    assert {h.data["fact"] for h in first} == {"demanded", "warned", "threatenedSanctions"}
    assert {h.data["fact"] for h in second} == {"demanded", "scheduledTalks"}
    assert all(h.data["evidence"] for hop in paths[0] for h in hop)
    # walking the other way shows the same facts with reversed arrows
    back = net.shortest_paths(G, str(DGR.Q7184), str(DGR.Q6279))[0]
    assert back[1][0].arrow.startswith("←")


def test_no_path(G):
    G2 = G.copy()
    G2.add_node("island", label="Остров")
    assert net.shortest_paths(G2, "island", str(DGR.Q159)) == []
    assert net.shortest_paths(G2, str(DGR.Q159), str(DGR.Q159)) == []


def test_centrality(G):
    rows = measures.centrality(G, top=0)
    assert len(rows) == G.number_of_nodes()
    assert rows[0]["label"] == "Россия"
    assert sum(r["pagerank"] for r in rows) == pytest.approx(1.0)
    by_label = {r["label"]: r for r in rows}
    assert by_label["Россия"]["betweenness"] > 0.5
    assert by_label["Вена"]["betweenness"] == 0
    assert by_label["Россия"]["facts"] == G.degree(str(DGR.Q159)) == 17
    assert len(measures.centrality(G, top=3)) == 3


def test_pagerank_matches_the_definition():
    # a 3-cycle plus a dangling node: every cycle node has the same rank
    H = nx.DiGraph()
    H.add_weighted_edges_from([("a", "b", 1), ("b", "c", 1), ("c", "a", 1), ("a", "d", 1)])
    ranks = measures.pagerank_weighted(H)
    assert sum(ranks.values()) == pytest.approx(1.0)
    assert ranks["b"] == pytest.approx(ranks["d"])
    # rank of b is alpha * rank(a)/2 + teleport and dangling share, stationarity holds
    n, alpha = 4, 0.85
    base = (1 - alpha) / n + alpha * ranks["d"] / n
    assert ranks["a"] == pytest.approx(base + alpha * ranks["c"])
    assert ranks["b"] == pytest.approx(base + alpha * ranks["a"] / 2)


def test_communities_partition_the_network(G):
    groups = measures.communities(G)
    members = [n for g in groups for n in g]
    assert len(members) == len(set(members)) == G.number_of_nodes()
    assert len(groups) >= 2
    together = next(g for g in groups if str(DGR.Q7184) in g)
    assert str(DGR.Q239) in together  # NATO with the Brussels talks place


# --- export -----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".json"])
def test_export_round_trips(G, tmp_path, suffix):
    path = tmp_path / f"net{suffix}"
    net.export(G, path)
    if suffix == ".graphml":
        back = nx.read_graphml(path)
    elif suffix == ".gexf":
        back = nx.read_gexf(path)
    else:
        back = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="links")
    assert back.number_of_nodes() == G.number_of_nodes()
    assert back.number_of_edges() == G.number_of_edges()
    assert back.nodes[str(DGR.Q159)]["label"] == "Россия"
    facts = sorted(d["fact"] for _, _, d in back.edges(data=True))
    assert facts == sorted(d["fact"] for _, _, d in G.edges(data=True))


def test_export_unknown_format(G, tmp_path):
    with pytest.raises(OutputError, match="graphml"):
        net.export(G, tmp_path / "net.png")


# --- the command line ---------------------------------------------------------------------


def test_cli_path(capsys):
    assert main(["graph", str(FIXTURE), "path", "Байден", "НАТО"]) == 0
    out = capsys.readouterr().out
    assert "Джо Байден — Россия — НАТО" in out
    assert "Джо Байден —demanded→ Россия" in out and "Россия —demanded→ НАТО" in out
    assert "«" in out and "000_62c2cfc2efeb0b71" in out


def test_cli_neighbours_central_communities(capsys):
    assert main(["graph", str(FIXTURE), "neighbours", "Путина"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Владимир Путин: 6 facts with 3 neighbours")
    assert "Владимир Путин —affiliation→ Россия (президент)" in out
    assert main(["graph", str(FIXTURE), "central", "--top", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4 and lines[1].startswith("Россия")
    assert main(["graph", str(FIXTURE), "communities"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. (") and "НАТО" in out


def test_cli_export(tmp_path, capsys):
    out = tmp_path / "n.graphml"
    assert main(["graph", str(FIXTURE), "export", "-o", str(out)]) == 0
    assert "15 nodes" in capsys.readouterr().err
    assert nx.read_graphml(out).number_of_nodes() == 15


def test_cli_errors(capsys):
    assert main(["graph", str(FIXTURE), "path", "Байден", "Обама"]) == 2
    assert "unknown actor 'Обама'" in capsys.readouterr().err
    assert main(["graph", str(FIXTURE), "neighbours", "Байдон"]) == 2
    assert "did you mean: Джо Байден" in capsys.readouterr().err
    assert main(["graph", str(FIXTURE)]) == 2
    assert "then one of" in capsys.readouterr().err
    assert main(["graph", str(FIXTURE), "path", "Байден"]) == 2
    assert "takes 2 arguments" in capsys.readouterr().err
    assert main(["graph", str(FIXTURE), "export"]) == 2
    assert "-o FILE" in capsys.readouterr().err

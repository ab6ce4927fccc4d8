"""`kg viz`: the model read from RDF, the HTML page, static pictures, the timeline, and the
page in a real headless Chromium (marker `browser`)."""

from __future__ import annotations

import base64
import html
import io
import json
import re
import struct
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import Browser, open_browser
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from kg.cli import main
from kg.errors import OutputError, UnknownActorError
from kg.rdfio import load_dataset, union_graph
from kg.viz import output_format, render
from kg.viz.html import script_json
from kg.viz.layout import layout
from kg.viz.model import FACT_TYPES, date_key, ego, extract, find_actor
from kg.vocab import DG

FIXTURE = Path(__file__).parent / "fixtures" / "viz_sample.trig"
DGR = "https://w3id.org/diplograph/id/"
ACTOR_TYPES = (
    DG.Person,
    DG.State,
    DG.InternationalOrganization,
    DG.GovernmentBody,
    DG.Organization,
    DG.Bloc,
)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return union_graph(load_dataset([FIXTURE]))


@pytest.fixture(scope="module")
def actor_labels(graph: Graph) -> set[str]:
    """Every actor's label, read from the fixture with rdflib (not from our code)."""
    labels = set()
    for cls in ACTOR_TYPES:
        for s in graph.subjects(RDF.type, cls):
            labels.update(str(o) for o in graph.objects(s, RDFS.label))
    assert len(labels) >= 10
    return labels


@pytest.fixture(scope="module")
def event_count(graph: Graph) -> int:
    return len({e for t in FACT_TYPES for e in graph.subjects(RDF.type, t.cls)})


def _uri(local: str) -> str:
    return DGR + local


# -- model -------------------------------------------------------------------------------


def test_model_nodes_facts_and_edges(
    graph: Graph, actor_labels: set[str], event_count: int
) -> None:
    model = extract(graph)
    assert {n.label for n in model.nodes} >= actor_labels
    assert len(model.facts) == event_count
    kinds = {n.label: n.kind for n in model.nodes}
    assert kinds["Владимир Путин"] == "Person"
    assert kinds["Женева"] == "City"
    assert kinds["Белый дом"] == "GovernmentBody"

    edges = {(e.source, e.target, e.type): e for e in model.edges}
    putin, nato = _uri("entity/putin"), _uri("entity/nato")
    # Two demands Putin → NATO share one edge; both facts kept, in date order.
    demand = edges[(putin, nato, "demanded")]
    assert demand.directed
    assert [model.fact_by_id[f].start for f in demand.facts] == ["2021-12-21", "2022-01-13"]
    # Talks: one undirected edge per participant pair; the place is not an endpoint.
    talks = [e for e in model.edges if e.type == "scheduledTalks"]
    assert [(e.source, e.target, e.directed) for e in talks] == [
        (_uri("entity/russia"), _uri("entity/usa"), False)
    ]
    fact = model.fact_by_id[talks[0].facts[0]]
    assert fact.location == _uri("entity/geneva")
    assert (fact.start, fact.end) == ("2022-01-09", "2022-01-10")
    assert fact.documents == ("001_kremlin",)
    # Positions: holder → organisation, with the role.
    post = edges[(_uri("entity/psaki"), _uri("entity/white-house"), "affiliation")]
    assert model.fact_by_id[post.facts[0]].role == "пресс-секретарь"
    # A fact from two documents names both.
    two = model.fact_by_id[_uri("event/e8")]
    assert two.documents == ("001_kremlin", "002_sanctions")
    assert two.start is None


def test_places_are_drawn_only_when_they_take_part(graph: Graph) -> None:
    from kg.viz.model import drawn_nodes

    labels = {n.label for n in drawn_nodes(extract(graph))}
    assert "Женева" not in labels
    g2 = Graph()
    for t in graph:
        g2.add(t)
    e = URIRef(_uri("event/x"))
    g2.add((e, RDF.type, DG.HeldTalks))
    g2.add((e, DG.participant, URIRef(_uri("entity/geneva"))))
    g2.add((e, DG.participant, URIRef(_uri("entity/usa"))))
    assert "Женева" in {n.label for n in drawn_nodes(extract(g2))}


@pytest.mark.parametrize(
    ("lexical", "expected"),
    [
        ("2022-01-09", "2022-01-09"),
        ("2022-01", "2022-01-01"),
        ("2022", "2022-01-01"),
        ("--01-09", None),
        ("--01", None),
        (None, None),
        ("soon", None),
    ],
)
def test_date_key(lexical: str | None, expected: str | None) -> None:
    assert date_key(lexical) == expected


def test_find_actor_by_label_alias_case_and_yo(graph: Graph) -> None:
    model = extract(graph)
    assert find_actor(model, "путин").id == _uri("entity/putin")
    assert find_actor(model, "Российская  федерация").id == _uri("entity/russia")
    assert find_actor(model, "Соединенные Штаты").id == _uri("entity/usa")  # е for ё
    assert find_actor(model, "газпром").id == _uri("entity/gazprom")  # quotes ignored
    with pytest.raises(UnknownActorError, match="Путин"):
        find_actor(model, "Путен")


def test_ego_network(graph: Graph) -> None:
    model = extract(graph)
    sub = ego(model, _uri("entity/putin"))
    assert {n.label for n in sub.nodes} == {"Владимир Путин", "НАТО", "Россия", "Джо Байден"}
    assert all(
        _uri("entity/putin") in (e.source, e.target)
        or {e.source, e.target} <= {n.id for n in sub.nodes}
        for e in sub.edges
    )
    two = ego(model, _uri("entity/putin"), radius=2)
    assert len(two.nodes) > len(sub.nodes)
    assert "Женева" not in {n.label for n in sub.nodes}


def test_layout_is_deterministic_and_spreads_nodes() -> None:
    nodes = [f"n{i}" for i in range(700)]
    edges = [(f"n{i}", f"n{(i * 7 + 3) % 700}") for i in range(700)] + [("n1", "n2")]
    a = layout(nodes, edges)
    assert a == layout(list(reversed(nodes)), edges)
    assert set(a) == set(nodes)
    assert len(set(a.values())) > 690  # hardly any two nodes on the same spot


# -- HTML --------------------------------------------------------------------------------


def _embedded(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert m, "no embedded data"
    return json.loads(m.group(1))


def test_html_is_self_contained_and_holds_every_actor(
    graph: Graph, actor_labels: set[str], event_count: int
) -> None:
    page = render(extract(graph), "html").decode("utf-8")
    data = _embedded(page)
    assert {n["label"] for n in data["nodes"]} >= actor_labels
    assert len(data["facts"]) == event_count
    # No external script, style, image or link: every src/href is absent or inline.
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=", page, re.I)
    # The one address: the Wikidata link the details panel builds for a clicked actor.
    links = re.findall(r"""(?:src|href)\s*=\s*["']?((?:https?:)?//[^"' ]*)""", page, re.I)
    assert set(links) <= {"https://www.wikidata.org/wiki/"}
    assert "vis.Network" in page and "visjs" in page  # the library itself is inlined
    # The nasty evidence sentence neither closes the data element nor opens a script.
    assert page.count("</script>") == 3
    assert "alert(1)" in json.dumps(data, ensure_ascii=False)
    assert "<script>alert(1)" not in page


def test_html_title_is_escaped(graph: Graph) -> None:
    page = render(extract(graph), "html", title='<b>"x"</b>').decode("utf-8")
    assert "<title>&lt;b&gt;&quot;x&quot;&lt;/b&gt;</title>" in page


def test_script_json_round_trips() -> None:
    value = {"a": "</script><!-- & «»", "b": [1, None, "\u2028"]}
    text = script_json(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


# -- static pictures ---------------------------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def _in_facts(graph: Graph) -> tuple[set[str], set[str]]:
    """Labels of the actors that take part in some fact, and of those that do not (rdflib)."""
    roles = (DG.agent, DG.target, DG.participant, DG.holder, DG.organization)
    active = {o for p in roles for o in graph.objects(None, p)}
    labels: dict[bool, set[str]] = {True: set(), False: set()}
    for cls in ACTOR_TYPES:
        for s in graph.subjects(RDF.type, cls):
            labels[s in active].update(str(o) for o in graph.objects(s, RDFS.label))
    return labels[True], labels[False] - labels[True]


def test_svg_names_the_actors_in_facts_only(graph: Graph) -> None:
    svg = render(extract(graph), "svg").decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    active, factless = _in_facts(graph)
    assert active and factless
    esc = html.escape
    named = {a for a in active if esc(a, quote=False) in svg}
    hidden = re.search(r"без подписи: (\d+)", svg)
    assert len(active) - len(named) == (int(hidden.group(1)) if hidden else 0)
    assert not {a for a in factless if f">{esc(a, quote=False)}<" in svg}
    # The legend speaks the ontology's words (rdfs:label @ru).
    for legend in ("Факты", "Акторы", "требование", "состоявшиеся переговоры"):
        assert legend in svg


def test_png_is_a_sensible_image(graph: Graph) -> None:
    from PIL import Image

    data = render(extract(graph), "png")
    width, height = _png_size(data)
    assert 800 <= width <= 5000 and 600 <= height <= 5000
    img = Image.open(io.BytesIO(data)).convert("L")
    dark = sum(img.histogram()[:200])
    assert dark > 0.005 * width * height  # something is drawn


def test_static_pictures_are_reproducible(graph: Graph) -> None:
    model = extract(graph)
    assert render(model, "svg") == render(model, "svg")


def test_cli_ego_picture(tmp_path: Path) -> None:
    out = tmp_path / "putin.svg"
    assert main(["viz", str(FIXTURE), "-o", str(out), "--actor", "ПУТИН"]) == 0
    svg = out.read_text(encoding="utf-8")
    assert "НАТО" in svg and "Джо Байден" in svg
    assert "Газпром" not in svg and "Джен Псаки" not in svg


def test_cli_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["viz", str(FIXTURE), "-o", str(tmp_path / "x.svg"), "--actor", "Путен"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg viz: error: no actor named 'Путен'") and "Путин" in err
    assert len(err.strip().splitlines()) == 1
    assert main(["viz", str(FIXTURE), "-o", str(tmp_path / "x.pdf")]) == 2
    assert ".pdf" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
    with pytest.raises(OutputError):
        output_format("graph.jpeg")


# -- timeline ----------------------------------------------------------------------------


def test_timeline_html_holds_the_events(graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "timeline.html"
    assert main(["viz", str(FIXTURE), "--timeline", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page.replace("&lt;script", "")  # no code at all, and escaped text
    for sentence in graph.objects(None, DG.evidence):
        assert html.escape(str(sentence)) in page
    # One mark per fact, dated or not; the hollow ones at their document's date.
    events = {e for t in FACT_TYPES for e in graph.subjects(RDF.type, t.cls)}
    assert page.count('<g class="fact">') == len(events) > 7
    own = [e for e in events if date_key(str(graph.value(e, DG.startDate)))]
    assert page.count('stroke-width="0.6"/>') == len(own) == 7  # filled marks
    assert "2022-01-09 — 2022-01-10" in page


def test_timeline_rows_by_pair(graph: Graph) -> None:
    from kg.viz.timeline import rows

    model = extract(graph)
    by_pair = rows(model, "pair")
    labels = [r.label for r in by_pair]
    assert "Владимир Путин → НАТО" in labels
    assert "Россия — США" in labels
    assert sum(len(r.items) for r in by_pair) == len(model.facts)
    by_actor = rows(model, "actor")
    putin = next(r for r in by_actor if r.label == "Владимир Путин")
    assert {i.fact.id for i in putin.items} == {
        f.id for f in model.facts if _uri("entity/putin") in f.actors
    }


def test_timeline_png(graph: Graph) -> None:
    data = render(extract(graph), "png", timeline=True)
    width, height = _png_size(data)
    assert width >= 1000 and height >= 300


def test_timeline_without_dates() -> None:
    g = Graph()
    e = URIRef(_uri("event/undated"))
    g.add((e, RDF.type, DG.Demand))
    g.add((e, DG.agent, URIRef(_uri("entity/a"))))
    g.add((URIRef(_uri("entity/a")), RDFS.label, Literal("А", lang="ru")))
    page = render(extract(g), "html", timeline=True).decode("utf-8")
    assert page.count('<g class="fact">') == 1 and ">без даты<" in page
    _png_size(render(extract(g), "png", timeline=True))
    assert "Нет фактов" in render(extract(Graph()), "html", timeline=True).decode("utf-8")


# -- the page in a real browser ----------------------------------------------------------


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    yield from open_browser(tmp_path)


def _non_background(png: bytes, left: int) -> int:
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("L")
    w, h = img.size
    return sum(img.crop((left, 0, w, h)).histogram()[:235])  # the background is white


@pytest.mark.browser
def test_page_in_headless_chromium(
    browser: Browser, tmp_path: Path, actor_labels: set[str]
) -> None:
    page = tmp_path / "graph.html"
    assert main(["viz", str(FIXTURE), "-o", str(page)]) == 0
    url = browser.load(page)

    shot = base64.b64decode(browser.send("Page.captureScreenshot", format="png")["data"])
    assert _png_size(shot) == (1280, 800)
    (tmp_path / "screenshot.png").write_bytes(shot)
    panel = int(browser.eval("document.getElementById('panel').getBoundingClientRect().right"))
    drawn = _non_background(shot, panel + 1)
    print("non-white pixels in the drawing:", drawn)
    assert drawn > 5000, f"the drawing looks blank ({drawn} non-white pixels)"

    labels = set(browser.eval("kgViz.data.nodes.map(function (n) { return n.label; })"))
    assert labels >= actor_labels
    status = browser.eval("document.getElementById('status').textContent")
    assert re.search(r"Показано: \d+ из \d+ акторов", status)

    # Hover an edge: the tooltip shows its evidence as text (the </script> one stays text).
    point = browser.eval("""(function () {
        var d = kgViz.data, i = d.edges.findIndex(function (e) { return e.type === 'warned'; });
        var edge = kgViz.network.body.edges[i], p = edge.edgeType.getPoint(0.5);
        var dom = kgViz.network.canvasToDOM(p), box = document.getElementById('graph').getBoundingClientRect();
        return [dom.x + box.left, dom.y + box.top];
    })()""")
    for _ in range(2):
        browser.send("Input.dispatchMouseEvent", type="mouseMoved", x=point[0], y=point[1])
        time.sleep(0.3)
    tip = browser.eval(
        "document.getElementById('tooltip').hidden ? '' : document.getElementById('tooltip').textContent"
    )
    assert "предупредили Россию" in tip and "</script><script>alert(1)</script>" in tip
    assert "001_kremlin" in tip and "2021-12-24" in tip
    assert browser.eval("document.querySelectorAll('#tooltip script').length") == 0

    # Filters: drop every fact type but talks; then the ego network of Putin.
    shown = browser.eval("kgViz.network.body.data.edges.length")
    browser.eval("""document.querySelectorAll('#types input').forEach(function (cb) {
        if (cb.value !== 'heldTalks') cb.click(); })""")
    assert browser.eval("kgViz.network.body.data.edges.length") == 1 < shown
    browser.eval(
        "document.querySelectorAll('#types input').forEach(function (cb) { if (!cb.checked) cb.click(); })"
    )
    putin = browser.eval(
        "kgViz.data.nodes.findIndex(function (n) { return n.label === 'Владимир Путин'; })"
    )
    browser.eval(f"kgViz.setEgo({putin})")
    ego_nodes = browser.eval(
        "kgViz.network.body.data.nodes.getIds().map(function (i) { return kgViz.data.nodes[i].label; })"
    )
    assert set(ego_nodes) == {"Владимир Путин", "НАТО", "Россия", "Джо Байден"}
    # Date slider: only the first day left.
    browser.eval(
        "kgViz.setEgo(null); var t = document.getElementById('date-to'); t.value = '0';"
        "t.dispatchEvent(new Event('input')); document.getElementById('undated').click()"
    )
    assert browser.eval("kgViz.network.body.data.edges.length") == 1

    assert [u for u in browser.requests() if u != url and not u.startswith("data:")] == []
    assert browser.errors() == []


def test_timeline_by_pair_keeps_the_busiest_rows() -> None:
    from kg.viz.timeline import MAX_ROWS

    g = Graph()
    n_pairs = MAX_ROWS + 5
    for i in range(n_pairs):
        for k in range(1 if i else 3):  # pair 0 has the most facts
            e = URIRef(_uri(f"event/p{i}-{k}"))
            g.add((e, RDF.type, DG.Warning))
            g.add((e, DG.agent, URIRef(_uri(f"entity/a{i}"))))
            g.add((e, DG.target, URIRef(_uri(f"entity/b{i}"))))
            g.add((e, DG.startDate, Literal(f"2022-02-{k + 1:02d}", datatype=XSD.date)))
    page = render(extract(g), "html", timeline=True, by="pair").decode("utf-8")
    assert "Ещё строк не показано: 5" in page
    assert page.count('<g class="fact">') == MAX_ROWS - 1 + 3
    assert page.count("<tr>") == n_pairs + 2 + 1  # every fact in the table, plus the header

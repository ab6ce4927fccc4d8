"""Issue 19, pictures people can read: no two texts of a static picture overlap (boxes from
matplotlib's renderer), the timeline shows every fact, the page fits the window and its
panel shows the evidence of what is clicked (headless Chromium, network blocked)."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import Browser, open_browser
from rdflib import RDF, RDFS, Graph

from kg.cli import main
from kg.rdfio import load_dataset, union_graph
from kg.viz.labels import Taken, lanes, overlaps, place
from kg.viz.model import FACT_TYPES, VizGraph, extract
from kg.vocab import DG

FIXTURE = Path(__file__).parent / "fixtures" / "viz_sample.trig"
ROOT = Path(__file__).resolve().parents[1]
DEV2 = ROOT.parent / "shared" / "eval" / "dev2" / "docs.jsonl"


def _events(graph: Graph) -> set:
    return {e for t in FACT_TYPES for e in graph.subjects(RDF.type, t.cls)}


def text_overlaps(fig) -> tuple[int, list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    """How many visible texts the drawn figure has, and the pairs whose boxes overlap."""
    from matplotlib.text import Text

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [
        (t.get_text(), t.get_window_extent(renderer).extents)
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip()
    ]
    bad = [
        (a[0], b[0])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if overlaps(tuple(a[1]), tuple(b[1]))
    ]
    return len(boxes), bad


def _figures(model: VizGraph):  # type: ignore[no-untyped-def]
    from kg.viz.static import network_figure
    from kg.viz.timeline_picture import timeline_figure

    yield "network", network_figure(model, "сеть")
    for by in ("type", "actor"):
        yield f"timeline by {by}", timeline_figure(model, by, "хронология")


def _check_pictures(graph: Graph) -> None:
    model = extract(graph)
    for name, fig in _figures(model):
        count, bad = text_overlaps(fig)
        print(f"{name}: {count} texts, {len(bad)} overlapping pairs")
        assert count > 10, name
        assert bad == [], f"{name}: {bad[:5]}"


def _check_timeline_has_every_fact(graph: Graph) -> None:
    from kg.viz.timeline_picture import timeline_figure

    model = extract(graph)
    events = _events(graph)
    fig = timeline_figure(model, "type")
    # One label per fact, each an annotation on one of the two panels.
    marks = [t for ax in fig.axes for t in ax.texts]
    assert len(marks) == len(events) == len(model.facts)


# -- the placement itself ------------------------------------------------------------------


def test_place_never_overlaps_and_stays_in_the_frame() -> None:
    rng = random.Random(3)
    taken, frame, boxes = Taken(cell=50), (0.0, 0.0, 800.0, 600.0), []
    for _ in range(400):
        x, y = rng.uniform(0, 800), rng.uniform(0, 600)
        spot = place(x, y, rng.uniform(2, 12), (rng.uniform(20, 160), 12.0), taken, frame)
        if spot:
            boxes.append(spot.box)
    assert 40 < len(boxes) < 400  # some fit, some do not
    for i, a in enumerate(boxes):
        assert frame[0] <= a[0] and a[2] <= frame[2] and frame[1] <= a[1] and a[3] <= frame[3]
        assert not any(overlaps(a, b) for b in boxes[i + 1 :])


def test_lanes_keep_spans_apart() -> None:
    spans = [(0, 50), (10, 20), (55, 90), (21, 30), (0, 5)]
    spans.sort()
    got = lanes(spans, gap=4)
    for i, a in enumerate(spans):
        for j, b in enumerate(spans):
            if i < j and got[i] == got[j]:
                assert a[1] + 4 <= b[0] or b[1] + 4 <= a[0]
    assert max(got) == 2  # (0,5) (0,50) (10,20) overlap: three lanes are needed


# -- static pictures -----------------------------------------------------------------------


def test_no_overlapping_texts_on_the_fixture() -> None:
    _check_pictures(union_graph(load_dataset([FIXTURE])))


def test_network_fills_the_canvas() -> None:
    from kg.viz.static import network_figure

    fig = network_figure(extract(union_graph(load_dataset([FIXTURE]))))
    fig.canvas.draw()
    ax = fig.axes[0]
    points = ax.transData.transform(ax.collections[-1].get_offsets())
    frame = ax.get_window_extent()
    spread = max(
        (points[:, 0].max() - points[:, 0].min()) / frame.width,
        (points[:, 1].max() - points[:, 1].min()) / frame.height,
    )
    assert spread > 0.75
    assert frame.width / (fig.get_figwidth() * fig.dpi) > 0.5  # the drawing, not the legend


def test_timeline_has_every_fact_of_the_fixture() -> None:
    _check_timeline_has_every_fact(union_graph(load_dataset([FIXTURE])))


def test_lang_en_takes_the_ontology_labels(tmp_path: Path) -> None:
    out = tmp_path / "g.svg"
    assert main(["viz", str(FIXTURE), "--lang", "en", "-o", str(out)]) == 0
    svg = out.read_text(encoding="utf-8")
    onto = Graph().parse(ROOT / "ontology" / "diplograph.ttl")
    demand = next(o for o in onto.objects(DG.Demand, RDFS.label) if o.language == "en")
    assert str(demand) in svg and "Facts" in svg and "требование" not in svg
    page = tmp_path / "g.html"
    assert main(["viz", str(FIXTURE), "--lang", "en", "-o", str(page)]) == 0
    assert '<html lang="en">' in page.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Graph]:
    """The graphs of examples/ and of ../shared/eval/dev2, built by `kg build`."""
    out = tmp_path_factory.mktemp("built")
    graphs = {}
    for name, source in (("examples", ROOT / "examples"), ("dev2", DEV2)):
        if not source.exists():
            continue
        assert main(["build", str(source), "-o", str(out / f"{name}.trig")]) == 0
        graphs[name] = union_graph(load_dataset([out / f"{name}.trig"]))
    return graphs


@pytest.mark.slow
@pytest.mark.parametrize("name", ["examples", "dev2"])
def test_no_overlapping_texts_on_built_graphs(built: dict[str, Graph], name: str) -> None:
    if name not in built:
        pytest.skip(f"{name} not found (../shared beside the repository)")
    _check_pictures(built[name])


@pytest.mark.slow
def test_timeline_has_every_fact_of_the_examples(built: dict[str, Graph], tmp_path: Path) -> None:
    graph = built["examples"]
    _check_timeline_has_every_fact(graph)
    page = tmp_path / "t.html"
    (tmp_path / "g.trig").write_text(graph.serialize(format="trig"), encoding="utf-8")
    assert main(["viz", str(tmp_path / "g.trig"), "--timeline", "-o", str(page)]) == 0
    marks = page.read_text(encoding="utf-8").count('<g class="fact">')
    print("timeline facts on examples/:", marks)
    assert marks == len(_events(graph)) > 40


# -- the page in headless Chromium ---------------------------------------------------------


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    yield from open_browser(tmp_path)




OUTSIDE = """(function () {
  var net = kgViz.network, box = document.getElementById('graph').getBoundingClientRect();
  var ids = net.body.data.nodes.getIds(), out = [];
  ids.forEach(function (id) {
    var b = net.getBoundingBox(id);
    var a = net.canvasToDOM({x: b.left, y: b.top}), c = net.canvasToDOM({x: b.right, y: b.bottom});
    if (a.x < 0 || a.y < 0 || c.x > box.width || c.y > box.height) out.push(kgViz.data.nodes[id].label);
  });
  return [ids.length, out];
})()"""


def _click(browser: Browser, label: str) -> None:
    point = browser.eval(f"""(function () {{
        var i = kgViz.data.nodes.findIndex(function (n) {{ return n.label === {label!r}; }});
        var d = kgViz.network.canvasToDOM(kgViz.network.getPosition(i));
        var box = document.getElementById('graph').getBoundingClientRect();
        return [d.x + box.left, d.y + box.top];
    }})()""")
    for kind in ("mousePressed", "mouseReleased"):
        browser.send(
            "Input.dispatchMouseEvent",
            type=kind,
            x=point[0],
            y=point[1],
            button="left",
            clickCount=1,
        )
    time.sleep(0.4)


@pytest.mark.browser
def test_page_fits_hides_factless_and_explains_a_click(browser: Browser, tmp_path: Path) -> None:
    graph = union_graph(load_dataset([FIXTURE]))
    page = tmp_path / "graph.html"
    assert main(["viz", str(FIXTURE), "-o", str(page)]) == 0
    url = browser.load(page)

    shown, outside = browser.eval(OUTSIDE)
    assert shown > 5 and outside == []
    # Fact-less actors are hidden until the toggle shows them; the view fits again.
    all_nodes = browser.eval("kgViz.data.nodes.length")
    factless = browser.eval("kgViz.data.nodes.filter(function (n) { return n.factless; }).length")
    assert factless > 0 and shown == all_nodes - factless
    browser.eval("document.getElementById('factless').click()")
    shown2, outside2 = browser.eval(OUTSIDE)
    assert shown2 == all_nodes and outside2 == []
    browser.eval("document.getElementById('factless').click()")
    # After a filter the view fits too.
    browser.eval("document.querySelector('#types input[value=affiliation]').click()")
    assert browser.eval(OUTSIDE)[1] == []
    browser.eval("document.querySelector('#types input[value=affiliation]').click()")

    # A click on Putin: the panel names him and shows the evidence of each of his facts.
    _click(browser, "Владимир Путин")
    assert browser.eval("document.getElementById('details').hidden") is False
    text = browser.eval("document.getElementById('details-body').textContent")
    putin = next(s for s, o in graph.subject_objects(RDFS.label) if str(o) == "Владимир Путин")
    roles = (DG.agent, DG.target, DG.participant, DG.holder)
    evidence = {
        str(s)
        for p in roles
        for e in graph.subjects(p, putin)
        for s in graph.objects(e, DG.evidence)
    }
    assert evidence and all(s in text for s in evidence)
    assert "Владимир Путин" in text and "001_kremlin" in text
    assert browser.eval("document.querySelectorAll('#details-body script').length") == 0

    assert [u for u in browser.requests() if u != url and not u.startswith("data:")] == []
    assert browser.errors() == []

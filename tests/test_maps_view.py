"""What a viewer sees, measured in a real headless Chromium at 1920×1080.

The page's canvas is watched while it draws: every ``fillText`` call is recorded with
the canvas transform and the font in force, and turned into the text's box in screen
pixels. Nodes' boxes come from vis-network (``getBoundingBox`` → ``canvasToDOM``). A map
fails if two drawn texts overlap, a text covers a node, or — in presentation mode — a
text is smaller than 18 px.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.visibility import visible_subgraph
from buendnisatlas.graph.vocab import Visibility
from buendnisatlas.visualizations.maps import MapOptions, build_map, render_html

from .conftest import CliResult, console_errors
from .mapdata import generated_network, map_data, msh_coordinates

pytestmark = pytest.mark.browser

PFD = "pfd-msh"
MIN_PRESENTATION_PX = 18

RECORD_TEXT = """
window.__drawn = [];
const proto = CanvasRenderingContext2D.prototype;
if (!proto.__recording) {
  const fill = proto.fillText;
  proto.fillText = function (text, x, y) {
    const m = this.getTransform();
    const metrics = this.measureText(text);
    const px = parseFloat(/(\\d+(?:\\.\\d+)?)px/.exec(this.font)[1]);
    const ratio = window.devicePixelRatio || 1;
    const sx = Math.hypot(m.a, m.b) / ratio, sy = Math.hypot(m.c, m.d) / ratio;
    const left = x - metrics.actualBoundingBoxLeft, right = x + metrics.actualBoundingBoxRight;
    const top = y - metrics.actualBoundingBoxAscent, bottom = y + metrics.actualBoundingBoxDescent;
    const rect = this.canvas.getBoundingClientRect();
    const at = (u, v) => ({x: (m.a * u + m.c * v + m.e) / ratio + rect.left, y: (m.b * u + m.d * v + m.f) / ratio + rect.top});
    const a = at(left, top), b = at(right, bottom);
    window.__drawn.push({text: String(text), px: px * sy, x0: a.x, y0: a.y, x1: b.x, y1: b.y});
    return fill.apply(this, arguments);
  };
  proto.__recording = true;
}
if (!window.__framed) {
  // Each frame starts a new record: what is measured is one whole frame, the last one drawn.
  buendnisatlasMap.network.on('beforeDrawing', function () { window.__drawn = []; });
  window.__framed = true;
}
"""

NODE_BOXES = """
const m = buendnisatlasMap.network;
const rect = document.querySelector('#ba-map canvas').getBoundingClientRect();
return buendnisatlasMap.nodes.get({filter: n => !n.hidden}).map(n => {
  const b = m.getBoundingBox(n.id);
  const a = m.canvasToDOM({x: b.left, y: b.top}), c = m.canvasToDOM({x: b.right, y: b.bottom});
  return {id: n.id, x0: a.x + rect.left, y0: a.y + rect.top, x1: c.x + rect.left, y1: c.y + rect.top};
}).filter(b => b.x1 > rect.left && b.x0 < rect.right && b.y1 > rect.top && b.y0 < rect.bottom);
"""


@pytest.fixture
def screen(browser: Any) -> Iterator[Any]:
    """The browser with a 1920×1080 viewport (a projector), reset afterwards."""
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": False}
    )
    yield browser
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def open_and_measure(driver: Any, path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Open the map and return (texts drawn on its canvas, node boxes), both in screen pixels."""
    driver.get_log("browser")
    driver.get(path.as_uri())
    deadline = time.monotonic() + 20
    while not driver.execute_script("return Boolean(window.buendnisatlasMap && buendnisatlasMap.ready)"):
        assert time.monotonic() < deadline, "the map never finished drawing"
        time.sleep(0.05)
    return redraw_and_measure(driver)


def redraw_and_measure(driver: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    driver.execute_script(RECORD_TEXT)
    driver.execute_script("buendnisatlasMap.network.redraw()")
    time.sleep(0.3)  # vis-network draws on the next animation frame
    texts = driver.execute_script("return window.__drawn")
    assert texts, "nothing was drawn"
    return texts, driver.execute_script(NODE_BOXES)


def overlap(a: dict[str, Any], b: dict[str, Any], slack: float = 0.5) -> bool:
    return (
        a["x0"] + slack < b["x1"]
        and b["x0"] + slack < a["x1"]
        and a["y0"] + slack < b["y1"]
        and b["y0"] + slack < a["y1"]
    )


def assert_readable(texts: list[dict[str, Any]], nodes: list[dict[str, Any]], presentation: bool) -> None:
    # A label's lines are drawn one by one, and each is a separate text here.
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            assert not overlap(a, b), f"labels overlap: {a['text']!r} and {b['text']!r}"
        for node in nodes:
            assert not overlap(a, node), f"label {a['text']!r} covers node {node['id']!r}"
        if presentation:
            assert a["px"] >= MIN_PRESENTATION_PX, f"{a['text']!r} is {a['px']:.1f} px"


def public_map(G: nx.MultiDiGraph, options: MapOptions) -> Any:
    """The map the public sees: the graph filtered as the service layer filters it."""
    return build_map(visible_subgraph(G, Visibility.PUBLIC), options, context=G)


def write_map(tmp_path: Path, G: nx.MultiDiGraph, name: str, public: bool = False, **options: Any) -> Path:
    path = tmp_path / f"{name}.html"
    view = public_map(G, MapOptions(**options)) if public else build_map(G, MapOptions(**options))
    path.write_text(render_html(view), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def big_network() -> nx.MultiDiGraph:
    return generated_network(1000, seed=3)


@pytest.fixture
def demo_graph(cli: Callable[..., CliResult], db_path: Path) -> tuple[nx.MultiDiGraph, dict[str, str]]:
    assert cli("demo").code == 0
    store = SqliteStore(db_path)
    return store.subgraph(alliance=PFD), {r.ags: r.name for r in store.find_regions()}


KINDS = {
    "internal": {},
    "public": {"public": True},
    "presentation": {"public": True, "presentation": True},
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_demo_map_labels_are_legible_and_never_overlap(
    screen: Any, demo_graph: tuple[nx.MultiDiGraph, dict[str, str]], tmp_path: Path, kind: str
) -> None:
    G, names = demo_graph
    path = write_map(tmp_path, G, kind, region_names=names, **KINDS[kind])
    texts, nodes = open_and_measure(screen, path)
    assert_readable(texts, nodes, presentation=kind == "presentation")
    drawn = {t["text"] for t in texts}
    # The big groups are captioned with their sizes, and the first view names a good share of the network.
    regions = sorted(map_data(path)["page"]["regions"], key=lambda r: -r["size"])
    assert {f"{r['label']} ({r['size']})" for r in regions[:3]} <= drawn
    assert len(texts) >= 25
    assert console_errors(screen) == []


@pytest.mark.parametrize("kind", list(KINDS))
def test_thousand_node_map_labels_are_legible_and_zoom_reveals_more(
    screen: Any, big_network: nx.MultiDiGraph, tmp_path: Path, kind: str
) -> None:
    path = write_map(tmp_path, big_network, kind, **KINDS[kind])
    texts, nodes = open_and_measure(screen, path)
    assert len(nodes) > 500, "the whole network is on screen"
    assert_readable(texts, nodes, presentation=kind == "presentation")
    before = {t["text"] for t in texts}
    screen.execute_script("buendnisatlasMap.network.moveTo({scale: buendnisatlasMap.network.getScale() * 3})")
    texts, nodes = redraw_and_measure(screen)
    assert_readable(texts, nodes, presentation=kind == "presentation")
    assert len({t["text"] for t in texts} - before) >= 10, "zooming in names more elements"


def test_map_by_place_puts_actors_at_their_gemeinde_with_captions(
    screen: Any, demo_graph: tuple[nx.MultiDiGraph, dict[str, str]], tmp_path: Path
) -> None:
    G, names = demo_graph
    coordinates = msh_coordinates()
    view = public_map(G, MapOptions(presentation=True, arrange="place", coordinates=coordinates, region_names=names))
    west, east = "15087015", "15087130"  # Allstedt lies west of Eisleben
    regions = {r["key"]: r for r in view.regions}
    assert regions[west]["x"] < regions[east]["x"]
    for node in view.nodes:
        ags = G.nodes[node["id"]].get("ags")
        key = ags if ags in coordinates else "ohne-gemeinde"
        region = regions[key]
        assert (node["x"] - region["x"]) ** 2 + (node["y"] - region["y"]) ** 2 <= region["r"] ** 2, node["id"]
    path = tmp_path / "orte.html"
    path.write_text(render_html(view), encoding="utf-8")
    texts, nodes = open_and_measure(screen, path)
    assert_readable(texts, nodes, presentation=True)
    drawn = {t["text"] for t in texts}
    assert any(t.startswith("Sangerhausen") for t in drawn), "the Gemeinden are captioned"
    big = generated_network(1000, seed=3)
    path = write_map(tmp_path, big, "orte-gross", arrange="place", coordinates=coordinates, presentation=True)
    texts, nodes = open_and_measure(screen, path)
    assert_readable(texts, nodes, presentation=True)

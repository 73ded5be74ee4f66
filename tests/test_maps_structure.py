"""What a map shows of a network's structure, and the printed picture: as a user makes them with `buendnisatlas map`."""

import math
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import segno
from matplotlib.backends.backend_agg import FigureCanvasAgg

from buendnisatlas.graph.model import Actor, Alliance, Body, Relation
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.visibility import visible_subgraph
from buendnisatlas.graph.vocab import RelationType, Visibility
from buendnisatlas.visualizations.maps import MapOptions, build_map
from buendnisatlas.visualizations.static import draw_static

from .conftest import CliResult
from .mapdata import generated_network, map_data

PFD = "pfd-msh"


@pytest.fixture
def demo(cli: Callable[..., CliResult], db_path: Path) -> SqliteStore:
    assert cli("demo").code == 0
    return SqliteStore(db_path)


def test_membership_in_the_alliance_is_no_spoke_unless_asked(
    cli: Callable[..., CliResult], demo: SqliteStore, tmp_path: Path
) -> None:
    plain, spokes = tmp_path / "karte.html", tmp_path / "speichen.html"
    assert cli("map", PFD, "-o", str(plain)).code == 0
    assert cli("map", PFD, "--show-membership", "-o", str(spokes)).code == 0
    G = demo.subgraph(alliance=PFD)
    members = {u for u, v, t in G.edges(data="type") if v == PFD and t == RelationType.MEMBER_OF}
    assert len(members) > 20

    def touching_alliance(path: Path) -> set[str]:
        return {
            e["from"] if e["to"] == PFD else e["to"] for e in map_data(path)["edges"] if PFD in (e["from"], e["to"])
        }

    assert members <= touching_alliance(spokes)
    assert not members & touching_alliance(plain), "no member is drawn tied to the alliance by its membership"
    # Ties among members still are: cooperation, and shared bodies as their hubs.
    edges = {frozenset((e["from"], e["to"])) for e in map_data(plain)["edges"]}
    cooperation = {frozenset((u, v)) for u, v, t in G.edges(data="type") if t == RelationType.COOPERATES_WITH}
    assert cooperation <= edges


def test_groups_are_separate_captioned_regions_holding_their_members(demo: SqliteStore) -> None:
    view = build_map(demo.subgraph(alliance=PFD), MapOptions(presentation=True))
    regions = {r["key"]: r for r in view.regions}
    assert {"Zivilgesellschaft", "Verwaltung", "Schule/Bildung"} <= {r["label"] for r in view.regions}
    listed = list(regions.values())
    for i, a in enumerate(listed):
        for b in listed[i + 1 :]:
            assert math.dist((a["x"], a["y"]), (b["x"], b["y"])) >= a["r"] + b["r"], (a["label"], b["label"])
    for node in view.nodes:
        sector = node["facets"]["sector"]
        if sector:
            region = regions[sector]
            assert math.dist((node["x"], node["y"]), (region["x"], region["y"])) <= region["r"], node["id"]
    assert sum(r["size"] for r in listed) == len(view.nodes)


def test_community_and_gemeinde_groups_name_their_regions(demo: SqliteStore) -> None:
    G = demo.subgraph(alliance=PFD)
    names = {r.ags: r.name for r in demo.find_regions()}
    by_place = build_map(G, MapOptions(arrange="gemeinde", region_names=names))
    assert "Sangerhausen" in {r["label"] for r in by_place.regions}
    by_community = build_map(G, MapOptions(arrange="community"))
    assert all(
        r["label"].startswith("um ") or r["label"] in ("ohne Verbindungen", "weitere") for r in by_community.regions
    )
    assert len(by_community.regions) > 2


def hidden_body_network(store: SqliteStore) -> None:
    """A public actor whose only tie is its seat in a restricted committee."""
    store.add_node(Alliance(id="al", name="Bündnis Beispiel", visibility="public"))
    store.add_node(Body(id="geheim", name="Vertraulicher Lenkungskreis", visibility="restricted"))
    store.add_relation(Relation(source="geheim", target="al", type=RelationType.PART_OF))
    store.add_node(Actor(id="offen", name="Offener Verein", sector="civil_society", visibility="public"))
    store.add_node(Actor(id="zwei", name="Zweiter Verein", sector="youth", visibility="public"))
    store.add_node(Actor(id="drei", name="Dritter Verein", sector="youth", visibility="public"))
    for actor in ("offen", "zwei", "drei"):
        store.add_relation(Relation(source=actor, target="al", type=RelationType.MEMBER_OF))
    store.add_relation(Relation(source="offen", target="geheim", type=RelationType.MEMBER_OF))
    store.add_relation(Relation(source="zwei", target="drei", type=RelationType.COOPERATES_WITH))


def test_public_actor_whose_only_tie_is_hidden_is_explained_or_left_out(
    cli: Callable[..., CliResult], store: SqliteStore, tmp_path: Path
) -> None:
    hidden_body_network(store)
    explained, omitted = tmp_path / "erklaert.html", tmp_path / "ohne.html"
    assert cli("map", "al", "--public", "-o", str(explained)).code == 0
    assert cli("map", "al", "--public", "--hidden-ties", "omit", "-o", str(omitted)).code == 0
    for path in (explained, omitted):
        assert "Vertraulicher Lenkungskreis" not in path.read_text(encoding="utf-8")
    nodes = {n["id"]: n for n in map_data(explained)["nodes"]}
    assert dict(nodes["offen"]["info"]["rows"])["Hinweis"] == "Mitglied in nicht-öffentlichem Gremium"
    assert "Hinweis" not in dict(nodes["zwei"]["info"]["rows"])
    assert map_data(explained)["page"]["hidden_note"] is True
    assert {n["id"] for n in map_data(omitted)["nodes"]} == {"zwei", "drei"}


def test_kiosk_map_carries_a_qr_code_to_each_public_entry(
    cli: Callable[..., CliResult], demo: SqliteStore, tmp_path: Path
) -> None:
    out = tmp_path / "kiosk.html"
    assert cli("map", PFD, "--public", "--kiosk", "--tour", "20", "-o", str(out)).code == 0
    data = map_data(out)
    assert data["page"]["kiosk"] is True and data["page"]["tour"] == 20 and data["page"]["presentation"] is True
    coded = [n for n in data["nodes"] if "qr" in n]
    assert coded, "elements with a web site or e-mail contact get a QR code"
    for node in coded:
        element = demo.get_node(node["id"])
        target = node["qr"]["target"]
        assert target in (element.website, f"mailto:{element.contact}")
        # the same symbol segno makes for that text, border included
        assert node["qr"]["size"] == segno.make(target, error="m", micro=False).symbol_size(border=2)[0]
        assert node["qr"]["d"].startswith("M")
    without = [n for n in data["nodes"] if "qr" not in n]
    assert all(not demo.get_node(n["id"]).website and not demo.get_node(n["id"]).contact for n in without)


def test_map_by_place_needs_coordinates_and_says_so(
    cli: Callable[..., CliResult], demo: SqliteStore, tmp_path: Path
) -> None:
    result = cli("map", PFD, "--arrange", "place", "-o", str(tmp_path / "orte.html"))
    if result.code == 0:  # the store's regions carry coordinates (Gemeindeverzeichnis loaded)
        regions = map_data(tmp_path / "orte.html")["page"]["regions"]
        assert "Sangerhausen" in {r["label"] for r in regions}
    else:
        assert "Koordinaten" in result.err and "Traceback" not in result.err
        assert not (tmp_path / "orte.html").exists()


@pytest.mark.parametrize("network", ["demo", "generated"])
def test_printed_names_never_overlap_and_the_rest_are_numbered(demo: SqliteStore, network: str) -> None:
    G = demo.subgraph(alliance=PFD) if network == "demo" else generated_network(1000, seed=3)
    view = build_map(visible_subgraph(G, Visibility.PUBLIC), MapOptions(), context=G)
    fig = draw_static(view)
    renderer = FigureCanvasAgg(fig).get_renderer()
    ax = fig.axes[0]
    texts = [t for t in ax.texts if t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in texts]
    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            assert not a.overlaps(boxes[j]), (texts[i].get_text(), texts[j].get_text())
    # node markers: centres in pixels, radius from the marker area (pt²)
    markers = []
    for collection in ax.collections[1:]:
        for (x, y), size in zip(ax.transData.transform(collection.get_offsets()), collection.get_sizes(), strict=False):
            markers.append((x, y, math.sqrt(size) / 2 * fig.dpi / 72))
    for text, box in zip(texts, boxes, strict=True):
        for x, y, r in markers:
            nearest_x = min(max(x, box.x0), box.x1)
            nearest_y = min(max(y, box.y0), box.y1)
            assert math.hypot(nearest_x - x, nearest_y - y) >= r * 0.9, f"{text.get_text()!r} covers a node"
    numbers = {t.get_text() for t in texts if t.get_text().isdigit()}
    listed = [t.get_text() for t in fig.texts if re.match(r"\d+  \S", t.get_text())]
    assert {entry.split()[0] for entry in listed} == numbers, "every number on the map is explained beside it"
    names = [t.get_text() for t in texts if not t.get_text().isdigit()]
    assert len(names) >= 20
    assert any(t.get_text().startswith("Zivilgesellschaft") for t in texts), "group regions are captioned"

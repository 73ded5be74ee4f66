"""Network maps as a user makes them with `buendnisatlas map`: who is on them, what the file holds."""

import json
import threading
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from PIL import Image

from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.vocab import ActorForm, NodeKind, Visibility

from .conftest import CliResult
from .mapdata import HOSTILE, hostile_network, map_data

PFD = "pfd-msh"


@pytest.fixture
def demo(cli: Callable[..., CliResult], db_path: Path) -> SqliteStore:
    assert cli("demo").code == 0
    return SqliteStore(db_path)


class Markup(HTMLParser):
    """Collects the tags and attributes of a page as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def markup(path: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = Markup()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


def test_public_map_of_the_demo_has_no_person_and_nothing_non_public(
    cli: Callable[..., CliResult], demo: SqliteStore, tmp_path: Path
) -> None:
    # A person marked public must still stay off a public map.
    person = next(n for n in demo.find_nodes(kind=NodeKind.ACTOR) if n.is_person)
    demo.update_node(person.id, visibility=Visibility.PUBLIC)
    hidden = [n for n in demo.find_nodes() if n.is_person or n.visibility != Visibility.PUBLIC]
    assert any(n.visibility == Visibility.NETWORK for n in hidden), "the demo has network-only elements"

    for target in ([PFD], ["--region", "15087"]):
        out = tmp_path / "oeffentlich.html"
        result = cli("map", *target, "--public", "-o", str(out))
        assert result.code == 0, result.err
        shown = {n["id"] for n in map_data(out)["nodes"]}
        assert shown, "the public map is not empty"
        for node_id in shown:
            node = demo.get_node(node_id)
            assert node.visibility == Visibility.PUBLIC and not node.is_person, node_id
        text = out.read_text(encoding="utf-8")
        for node in hidden:
            assert node.name not in text, f"{node.name} ({node.visibility}) leaked into the public map"
        edges = map_data(out)["edges"]
        assert all(e["from"] in shown and e["to"] in shown for e in edges)


def test_internal_map_shows_the_whole_alliance_and_says_it_is_internal(
    cli: Callable[..., CliResult], demo: SqliteStore, tmp_path: Path
) -> None:
    out = tmp_path / "intern.html"
    result = cli("map", PFD, "-o", str(out), "--json")
    assert result.code == 0, result.err
    expected = set(demo.subgraph(alliance=PFD).nodes)
    data = map_data(out)
    assert {n["id"] for n in data["nodes"]} == expected
    assert any(demo.get_node(n).is_person for n in expected), "coordinators see persons"
    assert json.loads(result.out)["nodes"] == len(expected)
    assert "interne Karte" in data["page"]["subtitle"]


def test_the_file_needs_no_network_at_all(cli: Callable[..., CliResult], demo: SqliteStore, tmp_path: Path) -> None:
    out = tmp_path / "karte.html"
    assert cli("map", PFD, "-o", str(out)).code == 0
    tags = markup(out)
    assert not [t for t, a in tags if t in ("link", "iframe", "img", "object", "embed")]
    assert not [a for _, a in tags if a.get("src") or a.get("href")], "no external src/href of any kind"
    policy = next(a["content"] for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy  # the browser itself refuses any request
    assert "vis.Network" in out.read_text(encoding="utf-8"), "vis-network is inlined"


def test_hostile_names_are_data_not_markup(cli: Callable[..., CliResult], store: SqliteStore, tmp_path: Path) -> None:
    hostile_network(store)
    out = tmp_path / "feindlich.html"
    result = cli("map", "allianz", "--color-by", "alliance", "--title", HOSTILE[0], "-o", str(out))
    assert result.code == 0, result.err
    tags = markup(out)
    assert [t for t, _ in tags].count("script") == 4, "no script element was added"
    assert "img" not in [t for t, _ in tags]
    handlers = [(t, k) for t, a in tags for k in a if k.startswith("on")]
    assert handlers == []
    names = {n["info"]["name"] for n in map_data(out)["nodes"]}
    assert set(HOSTILE) <= names, "names arrive unchanged, neither mangled nor escaped twice"


def test_ego_map_holds_the_neighbourhood(cli: Callable[..., CliResult], demo: SqliteStore, tmp_path: Path) -> None:
    out = tmp_path / "ego.html"
    assert cli("map", PFD, "--ego", "lk-msh-jugendamt", "--depth", "1", "--show-membership", "-o", str(out)).code == 0
    G = demo.subgraph(alliance=PFD)
    neighbours = set(G.predecessors("lk-msh-jugendamt")) | set(G.successors("lk-msh-jugendamt"))
    assert {n["id"] for n in map_data(out)["nodes"]} == neighbours | {"lk-msh-jugendamt"}


def test_ego_of_someone_not_on_a_public_map_is_refused(
    cli: Callable[..., CliResult], demo: SqliteStore, tmp_path: Path
) -> None:
    person = next(n for n in demo.find_nodes(kind=NodeKind.ACTOR) if n.is_person)
    out = tmp_path / "ego.html"
    out.write_text("alte Karte", encoding="utf-8")
    result = cli("map", PFD, "--public", "--ego", person.id, "-o", str(out))
    assert result.code == 1
    assert "nicht sichtbar" in result.err and "Traceback" not in result.err
    assert out.read_text(encoding="utf-8") == "alte Karte", "a failed map leaves the old file alone"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "genau eines"),
        ((PFD, "--region", "15087"), "genau eines"),
        (("gibt-es-nicht",), "gibt-es-nicht"),
        ((PFD, "--at", "32.13.2024"), "kein gültiges Datum"),
        (("--region", "99999"), "99999"),
    ],
)
def test_bad_calls_get_a_german_message(
    cli: Callable[..., CliResult], demo: SqliteStore, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = cli("map", *args, "-o", str(tmp_path / "karte.html"))
    assert result.code == 1
    assert message in result.err
    assert not (tmp_path / "karte.html").exists()


def test_missing_output_folder(cli: Callable[..., CliResult], demo: SqliteStore, tmp_path: Path) -> None:
    result = cli("map", PFD, "-o", str(tmp_path / "fehlt" / "karte.html"))
    assert result.code == 1 and "existiert nicht" in result.err


def test_overview_groups_every_element_once(cli: Callable[..., CliResult], demo: SqliteStore, tmp_path: Path) -> None:
    full = tmp_path / "voll.html"
    grouped = tmp_path / "sektoren.html"
    assert cli("map", PFD, "-o", str(full)).code == 0
    assert cli("map", PFD, "--group-by", "sector", "-o", str(grouped)).code == 0
    nodes = map_data(full)["nodes"]
    groups = map_data(grouped)["nodes"]
    members = {g["info"]["name"]: int(dict(g["info"]["rows"])["Elemente"]) for g in groups}
    assert sum(members.values()) == len(nodes)
    actors = [n for n in nodes if demo.get_node(n["id"]).kind == NodeKind.ACTOR]
    assert members["Zivilgesellschaft"] == sum(1 for n in actors if n["facets"]["sector"] == "civil_society")


def test_map_at_an_earlier_date_leaves_out_later_ties(
    cli: Callable[..., CliResult], demo: SqliteStore, tmp_path: Path
) -> None:
    early = tmp_path / "frueher.html"
    assert cli("map", PFD, "--at", "01.06.2024", "--show-membership", "-o", str(early)).code == 0
    expected = demo.subgraph(alliance=PFD, at=date(2024, 6, 1))
    pairs = {frozenset((u, v)) for u, v in nx.Graph(expected).edges() if u != v}
    assert {frozenset((e["from"], e["to"])) for e in map_data(early)["edges"]} == pairs
    assert "Stand 01.06.2024" in map_data(early)["page"]["subtitle"]


def test_every_node_has_a_fixed_position_and_physics_is_off(
    cli: Callable[..., CliResult], demo: SqliteStore, tmp_path: Path
) -> None:
    out = tmp_path / "karte.html"
    assert cli("map", PFD, "--size-by", "betweenness", "--color-by", "community", "-o", str(out)).code == 0
    text = out.read_text(encoding="utf-8")
    assert '"physics": {"enabled": false}' in text
    nodes = map_data(out)["nodes"]
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes)
    assert len({(n["x"], n["y"]) for n in nodes}) == len(nodes), "no two nodes on the same spot"
    again = tmp_path / "nochmal.html"
    assert cli("map", PFD, "--size-by", "betweenness", "--color-by", "community", "-o", str(again)).code == 0
    assert again.read_bytes() == out.read_bytes(), "the same data give the same map"


def test_a_map_drawn_by_a_server_thread_leaves_the_next_maps_alike(demo: SqliteStore) -> None:
    """A server draws maps in worker threads; the maps drawn after one stay the same for the same data."""
    from buendnisatlas.services import View, Viewer
    from buendnisatlas.services.maps import network_map_html

    def draw() -> str:
        return network_map_html(View(demo, Viewer.cli()), PFD, color_by="community", size_by="betweenness")

    worker = threading.Thread(target=draw)
    worker.start()
    worker.join()
    assert draw() == draw()


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_static_picture_for_reports_is_a4_landscape(
    cli: Callable[..., CliResult], demo: SqliteStore, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"karte.{suffix}"
    result = cli("map", PFD, "--public", "-o", str(out))
    assert result.code == 0, result.err
    assert result.err == "", "no library warning reaches the user"
    data = out.read_bytes()
    if suffix == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        with Image.open(out) as image:
            assert image.size == (3507, 2481)  # A4 landscape at 300 dpi
            assert [round(d) for d in image.info["dpi"]] == [300, 300]
    elif suffix == "pdf":
        assert b"/MediaBox [ 0 0 841.68 595.44 ]" in data
    else:
        assert b'width="841.68pt" height="595.44pt"' in data[:2000]
        persons = [n.name for n in demo.find_nodes(kind=NodeKind.ACTOR) if n.form == ActorForm.PERSON]  # type: ignore[attr-defined]
        assert not any(p.encode() in data for p in persons)


def test_hostile_names_in_a_picture(cli: Callable[..., CliResult], store: SqliteStore, tmp_path: Path) -> None:
    hostile_network(store)
    store.update_node("a3", name="Kosten $x^2$ und $")  # would be parsed as maths by matplotlib
    out = tmp_path / "karte.svg"
    assert cli("map", "allianz", "--format", "svg", "-o", str(out)).code == 0
    assert b"<script" not in out.read_bytes()

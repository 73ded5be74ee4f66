"""Files that peer tools really write import whole; our exports open in those tools with their drawing and dates.

The peer files are written at test time by the tools themselves: NetworkX and igraph
(PyPI) and graphology, the library behind Gephi Lite (npm, installed by ``make test``
into ``~/.cache/buendnisatlas/npm``; see tests/data/peers/README.md). Files fetched from
the tools' repositories (Gephi's samples, graphology's fixtures) are read from the folder
``BUENDNISATLAS_PEER_FILES`` names, when it is set.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import igraph as ig
import networkx as nx
import pytest

from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.vocab import RelationType, Visibility
from buendnisatlas.importers.canonical import ImportFailed
from buendnisatlas.importers.detect import read_any
from buendnisatlas.visualizations.maps import NEUTRAL, SECTOR_COLORS

from .conftest import CliResult, write_workbook

NPM = Path(os.environ.get("BUENDNISATLAS_NPM") or Path.home() / ".cache" / "buendnisatlas" / "npm")
GRAPHOLOGY = Path(__file__).parent / "peer_tools" / "graphology.js"
PEER_FOLDER = os.environ.get("BUENDNISATLAS_PEER_FILES")


def graphology(mode: str, source: Path, out: Path | None = None) -> dict[str, Any]:
    """What graphology reads from ``source`` (and, given ``out``, the GEXF 1.3 it re-saves there)."""
    if shutil.which("node") is None or not (NPM / "node_modules" / "graphology-gexf").exists():
        message = f"graphology fehlt (node und npm-Pakete in {NPM}; `make peer-tools`)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    args = ["node", str(GRAPHOLOGY), str(NPM), mode, str(source), *([str(out)] if out else [])]
    done = subprocess.run(args, capture_output=True, text=True, check=True, timeout=120)
    return json.loads(done.stdout)


# -- peer files written by the tools themselves --------------------------------------


def _multigraph() -> nx.MultiGraph:
    G = nx.MultiGraph(nx.karate_club_graph())
    G.add_edges_from(list(nx.karate_club_graph().edges)[:10])  # ten parallel ties
    return G


NETWORKX_GRAPHS: dict[str, tuple[Callable[[], nx.Graph], int, int]] = {
    "karate": (nx.karate_club_graph, 34, 78),
    "les_miserables": (nx.les_miserables_graph, 77, 254),
    "florentine": (nx.florentine_families_graph, 15, 20),
    "davis_southern_women": (nx.davis_southern_women_graph, 32, 89),
    "krackhardt_kite": (nx.krackhardt_kite_graph, 10, 18),
    "petersen": (nx.petersen_graph, 10, 15),
    "dodecahedral": (nx.dodecahedral_graph, 20, 30),
    "gn_directed": (lambda: nx.gn_graph(50, seed=3), 50, 49),
    "karate_multigraph": (_multigraph, 34, 78),
}
IGRAPH_GRAPHS: dict[str, tuple[Callable[[], ig.Graph], int, int]] = {
    "zachary": (lambda: ig.Graph.Famous("Zachary"), 34, 78),
    "krackhardt_kite": (lambda: ig.Graph.Famous("Krackhardt_Kite"), 10, 18),
    "petersen": (lambda: ig.Graph.Famous("Petersen"), 10, 15),
    "meredith": (lambda: ig.Graph.Famous("Meredith"), 70, 140),
    "lattice": (lambda: ig.Graph.Lattice([5, 5], circular=False), 25, 40),
    "tree_directed": (lambda: ig.Graph.Tree(31, 2, mode="out"), 31, 30),
    "multigraph": (lambda: ig.Graph([(0, 1), (1, 0), (0, 1), (1, 2)]), 3, 2),
}
# graphology re-saves files the other tools wrote, as GEXF 1.2 (its default) and 1.3.
GRAPHOLOGY_SOURCES = {
    "karate": ("networkx-karate.gexf", 34, 78),
    "les_miserables": ("networkx-les_miserables.graphml", 77, 254),
    "zachary": ("igraph-zachary.graphml", 34, 78),
}

CASES = [
    *(
        ("networkx", f"{name}.{fmt}", n, m)
        for name, (_, n, m) in NETWORKX_GRAPHS.items()
        for fmt in ("gexf", "graphml")
    ),
    *(("igraph", f"{name}.graphml", n, m) for name, (_, n, m) in IGRAPH_GRAPHS.items()),
    *(
        ("graphology", f"{name}-{v}.gexf", n, m)
        for name, (_, n, m) in GRAPHOLOGY_SOURCES.items()
        for v in ("1.2", "1.3")
    ),
]


@pytest.fixture(scope="module")
def peer_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("peers")
    for name, (make, _, _) in NETWORKX_GRAPHS.items():
        G = make()
        G.graph.clear()  # Davis' graph keeps Python lists there, which NetworkX cannot write
        nx.write_gexf(G, folder / f"networkx-{name}.gexf")
        nx.write_graphml(G, folder / f"networkx-{name}.graphml")
    for name, (make_ig, _, _) in IGRAPH_GRAPHS.items():
        make_ig().write_graphml(str(folder / f"igraph-{name}.graphml"))
    return folder


@pytest.mark.parametrize(("tool", "name", "nodes", "edges"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_files_peer_tools_write_import_whole(peer_files: Path, tool: str, name: str, nodes: int, edges: int) -> None:
    path = peer_files / f"{tool}-{name}"
    if tool == "graphology":
        base, version = name.removesuffix(".gexf").rsplit("-", 1)
        source = peer_files / GRAPHOLOGY_SOURCES[base][0]
        graphology(source.suffix[1:], source, path)
        if version == "1.2":
            path.write_text(
                path.read_text()
                .replace('version="1.3"', 'version="1.2"')
                .replace("gexf.net/1.3", "www.gexf.net/1.2draft")
            )
    _, plan = read_any([path])
    assert (len(plan.nodes), len(plan.relations)) == (nodes, edges)
    assert not [w for w in plan.warnings if "Zeile" in w.message and "Problem" in w.message]


PEER_PATHS = (
    sorted(p for p in Path(PEER_FOLDER).rglob("*") if p.suffix in (".gexf", ".graphml", ".json", ".xlsx"))
    if PEER_FOLDER
    else []
)
# Files that are broken on purpose (a tool's test of its own error handling).
NOT_GRAPHS = {"meta.gexf", "gexf-meta.gexf"}


@pytest.mark.skipif(
    not PEER_FOLDER, reason="BUENDNISATLAS_PEER_FILES nicht gesetzt (Ordner mit Dateien aus Gephi, graphology …)"
)
@pytest.mark.parametrize("path", PEER_PATHS, ids=[p.name for p in PEER_PATHS])
def test_fetched_peer_files_import_whole_or_are_refused_in_german(path: Path) -> None:
    if path.name in NOT_GRAPHS:
        with pytest.raises(ImportFailed) as info:
            read_any([path])
        assert all(p.row for p in info.value.problems)
        return
    _, plan = read_any([path])
    root = ET.parse(path).getroot() if path.suffix in (".gexf", ".graphml") else None
    if root is not None:
        declared = {n.get("id") for n in root.iter() if n.tag.rpartition("}")[2] == "node"}
        referred = {
            e.get(end) for e in root.iter() if e.tag.rpartition("}")[2] == "edge" for end in ("source", "target")
        }
        assert len(plan.nodes) == len(declared | referred)
        # Every node is an actor here, so every tie is one „Kooperation“ per pair (and start date).
        assert len(plan.relations) == len(_pairs(root)), sorted(_pairs(root))[:5]


def _pairs(root: ET.Element) -> set[tuple[Any, ...]]:
    """The distinct ties of a GEXF or GraphML file: ordered pairs if directed, else unordered, per start."""
    tag = {e: e.tag.rpartition("}")[2] for e in root.iter()}
    graph = next(e for e in root.iter() if tag[e] == "graph")
    default = (
        graph.get("defaultedgetype")
        or graph.get("edgedefault")
        or ("undirected" if tag[root] == "gexf" else "directed")
    )
    pairs = set()
    for edge in (e for e in root.iter() if tag[e] == "edge"):
        kind = edge.get("type") or {"true": "directed", "false": "undirected"}.get(edge.get("directed", ""), default)
        ends = (edge.get("source"), edge.get("target"))
        spells = [s.get("start") for s in edge.iter() if tag[s] == "spell"] or [edge.get("start")]
        for start in spells:
            pairs.add((*(ends if kind == "directed" else sorted(ends)), (start or "")[:10]))
    return pairs


# -- persons, parallels, Kumu's JSON, malformed files ---------------------------------


def test_persons_in_peer_files_are_persons_and_confidential(tmp_path: Path) -> None:
    G = nx.Graph()
    G.add_node("p1", label="Anna Weber", type="People")
    G.add_node("p2", label="Jonas Brückner", Vorname="Jonas")
    G.add_node("o1", label="Stadtjugendring", type="Verein")
    G.add_edges_from([("p1", "o1"), ("p2", "o1")])
    nx.write_graphml(G, tmp_path / "polinode.graphml")
    _, plan = read_any([tmp_path / "polinode.graphml"])
    by_id = {n.id: n for n in plan.nodes}
    assert by_id["p1"].is_person and by_id["p2"].is_person and not by_id["o1"].is_person
    assert {by_id["p1"].visibility, by_id["p2"].visibility} == {Visibility.RESTRICTED}
    messages = " ".join(w.message for w in plan.warnings)
    assert "Typ „People“" in messages and "Vorname" in messages and "Typ „Verein“ ist unbekannt" in messages


def test_reciprocal_and_parallel_edges_become_one_relation_with_summed_weight(tmp_path: Path) -> None:
    (tmp_path / "gephi.gexf").write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph defaultedgetype="undirected">
<nodes><node id="a" label="Kulturverein"/><node id="b" label="Sportverein"/></nodes>
<edges><edge source="a" target="b" weight="2" label="kennt"/><edge source="b" target="a" weight="1.5" label="hilft"/>
<edge source="a" target="b" type="directed" weight="1"/></edges></graph></gexf>""",
        encoding="utf-8",
    )
    _, plan = read_any([tmp_path / "gephi.gexf"])
    (relation,) = plan.relations
    assert (relation.type, relation.weight, relation.role) == (RelationType.COOPERATES_WITH, 4.5, "kennt, hilft")
    assert any("2 parallele Kanten zusammengefasst" in w.message for w in plan.warnings)


def test_canonical_import_stays_strict_about_true_duplicates(tmp_path: Path) -> None:
    (tmp_path / "elemente.csv").write_text("id;name;typ\na;A;Organisation\nb;B;Organisation\n", encoding="utf-8")
    (tmp_path / "beziehungen.csv").write_text("von;nach;typ\na;b;Kooperation\na;b;Kooperation\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        read_any([tmp_path])
    assert "dieselbe Beziehung steht schon in Zeile 2" in info.value.problems[0].message


def test_kumu_json_export_with_ids_element_and_connection_types(tmp_path: Path) -> None:
    # The layout of Kumu's JSON export (kumu.io docs): attributes beside an _id the connections refer to.
    data = {
        "elements": [
            {"_id": "elem-1", "attributes": {"label": "Jugendclub Roßla", "element type": "Initiative"}},
            {"_id": "elem-2", "attributes": {"label": "PfD Südharz", "element type": "Bündnis"}},
            {"_id": "elem-3", "attributes": {"label": "Maria Sommer", "element type": "Person"}},
        ],
        "connections": [
            {"_id": "conn-1", "from": "elem-1", "to": "elem-2", "attributes": {"connection type": "Mitglied"}},
            {"_id": "conn-2", "from": "elem-3", "to": "elem-1", "attributes": {"connection type": "berät"}},
            {"_id": "conn-3", "from": "elem-3", "to": "elem-1", "attributes": {"connection type": "kennt"}},
        ],
    }
    (tmp_path / "kumu.json").write_text(json.dumps(data), encoding="utf-8")
    fmt, plan = read_any([tmp_path / "kumu.json"])
    assert fmt == "kumu" and {n.id for n in plan.nodes} == {"elem-1", "elem-2", "elem-3"}
    ties = {(r.source, r.type, r.target): r for r in plan.relations}
    assert set(ties) == {
        ("elem-1", RelationType.MEMBER_OF, "elem-2"),
        ("elem-3", RelationType.COOPERATES_WITH, "elem-1"),
    }
    assert ties["elem-3", RelationType.COOPERATES_WITH, "elem-1"].role == "berät, kennt"


def test_kumu_workbook_with_parallel_connections_and_onodo_people(tmp_path: Path) -> None:
    elements: list[list[object]] = [["Label", "Type"], ["Tafel Hettstedt", "Verein"], ["Anna Weber", "Mensch"]]
    connections: list[list[object]] = [["From", "To", "Type"], ["Anna Weber", "Tafel Hettstedt", "hilft"]]
    connections += [["Anna Weber", "Tafel Hettstedt", "spendet"], ["Anna Weber", "Tafel Hettstedt", "hilft"]]
    path = write_workbook(tmp_path / "kumu.xlsx", {"Elements": elements, "Connections": connections})
    fmt, plan = read_any([path])
    (relation,) = plan.relations
    assert fmt == "kumu" and (relation.weight, relation.role) == (3.0, "hilft, spendet")
    anna = next(n for n in plan.nodes if n.name == "Anna Weber")
    assert anna.is_person and anna.visibility == Visibility.RESTRICTED
    assert any("2 parallele Kanten zusammengefasst" in w.message for w in plan.warnings)


def test_broken_references_suggest_map(tmp_path: Path) -> None:
    data = {"elements": [{"label": "A"}], "connections": [{"Quelle X": "A", "from": "nirgends", "to": "A"}]}
    (tmp_path / "kumu.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        read_any([tmp_path / "kumu.json"])
    assert "--map von=SPALTE" in info.value.problems[0].message


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('<gexf xmlns="http://gexf.net/1.3">\n<graph>\n<nodes>\n<node id="a">\n</nodes>', 5, "passt nicht"),
        ('<graphml>\n<graph>\n<node id="a"/>\n<edge target="a"/>\n</graph>\n</graphml>', 4, "Kante ohne „source“"),
        ('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<gexf>&a;</gexf>', 2, "Sicherheitsgründen"),
        ("<gexf>\n</gexf>", 1, "kein <graph>"),
    ],
)
def test_malformed_graph_files_are_refused_in_german_with_their_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = tmp_path / ("kaputt.graphml" if "graphml" in text else "kaputt.gexf")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        read_any([path])
    (problem,) = info.value.problems
    assert problem.row == line and words in problem.message
    assert not re.search(r"mismatched|not well-formed|Entities|forbidden", str(problem))


def test_yed_label_names_a_node_whose_name_is_empty_and_map_picks_it(tmp_path: Path) -> None:
    path = tmp_path / "yed.graphml"
    path.write_text(
        """<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
<key id="d0" for="node" attr.name="Name" attr.type="string"/><key id="d6" for="node" yfiles.type="nodegraphics"/>
<graph edgedefault="directed">
<node id="n0"><data key="d0"></data><data key="d6"><y:ShapeNode><y:NodeLabel>Tafel Hettstedt</y:NodeLabel></y:ShapeNode></data></node>
<node id="n1"><data key="d0">Caritas</data><data key="d6"><y:ShapeNode><y:NodeLabel>CAR</y:NodeLabel></y:ShapeNode></data></node>
<edge source="n0" target="n1" directed="false"/></graph></graphml>""",
        encoding="utf-8",
    )
    _, plan = read_any([path])
    assert [n.name for n in plan.nodes] == ["Tafel Hettstedt", "Caritas"]
    _, plan = read_any([path], mapping=[("name", "label")])
    assert [n.name for n in plan.nodes] == ["Tafel Hettstedt", "CAR"]


# -- our exports in the peers' tools ------------------------------------------------


@pytest.fixture
def demo(demo_db_template: Path, db_path: Path) -> Path:
    shutil.copy(demo_db_template, db_path)
    return db_path


@pytest.fixture
def exported(cli: Callable[..., CliResult], demo: Path, tmp_path: Path) -> dict[str, Any]:
    """The demo exported as GEXF and GraphML, with what the store holds to compare against."""
    for name in ("netz.gexf", "netz.graphml"):
        assert cli("export", str(tmp_path / name)).code == 0
    with SqliteStore(demo) as store:
        nodes = {n.id: n for n in store.find_nodes()}
        relations = store.find_relations()
    return {
        "gexf": tmp_path / "netz.gexf",
        "graphml": tmp_path / "netz.graphml",
        "nodes": nodes,
        "relations": relations,
    }


def _hex(r: Any, g: Any, b: Any) -> str:
    return f"#{int(r):02x}{int(g):02x}{int(b):02x}"


def _sector_colour(node: Any) -> str:
    return SECTOR_COLORS.get(getattr(node, "sector", None) or "", NEUTRAL)


def test_gexf_export_opens_in_networkx_with_labels_colours_sizes_positions_and_validity(
    exported: dict[str, Any],
) -> None:
    G = nx.read_gexf(exported["gexf"])
    nodes = exported["nodes"]
    assert set(G) == set(nodes)
    for node_id, attrs in G.nodes(data=True):
        assert attrs["label"] == nodes[node_id].name
        assert _hex(**{k: v for k, v in attrs["viz"]["color"].items() if k != "a"}) == _sector_colour(nodes[node_id])
        assert attrs["viz"]["size"] > 0 and {"x", "y"} <= set(attrs["viz"]["position"])
    hubs = sorted(G, key=G.degree)
    assert G.nodes[hubs[-1]]["viz"]["size"] > G.nodes[hubs[0]]["viz"]["size"]  # size follows degree
    spans = {(u, v, d.get("start"), d.get("end")) for u, v, d in G.edges(data=True)}
    expected = {
        (r.source, r.target, r.since and r.since.isoformat(), r.until and r.until.isoformat())
        for r in exported["relations"]
    }
    assert spans == expected and any(end for *_, end in spans)


def test_graphml_export_opens_in_networkx_and_igraph_with_labels_and_drawing(exported: dict[str, Any]) -> None:
    nodes = exported["nodes"]
    H = nx.read_graphml(exported["graphml"])
    g = ig.Graph.Read_GraphML(str(exported["graphml"]))
    assert H.number_of_edges() == g.ecount() == len(exported["relations"])
    for vertex in g.vs:
        node = nodes[vertex["id"]]
        assert vertex["label"] == node.name == H.nodes[vertex["id"]]["label"]
        assert _hex(vertex["r"], vertex["g"], vertex["b"]) == _sector_colour(node)
        assert vertex["size"] > 0 and float(H.nodes[vertex["id"]]["x"]) == vertex["x"]
    seit = {e["seit"] for e in g.es if e["seit"]}
    assert seit == {r.since.isoformat() for r in exported["relations"] if r.since}


def test_exports_open_in_graphology_as_gephi_lite_reads_them(exported: dict[str, Any]) -> None:
    nodes = exported["nodes"]
    for mode in ("gexf", "graphml"):
        read = graphology(mode, exported[mode])
        assert (read["order"], read["size"]) == (len(nodes), len(exported["relations"]))
        for node_id, attrs in read["nodes"].items():
            assert attrs["label"] == nodes[node_id].name and attrs["size"] > 0 and "x" in attrs
            rgb = re.findall(r"\d+", attrs["color"]) if attrs["color"].startswith("rgb") else None
            assert (_hex(*rgb) if rgb else attrs["color"]) == _sector_colour(nodes[node_id])
        assert {e.get("seit") for e in read["edges"]} == {
            r.since and r.since.isoformat() for r in exported["relations"]
        }


def test_gexf_export_is_structurally_valid_gexf_1_3(exported: dict[str, Any]) -> None:
    # No registry package ships the GEXF 1.3 XSD; these are the schema's rules our file relies on.
    root = ET.parse(exported["gexf"]).getroot()
    ns, viz = "{http://gexf.net/1.3}", "{http://gexf.net/1.3/viz}"
    assert root.tag == f"{ns}gexf" and root.get("version") == "1.3"
    assert [c.tag for c in root] == [f"{ns}meta", f"{ns}graph"]
    graph = root.find(f"{ns}graph")
    assert graph is not None and graph.get("defaultedgetype") in ("directed", "undirected", "mutual")
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    declared = {
        c: {a.get("id") for a in graph.iterfind(f"{ns}attributes[@class='{c}']/{ns}attribute")}
        for c in ("node", "edge")
    }
    ids = set()
    for node in graph.iterfind(f"{ns}nodes/{ns}node"):
        ids.add(node.get("id"))
        assert {v.get("for") for v in node.iter(f"{ns}attvalue")} <= declared["node"]
        color, position, size = (node.find(f"{viz}{t}") for t in ("color", "position", "size"))
        assert color is not None and all(0 <= int(color.get(c, "-1")) <= 255 for c in "rgb")
        assert position is not None and all(float(position.get(c, "x")) == float(position.get(c, "x")) for c in "xyz")
        assert size is not None and float(size.get("value", "0")) > 0
    assert len(ids) == len(exported["nodes"])
    edge_ids = set()
    for edge in graph.iterfind(f"{ns}edges/{ns}edge"):
        edge_ids.add(edge.get("id"))
        assert edge.get("source") in ids and edge.get("target") in ids and float(edge.get("weight", "0")) > 0
        assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", edge.get(t, "2000-01-01")) for t in ("start", "end"))
        assert {v.get("for") for v in edge.iter(f"{ns}attvalue")} <= declared["edge"]
    assert len(edge_ids) == len(exported["relations"])


def _resave(tool: str, exported: dict[str, Any], folder: Path) -> Path:
    if tool == "networkx-gexf":
        nx.write_gexf(nx.read_gexf(exported["gexf"]), folder / "nx.gexf")
        return folder / "nx.gexf"
    if tool == "networkx-graphml":
        nx.write_graphml(nx.read_graphml(exported["graphml"]), folder / "nx.graphml")
        return folder / "nx.graphml"
    if tool == "igraph-graphml":
        ig.Graph.Read_GraphML(str(exported["graphml"])).write_graphml(str(folder / "ig.graphml"))
        return folder / "ig.graphml"
    source = "gexf" if tool == "graphology-gexf" else "graphml"
    graphology(source, exported[source], folder / f"gl-{source}.gexf")
    return folder / f"gl-{source}.gexf"


@pytest.mark.parametrize(
    "tool", ["networkx-gexf", "networkx-graphml", "igraph-graphml", "graphology-gexf", "graphology-graphml"]
)
def test_re_saved_by_a_peer_tool_our_export_comes_back_unchanged(
    cli: Callable[..., CliResult], exported: dict[str, Any], tmp_path: Path, tool: str
) -> None:
    resaved = _resave(tool, exported, tmp_path)
    result = cli("import", "--json", str(resaved))
    assert result.code == 0, result.out + result.err
    report = json.loads(result.out)
    assert report["nodes"] == {"new": 0, "changed": 0, "unchanged": len(exported["nodes"])}
    assert report["relations"] == {"new": 0, "changed": 0, "unchanged": len(exported["relations"])}

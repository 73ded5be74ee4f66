"""GraphML in and out: :func:`read_graphml` and :func:`write_graphml` (Gephi, yEd, NetworkX, igraph, Cytoscape).

The reader is our own over :mod:`xml.etree` (through :mod:`defusedxml`): it accepts
keys used without declaration, CDATA, edges whose ``directed`` differs from the graph's
``edgedefault``, yEd's nested groups, and yEd's visible label (``y:NodeLabel``), which
names a node whose ``Name`` is empty (``--map name=label`` picks it explicitly). A node's
own ``id`` attribute wins over its XML id, since igraph renames those to ``n0``, ``n1``…
Attributes map onto our fields by name or by ``mapping`` (see :mod:`.frames`).

The writer gives every canonical column a key, ``label`` and ``weight`` as Gephi names
them, the drawing of our maps as Gephi's and graphology's ``x``/``y``/``size``/``r``/``g``/``b``,
and yEd's shapes with labels, so yEd shows names and colours too.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from buendnisatlas.graph.store import GraphStore

from .canonical import ELEMENTS, RELATIONS, ColumnMap, ImportFailed, ImportPlan, Problem
from .frames import PeerGraph, peer_plan
from .network import Network, drawing_of, tables_of
from .xmlfile import children, line_of, parse_xml, text_of

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
YED_NS = "http://www.yworks.com/xml/graphml"
NATIVE = {"name": "label", "gewicht": "weight"}
_TYPES = {"weight": "double"}


def read_graphml(path: Path | str, store: GraphStore | None = None, mapping: ColumnMap | None = None) -> ImportPlan:
    """Validate a GraphML file into an import plan; a file we cannot read is refused in German with its line."""
    path = Path(path)
    return peer_plan(parse_graphml(path), store, mapping, path.name)


def parse_graphml(path: Path) -> PeerGraph:
    """The nodes and edges of a GraphML file as the file has them.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "a.graphml").write_text('''<graphml xmlns="http://graphml.graphdrawing.org/xmlns"
    ...   xmlns:y="http://www.yworks.com/xml/graphml">
    ...   <key id="d0" for="node" yfiles.type="nodegraphics"/>
    ...   <graph edgedefault="undirected">
    ...     <node id="n0"><data key="d0"><y:ShapeNode><y:NodeLabel>Kita Sonnenschein</y:NodeLabel></y:ShapeNode></data>
    ...       <data key="Ort"><![CDATA[Roßla]]></data></node>
    ...     <node id="n1"/><edge source="n0" target="n1" directed="true"/>
    ...   </graph></graphml>''', encoding="utf-8") and None
    >>> peer = parse_graphml(folder / "a.graphml")
    >>> peer.nodes[0], peer.edges[0][4]
    (('n0', {'Ort': 'Roßla', 'label': 'Kita Sonnenschein'}, 5), True)
    """
    root = parse_xml(path, "GraphML")
    if root.tag != "graphml":
        message = f"kein <graphml>-Element (sondern <{root.tag}>)"
        raise ImportFailed([Problem(path.name, line_of(root), None, None, message)])
    keys: dict[str, tuple[str, str | None]] = {}
    for key in root.iter("key"):
        default = next((d.text or "" for d in children(key, "default")), None)
        keys[key.get("id", "")] = (key.get("attr.name") or key.get("id") or "", default)
    graphs = list(root.iter("graph"))
    if not graphs:
        raise ImportFailed([Problem(path.name, line_of(root), None, None, "die GraphML-Datei enthält kein <graph>")])
    defaults = {
        for_: {name: d for k, (name, d) in keys.items() if d is not None and _key_for(root, k) in (for_, "all")}
        for for_ in ("node", "edge")
    }
    peer = PeerGraph()
    for graph in graphs:
        for node in children(graph, "node"):
            if node.get("id") is None:
                raise ImportFailed([Problem(path.name, line_of(node), "id", None, "Knoten ohne „id“")])
            peer.nodes.append((node.get("id"), _data(node, keys, defaults["node"], "NodeLabel"), line_of(node) or 0))
        directed_default = graph.get("edgedefault", "directed") == "directed"
        for edge in children(graph, "edge"):
            line = line_of(edge) or 0
            for end in ("source", "target"):
                if not edge.get(end):
                    raise ImportFailed([Problem(path.name, line, end, None, f"Kante ohne „{end}“")])
            directed = edge.get("directed")
            is_directed = directed_default if directed is None else directed.strip().casefold() in ("true", "1")
            attrs = _data(edge, keys, defaults["edge"], "EdgeLabel")
            peer.edges.append((edge.get("source"), edge.get("target"), attrs, line, is_directed))
    return peer


def _key_for(root: ET.Element, key_id: str) -> str:
    return next((k.get("for", "all") for k in root.iter("key") if k.get("id") == key_id), "all")


def _data(
    element: ET.Element, keys: dict[str, tuple[str, str | None]], defaults: dict[str, str], label_tag: str
) -> dict[str, str]:
    """An element's data by attribute name (undeclared keys by their key); yEd's graphics give only their label."""
    attrs: dict[str, str] = {}
    yed_label = ""
    for data in children(element, "data"):
        key = data.get("key", "")
        if len(data):  # structured content: yEd's graphics, or another tool's
            # yEd writes y:NodeLabel / y:EdgeLabel, yEd Live and yFiles for HTML y:Label.Text.
            labels = [text_of(e) for e in data.iter() if e.tag in (label_tag, "Label.Text") and text_of(e)]
            yed_label = yed_label or (labels[0] if labels else "")
            continue
        attrs[keys.get(key, (key, None))[0]] = (data.text or "").strip()
    desc = next((text_of(d) for d in children(element, "desc")), "")
    if desc:
        attrs.setdefault("notiz", desc)
    if yed_label:
        # A node's visible label names it; an edge's says what the tie is (a type of the peer's).
        attrs.setdefault("label" if label_tag == "NodeLabel" else "typ", yed_label)
    return {**{k: v for k, v in defaults.items() if k not in attrs}, **attrs}


def write_graphml(network: Network, path: Path) -> list[Path]:
    """GraphML with every canonical column as a key, the maps' drawing for Gephi and graphology, and yEd shapes."""
    ET.register_namespace("", GRAPHML_NS)
    ET.register_namespace("y", YED_NS)
    tables = tables_of(network)
    relations = sorted(network.relations, key=lambda r: r.key)
    root = ET.Element(_q("graphml"))
    columns = {}
    for table, for_, prefix in ((ELEMENTS, "node", "n"), (RELATIONS, "edge", "e")):
        names = [c for c in dict.fromkeys(k for row in tables[table] for k in row) if c not in ("id", "von", "nach")]
        columns[table] = names
        for column in names:
            name = NATIVE.get(column, column)
            ET.SubElement(
                root,
                _q("key"),
                {"id": f"{prefix}_{name}", "for": for_, "attr.name": name, "attr.type": _TYPES.get(name, "string")},
            )
    for name, kind in (("x", "double"), ("y", "double"), ("size", "double"), ("r", "int"), ("g", "int"), ("b", "int")):
        ET.SubElement(root, _q("key"), {"id": f"n_{name}", "for": "node", "attr.name": name, "attr.type": kind})
    ET.SubElement(root, _q("key"), {"id": "n_yed", "for": "node", "yfiles.type": "nodegraphics"})
    ET.SubElement(root, _q("key"), {"id": "e_yed", "for": "edge", "yfiles.type": "edgegraphics"})
    graph = ET.SubElement(root, _q("graph"), id="G", edgedefault="directed")
    look = drawing_of(network)
    for row in tables[ELEMENTS]:
        node = ET.SubElement(graph, _q("node"), id=row["id"])
        for column in columns[ELEMENTS]:
            if row.get(column):
                _datum(node, f"n_{NATIVE.get(column, column)}", row[column])
        drawn = look[row["id"]]
        for name, value in zip(
            ("x", "y", "size", "r", "g", "b"), (drawn.x, drawn.y, drawn.size, *drawn.rgb), strict=True
        ):
            _datum(node, f"n_{name}", str(value))
        shape = ET.SubElement(ET.SubElement(node, _q("data"), key="n_yed"), f"{{{YED_NS}}}ShapeNode")
        side = str(drawn.size * 2)
        ET.SubElement(shape, f"{{{YED_NS}}}Geometry", x=str(drawn.x), y=str(drawn.y), width=side, height=side)
        ET.SubElement(shape, f"{{{YED_NS}}}Fill", color=drawn.color, transparent="false")
        ET.SubElement(shape, f"{{{YED_NS}}}NodeLabel").text = row["name"]
        ET.SubElement(shape, f"{{{YED_NS}}}Shape", type="ellipse")
    for row, relation in zip(tables[RELATIONS], relations, strict=True):
        edge = ET.SubElement(graph, _q("edge"), id=relation.key, source=row["von"], target=row["nach"])
        for column in columns[RELATIONS]:
            if row.get(column):
                _datum(edge, f"e_{NATIVE.get(column, column)}", row[column])
        line = ET.SubElement(ET.SubElement(edge, _q("data"), key="e_yed"), f"{{{YED_NS}}}PolyLineEdge")
        ET.SubElement(line, f"{{{YED_NS}}}EdgeLabel").text = row["typ"]
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return [path]


def _q(tag: str) -> str:
    return f"{{{GRAPHML_NS}}}{tag}"


def _datum(element: ET.Element, key: str, value: str) -> None:
    ET.SubElement(element, _q("data"), key=key).text = value

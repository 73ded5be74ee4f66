"""GEXF, Gephi's format, in and out: :func:`read_gexf` and :func:`write_gexf`.

The reader is our own over :mod:`xml.etree` (through :mod:`defusedxml`), because it has
to accept what Gephi, Gephi Lite (graphology) and NetworkX really write: GEXF 1.0 to 1.3
under any of their namespaces, dynamic graphs (``start``/``end``/``timestamp``
attributes and ``<spells>``, ``timeformat`` date, dateTime or double), GEXF 1.3 list
types, ``defaultedgetype="mixed"`` with a ``type`` per edge, attribute values for
undeclared attributes, and ``viz`` colours, sizes and positions (read as drawing, not
data). GEXF's ``label`` and ``weight`` are our name and gewicht; every other attribute
maps onto our fields by its title (see :mod:`.frames`); an edge's validity becomes
seit/bis, one relation per spell.

The writer writes GEXF 1.3 as Gephi reads it: every canonical column as an attribute,
validity as ``start``/``end`` too (so Gephi's timeline can use it), and the drawing of our
maps as ``viz`` (:func:`~buendnisatlas.importers.network.drawing_of`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

from buendnisatlas.graph.store import GraphStore

from .canonical import ELEMENTS, RELATIONS, Assumptions, ColumnMap, ImportFailed, ImportPlan, Problem
from .frames import PeerGraph, peer_plan
from .network import Network, drawing_of, tables_of
from .xmlfile import children, line_of, parse_xml

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
# Columns whose GEXF names Gephi understands natively; seit/bis become start/end.
NATIVE = {"name": "label", "gewicht": "weight", "seit": "start", "bis": "end"}
_YEAR = re.compile(r"-?\d{4}(\.0+)?")


def read_gexf(path: Path | str, store: GraphStore | None = None, mapping: ColumnMap | None = None) -> ImportPlan:
    """Validate a GEXF file into an import plan; a file we cannot read is refused in German with its line."""
    path = Path(path)
    peer, assumed = parse_gexf(path)
    return peer_plan(peer, store, mapping, path.name, assumed.problems())


def parse_gexf(path: Path) -> tuple[PeerGraph, Assumptions]:
    """The nodes and edges of a GEXF file as the file has them, and what reading them assumed.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "a.gexf").write_text('''<gexf xmlns="http://gexf.net/1.3" version="1.3">
    ...   <graph defaultedgetype="mixed" timeformat="date">
    ...     <attributes class="node"><attribute id="0" title="tags" type="liststring"/></attributes>
    ...     <nodes><node id="a" label="A"><attvalues><attvalue for="0" value="[x, y]"/></attvalues></node>
    ...            <node id="b" label="B"/></nodes>
    ...     <edges><edge source="a" target="b" type="undirected" start="2024-01-01"/></edges>
    ...   </graph></gexf>''', encoding="utf-8") and None
    >>> peer, _ = parse_gexf(folder / "a.gexf")
    >>> peer.nodes[0], peer.edges[0]
    (('a', {'label': 'A', 'tags': 'x|y'}, 4), ('a', 'b', {'seit': '2024-01-01'}, 6, False))
    """
    root = parse_xml(path, "GEXF")
    if root.tag != "gexf":
        raise ImportFailed(
            [Problem(path.name, line_of(root), None, None, f"kein <gexf>-Element (sondern <{root.tag}>)")]
        )
    graph = next(iter(children(root, "graph")), None)
    if graph is None:
        raise ImportFailed([Problem(path.name, line_of(root), None, None, "die GEXF-Datei enthält kein <graph>")])
    assumed = Assumptions()
    timeformat = graph.get("timeformat", "double")
    declared: dict[str, dict[str, tuple[str, str, str | None]]] = {"node": {}, "edge": {}}
    for attributes in children(graph, "attributes"):
        for attribute in children(attributes, "attribute"):
            default = next((d.text or "" for d in children(attribute, "default")), None)
            title = attribute.get("title") or attribute.get("id") or ""
            declared[attributes.get("class", "node")][attribute.get("id", "")] = (
                title,
                attribute.get("type", "string"),
                default,
            )
    times = _Times(path.name, timeformat, assumed)
    peer = PeerGraph()
    for node in graph.iter("node"):
        if node.get("id") is None:
            raise ImportFailed([Problem(path.name, line_of(node), "id", None, "Knoten ohne „id“")])
        attrs: dict[str, Any] = {"label": node.get("label")} if node.get("label") is not None else {}
        attrs.update(_values(node, declared["node"]))
        peer.nodes.append((node.get("id"), attrs, line_of(node) or 0))
    default_type = graph.get("defaultedgetype", "undirected")
    for edge in graph.iter("edge"):
        line = line_of(edge) or 0
        for end in ("source", "target"):
            if not edge.get(end):
                raise ImportFailed([Problem(path.name, line, end, None, f"Kante ohne „{end}“")])
        attrs = {"weight": edge.get("weight")} if edge.get("weight") is not None else {}
        attrs.update(_values(edge, declared["edge"]))
        peer_type = edge.get("kind") or edge.get("label")  # what the tie is, in the peer's words
        if peer_type:
            attrs.setdefault("typ", peer_type)
        directed = edge.get("type", default_type) == "directed"
        for since, until in times.validity(edge, line):
            valid = {k: v for k, v in (("seit", since), ("bis", until)) if v}
            peer.edges.append((edge.get("source"), edge.get("target"), {**attrs, **valid}, line, directed))
    return peer, assumed


def _values(element: ET.Element, declared: dict[str, tuple[str, str, str | None]]) -> dict[str, str]:
    """An element's attribute values by title; for a dynamic attribute, the latest; defaults filled in."""
    found: dict[str, tuple[str, str]] = {}
    values = children(element, "attvalue") + [
        v for a in children(element, "attvalues") for v in children(a, "attvalue")
    ]
    for value in values:
        key = value.get("for") or value.get("id") or ""
        title, kind, _ = declared.get(key, (key, "string", None))  # undeclared: its key is its name
        text = value.get("value", "")
        when = value.get("start") or value.get("timestamp") or ""
        if text.strip().casefold() in ("", "null") or (title in found and when < found[title][0]):
            continue
        found[title] = (when, _text(kind, text))
    result = {title: text for title, (_, text) in found.items()}
    for title, kind, default in declared.values():
        if default is not None and title not in result:
            result[title] = _text(kind, default)
    return result


def _text(kind: str, value: str) -> str:
    """A GEXF value as a cell: list types (``[a, b]``, ``a|b``, ``a,b``) become our ``a|b``.

    >>> _text("liststring", "['a', \\"b\\", c]"), _text("listboolean", "[true, false]"), _text("string", "a, b")
    ('a|b|c', 'true|false', 'a, b')
    """
    value = value.strip()
    if not kind.startswith("list"):
        return value
    inner = value[1:-1] if value.startswith("[") and value.endswith("]") else value
    parts = re.split(r"\s*[|,]\s*", inner) if "|" not in inner else inner.split("|")
    return "|".join(p.strip().strip("'\"").strip() for p in parts if p.strip().strip("'\""))


class _Times:
    """Validity of GEXF edges as our dates, with what had to be assumed."""

    def __init__(self, file: str, timeformat: str, assumed: Assumptions):
        self.file, self.timeformat, self.assumed = f"{file} [Kanten]", timeformat, assumed

    def validity(self, edge: ET.Element, line: int) -> list[tuple[str | None, str | None]]:
        """One ``(seit, bis)`` per spell; ``[(None, None)]`` for an edge valid all the time."""
        spells = [s for group in children(edge, "spells") for s in children(group, "spell")]
        periods = [(s.get("start") or s.get("timestamp"), s.get("end") or s.get("timestamp")) for s in spells]
        if not periods:
            stamp = edge.get("timestamp")
            periods = [(edge.get("start") or stamp, edge.get("end") or stamp)]
        found = [(self.date(a, line), self.date(b, line)) for a, b in periods]
        return list(dict.fromkeys(found)) or [(None, None)]

    def date(self, value: str | None, line: int) -> str | None:
        if not value or value.strip().upper().lstrip("+-") in ("INF", "INFINITY"):
            return None
        text = value.strip()
        if re.match(r"\d{4}-\d{2}-\d{2}", text):
            return text[:10]
        if _YEAR.fullmatch(text):
            self.assumed.add(self.file, line, "seit", "Zeitangaben als Jahreszahlen gelesen (1. Januar)")
            return date(int(float(text)), 1, 1).isoformat()
        self.assumed.add(self.file, line, "seit", "Zeitangaben, die kein Datum sind, wurden nicht übernommen")
        return None


def write_gexf(network: Network, path: Path) -> list[Path]:
    """GEXF 1.3 with every canonical column, validity as ``start``/``end`` and our maps' drawing as ``viz``."""
    ET.register_namespace("", GEXF_NS)
    ET.register_namespace("viz", VIZ_NS)
    ET.register_namespace("xsi", XSI_NS)
    tables = tables_of(network)
    relations = sorted(network.relations, key=lambda r: r.key)
    root = ET.Element(
        _q("gexf"),
        {"version": "1.3", f"{{{XSI_NS}}}schemaLocation": f"{GEXF_NS} {GEXF_NS}/gexf.xsd"},
    )
    meta = ET.SubElement(root, _q("meta"), lastmodifieddate=date.today().isoformat())
    ET.SubElement(meta, _q("creator")).text = "Bündnisatlas"
    dynamic = any(r.since or r.until for r in relations)
    graph = ET.SubElement(
        root,
        _q("graph"),
        {"defaultedgetype": "directed", **({"mode": "dynamic", "timeformat": "date"} if dynamic else {})},
    )
    columns = {}
    for table, cls in ((ELEMENTS, "node"), (RELATIONS, "edge")):
        names = [c for c in dict.fromkeys(k for row in tables[table] for k in row) if c not in ("id", "von", "nach")]
        # seit/bis also as plain attributes: graphology (Gephi Lite) drops start/end on re-saving.
        columns[table] = [c for c in names if c not in ("name", "gewicht")]
        attributes = ET.SubElement(graph, _q("attributes"), {"class": cls})
        for column in columns[table]:
            ET.SubElement(attributes, _q("attribute"), id=column, title=column, type="string")
    look = drawing_of(network)
    nodes = ET.SubElement(graph, _q("nodes"))
    for row in tables[ELEMENTS]:
        node = ET.SubElement(nodes, _q("node"), id=row["id"], label=row["name"])
        _attvalues(node, row, columns[ELEMENTS])
        drawn = look[row["id"]]
        r, g, b = drawn.rgb
        ET.SubElement(node, f"{{{VIZ_NS}}}color", r=str(r), g=str(g), b=str(b))
        ET.SubElement(node, f"{{{VIZ_NS}}}position", x=str(drawn.x), y=str(drawn.y), z="0.0")
        ET.SubElement(node, f"{{{VIZ_NS}}}size", value=str(drawn.size))
    edges = ET.SubElement(graph, _q("edges"))
    for row, relation in zip(tables[RELATIONS], relations, strict=True):
        attrs = {"id": relation.key, "source": row["von"], "target": row["nach"], "weight": row.get("gewicht", "1")}
        attrs.update({NATIVE[c]: row[c] for c in ("seit", "bis") if row.get(c)})
        _attvalues(ET.SubElement(edges, _q("edge"), attrs), row, columns[RELATIONS])
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return [path]


def _q(tag: str) -> str:
    return f"{{{GEXF_NS}}}{tag}"


def _attvalues(element: ET.Element, row: dict[str, str], columns: list[str]) -> None:
    present = [c for c in columns if row.get(c)]
    if present:
        values = ET.SubElement(element, _q("attvalues"))
        for column in present:
            ET.SubElement(values, _q("attvalue"), {"for": column, "value": row[column]})

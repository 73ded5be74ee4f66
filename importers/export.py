"""Writing the network out: our canonical CSV, XLSX and JSON, and GraphML and GEXF for Gephi & Co.

Every format writes the same rows (:func:`~buendnisatlas.importers.canonical.element_row`,
:func:`~buendnisatlas.importers.canonical.relation_row`), which the importers read back
unchanged: a round trip through any of them loses no attribute, no validity date and no
visibility. What a network holds is the viewer's part
(:func:`buendnisatlas.services.data.export_network`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from buendnisatlas.graph.model import Node, Region, Relation

from .canonical import COLUMNS, ELEMENTS, REGIONS, RELATIONS, element_row, region_row, relation_row

FORMATS = ("csv", "xlsx", "json", "graphml", "gexf")
JSON_FORMAT = "buendnisatlas"
# Graph formats name two fields the way Gephi understands them.
GRAPH_NAMES = {"name": "label", "gewicht": "weight"}
_NUMERIC = frozenset({"weight", "budget"})


@dataclass
class Network:
    """What an export writes: nodes, relations and the regions not built in."""

    nodes: list[Node]
    relations: list[Relation]
    regions: list[Region] = field(default_factory=list)


def tables_of(network: Network) -> dict[str, list[dict[str, str]]]:
    """The canonical tables of a network, rows as dicts of German column → text."""
    tables = {
        ELEMENTS: [element_row(n) for n in sorted(network.nodes, key=lambda n: n.id)],
        RELATIONS: [relation_row(r) for r in sorted(network.relations, key=lambda r: r.key)],
        REGIONS: [region_row(r) for r in sorted(network.regions, key=lambda r: r.ags)],
    }
    return {name: rows for name, rows in tables.items() if rows or name != REGIONS}


def _header(table: str, rows: Sequence[dict[str, str]]) -> list[str]:
    present = {k for row in rows for k in row}
    return [c for c in COLUMNS[table] if c in present or c in ("id", "name", "typ", "von", "nach", "ags")]


def write_csv(network: Network, folder: Path) -> list[Path]:
    """``elemente.csv``, ``beziehungen.csv`` (and ``regionen.csv``): ``;``, UTF-8 with BOM, as Excel likes."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table, rows in tables_of(network).items():
        path = folder / f"{table}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.DictWriter(handle, _header(table, rows), delimiter=";", lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
    return written


SHEETS = {ELEMENTS: "Elemente", RELATIONS: "Beziehungen", REGIONS: "Regionen"}


def write_xlsx(network: Network, path: Path) -> list[Path]:
    """One workbook, sheets Elemente, Beziehungen (and Regionen); every cell text, so keys keep their zeros."""
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for table, rows in tables_of(network).items():
            pd.DataFrame(rows, columns=_header(table, rows)).to_excel(writer, sheet_name=SHEETS[table], index=False)
    return [path]


def write_json(network: Network, path: Path) -> list[Path]:
    """Our JSON: ``{"format": "buendnisatlas", "version": 1, "elemente": [...], "beziehungen": [...]}``."""
    data: dict[str, Any] = {"format": JSON_FORMAT, "version": 1, **tables_of(network)}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return [path]


def _graph_value(column: str, value: str) -> Any:
    return float(value) if column in _NUMERIC else value


def graph_of(network: Network) -> nx.MultiDiGraph:
    """The network as a graph whose attributes are canonical columns (``label`` and ``weight`` for Gephi)."""
    tables = tables_of(network)
    G = nx.MultiDiGraph()
    for row in tables[ELEMENTS]:
        attrs = {GRAPH_NAMES.get(k, k): v for k, v in row.items() if k != "id"}
        G.add_node(row["id"], **{k: _graph_value(k, v) for k, v in attrs.items()})
    for row, relation in zip(tables[RELATIONS], sorted(network.relations, key=lambda r: r.key), strict=True):
        attrs = {GRAPH_NAMES.get(k, k): v for k, v in row.items() if k not in ("von", "nach")}
        G.add_edge(row["von"], row["nach"], key=relation.key, **{k: _graph_value(k, v) for k, v in attrs.items()})
    return G


def write_graphml(network: Network, path: Path) -> list[Path]:
    nx.write_graphml(graph_of(network), path, encoding="utf-8", named_key_ids=True)
    return [path]


def write_gexf(network: Network, path: Path) -> list[Path]:
    G = graph_of(network)
    for _, _, key, attrs in G.edges(keys=True, data=True):
        attrs["id"] = key  # the relation key as GEXF edge id, so Gephi keeps parallel ties apart
    nx.write_gexf(G, path, encoding="utf-8")
    return [path]


WRITERS = {
    "csv": write_csv,
    "xlsx": write_xlsx,
    "json": write_json,
    "graphml": write_graphml,
    "gexf": write_gexf,
}


def guess_format(out: Path) -> str | None:
    """The format an output path's suffix names; a path without suffix is a CSV folder."""
    suffix = out.suffix.lower().lstrip(".")
    if not suffix:
        return "csv"
    return {"xml": "graphml"}.get(suffix, suffix if suffix in FORMATS else None)


def export(network: Network, out: Path, format: str) -> list[Path]:
    """Write ``network`` to ``out`` in ``format``; returns the files written."""
    return WRITERS[format](network, out)

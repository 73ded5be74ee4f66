"""Onodo's spreadsheet in: an ``.xlsx`` with a nodes sheet and a relations sheet.

Onodo's template has nodes (``Name``, ``Type``, ``Description``, ``Visible``, custom
columns) on the first sheet and relations (``Source``, ``Type``, ``Target``,
``Directional``, ``Date``, ``Description``) on the second; relations name their ends by
node name. Columns that name one of our fields are read too; ``Visible`` (whether Onodo
draws a node) is not our visibility and is ignored, so persons stay confidential.
"""

from __future__ import annotations

from pathlib import Path

from buendnisatlas.graph.store import GraphStore

from .canonical import ColumnMap, ImportFailed, ImportPlan, Problem, fold_header, read_workbook
from .frames import plan_from_labelled_rows, sheet_rows

NODE_RENAMES = {"name": "name", "type": "typ", "description": "notiz", "node_type": "typ"}
RELATION_RENAMES = {
    "source": "von",
    "origin": "von",
    "target": "nach",
    "destination": "nach",
    "type": "typ",
    "relationship": "typ",
    "relation_type": "typ",
    "relationship_type": "typ",
    "date": "seit",
    "at": "seit",
    "from_date": "seit",
    "to_date": "bis",
}
IGNORED = frozenset({"visible", "directional", "direction", "image"})
NODE_SHEETS = ("nodes", "knoten", "nodos")
RELATION_SHEETS = ("relations", "relationships", "beziehungen", "relaciones")


def read_onodo(path: Path | str, store: GraphStore | None = None, mapping: ColumnMap | None = None) -> ImportPlan:
    """Validate an Onodo workbook into an import plan."""
    path = Path(path)
    sheets = read_workbook(path)
    titles = list(sheets)
    nodes = next((t for t in titles if fold_header(t) in NODE_SHEETS), titles[0] if titles else None)
    relations = next((t for t in titles if fold_header(t) in RELATION_SHEETS), None)
    if relations is None and len(titles) > 1:
        relations = next(t for t in titles if t != nodes)
    if nodes is None or relations is None:
        found = ", ".join(f"„{t}“" for t in titles) or "(keine)"
        raise ImportFailed(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    None,
                    f"erwartet ein Blatt mit Knoten und eines mit Beziehungen; gefunden: {found}",
                )
            ]
        )
    node_rows = [
        (n, {k: v for k, v in r.items() if fold_header(k) not in IGNORED})
        for n, r in sheet_rows(sheets[nodes], NODE_RENAMES)
    ]
    relation_rows = [
        (n, {k: v for k, v in r.items() if fold_header(k) not in IGNORED})
        for n, r in sheet_rows(sheets[relations], RELATION_RENAMES)
    ]
    return plan_from_labelled_rows(path.name, (nodes, relations), node_rows, relation_rows, store, mapping)

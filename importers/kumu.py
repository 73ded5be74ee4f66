"""Kumu's import layout in: an ``.xlsx`` with sheets Elements and Connections, or Kumu's JSON.

Elements have ``Label``, ``Type``, ``Description`` (and optionally ``ID``); connections
name their ends by label in ``From`` and ``To`` and have a ``Type``. Kumu's JSON export
keeps an element's attributes under ``attributes`` (``label``, ``element type``) and
its ``_id`` beside them, to which connections' ``from``/``to`` refer (type in
``connection type``). Multi-values are
``|``-separated, as in our own format. Any further column that names one of our fields
(``Sektor``, ``Gemeinde``, ``Themen``, …) is read as well; Kumu's own types that we do
not know are reported, and untyped elements and ties are assumed (see the warnings).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from buendnisatlas.graph.store import GraphStore

from .canonical import ColumnMap, ImportFailed, ImportPlan, Problem, fold_header, parse_json, read_workbook
from .frames import Rows, plan_from_labelled_rows, sheet_rows

ELEMENT_RENAMES = {
    "label": "name",
    "description": "notiz",
    "type": "typ",
    "element_type": "typ",
    "id": "id",
    "_id": "id",
}
CONNECTION_RENAMES = {
    "connection_type": "typ",
    "from": "von",
    "to": "nach",
    "type": "typ",
    "strength": "gewicht",
    "start_date": "seit",
    "end_date": "bis",
    "start": "seit",
    "end": "bis",
}
# Kumu's bookkeeping columns, never our data.
IGNORED = frozenset({"direction", "connection_direction", "delayed", "reversed", "image", "layout", "_id"})


def _drop(rows: Rows, ignored: frozenset[str]) -> Rows:
    return [(n, {k: v for k, v in r.items() if fold_header(k) not in ignored}) for n, r in rows]


def read_kumu(path: Path | str, store: GraphStore | None = None, mapping: ColumnMap | None = None) -> ImportPlan:
    """Validate a Kumu workbook or JSON file into an import plan."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        data = parse_json(path)
        if not isinstance(data, dict):
            raise ImportFailed([Problem(path.name, None, None, None, "Kumu-JSON ohne „elements“")])
        elements = _json_rows(data.get("elements", []), ELEMENT_RENAMES)
        connections = _json_rows(data.get("connections", []), CONNECTION_RENAMES)
    else:
        sheets = {fold_header(title): rows for title, rows in read_workbook(path).items()}
        if "elements" not in sheets:
            found = ", ".join(sheets) or "(keine)"
            raise ImportFailed(
                [Problem(path.name, None, None, None, f"Tabellenblatt „Elements“ fehlt; gefunden: {found}")]
            )
        elements = sheet_rows(sheets["elements"], ELEMENT_RENAMES)
        connections = sheet_rows(sheets.get("connections", []), CONNECTION_RENAMES)
    return plan_from_labelled_rows(
        path.name,
        ("Elements", "Connections"),
        _drop(elements, IGNORED),
        _drop(connections, IGNORED),
        store,
        mapping,
    )


def _json_rows(entries: Any, renames: dict[str, str]) -> Rows:
    if not isinstance(entries, list):
        return []
    rows = []
    for number, entry in enumerate(entries, start=1):
        if isinstance(entry, dict):
            attributes = entry.get("attributes")
            merged = {**entry, **(attributes if isinstance(attributes, dict) else {})}
            merged.pop("attributes", None)
            rows.append((number, {renames.get(fold_header(k), k): v for k, v in merged.items()}))
    return rows

"""Writing the network out in every format: our canonical CSV, XLSX and JSON, and GraphML and GEXF.

The graph formats' writers live with their readers (:mod:`.gexf`, :mod:`.graphml`);
what every format writes is in :mod:`.network`. What a network holds is the viewer's part
(:func:`buendnisatlas.services.data.export_network`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from buendnisatlas.graph.cells import safe_cell

from .canonical import COLUMNS, ELEMENTS, REGIONS, RELATIONS
from .gexf import write_gexf
from .graphml import write_graphml
from .network import Network, tables_of

__all__ = ["FORMATS", "Network", "export", "guess_format"]

FORMATS = ("csv", "xlsx", "json", "graphml", "gexf")
JSON_FORMAT = "buendnisatlas"


def _header(table: str, rows: Sequence[dict[str, str]]) -> list[str]:
    present = {k for row in rows for k in row}
    return [c for c in COLUMNS[table] if c in present or c in ("id", "name", "typ", "von", "nach", "ags")]


def safe_rows(rows: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    """Rows whose cells cannot run as formulas in a spreadsheet (:func:`~buendnisatlas.graph.cells.safe_cell`)."""
    return [{k: safe_cell(v) for k, v in row.items()} for row in rows]


def write_csv(network: Network, folder: Path) -> list[Path]:
    """``elemente.csv``, ``beziehungen.csv`` (and ``regionen.csv``): ``;``, UTF-8 with BOM, no formulas."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table, rows in tables_of(network).items():
        path = folder / f"{table}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.DictWriter(handle, _header(table, rows), delimiter=";", lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(safe_rows(rows))
        written.append(path)
    return written


SHEETS = {ELEMENTS: "Elemente", RELATIONS: "Beziehungen", REGIONS: "Regionen"}


def write_xlsx(network: Network, path: Path) -> list[Path]:
    """One workbook, sheets Elemente, Beziehungen (and Regionen); every cell text (keys keep zeros), no formula."""
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for table, rows in tables_of(network).items():
            frame = pd.DataFrame(safe_rows(rows), columns=_header(table, rows))
            frame.to_excel(writer, sheet_name=SHEETS[table], index=False)
    return [path]


def write_json(network: Network, path: Path) -> list[Path]:
    """Our JSON: ``{"format": "buendnisatlas", "version": 1, "elemente": [...], "beziehungen": [...]}``."""
    data: dict[str, Any] = {"format": JSON_FORMAT, "version": 1, **tables_of(network)}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return [path]


WRITERS: dict[str, Callable[[Network, Path], list[Path]]] = {
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

"""Which format a file is in, and one entry point that reads any of them.

``buendnisatlas import`` calls :func:`read_any`; the format is recognised from the file
(suffix, sheet names, headers, JSON keys) unless the user names it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from buendnisatlas.graph.store import GraphStore

from .canonical import ColumnMap, ImportFailed, ImportPlan, Problem, fold_header, read_canonical, read_workbook
from .gexf import read_gexf
from .graphml import read_graphml
from .kumu import read_kumu
from .onodo import read_onodo

FORMATS = ("canonical", "graphml", "gexf", "kumu", "onodo")
READERS = {"graphml": read_graphml, "gexf": read_gexf, "kumu": read_kumu, "onodo": read_onodo}
FORMAT_LABELS = {
    "canonical": "Bündnisatlas (CSV/XLSX/JSON)",
    "graphml": "GraphML",
    "gexf": "GEXF (Gephi)",
    "kumu": "Kumu",
    "onodo": "Onodo",
}


def detect_format(paths: Sequence[Path]) -> str:
    """Recognise the format of the given files; several files or a folder are canonical."""
    if len(paths) != 1 or paths[0].is_dir() or not paths[0].exists():
        return "canonical"
    path = paths[0]
    suffix = path.suffix.lower()
    if suffix in (".graphml", ".gexf"):
        return suffix[1:]
    if suffix == ".xml":
        head = path.read_bytes()[:2048].lower()
        return "gexf" if b"<gexf" in head else "graphml" if b"<graphml" in head else "canonical"
    if suffix == ".json":
        try:
            data = json.loads(path.read_bytes())
        except (ValueError, UnicodeDecodeError):
            return "canonical"  # its reader says what is wrong
        if isinstance(data, dict) and ("connections" in data or "elements" in data):
            return "kumu"
        return "canonical"
    if suffix in (".xlsx", ".xlsm"):
        try:
            sheets = read_workbook(path)
        except ImportFailed:
            return "canonical"
        return _workbook_format(sheets)
    return "canonical"


def _workbook_format(sheets: dict[str, list[tuple[object, ...]]]) -> str:
    names = {fold_header(title): rows for title, rows in sheets.items()}
    headers = [{fold_header(str(c)) for c in (rows[0] if rows else ()) if c is not None} for rows in names.values()]
    first, second = [*headers, set(), set()][:2]
    if "connections" in names:
        return "kumu"
    if "id" in first or "kennung" in first or {"elemente", "beziehungen"} & set(names):
        return "canonical"
    if "label" in first:
        return "kumu"
    if "name" in first and {"source", "target"} <= second:
        return "onodo"
    return "canonical"  # its reader names what is missing


def read_any(
    paths: Sequence[Path | str],
    store: GraphStore | None = None,
    format: str | None = None,
    mapping: ColumnMap | None = None,
) -> tuple[str, ImportPlan]:
    """Read files in the named or recognised format; returns the format and the validated plan."""
    files = [Path(p) for p in paths]
    fmt = format or detect_format(files)
    if fmt == "canonical":
        return fmt, read_canonical(files, store, mapping)
    if len(files) != 1 or not files[0].is_file():
        where = ", ".join(map(str, files))
        message = f"{FORMAT_LABELS[fmt]} wird aus genau einer Datei gelesen"
        raise ImportFailed([Problem(where, None, None, None, message)])
    return fmt, READERS[fmt](files[0], store, mapping)

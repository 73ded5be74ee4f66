"""Shared fixtures: real SQLite files in tmp paths, and the CLI run in-process."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from buendnisatlas.api.cli import run
from buendnisatlas.demo import DEMO_DIR
from buendnisatlas.graph.regions import reference_regions
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.importers.canonical import import_canonical


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "atlas.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[SqliteStore]:
    s = SqliteStore(db_path)
    yield s
    s.close()


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., CliResult]:
    """Run ``buendnisatlas ARGS…`` against the test's SQLite file; returns code, stdout, stderr."""
    monkeypatch.setenv("BUENDNISATLAS_STORE", f"sqlite:///{db_path}")

    def invoke(*args: str) -> CliResult:
        capsys.readouterr()
        code = run(list(args))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return invoke


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_csv(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the regions and the demo network; copy it, never write to it."""
    path = tmp_path_factory.mktemp("template") / "demo.db"
    store = SqliteStore(path)
    store.upsert_regions(reference_regions())
    import_canonical(store, [DEMO_DIR])
    store.close()
    return path


def write_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """An ``.xlsx`` file with the given sheets and rows, as Excel would save it."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path

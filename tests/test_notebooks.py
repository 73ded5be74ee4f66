"""The worked analyses in ``notebooks/`` run from top to bottom on the demo network.

Each notebook asserts the facts its analysis rests on in its own code cells, so a change
that breaks an analysis fails here with the cell that broke. The notebooks are executed in
a fresh kernel of this interpreter, in a temporary working directory.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT = 60  # seconds per cell; the whole notebook takes a few seconds


def test_there_are_notebooks() -> None:
    assert len(NOTEBOOKS) >= 2, "notebooks/ should hold the worked analyses"


def test_kernel_is_this_interpreter() -> None:
    """``python3`` must start this venv's python, where buendnisatlas is installed."""
    command = KernelManager(kernel_name="python3").format_kernel_cmd()
    assert os.path.abspath(command[0]) == os.path.abspath(sys.executable), command


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [
        i for i, cell in enumerate(nb.cells) if cell.cell_type == "code" and (cell.outputs or cell.execution_count)
    ]
    assert not dirty, f"{path.name}: clear the outputs of cells {dirty} before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Connection files and matplotlib's cache go to the test's tmp dir, not a (maybe read-only) home.
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "matplotlib"))
    workdir = tmp_path / "work"
    workdir.mkdir()
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=CELL_TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    client.execute()  # raises CellExecutionError naming the failing cell (a failed assert included)
    # Every analysis shows its results, not just runs: each notebook displays tables or charts.
    shown = [out.output_type for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]
    assert "execute_result" in shown or "display_data" in shown
    # The analyses work on their own temporary store, never on a default store in the working directory.
    assert not (workdir / "buendnisatlas.db").exists()

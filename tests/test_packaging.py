"""The package installs as one namespace, buendnisatlas.*, from the user's folder layout."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel_files(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("buendnisatlas-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_wheel_installs_only_the_buendnisatlas_namespace(wheel_files: list[str]) -> None:
    top_level = {name.split("/")[0] for name in wheel_files}
    assert {t for t in top_level if not t.endswith(".dist-info")} == {"buendnisatlas"}


def test_wheel_maps_the_top_level_folders_into_the_namespace(wheel_files: list[str]) -> None:
    for module in ("graph/model.py", "graph/sqlite_store.py", "api/cli/__init__.py", "importers/canonical.py"):
        assert f"buendnisatlas/{module}" in wheel_files
    assert "buendnisatlas/graph/data/gemeindeverzeichnis.csv.gz" in wheel_files
    assert "buendnisatlas/graph/data/GEMEINDEVERZEICHNIS.md" in wheel_files  # Destatis' attribution travels along
    assert "buendnisatlas/demo/elemente.csv" in wheel_files
    assert "buendnisatlas/demo/beziehungen.csv" in wheel_files
    for part in ("map.html", "map.js", "map.css"):
        assert f"buendnisatlas/visualizations/templates/{part}" in wheel_files


def test_bare_graph_and_api_are_not_importable() -> None:
    probe = "import importlib.util as u; print(u.find_spec('graph'), u.find_spec('api'))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd="/", check=True)
    assert result.stdout.strip() == "None None"


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "buendnisatlas"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("buendnisatlas ")

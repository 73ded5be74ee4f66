"""The layout keeps its promises: doors and adapters never ask the visibility policy themselves.

Only the service layer (``buendnisatlas/services``) and the core (``graph/``) import
``graph/visibility.py``; a door that did could read around the viewer. The core knows
no door and no adapter.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOORS_AND_ADAPTERS = ["api", "visualizations", "importers"]


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, as a dotted name relative to the package (``graph.visibility``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    parts = path.relative_to(ROOT).parent.parts
    # graph/, api/, … install as buendnisatlas.graph, buendnisatlas.api, …
    package = parts if parts[:1] == ("buendnisatlas",) else ("buendnisatlas", *parts)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.removeprefix("buendnisatlas.") for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                base = ".".join(package[: len(package) - node.level + 1])
                module = (f"{base}.{node.module}" if node.module else base).removeprefix("buendnisatlas.")
            else:
                module = (node.module or "").removeprefix("buendnisatlas.")
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def files_under(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", files_under(*DOORS_AND_ADAPTERS), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_door_imports_the_visibility_policy(path: Path) -> None:
    assert "graph.visibility" not in imported_modules(path), f"{path.relative_to(ROOT)} asks graph/visibility.py"


def test_the_check_sees_every_way_of_importing(tmp_path: Path) -> None:
    spellings = [
        "from buendnisatlas.graph.visibility import may_show",
        "from buendnisatlas.graph import visibility",
        "import buendnisatlas.graph.visibility",
        "from ...graph.visibility import visible_subgraph",
        "from ...graph import visibility",
    ]
    folder = ROOT / "api" / "rest"
    for text in spellings:
        probe = folder / "_probe_layering.py"
        probe.write_text(text + "\n", encoding="utf-8")
        try:
            assert "graph.visibility" in imported_modules(probe), text
        finally:
            probe.unlink()


def test_the_service_layer_is_where_the_policy_is_asked() -> None:
    users = {
        p.relative_to(ROOT).parts[0]
        for p in files_under("buendnisatlas", "graph")
        if "graph.visibility" in imported_modules(p)
    }
    assert "buendnisatlas" in users  # services/viewer.py


@pytest.mark.parametrize("path", files_under("graph"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_knows_no_door_and_no_adapter(path: Path) -> None:
    outside = {
        m for m in imported_modules(path) if m.split(".")[0] in ("api", "importers", "visualizations", "services")
    }
    assert not outside, f"{path.relative_to(ROOT)} imports {outside}"

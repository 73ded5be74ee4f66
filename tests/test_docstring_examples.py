"""Every docstring example in the package runs and shows what it claims."""

import doctest
import importlib
import pkgutil

import pytest

# Sub-packages live in the user's top-level folders (package-dir), so walk each one.
PACKAGES = [
    "buendnisatlas",
    "buendnisatlas.graph",
    "buendnisatlas.importers",
    "buendnisatlas.visualizations",
    "buendnisatlas.api",
]


def _modules() -> list[str]:
    found = set(PACKAGES)
    for package in PACKAGES:
        path = importlib.import_module(package).__path__
        found |= {m.name for m in pkgutil.walk_packages(path, f"{package}.")}
    return sorted(n for n in found if not n.endswith("__main__") and "._generate" not in n)


MODULES = _modules()


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed"

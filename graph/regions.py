"""Region reference data: the Länder and the Kreise and Gemeinden the demo needs.

The shipped table ``data/regionen.csv`` has the same layout as an import's
``regionen.csv`` (``ags;name;ebene``), so a full Gemeindeverzeichnis converted to it
loads through the same code path (:func:`read_regions`).
"""

from __future__ import annotations

import csv
import io
from importlib import resources

from .model import Region

LEVEL_ALIASES = {"level": "ebene", "key": "ags", "schluessel": "ags", "schlüssel": "ags"}


def read_regions(text: str) -> list[Region]:
    """Parse a ``ags;name;ebene`` table.

    Examples
    --------
    >>> [r.level for r in read_regions("ags;name\\n15;Sachsen-Anhalt\\n15087;Mansfeld-Südharz\\n")]
    ['Land', 'Kreis']
    """
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    regions = []
    for row in reader:
        row = {LEVEL_ALIASES.get(k.strip().lower(), k.strip().lower()): (v or "").strip() for k, v in row.items()}
        regions.append(Region(ags=row["ags"], name=row["name"], level=row.get("ebene") or None))
    return regions


def reference_regions() -> list[Region]:
    """The region table shipped with the package."""
    text = resources.files("buendnisatlas.graph").joinpath("data/regionen.csv").read_text(encoding="utf-8")
    return read_regions(text)

"""GEXF in (Gephi's own format): our own export or a file saved by Gephi or NetworkX.

Writing is in :mod:`buendnisatlas.importers.export`. GEXF's native ``label`` and
``weight`` are our name and gewicht; other attributes map by name or by ``mapping``.
"""

from __future__ import annotations

from pathlib import Path

from buendnisatlas.graph.store import GraphStore

from .canonical import ColumnMap, ImportPlan
from .frames import from_networkx
from .graphml import read_graph


def read_gexf(path: Path | str, store: GraphStore | None = None, mapping: ColumnMap | None = None) -> ImportPlan:
    """Validate a GEXF file into an import plan."""
    path = Path(path)
    return from_networkx(read_graph(path, "gexf"), store, mapping, file=path.name)

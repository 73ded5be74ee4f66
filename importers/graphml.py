"""GraphML in: our own export, or a file saved by Gephi, NetworkX, yEd or Cytoscape.

Writing is in :mod:`buendnisatlas.importers.export`; attributes map onto our fields by
name or by ``mapping`` (see :mod:`buendnisatlas.importers.frames`).
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import ParseError

import networkx as nx

from buendnisatlas.graph.store import GraphStore

from .canonical import ColumnMap, ImportFailed, ImportPlan, Problem
from .frames import from_networkx


def read_graph(path: Path, reader: str) -> nx.Graph:
    """Parse a graph file with NetworkX; what it cannot read becomes a German problem."""
    try:
        if reader == "graphml":
            return nx.read_graphml(path)
        return nx.read_gexf(path)
    except (ParseError, nx.NetworkXError, KeyError, ValueError, TypeError, IndexError) as exc:
        raise ImportFailed(
            [Problem(path.name, None, None, None, f"keine lesbare {reader.upper()}-Datei: {exc}")]
        ) from exc
    except OSError as exc:
        raise ImportFailed([Problem(path.name, None, None, None, f"Datei nicht lesbar: {exc.strerror}")]) from exc


def read_graphml(path: Path | str, store: GraphStore | None = None, mapping: ColumnMap | None = None) -> ImportPlan:
    """Validate a GraphML file into an import plan."""
    path = Path(path)
    return from_networkx(read_graph(path, "graphml"), store, mapping, file=path.name)

"""The composition root: one setting, the store URL, picks the store adapter."""

from __future__ import annotations

import gc
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from buendnisatlas.graph.store import GraphStore

# The stores are imported when one is opened: the CLI reads STORE_ENV before it knows
# whether a command needs a store at all.

STORE_ENV = "BUENDNISATLAS_STORE"
DEFAULT_STORE_URL = "sqlite:///./buendnisatlas.db"


def store_url(explicit: str | None = None) -> str:
    """The URL given on the command line, else ``$BUENDNISATLAS_STORE``, else the default file."""
    return explicit or os.environ.get(STORE_ENV) or DEFAULT_STORE_URL


def open_store(url: str | None = None) -> GraphStore:
    """Open the store the URL names: ``sqlite:///datei.db`` or ``neo4j://server:7687`` (and bolt://, …+s://).

    User, password and database of a Neo4j store come from the URL
    (``neo4j://user:password@host:7687/database``) or ``BUENDNISATLAS_NEO4J_USER``,
    ``…_PASSWORD``, ``…_DATABASE``.
    """
    from buendnisatlas.graph.sqlite_store import SqliteStore
    from buendnisatlas.graph.store import NEO4J_SCHEMES, StoreError, redact_url

    url = store_url(url)
    scheme = url.split(":", 1)[0].lower()
    if scheme == "sqlite":
        return SqliteStore.from_url(url)
    if scheme in NEO4J_SCHEMES:
        try:
            from buendnisatlas.graph.neo4j_store import Neo4jStore
        except ImportError as exc:
            if exc.name != "neo4j":
                raise
            raise StoreError(
                f"Für die Adresse „{redact_url(url)}“ fehlt der Neo4j-Treiber (Python-Paket „neo4j“). "
                "Installieren mit: pip install 'buendnisatlas[neo4j]'"
            ) from exc
        return Neo4jStore.from_url(url)
    raise StoreError(
        f"Unbekannte Speicher-Adresse „{redact_url(url)}“. Unterstützt werden sqlite:///pfad/zur/datei.db "
        "und neo4j://server:7687 (auch bolt://, neo4j+s://, bolt+s://)"
    )


def tune_collector() -> None:
    """Run Python's cycle collector less often than by default (every 700 allocations, 10, 10).

    An analysis builds tens of thousands of small dicts and lists that live until it answers;
    at the default thresholds the collector scans them, and every graph the process holds,
    again and again: half of a gap report's time. Reference counting frees nearly all of it
    anyway; the collector is only for cycles, which these programs rarely make. Every door
    calls this when its process starts (CLI, each server process).
    """
    gc.set_threshold(10_000, 50, 50)

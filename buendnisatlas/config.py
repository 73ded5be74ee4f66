"""The composition root: one setting, the store URL, picks the store adapter."""

from __future__ import annotations

import os

from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.store import GraphStore, StoreError

STORE_ENV = "BUENDNISATLAS_STORE"
DEFAULT_STORE_URL = "sqlite:///./buendnisatlas.db"


def store_url(explicit: str | None = None) -> str:
    """The URL given on the command line, else ``$BUENDNISATLAS_STORE``, else the default file."""
    return explicit or os.environ.get(STORE_ENV) or DEFAULT_STORE_URL


def open_store(url: str | None = None) -> GraphStore:
    """Open the store the URL names (``sqlite:///datei.db``)."""
    url = store_url(url)
    scheme = url.split(":", 1)[0].lower()
    if scheme == "sqlite":
        return SqliteStore.from_url(url)
    raise StoreError(f"Unbekannte Speicher-Adresse „{url}“. Unterstützt wird: sqlite:///pfad/zur/datei.db")

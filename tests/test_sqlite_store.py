"""What only the SQLite store has: a WAL file with a versioned schema. The rest is in test_store_contract.py."""

import sqlite3
from pathlib import Path

import pytest

from buendnisatlas.graph.sqlite_store import SCHEMA_VERSION, SqliteStore
from buendnisatlas.graph.store import StoreError


def test_file_is_a_wal_database_with_versioned_schema(store: SqliteStore, db_path: Path) -> None:
    store.close()
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_a_newer_schema_is_refused(db_path: Path) -> None:
    SqliteStore(db_path).close()
    db = sqlite3.connect(db_path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="neueren"):
        SqliteStore(db_path)


def test_a_file_that_is_no_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.db"
    path.write_bytes(b"Das ist keine Datenbank" * 100)
    with pytest.raises(StoreError, match="keine lesbare"):
        SqliteStore(path)


def test_a_file_of_schema_1_is_migrated_with_its_data(db_path: Path) -> None:
    from buendnisatlas.graph.model import Actor, Relation
    from buendnisatlas.graph.sqlite_store import MIGRATIONS

    db = sqlite3.connect(db_path)
    db.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    db.close()
    with SqliteStore(db_path) as store:
        store.upsert_nodes([Actor(id="a", name="A"), Actor(id="b", name="B")])
        before = store.revision()
        store.add_relation(Relation(source="a", target="b", type="COOPERATES_WITH"))
        assert store.revision() != before  # every committed change moves the revision
        assert list(store.subgraph().edges()) == [("a", "b")]
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    indexes = {row[0]: row[1] for row in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'")}
    assert "source, type, target" in indexes["relations_source"]
    db.close()

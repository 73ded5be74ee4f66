"""What only the SQLite store has: a WAL file with a versioned schema. The rest is in test_store_contract.py."""

import sqlite3
from pathlib import Path

import pytest

from buendnisatlas.graph.model import Actor, AdvisoryService, Region
from buendnisatlas.graph.sqlite_store import MIGRATIONS, SCHEMA_VERSION, SqliteStore
from buendnisatlas.graph.store import Changes, InvalidData, StoreError, Written


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
        before = store.change_stamp()
        store.add_relation(Relation(source="a", target="b", type="COOPERATES_WITH"))
        assert store.change_stamp() != before  # every committed change moves the stamp
        assert list(store.subgraph().edges()) == [("a", "b")]
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    indexes = {row[0]: row[1] for row in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'")}
    assert "source, type, target" in indexes["relations_source"]
    db.close()


def test_a_file_of_schema_1_opens_and_keeps_its_regions(db_path: Path) -> None:
    """Files written before regions had Gemeindeverzeichnis fields still open, and gain them."""
    db = sqlite3.connect(db_path)
    db.executescript(MIGRATIONS[0])
    db.execute("INSERT INTO regions (ags, name, level) VALUES ('15087370', 'Sangerhausen', 'Gemeinde')")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with SqliteStore(db_path) as store:
        assert store.get_region("15087370") == Region(ags="15087370", name="Sangerhausen")
        stamp = store.change_stamp()
        store.upsert_regions([Region(ags="15087370", name="Sangerhausen", postcode="06526", population=26000)])
        assert store.get_region("15087370").postcode == "06526"
        assert store.change_stamp() != stamp


def test_a_service_stored_with_an_unchecked_web_address_still_reads(db_path: Path) -> None:
    """Before web addresses were checked, a service could hold any text there; such files still open."""
    with SqliteStore(db_path) as store:
        store.add_node(AdvisoryService(id="s", name="Beratung", website="https://beratung.example.org"))
    db = sqlite3.connect(db_path)
    db.execute("UPDATE nodes SET data = json_set(data, '$.website', 'siehe Flyer') WHERE id = 's'")
    db.commit()
    db.close()
    with SqliteStore(db_path) as store:
        assert store.get_node("s").website == "siehe Flyer"  # type: ignore[attr-defined]
        assert store.subgraph().nodes["s"]["website"] == "siehe Flyer"
        with pytest.raises(InvalidData, match="keine Webadresse"):
            store.update_node("s", verified_on="2026-01-01")
    with pytest.raises(ValueError, match="keine Webadresse"):
        AdvisoryService(id="t", name="Neu", website="siehe Flyer")


def test_the_change_log_is_shared_by_connections_and_forgets_old_transactions(
    store: SqliteStore, db_path: Path
) -> None:
    store.add_node(Actor(id="a", name="Verein"))
    stamp = store.change_stamp()
    with SqliteStore(db_path) as other:
        other.update_node("a", note="von nebenan")
    changes = store.changes_since(stamp)
    assert changes is not None and changes.nodes == {"a": Written("actor")}
    for i in range(256):
        store.update_node("a", note=str(i))
    assert store.changes_since(stamp) is None  # no longer logged: a cache that old builds anew
    recent = store.change_stamp()
    store.update_node("a", note="zuletzt")
    assert store.changes_since(recent) == Changes(store.change_stamp(), {"a": Written("actor")})

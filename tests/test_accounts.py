"""Accounts in the SQLite file: sign-in checks, the schema migration, and an erasure that leaves no bytes."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from buendnisatlas.graph.accounts import User
from buendnisatlas.graph.credentials import (
    MAX_FAILURES,
    AccountLocked,
    LoginFailed,
    check_login,
    hash_password,
)
from buendnisatlas.graph.model import Actor, Alliance, Body, Relation
from buendnisatlas.graph.sqlite_store import MIGRATIONS, SCHEMA_VERSION, SqliteStore

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _raw(db_path: Path) -> bytes:
    wal = db_path.with_name(db_path.name + "-wal")
    return db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


@pytest.fixture
def anna(store: SqliteStore) -> User:
    return store.add_user(
        User(
            email="anna@pfd-msh.example.org",
            name="Anna",
            role="coordinator",
            alliances=["pfd-msh"],
            password_hash=hash_password("richtig-und-lang"),
        )
    )


def test_the_right_password_signs_in_and_resets_the_count(store: SqliteStore, anna: User) -> None:
    with pytest.raises(LoginFailed, match="E-Mail-Adresse oder Passwort stimmen nicht"):
        check_login(store, "anna@pfd-msh.example.org", "falsch", NOW)
    assert store.get_user(anna.email).failed_logins == 1
    user = check_login(store, " Anna@PfD-MSH.example.org", "richtig-und-lang", NOW)
    assert user.email == anna.email
    assert store.get_user(anna.email).failed_logins == 0


def test_an_unknown_email_gets_the_same_message_as_a_wrong_password(store: SqliteStore, anna: User) -> None:
    with pytest.raises(LoginFailed) as unknown:
        check_login(store, "niemand@example.org", "richtig-und-lang", NOW)
    with pytest.raises(LoginFailed) as wrong:
        check_login(store, anna.email, "falsch-falsch", NOW)
    assert str(unknown.value) == str(wrong.value)


def test_too_many_failures_lock_the_account_and_say_until_when(store: SqliteStore, anna: User) -> None:
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(LoginFailed) as failed:
            check_login(store, anna.email, "falsch", NOW)
        assert not isinstance(failed.value, AccountLocked)
    with pytest.raises(AccountLocked, match=r"gesperrt bis 02\.03\.2026 11:15 Uhr"):
        check_login(store, anna.email, "falsch", NOW)
    # Locked even against the right password, until the time is up.
    with pytest.raises(AccountLocked, match="gesperrt bis"):
        check_login(store, anna.email, "richtig-und-lang", NOW + timedelta(minutes=14))
    assert check_login(store, anna.email, "richtig-und-lang", NOW + timedelta(minutes=16)).email == anna.email
    assert store.get_user(anna.email).locked_until is None


def test_a_deactivated_account_cannot_sign_in(store: SqliteStore, anna: User) -> None:
    store.update_user(anna.email, active=False)
    with pytest.raises(LoginFailed):
        check_login(store, anna.email, "richtig-und-lang", NOW)


def test_passwords_are_stored_as_argon2_hashes_only(store: SqliteStore, anna: User, db_path: Path) -> None:
    assert (anna.password_hash or "").startswith("$argon2id$")
    assert b"richtig-und-lang" not in _raw(db_path)


def test_a_file_of_the_previous_schema_is_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "alt.db"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute(
        "INSERT INTO nodes VALUES ('kjr', 'actor', 'Kreisjugendring', 'network',"
        ' \'{"kind": "actor", "id": "kjr", "name": "Kreisjugendring", "visibility": "network"}\','
        " '2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00')"
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with SqliteStore(path) as store:
        assert store.get_node("kjr").name == "Kreisjugendring"
        assert store.get_node("kjr").version == 1  # written before there were versions: the first
        assert store.history("kjr") == []  # written before there was a log
        store.add_user(User(email="admin@example.org", name="Admin", role="admin"))
        assert store.update_node("kjr", name="Kreis-Kinder- und Jugendring").version == 2
        assert [e.action for e in store.history("kjr")] == ["update"]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
    db.close()


def test_a_file_of_schema_3_keeps_its_log_and_then_records_account_changes(tmp_path: Path) -> None:
    path = tmp_path / "schema3.db"
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:3]:
        db.executescript(script)
    db.execute(
        "INSERT INTO users VALUES ('a@example.org', ?)", (User(email="a@example.org", role="admin").model_dump_json(),)
    )
    db.execute(
        "INSERT INTO audit (at, who, action, element_id, after) VALUES"
        " ('2026-01-01T00:00:00+00:00', 'cli:anna', 'create', 'kjr', '{\"name\": \"KJR\"}')"
    )
    db.execute("PRAGMA user_version = 3")
    db.commit()
    db.close()
    with SqliteStore(path) as store:
        assert [(e.action, e.after) for e in store.history("kjr")] == [("create", {"name": "KJR"})]
        assert store.account_history() == []  # changes made before schema 4 were not recorded
        stamp = store.change_stamp()
        with store.acting_as("cli:admin"):
            store.update_user("a@example.org", name="Admin")
        assert [(e.who, e.action, e.changes()) for e in store.account_history("a@example.org")] == [
            ("cli:admin", "user_update", {"name": ("", "Admin")})
        ]
        assert store.change_stamp() == stamp  # an account change with its entry leaves cached answers valid
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


NAME, EMAIL, PERSON_ID = "Annegret Beispielfrau", "annegret.beispielfrau@example.org", "person-annegret-beispielfrau"


def _traces(raw: bytes) -> list[str]:
    needles = [NAME, EMAIL, PERSON_ID, "Beispielfrau", "beispielfrau", "Jugendforum-Sprecherin"]
    return [n for n in needles if n.encode() in raw or n.encode("utf-16-le") in raw]


def test_erasing_a_person_leaves_no_byte_of_name_or_contact_in_file_or_wal(store: SqliteStore, db_path: Path) -> None:
    with store.transaction():
        store.upsert_nodes(
            [
                Alliance(id="pfd", name="Partnerschaft für Demokratie"),
                Body(id="jf", name="Jugendforum"),
                Actor(id=PERSON_ID, name="Annegret Beispiel", form="person", contact=EMAIL),
                Actor(id="kjr", name="Kreisjugendring"),
            ]
        )
        store.upsert_relations(
            [
                Relation(source=PERSON_ID, target="jf", type="MEMBER_OF", role="Jugendforum-Sprecherin"),
                Relation(source="kjr", target="pfd", type="MEMBER_OF", since=date(2020, 1, 1)),
            ]
        )
    with store.acting_as("cli:dsb"):
        store.update_node(PERSON_ID, name=NAME)  # the old and new name, both in the log
        store.update_relation(f"{PERSON_ID}|MEMBER_OF|jf|", voting=True)
    # As in a file in use for a while: the rows are in the main file, and newer pages in the WAL.
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # Other elements name her in free text, in their current values and in their logged ones.
    store.update_node("kjr", note="Ansprechperson: annegret beispielfrau, Sitz in Eisleben")
    store.update_node("kjr", note="Ansprechperson: Annegret Beispielfrau (annegret.beispielfrau@example.org)")
    store.update_node("jf", contact="über Annegret Beispiel erreichbar")  # her earlier name
    store.update_relation("kjr|MEMBER_OF|pfd|2020-01-01", role="Vertretung für Annegret Beispielfrau")
    assert _traces(_raw(db_path))  # there is something to find before
    erasure = store.erase_person(PERSON_ID)
    assert _traces(_raw(db_path)) == []  # with the store still open
    assert store.get_node("kjr").note == "Ansprechperson: [gelöscht] ([gelöscht])"
    assert store.get_node("jf").contact == "über [gelöscht] erreichbar"
    assert store.get_relation("kjr|MEMBER_OF|pfd|2020-01-01").role == "Vertretung für [gelöscht]"
    notes = [(e.before or {}).get("note") for e in store.history("kjr") if e.element_id == "kjr"]
    assert notes[-2:] == [None, "Ansprechperson: [gelöscht], Sitz in Eisleben"]
    assert erasure.action == "erase"
    assert store.history(erasure.element_id or "")[-1] == erasure
    assert [n.id for n in store.find_nodes()] == ["jf", "kjr", "pfd"]
    assert [r.key for r in store.find_relations()] == ["kjr|MEMBER_OF|pfd|2020-01-01"]
    store.close()
    assert _traces(_raw(db_path)) == []
    with SqliteStore(db_path) as again:  # the file is sound
        assert again._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert again.get_node("kjr").name == "Kreisjugendring"


def test_erasure_also_clears_what_an_older_program_left_in_free_space(db_path: Path) -> None:
    with SqliteStore(db_path) as store:
        store.upsert_nodes(
            [Actor(id=PERSON_ID, name=NAME, form="person", contact=EMAIL)]
            + [Actor(id=f"v{i}", name=f"Verein {i}") for i in range(50)]
        )
    # Another SQLite program without secure_delete renames the person: the old cell stays in free space.
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA secure_delete = OFF")
    db.execute("UPDATE nodes SET name = 'A. B.', data = replace(data, ?, 'A. B.') WHERE id = ?", (NAME, PERSON_ID))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    with SqliteStore(db_path) as store:
        store.erase_person(PERSON_ID)
        assert _traces(_raw(db_path)) == []

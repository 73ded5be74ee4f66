"""Accounts, tokens, history and the rights of persons, as an administrator and a DPO meet them on the CLI."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from buendnisatlas.api.cli import cli as cli_group
from buendnisatlas.api.cli import cli_who
from buendnisatlas.api.cli.accounts import DEMO_COORDINATOR
from buendnisatlas.graph.credentials import LoginFailed, check_login, check_token, token_hash
from buendnisatlas.graph.model import Actor, Alliance, Relation
from buendnisatlas.graph.sqlite_store import SqliteStore

from .conftest import CliResult

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
Cli = Callable[..., CliResult]


@pytest.fixture
def demo_db(demo_db_template: Path, db_path: Path) -> Path:
    shutil.copy(demo_db_template, db_path)
    return db_path


def typed(db_path: Path, *args: str, input: str = "") -> tuple[int, str]:
    """Run a command with typed input (hidden prompts too), as at a terminal."""
    result = CliRunner().invoke(cli_group, ["--store", f"sqlite:///{db_path}", *args], input=input)
    return result.exit_code, result.output


def _raw(db_path: Path) -> bytes:
    wal = db_path.with_name(db_path.name + "-wal")
    return db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_user_add_asks_twice_for_a_hidden_password(demo_db: Path) -> None:
    code, out = typed(
        demo_db, "user", "add", "anna@pfd-msh.example.org", "--role", "coordinator", "--alliance", "pfd-msh",
        input="geheim-und-lang\ngeheim-und-lang\n",
    )  # fmt: skip
    assert code == 0, out
    assert "Konto angelegt: anna@pfd-msh.example.org (Koordination)" in out
    assert "geheim-und-lang" not in out  # not echoed
    with SqliteStore(demo_db) as store:
        assert check_login(store, "anna@pfd-msh.example.org", "geheim-und-lang", NOW).alliances == ["pfd-msh"]
    assert b"geheim-und-lang" not in _raw(demo_db)


def test_user_add_refuses_two_different_passwords(demo_db: Path) -> None:
    code, out = typed(
        demo_db, "user", "add", "a@example.org", "--role", "admin", input="geheim-und-lang\nanders-und-lang\n"
    )
    assert code == 1
    assert "stimmen nicht überein" in out
    with SqliteStore(demo_db) as store:
        assert store.find_users() == []


def test_user_commands_from_scripts(cli: Cli, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def add(*args: str, password: str = "lang-genug-123") -> CliResult:
        monkeypatch.setattr("sys.stdin", __import__("io").StringIO(password + "\n"))
        return cli("user", "add", *args, "--password-stdin")

    assert add("admin@lk-msh.example.org", "--role", "admin", "--name", "Landkreis").code == 0
    assert add("m@example.org", "--role", "member", "--alliance", "pfd-msh").code == 0
    refused = add("m@example.org", "--role", "member", "--alliance", "pfd-msh")
    assert (refused.code, "gibt es schon" in refused.err) == (1, True)
    short = add("k@example.org", "--role", "admin", password="kurz")
    assert (short.code, "mindestens 10 Zeichen" in short.err) == (1, True)
    unknown = add("k@example.org", "--role", "coordinator", "--alliance", "gibtsnicht")
    assert (unknown.code, "Kein Bündnis mit der Kennung „gibtsnicht“" in unknown.err) == (1, True)
    lonely = add("k@example.org", "--role", "coordinator")
    assert (lonely.code, "braucht mindestens ein Bündnis" in lonely.err) == (1, True)
    bad = add("keine-adresse", "--role", "admin")
    assert (bad.code, "keine gültige E-Mail-Adresse" in bad.err) == (1, True)

    listed = json.loads(cli("user", "list", "--json").out)
    assert [u["email"] for u in listed] == ["admin@lk-msh.example.org", "m@example.org"]
    assert all("password_hash" not in u for u in listed)
    assert "Mitglied" in cli("user", "list").out

    assert cli("user", "role", "m@example.org", "coordinator", "--edits-unaffiliated").code == 0
    with SqliteStore(demo_db) as store:
        changed = store.get_user("m@example.org")
        assert (changed.role, changed.alliances, changed.edits_unaffiliated) == ("coordinator", ["pfd-msh"], True)

    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("ganz-neues-passwort\n"))
    assert cli("user", "password", "m@example.org", "--password-stdin").code == 0
    with SqliteStore(demo_db) as store:
        with pytest.raises(LoginFailed):
            check_login(store, "m@example.org", "lang-genug-123", NOW)
        assert check_login(store, "m@example.org", "ganz-neues-passwort", NOW)

    assert cli("user", "remove", "m@example.org", "--yes").code == 0
    assert [u["email"] for u in json.loads(cli("user", "list", "--json").out)] == ["admin@lk-msh.example.org"]
    missing = cli("user", "remove", "m@example.org", "--yes")
    assert (missing.code, "Kein Konto" in missing.err) == (1, True)


def test_user_history_shows_every_account_change_and_never_a_secret(
    cli: Cli, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("lang-genug-123\n"))
    cli("user", "add", "m@example.org", "--role", "member", "--alliance", "pfd-msh", "--password-stdin")
    cli("user", "role", "m@example.org", "coordinator", "--alliance", "pfd-msh")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("ganz-neues-passwort\n"))
    cli("user", "password", "m@example.org", "--password-stdin")
    plain = json.loads(cli("token", "create", "m@example.org", "--name", "Import-Skript", "--json").out)
    cli("token", "revoke", plain["id"])
    cli("user", "remove", "m@example.org", "--yes")
    shown = cli("user", "history", "m@example.org")
    assert shown.code == 0
    lines = shown.out.splitlines()
    for label in ("Konto angelegt", "Konto geändert", "API-Schlüssel angelegt", "API-Schlüssel widerrufen"):
        assert any(label in line and cli_who() in line for line in lines), label
    assert "Konto gelöscht" in shown.out
    assert "role: member → coordinator" in shown.out
    assert "password: gesetzt → neu gesetzt" in shown.out
    assert f"Import-Skript ({plain['id']})" in shown.out
    entries = json.loads(cli("user", "history", "--json").out)
    assert [e["action"] for e in entries] == [
        "user_add",
        "user_update",
        "user_update",
        "token_create",
        "token_revoke",
        "user_remove",
    ]
    everything = shown.out + json.dumps(entries) + cli("user", "history", "--csv").out
    assert (
        "argon2" not in everything and plain["token"] not in everything and token_hash(plain["token"]) not in everything
    )
    assert "steht nichts über das Konto „x@example.org“" in cli("user", "history", "x@example.org").out


def test_a_locked_account_says_until_when_and_a_new_password_unlocks_it(demo_db: Path) -> None:
    typed(demo_db, "user", "add", "a@example.org", "--role", "admin", input="richtig-und-lang\nrichtig-und-lang\n")
    now = datetime.now(UTC)
    with SqliteStore(demo_db) as store:
        for _ in range(4):
            with pytest.raises(LoginFailed):
                check_login(store, "a@example.org", "falsch", now)
        with pytest.raises(LoginFailed, match="gesperrt bis"):
            check_login(store, "a@example.org", "richtig-und-lang" + "x", now)
        with pytest.raises(LoginFailed, match="gesperrt bis"):
            check_login(store, "a@example.org", "richtig-und-lang", now)
    _code, out = typed(demo_db, "user", "list")
    assert "gesperrt bis" in out
    typed(demo_db, "user", "password", "a@example.org", input="ganz-neues-passwort\nganz-neues-passwort\n")
    with SqliteStore(demo_db) as store:
        assert check_login(store, "a@example.org", "ganz-neues-passwort", now).failed_logins == 0


def test_a_token_is_shown_once_stored_hashed_and_refused_once_revoked(
    cli: Cli, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("lang-genug-123\n"))
    cli("user", "add", "skript@example.org", "--role", "coordinator", "--alliance", "pfd-msh", "--password-stdin")
    created = json.loads(cli("token", "create", "skript@example.org", "--name", "Import-Skript", "--json").out)
    plain = created["token"]
    assert plain.startswith("ba_") and len(plain) > 40
    shown = cli("token", "create", "skript@example.org", "--name", "Karte")
    assert "nur jetzt angezeigt" in shown.out
    listing = cli("token", "list").out + cli("token", "list", "--json").out
    assert plain not in listing and "Import-Skript" in listing and "Karte" in listing
    raw = _raw(demo_db)
    assert plain.encode() not in raw  # only its hash is stored
    assert token_hash(plain).encode() in raw
    with SqliteStore(demo_db) as store:
        user, token = check_token(store, plain, NOW)
        assert (user.email, token.name) == ("skript@example.org", "Import-Skript")
        assert store.token_by_hash(token_hash(plain)).last_used == NOW
    assert cli("token", "revoke", created["id"]).code == 0
    with SqliteStore(demo_db) as store:
        with pytest.raises(LoginFailed, match="widerrufen"):
            check_token(store, plain, NOW)
        with pytest.raises(LoginFailed):
            check_token(store, "ba_geraten", NOW)
    revoked = json.loads(cli("token", "list", "skript@example.org", "--json").out)
    assert {t["name"]: t["revoked"] is not None for t in revoked} == {"Import-Skript": True, "Karte": False}
    assert cli("token", "revoke", "gibtsnicht").code == 1


def test_history_shows_who_changed_what_before_and_after(cli: Cli, demo_db: Path) -> None:
    with SqliteStore(demo_db) as store, store.acting_as("anna@pfd-msh.example.org"):
        store.update_node("verein-buntes-eisleben", name="Buntes Eisleben e. V.", sector="Kultur")
    result = cli("history", "verein-buntes-eisleben")
    assert result.code == 0
    assert "anna@pfd-msh.example.org" in result.out
    assert "name: Buntes Eisleben e.V. → Buntes Eisleben e. V." in result.out
    assert "sector: civil_society → culture" in result.out
    entries = json.loads(cli("history", "verein-buntes-eisleben", "--json").out)
    last = entries[-1]
    assert (last["action"], last["before"]["name"], last["after"]["name"]) == (
        "update",
        "Buntes Eisleben e.V.",
        "Buntes Eisleben e. V.",
    )
    assert entries[0]["action"] == "create"
    assert "steht nichts" in cli("history", "gibtsnicht").out


def test_cli_changes_are_recorded_as_the_os_user(cli: Cli, db_path: Path) -> None:
    assert cli("demo").code == 0
    with SqliteStore(db_path) as store:
        assert {e.who for e in store.history("pfd-msh")} == {cli_who()}
    assert cli_who().startswith("cli:")


def test_restore_brings_back_a_deleted_actor_with_its_relations(cli: Cli, demo_db: Path) -> None:
    with SqliteStore(demo_db) as store:
        before = store.find_relations(node_id="verein-buntes-eisleben")
        store.delete_node("verein-buntes-eisleben")
    assert len(before) >= 2
    result = cli("restore", "verein-buntes-eisleben")
    assert result.code == 0
    assert (
        f"Wiederhergestellt: Buntes Eisleben e.V. (verein-buntes-eisleben) mit {len(before)} Beziehung(en)"
        in result.out
    )
    with SqliteStore(demo_db) as store:
        assert store.find_relations(node_id="verein-buntes-eisleben") == before
    again = cli("restore", "verein-buntes-eisleben")
    assert (again.code, "gibt es noch" in again.err) == (1, True)


PERSON, NAME, EMAIL = "person-lea-hoffmann", "Lea Hoffmann", "lea.hoffmann@example.org"


def test_person_export_holds_every_field_relation_and_audit_entry(cli: Cli, demo_db: Path, tmp_path: Path) -> None:
    with SqliteStore(demo_db) as store:
        store.update_node(PERSON, contact=EMAIL)
        store.update_node("verein-buntes-eisleben", note="Ansprechperson: lea hoffmann")
        stored = store.get_node(PERSON).model_dump(mode="json")
        relations = store.find_relations(node_id=PERSON)
    out = tmp_path / "auskunft.json"
    result = cli("person", "export", PERSON, "-o", str(out))
    assert result.code == 0
    assert f"Auskunft über {NAME} geschrieben" in result.out
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["person"] == stored  # every field, whatever the model holds
    assert record["person"]["contact"] == EMAIL
    assert sorted(r["key"] for r in record["relations"]) == sorted(r.key for r in relations)
    assert all(r["other_name"] for r in record["relations"])
    assert [e["action"] for e in record["audit"]][-1] == "update"
    assert len(record["audit"]) == 1 + len(relations) + 1  # created, its relations, the contact
    assert "Art. 15" in record["about"]
    assert "consent" in record
    assert record["mentioned_in"] == [
        {"id": "verein-buntes-eisleben", "name": "Buntes Eisleben e.V.", "fields": ["note"]}
    ]
    assert "Erwähnt bei: Buntes Eisleben e.V. (verein-buntes-eisleben), Feld(er) note" in result.out
    refused = cli("person", "export", "verein-buntes-eisleben", "-o", str(out))
    assert (refused.code, "keine Person" in refused.err) == (1, True)


def test_person_erase_asks_first_and_leaves_no_byte_of_name_or_email(cli: Cli, demo_db: Path) -> None:
    with SqliteStore(demo_db) as store:
        store.update_node(PERSON, contact=EMAIL)
        kept = {n.id for n in store.find_nodes()} - {PERSON}
        kept_relations = [r for r in store.find_relations() if PERSON not in (r.source, r.target)]
    assert NAME.encode() in _raw(demo_db)
    no = CliRunner().invoke(cli_group, ["--store", f"sqlite:///{demo_db}", "person", "erase", PERSON], input="n\n")
    assert no.exit_code != 0 and "endgültig löschen?" in no.output
    assert "Hinweis" not in no.output  # nobody else names her
    with SqliteStore(demo_db) as store:
        assert store.get_node(PERSON).name == NAME
    result = cli("person", "erase", PERSON, "--yes")
    assert result.code == 0, result.err
    assert "Gelöscht nach Art. 17 DSGVO" in result.out
    raw = _raw(demo_db)
    for trace in (NAME, EMAIL, PERSON, "lea-hoffmann"):
        assert trace.encode() not in raw, trace
    with SqliteStore(demo_db) as store:
        assert {n.id for n in store.find_nodes()} == kept
        assert store.find_relations() == kept_relations
        alias = result.out.split("„")[-1].split("“")[0]
        assert store.history(alias)[-1].action == "erase"
    assert cli("gaps", "pfd-msh").code == 0  # the rest of the network still works


def test_person_review_lists_persons_whose_every_relation_ended_long_ago(cli: Cli, db_path: Path) -> None:
    today = date.today()
    with SqliteStore(db_path) as store:
        store.upsert_nodes(
            [
                Alliance(id="pfd", name="PfD"),
                Actor(id="alt", name="Ehemalige Sprecherin", form="person"),
                Actor(id="aktiv", name="Aktive Sprecherin", form="person"),
                Actor(id="kurz", name="Kürzlich Ausgeschiedener", form="person"),
                Actor(id="allein", name="Ohne Bezug", form="person"),
                Actor(id="verein", name="Verein ohne Bezug"),
            ]
        )
        store.upsert_relations(
            [
                Relation(source="alt", target="pfd", type="MEMBER_OF", since=date(2015, 1, 1), until=date(2019, 6, 30)),
                Relation(
                    source="aktiv", target="pfd", type="MEMBER_OF", since=date(2015, 1, 1), until=date(2019, 6, 30)
                ),
                Relation(source="aktiv", target="pfd", type="MEMBER_OF", since=date(2020, 1, 1)),
                Relation(source="kurz", target="pfd", type="MEMBER_OF", since=date(2015, 1, 1), until=today),
            ]
        )
    result = cli("person", "review", "--older-than", "24")
    assert result.code == 0
    assert "Ehemalige Sprecherin" in result.out and "30.06.2019" in result.out
    assert "Ohne Bezug" in result.out and "keine Beziehung" in result.out
    assert "Aktive Sprecherin" not in result.out and "Kürzlich" not in result.out and "Verein" not in result.out
    listed = json.loads(cli("person", "review", "--older-than", "24", "--json").out)
    assert [(p["id"], p["last_end"]) for p in listed] == [("allein", None), ("alt", "2019-06-30")]
    assert cli("person", "review", "--older-than", "0").code == 1


def test_demo_account_is_created_once_and_its_sign_in_printed(cli: Cli, demo_db: Path) -> None:
    first = cli("user", "demo")
    assert first.code == 0
    assert f"Demo-Anmeldung angelegt: {DEMO_COORDINATOR} / Passwort: " in first.out
    password = first.out.split("Passwort: ")[1].split()[0]
    with SqliteStore(demo_db) as store:
        user = check_login(store, DEMO_COORDINATOR, password, NOW)
        assert (user.role, user.alliances) == ("coordinator", ["pfd-msh"])
    second = cli("user", "demo")
    assert second.code == 0 and "Demo-Anmeldung: koordination@pfd-msh.example.org" in second.out
    assert password not in second.out


def test_person_erase_replaces_her_name_in_other_elements_and_says_where(cli: Cli, demo_db: Path) -> None:
    with SqliteStore(demo_db) as store:
        store.update_node("verein-buntes-eisleben", note="Ansprechperson: Lea Hoffmann")
    result = cli("person", "erase", PERSON, "--yes")
    assert result.code == 0
    assert "Hinweis: Name oder Kontakt stehen auch bei Buntes Eisleben e.V. (verein-buntes-eisleben)" in result.err
    assert "ersetzt das Löschen sie durch „[gelöscht]“" in result.err
    with SqliteStore(demo_db) as store:
        assert store.get_node("verein-buntes-eisleben").note == "Ansprechperson: [gelöscht]"
    assert NAME.encode() not in _raw(demo_db)

"""The server keeps its SQLite connections between requests (api/rest/views.py, ``Stores``).

What a client notices: a change made elsewhere (the command line, another worker) is
read at once by the next request, and so is a store file replaced at its path; a write
that fails leaves no lock behind; two requests at once never share a connection. And a list reads as its schema says and as each of its
elements reads on its own (the list is serialised without being validated again).
"""

import asyncio
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from buendnisatlas.api.rest import create_app
from buendnisatlas.api.rest.deps import TOKEN_ENV
from buendnisatlas.api.rest.routes.elements import PATHS
from buendnisatlas.api.rest.schemas import FAMILIES
from buendnisatlas.api.rest.views import Stores
from buendnisatlas.graph.sqlite_store import SqliteStore

from .conftest import CliResult

TOKEN = "verbindungen-behalten-2026"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ACTOR = "/api/actors/fv-blau-gelb-benndorf"


@pytest.fixture
def client(cli: Callable[..., CliResult], db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    assert cli("demo").code == 0
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    with TestClient(create_app(f"sqlite:///{db_path}")) as c:
        yield c


def test_a_change_made_elsewhere_is_read_by_the_next_request(client: TestClient, db_path: Path) -> None:
    before = client.get(ACTOR)
    assert before.status_code == 200
    with SqliteStore(db_path) as other:  # as the command line or another worker writes
        other.update_node("fv-blau-gelb-benndorf", name="FV Blau-Gelb Benndorf 1990 e. V.")
    after = client.get(ACTOR)
    assert after.json()["name"] == "FV Blau-Gelb Benndorf 1990 e. V."
    assert after.headers["ETag"] != before.headers["ETag"]
    listed = client.get("/api/actors", params={"name": "FV Blau-Gelb Benndorf 1990 e. V."}).json()
    assert [a["id"] for a in listed["data"]] == ["fv-blau-gelb-benndorf"]


def test_a_store_file_replaced_while_serving_is_read_anew(client: TestClient, db_path: Path, tmp_path: Path) -> None:
    assert client.get(ACTOR).status_code == 200
    restored = tmp_path / "wiederhergestellt.db"
    with sqlite3.connect(db_path) as source, sqlite3.connect(restored) as target:
        source.backup(target)  # as a restored backup would be
    with SqliteStore(restored) as copy:
        copy.update_node("fv-blau-gelb-benndorf", name="FV Blau-Gelb Benndorf (Sicherung)")
    with sqlite3.connect(restored) as done:
        done.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with sqlite3.connect(db_path) as old:
        old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.replace(restored, db_path)
    assert client.get(ACTOR).json()["name"] == "FV Blau-Gelb Benndorf (Sicherung)"


def test_a_refused_write_leaves_no_lock_behind(client: TestClient, db_path: Path) -> None:
    etag = client.get(ACTOR).headers["ETag"]
    assert client.patch(ACTOR, json={"note": "a"}, headers={**AUTH, "If-Match": etag}).status_code == 200
    stale = client.patch(ACTOR, json={"note": "b"}, headers={**AUTH, "If-Match": etag})
    assert stale.status_code == 412
    taken = client.post("/api/actors", json={"id": "fv-blau-gelb-benndorf", "name": "Noch einmal"}, headers=AUTH)
    assert taken.status_code == 409
    other = sqlite3.connect(db_path, isolation_level=None, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")  # would fail at once if a kept connection still held the lock
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert client.get(ACTOR, headers=AUTH).json()["note"] == "a"


def test_two_requests_at_once_never_share_a_connection(cli: Callable[..., CliResult], db_path: Path) -> None:
    assert cli("demo").code == 0
    stores = Stores(f"sqlite:///{db_path}")

    async def two_at_once() -> None:
        first, second = await asyncio.gather(stores.acquire(), stores.acquire())
        assert first is not second
        stores.release(first)
        assert await stores.acquire() is first  # given back: lent again
        with pytest.raises(sqlite3.ProgrammingError), second.transaction():
            stores.release(second)  # given back with its transaction open: closed (its end fails), not kept
        stores.release(first)
        assert await stores.acquire() is first

    try:
        asyncio.run(two_at_once())
    finally:
        stores.close()


@pytest.mark.parametrize("headers", [{}, AUTH], ids=["public", "admin"])
def test_every_list_reads_as_its_schema_and_as_each_element_reads(client: TestClient, headers: dict[str, str]) -> None:
    for kind, path in PATHS.items():
        response = client.get(f"/api/{path}", params={"limit": 1000}, headers=headers)
        assert response.status_code == 200 and response.headers["content-type"] == "application/json"
        page = response.json()
        assert FAMILIES[kind].page.model_validate(page).model_dump(mode="json") == page
        assert page["count"] == len(page["data"])
        for item in page["data"]:
            assert client.get(f"/api/{path}/{item['id']}", headers=headers).json() == item

"""Nothing lost when several people write at once (issue 11).

Two patterns, each against both stores (threads with their own connections) and through
the REST API of ``buendnisatlas serve`` with two worker processes on one SQLite file:

* read-modify-write: 8 clients append a token to one element's note, each write based on
  the version it read. Every confirmed write is in the final note, the final version
  counts them, and every other attempt was refused as stale (412 over REST).
* own fields: 6 clients each change only their own field of one element, again and again.
  Every field ends with its client's last confirmed value.

Rounds are fixed and all clients start each round together (a barrier), so that they
really collide; the whole file runs in well under a minute.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from buendnisatlas.config import open_store
from buendnisatlas.graph.model import AdvisoryService
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.store import GraphStore, StaleVersion

from .conftest import serving

CLIENTS, ROUNDS = 8, 10
FIELDS = ("note", "contact", "cost", "address", "opening_hours", "accessibility")
FIELD_ROUNDS = 8
TOKEN = "gleichzeitig-schreiben-2026"
ELEMENT = AdvisoryService(id="mbr", name="Mobile Beratung gegen Rechtsextremismus")

# A client reads (version, fields) and writes (version, changes) -> whether it was confirmed.
Read = Callable[[], tuple[int, dict[str, Any]]]
Write = Callable[[int | None, dict[str, Any]], bool]


@dataclass
class Tally:
    confirmed: list[str] = field(default_factory=list)
    stale: int = 0
    errors: list[BaseException] = field(default_factory=list)


def run_clients(count: int, client: Callable[[int, threading.Barrier], None]) -> None:
    barrier = threading.Barrier(count, timeout=60)
    threads = [threading.Thread(target=client, args=(n, barrier)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a client hangs"


def read_modify_write(connect: Callable[[], tuple[Read, Write]]) -> Tally:
    """8 clients, ``ROUNDS`` each: read the note, append a token, write it back on the version read."""
    tally, lock = Tally(), threading.Lock()

    def client(number: int, barrier: threading.Barrier) -> None:
        try:
            read, write = connect()
            for round in range(ROUNDS):
                barrier.wait()
                version, fields = read()
                token = f"{number}.{round}"
                confirmed = write(version, {"note": f"{fields['note'] or ''} {token}".strip()})
                with lock:
                    if confirmed:
                        tally.confirmed.append(token)
                    else:
                        tally.stale += 1
        except BaseException as exc:
            tally.errors.append(exc)
            barrier.abort()

    run_clients(CLIENTS, client)
    return tally


def assert_nothing_lost(tally: Tally, final_version: int, final_note: str) -> None:
    assert tally.errors == []
    assert len(tally.confirmed) + tally.stale == CLIENTS * ROUNDS  # each attempt confirmed or refused as stale
    assert tally.stale > 0  # they did collide
    assert sorted(final_note.split()) == sorted(tally.confirmed)  # every confirmed write is in the final value
    assert final_version == 1 + len(tally.confirmed)


def own_fields(connect: Callable[[], tuple[Read, Write]], versioned: bool) -> dict[str, str]:
    """6 clients, each writing only its own field; returns each field's last confirmed value.

    ``versioned``: each write names the version read and is retried on a stale one (as an
    API client must); else it names none (the command line's last-writer-wins).
    """
    last: dict[str, str] = {}
    errors: list[BaseException] = []

    def client(number: int, barrier: threading.Barrier) -> None:
        name = FIELDS[number]
        try:
            read, write = connect()
            for round in range(FIELD_ROUNDS):
                barrier.wait()
                value = f"{name}-{round}"
                for _ in range(100):
                    version = read()[0] if versioned else None
                    if write(version, {name: value}):
                        last[name] = value
                        break
                else:
                    raise AssertionError(f"{name}: 100 stale versions in a row")
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()

    run_clients(len(FIELDS), client)
    assert errors == []
    return last


# -- the stores ----------------------------------------------------------------------


def store_client(url: str) -> Callable[[], tuple[Read, Write]]:
    """A client with its own store connection, as each server process or CLI run has."""

    def connect() -> tuple[Read, Write]:
        own: GraphStore = open_store(url)

        def read() -> tuple[int, dict[str, Any]]:
            node = own.get_node(ELEMENT.id)
            assert node.version is not None
            return node.version, node.model_dump()

        def write(version: int | None, changes: dict[str, Any]) -> bool:
            try:
                own.update_node(ELEMENT.id, expected_version=version, **changes)
            except StaleVersion:
                return False
            return True

        return read, write

    return connect


def test_read_modify_write_loses_nothing_in_the_store(any_store: GraphStore) -> None:
    any_store.add_node(ELEMENT)
    tally = read_modify_write(store_client(any_store.url))
    node = any_store.get_node(ELEMENT.id)
    assert node.version is not None and node.note is not None
    assert_nothing_lost(tally, node.version, node.note)


@pytest.mark.parametrize("versioned", [False, True], ids=["without-version", "with-version"])
def test_writers_of_different_fields_keep_each_others_changes_in_the_store(
    any_store: GraphStore, versioned: bool
) -> None:
    any_store.add_node(ELEMENT)
    last = own_fields(store_client(any_store.url), versioned)
    stored = any_store.get_node(ELEMENT.id).model_dump()
    assert {name: stored[name] for name in FIELDS} == last == {name: f"{name}-{FIELD_ROUNDS - 1}" for name in FIELDS}


# -- REST, served by two worker processes ---------------------------------------------


@pytest.fixture
def server(db_path: Path) -> Any:
    with SqliteStore(db_path) as store:
        store.add_node(ELEMENT)
    with serving(f"sqlite:///{db_path}", workers=2, env={"BUENDNISATLAS_API_TOKEN": TOKEN}) as (base, _):
        yield base


def rest_client(base: str, statuses: list[int]) -> Callable[[], tuple[Read, Write]]:
    url = f"{base}/api/advisory-services/{ELEMENT.id}"

    def connect() -> tuple[Read, Write]:
        http = httpx.Client(headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)

        def read() -> tuple[int, dict[str, Any]]:
            response = http.get(url)
            assert response.status_code == 200, response.text
            version = int(response.headers["ETag"].strip('"'))
            assert version == response.json()["version"]
            return version, response.json()

        def write(version: int | None, changes: dict[str, Any]) -> bool:
            response = http.patch(url, json=changes, headers={"If-Match": f'"{version}"'})
            statuses.append(response.status_code)
            if response.status_code == 412:
                assert response.json()["current"]["version"] > (version or 0)
                return False
            assert response.status_code == 200, response.text
            assert response.headers["ETag"] == f'"{response.json()["version"]}"'
            return True

        return read, write

    return connect


def test_read_modify_write_loses_nothing_through_rest(server: str) -> None:
    statuses: list[int] = []
    tally = read_modify_write(rest_client(server, statuses))
    final = httpx.get(f"{server}/api/advisory-services/{ELEMENT.id}", headers={"Authorization": f"Bearer {TOKEN}"})
    assert_nothing_lost(tally, final.json()["version"], final.json()["note"])
    assert sorted(set(statuses)) == [200, 412] and statuses.count(200) == len(tally.confirmed)


def test_writers_of_different_fields_keep_each_others_changes_through_rest(server: str) -> None:
    statuses: list[int] = []
    last = own_fields(rest_client(server, statuses), versioned=True)
    final = httpx.get(f"{server}/api/advisory-services/{ELEMENT.id}", headers={"Authorization": f"Bearer {TOKEN}"})
    assert {name: final.json()[name] for name in FIELDS} == last
    assert set(statuses) <= {200, 412}

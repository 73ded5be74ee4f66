"""The REST API on a real SQLite file: the public sees only what is public; coordinators edit."""

import json
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from buendnisatlas.api.rest import create_app
from buendnisatlas.api.rest.deps import TOKEN_ENV

from .conftest import CliResult, serving

TOKEN = "geheimes-token-fuer-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def client(cli: Callable[..., CliResult], db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    assert cli("demo").code == 0
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    with TestClient(create_app(f"sqlite:///{db_path}")) as c:
        yield c


def all_actors(client: TestClient, headers: dict[str, str] | None = None) -> list[dict]:
    return client.get("/api/actors", params={"limit": 1000}, headers=headers).json()["data"]


def test_the_public_sees_no_person_and_nothing_non_public(client: TestClient) -> None:
    public = all_actors(client)
    everything = all_actors(client, AUTH)
    assert public and len(public) < len(everything)
    assert all(a["visibility"] == "public" and a["form"] != "person" for a in public)
    person = next(a for a in everything if a["form"] == "person")
    assert client.get(f"/api/actors/{person['id']}").status_code == 404
    assert client.get(f"/api/actors/{person['id']}", headers=AUTH).json()["name"] == person["name"]


def test_public_relations_and_stats_leave_out_hidden_elements(client: TestClient) -> None:
    everything = {a["id"]: a for a in all_actors(client, AUTH)}
    hidden = {i for i, a in everything.items() if a["visibility"] != "public" or a["form"] == "person"}
    relations = client.get("/api/relations").json()["data"]
    assert relations and not hidden & {end for r in relations for end in (r["source"], r["target"])}
    assert client.get("/api/stats").json()["nodes_by_kind"]["actor"] == len(everything) - len(hidden)


def test_a_bad_token_is_the_public(client: TestClient) -> None:
    response = client.post("/api/actors", json={"id": "x", "name": "X"}, headers={"Authorization": "Bearer falsch"})
    assert response.status_code == 401
    assert "Koordinator" in response.json()["detail"]


def test_coordinator_creates_updates_and_deletes(client: TestClient) -> None:
    created = client.post(
        "/api/actors",
        json={"id": "sv-allstedt", "name": "SV Allstedt 1919 e. V.", "sector": "Sport", "ags": "15087015"},
        headers=AUTH,
    )
    assert created.status_code == 201, created.text
    assert created.json()["sector"] == "sports"
    assert created.json()["visibility"] == "network"
    member = client.post(
        "/api/relations", json={"source": "sv-allstedt", "target": "pfd-msh", "type": "MEMBER_OF"}, headers=AUTH
    )
    assert member.status_code == 201, member.text
    assert created.headers["ETag"] == '"1"'
    patched = client.patch(
        "/api/actors/sv-allstedt", json={"visibility": "public"}, headers={**AUTH, "If-Match": created.headers["ETag"]}
    )
    assert patched.json()["visibility"] == "public"
    assert client.get("/api/actors/sv-allstedt").status_code == 200
    gone = client.delete("/api/actors/sv-allstedt", headers={**AUTH, "If-Match": patched.headers["ETag"]})
    assert gone.status_code == 204
    assert client.get(f"/api/relations/{member.json()['id']}", headers=AUTH).status_code == 404


def test_a_new_person_is_restricted(client: TestClient) -> None:
    created = client.post("/api/actors", json={"id": "p-neu", "name": "Neue Person", "form": "person"}, headers=AUTH)
    assert created.json()["visibility"] == "restricted"


def test_errors_are_german_and_precise(client: TestClient) -> None:
    bad_sector = client.post("/api/actors", json={"id": "x", "name": "X", "sector": "Landwirtschaft"}, headers=AUTH)
    assert bad_sector.status_code == 422
    assert "Landwirtschaft" in bad_sector.text
    duplicate = client.post("/api/actors", json={"id": "pfd-msh", "name": "Doppelt"}, headers=AUTH)
    assert duplicate.status_code == 409 and "schon vergeben" in duplicate.json()["detail"]
    wrong_way = client.post(
        "/api/relations",
        json={"source": "pfd-msh", "target": "fv-blau-gelb-benndorf", "type": "MEMBER_OF"},
        headers=AUTH,
    )
    assert wrong_way.status_code == 422 and "Bündnis" in wrong_way.json()["detail"]
    bad_patch = client.patch(
        "/api/actors/fv-blau-gelb-benndorf", json={"sector": "nonsense"}, headers={**AUTH, "If-Match": '"1"'}
    )
    assert bad_patch.status_code == 422
    assert client.get("/api/alliances/pfd-msh").json()["subtype"] == "Partnerschaft für Demokratie"


def test_openapi_has_the_schema_families(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert {"ActorCreate", "ActorUpdate", "ActorPublic", "ActorsPublic", "AlliancePublic", "RelationCreate"} <= set(
        schemas
    )


def test_gap_report_for_coordinators_matches_the_cli(client: TestClient, cli: Callable[..., CliResult]) -> None:
    assert client.get("/api/alliances/pfd-msh/gaps").status_code == 401
    report = client.get("/api/alliances/pfd-msh/gaps", params={"at": "2026-11-22"}, headers=AUTH).json()
    from_cli = json.loads(cli("gaps", "pfd-msh", "--at", "22.11.2026", "--json").out)
    assert [g["kind"] for g in report["gaps"]] == [g["kind"] for g in from_cli["gaps"]]
    assert "missing_sector" in {g["kind"] for g in report["gaps"]}
    assert client.get("/api/alliances/gibtsnicht/gaps", headers=AUTH).status_code == 404


def test_the_gap_report_is_cached_until_the_store_changes(client: TestClient) -> None:
    url, params = "/api/alliances/pfd-msh/gaps", {"at": "2026-11-22"}
    first = client.get(url, params=params, headers=AUTH)
    tag = first.headers["ETag"]
    assert client.get(url, params=params, headers=AUTH).json() == first.json()
    unchanged = client.get(url, params=params, headers={**AUTH, "If-None-Match": tag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert client.get(url, params={"at": "2025-11-22"}, headers=AUTH).headers["ETag"] != tag
    # A business joins: the gap closes, and the old tag no longer matches.
    new = {"id": "autohaus", "name": "Autohaus Sangerhausen GmbH", "sector": "business", "ags": "15087440"}
    assert client.post("/api/actors", json=new, headers=AUTH).status_code == 201
    joined = {"source": "autohaus", "target": "pfd-msh", "type": "MEMBER_OF", "since": "2026-01-01"}
    assert client.post("/api/relations", json=joined, headers=AUTH).status_code == 201
    after = client.get(url, params=params, headers={**AUTH, "If-None-Match": tag})
    assert after.status_code == 200 and after.headers["ETag"] != tag
    assert ("missing_sector", "business") in {(g["kind"], g["subject"]) for g in first.json()["gaps"]}
    assert ("missing_sector", "business") not in {(g["kind"], g["subject"]) for g in after.json()["gaps"]}


def test_serve_answers_from_several_worker_processes(cli: Callable[..., CliResult], db_path: Path) -> None:
    assert cli("demo").code == 0
    with serving(f"sqlite:///{db_path}", workers=2) as (base, server):
        with urllib.request.urlopen(f"{base}/api/alliances/pfd-msh") as response:
            assert json.load(response)["id"] == "pfd-msh"
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert "2 Prozesse" in err and "Beenden mit Strg+C" in err


def test_serve_on_a_port_in_use_says_so_in_german(cli: Callable[..., CliResult]) -> None:
    import socket

    assert cli("demo").code == 0
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("serve", "--port", str(port), "--workers", "1")
    assert result.code == 1
    assert f"Port {port} auf 127.0.0.1 ist schon belegt" in result.err and f"--port {port + 1}" in result.err
    assert "Errno" not in result.err and "address already in use" not in result.err.lower()


def test_reads_and_writes_carry_the_version_as_etag(client: TestClient) -> None:
    read = client.get("/api/actors/fv-blau-gelb-benndorf", headers=AUTH)
    assert read.headers["ETag"] == '"1"' and read.json()["version"] == 1
    first = client.patch(
        "/api/actors/fv-blau-gelb-benndorf", json={"note": "Vorstand neu"}, headers={**AUTH, "If-Match": '"1"'}
    )
    assert first.status_code == 200 and first.headers["ETag"] == '"2"' and first.json()["version"] == 2
    assert first.json()["name"] == read.json()["name"]  # only the field sent changed
    assert client.get("/api/actors/fv-blau-gelb-benndorf").headers["ETag"] == '"2"'
    # a second editor still holding version 1 is refused, and shown what is stored now
    stale = client.patch(
        "/api/actors/fv-blau-gelb-benndorf", json={"note": "Kasse geprüft"}, headers={**AUTH, "If-Match": '"1"'}
    )
    assert stale.status_code == 412 and stale.headers["ETag"] == '"2"'
    assert "inzwischen von jemand anderem geändert" in stale.json()["detail"]
    assert stale.json()["current"]["note"] == "Vorstand neu" and stale.json()["current"]["version"] == 2
    assert client.get("/api/actors/fv-blau-gelb-benndorf", headers=AUTH).json()["note"] == "Vorstand neu"
    # the store keeps the version: a body cannot set it
    assert client.post("/api/actors", json={"id": "v", "name": "V", "version": 7}, headers=AUTH).status_code == 422
    assert (
        client.patch(
            "/api/actors/fv-blau-gelb-benndorf", json={"version": 9}, headers={**AUTH, "If-Match": '"2"'}
        ).status_code
        == 422
    )


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
def test_changes_without_the_version_are_refused(client: TestClient, method: str) -> None:
    body = {"json": {"note": "x"}} if method == "PATCH" else {}
    url = "/api/actors/fv-blau-gelb-benndorf"
    missing = client.request(method, url, headers=AUTH, **body)
    assert missing.status_code == 428 and "If-Match" in missing.json()["detail"]
    for bogus in ['"bogus"', "1", 'W/"1"', '"1", "2"', '"0"', '"-1"', '"99999999999999999999999"']:
        refused = client.request(method, url, headers={**AUTH, "If-Match": bogus}, **body)
        assert refused.status_code == 412, (bogus, refused.text)
        assert refused.json()["current"]["version"] == 1
    assert client.request(method, url, headers={**AUTH, "If-Match": "*"}, **body).status_code == 428
    assert client.get(url, headers=AUTH).json()["note"] is None  # nothing was written
    # the version is asked only of those who may change: the public learns nothing from it
    assert client.request(method, url, **body).status_code == 401
    hidden = client.request(method, "/api/actors/gibt-es-nicht", headers={**AUTH, "If-Match": '"1"'}, **body)
    assert hidden.status_code == 404


def test_relations_are_changed_by_their_version_too(client: TestClient) -> None:
    created = client.post(
        "/api/relations",
        json={"source": "fv-blau-gelb-benndorf", "target": "pfd-msh", "type": "MEMBER_OF"},
        headers=AUTH,
    )
    url = f"/api/relations/{created.json()['id']}"
    assert created.headers["ETag"] == '"1"' and client.get(url, headers=AUTH).headers["ETag"] == '"1"'
    assert client.patch(url, json={"role": "Sprecher"}, headers=AUTH).status_code == 428
    changed = client.patch(url, json={"role": "Sprecher"}, headers={**AUTH, "If-Match": '"1"'})
    assert changed.status_code == 200 and changed.headers["ETag"] == '"2"'
    stale = client.patch(url, json={"role": "Kasse"}, headers={**AUTH, "If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.json()["current"]["role"] == "Sprecher" and stale.json()["current"]["id"] == created.json()["id"]
    assert client.delete(url, headers={**AUTH, "If-Match": '"1"'}).status_code == 412
    assert client.delete(url, headers={**AUTH, "If-Match": '"2"'}).status_code == 204


def test_a_write_while_another_holds_the_database_is_busy_not_broken(
    cli: Callable[..., CliResult], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    assert cli("demo").code == 0
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    monkeypatch.setenv("BUENDNISATLAS_BUSY_TIMEOUT", "0,2")  # read by the server's connections as it starts
    url = "/api/actors/fv-blau-gelb-benndorf"
    with TestClient(create_app(f"sqlite:///{db_path}")) as client:
        importer = sqlite3.connect(db_path, isolation_level=None)
        importer.execute("BEGIN IMMEDIATE")  # as a long import holds the write lock
        try:
            busy = client.patch(url, json={"note": "x"}, headers={**AUTH, "If-Match": '"1"'})
            assert busy.status_code == 503, busy.text
            assert busy.headers["Retry-After"] == "5"
            assert "beschäftigt" in busy.json()["detail"] and "erneut versuchen" in busy.json()["detail"]
            assert client.get(url).status_code == 200  # reading goes on meanwhile
        finally:
            importer.execute("ROLLBACK")
            importer.close()
        assert client.patch(url, json={"note": "x"}, headers={**AUTH, "If-Match": '"1"'}).status_code == 200

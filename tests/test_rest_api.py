"""The REST API on a real SQLite file: the public sees only what is public; coordinators edit."""

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from buendnisatlas.api.rest import create_app
from buendnisatlas.api.rest.deps import TOKEN_ENV

from .conftest import CliResult

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
    patched = client.patch("/api/actors/sv-allstedt", json={"visibility": "public"}, headers=AUTH)
    assert patched.json()["visibility"] == "public"
    assert client.get("/api/actors/sv-allstedt").status_code == 200
    assert client.delete("/api/actors/sv-allstedt", headers=AUTH).status_code == 204
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
    bad_patch = client.patch("/api/actors/fv-blau-gelb-benndorf", json={"sector": "nonsense"}, headers=AUTH)
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
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    assert cli("demo").code == 0
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).with_name("buendnisatlas")
    server = subprocess.Popen(
        [str(exe), "--store", f"sqlite:///{db_path}", "serve", "--port", str(port), "--workers", "2"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline, answer = time.monotonic() + 60, None
        while answer is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/alliances/pfd-msh") as response:
                    answer = json.load(response)
            except OSError:
                time.sleep(0.3)
        assert answer is not None and answer["id"] == "pfd-msh"
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert "(2 Prozesse)" in err

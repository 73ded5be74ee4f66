"""API errors are German problem JSON, as documented; pages get German pages."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from buendnisatlas.api.rest import create_app
from buendnisatlas.api.rest.deps import TOKEN_ENV

TOKEN = "problems-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def client(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("problems") / "demo.db"
    shutil.copy(demo_db_template, db)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(TOKEN_ENV, TOKEN)
        with TestClient(create_app(f"sqlite:///{db}")) as c:
            yield c


def test_a_blank_name_is_refused_as_a_request_naming_the_field(client: TestClient) -> None:
    response = client.post("/api/actors", json={"id": "leer", "name": " "}, headers=AUTH)
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["title"] == "Ungültige Angaben" and problem["status"] == 422
    assert problem["errors"] == [
        {"field": "name", "message": "zu kurz: mindestens 1 Zeichen (ohne Leerzeichen am Rand)"}
    ]


def test_validation_messages_are_german_never_pydantics(client: TestClient) -> None:
    body = {"id": "x y", "name": "Verein", "sector": "Raumfahrt", "topics": "kein Liste", "extra": 1}
    problem = client.post("/api/actors", json=body, headers=AUTH).json()
    messages = {e["field"]: e["message"] for e in problem["errors"]}
    assert messages["id"].startswith("ungültige Kennung")
    assert messages["sector"].startswith("unbekannter Wert „Raumfahrt“")
    assert messages["topics"] == "erwartet eine Liste"
    assert messages["extra"] == "unbekanntes Feld"
    assert not any(word in problem["detail"] for word in ("Input should", "Field required", "String should"))


@pytest.mark.parametrize("at", ["0", "1700000000", "1e5", "gestern", "2025-13-01"])
def test_a_number_or_nonsense_is_no_date(client: TestClient, at: str) -> None:
    response = client.get("/api/relations", params={"at": at})
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "at" and "Datum" in error["message"]


def test_a_real_date_is_a_date(client: TestClient) -> None:
    assert client.get("/api/relations", params={"at": "2025-12-31"}).status_code == 200


def test_405_names_every_allowed_method(client: TestClient) -> None:
    response = client.put("/api/actors")
    assert response.status_code == 405 and response.headers["allow"] == "GET, POST"
    assert response.json()["detail"] == "Diese Methode ist für diese Adresse nicht erlaubt."
    assert client.put("/api/actors/x").headers["allow"] == "GET, PATCH, DELETE"


def test_unknown_api_address_and_missing_element_are_german_problems(client: TestClient) -> None:
    unknown = client.get("/api/gibt-es-nicht")
    assert unknown.status_code == 404 and unknown.headers["content-type"] == PROBLEM
    assert unknown.json()["detail"] == "Unter dieser Adresse gibt es nichts."
    missing = client.get("/api/actors/gibt-es-nicht")
    assert missing.status_code == 404 and "gibt-es-nicht" in missing.json()["detail"]


def test_a_page_address_gets_a_german_page_not_json(client: TestClient) -> None:
    response = client.get("/gibt-es-nicht")
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "Seite nicht gefunden" in response.text


def test_every_list_is_paged_with_a_maximum(client: TestClient) -> None:
    for path in ("/api/relations", "/api/services", "/api/regions", "/api/actors"):
        assert client.get(path, params={"limit": 2}).status_code == 200, path
        refused = client.get(path, params={"limit": 1001})
        assert refused.json()["errors"] == [{"field": "limit", "message": "darf höchstens 1000 sein"}], path
    page = client.get("/api/relations", params={"limit": 2, "skip": 1}).json()
    assert len(page["data"]) == 2 and page["count"] > 2
    assert len(client.get("/api/regions", params={"limit": 3}).json()) == 3


def test_the_schema_documents_the_problem_body_for_each_status(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    create = schema["paths"]["/api/actors"]["post"]["responses"]
    assert {"401", "403", "409", "413", "422", "429", "503"} <= set(create)
    assert create["422"]["content"][PROBLEM]["schema"] == {"$ref": "#/components/schemas/Problem"}
    assert {"412", "428"} <= set(schema["paths"]["/api/actors/{element_id}"]["patch"]["responses"])
    assert "errors" in schema["components"]["schemas"]["Problem"]["properties"]

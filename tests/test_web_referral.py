"""The public referral page and the referral endpoints: public data only, escaped, German errors."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from buendnisatlas.api.rest import create_app
from buendnisatlas.graph.model import Actor, AdvisoryService, Relation
from buendnisatlas.graph.sqlite_store import SqliteStore

from .conftest import CliResult

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def client(cli: Callable[..., CliResult], db_path: Path) -> Iterator[TestClient]:
    assert cli("demo").code == 0
    with SqliteStore(db_path) as store:
        store.add_node(
            AdvisoryService(
                id="hostile",
                name=HOSTILE,
                visibility="public",
                topics=["racism"],
                area=["15087370"],
                website='https://example.org/"><script>alert(2)</script>',
                contact='"><script>alert(3)</script>',
            )
        )
        store.add_node(Actor(id="hostile-op", name="Träger & Söhne <b>", sector="counselling", visibility="public"))
        store.add_relation(Relation(source="hostile-op", target="hostile", type="OFFERS"))
        store.add_node(
            AdvisoryService(
                id="secret", name="Interne Beratung", visibility="network", topics=["racism"], area=["15087370"]
            )
        )
    with TestClient(create_app(f"sqlite:///{db_path}")) as c:
        yield c


def test_referral_page_lists_local_services_first(client: TestClient) -> None:
    page = client.get("/beratung", params={"thema": "Rassismus", "ort": "Sangerhausen"})
    assert page.status_code == 200
    assert "Beratung finden" in page.text
    assert "Sangerhausen" in page.text
    assert "Interne Beratung" not in page.text  # network-only: not on the public page


def test_user_text_is_escaped_once(client: TestClient) -> None:
    page = client.get("/beratung", params={"thema": "racism", "ort": "15087370"}).text
    assert HOSTILE not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&amp;lt;" not in page  # not double-escaped
    assert "<script>alert(3)" not in page
    assert "<script>alert(2)" not in page
    assert "Träger &amp; Söhne &lt;b&gt;" in page


def test_unknown_place_is_a_german_message_not_a_traceback(client: TestClient) -> None:
    page = client.get("/beratung", params={"thema": "Rassismus", "ort": "Atlantis"})
    assert page.status_code == 400
    assert "Unbekannter Ort „Atlantis“" in page.text
    assert "Traceback" not in page.text


def test_referral_endpoint_is_public_by_default(client: TestClient) -> None:
    answer = client.get("/api/referral", params={"topic": "Rassismus", "place": "Sangerhausen"}).json()
    names = [r["name"] for r in answer["results"]]
    assert HOSTILE in names and "Interne Beratung" not in names
    levels = [r["coverage_level"] for r in answer["results"]]
    assert levels[names.index(HOSTILE)] == "Gemeinde"
    assert levels == sorted(levels, key=["Gemeinde", "Kreis", "Land", "Bund"].index)  # most specific first
    bad = client.get("/api/referral", params={"topic": "Fußball", "place": "Sangerhausen"})
    assert bad.status_code == 400 and "Bekannte Themen" in bad.json()["detail"]


def test_services_directory_endpoint(client: TestClient) -> None:
    entries = client.get("/api/services", params={"place": "Sangerhausen"}).json()
    assert entries and all("area" in e for e in entries)
    assert "Interne Beratung" not in {e["name"] for e in entries}


def test_start_page_links_the_search(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'href="/beratung"' in page.text

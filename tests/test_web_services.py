"""Beratungsangebote pflegen: the directory for its maintainers; adding and editing through the element forms."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from buendnisatlas.graph.sqlite_store import SqliteStore

from .accessdata import EMAILS, PASSWORD, Access
from .test_authorization import sign_in


def csrf_of(text: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', text)
    assert found
    return found.group(1)


def test_a_coordinator_not_named_for_services_only_looks_them_up(client: TestClient) -> None:
    assert sign_in(client, EMAILS["coord_a"], PASSWORD).status_code == 303
    page = client.get("/beratungsangebote")
    assert page.status_code == 200
    assert "Mobile Beratung Mansfeld-Südharz" in page.text
    assert "Neues Beratungsangebot" not in page.text and ">Bearbeiten<" not in page.text
    assert "--edits-unaffiliated" in page.text  # says who may change them
    assert client.get("/elemente/neu/advisory_service").status_code == 404


def test_a_member_and_the_public_are_kept_out(client: TestClient) -> None:
    assert client.get("/beratungsangebote", follow_redirects=False).status_code == 303
    assert sign_in(client, EMAILS["member_a"], PASSWORD).status_code == 303
    assert client.get("/beratungsangebote").status_code == 403


def test_a_named_coordinator_adds_a_service_that_the_referral_then_finds(client: TestClient, access: Access) -> None:
    with SqliteStore(access.db) as store:
        store.update_user(EMAILS["coord_a"], edits_unaffiliated=True)
    assert sign_in(client, EMAILS["coord_a"], PASSWORD).status_code == 303
    directory = client.get("/beratungsangebote")
    assert 'href="/elemente/neu/advisory_service"' in directory.text and ">Bearbeiten<" in directory.text
    stale = re.search(r"(\d+) davon seit über 12 Monaten ungeprüft", directory.text)
    only_stale = client.get("/beratungsangebote", params={"nur": "veraltet"})
    if stale:
        assert only_stale.text.count('class="is-stale"') == int(stale.group(1))
    csrf = csrf_of(client.get("/elemente/neu/advisory_service").text)
    bad = {
        "csrf": csrf,
        "name": "Beratung gegen Hass im Netz Eisleben",
        "phone": "abc",
        "email": "nein",
        "area": "15087130",
        "topics": ["online_hate"],
        "visibility": "public",
    }
    refused = client.post("/elemente/neu/advisory_service", data=bad)
    assert refused.status_code == 422
    assert re.search(r'id="fehler-phone">„abc“ ist keine Telefonnummer', refused.text)
    assert re.search(r'id="fehler-email">„nein“ ist keine E-Mail-Adresse', refused.text)
    good = {**bad, "phone": "03475 123456", "email": "hassimnetz@example.org", "verified_on": "01.11.2026"}
    created = client.post("/elemente/neu/advisory_service", data=good, follow_redirects=False)
    assert created.status_code == 303, created.text
    assert "Beratung gegen Hass im Netz Eisleben" in client.get("/beratungsangebote").text
    client.post("/abmelden", data={"csrf": csrf_of(client.get("/").text)})
    found = client.get("/beratung", params={"thema": "online_hate", "ort": "Lutherstadt Eisleben"})
    assert "Beratung gegen Hass im Netz Eisleben" in found.text  # public, so the public finds it too

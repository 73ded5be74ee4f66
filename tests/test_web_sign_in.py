"""Signing in to the web pages: signed cookies, CSRF, locked accounts, throttled addresses."""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from buendnisatlas.api.rest import create_app
from buendnisatlas.api.web.session import COOKIE, SECRET_ENV

from .accessdata import EMAILS, PASSWORD, Access
from .test_authorization import sign_in


@pytest.fixture
def access(access_template: Access, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Access:
    """A copy of the prepared store, with the session secret generated for it (not from the environment)."""
    monkeypatch.delenv(SECRET_ENV, raising=False)
    db = tmp_path / "atlas.db"
    shutil.copy(access_template.db, db)
    return Access(db, dict(access_template.tokens))


def test_the_session_cookie_is_httponly_lax_and_secure_over_https(access: Access) -> None:
    for base, secure in (("http://testserver", False), ("https://testserver", True)):
        with TestClient(create_app(f"sqlite:///{access.db}"), base_url=base) as client:
            response = sign_in(client, EMAILS["coord_a"])
            assert response.status_code == 303
            cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(f"{COOKIE}="))
            attributes = {a.strip().lower() for a in cookie.split(";")[1:]}
            assert "httponly" in attributes and "samesite=lax" in attributes
            assert ("secure" in attributes) == secure, cookie
            assert EMAILS["coord_a"] not in cookie  # signed and encoded, not readable as plain text


def test_a_wrong_password_is_refused_in_german(client: TestClient) -> None:
    response = sign_in(client, EMAILS["coord_a"], "falsches-passwort-123")
    assert response.status_code == 401
    assert "E-Mail-Adresse oder Passwort stimmen nicht" in response.text
    assert "Abmelden" not in client.get("/").text
    unknown = sign_in(client, "niemand@example.org", "falsches-passwort-123")
    assert unknown.status_code == 401 and "stimmen nicht" in unknown.text  # same answer: no account list


def test_signing_in_needs_the_forms_csrf_token(client: TestClient) -> None:
    client.get("/anmelden")
    for token in ({}, {"csrf": "ausgedacht"}):
        response = client.post(
            "/anmelden", data={"email": EMAILS["coord_a"], "password": PASSWORD, **token}, follow_redirects=False
        )
        assert response.status_code == 400 and "Formular ist abgelaufen" in response.text
    assert "Abmelden" not in client.get("/").text


def test_an_account_locks_after_repeated_failures_and_says_until_when(client: TestClient) -> None:
    for _ in range(4):
        assert sign_in(client, EMAILS["member_a"], "falsches-passwort-123").status_code == 401
    locked = sign_in(client, EMAILS["member_a"], "falsches-passwort-123")
    assert locked.status_code == 401 and "gesperrt bis" in locked.text
    again = sign_in(client, EMAILS["member_a"])  # even the right password, while locked
    assert again.status_code == 401 and "gesperrt bis" in again.text
    assert sign_in(client, EMAILS["coord_b"]).status_code == 303  # others are not affected


def test_one_address_trying_many_accounts_is_slowed_down(client: TestClient) -> None:
    emails = [f"versuch{i}@example.org" for i in range(10)]
    for email in emails:
        assert sign_in(client, email, "falsches-passwort-123").status_code == 401
    throttled = sign_in(client, EMAILS["coord_a"])
    assert throttled.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldungen von dieser Adresse" in throttled.text


def test_a_forged_or_foreign_cookie_signs_nobody_in(access: Access, client: TestClient) -> None:
    assert sign_in(client, EMAILS["admin"]).status_code == 303
    value = client.cookies[COOKIE]
    client.cookies.set(COOKIE, value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB"))
    assert "Abmelden" not in client.get("/").text
    os.environ[SECRET_ENV] = "ein-anderes-geheimnis-einer-anderen-installation"
    try:
        with TestClient(create_app(f"sqlite:///{access.db}")) as other:
            other.cookies.set(COOKIE, value)
            assert "Abmelden" not in other.get("/").text
    finally:
        del os.environ[SECRET_ENV]


def test_the_secret_is_made_once_beside_the_store_and_kept(access: Access) -> None:
    with TestClient(create_app(f"sqlite:///{access.db}")) as first:
        assert sign_in(first, EMAILS["coord_a"]).status_code == 303
        cookie = first.cookies[COOKIE]
    secret = access.db.with_name(f"{access.db.name}.sitzungsschluessel")
    assert secret.is_file() and stat.S_IMODE(secret.stat().st_mode) == 0o600
    with TestClient(create_app(f"sqlite:///{access.db}")) as second:  # a restart keeps the sessions
        second.cookies.set(COOKIE, cookie)
        assert EMAILS["coord_a"] in second.get("/").text


def test_a_disabled_account_loses_its_session(access: Access, client: TestClient) -> None:
    from buendnisatlas.graph.sqlite_store import SqliteStore

    assert sign_in(client, EMAILS["coord_b"]).status_code == 303
    with SqliteStore(access.db) as store:
        store.update_user(EMAILS["coord_b"], active=False)
    assert "Abmelden" not in client.get("/").text


def test_the_sign_in_page_escapes_what_was_typed(client: TestClient) -> None:
    page = client.get("/anmelden")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf
    response = client.post(
        "/anmelden", data={"email": '"><script>alert(1)</script>', "password": "x", "csrf": csrf.group(1)}
    )
    assert "<script>alert(1)" not in response.text and "&lt;script&gt;" in response.text


def test_an_anonymous_visit_sets_no_cookie(client: TestClient) -> None:
    for path in ("/", "/beratung?thema=Rassismus&ort=Sangerhausen"):
        assert "set-cookie" not in client.get(path).headers, path
    assert COOKIE in client.get("/anmelden").headers["set-cookie"]  # the form needs its CSRF token


def test_creating_an_invalid_element_is_a_german_422(access: Access, client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {access.tokens['admin']}"}
    body = {"id": "verein-x", "name": "Verein X", "consent_given_by": "Jemand"}
    response = client.post("/api/actors", json=body, headers=auth)
    assert response.status_code == 422 and "Einwilligung gibt es nur für Personen" in response.json()["detail"]


def test_signing_in_leads_back_to_the_page_asked_for_and_never_off_site(client: TestClient) -> None:
    page = client.get("/anmelden", params={"weiter": "/beratung"})
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf and 'name="weiter" value="/beratung"' in page.text
    back = client.post(
        "/anmelden",
        data={"email": EMAILS["coord_a"], "password": PASSWORD, "csrf": csrf.group(1), "weiter": "/beratung"},
        follow_redirects=False,
    )
    assert back.status_code == 303 and back.headers["location"] == "/beratung"
    for off_site in ("https://example.org/", "//example.org/", "/\\example.org"):
        page = client.get("/anmelden", params={"weiter": off_site})
        assert 'name="weiter" value="/"' in page.text, off_site


def test_an_unknown_page_is_a_german_page_with_the_layout(client: TestClient) -> None:
    answer = client.get("/gibt-es-nicht")
    assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
    assert "Seite nicht gefunden" in answer.text and 'href="/static/app.css"' in answer.text
    assert "Not Found" not in answer.text
    assert client.get("/api/gibt-es-nicht").headers["content-type"].startswith("application/"), "the API stays JSON"


def test_the_stylesheet_is_served_from_the_package(client: TestClient) -> None:
    css = client.get("/static/app.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert ":focus-visible" in css.text

"""The account page: own password and own API tokens; and the German error pages."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from starlette.requests import Request

from buendnisatlas.api.rest import create_app
from buendnisatlas.api.web.errors import html_error
from buendnisatlas.graph.sqlite_store import SqliteStore

from .accessdata import EMAILS, PASSWORD, Access
from .test_authorization import sign_in

NEW_PASSWORD = "Ein-neues-Passwort-2027"


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def signed_in_as(client: TestClient, role: str) -> str:
    assert sign_in(client, EMAILS[role]).status_code == 303
    return csrf_of(client.get("/konto").text)


def test_the_account_page_needs_a_sign_in(client: TestClient) -> None:
    answer = client.get("/konto", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/anmelden?weiter=/konto"


def test_the_header_links_the_account_page(client: TestClient) -> None:
    signed_in_as(client, "member_a")
    start = client.get("/").text
    assert 'href="/konto"' in start and EMAILS["member_a"] in start
    page = client.get("/konto").text
    assert "Mein Konto" in page and "Passwort ändern" in page and "Mitglied" in page


def test_changing_the_password(client: TestClient, access: Access) -> None:
    csrf = signed_in_as(client, "coord_a")
    url = "/konto/passwort"
    wrong = client.post(
        url, data={"csrf": csrf, "current": "falsch-falsch", "new": NEW_PASSWORD, "repeated": NEW_PASSWORD}
    )
    assert wrong.status_code == 422 and "Das bisherige Passwort stimmt nicht" in wrong.text
    assert 'aria-invalid="true"' in wrong.text
    mismatch = client.post(
        url, data={"csrf": csrf, "current": PASSWORD, "new": NEW_PASSWORD, "repeated": "anders-2027-x"}
    )
    assert mismatch.status_code == 422 and "stimmen nicht überein" in mismatch.text
    short = client.post(url, data={"csrf": csrf, "current": PASSWORD, "new": "kurz", "repeated": "kurz"})
    assert short.status_code == 422 and "mindestens 10 Zeichen" in short.text
    forged = client.post(
        url, data={"csrf": "falsch", "current": PASSWORD, "new": NEW_PASSWORD, "repeated": NEW_PASSWORD}
    )
    assert forged.status_code == 400 and "abgelaufen" in forged.text
    # nothing changed so far: the old password still signs in
    with TestClient(create_app(f"sqlite:///{access.db}")) as other:
        assert sign_in(other, EMAILS["coord_a"]).status_code == 303
    done = client.post(url, data={"csrf": csrf, "current": PASSWORD, "new": NEW_PASSWORD, "repeated": NEW_PASSWORD})
    assert done.status_code == 200 and "Ihr Passwort ist geändert" in done.text  # after the redirect
    with TestClient(create_app(f"sqlite:///{access.db}")) as other:
        assert sign_in(other, EMAILS["coord_a"]).status_code == 401
        assert sign_in(other, EMAILS["coord_a"], NEW_PASSWORD).status_code == 303
    with SqliteStore(access.db) as store:  # the account log names who changed the password, never the hash
        changed = [e for e in store.account_history(EMAILS["coord_a"]) if e.who == EMAILS["coord_a"]]
        assert changed and "$argon2" not in str([(e.before, e.after) for e in changed])


def test_own_api_tokens(client: TestClient, access: Access) -> None:
    csrf = signed_in_as(client, "member_a")
    with SqliteStore(access.db) as store:
        before = {t.id for t in store.find_tokens(EMAILS["member_a"])}
    empty = client.post("/konto/schluessel", data={"csrf": csrf, "name": "  "})
    assert empty.status_code == 422 and "wofür der Schlüssel ist" in empty.text
    forged = client.post("/konto/schluessel", data={"csrf": "falsch", "name": "Skript"})
    assert forged.status_code == 400
    created = client.post("/konto/schluessel", data={"csrf": csrf, "name": "Auswertung <Jugendamt>"})
    assert created.status_code == 200 and "nur jetzt angezeigt" in created.text
    assert "Auswertung &lt;Jugendamt&gt;" in created.text  # escaped
    plain = re.search(r'id="neuer-schluessel">([^<]+)<', created.text)
    assert plain
    # the token works against the API as this account, and its use shows on the page
    api = client.get("/api/stats", headers={"Authorization": f"Bearer {plain.group(1)}"})
    assert api.status_code == 200
    listed = client.get("/konto").text
    assert "Auswertung &lt;Jugendamt&gt;" in listed and plain.group(1) not in listed
    row = re.search(r"<tr>\s*<td>Auswertung &lt;Jugendamt&gt;</td>(.*?)</tr>", listed, re.S)
    assert row and "gültig" in row.group(1)
    assert re.search(r"<td>\d\d\.\d\d\.\d{4} \d\d:\d\d</td>\s*<td><span", row.group(1)), row.group(1)  # last use
    ids = set(re.findall(r"/konto/schluessel/([^/]+)/widerrufen", listed))
    assert len(ids - before) == 1
    token_id = re.match(r"(.*)", (ids - before).pop())
    assert token_id
    # another account cannot revoke it
    with TestClient(create_app(f"sqlite:///{access.db}")) as other:
        other_csrf = signed_in_as(other, "coord_b")
        refused = other.post(f"/konto/schluessel/{token_id.group(1)}/widerrufen", data={"csrf": other_csrf})
        assert refused.status_code == 404 and "Seite nicht gefunden" in refused.text
    revoked = client.post(f"/konto/schluessel/{token_id.group(1)}/widerrufen", data={"csrf": csrf})
    assert revoked.status_code == 200 and "ist widerrufen" in revoked.text and "widerrufen am" in revoked.text
    again = client.get("/api/stats", headers={"Authorization": f"Bearer {plain.group(1)}"})
    assert again.status_code == 401
    with SqliteStore(access.db) as store:
        mine = {t.name: t for t in store.find_tokens(EMAILS["member_a"]) if t.id not in before}
        assert list(mine) == ["Auswertung <Jugendamt>"] and mine["Auswertung <Jugendamt>"].revoked
        logged = [(e.who, e.action) for e in store.account_history(EMAILS["member_a"])]
        assert logged[-2:] == [(EMAILS["member_a"], "token_create"), (EMAILS["member_a"], "token_revoke")], logged


# -- error pages -------------------------------------------------------------------------


def test_unknown_page_is_a_german_404_in_the_layout(client: TestClient) -> None:
    answer = client.get("/gibt-es-nicht")
    assert answer.status_code == 404
    assert "Seite nicht gefunden" in answer.text and "Zur Startseite" in answer.text
    assert 'aria-label="Hauptnavigation"' in answer.text and "Not Found" not in answer.text


def test_wrong_method_is_a_german_405_with_allow(client: TestClient) -> None:
    answer = client.post("/beratung")
    assert answer.status_code == 405
    assert "Aktion nicht möglich" in answer.text and "Method Not Allowed" not in answer.text
    assert answer.headers["allow"] == "GET"


def _request(path: str = "/x") -> Request:
    return Request({"type": "http", "method": "GET", "path": path, "headers": [], "query_string": b""})


def test_internal_errors_show_no_detail() -> None:
    answer = html_error(_request(), 500, "Traceback (most recent call last): KeyError 'geheim'")
    body = bytes(answer.body).decode()
    assert answer.status_code == 500
    assert "Interner Fehler" in body and "nicht Ihrer" in body
    assert "Traceback" not in body and "geheim" not in body


def test_invalid_input_page_is_german() -> None:
    answer = html_error(_request(), 422, "Die Adresse enthält ungültige Angaben.")
    body = bytes(answer.body).decode()
    assert answer.status_code == 422 and "Eingaben nicht verständlich" in body and "ungültige Angaben" in body


def test_a_busy_store_says_when_to_try_again() -> None:
    answer = html_error(_request(), 503, "Die Datenbank ist gerade beschäftigt.", {"Retry-After": "5"})
    body = bytes(answer.body).decode()
    assert answer.status_code == 503 and answer.headers["retry-after"] == "5"
    assert "Gerade ausgelastet" in body and "Die Datenbank ist gerade beschäftigt." in body

"""The authorisation matrix: every role against every REST endpoint and every page.

Roles: admin, coordinator of A (the demo's PfD), coordinator of B (a second alliance),
member of A, the public, a wrong token, a revoked token, an expired web session. What
each may do is the table in ``graph/visibility.py`` and ``services/elements.py``:
an element one may not see — or see but not change — is a 404 with the same body as a
missing id; a role that may change nothing is a 403; no or a bad token is a 401.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from buendnisatlas.api.rest import create_app
from buendnisatlas.graph.sqlite_store import SqliteStore

from .accessdata import EMAILS, PASSWORD, Access

ROLES = ["admin", "coord_a", "coord_b", "member_a", "public", "wrong_token", "revoked_token"]

# One element of each kind of ownership and marking (A: the demo PfD, B: pfd-harz, U: of no alliance).
TARGETS: dict[str, tuple[str, str]] = {  # name → (path, id)
    "A_PUBLIC": ("actors", "lk-msh-jugendamt"),
    "A_NETWORK": ("actors", "afrikanisches-frauennetzwerk-eisleben"),
    "A_PERSON": ("actors", "person-amira-haddad"),  # no consent: confidential
    "A_CONSENTED": ("actors", "person-katrin-albrecht"),  # network, with consent
    "A_WORKING_GROUP": ("working-groups", "ak-schule-und-demokratie"),  # network
    "A_BODY": ("bodies", "pfd-msh-begleitausschuss"),  # public
    "A_PROJECT": ("projects", "projekt-fair-streiten-2026"),
    "A_EVENT": ("events", "demokratiekonferenz-2025"),
    "A_ALLIANCE": ("alliances", "pfd-msh"),  # public
    "A_GOAL": ("goals", "ziel-lz-2"),  # public, of pfd-msh
    "B_PUBLIC": ("actors", "harz-heimat"),
    "B_NETWORK": ("actors", "harz-verein"),
    "B_RESTRICTED": ("actors", "harz-geheim"),
    "B_PERSON": ("actors", "harz-berta"),
    "B_CONSENTED": ("actors", "harz-carla"),
    "B_BODY": ("bodies", "harz-ba"),  # network
    "B_ALLIANCE": ("alliances", "pfd-harz"),  # network
    "U_SERVICE_PUBLIC": ("advisory-services", "beratung-mobile-beratung-msh"),
    "U_SERVICE_NETWORK": ("advisory-services", "beratung-schulen-rechte-vorfaelle-msh"),
    "U_RESTRICTED": ("actors", "land-geheim"),
}
PUBLIC_TARGETS = {"A_PUBLIC", "A_BODY", "A_PROJECT", "A_EVENT", "A_ALLIANCE", "A_GOAL", "B_PUBLIC", "U_SERVICE_PUBLIC"}


def may_read(role: str, target: str) -> bool:
    """The specification, spelled out per role (not computed by the code under test)."""
    owner = target.split("_")[0]
    if role == "admin":
        return True
    if target in PUBLIC_TARGETS:
        return True
    if role in ("public", "wrong_token", "revoked_token"):
        return False
    confidential = target in {"A_PERSON", "B_RESTRICTED", "B_PERSON", "U_RESTRICTED"}
    if role == "coord_a":
        return owner == "A" or (owner == "U" and not confidential)
    if role == "coord_b":
        return owner == "B" or (owner == "U" and not confidential)
    assert role == "member_a"
    return (owner == "A" and not confidential) or (owner == "U" and not confidential)


def may_edit(role: str, target: str) -> bool:
    owner = target.split("_")[0]
    return role == "admin" or (role == "coord_a" and owner == "A") or (role == "coord_b" and owner == "B")


def expected_read(role: str, target: str) -> int:
    if role in ("wrong_token", "revoked_token"):
        return 401
    return 200 if may_read(role, target) else 404


def expected_write(role: str, target: str, ok: int) -> int:
    if role in ("public", "wrong_token", "revoked_token"):
        return 401
    if role == "member_a":
        return 403
    return ok if may_edit(role, target) else 404


def headers(access: Access, role: str) -> dict[str, str]:
    if role == "public":
        return {}
    if role == "wrong_token":
        return {"Authorization": "Bearer ba_das-ist-kein-gueltiges-token"}
    if role == "revoked_token":
        return {"Authorization": f"Bearer {access.tokens['revoked']}"}
    return {"Authorization": f"Bearer {access.tokens[role]}"}


@pytest.fixture
def as_role(access: Access, client: TestClient) -> Any:
    """Send a request as a role; a revoked token is made on demand (it exists, but counts for nothing)."""
    from buendnisatlas.graph.accounts import ApiToken
    from buendnisatlas.graph.credentials import new_token

    plain, hashed = new_token()
    with SqliteStore(access.db) as store:
        store.add_token(ApiToken(id="tok-widerrufen", email=EMAILS["coord_a"], name="alt", token_hash=hashed))
        store.revoke_token("tok-widerrufen")
    access.tokens["revoked"] = plain

    def send(role: str, method: str, url: str, **kwargs: Any) -> Any:
        sent = headers(access, role)
        if method in ("PATCH", "DELETE"):
            sent.update(current_version(access, client, url))
        return client.request(method, url, headers=sent, **kwargs)

    return send


def current_version(access: Access, client: TestClient, url: str) -> dict[str, str]:
    """``If-Match`` with the version stored now (read as an admin): these tests are about who, not when."""
    return {"If-Match": client.get(url, headers=headers(access, "admin")).headers.get("ETag", '"1"')}


# -- REST ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_reading_elements_by_id(as_role: Any, role: str) -> None:
    bodies = {}
    for target, (path, element_id) in TARGETS.items():
        response = as_role(role, "GET", f"/api/{path}/{element_id}")
        assert response.status_code == expected_read(role, target), (role, target, response.text)
        if response.status_code == 404:
            bodies[target] = response.json()["detail"]
    missing = as_role(role, "GET", "/api/actors/gibt-es-nicht")
    if role not in ("wrong_token", "revoked_token"):
        # a hidden element is answered exactly like a missing one: its id confirms nothing
        for target, detail in bodies.items():
            element_id = TARGETS[target][1]
            path = TARGETS[target][0]
            other = as_role(role, "GET", f"/api/{path}/gibt-es-nicht").json()["detail"]
            assert detail.replace(element_id, "?") == other.replace("gibt-es-nicht", "?"), target
        assert missing.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_lists_hold_exactly_what_the_role_may_read(as_role: Any, role: str) -> None:
    for target, (path, element_id) in TARGETS.items():
        response = as_role(role, "GET", f"/api/{path}", params={"limit": 1000})
        if role in ("wrong_token", "revoked_token"):
            assert response.status_code == 401
            continue
        listed = {e["id"] for e in response.json()["data"]}
        assert (element_id in listed) == may_read(role, target), (role, target)


@pytest.mark.parametrize("role", ["public", "coord_a", "coord_b", "member_a", "admin"])
def test_notes_are_internal_whatever_the_marking(as_role: Any, role: str) -> None:
    """B's public actor carries a note: its own coordinators and admins read it, nobody who sees it as public."""
    note = "Vorsitzender will zurücktreten, bitte vertraulich behandeln."
    by_id = as_role(role, "GET", "/api/actors/harz-heimat").json()
    listed = {e["id"]: e for e in as_role(role, "GET", "/api/actors", params={"limit": 1000}).json()["data"]}
    readable = role in ("coord_b", "admin")
    assert (by_id["note"] == note, listed["harz-heimat"]["note"] == note) == (readable, readable)
    assert by_id["name"] == listed["harz-heimat"]["name"] == "Heimatbund Vorharz"  # the element itself is public
    a_note = as_role(role, "GET", "/api/alliances/pfd-msh").json()["note"]
    assert (a_note is not None) == (role in ("coord_a", "member_a", "admin"))  # A's own people read A's notes


@pytest.mark.parametrize("role", ROLES)
def test_changing_elements(as_role: Any, role: str) -> None:
    for target, (path, element_id) in TARGETS.items():
        response = as_role(role, "PATCH", f"/api/{path}/{element_id}", json={"note": "geprüft 2026"})
        assert response.status_code == expected_write(role, target, 200), (role, target, response.text)
        if response.status_code == 200:
            assert response.json()["note"] == "geprüft 2026"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", ["A_NETWORK", "B_PERSON", "B_PUBLIC", "U_SERVICE_PUBLIC"])
def test_deleting_elements(as_role: Any, role: str, target: str) -> None:
    path, element_id = TARGETS[target]
    response = as_role(role, "DELETE", f"/api/{path}/{element_id}")
    assert response.status_code == expected_write(role, target, 204), (role, target, response.text)
    still_there = as_role("admin", "GET", f"/api/{path}/{element_id}").status_code == 200
    assert still_there == (response.status_code != 204)


@pytest.mark.parametrize("role", ROLES)
def test_creating_elements_names_the_alliance(as_role: Any, role: str) -> None:
    body = {"id": "neuer-verein", "name": "Neuer Verein Roßla", "sector": "Sport"}
    for alliance, owner in (("pfd-msh", "A_NEW"), ("pfd-harz", "B_NEW")):
        response = as_role(role, "POST", "/api/actors", params={"alliance": alliance}, json=body)
        assert response.status_code == expected_write(role, owner, 201), (role, alliance, response.text)
        if response.status_code == 201:
            member = as_role("admin", "GET", "/api/relations", params={"element": "neuer-verein"}).json()["data"]
            assert [(r["type"], r["target"]) for r in member] == [("MEMBER_OF", alliance)]
            as_role("admin", "DELETE", "/api/actors/neuer-verein")
    # Without an alliance the element would belong to none: only admins (and named coordinators) create those.
    unaffiliated = as_role(role, "POST", "/api/actors", json=body)
    expected = {"admin": 201, "coord_a": 403, "coord_b": 403, "member_a": 403}.get(role, 401)
    assert unaffiliated.status_code == expected, (role, unaffiliated.text)


def test_a_coordinator_named_for_unaffiliated_elements_edits_them(access: Access, client: TestClient) -> None:
    from buendnisatlas.graph.accounts import ApiToken
    from buendnisatlas.graph.credentials import new_token

    plain, hashed = new_token()
    with SqliteStore(access.db) as store:
        store.update_user(EMAILS["coord_a"], edits_unaffiliated=True)
        store.add_token(ApiToken(id="tok-land", email=EMAILS["coord_a"], name="Land", token_hash=hashed))
    auth = {"Authorization": f"Bearer {plain}"}
    path, service = TARGETS["U_SERVICE_NETWORK"]
    url = f"/api/{path}/{service}"
    assert (
        client.patch(url, json={"note": "geprüft"}, headers=auth | current_version(access, client, url)).status_code
        == 200
    )
    assert client.get("/api/actors/land-geheim", headers=auth).status_code == 200  # now theirs to see
    changed = client.patch("/api/actors/harz-verein", json={"note": "x"}, headers=auth | {"If-Match": '"1"'})
    assert changed.status_code == 404


RELATIONS = {
    "A": "person-amira-haddad|MEMBER_OF|",  # prefix of a relation of A's confidential person
    "B": "harz-verein|COOPERATES_WITH|harz-geheim|",
    "AB": "harz-heimat|COOPERATES_WITH|harz-verein|",
}


@pytest.mark.parametrize("role", ROLES)
def test_relations(as_role: Any, role: str) -> None:
    every = {r["id"] for r in as_role("admin", "GET", "/api/relations").json()["data"]}
    a_key = next(k for k in every if k.startswith(RELATIONS["A"]))
    b_key = RELATIONS["B"]
    listed = as_role(role, "GET", "/api/relations")
    if role in ("wrong_token", "revoked_token"):
        assert listed.status_code == 401
        assert as_role(role, "GET", f"/api/relations/{a_key}").status_code == 401
        return
    keys = {r["id"] for r in listed.json()["data"]}
    reads_a = role in ("admin", "coord_a")
    reads_b = role in ("admin", "coord_b")
    assert (a_key in keys) == reads_a and (b_key in keys) == reads_b, role
    assert as_role(role, "GET", f"/api/relations/{a_key}").status_code == (200 if reads_a else 404)
    assert as_role(role, "GET", f"/api/relations/{b_key}").status_code == (200 if reads_b else 404)
    by_element = as_role(role, "GET", "/api/relations", params={"element": "harz-geheim"})
    assert by_element.status_code == (200 if reads_b else 404)
    patch = as_role(role, "PATCH", f"/api/relations/{b_key}", json={"weight": 2})
    assert patch.status_code == expected_write(role, "B_RELATION", 200), (role, patch.text)
    new = {"source": "harz-verein", "target": "pfd-msh", "type": "MEMBER_OF"}
    created = as_role(role, "POST", "/api/relations", json=new)
    # B's network actor is invisible to A's coordinator, so they cannot tie it to A
    assert created.status_code == expected_write(role, "B_RELATION", 201), (role, created.text)
    deleted = as_role(role, "DELETE", f"/api/relations/{a_key}")
    assert deleted.status_code == expected_write(role, "A_RELATION", 204), (role, deleted.text)


@pytest.mark.parametrize("role", ROLES)
def test_gap_and_goal_reports_are_for_the_alliances_coordinators(as_role: Any, role: str) -> None:
    expected = {
        "admin": {"pfd-msh": 200, "pfd-harz": 200},
        "coord_a": {"pfd-msh": 200, "pfd-harz": 404},
        "coord_b": {"pfd-msh": 404, "pfd-harz": 200},
        "member_a": {"pfd-msh": 403, "pfd-harz": 404},
    }.get(role, {"pfd-msh": 401, "pfd-harz": 401})
    for alliance, status in expected.items():
        for report in ("gaps", "goals"):
            response = as_role(role, "GET", f"/api/alliances/{alliance}/{report}")
            assert response.status_code == status, (role, alliance, report, response.text)


@pytest.mark.parametrize("role", ROLES)
def test_overview_and_referral_endpoints(as_role: Any, role: str) -> None:
    bad = role in ("wrong_token", "revoked_token")
    for url, params in [
        ("/api/regions", {"within": "15087"}),
        ("/api/stats", {}),
        ("/api/services", {}),
        ("/api/referral", {"topic": "Rechtsextremismus", "place": "Sangerhausen"}),
    ]:
        response = as_role(role, "GET", url, params=params)
        assert response.status_code == (401 if bad else 200), (role, url, response.text)
    if bad:
        return
    stats = as_role(role, "GET", "/api/stats").json()
    own = as_role(role, "GET", "/api/actors", params={"limit": 1000}).json()["count"]
    assert stats["nodes_by_kind"]["actor"] == own  # counts only what the role may read
    # A warm path starts only at an origin the role may see; a hidden one is answered like a missing one.
    query = {"topic": "Rechtsextremismus", "place": "Sangerhausen"}
    for origin, target in (("harz-verein", "B_NETWORK"), ("pfd-msh", "A_ALLIANCE")):
        answer = as_role(role, "GET", "/api/referral", params={**query, "origin": origin})
        assert answer.status_code == (200 if may_read(role, target) else 404), (role, origin, answer.text)
        if answer.status_code == 404:
            missing = as_role(role, "GET", "/api/referral", params={**query, "origin": "gibt-es-nicht"})
            assert answer.json()["detail"].replace(origin, "?") == missing.json()["detail"].replace(
                "gibt-es-nicht", "?"
            )


@pytest.mark.parametrize("role", ROLES)
def test_history_is_for_those_who_may_change_the_element(as_role: Any, role: str) -> None:
    as_role("admin", "PATCH", "/api/actors/harz-verein", json={"note": "Ansprechpartnerin: Frau Geheim"})
    for target in ("A_PERSON", "B_NETWORK", "B_PUBLIC"):
        element_id = TARGETS[target][1]
        response = as_role(role, "GET", f"/api/elements/{element_id}/history")
        assert response.status_code == expected_write(role, target, 200), (role, target, response.text)
        if response.status_code == 200:
            entries = response.json()
            assert entries and all(
                element_id in (e["element_id"], *(e["relation_key"] or "").split("|")) for e in entries
            )
    if role == "coord_a":  # B's public actor is not A's: its log stays closed, also its tie to B's network actor
        assert as_role(role, "GET", "/api/elements/harz-heimat/history").status_code == 404
    if role == "coord_b":
        notes = [
            e["after"].get("note")
            for e in as_role(role, "GET", "/api/elements/harz-verein/history").json()
            if e["after"]
        ]
        assert "Ansprechpartnerin: Frau Geheim" in notes


def test_every_rest_endpoint_is_in_the_matrix(client: TestClient) -> None:
    """A new endpoint must be added here, with who may use it."""
    covered = {
        ("GET", "/api/{kind}"),
        ("GET", "/api/{kind}/{element_id}"),
        ("POST", "/api/{kind}"),
        ("PATCH", "/api/{kind}/{element_id}"),
        ("DELETE", "/api/{kind}/{element_id}"),
        ("GET", "/api/relations"),
        ("GET", "/api/relations/{key}"),
        ("POST", "/api/relations"),
        ("PATCH", "/api/relations/{key}"),
        ("DELETE", "/api/relations/{key}"),
        ("GET", "/api/regions"),
        ("GET", "/api/stats"),
        ("GET", "/api/services"),
        ("GET", "/api/referral"),
        ("GET", "/api/{kind}/{alliance_id}/gaps"),  # /api/alliances/…/gaps
        ("GET", "/api/{kind}/{alliance_id}/goals"),
        ("GET", "/api/elements/{element_id}/history"),
    }
    kinds = {path for path, _ in TARGETS.values()}
    found = set()
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        general = re.sub(r"^/api/(" + "|".join(kinds) + r")(?=/|$)", "/api/{kind}", path)
        found |= {(method.upper(), general) for method in operations}
    assert found == covered
    assert kinds == {
        "actors",
        "alliances",
        "bodies",
        "working-groups",
        "projects",
        "events",
        "advisory-services",
        "goals",
    }


def test_only_the_bearer_scheme_counts(access: Access, client: TestClient) -> None:
    token = access.tokens["coord_a"]
    for header in (token, f"bearer {token}", f"Token {token}", f"Bearer{token}"):
        assert client.get("/api/actors", headers={"Authorization": header}).status_code == 401, header
    assert client.get("/api/actors", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_wrong_tokens_are_throttled_per_address_with_retry_after(access: Access, client: TestClient) -> None:
    from buendnisatlas.api.rest.deps import TOKEN_FAILURES

    answers = [
        client.get("/api/stats", headers={"Authorization": f"Bearer ba_geraten-{i}"}).status_code for i in range(300)
    ]
    assert answers[:TOKEN_FAILURES] == [401] * TOKEN_FAILURES
    assert set(answers[TOKEN_FAILURES:]) == {429}  # 300 in a row: refused, not answered 250 more times
    refused = client.get("/api/stats", headers=headers(access, "coord_a"))  # checked before the token: learns nothing
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    assert "Zu viele ungültige API-Schlüssel von dieser Adresse" in refused.text
    assert client.get("/api/stats").status_code == 200  # without a token: the public, as before
    other = TestClient(client.app, client=("192.0.2.7", 50000))  # the same app (its store open): another address
    assert other.get("/api/stats", headers=headers(access, "coord_a")).status_code == 200


def test_a_revoked_token_counts_against_its_account_too(access: Access, client: TestClient) -> None:
    from buendnisatlas.api.rest.deps import TOKEN_FAILURES
    from buendnisatlas.graph.accounts import ApiToken
    from buendnisatlas.graph.credentials import new_token

    plain, hashed = new_token()
    with SqliteStore(access.db) as store:
        store.add_token(ApiToken(id="tok-alt", email=EMAILS["coord_b"], name="alt", token_hash=hashed))
        store.revoke_token("tok-alt")
    answers = []
    for i in range(TOKEN_FAILURES):  # from ever new addresses: the account's count stops it
        elsewhere = TestClient(client.app, client=(f"198.51.100.{i}", 50000))
        answers.append(elsewhere.get("/api/stats", headers={"Authorization": f"Bearer {plain}"}))
    assert [a.status_code for a in answers[:-1]] == [401] * (TOKEN_FAILURES - 1)
    assert answers[-1].status_code == 429 and "für dieses Konto" in answers[-1].text
    assert "Retry-After" in answers[-1].headers


def test_a_token_records_its_last_use(access: Access, client: TestClient) -> None:
    with SqliteStore(access.db) as store:
        assert store.token_by_hash(_hash(access.tokens["coord_b"])).last_used is None
    client.get("/api/stats", headers={"Authorization": f"Bearer {access.tokens['coord_b']}"})
    with SqliteStore(access.db) as store:
        assert store.token_by_hash(_hash(access.tokens["coord_b"])).last_used is not None


def test_the_bootstrap_token_is_an_admin(access: Access, client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUENDNISATLAS_API_TOKEN", "einrichtung-2026-geheim")
    auth = {"Authorization": "Bearer einrichtung-2026-geheim"}
    read = client.get("/api/actors/harz-berta", headers=auth)
    assert read.status_code == 200
    changed = client.patch(
        "/api/actors/harz-berta", json={"note": "x"}, headers=auth | {"If-Match": read.headers["ETag"]}
    )
    assert changed.status_code == 200
    with SqliteStore(access.db) as store:
        assert store.history("harz-berta")[-1].who == "api:bootstrap-token"


def test_changes_are_recorded_as_the_token_owner(access: Access, client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {access.tokens['coord_b']}"}
    tag = current_version(access, client, "/api/actors/harz-verein")
    assert client.patch("/api/actors/harz-verein", json={"note": "neu"}, headers=auth | tag).status_code == 200
    with SqliteStore(access.db) as store:
        last = store.history("harz-verein")[-1]
    assert last.who == EMAILS["coord_b"] and last.after is not None and last.after["note"] == "neu"


def _hash(plain: str) -> str:
    from buendnisatlas.graph.credentials import token_hash

    return token_hash(plain)


# -- pages -----------------------------------------------------------------------------


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    page = client.get("/anmelden")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf, page.text
    return client.post(
        "/anmelden",
        data={"email": email, "password": password, "csrf": csrf.group(1)},
        follow_redirects=False,
    )


PAGE_ROLES = ["admin", "coord_a", "coord_b", "member_a", "public", "wrong_token", "expired_session"]


@pytest.mark.parametrize("role", PAGE_ROLES)
def test_pages(access: Access, role: str) -> None:
    seconds = 1 if role == "expired_session" else 3600
    with TestClient(create_app(f"sqlite:///{access.db}", session_seconds=seconds)) as client:
        extra = {}
        if role in EMAILS or role == "expired_session":
            email = EMAILS.get(role, EMAILS["coord_a"])
            response = sign_in(client, email)
            assert response.status_code == 303 and response.headers["location"] == "/"
            assert email in client.get("/").text
            if role == "expired_session":
                time.sleep(2.1)
        if role == "wrong_token":  # pages go by the session cookie; a header makes nobody signed in
            extra = {"Authorization": "Bearer ba_falsch"}
        signed_in = role in EMAILS
        start = client.get("/", headers=extra)
        assert start.status_code == 200
        assert ("Abmelden" in start.text) == signed_in and ('href="/anmelden"' in start.text) != signed_in
        beratung = client.get("/beratung", params={"thema": "Rechtsextremismus", "ort": "Sangerhausen"}, headers=extra)
        assert beratung.status_code == 200 and "Beratung finden" in beratung.text
        assert client.get("/anmelden", headers=extra).status_code == 200
        if signed_in:
            csrf = re.search(r'name="csrf" value="([^"]+)"', start.text)
            assert csrf
            assert client.post("/abmelden", data={"csrf": "falsch"}, follow_redirects=False).status_code == 400
            assert "Abmelden" in client.get("/").text, "a forged sign-out does nothing"
            out = client.post("/abmelden", data={"csrf": csrf.group(1)}, follow_redirects=False)
            assert out.status_code == 303 and "Abmelden" not in client.get("/").text


# Every page (GET, outside /api) with who may open it: "all", "signed_in", "editor", "admin",
# "coord_a" (alliance A's analyses and changing its elements: its coordinator and admins; B's
# coordinator learns nothing (404), A's member is told they are for coordinators (403)).
# A new page needs a row here — test_every_page_has_a_row fails otherwise. Paths with
# parameters name an element of the other alliance or a hidden one where that matters.
PAGES: dict[str, str] = {
    "/": "all",
    "/beratung": "all",
    "/anmelden": "all",
    "/karte": "all",  # the public gets the public map
    "/karte/ansicht": "all",
    "/karte/datei/svg": "all",
    "/beratungsangebote": "editor",  # who may change an entry, the page and the service layer say
    "/konto": "signed_in",
    "/import": "editor",
    "/import/stand": "editor",
    "/import/stand.json": "editor",
    "/import/vorlage/elemente.csv": "editor",
    "/luecken": "signed_in",
    "/aenderungen": "signed_in",
    "/vergleich": "signed_in",
    "/luecken?buendnis=pfd-msh": "coord_a",
    "/aenderungen?buendnis=pfd-msh&von=2025-01-01": "coord_a",
    "/vergleich/kennzahlen?buendnis=pfd-msh": "coord_a",
    "/uebersicht": "signed_in",
    "/elemente": "signed_in",
    "/elemente/lk-msh-jugendamt": "signed_in",
    "/elemente/neu/actor": "editor",
    "/elemente/lk-msh-jugendamt/bearbeiten": "coord_a",
}
SKIPPED_PAGE_PATHS = {"/static", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"}


def test_every_page_has_a_row(tmp_path: Path) -> None:
    from fastapi.routing import APIRoute

    # The page routers themselves: FastAPI ≥ 0.16x wraps included routers, so app.routes lists no APIRoute.
    from buendnisatlas.api.web.routes import ROUTERS

    paths = {
        route.path
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute) and "GET" in (route.methods or ()) and not route.path.startswith("/api")
    }
    assert "/beratung" in paths  # the table is checked against the real pages, not an empty set
    rows = {path.split("?")[0] for path in PAGES}
    # A route with parameters is covered by a row naming a value for each ("/import/vorlage/elemente.csv").
    missing = {
        p
        for p in paths - SKIPPED_PAGE_PATHS
        if not any(re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", p), r) for r in rows)
    }
    assert not missing, f"pages without a row in PAGES: {sorted(missing)}"


def expected_page(role: str, audience: str) -> int:
    signed_in = role in EMAILS
    if audience == "all":
        return 200
    if not signed_in:
        return 303  # to the sign-in page, and back after it
    if audience == "signed_in":
        return 200
    if audience == "editor":
        return 200 if role in ("admin", "coord_a", "coord_b") else 403
    if audience == "coord_a":
        return {"admin": 200, "coord_a": 200, "coord_b": 404}.get(role, 403)
    return 200 if role == "admin" else 403


@pytest.mark.parametrize("role", PAGE_ROLES)
def test_page_table(access: Access, role: str) -> None:
    seconds = 1 if role == "expired_session" else 3600
    with TestClient(create_app(f"sqlite:///{access.db}", session_seconds=seconds)) as client:
        if role in EMAILS or role == "expired_session":
            assert sign_in(client, EMAILS.get(role, EMAILS["coord_a"])).status_code == 303
            if role == "expired_session":
                time.sleep(1.1)
        extra = {"Authorization": "Bearer ba_falsch"} if role == "wrong_token" else {}
        for path, audience in PAGES.items():
            answer = client.get(path, headers=extra, follow_redirects=False)
            assert answer.status_code == expected_page(role, audience), (path, role, answer.text[:300])
            if answer.status_code == 303:
                assert answer.headers["location"].startswith("/anmelden?weiter=")
            if answer.status_code == 403:
                assert "Keine Berechtigung" in answer.text

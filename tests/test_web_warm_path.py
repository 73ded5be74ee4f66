"""The referral page's warm path: signed-in users see who in their network already knows a service."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from .accessdata import EMAILS, PASSWORD
from .test_authorization import sign_in

QUERY = {"thema": "right_wing_extremism", "ort": "Sangerhausen"}
OPERATOR = "Demokratiewerk Mitteldeutschland e.V. – Regionalbüro Mansfeld-Südharz"


def warm_paths(text: str) -> list[str]:
    return re.findall(
        r'<div class="warm-path">\s*<div><strong>Wer kennt das Angebot schon\?</strong> ([^<]+)</div>', text
    )


def test_a_coordinator_sees_the_warm_path_from_the_own_alliance(client: TestClient) -> None:
    assert sign_in(client, EMAILS["coord_a"], PASSWORD).status_code == 303
    page = client.get("/beratung", params=QUERY)
    assert page.status_code == 200
    assert 'value="Partnerschaft für Demokratie Mansfeld-Südharz"' in page.text  # the origin, by default
    paths = warm_paths(page.text)
    assert f"{OPERATOR} in Ihrem Bündnis ist Träger des Angebots." in paths
    # the path picture: each tie with its German label
    assert '<span class="path-tie">bietet an</span>' in page.text
    without = client.get("/beratung", params={**QUERY, "von": ""})
    assert warm_paths(without.text) == [] and "Mobile Beratung" in without.text
    from_actor = client.get("/beratung", params={**QUERY, "von": "lk-msh-jugendamt"})
    assert from_actor.status_code == 200 and warm_paths(from_actor.text)


def test_a_hidden_origin_is_answered_like_a_missing_one(client: TestClient) -> None:
    assert sign_in(client, EMAILS["coord_a"], PASSWORD).status_code == 303
    hidden = client.get("/beratung", params={**QUERY, "von": "harz-verein"})  # B's network actor
    missing = client.get("/beratung", params={**QUERY, "von": "gibt-es-nicht"})
    assert hidden.status_code == missing.status_code == 404
    error = re.compile(r'<p class="field__error" id="fehler-von">([^<]+)</p>')
    found = [error.search(p.text) for p in (hidden, missing)]
    assert found[0] and found[1]
    assert found[0].group(1).replace("harz-verein", "?") == found[1].group(1).replace("gibt-es-nicht", "?")
    assert "Bürgerverein Vorharz Intern" not in hidden.text


def test_the_public_gets_no_warm_path(client: TestClient) -> None:
    page = client.get("/beratung", params={**QUERY, "von": "pfd-msh"})
    assert page.status_code == 200 and "Mobile Beratung" in page.text
    assert 'name="von"' not in page.text and warm_paths(page.text) == []

"""The map page: options as in the CLI, the frame, downloads; the public map shows nothing non-public."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from buendnisatlas.api.rest import create_app
from buendnisatlas.graph.sqlite_store import SqliteStore

from .accessdata import EMAILS, PASSWORD, A, Access, B
from .test_authorization import sign_in
from .test_leaks import hidden_from, spellings

NETWORK_ACTOR = "Afrikanisches Frauennetzwerk Eisleben"  # A's, marked network
PUBLIC_ACTOR = "Landkreis Mansfeld-Südharz – Jugendamt"


@pytest.fixture
def public(access: Access) -> Iterator[TestClient]:
    with TestClient(create_app(f"sqlite:///{access.db}")) as client:
        yield client


@pytest.fixture
def coordinator(access: Access) -> Iterator[TestClient]:
    with TestClient(create_app(f"sqlite:///{access.db}")) as client:
        assert sign_in(client, EMAILS["coord_a"], PASSWORD).status_code == 303
        yield client


def leaks(texts: list[str], db: Path) -> set[str]:
    """Names and ids of elements the public may not see that appear in ``texts``."""
    whole = "\n".join(texts)
    with SqliteStore(db) as store:
        hidden = hidden_from("public", store)
    assert len(hidden) > 20
    found = set()
    for node in hidden:
        if re.search(rf"(?<![\w.:-]){re.escape(node.id)}(?![\w.:-])", whole):
            found.add(node.id)
        if any(s in whole for s in spellings(node.name)):
            found.add(node.name)
    return found


def test_the_public_map_shows_no_person_and_nothing_non_public(public: TestClient, access: Access) -> None:
    texts = []
    for params in ({}, {"buendnis": A}, {"buendnis": A, "oeffentlich": "0"}, {"buendnis": A, "farbe": "community"}):
        page = public.get("/karte", params=params)
        assert page.status_code == 200, page.text
        texts.append(page.text)
        frame = public.get("/karte/ansicht", params=params)
        assert frame.status_code == 200
        texts.append(frame.text)
    for fmt in ("html", "svg"):
        texts.append(public.get(f"/karte/datei/{fmt}", params={"buendnis": A}).text)
    assert PUBLIC_ACTOR in texts[3] and "öffentliche Karte" in texts[3]  # the frame of A's map
    assert leaks(texts, access.db) == set()


def test_the_public_asking_for_a_hidden_alliance_or_ego_learns_nothing(public: TestClient) -> None:
    hidden = public.get("/karte", params={"buendnis": B})
    missing = public.get("/karte", params={"buendnis": "gibt-es-nicht"})
    assert hidden.status_code == missing.status_code == 404
    assert hidden.text.replace(B, "?") == missing.text.replace("gibt-es-nicht", "?")
    for path in ("/karte/ansicht", "/karte/datei/svg"):
        ego = public.get(path, params={"buendnis": A, "ego": "person-amira-haddad"})
        assert ego.status_code == 404 and "Amira" not in ego.text
    # the alliance picker lists only what the public may see
    assert "Harzvorland" not in public.get("/karte").text


def test_a_coordinator_sees_the_internal_map_and_can_preview_the_public_one(coordinator: TestClient) -> None:
    internal = coordinator.get("/karte/ansicht", params={"buendnis": A})
    assert any(s in internal.text for s in spellings(NETWORK_ACTOR))
    assert "interne Karte" in internal.text
    page = coordinator.get("/karte", params={"buendnis": A})
    assert "Interne Karte" in page.text and 'name="oeffentlich"' in page.text
    preview = coordinator.get("/karte/ansicht", params={"buendnis": A, "oeffentlich": "1"})
    assert not any(s in preview.text for s in spellings(NETWORK_ACTOR))
    assert "öffentliche Karte" in preview.text


def test_the_options_reach_the_map(coordinator: TestClient) -> None:
    page = coordinator.get("/karte", params={"buendnis": A, "praesentation": "1", "stand": "2024-06-30"})
    frame_src = re.search(r'<iframe[^>]*src="([^"]+)"', page.text)
    assert frame_src
    frame = coordinator.get(frame_src.group(1).replace("&amp;", "&"))
    assert 'class="ba-presentation' in frame.text and "Stand 30.06.2024" in frame.text
    # the projector button switches the frame to the projector look
    beamer = re.search(r'data-beamer-src="([^"]+)"', coordinator.get("/karte", params={"buendnis": A}).text)
    assert beamer and "praesentation=1" in beamer.group(1)
    whole = coordinator.get("/karte", params={"buendnis": A})
    ego = coordinator.get("/karte", params={"buendnis": A, "ego": "lk-msh-jugendamt", "tiefe": "1"})
    counts = [int(re.search(r"(\d+) Elemente", p.text).group(1)) for p in (whole, ego)]  # type: ignore[union-attr]
    assert 1 < counts[1] < counts[0]
    assert "Umfeld von" in ego.text
    grouped = coordinator.get("/karte/ansicht", params={"buendnis": A, "gruppe": "sector"})
    assert "ba-grouped" in grouped.text


def test_wrong_options_are_named_next_to_their_field(coordinator: TestClient) -> None:
    answer = coordinator.get("/karte", params={"buendnis": A, "farbe": "lila", "tiefe": "9", "stand": "gestern"})
    assert answer.status_code == 400
    errors = dict(re.findall(r'<p class="field__error" id="fehler-(\w+)">([^<]+)</p>', answer.text))
    assert set(errors) == {"farbe", "tiefe", "stand"}
    assert "lila" in errors["farbe"] and "1 bis 6" in errors["tiefe"] and "kein gültiges Datum" in errors["stand"]
    assert "<iframe" not in answer.text
    ego = coordinator.get("/karte", params={"buendnis": A, "ego": "Niemand Bekanntes"})
    assert ego.status_code == 404 and 'id="fehler-ego"' in ego.text
    assert coordinator.get("/karte/ansicht", params={"farbe": "lila"}).status_code == 400
    assert "Traceback" not in answer.text


def test_downloads_are_files_to_keep(coordinator: TestClient) -> None:
    html = coordinator.get("/karte/datei/html", params={"buendnis": A})
    assert html.headers["content-disposition"] == f'attachment; filename="buendnisatlas-karte-{A}.html"'
    assert "<script" in html.text and "http://" not in re.sub(r'xmlns[^"]*"[^"]*"', "", html.text).split("<body")[0]
    png = coordinator.get("/karte/datei/png", params={"buendnis": A, "oeffentlich": "1"})
    assert png.content.startswith(b"\x89PNG") and png.headers["content-type"] == "image/png"
    assert png.headers["content-disposition"].endswith('-oeffentlich.png"')
    svg = coordinator.get("/karte/datei/svg", params={"buendnis": A})
    assert svg.headers["content-type"].startswith("image/svg+xml") and "<svg" in svg.text
    assert "Netzwerk" in svg.text
    assert coordinator.get("/karte/datei/exe").status_code == 404

"""Element pages: list with filters and paging, detail, create, relations, history; the alliance overview."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from buendnisatlas.api.rest import create_app
from buendnisatlas.graph.sqlite_store import SqliteStore

from .accessdata import EMAILS, Access
from .test_authorization import sign_in


def as_role(client: TestClient, role: str) -> str:
    """Sign in; the session's CSRF token."""
    assert sign_in(client, EMAILS[role]).status_code == 303
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/konto").text)
    assert found
    return found.group(1)


def names_listed(html: str) -> list[str]:
    return re.findall(r'<td><a href="/elemente/[^"]+">([^<]+)</a></td>', html)


# -- list ------------------------------------------------------------------------------


def test_the_list_filters_pages_and_shows_only_what_the_viewer_may_see(client: TestClient) -> None:
    as_role(client, "coord_a")
    first = client.get("/elemente")
    assert first.status_code == 200 and "Elemente" in first.text
    total = int(re.search(r"<caption>([\d.]+) Elemente</caption>", first.text).group(1).replace(".", ""))  # type: ignore[union-attr]
    assert total > 50 and len(names_listed(first.text)) == 50  # one page of 50
    assert "Schutzraum Vorharz" not in first.text  # B's confidential actor
    second = client.get("/elemente", params={"seite": "2"})
    assert set(names_listed(second.text)).isdisjoint(names_listed(first.text))
    assert 'aria-current="page">2<' in second.text and 'rel="prev"' in second.text
    beyond = client.get("/elemente", params={"seite": "999"})
    assert beyond.status_code == 200 and names_listed(beyond.text)  # the last page
    youth = client.get("/elemente", params={"art": "actor", "sektor": "youth"})
    assert names_listed(youth.text) and "Jugend" in youth.text
    assert all(cell == "Jugend" for cell in re.findall(r"<td>(Jugend|Verwaltung|Kultur)</td>", youth.text))
    search = client.get("/elemente", params={"suche": "jugendamt"})
    assert names_listed(search.text) == ["Landkreis Mansfeld-Südharz – Jugendamt"]
    # the filters stay in the paging links
    many = client.get("/elemente", params={"art": "actor"})
    assert "art=actor&amp;seite=2" in many.text
    nothing = client.get("/elemente", params={"suche": "gibt-es-nirgends"})
    assert "Keine Elemente gefunden" in nothing.text and "Filter lockern" in nothing.text
    bad_page = client.get("/elemente", params={"seite": "abc"})
    assert bad_page.status_code == 200  # read as the first page


def test_the_list_is_for_signed_in_accounts(client: TestClient) -> None:
    answer = client.get("/elemente", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/anmelden")


def test_members_see_no_create_buttons(client: TestClient) -> None:
    as_role(client, "member_a")
    page = client.get("/elemente").text
    assert "anlegen</a>" not in page
    assert client.get("/elemente/neu/actor").status_code == 403


# -- detail ----------------------------------------------------------------------------


def test_detail_shows_all_fields_in_german_and_relations(client: TestClient) -> None:
    as_role(client, "member_a")
    page = client.get("/elemente/lk-msh-jugendamt")
    assert page.status_code == 200
    for label in ("Sichtbarkeit", "Sektor", "Gemeinde (AGS)", "Themen", "Kontakt", "Untertyp"):
        assert f"<dt>{label}</dt>" in page.text
    assert "<dd>Verwaltung</dd>" in page.text and "<dd>Demokratiebildung, Partizipation</dd>" in page.text
    assert "Beziehungen" in page.text and "Partnerschaft für Demokratie Mansfeld-Südharz" in page.text
    assert "Beenden" not in page.text and "Verlauf" not in page.text  # a member changes nothing
    # what the viewer may not see is a 404, exactly like a missing one
    hidden = client.get("/elemente/harz-geheim")
    missing = client.get("/elemente/gibt-es-nicht")
    assert hidden.status_code == missing.status_code == 404
    assert "Seite nicht gefunden" in hidden.text and "Schutzraum" not in hidden.text


# -- create ----------------------------------------------------------------------------


def test_creating_an_actor_with_german_validation(client: TestClient, access: Access) -> None:
    csrf = as_role(client, "coord_a")
    form = client.get("/elemente/neu/actor")
    assert form.status_code == 200
    assert '<label for="feld-name">Name' in form.text and '<label for="feld-sector">Sektor' in form.text
    bad = {"csrf": csrf, "name": "", "ags": "12", "budget": "", "consent_given_at": "31.13.2025", "allianz": "pfd-msh"}
    refused = client.post("/elemente/neu/actor", data=bad)
    assert refused.status_code == 422
    assert "Bitte prüfen Sie Ihre Eingaben" in refused.text
    assert re.search(r'id="fehler-name">Bitte ausfüllen\.', refused.text)
    assert re.search(r'id="fehler-ags">„12“ ist kein 8-stelliger Gemeindeschlüssel', refused.text)
    assert re.search(r'id="fehler-consent_given_at">Bitte ein gültiges Datum angeben', refused.text)
    assert 'value="12"' in refused.text  # what was typed stays
    assert "Input should" not in refused.text and "String should" not in refused.text
    forged = client.post("/elemente/neu/actor", data={**bad, "csrf": "falsch", "name": "Neu"})
    assert forged.status_code == 400 and "abgelaufen" in forged.text
    good = {
        "csrf": csrf,
        "name": "Jugendclub <Eisleben>",
        "sector": "youth",
        "ags": "15087130",
        "topics": ["participation", "racism"],
        "visibility": "network",
        "allianz": "pfd-msh",
    }
    created = client.post("/elemente/neu/actor", data=good, follow_redirects=False)
    assert created.status_code == 303
    location = created.headers["location"]
    assert location.startswith("/elemente/jugendclub-eisleben")
    detail = client.get(location).text
    assert "Das Element ist angelegt" in detail and "Jugendclub &lt;Eisleben&gt;" in detail
    assert "<dd>Partizipation, Rassismus</dd>" in detail
    assert "Mitglied" in detail and "Partnerschaft für Demokratie Mansfeld-Südharz" in detail  # joined
    with SqliteStore(access.db) as store:
        history = store.history("jugendclub-eisleben")
        assert history and history[0].who == EMAILS["coord_a"]
    again = client.post("/elemente/neu/actor", data=good, follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] != location  # a fresh id, not an overwrite


def test_a_coordinator_cannot_create_into_another_alliance(client: TestClient) -> None:
    csrf = as_role(client, "coord_a")
    refused = client.post("/elemente/neu/actor", data={"csrf": csrf, "name": "Fremd", "allianz": "pfd-harz"})
    assert refused.status_code == 422 and "pfd-harz" in refused.text
    assert client.get("/elemente/neu/alliance").status_code == 404  # only admins make alliances


# -- relations and history ---------------------------------------------------------------


def test_adding_ending_and_removing_a_relation(client: TestClient, access: Access) -> None:
    csrf = as_role(client, "coord_a")
    url = "/elemente/lk-msh-jugendamt/beziehungen"
    wrong = client.post(url, data={"csrf": csrf, "typ": "MEMBER_OF", "anderes": "Gibt es nicht"})
    assert wrong.status_code == 422 and re.search(r'id="fehler-anderes">[^<]*Gibt es nicht', wrong.text)
    unfit = client.post(url, data={"csrf": csrf, "typ": "LEADS", "anderes": "ak-schule-und-demokratie"})
    assert unfit.status_code == 422 and "Projekt" in unfit.text  # LEADS points to projects
    forged = client.post(url, data={"csrf": "x", "typ": "COOPERATES_WITH", "anderes": "harz-heimat"})
    assert forged.status_code == 400
    added = client.post(
        url,
        data={
            "csrf": csrf,
            "typ": "COOPERATES_WITH",
            "richtung": "aus",
            "anderes": "Heimatbund Vorharz",
            "seit": "2026-01-01",
        },
    )
    assert added.status_code == 200 and "Die Beziehung ist angelegt" in added.text
    key = "lk-msh-jugendamt|COOPERATES_WITH|harz-heimat|2026-01-01"
    assert key in added.text
    version = re.search(re.escape(key) + r'">\s*<input type="hidden" name="version" value="(\d+)"', added.text)
    assert version
    stale = client.post(url + "/beenden", data={"csrf": csrf, "schluessel": key, "bis": "2026-06-30", "version": "99"})
    assert stale.status_code == 409 and "inzwischen" in stale.text
    ended = client.post(
        url + "/beenden", data={"csrf": csrf, "schluessel": key, "bis": "2026-06-30", "version": version.group(1)}
    )
    assert ended.status_code == 200 and "Die Beziehung ist beendet" in ended.text and "30.06.2026" in ended.text
    with SqliteStore(access.db) as store:
        assert str(store.get_relation(key).until) == "2026-06-30"
    version = re.search(re.escape(key) + r'">\s*<input type="hidden" name="version" value="(\d+)"', ended.text)
    assert version
    removed = client.post(url + "/entfernen", data={"csrf": csrf, "schluessel": key, "version": version.group(1)})
    assert removed.status_code == 200 and "Die Beziehung ist entfernt" in removed.text and key not in removed.text
    # coordinator B may not touch A's element's relations
    with TestClient(create_app(f"sqlite:///{access.db}")) as other:
        other_csrf = as_role(other, "coord_b")
        refused = other.post(url, data={"csrf": other_csrf, "typ": "COOPERATES_WITH", "anderes": "harz-heimat"})
        assert refused.status_code == 404


def test_history_and_restoring_an_earlier_state(client: TestClient, access: Access) -> None:
    csrf = as_role(client, "coord_a")
    with SqliteStore(access.db) as store, store.acting_as("kollegin@pfd-msh.example.org"):
        store.update_node("lk-msh-jugendamt", contact="neu@lk-msh.example")
    page = client.get("/elemente/lk-msh-jugendamt").text
    assert "Verlauf" in page and "kollegin@pfd-msh.example.org" in page
    assert "jugendamt@lk-msh.example" in page and "neu@lk-msh.example" in page  # before and after
    stands = re.findall(r'name="stand" value="(\d+)"', page)
    assert stands  # the earlier states, not the newest one
    version = re.search(r'name="stand" value="\d+">\s*<input type="hidden" name="version" value="(\d+)"', page)
    assert version
    restored = client.post(
        "/elemente/lk-msh-jugendamt/wiederherstellen",
        data={"csrf": csrf, "stand": stands[-1], "version": version.group(1)},
    )
    assert restored.status_code == 200 and "Der frühere Stand ist wiederhergestellt" in restored.text
    with SqliteStore(access.db) as store:
        assert store.get_node("lk-msh-jugendamt").contact == "jugendamt@lk-msh.example"
        assert store.history("lk-msh-jugendamt")[-1].who == EMAILS["coord_a"]
    forged = client.post("/elemente/lk-msh-jugendamt/wiederherstellen", data={"csrf": "x", "stand": stands[-1]})
    assert forged.status_code == 400
    stale = client.post(  # the page's version is old now: refused, nothing restored
        "/elemente/lk-msh-jugendamt/wiederherstellen",
        data={"csrf": csrf, "stand": stands[0], "version": version.group(1)},
    )
    assert stale.status_code == 409 and "inzwischen" in stale.text


# -- overview --------------------------------------------------------------------------


def test_the_overview_of_the_own_alliance(client: TestClient) -> None:
    as_role(client, "coord_a")
    page = client.get("/uebersicht")
    assert page.status_code == 200
    assert "Partnerschaft für Demokratie Mansfeld-Südharz" in page.text
    assert "Mitglieder nach Sektor" in page.text and "Zivilgesellschaft" in page.text
    assert re.search(r'<span class="bar" aria-hidden="true"><span style="width: 100%">', page.text)
    assert "Offene Lücken" in page.text and 'href="/luecken?buendnis=pfd-msh"' in page.text
    assert re.search(r'badge--high">hoch</span> <strong>\d+</strong>', page.text)
    assert "Demokratiekonferenz Mansfeld-Südharz" in page.text and "Zuletzt geändert" in page.text
    assert client.get("/uebersicht", params={"buendnis": "pfd-harz"}).status_code == 404  # not theirs, hidden


def test_members_see_the_overview_without_gap_counts(client: TestClient) -> None:
    as_role(client, "member_a")
    page = client.get("/uebersicht").text
    assert "Mitglieder nach Sektor" in page and "sehen die Koordinator:innen" in page
    assert "/luecken?" not in page


def test_admins_pick_an_alliance(client: TestClient) -> None:
    as_role(client, "admin")
    page = client.get("/uebersicht").text
    assert "Bitte wählen Sie ein Bündnis" in page and '<option value="pfd-harz"' in page
    chosen = client.get("/uebersicht", params={"buendnis": "pfd-harz"}).text
    assert "Partnerschaft für Demokratie Harzvorland" in chosen and "Mitglieder nach Sektor" in chosen


# -- edit and concurrency ----------------------------------------------------------------


def version_in(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found, html
    return found.group(1)


def test_editing_shows_german_errors_and_saves_only_what_changed(client: TestClient, access: Access) -> None:
    csrf = as_role(client, "coord_a")
    form = client.get("/elemente/lk-msh-jugendamt/bearbeiten")
    assert form.status_code == 200 and 'value="jugendamt@lk-msh.example"' in form.text
    version = version_in(form.text)
    base = {
        "csrf": csrf,
        "version": version,
        "name": "Landkreis Mansfeld-Südharz – Jugendamt",
        "visibility": "public",
        "form": "organisation",
        "sector": "administration",
        "ags": "15087370",
        "topics": ["democracy_education", "participation"],
        "contact": "jugendamt@lk-msh.example",
        "subtype": "Behörde",
        "note": "Federführendes Amt der Partnerschaft.",
    }
    bad = client.post("/elemente/lk-msh-jugendamt/bearbeiten", data={**base, "name": "", "ags": "1508737"})
    assert bad.status_code == 422
    assert re.search(r'id="fehler-name">Bitte ausfüllen\.', bad.text)
    assert re.search(r'id="fehler-ags">[^<]*8-stelliger Gemeindeschlüssel', bad.text)
    forged = client.post("/elemente/lk-msh-jugendamt/bearbeiten", data={**base, "csrf": "falsch"})
    assert forged.status_code == 400
    saved = client.post("/elemente/lk-msh-jugendamt/bearbeiten", data={**base, "contact": "team@lk-msh.example"})
    assert saved.status_code == 200 and "Die Änderungen sind gespeichert" in saved.text
    with SqliteStore(access.db) as store:
        entry = store.history("lk-msh-jugendamt")[-1]
        assert entry.who == EMAILS["coord_a"] and set(entry.changes()) == {"contact"} | (
            {"version"} if "version" in entry.changes() else set()
        )
    assert client.get("/elemente/lk-msh-jugendamt/bearbeiten").status_code == 200
    with TestClient(create_app(f"sqlite:///{access.db}")) as other:
        as_role(other, "coord_b")
        assert other.get("/elemente/lk-msh-jugendamt/bearbeiten").status_code == 404
        as_role(other, "member_a")
        assert other.get("/elemente/lk-msh-jugendamt/bearbeiten").status_code == 403


def test_two_tabs_the_second_save_is_refused_with_both_versions(client: TestClient, access: Access) -> None:
    csrf = as_role(client, "coord_a")
    tab1 = client.get("/elemente/jugendnetzwerk-mansfelder-land/bearbeiten")
    tab2 = client.get("/elemente/jugendnetzwerk-mansfelder-land/bearbeiten")
    assert tab1.status_code == tab2.status_code == 200
    version = version_in(tab1.text)
    assert version == version_in(tab2.text)
    with SqliteStore(access.db) as store:
        node = store.get_node("jugendnetzwerk-mansfelder-land")
    fields = {
        "csrf": csrf,
        "version": version,
        "name": node.name,
        "visibility": node.visibility.value,
        "form": node.form.value,
        "sector": node.sector or "",
        "ags": node.ags or "",
        "topics": list(reversed(node.topics)),  # as the checkboxes send them: in their own order
        "contact": node.contact or "",
        "note": node.note or "",
    }
    first = client.post(
        "/elemente/jugendnetzwerk-mansfelder-land/bearbeiten", data={**fields, "contact": "erste@tab.example"}
    )
    assert first.status_code == 200 and "gespeichert" in first.text
    second = client.post(
        "/elemente/jugendnetzwerk-mansfelder-land/bearbeiten", data={**fields, "contact": "zweite@tab.example"}
    )
    assert second.status_code == 409
    assert "inzwischen" in second.text and "Nichts wurde gespeichert" in second.text
    assert "Ihre Fassung" in second.text and "Gespeicherte Fassung" in second.text
    assert "erste@tab.example" in second.text and "zweite@tab.example" in second.text  # both shown
    assert second.text.count('badge--medium">abweichend<') == 1  # the contact only; topic order does not count
    with SqliteStore(access.db) as store:
        assert store.get_node("jugendnetzwerk-mansfelder-land").contact == "erste@tab.example"  # not overwritten
    # saving again is a decision made with both in view: the form now carries the stored version
    newer = version_in(second.text)
    assert int(newer) > int(version)
    third = client.post(
        "/elemente/jugendnetzwerk-mansfelder-land/bearbeiten",
        data={**fields, "version": newer, "contact": "zweite@tab.example"},
    )
    assert third.status_code == 200 and "gespeichert" in third.text
    with SqliteStore(access.db) as store:
        assert store.get_node("jugendnetzwerk-mansfelder-land").contact == "zweite@tab.example"

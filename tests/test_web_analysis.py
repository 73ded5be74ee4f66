"""The analysis pages: import (upload, report, confirm, progress), gap report, diff, comparison.

Real SQLite files (the demo plus alliance B, tests/accessdata.py) and the real app through
TestClient, signed in through the sign-in page as each role.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient

from buendnisatlas.api.limits import Limits
from buendnisatlas.demo import DEMO_DIR
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.store import NotFound

from .accessdata import EMAILS, Access
from .test_authorization import sign_in


def as_role(client: TestClient, role: str) -> TestClient:
    assert sign_in(client, EMAILS[role]).status_code == 303
    return client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


def stored(access: Access) -> tuple[dict[str, int], int]:
    """What the store holds: counts of elements by kind and of relations."""
    with SqliteStore(access.db) as store:
        stats = store.stats()
        return dict(stats.nodes_by_kind), sum(stats.relations_by_type.values())


def upload(client: TestClient, files: dict[str, str | bytes], **fields: str) -> Any:
    csrf = csrf_of(client.get("/import").text)
    parts = [
        ("dateien", (name, body.encode("utf-8") if isinstance(body, str) else body)) for name, body in files.items()
    ]
    return client.post("/import", data={"csrf": csrf, **fields}, files=parts)


ELEMENTS_HEADER = "id;name;typ;sektor;gemeinde\n"
NEW_ELEMENTS = (
    ELEMENTS_HEADER + "verein-neu-rossla;Neuer Sportverein Roßla e. V.;Organisation;Sport;Südharz\n"
    "initiative-neu-kelbra;Initiative Neues Kelbra;Organisation;Zivilgesellschaft;15087250\n"
)
NEW_RELATIONS = (
    "von;nach;typ\nverein-neu-rossla;pfd-msh;MEMBER_OF\ninitiative-neu-kelbra;pfd-msh;MEMBER_OF\n"
    "verein-neu-rossla;initiative-neu-kelbra;COOPERATES_WITH\n"
)


def rows_of(html: str, table_class: str) -> list[list[str]]:
    """The body rows of the report table with this class, as cell texts."""
    table = re.search(rf'<table class="data {table_class}">(.*?)</table>', html, re.S)
    assert table, html[:2000]
    body = table.group(1).split("<tbody>", 1)[1]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def assert_labelled(html: str) -> None:
    """Ids are unique on the page, and every visible field has a label (its own, or one around it)."""
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    without_label = re.sub(r"<label\b.*?</label>", "", html, flags=re.S)
    for field in re.findall(r"<(?:input|select|textarea)\b[^>]*>", without_label):
        if 'type="hidden"' in field:
            continue
        found = re.search(r'\bid="([^"]+)"', field)
        assert found and found.group(1) in labelled, field


def wait_for_import(client: TestClient) -> dict[str, Any]:
    for _ in range(300):
        status = client.get("/import/stand.json").json()
        if status["state"] not in ("checked", "running"):
            return dict(status)
        time.sleep(0.1)
    raise AssertionError("the import did not finish")


# -- import ----------------------------------------------------------------------------


def test_the_import_page_offers_the_demo_files_as_templates(client: TestClient) -> None:
    client = as_role(client, "coord_a")
    page = client.get("/import")
    assert page.status_code == 200 and "Daten importieren" in page.text
    assert '<label for="dateien">' in page.text and 'enctype="multipart/form-data"' in page.text
    assert_labelled(page.text)
    for name in ("elemente.csv", "beziehungen.csv"):
        assert f'href="/import/vorlage/{name}"' in page.text
        download = client.get(f"/import/vorlage/{name}")
        assert download.content == (DEMO_DIR / name).read_bytes()
        assert f'filename="{name}"' in download.headers["content-disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/import/vorlage/vorlage.xlsx").content))
    assert workbook.sheetnames == ["Elemente", "Beziehungen"]
    demo_rows = (DEMO_DIR / "elemente.csv").read_text(encoding="utf-8-sig").strip().count("\n")
    assert workbook["Elemente"].max_row - 1 == demo_rows
    missing = client.get("/import/vorlage/passwoerter.txt")
    assert missing.status_code == 404 and "Keine Vorlage" in missing.text


def test_a_faulty_upload_is_reported_by_file_row_and_column_and_nothing_is_written(
    access: Access, client: TestClient
) -> None:
    client = as_role(client, "admin")
    before = stored(access)
    bad = NEW_ELEMENTS + "kaputt-1;Verein mit falschem Sektor;Organisation;Raumfahrt;Südharz\n"
    answer = upload(client, {"elemente.csv": bad, "beziehungen.csv": NEW_RELATIONS})
    assert answer.status_code == 422
    assert "Es wurde nichts gespeichert" in answer.text
    rows = rows_of(answer.text, "problems")
    assert rows[0][:4] == ["elemente.csv", "4", "sektor", "Raumfahrt"], rows
    assert "unbekannter Wert" in rows[0][4]
    assert "/tmp" not in answer.text and "buendnisatlas-import-" not in answer.text  # our folder stays ours
    assert stored(access) == before
    # a report is no confirmation: nothing waits to be imported
    assert client.get("/import/stand.json").json()["state"] == "none"


def test_nothing_is_written_before_confirming_then_exactly_the_checked_file(access: Access, client: TestClient) -> None:
    client = as_role(client, "admin")
    before = stored(access)
    report = upload(client, {"elemente.csv": NEW_ELEMENTS, "beziehungen.csv": NEW_RELATIONS})
    assert report.status_code == 200, report.text
    assert "Noch ist nichts gespeichert" in report.text
    counts = {row[0]: row[1:] for row in rows_of(report.text, "counts")}
    assert counts["Elemente"] == ["2", "0", "0"] and counts["Beziehungen"] == ["3", "0", "0"]
    assert stored(access) == before  # checked and counted, not written
    job = re.search(r'name="auftrag" value="([^"]+)"', report.text)
    assert job

    # Another upload, checked meanwhile in another session but never confirmed, is not what this confirmation writes.
    other = ELEMENTS_HEADER + "nur-geprueft;Nur geprüft, nie bestätigt;Organisation;Sport;Südharz\n"
    second_client = as_role(TestClient(client.app), "coord_a")
    checked = upload(
        second_client, {"elemente.csv": other, "beziehungen.csv": "von;nach;typ\nnur-geprueft;pfd-msh;MEMBER_OF\n"}
    )
    assert checked.status_code == 200, checked.text

    done = client.post("/import/bestaetigen", data={"csrf": csrf_of(report.text), "auftrag": job.group(1)})
    assert done.status_code == 200 and done.url.path == "/import/stand"
    status = wait_for_import(client)
    assert status == {"state": "done", "written": 5, "total": 5}
    result = client.get("/import/stand")
    assert "Import abgeschlossen" in result.text
    assert {row[0]: row[1:] for row in rows_of(result.text, "counts")}["Elemente"] == ["2", "0", "0"]
    with SqliteStore(access.db) as store:
        assert store.get_node("verein-neu-rossla").name == "Neuer Sportverein Roßla e. V."
        with pytest.raises(NotFound):
            store.get_node("nur-geprueft")
        history = store.history("verein-neu-rossla")
        assert history and history[0].who == EMAILS["admin"]
    kinds, relations = stored(access)
    assert kinds["actor"] == before[0]["actor"] + 2 and relations == before[1] + 3

    # the same confirmation again writes nothing more
    again = client.post("/import/bestaetigen", data={"csrf": csrf_of(report.text), "auftrag": job.group(1)})
    assert again.status_code == 200
    assert stored(access) == (kinds, relations)


def test_forms_without_the_csrf_token_or_with_a_foreign_check_write_nothing(access: Access, client: TestClient) -> None:
    client = as_role(client, "admin")
    before = stored(access)
    files = [("dateien", ("elemente.csv", NEW_ELEMENTS.encode()))]
    refused = client.post("/import", data={"csrf": "ausgedacht"}, files=files)
    assert refused.status_code == 400 and "Formular ist abgelaufen" in refused.text
    report = upload(client, {"elemente.csv": NEW_ELEMENTS, "beziehungen.csv": NEW_RELATIONS})
    job = re.search(r'name="auftrag" value="([^"]+)"', report.text)
    assert job
    no_token = client.post("/import/bestaetigen", data={"auftrag": job.group(1)})
    assert no_token.status_code == 400
    # another admin's session cannot confirm this check
    other = TestClient(client.app)
    page = as_role(other, "coord_a").get("/import")
    foreign = other.post("/import/bestaetigen", data={"csrf": csrf_of(page.text), "auftrag": job.group(1)})
    assert foreign.status_code == 409 and "abgelaufen" in foreign.text
    made_up = client.post("/import/bestaetigen", data={"csrf": csrf_of(report.text), "auftrag": "gibt-es-nicht"})
    assert made_up.status_code == 409
    # a newer check by the same editor replaces the one not confirmed
    upload(client, {"elemente.csv": NEW_ELEMENTS, "beziehungen.csv": NEW_RELATIONS})
    replaced = client.post("/import/bestaetigen", data={"csrf": csrf_of(report.text), "auftrag": job.group(1)})
    assert replaced.status_code == 409 and "Bitte die Dateien erneut hochladen" in replaced.text
    time.sleep(0.2)
    assert stored(access) == before


def test_a_coordinator_imports_only_into_their_own_alliance(access: Access, client: TestClient) -> None:
    client = as_role(client, "coord_a")
    before = stored(access)
    elements = (
        NEW_ELEMENTS
        + "harz-verein;Übernommen;Organisation;Sport;Südharz\n"  # B's element, hidden from A's coordinator
        + "ohne-buendnis;Verein ohne Bündnis;Organisation;Sport;Südharz\n"
    )
    relations = NEW_RELATIONS + "verein-neu-rossla;harz-geheim;COOPERATES_WITH\n"
    answer = upload(client, {"elemente.csv": elements, "beziehungen.csv": relations})
    assert answer.status_code == 422, answer.text
    found = rows_of(answer.text, "problems")
    problems = {(row[2], row[3]): row[4] for row in found}
    assert {(row[0], row[2]) for row in found} == {("elemente.csv", "id"), ("beziehungen.csv", "nach")}
    assert "schon vergeben" in problems[("id", "harz-verein")]
    assert "zu keinem Ihrer Bündnisse" in problems[("id", "ohne-buendnis")]
    assert "nicht sichtbar" in problems[("nach", "harz-geheim")]
    assert not any("Neuer Sportverein" in message for message in problems.values())
    assert stored(access) == before
    # Their own part alone goes through, recorded as them.
    report = upload(client, {"elemente.csv": NEW_ELEMENTS, "beziehungen.csv": NEW_RELATIONS})
    assert report.status_code == 200, report.text
    job = re.search(r'name="auftrag" value="([^"]+)"', report.text)
    assert job
    client.post("/import/bestaetigen", data={"csrf": csrf_of(report.text), "auftrag": job.group(1)})
    assert wait_for_import(client)["state"] == "done"
    with SqliteStore(access.db) as store:
        assert store.history("initiative-neu-kelbra")[0].who == EMAILS["coord_a"]


def test_a_member_may_not_import(client: TestClient) -> None:
    client = as_role(client, "member_a")
    page = client.get("/import")
    assert page.status_code == 403 and "Keine Berechtigung" in page.text
    assert "/import" not in re.sub(r"<main.*", "", client.get("/").text, flags=re.S)  # no link in the navigation


def test_an_upload_above_the_limit_is_refused_in_german(
    access: Access, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The page counts the files against the app's limit (the middleware, set at start, stays at 50 MB).
    monkeypatch.setattr(client.app.state, "limits", Limits(max_upload=100))
    client = as_role(client, "admin")
    before = stored(access)
    answer = upload(client, {"elemente.csv": NEW_ELEMENTS})
    assert answer.status_code == 413 and "zu groß" in answer.text and "höchstens" in answer.text
    assert stored(access) == before
    odd = upload(client, {"programm.exe": b"MZ"})
    assert "dieses Dateiformat wird nicht gelesen" in odd.text


def test_a_peer_format_is_recognised_and_reported(client: TestClient) -> None:
    client = as_role(client, "admin")
    graphml = (
        '<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        '<graph edgedefault="undirected"><node id="a"/><node id="b"/><edge source="a" target="b"/></graph></graphml>'
    )
    report = upload(client, {"netz.graphml": graphml})
    assert report.status_code == 200, report.text
    assert "(GraphML)" in report.text and "angenommen" in report.text  # the reader's assumptions are shown


# -- gap report ------------------------------------------------------------------------


def test_the_gap_report_page_names_day_profile_severities_and_draws_paths(client: TestClient) -> None:
    client = as_role(client, "coord_a")
    page = client.get("/luecken", params={"buendnis": "pfd-msh", "stand": "2025-12-31"})
    assert page.status_code == 200, page.text
    text = page.text
    assert "am 31.12.2025" in text and 'value="2025-12-31"' in text
    assert "Geprüft nach dem Profil <strong>Partnerschaft für Demokratie</strong>" in text
    assert "Schwere: hoch" in text and "Vorschläge" in text
    paths = re.findall(r'<svg class="path"[^>]*aria-label="Weg: ([^"]+)"', text)
    assert paths and all("→" in p for p in paths)
    assert "<rect" in text and 'marker-end="url(#pfeil-' in text
    assert_labelled(text)
    for hidden in ("Schutzraum Vorharz", "Berta Vorharzperson", "Landesstelle Verschlusssache"):
        assert hidden not in text
    assert "@media print" in client.get("/static/app.css").text


def test_gap_report_fields_are_checked_in_german(client: TestClient) -> None:
    client = as_role(client, "coord_a")
    bad_day = client.get("/luecken", params={"buendnis": "pfd-msh", "stand": "31.13.2025"})
    assert bad_day.status_code == 400 and "ist kein gültiges Datum" in bad_day.text
    other = client.get("/luecken", params={"buendnis": "pfd-harz"})
    assert other.status_code == 404 and "Partnerschaft für Demokratie Harzvorland" not in other.text
    member = as_role(TestClient(client.app), "member_a").get("/luecken")
    assert member.status_code == 200 and "Ihr Konto koordiniert kein Bündnis" in member.text


# -- diff ------------------------------------------------------------------------------


def test_the_diff_page_shows_what_changed_between_two_days(client: TestClient) -> None:
    client = as_role(client, "coord_a")
    page = client.get("/aenderungen", params={"buendnis": "pfd-msh", "von": "2023-01-01", "bis": "2025-12-31"})
    assert page.status_code == 200, page.text
    assert "vom 01.01.2023 bis zum 31.12.2025" in page.text
    assert_labelled(page.text)
    assert re.search(r"Neu dabei \((\d+)\)", page.text)
    figures = {row[0]: row[1:] for row in rows_of(page.text, "figures")}
    assert "Mitglieder (Akteure)" in figures and "Dichte" in figures
    assert re.fullmatch(r"\d+,\d\d", figures["Dichte"][1]), figures["Dichte"]  # decimal comma
    backwards = client.get("/aenderungen", params={"buendnis": "pfd-msh", "von": "2025-01-01", "bis": "2024-01-01"})
    assert backwards.status_code == 400 and "liegt vor" in backwards.text


# -- comparison ------------------------------------------------------------------------


def test_own_indicator_files_hold_no_personal_data_and_suit_excel(client: TestClient) -> None:
    client = as_role(client, "coord_a")
    download = client.get("/vergleich/kennzahlen", params={"buendnis": "pfd-msh", "stand": "2025-12-31"})
    assert download.status_code == 200
    data = download.json()
    assert data["alliance"]["ags"] == "15087" and data["at"] == "2025-12-31"
    for private in ("pfd-msh", "Amira Haddad", "Mansfeld-Südharz", "@"):
        assert private not in download.text
    sheet = client.get("/vergleich/kennzahlen", params={"buendnis": "pfd-msh", "format": "csv"})
    assert sheet.content.startswith("\ufeff".encode())
    lines = sheet.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "kennzahl;wert;einheit;schluessel"
    assert any(re.search(r";\d+,\d+;", line) for line in lines)  # decimal comma
    assert client.get("/vergleich/kennzahlen", params={"buendnis": "pfd-harz"}).status_code == 404


def test_comparing_alliances_and_uploaded_files(access: Access, client: TestClient) -> None:
    admin = as_role(client, "admin")
    page = admin.get("/vergleich", params=[("buendnis", "pfd-msh"), ("buendnis", "pfd-harz")])
    assert page.status_code == 200, page.text
    assert "Vergleich von 2 Bündnissen" in page.text
    rows = rows_of(page.text, "comparison")
    assert rows and all(len(r) == 6 for r in rows)
    assert page.text.count('<svg class="bench"') >= 3 and 'class="mine"' in page.text
    assert_labelled(page.text)
    harz = admin.get("/vergleich/kennzahlen", params={"buendnis": "pfd-harz"}).content

    # A's coordinator compares A with B's file, sent to them (they cannot see B's network).
    client = as_role(TestClient(admin.app), "coord_a")
    form = client.get("/vergleich")
    answer = client.post(
        "/vergleich",
        data={"csrf": csrf_of(form.text), "buendnis": "pfd-msh"},
        files=[("dateien", ("harz.json", harz))],
    )
    assert answer.status_code == 200, answer.text
    assert "Vergleich von 2 Bündnissen" in answer.text and "15085" in answer.text
    assert "Bürgerverein Vorharz" not in answer.text
    broken = client.post(
        "/vergleich", data={"csrf": csrf_of(form.text)}, files=[("dateien", ("kaputt.json", b"{nicht json"))]
    )
    assert broken.status_code == 400 and "„kaputt.json“ ist keine Kennzahlen-Datei" in broken.text
    alone = client.get("/vergleich", params={"buendnis": "pfd-msh"})
    assert alone.status_code == 400 and "mindestens zwei" in alone.text
    assert json.loads(harz)["alliance"]["ags"] == "15085"


def test_a_coordinators_list_may_name_others_elements_as_they_are(access: Access, client: TestClient) -> None:
    """Their Excel list names the advisory service they work with: unchanged, that row writes nothing."""
    from buendnisatlas.importers.canonical import element_row

    with SqliteStore(access.db) as store:
        service = element_row(store.get_node("beratung-schulen-rechte-vorfaelle-msh"))  # network, of no alliance

    def table(row: dict[str, str]) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, list(row), delimiter=";")
        writer.writeheader()
        writer.writerow(row)
        return out.getvalue()

    client = as_role(client, "coord_a")
    checked = upload(client, {"elemente.csv": table(service)})
    assert checked.status_code == 200, checked.text
    assert {row[0]: row[1:] for row in rows_of(checked.text, "counts")}["Elemente"] == ["0", "0", "1"]
    refused = upload(client, {"elemente.csv": table({**service, "name": "Umbenannt"})})
    assert refused.status_code == 422 and "schon vergeben" in refused.text


def test_a_confirmed_import_that_may_no_longer_be_written_writes_nothing(access: Access, client: TestClient) -> None:
    """Between check and confirmation the element left the coordinator's alliance: the write is refused whole."""
    from buendnisatlas.importers.canonical import element_row

    with SqliteStore(access.db) as store:
        row = element_row(store.get_node("heimatverein-hergisdorf"))
    out = io.StringIO()
    writer = csv.DictWriter(out, list(row), delimiter=";")
    writer.writeheader()
    writer.writerow({**row, "name": "Heimatverein Hergisdorf (umbenannt)"})
    for line in NEW_ELEMENTS.splitlines()[1:]:
        writer.writerow(
            dict.fromkeys(row, "") | dict(zip(ELEMENTS_HEADER.strip().split(";"), line.split(";"), strict=True))
        )
    client = as_role(client, "coord_a")
    report = upload(client, {"elemente.csv": out.getvalue(), "beziehungen.csv": NEW_RELATIONS})
    assert report.status_code == 200, report.text
    job = re.search(r'name="auftrag" value="([^"]+)"', report.text)
    assert job
    with SqliteStore(access.db) as store:
        for relation in store.find_relations(node_id="heimatverein-hergisdorf"):
            store.delete_relation(relation.key)  # no longer a member: no longer theirs to change
    before = stored(access)
    client.post("/import/bestaetigen", data={"csrf": csrf_of(report.text), "auftrag": job.group(1)})
    assert wait_for_import(client)["state"] == "failed"
    page = client.get("/import/stand")
    assert "Nichts wurde gespeichert" in page.text and "heimatverein-hergisdorf" in page.text
    assert stored(access) == before
    with SqliteStore(access.db) as store:
        assert store.get_node("heimatverein-hergisdorf").name == "Heimatverein Hergisdorf e.V."
        with pytest.raises(NotFound):
            store.get_node("verein-neu-rossla")

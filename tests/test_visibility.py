"""The visibility policy per role and alliance, and persons' consent, on a real SQLite store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from buendnisatlas.graph.accounts import Role
from buendnisatlas.graph.model import Actor, AdvisoryService, Alliance, Body, Consent, Project, Relation
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.store import NotFound
from buendnisatlas.importers.canonical import ImportFailed, import_canonical
from buendnisatlas.importers.export import export
from buendnisatlas.services import View, Viewer

from .conftest import write_csv

CONSENT = Consent(given_by="Eva Muster", given_at=date(2025, 4, 1), purpose="Netzwerkkarte")


@pytest.fixture
def two_alliances(store: SqliteStore) -> SqliteStore:
    nodes = [
        Alliance(id="a", name="Bündnis A", visibility="public"),
        Alliance(id="b", name="Bündnis B", visibility="network"),
        Body(id="a-ba", name="Begleitausschuss A", visibility="network"),
        Project(id="b-projekt", name="Projekt B", visibility="network"),
        Actor(id="a-verein", name="Verein A", visibility="network"),
        Actor(id="a-geheim", name="Vertraulich A", visibility="restricted"),
        Actor(id="a-anna", name="Anna A", form="person", visibility="network"),  # no consent
        Actor(id="a-eva", name="Eva A", form="person", visibility="public", consent=CONSENT),
        Actor(id="b-verein", name="Verein B", visibility="network"),
        Actor(id="beide", name="In beiden", visibility="network"),
        Actor(id="ehemals", name="Früher in A", visibility="network"),
        Actor(id="frei", name="Ohne Bündnis", visibility="network"),
        Actor(id="frei-geheim", name="Ohne Bündnis vertraulich", visibility="restricted"),
        AdvisoryService(id="dienst", name="Beratung intern", visibility="network"),
    ]
    for node in nodes:
        store.add_node(node)
    for source, type_, target, until in [
        ("a-ba", "PART_OF", "a", None),
        ("b-projekt", "PART_OF", "b", None),
        ("a-verein", "MEMBER_OF", "a-ba", None),  # through a body
        ("a-geheim", "MEMBER_OF", "a", None),
        ("a-anna", "MEMBER_OF", "a", None),
        ("a-eva", "MEMBER_OF", "a", None),
        ("b-verein", "PARTNER_IN", "b-projekt", None),  # through a project
        ("beide", "MEMBER_OF", "a", None),
        ("beide", "MEMBER_OF", "b", None),
        ("ehemals", "MEMBER_OF", "a", date(2020, 12, 31)),  # left years ago
        ("a-verein", "REFERS_TO", "dienst", None),  # a referral does not make a service A's
    ]:
        store.add_relation(Relation(source=source, target=target, type=type_, until=until))
    return store


def viewer(role: str | None, *alliances: str, edits_unaffiliated: bool = False) -> Viewer:
    if role is None:
        return Viewer.public()
    return Viewer(
        email=f"{role}@example.org",
        role=Role(role),
        alliances=frozenset(alliances),
        edits_unaffiliated=edits_unaffiliated,
    )


EVERYTHING = {
    "a", "b", "a-ba", "b-projekt", "a-verein", "a-geheim", "a-anna", "a-eva",
    "b-verein", "beide", "ehemals", "frei", "frei-geheim", "dienst",
}  # fmt: skip


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        (viewer("admin"), EVERYTHING),
        # A's coordinator: all of A (also former members and the one in both), B only where public,
        # unaffiliated elements up to network
        (
            viewer("coordinator", "a"),
            {"a", "a-ba", "a-verein", "a-geheim", "a-anna", "a-eva", "beide", "ehemals", "frei", "dienst"},
        ),
        (viewer("coordinator", "a", edits_unaffiliated=True), EVERYTHING - {"b", "b-projekt", "b-verein"}),
        (viewer("coordinator", "b"), {"a", "b", "b-projekt", "b-verein", "beide", "frei", "dienst"}),
        # A's member: A's network data, a person only with consent; nothing confidential
        (viewer("member", "a"), {"a", "a-ba", "a-verein", "a-eva", "beide", "ehemals", "frei", "dienst"}),
        # the public: public elements, never a person — not even with consent and marked public
        (viewer(None), {"a"}),
    ],
    ids=["admin", "coordinator-a", "coordinator-a-unaffiliated", "coordinator-b", "member-a", "public"],
)
def test_who_sees_what(two_alliances: SqliteStore, who: Viewer, sees: set[str]) -> None:
    view = View(two_alliances, who)
    assert set(view.graph()) == sees
    assert {n.id for n in view.find()} == sees
    for element_id in EVERYTHING:
        if element_id in sees:
            assert view.get(element_id).id == element_id
        else:
            with pytest.raises(NotFound) as hidden:
                view.get(element_id)
            with pytest.raises(NotFound) as missing:
                view.get("gibt-es-nicht")
            quoted = str(hidden.value).replace(f"„{element_id}“", "„?“")
            assert quoted == str(missing.value).replace("„gibt-es-nicht“", "„?“")


def test_relations_are_shown_only_between_visible_ends(two_alliances: SqliteStore) -> None:
    view = View(two_alliances, viewer("coordinator", "b"))
    shown = {(r.source, r.target) for r in view.relations()}
    assert ("beide", "b") in shown and ("beide", "a") in shown  # both ends visible to B
    assert not any("a-geheim" in pair or "a-verein" in pair for pair in shown)
    assert {(r.source, r.target) for r in view.relations("beide")} == {("beide", "a"), ("beide", "b")}
    with pytest.raises(NotFound):
        view.relations("a-verein")


@pytest.mark.parametrize(
    ("who", "edits"),
    [
        (viewer("admin"), EVERYTHING),
        (viewer("coordinator", "a"), {"a", "a-ba", "a-verein", "a-geheim", "a-anna", "a-eva", "beide", "ehemals"}),
        (viewer("coordinator", "b"), {"b", "b-projekt", "b-verein", "beide"}),
        (
            viewer("coordinator", "a", edits_unaffiliated=True),
            {
                "a",
                "a-ba",
                "a-verein",
                "a-geheim",
                "a-anna",
                "a-eva",
                "beide",
                "ehemals",
                "frei",
                "frei-geheim",
                "dienst",
            },
        ),
        (viewer("member", "a"), set()),
        (viewer(None), set()),
    ],
)
def test_who_may_change_what(two_alliances: SqliteStore, who: Viewer, edits: set[str]) -> None:
    view = View(two_alliances, who)
    assert {n for n in EVERYTHING if view.may_edit(two_alliances.get_node(n))} == edits


def test_consent_lifts_a_person_only_for_signed_in_viewers(two_alliances: SqliteStore) -> None:
    member = View(two_alliances, viewer("member", "a"))
    assert "a-anna" not in member.graph()  # marked network, but no consent: confidential
    two_alliances.update_node("a-anna", consent=CONSENT)
    assert "a-anna" in View(two_alliances, viewer("member", "a")).graph()
    assert "a-anna" not in View(two_alliances, Viewer.public()).graph()
    assert two_alliances.get_node("a-anna").consent == CONSENT  # type: ignore[attr-defined]


def test_consent_is_complete_and_only_for_persons() -> None:
    with pytest.raises(ValidationError, match="nur für Personen"):
        Actor(id="v", name="Verein", consent=CONSENT)
    with pytest.raises(ValidationError, match="es fehlt eine Angabe"):
        Actor(id="p", name="Eva", form="person", consent_given_by="Eva", consent_purpose="Karte")


def test_consent_columns_round_trip_through_csv_and_json(store: SqliteStore, tmp_path: Path) -> None:
    source = tmp_path / "ein"
    write_csv(
        source,
        "elemente.csv",
        "id;name;typ;sichtbarkeit;einwilligung_von;einwilligung_am;einwilligung_zweck\n"
        "eva;Eva Muster;Person;netzwerk;Eva Muster;01.04.2025;Netzwerkkarte\n"
        "ole;Ole Ohne;Person;;;;\n"
        "pfd;Partnerschaft für Demokratie;Bündnis;öffentlich;;;\n",
    )
    write_csv(source, "beziehungen.csv", "von;nach;typ\neva;pfd;Mitglied\n")
    import_canonical(store, [source])
    assert store.get_node("eva").consent == CONSENT  # type: ignore[attr-defined]
    assert store.get_node("ole").consent is None  # type: ignore[attr-defined]
    from buendnisatlas.services.data import export_network

    network = export_network(View(store, Viewer.admin("test")))
    for fmt, out in (("csv", tmp_path / "aus"), ("json", tmp_path / "aus.json")):
        export(network, out, fmt)
        with SqliteStore(tmp_path / f"wieder-{fmt}.db") as again:
            import_canonical(again, [out])
            assert again.get_node("eva").consent == CONSENT  # type: ignore[attr-defined]
    header = (tmp_path / "aus" / "elemente.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "einwilligung_von;einwilligung_am;einwilligung_zweck" in header


def test_an_incomplete_consent_is_a_german_error_with_file_and_row(store: SqliteStore, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "ein",
        "elemente.csv",
        "id;name;typ;einwilligung_von;einwilligung_am\neva;Eva Muster;Person;Eva Muster;01.04.2025\n",
    ).parent
    with pytest.raises(ImportFailed) as failed:
        import_canonical(store, [source])
    assert "elemente.csv, Zeile 2" in str(failed.value.problems[0])
    assert "Zur Einwilligung gehören" in str(failed.value.problems[0])
    assert store.find_nodes() == []


def test_a_goal_belongs_to_its_alliance_or_its_parents(two_alliances: SqliteStore) -> None:
    from buendnisatlas.graph.model import Goal

    two_alliances.add_node(
        Goal(id="b-leitziel", name="Leitziel B", goal_level="Leitziel", alliance="b", visibility="network")
    )
    two_alliances.add_node(
        Goal(id="b-handlung", name="Handlungsziel B", parent_goal="b-leitziel", visibility="network")
    )
    for element_id in ("b-leitziel", "b-handlung"):
        assert View(two_alliances, viewer("coordinator", "b")).may_edit(two_alliances.get_node(element_id))
        with pytest.raises(NotFound):
            View(two_alliances, viewer("coordinator", "a")).get(element_id)
        assert element_id not in View(two_alliances, viewer("member", "a")).graph()
        assert element_id in View(two_alliances, viewer("member", "b")).graph()

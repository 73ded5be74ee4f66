from datetime import date

import pytest
from pydantic import ValidationError

from buendnisatlas.graph import vocab
from buendnisatlas.graph.model import Actor, Alliance, Event, Region, Relation, node_from_dict
from buendnisatlas.graph.vocab import RelationType, Visibility


def test_persons_are_restricted_unless_said_otherwise() -> None:
    assert Actor(id="p1", name="Anna Keller", form="person").visibility == Visibility.RESTRICTED
    assert Actor(id="o1", name="Verein", form="organisation").visibility == Visibility.NETWORK
    assert Actor(id="p2", name="Bürgermeister", form="person", visibility="network").visibility == "network"


@pytest.mark.parametrize(
    "fields",
    [
        {"id": "a b", "name": "x"},  # space in id
        {"id": "", "name": "x"},
        {"id": "a", "name": ""},
        {"id": "a", "name": "x", "sector": "Landwirtschaft"},
        {"id": "a", "name": "x", "ags": "1508737"},  # 7 digits
        {"id": "a", "name": "x", "topics": ["Fußball"]},
        {"id": "a", "name": "x", "visibility": "geheim"},
        {"id": "a", "name": "x", "unknown_field": 1},
    ],
)
def test_an_invalid_actor_cannot_be_built(fields: dict) -> None:
    with pytest.raises(ValidationError):
        Actor(**fields)


def test_vocabularies_accept_german_labels_codes_and_aliases() -> None:
    a = Actor(id="a", name="Schule", sector="Schule/Bildung", topics=["Antisemitismus", "racism", "Homophobie"])
    assert a.sector == "education"
    assert a.topics == ["antisemitism", "racism", "queerphobia"]
    assert vocab.SECTOR.parse("  KIRCHE/religionsgemeinschaft ") == "religion"
    assert vocab.SECTOR.label("religion") == "Kirche/Religionsgemeinschaft"


def test_assignment_is_validated_too() -> None:
    a = Actor(id="a", name="Verein")
    with pytest.raises(ValidationError):
        a.sector = "nonsense"


def test_relation_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError, match="vor dem Beginn"):
        Relation(source="a", target="b", type="MEMBER_OF", since=date(2024, 5, 1), until=date(2024, 1, 1))


def test_relation_activity_by_date() -> None:
    r = Relation(source="a", target="b", type=RelationType.MEMBER_OF, since=date(2023, 1, 1), until=date(2024, 6, 30))
    assert r.active_at(date(2024, 1, 1))
    assert not r.active_at(date(2022, 12, 31))
    assert not r.active_at(date(2024, 7, 1))
    assert r.key == "a|MEMBER_OF|b|2023-01-01"


def test_relation_weight_must_be_positive() -> None:
    with pytest.raises(ValidationError):
        Relation(source="a", target="b", type="COOPERATES_WITH", weight=0)


def test_node_from_dict_picks_the_class_by_kind() -> None:
    node = node_from_dict({"kind": "alliance", "id": "pfd", "name": "PfD", "area": ["15087", "DE"]})
    assert isinstance(node, Alliance)
    assert node.area == ["15087", "DE"]
    event = node_from_dict({"kind": "event", "id": "dk", "name": "DK", "date": "2025-05-10"})
    assert isinstance(event, Event) and event.date == date(2025, 5, 10)


def test_region_level_follows_from_the_key() -> None:
    assert Region(ags="15", name="Sachsen-Anhalt").level == "Land"
    assert Region(ags="15087", name="Mansfeld-Südharz").level == "Kreis"
    assert Region(ags="15087370", name="Sangerhausen").level == "Gemeinde"
    with pytest.raises(ValidationError):
        Region(ags="15087", name="x", level="Gemeinde")

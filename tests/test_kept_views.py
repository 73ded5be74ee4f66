"""A view kept per process survives a write only if the write leaves it as it is.

On a generated Land in a real SQLite file: after each kind of write (an edit elsewhere,
an edit of a member, a new tie into the alliance, a new actor in its area, an import, an
erasure …) the view a door gets equals the view read anew from the store, and it is the
kept one exactly when the write missed what the view was read from.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from buendnisatlas.graph.gaps import INTRODUCTION_STEPS
from buendnisatlas.graph.model import Actor, Region, Relation
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.store import ReadSet
from buendnisatlas.graph.vocab import NodeKind, RelationType, Visibility
from buendnisatlas.services import View, Viewer, cache
from buendnisatlas.services.analysis import gap_report

_spec = importlib.util.spec_from_file_location("programme", Path(__file__).parent.parent / "bench" / "programme.py")
assert _spec is not None and _spec.loader is not None
programme = importlib.util.module_from_spec(_spec)
sys.modules["programme"] = programme
_spec.loader.exec_module(programme)

ALLIANCE = "b0"


@pytest.fixture
def land(db_path: Path) -> SqliteStore:
    store = SqliteStore(db_path)
    programme.generate(3, 900, big=150, seed=5).load(store)
    cache.clear()
    return store


# The views doors ask for: a gap report's (with the neighbourhood), the public's, and both on a day.
VIEWS: list[tuple[Viewer, dict[str, Any]]] = [
    (Viewer.cli(), {"reach": INTRODUCTION_STEPS}),
    (Viewer.public(), {}),
    (Viewer.cli(), {"reach": INTRODUCTION_STEPS, "at": date(2024, 6, 30)}),
    (Viewer.public(), {"at": date(2024, 6, 30)}),
]


def _view(store: SqliteStore, viewer: Viewer = VIEWS[0][0], view: dict[str, Any] = VIEWS[0][1]) -> nx.MultiDiGraph:
    return View(store, viewer).graph(alliance=ALLIANCE, **view)


def _fresh(
    store: SqliteStore, viewer: Viewer = VIEWS[0][0], view: dict[str, Any] = VIEWS[0][1]
) -> tuple[nx.MultiDiGraph, ReadSet]:
    read = ReadSet()
    audience = Visibility.RESTRICTED if viewer.is_admin else Visibility.PUBLIC
    return store.subgraph(alliance=ALLIANCE, audience=audience, read=read, **view), read


def _same(G: nx.MultiDiGraph, H: nx.MultiDiGraph) -> None:
    assert dict(G.nodes(data=True)) == dict(H.nodes(data=True))
    assert sorted(G.edges(keys=True, data=True)) == sorted(H.edges(keys=True, data=True))


def _outsider(store: SqliteStore, read: ReadSet) -> Actor:
    """An actor of another alliance, outside everything the view was read from."""
    assert read.ids is not None and read.area is not None
    for node in store.find_nodes(kind=NodeKind.ACTOR):
        if node.id not in read.ids and node.ags and not any(node.ags.startswith(a) for a in read.area):
            assert isinstance(node, Actor)
            return node
    raise AssertionError("no actor outside the view")


def _member(store: SqliteStore) -> str:
    return next(r.source for r in store.find_relations(ALLIANCE, RelationType.MEMBER_OF) if r.target == ALLIANCE)


def test_a_kept_view_is_the_view_read_anew_after_every_kind_of_write(land: SqliteStore) -> None:
    _, read = _fresh(land)
    assert read.ids is not None and read.area
    outsider, member = _outsider(land, read), _member(land)
    area = read.area[0]
    other_area = next(r.ags for r in land.find_regions() if r.level == "Kreis" and r.ags != area)
    shown = "network" if land.get_node(member).visibility == Visibility.PUBLIC else "public"
    event = next(r.source for r in land.find_relations(ALLIANCE, RelationType.PART_OF) if r.source.startswith("b0-e"))
    fewer = "restricted" if land.get_node(event).visibility != Visibility.RESTRICTED else "network"
    writes: list[tuple[str, bool, Callable[[], object]]] = [
        # (what, whether the gap report's kept view survives it as it is, the write)
        ("an edit of an actor elsewhere", True, lambda: land.update_node(outsider.id, note="anderswo")),
        (
            "a new actor in another Kreis",
            True,
            lambda: land.add_node(Actor(id="x1", name="Fern", ags=other_area + "001")),
        ),
        ("a tie between actors elsewhere", True, lambda: land.add_relation(_tie(outsider.id, "x1"))),
        ("an edit of a member", False, lambda: land.update_node(member, name="Umbenannter Verein", sector="sports")),
        ("a member shown to another audience", False, lambda: land.update_node(member, visibility=shown)),
        ("an event shown to fewer", False, lambda: land.update_node(event, visibility=fewer)),
        ("a guest from elsewhere at that event", False, lambda: _guest(land, event, other_area + "005")),
        ("that event moved", False, lambda: land.update_node(event, date="2025-06-01")),
        ("a member moved out of the area", False, lambda: land.update_node(member, ags=other_area + "002")),
        ("a tie from elsewhere to a member", False, lambda: land.add_relation(_tie("x1", member))),
        ("that tie ended", False, lambda: land.update_relation(_tie("x1", member).key, until="2025-12-31")),
        (
            "a new actor in the alliance's area",
            False,
            lambda: land.add_node(Actor(id="x2", name="Nah", ags=area + "002")),
        ),
        ("a new actor with no place", False, lambda: land.add_node(Actor(id="x3", name="Ortlos"))),
        ("an actor moved into the area", False, lambda: land.update_node(outsider.id, ags=area + "001")),
        ("an actor tied to a member deleted", False, lambda: land.delete_node("x1")),
        ("an import", False, lambda: land.upsert_nodes([Actor(id="x4", name="Importiert", ags=other_area + "004")])),
        ("regions", False, lambda: land.upsert_regions([Region(ags=other_area, name="Neu benannt", level="Kreis")])),
    ]
    for what, survives, write in writes:
        before = [_view(land, viewer, view) for viewer, view in VIEWS]
        View(land, Viewer.cli()).graph(region=area)
        write()
        after = [_view(land, viewer, view) for viewer, view in VIEWS]
        for (viewer, view), G in zip(VIEWS, after, strict=True):
            _same(G, _fresh(land, viewer, view)[0])
        _same(View(land, Viewer.cli()).graph(region=area), land.subgraph(region=area))  # a region's: read anew
        assert (after[0] is before[0]) == survives, what


def _guest(store: SqliteStore, event: str, ags: str) -> None:
    """A public actor of another Kreis who took part in ``event``: in the public's view while the event is."""
    store.add_node(Actor(id="x5", name="Gast", ags=ags, visibility="public"))
    store.add_relation(Relation(source="x5", target=event, type=RelationType.PARTICIPATED_IN))


def _tie(source: str, target: str) -> Relation:
    return Relation(source=source, target=target, type=RelationType.COOPERATES_WITH, since="2024-01-01")


def test_an_erased_member_is_gone_from_the_next_report(land: SqliteStore) -> None:
    G = _view(land)
    person = next(n for n, attrs in G.nodes(data=True) if attrs.get("form") == "person")
    land.erase_person(person)
    after = _view(land)
    assert person not in after
    _same(after, _fresh(land)[0])


def test_the_report_after_an_edit_elsewhere_is_the_report_of_a_fresh_process(land: SqliteStore) -> None:
    outsider = _outsider(land, _fresh(land)[1])
    gap_report(View(land, Viewer.cli()), ALLIANCE)
    land.update_node(outsider.id, name="Anderswo umbenannt")
    kept = gap_report(View(land, Viewer.cli()), ALLIANCE).gaps
    cache.clear()
    assert kept == gap_report(View(land, Viewer.cli()), ALLIANCE).gaps

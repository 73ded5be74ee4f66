"""A view kept per process survives a write only if the write leaves it as it is.

On a generated Land in a real SQLite file: after each kind of write (an edit elsewhere,
an edit of a member, a new tie into the alliance, a new actor in its area, an import, an
erasure …) the view a door gets equals the view read anew from the store, and it is the
kept one exactly when the write missed what the view was read from.
"""

from __future__ import annotations

import importlib.util
import itertools
import random
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from buendnisatlas.graph.gaps import INTRODUCTION_STEPS
from buendnisatlas.graph.model import Actor, Region, Relation, WorkingGroup
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.store import DuplicateId, InvalidRelation, ReadSet
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
    """The same elements, fields and relations, in the same order (analyses walk the adjacency in order)."""
    assert list(G.nodes(data=True)) == list(H.nodes(data=True))
    for adjacency in ("succ", "pred"):
        assert [(n, list(nbrs.items())) for n, nbrs in getattr(G, adjacency).items()] == [
            (n, list(nbrs.items())) for n, nbrs in getattr(H, adjacency).items()
        ]


def _outsider(store: SqliteStore, read: ReadSet) -> Actor:
    """An actor of another alliance, outside everything the view was read from."""
    assert read.ids is not None and read.area is not None
    for node in store.find_nodes(kind=NodeKind.ACTOR):
        if node.id not in read.ids and node.ags and not any(node.ags.startswith(a) for a in read.area):
            assert isinstance(node, Actor)
            return node
    raise AssertionError("no actor outside the view")


def _members(store: SqliteStore) -> list[str]:
    return [r.source for r in store.find_relations(ALLIANCE, RelationType.MEMBER_OF) if r.target == ALLIANCE]


def _member(store: SqliteStore) -> str:
    return _members(store)[0]


def test_a_kept_view_is_the_view_read_anew_after_every_kind_of_write(land: SqliteStore) -> None:
    _, read = _fresh(land)
    assert read.ids is not None and read.area
    outsider, (member, other) = _outsider(land, read), _members(land)[:2]
    between = _tie(member, other)
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
        ("a tie between two members", False, lambda: land.add_relation(between)),
        ("that tie ended", False, lambda: land.update_relation(between.key, until="2024-03-31")),
        ("that tie deleted", False, lambda: land.delete_relation(between.key)),
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


def test_a_tie_between_members_changes_the_kept_view_only_where_it_is(land: SqliteStore) -> None:
    """The view after a relation between two of its elements is the kept one with their new relations.

    Neither the walk nor the graph is made anew: every other element keeps the adjacency
    the kept view had (the same objects), and the report is the report of a fresh process.
    """
    member, other = _members(land)[:2]
    before = _view(land)
    report = gap_report(View(land, Viewer.cli()), ALLIANCE).gaps
    land.add_relation(_tie(member, other))
    after = _view(land)
    assert other in after.succ[member]
    near = {member, other} | {n for end in (member, other) for n in (*before.succ[end], *before.pred[end])}
    untouched = [n for n in before if n not in near]
    assert untouched and all(after._succ[n] is before._succ[n] and after._pred[n] is before._pred[n] for n in untouched)
    kept = gap_report(View(land, Viewer.cli()), ALLIANCE).gaps
    cache.clear()
    assert kept == gap_report(View(land, Viewer.cli()), ALLIANCE).gaps
    land.delete_relation(_tie(member, other).key)
    assert gap_report(View(land, Viewer.cli()), ALLIANCE).gaps == report


def test_ends_asked_of_the_store_for_the_first_time_are_recalled_after_the_next_write(land: SqliteStore) -> None:
    """A working group becomes part of the alliance: its member's cooperations are asked of the store
    for the first time (before, the member was only a candidate of the area), and the next
    re-read after another write recalls them with it."""
    area = _fresh(land)[1].area
    assert area
    other_area = next(r.ags for r in land.find_regions() if r.level == "Kreis" and r.ags != area[0])
    member, other = _members(land)[:2]
    steps: list[tuple[Callable[[], object], bool]] = [  # (a write, whether the far actor is in the view after it)
        (lambda: land.add_node(WorkingGroup(id="wg", name="AK Sport")), False),
        (lambda: land.add_node(Actor(id="y", name="Nah", ags=area[0] + "003")), False),
        (lambda: land.add_node(Actor(id="z", name="Fern", ags=other_area + "003")), False),
        (lambda: land.add_relation(Relation(source="y", target="wg", type=RelationType.MEMBER_OF)), False),
        (lambda: land.add_relation(_tie("z", "y")), False),
        (lambda: land.add_relation(Relation(source="wg", target=ALLIANCE, type=RelationType.PART_OF)), True),
        (lambda: land.add_relation(_tie(member, other)), True),
        (lambda: land.update_node(member, note="nach dem Treffen"), True),
        (lambda: land.delete_relation(_tie(member, other).key), True),
    ]
    _view(land)
    for write, far in steps:
        write()
        G = _view(land)
        _same(G, _fresh(land)[0])
        assert ("z" in G) == far


def test_a_kept_view_follows_a_long_run_of_random_writes(land: SqliteStore) -> None:
    """Sixty seeded single writes in a row, each kept view made from the one before it.

    Ties begin, change and end between members, candidates of the area and actors
    elsewhere; actors join and leave tables of this and other alliances; fields change;
    actors are added and deleted. After each write both kept views (the gap report's, and
    the one on a day) equal the views read anew, in the same order.
    """
    rng = random.Random(11)
    _, read = _fresh(land)
    assert read.ids is not None
    inside = sorted(n for n in read.ids if land.get_node(n).kind == NodeKind.ACTOR)
    outside = sorted(n.id for n in land.find_nodes(kind=NodeKind.ACTOR) if n.id not in read.ids)[:200]
    tables = sorted(n.id for kind in (NodeKind.BODY, NodeKind.WORKING_GROUP) for n in land.find_nodes(kind=kind))
    added: list[str] = []
    numbers = itertools.count()

    def actor() -> str:
        return rng.choice(rng.choice([inside, inside, outside, added or inside]))

    def write() -> None:
        what = rng.randrange(7)
        if what == 0:
            land.add_relation(_tie(actor(), actor()))
        elif what == 1:
            land.add_relation(Relation(source=actor(), target=rng.choice(tables), type=RelationType.MEMBER_OF))
        elif what in (2, 3):
            ends = land.find_relations(actor())
            if ends:
                relation = rng.choice(ends)
                if what == 2:
                    land.delete_relation(relation.key)
                else:
                    land.update_relation(relation.key, until=date(2024, rng.randrange(1, 13), 1))
        elif what == 4:
            land.update_node(actor(), note=f"Notiz {rng.random():.3f}")
        elif what == 5:
            number = next(numbers)
            ags = rng.choice([read.area[0] + "001", "16055000", None]) if read.area else None
            added.append(land.add_node(Actor(id=f"neu{number}", name=f"Neu {number}", ags=ags)).id)
        elif added:
            land.delete_node(added.pop(rng.randrange(len(added))))

    views = [VIEWS[0], VIEWS[2]]
    for viewer, view in views:
        _view(land, viewer, view)
    for _ in range(60):
        try:
            write()
        except (DuplicateId, InvalidRelation):
            continue  # a tie that exists already, or an actor tied to itself
        for viewer, view in views:
            _same(_view(land, viewer, view), _fresh(land, viewer, view)[0])

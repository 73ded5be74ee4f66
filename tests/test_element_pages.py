"""Lists one page at a time (``find_page``): what each viewer may see, filtered in the store, ordered by name.

Both adapters, on the demo and on a generated network with persons, network-only and
unaffiliated elements: every page for every kind of viewer equals the list built the
long way (every model read, each element asked about alone, then filtered and sorted),
and a change shows in the next list at once.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

from buendnisatlas.demo import DEMO_DIR
from buendnisatlas.graph.accounts import Role
from buendnisatlas.graph.model import Actor, Relation
from buendnisatlas.graph.regions import reference_regions
from buendnisatlas.graph.store import GraphStore
from buendnisatlas.graph.text import fold
from buendnisatlas.graph.visibility import INTERNAL_FIELDS
from buendnisatlas.graph.vocab import NodeKind
from buendnisatlas.importers.canonical import import_canonical
from buendnisatlas.services import View, Viewer
from buendnisatlas.services.elements import find_page

_spec = importlib.util.spec_from_file_location("programme", Path(__file__).parent.parent / "bench" / "programme.py")
assert _spec is not None and _spec.loader is not None
programme = importlib.util.module_from_spec(_spec)
sys.modules["programme"] = programme
_spec.loader.exec_module(programme)


@pytest.fixture(params=["demo", "land"])
def loaded(request: pytest.FixtureRequest, any_store: GraphStore) -> GraphStore:
    if request.param == "demo":
        with any_store.transaction():
            any_store.upsert_regions(reference_regions())
            import_canonical(any_store, [DEMO_DIR])
    else:
        programme.generate(3, 400, seed=5).load(any_store)
    return any_store


def _viewers(store: GraphStore) -> list[Viewer]:
    first, *others = sorted(a.id for a in store.find_nodes(kind=NodeKind.ALLIANCE))
    return [
        Viewer.public(),
        Viewer.admin("test"),
        Viewer(email="k@example.org", role=Role.COORDINATOR, alliances=frozenset({first})),
        Viewer(email="u@example.org", role=Role.COORDINATOR, alliances=frozenset(others), edits_unaffiliated=True),
        Viewer(email="m@example.org", role=Role.MEMBER, alliances=frozenset({first})),
    ]


def _long_way(store: GraphStore, viewer: Viewer, kind: NodeKind | None, text: str | None, **filters: Any) -> list[str]:
    """The list as it was built before: every model, each element's alliances asked alone."""
    view = View(store, viewer)
    visibility = filters.pop("visibility", None)
    found = [n for n in store.find_nodes(kind=kind, **filters) if view.may_see(n)]
    found = [n for n in found if visibility is None or n.visibility == visibility]
    found = [n for n in found if not text or fold(text) in fold(n.name)]
    return [n.id for n in sorted(found, key=lambda n: (fold(n.name), n.id))]


def test_every_page_holds_what_the_viewer_may_see_in_name_order(loaded: GraphStore) -> None:
    queries: list[dict[str, Any]] = [
        {"kind": NodeKind.ACTOR},
        {"kind": None},
        {"kind": NodeKind.ACTOR, "sector": "civil_society"},
        {"kind": NodeKind.ACTOR, "visibility": "network"},
        {"kind": NodeKind.ACTOR, "text": "e. V."},
        {"kind": None, "text": "1-1"},
        {"kind": NodeKind.PROJECT, "topics": "participation"},
        {"kind": NodeKind.ALLIANCE},
    ]
    for viewer in _viewers(loaded):
        for query in queries:
            query = dict(query)
            kind, text = query.pop("kind"), query.pop("text", None)
            expected = _long_way(loaded, viewer, kind, text, **query)
            topic = query.pop("topics", None)
            whole = find_page(View(loaded, viewer), kind, text=text, topic=topic, limit=10_000, **query)
            assert [n.id for n in whole.items] == expected, (viewer, kind, query)
            assert whole.total == len(expected)
            paged = [
                n.id
                for skip in range(0, len(expected) + 7, 7)
                for n in find_page(
                    View(loaded, viewer), kind, text=text, topic=topic, skip=skip, limit=7, **query
                ).items
            ]
            assert paged == expected
    public = find_page(View(loaded, Viewer.public()), NodeKind.ACTOR, limit=10_000).items
    admin = find_page(View(loaded, Viewer.admin("test")), NodeKind.ACTOR, limit=10_000).items
    assert public and len(public) < len(admin)
    assert not [n for n in public if n.is_person]
    # a note is never public: the page holds the element as the public may read it
    everything = find_page(View(loaded, Viewer.public()), None, limit=10_000).items
    assert all(getattr(n, field) is None for n in everything for field in INTERNAL_FIELDS)


def test_a_list_shows_a_change_at_once(any_store: GraphStore) -> None:
    programme.generate(2, 200, seed=7).load(any_store)
    alliance = sorted(a.id for a in any_store.find_nodes(kind=NodeKind.ALLIANCE))[0]
    member = Viewer(email="m@example.org", role=Role.MEMBER, alliances=frozenset({alliance}))
    before = find_page(View(any_store, member), NodeKind.ACTOR, text="Zeitungsleser")
    assert before.total == 0
    any_store.add_node(Actor(id="neu", name="Zeitungsleser e. V.", visibility="network"))
    # network-only and in no alliance: a member sees it (an element of nobody's is the network's)
    assert [n.id for n in find_page(View(any_store, member), NodeKind.ACTOR, text="zeitungsleser").items] == ["neu"]
    other = sorted(a.id for a in any_store.find_nodes(kind=NodeKind.ALLIANCE))[1]
    any_store.add_relation(Relation(source="neu", target=other, type="MEMBER_OF"))
    # now it belongs to another alliance: that alliance's network elements are not the member's
    assert find_page(View(any_store, member), NodeKind.ACTOR, text="zeitungsleser").total == 0
    any_store.update_node("neu", visibility="public")
    assert find_page(View(any_store, member), NodeKind.ACTOR, text="zeitungsleser").total == 1

"""Views read with indexed queries give what the whole store, filtered in Python, gives.

Both adapters, on the demo network and on a generated Land (bench/programme.py): every
alliance's view, by date, by region and by audience, equals the old path (all models
loaded, then :func:`select_subgraph`), and the gap report, indicators and metrics read
from the pushed-down view equal those computed on the whole store's graph.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from buendnisatlas.demo import DEMO_DIR
from buendnisatlas.graph import visibility
from buendnisatlas.graph.gaps import gaps
from buendnisatlas.graph.indicators import alliance_indicators
from buendnisatlas.graph.metrics import alliance_metrics
from buendnisatlas.graph.regions import reference_regions
from buendnisatlas.graph.store import GraphStore, NotFound, edge_row, node_attrs, select_subgraph
from buendnisatlas.graph.vocab import NodeKind, Visibility
from buendnisatlas.importers.canonical import import_canonical
from buendnisatlas.services import View, Viewer
from buendnisatlas.services.analysis import alliance_graph, alliance_regions, gap_report

_spec = importlib.util.spec_from_file_location("programme", Path(__file__).parent.parent / "bench" / "programme.py")
assert _spec is not None and _spec.loader is not None
programme = importlib.util.module_from_spec(_spec)
sys.modules["programme"] = programme  # dataclasses look their module up
_spec.loader.exec_module(programme)
DAYS = [None, date(2024, 6, 30), date(2026, 11, 22)]


def _load_demo(store: GraphStore) -> None:
    with store.transaction():
        store.upsert_regions(reference_regions())
        import_canonical(store, [DEMO_DIR])


def _load_land(store: GraphStore) -> None:
    programme.generate(6, 1_500, big=250, seed=3).load(store)


def _old(store: GraphStore, **view: Any) -> nx.MultiDiGraph:
    """The view as it was read before: every model from the store, then filtered in Python."""
    nodes = {n.id: node_attrs(n) for n in store.find_nodes()}
    edges = [edge_row(r) for r in store.find_relations()]
    return select_subgraph(nodes, edges, view.get("alliance"), view.get("region"), view.get("at"), view["audience"])


def _same(G: nx.MultiDiGraph, H: nx.MultiDiGraph) -> None:
    assert list(G) == list(H)
    assert list(G.edges(keys=True)) == list(H.edges(keys=True))
    assert nx.utils.graphs_equal(G, H)
    assert dict(G.nodes(data=True)) == dict(H.nodes(data=True))


@pytest.fixture(params=["demo", "land"])
def loaded(request: pytest.FixtureRequest, any_store: GraphStore) -> GraphStore:
    (_load_demo if request.param == "demo" else _load_land)(any_store)
    return any_store


def test_every_view_equals_the_whole_store_filtered(loaded: GraphStore) -> None:
    alliances = [a.id for a in loaded.find_nodes(kind=NodeKind.ALLIANCE)]
    regions = sorted({r.ags for r in loaded.find_regions() if r.level in ("Kreis", "Gemeinde")})[:4]
    views: list[dict[str, Any]] = [{"audience": Visibility.PUBLIC}, {"audience": Visibility.RESTRICTED}]
    views += [{"alliance": a, "at": at, "audience": Visibility.RESTRICTED} for a in alliances for at in DAYS]
    views += [{"alliance": alliances[0], "audience": Visibility.PUBLIC}]
    views += [{"region": r, "at": DAYS[1], "audience": Visibility.NETWORK} for r in regions]
    views += [{"alliance": alliances[0], "region": regions[0], "audience": Visibility.RESTRICTED}]
    for view in views:
        _same(loaded.subgraph(**view), _old(loaded, **view))


def test_analyses_on_the_alliance_view_equal_those_on_the_whole_store(loaded: GraphStore) -> None:
    whole = _old(loaded, audience=Visibility.RESTRICTED)
    alliances = loaded.find_nodes(kind=NodeKind.ALLIANCE)
    admin = View(loaded, Viewer.cli())
    for alliance in alliances:
        view = alliance_graph(admin, alliance)
        if len(alliances) > 2:  # in a Land, an alliance's view is a part of the store
            assert len(view) < len(whole) / 2
        regions = alliance_regions(loaded, alliance)
        for at in DAYS[1:]:
            expected = [g.to_dict() for g in gaps(whole, alliance.id, at, regions=regions)]
            assert [g.to_dict() for g in gap_report(admin, alliance.id, at).gaps] == expected
            assert any(g["suggestions"] for g in expected)
            indicators = alliance_indicators(view, alliance.id, at, regions=regions)
            assert indicators.to_dict() == alliance_indicators(whole, alliance.id, at, regions=regions).to_dict()
        metrics = alliance_metrics(view, alliance.id, DAYS[1])
        assert metrics.summary == alliance_metrics(whole, alliance.id, DAYS[1]).summary


def test_an_unknown_alliance_is_named(any_store: GraphStore) -> None:
    _load_demo(any_store)
    for reach in (0, 2):
        with pytest.raises(NotFound, match="gibtsnicht"):
            any_store.subgraph(alliance="gibtsnicht", reach=reach)


def test_affiliations_read_from_the_neighbourhood_equal_those_of_the_whole_store(loaded: GraphStore) -> None:
    """What decides who may see an element, read with indexed queries, as from the whole store."""
    whole = _old(loaded, audience=Visibility.RESTRICTED)
    expected = visibility.affiliations(whole)
    assert any(expected.values()) and any(not a for a in expected.values())
    assert loaded.affiliations(list(whole)) == expected
    for element in sorted(whole)[:: max(1, len(whole) // 40)]:  # alone, without the others' neighbourhood
        assert loaded.affiliations([element]) == {element: expected[element]}
    goals = [n for n, kind in whole.nodes(data="kind") if kind == NodeKind.GOAL]
    assert loaded.affiliations(goals) == {g: expected[g] for g in goals}
    assert loaded.affiliations(["gibtsnicht"]) == {}

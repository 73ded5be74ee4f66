"""Metrics give NetworkX's own numbers; brokers, ties and E-I mean what they say."""

from __future__ import annotations

import doctest
import importlib
import math
import random
from collections.abc import Callable
from datetime import date
from typing import Any

import networkx as nx
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from buendnisatlas.graph import brokerage, centrality
from buendnisatlas.graph.diff import diff
from buendnisatlas.graph.metrics import actor_metrics, alliance_metrics
from buendnisatlas.graph.ties import actor_ties, introduction_paths, members, neighbours, parse_via

from .analysis_graphs import AT, RECENT, Net, chain


def small_graphs(directed: bool) -> list[nx.Graph]:
    """Random graphs with weights, isolated nodes and several components, plus classics."""
    graphs = []
    for seed in range(6):
        G = nx.gnp_random_graph(25, 0.06 + 0.03 * (seed % 3), seed=seed, directed=directed)
        G.add_node("allein")
        rnd = random.Random(seed)
        for u, v in G.edges:
            G[u][v]["w"] = rnd.randint(1, 5)
        graphs.append(G)
    if not directed:
        graphs += [nx.karate_club_graph(), nx.path_graph(2), nx.empty_graph(3)]
    return graphs


def close(a: dict[Any, float], b: dict[Any, float], tol: float = 1e-9) -> bool:
    return a.keys() == b.keys() and all((math.isnan(a[k]) and math.isnan(b[k])) or abs(a[k] - b[k]) <= tol for k in a)


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("normalized", [True, False])
@pytest.mark.parametrize("weight", [None, "w"])
def test_betweenness_equals_networkx(directed: bool, normalized: bool, weight: str | None) -> None:
    for G in small_graphs(directed):
        ours = centrality.betweenness_centrality(G, normalized=normalized, weight=weight)
        assert close(ours, nx.betweenness_centrality(G, normalized=normalized, weight=weight))


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("wf_improved", [True, False])
@pytest.mark.parametrize("distance", [None, "w"])
def test_closeness_equals_networkx(directed: bool, wf_improved: bool, distance: str | None) -> None:
    for G in small_graphs(directed):
        ours = centrality.closeness_centrality(G, distance=distance, wf_improved=wf_improved)
        assert isinstance(ours, dict)
        assert close(ours, nx.closeness_centrality(G, distance=distance, wf_improved=wf_improved))
    G = small_graphs(directed)[0]
    assert centrality.closeness_centrality(G, u=3) == pytest.approx(nx.closeness_centrality(G, u=3))


def test_multigraphs_count_parallel_ties_once_like_networkx() -> None:
    M = nx.MultiGraph([(1, 2), (1, 2), (2, 3), (3, 4), (1, 4), (4, 5), (5, 5)])
    M.add_edge(1, 2, w=3)
    assert close(centrality.betweenness_centrality(M), nx.betweenness_centrality(M))
    assert close(centrality.closeness_centrality(M), nx.closeness_centrality(M))  # type: ignore[arg-type]
    assert close(centrality.betweenness_centrality(M, weight="w"), nx.betweenness_centrality(M, weight="w"))


@pytest.mark.parametrize("directed", [False, True])
def test_pagerank_equals_networkx(directed: bool) -> None:
    for G in small_graphs(directed):
        expected = _pagerank_python(G, weight="w", tol=1e-12, max_iter=10_000)
        assert close(centrality.pagerank(G, weight="w"), expected, tol=1e-7)
        expected = _pagerank_python(G, alpha=0.7, weight=None, tol=1e-12, max_iter=10_000)
        assert close(centrality.pagerank(G, alpha=0.7, weight=None), expected, tol=1e-7)
    with pytest.raises(NotImplementedError):
        centrality.pagerank(G, personalization={0: 1.0})


def test_eigenvector_equals_networkx_on_connected_graphs() -> None:
    for G in [nx.karate_club_graph(), nx.les_miserables_graph(), nx.cycle_graph(7)]:
        for weight in (None, "weight"):
            expected = nx.eigenvector_centrality(G, weight=weight, tol=1e-12, max_iter=10_000)
            assert close(centrality.eigenvector_centrality(G, weight=weight), expected, tol=1e-6)


def test_louvain_finds_partitions_as_good_as_networkx() -> None:
    assert centrality.louvain_communities(nx.empty_graph(3)) == [{0}, {1}, {2}]
    graphs = [G for G in small_graphs(False) if G.number_of_edges()] + [nx.les_miserables_graph()]
    for G in graphs:
        weight = "w" if any("w" in d for _, _, d in G.edges(data=True)) else "weight"
        ours, theirs = [], []
        for seed in range(8):  # both depend on the node order a seed draws: compare on average
            found = centrality.louvain_communities(G, weight=weight, seed=seed)
            assert set().union(*found) == set(G) and sum(len(c) for c in found) == len(G)  # a partition
            assert found == centrality.louvain_communities(G, weight=weight, seed=seed)  # the seed repeats it
            ours.append(nx.community.modularity(G, found, weight=weight))
            expected = nx.community.louvain_communities(G, weight=weight, seed=seed)
            theirs.append(nx.community.modularity(G, expected, weight=weight))
        assert sum(ours) / 8 >= sum(theirs) / 8 - 0.01


def test_burt_constraint_and_effective_size_equal_networkx() -> None:
    for G in small_graphs(False):
        for weight in (None, "w"):
            assert close(brokerage.constraint(G, weight=weight), nx.constraint(G, weight=weight))
        assert close(brokerage.effective_size(G), nx.effective_size(G))


def test_cut_off_sizes_match_removing_each_articulation_point() -> None:
    for seed in range(60):
        G = nx.gnp_random_graph(30, 0.05 + (seed % 5) * 0.02, seed=seed)
        expected = {}
        for v in nx.articulation_points(G):
            rest = G.subgraph(nx.node_connected_component(G, v) - {v})
            parts = [len(c) for c in nx.connected_components(rest)]
            expected[v] = sum(parts) - max(parts)
        assert brokerage.cut_off_sizes(G) == expected


def test_sector_brokers_and_ei_index() -> None:
    G = nx.Graph(
        [("amt", "v1"), ("amt", "v2"), ("v1", "v2"), ("kirche1", "v1"), ("kirche1", "kirche2"), ("amt", "kreis")]
    )
    sectors = {"amt": "administration", "kreis": "administration", "v1": "civil_society", "v2": "civil_society"}
    nx.set_node_attributes(G, {**sectors, "kirche1": "religion", "kirche2": "religion"}, "sector")
    found = {b.sectors: b.actors for b in brokerage.sector_brokers(G)}
    assert found == {("administration", "civil_society"): ("amt",), ("civil_society", "religion"): ("kirche1", "v1")}
    ei = brokerage.ei_index(G)
    assert (ei.external, ei.internal) == (3, 3)
    assert ei.index == 0 and ei.external_share == 0.5


def test_actor_metrics_use_networkx_definitions() -> None:
    T = nx.karate_club_graph()
    m = actor_metrics(T)
    between = nx.betweenness_centrality(T)
    core = nx.core_number(T)
    assert all(m[n]["betweenness"] == pytest.approx(between[n]) for n in T)
    assert all(m[n]["core"] == core[n] for n in T)
    assert {m[n]["community"] for n in T} == set(range(len({m[n]["community"] for n in T})))
    assert actor_metrics(nx.Graph()) == {}


def test_actor_ties_derivation_and_dates() -> None:
    net = Net()
    for i in ["a", "b", "c", "d", "e"]:
        net.actor(i)
    net.coop("a", "b", since=date(2020, 1, 1), until=date(2024, 12, 31))  # ended before AT
    ak = net.working_group("ak")
    net.rel("b", ak, "MEMBER_OF", since=RECENT)
    net.rel("c", ak, "MEMBER_OF", since=RECENT)
    p = net.project("p")
    net.rel("c", p, "LEADS")
    net.rel("d", p, "PARTNER_IN")
    konf = net.event("konferenz", date(2025, 9, 1))  # after AT: has not happened yet
    net.rel("d", konf, "PARTICIPATED_IN")
    net.rel("e", konf, "PARTICIPATED_IN")
    G = net.graph()

    T = actor_ties(G, at=AT)
    assert sorted(map(sorted, T.edges())) == [["b", "c"], ["c", "d"]]
    assert T["b"]["c"]["contexts"] == ["ak"] and not T["b"]["c"]["direct"]
    T_later = actor_ties(G, at=date(2025, 12, 31))
    assert T_later.has_edge("d", "e") and not T_later.has_edge("a", "b")
    assert actor_ties(G, at=date(2024, 6, 1)).has_edge("a", "b")
    assert sorted(map(sorted, actor_ties(G, at=AT, via=parse_via("projekt")).edges())) == [["c", "d"]]
    assert members(G, "pfd", AT) == {"a", "b", "c", "d", "e"}
    assert neighbours(G, "c", at=AT) == {"b", "d"}
    path = introduction_paths(G, ["b"], ["d"], at=AT)["d"]
    assert [(s.actor, s.via) for s in path] == [("b", "start"), ("c", "working_group"), ("d", "project")]
    with pytest.raises(ValueError, match="unbekannte Art"):
        parse_via("Stammtisch")


def test_alliance_metrics_on_the_members_network() -> None:
    net = Net()
    chain(net, ["a", "b", "c"])
    net.actor("aussen", member=False)
    net.coop("c", "aussen")
    result = alliance_metrics(net.graph(), "pfd", AT)
    assert set(result.actors) == {"a", "b", "c"}
    assert result.summary["ties"] == 2 and result.summary["articulation_points"] == 1
    assert result.actors["b"]["betweenness"] == 1.0 and result.actors["b"]["cut_off"] == 1


def test_diff_on_a_hand_made_alliance() -> None:
    net = Net()
    net.actor("amt", sector="administration", since=date(2020, 1, 1))
    net.actor("verein", since=date(2024, 9, 1))
    net.actor("alt", since=date(2020, 1, 1), member=False)
    net.rel("alt", "pfd", "MEMBER_OF", since=date(2020, 1, 1), until=date(2024, 3, 31))
    net.coop("amt", "alt", since=date(2020, 1, 1))
    net.coop("amt", "verein", since=date(2024, 10, 1))
    d = diff(net.graph(), "pfd", date(2023, 12, 31), date(2024, 12, 31))
    assert [m["id"] for m in d.members_joined] == ["verein"]
    assert [m["id"] for m in d.members_left] == ["alt"]
    assert [t["actors"] for t in d.ties_formed] == [["amt", "verein"]]
    assert [t["actors"] for t in d.ties_ended] == [["alt", "amt"]]
    assert d.metrics["ties"] == {"from": 1, "to": 1, "change": 0}
    assert d.to_dict()["from"] == "2023-12-31"


@pytest.mark.parametrize(
    "module",
    ["centrality", "ties", "brokerage", "metrics", "gaps", "diff", "profiles"],
)
def test_docstring_examples_run(module: str) -> None:
    mod = importlib.import_module(f"buendnisatlas.graph.{module}")
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_sampling_and_endpoints_fall_back_to_networkx() -> None:
    G = nx.karate_club_graph()
    fallback: Callable[..., dict[Any, float]] = centrality.betweenness_centrality
    assert close(fallback(G, endpoints=True), nx.betweenness_centrality(G, endpoints=True))
    assert close(fallback(G, k=10, seed=1), nx.betweenness_centrality(G, k=10, seed=1))

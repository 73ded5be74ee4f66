"""Who is tied to whom: the actor–actor network behind every metric and gap.

The store's graph links actors to many kinds of nodes; network analysis needs a
network of actors. :func:`actor_ties` derives it:

* **direct** — a ``COOPERATES_WITH`` relation ties its two actors;
* **body**, **working_group** — two actors ``MEMBER_OF`` the same Gremium or
  Facharbeitskreis sit at one table and are tied;
* **project** — two actors who lead or partner in (``LEADS`` / ``PARTNER_IN``) the
  same project are tied;
* **event** — two actors who took part (``PARTICIPATED_IN``) in the same event are tied.

Any subset of these can be chosen with ``via``. Membership in an *alliance* itself
never ties two actors: every member of an alliance is a member, so counting it would
make every alliance one clique and hide every gap.

Every function takes an optional ``at`` date: only relations valid on that day count,
and events dated later have not happened yet. ``at=None`` takes ``G`` as it is (for a
graph already cut to a date by ``store.subgraph(at=...)``).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Collection, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from .text import fold
from .vocab import NodeKind, RelationType

__all__ = [
    "CONTEXTS",
    "DEFAULT_VIA",
    "Step",
    "actor_ties",
    "alliance_parts",
    "introduction_paths",
    "is_active",
    "is_present",
    "members",
    "neighbours",
    "parse_via",
    "reverse_path",
]

CONTEXTS = ("direct", "body", "working_group", "project", "event")
DEFAULT_VIA = frozenset(CONTEXTS)
VIA_LABELS = {
    "direct": "Kooperation",
    "body": "Gremium",
    "working_group": "Arbeitskreis",
    "project": "Projekt",
    "event": "Veranstaltung",
}
# Which relation from an actor puts it into which kind of shared context.
_CONTEXT_OF: dict[RelationType, tuple[NodeKind, ...]] = {
    RelationType.MEMBER_OF: (NodeKind.BODY, NodeKind.WORKING_GROUP),
    RelationType.LEADS: (NodeKind.PROJECT,),
    RelationType.PARTNER_IN: (NodeKind.PROJECT,),
    RelationType.PARTICIPATED_IN: (NodeKind.EVENT,),
}
_VIA_OF_KIND = {
    NodeKind.BODY: "body",
    NodeKind.WORKING_GROUP: "working_group",
    NodeKind.PROJECT: "project",
    NodeKind.EVENT: "event",
}


def parse_via(text: str | Iterable[str] | None) -> frozenset[str]:
    """Tie sources from a comma-separated text or a list; German names work too.

    Examples
    --------
    >>> sorted(parse_via("direkt, Arbeitskreis"))
    ['direct', 'working_group']
    """
    if text is None:
        return DEFAULT_VIA
    parts = text.split(",") if isinstance(text, str) else list(text)
    aliases = {
        "direkt": "direct",
        "kooperation": "direct",
        "gremium": "body",
        "gremien": "body",
        "arbeitskreis": "working_group",
        "arbeitskreise": "working_group",
        "projekt": "project",
        "projekte": "project",
        "veranstaltung": "event",
        "veranstaltungen": "event",
        "alle": "all",
    }
    chosen: set[str] = set()
    for part in parts:
        key = fold(part)
        key = aliases.get(key, key)
        if not key:
            continue
        if key == "all":
            chosen |= DEFAULT_VIA
        elif key in CONTEXTS:
            chosen.add(key)
        else:
            allowed = ", ".join(["direkt", "gremium", "arbeitskreis", "projekt", "veranstaltung", "alle"])
            raise ValueError(f"unbekannte Art von Verbindung „{part.strip()}“ (erlaubt: {allowed})")
    return frozenset(chosen)


def is_active(data: Mapping[str, Any], at: date | None) -> bool:
    """Whether a relation (its edge attributes) holds on ``at``; ``None``: yes.

    Examples
    --------
    >>> is_active({"since": date(2020, 1, 1), "until": None}, date(2019, 12, 31))
    False
    """
    if at is None:
        return True
    since, until = data.get("since"), data.get("until")
    return (since is None or since <= at) and (until is None or until >= at)


def is_present(attrs: Mapping[str, Any], at: date | None) -> bool:
    """Whether a node exists on ``at``: an event dated later has not happened yet."""
    when = attrs.get("date")
    return at is None or when is None or attrs.get("kind") != NodeKind.EVENT or when <= at


def _edges(G: nx.MultiDiGraph, u: Hashable, at: date | None, reverse: bool = False) -> Iterator[tuple[Any, Any]]:
    """(neighbour, edge data) of the relations leaving (or entering) ``u`` that hold on ``at``."""
    adjacency = G._pred[u] if reverse else G._succ[u]
    for v, keyed in adjacency.items():
        for data in keyed.values():
            if is_active(data, at):
                yield v, data


def alliance_parts(G: nx.MultiDiGraph, alliance: Hashable, at: date | None = None) -> set[Hashable]:
    """The bodies, working groups, projects and events ``PART_OF`` the alliance.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("pfd", kind="alliance"); G.add_node("ba", kind="body")
    >>> _ = G.add_edge("ba", "pfd", type="PART_OF")
    >>> alliance_parts(G, "pfd")
    {'ba'}
    """
    return {
        v
        for v, data in _edges(G, alliance, at, reverse=True)
        if data.get("type") == RelationType.PART_OF and is_present(G.nodes[v], at)
    }


def members(G: nx.MultiDiGraph, alliance: Hashable, at: date | None = None) -> set[Hashable]:
    """The alliance's members on ``at``: actors ``MEMBER_OF`` it or of one of its bodies or working groups.

    Taking part in an event or a project of the alliance does not make an actor a member.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("pfd", kind="alliance"); G.add_node("a", kind="actor"); G.add_node("b", kind="actor")
    >>> _ = G.add_edge("a", "pfd", type="MEMBER_OF", since=date(2024, 1, 1), until=None)
    >>> _ = G.add_edge("b", "pfd", type="MEMBER_OF", since=None, until=date(2023, 6, 30))
    >>> sorted(members(G, "pfd", at=date(2024, 6, 1)))
    ['a']
    """
    if alliance not in G:
        return set()
    tables = {alliance} | {
        p for p in alliance_parts(G, alliance, at) if G.nodes[p].get("kind") in (NodeKind.BODY, NodeKind.WORKING_GROUP)
    }
    found: set[Hashable] = set()
    for table in tables:
        for actor, data in _edges(G, table, at, reverse=True):
            if data.get("type") == RelationType.MEMBER_OF and G.nodes[actor].get("kind") == NodeKind.ACTOR:
                found.add(actor)
    return found


def _contexts(G: nx.MultiDiGraph, actor: Hashable, at: date | None, via: Collection[str]) -> Iterator[Hashable]:
    """The shared-table nodes (bodies, working groups, projects, events) an actor sits at."""
    for target, data in _edges(G, actor, at):
        kinds = _CONTEXT_OF.get(data.get("type"))
        if kinds is None:
            continue
        attrs = G.nodes[target]
        kind = attrs.get("kind")
        if kind in kinds and _VIA_OF_KIND[kind] in via and is_present(attrs, at):
            yield target


def neighbours(
    G: nx.MultiDiGraph, actor: Hashable, *, at: date | None = None, via: Collection[str] = DEFAULT_VIA
) -> set[Hashable]:
    """The actors tied to ``actor`` in the whole graph (its row of :func:`actor_ties`, found locally).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n in "abc": G.add_node(n, kind="actor")
    >>> G.add_node("p", kind="project")
    >>> _ = G.add_edge("a", "p", type="LEADS"); _ = G.add_edge("b", "p", type="PARTNER_IN")
    >>> _ = G.add_edge("c", "a", type="COOPERATES_WITH")
    >>> sorted(neighbours(G, "a"))
    ['b', 'c']
    """
    found: set[Hashable] = set()
    if "direct" in via:
        for reverse in (False, True):
            found.update(v for v, d in _edges(G, actor, at, reverse) if d.get("type") == RelationType.COOPERATES_WITH)
    for table in _contexts(G, actor, at, via):
        found.update(
            v
            for v, d in _edges(G, table, at, reverse=True)
            if d.get("type") in _CONTEXT_OF and G.nodes[v].get("kind") == NodeKind.ACTOR
        )
    found.discard(actor)
    return found


def actor_ties(
    G: nx.MultiDiGraph,
    actors: Iterable[Hashable] | None = None,
    *,
    at: date | None = None,
    via: Collection[str] = DEFAULT_VIA,
) -> nx.Graph:
    """The undirected actor–actor network derived from ``G`` (see the module docstring).

    Parameters
    ----------
    G : nx.MultiDiGraph
        The store's graph (``store.subgraph(...)``).
    actors : iterable, optional
        Only ties among these actors (e.g. an alliance's members); default all actors.
        Shared contexts count wherever they are, also outside the alliance.
    at : date, optional
        Only relations valid on that day.
    via : collection of str
        Which ties count: any of ``direct``, ``body``, ``working_group``, ``project``, ``event``.

    Returns
    -------
    nx.Graph
        One node per actor (with ``name``, ``sector``, ``ags``, ``form``, ``visibility``),
        one edge per tied pair with ``weight`` (how many ties the pair has), ``direct``
        (whether one of them is a cooperation) and ``contexts`` (ids of the shared tables).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n in "abc": G.add_node(n, kind="actor", name=n.upper(), sector="civil_society")
    >>> G.add_node("ak", kind="working_group", name="AK Schule")
    >>> _ = G.add_edge("a", "b", type="COOPERATES_WITH")
    >>> _ = G.add_edge("b", "ak", type="MEMBER_OF"); _ = G.add_edge("c", "ak", type="MEMBER_OF")
    >>> sorted(actor_ties(G).edges())
    [('a', 'b'), ('b', 'c')]
    >>> sorted(actor_ties(G, via={"direct"}).edges())
    [('a', 'b')]
    """
    if actors is None:
        chosen = [n for n, a in G.nodes(data=True) if a.get("kind") == NodeKind.ACTOR]
    else:
        # Sorted: ``actors`` is often a set, and its order would reach Louvain and the float sums.
        chosen = sorted((n for n in actors if n in G and G.nodes[n].get("kind") == NodeKind.ACTOR), key=str)
    keep = set(chosen)
    T = nx.Graph()
    for n in chosen:
        a = G.nodes[n]
        T.add_node(
            n,
            name=a.get("name", str(n)),
            sector=a.get("sector"),
            ags=a.get("ags"),
            form=a.get("form"),
            visibility=a.get("visibility"),
        )
    # Collect ties in plain dicts first: far cheaper than growing the graph edge by edge.
    ties: dict[tuple[Hashable, Hashable], tuple[bool, list[Hashable]]] = {}
    tables: dict[Hashable, list[Hashable]] = {}
    direct = "direct" in via
    for u in chosen:
        for v, data in _edges(G, u, at):
            if direct and data.get("type") == RelationType.COOPERATES_WITH and v in keep and v != u:
                pair = (u, v) if (v, u) not in ties else (v, u)
                ties[pair] = (True, ties[pair][1] if pair in ties else [])
        for table in _contexts(G, u, at, via):
            tables.setdefault(table, []).append(u)
    for table, group in tables.items():
        for u, v in itertools.combinations(dict.fromkeys(group), 2):
            pair = (u, v) if (v, u) not in ties else (v, u)
            if pair in ties:
                ties[pair][1].append(table)
            else:
                ties[pair] = (False, [table])
    T.add_edges_from(
        (u, v, {"weight": int(is_direct) + len(contexts), "direct": is_direct, "contexts": contexts})
        for (u, v), (is_direct, contexts) in ties.items()
    )
    return T


@dataclass(frozen=True)
class Step:
    """One hop of an introduction path: from the previous actor to ``actor`` through ``via``.

    ``context`` is the shared table's id (``None`` for a direct cooperation).
    """

    actor: Hashable
    via: str
    context: Hashable | None = None


def introduction_paths(
    G: nx.MultiDiGraph,
    sources: Iterable[Hashable],
    targets: Iterable[Hashable],
    *,
    at: date | None = None,
    via: Collection[str] = DEFAULT_VIA,
    limit: int | None = None,
    max_steps: int | None = None,
) -> dict[Hashable, list[Step]]:
    """The shortest chain of existing ties from any of ``sources`` to each of ``targets``.

    With ``limit``, the search stops after that many targets are reached (the nearest ones);
    with ``max_steps``, chains longer than that many ties are not followed (nor found).

    A chain counts actors: a cooperation and a shared table are one step each. The
    search walks ``G`` itself (actors and the tables between them) and stops once every
    reachable target is found, so it costs only the part of the graph it explores.

    Returns
    -------
    dict
        target → list of :class:`Step`; the first step's ``actor`` is a source and has
        ``via="start"``. Unreachable targets are missing.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n in "abc": G.add_node(n, kind="actor")
    >>> G.add_node("ak", kind="working_group")
    >>> _ = G.add_edge("a", "b", type="COOPERATES_WITH")
    >>> _ = G.add_edge("b", "ak", type="MEMBER_OF"); _ = G.add_edge("c", "ak", type="MEMBER_OF")
    >>> [(s.actor, s.via) for s in introduction_paths(G, ["a"], ["c"])["c"]]
    [('a', 'start'), ('b', 'direct'), ('c', 'working_group')]
    """
    wanted = {t for t in targets if t in G}
    found: dict[Hashable, list[Step]] = {}
    if not wanted:
        return found
    # Costs: actor→table→actor 1+1, a direct cooperation 2, so both are one step.
    dist: dict[Hashable, int] = {}
    parent: dict[Hashable, Hashable] = {}
    heap: list[tuple[int, int, Hashable]] = []
    counter = itertools.count()
    for s in sources:
        if s in G and s not in dist:
            dist[s] = 0
            heapq.heappush(heap, (0, next(counter), s))
    settled: set[Hashable] = set()
    remaining = set(wanted)
    direct = "direct" in via
    reached = 0
    horizon = None if max_steps is None else 2 * max_steps
    while heap and remaining and (limit is None or reached < limit):
        d, _, u = heapq.heappop(heap)
        if u in settled:
            continue
        settled.add(u)
        if u in remaining:
            remaining.discard(u)
            reached += G.nodes[u].get("kind") == NodeKind.ACTOR
        kind = G.nodes[u].get("kind")
        if kind == NodeKind.ACTOR:
            steps: list[tuple[Hashable, int]] = [(t, 1) for t in _contexts(G, u, at, via)]
            if direct:
                steps += [
                    (v, 2)
                    for reverse in (False, True)
                    for v, data in _edges(G, u, at, reverse)
                    if data.get("type") == RelationType.COOPERATES_WITH
                ]
        else:
            steps = [
                (v, 1)
                for v, data in _edges(G, u, at, reverse=True)
                if G.nodes[v].get("kind") == NodeKind.ACTOR and data.get("type") in _CONTEXT_OF
            ]
        for v, cost in steps:
            nd = d + cost
            if horizon is not None and nd > horizon:
                continue
            if v not in settled and nd < dist.get(v, nd + 1):
                dist[v] = nd
                parent[v] = u
                heapq.heappush(heap, (nd, next(counter), v))
    for t in wanted & settled:
        if G.nodes[t].get("kind") != NodeKind.ACTOR:
            continue
        found[t] = _chain(G, parent, t)
    return found


def _chain(G: nx.MultiDiGraph, parent: Mapping[Hashable, Hashable], target: Hashable) -> list[Step]:
    """Rebuild actor steps from the search's parents, folding each table into the step it explains."""
    nodes: list[Hashable] = [target]
    while nodes[-1] in parent:
        nodes.append(parent[nodes[-1]])
    nodes.reverse()
    steps = [Step(nodes[0], "start")]
    i = 1
    while i < len(nodes):
        node = nodes[i]
        if G.nodes[node].get("kind") == NodeKind.ACTOR:
            steps.append(Step(node, "direct"))
            i += 1
        else:
            steps.append(Step(nodes[i + 1], _VIA_OF_KIND[G.nodes[node]["kind"]], node))
            i += 2
    return steps


def reverse_path(path: list[Step]) -> list[Step]:
    """The same chain walked from its end: each step keeps the tie that joins it to its neighbour.

    Examples
    --------
    >>> path = [Step("a", "start"), Step("b", "direct"), Step("c", "event", "konf")]
    >>> [(s.actor, s.via, s.context) for s in reverse_path(path)]
    [('c', 'start', None), ('b', 'event', 'konf'), ('a', 'direct', None)]
    """
    if not path:
        return []
    actors = [s.actor for s in reversed(path)]
    links = [(s.via, s.context) for s in reversed(path[1:])]
    return [Step(actors[0], "start")] + [Step(a, via, ctx) for a, (via, ctx) in zip(actors[1:], links, strict=True)]

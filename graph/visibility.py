"""The one visibility policy: who may see and who may change which element.

Every door asks it through the service layer (:mod:`buendnisatlas.services`), never
directly; a test walks the imports to keep it so.

Levels and audiences
--------------------
Each element is marked ``public``, ``network`` or ``restricted``. An *audience* is the
most a reader may see of one element:

* ``public`` — anyone: only elements marked ``public``, and never a person, whatever
  their marking or consent (the README's promise: public maps show no persons).
* ``network`` — ``public`` and ``network`` elements.
* ``restricted`` — everything.

A person counts as ``restricted`` unless a consent is recorded for them (who gave it,
when, for what purpose): a marking alone never lifts a person.

Which audience a reader is
--------------------------
It depends on the reader's role and on the alliances the element *belongs to*
(:func:`affiliations`):

=====================  ==========================  ===================  ===================
reader                 element of one of theirs    element of others    element of none
=====================  ==========================  ===================  ===================
admin                  restricted                  restricted           restricted
coordinator            restricted                  public               network (restricted
                                                                        with edits_unaffiliated)
member                 network                     public               network
the public             public                      public               public
=====================  ==========================  ===================  ===================

An element belongs to

* an alliance: itself;
* a body, working group, project or event: every alliance it is ``PART_OF`` or (a
  project) ``FUNDED_BY``;
* an actor: every alliance it has any relation to — directly, or to one of that
  alliance's parts (membership, leading or joining a project, taking part in an event) —
  at any time: former members stay in the alliance's records, so that its coordinators
  can compare dates;
* a goal: the alliance its ``alliance`` field names, else that of its parent goal;
* an advisory service: no alliance — services are offers for a region (of the Land,
  a Landkreis, a Träger) whoever refers to them.

A relation is shown only if both its ends are shown.

Fields
------
Some fields are internal working text, whatever the element's marking: a note
(``note``, „Notiz“) is never shown to an audience of ``public`` — the public, public
exports and maps, and coordinators or members of *other* alliances, who see an element
only as the public does (:data:`INTERNAL_FIELDS`, :func:`shown_fields`). An element that belongs to no
alliance is changed only by admins and by coordinators an admin named
(``edits_unaffiliated``); an element of an alliance by that alliance's coordinators.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

import networkx as nx

from .model import Node
from .vocab import ActorForm, NodeKind, RelationType, Visibility

_RANK = {Visibility.PUBLIC: 0, Visibility.NETWORK: 1, Visibility.RESTRICTED: 2}

ADMIN, COORDINATOR, MEMBER = "admin", "coordinator", "member"

# Relations that make their source part of the alliance they point to (directly or via a part).
PART_TYPES = frozenset({RelationType.PART_OF, RelationType.FUNDED_BY})
NO_ALLIANCE: frozenset[str] = frozenset()
NodeT = TypeVar("NodeT", bound=Node)


class Reader(Protocol):
    """Who is asking: what the policy needs of a viewer (the service layer's ``Viewer``)."""

    @property
    def role(self) -> str | None: ...  # "admin", "coordinator", "member"; None: the public

    @property
    def alliances(self) -> frozenset[str]: ...

    @property
    def edits_unaffiliated(self) -> bool: ...


def _fields(node: Mapping[str, Any] | Node) -> tuple[Any, Any, Any]:
    if isinstance(node, Mapping):
        return node.get("form"), node.get("visibility"), node.get("consent_given_at")
    # a model: read its fields, no dump needed
    return getattr(node, "form", None), node.visibility, getattr(node, "consent_given_at", None)


def may_show(node: Mapping[str, Any] | Node, audience: Visibility | str) -> bool:
    """Whether a node (a model, or its attribute mapping in a graph) may be shown to ``audience``.

    Examples
    --------
    >>> may_show({"visibility": "public", "form": "organisation"}, "public")
    True
    >>> may_show({"visibility": "public", "form": "person"}, "public")
    False
    >>> may_show({"visibility": "network"}, "network")
    True

    A person marked ``network`` is restricted until a consent is recorded:

    >>> may_show({"visibility": "network", "form": "person"}, "network")
    False
    >>> may_show({"visibility": "network", "form": "person", "consent_given_at": "2025-03-01"}, "network")
    True
    """
    audience = Visibility(audience)
    form, visibility, consent = _fields(node)
    if form == ActorForm.PERSON:
        if audience == Visibility.PUBLIC:
            return False
        if not consent:
            visibility = Visibility.RESTRICTED
    level = Visibility(visibility or Visibility.RESTRICTED)
    return _RANK[level] <= _RANK[audience]


# Working text of the people who keep the records: never public, whatever the element's marking.
INTERNAL_FIELDS = ("note",)


def shown_fields(attrs: dict[str, Any], audience: Visibility | str) -> dict[str, Any]:
    """A node's attributes with only the fields ``audience`` may read (``attrs`` itself if all).

    >>> shown_fields({"name": "Kreisjugendring", "note": "Vorstand zerstritten"}, "public")
    {'name': 'Kreisjugendring', 'note': None}
    >>> shown_fields({"name": "Kreisjugendring", "note": "Vorstand zerstritten"}, "network")["note"]
    'Vorstand zerstritten'
    """
    if Visibility(audience) != Visibility.PUBLIC or all(attrs.get(f) is None for f in INTERNAL_FIELDS):
        return attrs
    return {**attrs, **dict.fromkeys(INTERNAL_FIELDS)}


def shown_node(node: NodeT, audience: Visibility | str) -> NodeT:
    """``node`` with only the fields ``audience`` may read (a copy if any is left out)."""
    if Visibility(audience) != Visibility.PUBLIC or all(getattr(node, f, None) is None for f in INTERNAL_FIELDS):
        return node
    return node.model_copy(update=dict.fromkeys(INTERNAL_FIELDS))


def _hide_fields(G: nx.MultiDiGraph, public: Iterable[Any]) -> nx.MultiDiGraph:
    """``G`` (a copy of its own) without the internal fields of the nodes ``public`` sees only as the public."""
    for n in public:
        attrs = G.nodes[n]
        for name in INTERNAL_FIELDS:
            if attrs.get(name) is not None:
                attrs[name] = None
    return G


def visible_subgraph(G: nx.MultiDiGraph, audience: Visibility | str) -> nx.MultiDiGraph:
    """A copy of ``G`` with only the nodes (and ties between them) and fields ``audience`` may see.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", visibility="public", form="organisation", note="intern")
    >>> G.add_node("p", visibility="public", form="person")
    >>> G.add_edge("p", "a", type="MEMBER_OF")
    0
    >>> public = visible_subgraph(G, "public")
    >>> sorted(public), public.nodes["a"]["note"]
    (['a'], None)
    """
    keep = [n for n, attrs in G.nodes(data=True) if may_show(attrs, audience)]
    shown = G.subgraph(keep).copy()
    return _hide_fields(shown, shown) if Visibility(audience) == Visibility.PUBLIC else shown


def affiliations(G: nx.MultiDiGraph) -> dict[str, frozenset[str]]:
    """Every node of ``G`` → the alliances it belongs to (see the module text).

    ``G`` is the whole graph, or holds what the answer for the nodes one asks about depends
    on (their neighbourhood, as :func:`~buendnisatlas.graph.store.read_affiliations` reads it).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, kind in [("pfd", "alliance"), ("ba", "body"), ("anna", "actor"), ("s", "advisory_service")]:
    ...     G.add_node(n, kind=kind)
    >>> _ = G.add_edge("ba", "pfd", type="PART_OF")
    >>> _ = G.add_edge("anna", "ba", type="MEMBER_OF")
    >>> _ = G.add_edge("anna", "s", type="REFERS_TO")
    >>> {n: sorted(a) for n, a in affiliations(G).items()}
    {'pfd': ['pfd'], 'ba': ['pfd'], 'anna': ['pfd'], 's': []}
    """
    kinds = nx.get_node_attributes(G, "kind")
    parts: dict[str, set[str]] = {n: {n} for n, kind in kinds.items() if kind == NodeKind.ALLIANCE}
    for u, v, type_ in G.edges(data="type"):
        if type_ in PART_TYPES and kinds.get(v) == NodeKind.ALLIANCE and kinds.get(u) != NodeKind.ACTOR:
            parts.setdefault(u, set()).add(v)
    found: dict[str, set[str]] = {n: set(a) for n, a in parts.items()}
    for u, v in G.edges():
        if kinds.get(u) == NodeKind.ACTOR and v in parts:
            found.setdefault(u, set()).update(parts[v])
    for n, kind in kinds.items():
        if kind == NodeKind.GOAL:
            found[n] = set(_goal_alliance(G, n))
    return {n: frozenset(found.get(n, ())) for n in G}


def _goal_alliance(G: nx.MultiDiGraph, goal: str) -> set[str]:
    """The alliance a goal names, or the nearest parent goal names (a strategy is a tree)."""
    seen = set()
    while goal in G and goal not in seen:
        seen.add(goal)
        alliance = G.nodes[goal].get("alliance")
        if alliance in G and G.nodes[alliance].get("kind") == NodeKind.ALLIANCE:
            return {alliance}
        goal = G.nodes[goal].get("parent_goal")
    return set()


def audience_of(reader: Reader, belongs: frozenset[str]) -> Visibility:
    """The most ``reader`` may see of an element that belongs to the alliances ``belongs``.

    >>> from types import SimpleNamespace as R
    >>> coordinator = R(role="coordinator", alliances=frozenset({"a"}), edits_unaffiliated=False)
    >>> [audience_of(coordinator, b).value for b in (frozenset({"a"}), frozenset({"b"}), frozenset())]
    ['restricted', 'public', 'network']
    """
    role = reader.role
    if role == ADMIN:
        return Visibility.RESTRICTED
    if role not in (COORDINATOR, MEMBER):
        return Visibility.PUBLIC
    if not belongs:
        if role == COORDINATOR and reader.edits_unaffiliated:
            return Visibility.RESTRICTED
        return Visibility.NETWORK
    if belongs & reader.alliances:
        return Visibility.RESTRICTED if role == COORDINATOR else Visibility.NETWORK
    return Visibility.PUBLIC


def may_read(reader: Reader, node: Mapping[str, Any] | Node, belongs: frozenset[str]) -> bool:
    """Whether ``reader`` may see ``node`` (which belongs to ``belongs``) at all."""
    return may_show(node, audience_of(reader, belongs))


def may_edit(reader: Reader, belongs: frozenset[str]) -> bool:
    """Whether ``reader`` may change an element that belongs to the alliances ``belongs``.

    >>> from types import SimpleNamespace as R
    >>> coordinator = R(role="coordinator", alliances=frozenset({"a"}), edits_unaffiliated=False)
    >>> [may_edit(coordinator, b) for b in (frozenset({"a", "b"}), frozenset({"b"}), frozenset())]
    [True, False, False]
    """
    if reader.role == ADMIN:
        return True
    if reader.role != COORDINATOR:
        return False
    return bool(belongs & reader.alliances) if belongs else reader.edits_unaffiliated


def readable(
    reader: Reader,
    nodes: Sequence[Mapping[str, Any]],
    belongs: Callable[[Iterable[str]], Mapping[str, frozenset[str]]],
) -> list[Mapping[str, Any]]:
    """Those of ``nodes`` (attribute mappings with their ``id``) that ``reader`` may see, in their order.

    ``belongs(ids)`` gives the alliances of elements (:func:`affiliations`); it is asked once,
    and only about the elements the public may not see: what the public sees, everyone sees.

    >>> from types import SimpleNamespace as R
    >>> member = R(role="member", alliances=frozenset({"a"}), edits_unaffiliated=False)
    >>> nodes = [{"id": "x", "visibility": "public"}, {"id": "y", "visibility": "network"},
    ...          {"id": "z", "visibility": "network"}]
    >>> [n["id"] for n in readable(member, nodes, lambda ids: {"y": frozenset({"a"}), "z": frozenset({"b"})})]
    ['x', 'y']
    """
    if reader.role == ADMIN:
        return list(nodes)
    public = [may_show(n, Visibility.PUBLIC) for n in nodes]
    if reader.role not in (COORDINATOR, MEMBER):
        return [n for n, shown in zip(nodes, public, strict=True) if shown]
    found = belongs([n["id"] for n, shown in zip(nodes, public, strict=True) if not shown])
    return [
        n
        for n, shown in zip(nodes, public, strict=True)
        if shown or may_read(reader, n, found.get(n["id"], NO_ALLIANCE))
    ]


def readable_subgraph(
    G: nx.MultiDiGraph, reader: Reader, belongs: Mapping[str, frozenset[str]] | None = None
) -> nx.MultiDiGraph:
    """A copy of ``G`` with only what ``reader`` may see; ``belongs`` from :func:`affiliations` of the whole graph.

    ``G`` may be a part (an alliance, a region, a date) of the whole graph whose
    affiliations ``belongs`` holds; without it, ``G`` is taken as the whole graph.
    """
    if reader.role == ADMIN:
        return G.copy()
    if reader.role not in (COORDINATOR, MEMBER):
        return visible_subgraph(G, Visibility.PUBLIC)
    belongs = affiliations(G) if belongs is None else belongs
    audiences = {n: audience_of(reader, belongs.get(n, NO_ALLIANCE)) for n in G}
    keep = [n for n, attrs in G.nodes(data=True) if may_show(attrs, audiences[n])]
    return _hide_fields(G.subgraph(keep).copy(), (n for n in keep if audiences[n] == Visibility.PUBLIC))

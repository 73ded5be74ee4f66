"""Who is asking (:class:`Viewer`) and the store as they may see it (:class:`View`)."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import networkx as nx

from buendnisatlas.graph import visibility
from buendnisatlas.graph.accounts import Role, User
from buendnisatlas.graph.model import KIND_LABELS, Node, Relation
from buendnisatlas.graph.store import Changes, GraphStore, NotFound, ReadSet, StoreError, resolve
from buendnisatlas.graph.text import fold
from buendnisatlas.graph.vocab import NodeKind, RelationType, Visibility
from buendnisatlas.services import cache


class Forbidden(StoreError):
    """The viewer's role does not allow this at all (whatever the element): HTTP 403."""


@dataclass(frozen=True)
class Viewer:
    """Who reads or writes: a role, the alliances it holds for, and the name the audit log records.

    >>> Viewer.public().role is None, Viewer.admin("cli:anna").who
    (True, 'cli:anna')
    """

    email: str | None = None
    role: Role | None = None  # None: the public
    alliances: frozenset[str] = field(default_factory=frozenset)
    edits_unaffiliated: bool = False
    label: str | None = None  # what the audit log records when there is no e-mail (the CLI, the bootstrap token)

    @property
    def cache_key(self) -> str:
        """What a cached answer for this viewer depends on: who may see what, not who asked."""
        return f"{self.role}|{','.join(sorted(self.alliances))}|{self.edits_unaffiliated}"

    @classmethod
    def public(cls) -> Viewer:
        return cls()

    @classmethod
    def admin(cls, who: str) -> Viewer:
        return cls(role=Role.ADMIN, label=who)

    @classmethod
    def cli(cls) -> Viewer:
        """The local administrator: whoever holds the store file has everything."""
        try:
            user = getpass.getuser()
        except (KeyError, OSError):  # no user name in the environment or the password database
            user = str(os.getuid()) if hasattr(os, "getuid") else "unbekannt"
        return cls.admin(f"cli:{user}")

    @classmethod
    def for_user(cls, user: User) -> Viewer:
        """The viewer of an account."""
        return cls(
            email=user.email,
            role=user.role,
            alliances=frozenset(user.alliances),
            edits_unaffiliated=user.edits_unaffiliated,
        )

    @property
    def who(self) -> str:
        return self.email or self.label or "öffentlich"

    @property
    def signed_in(self) -> bool:
        return self.role is not None

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_editor(self) -> bool:
        """Admins and coordinators: the roles that may change anything at all (what exactly, ``View.may_edit`` says)."""
        return self.is_admin or self.role == Role.COORDINATOR


def not_found(element_id: str, kind: NodeKind | None = None) -> NotFound:
    """The one answer for a missing element and for one the viewer may not see: ids confirm nothing."""
    what = f"Kein {KIND_LABELS[kind]}" if kind is not None else "Kein Element"
    return NotFound(f"{what} mit der Kennung „{element_id}“ (gibt es nicht oder ist für Sie nicht sichtbar)")


def relation_not_found(key: str) -> NotFound:
    """The one answer for a missing relation and for one the viewer may not see."""
    return NotFound(f"Keine Beziehung {key} (gibt es nicht oder ist für Sie nicht sichtbar)")


# Views of alliances or regions kept per process: ~1,000 elements of a Land's alliance are a few MB.
VIEWS_KEPT = 8


class View:
    """A store as one viewer may see it: every read of a door goes through here.

    Whole-graph reads are filtered by :func:`~buendnisatlas.graph.visibility.readable_subgraph`;
    reads by id answer a hidden element exactly like a missing one (:func:`not_found`).
    Which alliances an element belongs to is read from its neighbourhood with indexed
    queries (:meth:`~buendnisatlas.graph.store.GraphStore.affiliations`), once per view
    (a view lives for one request or command) — from the whole graph only if that is read anyway.
    """

    def __init__(self, store: GraphStore, viewer: Viewer):
        self.store = store
        self.viewer = viewer
        self._belongs: dict[str, frozenset[str]] = {}

    @cached_property
    def whole(self) -> nx.MultiDiGraph:
        """The whole stored graph, unfiltered: read once per view, never handed out."""
        G = self.store.subgraph()
        self._belongs.update(visibility.affiliations(G))
        return G

    def belongs_of(self, ids: Iterable[str]) -> Mapping[str, frozenset[str]]:
        """Each of ``ids`` (and those asked before) → the alliances it belongs to; a missing id: none."""
        missing = {i for i in ids if i not in self._belongs}
        if missing:
            found = self.store.affiliations(missing)
            self._belongs.update((i, found.get(i, visibility.NO_ALLIANCE)) for i in missing)
        return self._belongs

    def belongs_to(self, element_id: str) -> frozenset[str]:
        """The alliances one element belongs to."""
        return self.belongs_of((element_id,))[element_id]

    # -- graphs ----------------------------------------------------------------------

    def graph(
        self, alliance: str | None = None, region: str | None = None, at: date | None = None, *, reach: int = 0
    ) -> nx.MultiDiGraph:
        """The store's :meth:`~GraphStore.subgraph`, with only what the viewer may see."""
        if alliance is not None:
            self.get(alliance, NodeKind.ALLIANCE)  # a hidden alliance is a missing one
        if self.viewer.is_admin:
            return self._part(alliance, region, at, Visibility.RESTRICTED, reach)
        if not self.viewer.signed_in:  # the store applies the public audience itself, fields too
            return self._part(alliance, region, at, Visibility.PUBLIC, reach)
        whole_asked = alliance is None and region is None and at is None
        part = self.whole if whole_asked else self._part(alliance, region, at, Visibility.RESTRICTED, reach)
        return self.readable(part)

    def _part(
        self, alliance: str | None, region: str | None, at: date | None, audience: Visibility, reach: int
    ) -> nx.MultiDiGraph:
        """An alliance's or region's view as the store gives it, kept while the store is unchanged.

        The analyses of one alliance (gaps, measures, indicators, diff, dashboard) all read the
        same view; it is kept frozen (read-only) for the next of them, also after writes that
        miss what it was read from (an edit in another Kreis). After an edit of fields of its
        elements it takes their new fields (:meth:`ReadSet.updated`); after other changes the
        store asks only about what they touched, and a view with the same elements takes the
        touched ones' new rows and relations from there (:func:`~.store.read_subgraph`).
        The whole graph is not kept: it is read for one command. Only a few views are kept
        (:data:`VIEWS_KEPT`).
        """
        if alliance is None and region is None:
            return self.store.subgraph(at=at, audience=audience)

        def read(prior: ReadSet | None = None) -> ReadSet:
            read = ReadSet()
            nx.freeze(
                self.store.subgraph(
                    alliance=alliance, region=region, at=at, audience=audience, reach=reach, read=read, prior=prior
                )
            )
            return read

        def update(changes: Changes, kept: ReadSet) -> ReadSet:
            updated = kept.updated(changes)
            if updated is None:  # read anew, but only what the changes touched
                return read(prior=kept)
            nx.freeze(updated.graph)
            return updated

        key = (alliance, region, at, audience, reach)
        return cache.per_stamp(self.store, "view", read, key, kept=VIEWS_KEPT, update=update).graph

    def readable(self, part: nx.MultiDiGraph) -> nx.MultiDiGraph:
        """What the viewer may see of ``part``, an unfiltered graph the store returned."""
        if self.viewer.is_admin:
            return part
        if not self.viewer.signed_in:
            return visibility.visible_subgraph(part, Visibility.PUBLIC)
        return visibility.readable_subgraph(part, self.viewer, self.belongs_of(part))

    # -- elements --------------------------------------------------------------------

    def audience(self, node: Node) -> Visibility:
        """The most the viewer may see of ``node``."""
        if self.viewer.is_admin:
            return Visibility.RESTRICTED
        if not self.viewer.signed_in:
            return Visibility.PUBLIC
        return visibility.audience_of(self.viewer, self.belongs_to(node.id))

    def may_see(self, node: Node) -> bool:
        return self.viewer.is_admin or visibility.may_show(node, self.audience(node))

    def shown(self, node: Node) -> Node:
        """``node`` with only the fields the viewer may read (no note where they see it as the public)."""
        return node if self.viewer.is_admin else visibility.shown_node(node, self.audience(node))

    def may_edit(self, node: Node) -> bool:
        """Whether the viewer may change ``node`` (seeing it is a precondition)."""
        if self.viewer.is_admin:
            return True
        return self.may_see(node) and visibility.may_edit(self.viewer, self.belongs_to(node.id))

    def get(self, element_id: str, kind: NodeKind | None = None) -> Node:
        try:
            node = self.store.get_node(element_id)
        except NotFound:
            raise not_found(element_id, kind) from None
        if (kind is not None and node.kind != kind) or not self.may_see(node):
            raise not_found(element_id, kind)
        return self.shown(node)

    def listed(
        self, kind: NodeKind | None = None, name: str | None = None, text: str | None = None, **attrs: Any
    ) -> list[str]:
        """The ids of the elements the viewer may see among those found, ordered by name (folded), then id.

        The store filters (:meth:`~GraphStore.listing`, no models built); who may see what
        is decided on the few fields that needs. Kept per viewer's :attr:`~Viewer.cache_key`
        and filters while the store's change stamp stays, so that paging through a list
        reads only each page's elements.
        """

        def build() -> tuple[str, ...]:
            rows = self.store.listing(kind, name, **attrs)
            if text:
                needle = fold(text)
                rows = [r for r in rows if needle in fold(r["name"])]
            shown = visibility.readable(self.viewer, rows, self.belongs_of)
            return tuple(r["id"] for r in sorted(shown, key=lambda r: (fold(r["name"]), r["id"])))

        key = (self.viewer.cache_key, kind, name, text and fold(text), tuple(sorted(attrs.items())))
        return list(cache.per_stamp(self.store, "listed", build, key))

    def find(self, kind: NodeKind | None = None, name: str | None = None, **attrs: Any) -> list[Node]:
        found = self.store.find_nodes(kind=kind, name=name, **attrs)
        if self.viewer.signed_in and not self.viewer.is_admin:
            self.belongs_of(n.id for n in found)  # in one read, not one per element
        return [self.shown(n) for n in found if self.may_see(n)]

    # the two reads store.resolve needs, as the viewer may see them
    get_node = get
    find_nodes = find

    def resolve(self, ref: str, kind: NodeKind | None = None) -> Node:
        """An element by id or exact name, among those the viewer may see."""
        try:
            return resolve(self, ref, kind)
        except NotFound as exc:
            raise NotFound(f"{exc} – oder für Sie nicht sichtbar") from None

    # -- relations -------------------------------------------------------------------

    def relations(
        self, node_id: str | None = None, type: RelationType | None = None, at: date | None = None
    ) -> list[Relation]:
        """The relations both of whose ends the viewer may see."""
        if node_id is not None:
            self.get(node_id)
        found = self.store.find_relations(node_id=node_id, type=type, at=at)
        if self.viewer.is_admin:
            return found
        if node_id is None:  # all relations: ask about every element at once
            shown = {n.id for n in self.find()}
        else:
            ends = self.store.get_nodes(sorted({end for r in found for end in (r.source, r.target)} - {node_id}))
            self.belongs_of(n.id for n in ends if self.viewer.signed_in)  # in one read, not one per end
            shown = {node_id} | {n.id for n in ends if self.may_see(n)}
        return [r for r in found if r.source in shown and r.target in shown]

    def sees(self, element_id: str) -> bool:
        """Whether the element exists and the viewer may see it."""
        try:
            self.get(element_id)
        except NotFound:
            return False
        return True

    def relation(self, key: str) -> Relation:
        try:
            relation = self.store.get_relation(key)
            self.get(relation.source)
            self.get(relation.target)
        except NotFound:
            raise relation_not_found(key) from None
        return relation

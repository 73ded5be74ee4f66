"""The store port: one protocol that every storage adapter implements.

Adapters are named by technology (:class:`~buendnisatlas.graph.sqlite_store.SqliteStore`,
``Neo4jStore``); the composition root (:mod:`buendnisatlas.config`) picks one by URL.
Analyses never talk to a store: they read the NetworkX graph :meth:`GraphStore.subgraph`
returns, built by :func:`build_graph` so that every adapter yields the same graph.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, NamedTuple, Protocol, runtime_checkable

import networkx as nx
from pydantic import ValidationError

from .accounts import ERASED, ApiToken, AuditEntry, User
from .model import KIND_LABELS, Node, Region, Relation, ags_contains, endpoint_problem, node_from_dict
from .visibility import may_show
from .vocab import NodeKind, RelationType, Visibility


class StoreError(Exception):
    """A store operation failed for a reason the user can act on (message in German)."""


class NotFound(StoreError):
    pass


class DuplicateId(StoreError):
    pass


class AmbiguousName(StoreError):
    def __init__(self, name: str, candidates: list[Node]):
        self.candidates = candidates
        listed = "; ".join(f"{c.id} ({c.name})" for c in candidates)
        super().__init__(f"„{name}“ ist nicht eindeutig. In Frage kommen: {listed}")


class InvalidRelation(StoreError):
    pass


class InvalidData(StoreError):
    """Changes that would make an element invalid; nothing was written."""

    @classmethod
    def from_validation(cls, exc: ValidationError) -> InvalidData:
        parts = []
        for error in exc.errors():
            field_path = ".".join(str(p) for p in error["loc"][1:] or error["loc"])
            parts.append(f"{field_path}: {str(error['msg']).removeprefix('Value error, ')}")
        return cls("; ".join(parts))


@dataclass
class UpsertCounts:
    """What an upsert did: new, changed and unchanged records."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0

    def __iadd__(self, other: UpsertCounts) -> UpsertCounts:
        self.new += other.new
        self.changed += other.changed
        self.unchanged += other.unchanged
        return self


@dataclass
class StoreStats:
    nodes_by_kind: dict[str, int] = field(default_factory=dict)
    actors_by_form: dict[str, int] = field(default_factory=dict)
    actors_by_sector: dict[str, int] = field(default_factory=dict)
    relations_by_type: dict[str, int] = field(default_factory=dict)
    regions: int = 0


@runtime_checkable
class GraphStore(Protocol):
    """What the application needs from a store.

    All writes inside one ``with store.transaction():`` block commit together or not at
    all; a write outside a block is its own transaction. Nested blocks join the outer one.
    """

    url: str

    def close(self) -> None: ...

    def change_stamp(self) -> str:
        """Changes with every committed write by anyone: a cache built at one stamp is valid while it stays."""
        ...

    def transaction(self) -> AbstractContextManager[None]: ...

    # nodes
    def add_node(self, node: Node) -> Node: ...

    def upsert_nodes(self, nodes: Iterable[Node]) -> UpsertCounts: ...

    def update_node(self, node_id: str, **changes: Any) -> Node: ...

    def delete_node(self, node_id: str) -> None: ...

    def get_node(self, node_id: str) -> Node: ...

    def find_nodes(self, kind: NodeKind | None = None, name: str | None = None, **attrs: Any) -> list[Node]: ...

    # relations
    def add_relation(self, relation: Relation) -> Relation: ...

    def upsert_relations(self, relations: Iterable[Relation]) -> UpsertCounts: ...

    def update_relation(self, key: str, **changes: Any) -> Relation: ...

    def delete_relation(self, key: str) -> None: ...

    def get_relation(self, key: str) -> Relation: ...

    def find_relations(
        self, node_id: str | None = None, type: RelationType | None = None, at: date | None = None
    ) -> list[Relation]: ...

    # regions
    def upsert_regions(self, regions: Iterable[Region]) -> UpsertCounts: ...

    def get_region(self, ags: str) -> Region: ...

    def find_regions(self, prefix: str | None = None, name: str | None = None) -> list[Region]: ...

    # views
    def subgraph(
        self,
        alliance: str | None = None,
        region: str | None = None,
        at: date | None = None,
        audience: Visibility = Visibility.RESTRICTED,
    ) -> nx.MultiDiGraph: ...

    def stats(self) -> StoreStats: ...

    # users and API tokens
    def add_user(self, user: User) -> User: ...

    def get_user(self, email: str) -> User: ...

    def find_users(self) -> list[User]: ...

    def update_user(self, email: str, **changes: Any) -> User: ...

    def delete_user(self, email: str) -> None: ...

    def add_token(self, token: ApiToken) -> ApiToken: ...

    def token_by_hash(self, token_hash: str) -> ApiToken: ...

    def find_tokens(self, email: str | None = None) -> list[ApiToken]: ...

    def revoke_token(self, id: str) -> None: ...

    def touch_token(self, id: str, when: datetime) -> None: ...

    # the audit log
    def acting_as(self, who: str) -> AbstractContextManager[None]: ...

    def history(self, element_id: str) -> list[AuditEntry]: ...

    def restore(self, element_id: str) -> Node: ...

    def erase_person(self, person_id: str) -> AuditEntry: ...


_BOOKKEEPING = set(Node.BOOKKEEPING)


# Records are serialised as pydantic's own JSON (fields in model order): serialising in Rust is
# what makes a 500k-relation import fast. SQLite stores this text as the row, and both stores
# log it as an audit entry's before/after.
def node_json(node: Node) -> str:
    """The node's fields without bookkeeping timestamps, as JSON text."""
    return node.__pydantic_serializer__.to_json(node, exclude=_BOOKKEEPING).decode()


def relation_json(rel: Relation) -> str:
    return _RELATION_SERIALIZER.to_json(rel).decode()  # = rel.model_dump_json(), without its wrapper


_RELATION_SERIALIZER = Relation.__pydantic_serializer__
SYSTEM = "system"


class AuditRecord(NamedTuple):
    """An audit entry as a store writes it, before/after as JSON text (SQLite's column order)."""

    at: str
    who: str
    action: str
    element_id: str | None = None
    relation_key: str | None = None
    source: str | None = None
    target: str | None = None
    before: str | None = None
    after: str | None = None


class Auditor:
    """Who is writing (per thread) and under which action, for the audit entries a store records.

    Both stores hold one; ``acting_as`` blocks nest, the innermost name wins.
    """

    def __init__(self) -> None:
        self._local = threading.local()

    @property
    def who(self) -> str:
        return getattr(self._local, "who", None) or SYSTEM

    def action(self, default: str) -> str:
        """``restore`` while :meth:`restoring`, else ``default``."""
        return getattr(self._local, "action", None) or default

    def record(
        self,
        action: str,
        element_id: str | None = None,
        key: str | None = None,
        ends: tuple[str, str] | None = None,
        before: str | None = None,
        after: str | None = None,
        at: str | None = None,
    ) -> AuditRecord:
        """An entry for a change made now by :attr:`who`; a relation's ``ends`` are (source, target)."""
        source, target = ends or (None, None)
        when = at or datetime.now(UTC).isoformat(timespec="seconds")
        return AuditRecord(when, self.who, action, element_id, key, source, target, before, after)

    @contextmanager
    def acting_as(self, who: str) -> Iterator[None]:
        if not who or not who.strip():
            raise StoreError("Für das Änderungsprotokoll fehlt, wer ändert")
        previous = getattr(self._local, "who", None)
        self._local.who = who.strip()
        try:
            yield
        finally:
            self._local.who = previous

    @contextmanager
    def restoring(self) -> Iterator[None]:
        self._local.action = "restore"
        try:
            yield
        finally:
            self._local.action = None


def user_not_found(email: str) -> NotFound:
    return NotFound(f"Kein Konto mit der E-Mail-Adresse „{email.strip().lower()}“")


def updated_user(user: User, changes: Mapping[str, Any]) -> User:
    """``user`` with ``changes`` applied and validated."""
    try:
        return User.model_validate({**user.model_dump(), **changes})
    except ValidationError as exc:
        raise InvalidData.from_validation(exc) from exc


def deleted_with(history: list[AuditEntry], element_id: str) -> tuple[Node, list[Relation]]:
    """The element as it was deleted last, and the relations deleted with it, from its history.

    A store records an element's deletion, then one entry per relation that went with it,
    in consecutive numbers; a later relation change cannot come between (the ends are gone).
    """
    last = next(
        (i for i in range(len(history) - 1, -1, -1) if history[i].element_id == element_id),
        None,
    )
    if last is None:
        raise NotFound(f"Im Änderungsprotokoll steht nichts über „{element_id}“")
    entry = history[last]
    if entry.action == "erase" or entry.before == ERASED:
        raise StoreError(f"„{element_id}“ wurde nach Art. 17 DSGVO gelöscht und lässt sich nicht wiederherstellen")
    if entry.action != "delete" or entry.before is None:
        raise StoreError(f"„{element_id}“ ist nicht gelöscht; es gibt nichts wiederherzustellen")
    relations: list[Relation] = []
    seq = entry.seq
    for later in history[last + 1 :]:
        if later.seq != seq + 1 or later.action != "delete" or later.relation_key is None or later.before is None:
            break
        relations.append(Relation.model_validate(later.before))
        seq = later.seq
    return node_from_dict(entry.before), relations


def restore_from_log(store: GraphStore, auditor: Auditor, element_id: str) -> Node:
    """Re-create a deleted element and the relations deleted with it, recorded as ``restore``.

    Relations whose other end is gone meanwhile are left out (restoring that end later
    brings back only the relations deleted with it).
    """
    try:
        store.get_node(element_id)
    except NotFound:
        pass
    else:
        raise StoreError(f"„{element_id}“ gibt es noch; es gibt nichts wiederherzustellen")
    node, relations = deleted_with(store.history(element_id), element_id)
    with store.transaction(), auditor.restoring():
        store.add_node(node)
        for relation in relations:
            other = relation.target if relation.source == element_id else relation.source
            try:
                store.get_node(other)
            except NotFound:
                continue
            store.add_relation(relation)
    return store.get_node(element_id)


def erasure_check(node: Node) -> None:
    """Only persons are erased under Art. 17 DSGVO; organisations are deleted."""
    if not node.is_person:
        raise StoreError(
            f"„{node.id}“ ist keine Person; Organisationen und andere Elemente werden mit „löschen“ entfernt"
        )


def pseudonym() -> str:
    """What stands for an erased person's id in the audit log (the id may spell the name).

    Random, so that it cannot be recomputed from a guess at the name.

    >>> pseudonym().startswith("geloescht-")
    True
    """
    return "geloescht-" + secrets.token_hex(5)


def pseudonymous_key(key: str, element_id: str, alias: str) -> str:
    """A relation key with ``element_id`` replaced by ``alias`` at the ends (never inside other ids).

    >>> pseudonymous_key("anna|MEMBER_OF|banana|", "anna", "geloescht-1")
    'geloescht-1|MEMBER_OF|banana|'
    """
    source, type, target, since = key.split("|")
    return "|".join((alias if source == element_id else source, type, alias if target == element_id else target, since))


def build_graph(nodes: Iterable[Node], relations: Iterable[Relation]) -> nx.MultiDiGraph:
    """The NetworkX view every store returns: one node per element, one edge per relation.

    Node attributes are the model's fields (``kind``, ``name``, ``sector``, …) without
    bookkeeping timestamps; edges are keyed by the relation key and carry ``type``,
    ``role``, ``voting``, ``since``, ``until`` and ``weight``. Relations whose ends are not
    among ``nodes`` are left out.
    """
    G = nx.MultiDiGraph()
    for node in sorted(nodes, key=lambda n: n.id):
        attrs = node.data()
        del attrs["id"]
        G.add_node(node.id, **attrs)
    for rel in sorted(relations, key=lambda r: r.key):
        if rel.source in G and rel.target in G:
            attrs = rel.model_dump(exclude={"source", "target"})
            G.add_edge(rel.source, rel.target, key=rel.key, **attrs)
    return G


def select_subgraph(
    nodes: Mapping[str, Node],
    relations: Iterable[Relation],
    alliance: str | None,
    region: str | None,
    at: date | None,
    audience: Visibility,
) -> nx.MultiDiGraph:
    """Pick the part of the graph a view asks for; shared by all adapters.

    * ``at``: only relations active on that date, and only events held by then.
    * ``alliance``: the alliance, its parts (bodies, working groups, projects, events
      ``PART_OF`` it), every actor tied to the alliance or a part, and the advisory
      services these actors offer or refer to.
    * ``region`` (an AGS key): elements located there and alliances and services whose
      area overlaps it, with the actors tied to those.
    * ``audience``: the visibility policy, applied last.
    """
    active = [r for r in relations if at is None or r.active_at(at)]
    chosen = {
        node_id
        for node_id, node in nodes.items()
        if not (at is not None and getattr(node, "date", None) is not None and node.date > at)  # type: ignore[attr-defined]
    }
    if alliance is not None:
        if alliance not in nodes:
            raise NotFound(f"Kein Bündnis mit der Kennung „{alliance}“")
        parts = {alliance} | {r.source for r in active if r.type == RelationType.PART_OF and r.target == alliance}
        parts &= chosen
        actors = {r.source for r in active if r.target in parts and nodes[r.source].kind == NodeKind.ACTOR}
        services = {
            r.target for r in active if r.source in actors and r.type in (RelationType.OFFERS, RelationType.REFERS_TO)
        }
        chosen &= parts | actors | services
    if region is not None:

        def in_region(node: Node) -> bool:
            ags = getattr(node, "ags", None)
            area = getattr(node, "area", None) or []
            return bool(ags and ags_contains(region, ags)) or any(
                ags_contains(region, a) or ags_contains(a, region) for a in area
            )

        anchors = {n for n in chosen if in_region(nodes[n])}
        tied = {
            end
            for r in active
            if r.source in anchors or r.target in anchors
            for end in (r.source, r.target)
            if nodes[end].kind == NodeKind.ACTOR and r.type == RelationType.MEMBER_OF
        }
        chosen &= anchors | tied
    shown = [nodes[n] for n in chosen if may_show(nodes[n], audience)]
    return build_graph(shown, active)


def check_endpoints(relations: Iterable[Relation], kinds: Mapping[str, NodeKind | str]) -> None:
    """Raise :class:`InvalidRelation` unless every relation joins existing elements of allowed kinds.

    ``kinds`` maps the ids found in the store to their kind; shared by all adapters so
    that both word the problem alike.
    """
    kind_of = kinds.get
    for rel in relations:
        source_kind, target_kind = kind_of(rel.source), kind_of(rel.target)
        if source_kind is None or target_kind is None:
            end = rel.source if source_kind is None else rel.target
            raise InvalidRelation(f"Die Beziehung {rel.key} verweist auf „{end}“, das es nicht gibt")
        problem = _endpoint_problem(rel.type, source_kind, target_kind)
        if problem:
            raise InvalidRelation(f"{rel.source} → {rel.target}: {problem}")


@cache
def _endpoint_problem(type: RelationType, source_kind: NodeKind | str, target_kind: NodeKind | str) -> str | None:
    # A few dozen combinations answer every relation of a large import. Kinds come as enum
    # members or as their text (read back from a store); both hash and compare alike.
    return endpoint_problem(type, NodeKind(source_kind), NodeKind(target_kind))


# Store URL schemes of a Neo4j server (``+s``: TLS, ``+ssc``: TLS with a self-signed certificate).
NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


def redact_url(url: str) -> str:
    """The store URL without its password, for messages and output.

    >>> redact_url("neo4j://atlas:geheim@db.example.org:7687/atlas")
    'neo4j://atlas@db.example.org:7687/atlas'
    """
    return re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://[^/@:]*):[^/@]*@", r"\1@", url)


class NodeReader(Protocol):
    """What :func:`resolve` reads: a store, or a viewer's view of one."""

    def get_node(self, node_id: str) -> Node: ...

    def find_nodes(self, kind: NodeKind | None = None, name: str | None = None, **attrs: Any) -> list[Node]: ...


def resolve(store: NodeReader, ref: str, kind: NodeKind | None = None) -> Node:
    """Find an element by its id or its exact name; an ambiguous name lists the candidates."""
    try:
        node = store.get_node(ref)
        if kind is None or node.kind == kind:
            return node
    except NotFound:
        pass
    matches = store.find_nodes(kind=kind, name=ref)
    if not matches:
        wanted = "" if kind is None else f" (gesucht: {KIND_LABELS[kind]})"
        raise NotFound(f"Nichts mit der Kennung oder dem Namen „{ref}“ gefunden{wanted}")
    if len(matches) > 1:
        raise AmbiguousName(ref, matches)
    return matches[0]


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch

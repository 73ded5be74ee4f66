"""Neo4jStore: the store for a shared installation on a Neo4j server, cluster or Aura.

Layout in the graph: every element is a node labelled ``Element`` plus its kind
(``Actor``, ``Alliance``, ``Body``, ``WorkingGroup``, ``Project``, ``Event``,
``AdvisoryService``) with the model's fields as properties (lists as lists, dates as
Neo4j dates, the bookkeeping timestamps as ISO text); every relation is a relationship
whose type is the relation type (``MEMBER_OF``, …) carrying ``key``, ``role``,
``voting``, ``since``, ``until`` and ``weight``; every region a ``Region`` node with
``ags``, ``name`` and ``level``. Labels and relationship types come from our enums;
every value travels as a Cypher parameter, never inside the query text.

Transactions: a write outside a ``with store.transaction():`` block runs as one driver
transaction function (``execute_write``), which the driver retries on transient errors
(a cluster leader switch, a deadlock); such a function reads what it needs and writes in
the same transaction, so running it twice is safe. A block holds one explicit
transaction open: everything in it commits together or not at all, nested blocks join
it, and it is not retried, because the block's code belongs to the caller. Imports write
in batches with ``UNWIND`` (one round trip per batch and kind, never per row).

The schema — uniqueness constraints and lookup indexes — is created idempotently on
open and versioned by a ``BuendnisatlasSchema`` node, like ``PRAGMA user_version`` in
:mod:`~buendnisatlas.graph.sqlite_store`.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import neo4j
import networkx as nx
from neo4j import exceptions as neo4j_errors
from pydantic import ValidationError

from .accounts import ERASED, ApiToken, AuditEntry, User
from .model import LIST_FIELDS, NODE_CLASSES, Node, Region, Relation, node_from_dict
from .store import (
    LISTED,
    NEO4J_SCHEMES,
    Attrs,
    Auditor,
    AuditRecord,
    Changes,
    DuplicateId,
    EdgeRow,
    ImportCounts,
    InvalidData,
    NotFound,
    ReadSet,
    Redactor,
    StoreBusy,
    StoreError,
    StoreStats,
    UpsertCounts,
    batched,
    check_endpoints,
    check_version,
    edge_row,
    erasure_check,
    identifying_texts,
    import_in_one_transaction,
    node_attrs,
    node_json,
    pseudonym,
    pseudonymous_key,
    read_affiliations,
    read_subgraph,
    redact_url,
    relation_json,
    restore_from_log,
    updated_user,
    user_not_found,
)
from .vocab import NodeKind, RelationType, Visibility

USER_ENV, PASSWORD_ENV, DATABASE_ENV = (
    "BUENDNISATLAS_NEO4J_USER",
    "BUENDNISATLAS_NEO4J_PASSWORD",
    "BUENDNISATLAS_NEO4J_DATABASE",
)

# Node labels per kind: fixed identifiers, the only names ever put into query text.
NODE_LABELS: dict[NodeKind, str] = {
    NodeKind.ACTOR: "Actor",
    NodeKind.ALLIANCE: "Alliance",
    NodeKind.BODY: "Body",
    NodeKind.WORKING_GROUP: "WorkingGroup",
    NodeKind.PROJECT: "Project",
    NodeKind.EVENT: "Event",
    NodeKind.ADVISORY_SERVICE: "AdvisoryService",
    NodeKind.GOAL: "Goal",
}
_ALL_KIND_LABELS = ":".join(NODE_LABELS.values())
SCHEMA_LABEL = "BuendnisatlasSchema"
# One node counting committed writes (see change_stamp); not an Element, never exported.
CHANGES_LABEL = "BuendnisatlasChanges"

# Kinds and relation types added after schema version 1 get their constraints in a migration of their own.
_LATER_KINDS = frozenset({NodeKind.GOAL})
_LATER_TYPES = frozenset({RelationType.SERVES})

MIGRATIONS: list[list[str]] = [
    # 1: an id unique among all elements and within each kind, a unique key per relation
    # type (the key names the type, so that is unique overall), lookup indexes.
    [
        "CREATE CONSTRAINT element_id IF NOT EXISTS FOR (n:Element) REQUIRE n.id IS UNIQUE",
        *(
            f"CREATE CONSTRAINT {kind.value}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
            for kind, label in NODE_LABELS.items()
            if kind not in _LATER_KINDS
        ),
        *(
            f"CREATE CONSTRAINT {t.value.lower()}_key IF NOT EXISTS FOR ()-[r:{t.value}]-() REQUIRE r.key IS UNIQUE"
            for t in RelationType
            if t not in _LATER_TYPES
        ),
        "CREATE CONSTRAINT region_ags IF NOT EXISTS FOR (r:Region) REQUIRE r.ags IS UNIQUE",
        "CREATE INDEX element_name IF NOT EXISTS FOR (n:Element) ON (n.name)",
        "CREATE INDEX element_ags IF NOT EXISTS FOR (n:Element) ON (n.ags)",
        "CREATE INDEX actor_sector IF NOT EXISTS FOR (n:Actor) ON (n.sector)",
        "CREATE INDEX region_name IF NOT EXISTS FOR (r:Region) ON (r.name)",
    ],
    # 2: goals of an alliance's strategy, and what serves them
    [
        "CREATE CONSTRAINT goal_id IF NOT EXISTS FOR (n:Goal) REQUIRE n.id IS UNIQUE",
        "CREATE CONSTRAINT serves_key IF NOT EXISTS FOR ()-[r:SERVES]-() REQUIRE r.key IS UNIQUE",
    ],
    # 3: accounts, API tokens (only their hashes) and the audit log: nodes without the
    # Element label, so no graph read meets them. AuditSeq holds the last number given.
    [
        "CREATE CONSTRAINT user_email IF NOT EXISTS FOR (u:User) REQUIRE u.email IS UNIQUE",
        "CREATE CONSTRAINT api_token_id IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.id IS UNIQUE",
        "CREATE CONSTRAINT api_token_hash IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.token_hash IS UNIQUE",
        "CREATE INDEX api_token_email IF NOT EXISTS FOR (t:ApiToken) ON (t.email)",
        "CREATE CONSTRAINT audit_seq IF NOT EXISTS FOR (a:AuditEntry) REQUIRE a.seq IS UNIQUE",
        "CREATE CONSTRAINT audit_counter IF NOT EXISTS FOR (c:AuditSeq) REQUIRE c.name IS UNIQUE",
        "CREATE INDEX audit_element IF NOT EXISTS FOR (a:AuditEntry) ON (a.element_id)",
        "CREATE INDEX audit_source IF NOT EXISTS FOR (a:AuditEntry) ON (a.source)",
        "CREATE INDEX audit_target IF NOT EXISTS FOR (a:AuditEntry) ON (a.target)",
    ],
    # 4: the audit log records changes of accounts and API tokens too, by e-mail address
    ["CREATE INDEX audit_user IF NOT EXISTS FOR (a:AuditEntry) ON (a.user_email)"],
    # 5: a version per element and relation for optimistic concurrency (1 on create, +1 per
    # change); what was written before counts as its first version
    [
        "MATCH (n:Element) WHERE n.version IS NULL CALL { WITH n SET n.version = 1 } IN TRANSACTIONS OF 10000 ROWS",
        "MATCH (:Element)-[r]->(:Element) WHERE r.version IS NULL "
        "CALL { WITH r SET r.version = 1 } IN TRANSACTIONS OF 10000 ROWS",
    ],
]
SCHEMA_VERSION = len(MIGRATIONS)
_BATCH = 1000
# Attribute names that may appear as property names in a query; never taken from user text.
_QUERYABLE = frozenset(name for cls in NODE_CLASSES.values() for name in cls.model_fields)
_NODE_BY_ID = "UNWIND $ids AS id MATCH (n:Element {id: id}) RETURN n {.*} AS n"
_RELATION_FIELDS = "startNode(r).id AS source, endNode(r).id AS target, type(r) AS type, r {.*} AS props"

T = TypeVar("T")
# A driver transaction: explicit (inside a block) or managed (in execute_read/_write).
Tx = Any


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _param(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _native(value: Any) -> Any:
    """Neo4j's temporal values (``neo4j.time.Date``, …) as Python's."""
    if isinstance(value, list):
        return [_native(v) for v in value]
    to_native = getattr(value, "to_native", None)
    return to_native() if to_native is not None else value


def _node_props(node: Node, created_at: datetime, updated_at: datetime, version: int = 1) -> dict[str, Any]:
    # Neo4j keeps no nulls; empty lists are left out too: the model restores both defaults.
    props = {k: _param(v) for k, v in node.data().items() if v is not None and v != []}
    # Timestamps as ISO text, as in SQLite: the driver's time-zone conversion of a datetime
    # took a sixth of an import's time (``datetime(n.created_at)`` in Cypher when needed).
    return {**props, "created_at": created_at.isoformat(), "updated_at": updated_at.isoformat(), "version": version}


def _to_node(props: Mapping[str, Any]) -> Node:
    return node_from_dict({k: _native(v) for k, v in props.items()}, stored=True)


def _relation_props(rel: Relation, version: int = 1) -> dict[str, Any]:
    props = rel.model_dump(exclude={"source", "target", "type", "version"}, exclude_none=True)
    return {**props, "key": rel.key, "version": version}


# Taking an element's or a relation's write lock before reading it: Neo4j reads committed
# data without locks, so a read-check-write would otherwise let two writers both pass the
# version check. Writing a property takes the lock until commit (the Operations Manual's
# pattern against lost updates); reads after it see the last committed state.
_LOCK_NODE = "MATCH (n:Element {id: $id}) SET n._lock = true REMOVE n._lock"


def _lock_relation(tx: Tx, type: RelationType, key: str) -> None:
    tx.run(f"MATCH ()-[r:{type.value} {{key: $key}}]->() SET r._lock = true REMOVE r._lock", key=key).consume()


def _to_relation(row: Mapping[str, Any]) -> Relation:
    props = {k: _native(v) for k, v in row["props"].items() if k != "key"}
    return Relation.model_validate({**props, "source": row["source"], "target": row["target"], "type": row["type"]})


def _type_of_key(key: str) -> RelationType | None:
    """The relation type a key names (``source|TYPE|target|since``), if it is one of ours."""
    parts = key.split("|")
    if len(parts) != 4 or parts[1] not in {t.value for t in RelationType}:
        return None
    return RelationType(parts[1])


def _rows(tx: Tx, query: str, **params: Any) -> list[dict[str, Any]]:
    return [record.data() for record in tx.run(query, params)]


def _by_type(relations: Iterable[Relation]) -> dict[RelationType, list[Relation]]:
    groups: dict[RelationType, list[Relation]] = {}
    for rel in relations:
        groups.setdefault(rel.type, []).append(rel)
    return groups


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and as whom to connect, read from a store URL and the environment."""

    uri: str  # what the driver gets: scheme://host:port, without user, password, database
    user: str | None
    password: str | None
    database: str | None
    display: str  # the store URL without the password

    @classmethod
    def from_url(cls, url: str, env: Mapping[str, str] | None = None) -> Neo4jSettings:
        """``neo4j://user:password@host:7687/database``; missing parts from ``BUENDNISATLAS_NEO4J_*``.

        >>> s = Neo4jSettings.from_url("neo4j+s://atlas:geheim@db.example.org/landesnetz", env={})
        >>> s.uri, s.user, s.database, s.display
        ('neo4j+s://db.example.org', 'atlas', 'landesnetz', 'neo4j+s://atlas@db.example.org/landesnetz')
        """
        env = os.environ if env is None else env
        shown = redact_url(url)
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in NEO4J_SCHEMES:
            expected = ", ".join(f"{s}://" for s in NEO4J_SCHEMES)
            raise StoreError(f"„{shown}“ ist keine Neo4j-Adresse (erwartet: {expected})")
        try:
            host, port = parts.hostname, parts.port
        except ValueError:
            raise StoreError(f"In „{shown}“ ist der Port keine gültige Zahl") from None
        if not host:
            raise StoreError(f"In „{shown}“ fehlt der Server (Beispiel: neo4j://localhost:7687)")
        netloc = f"[{host}]" if ":" in host else host
        if port is not None:
            netloc += f":{port}"
        query = f"?{parts.query}" if parts.query else ""
        user = unquote(parts.username) if parts.username else env.get(USER_ENV) or None
        password = unquote(parts.password) if parts.password is not None else env.get(PASSWORD_ENV)
        database = unquote(parts.path.strip("/")) or env.get(DATABASE_ENV) or None
        display = f"{scheme}://{user + '@' if user else ''}{netloc}{'/' + database if database else ''}{query}"
        return cls(f"{scheme}://{netloc}{query}", user, password, database, display)


class Neo4jStore:
    """A :class:`~buendnisatlas.graph.store.GraphStore` on a Neo4j 5 server.

    Examples
    --------
    Needs a running server, so this is not run as a doctest:

    >>> store = Neo4jStore("neo4j://localhost:7687")  # doctest: +SKIP
    >>> store.get_node("pfd-msh").name  # doctest: +SKIP
    'Partnerschaft für Demokratie Mansfeld-Südharz'
    """

    def __init__(self, url: str, env: Mapping[str, str] | None = None):
        settings = Neo4jSettings.from_url(url, env)
        self.url = settings.display
        self._database = settings.database
        auth = neo4j.basic_auth(settings.user, settings.password or "") if settings.user else None
        try:
            self._driver = neo4j.GraphDatabase.driver(
                settings.uri,
                auth=auth,
                connection_timeout=10.0,
                user_agent="buendnisatlas",
                # The server's hints ("label does not exist" in an empty database) are no news for users.
                notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
            )
        except (neo4j_errors.ConfigurationError, ValueError) as exc:
            raise StoreError(f"Die Neo4j-Adresse „{self.url}“ ist ungültig: {exc}") from exc
        self._local = threading.local()
        self._auditor = Auditor()
        try:
            self._migrate()
        except BaseException:
            self._driver.close()
            raise

    @classmethod
    def from_url(cls, url: str) -> Neo4jStore:
        return cls(url)

    # -- lifecycle -------------------------------------------------------------------

    def _error(self, exc: Exception) -> StoreError:
        """A German message naming the store and what failed, instead of a driver traceback."""
        code = getattr(exc, "code", None) or ""
        if isinstance(exc, neo4j_errors.AuthError):
            what = f"Anmeldung abgelehnt: Benutzer oder Passwort stimmen nicht ({USER_ENV}, {PASSWORD_ENV})"
        elif isinstance(exc, (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired)):
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            what = f"Server nicht erreichbar. Läuft Neo4j dort, und stimmen Rechner und Port? ({detail})"
        elif code == "Neo.ClientError.Database.DatabaseNotFound":
            what = f"Die Datenbank „{self._database}“ gibt es auf diesem Server nicht"
        elif isinstance(exc, neo4j_errors.TransientError):
            # A lock not granted in time or a deadlock the retries did not resolve: busy, not broken.
            return StoreBusy(f"Neo4j-Speicher „{self.url}“")
        elif isinstance(exc, neo4j_errors.Forbidden):
            what = "keine Berechtigung für diese Änderung"
        else:
            message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
            what = f"Fehler ({message})"
        return StoreError(f"Neo4j-Speicher „{self.url}“: {what}")

    def _migrate(self) -> None:
        try:
            with self._driver.session(database=self._database) as session:
                # An auto-commit query: fails fast on a wrong address instead of being retried.
                record = session.run(f"OPTIONAL MATCH (s:{SCHEMA_LABEL}) RETURN max(s.version) AS v").single()
                version = (record["v"] if record else None) or 0
                if version > SCHEMA_VERSION:
                    raise StoreError(
                        f"Die Neo4j-Datenbank „{self.url}“ stammt von einer neueren Bündnisatlas-Version "
                        f"(Schema {version}, diese Version kennt {SCHEMA_VERSION}). Bitte aktualisieren."
                    )
                for number in range(version, SCHEMA_VERSION):
                    # Schema changes cannot share a transaction with data: one each.
                    for statement in MIGRATIONS[number]:
                        session.run(statement).consume()
                    session.run(f"MERGE (s:{SCHEMA_LABEL}) SET s.version = $version", version=number + 1).consume()
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise self._error(exc) from exc

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if getattr(self._local, "tx", None) is not None:
            yield  # nested: joins the open transaction
            return
        session = self._driver.session(database=self._database)
        try:
            tx = session.begin_transaction()
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            session.close()
            raise self._error(exc) from exc
        self._local.tx = tx
        try:
            yield
        except BaseException:
            self._local.tx = None
            with suppress(neo4j_errors.Neo4jError, neo4j_errors.DriverError):
                tx.rollback()  # a broken connection has rolled back already
            raise
        else:
            self._local.tx = None
            try:
                tx.commit()
            except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
                raise self._error(exc) from exc
        finally:
            self._local.tx = None
            session.close()

    def _run(self, work: Callable[[Tx], T], write: bool, conflict: str | None = None) -> T:
        """Run ``work`` in the open block's transaction, else in a retried transaction function."""
        tx = getattr(self._local, "tx", None)
        try:
            if tx is not None:
                return work(tx)
            with self._driver.session(database=self._database) as session:
                return session.execute_write(work) if write else session.execute_read(work)
        except neo4j_errors.ConstraintError as exc:
            # Only a concurrent writer gets here: our own checks run before each write.
            raise DuplicateId(conflict or self._error(exc).args[0]) from exc
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise self._error(exc) from exc

    def _write(self, work: Callable[[Tx], T], conflict: str | None = None) -> T:
        def counted(tx: Tx) -> T:
            result = work(tx)
            tx.run(
                f"MERGE (c:{CHANGES_LABEL}) ON CREATE SET c.epoch = randomUUID() SET c.n = coalesce(c.n, 0) + 1"
            ).consume()
            return result

        return self._run(counted, True, conflict)

    def _account_write(self, work: Callable[[Tx], T], conflict: str | None = None) -> T:
        """A write of accounts or API keys: not a change of the graph, so the change stamp stays.

        As in SQLite: what a process keeps per stamp (views, indexes, answers) holds no
        account, and a signed-in request, which notes its key's last use, must not drop it.
        """
        return self._run(work, True, conflict)

    def change_stamp(self) -> str:
        """A stamp that changes with every committed write, whichever client made it.

        The counter node gets a random epoch when created, so an emptied database never
        repeats an old stamp.
        """
        rows = self._read(lambda tx: _rows(tx, f"MATCH (c:{CHANGES_LABEL}) RETURN c.epoch AS e, c.n AS n"))
        return f"{rows[0]['e']}:{rows[0]['n']}" if rows else "empty"

    def changes_since(self, stamp: str) -> Changes | None:
        return None  # no change log: every change drops what a process kept

    def _read(self, work: Callable[[Tx], T]) -> T:
        return self._run(work, False)

    # -- nodes -----------------------------------------------------------------------

    @staticmethod
    def _get_node(tx: Tx, node_id: str) -> Node:
        rows = _rows(tx, "MATCH (n:Element {id: $id}) RETURN n {.*} AS n", id=node_id)
        if not rows:
            raise NotFound(f"Kein Element mit der Kennung „{node_id}“")
        return _to_node(rows[0]["n"])

    def add_node(self, node: Node) -> Node:
        now = _now()
        props = _node_props(node, now, now)
        duplicate = f"Die Kennung „{node.id}“ ist schon vergeben"

        def work(tx: Tx) -> Node:
            if _rows(tx, "MATCH (n:Element {id: $id}) RETURN n.id AS id", id=node.id):
                raise DuplicateId(duplicate)
            tx.run(f"CREATE (n:Element:{NODE_LABELS[node.kind]}) SET n = $props", props=props).consume()
            self._record(tx, [self._entry(self._auditor.action("create"), node.id, after=node_json(node))])
            return self._get_node(tx, node.id)

        return self._write(work, duplicate)

    def upsert_nodes(self, nodes: Iterable[Node]) -> UpsertCounts:
        items = list(nodes)  # a retried transaction function must see the same nodes again

        def work(tx: Tx) -> UpsertCounts:
            counts = UpsertCounts()
            now = _now()
            create = self._auditor.action("create")
            audit: list[dict[str, Any]] = []
            logged: dict[str, str] = {}  # the JSON last logged per id, for a record twice in one upsert
            for batch in batched(items, _BATCH):
                stored = [_to_node(row["n"]) for row in _rows(tx, _NODE_BY_ID, ids=[n.id for n in batch])]
                known: dict[str, tuple[dict[str, Any], datetime]] = {
                    n.id: (n.data(), n.created_at or now) for n in stored
                }
                stored_by_id = {n.id: n for n in stored}
                inserts: dict[str, dict[str, Any]] = {}
                updates: dict[str, dict[str, Any]] = {}
                labels: dict[str, NodeKind] = {}
                for node in batch:
                    data = node.data()
                    before = known.get(node.id)
                    if before is None:
                        # A new node keeps the timestamps it carries (a copy from another store).
                        created, updated = node.created_at or now, node.updated_at or now
                        inserts[node.id] = _node_props(node, created, updated)
                        known[node.id] = (data, created)
                        counts.new += 1
                        logged[node.id] = node_json(node)
                        audit.append(self._entry(create, node.id, after=logged[node.id]))
                    elif before[0] == data:
                        counts.unchanged += 1
                        continue
                    else:
                        target = inserts if node.id in inserts else updates
                        target[node.id] = _node_props(node, before[1], now)
                        known[node.id] = (data, before[1])
                        counts.changed += 1
                        old = logged.get(node.id) or node_json(stored_by_id[node.id])
                        logged[node.id] = node_json(node)
                        audit.append(self._entry("update", node.id, before=old, after=logged[node.id]))
                    labels[node.id] = node.kind
                for kind, label in NODE_LABELS.items():
                    rows = [props for node_id, props in inserts.items() if labels[node_id] == kind]
                    if rows:
                        tx.run(f"UNWIND $rows AS row CREATE (n:Element:{label}) SET n = row", rows=rows).consume()
                    rows = [props for node_id, props in updates.items() if labels[node_id] == kind]
                    if rows:
                        # The increment first: it locks the node, so a concurrent change cannot
                        # slip between reading the version and writing the next.
                        tx.run(
                            f"UNWIND $rows AS row MATCH (n:Element {{id: row.id}}) "
                            f"SET n.version = coalesce(n.version, 0) + 1 WITH n, row, n.version AS version "
                            f"REMOVE n:{_ALL_KIND_LABELS} SET n = row, n.version = version, n:{label}",
                            rows=rows,
                        ).consume()
            self._record(tx, audit)
            return counts

        return self._write(work, "Eine Kennung wurde gleichzeitig von jemand anderem angelegt; bitte wiederholen")

    def update_node(self, node_id: str, *, expected_version: int | None = None, **changes: Any) -> Node:
        if "id" in changes or "kind" in changes:
            raise StoreError("Kennung und Art eines Elements lassen sich nicht ändern")
        changes = {k: v for k, v in changes.items() if k not in Node.BOOKKEEPING}  # the store keeps those

        def work(tx: Tx) -> Node:
            tx.run(_LOCK_NODE, id=node_id).consume()
            node = self._get_node(tx, node_id)  # as committed last, and locked until this commits
            check_version(node, expected_version)
            try:
                updated = node_from_dict({**node.model_dump(), **changes})
            except ValidationError as exc:
                raise InvalidData.from_validation(exc) from exc
            if node.data() == updated.data():
                return node
            props = _node_props(updated, node.created_at or _now(), _now(), (node.version or 0) + 1)
            tx.run("MATCH (n:Element {id: $id}) SET n = $props", id=node_id, props=props).consume()
            self._record(tx, [self._entry("update", node_id, before=node_json(node), after=node_json(updated))])
            return self._get_node(tx, node_id)

        return self._write(work)

    def delete_node(self, node_id: str, *, expected_version: int | None = None) -> None:
        def work(tx: Tx) -> None:
            tx.run(_LOCK_NODE, id=node_id).consume()
            node = self._get_node(tx, node_id)
            check_version(node, expected_version)
            # The element first, then each relation that goes with it, in consecutive
            # entries: restore() reads them back as one deletion.
            entries = [self._entry("delete", node_id, before=node_json(node))]
            for rel in self._find_relations(tx, node_id):
                entries.append(self._relation_entry("delete", None, rel))
            tx.run("MATCH (n:Element {id: $id}) DETACH DELETE n", id=node_id).consume()
            self._record(tx, entries)

        self._write(work)

    def get_node(self, node_id: str) -> Node:
        return self._read(lambda tx: self._get_node(tx, node_id))

    @staticmethod
    def _node_filter(kind: NodeKind | None, name: str | None, attrs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """The MATCH … WHERE of :meth:`find_nodes` and :meth:`listing`, with its parameters."""
        label = "Element" if kind is None else NODE_LABELS[NodeKind(kind)]
        where, params = ["true"], {}
        if name is not None:
            where.append("n.name = $name")
            params["name"] = name.strip()
        for number, (field, value) in enumerate(attrs.items()):
            if field not in _QUERYABLE:
                raise StoreError(f"Nach „{field}“ kann nicht gesucht werden")
            # ``field`` is one of the model's field names (checked above), so it may be query text.
            where.append(f"$v{number} IN n.{field}" if field in LIST_FIELDS else f"n.{field} = $v{number}")
            params[f"v{number}"] = _param(value)
        return f"MATCH (n:{label}) WHERE {' AND '.join(where)}", params

    @classmethod
    def _find_nodes(cls, tx: Tx, kind: NodeKind | None = None, name: str | None = None, **attrs: Any) -> list[Node]:
        match, params = cls._node_filter(kind, name, attrs)
        rows = _rows(tx, f"{match} RETURN n {{.*}} AS n", **params)
        return sorted((_to_node(row["n"]) for row in rows), key=lambda n: n.id)

    def find_nodes(self, kind: NodeKind | None = None, name: str | None = None, **attrs: Any) -> list[Node]:
        return self._read(lambda tx: self._find_nodes(tx, kind, name, **attrs))

    def get_nodes(self, ids: Sequence[str]) -> list[Node]:
        rows = self._read(lambda tx: _rows(tx, _NODE_BY_ID, ids=list(ids)))
        found = {node.id: node for node in (_to_node(row["n"]) for row in rows)}
        return [found[i] for i in ids if i in found]

    def listing(self, kind: NodeKind | None = None, name: str | None = None, **attrs: Any) -> list[Attrs]:
        match, params = self._node_filter(kind, name, attrs)
        fields = ", ".join(f"n.{f} AS {f}" for f in LISTED)
        rows = self._read(lambda tx: _rows(tx, f"{match} RETURN {fields} ORDER BY n.id", **params))
        for row in rows:
            row["consent_given_at"] = _native(row["consent_given_at"])
        return rows

    def affiliations(self, ids: Collection[str]) -> dict[str, frozenset[str]]:
        return self._read(lambda tx: read_affiliations(_ViewReader(tx), ids))

    # -- relations -------------------------------------------------------------------

    @staticmethod
    def _check_endpoints(tx: Tx, relations: list[Relation]) -> None:
        ids = list({end for r in relations for end in (r.source, r.target)})
        kinds = {
            row["id"]: row["kind"]
            for row in _rows(tx, "UNWIND $ids AS id MATCH (n:Element {id: id}) RETURN id, n.kind AS kind", ids=ids)
        }
        check_endpoints(relations, kinds)

    @staticmethod
    def _stored_relations(tx: Tx, type: RelationType, keys: list[str]) -> dict[str, Relation]:
        rows = _rows(
            tx, f"UNWIND $keys AS k MATCH ()-[r:{type.value} {{key: k}}]->() RETURN {_RELATION_FIELDS}", keys=keys
        )
        return {row["props"]["key"]: _to_relation(row) for row in rows}

    @staticmethod
    def _create_relations(tx: Tx, type: RelationType, relations: list[Relation], version: int = 1) -> None:
        rows = [{"source": r.source, "target": r.target, "props": _relation_props(r, version)} for r in relations]
        tx.run(
            f"UNWIND $rows AS row MATCH (s:Element {{id: row.source}}) MATCH (t:Element {{id: row.target}}) "
            f"CREATE (s)-[r:{type.value}]->(t) SET r = row.props",
            rows=rows,
        ).consume()

    def add_relation(self, relation: Relation) -> Relation:
        duplicate = f"Die Beziehung {relation.key} gibt es schon"

        def work(tx: Tx) -> Relation:
            self._check_endpoints(tx, [relation])
            if self._stored_relations(tx, relation.type, [relation.key]):
                raise DuplicateId(duplicate)
            self._create_relations(tx, relation.type, [relation])
            self._record(tx, [self._relation_entry(self._auditor.action("create"), relation)])
            return relation.model_copy(update={"version": 1})

        return self._write(work, duplicate)

    def upsert_relations(self, relations: Iterable[Relation]) -> UpsertCounts:
        items = list(relations)

        def work(tx: Tx) -> UpsertCounts:
            counts = UpsertCounts()
            create = self._auditor.action("create")
            audit: list[dict[str, Any]] = []
            for batch in batched(items, _BATCH):
                self._check_endpoints(tx, batch)
                for type, group in _by_type(batch).items():
                    known = self._stored_relations(tx, type, [r.key for r in group])
                    new: dict[str, Relation] = {}
                    changed: dict[str, Relation] = {}
                    for rel in group:
                        before = known.get(rel.key)
                        if before is None:
                            new[rel.key] = rel
                            counts.new += 1
                            audit.append(self._relation_entry(create, rel))
                        elif before.data() == rel.data():
                            counts.unchanged += 1
                            continue
                        else:
                            (new if rel.key in new else changed)[rel.key] = rel
                            counts.changed += 1
                            audit.append(self._relation_entry("update", rel, before))
                        known[rel.key] = rel
                    if new:
                        self._create_relations(tx, type, list(new.values()))
                    if changed:  # the increment first, as for nodes: it takes the lock
                        tx.run(
                            f"UNWIND $rows AS row MATCH ()-[r:{type.value} {{key: row.key}}]->() "
                            "SET r.version = coalesce(r.version, 0) + 1 WITH r, row, r.version AS version "
                            "SET r = row, r.version = version",
                            rows=[_relation_props(r) for r in changed.values()],
                        ).consume()
            self._record(tx, audit)
            return counts

        return self._write(work, "Eine Beziehung wurde gleichzeitig von jemand anderem angelegt; bitte wiederholen")

    def _get_relation(self, tx: Tx, key: str) -> Relation:
        type = _type_of_key(key)
        found = self._stored_relations(tx, type, [key]) if type is not None else {}
        if key not in found:
            raise NotFound(f"Keine Beziehung {key}")
        return found[key]

    def get_relation(self, key: str) -> Relation:
        return self._read(lambda tx: self._get_relation(tx, key))

    def _locked_relation(self, tx: Tx, key: str) -> Relation:
        type = _type_of_key(key)
        if type is not None:
            _lock_relation(tx, type, key)
        return self._get_relation(tx, key)

    def update_relation(self, key: str, *, expected_version: int | None = None, **changes: Any) -> Relation:
        changes.pop("version", None)  # the store keeps it

        def work(tx: Tx) -> Relation:
            relation = self._locked_relation(tx, key)
            check_version(relation, expected_version)
            try:
                updated = Relation.model_validate({**relation.model_dump(), **changes})
            except ValidationError as exc:
                raise InvalidData.from_validation(exc) from exc
            if updated.data() == relation.data():
                return relation
            updated = updated.model_copy(update={"version": (relation.version or 0) + 1})
            self._check_endpoints(tx, [updated])
            if updated.key != key and self._stored_relations(tx, updated.type, [updated.key]):
                raise DuplicateId(f"Die Beziehung {updated.key} gibt es schon")
            tx.run(f"MATCH ()-[r:{relation.type.value} {{key: $key}}]->() DELETE r", key=key).consume()
            self._create_relations(tx, updated.type, [updated], updated.version or 1)
            if updated.key == key:
                self._record(tx, [self._relation_entry("update", updated, relation)])
            else:  # another start date is another relation: the log says so
                self._record(
                    tx, [self._relation_entry("delete", None, relation), self._relation_entry("create", updated)]
                )
            return updated

        return self._write(work)

    def delete_relation(self, key: str, *, expected_version: int | None = None) -> None:
        def work(tx: Tx) -> None:
            relation = self._locked_relation(tx, key)
            check_version(relation, expected_version)
            tx.run(f"MATCH ()-[r:{relation.type.value} {{key: $key}}]->() DELETE r", key=key).consume()
            self._record(tx, [self._relation_entry("delete", None, relation)])

        self._write(work)

    @staticmethod
    def _find_relations(
        tx: Tx, node_id: str | None = None, type: RelationType | None = None, at: date | None = None
    ) -> list[Relation]:
        pattern = "[r]" if type is None else f"[r:{RelationType(type).value}]"
        params: dict[str, Any] = {}
        if node_id is not None:
            match = f"MATCH (:Element {{id: $id}})-{pattern}-(:Element) WITH DISTINCT r"
            params["id"] = node_id
        else:
            match = f"MATCH (:Element)-{pattern}->(:Element)"
        where = ""
        if at is not None:
            where = "WHERE (r.since IS NULL OR r.since <= $at) AND (r.until IS NULL OR r.until >= $at)"
            params["at"] = at
        rows = _rows(tx, f"{match} {where} RETURN {_RELATION_FIELDS}", **params)
        return sorted((_to_relation(row) for row in rows), key=lambda r: r.key)

    def find_relations(
        self, node_id: str | None = None, type: RelationType | None = None, at: date | None = None
    ) -> list[Relation]:
        return self._read(lambda tx: self._find_relations(tx, node_id, type, at))

    # -- regions ---------------------------------------------------------------------

    def import_records(
        self,
        regions: Sequence[Region],
        nodes: Sequence[Node],
        relations: Sequence[Relation],
        progress: Callable[[int], None] | None = None,
    ) -> ImportCounts:
        # Neo4j locks the nodes and relationships a transaction writes, not the database:
        # other writers wait only for the elements the import changes.
        return import_in_one_transaction(self, regions, nodes, relations, progress)

    def upsert_regions(self, regions: Iterable[Region]) -> UpsertCounts:
        items = list(regions)

        def work(tx: Tx) -> UpsertCounts:
            counts = UpsertCounts()
            for batch in batched(items, _BATCH):
                rows = _rows(
                    tx, "UNWIND $keys AS a MATCH (r:Region {ags: a}) RETURN r {.*} AS r", keys=[r.ags for r in batch]
                )
                known = {row["r"]["ags"]: Region.model_validate(row["r"]) for row in rows}
                changes: dict[str, dict[str, Any]] = {}
                for region in batch:
                    before = known.get(region.ags)
                    if before == region:
                        counts.unchanged += 1
                        continue
                    counts.new += before is None
                    counts.changed += before is not None
                    known[region.ags] = region
                    changes[region.ags] = region.model_dump(exclude_none=True)
                # SET r = row: a field the new record lacks is removed, not kept from before.
                tx.run(
                    "UNWIND $rows AS row MERGE (r:Region {ags: row.ags}) SET r = row", rows=list(changes.values())
                ).consume()
            return counts

        return self._write(work)

    def get_region(self, ags: str) -> Region:
        rows = self._read(lambda tx: _rows(tx, "MATCH (r:Region {ags: $ags}) RETURN r {.*} AS r", ags=ags))
        if not rows:
            raise NotFound(f"Kein Gebiet mit dem Schlüssel {ags}")
        return Region.model_validate(rows[0]["r"])

    def find_regions(self, prefix: str | None = None, name: str | None = None) -> list[Region]:
        where, params = ["true"], {}
        if prefix is not None and prefix != "DE":
            where.append("r.ags STARTS WITH $prefix")
            params["prefix"] = prefix
        if name is not None:
            where.append("toLower(r.name) = toLower($name)")
            params["name"] = name.strip()
        query = f"MATCH (r:Region) WHERE {' AND '.join(where)} RETURN r {{.*}} AS r"
        rows = self._read(lambda tx: _rows(tx, query, **params))
        return sorted((Region.model_validate(row["r"]) for row in rows), key=lambda r: r.ags)

    # -- views -----------------------------------------------------------------------

    def subgraph(
        self,
        alliance: str | None = None,
        region: str | None = None,
        at: date | None = None,
        audience: Visibility = Visibility.RESTRICTED,
        *,
        reach: int = 0,
        read: ReadSet | None = None,
        prior: ReadSet | None = None,  # no change log: read whole, always
    ) -> nx.MultiDiGraph:
        # All queries of a view in one read transaction, so they fit together.
        return self._read(lambda tx: read_subgraph(_ViewReader(tx), alliance, region, at, audience, reach, read))

    def stats(self) -> StoreStats:
        def counts(tx: Tx, query: str) -> dict[str, int]:
            return dict(sorted((row["k"], row["c"]) for row in _rows(tx, query)))

        def work(tx: Tx) -> StoreStats:
            return StoreStats(
                nodes_by_kind=counts(tx, "MATCH (n:Element) RETURN n.kind AS k, count(*) AS c"),
                actors_by_form=counts(tx, "MATCH (n:Actor) RETURN n.form AS k, count(*) AS c"),
                actors_by_sector=counts(tx, "MATCH (n:Actor) RETURN coalesce(n.sector, '') AS k, count(*) AS c"),
                relations_by_type=counts(tx, "MATCH (:Element)-[r]->(:Element) RETURN type(r) AS k, count(*) AS c"),
                regions=_rows(tx, "MATCH (r:Region) RETURN count(r) AS c")[0]["c"],
            )

        return self._read(work)

    # -- users and API tokens ----------------------------------------------------------

    @staticmethod
    def _get_user(tx: Tx, email: str) -> User:
        rows = _rows(tx, "MATCH (u:User {email: $email}) RETURN u.data AS data", email=email.strip().lower())
        if not rows:
            raise user_not_found(email)
        return User.model_validate_json(rows[0]["data"])

    def add_user(self, user: User) -> User:
        duplicate = f"Ein Konto mit der E-Mail-Adresse „{user.email}“ gibt es schon"

        def work(tx: Tx) -> User:
            if _rows(tx, "MATCH (u:User {email: $email}) RETURN u.email AS e", email=user.email):
                raise DuplicateId(duplicate)
            tx.run(
                "CREATE (:User {email: $email, data: $data})", email=user.email, data=user.model_dump_json()
            ).consume()
            self._record_account(tx, self._auditor.account(None, user))
            return user

        return self._account_write(work, duplicate)

    def get_user(self, email: str) -> User:
        return self._read(lambda tx: self._get_user(tx, email))

    def find_users(self) -> list[User]:
        rows = self._read(lambda tx: _rows(tx, "MATCH (u:User) RETURN u.data AS data ORDER BY u.email"))
        return [User.model_validate_json(row["data"]) for row in rows]

    def update_user(self, email: str, **changes: Any) -> User:
        def work(tx: Tx) -> User:
            before = self._get_user(tx, email)
            user = updated_user(before, changes)
            tx.run("MATCH (u:User {email: $email}) SET u.data = $data", email=user.email, data=user.model_dump_json())
            self._record_account(tx, self._auditor.account(before, user))
            return user

        return self._account_write(work)

    def delete_user(self, email: str) -> None:
        def work(tx: Tx) -> None:
            user = self._get_user(tx, email)
            tx.run("MATCH (t:ApiToken {email: $email}) DELETE t", email=user.email).consume()
            tx.run("MATCH (u:User {email: $email}) DELETE u", email=user.email).consume()
            self._record_account(tx, self._auditor.account(user, None))

        self._account_write(work)

    def add_token(self, token: ApiToken) -> ApiToken:
        duplicate = f"Einen Schlüssel mit der Kennung „{token.id}“ gibt es schon"

        def work(tx: Tx) -> ApiToken:
            self._get_user(tx, token.email)
            if _rows(tx, "MATCH (t:ApiToken {id: $id}) RETURN t.id AS id", id=token.id):
                raise DuplicateId(duplicate)
            tx.run(
                "CREATE (:ApiToken {id: $id, email: $email, token_hash: $hash, data: $data})",
                id=token.id,
                email=token.email,
                hash=token.token_hash,
                data=token.model_dump_json(),
            ).consume()
            self._record_account(tx, self._auditor.token("token_create", token))
            return token

        return self._account_write(work, duplicate)

    @staticmethod
    def _token(tx: Tx, field: str, value: str) -> ApiToken:
        # ``field`` is "id" or "token_hash", never user text.
        rows = _rows(tx, f"MATCH (t:ApiToken {{{field}: $value}}) RETURN t.data AS data", value=value)
        if not rows:
            raise NotFound("Unbekannter Zugangsschlüssel" if field == "token_hash" else f"Kein Schlüssel „{value}“")
        return ApiToken.model_validate_json(rows[0]["data"])

    def token_by_hash(self, token_hash: str) -> ApiToken:
        return self._read(lambda tx: self._token(tx, "token_hash", token_hash))

    def find_tokens(self, email: str | None = None) -> list[ApiToken]:
        if email is None:
            query, params = "MATCH (t:ApiToken) RETURN t.data AS data", {}
        else:
            query, params = "MATCH (t:ApiToken {email: $email}) RETURN t.data AS data", {"email": email.strip().lower()}
        rows = self._read(lambda tx: _rows(tx, query, **params))
        tokens = [ApiToken.model_validate_json(row["data"]) for row in rows]
        return sorted(tokens, key=lambda t: (t.email, t.created, t.id))

    def _update_token(self, id: str, keep_revoked: bool = False, **changes: Any) -> None:
        def work(tx: Tx) -> None:
            token = self._token(tx, "id", id)
            if keep_revoked and token.revoked is not None:
                return
            token = token.model_copy(update=changes)
            tx.run("MATCH (t:ApiToken {id: $id}) SET t.data = $data", id=id, data=token.model_dump_json()).consume()
            if keep_revoked:  # a revocation; a last use is not recorded
                self._record_account(tx, self._auditor.token("token_revoke", token))

        self._account_write(work)

    def revoke_token(self, id: str) -> None:
        self._update_token(id, keep_revoked=True, revoked=_now())

    def touch_token(self, id: str, when: datetime) -> None:
        self._update_token(id, last_used=when)

    # -- the audit log ---------------------------------------------------------------

    def acting_as(self, who: str) -> AbstractContextManager[None]:
        return self._auditor.acting_as(who)

    def _entry(
        self,
        action: str,
        element_id: str | None = None,
        key: str | None = None,
        ends: tuple[str, str] | None = None,
        before: str | None = None,
        after: str | None = None,
    ) -> dict[str, Any]:
        """An audit entry as node properties (Neo4j keeps no nulls)."""
        return _entry_props(self._auditor.record(action, element_id, key, ends, before, after))

    def _relation_entry(self, action: str, after: Relation | None, before: Relation | None = None) -> dict[str, Any]:
        rel = after or before
        assert rel is not None
        return self._entry(
            action,
            key=rel.key,
            ends=(rel.source, rel.target),
            before=None if before is None else relation_json(before),
            after=None if after is None else relation_json(after),
        )

    def _record_account(self, tx: Tx, record: AuditRecord | None) -> None:
        if record is not None:
            self._record(tx, [_entry_props(record)])

    @staticmethod
    def _record(tx: Tx, entries: list[dict[str, Any]]) -> None:
        """Number the entries from the counter and write them, in the caller's transaction.

        Called at the end of a write, so that the counter, which every writer locks until
        it commits, is taken last and cannot be part of a deadlock.
        """
        if not entries:
            return
        last = _rows(
            tx,
            "MERGE (c:AuditSeq {name: 'audit'}) ON CREATE SET c.value = 0"
            " SET c.value = c.value + $n RETURN c.value AS v",
            n=len(entries),
        )[0]["v"]
        for number, entry in enumerate(entries, start=last - len(entries) + 1):
            entry["seq"] = number
        for batch in batched(entries, _BATCH):
            tx.run("UNWIND $rows AS row CREATE (a:AuditEntry) SET a = row", rows=batch).consume()

    @staticmethod
    def _to_entry(props: Mapping[str, Any]) -> AuditEntry:
        return AuditEntry(
            seq=props["seq"],
            at=props["at"],
            who=props["who"],
            action=props["action"],
            element_id=props.get("element_id"),
            relation_key=props.get("relation_key"),
            user_email=props.get("user_email"),
            before=json.loads(props["before"]) if props.get("before") is not None else None,
            after=json.loads(props["after"]) if props.get("after") is not None else None,
        )

    @staticmethod
    def _history(tx: Tx, element_id: str) -> list[dict[str, Any]]:
        # Three index lookups, one per role the id can play in an entry.
        return _rows(
            tx,
            "CALL { MATCH (a:AuditEntry {element_id: $id}) RETURN a"
            " UNION MATCH (a:AuditEntry {source: $id}) RETURN a"
            " UNION MATCH (a:AuditEntry {target: $id}) RETURN a }"
            " RETURN a {.*} AS a ORDER BY a.seq",
            id=element_id,
        )

    def history(self, element_id: str) -> list[AuditEntry]:
        return [self._to_entry(row["a"]) for row in self._read(lambda tx: self._history(tx, element_id))]

    def account_history(self, email: str | None = None) -> list[AuditEntry]:
        if email is None:
            query, params = "MATCH (a:AuditEntry) WHERE a.user_email IS NOT NULL", {}
        else:
            query, params = "MATCH (a:AuditEntry {user_email: $email})", {"email": email.strip().lower()}
        rows = self._read(lambda tx: _rows(tx, f"{query} RETURN a {{.*}} AS a ORDER BY a.seq", **params))
        return [self._to_entry(row["a"]) for row in rows]

    def restore(self, element_id: str) -> Node:
        return restore_from_log(self, self._auditor, element_id)

    def _redact_mentions(self, tx: Tx, person: Node) -> None:
        """Replace the person's name and contact in other elements, relations and their logged values."""
        history = [self._to_entry(row["a"]) for row in self._history(tx, person.id)]
        redact = Redactor(identifying_texts(person, history))
        now = _now()
        nodes = [
            {"id": node.id, "props": _node_props(changed, node.created_at or now, now)}
            for node in self._find_nodes(tx)
            if node.id != person.id and (changed := redact.node(node)) is not None
        ]
        # A new version (incremented first, which locks): an editor holding the old one must not write the name back.
        tx.run(
            "UNWIND $rows AS row MATCH (n:Element {id: row.id}) SET n.version = coalesce(n.version, 0) + 1 "
            "WITH n, row, n.version AS version SET n = row.props, n.version = version",
            rows=nodes,
        ).consume()
        for rel in self._find_relations(tx):
            if person.id not in (rel.source, rel.target) and (updated := redact.relation(rel)) is not None:
                tx.run(
                    f"MATCH ()-[r:{rel.type.value} {{key: $key}}]->() SET r.version = coalesce(r.version, 0) + 1 "
                    "WITH r, r.version AS version SET r = $props, r.version = version",
                    key=rel.key,
                    props=_relation_props(updated),
                ).consume()
        logged = _rows(
            tx,
            "MATCH (a:AuditEntry) WHERE a.element_id IS NOT NULL OR a.relation_key IS NOT NULL"
            " RETURN a.seq AS seq, a.before AS before, a.after AS after",
        )
        entries = [
            {"seq": row["seq"], "before": redact.json(row["before"]), "after": redact.json(row["after"])}
            for row in logged
            if redact.mentions(row["before"]) or redact.mentions(row["after"])
        ]
        tx.run(
            "UNWIND $rows AS row MATCH (a:AuditEntry {seq: row.seq}) SET a.before = row.before, a.after = row.after",
            rows=entries,
        ).consume()

    def erase_person(self, person_id: str) -> AuditEntry:
        """Erase a person and their relations, and rewrite their audit entries without personal data.

        The same logical result as in SQLite; the server's store files are its own
        business (Neo4j reuses the freed records).
        """
        alias, erased = pseudonym(), json.dumps(ERASED, ensure_ascii=False)

        def hide(key: str | None) -> str | None:
            return key and pseudonymous_key(key, person_id, alias)

        def work(tx: Tx) -> AuditEntry:
            person = self._get_node(tx, person_id)
            erasure_check(person)
            self._redact_mentions(tx, person)
            rows = [
                {
                    "seq": props["seq"],
                    "element_id": alias if props.get("element_id") == person_id else props.get("element_id"),
                    "relation_key": props.get("relation_key")
                    and pseudonymous_key(props["relation_key"], person_id, alias),
                    "source": alias if props.get("source") == person_id else props.get("source"),
                    "target": alias if props.get("target") == person_id else props.get("target"),
                    "before": erased if props.get("before") is not None else None,
                    "after": erased if props.get("after") is not None else None,
                }
                for props in (row["a"] for row in self._history(tx, person_id))
            ]
            tx.run(
                "UNWIND $rows AS row MATCH (a:AuditEntry {seq: row.seq}) SET a += row",
                rows=rows,
            ).consume()
            tx.run("MATCH (n:Element {id: $id}) DETACH DELETE n", id=person_id).consume()
            entry = self._entry("erase", alias)
            self._record(tx, [entry])
            return self._to_entry(entry)

        return self._write(work)


def _entry_props(record: AuditRecord) -> dict[str, Any]:
    """An audit entry as node properties (Neo4j keeps no nulls)."""
    return {k: v for k, v in record._asdict().items() if v is not None}


class _ViewReader:
    """The indexed reads behind ``subgraph()`` (:class:`~buendnisatlas.graph.store.ViewReader`) in Cypher."""

    def __init__(self, tx: Tx):
        self.tx = tx

    def ends(
        self,
        ids: Collection[str],
        *,
        incoming: bool,
        types: Collection[RelationType] | None = None,
        kinds: Collection[NodeKind] | None = None,
    ) -> set[str]:
        pattern = "(far:Element)-[r]->(:Element {id: id})" if incoming else "(:Element {id: id})-[r]->(far:Element)"
        query = (
            f"UNWIND $ids AS id MATCH {pattern} WHERE ($types IS NULL OR type(r) IN $types) "
            "AND ($kinds IS NULL OR far.kind IN $kinds) RETURN DISTINCT far.id AS id"
        )
        rows = _rows(
            self.tx,
            query,
            ids=list(ids),
            types=None if types is None else [str(t) for t in types],
            kinds=None if kinds is None else [str(k) for k in kinds],
        )
        return {row["id"] for row in rows}

    def located(self, region: str) -> set[str]:
        query = (
            "MATCH (n:Element) WHERE $r = 'DE' OR n.ags STARTS WITH $r "
            "OR any(a IN coalesce(n.area, []) WHERE a = 'DE' OR a STARTS WITH $r OR $r STARTS WITH a) RETURN n.id AS id"
        )
        return {row["id"] for row in _rows(self.tx, query, r=region)}

    def actors_within(self, areas: Collection[str]) -> set[str]:
        query = (
            "MATCH (n:Actor) WHERE size($areas) = 0 OR 'DE' IN $areas OR n.ags IS NULL "
            "OR any(a IN $areas WHERE n.ags STARTS WITH a) RETURN n.id AS id"
        )
        return {row["id"] for row in _rows(self.tx, query, areas=list(areas))}

    def kinds(self, ids: Collection[str]) -> dict[str, str]:
        query = "UNWIND $ids AS id MATCH (n:Element {id: id}) RETURN n.id AS id, n.kind AS kind"
        return {row["id"]: row["kind"] for row in _rows(self.tx, query, ids=list(ids))}

    def ties(self, ids: Collection[str], types: Collection[RelationType] | None = None) -> list[tuple[str, str, str]]:
        query = (
            "UNWIND $ids AS id MATCH (s:Element {id: id})-[r]->(t:Element) WHERE $types IS NULL OR type(r) IN $types "
            "RETURN s.id AS s, type(r) AS type, t.id AS t"
        )
        types_ = None if types is None else [str(t) for t in types]
        return [(row["s"], row["type"], row["t"]) for row in _rows(self.tx, query, ids=list(ids), types=types_)]

    def rows(self, ids: Collection[str] | None) -> tuple[dict[str, Attrs], list[EdgeRow]]:
        if ids is None:
            node_rows = _rows(self.tx, "MATCH (n:Element) RETURN n {.*} AS n")
            relation_rows = _rows(self.tx, f"MATCH (:Element)-[r]->(:Element) RETURN {_RELATION_FIELDS}")
        else:
            wanted = set(ids)
            node_rows = _rows(self.tx, _NODE_BY_ID, ids=list(wanted))
            # The relations leaving ``ids``, kept here if they end among them: Cypher's ``IN`` on
            # a list parameter tests element by element, per relation.
            relation_rows = [
                row
                for row in _rows(
                    self.tx,
                    f"UNWIND $ids AS id MATCH (:Element {{id: id}})-[r]->(:Element) RETURN {_RELATION_FIELDS}",
                    ids=list(wanted),
                )
                if row["target"] in wanted
            ]
        nodes = {}
        for row in node_rows:
            node = _to_node(row["n"])
            nodes[node.id] = node_attrs(node)
        return nodes, [edge_row(_to_relation(row)) for row in relation_rows]

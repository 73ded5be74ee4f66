"""SqliteStore: the embedded default store, one SQLite file.

WAL journal, foreign keys on, explicit transactions (``BEGIN IMMEDIATE`` so that two
processes never deadlock halfway through a unit of work), and a schema versioned with
``PRAGMA user_version`` whose migrations run on open. Nodes keep their validated model
as JSON beside indexed columns for the lookups the application makes.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import sys
import time
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from datetime import UTC, date, datetime
from functools import lru_cache, partial
from itertools import chain
from pathlib import Path
from typing import IO, Any

import networkx as nx
from pydantic import ValidationError
from pydantic_core import from_json

from .accounts import ERASED, ApiToken, AuditEntry, User
from .model import (
    COUNTRY_AGS,
    LIST_FIELDS,
    NODE_CLASSES,
    Node,
    Region,
    Relation,
    node_from_dict,
)
from .store import (
    LISTED,
    Attrs,
    Auditor,
    AuditRecord,
    Changes,
    DuplicateId,
    EdgeRow,
    ImportCounts,
    InvalidData,
    InvalidRelation,
    NotFound,
    ReadSet,
    Redactor,
    StoreBusy,
    StoreError,
    StoreStats,
    UpsertCounts,
    Written,
    batched,
    check_endpoints,
    check_version,
    erasure_check,
    identifying_texts,
    import_in_one_transaction,
    in_region,
    node_json,
    pseudonym,
    pseudonymous_key,
    read_affiliations,
    read_subgraph,
    relation_json,
    restore_from_log,
    stored_attrs,
    updated_user,
    user_not_found,
)
from .vocab import NodeKind, RelationType, Visibility

MIGRATIONS: list[str] = [
    # 1: nodes, relations, regions
    """
    CREATE TABLE nodes (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        visibility TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX nodes_kind ON nodes(kind);
    CREATE INDEX nodes_name ON nodes(name);
    CREATE INDEX nodes_sector ON nodes(json_extract(data, '$.sector'));
    CREATE INDEX nodes_ags ON nodes(json_extract(data, '$.ags'));
    CREATE TABLE relations (
        key TEXT PRIMARY KEY,
        source TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
        target TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        since TEXT,
        until TEXT,
        data TEXT NOT NULL
    );
    CREATE INDEX relations_source ON relations(source, type);
    CREATE INDEX relations_target ON relations(target, type);
    CREATE TABLE regions (
        ags TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        level TEXT NOT NULL
    );
    CREATE INDEX regions_name ON regions(name COLLATE NOCASE);
    """,
    # 2: accounts, API tokens (only their hashes) and the audit log
    """
    CREATE TABLE users (
        email TEXT PRIMARY KEY,
        data TEXT NOT NULL
    );
    CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL REFERENCES users(email) ON DELETE CASCADE,
        token_hash TEXT NOT NULL UNIQUE,
        data TEXT NOT NULL
    );
    CREATE INDEX tokens_email ON tokens(email);
    CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL,
        element_id TEXT,
        relation_key TEXT,
        source TEXT,
        target TEXT,
        before TEXT,
        after TEXT
    );
    CREATE INDEX audit_element ON audit(element_id) WHERE element_id IS NOT NULL;
    CREATE INDEX audit_source ON audit(source) WHERE source IS NOT NULL;
    CREATE INDEX audit_target ON audit(target) WHERE target IS NOT NULL;
    """,
    # 3: covering indexes for the views' neighbour lookups (subgraph), answered from the index
    # alone; the Gemeindeverzeichnis' fields of a region (population, postcode, Verband …) as
    # JSON; a counter every committed change bumps, so that caches of any connection see changes
    """
    DROP INDEX relations_source;
    DROP INDEX relations_target;
    CREATE INDEX relations_source ON relations(source, type, target);
    CREATE INDEX relations_target ON relations(target, type, source);
    ALTER TABLE regions ADD COLUMN data TEXT;
    CREATE TABLE change_counter (n INTEGER NOT NULL, epoch TEXT NOT NULL);
    INSERT INTO change_counter VALUES (0, lower(hex(randomblob(8))));
    """,
    # 4: the audit log records changes of accounts and API tokens too, by e-mail address
    """
    ALTER TABLE audit ADD COLUMN user_email TEXT;
    CREATE INDEX audit_user ON audit(user_email) WHERE user_email IS NOT NULL;
    """,
    # 5: a version per element and relation for optimistic concurrency (1 on create, +1 per
    # change); rows written before count as their first version
    """
    ALTER TABLE nodes ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE relations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    """,
    # 6: imports written in short steps (import_records): the audit entries of each step, so
    # that an import that failed or whose process died is undone from the log
    """
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        started TEXT NOT NULL,
        who TEXT NOT NULL
    );
    CREATE TABLE import_steps (
        import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        first_seq INTEGER NOT NULL,
        last_seq INTEGER NOT NULL
    );
    """,
    # 7: what each counted transaction wrote (NULL: not only single elements and relations),
    # so that a kept view survives writes that miss it (changes_since)
    """
    CREATE TABLE change_log (n INTEGER PRIMARY KEY, written TEXT);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
_BATCH = 500
# An import holds the write lock for steps of about _STEP_SECONDS, then lets go for
# _PAUSE_SECONDS: at least the longest sleep of SQLite's busy handler (100 ms), so that a
# writer waiting for the lock gets it before the next step; while others write, it waits
# for them up to _YIELD_SECONDS (see _wait_for_writers).
_STEP_SECONDS, _PAUSE_SECONDS, _YIELD_SECONDS = 0.5, 0.11, 5.0
# Transactions the change log keeps: a cache older than that builds anew.
_LOGGED = 256
STEP_ENV = "BUENDNISATLAS_IMPORT_STEP_SECONDS"  # another step length, e.g. shorter for a busy server
# While an import runs, it checkpoints in the pauses between its steps, not after each commit.
# (Its commits keep their fsync: without it, the next writer's commit would flush the step.)
# The statement journal of a batch's INSERT (the pages it changed, for undoing it alone) stays
# in memory: it outgrows 64 KiB, and SQLite would spill it to a new file in /var/tmp each step.
_IMPORT_PRAGMAS = {"wal_autocheckpoint": 0, "cache_size": -65536, "temp_store": 2}
# key, source, target, type, since, until, data: a relation as _INSERT_RELATION writes it. A date
# it lacks is "" and stored as NULL: sqlite3 binds None only after looking for an adapter (two
# failed attribute lookups), which costs more than nullif() in SQLite, and most relations lack `until`.
_RelationRow = tuple[str, str, str, str, str, str, str]
_NodeRow = tuple[str, str, str, str]  # kind, name, visibility, data
_RELATION_VALUES = "(?, ?, ?, ?, nullif(?, ''), nullif(?, ''), ?)"
_INSERT_RELATIONS = "INSERT INTO relations (key, source, target, type, since, until, data) VALUES "
_INSERT_RELATION = _INSERT_RELATIONS + _RELATION_VALUES
_INSERT_NODES = "INSERT INTO nodes (id, kind, name, visibility, data, created_at, updated_at) VALUES "
_INSERT_AUDIT = (
    "INSERT INTO audit (at, who, action, element_id, relation_key, source, target, before, after, user_email)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_AUDIT_FIELDS = "seq, at, who, action, element_id, relation_key, user_email, before, after"
# Attribute names that may appear in a JSON path of a query; never taken from user text.
_CLASS_OF_KIND = {kind.value: cls for kind, cls in NODE_CLASSES.items()}
_QUERYABLE = frozenset(name for cls in NODE_CLASSES.values() for name in cls.model_fields)


BUSY_TIMEOUT_ENV = "BUENDNISATLAS_BUSY_TIMEOUT"
DEFAULT_BUSY_TIMEOUT = 10.0  # seconds a write waits for another writer's lock before giving up


def busy_timeout() -> float:
    """Seconds a write waits for the lock: ``$BUENDNISATLAS_BUSY_TIMEOUT``, else 10."""
    given = os.environ.get(BUSY_TIMEOUT_ENV)
    if not given:
        return DEFAULT_BUSY_TIMEOUT
    try:
        seconds = float(given.replace(",", "."))
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:
        raise StoreError(f"{BUSY_TIMEOUT_ENV}=„{given}“ ist keine Wartezeit in Sekunden (0 bis 3600)")
    return seconds


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    """SQLite gave up waiting for another connection's lock (SQLITE_BUSY or SQLITE_LOCKED)."""
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# Files written earlier hold sorted keys; _same_json compares by content when the text
# differs, so they still count as unchanged.
def _same_json(before: str, after: str) -> bool:
    return before == after or json.loads(before) == json.loads(after)


class _Declared:
    """The row changes of one transaction that single writes declared (:meth:`SqliteStore._declaring`)."""

    def __init__(self) -> None:
        self.nodes: dict[str, list[Any]] = {}  # id → [kind, ags, deleted]
        self.ends: set[str] = set()
        self.rows = 0  # row changes inside the declaring blocks
        self.open = False

    def node(self, node: Node, deleted: bool = False) -> None:
        self.nodes[node.id] = [str(node.kind), getattr(node, "ags", None), deleted]

    def logged(self, rows: int) -> str | None:
        """The change log's entry for a transaction of ``rows`` row changes; ``None`` if some were not declared."""
        if rows != self.rows:
            return None
        return json.dumps({"nodes": self.nodes, "ends": sorted(self.ends)}, ensure_ascii=False)


@lru_cache(maxsize=64)
def _values(marks: str, count: int) -> str:
    """``count`` rows of parameter marks for a VALUES clause (a large import's batches repeat one count)."""
    return ",".join([marks] * count)


def _region_of(ags: str, name: str, level: str, data: str | None) -> Region:
    """A stored region; rows written before schema 3 have no ``data``."""
    if data is None:
        return Region(ags=ags, name=name, level=level)
    # Validated when written; a national table is 12,000 rows, read on every lookup's first call.
    return Region.model_construct(**from_json(data))


def _import_lock(db: Path) -> IO[bytes] | None:
    """Take the lock ``<file>-import`` that one running import holds; ``None`` if another has it.

    An OS lock, not a row: the system drops it when the importing process dies, however
    it dies (``kill -9``), which tells a later process that the import's steps are orphans.
    """
    try:
        handle = open(f"{db}-import", "a+b")  # noqa: SIM115 - the caller closes it, which unlocks
    except OSError:
        return None
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


def _step_seconds() -> float:
    given = os.environ.get(STEP_ENV)
    if not given:
        return _STEP_SECONDS
    try:
        seconds = float(given.replace(",", "."))
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds <= 60:  # also NaN
        raise StoreError(f"{STEP_ENV}={given}: erwartet eine Zahl von Sekunden zwischen 0 und 60, z. B. 0,5")
    return seconds


def path_from_url(url: str) -> Path:
    """``sqlite:///relative.db`` or ``sqlite:////absolute/path.db`` → a path."""
    if not url.startswith("sqlite:///"):
        raise StoreError(f"„{url}“ ist keine SQLite-Adresse (erwartet: sqlite:///pfad/zur/datei.db)")
    rest = url.removeprefix("sqlite:///")
    if not rest:
        raise StoreError(f"In „{url}“ fehlt der Dateiname")
    return Path(rest)


class SqliteStore:
    """A :class:`~buendnisatlas.graph.store.GraphStore` in one SQLite file.

    Examples
    --------
    >>> import tempfile, os
    >>> from buendnisatlas.graph.model import Actor
    >>> path = os.path.join(tempfile.mkdtemp(), "atlas.db")
    >>> store = SqliteStore(path)
    >>> store.add_node(Actor(id="kjr", name="Kreis-Kinder- und Jugendring", sector="Jugend")).sector
    'youth'
    >>> store.close()
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"
        if self.path.parent and not self.path.parent.exists():
            raise StoreError(f"Der Ordner „{self.path.parent}“ für die Datenbank existiert nicht")
        wait = busy_timeout()
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA foreign_keys = ON")
            # Deleted and overwritten content is zeroed, not left in free space: an erased
            # person must not be recoverable from the file (Art. 17 DSGVO).
            self._db.execute("PRAGMA secure_delete = ON")
            if self._db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise StoreBusy() from exc
            raise StoreError(f"„{self.path}“ ist keine lesbare Bündnisatlas-Datenbank: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"„{self.path}“ ist keine lesbare Bündnisatlas-Datenbank: {exc}") from exc
        self._depth = 0
        self._max_parameters = self._db.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        # Node kinds read or written in the open transaction: a large import checks the ends
        # of its relations against the nodes it has just written, without asking SQLite again.
        self._kinds: dict[str, str] = {}
        # Keys of the relations written, kept while the open transaction found the relations
        # table empty and only upsert_relations wrote to it (``None`` otherwise): no other
        # key can exist, so a first load asks SQLite only about keys it repeats.
        self._written: set[str] | None = None
        self._declared = _Declared()
        # Between the steps of an import: the change counter after its last step, and the two
        # caches above, valid again if no one else has written since.
        self._carried: tuple[int, dict[str, str], set[str] | None] | None = None
        self._auditor = Auditor()
        self._counted = False  # the change counter exists (schema 3) once migrated
        self._migrate()
        self._counted = True
        # Set for a unit of work that writes only accounts (a token's last use, a failed
        # sign-in): those change no answer, so cached answers stay valid.
        self._accounts_only = False
        self.recover()

    @classmethod
    def from_url(cls, url: str) -> SqliteStore:
        return cls(path_from_url(url))

    # -- lifecycle -------------------------------------------------------------------

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"Die Datenbank „{self.path}“ stammt von einer neueren Bündnisatlas-Version "
                f"(Schema {version}, diese Version kennt {SCHEMA_VERSION}). Bitte aktualisieren."
            )
        for number in range(version, SCHEMA_VERSION):
            with self.transaction():
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                # PRAGMA takes no parameters; the number is ours, not user input.
                self._db.execute(f"PRAGMA user_version = {number + 1}")

    def close(self) -> None:
        self._db.close()

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open on this connection (a pooled one must have none)."""
        return self._depth > 0 or self._db.in_transaction

    def change_stamp(self) -> str:
        """A stamp that changes with every committed change, whichever connection made it.

        The epoch is drawn when the file is created: a new file at the same path never
        repeats an old file's stamp.
        """
        n, epoch = self._db.execute("SELECT n, epoch FROM change_counter").fetchone()
        return f"{epoch}:{n}"

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):  # the busy timeout passed while another connection wrote
                raise StoreBusy() from exc
            raise
        self._depth = 1
        before = self._db.total_changes
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            changed = self._db.total_changes - before
            if changed and self._counted and not self._accounts_only:
                self._db.execute("UPDATE change_counter SET n = n + 1")
                n = self._change_count()
                self._db.execute("INSERT INTO change_log VALUES (?, ?)", (n, self._declared.logged(changed)))
                self._db.execute("DELETE FROM change_log WHERE n <= ?", (n - _LOGGED,))
            try:
                self._db.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise
                self._db.execute("ROLLBACK")
                raise StoreBusy() from exc
        finally:
            self._depth = 0
            self._kinds = {}  # a new dict: an import's steps may carry the old one over
            self._written = None
            self._declared = _Declared()

    @contextmanager
    def _declaring(self) -> Iterator[_Declared]:
        """A block of a single write that names what it changes in the yielded :class:`_Declared`.

        Its row changes count as declared; if the transaction makes others (an import, an
        undo, regions), its change log entry says "unknown". Blocks nest: the outer one counts.
        """
        declared = self._declared
        if declared.open:
            yield declared
            return
        before = self._db.total_changes
        declared.open = True
        try:
            yield declared
        finally:
            declared.open = False
            declared.rows += self._db.total_changes - before

    def changes_since(self, stamp: str) -> Changes | None:
        epoch, _, counted = stamp.partition(":")
        if not counted.isdigit():
            return None
        since = int(counted)
        with self._reading():  # the counter, the log and the elements of one snapshot
            rows = self._db.execute(
                "SELECT c.epoch, c.n, l.n, l.written FROM change_counter c"
                " LEFT JOIN change_log l ON l.n > ? AND l.n <= c.n ORDER BY l.n",
                (since,),
            ).fetchall()
            now_epoch, now = rows[0][0], rows[0][1]
            logged = [written for _, _, n, written in rows if n is not None]
            if now_epoch != epoch or now < since or len(logged) != now - since or None in logged:
                return None
            written: dict[str, list[Any]] = {}
            ends: set[str] = set()
            for entry in map(json.loads, logged):
                written.update(entry["nodes"])
                ends.update(entry["ends"])
            attrs, _ = self.rows([node_id for node_id, (_, _, deleted) in written.items() if not deleted])
        nodes = {n: Written(kind, ags, deleted, attrs.get(n)) for n, (kind, ags, deleted) in written.items()}
        return Changes(f"{now_epoch}:{now}", nodes, frozenset(ends))

    # -- nodes -----------------------------------------------------------------------

    def _row_to_node(self, row: tuple[str, str, str, int]) -> Node:
        data, created_at, updated_at, version = row
        return node_from_dict(
            {**from_json(data), "created_at": created_at, "updated_at": updated_at, "version": version}, stored=True
        )

    def add_node(self, node: Node) -> Node:
        now = _now()
        data = node_json(node)
        try:
            with self.transaction(), self._declaring() as declared:
                self._db.execute(
                    "INSERT INTO nodes (id, kind, name, visibility, data, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (node.id, node.kind.value, node.name, node.visibility.value, data, now, now),
                )
                self._record(self._auditor.record(self._auditor.action("create"), node.id, after=data, at=now))
                declared.node(node)
        except sqlite3.IntegrityError as exc:
            raise DuplicateId(f"Die Kennung „{node.id}“ ist schon vergeben") from exc
        return self.get_node(node.id)

    def upsert_nodes(self, nodes: Iterable[Node]) -> UpsertCounts:
        return self._upsert_nodes((batch, self._node_rows(batch)) for batch in batched(nodes, _BATCH))

    @staticmethod
    def _node_rows(batch: Sequence[Node]) -> list[_NodeRow]:
        """The nodes' kind, name, visibility and JSON, as the nodes table holds them.

        They need no lock: an import's pauses make the next chunks' rows, as they make the
        relations' (see :meth:`_in_steps`). Bound as plain texts: sqlite3 binds a StrEnum
        member only after looking for an adapter, which costs more than str() (a large
        import binds 200,000).
        """
        return [(str(node.kind), node.name, str(node.visibility), node_json(node)) for node in batch]

    def _upsert_nodes(self, batches: Iterable[tuple[Sequence[Node], list[_NodeRow]]]) -> UpsertCounts:
        """:meth:`upsert_nodes` of batches whose rows (:meth:`_node_rows`) are made already."""
        counts = UpsertCounts()
        now = _now()
        who, create = self._auditor.who, self._auditor.action("create")
        with self.transaction():
            for batch, rows in batches:
                existing = self._existing("SELECT id, kind, data FROM nodes WHERE id IN", [n.id for n in batch])
                inserts, updates = [], []
                audit: list[tuple[str | None, ...]] = []
                for node, row in zip(batch, rows, strict=True):
                    kind, data = row[0], row[3]
                    if node.id not in existing:
                        # A new node keeps the timestamps it carries (a copy from another store).
                        created = node.created_at.isoformat() if node.created_at else now
                        updated = node.updated_at.isoformat() if node.updated_at else now
                        inserts.append((node.id, *row, created, updated))
                        existing[node.id] = (kind, data)
                        counts.new += 1
                    elif existing[node.id][0] == kind and _same_json(existing[node.id][1], data):
                        counts.unchanged += 1
                    else:
                        updates.append((*row, now, node.id))
                        audit.append((now, who, "update", node.id, None, None, None, existing[node.id][1], data, None))
                        existing[node.id] = (kind, data)
                        counts.changed += 1
                last = self._db.execute("SELECT max(rowid) FROM nodes").fetchone()[0] or 0
                self._insert_rows(_INSERT_NODES, "(?, ?, ?, ?, ?, ?, ?)", inserts)
                self._log_inserted("nodes", last, now, who, create)
                if updates:
                    self._db.executemany(
                        "UPDATE nodes SET kind = ?, name = ?, visibility = ?, data = ?, updated_at = ?,"
                        " version = version + 1 WHERE id = ?",
                        updates,
                    )
                    self._db.executemany(_INSERT_AUDIT, audit)
                self._kinds.update((node.id, node.kind) for node in batch)
        return counts

    def _insert_rows(self, insert: str, marks: str, rows: Sequence[Sequence[Any]]) -> None:
        """``insert`` (``INSERT INTO … VALUES``) of the rows, as many to a statement as SQLite binds parameters.

        One statement of many rows, not executemany's statement per row: SQLite then closes
        a statement (its journal, its constraint checks) per batch, which cost a large
        import a tenth of its relations' writing.
        """
        if not rows:
            return
        per = max(1, self._max_parameters // len(rows[0]))
        for start in range(0, len(rows), per):
            chunk = rows[start : start + per]
            self._db.execute(insert + _values(marks, len(chunk)), list(chain.from_iterable(chunk)))

    def _existing(self, select: str, keys: list[str]) -> dict[str, tuple[str, ...]]:
        marks = ",".join("?" * len(keys))
        return {row[0]: tuple(row[1:]) for row in self._db.execute(f"{select} ({marks})", keys)}

    def update_node(self, node_id: str, *, expected_version: int | None = None, **changes: Any) -> Node:
        if "id" in changes or "kind" in changes:
            raise StoreError("Kennung und Art eines Elements lassen sich nicht ändern")
        changes = {k: v for k, v in changes.items() if k not in Node.BOOKKEEPING}  # the store keeps those
        # Read, check and write under one BEGIN IMMEDIATE: no other writer comes between,
        # so the sent fields are merged into the element as stored now.
        with self.transaction():
            node = self.get_node(node_id)
            check_version(node, expected_version)
            try:
                updated = node_from_dict({**node.model_dump(), **changes})
            except ValidationError as exc:
                raise InvalidData.from_validation(exc) from exc
            now, before, after = _now(), node_json(node), node_json(updated)
            if _same_json(before, after):
                return node
            with self._declaring() as declared:
                self._db.execute(
                    "UPDATE nodes SET name = ?, visibility = ?, data = ?, updated_at = ?, version = version + 1"
                    " WHERE id = ?",
                    (updated.name, updated.visibility.value, after, now, node_id),
                )
                self._record(self._auditor.record("update", node_id, before=before, after=after, at=now))
                declared.node(updated)
            return self.get_node(node_id)

    def delete_node(self, node_id: str, *, expected_version: int | None = None) -> None:
        now = _now()
        with self.transaction():
            self._kinds.pop(node_id, None)
            self._written = None  # its relations go too
            row = self._node_row(node_id)
            node = self._row_to_node(row)
            check_version(node, expected_version)
            # The element first, then each relation that goes with it, in consecutive
            # entries: restore() reads them back as one deletion.
            entries = [self._auditor.record("delete", node_id, before=row[0], at=now)]
            with self._declaring() as declared:
                for key, source, target, data in self._db.execute(
                    "SELECT key, source, target, data FROM relations WHERE source = ? OR target = ? ORDER BY key",
                    (node_id, node_id),
                ):
                    entries.append(self._auditor.record("delete", key=key, ends=(source, target), before=data, at=now))
                    declared.ends.update((source, target))
                self._record(*entries)
                self._db.execute("DELETE FROM nodes WHERE id = ?", (node_id,))
                declared.node(node, deleted=True)

    def _node_row(self, node_id: str) -> tuple[str, str, str, int]:
        row = self._db.execute(
            "SELECT data, created_at, updated_at, version FROM nodes WHERE id = ?", (node_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"Kein Element mit der Kennung „{node_id}“")
        return row

    def get_node(self, node_id: str) -> Node:
        return self._row_to_node(self._node_row(node_id))

    @staticmethod
    def _node_filter(kind: NodeKind | None, name: str | None, attrs: dict[str, Any]) -> tuple[str, list[Any]]:
        """The WHERE clause of :meth:`find_nodes` and :meth:`listing`, with its parameters."""
        where, params = ["1 = 1"], []
        if kind is not None:
            where.append("kind = ?")
            params.append(NodeKind(kind).value)
        if name is not None:
            where.append("name = ?")
            params.append(name.strip())
        for field, value in attrs.items():
            if field not in _QUERYABLE:
                raise StoreError(f"Nach „{field}“ kann nicht gesucht werden")
            if field == "visibility":
                where.append("visibility = ?")
            elif field in LIST_FIELDS:
                where.append(f"EXISTS (SELECT 1 FROM json_each(data, '$.{field}') WHERE value = ?)")
            else:
                where.append(f"json_extract(data, '$.{field}') = ?")
            params.append(value.value if hasattr(value, "value") else value)
        return " AND ".join(where), params

    def find_nodes(self, kind: NodeKind | None = None, name: str | None = None, **attrs: Any) -> list[Node]:
        where, params = self._node_filter(kind, name, attrs)
        sql = f"SELECT data, created_at, updated_at, version FROM nodes WHERE {where} ORDER BY id"
        return [self._row_to_node(row) for row in self._db.execute(sql, params)]

    def get_nodes(self, ids: Sequence[str]) -> list[Node]:
        found: dict[str, Node] = {}
        for chunk in batched(ids, _BATCH):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT id, data, created_at, updated_at, version FROM nodes WHERE id IN ({marks})"
            found.update((row[0], self._row_to_node(row[1:])) for row in self._db.execute(sql, chunk))
        return [found[i] for i in ids if i in found]

    def listing(self, kind: NodeKind | None = None, name: str | None = None, **attrs: Any) -> list[Attrs]:
        where, params = self._node_filter(kind, name, attrs)
        sql = (
            "SELECT id, kind, name, visibility, json_extract(data, '$.form'),"
            f" json_extract(data, '$.consent_given_at') FROM nodes WHERE {where} ORDER BY id"
        )
        return [dict(zip(LISTED, row, strict=True)) for row in self._db.execute(sql, params)]

    def affiliations(self, ids: Collection[str]) -> dict[str, frozenset[str]]:
        with self._reading():
            return read_affiliations(self, ids)

    # -- relations -------------------------------------------------------------------

    def _check_endpoints(self, relations: Sequence[Relation]) -> None:
        """Both ends exist and the type may connect their kinds; call inside a transaction."""
        kinds = self._kinds
        # The kinds known already (a large import's own elements) mostly answer: SQLite is
        # asked only if an end is missing, which costs a second pass over the batch.
        with suppress(InvalidRelation):
            return check_endpoints(relations, kinds)
        ids = list({end for r in relations for end in (r.source, r.target) if end not in kinds})
        for chunk in batched(ids, _BATCH):
            kinds.update((k, v[0]) for k, v in self._existing("SELECT id, kind FROM nodes WHERE id IN", chunk).items())
        check_endpoints(relations, kinds)

    def add_relation(self, relation: Relation) -> Relation:
        with self.transaction():
            self._insert_relation(relation)
        return relation.model_copy(update={"version": 1})

    def _insert_relation(self, relation: Relation, action: str = "create", before: str | None = None) -> None:
        """Insert one checked relation and record it; inside a transaction."""
        self._written = None
        self._check_endpoints([relation])
        (row,) = self._relation_rows([relation])
        ends = (relation.source, relation.target)
        with self._declaring() as declared:
            try:
                self._db.execute(_INSERT_RELATION, row)
            except sqlite3.IntegrityError as exc:
                raise DuplicateId(f"Die Beziehung {relation.key} gibt es schon") from exc
            action = self._auditor.action(action)
            self._record(self._auditor.record(action, key=relation.key, ends=ends, before=before, after=row[6]))
            declared.ends.update(ends)

    @staticmethod
    def _relation_rows(batch: Sequence[Relation]) -> list[_RelationRow]:
        """The relations' rows, as ``_INSERT_RELATION`` writes them.

        In one pass: dates formatted once (for the key and their columns), JSON made once.
        These dominate a large import's writing, and need no lock (see :meth:`_in_steps`).
        """
        rows: list[_RelationRow] = []
        append = rows.append
        for rel in batch:
            since, until = rel.since, rel.until
            since_text = "" if since is None else since.isoformat()
            # The type as plain text: sqlite3 binds a StrEnum member only after looking for an adapter.
            source, target, type_ = rel.source, rel.target, str(rel.type)
            append(
                (
                    f"{source}|{type_}|{target}|{since_text}",  # = Relation.key
                    source,
                    target,
                    type_,
                    since_text,
                    "" if until is None else until.isoformat(),
                    relation_json(rel),
                )
            )
        return rows

    def upsert_relations(self, relations: Iterable[Relation]) -> UpsertCounts:
        return self._upsert_relations((batch, self._relation_rows(batch)) for batch in batched(relations, _BATCH))

    def _upsert_relations(self, batches: Iterable[tuple[Sequence[Relation], list[_RelationRow]]]) -> UpsertCounts:
        """:meth:`upsert_relations` of batches whose rows (:meth:`_relation_rows`) are made already."""
        counts = UpsertCounts()
        now = _now()
        who, create = self._auditor.who, self._auditor.action("create")
        with self.transaction():
            if self._written is None and self._db.execute("SELECT 1 FROM relations LIMIT 1").fetchone() is None:
                self._written = set()  # a first load: what exists is what this transaction writes
            for batch, rows in batches:
                self._check_endpoints(batch)
                written = self._written
                keys = [row[0] for row in rows]
                asked = keys if written is None else [key for key in keys if key in written]
                existing = (
                    {k: v[0] for k, v in self._existing("SELECT key, data FROM relations WHERE key IN", asked).items()}
                    if asked
                    else {}
                )
                inserts, replaces = [], []
                audit: list[tuple[str | None, ...]] = []
                if not existing and len(set(keys)) == len(keys):
                    # All new, none twice (a first load's every batch): no row needs a look of its own.
                    inserts = rows
                    counts.new += len(rows)
                else:
                    for row in rows:
                        key, data = row[0], row[6]
                        before = existing.get(key)
                        if before is not None and _same_json(before, data):
                            counts.unchanged += 1
                            continue
                        if before is None:
                            counts.new += 1
                            inserts.append(row)
                        else:
                            counts.changed += 1
                            replaces.append(row)
                            audit.append((now, who, "update", None, key, row[1], row[2], before, data, None))
                        existing[key] = data
                if written is not None:
                    written.update(keys)
                # A plain INSERT for new keys: REPLACE costs a conflict search per row.
                last = self._db.execute("SELECT max(rowid) FROM relations").fetchone()[0] or 0
                self._insert_rows(_INSERT_RELATIONS, _RELATION_VALUES, inserts)
                self._log_inserted("relations", last, now, who, create)
                if replaces:
                    # The key fixes source, type, target and since: only the rest changes.
                    self._db.executemany(
                        "UPDATE relations SET until = nullif(?, ''), data = ?, version = version + 1 WHERE key = ?",
                        [(row[5], row[6], row[0]) for row in replaces],
                    )
                    self._db.executemany(_INSERT_AUDIT, audit)
        return counts

    @staticmethod
    def _row_to_relation(data: str, version: int) -> Relation:
        return Relation.model_validate({**from_json(data), "version": version})

    def get_relation(self, key: str) -> Relation:
        row = self._db.execute("SELECT data, version FROM relations WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise NotFound(f"Keine Beziehung {key}")
        return self._row_to_relation(*row)

    def update_relation(self, key: str, *, expected_version: int | None = None, **changes: Any) -> Relation:
        changes.pop("version", None)  # the store keeps it
        with self.transaction():  # read, check and write under one BEGIN IMMEDIATE, as update_node
            relation = self.get_relation(key)
            check_version(relation, expected_version)
            try:
                updated = Relation.model_validate({**relation.model_dump(), **changes})
            except ValidationError as exc:
                raise InvalidData.from_validation(exc) from exc
            before, after = relation_json(relation), relation_json(updated)
            if _same_json(before, after):
                return relation
            version = (relation.version or 0) + 1
            ends = (relation.source, relation.target)
            with self._declaring() as declared:
                declared.ends.update(ends)
                if updated.key == key:
                    self._db.execute(
                        "UPDATE relations SET until = ?, data = ?, version = ? WHERE key = ?",
                        (updated.until and updated.until.isoformat(), after, version, key),
                    )
                    self._record(self._auditor.record("update", key=key, ends=ends, before=before, after=after))
                else:  # another start date is another relation: the log says so
                    self._db.execute("DELETE FROM relations WHERE key = ?", (key,))
                    self._record(self._auditor.record("delete", key=key, ends=ends, before=before))
                    self._insert_relation(updated)
                    self._db.execute("UPDATE relations SET version = ? WHERE key = ?", (version, updated.key))
        return updated.model_copy(update={"version": version})

    def delete_relation(self, key: str, *, expected_version: int | None = None) -> None:
        with self.transaction():
            self._written = None
            row = self._db.execute(
                "SELECT source, target, data, version FROM relations WHERE key = ?", (key,)
            ).fetchone()
            if row is None:
                raise NotFound(f"Keine Beziehung {key}")
            check_version(self._row_to_relation(row[2], row[3]), expected_version)
            with self._declaring() as declared:
                self._db.execute("DELETE FROM relations WHERE key = ?", (key,))
                self._record(self._auditor.record("delete", key=key, ends=(row[0], row[1]), before=row[2]))
                declared.ends.update((row[0], row[1]))

    def find_relations(
        self, node_id: str | None = None, type: RelationType | None = None, at: date | None = None
    ) -> list[Relation]:
        where, params = ["1 = 1"], []
        if node_id is not None:
            where.append("(source = ? OR target = ?)")
            params += [node_id, node_id]
        if type is not None:
            where.append("type = ?")
            params.append(RelationType(type).value)
        if at is not None:
            where.append("(since IS NULL OR since <= ?) AND (until IS NULL OR until >= ?)")
            params += [at.isoformat(), at.isoformat()]
        sql = f"SELECT data, version FROM relations WHERE {' AND '.join(where)} ORDER BY key"
        return [self._row_to_relation(*row) for row in self._db.execute(sql, params)]

    # -- imports -------------------------------------------------------------------

    def import_records(
        self,
        regions: Sequence[Region],
        nodes: Sequence[Node],
        relations: Sequence[Relation],
        progress: Callable[[int], None] | None = None,
    ) -> ImportCounts:
        """Write an import in steps of about half a second, each its own transaction.

        Other writers get the lock between two steps, so a large import does not starve
        them (one transaction would hold it for the whole import). All or nothing still:
        each step records the span of audit entries it wrote in ``import_steps``, in the
        step's own transaction; the last one writes the regions and deletes the import's
        record. Until then a failure undoes the steps from the audit log, and an import whose
        process died (its OS lock is free again) is undone by the next process that opens
        the file. Readers may see an import's elements while it runs.
        """
        if self._depth:  # the caller's transaction is the unit
            return import_in_one_transaction(self, regions, nodes, relations, progress)
        lock = _import_lock(self.path)
        if lock is None:
            raise StoreError(f"In „{self.path}“ läuft gerade ein anderer Import. Bitte warten, bis er fertig ist.")
        pragmas = {name: self._db.execute(f"PRAGMA {name}").fetchone()[0] for name in _IMPORT_PRAGMAS}
        try:
            for name, value in _IMPORT_PRAGMAS.items():
                self._db.execute(f"PRAGMA {name} = {value}")
            self._undo_imports()  # the lock was free: an import left over has no process any more
            with self.transaction():
                started = (_now(), self._auditor.who)
                import_id = self._db.execute("INSERT INTO imports (started, who) VALUES (?, ?)", started).lastrowid
            try:
                node_counts = self._in_steps(
                    import_id, nodes, lambda chunk, rows: self._upsert_nodes([(chunk, rows)]), progress, self._node_rows
                )
                relation_counts = self._in_steps(
                    import_id,
                    relations,
                    lambda chunk, rows: self._upsert_relations([(chunk, rows)]),
                    progress,
                    self._relation_rows,
                )
                with self.transaction():
                    region_counts = self.upsert_regions(regions)
                    self._db.execute("DELETE FROM imports WHERE id = ?", (import_id,))
                if progress is not None and regions:
                    progress(len(regions))
            except BaseException:
                self._undo_imports()
                raise
        finally:
            self._carried = None
            for name, value in pragmas.items():
                self._db.execute(f"PRAGMA {name} = {value}")
            lock.close()  # releases the OS lock
        return ImportCounts(region_counts, node_counts, relation_counts)

    def _in_steps(
        self,
        import_id: int | None,
        records: Sequence[Any],
        upsert: Callable[[Sequence[Any], Any], UpsertCounts],
        progress: Callable[[int], None] | None,
        prepare: Callable[[Sequence[Any]], Any] | None = None,
    ) -> UpsertCounts:
        """Write ``records`` chunk by chunk, ``upsert(chunk, prepare(chunk))``, in steps of about a half second.

        ``prepare`` is the part of writing a chunk that needs no lock (its rows): the pause
        after a step, which must last for waiting writers to get in, makes them for the next
        chunks instead of sleeping.
        """
        counts, step_seconds = UpsertCounts(), _step_seconds()
        starts = deque(range(0, len(records), _BATCH))
        ready: deque[tuple[Sequence[Any], Any]] = deque()  # chunks prepared in a pause

        def next_chunk() -> tuple[Sequence[Any], Any]:
            if ready:
                return ready.popleft()
            start = starts.popleft()
            chunk = records[start : start + _BATCH]
            return chunk, None if prepare is None else prepare(chunk)

        while ready or starts:
            self._wait_for_writers()
            with self.transaction():
                if self._carried is not None and self._change_count() == self._carried[0]:
                    _, self._kinds, self._written = self._carried  # no one else wrote since the last step
                changes, first = self._db.total_changes, self._last_seq()
                started = time.monotonic()
                while ready or starts:
                    chunk, prepared = next_chunk()
                    counts += upsert(chunk, prepared)
                    if progress is not None:
                        progress(len(chunk))
                    if time.monotonic() - started >= step_seconds:
                        break
                last = self._last_seq()
                if last > first:
                    self._db.execute("INSERT INTO import_steps VALUES (?, ?, ?)", (import_id, first + 1, last))
                # transaction() counts a step that changed anything once more when it commits
                count = self._change_count() + (self._db.total_changes != changes)
                self._carried = (count, self._kinds, self._written)
            if ready or starts:
                # The pause does the checkpoint, which other writers need not wait for. While
                # others write in it, it lasts longer (up to a step): a writer behind the one
                # that got in retries only every 100 ms.
                paused = time.monotonic()
                until = paused + _PAUSE_SECONDS
                self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")
                while True:
                    while prepare is not None and starts and time.monotonic() < until:
                        start = starts.popleft()
                        chunk = records[start : start + _BATCH]
                        ready.append((chunk, prepare(chunk)))
                    time.sleep(max(0.0, until - time.monotonic()))
                    written, count = count, self._change_count()
                    if count == written or until - paused >= step_seconds:
                        break
                    until += _PAUSE_SECONDS
        return counts

    def _wait_for_writers(self) -> None:
        """Wait while others hold the write lock, pause by pause, so that all who wait get in.

        SQLite's own busy wait retries after a few milliseconds, the writers behind it only
        every 100 ms: it would take the lock back from them after the first one. A few
        seconds of writes at a time stay theirs; then the import waits like any writer.
        """
        deadline = time.monotonic() + _YIELD_SECONDS
        timeout = int(self._db.execute("PRAGMA busy_timeout").fetchone()[0])
        self._db.execute("PRAGMA busy_timeout = 0")
        try:
            while time.monotonic() < deadline:
                try:
                    self._db.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError:  # locked
                    time.sleep(_PAUSE_SECONDS)
                else:
                    self._db.execute("ROLLBACK")  # free: the step takes it in a moment
                    return
        finally:
            self._db.execute(f"PRAGMA busy_timeout = {timeout}")

    def _change_count(self) -> int:
        return int(self._db.execute("SELECT n FROM change_counter").fetchone()[0])

    def _last_seq(self) -> int:
        return int(self._db.execute("SELECT coalesce(max(seq), 0) FROM audit").fetchone()[0])

    def _undo_imports(self) -> None:
        """Undo the steps of every unfinished import, newest first, each in one transaction.

        Call only holding the import lock. A step's audit entries say what it did: new
        elements and relations are deleted, changed ones get their earlier state back, and
        the entries go too. An undo cut short is finished by the next one.
        """
        q = self._db.execute
        steps = q("SELECT import_id, first_seq, last_seq FROM import_steps ORDER BY first_seq DESC").fetchall()
        for import_id, first, last in steps:
            span = (first, last)
            with self.transaction():
                q(
                    "DELETE FROM relations WHERE key IN (SELECT relation_key FROM audit"
                    " WHERE seq BETWEEN ? AND ? AND relation_key IS NOT NULL AND before IS NULL)",
                    span,
                )
                # Changed rows get their content back as a new version (a version never repeats).
                q(
                    "UPDATE relations SET source = a.source, target = a.target,"
                    " type = json_extract(a.before, '$.type'), since = json_extract(a.before, '$.since'),"
                    " until = json_extract(a.before, '$.until'), data = a.before, version = version + 1"
                    " FROM audit a WHERE a.seq BETWEEN ? AND ? AND a.relation_key = relations.key"
                    " AND a.before IS NOT NULL",
                    span,
                )
                q(
                    "UPDATE nodes SET kind = json_extract(a.before, '$.kind'),"
                    " name = json_extract(a.before, '$.name'), visibility = json_extract(a.before, '$.visibility'),"
                    " data = a.before, updated_at = ?, version = version + 1"
                    " FROM audit a WHERE a.seq BETWEEN ? AND ? AND a.element_id = nodes.id AND a.before IS NOT NULL",
                    (_now(), *span),
                )
                # Relations others have tied to the import's new elements meanwhile go with them.
                q(
                    "DELETE FROM nodes WHERE id IN (SELECT element_id FROM audit"
                    " WHERE seq BETWEEN ? AND ? AND element_id IS NOT NULL AND before IS NULL)",
                    span,
                )
                q("DELETE FROM audit WHERE seq BETWEEN ? AND ?", span)
                q("DELETE FROM import_steps WHERE import_id = ? AND first_seq = ?", (import_id, first))
        with self.transaction():
            q("DELETE FROM imports")

    def recover(self) -> None:
        """Undo an import whose process died; leave one that is still running alone.

        Run on open, and by a server now and then on the connections it keeps.
        """
        if self._db.execute("SELECT 1 FROM imports LIMIT 1").fetchone() is None:
            return
        lock = _import_lock(self.path)
        if lock is None:
            return
        try:
            self._undo_imports()
        finally:
            lock.close()

    # -- regions ---------------------------------------------------------------------

    def upsert_regions(self, regions: Iterable[Region]) -> UpsertCounts:
        counts = UpsertCounts()
        with self.transaction():
            for batch in batched(regions, _BATCH):
                existing = {
                    ags: _region_of(ags, name, level, data)
                    for ags, (name, level, data) in self._existing(
                        "SELECT ags, name, level, data FROM regions WHERE ags IN", [r.ags for r in batch]
                    ).items()
                }
                rows = []
                for region in batch:
                    before = existing.get(region.ags)
                    if before == region:
                        counts.unchanged += 1
                        continue
                    counts.new += before is None
                    counts.changed += before is not None
                    existing[region.ags] = region
                    rows.append((region.ags, region.name, region.level, region.model_dump_json(exclude_none=True)))
                self._db.executemany(
                    "INSERT OR REPLACE INTO regions (ags, name, level, data) VALUES (?, ?, ?, ?)", rows
                )
        return counts

    def get_region(self, ags: str) -> Region:
        row = self._db.execute("SELECT ags, name, level, data FROM regions WHERE ags = ?", (ags,)).fetchone()
        if row is None:
            raise NotFound(f"Kein Gebiet mit dem Schlüssel {ags}")
        return _region_of(*row)

    def find_regions(self, prefix: str | None = None, name: str | None = None) -> list[Region]:
        where, params = ["1 = 1"], []
        if prefix is not None and prefix != "DE":
            where.append("ags LIKE ? || '%'")
            params.append(prefix)
        if name is not None:
            where.append("name = ? COLLATE NOCASE")
            params.append(name.strip())
        sql = f"SELECT ags, name, level, data FROM regions WHERE {' AND '.join(where)} ORDER BY ags"
        return [_region_of(*row) for row in self._db.execute(sql, params)]

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
        prior: ReadSet | None = None,
    ) -> nx.MultiDiGraph:
        # One read transaction, so that the queries of a view, the stamp and the changes since
        # ``prior`` see the same state.
        with self._reading():
            changes = None if prior is None or prior.stamp is None else self.changes_since(prior.stamp)
            if read is not None:
                read.stamp = self.change_stamp()
            if prior is None or prior.ids is None or changes is None:  # a region's view, or changes not known
                return read_subgraph(self, alliance, region, at, audience, reach, read)
            rows = partial(self._rows_since, prior=prior, touched=changes.touched)
            return read_subgraph(
                self, alliance, region, at, audience, reach, read, prior=prior, changes=changes, rows=rows
            )

    def _rows_since(self, ids: set[str], prior: ReadSet, touched: set[str]) -> tuple[dict[str, Attrs], list[EdgeRow]]:
        """:meth:`rows` of ``ids``, taking from ``prior`` the rows that the writes since then left alone.

        A change of a relation names both its ends (a deletion of an element: the ends of each
        relation that went with it): a relation between two elements ``prior`` read, neither
        written nor such an end, is as ``prior`` read it. Every other row is read again.
        """
        known = prior.ids or set()
        fresh = {n for n in ids if n not in known or n in touched}
        nodes: dict[str, Attrs] = {n: prior.nodes[n] for n in ids - fresh if n in prior.nodes}
        for chunk in batched(sorted(fresh), _BATCH):
            self._read_node_rows(chunk, nodes)
        edges = [e for e in prior.edges if e[1] not in fresh and e[2] not in fresh and e[1] in ids and e[2] in ids]
        seen: set[str] = set()
        for end in ("source", "target"):  # the relations with an end among the fresh, the other among ids
            for chunk in batched(sorted(fresh), _BATCH):
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT key, source, target, data FROM relations WHERE {end} IN ({marks})"
                for key, source, target, data in self._db.execute(sql, chunk):
                    if key not in seen and source in ids and target in ids:
                        seen.add(key)
                        edges.append((key, source, target, self._edge_attrs(data)))
        return nodes, edges

    @contextmanager
    def _reading(self) -> Iterator[None]:
        if self._depth or self._db.in_transaction:  # inside a write, or another read: that one's snapshot
            yield
            return
        self._db.execute("BEGIN")
        try:
            yield
        finally:
            self._db.execute("COMMIT")

    # The ViewReader reads behind subgraph(): indexed lookups by id, never a scan of relations.

    def ends(
        self,
        ids: Collection[str],
        *,
        incoming: bool,
        types: Collection[RelationType] | None = None,
        kinds: Collection[NodeKind] | None = None,
    ) -> set[str]:
        near, far = ("target", "source") if incoming else ("source", "target")
        where = "" if types is None else f" AND r.type IN ({','.join('?' * len(types))})"
        # CROSS JOIN keeps SQLite from starting at the kind index: the ids are the selective part.
        join = (
            ""
            if kinds is None
            else f" CROSS JOIN nodes n ON n.id = r.{far} AND n.kind IN ({','.join('?' * len(kinds))})"
        )
        found: set[str] = set()
        for chunk in batched(sorted(ids), _BATCH):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT DISTINCT r.{far} FROM relations r{join} WHERE r.{near} IN ({marks}){where}"
            params = [*(kinds or []), *chunk, *(types or [])]
            found.update(row[0] for row in self._db.execute(sql, params))
        return found

    def located(self, region: str) -> set[str]:
        if region == COUNTRY_AGS:
            return {row[0] for row in self._db.execute("SELECT id FROM nodes")}
        # Elements in the region by the ags index; areas are few (alliances and services), read whole.
        low, high = region, region + "\uffff"
        found = {
            row[0]
            for row in self._db.execute(
                "SELECT id FROM nodes WHERE json_extract(data, '$.ags') >= ? AND json_extract(data, '$.ags') < ?",
                (low, high),
            )
        }
        for node_id, area in self._db.execute(
            "SELECT id, json_extract(data, '$.area') FROM nodes WHERE kind IN (?, ?)",
            (NodeKind.ALLIANCE, NodeKind.ADVISORY_SERVICE),
        ):
            if in_region({"area": json.loads(area or "[]")}, region):
                found.add(node_id)
        return found

    def actors_within(self, areas: Collection[str]) -> set[str]:
        if not areas or COUNTRY_AGS in areas:
            return {row[0] for row in self._db.execute("SELECT id FROM nodes WHERE kind = ?", (NodeKind.ACTOR,))}
        ags = "json_extract(data, '$.ags')"
        ranges = " OR ".join(f"({ags} >= ? AND {ags} < ?)" for _ in areas)
        params = [bound for area in areas for bound in (area, area + "\uffff")]
        # Two lookups in the ags index (``+kind``: not the kind index, which would scan every actor).
        sql = (
            f"SELECT id FROM nodes WHERE {ags} IS NULL AND +kind = ?"
            f" UNION SELECT id FROM nodes WHERE ({ranges}) AND +kind = ?"
        )
        return {row[0] for row in self._db.execute(sql, [NodeKind.ACTOR, *params, NodeKind.ACTOR])}

    def rows(self, ids: Collection[str] | None) -> tuple[dict[str, Attrs], list[EdgeRow]]:
        # from_json: pydantic's JSON parser, about three times json.loads on these rows.
        nodes: dict[str, Attrs] = {}
        relations: list[EdgeRow] = []
        relation_sql = "SELECT key, source, target, data FROM relations"
        if ids is None:
            chunks: Iterable[list[str] | None] = [None]
        else:
            chunks = batched(sorted(ids), _BATCH)
        for chunk in chunks:
            self._read_node_rows(chunk, nodes)
            params = chunk or []
            where = "" if chunk is None else f" WHERE source IN ({','.join('?' * len(chunk))})"
            for key, source, target, data in self._db.execute(relation_sql + where, params):
                if ids is None or target in ids:
                    relations.append((key, source, target, self._edge_attrs(data)))
        return nodes, relations

    def _read_node_rows(self, chunk: list[str] | None, into: dict[str, Attrs]) -> None:
        """The graph attributes of the elements ``chunk`` (all if ``None``), into ``into``."""
        where, params = ("", []) if chunk is None else (f" WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        for node_id, kind, data in self._db.execute("SELECT id, kind, data FROM nodes" + where, params):
            attrs = stored_attrs(from_json(data), _CLASS_OF_KIND[kind])
            del attrs["id"]
            into[node_id] = attrs

    @staticmethod
    def _edge_attrs(data: str) -> Attrs:
        attrs = stored_attrs(from_json(data), Relation)
        del attrs["source"], attrs["target"]
        return attrs

    def kinds(self, ids: Collection[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for chunk in batched(sorted(ids), _BATCH):
            sql = f"SELECT id, kind FROM nodes WHERE id IN ({','.join('?' * len(chunk))})"
            found.update(self._db.execute(sql, chunk).fetchall())
        return found

    def ties(self, ids: Collection[str], types: Collection[RelationType] | None = None) -> list[tuple[str, str, str]]:
        where = "" if types is None else f" AND type IN ({','.join('?' * len(types))})"
        found: list[tuple[str, str, str]] = []
        for chunk in batched(sorted(ids), _BATCH):
            sql = f"SELECT source, type, target FROM relations WHERE source IN ({','.join('?' * len(chunk))}){where}"
            found += self._db.execute(sql, [*chunk, *(types or [])]).fetchall()
        return found

    def stats(self) -> StoreStats:
        q = self._db.execute
        return StoreStats(
            nodes_by_kind=dict(q("SELECT kind, count(*) FROM nodes GROUP BY kind ORDER BY kind").fetchall()),
            actors_by_form=dict(
                q(
                    "SELECT json_extract(data, '$.form'), count(*) FROM nodes"
                    " WHERE kind = 'actor' GROUP BY 1 ORDER BY 1"
                ).fetchall()
            ),
            actors_by_sector=dict(
                q(
                    "SELECT coalesce(json_extract(data, '$.sector'), ''), count(*) FROM nodes"
                    " WHERE kind = 'actor' GROUP BY 1 ORDER BY 1"
                ).fetchall()
            ),
            relations_by_type=dict(q("SELECT type, count(*) FROM relations GROUP BY type ORDER BY type").fetchall()),
            regions=q("SELECT count(*) FROM regions").fetchone()[0],
        )

    # -- users and API tokens ----------------------------------------------------------

    def add_user(self, user: User) -> User:
        try:
            with self._account_transaction():
                self._db.execute("INSERT INTO users (email, data) VALUES (?, ?)", (user.email, user.model_dump_json()))
                self._record_account(self._auditor.account(None, user))
        except sqlite3.IntegrityError as exc:
            raise DuplicateId(f"Ein Konto mit der E-Mail-Adresse „{user.email}“ gibt es schon") from exc
        return user

    def get_user(self, email: str) -> User:
        row = self._db.execute("SELECT data FROM users WHERE email = ?", (email.strip().lower(),)).fetchone()
        if row is None:
            raise user_not_found(email)
        return User.model_validate_json(row[0])

    def find_users(self) -> list[User]:
        return [User.model_validate_json(row[0]) for row in self._db.execute("SELECT data FROM users ORDER BY email")]

    def update_user(self, email: str, **changes: Any) -> User:
        with self._account_transaction():
            before = self.get_user(email)
            user = updated_user(before, changes)
            self._db.execute("UPDATE users SET data = ? WHERE email = ?", (user.model_dump_json(), user.email))
            self._record_account(self._auditor.account(before, user))
        return user

    def delete_user(self, email: str) -> None:
        with self._account_transaction():
            user = self.get_user(email)
            # Its tokens go with it (ON DELETE CASCADE); the removal of the account says so.
            self._db.execute("DELETE FROM users WHERE email = ?", (user.email,))
            self._record_account(self._auditor.account(user, None))

    def add_token(self, token: ApiToken) -> ApiToken:
        with self._account_transaction():
            self.get_user(token.email)
            try:
                self._db.execute(
                    "INSERT INTO tokens (id, email, token_hash, data) VALUES (?, ?, ?, ?)",
                    (token.id, token.email, token.token_hash, token.model_dump_json()),
                )
            except sqlite3.IntegrityError as exc:
                raise DuplicateId(f"Einen Schlüssel mit der Kennung „{token.id}“ gibt es schon") from exc
            self._record(self._auditor.token("token_create", token))
        return token

    def _token(self, where: str, value: str) -> ApiToken:
        row = self._db.execute(f"SELECT data FROM tokens WHERE {where} = ?", (value,)).fetchone()
        if row is None:
            raise NotFound("Unbekannter Zugangsschlüssel" if where == "token_hash" else f"Kein Schlüssel „{value}“")
        return ApiToken.model_validate_json(row[0])

    def token_by_hash(self, token_hash: str) -> ApiToken:
        return self._token("token_hash", token_hash)

    def find_tokens(self, email: str | None = None) -> list[ApiToken]:
        if email is None:
            rows = self._db.execute("SELECT data FROM tokens")
        else:
            rows = self._db.execute("SELECT data FROM tokens WHERE email = ?", (email.strip().lower(),))
        tokens = [ApiToken.model_validate_json(row[0]) for row in rows]
        return sorted(tokens, key=lambda t: (t.email, t.created, t.id))

    def _update_token(self, id: str, **changes: Any) -> ApiToken:
        with self._account_transaction():
            token = self._token("id", id).model_copy(update=changes)
            self._db.execute("UPDATE tokens SET data = ? WHERE id = ?", (token.model_dump_json(), id))
        return token

    @contextmanager
    def _account_transaction(self) -> Iterator[None]:
        """A transaction that counts as a change of the graph only if an outer one does."""
        outermost = not self._depth
        self._accounts_only = self._accounts_only or outermost
        try:
            with self.transaction():
                yield
        finally:
            if outermost:
                self._accounts_only = False

    def revoke_token(self, id: str) -> None:
        with self._account_transaction():
            if self._token("id", id).revoked is None:
                token = self._update_token(id, revoked=datetime.now(UTC).replace(microsecond=0))
                self._record(self._auditor.token("token_revoke", token))

    def touch_token(self, id: str, when: datetime) -> None:
        self._update_token(id, last_used=when)

    # -- the audit log ---------------------------------------------------------------

    def acting_as(self, who: str) -> AbstractContextManager[None]:
        return self._auditor.acting_as(who)

    def _record(self, *entries: AuditRecord) -> None:
        self._db.executemany(_INSERT_AUDIT, entries)

    def _record_account(self, entry: AuditRecord | None) -> None:
        if entry is not None:
            self._record(entry)

    def _log_inserted(self, table: str, last_rowid: int, at: str, who: str, action: str) -> None:
        """Record the rows just inserted into ``table`` (those above ``last_rowid``) as created.

        Copied inside SQLite from the rows themselves, JSON and all: a bulk import pays no
        second serialisation nor a Python round trip per entry. New rows get rising rowids,
        and the open ``BEGIN IMMEDIATE`` transaction keeps every other writer out.
        """
        columns = "id, NULL, NULL, NULL" if table == "nodes" else "NULL, key, source, target"
        self._db.execute(
            f"INSERT INTO audit (at, who, action, element_id, relation_key, source, target, after)"
            f" SELECT ?, ?, ?, {columns}, data FROM {table} WHERE rowid > ? ORDER BY rowid",
            (at, who, action, last_rowid),
        )

    @staticmethod
    def _to_entry(row: tuple[Any, ...]) -> AuditEntry:
        seq, at, who, action, element_id, key, email, before, after = row
        return AuditEntry(
            seq=seq,
            at=at,
            who=who,
            action=action,
            element_id=element_id,
            relation_key=key,
            user_email=email,
            before=None if before is None else json.loads(before),
            after=None if after is None else json.loads(after),
        )

    def history(self, element_id: str) -> list[AuditEntry]:
        rows = self._db.execute(
            f"SELECT {_AUDIT_FIELDS} FROM audit WHERE element_id = ? OR source = ? OR target = ? ORDER BY seq",
            (element_id, element_id, element_id),
        )
        return [self._to_entry(row) for row in rows]

    def account_history(self, email: str | None = None) -> list[AuditEntry]:
        if email is None:
            rows = self._db.execute(f"SELECT {_AUDIT_FIELDS} FROM audit WHERE user_email IS NOT NULL ORDER BY seq")
        else:
            rows = self._db.execute(
                f"SELECT {_AUDIT_FIELDS} FROM audit WHERE user_email = ? ORDER BY seq", (email.strip().lower(),)
            )
        return [self._to_entry(row) for row in rows]

    def restore(self, element_id: str) -> Node:
        return restore_from_log(self, self._auditor, element_id)

    def _redact_mentions(self, person: Node) -> None:
        """Replace the person's name and contact in other elements, relations and their logged values."""
        redact = Redactor(identifying_texts(person, self.history(person.id)))
        now = _now()
        for node in self.find_nodes():
            if node.id != person.id and (changed := redact.node(node)) is not None:
                self._db.execute(
                    # a new version: an editor holding the old one must not write the name back
                    "UPDATE nodes SET name = ?, data = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                    (changed.name, node_json(changed), now, node.id),
                )
        for rel in self.find_relations():
            if person.id not in (rel.source, rel.target) and (updated := redact.relation(rel)) is not None:
                self._db.execute(
                    "UPDATE relations SET data = ?, version = version + 1 WHERE key = ?",
                    (relation_json(updated), rel.key),
                )
        logged = self._db.execute(
            "SELECT seq, before, after FROM audit WHERE element_id IS NOT NULL OR relation_key IS NOT NULL"
        ).fetchall()
        self._db.executemany(
            "UPDATE audit SET before = ?, after = ? WHERE seq = ?",
            [
                (redact.json(before), redact.json(after), seq)
                for seq, before, after in logged
                if redact.mentions(before) or redact.mentions(after)
            ],
        )

    def erase_person(self, person_id: str) -> AuditEntry:
        """Erase a person everywhere, then clear the file and its WAL of the old bytes.

        Other elements' texts that name the person (a note, a contact, a relation's role),
        and those texts in the log, get „[gelöscht]“ in their place, in the same transaction.

        Deleted rows are zeroed (``secure_delete``); ``VACUUM`` rewrites the file without
        free pages that an older version may have left unzeroed; the WAL is checkpointed
        and truncated, so neither file keeps a copy of the person's rows.
        """
        if self._depth:
            raise StoreError("Eine Person wird für sich gelöscht, nicht innerhalb eines anderen Vorgangs")
        alias, erased = pseudonym(), json.dumps(ERASED, ensure_ascii=False)
        with self.transaction():
            person = self.get_node(person_id)
            erasure_check(person)
            self._redact_mentions(person)
            rows = self._db.execute(
                "SELECT seq, element_id, relation_key, source, target, before, after FROM audit"
                " WHERE element_id = ? OR source = ? OR target = ?",
                (person_id, person_id, person_id),
            ).fetchall()
            self._db.executemany(
                "UPDATE audit SET element_id = ?, relation_key = ?, source = ?, target = ?, before = ?, after = ?"
                " WHERE seq = ?",
                [
                    (
                        alias if element_id == person_id else element_id,
                        key and pseudonymous_key(key, person_id, alias),
                        alias if source == person_id else source,
                        alias if target == person_id else target,
                        before and erased,
                        after and erased,
                        seq,
                    )
                    for seq, element_id, key, source, target, before, after in rows
                ],
            )
            self._kinds.pop(person_id, None)
            self._written = None
            self._db.execute("DELETE FROM nodes WHERE id = ?", (person_id,))  # relations cascade
            # The change log names the ids written: it goes whole (caches older than this build anew).
            self._db.execute("DELETE FROM change_log")
            self._record(self._auditor.record("erase", alias))
            seq = self._db.execute("SELECT max(seq) FROM audit").fetchone()[0]
        self._db.execute("VACUUM")
        busy = self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            raise StoreError(
                f"Die Person ist gelöscht (Protokolleintrag {seq}), aber ein anderes Programm hält „{self.path}“ "
                "geöffnet, daher liegen alte Daten noch in der WAL-Datei. Bitte alle Programme mit dieser "
                "Datenbank beenden (z. B. „buendnisatlas serve“): dann leert SQLite die WAL-Datei selbst."
            )
        return self._to_entry(self._db.execute(f"SELECT {_AUDIT_FIELDS} FROM audit WHERE seq = ?", (seq,)).fetchone())

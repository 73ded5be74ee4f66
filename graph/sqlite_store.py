"""SqliteStore: the embedded default store, one SQLite file.

WAL journal, foreign keys on, explicit transactions (``BEGIN IMMEDIATE`` so that two
processes never deadlock halfway through a unit of work), and a schema versioned with
``PRAGMA user_version`` whose migrations run on open. Nodes keep their validated model
as JSON beside indexed columns for the lookups the application makes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import networkx as nx
from pydantic import ValidationError

from .model import (
    LIST_FIELDS,
    NODE_CLASSES,
    Node,
    Region,
    Relation,
    node_from_dict,
)
from .store import (
    DuplicateId,
    InvalidData,
    NotFound,
    StoreError,
    StoreStats,
    UpsertCounts,
    batched,
    check_endpoints,
    select_subgraph,
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
    # 2: the Gemeindeverzeichnis' fields of a region (population, postcode, Verband …) as JSON;
    # a counter every committed change bumps, so that caches of any connection see changes
    """
    ALTER TABLE regions ADD COLUMN data TEXT;
    CREATE TABLE change_counter (n INTEGER NOT NULL, epoch TEXT NOT NULL);
    INSERT INTO change_counter VALUES (0, lower(hex(randomblob(8))));
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
_BATCH = 500
_INSERT_RELATION = "INSERT INTO relations (key, source, target, type, since, until, data) VALUES (?, ?, ?, ?, ?, ?, ?)"
# Attribute names that may appear in a JSON path of a query; never taken from user text.
_QUERYABLE = frozenset(name for cls in NODE_CLASSES.values() for name in cls.model_fields)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_BOOKKEEPING = set(Node.BOOKKEEPING)


# Rows are stored as pydantic's own JSON (fields in model order): serialising in Rust is what
# makes a 500k-relation import fast. Files written earlier hold sorted keys; _same_json
# compares by content when the text differs, so they still count as unchanged.
def _node_json(node: Node) -> str:
    return node.__pydantic_serializer__.to_json(node, exclude=_BOOKKEEPING).decode()


def _relation_json(rel: Relation) -> str:
    return _RELATION_SERIALIZER.to_json(rel).decode()  # = rel.model_dump_json(), without its wrapper


_RELATION_SERIALIZER = Relation.__pydantic_serializer__


def _same_json(before: str, after: str) -> bool:
    return before == after or json.loads(before) == json.loads(after)


def _region_of(ags: str, name: str, level: str, data: str | None) -> Region:
    """A stored region; rows written before schema 2 have no ``data``."""
    if data is None:
        return Region(ags=ags, name=name, level=level)
    # Validated when written; a national table is 12,000 rows, read on every lookup's first call.
    return Region.model_construct(**json.loads(data))


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
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA foreign_keys = ON")
            if self._db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA busy_timeout = 10000")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"„{self.path}“ ist keine lesbare Bündnisatlas-Datenbank: {exc}") from exc
        self._depth = 0
        # Node kinds read or written in the open transaction: a large import checks the ends
        # of its relations against the nodes it has just written, without asking SQLite again.
        self._kinds: dict[str, str] = {}
        # Keys of the relations written, kept while the open transaction found the relations
        # table empty and only upsert_relations wrote to it (``None`` otherwise): no other
        # key can exist, so a first load asks SQLite only about keys it repeats.
        self._written: set[str] | None = None
        self._counted = False  # the change counter exists (schema 2) once migrated
        self._migrate()
        self._counted = True

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
        self._db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        before = self._db.total_changes
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            if self._db.total_changes != before and self._counted:
                self._db.execute("UPDATE change_counter SET n = n + 1")
            self._db.execute("COMMIT")
        finally:
            self._depth = 0
            self._kinds.clear()
            self._written = None

    # -- nodes -----------------------------------------------------------------------

    def _row_to_node(self, row: tuple[str, str, str]) -> Node:
        data, created_at, updated_at = row
        return node_from_dict({**json.loads(data), "created_at": created_at, "updated_at": updated_at}, stored=True)

    def add_node(self, node: Node) -> Node:
        now = _now()
        try:
            with self.transaction():
                self._db.execute(
                    "INSERT INTO nodes (id, kind, name, visibility, data, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (node.id, node.kind.value, node.name, node.visibility.value, _node_json(node), now, now),
                )
        except sqlite3.IntegrityError as exc:
            raise DuplicateId(f"Die Kennung „{node.id}“ ist schon vergeben") from exc
        return self.get_node(node.id)

    def upsert_nodes(self, nodes: Iterable[Node]) -> UpsertCounts:
        counts = UpsertCounts()
        now = _now()
        with self.transaction():
            for batch in batched(nodes, _BATCH):
                existing = self._existing("SELECT id, kind, data FROM nodes WHERE id IN", [n.id for n in batch])
                inserts, updates = [], []
                for node in batch:
                    # StrEnum members are str: they bind and compare as their values, and cheaper.
                    data, kind = _node_json(node), node.kind
                    row = (kind, node.name, node.visibility, data)
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
                        existing[node.id] = (kind, data)
                        counts.changed += 1
                self._db.executemany(
                    "INSERT INTO nodes (id, kind, name, visibility, data, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    inserts,
                )
                self._db.executemany(
                    "UPDATE nodes SET kind = ?, name = ?, visibility = ?, data = ?, updated_at = ? WHERE id = ?",
                    updates,
                )
                self._kinds.update((node.id, node.kind) for node in batch)
        return counts

    def _existing(self, select: str, keys: list[str]) -> dict[str, tuple[str, ...]]:
        marks = ",".join("?" * len(keys))
        return {row[0]: tuple(row[1:]) for row in self._db.execute(f"{select} ({marks})", keys)}

    def update_node(self, node_id: str, **changes: Any) -> Node:
        node = self.get_node(node_id)
        if "id" in changes or "kind" in changes:
            raise StoreError("Kennung und Art eines Elements lassen sich nicht ändern")
        try:
            updated = node_from_dict({**node.model_dump(), **changes})
        except ValidationError as exc:
            raise InvalidData.from_validation(exc) from exc
        with self.transaction():
            self._db.execute(
                "UPDATE nodes SET name = ?, visibility = ?, data = ?, updated_at = ? WHERE id = ?",
                (updated.name, updated.visibility.value, _node_json(updated), _now(), node_id),
            )
        return self.get_node(node_id)

    def delete_node(self, node_id: str) -> None:
        with self.transaction():
            self._kinds.pop(node_id, None)
            self._written = None  # its relations go too
            if self._db.execute("DELETE FROM nodes WHERE id = ?", (node_id,)).rowcount == 0:
                raise NotFound(f"Kein Element mit der Kennung „{node_id}“")

    def get_node(self, node_id: str) -> Node:
        row = self._db.execute("SELECT data, created_at, updated_at FROM nodes WHERE id = ?", (node_id,)).fetchone()
        if row is None:
            raise NotFound(f"Kein Element mit der Kennung „{node_id}“")
        return self._row_to_node(row)

    def find_nodes(self, kind: NodeKind | None = None, name: str | None = None, **attrs: Any) -> list[Node]:
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
            if field in LIST_FIELDS:
                where.append(f"EXISTS (SELECT 1 FROM json_each(data, '$.{field}') WHERE value = ?)")
            else:
                where.append(f"json_extract(data, '$.{field}') = ?")
            params.append(value.value if hasattr(value, "value") else value)
        sql = f"SELECT data, created_at, updated_at FROM nodes WHERE {' AND '.join(where)} ORDER BY id"
        return [self._row_to_node(row) for row in self._db.execute(sql, params)]

    # -- relations -------------------------------------------------------------------

    def _check_endpoints(self, relations: list[Relation]) -> None:
        """Both ends exist and the type may connect their kinds; call inside a transaction."""
        kinds = self._kinds
        ids = list({end for r in relations for end in (r.source, r.target) if end not in kinds})
        for chunk in batched(ids, _BATCH):
            kinds.update((k, v[0]) for k, v in self._existing("SELECT id, kind FROM nodes WHERE id IN", chunk).items())
        check_endpoints(relations, kinds)

    def add_relation(self, relation: Relation) -> Relation:
        with self.transaction():
            self._insert_relation(relation)
        return relation

    def _insert_relation(self, relation: Relation) -> None:
        """Insert one checked relation; inside a transaction."""
        self._written = None
        self._check_endpoints([relation])
        try:
            self._db.execute(_INSERT_RELATION, self._relation_row(relation))
        except sqlite3.IntegrityError as exc:
            raise DuplicateId(f"Die Beziehung {relation.key} gibt es schon") from exc

    @staticmethod
    def _relation_row(rel: Relation, key: str | None = None, data: str | None = None) -> tuple[str | None, ...]:
        return (
            key or rel.key,
            rel.source,
            rel.target,
            rel.type,
            rel.since.isoformat() if rel.since else None,
            rel.until.isoformat() if rel.until else None,
            data or _relation_json(rel),
        )

    def upsert_relations(self, relations: Iterable[Relation]) -> UpsertCounts:
        counts = UpsertCounts()
        with self.transaction():
            if self._written is None and self._db.execute("SELECT 1 FROM relations LIMIT 1").fetchone() is None:
                self._written = set()  # a first load: what exists is what this transaction writes
            for batch in batched(relations, _BATCH):
                self._check_endpoints(batch)
                # Keys and JSON are computed once per relation: they dominate a large import.
                # (Relation.key, inlined: a validated relation's type is a RelationType.)
                keys = [f"{r.source}|{r.type}|{r.target}|{r.since.isoformat() if r.since else ''}" for r in batch]
                written = self._written
                asked = keys if written is None else [k for k in keys if k in written]
                existing = (
                    {k: v[0] for k, v in self._existing("SELECT key, data FROM relations WHERE key IN", asked).items()}
                    if asked
                    else {}
                )
                inserts, replaces = [], []
                for key, rel in zip(keys, batch, strict=True):
                    data = _relation_json(rel)
                    before = existing.get(key)
                    if before is not None and _same_json(before, data):
                        counts.unchanged += 1
                        continue
                    since, until = rel.since, rel.until
                    row = (
                        key,
                        rel.source,
                        rel.target,
                        rel.type,
                        since and since.isoformat(),
                        until and until.isoformat(),
                        data,
                    )
                    if before is None:
                        counts.new += 1
                        inserts.append(row)
                    else:
                        counts.changed += 1
                        replaces.append(row)
                    existing[key] = data
                # A plain INSERT for new keys: REPLACE costs a conflict search per row.
                self._db.executemany(_INSERT_RELATION, inserts)
                self._db.executemany(
                    "INSERT OR REPLACE INTO relations (key, source, target, type, since, until, data)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    replaces,
                )
                if written is not None:
                    written.update(keys)
        return counts

    def get_relation(self, key: str) -> Relation:
        row = self._db.execute("SELECT data FROM relations WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise NotFound(f"Keine Beziehung {key}")
        return Relation.model_validate(json.loads(row[0]))

    def update_relation(self, key: str, **changes: Any) -> Relation:
        relation = self.get_relation(key)
        try:
            updated = Relation.model_validate({**relation.model_dump(), **changes})
        except ValidationError as exc:
            raise InvalidData.from_validation(exc) from exc
        with self.transaction():
            self._db.execute("DELETE FROM relations WHERE key = ?", (key,))
            self._insert_relation(updated)
        return updated

    def delete_relation(self, key: str) -> None:
        with self.transaction():
            self._written = None
            if self._db.execute("DELETE FROM relations WHERE key = ?", (key,)).rowcount == 0:
                raise NotFound(f"Keine Beziehung {key}")

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
        sql = f"SELECT data FROM relations WHERE {' AND '.join(where)} ORDER BY key"
        return [Relation.model_validate(json.loads(row[0])) for row in self._db.execute(sql, params)]

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
    ) -> nx.MultiDiGraph:
        nodes = {n.id: n for n in self.find_nodes()}
        return select_subgraph(nodes, self.find_relations(), alliance, region, at, audience)

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

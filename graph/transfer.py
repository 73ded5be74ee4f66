"""Copy a whole store into another, e.g. from the SQLite file to a Neo4j server and back.

Lossless: every element with all its fields and its timestamps, every relation, every
region, every account and API token (as hashes). The target is written batch by batch, each
batch its own transaction, and with upserts, so a copy that broke off can simply be run again.

The audit log is not copied: it stays with the source (keep that file or database as the
record of earlier changes); the target logs the copy as its own entries, made by whoever runs it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .store import GraphStore, NotFound, StoreError, UpsertCounts, batched


@dataclass
class CopyResult:
    nodes: UpsertCounts = field(default_factory=UpsertCounts)
    relations: UpsertCounts = field(default_factory=UpsertCounts)
    regions: UpsertCounts = field(default_factory=UpsertCounts)
    users: UpsertCounts = field(default_factory=UpsertCounts)
    tokens: UpsertCounts = field(default_factory=UpsertCounts)


def copy_store(
    source: GraphStore,
    target: GraphStore,
    batch_size: int = 1000,
    progress: Callable[[int], None] | None = None,
    total: Callable[[int], None] | None = None,
) -> CopyResult:
    """Copy everything in ``source`` into ``target``; regions, then elements, then relations.

    ``total`` is told the number of records once they are read, ``progress`` the size of
    each batch written. If the target was empty, its counts are checked against the
    source's at the end.

    Examples
    --------
    >>> import os, tempfile
    >>> from buendnisatlas.graph.model import Actor
    >>> from buendnisatlas.graph.sqlite_store import SqliteStore
    >>> folder = tempfile.mkdtemp()
    >>> a, b = SqliteStore(os.path.join(folder, "a.db")), SqliteStore(os.path.join(folder, "b.db"))
    >>> _ = a.add_node(Actor(id="kjr", name="Kreis-Kinder- und Jugendring"))
    >>> copy_store(a, b).nodes.new, b.get_node("kjr").created_at == a.get_node("kjr").created_at
    (1, True)
    """
    was_empty = not any(target.stats().nodes_by_kind.values())
    regions, nodes, relations = source.find_regions(), source.find_nodes(), source.find_relations()
    if total is not None:
        total(len(regions) + len(nodes) + len(relations))
    result = CopyResult()
    for records, upsert, counts in (
        (regions, target.upsert_regions, result.regions),
        (nodes, target.upsert_nodes, result.nodes),
        (relations, target.upsert_relations, result.relations),
    ):
        for batch in batched(records, batch_size):
            counts += upsert(batch)
            if progress is not None:
                progress(len(batch))
    _copy_accounts(source, target, result)
    if was_empty:
        want, got = source.stats(), target.stats()
        if (want.nodes_by_kind, want.relations_by_type) != (got.nodes_by_kind, got.relations_by_type):
            raise StoreError(
                f"Die Kopie in {target.url} ist unvollständig: {got.nodes_by_kind} statt {want.nodes_by_kind}, "
                f"{got.relations_by_type} statt {want.relations_by_type}"
            )
    return result


def _copy_accounts(source: GraphStore, target: GraphStore, result: CopyResult) -> None:
    """Accounts and API tokens: missing ones added, differing ones brought up to the source's state."""
    with target.transaction():
        for user in source.find_users():
            try:
                there = target.get_user(user.email)
            except NotFound:
                target.add_user(user)
                result.users.new += 1
                continue
            if there == user:
                result.users.unchanged += 1
            else:
                target.update_user(user.email, **user.model_dump(exclude={"email"}))
                result.users.changed += 1
        known = {t.id: t for t in target.find_tokens()}
        for token in source.find_tokens():
            there_token = known.get(token.id)
            if there_token is None:
                target.add_token(token)
                result.tokens.new += 1
            elif there_token == token:
                result.tokens.unchanged += 1
            else:
                if token.revoked is not None and there_token.revoked is None:
                    target.revoke_token(token.id)
                if token.last_used is not None:
                    target.touch_token(token.id, token.last_used)
                result.tokens.changed += 1

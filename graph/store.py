"""The store port: one protocol that every storage adapter implements.

Adapters are named by technology (:class:`~buendnisatlas.graph.sqlite_store.SqliteStore`,
``Neo4jStore``); the composition root (:mod:`buendnisatlas.config`) picks one by URL.
Analyses never talk to a store: they read the NetworkX graph :meth:`GraphStore.subgraph`
returns, built by :func:`build_graph` so that every adapter yields the same graph.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum, StrEnum
from functools import cache
from operator import itemgetter
from types import UnionType
from typing import (
    Annotated,
    Any,
    Literal,
    NamedTuple,
    Protocol,
    TypeVar,
    Union,
    get_args,
    get_origin,
    runtime_checkable,
)

import networkx as nx
from pydantic import ValidationError
from pydantic_core import to_json as _to_json

from .accounts import ERASED, ApiToken, AuditEntry, User
from .model import (
    KIND_LABELS,
    NODE_CLASSES,
    Node,
    Region,
    Relation,
    _Model,
    ags_contains,
    endpoint_problem,
    node_from_dict,
)
from .ties import is_active, is_present
from .validation import german_message
from .visibility import PART_TYPES, affiliations, may_show, shown_fields
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


class StaleVersion(StoreError):
    """A change based on an older version than the stored one; nothing was written.

    ``current`` is the element or relation as stored now, for the caller to show.
    """

    def __init__(self, current: Node | Relation, expected: int):
        self.current = current
        self.expected = expected
        what = f"Das Element „{current.name}“" if isinstance(current, Node) else f"Die Beziehung {current.key}"
        based = (
            f"Ihre Änderung beruht auf Version {expected}"
            if expected >= 1
            else "Ihre Änderung nennt keine gültige Version"
        )
        super().__init__(
            f"{what} wurde inzwischen von jemand anderem geändert (gespeichert ist Version {current.version}, "
            f"{based}). Nichts wurde gespeichert: bitte den aktuellen Stand ansehen und die Änderung darauf "
            "erneut eintragen."
        )


class StoreBusy(StoreError):
    """The store could not take the write lock in time (another write, e.g. an import, holds it)."""

    retry_after = 5  # seconds a caller should wait before trying again

    def __init__(self, detail: str | None = None):
        super().__init__(
            "Die Datenbank ist gerade mit einem anderen Schreibvorgang beschäftigt (z. B. einem Import). "
            f"Nichts wurde gespeichert; bitte in einigen Sekunden erneut versuchen.{f' ({detail})' if detail else ''}"
        )


def check_version(current: Node | Relation, expected: int | None) -> None:
    """Raise :class:`StaleVersion` unless ``expected`` is ``None`` or the stored version.

    Adapters call it inside the write transaction, after locking what they change.
    """
    if expected is not None and current.version != expected:
        raise StaleVersion(current, expected)


class InvalidData(StoreError):
    """Changes that would make an element invalid; nothing was written."""

    @classmethod
    def from_validation(cls, exc: ValidationError) -> InvalidData:
        parts = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"][1:] or error["loc"])
            parts.append(f"{where}: {german_message(error)}" if where else german_message(error))
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


class ImportCounts(NamedTuple):
    """What :meth:`GraphStore.import_records` did, per table."""

    regions: UpsertCounts
    nodes: UpsertCounts
    relations: UpsertCounts


IMPORT_CHUNK = 5000  # records per upsert call of an import: the progress bar moves per chunk


def import_in_one_transaction(
    store: GraphStore,
    regions: Sequence[Region],
    nodes: Sequence[Node],
    relations: Sequence[Relation],
    progress: Callable[[int], None] | None = None,
) -> ImportCounts:
    """:meth:`GraphStore.import_records` as one transaction (or the caller's open one)."""
    with store.transaction():
        return ImportCounts(
            _in_chunks(regions, store.upsert_regions, progress),
            _in_chunks(nodes, store.upsert_nodes, progress),
            _in_chunks(relations, store.upsert_relations, progress),
        )


_R = TypeVar("_R")


def _in_chunks(
    records: Sequence[_R], upsert: Callable[[Sequence[_R]], UpsertCounts], progress: Callable[[int], None] | None
) -> UpsertCounts:
    counts = UpsertCounts()
    for start in range(0, len(records), IMPORT_CHUNK):
        chunk = records[start : start + IMPORT_CHUNK]
        counts += upsert(chunk)
        if progress is not None:
            progress(len(chunk))
    return counts


@dataclass
class StoreStats:
    nodes_by_kind: dict[str, int] = field(default_factory=dict)
    actors_by_form: dict[str, int] = field(default_factory=dict)
    actors_by_sector: dict[str, int] = field(default_factory=dict)
    relations_by_type: dict[str, int] = field(default_factory=dict)
    regions: int = 0


@dataclass(frozen=True)
class Written:
    """An element one write touched, as a store's change log names it (:meth:`GraphStore.changes_since`)."""

    kind: str
    ags: str | None = None  # where it is located now (an actor's place decides whether an area's view holds it)
    deleted: bool = False
    # Its graph attributes as stored at the stamp the changes lead to, where the store gives them.
    attrs: dict[str, Any] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Changes:
    """What was written between a change stamp and :attr:`stamp`: elements, and the ends of relations."""

    stamp: str
    nodes: Mapping[str, Written] = field(default_factory=dict)
    ends: frozenset[str] = frozenset()

    @property
    def touched(self) -> set[str]:
        """The elements whose row or relations may differ: those written and the ends of relations written."""
        return set(self.ends) | self.nodes.keys()


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

    def changes_since(self, stamp: str) -> Changes | None:
        """What was written since ``stamp``, or ``None`` if the store cannot say exactly.

        ``None`` whenever any change since then was not a single write of an element or a
        relation (an import, an undo, an erasure, regions) or is no longer logged: a cache
        then builds anew, as on any change.
        """
        ...

    def transaction(self) -> AbstractContextManager[None]: ...

    # nodes
    def add_node(self, node: Node) -> Node: ...

    def upsert_nodes(self, nodes: Iterable[Node]) -> UpsertCounts: ...

    def update_node(self, node_id: str, *, expected_version: int | None = None, **changes: Any) -> Node:
        """Change only the fields in ``changes``; with ``expected_version``, only if that is the stored version.

        The version is checked and the fields are merged into the stored element inside the
        write transaction, so concurrent changes of other fields survive; a stale version
        raises :class:`StaleVersion`. Unchanged fields leave the version as it is.
        """
        ...

    def delete_node(self, node_id: str, *, expected_version: int | None = None) -> None: ...

    def get_node(self, node_id: str) -> Node: ...

    def find_nodes(self, kind: NodeKind | None = None, name: str | None = None, **attrs: Any) -> list[Node]: ...

    def get_nodes(self, ids: Sequence[str]) -> list[Node]:
        """The elements ``ids`` in that order, those that exist: one read for a page of a list."""
        ...

    def listing(self, kind: NodeKind | None = None, name: str | None = None, **attrs: Any) -> list[Attrs]:
        """What :meth:`find_nodes` finds, each as its :data:`LISTED` fields only: no models are built."""
        ...

    def affiliations(self, ids: Collection[str]) -> dict[str, frozenset[str]]:
        """The alliances each of ``ids`` belongs to (:func:`~.visibility.affiliations`), read from its neighbourhood."""
        ...

    # relations
    def add_relation(self, relation: Relation) -> Relation: ...

    def upsert_relations(self, relations: Iterable[Relation]) -> UpsertCounts: ...

    def update_relation(self, key: str, *, expected_version: int | None = None, **changes: Any) -> Relation:
        """As :meth:`update_node`; a new ``since`` gives a new key, keeping the count of versions."""
        ...

    def delete_relation(self, key: str, *, expected_version: int | None = None) -> None: ...

    def get_relation(self, key: str) -> Relation: ...

    def find_relations(
        self, node_id: str | None = None, type: RelationType | None = None, at: date | None = None
    ) -> list[Relation]: ...

    # regions
    def upsert_regions(self, regions: Iterable[Region]) -> UpsertCounts: ...

    # a whole import
    def import_records(
        self,
        regions: Sequence[Region],
        nodes: Sequence[Node],
        relations: Sequence[Relation],
        progress: Callable[[int], None] | None = None,
    ) -> ImportCounts:
        """Upsert everything or nothing, holding write locks no longer than the store needs.

        Inside an open ``transaction()`` block the block is the unit (see
        :func:`import_in_one_transaction`). ``progress`` is called with the number of
        records each step wrote.
        """
        ...

    def get_region(self, ags: str) -> Region: ...

    def find_regions(self, prefix: str | None = None, name: str | None = None) -> list[Region]: ...

    # views
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
        """The view :func:`read_subgraph` describes; ``reach`` widens an alliance's view for its gap report.

        ``read``, if given, is filled with what the view was read from (:class:`ReadSet`).
        ``prior``: what a view was read from before; a store that can name the changes since
        then (:meth:`changes_since`) reads again only the rows they touched.
        """
        ...

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

    def account_history(self, email: str | None = None) -> list[AuditEntry]:
        """The recorded changes of one account and its tokens (``None``: of every account), oldest first."""
        ...

    def restore(self, element_id: str) -> Node: ...

    def erase_person(self, person_id: str) -> AuditEntry: ...


_BOOKKEEPING = set(Node.BOOKKEEPING)


# Records are serialised as pydantic's own JSON (fields in model order): serialising in Rust is
# what makes a 500k-relation import fast. SQLite stores this text as the row, and both stores
# log it as an audit entry's before/after.
def node_json(node: Node) -> str:
    """The node's fields without bookkeeping timestamps, as JSON text (= ``node.model_dump_json(exclude=…)``).

    Made as :func:`relation_json` makes a relation's, from the values with the enum members as
    their texts (a test compares for every kind): in less than half the time of the model's
    serializer, which a large import calls for each of its elements.
    """
    enums = _ENUM_FIELDS.get(type(node))
    if enums is None:  # a class of its own: the model knows its fields
        return node.__pydantic_serializer__.to_json(node, exclude=_BOOKKEEPING).decode()
    values = node.__dict__.copy()  # the fields, in the model's order
    for name in _BOOKKEEPING:
        del values[name]
    for name in enums:
        value = values[name]
        if isinstance(value, StrEnum):
            values[name] = str(value)
    return _to_json(values, inf_nan_mode="null").decode()  # as the model writes an infinite budget


def relation_json(rel: Relation) -> str:
    """The relation's fields without its version, as JSON text (= ``rel.model_dump_json(exclude=…)``).

    A relation's fields are texts, a date, a bool and a float, which pydantic's serializer
    for plain values writes exactly as the model's does (a test compares). Given as a dict,
    the type as its text, they serialise in half the time: a large import makes 500,000 of
    these, and the model's serializer looks up each enum's value in Python.
    """
    values = rel.__dict__.copy()  # the fields, in the model's order
    if type(values["weight"]) is not float:  # only an unvalidated relation (model_construct) has another
        return _RELATION_SERIALIZER.to_json(rel, exclude=_VERSION).decode()
    del values["version"]
    values["type"] = str(values["type"])  # a RelationType is a StrEnum: its text
    return _to_json(values).decode()


_RELATION_SERIALIZER = Relation.__pydantic_serializer__
# Per node class, the fields that hold a StrEnum member (kind, visibility, an actor's form …).
_ENUM_FIELDS = {
    cls: tuple(name for name, info in cls.model_fields.items() if isinstance(info.default, StrEnum))
    for cls in NODE_CLASSES.values()
}
_VERSION = {"version"}
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
    user_email: str | None = None


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

    def account(self, before: User | None, after: User | None) -> AuditRecord | None:
        """The entry for a change of an account, or ``None`` if nothing the log keeps changed."""
        subject = after or before
        assert subject is not None
        old, new = account_fields(before), account_fields(after)
        if before is not None and after is not None:
            if before.password_hash != after.password_hash:
                new = {**(new or {}), "password": PASSWORD_CHANGED}
            if old == new:
                return None
        action = "user_add" if before is None else "user_remove" if after is None else "user_update"
        return self._account_record(action, subject.email, old, new)

    def token(self, action: Literal["token_create", "token_revoke"], token: ApiToken) -> AuditRecord:
        """The entry for an API token created or revoked: its id and name, never the secret nor its hash."""
        fields = token.model_dump(mode="json", include={"id", "name", "created", "revoked"})
        before = None if action == "token_create" else {**fields, "revoked": None}
        return self._account_record(action, token.email, before, fields)

    def _account_record(
        self, action: str, email: str, before: dict[str, Any] | None, after: dict[str, Any] | None
    ) -> AuditRecord:
        def text(fields: dict[str, Any] | None) -> str | None:
            return None if fields is None else json.dumps(fields, ensure_ascii=False)

        return self.record(action, before=text(before), after=text(after))._replace(user_email=email)

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


# What the audit log keeps of an account: never the password hash (only whether one is set),
# nor the sign-in bookkeeping (failed attempts, a temporary lock), which changes by itself.
_ACCOUNT_UNLOGGED = frozenset({"password_hash", "failed_logins", "locked_until"})
PASSWORD_SET, PASSWORD_CHANGED = "gesetzt", "neu gesetzt"


def account_fields(user: User | None) -> dict[str, Any] | None:
    """An account's fields as the audit log records them.

    >>> account_fields(User(email="a@example.org", role="admin", password_hash="$argon2id$geheim",
    ...                     created="2026-01-01T00:00:00Z"))
    ... # doctest: +NORMALIZE_WHITESPACE
    {'email': 'a@example.org', 'name': '', 'role': 'admin', 'alliances': [], 'edits_unaffiliated': False,
     'active': True, 'created': '2026-01-01T00:00:00Z', 'password': 'gesetzt'}
    """
    if user is None:
        return None
    fields = user.model_dump(mode="json", exclude=set(_ACCOUNT_UNLOGGED))
    fields["password"] = PASSWORD_SET if user.password_hash else None
    return fields


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


REDACTED = "[gelöscht]"
# Fields that must hold a valid address or number: a mention there is removed, not replaced.
_FORMATTED = frozenset({"email", "phone", "website"})


def identifying_texts(person: Node, history: Iterable[AuditEntry]) -> list[str]:
    """A person's name and contact, as stored and as the audit log recorded them earlier.

    Longest first, so that a longer name is replaced before a shorter one it contains;
    texts shorter than 5 characters are left out (they would match too much).

    >>> from buendnisatlas.graph.model import Actor
    >>> lea = Actor(id="p1", name="Lea Hoffmann", form="person", contact="lea@example.org")
    >>> old = AuditEntry(seq=1, at="2026-01-01T00:00:00Z", who="cli", action="create", element_id="p1",
    ...                  after={"name": "Lea Hofmann", "contact": None})
    >>> identifying_texts(lea, [old])
    ['lea@example.org', 'Lea Hoffmann', 'Lea Hofmann']
    """
    texts = {person.name, person.contact}
    for entry in history:
        if entry.element_id == person.id:
            for record in (entry.before or {}, entry.after or {}):
                texts.update((record.get("name"), record.get("contact")))
    found = {text.strip() for text in texts if isinstance(text, str) and len(text.strip()) >= 5}
    return sorted(found, key=lambda text: (-len(text), text))


class Redactor:
    """Replaces a person's identifying texts (case-insensitive) in other records, for an erasure.

    >>> redact = Redactor(["Lea Hoffmann"])
    >>> redact.text("Ansprechperson: lea hoffmann, Di 10 Uhr")
    'Ansprechperson: [gelöscht], Di 10 Uhr'
    >>> redact.json('{"note": "Lea Hoffmann fragen", "topics": ["youth"]}')
    '{"note": "[gelöscht] fragen", "topics": ["youth"]}'
    """

    def __init__(self, texts: Iterable[str]):
        texts = list(texts)
        self._pattern = re.compile("|".join(map(re.escape, texts)), re.IGNORECASE) if texts else None

    def mentions(self, value: object) -> bool:
        return self._pattern is not None and isinstance(value, str) and self._pattern.search(value) is not None

    def text(self, value: str) -> str:
        return value if self._pattern is None else self._pattern.sub(REDACTED, value)

    def _value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self._value(v) for v in value]
        if isinstance(value, dict):
            return {k: self._value(v) for k, v in value.items()}
        return value

    def json(self, text: str | None) -> str | None:
        """A JSON record (an audit entry's before/after) with the texts replaced; unchanged text as it was."""
        if text is None or not self.mentions(text):
            return text
        return json.dumps(self._value(json.loads(text)), ensure_ascii=False)

    def node(self, node: Node) -> Node | None:
        """``node`` with the texts replaced in its fields, or ``None`` if none mentions them."""
        data = node.model_dump()
        changes = {
            name: None if name in _FORMATTED else self.text(value)
            for name, value in data.items()
            if name not in ("id", "kind") and self.mentions(value)
        }
        if not changes:
            return None
        try:
            return node_from_dict({**data, **changes}, stored=True)
        except ValidationError as exc:
            raise InvalidData.from_validation(exc) from exc

    def relation(self, relation: Relation) -> Relation | None:
        """``relation`` with the texts replaced in its role, or ``None`` if the role does not mention them."""
        if not self.mentions(relation.role):
            return None
        return relation.model_copy(update={"role": self.text(relation.role or "")})


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


# A graph's node attributes and an edge as (key, source, target, attributes): the form both
# the models and a store's raw rows are turned into, so that a view never builds models.
Attrs = dict[str, Any]
EdgeRow = tuple[str, str, str, Attrs]


def node_attrs(node: Node) -> Attrs:
    """A node's graph attributes: the model's fields without ``id`` and bookkeeping."""
    attrs = node.data()
    del attrs["id"]
    return attrs


def edge_row(rel: Relation) -> EdgeRow:
    return rel.key, rel.source, rel.target, rel.model_dump(exclude={"source", "target", "version"})


def build_graph(nodes: Iterable[Node], relations: Iterable[Relation]) -> nx.MultiDiGraph:
    """The NetworkX view every store returns: one node per element, one edge per relation.

    Node attributes are the model's fields (``kind``, ``name``, ``sector``, …) without
    bookkeeping timestamps; edges are keyed by the relation key and carry ``type``,
    ``role``, ``voting``, ``since``, ``until`` and ``weight``. Relations whose ends are not
    among ``nodes`` are left out.

    Examples
    --------
    >>> from buendnisatlas.graph.model import Actor
    >>> G = build_graph([Actor(id="b", name="B"), Actor(id="a", name="A")],
    ...                 [Relation(source="a", target="b", type="COOPERATES_WITH")])
    >>> list(G), list(G.edges(keys=True))
    (['a', 'b'], [('a', 'b', 'a|COOPERATES_WITH|b|')])
    """
    return graph_from({n.id: node_attrs(n) for n in nodes}, [edge_row(r) for r in relations])


def graph_from(nodes: Mapping[str, Attrs], edges: Iterable[EdgeRow]) -> nx.MultiDiGraph:
    """:func:`build_graph` from attributes: nodes sorted by id, edges by key (a stable adjacency order)."""
    G = nx.MultiDiGraph()
    G.add_nodes_from(sorted(nodes.items()))
    # The adjacency filled directly, as add_edge does it (one key dict shared by _succ and _pred):
    # add_edges_from costs more than the whole read of a view.
    succ, pred = G._succ, G._pred
    for key, source, target, attrs in sorted(edges, key=itemgetter(0)):
        if source in nodes and target in nodes:
            keyed = succ[source].get(target)
            if keyed is None:
                keyed = succ[source][target] = pred[target][source] = {}
            keyed[key] = dict(attrs)
    return G


def _converter(annotation: Any) -> Callable[[Any], Any] | None:
    """How a field's JSON value becomes the value the model holds: dates and enum members; else as is."""
    if get_origin(annotation) is Annotated:  # Day, Name, …: the type under the constraints
        return _converter(get_args(annotation)[0])
    if annotation is date:
        return date.fromisoformat
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation._value2member_map_.__getitem__  # a dict lookup: calling the enum is far slower
    args = get_args(annotation)
    if get_origin(annotation) is Literal and args and isinstance(args[0], Enum):
        return type(args[0])._value2member_map_.__getitem__
    if get_origin(annotation) in (Union, UnionType):
        found = [c for c in (_converter(a) for a in args if a is not type(None)) if c is not None]
        return found[0] if found else None
    return None


@cache
def _converters(cls: type[_Model]) -> tuple[frozenset[str], tuple[tuple[str, Callable[[Any], Any]], ...]]:
    fields = {name: f for name, f in cls.model_fields.items() if name not in Node.BOOKKEEPING}
    converted = tuple((n, c) for n, f in fields.items() if (c := _converter(f.annotation)) is not None)
    return frozenset(fields), converted


def stored_attrs(data: dict[str, Any], cls: type[_Model]) -> dict[str, Any]:
    """The model's dump (as :func:`node_attrs` / :func:`edge_row` give it) from the JSON a store wrote.

    The JSON was validated when it was written: only dates and enum members need restoring.
    A record written by another version (a field more or less) goes through the model instead.

    >>> stored_attrs({"source": "a", "target": "b", "type": "MEMBER_OF", "role": None, "voting": None,
    ...               "since": "2024-01-31", "until": None, "weight": 1.0}, Relation)["since"]
    datetime.date(2024, 1, 31)
    """
    fields, converted = _converters(cls)
    if data.keys() != fields:
        return cls.model_validate(data).model_dump(exclude=set(Node.BOOKKEEPING))
    for name, convert in converted:
        value = data[name]
        if value is not None:
            data[name] = convert(value)
    return data


def select_subgraph(
    nodes: Mapping[str, Attrs],
    relations: Iterable[EdgeRow],
    alliance: str | None,
    region: str | None,
    at: date | None,
    audience: Visibility,
) -> nx.MultiDiGraph:
    """Pick the part of the graph a view asks for; shared by all adapters.

    ``nodes`` and ``relations`` are graph attributes (:func:`node_attrs`, :func:`edge_row`);
    they may be any part of the store that holds what the view needs (:func:`read_subgraph`).

    * ``at``: only relations active on that date, and only events held by then.
    * ``alliance``: the alliance, its parts (bodies, working groups, projects, events
      ``PART_OF`` it), every actor tied to the alliance or a part, and the advisory
      services these actors offer or refer to.
    * ``region`` (an AGS key): elements located there and alliances and services whose
      area overlaps it, with the actors tied to those.
    * ``audience``: the visibility policy, applied last.
    """
    active = [r for r in relations if is_active(r[3], at)]
    chosen = {node_id for node_id, attrs in nodes.items() if is_present(attrs, at)}
    if alliance is not None:
        if alliance not in nodes:
            raise NotFound(f"Kein Bündnis mit der Kennung „{alliance}“")
        parts = {alliance} | {s for _, s, t, a in active if a["type"] == RelationType.PART_OF and t == alliance}
        parts &= chosen
        actors = {s for _, s, t, _ in active if t in parts and nodes[s]["kind"] == NodeKind.ACTOR}
        services = {t for _, s, t, a in active if s in actors and a["type"] in _SERVICE_TIES}
        chosen &= parts | actors | services
    if region is not None:
        anchors = {n for n in chosen if in_region(nodes[n], region)}
        tied = {
            end
            for _, s, t, a in active
            if s in anchors or t in anchors
            for end in (s, t)
            if nodes[end]["kind"] == NodeKind.ACTOR and a["type"] == RelationType.MEMBER_OF
        }
        chosen &= anchors | tied
    shown = {n: shown_fields(nodes[n], audience) for n in chosen if may_show(nodes[n], audience)}
    return graph_from(shown, active)


_SERVICE_TIES = (RelationType.OFFERS, RelationType.REFERS_TO)


def in_region(attrs: Mapping[str, Any], region: str) -> bool:
    """Whether an element is located in ``region`` or its area overlaps it."""
    ags = attrs.get("ags")
    return bool(ags and ags_contains(region, ags)) or any(
        ags_contains(region, a) or ags_contains(a, region) for a in attrs.get("area") or []
    )


class ViewReader(Protocol):
    """The few indexed reads an adapter offers so that a view never loads the whole store."""

    def ends(
        self,
        ids: Collection[str],
        *,
        incoming: bool,
        types: Collection[RelationType] | None = None,
        kinds: Collection[NodeKind] | None = None,
    ) -> set[str]:
        """Ids at the other end of the relations entering (``incoming``) or leaving ``ids``."""
        ...

    def located(self, region: str) -> set[str]:
        """Elements located in ``region`` or with an area overlapping it."""
        ...

    def actors_within(self, areas: Collection[str]) -> set[str]:
        """Actors located in one of ``areas`` or nowhere recorded (all actors if ``areas`` is empty)."""
        ...

    def rows(self, ids: Collection[str] | None) -> tuple[dict[str, Attrs], list[EdgeRow]]:
        """The elements ``ids`` (all if ``None``) and the relations among them, as graph attributes."""
        ...

    def kinds(self, ids: Collection[str]) -> dict[str, str]:
        """The kind of each of ``ids`` that exists."""
        ...

    def ties(self, ids: Collection[str], types: Collection[RelationType] | None = None) -> list[tuple[str, str, str]]:
        """(source, type, target) of the relations leaving ``ids``."""
        ...


# Relations from an actor into a shared table, and the kinds of those tables (as in ties.py).
_CONTEXT_TIES = (RelationType.MEMBER_OF, RelationType.LEADS, RelationType.PARTNER_IN, RelationType.PARTICIPATED_IN)
_TABLE_KINDS = (NodeKind.BODY, NodeKind.WORKING_GROUP, NodeKind.PROJECT, NodeKind.EVENT)


# How one of a view's queries asked for ends (:meth:`ViewReader.ends`): incoming, the types and
# the kinds (``None``: any).
Asked = tuple[bool, frozenset[str] | None, frozenset[str] | None]


def _asked(incoming: bool, types: Collection[str] | None, kinds: Collection[str] | None) -> Asked:
    return incoming, None if types is None else frozenset(types), None if kinds is None else frozenset(kinds)


def _covers(wider: Asked, asked: Asked) -> bool:
    """Whether every end found as ``asked`` is among those found as ``wider`` (of the same elements)."""
    narrower = zip(wider[1:], asked[1:], strict=True)
    return wider[0] == asked[0] and all(w is None or (a is not None and a <= w) for w, a in narrower)


# The relations among a view's elements by element: (leaving, entering), each element →
# (relation type, kind of the other end) → the other ends.
Adjacency = tuple[dict[str, dict[tuple[str, str], set[str]]], dict[str, dict[tuple[str, str], set[str]]]]


def _adjacency(
    nodes: Mapping[str, Attrs],
    edges: Iterable[EdgeRow],
    of: Collection[str] | None = None,
    into: Adjacency | None = None,
) -> Adjacency:
    """The :data:`Adjacency` of ``edges``; with ``of``: ``into`` with the entries of ``of`` made anew.

    ``into`` is left as it is: the result shares the entries of the other elements with it.
    """
    leaving, entering = ({}, {}) if into is None else (dict(into[0]), dict(into[1]))
    for n in of or ():
        leaving.pop(n, None)
        entering.pop(n, None)
    for _, source, target, attrs in edges:
        type_ = attrs["type"]
        if of is None or source in of:
            leaving.setdefault(source, {}).setdefault((type_, nodes[target]["kind"]), set()).add(target)
        if of is None or target in of:
            entering.setdefault(target, {}).setdefault((type_, nodes[source]["kind"]), set()).add(source)
    return leaving, entering


@dataclass
class ReadSet:
    """What an alliance's view was read from, so that writes which miss it keep it (:meth:`updated`).

    ``ids``: every element the queries of :func:`read_subgraph` read (``None``: not known, as
    for a region's view); ``nodes`` and ``edges`` their rows (:meth:`ViewReader.rows`), cut
    to the view ``graph`` by ``cut`` (the arguments of :func:`select_subgraph` after the rows).
    ``asked``: for each way the queries asked for ends, the elements asked about.
    ``area``: the alliance's area if the view holds its actors, ``in_area`` the actors found
    there. ``stamp``: the store's change stamp when they were read, where the store gives it.
    """

    ids: set[str] | None = None
    nodes: dict[str, Attrs] = field(default_factory=dict)
    edges: list[EdgeRow] = field(default_factory=list)
    cut: tuple[str | None, str | None, date | None, Visibility] | None = None
    area: tuple[str, ...] | None = None
    in_area: frozenset[str] = frozenset()
    stamp: str | None = None
    asked: dict[Asked, set[str]] = field(default_factory=dict)
    graph: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)
    adjacency: Adjacency | None = None  # of ``edges``, made when a later read recalls ends from here

    def updated(self, changes: Changes) -> ReadSet | None:
        """What the view :attr:`graph` is read from after ``changes``; ``None`` if it must be read anew.

        Each query walks relations from elements read already, so every relation it walked
        or read has both ends in ``ids``. A write to neither end of a relation and to no
        element in ``ids`` changes no answer, unless it puts an actor where the area's query
        finds it (:meth:`ViewReader.actors_within`: in the area, or nowhere recorded): then
        the view is kept as it is (``self``). If only fields of elements in ``ids`` changed, and
        not whether an actor is in the area, the queries find the same elements: the view gets
        their new fields, or is cut anew from the rows if an element's day or visibility
        decides otherwise now.

        >>> read = ReadSet({"b0", "a1"}, cut=(None, None, None, Visibility.RESTRICTED), area=("15087",))
        >>> read.updated(Changes("e:2", {"a9": Written("actor", "16055000")}, frozenset({"a9", "a8"}))) is read
        True
        >>> read.updated(Changes("e:2", {"a9": Written("actor", "15087370")})) is None
        True
        >>> read.updated(Changes("e:2", ends=frozenset({"a1", "a8"}))) is None
        True
        """
        ids = self.ids
        if ids is None or self.cut is None or not ids.isdisjoint(changes.ends):
            return None
        nodes = None
        for node_id, node in changes.nodes.items():
            if node_id not in ids:
                if node.kind == NodeKind.ACTOR and not node.deleted and self._in_area(node.ags):
                    return None  # a new candidate of the area
                continue
            if node.deleted or node.attrs is None or node.kind == NodeKind.ALLIANCE:
                return None  # its relations went too, or it has another area: other elements to read
            if node.kind == NodeKind.ACTOR and (node_id in self.in_area) != self._in_area(node.ags):
                return None  # into or out of the area: the area's query finds other actors
            nodes = dict(self.nodes) if nodes is None else nodes
            nodes[node_id] = node.attrs
        if nodes is None:
            return self
        kept = ReadSet(ids, nodes, self.edges, self.cut, self.area, self.in_area, changes.stamp, self.asked)
        kept.adjacency = self.adjacency  # of the same relations
        patched = _patched(self, kept)
        kept.graph = select_subgraph(nodes, self.edges, *self.cut) if patched is None else patched
        return kept

    def _in_area(self, ags: str | None) -> bool:
        """Whether :meth:`ViewReader.actors_within` of the area finds an actor located at ``ags``."""
        area = self.area
        if area is None:
            return False
        return ags is None or not area or any(ags_contains(a, ags) for a in area)


class _Recalled:
    """A :class:`ViewReader` that answers from ``prior`` what the ``changes`` since then cannot change.

    An element ``prior``'s queries asked about in a way that finds at least these ends
    (:func:`_covers`) had all those ends read with it (:meth:`ReadSet.updated`): unless it
    is touched (written, or an end of a relation written), its ends are found among
    ``prior``'s rows. The actors of the area are ``prior``'s, with the actors written since.
    The store is asked only about the rest.
    """

    def __init__(self, reader: ViewReader, prior: ReadSet, changes: Changes) -> None:
        self._reader, self._prior, self._changes, self._touched = reader, prior, changes, changes.touched
        if prior.adjacency is None:
            prior.adjacency = _adjacency(prior.nodes, prior.edges)
        self._asked_store: set[str] = set()

    def ends(
        self,
        ids: Collection[str],
        *,
        incoming: bool,
        types: Collection[RelationType] | None = None,
        kinds: Collection[NodeKind] | None = None,
    ) -> set[str]:
        asked = _asked(incoming, types, kinds)
        prior = self._prior
        known = set().union(*(found for wider, found in prior.asked.items() if _covers(wider, asked)))
        recalled = known.intersection(ids) - self._touched
        rest = [n for n in ids if n not in recalled]
        self._asked_store.update(rest)
        found = self._reader.ends(rest, incoming=incoming, types=types, kinds=kinds) if rest else set()
        assert prior.adjacency is not None
        adjacency = prior.adjacency[incoming]
        _, of_types, of_kinds = asked
        for n in recalled:
            for (type_, kind), ends in adjacency.get(n, {}).items():
                if (of_types is None or type_ in of_types) and (of_kinds is None or kind in of_kinds):
                    found |= ends
        return found

    def carried(self, read: ReadSet) -> Adjacency:
        """The adjacency of ``read``, made from ``prior``'s anew only for what was asked of the store or read anew.

        Each element's entry holds at least the ends of every way it was asked about (they
        are among the elements): those asked about in the store, new or touched ones get
        theirs from ``read``'s relations, the others keep what ``prior`` knew.
        """
        assert self._prior.adjacency is not None and read.ids is not None
        known = self._prior.ids or set()
        anew = self._asked_store | self._touched | {n for n in read.ids if n not in known}
        return _adjacency(read.nodes, read.edges, anew, self._prior.adjacency)

    def located(self, region: str) -> set[str]:
        return self._reader.located(region)

    def actors_within(self, areas: Collection[str]) -> set[str]:
        prior = self._prior
        if tuple(areas) != prior.area:
            return self._reader.actors_within(areas)
        found = set(prior.in_area)
        for node_id, node in self._changes.nodes.items():
            if node.kind == NodeKind.ACTOR:
                if not node.deleted and prior._in_area(node.ags):
                    found.add(node_id)
                else:
                    found.discard(node_id)
        return found

    def rows(self, ids: Collection[str] | None) -> tuple[dict[str, Attrs], list[EdgeRow]]:
        return self._reader.rows(ids)

    def kinds(self, ids: Collection[str]) -> dict[str, str]:
        return self._reader.kinds(ids)

    def ties(self, ids: Collection[str], types: Collection[RelationType] | None = None) -> list[tuple[str, str, str]]:
        return self._reader.ties(ids, types)


def _patched(prior: ReadSet, read: ReadSet) -> nx.MultiDiGraph | None:
    """The view of ``read`` made from ``prior``'s (frozen) view, where only some elements' rows differ.

    The elements are the same; those whose rows were read anew (other row objects) take
    their new fields and, if the relations were read anew too, their new relations, in a
    new graph that shares everything else with the prior view (neither can change it: both
    are frozen), in the order :func:`graph_from` gives. ``None`` where only a new cut gives
    the view: other elements, a region's cut, an alliance's cut after relations changed,
    or an element that is there on the day or shown to the audience only now or no longer.
    """
    G, cut = prior.graph, prior.cut
    same_edges = read.edges is prior.edges
    if not nx.is_frozen(G) or cut is None or read.cut != cut or read.ids != prior.ids:
        return None
    if cut[1] is not None or (cut[0] is not None and not same_edges):
        return None
    _, _, at, audience = cut
    fresh = {n for n, attrs in read.nodes.items() if prior.nodes.get(n) is not attrs}
    for n in fresh:
        old = prior.nodes.get(n)
        if old is None or _cut_by(old, at, audience) != _cut_by(read.nodes[n], at, audience):
            return None
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H._node = {**G._node, **{n: dict(shown_fields(read.nodes[n], audience)) for n in fresh if n in G}}  # G's order
    H._succ = H._adj = G._succ
    H._pred = G._pred
    if same_edges:
        return H
    # Every relation of a fresh element was read anew: its pairs get their relations from there.
    pairs: dict[tuple[str, str], dict[str, Attrs]] = {}
    for _, source, target, _ in prior.edges:
        if (source in fresh or target in fresh) and source in G and target in G:
            pairs.setdefault((source, target), {})
    touching = [e for e in read.edges if e[1] in fresh or e[2] in fresh]
    for key, source, target, attrs in sorted(touching, key=itemgetter(0)):
        if source in G and target in G and is_active(attrs, at):
            pairs.setdefault((source, target), {})[key] = dict(attrs)
    succ, pred = dict(G._succ), dict(G._pred)
    copied: set[tuple[bool, str]] = set()
    for (source, target), keyed in pairs.items():
        for outgoing, near, far in ((True, source, target), (False, target, source)):
            adjacency = succ if outgoing else pred
            if (outgoing, near) not in copied:
                adjacency[near] = dict(adjacency[near])
                copied.add((outgoing, near))
            if keyed:
                adjacency[near][far] = keyed
            else:
                adjacency[near].pop(far, None)
    for outgoing, near in copied:  # as graph_from orders them: by the first key of their relations
        adjacency = succ if outgoing else pred
        adjacency[near] = dict(sorted(adjacency[near].items(), key=lambda item: next(iter(item[1]))))
    H._succ = H._adj = succ
    H._pred = pred
    return H


def _cut_by(attrs: Attrs, at: date | None, audience: Visibility) -> tuple[bool, bool]:
    return is_present(attrs, at), may_show(attrs, audience)


def read_subgraph(
    reader: ViewReader,
    alliance: str | None,
    region: str | None,
    at: date | None,
    audience: Visibility,
    reach: int = 0,
    read: ReadSet | None = None,
    *,
    prior: ReadSet | None = None,
    changes: Changes | None = None,
    rows: Callable[[set[str]], tuple[dict[str, Attrs], list[EdgeRow]]] | None = None,
) -> nx.MultiDiGraph:
    """A store's view read with indexed queries: what :func:`select_subgraph` needs, and no more.

    The queries gather a superset of the view's elements (ignoring dates), read those and
    the relations among them, and :func:`select_subgraph` cuts the view exactly as from
    the whole store. With ``reach`` (and ``alliance``) the view also holds what a gap
    report needs beyond the alliance: the actors of its area (candidates for its gaps) and
    every chain of up to ``reach`` ties (cooperations or shared tables, see
    :mod:`~buendnisatlas.graph.ties`) from anyone tied to the alliance to them or to a
    member, with the tables and services all these actors are part of; then only ``at``
    and ``audience`` cut it. Paths of up to ``reach`` ties among these actors, found on the
    view, are those found on the whole store. ``read`` is filled with what was read.

    ``prior``: what the same view was read from before, with the ``changes`` since then: the
    store is asked only about what they touched (:class:`_Recalled`), and if the view holds
    the same elements it is made from the prior view (:func:`_patched`).
    ``rows`` reads the rows of the elements picked instead of ``reader.rows`` (an adapter's
    read that takes rows from ``prior``).
    """
    if alliance is None and region is None:
        nodes, edges = reader.rows(None)
        return select_subgraph(nodes, edges, None, None, at, audience)
    recalled = None
    if prior is not None and prior.ids is not None and changes is not None:
        reader = recalled = _Recalled(reader, prior, changes)
    asked: dict[Asked, set[str]] = {}
    this = read if read is not None else ReadSet()

    def ends(
        ids: Collection[str],
        *,
        incoming: bool,
        types: Collection[RelationType] | None = None,
        kinds: Collection[NodeKind] | None = None,
    ) -> set[str]:
        asked.setdefault(_asked(incoming, types, kinds), set()).update(ids)
        return reader.ends(ids, incoming=incoming, types=types, kinds=kinds)

    picked: set[str] = set()
    if alliance is not None:
        parts = ends({alliance}, incoming=True, types=[RelationType.PART_OF]) | {alliance}
        tied = ends(parts, incoming=True)
        picked = parts | tied | ends(tied, incoming=False, types=_SERVICE_TIES)
        if reach:
            actors, frontier = set(tied), set(tied)
            for step in range(reach):
                tables = ends(frontier, incoming=False, types=_CONTEXT_TIES, kinds=_TABLE_KINDS)
                picked |= tables
                if step == reach - 1:
                    break  # who a last step reaches matters only among the members and the area, read anyway
                found = ends(tables, incoming=True, types=_CONTEXT_TIES, kinds=[NodeKind.ACTOR])
                for incoming in (False, True):
                    found |= ends(frontier, incoming=incoming, types=[RelationType.COOPERATES_WITH])
                frontier = found - actors
                actors |= found
            nodes, _ = reader.rows({alliance})
            area = tuple(nodes[alliance].get("area") or []) if alliance in nodes else ()
            in_area = reader.actors_within(area) if alliance in nodes else set()
            actors |= in_area
            picked |= actors | ends(actors, incoming=False)
            this.area, this.in_area = area, frozenset(in_area)
    else:
        assert region is not None
        anchors = reader.located(region)
        picked = anchors | ends(anchors, incoming=True, types=[RelationType.MEMBER_OF], kinds=[NodeKind.ACTOR])
    nodes, edges = (rows or reader.rows)(picked)
    if reach and alliance is not None:
        if alliance not in nodes:
            raise NotFound(f"Kein Bündnis mit der Kennung „{alliance}“")
        cut: tuple[str | None, str | None, date | None, Visibility] = (None, None, at, audience)
    else:
        cut = (alliance, region, at, audience)
    if alliance is not None:
        this.ids, this.nodes, this.edges, this.cut, this.asked = picked, nodes, edges, cut, asked
        if recalled is not None:
            this.adjacency = recalled.carried(this)
    G = _patched(prior, this) if prior is not None else None
    this.graph = G if G is not None else select_subgraph(nodes, edges, *cut)
    return this.graph


# The fields of an element a list needs: to decide who may see it (graph/visibility.py), to
# sort and to filter by text. Stores read them without building models.
LISTED = ("id", "kind", "name", "visibility", "form", "consent_given_at")


def read_affiliations(reader: ViewReader, ids: Collection[str]) -> dict[str, frozenset[str]]:
    """:func:`~.visibility.affiliations` of ``ids`` from their neighbourhood, read with indexed queries.

    What an element's alliances depend on: its kind, the relations leaving it, the kinds of
    their targets and the alliances those targets are part of; for a goal, the chain of its
    parent goals up to one that names an alliance. The rule itself is applied by
    :func:`~.visibility.affiliations` on that small graph, as on the whole store.
    """
    kinds = reader.kinds(set(ids))
    ties = reader.ties(kinds)
    targets = {t for _, _, t in ties} - kinds.keys()
    kinds |= reader.kinds(targets)
    parts = reader.ties({t for t in targets if kinds.get(t) not in (None, NodeKind.ACTOR)}, PART_TYPES)
    kinds |= reader.kinds({t for _, _, t in parts} - kinds.keys())
    G = nx.MultiDiGraph()
    G.add_nodes_from((n, {"kind": kind}) for n, kind in kinds.items())
    G.add_edges_from((s, t, {"type": type_}) for s, type_, t in [*ties, *parts])
    goals, read = {n for n in ids if kinds.get(n) == NodeKind.GOAL}, set()
    while goals:  # up the chain of parent goals: a strategy is a tree of a few dozen
        attrs, _ = reader.rows(goals)
        G.add_nodes_from(attrs.items())
        read |= goals
        named = {a for n in goals for a in (attrs[n].get("alliance"), attrs[n].get("parent_goal")) if a}
        kinds |= reader.kinds(named - kinds.keys())
        G.add_nodes_from((n, {"kind": kinds[n]}) for n in named if n in kinds and n not in G)
        goals = {n for n in named if kinds.get(n) == NodeKind.GOAL} - read
    found = affiliations(G)
    return {n: found[n] for n in ids if n in kinds}


def check_endpoints(relations: Sequence[Relation], kinds: Mapping[str, NodeKind | str]) -> None:
    """Raise :class:`InvalidRelation` unless every relation joins existing elements of allowed kinds.

    ``kinds`` maps the ids found in the store to their kind; shared by all adapters so
    that both word the problem alike.
    """
    kind_of = kinds.get
    # A few combinations of type and end kinds answer a large import's relations: each is checked
    # once; only a batch with a fault is read again, relation by relation, to name the first.
    combinations = {(rel.type, kind_of(rel.source), kind_of(rel.target)) for rel in relations}
    if all(s is not None and t is not None and not _endpoint_problem(ty, s, t) for ty, s, t in combinations):
        return
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

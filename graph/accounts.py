"""Who may use the atlas, how scripts sign in, and what the log of changes records.

Three models that every store keeps beside the graph (never as graph elements, so no
analysis or map can see them):

* :class:`User` — a person signing in, with a :class:`Role` and the alliances it applies to.
* :class:`ApiToken` — a named, revocable secret for scripts; the store keeps only its hash.
* :class:`AuditEntry` — one change of one element, relation or account: who, when, before, after.

Validation messages are German: they reach the people managing accounts.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .model import ID_PATTERN

# Deliberately loose (one @, a dot in the domain, no spaces): mail servers decide the rest.
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ERASED: dict[str, Any] = {"gelöscht": "nach Art. 17 DSGVO"}


class Role(StrEnum):
    """``admin``: everything; ``coordinator``: restricted data of its alliances; ``member``: network data."""

    ADMIN = "admin"
    COORDINATOR = "coordinator"
    MEMBER = "member"


ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: "Administration",
    Role.COORDINATOR: "Koordination",
    Role.MEMBER: "Mitglied",
}


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=True)


class User(_Model):
    """A person who signs in.

    Examples
    --------
    >>> User(email="Koordination@PfD-MSH.example.org", name="Koordination", role="coordinator",
    ...      alliances=["pfd-msh"]).email
    'koordination@pfd-msh.example.org'
    >>> try:
    ...     User(email="a@example.org", name="A", role="member")
    ... except ValueError as exc:
    ...     print(exc.errors()[0]["msg"])
    Value error, Die Rolle „member“ braucht mindestens ein Bündnis (--alliance)
    """

    email: str
    name: str = Field(default="", max_length=300)
    role: Role
    alliances: list[str] = Field(default_factory=list)
    edits_unaffiliated: bool = False
    password_hash: str | None = None
    active: bool = True
    created: datetime = Field(default_factory=_utcnow)
    failed_logins: int = Field(default=0, ge=0)
    locked_until: datetime | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = value.strip().lower()
        if not EMAIL_PATTERN.match(value):
            raise ValueError(f"„{value}“ ist keine gültige E-Mail-Adresse")
        return value

    @field_validator("alliances")
    @classmethod
    def _alliance_ids(cls, values: list[str]) -> list[str]:
        for value in values:
            if not re.match(ID_PATTERN, value):
                raise ValueError(f"„{value}“ ist keine gültige Bündnis-Kennung")
        return list(dict.fromkeys(values))

    @model_validator(mode="after")
    def _alliances_fit_the_role(self) -> User:
        if self.role != Role.ADMIN and not self.alliances:
            raise ValueError(f"Die Rolle „{self.role}“ braucht mindestens ein Bündnis (--alliance)")
        return self

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


class ApiToken(_Model):
    """A secret for scripts, of one user; only ``token_hash`` (sha256 hex) is ever stored."""

    id: str = Field(pattern=r"^[A-Za-z0-9_-]{6,32}$")
    email: str
    name: str = Field(min_length=1, max_length=200)
    token_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    created: datetime = Field(default_factory=_utcnow)
    last_used: datetime | None = None
    revoked: datetime | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        return value.strip().lower()


AuditAction = Literal[
    "create",
    "update",
    "delete",
    "restore",
    "erase",
    "merge",
    "user_add",
    "user_update",
    "user_remove",
    "token_create",
    "token_revoke",
]


class AuditEntry(_Model):
    """One recorded change.

    ``element_id`` is set for a change of an element, ``relation_key`` for one of a relation
    (whose ends are in the key and in ``before``/``after``), ``user_email`` for one of an
    account or of its API tokens (``user_…``/``token_…`` actions). ``before``/``after`` hold
    the record's fields as stored (``None``: it did not exist before / does not exist after);
    after an erasure both read ``{"gelöscht": "nach Art. 17 DSGVO"}``. An account's entry
    never holds its password hash (only ``password``: „gesetzt“ / „neu gesetzt“), a token's
    never its secret nor its hash.
    """

    seq: int
    at: datetime
    who: str
    action: AuditAction
    element_id: str | None = None
    relation_key: str | None = None
    user_email: str | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None

    @property
    def ends(self) -> tuple[str, str] | None:
        """The ids a relation entry joins (read from its key), else ``None``.

        >>> AuditEntry(seq=1, at="2026-01-01T00:00:00Z", who="cli:anna", action="create",
        ...            relation_key="kjr|MEMBER_OF|pfd|2020-01-01").ends
        ('kjr', 'pfd')
        """
        if self.relation_key is None:
            return None
        source, _type, target, _since = self.relation_key.split("|")
        return source, target

    def changes(self) -> dict[str, tuple[Any, Any]]:
        """The fields whose value differs between before and after: ``{field: (before, after)}``.

        >>> AuditEntry(seq=2, at="2026-01-01T00:00:00Z", who="cli:anna", action="update", element_id="kjr",
        ...            before={"name": "KJR", "sector": "youth"}, after={"name": "Kreisjugendring", "sector": "youth"}
        ...            ).changes()
        {'name': ('KJR', 'Kreisjugendring')}
        """
        before, after = self.before or {}, self.after or {}
        return {
            field: (before.get(field), after.get(field))
            for field in dict.fromkeys([*before, *after])
            if before.get(field) != after.get(field)
        }

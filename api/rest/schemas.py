"""Schema families per element kind (``ActorCreate``, ``ActorUpdate``, ``ActorPublic``, …).

They are derived from the domain models so that a field is declared once: Create has
the model's fields without bookkeeping (visibility may be left out: persons then become
restricted), Update has every field optional, Public adds the timestamps. Validation
is always the domain model's own.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, Field, Strict, TypeAdapter, create_model
from pydantic.fields import FieldInfo
from pydantic.json_schema import SkipJsonSchema

from buendnisatlas.graph.model import NODE_CLASSES, Node, Relation
from buendnisatlas.graph.vocab import NodeKind, Visibility

_SKIP = {"kind", "created_at", "updated_at", "version"}


@dataclass(frozen=True)
class SchemaFamily:
    model: type[Node]
    create: type[BaseModel]
    update: type[BaseModel]
    public: type[BaseModel]
    page: type[BaseModel]
    items: TypeAdapter[list[Node]]

    def page_json(self, items: list[Node], count: int) -> bytes:
        """A page exactly as its schema (``ActorsPublic``, …) serialises it, from elements already validated.

        The elements come validated from the store and ``…Public`` adds no field to the
        model: validating them once more into the schema (what ``response_model`` does
        with a returned object) would only cost time.
        """
        return b'{"data":' + self.items.dump_json(items) + b',"count":' + str(count).encode() + b"}"


_SCALARS = (bool, int, float)


def _as_sent(info: FieldInfo) -> FieldInfo:
    """The field for a request body: numbers and yes/no as JSON types (not ``"1"`` or ``0`` for false)."""
    sent = copy(info)
    if any(a in _SCALARS for a in (info.annotation, *get_args(info.annotation))):
        sent.metadata = [*info.metadata, Strict()]
    return sent


def _optional_fields(model: type[BaseModel], skip: set[str]) -> dict[str, Any]:
    """The model's fields as optional and unset by default, for PATCH bodies."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in skip:
            # The model's type and constraints; left out it is unset, but a required field
            # (name, visibility) cannot be set to null.
            optional = _as_sent(info)
            optional.default, optional.default_factory = None, None
            fields[name] = (info.annotation, optional)
    return fields


def _family(model: type[Node]) -> SchemaFamily:
    name = model.__name__
    fields = {k: v for k, v in model.model_fields.items() if k not in _SKIP}
    # The model's own config: a request the model would refuse (" " as a name) is refused as a request.
    config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    create_fields: dict[str, Any] = {k: (v.annotation, _as_sent(v)) for k, v in fields.items()}
    create_fields["visibility"] = (Visibility | None, None)
    update_fields = _optional_fields(model, skip=_SKIP | {"id"})
    create = create_model(f"{name}Create", __config__=config, **create_fields)
    update = create_model(f"{name}Update", __config__=config, **update_fields)
    public = create_model(f"{name}Public", __base__=model)
    page = create_model(f"{name}sPublic", data=(list[public], ...), count=(int, ...))
    return SchemaFamily(model, create, update, public, page, TypeAdapter(list[model]))  # type: ignore[valid-type]


FAMILIES: dict[NodeKind, SchemaFamily] = {kind: _family(cls) for kind, cls in NODE_CLASSES.items()}


_SENT_SCALARS: dict[str, Any] = {
    k: (v.annotation, _as_sent(v)) for k, v in Relation.model_fields.items() if k in ("voting", "weight")
}
# The model's checks apply to the body; the version is the store's, not the caller's to send.
_NOT_SENT: Any = SkipJsonSchema[None]  # type: ignore[misc]  # a field the schema does not show, and only null accepted
RelationCreate = create_model("RelationCreate", __base__=Relation, version=(_NOT_SENT, None), **_SENT_SCALARS)
RelationUpdate = create_model(
    "RelationUpdate",
    __config__=ConfigDict(extra="forbid", str_strip_whitespace=True),
    **_optional_fields(Relation, skip={"source", "target", "type", "version"}),
)
RelationPublic = create_model("RelationPublic", __base__=Relation, id=(str, Field(description="relation key")))


def relation_public(relation: Relation) -> dict[str, Any]:
    """A relation as the API shows it: its fields and its key as ``id``."""
    return {**relation.model_dump(), "id": relation.key}


_ETAG = {"ETag": {"description": 'Die Version, z. B. "3": als If-Match zurücksenden', "schema": {"type": "string"}}}
READ_RESPONSES: dict[int | str, dict[str, Any]] = {200: {"headers": _ETAG}}
CHANGE_RESPONSES: dict[int | str, dict[str, Any]] = {
    412: {
        "description": "If-Match nennt nicht die gespeicherte Version: nichts geändert; "
        "„current“ ist der gespeicherte Stand, das ETag seine Version",
        "headers": _ETAG,
    },
    428: {"description": "If-Match fehlt"},
    503: {
        "description": "Die Datenbank ist mit einem anderen Schreibvorgang beschäftigt: nichts geändert",
        "headers": {"Retry-After": {"description": "Sekunden bis zum nächsten Versuch", "schema": {"type": "integer"}}},
    },
}


class RelationsPublic(BaseModel):
    data: list[RelationPublic]
    count: int


class RegionPublic(BaseModel):
    ags: str
    name: str
    level: str | None


class StatsPublic(BaseModel):
    nodes_by_kind: dict[str, int]
    actors_by_sector: dict[str, int]
    relations_by_type: dict[str, int]

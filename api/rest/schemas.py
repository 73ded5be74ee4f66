"""Schema families per element kind (``ActorCreate``, ``ActorUpdate``, ``ActorPublic``, …).

They are derived from the domain models so that a field is declared once: Create has
the model's fields without bookkeeping (visibility may be left out: persons then become
restricted), Update has every field optional, Public adds the timestamps. Validation
is always the domain model's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model
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


def _optional_fields(model: type[BaseModel], skip: set[str]) -> dict[str, Any]:
    """The model's fields as optional and unset by default, for PATCH bodies."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in skip:
            annotation: Any = info.annotation
            fields[name] = (annotation | None, None)
    return fields


def _family(model: type[Node]) -> SchemaFamily:
    name = model.__name__
    fields = {k: v for k, v in model.model_fields.items() if k not in _SKIP}
    config = ConfigDict(extra="forbid")
    create_fields: dict[str, Any] = {k: (v.annotation, v) for k, v in fields.items()}
    create_fields["visibility"] = (Visibility | None, None)
    update_fields = _optional_fields(model, skip=_SKIP | {"id"})
    create = create_model(f"{name}Create", __config__=config, **create_fields)
    update = create_model(f"{name}Update", __config__=config, **update_fields)
    public = create_model(f"{name}Public", __base__=model)
    page = create_model(f"{name}sPublic", data=(list[public], ...), count=(int, ...))
    return SchemaFamily(model, create, update, public, page)


FAMILIES: dict[NodeKind, SchemaFamily] = {kind: _family(cls) for kind, cls in NODE_CLASSES.items()}


# The model's checks apply to the body; the version is the store's, not the caller's to send.
_NOT_SENT: Any = SkipJsonSchema[None]  # type: ignore[misc]  # a field the schema does not show, and only null accepted
RelationCreate = create_model("RelationCreate", __base__=Relation, version=(_NOT_SENT, None))
RelationUpdate = create_model(
    "RelationUpdate",
    __config__=ConfigDict(extra="forbid"),
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

"""Relations between elements, addressed by their key ``source|TYPE|target|since``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from buendnisatlas.api.rest.deps import LIMIT_MAX, Limit, SignedInDep, Skip, UowDep, ViewDep
from buendnisatlas.api.rest.schemas import RelationCreate, RelationPublic, RelationsPublic, RelationUpdate
from buendnisatlas.graph.model import Day, Relation
from buendnisatlas.graph.vocab import RelationType
from buendnisatlas.services import elements

router = APIRouter(prefix="/relations", tags=["Beziehungen"])


def _public(relation: Relation) -> dict[str, Any]:
    return {**relation.model_dump(), "id": relation.key}


@router.get("", response_model=RelationsPublic, summary="Beziehungen: Liste")
def list_relations(
    view: ViewDep,
    element: Annotated[str | None, Query(description="nur Beziehungen dieses Elements")] = None,
    type: RelationType | None = None,
    at: Annotated[Day | None, Query(description="nur am Stichtag bestehende (JJJJ-MM-TT)")] = None,
    skip: Skip = 0,
    limit: Limit = LIMIT_MAX,
) -> Any:
    found = elements.list_relations(view, element, type, at)
    return {"data": [_public(r) for r in found[skip : skip + limit]], "count": len(found)}


@router.get("/{key}", response_model=RelationPublic, summary="Beziehung lesen")
def read_relation(key: str, view: ViewDep) -> Any:
    return _public(elements.read_relation(view, key))


@router.post(
    "",
    response_model=RelationPublic,
    status_code=status.HTTP_201_CREATED,
    dependencies=[SignedInDep],
    summary="Beziehung anlegen",
)
def create_relation(body: RelationCreate, uow: UowDep) -> Any:
    return _public(elements.create_relation(uow, Relation.model_validate(body.model_dump())))


@router.patch("/{key}", response_model=RelationPublic, dependencies=[SignedInDep], summary="Beziehung ändern")
def update_relation(key: str, body: RelationUpdate, uow: UowDep) -> Any:
    return _public(elements.update_relation(uow, key, body.model_dump(exclude_unset=True)))


@router.delete(
    "/{key}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[SignedInDep], summary="Beziehung löschen"
)
def delete_relation(key: str, uow: UowDep) -> None:
    elements.delete_relation(uow, key)

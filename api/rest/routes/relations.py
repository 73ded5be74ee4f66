"""Relations between elements, addressed by their key ``source|TYPE|target|since``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status

from buendnisatlas.api.rest.deps import AudienceDep, CoordinatorDep, StoreDep
from buendnisatlas.api.rest.schemas import RelationCreate, RelationPublic, RelationsPublic, RelationUpdate
from buendnisatlas.graph.model import Relation
from buendnisatlas.graph.store import GraphStore
from buendnisatlas.graph.visibility import may_show
from buendnisatlas.graph.vocab import RelationType, Visibility

router = APIRouter(prefix="/relations", tags=["Beziehungen"])


def _public(relation: Relation) -> dict[str, Any]:
    return {**relation.model_dump(), "id": relation.key}


def _shown(store: GraphStore, relations: list[Relation], audience: Visibility) -> list[Relation]:
    """The relations whose both ends the audience may see (one read of the elements)."""
    if audience == Visibility.RESTRICTED:
        return relations
    visible = {n.id for n in store.find_nodes() if may_show(n, audience)}
    return [r for r in relations if r.source in visible and r.target in visible]


@router.get("", response_model=RelationsPublic, summary="Beziehungen: Liste")
def list_relations(
    store: StoreDep,
    audience: AudienceDep,
    element: Annotated[str | None, Query(description="nur Beziehungen dieses Elements")] = None,
    type: RelationType | None = None,
    at: Annotated[date | None, Query(description="nur am Stichtag bestehende")] = None,
) -> Any:
    found = [_public(r) for r in _shown(store, store.find_relations(node_id=element, type=type, at=at), audience)]
    return {"data": found, "count": len(found)}


@router.get("/{key}", response_model=RelationPublic, summary="Beziehung lesen")
def read_relation(key: str, store: StoreDep, audience: AudienceDep) -> Any:
    relation = store.get_relation(key)
    if not _shown(store, [relation], audience):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"Keine Beziehung {key}")
    return _public(relation)


@router.post(
    "",
    response_model=RelationPublic,
    status_code=status.HTTP_201_CREATED,
    dependencies=[CoordinatorDep],
    summary="Beziehung anlegen",
)
def create_relation(body: RelationCreate, store: StoreDep) -> Any:
    return _public(store.add_relation(Relation.model_validate(body.model_dump())))


@router.patch("/{key}", response_model=RelationPublic, dependencies=[CoordinatorDep], summary="Beziehung ändern")
def update_relation(key: str, body: RelationUpdate, store: StoreDep) -> Any:
    return _public(store.update_relation(key, **body.model_dump(exclude_unset=True)))


@router.delete(
    "/{key}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[CoordinatorDep], summary="Beziehung löschen"
)
def delete_relation(key: str, store: StoreDep) -> None:
    store.delete_relation(key)

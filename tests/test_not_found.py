"""Uniform not-found: a hidden id and a missing one get the same answer on every REST read route.

For the public and for the coordinator of the other alliance, one hidden element of every
kind (made so in the fixture, and those of the demo that
:func:`tests.test_leaks.hidden_from` writes out from the rule) and a hidden relation are asked for on every route that reads by id; the same is
asked for an id that does not exist. Status and body must be the same, the id aside — so
no message names the kind, or anything else, differently for hidden and missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from buendnisatlas.api.rest import create_app
from buendnisatlas.api.rest.routes.elements import PATHS
from buendnisatlas.demo import DEMO_ALLIANCE
from buendnisatlas.graph.model import (
    Actor,
    AdvisoryService,
    Alliance,
    Body,
    Event,
    Goal,
    Node,
    Project,
    Relation,
    WorkingGroup,
)
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.vocab import NodeKind

from .accessdata import Access, build
from .test_leaks import hidden_from

# One element of every kind that only A's people see (marked network, of A; the service
# confidential, as services belong to no alliance): hidden from the public and from B's coordinator.
HIDDEN: dict[NodeKind, Node] = {
    NodeKind.ACTOR: Actor(id="msh-verein-intern", name="Verein im Aufbau"),
    NodeKind.ALLIANCE: Alliance(id="msh-allianz-intern", name="Allianz in Gründung"),
    NodeKind.BODY: Body(id="msh-gremium-intern", name="Gremium in Gründung"),
    NodeKind.WORKING_GROUP: WorkingGroup(id="msh-ak-intern", name="Arbeitskreis in Gründung"),
    NodeKind.PROJECT: Project(id="msh-projekt-intern", name="Projekt in Vorbereitung"),
    NodeKind.EVENT: Event(id="msh-treffen-intern", name="Treffen in Planung"),
    NodeKind.ADVISORY_SERVICE: AdvisoryService(id="msh-beratung-intern", name="Beratung", visibility="restricted"),
    NodeKind.GOAL: Goal(id="msh-ziel-intern", name="Ziel im Entwurf", alliance=DEMO_ALLIANCE),
}
_TIES = {
    NodeKind.ACTOR: "MEMBER_OF",
    **dict.fromkeys([NodeKind.BODY, NodeKind.WORKING_GROUP, NodeKind.PROJECT, NodeKind.EVENT], "PART_OF"),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Access:
    access = build(tmp_path_factory.mktemp("unsichtbar") / "vorlage.db")
    with SqliteStore(access.db) as store:
        for kind, node in HIDDEN.items():
            store.add_node(node)
            if kind in _TIES:
                store.add_relation(Relation(source=node.id, target=DEMO_ALLIANCE, type=_TIES[kind]))
    return access


@pytest.fixture
def client(pristine: Access, tmp_path: Path) -> Iterator[TestClient]:
    db = tmp_path / "atlas.db"
    shutil.copy(pristine.db, db)
    with TestClient(create_app(f"sqlite:///{db}")) as c:
        yield c


def _routes(kind: NodeKind, element_id: str) -> list[tuple[str, dict[str, str]]]:
    """Every REST read that takes this id: its own kind's path and every other, relations, history, analyses."""
    routes: list[tuple[str, dict[str, str]]] = [(f"/api/{path}/{element_id}", {}) for path in PATHS.values()]
    routes += [
        ("/api/relations", {"element": element_id}),
        (f"/api/elements/{element_id}/history", {}),
        ("/api/referral", {"topic": "racism", "place": "Sangerhausen", "origin": element_id}),
    ]
    if kind == NodeKind.ALLIANCE:
        routes += [(f"/api/alliances/{element_id}/gaps", {}), (f"/api/alliances/{element_id}/goals", {})]
    return routes


@pytest.mark.parametrize("viewer", ["public", "coord_b"])
def test_hidden_and_missing_ids_of_every_kind_get_the_same_answer(
    viewer: str, pristine: Access, client: TestClient
) -> None:
    auth = {} if viewer == "public" else {"Authorization": f"Bearer {pristine.tokens[viewer]}"}
    with SqliteStore(pristine.db) as store:
        hidden = hidden_from(viewer, store)
        relations = store.find_relations()
    asked = [(kind, node.id) for kind, node in HIDDEN.items()]
    asked += [(kind, next(n.id for n in hidden if n.kind == kind)) for kind in {n.kind for n in hidden}]
    differences = []
    for kind, element_id in asked:
        missing_id = f"{element_id}-gibt-es-nicht"
        for (route, params), (missing_route, missing_params) in zip(
            _routes(kind, element_id), _routes(kind, missing_id), strict=True
        ):
            seen = client.get(route, params=params, headers=auth)
            absent = client.get(missing_route, params=missing_params, headers=auth)
            answer = (seen.status_code, seen.text.replace(element_id, "ID"))
            if answer != (absent.status_code, absent.text.replace(missing_id, "ID")):
                differences.append((kind.value, route, seen.status_code, absent.status_code, seen.text, absent.text))
            assert seen.status_code != 200 or route.startswith("/api/referral"), (route, seen.text)
    hidden_ids = {n.id for n in hidden}
    key = next(r.key for r in relations if {r.source, r.target} & hidden_ids)
    source, type_, target, since = key.split("|")
    missing_key = "|".join((source, type_, target + "-gibt-es-nicht", since))
    seen = client.get(f"/api/relations/{key}", headers=auth)
    absent = client.get(f"/api/relations/{missing_key}", headers=auth)
    if (seen.status_code, seen.text.replace(key, "KEY")) != (
        absent.status_code,
        absent.text.replace(missing_key, "KEY"),
    ):
        differences.append(("relation", key, seen.status_code, absent.status_code, seen.text, absent.text))
    assert seen.status_code == 404
    assert not differences, differences

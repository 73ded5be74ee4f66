"""Filling and reading a whole store: the demo, imports, exports, counts.

The demo and regions are for admins (the command line is the local admin). An import
writes whatever ids its files name: admins import anything; a coordinator imports only
what stays within their alliances (:func:`import_rights_problems`: every element they
change is theirs to change, every new one joins one of their alliances, every relation
touches one of them), and the check is a problem of the validation report like any
other, before anything is written. An export holds what the viewer may see.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from buendnisatlas.demo import DEMO_DIR
from buendnisatlas.graph import visibility
from buendnisatlas.graph.model import KIND_LABELS, Node, Relation, node_from_dict
from buendnisatlas.graph.regions import reference_regions
from buendnisatlas.graph.store import StoreStats, UpsertCounts, edge_row
from buendnisatlas.graph.summary import summarize
from buendnisatlas.graph.vocab import NodeKind
from buendnisatlas.importers.canonical import (
    ELEMENTS,
    RELATIONS,
    ColumnMap,
    ImportFailed,
    ImportPlan,
    ImportResult,
    Problem,
    Progress,
    import_canonical,
    read_canonical,
    table_of,
)
from buendnisatlas.importers.canonical import import_plan as write_plan
from buendnisatlas.services.elements import require_editor
from buendnisatlas.services.uow import UnitOfWork
from buendnisatlas.services.viewer import Forbidden, View

if TYPE_CHECKING:
    from buendnisatlas.importers.export import Network

# The format readers and the exporter (pandas, openpyxl, the map's colours) are imported by
# the functions that use them: ``stats`` and ``summary`` start without them.


def require_admin(view: View) -> None:
    if not view.viewer.is_admin:
        raise Forbidden("Das dürfen nur Administrator:innen.")


def init_store(uow: UnitOfWork) -> UpsertCounts:
    """Load the built-in regions: Destatis' Gemeindeverzeichnis, all of Germany."""
    require_admin(uow.view)
    with uow.writing() as store:
        return store.upsert_regions(reference_regions())


def load_demo(uow: UnitOfWork, if_empty: bool = False) -> ImportResult | None:
    """Load the demo network; ``None`` if ``if_empty`` and the store has elements already."""
    require_admin(uow.view)
    if if_empty and any(uow.store.stats().nodes_by_kind.values()):
        return None
    with uow.writing() as store:
        store.upsert_regions(reference_regions())
        return import_canonical(store, [DEMO_DIR])


def read_files(
    uow: UnitOfWork,
    paths: Sequence[Path],
    fmt: str | None = None,
    mapping: ColumnMap | None = None,
    shown_as: str | None = None,
) -> tuple[str, ImportPlan]:
    """Read and validate files (format named or recognised); nothing is written yet.

    Admins and coordinators; a coordinator's plan is also checked against what they may
    change (:func:`import_rights_problems`, reported as from ``shown_as``, default the
    file names). Raises :class:`~buendnisatlas.importers.canonical.ImportFailed`.
    """
    require_editor(uow.view)
    from buendnisatlas.importers.detect import read_any

    detected, plan = read_any(list(paths), uow.store, fmt, mapping)
    names = {table: path.name for path in paths if (table := table_of(path))}
    shown = shown_as or ", ".join(p.name for p in paths)
    problems = import_rights_problems(uow.view, plan, names.get(ELEMENTS, shown), names.get(RELATIONS, shown))
    if problems:
        raise ImportFailed(problems)
    return detected, plan


def import_plan(
    uow: UnitOfWork, plan: ImportPlan, dry_run: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Write a validated plan, all or nothing (or, ``dry_run``, count and roll back).

    A coordinator's plan is checked again first: the store may have changed since it was read.
    """
    require_editor(uow.view)
    if problems := import_rights_problems(uow.view, plan, "Import", "Import"):
        raise ImportFailed(problems)
    with uow.store.acting_as(uow.viewer.who):
        return write_plan(uow.store, plan, dry_run=dry_run, progress=progress)


def import_rights_problems(view: View, plan: ImportPlan, file: str, relations_file: str) -> list[Problem]:
    """What a plan would change beyond the viewer's reach, as problems of the validation report
    (elements named as from ``file``, relations as from ``relations_file``).

    Admins may import anything. A coordinator may import no regions and no alliances;
    an element of the plan that exists already must be one they may change, or one they
    may see that the row leaves as it is (their list may name the Jugendamt they work
    with); one they may not see is answered like one they may not change: the id is
    taken. A new element must belong, with the plan written, to one of their alliances
    (or to none, if they edit unaffiliated elements); a relation's ends must be visible
    to them, and one of them theirs to change, unless the relation is stored just so.
    """
    viewer = view.viewer
    if viewer.is_admin:
        return []
    problems: list[Problem] = []
    if plan.regions:
        problems.append(Problem(file, None, None, None, "Regionen importieren nur Administrator:innen."))
    before = view.whole
    after = before.copy(as_view=False)
    for node in plan.nodes:
        after.add_node(
            node.id,
            kind=node.kind,
            alliance=getattr(node, "alliance", None),
            parent_goal=getattr(node, "parent_goal", None),
        )
    for r in plan.relations:
        after.add_edge(r.source, r.target, type=r.type)
    belongs_after = visibility.affiliations(after)
    stored: dict[str, Node | None] = {}

    def existing(element_id: str) -> Node | None:
        """The stored element if the viewer may see it; ``None`` if it is new or hidden."""
        if element_id not in stored:
            attrs = before.nodes[element_id]
            node = node_from_dict({"id": element_id, **attrs}, stored=True)
            stored[element_id] = node if view.may_see(node) else None
        return stored[element_id]

    def editable_after(element_id: str) -> bool:
        if element_id in before and (node := existing(element_id)) is not None and not view.may_edit(node):
            return False
        return visibility.may_edit(viewer, belongs_after.get(element_id, visibility.NO_ALLIANCE))

    for node in plan.nodes:
        label = f"„{node.name}“"
        if node.id in before:
            found = existing(node.id)
            if found is not None and not view.may_edit(found) and found.data() == node.data():
                continue  # named as it is: nothing is written
            if found is None or not view.may_edit(found):
                message = "diese Kennung ist schon vergeben an ein Element, das Sie nicht ändern dürfen"
                problems.append(Problem(file, None, "id", node.id, message))
                continue
        elif node.kind == NodeKind.ALLIANCE:
            problems.append(Problem(file, None, "typ", node.id, "Bündnisse legen nur Administrator:innen an"))
            continue
        if not editable_after(node.id):
            kind = KIND_LABELS.get(node.kind, "Element")
            message = (
                f"{kind} {label} gehört danach zu keinem Ihrer Bündnisse; bitte in {RELATIONS} eine Beziehung "
                "MEMBER_OF oder PART_OF zu Ihrem Bündnis (oder einem seiner Gremien) ergänzen"
            )
            problems.append(Problem(file, None, "id", node.id, message))
    for r in plan.relations:
        hidden = [
            (column, end)
            for column, end in (("von", r.source), ("nach", r.target))
            if end in before and existing(end) is None
        ]
        for column, end in hidden:
            problems.append(
                Problem(relations_file, None, column, end, f"„{end}“ gibt es nicht oder ist für Sie nicht sichtbar")
            )
        if hidden:
            continue
        if _stored_as_is(before, r):
            continue
        if not any(editable_after(end) for end in (r.source, r.target)):
            message = "keines der beiden Enden dieser Beziehung gehört zu Ihren Bündnissen"
            problems.append(Problem(relations_file, None, "von", f"{r.source} → {r.target}", message))
    return problems


def _stored_as_is(G: nx.MultiDiGraph, relation: Relation) -> bool:
    """Whether ``G`` holds ``relation`` with the same fields (an import of it writes nothing)."""
    if not G.has_edge(relation.source, relation.target, relation.key):
        return False
    attrs = G.edges[relation.source, relation.target, relation.key]
    return all(attrs.get(name) == value for name, value in edge_row(relation)[3].items())


def template_tables() -> dict[str, Path]:
    """The import templates: the demo's ``elemente.csv`` and ``beziehungen.csv`` (file name → path)."""
    return {path.name: path for path in (DEMO_DIR / f"{ELEMENTS}.csv", DEMO_DIR / f"{RELATIONS}.csv")}


def template_workbook() -> bytes:
    """The demo's tables as one workbook (sheets Elemente and Beziehungen), the XLSX import template."""
    from buendnisatlas.importers.export import Network, write_xlsx

    plan = read_canonical([DEMO_DIR])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "vorlage.xlsx"
        write_xlsx(Network(nodes=plan.nodes, relations=plan.relations, regions=[]), path)
        return path.read_bytes()


def export_network(view: View) -> Network:
    """Everything the viewer may see, ready for :func:`buendnisatlas.importers.export.export`."""
    from buendnisatlas.importers.export import Network

    G = view.graph()
    builtin = {r.ags: r for r in reference_regions()}
    return Network(
        nodes=[node_from_dict({"id": n, **attrs}) for n, attrs in G.nodes(data=True)],
        relations=[Relation(source=u, target=v, **attrs) for u, v, attrs in G.edges(data=True)],
        # The store's own regions and those it holds newer than the built-in table (regions load).
        regions=[r for r in view.store.find_regions() if builtin.get(r.ags) != r],
    )


def summary(view: View) -> dict[str, dict[str, int]]:
    """Counts of what the viewer may see: the public never learns how many hidden elements exist."""
    return summarize(view.graph())


def store_stats(view: View) -> StoreStats:
    """Counts of the whole store, for admins."""
    require_admin(view)
    return view.store.stats()

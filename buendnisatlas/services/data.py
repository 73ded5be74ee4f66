"""Filling and reading a whole store: the demo, imports, exports, counts.

Imports and the demo write whatever ids their files name, so only admins run them (the
command line is the local admin). An export holds what the viewer may see.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from buendnisatlas.demo import DEMO_DIR
from buendnisatlas.graph.model import Relation, node_from_dict
from buendnisatlas.graph.regions import reference_regions
from buendnisatlas.graph.store import StoreStats, UpsertCounts
from buendnisatlas.graph.summary import summarize
from buendnisatlas.importers.canonical import ColumnMap, ImportPlan, ImportResult, Progress, import_canonical
from buendnisatlas.importers.canonical import import_plan as write_plan
from buendnisatlas.importers.detect import read_any
from buendnisatlas.importers.export import Network
from buendnisatlas.services.uow import UnitOfWork
from buendnisatlas.services.viewer import Forbidden, View


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
    uow: UnitOfWork, paths: Sequence[Path], fmt: str | None = None, mapping: ColumnMap | None = None
) -> tuple[str, ImportPlan]:
    """Read and validate files (format named or recognised); nothing is written yet."""
    require_admin(uow.view)
    return read_any(list(paths), uow.store, fmt, mapping)


def import_plan(
    uow: UnitOfWork, plan: ImportPlan, dry_run: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Write a validated plan in one transaction (or, ``dry_run``, count and roll back)."""
    require_admin(uow.view)
    with uow.store.acting_as(uow.viewer.who):
        return write_plan(uow.store, plan, dry_run=dry_run, progress=progress)


def export_network(view: View) -> Network:
    """Everything the viewer may see, ready for :func:`buendnisatlas.importers.export.export`."""
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

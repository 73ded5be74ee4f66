"""The unit of work: a store, a viewer, one transaction, and who the audit log names."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from buendnisatlas.graph.store import GraphStore
from buendnisatlas.services.viewer import View, Viewer


class UnitOfWork:
    """What a write needs: ``with uow.writing(): …`` commits every change together or none.

    Reads go through :attr:`view`, so a write can only touch what its viewer may see.
    """

    def __init__(self, store: GraphStore, viewer: Viewer):
        self.store = store
        self.viewer = viewer
        self.view = View(store, viewer)

    @contextmanager
    def writing(self) -> Iterator[GraphStore]:
        with self.store.acting_as(self.viewer.who), self.store.transaction():
            yield self.store

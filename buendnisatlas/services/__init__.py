"""The service layer: one function per use case, which every door calls.

Why here, beside :mod:`buendnisatlas.config`: this package is where the parts are put
together, like the composition root it sits next to. ``graph/`` is the core — the model,
the store port, the analyses — and knows no screen; ``importers/`` and
``visualizations/`` are adapters for files and pictures. A use case (a gap report, a map,
an import) needs the core *and* an adapter *and* to know who is asking, so it can live in
neither; the doors (``api/cli``, ``api/rest``, ``api/web``) only translate between a
person and these functions and hold no composition of their own.

Every read goes through a :class:`View` (a store seen by a :class:`Viewer`), which
returns only what that viewer may see: the visibility policy
(:mod:`buendnisatlas.graph.visibility`) is asked here and nowhere else outside ``graph/``.
Every write goes through a :class:`UnitOfWork` (store, viewer, one transaction, recorded
in the audit log as the viewer).
"""

from buendnisatlas.services.uow import UnitOfWork
from buendnisatlas.services.viewer import Forbidden, View, Viewer

__all__ = ["Forbidden", "UnitOfWork", "View", "Viewer"]

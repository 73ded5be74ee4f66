"""Referral: which advisory service for this topic and place, and the directory of services.

The origin rule: a warm path starts only at an origin the viewer may see. An origin the
viewer may not see is answered exactly like one that does not exist, so that asking
for a path confirms nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from buendnisatlas.graph.referral import ReferralAnswer, ReferralError, ServiceIndex
from buendnisatlas.graph.vocab import NodeKind
from buendnisatlas.services import cache
from buendnisatlas.services.viewer import View


def service_index(view: View) -> ServiceIndex:
    """The service index over what the viewer may see, with every known region.

    The one way the CLI, the REST API and the web page build their index, so that all
    three doors answer alike. Cached per store address and viewer while the store's
    :meth:`~buendnisatlas.graph.store.GraphStore.change_stamp` stays the same; names are
    read in the context of every alliance's area (as on import).
    """
    store = view.store
    # A Viewer is frozen: what it may see is its value.
    return cache.per_stamp(
        store,
        "services",
        lambda: ServiceIndex(view.graph(), cache.regions(store), cache.context(store)),
        view.viewer,
    )


def origin_of(view: View, ref: str) -> str:
    """The id of the actor or alliance ``ref`` (id or name) a warm path starts from."""
    node = view.resolve(ref)
    if node.kind not in (NodeKind.ACTOR, NodeKind.ALLIANCE):
        raise ReferralError(f"„{node.name}“ ist kein Akteur und kein Bündnis; ein Kontaktweg beginnt bei einem davon.")
    return node.id


def referral(
    view: View,
    topic: str | None,
    place: str | None,
    *,
    target_group: str | None = None,
    language: str | None = None,
    origin: str | None = None,
    today: date | None = None,
    index: ServiceIndex | None = None,
) -> ReferralAnswer:
    """Services for ``topic`` at ``place``, best first, with warm paths from ``origin`` if given."""
    index = index or service_index(view)
    origin_id = origin_of(view, origin) if origin else None
    # The index holds only what the viewer may see, so it needs no audience of its own.
    return index.find(
        topic=topic,
        place=place,
        target_group=target_group,
        language=language,
        origin=origin_id,
        today=today,
    )


def services_directory(
    view: View,
    topic: str | None = None,
    place: str | None = None,
    service_type: str | None = None,
    *,
    today: date | None = None,
) -> list[dict[str, Any]]:
    """The directory of advisory services the viewer may see, with area and date of the last check."""
    return service_index(view).directory(topic, place, service_type, today=today)

"""What a process keeps between requests: built once per store and change stamp.

The place index over a store's regions, the areas of its alliances and the service index
cost tens to hundreds of milliseconds to build and change only when the store does; each
is kept here per store address (and, where it depends on who asks, per viewer) while
:meth:`~buendnisatlas.graph.store.GraphStore.change_stamp` stays the same. A write by any
process or connection moves the stamp, and the next call builds anew, unless the store's
change log (:meth:`~buendnisatlas.graph.store.GraphStore.changes_since`) shows that the
writes since then leave the kept value as it is.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from buendnisatlas.graph.model import Region
from buendnisatlas.graph.regions import RegionIndex, region_index, store_context
from buendnisatlas.graph.store import Changes, GraphStore
from buendnisatlas.graph.vocab import NodeKind

T = TypeVar("T")

_KEPT = 512  # entries (store × what × key): a programme has 332 alliances, a server a handful of roles
_ENTRIES: OrderedDict[tuple[str, str, Hashable], tuple[str, Any]] = OrderedDict()
_BUILDING: dict[tuple[str, str, Hashable], threading.Lock] = {}
_LOCK = threading.Lock()


def per_stamp(
    store: GraphStore,
    what: str,
    build: Callable[[], T],
    key: Hashable = None,
    *,
    kept: int | None = None,
    update: Callable[[Changes, T], T | None] | None = None,
) -> T:
    """``build()``, or what it built before for this store, ``what`` and ``key`` while the store is unchanged.

    The stamp is read before building: a write during the build makes the next call build again.
    ``kept``: at most that many entries of ``what`` (the least recently used go first), for large values.
    ``update(changes, value)``: ``value`` after the changes since it was built, if the store can
    name them (``value`` itself if they leave it as it is), or ``None`` to build anew.

    >>> class S:  # any store: an address and a change stamp
    ...     url, stamp = "memory:", "0"
    ...     def change_stamp(self): return self.stamp
    >>> s, built = S(), []
    >>> def build(): built.append(1); return len(built)
    >>> per_stamp(s, "n", build), per_stamp(s, "n", build)
    (1, 1)
    >>> s.stamp = "1"
    >>> per_stamp(s, "n", build)
    2
    """
    entry = (str(store.url), what, key)
    stamp = store.change_stamp()
    with _LOCK:
        building = _BUILDING.setdefault(entry, threading.Lock())
    with building:  # one build per entry: who comes meanwhile waits for it (a server warming up)
        with _LOCK:
            cached = _ENTRIES.get(entry)
            if cached is not None and cached[0] == stamp:
                _ENTRIES.move_to_end(entry)
                return cached[1]
        if cached is not None and update is not None:
            changes = store.changes_since(cached[0])
            updated = None if changes is None else update(changes, cached[1])
            if changes is not None and updated is not None:
                with _LOCK:
                    _ENTRIES[entry] = (changes.stamp, updated)
                    _ENTRIES.move_to_end(entry)
                return updated
        value = build()
        with _LOCK:
            _ENTRIES[entry] = (stamp, value)
            _ENTRIES.move_to_end(entry)
            if kept is not None:  # the oldest entries of ``what`` beyond ``kept`` go
                same = [e for e in _ENTRIES if e[1] == what]
                for old in same[: max(0, len(same) - kept)]:
                    del _ENTRIES[old]
                    _BUILDING.pop(old, None)
            while len(_ENTRIES) > _KEPT:
                _BUILDING.pop(_ENTRIES.popitem(last=False)[0], None)
    return value


def regions(store: GraphStore) -> RegionIndex:
    """The place index every door uses: the shipped Gemeindeverzeichnis overlaid with the store's regions.

    Most changes are to elements, not regions: after one, the regions are read again, and
    the index built before is kept if they are the same.
    """

    def build() -> RegionIndex:
        stored = tuple(store.find_regions())
        with _LOCK:
            last = _LAST_REGIONS.get(str(store.url))
        if last is not None and last[0] == stored:
            return last[1]
        index = region_index(stored)
        with _LOCK:
            _LAST_REGIONS[str(store.url)] = (stored, index)
            _LAST_REGIONS.move_to_end(str(store.url))
            while len(_LAST_REGIONS) > 4:  # a server has one store; tests and benchmarks many
                _LAST_REGIONS.popitem(last=False)
        return index

    return per_stamp(store, "regions", build, update=same_regions)


_LAST_REGIONS: OrderedDict[str, tuple[tuple[Region, ...], RegionIndex]] = OrderedDict()


def same_regions(changes: Changes, value: Any) -> Any:
    """What depends on regions only stays through the changes a store names: those are never regions."""
    return value


def context(store: GraphStore) -> list[str]:
    """The areas of every alliance in the store, in which place names are read (:func:`store_context`)."""

    def build() -> tuple[str, ...]:
        return tuple(store_context(store))

    def update(changes: Changes, value: tuple[str, ...]) -> tuple[str, ...] | None:
        return value if all(node.kind != NodeKind.ALLIANCE for node in changes.nodes.values()) else None

    areas: tuple[str, ...] = per_stamp(store, "context", build, update=update)
    return list(areas)


def clear() -> None:
    """Forget everything kept (a benchmark's baseline: every request building anew)."""
    with _LOCK:
        _ENTRIES.clear()
        _BUILDING.clear()
        _LAST_REGIONS.clear()


def warm(store: GraphStore) -> None:
    """Build what every first analysis or referral would otherwise wait for (a server does this at start)."""
    regions(store)
    context(store)

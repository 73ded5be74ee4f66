"""The server's store and its cache of heavy reads, both once per process.

:class:`Stores` is opened in the app's lifespan: SQLite lends each request a connection of
its own from a pool (WAL lets several processes read while one writes), Neo4j shares one
driver (its sessions are per thread). :class:`ViewCache` keeps heavy answers (the gap report,
…) per store change stamp: a change anywhere ends them, and a client that sends back the
ETag it got gets ``304 Not Modified`` without the answer being computed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from threading import Lock
from typing import Any

from fastapi import Request, Response
from fastapi.encoders import jsonable_encoder
from starlette.concurrency import run_in_threadpool

from buendnisatlas.config import open_store
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.store import GraphStore
from buendnisatlas.services import View, Viewer, cache
from buendnisatlas.services.referral import service_index


class Stores:
    """The store URL opened once: pooled connections (SQLite) or one shared driver (Neo4j).

    A SQLite connection serves one request (or background job) at a time and goes back to
    the pool afterwards, so that a request does not pay for opening the file, its PRAGMAs
    and the migration check; never two at once, whichever threads they run on. One with a
    transaction still open is closed instead of kept, and so is one whose file is no longer
    the one at the path (replaced, say, by a restored copy). Kept connections look for a
    dead import to undo (:meth:`SqliteStore.recover`) at most every ``RECOVER_SECONDS``.
    """

    RECOVER_SECONDS = 1.0

    def __init__(self, url: str, keep: int = 32):
        self.url = url
        self.keep = keep
        self._lock = Lock()
        self._checked = time.monotonic()
        self._files: dict[SqliteStore, tuple[int, int] | None] = {}  # the file each connection opened
        self._idle: list[SqliteStore] = []
        first = open_store(url)  # checks the address and migrates once, at start
        self._shared: GraphStore | None = None if isinstance(first, SqliteStore) else first
        if isinstance(first, SqliteStore):
            self._files[first] = _file_of(first)
            self._idle.append(first)

    def _open(self) -> SqliteStore:
        store = open_store(self.url)
        assert isinstance(store, SqliteStore)
        with self._lock:
            self._files[store] = _file_of(store)
        return store

    def _take(self) -> tuple[SqliteStore | None, bool]:
        """An idle connection to the file now at the path (or none), and whether it is due to look for a dead import."""
        with self._lock:
            if not self._idle:
                return None, False
            store = self._idle.pop()
            now = time.monotonic()
            due = now - self._checked >= self.RECOVER_SECONDS
            if due:
                self._checked = now
        if _file_of(store) != self._files.get(store):
            self._close(store)
            return None, False
        return store, due

    def _close(self, store: SqliteStore) -> None:
        with self._lock:
            self._files.pop(store, None)
        store.close()

    def _ready(self, store: SqliteStore | None, due: bool) -> SqliteStore:
        """``store`` from :meth:`_take`, made ready: a new connection if there was none, a dead import undone if due."""
        if store is None:
            return self._open()
        if due:
            try:
                store.recover()
            except BaseException:
                self._close(store)
                raise
        return store

    async def acquire(self) -> GraphStore:
        """A connection for one request; opening or recovering runs in the thread pool, not the event loop."""
        if self._shared is not None:
            return self._shared
        store, due = self._take()
        if store is not None and not due:
            return store
        return await run_in_threadpool(self._ready, store, due)

    def release(self, store: GraphStore) -> None:
        """Give a connection from :meth:`acquire` back: kept if clean and the pool is not full, else closed."""
        if store is self._shared or not isinstance(store, SqliteStore):
            return
        with self._lock:
            if not store.in_transaction and len(self._idle) < self.keep:
                self._idle.append(store)
                return
        self._close(store)

    @contextmanager
    def connection(self) -> Iterator[GraphStore]:
        """A connection for work outside a request (warming the caches, a confirmed import)."""
        if self._shared is not None:
            yield self._shared
            return
        store = self._ready(*self._take())
        try:
            yield store
        finally:
            self.release(store)

    def warm(self) -> None:
        """Fill the per-process caches: places, and the public's service index (anonymous referrals).

        A failure only leaves them cold.
        """
        try:
            with self.connection() as store:
                cache.warm(store)
                service_index(View(store, Viewer.public()))
        except Exception:  # the requests that need them will say what is wrong, in German
            return

    def close(self) -> None:
        if self._shared is not None:
            self._shared.close()
        with self._lock:
            idle, self._idle = self._idle, []
        for store in idle:
            self._close(store)


def _file_of(store: SqliteStore) -> tuple[int, int] | None:
    """Which file is at the store's path now (device and inode); ``None``: none."""
    try:
        found = os.stat(store.path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


class ViewCache:
    """Answers keyed by the store's change stamp and the request: at most ``size`` kept, the oldest dropped first."""

    def __init__(self, size: int = 128):
        self.size = size
        self._answers: OrderedDict[str, bytes] = OrderedDict()
        self._lock = Lock()
        self._computing: dict[str, Lock] = {}  # one computation per answer: the others wait for it

    def answer(self, request: Request, store: GraphStore, compute: Callable[[], Any], *key: object) -> Response:
        """The JSON answer of ``compute()`` for ``key``, from the cache while the store is unchanged."""
        stamp = store.change_stamp()
        tag = '"' + hashlib.sha256(json.dumps([stamp, *map(str, key)]).encode()).hexdigest()[:32] + '"'
        headers = {"ETag": tag, "Cache-Control": "private, no-cache"}
        if tag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
            return Response(status_code=304, headers=headers)
        body = self._cached(tag)
        if body is None:
            with self._lock:
                computing = self._computing.setdefault(tag, Lock())
            with computing:
                body = self._cached(tag)  # computed meanwhile by the request we waited for?
                if body is None:
                    body = _json(compute())
                    with self._lock:
                        self._answers[tag] = body
                        while len(self._answers) > self.size:
                            self._answers.popitem(last=False)
            with self._lock:
                self._computing.pop(tag, None)
        return Response(body, media_type="application/json", headers=headers)

    def _cached(self, tag: str) -> bytes | None:
        with self._lock:
            body = self._answers.get(tag)
            if body is not None:
                self._answers.move_to_end(tag)
            return body


def _json(value: Any) -> bytes:
    return json.dumps(jsonable_encoder(value), ensure_ascii=False, separators=(",", ":")).encode()

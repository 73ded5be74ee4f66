"""The server's store and its cache of heavy reads, both once per process.

:class:`Stores` is opened in the app's lifespan: SQLite hands each request its own
connection (WAL lets several processes read while one writes), Neo4j shares one driver
(its sessions are per thread). :class:`ViewCache` keeps heavy answers (the gap report,
…) per store change stamp: a change anywhere ends them, and a client that sends back the
ETag it got gets ``304 Not Modified`` without the answer being computed again.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from threading import Lock
from typing import Any

from fastapi import Request, Response
from fastapi.encoders import jsonable_encoder

from buendnisatlas.config import open_store
from buendnisatlas.graph.store import GraphStore
from buendnisatlas.services import View, Viewer, cache
from buendnisatlas.services.referral import service_index


class Stores:
    """The store URL opened once: a connection per request (SQLite) or one shared driver (Neo4j)."""

    def __init__(self, url: str):
        self.url = url
        first = open_store(url)  # checks the address and migrates once, at start
        self._shared: GraphStore | None = None if url.lower().startswith("sqlite") else first
        if self._shared is None:
            first.close()

    @contextmanager
    def connection(self) -> Iterator[GraphStore]:
        if self._shared is not None:
            yield self._shared
            return
        store = open_store(self.url)
        try:
            yield store
        finally:
            store.close()

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

"""Import and read rates of the two stores: the Neo4j store against the SQLite baseline.

Measured in the same run on the same data:

* the demo network (``buendnisatlas demo``: regions, elements, relations in one unit of
  work), elements + relations per second into a fresh SQLite file and into an emptied
  Neo4j database;
* a synthetic import at the size of a Land (10,000 actors, 20,000 relations), where the
  batched ``UNWIND`` writes, not the round trips, decide;
* ``subgraph()`` of the whole demo network.

Neo4j is ``$NEO4J_URI`` if set, else the test server from ``tests/neo4j_server.py``
(start-up time printed). Run: ``python -m bench.stores``.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from buendnisatlas.demo import DEMO_DIR
from buendnisatlas.graph.model import Actor, Relation
from buendnisatlas.graph.regions import reference_regions
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.store import GraphStore
from buendnisatlas.importers.canonical import import_canonical

REPEAT = 3
ACTORS, RELATIONS = 10_000, 20_000


def _server_module() -> Any:
    path = Path(__file__).resolve().parent.parent / "tests" / "neo4j_server.py"
    spec = importlib.util.spec_from_file_location("neo4j_server", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextmanager
def _neo4j(tmp: Path) -> Iterator[str | None]:
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    server = _server_module()
    reason = server.java_unavailable_reason()
    if reason is not None:
        print(f"Neo4j: nicht gemessen ({reason})")
        yield None
        return
    start = time.monotonic()
    server.ensure_jars()
    print(f"Neo4j jars ready in {time.monotonic() - start:.1f} s (cached after the first run)")
    start = time.monotonic()
    with server.running_neo4j(tmp) as uri:
        print(f"Neo4j {server.NEO4J_VERSION} start-up: {time.monotonic() - start:.1f} s")
        yield uri


def _timed(make_store: Callable[[], GraphStore], load: Callable[[GraphStore], int]) -> tuple[float, int]:
    """Median seconds of ``load`` on a fresh store, and the records it wrote."""
    times, written = [], 0
    for _ in range(REPEAT):
        store = make_store()
        try:
            start = time.perf_counter()
            written = load(store)
            times.append(time.perf_counter() - start)
        finally:
            store.close()
    return statistics.median(times), written


def _demo(store: GraphStore) -> int:
    with store.transaction():
        store.upsert_regions(reference_regions())
        result = import_canonical(store, [DEMO_DIR])
    return result.nodes.new + result.relations.new


def _synthetic(store: GraphStore) -> int:
    actors = [Actor(id=f"a{i}", name=f"Verein {i}", sector="civil_society", ags="15087370") for i in range(ACTORS)]
    relations = [
        Relation(
            source=f"a{i % ACTORS}", target=f"a{(i * 7 + 1) % ACTORS}", type="COOPERATES_WITH", weight=1 + i // ACTORS
        )
        for i in range(RELATIONS)
    ]
    counts = store.import_records([], actors, relations)  # as an import writes: SQLite in steps
    return counts.nodes.new + counts.relations.new


def _read(store: GraphStore) -> int:
    return store.subgraph().number_of_nodes()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-stores-") as tmp, _neo4j(Path(tmp) / "neo4j") as uri:
        counter = iter(range(1_000_000))

        def sqlite() -> GraphStore:
            return SqliteStore(Path(tmp) / f"bench-{next(counter)}.db")

        makers: dict[str, Callable[[], GraphStore]] = {"sqlite": sqlite}
        if uri is not None:
            from buendnisatlas.graph.neo4j_store import Neo4jStore

            def neo4j() -> GraphStore:
                store = Neo4jStore(uri)
                store._write(lambda tx: tx.run("MATCH (n) WHERE NOT n:BuendnisatlasSchema DETACH DELETE n").consume())
                return store

            makers["neo4j"] = neo4j
        for label, load in (("demo import", _demo), (f"{ACTORS:,}+{RELATIONS:,} import", _synthetic)):
            base = None
            for name, make in makers.items():
                seconds, written = _timed(make, load)
                base = base or seconds
                print(
                    f"{label:>24} {name:>6}: {seconds:6.2f} s, {written / seconds:8,.0f} elements+relations/s"
                    f"  ({seconds / base:.1f}x SQLite)"
                )
        base = None
        for name, make in makers.items():
            store = make()
            try:
                _demo(store)
                times = []
                for _ in range(REPEAT):
                    start = time.perf_counter()
                    _read(store)
                    times.append(time.perf_counter() - start)
            finally:
                store.close()
            seconds = statistics.median(times)
            base = base or seconds
            print(f"{'subgraph() of the demo':>24} {name:>6}: {seconds * 1000:6.0f} ms  ({seconds / base:.1f}x SQLite)")


if __name__ == "__main__":
    main()

"""How long other writers wait while a large import writes (issue 11): steps vs one transaction.

A generated network (by default 100k actors / 500k relations, :func:`bench.import_rate.generate`)
is imported by a child process into a SQLite file that already holds a few elements, while
``WRITERS`` threads of this process each change one of those elements through the store
(``update_node``, as a REST PATCH does), pause ``GAP`` seconds, and again (20 writes a second). Each write's wait is
the time from asking to the commit. Two rounds in the same run, on the same data:

* ours — ``import_canonical`` as the CLI runs it: the store writes in short steps;
* baseline — the same import inside one ``store.transaction()``: one write lock for the whole
  import, as before (writers that wait out the 10 s busy timeout count as failed).

Only writes begun while the child writes count (validation holds no lock). Target: p99 < 2 s.
Run: ``python -m bench.import_wait [ACTORS RELATIONS]``.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.import_rate import generate
from buendnisatlas.graph.model import Actor
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.store import StoreError

WRITERS, GAP, TARGET_P99 = 4, 0.2, 2.0


def _child(mode: str, folder: str, db: str) -> None:
    from buendnisatlas.importers.canonical import gc_paused, import_plan, read_canonical

    with SqliteStore(db) as store, gc_paused():
        plan = read_canonical([folder], store)
        print(json.dumps({"writing": time.time()}), flush=True)
        started = time.perf_counter()
        if mode == "ours":
            import_plan(store, plan)
        else:
            with store.transaction():
                import_plan(store, plan)
        seconds = time.perf_counter() - started
    print(json.dumps({"done": time.time(), "seconds": seconds}), flush=True)


def _writer(db: Path, number: int, stop: threading.Event, waits: list[tuple[float, float, bool]]) -> None:
    with SqliteStore(db) as store:
        round_ = 0
        while not stop.is_set():
            asked, started = time.time(), time.perf_counter()
            try:
                store.update_node(f"w{number}", name=f"Schreiber {number}, Runde {round_}")
                ok = True
            except (sqlite3.OperationalError, StoreError):  # the busy timeout ran out ("database is locked")
                ok = False
            waits.append((asked, time.perf_counter() - started, ok))
            round_ += 1
            time.sleep(GAP)


def run_round(mode: str, folder: Path, db: Path) -> dict[str, float]:
    """One import in a child process with the writers running; figures of the writes during its writing."""
    with SqliteStore(db) as store:
        store.upsert_nodes([Actor(id=f"w{i}", name=f"Schreiber {i}") for i in range(WRITERS)])
    waits: list[tuple[float, float, bool]] = []
    stop = threading.Event()
    threads = [threading.Thread(target=_writer, args=(db, i, stop, waits)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.import_wait", "--child", mode, str(folder), str(db)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert child.stdout is not None
    lines = [json.loads(line) for line in child.stdout]
    stop.set()
    for thread in threads:
        thread.join()
    if child.wait() != 0:
        raise SystemExit(f"import ({mode}) failed")
    begin, end = lines[0]["writing"], lines[1]["done"]
    during = sorted(wait for asked, wait, _ in waits if begin <= asked <= end)
    failed = sum(1 for asked, _, ok in waits if begin <= asked <= end and not ok)
    if not during:
        raise SystemExit(f"no write during the import ({mode})")
    p99 = during[min(len(during) - 1, round(0.99 * (len(during) - 1)))]
    return {
        "writes": len(during),
        "failed": failed,
        "median": statistics.median(during),
        "p99": p99,
        "max": during[-1],
        "import_seconds": lines[1]["seconds"],
    }


def main(actors: int = 100_000, relations: int = 500_000) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-wait-") as tmp:
        folder = Path(tmp)
        generate(folder, actors, relations)
        for mode in ("ours", "baseline"):
            db = folder / f"{mode}.db"
            results[mode] = figures = run_round(mode, folder, db)
            print(
                f"{mode:8}: import writes {figures['import_seconds']:5.1f} s; "
                f"{figures['writes']:4.0f} writes during it, "
                f"wait median {figures['median'] * 1000:6.0f} ms, p99 {figures['p99'] * 1000:6.0f} ms, "
                f"max {figures['max'] * 1000:6.0f} ms, failed {figures['failed']:.0f}",
                flush=True,
            )
            for path in folder.glob(f"{mode}.db*"):
                path.unlink()
    ours, base = results["ours"], results["baseline"]
    verdict = "ok" if ours["p99"] < TARGET_P99 and not ours["failed"] else "MISSED"
    print(
        f"writer wait p99 during a {actors:,}/{relations:,} import: {ours['p99']:.2f} s in steps vs "
        f"{base['p99']:.2f} s in one transaction (target < {TARGET_P99} s): {verdict}; "
        f"the import's writing took {ours['import_seconds'] / base['import_seconds']:.2f}× as long in steps"
    )
    return results


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(*sys.argv[2:5])
    else:
        main(*(int(a) for a in sys.argv[1:3]))

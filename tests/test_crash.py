"""An import is all or nothing, also when its process is killed or fails half-way.

A real ``buendnisatlas import`` runs in its own process on a real SQLite file and is
killed with SIGKILL at random points; the next process that opens the file finds it
intact and holding either everything the import brings or exactly what it held before.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from buendnisatlas.graph import sqlite_store
from buendnisatlas.graph.sqlite_store import STEP_ENV, SqliteStore
from buendnisatlas.graph.store import StoreError
from buendnisatlas.importers.canonical import ImportResult, import_canonical

ACTORS = 1_000  # the second version: 800 kept (a quarter renamed), 200 new; 5 ties each
SECTORS = ["Verwaltung", "Zivilgesellschaft", "Jugend", "Kultur", "Sport"]


def write_network(folder: Path, actors: int, version: int) -> Path:
    """``elemente.csv`` / ``beziehungen.csv``; version 2 renames every fourth actor and reweights ties."""
    rng = random.Random(7)
    folder.mkdir(parents=True, exist_ok=True)
    elements = ["id;name;typ;sektor;sichtbarkeit"]
    for i in range(actors):
        renamed = version == 2 and i % 4 == 0
        name = f"Initiative {i} {'(neu benannt)' if renamed else 'e. V.'}"
        elements.append(f"a{i};{name};Organisation;{rng.choice(SECTORS)};öffentlich")
    relations = ["von;nach;typ;seit;gewicht"]
    start = date(2016, 1, 1)
    for i in range(actors):
        for offset in (1, 7, 31, 101, 307):
            since = (start + timedelta(days=(i * offset) % 3000)).strftime("%d.%m.%Y")
            weight = "2" if version == 2 and (i + offset) % 3 == 0 else "1"
            relations.append(f"a{i};a{(i + offset) % actors};Kooperation;{since};{weight}")
    (folder / "elemente.csv").write_text("\n".join(elements) + "\n", encoding="utf-8")
    (folder / "beziehungen.csv").write_text("\n".join(relations) + "\n", encoding="utf-8")
    return folder


def snapshot(db: Path) -> tuple[list[tuple[object, ...]], ...]:
    """What a user can get back from the file: elements, relations and the audit log."""
    con = sqlite3.connect(db)
    try:
        nodes = con.execute("SELECT id, kind, name, visibility, data FROM nodes ORDER BY id").fetchall()
        relations = con.execute("SELECT key, source, target, type, since, until, data FROM relations ORDER BY key")
        audit = con.execute("SELECT action, element_id, relation_key, before, after FROM audit ORDER BY seq").fetchall()
        return nodes, relations.fetchall(), audit
    finally:
        con.close()


def unfinished_steps(db: Path) -> int:
    """Steps of an unfinished import in the file, read without opening it as a store."""
    return _count(db, "SELECT count(*) FROM import_steps")


def _count(db: Path, sql: str) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute(sql).fetchone()[0])
    finally:
        con.close()


def start_import(db: Path, folder: Path) -> subprocess.Popen[bytes]:
    """``buendnisatlas import FOLDER`` in a process of its own, on the file ``db``."""
    # Every chunk of 500 records a step of its own (12 here, with the pauses between them):
    # many points to be killed between, however fast the machine writes.
    env = {**os.environ, "BUENDNISATLAS_STORE": f"sqlite:///{db}", STEP_ENV: "0"}
    # Compiled modules are kept (as Python does by default), or each start compiles them anew.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-m", "buendnisatlas", "import", str(folder)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def cli_import(db: Path, folder: Path) -> tuple[subprocess.Popen[bytes], float]:
    """Start ``buendnisatlas import``; returns the process and when it began to write."""
    process = start_import(db, folder)
    # The import's record is committed before its first step: from then on it writes.
    while process.poll() is None and not _count(db, "SELECT count(*) FROM imports"):
        time.sleep(0.005)
    return process, time.monotonic()


def test_kill_9_at_random_points_of_an_import_leaves_all_or_nothing(tmp_path: Path) -> None:
    first = write_network(tmp_path / "v1", int(ACTORS * 0.8), 1)
    second = write_network(tmp_path / "v2", ACTORS, 2)
    before_db, after_db = tmp_path / "before.db", tmp_path / "after.db"
    with SqliteStore(before_db) as store:
        import_canonical(store, [first])
    # Everything: the second version imported whole into a copy, timed for the kill points.
    after_db.write_bytes(before_db.read_bytes())
    started = time.monotonic()
    full, writing = cli_import(after_db, second)
    steps = 0  # how many steps the import writes, watched from outside as they are committed
    while full.poll() is None:
        steps = max(steps, unfinished_steps(after_db))
        time.sleep(0.005)
    assert full.wait(timeout=120) == 0, full.stderr.read().decode() if full.stderr else ""
    reading, writing = writing - started, time.monotonic() - writing
    assert steps >= 2, "the import should write in several steps"
    nothing, everything = snapshot(before_db), snapshot(after_db)
    assert nothing[0] != everything[0] and nothing[1] != everything[1]
    rng = random.Random(11)
    outcomes, mid_write = [], 0
    for round_ in range(10):
        db = tmp_path / f"killed-{round_}.db"
        db.write_bytes(before_db.read_bytes())
        # Two kills while the files are read and checked, four right after a step was committed
        # (timing alone misses the steps on a fast machine), four at any time while it writes or ends.
        if round_ < 2:
            start, delay = time.monotonic(), rng.uniform(0.0, reading)
            process = start_import(db, second)  # not waiting for the writing to begin
            time.sleep(max(0.0, start + delay - time.monotonic()))
        elif round_ < 6:
            process, _ = cli_import(db, second)
            after_step = rng.randint(1, steps - 1)
            while process.poll() is None and unfinished_steps(db) < after_step:
                time.sleep(0.002)
        else:
            process, start = cli_import(db, second)
            delay = rng.uniform(0.0, 1.1) * writing
            time.sleep(max(0.0, start + delay - time.monotonic()))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        mid_write += unfinished_steps(db) > 0
        with SqliteStore(db) as store:  # a later process opens the file: an orphan import is undone
            assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert store._db.execute("PRAGMA foreign_key_check").fetchall() == []
        state = snapshot(db)
        assert state in (nothing, everything), f"round {round_}: neither before nor after the import"
        outcomes.append("all" if state == everything else "nothing")
        assert unfinished_steps(db) == 0
    # The kills must have hit the writing too, not only the reading before it.
    assert mid_write >= 1, f"no kill came between two steps of the import: {outcomes}"


def test_a_failure_half_way_undoes_the_steps_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "atlas.db"
    with SqliteStore(db) as store:
        import_canonical(store, [write_network(tmp_path / "v1", 400, 1)])
    nothing = snapshot(db)
    monkeypatch.setenv(STEP_ENV, "0")  # every chunk of 500 records its own step
    monkeypatch.setattr(sqlite_store, "_PAUSE_SECONDS", 0.0)
    written: list[int] = []

    def progress(records: int) -> None:
        written.append(records)
        if len(written) == 4:  # three steps are committed by now
            assert unfinished_steps(db) == 3
            raise KeyboardInterrupt

    with SqliteStore(db) as store, pytest.raises(KeyboardInterrupt):
        import_canonical(store, [write_network(tmp_path / "v2", 500, 2)], progress=progress)
    assert snapshot(db) == nothing
    assert unfinished_steps(db) == 0


def test_a_writer_gets_in_while_a_long_import_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "atlas.db"
    with SqliteStore(db) as store:
        import_canonical(store, [write_network(tmp_path / "v1", 400, 1)])
    monkeypatch.setenv(STEP_ENV, "0")
    relations_before = len(SqliteStore(db).find_relations())
    second = write_network(tmp_path / "v2", 3_000, 2)
    importer = SqliteStore(db)
    outcome: list[ImportResult] = []
    thread = threading.Thread(target=lambda: outcome.append(import_canonical(importer, [second])))
    with SqliteStore(db) as writer:
        thread.start()
        # Six steps write the 3,000 elements; from the eighth on the import writes relations.
        while unfinished_steps(db) < 8 and thread.is_alive():
            time.sleep(0.01)
        writer.update_node("a1", name="Geändert während des Imports")
        steps_left = unfinished_steps(db)
    thread.join(timeout=120)
    importer.close()
    assert steps_left > 0, "the write should land while the import is still writing"
    result = outcome[0]
    assert (result.nodes.new, result.relations.new + result.relations.changed + result.relations.unchanged) == (
        2_600,
        15_000,
    )
    with SqliteStore(db) as store:
        assert store.get_node("a1").name == "Geändert während des Imports"
        assert store.get_node("a2601").name == "Initiative 2601 e. V."
        assert len(store.find_relations()) == relations_before + result.relations.new


def test_a_second_import_while_one_runs_is_refused_in_german(tmp_path: Path) -> None:
    db = tmp_path / "atlas.db"
    with SqliteStore(db) as store:
        holder = sqlite_store._import_lock(db)  # what a running import holds
        try:
            with pytest.raises(StoreError, match="läuft gerade ein anderer Import"):
                import_canonical(store, [write_network(tmp_path / "v1", 400, 1)])
        finally:
            assert holder is not None
            holder.close()
        assert import_canonical(store, [write_network(tmp_path / "v1", 400, 1)]).nodes.new == 400

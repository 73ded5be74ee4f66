"""Import rate: a generated 100k-actor / 500k-relation network through our importer vs bare sqlite3.

Both sides read the same two CSV files and end with the same tables (the store's own
schema, indexes and foreign keys) in a fresh SQLite file:

* baseline — ``csv.reader`` and ``executemany`` of the rows as they are (the JSON data
  column made with one ``json.dumps`` per row); no validation at all.
* ours — ``import_canonical`` into a :class:`SqliteStore`: header mapping, every cell
  validated into the domain model, references and relation directions checked, upserts
  with new/changed/unchanged counts, written in steps that other writers get in between
  (all or nothing: an import cut short is undone).

Each side runs in its own process so that its peak memory (``ru_maxrss``) is its own.
Targets (issue 17): ours ≥ 0.5× the baseline's rate, and < 1 GB peak memory.
Each side runs three times, alternating, and the best run counts (the machine may be busy).
Run: ``python -m bench.import_rate [ACTORS RELATIONS [REPEAT]]``.
"""

from __future__ import annotations

import csv
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from buendnisatlas.graph.sqlite_store import MIGRATIONS, SqliteStore
from buendnisatlas.importers.canonical import import_canonical

SECTORS = ["Verwaltung", "Zivilgesellschaft", "Schule/Bildung", "Jugend", "Kultur", "Sport", "Wirtschaft", "Medien"]
TOPICS = ["Rechtsextremismus", "Partizipation", "Demokratiebildung", "Antisemitismus", "Rassismus"]
GEMEINDEN = ["15087370", "15087130", "15087220", "15087375", "15087015", "15087250", "15087055"]
OFFSETS = (1, 38, 75, 112, 149, 186, 223, 260)  # distinct partners per actor, so every key is unique
TARGET_RATIO, MEMORY_LIMIT_MB = 0.5, 1024


def generate(folder: Path, actors: int, relations: int) -> None:
    """Write ``elemente.csv`` and ``beziehungen.csv`` as an office user would (``;``, German dates)."""
    rng = random.Random(4)
    with (folder / "elemente.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["id", "name", "typ", "sektor", "gemeinde", "themen", "sichtbarkeit"])
        for i in range(actors):
            topics = "|".join(rng.sample(TOPICS, rng.randint(0, 2)))
            visibility = rng.choice(["öffentlich", "netzwerk", ""])
            writer.writerow(
                [
                    f"a{i}",
                    f"Verein Nr. {i} e. V.",
                    "Organisation",
                    rng.choice(SECTORS),
                    rng.choice(GEMEINDEN),
                    topics,
                    visibility,
                ]
            )
    per_actor = -(-relations // actors)
    if per_actor > len(OFFSETS):
        raise SystemExit(f"at most {len(OFFSETS)} relations per actor")
    start = date(2015, 1, 1)
    with (folder / "beziehungen.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["von", "nach", "typ", "seit", "bis", "gewicht"])
        for i in range(relations):
            source, k = divmod(i, per_actor)
            since = start + timedelta(days=rng.randrange(3650))
            until = (since + timedelta(days=rng.randrange(1, 900))).strftime("%d.%m.%Y") if rng.random() < 0.2 else ""
            writer.writerow(
                [
                    f"a{source}",
                    f"a{(source + OFFSETS[k]) % actors}",
                    "Kooperation",
                    since.strftime("%d.%m.%Y"),
                    until,
                    rng.choice(["1", "2", "0,5"]),
                ]
            )


def baseline(folder: Path, db: Path) -> int:
    """Bare sqlite3: the rows into the store's schema with ``executemany``, no checks."""
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA foreign_keys = ON")
    for migration in MIGRATIONS:  # the same schema and indexes as the store's
        con.executescript(migration)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    count = 0
    con.execute("BEGIN")
    with (folder / "elemente.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader)
        rows = [
            (r[0], "actor", r[1], r[6] or "network", json.dumps(dict(zip(header, r, strict=True))), now, now)
            for r in reader
        ]
    con.executemany(
        "INSERT INTO nodes (id, kind, name, visibility, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    count += len(rows)
    del rows
    with (folder / "beziehungen.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader)
        rows = [
            (
                f"{r[0]}|{r[2]}|{r[1]}|{r[3]}",
                r[0],
                r[1],
                r[2],
                r[3],
                r[4] or None,
                json.dumps(dict(zip(header, r, strict=True))),
            )
            for r in reader
        ]
    con.executemany(
        "INSERT INTO relations (key, source, target, type, since, until, data) VALUES (?, ?, ?, ?, ?, ?, ?)", rows
    )
    count += len(rows)
    con.execute("COMMIT")
    con.close()
    return count


def ours(folder: Path, db: Path) -> int:
    """Our importer into our store."""
    with SqliteStore(db) as store:
        result = import_canonical(store, [folder])
    return result.nodes.new + result.relations.new


def _child(side: str, folder: str, db: str) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    records = {"baseline": baseline, "ours": ours}[side](Path(folder), Path(db))
    print(json.dumps({"records": records, "seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu}))


def run_side(side: str, folder: Path, db: Path) -> dict[str, float]:
    """Run one side in a fresh process; returns records, seconds and its own peak memory."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.import_rate", "--child", side, str(folder), str(db)],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{side} failed with exit code {process.returncode}")
    figures = json.loads(output)
    figures["peak_mb"] = usage.ru_maxrss / 1024  # Linux reports KiB
    return figures


def main(actors: int = 100_000, relations: int = 500_000, repeat: int = 3) -> dict[str, float]:
    """Generate the files, run both sides ``repeat`` times (alternating), report the best of each.

    The best run is the one least disturbed by other work on the machine; memory is the
    highest peak seen.
    """
    runs: dict[str, list[dict[str, float]]] = {"baseline": [], "ours": []}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        generate(folder, actors, relations)
        print(f"generated {actors:,} actors / {relations:,} relations in {time.perf_counter() - started:.1f} s")
        for attempt in range(repeat):
            for side in runs:
                db = folder / f"{side}-{attempt}.db"
                runs[side].append(run_side(side, folder, db))
                figures = runs[side][-1]
                print(
                    f"run {attempt + 1} {side:8}: {figures['seconds']:5.1f} s ({figures['cpu']:5.1f} s CPU)  "
                    f"{figures['records'] / figures['seconds']:9,.0f} records/s  peak {figures['peak_mb']:5.0f} MB"
                )
                db.unlink()
    base = min(runs["baseline"], key=lambda r: r["seconds"])
    mine = min(runs["ours"], key=lambda r: r["seconds"])
    base_cpu = min(r["cpu"] for r in runs["baseline"])
    our_cpu = min(r["cpu"] for r in runs["ours"])
    peak = max(r["peak_mb"] for r in runs["ours"])
    base_rate = base["records"] / base["seconds"]
    our_rate = mine["records"] / mine["seconds"]
    ratio = our_rate / base_rate
    cpu_ratio = (mine["records"] / our_cpu) / (base["records"] / base_cpu)
    print(f"best of {repeat} runs each (wall clock; CPU time in brackets)")
    print(
        f"baseline (csv + executemany): {base['seconds']:6.1f} s ({base_cpu:5.1f} s)  {base_rate:9,.0f} records/s  "
        f"peak {max(r['peak_mb'] for r in runs['baseline']):6.0f} MB"
    )
    print(
        f"ours (validated import):      {mine['seconds']:6.1f} s ({our_cpu:5.1f} s)  {our_rate:9,.0f} records/s  "
        f"peak {peak:6.0f} MB"
    )
    verdict = "ok" if ratio >= TARGET_RATIO and peak < MEMORY_LIMIT_MB else "MISSED"
    print(
        f"rate ratio {ratio:.2f}× by wall clock, {cpu_ratio:.2f}× by CPU time (target ≥ {TARGET_RATIO}×); "
        f"peak {peak:.0f} MB (target < {MEMORY_LIMIT_MB} MB): {verdict}"
    )
    return {"ratio": ratio, "cpu_ratio": cpu_ratio, "peak_mb": peak, "baseline_rate": base_rate, "our_rate": our_rate}


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(*sys.argv[2:5])
    else:
        main(*(int(a) for a in sys.argv[1:4]))

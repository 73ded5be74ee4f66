"""``make bench``: one table of what a user waits for, each figure beside a baseline from the same run.

Quick mode (default, a few minutes) uses a Land store of 6,000 actors with a 300-member
alliance; ``make bench FULL=1`` (``python -m bench.speed --full``) the sizes of issue 17:
a 15,000-actor store with a 500-member alliance, 100k actors + 500k relations for the
import, and the whole programme (332 alliances) for the comparison.

Rows (ours / baseline):

* gap report through the store / the same report on a prebuilt graph of just that alliance;
  the same on Neo4j / on SQLite (when Java is there);
* REST at 32 concurrent clients from a second process (loopback, bounded in count and
  time): element list, element read, gap report, referral / a bare FastAPI + sqlite3
  endpoint serving the same rows (:mod:`bench.bare_api`); the first (uncached) gap report;
* ``buendnisatlas --help`` / ``python -c "import click"``;
* import of N actors + 5N relations / bare ``executemany`` (:mod:`bench.import_rate`), and
  how long other writers wait meanwhile, in steps / in one transaction (:mod:`bench.import_wait`);
* betweenness, Louvain / bare igraph;
* indicators + comparison of every alliance of a store / the same on prebuilt graphs;
* the alliance's map opening in Chromium / a 150-node map (:mod:`bench.maps`).

Every section runs in its own process, so that its peak memory is its own. The machine
is shared: absolute times are noisy, ratios within one run are what counts. The table is
printed and written to ``bench/RESULTS.md`` with date, machine and git revision.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bench._timing import timed

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "bench-token"
ALLIANCE = "b0"
OUTSIDER = "b1-a0"  # an actor of another alliance: a write elsewhere in the store
SIZES = {
    "quick": {"actors": 6_000, "big": 300, "import": (20_000, 100_000), "requests": 300, "seconds": 15.0},
    "full": {"actors": 15_000, "big": 500, "import": (100_000, 500_000), "requests": 1_000, "seconds": 30.0},
}


@dataclass
class Row:
    name: str
    ours: float | None
    baseline: float | None
    unit: str
    target: str = ""
    met: bool | None = None
    peak_mb: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.baseline:
            return None
        return self.ours / self.baseline


def median_ms(func: Callable[[], Any], repeat: int) -> float:
    return statistics.median(timed(func, repeat)) * 1000


# -- sections (each in a child process) -------------------------------------------------


def section_gaps(db: Path, mode: str) -> list[Row]:
    from bench.programme import TODAY
    from buendnisatlas.graph.gaps import INTRODUCTION_STEPS, gaps
    from buendnisatlas.graph.model import Relation
    from buendnisatlas.graph.profiles import load_profiles
    from buendnisatlas.graph.sqlite_store import SqliteStore
    from buendnisatlas.graph.store import NotFound, ReadSet
    from buendnisatlas.graph.vocab import RelationType
    from buendnisatlas.services import View, Viewer
    from buendnisatlas.services.analysis import alliance_regions, gap_report

    def store_gaps(store: Any, alliance: Any, at: Any) -> Any:
        """The gap report as every door asks for it: through the service layer."""
        return gap_report(View(store, Viewer.cli()), alliance.id, at).gaps

    def edit(changed: str) -> Callable[[Any, int], Any]:
        return lambda store, i: store.update_node(changed, note=f"geändert {i}")

    def tie(source: str, target: str) -> Callable[[Any, int], Any]:
        """A cooperation of two members begins, or (every other time) ends: a relation into the view."""
        relation = Relation(source=source, target=target, type=RelationType.COOPERATES_WITH, since=date(2020, 1, 1))

        def write(store: Any, i: int) -> None:
            try:
                store.delete_relation(relation.key)
            except NotFound:
                store.add_relation(relation)

        return write

    def after_a_change(store: Any, alliance: Any, repeat: int, write: Callable[[Any, int], Any]) -> float:
        """Median ms of the report when ``write`` changed the store just before it (untimed)."""
        times = []
        for i in range(repeat):
            write(store, i)
            start = time.perf_counter()
            store_gaps(store, alliance, TODAY)
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)

    rows = []
    with SqliteStore(db) as store:
        alliance = store.get_node(ALLIANCE)
        G = store.subgraph(alliance=ALLIANCE)
        profile = load_profiles().for_alliance(alliance.id, getattr(alliance, "subtype", None))
        regions = alliance_regions(store, alliance)
        report = store_gaps(store, alliance, TODAY)
        members = report and next((g.evidence.get("members") for g in report if "members" in g.evidence), None)
        repeat = 7 if mode == "full" else 5
        # What the report reads: the alliance with the neighbourhood its suggestions come from.
        read = ReadSet()
        V = store.subgraph(alliance=ALLIANCE, reach=INTRODUCTION_STEPS, read=read)
        assert read.ids is not None and OUTSIDER not in read.ids, "the write elsewhere must miss the view"
        joined_by = store.find_relations(ALLIANCE, RelationType.MEMBER_OF)
        member, other = [r.source for r in joined_by if r.target == ALLIANCE][:2]
        base = median_ms(lambda: gaps(G, ALLIANCE, TODAY, profile=profile, regions=regions), repeat)
        ours = median_ms(lambda: store_gaps(store, alliance, TODAY), repeat)
        elsewhere = after_a_change(store, alliance, repeat, edit(OUTSIDER))
        cold = after_a_change(store, alliance, repeat, edit(member))
        joined = after_a_change(store, alliance, repeat, tie(member, other))
        same = median_ms(lambda: gaps(V, ALLIANCE, TODAY, profile=profile, regions=regions), repeat)
        actors = store.stats().nodes_by_kind.get("actor", 0)
        for name, figure, note in [
            ("store unchanged since the last report", ours, "the view is kept per process until the store changes"),
            (
                "after an edit elsewhere in the store",
                elsewhere,
                "an actor of another alliance edited: the store's change log shows that the view is unchanged",
            ),
            ("after an edit of a member", cold, "the kept view with the member's new fields"),
            (
                "after a tie between two members began or ended",
                joined,
                "only the two members' relations asked of the store; the kept view with their new relations",
            ),
        ]:
            rows.append(
                Row(
                    f"gap report, {members}-member alliance in {actors:,}-actor store (SQLite), {name} "
                    "/ on its prebuilt graph",
                    figure,
                    base,
                    "ms",
                    "≤ 1.5× and ≤ 150 ms",
                    figure <= 1.5 * base and figure <= 150,
                    note=note,
                )
            )
        rows.append(
            Row(
                f"gap report after a tie began or ended / on a prebuilt graph of what it reads ({len(V):,} nodes, "
                f"{len(G):,} in the alliance's own)",
                joined,
                same,
                "ms",
                "reported",
                note="the same report (same suggestions); the rows above have fewer candidates",
            )
        )
    uri = os.environ.get("NEO4J_URI")
    if uri:
        from bench.programme import land
        from buendnisatlas.graph.neo4j_store import Neo4jStore

        net = land(SIZES[mode]["actors"], big=SIZES[mode]["big"])  # type: ignore[arg-type]
        from buendnisatlas.graph.store import StoreError, batched

        neo = Neo4jStore(uri)
        try:
            neo._write(lambda tx: tx.run("MATCH (n) WHERE NOT n:BuendnisatlasSchema DETACH DELETE n").consume())
            start = time.perf_counter()
            # In batches: one transaction with its audit entries outgrows the test server's memory limit.
            neo.upsert_regions(net.regions)
            for nodes in batched(net.nodes, 5_000):
                neo.upsert_nodes(nodes)
            for relations in batched(net.relations, 10_000):
                neo.upsert_relations(relations)
            print(f"  Neo4j load: {time.perf_counter() - start:.1f} s", flush=True)
            alliance = neo.get_node(ALLIANCE)
            store_gaps(neo, alliance, TODAY)
            neo_ms = after_a_change(neo, alliance, 3 if mode == "full" else 2, edit(member))
            rows.append(
                Row(
                    "gap report after an edit of a member, on Neo4j / on SQLite (same data)",
                    neo_ms,
                    cold,
                    "ms",
                    "reported",
                    note="Neo4j keeps no change log: every change reads the view anew",
                )
            )
        except StoreError as exc:
            rows.append(Row("gap report on Neo4j / on SQLite", None, cold, "ms", note=f"Neo4j failed: {exc}"))
        finally:
            neo.close()
    else:
        rows.append(Row("gap report on Neo4j / on SQLite", None, cold, "ms", "", None, note="no Java: not measured"))
    return rows


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        con.request("GET", path, headers=headers or {})
        response = con.getresponse()
        return response.status, response.read()
    finally:
        con.close()


@contextmanager
def _server(command: list[str], env: dict[str, str], port: int) -> Iterator[None]:
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
    try:
        deadline = time.monotonic() + 180  # a loaded machine starts two workers slowly
        while True:
            try:
                _get(port, "/openapi.json")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit(f"server did not start: {' '.join(command)}") from None
                time.sleep(0.2)
        yield
    finally:
        process.terminate()
        process.wait(30)


def load(port: int, paths: list[str], headers: dict[str, str], clients: int, count: int, seconds: float) -> dict:
    """Run in its own process: ``clients`` threads with keep-alive connections, until count or time is up."""
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]
    issued = [0]
    stop_at = time.monotonic() + seconds

    def worker() -> None:
        con = http.client.HTTPConnection("127.0.0.1", port, timeout=seconds + 60)
        while True:
            with lock:
                if issued[0] >= count or time.monotonic() > stop_at:
                    break
                path = paths[issued[0] % len(paths)]
                issued[0] += 1
            start = time.perf_counter()
            try:
                con.request("GET", path, headers=headers)
                response = con.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                con.close()
                con = http.client.HTTPConnection("127.0.0.1", port, timeout=seconds + 60)
            elapsed = time.perf_counter() - start
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors[0] += 1
        con.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else None
    return {"done": len(latencies), "errors": errors[0], "rps": len(latencies) / wall, "p95_ms": p95}


def _load_process(port: int, paths: list[str], headers: dict[str, str], mode: str) -> dict:
    size = SIZES[mode]
    spec = json.dumps({"port": port, "paths": paths, "headers": headers, "count": size["requests"]})
    out = subprocess.run(
        [sys.executable, "-m", "bench.speed", "--load", spec, "--seconds", str(size["seconds"])],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def section_rest(db: Path, mode: str) -> list[Row]:
    from bench.programme import TODAY

    con = sqlite3.connect(db)
    public = [
        r[0] for r in con.execute("SELECT id FROM nodes WHERE kind = 'actor' AND visibility = 'public' LIMIT 200")
    ]
    place = con.execute("SELECT ags FROM regions WHERE level = 'Gemeinde' ORDER BY ags LIMIT 1").fetchone()[0]
    con.close()
    bare_db = db.with_name("bare.db")
    shutil.copy(db, bare_db)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    gap_path = f"/api/alliances/{ALLIANCE}/gaps?at={TODAY.isoformat()}"
    referral_path = f"/api/referral?topic=racism&place={place}"
    ours_port, bare_port = _free_port(), _free_port()
    ours_cmd = [str(Path(sys.executable).with_name("buendnisatlas")), "--store", f"sqlite:///{db}", "serve"]
    ours_cmd += ["--port", str(ours_port)]
    bare_cmd = [sys.executable, "-m", "uvicorn", "--factory", "bench.bare_api:create_app", "--port", str(bare_port)]
    # As many processes as ours (serve's default: one per core), so that the two compare alike.
    bare_cmd += ["--log-level", "warning", "--workers", str(os.cpu_count() or 1)]
    rows: list[Row] = []
    with _server(ours_cmd, {"BUENDNISATLAS_API_TOKEN": TOKEN}, ours_port):
        start = time.perf_counter()
        status, gap_body = _get(ours_port, gap_path, auth)
        first_gap_ms = (time.perf_counter() - start) * 1000
        assert status == 200, gap_body[:200]
        status, referral_body = _get(ours_port, referral_path)
        assert status == 200, referral_body[:200]
        bare = sqlite3.connect(bare_db)
        bare.execute("CREATE TABLE bench_answers (name TEXT PRIMARY KEY, body TEXT)")
        bare.executemany(
            "INSERT INTO bench_answers VALUES (?, ?)",
            [("gaps", gap_body.decode()), ("referral", referral_body.decode())],
        )
        bare.commit()
        bare.close()
        cases = [
            ("element list (100 actors)", ["/api/actors?limit=100"], {}, ["/actors?limit=100"]),
            ("element read", [f"/api/actors/{i}" for i in public], {}, [f"/actors/{i}" for i in public]),
            ("gap report", [gap_path], auth, ["/answers/gaps"]),
            ("referral", [referral_path], {}, ["/answers/referral"]),
        ]
        ours_results = {name: _load_process(ours_port, paths, headers, mode) for name, paths, headers, _ in cases}
    with _server(bare_cmd, {"BENCH_BARE_DB": str(bare_db)}, bare_port):
        start = time.perf_counter()
        _get(bare_port, "/answers/gaps")
        first_bare_ms = (time.perf_counter() - start) * 1000
        bare_results = {name: _load_process(bare_port, paths, {}, mode) for name, _, _, paths in cases}
    for name, *_ in cases:
        o, b = ours_results[name], bare_results[name]
        note = f"{o['done']} ok / {o['errors']} failed (bare {b['done']} / {b['errors']})"
        rows.append(
            Row(
                f"REST {name}, 32 clients: throughput",
                o["rps"],
                b["rps"],
                "req/s",
                "≥ 0.5×",
                o["rps"] >= 0.5 * b["rps"],
            )
        )
        p95_ok = o["p95_ms"] is not None and b["p95_ms"] is not None and o["p95_ms"] <= 2 * b["p95_ms"]
        rows.append(Row(f"REST {name}, 32 clients: p95", o["p95_ms"], b["p95_ms"], "ms", "≤ 2×", p95_ok, note=note))
    rows.append(
        Row(
            "REST gap report, first (uncached) request",
            first_gap_ms,
            first_bare_ms,
            "ms",
            "< 500 ms",
            first_gap_ms < 500,
        )
    )
    return rows


def section_cli(db: Path, mode: str) -> list[Row]:
    exe = str(Path(sys.executable).with_name("buendnisatlas"))
    ours, base = [], []
    for _ in range(7):
        base += timed(lambda: subprocess.run([sys.executable, "-c", "import click"], check=True), 1)
        ours += timed(lambda: subprocess.run([exe, "--help"], check=True, capture_output=True), 1)
    o, b = statistics.median(ours) * 1000, statistics.median(base) * 1000
    rows = [Row('`buendnisatlas --help` / `python -c "import click"`', o, b, "ms", "≤ +300 ms", o - b <= 300)]
    stats = statistics.median(
        timed(lambda: subprocess.run([exe, "--store", f"sqlite:///{db}", "stats"], check=True, capture_output=True), 5)
    )
    rows.append(Row("`buendnisatlas stats` on the bench store / `import click`", stats * 1000, b, "ms", "reported"))
    return rows


def section_metrics(db: Path, mode: str) -> list[Row]:
    import igraph as ig
    import networkx as nx

    from buendnisatlas.graph import centrality
    from buendnisatlas.graph.metrics import _communities
    from buendnisatlas.graph.sqlite_store import SqliteStore
    from buendnisatlas.graph.ties import actor_ties

    with SqliteStore(db) as store:
        G = store.subgraph()
    T = actor_ties(G)
    nodes = list(T)
    index = {n: i for i, n in enumerate(nodes)}
    H = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in T.edges()])
    H.es["weight"] = [d["weight"] for _, _, d in T.edges(data=True)]
    rows = []
    repeat = 1 if mode == "full" else 2  # minutes each at 15,000 actors
    t_bare = min(timed(lambda: H.betweenness(directed=False), repeat))
    t_ours = min(timed(lambda: centrality.betweenness_centrality(T), repeat))
    label = f"betweenness, {T.number_of_nodes():,} actors / {T.number_of_edges():,} ties"
    rows.append(Row(f"{label} / bare igraph", t_ours * 1000, t_bare * 1000, "ms", "≤ 1.3×", t_ours <= 1.3 * t_bare))
    t_bare = min(timed(lambda: H.community_multilevel(weights="weight"), 2))
    t_ours = min(timed(lambda: _communities(T, 0), 2))
    t_nx = min(timed(lambda: nx.community.louvain_communities(T, weight="weight", seed=0), 1))
    ours_q = nx.community.modularity(T, _communities(T, 0), weight="weight")
    bare_q = H.community_multilevel(weights="weight").modularity
    rows.append(
        Row(
            "Louvain (ours, with conversion) / bare igraph community_multilevel",
            t_ours * 1000,
            t_bare * 1000,
            "ms",
            "reported",
            note=f"modularity {ours_q:.3f} vs {bare_q:.3f}; NetworkX's Louvain (before): {t_nx * 1000:,.0f} ms",
        )
    )
    return rows


def section_compare(db: Path, mode: str) -> list[Row]:
    from bench.programme import TODAY, programme
    from buendnisatlas.graph.comparison import compare
    from buendnisatlas.graph.indicators import alliance_indicators
    from buendnisatlas.graph.profiles import load_profiles
    from buendnisatlas.graph.sqlite_store import SqliteStore
    from buendnisatlas.graph.vocab import NodeKind
    from buendnisatlas.services.analysis import alliance_regions

    path = db
    if mode == "full":
        path = db.with_name("programme.db")
        start = time.perf_counter()
        with SqliteStore(path) as store:
            programme().load(store)
        print(f"  programme store built in {time.perf_counter() - start:.0f} s", flush=True)
    profiles = load_profiles()
    with SqliteStore(path) as store:
        alliances = store.find_nodes(kind=NodeKind.ALLIANCE)

        def indicators_of(graph_of: Callable[[str], Any]) -> float:
            start = time.perf_counter()
            sets = [
                alliance_indicators(
                    graph_of(a.id),
                    a.id,
                    TODAY,
                    profile=profiles.for_alliance(a.id, getattr(a, "subtype", None)),
                    regions=alliance_regions(store, a),
                )
                for a in alliances
            ]
            compare(sets)
            return time.perf_counter() - start

        prebuilt = {a.id: store.subgraph(alliance=a.id) for a in alliances}
        base = indicators_of(prebuilt.__getitem__)
        del prebuilt
        ours = indicators_of(lambda a: _indicator_graph(store, a))
    return [
        Row(
            f"indicators + comparison of {len(alliances)} alliances / same on prebuilt alliance graphs",
            ours,
            base,
            "s",
            "< 60 s" if mode == "full" else "reported",
            ours < 60 if mode == "full" else None,
        )
    ]


def _indicator_graph(store: Any, alliance: str) -> Any:
    """The graph the ``indicators`` command reads for one alliance."""
    from buendnisatlas.services import View, Viewer
    from buendnisatlas.services.analysis import alliance_graph

    return alliance_graph(View(store, Viewer.cli()), store.get_node(alliance))


def section_map(db: Path, mode: str) -> list[Row]:
    from bench.maps import page_ready_seconds, synthetic_network
    from buendnisatlas.graph.sqlite_store import SqliteStore
    from buendnisatlas.visualizations.maps import MapOptions, build_map, render_html

    with SqliteStore(db) as store:
        G = store.subgraph(alliance=ALLIANCE)
    folder = db.parent
    ours_file, base_file = folder / "karte.html", folder / "klein.html"
    ours_file.write_text(render_html(build_map(G, MapOptions(title="Bench"))), encoding="utf-8")
    base_file.write_text(render_html(build_map(synthetic_network(150))), encoding="utf-8")
    base = page_ready_seconds(base_file)
    ours = page_ready_seconds(ours_file)
    if ours is None or base is None:
        return [Row("alliance map open in Chromium", None, None, "ms", note="Chromium missing: not measured")]
    return [
        Row(
            f"map of the alliance ({G.number_of_nodes():,} nodes) open in Chromium / 150-node map",
            ours * 1000,
            base * 1000,
            "ms",
            "reported",
        )
    ]


SECTIONS: dict[str, Callable[[Path, str], list[Row]]] = {
    "gaps": section_gaps,
    "rest": section_rest,
    "cli": section_cli,
    "metrics": section_metrics,
    "compare": section_compare,
    "map": section_map,
}


def _run_section(name: str, db: Path, mode: str, env: dict[str, str]) -> list[Row]:
    print(f"== {name} ==", flush=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.speed", "--child", name, str(db), mode],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    lines = output.strip().splitlines()
    for line in lines[:-1]:
        print(line)
    if os.waitstatus_to_exitcode(status) != 0 or not lines:
        return [Row(f"{name}: failed", None, None, "", note="section failed, see output")]
    rows = [Row(**r) for r in json.loads(lines[-1])]
    for row in rows:
        row.peak_mb = usage.ru_maxrss / 1024
    return rows


def section_import(mode: str) -> list[Row]:
    from bench import import_rate

    actors, relations = SIZES[mode]["import"]  # type: ignore[misc]
    repeat = 3 if mode == "full" else 1  # the best of alternating runs: one run is at the mercy of the machine
    result = import_rate.main(actors, relations, repeat)
    row = Row(
        f"import {actors:,} actors + {relations:,} relations: records/s / bare executemany",
        result["our_rate"],
        result["baseline_rate"],
        "rec/s",
        "≥ 0.5×, < 1 GB",
        result["ratio"] >= 0.5 and result["peak_mb"] < 1024,
        note=f"best of {repeat} runs each" if repeat > 1 else "",
    )
    row.peak_mb = result["peak_mb"]
    from bench import import_wait

    waits = import_wait.main(actors, relations)
    ours, base = waits["ours"], waits["baseline"]
    wait_row = Row(
        f"writer wait p99 during that import: in steps / in one transaction ({import_wait.WRITERS} writers)",
        ours["p99"] * 1000,
        base["p99"] * 1000,
        "ms",
        "< 2 s",
        ours["p99"] < import_wait.TARGET_P99 and not ours["failed"],
    )
    wait_row.note = (
        f"max {ours['max'] * 1000:,.0f} ms vs {base['max'] * 1000:,.0f} ms; failed {ours['failed']:.0f} vs "
        f"{base['failed']:.0f}; writing took {ours['import_seconds'] / base['import_seconds']:.2f}× as long"
    )
    return [row, wait_row]


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit in ("req/s", "rec/s"):
        return f"{value:,.0f} {unit}" if value >= 100 else f"{value:.1f} {unit}"
    if unit == "s":
        return f"{value:.1f} s"
    return f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


def table(rows: list[Row]) -> str:
    lines = [
        "| measure (ours / baseline) | ours | baseline | ratio | target | met | peak MB | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        met = "–" if r.met is None else "yes" if r.met else "**no**"
        ratio = "–" if r.ratio is None else f"{r.ratio:.2f}×"
        peak = "–" if r.peak_mb is None else f"{r.peak_mb:,.0f}"
        lines.append(
            f"| {r.name} | {_fmt(r.ours, r.unit)} | {_fmt(r.baseline, r.unit)} | {ratio} | {r.target} | {met} "
            f"| {peak} | {r.note} |"
        )
    return "\n".join(lines)


def _revision() -> str:
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
        return rev.strip() + (" (with uncommitted changes)" if dirty.strip() else "")
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.speed")
    parser.add_argument("--full", action="store_true", help="issue 17's sizes (takes long)")
    parser.add_argument("--only", nargs="*", help="run only these sections (gaps rest cli metrics compare map import)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--load", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=20.0, help=argparse.SUPPRESS)
    parser.add_argument("--no-write", action="store_true", help="do not write bench/RESULTS.md")
    args = parser.parse_args(argv)
    if args.load:
        spec = json.loads(args.load)
        print(json.dumps(load(spec["port"], spec["paths"], spec["headers"], 32, spec["count"], args.seconds)))
        return
    if args.child:
        from buendnisatlas.config import tune_collector

        tune_collector()  # as every door's process does: the baselines run under it too
        name, db, mode = args.child
        print(json.dumps([asdict(r) for r in SECTIONS[name](Path(db), mode)]), flush=True)
        return
    mode = "full" if args.full else "quick"
    chosen = args.only or [*SECTIONS, "import"]
    started, revision = time.perf_counter(), _revision()
    from bench.programme import land
    from bench.stores import _neo4j
    from buendnisatlas.graph.sqlite_store import SqliteStore

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-speed-") as tmp:
        db = Path(tmp) / "land.db"
        start = time.perf_counter()
        net = land(SIZES[mode]["actors"], big=SIZES[mode]["big"])  # type: ignore[arg-type]
        with SqliteStore(db) as store:
            net.load(store)
        print(
            f"bench store: {len(net.nodes):,} elements, {len(net.relations):,} relations "
            f"({time.perf_counter() - start:.0f} s)",
            flush=True,
        )
        del net
        with _neo4j(Path(tmp) / "neo4j") if "gaps" in chosen else _nothing() as uri:
            env = {"NEO4J_URI": uri} if uri else {}
            for name in chosen:
                if name == "import":
                    print("== import ==", flush=True)
                    rows += section_import(mode)
                else:
                    rows += _run_section(name, db, mode, env)
                    env = {}  # only the gap section uses Neo4j
    text = table(rows)
    print(text)
    elapsed = time.perf_counter() - started
    if not args.no_write:
        header = (
            f"# Benchmark results ({mode} mode)\n\n"
            f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n"
            f"- machine: {platform.node()}, {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}\n"
            f"- git revision: {revision}\n"
            f"- run time: {elapsed / 60:.1f} min; command: `make bench{' FULL=1' if args.full else ''}`\n\n"
            "The machine is shared with other work: absolute times are noisy, the ratio to the baseline "
            "measured in the same run is what counts. Peak MB is the section's own process.\n\n"
        )
        (ROOT / "bench" / "RESULTS.md").write_text(header + text + "\n", encoding="utf-8")
    print(f"done in {elapsed / 60:.1f} min")


@contextmanager
def _nothing() -> Iterator[None]:
    yield None


if __name__ == "__main__":
    main()

"""A real Neo4j 5.26 server for the test suite, without Docker.

The server is Neo4j embedded (``DatabaseManagementServiceBuilder``) started from the tiny
Java program ``tests/neo4j/Launcher.java``, with only the Bolt connector on
127.0.0.1:<free port> and auth disabled. The Neo4j jars come from Maven Central via
``tests/neo4j/pom.xml`` and are cached in :func:`jar_cache_dir` (once, ~125 MB).

Use from pytest (e.g. in ``conftest.py``)::

    import pytest
    from tests.neo4j_server import java_unavailable_reason, running_neo4j

    @pytest.fixture(scope="session")
    def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
        reason = java_unavailable_reason()
        if reason is not None:
            pytest.skip(reason)
        with running_neo4j(tmp_path_factory.mktemp("neo4j")) as uri:
            yield uri  # "bolt://127.0.0.1:PORT", connect with auth=None

Command line: ``python tests/neo4j_server.py`` downloads the jars, starts the server,
prints the URI and the start-up time, checks the Bolt handshake and stops it.

Environment:
    BUENDNISATLAS_NEO4J_CACHE     jar cache (default ~/.cache/buendnisatlas/neo4j-5.26)
    BUENDNISATLAS_NEO4J_JVM_OPTS  extra JVM options for the server (space separated)
    MAVEN_OPTS                    passed to mvn as usual (e.g. -Dmaven.repo.local=...)
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "JVM_FLAGS",
    "NEO4J_VERSION",
    "bolt_handshake",
    "ensure_jars",
    "jar_cache_dir",
    "java_unavailable_reason",
    "running_neo4j",
]

NEO4J_VERSION = "5.26.30"  # keep in sync with tests/neo4j/pom.xml

_HERE = Path(__file__).resolve().parent
_POM = _HERE / "neo4j" / "pom.xml"
_LAUNCHER_SRC = _HERE / "neo4j" / "Launcher.java"

_CACHE_ENV = "BUENDNISATLAS_NEO4J_CACHE"
_JVM_OPTS_ENV = "BUENDNISATLAS_NEO4J_JVM_OPTS"
_MARKER = "lib.complete"

STARTUP_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 30.0

# JVM flags for Neo4j 5 on Java 17. The --add-opens/netty flags are those Neo4j's own
# server script uses (without java.nio the page cache falls back to a slower mode and
# warns). C1-only JIT + serial GC start ~2x faster on 2 cores and are plenty for tests.
JVM_FLAGS: tuple[str, ...] = (
    "-Xms256m",
    "-Xmx1g",
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "-XX:-OmitStackTraceInFastThrow",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)

_READY_RE = re.compile(r"^READY (bolt://\S+)", re.MULTILINE)


# --------------------------------------------------------------------------- jars


def jar_cache_dir() -> Path:
    """Directory holding the Neo4j jars (``lib/``) and the compiled launcher."""
    override = os.environ.get(_CACHE_ENV)
    if override:
        return Path(override).expanduser().resolve()
    return Path.home() / ".cache" / "buendnisatlas" / "neo4j-5.26"


def _file_digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


@contextlib.contextmanager
def _cache_lock(cache: Path) -> Iterator[None]:
    """Exclusive lock on the cache dir, so parallel test workers fetch only once."""
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as fh:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not on POSIX
            yield
            return
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ensure_jars() -> Path:
    """Fetch the Neo4j jars with Maven once; return the ``lib`` directory.

    Idempotent: skipped when the marker file written after a complete download exists and
    matches the current pom.xml. A half-finished download (no marker) is done again.
    """
    cache = jar_cache_dir()
    lib = cache / "lib"
    marker = cache / _MARKER
    want = _file_digest(_POM)

    def complete() -> bool:
        return marker.is_file() and marker.read_text().strip() == want and lib.is_dir()

    if complete():
        return lib
    with _cache_lock(cache):
        if complete():  # another process finished while we waited
            return lib
        mvn = shutil.which("mvn")
        if mvn is None:
            raise RuntimeError("Maven (mvn) not found: cannot download the Neo4j jars")
        marker.unlink(missing_ok=True)
        staging = cache / "lib.partial"
        shutil.rmtree(staging, ignore_errors=True)
        cmd = [
            mvn,
            "-q",
            "-B",
            "-Dstyle.color=never",
            "-f",
            str(_POM),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={staging}",
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        jars = list(staging.glob("*.jar")) if staging.is_dir() else []
        if proc.returncode != 0 or not jars:
            out = (proc.stdout + proc.stderr).strip().splitlines()
            tail = "\n".join(out[-30:])
            raise RuntimeError(f"mvn copy-dependencies failed (exit {proc.returncode}):\n{tail}")
        shutil.rmtree(lib, ignore_errors=True)
        staging.rename(lib)
        marker.write_text(want + "\n")
    return lib


def _compiled_launcher(lib: Path) -> Path:
    """Compile Launcher.java once into the cache; return the classes directory.

    Compiling once saves ~2 s per start compared to Java's single-file source launch.
    """
    cache = jar_cache_dir()
    classes = cache / f"launcher-{_file_digest(_LAUNCHER_SRC, _POM)}"
    if (classes / "Launcher.class").is_file():
        return classes
    with _cache_lock(cache):
        if (classes / "Launcher.class").is_file():
            return classes
        javac = shutil.which("javac")
        if javac is None:
            raise RuntimeError("javac not found: cannot compile tests/neo4j/Launcher.java")
        staging = Path(tempfile.mkdtemp(prefix="launcher.", dir=cache))
        cmd = [
            javac,
            "-nowarn",
            "-encoding",
            "UTF-8",
            "-cp",
            str(lib / "*"),
            "-d",
            str(staging),
            str(_LAUNCHER_SRC),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)
            raise RuntimeError(f"javac Launcher.java failed:\n{proc.stdout}{proc.stderr}")
        for old in cache.glob("launcher-*"):
            shutil.rmtree(old, ignore_errors=True)
        staging.rename(classes)
    return classes


# ------------------------------------------------------------------ availability


def _java_major(java: str) -> int | None:
    try:
        proc = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', proc.stderr + proc.stdout)
    if m is None:
        return None
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major


def java_unavailable_reason() -> str | None:
    """Why the Neo4j test server cannot run here (German/English), or None if it can.

    Needs ``java`` 17+ and ``javac``; ``mvn`` only while the jars are not cached yet.
    """
    java = shutil.which("java")
    if java is None:
        return "Java fehlt / java not found (Neo4j-Testserver braucht Java 17+)"
    major = _java_major(java)
    if major is None or major < 17:
        return f"Java 17+ nötig / Java 17+ required (found: {major or 'unknown'})"
    if shutil.which("javac") is None:
        return "javac fehlt / javac (JDK) not found, a JRE is not enough"
    marker = jar_cache_dir() / _MARKER
    if not marker.is_file() and shutil.which("mvn") is None:
        return "Maven fehlt / mvn not found (needed once to download the Neo4j jars)"
    return None


# ----------------------------------------------------------------------- server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the launcher: stdin EOF (clean shutdown), then SIGTERM, then SIGKILL."""
    if proc.poll() is None and proc.stdin is not None:
        with contextlib.suppress(OSError):
            proc.stdin.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=STOP_TIMEOUT_S)
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    elif proc.stdin is not None:
        with contextlib.suppress(OSError):
            proc.stdin.close()


def _start(tmp_dir: Path, lib: Path, classes: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    java = shutil.which("java") or "java"
    extra = shlex.split(os.environ.get(_JVM_OPTS_ENV, ""))
    cmd = [
        java,
        *JVM_FLAGS,
        *extra,
        "-cp",
        f"{classes}{os.pathsep}{lib / '*'}",
        "Launcher",
        str(tmp_dir / "neo4j-db"),
        str(port),
    ]
    log_path = tmp_dir / "neo4j.log"
    with open(log_path, "ab") as log:
        log.write(f"$ {shlex.join(cmd)}\n".encode())
        log.flush()
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT, cwd=tmp_dir)
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    uri: str | None = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        if uri is None:
            m = _READY_RE.search(log_path.read_text(errors="replace"))
            if m is not None:
                uri = m.group(1)
        if uri is not None and _port_open(port):
            return proc, uri
        time.sleep(0.1)
    code = proc.poll()
    _stop(proc)
    why = f"exited with code {code}" if code is not None else f"not ready within {STARTUP_TIMEOUT_S:.0f} s"
    debug_log = tmp_dir / "neo4j-db" / "logs" / "debug.log"
    raise RuntimeError(
        f"Neo4j test server {why} (port {port}).\n"
        f"--- {log_path} (tail) ---\n{_tail(log_path)}\n"
        f"--- {debug_log} (tail) ---\n{_tail(debug_log, 20)}"
    )


@contextlib.contextmanager
def running_neo4j(tmp_dir: Path) -> Iterator[str]:
    """Run a fresh Neo4j 5.26 in ``tmp_dir``; yield its URI ``bolt://127.0.0.1:PORT``.

    The database lives in ``tmp_dir/neo4j-db``, the server's stdout/stderr go to
    ``tmp_dir/neo4j.log``. Auth is disabled (driver ``auth=None``). Raises RuntimeError
    with the log tail if the server does not come up within ~120 s; the process is
    always stopped and waited for on exit.
    """
    tmp_dir = Path(tmp_dir).resolve()
    tmp_dir.mkdir(parents=True, exist_ok=True)
    lib = ensure_jars()
    classes = _compiled_launcher(lib)
    try:
        proc, uri = _start(tmp_dir, lib, classes)
    except RuntimeError as first:
        # The free port may have been taken between probing and binding: retry once.
        if "Address already in use" not in str(first):
            raise
        proc, uri = _start(tmp_dir, lib, classes)
    try:
        yield uri
    finally:
        _stop(proc)


def bolt_handshake(uri: str, timeout: float = 10.0) -> tuple[int, int]:
    """Do a Bolt handshake with the server at ``uri``; return the agreed (major, minor)."""
    m = re.fullmatch(r"bolt://([^:/]+):(\d+)/?", uri)
    if m is None:
        raise ValueError(f"not a bolt://host:port URI: {uri}")
    with socket.create_connection((m.group(1), int(m.group(2))), timeout=timeout) as s:
        # magic, then 4 proposals: 5.8 down to 5.0 (range 8), 4.4, none, none
        s.sendall(bytes.fromhex("6060B017") + bytes([0, 8, 8, 5]) + bytes([0, 0, 4, 4]) + bytes(8))
        reply = b""
        while len(reply) < 4:
            chunk = s.recv(4 - len(reply))
            if not chunk:
                raise RuntimeError("Bolt handshake: connection closed")
            reply += chunk
    if reply == bytes(4):
        raise RuntimeError("Bolt handshake: no common protocol version")
    return reply[3], reply[2]


def main() -> int:
    reason = java_unavailable_reason()
    if reason is not None:
        print(f"Neo4j-Testserver nicht verfügbar: {reason}", file=sys.stderr)
        return 1
    t0 = time.monotonic()
    lib = ensure_jars()
    _compiled_launcher(lib)
    t_jars = time.monotonic() - t0
    size = sum(p.stat().st_size for p in lib.glob("*.jar"))
    print(f"jars: {lib} ({size / 1e6:.0f} MB, ready in {t_jars:.1f} s)")
    with tempfile.TemporaryDirectory(prefix="neo4j-test-") as tmp:
        t1 = time.monotonic()
        with running_neo4j(Path(tmp)) as uri:
            t_start = time.monotonic() - t1
            print(f"Neo4j {NEO4J_VERSION} running at {uri} (start-up {t_start:.1f} s)")
            major, minor = bolt_handshake(uri)
            print(f"Bolt handshake OK: protocol {major}.{minor}")
            t2 = time.monotonic()
        print(f"stopped in {time.monotonic() - t2:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

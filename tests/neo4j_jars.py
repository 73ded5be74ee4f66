"""Fetch the Neo4j test server's jars before pytest runs (``make test``); instant once cached.

Without Java or Maven this says so loudly and lets the run go on (the Neo4j tests then
skip), except under ``CI=true``, where the Neo4j half must run.
"""

from __future__ import annotations

import os
import sys
import time

from neo4j_server import ensure_jars, java_unavailable_reason  # tests/ is this script's folder


def main() -> int:
    reason = java_unavailable_reason()
    if reason is not None:
        print(f"WARNUNG: Neo4j-Testserver nicht verfügbar, die Neo4j-Tests fallen aus: {reason}", file=sys.stderr)
        return 1 if os.environ.get("CI") == "true" else 0
    start = time.monotonic()
    lib = ensure_jars()
    took = time.monotonic() - start
    if took > 1:
        print(f"Neo4j-Jars geladen nach {lib} in {took:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``python -m bench [NAME…]``: run every benchmark module's ``main()`` in name order, or those named."""

import importlib
import pkgutil
import sys
from pathlib import Path

# speed is `make bench` itself; programme and bare_api are its parts.
names = sys.argv[1:] or sorted(
    m.name
    for m in pkgutil.iter_modules([str(Path(__file__).parent)])
    if not m.name.startswith("_") and m.name not in ("speed", "programme", "bare_api")
)
for name in names:
    print(f"== bench.{name} ==", flush=True)
    importlib.import_module(f"bench.{name}").main()

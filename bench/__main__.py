"""Run every benchmark module in this folder (its ``main()``), in name order."""

import importlib
import pkgutil
from pathlib import Path

for module in sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])):
    if not module.startswith("_"):
        print(f"== bench.{module} ==", flush=True)
        importlib.import_module(f"bench.{module}").main()

"""`python -m bench`: run every benchmark module's main() in bench/ (or those named on the command line)."""

import importlib
import pkgutil
import sys
from pathlib import Path

names = sys.argv[1:] or sorted(
    m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name != "__main__"
)
for name in names:
    print(f"== bench/{name}.py")
    importlib.import_module(f"bench.{name}").main()

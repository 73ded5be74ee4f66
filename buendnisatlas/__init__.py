"""Bündnisatlas: the network of local alliances for democracy, as a graph."""


def __getattr__(name: str) -> str:
    # Looked up when asked for: importlib.metadata costs ~0.1 s, a third of the CLI's start.
    if name != "__version__":
        raise AttributeError(f"module 'buendnisatlas' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("buendnisatlas")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0+unknown"

"""Bündnisatlas: the network of local alliances for democracy, as a graph."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("buendnisatlas")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

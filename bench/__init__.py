"""Benchmarks: ``python -m bench`` (``make bench``) runs every ``bench/*.py`` module's ``main()``."""

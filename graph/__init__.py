"""The core: domain model, store port and adapters, and analyses on NetworkX graphs."""

"""Ansvarsgrafen: who is responsible for what in Swedish refugee reception and integration."""

__all__ = ["__version__"]

__version__ = "0.1.0"

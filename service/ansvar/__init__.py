"""Ansvarsgrafen: who is responsible for what in Swedish refugee reception and integration."""

__version__ = "0.1.0"

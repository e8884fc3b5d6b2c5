"""The SPARQL behind the pages, read from web/queries/*.rq (never built from user input)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_DIR = Path(__file__).parent / "queries"


@cache
def page_query(name: str) -> str:
    return (_DIR / f"{name}.rq").read_text(encoding="utf-8")

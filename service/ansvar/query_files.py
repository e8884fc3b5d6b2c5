"""The SPARQL files the code runs, read once each (never built from user input).

Two directories of plain `.rq` files (a comment header, then the query):
`check_queries/` (placing findings, fetching an endpoint's data) and
`web/queries/` (the pages, the VoID description and the static copy). The
analysts' catalogue (`queries/*.rq` with a TOML header) is read by
`questions.py`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["CHECK_QUERIES", "PAGE_QUERIES", "check_query", "page_query", "read_query"]

_PACKAGE = Path(__file__).resolve().parent
CHECK_QUERIES = _PACKAGE / "check_queries"
PAGE_QUERIES = _PACKAGE / "web" / "queries"  # data files, not code: reading them imports nothing of web


@cache
def read_query(directory: Path, name: str) -> str:
    """The text of `directory/name.rq`."""
    return (directory / f"{name}.rq").read_text(encoding="utf-8")


def check_query(name: str) -> str:
    return read_query(CHECK_QUERIES, name)


def page_query(name: str) -> str:
    return read_query(PAGE_QUERIES, name)

"""The SPARQL behind the pages, read from web/queries/*.rq by the core loader (query_files)."""

from __future__ import annotations

from ..query_files import page_query

__all__ = ["page_query"]

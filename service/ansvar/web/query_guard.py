"""Refuse queries that would make the server reach other hosts, before evaluation.

Both pyoxigraph and rdflib follow a SERVICE clause to any URL, so the text is
checked first for the SERVICE keyword (outside comments, strings and IRIs).
"""

from __future__ import annotations

from ..sparql_text import has_keyword


def uses_service(query: str) -> bool:
    return has_keyword(query, "SERVICE")

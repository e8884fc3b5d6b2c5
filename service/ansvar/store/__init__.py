"""Store back ends: every page and API reads the graph through `GraphStore`."""

from .base import GraphStore, QueryResult, QuerySyntaxError, ResultKind, StoreUnavailable, StoreUnsupported

__all__ = ["GraphStore", "QueryResult", "QuerySyntaxError", "ResultKind", "StoreUnavailable", "StoreUnsupported"]

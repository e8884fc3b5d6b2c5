"""How /sparql evaluates user queries: in the worker pool when there is one."""

from __future__ import annotations

from ..settings import Settings
from ..store import GraphStore
from ..store.query_pool import PoolResult, QueryPool, run_user_query


class QueryRunner:
    """Applies the limits of `Settings` and the SPARQL guard; the pool adds the hard time limit."""

    def __init__(self, store: GraphStore, settings: Settings, pool: QueryPool | None = None) -> None:
        self.store, self.settings, self.pool = store, settings, pool

    def run(
        self,
        sparql: str,
        accept: tuple[str, str],
        default_graphs: list[str] | None,
        named_graphs: list[str] | None,
        client: str | None = None,
    ) -> PoolResult:
        """`client` is the caller's address: the pool keeps a worker for clients whose queries are quick."""
        if self.pool is None:
            return run_user_query(
                self.store,
                sparql,
                accept,
                default_graphs,
                named_graphs,
                self.settings.max_result_rows,
                self.settings.max_nesting_depth,
            )
        return self.pool.execute(
            sparql,
            accept=accept,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
            timeout=self.settings.query_timeout_s,
            max_rows=self.settings.max_result_rows,
            wait=self.settings.queue_wait_s,
            max_depth=self.settings.max_nesting_depth,
            client=client,
        )

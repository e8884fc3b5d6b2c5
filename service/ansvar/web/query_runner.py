"""How /sparql evaluates user queries: in the worker pool when there is one."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool

from ..settings import Settings
from ..store import GraphStore
from ..store.query_pool import PoolResult, QueryPool, run_user_query


def service_base(settings: Settings) -> str:
    """The protocol's service-defined base IRI: the endpoint's own URL, from the settings (never
    from the request). pyoxigraph refuses relative IRIs without one (W3C test
    query_content_type_construct); a BASE in the query overrides it."""
    return (settings.base_url or f"http://{settings.host}:{settings.port}").rstrip("/") + "/sparql"


class QueryRunner:
    """Applies the limits of `Settings` and the SPARQL guard; the pool adds the hard time limit."""

    def __init__(self, store: GraphStore, settings: Settings, pool: QueryPool | None = None) -> None:
        self.store, self.settings, self.pool = store, settings, pool
        self.service_base = service_base(settings)

    async def run(
        self,
        sparql: str,
        accept: tuple[str, str],
        default_graphs: list[str] | None,
        named_graphs: list[str] | None,
        client: str | None = None,
    ) -> PoolResult:
        """`client` is the caller's address: the pool keeps a worker for clients whose queries are quick.

        With a pool the answer is awaited on the event loop; without one the query runs in a thread."""
        settings = self.settings
        limits = (settings.max_result_rows, settings.max_nesting_depth)
        args = (sparql, accept, default_graphs, named_graphs, *limits, self.service_base)
        if self.pool is None:
            return await run_in_threadpool(run_user_query, self.store, *args)
        return await self.pool.call_async(
            run_user_query, args, timeout=settings.query_timeout_s, wait=settings.queue_wait_s, client=client
        )

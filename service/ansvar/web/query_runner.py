"""How /sparql evaluates user queries: in the worker pool when there is one.

A text that a worker's guard proved cheap (`ansvar.cheap_queries`, where the proof is) is
answered on the event loop the next times it is asked, without a worker; any other query,
a request naming graphs, and a cheap query whose answer is longer than is given so, goes to
the pool.
"""

from __future__ import annotations

from collections import OrderedDict

from starlette.concurrency import run_in_threadpool

from ..cheap_queries import CACHED_TEXT, answer_directly
from ..settings import Settings
from ..store import GraphStore
from ..store.embedded import EmbeddedStore
from ..store.query_pool import PoolResult, QueryPool, run_user_query

_CHEAP_TEXTS = 1024  # texts proven cheap that are remembered, least recently asked out


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
        # Texts proven cheap -> the preset prefixes they use; None: too long an answer, for a worker.
        self._cheap: OrderedDict[str, dict[str, str] | None] = OrderedDict()

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
        if default_graphs is None and named_graphs is None:
            direct = self._answer_directly(sparql, accept)
            if direct is not None:
                return direct
        result = await self.pool.call_async(
            run_user_query, args, timeout=settings.query_timeout_s, wait=settings.queue_wait_s, client=client
        )
        if result.cheap_presets is not None and sparql not in self._cheap and len(sparql) <= CACHED_TEXT:
            self._cheap[sparql] = result.cheap_presets
            if len(self._cheap) > _CHEAP_TEXTS:
                self._cheap.popitem(last=False)
        return result

    def _answer_directly(self, sparql: str, accept: tuple[str, str]) -> PoolResult | None:
        """The answer of a text proven cheap, without a worker; None for any other query."""
        presets = self._cheap.get(sparql)
        if presets is None or not isinstance(self.store, EmbeddedStore):
            return None
        self._cheap.move_to_end(sparql)
        limit = self.settings.max_result_rows
        answer = answer_directly(self.store, sparql, accept[0], limit, presets, self.service_base)
        if answer is None:  # too long to answer here: a worker answers this text from now on
            self._cheap[sparql] = None
            return None
        return PoolResult(answer, truncated=False, limit=limit)

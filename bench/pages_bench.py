"""Resource pages at ~100 k triples: time per page against the time of the SPARQL behind it.

The graph is the national graph of bench/national_graph.py (about --triples asserted
triples: regional and local agreements of every county and municipality over 2011–2025,
with the same real actors, statutes, territories and concepts), through the whole build.
Actor and concept pages therefore grow as they would with more source documents.

Each page is requested in-process (FastAPI TestClient, one portal kept open); the store is
wrapped so that the time spent in its queries during that request (GraphStore.select/ask/query:
evaluation and reading the results) is measured in the same run. Prints the
median and p99 time per page, the median query time, and page/query ratios.
Targets: median page < 50 ms; a page costs at most twice its queries.

    python bench/pages_bench.py [--triples 100000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import warnings
from pathlib import Path

from ansvar.settings import Settings
from ansvar.store.base import GraphStore
from ansvar.store.embedded import EmbeddedStore


class TimedStore(GraphStore):
    """Delegates to a store and adds up the seconds spent in its queries."""

    def __init__(self, inner: EmbeddedStore):
        self.inner, self.seconds = inner, 0.0

    def _timed(self, fn, *args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start

    def query(self, sparql, **kwargs):
        return self._timed(self.inner.query, sparql, **kwargs)

    # A page's queries are timed as a client of the store sees them: evaluation plus
    # reading the results (SPARQL JSON decoded into bindings).
    def select(self, sparql):
        return self._timed(self.inner.select, sparql)

    def ask(self, sparql):
        return self._timed(self.inner.ask, sparql)

    def named_graphs(self):
        return self._timed(self.inner.named_graphs)

    def dump(self, media_type="application/n-quads"):
        return self.inner.dump(media_type)


def sample_paths(store: EmbeddedStore) -> list[str]:
    picks = {
        "actor": [
            "id/org/migrationsverket",
            "id/org/arbetsformedlingen",
            "id/org/lansstyrelsen-10",
            "id/org/kommun-1082",
            "id/org/forsakringskassan",
            "id/org/landstinget-blekinge",
        ],
        "agreement": ["id/agreement/blekinge-2016-2018", "id/agreement/national-10-2014-2017"],
        "statute": [
            "id/statute/sfs-2010-197",
            "id/statute/sfs-1994-137",
            "id/statute/sfs-2010-197/section/4",
        ],
        "territory": ["id/county/10", "id/county/14", "id/municipal-area/1082"],
        "concept": ["concept/task/lma-allowance", "concept/duty/decides", "concept/duty"],
        "fact": [
            "id/responsibility/blekinge-overenskommelse-2016/41",
            "id/responsibility/national-10-2014-2017/board",
            "id/source/blekinge-overenskommelse-2016",
        ],
        "graph": ["graph/source/blekinge-overenskommelse-2016"],
    }
    return ["/page/" + p for paths in picks.values() for p in paths]


def page_app(store: GraphStore, fastapi_class):
    """The service's page routers over `store`, as create_app wires them (no SPARQL worker pool)."""
    from ansvar.web import errors, resources, search

    app = fastapi_class()
    app.state.store = store
    app.state.settings = Settings(isolate_queries=False)
    errors.install(app)
    app.include_router(resources.router)
    app.include_router(search.router)

    @app.middleware("http")
    async def server_time(request, call_next):  # the page's cost on the server, without the test client
        start = time.perf_counter()
        response = await call_next(request)
        body = b"".join([chunk async for chunk in response.body_iterator])
        app.state.last_server_s = time.perf_counter() - start
        from starlette.responses import Response

        return Response(body, status_code=response.status_code, headers=dict(response.headers))

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    warnings.simplefilter("ignore")
    from fastapi import FastAPI
    from fastapi.testclient import TestClient
    from national_graph import built_nquads  # same directory

    nquads, size = built_nquads(args.triples, Path(tempfile.mkdtemp(prefix="pages-bench-")))
    store = TimedStore(EmbeddedStore.in_memory(nquads))
    print(f"synthetic store: {size:,} quads")
    client = TestClient(page_app(store, FastAPI)).__enter__()  # one event-loop portal for all requests
    paths = sample_paths(store.inner)
    for path in paths:  # warm up: templates compiled, label index built
        assert client.get(path).status_code == 200, path
    page_ms, query_ms, ratios = [], [], []
    worst: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        for path in paths:
            store.seconds = 0.0
            r = client.get(path)
            assert r.status_code == 200
            total = client.app.state.last_server_s
            page_ms.append(total * 1000)
            query_ms.append(store.seconds * 1000)
            ratio = total / store.seconds
            ratios.append(ratio)
            worst.setdefault(path, []).append(ratio)
    page_ms.sort()
    p99 = page_ms[min(len(page_ms) - 1, int(0.99 * len(page_ms)))]
    print(f"pages: {len(paths)} resources x {args.rounds} rounds")
    q99 = sorted(query_ms)[int(0.99 * (len(query_ms) - 1))]
    print(f"page time   median {statistics.median(page_ms):7.1f} ms  p99 {p99:7.1f} ms  (target: < 50 ms)")
    print(f"query time  median {statistics.median(query_ms):7.1f} ms  p99 {q99:7.1f} ms")
    print(f"page / its queries: median {statistics.median(ratios):.2f}  max {max(ratios):.2f}  (target: <= 2)")
    per_page = {path: statistics.median(r) for path, r in worst.items()}
    over = sum(1 for r in per_page.values() if r > 2)
    print(f"pages whose median ratio exceeds 2: {over} of {len(per_page)}")
    for path, ratio in sorted(per_page.items(), key=lambda kv: -kv[1])[:5]:
        print(f"  median ratio {ratio:5.2f}  {path}")


if __name__ == "__main__":
    main()

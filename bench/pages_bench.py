"""Resource pages at ~100 k triples: time per page against the time of the SPARQL behind it.

The synthetic graph has the real shape: the built graph plus copies of every source
document's named graph (facts, parties, bodies, responsibilities, with their inferred
triples) under new IRIs, all pointing at the same real actors, statutes, territories and
concepts, until the store holds about 100 k triples. Actor and concept pages therefore
grow as they would with more source documents.

Each page is requested in-process (FastAPI TestClient, one portal kept open); the store is
wrapped so that the time spent in its queries during that request (GraphStore.select/ask/query:
evaluation and reading the results) is measured in the same run. Prints the
median and p99 time per page, the median query time, and page/query ratios.
Targets: median page < 50 ms; a page costs at most twice its queries.

    python bench/pages_bench.py [--triples 100000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
import warnings

import pyoxigraph as ox
from ansvar.build import run_build
from ansvar.namespaces import BASE, GRAPH_INFERRED, SOURCE_GRAPH_PREFIX
from ansvar.settings import Settings
from ansvar.store.base import GraphStore
from ansvar.store.embedded import EmbeddedStore

# IRIs minted per source document are copied; actors, statutes, territories, concepts are shared.
FACT_KINDS = (
    "responsibility|agreement|party|body|membership|goal|area|principle|action-plan|source|post"
    "|grant|event|contact-point|strategy|unmodelled|transfer"
)
FACT = re.compile(BASE + r"id/(" + FACT_KINDS + ")/")


def synthetic_nquads(target: int) -> tuple[bytes, int]:
    built = run_build()
    quads = list(ox.parse(built.store.dump("application/n-quads"), format=ox.RdfFormat.N_QUADS))
    sources = [q for q in quads if q.graph_name.value.startswith(SOURCE_GRAPH_PREFIX)]
    inferred = [
        q
        for q in quads
        if q.graph_name.value == str(GRAPH_INFERRED)
        and any(isinstance(t, ox.NamedNode) and FACT.match(t.value) for t in (q.subject, q.object))
    ]
    out = list(quads)
    copy = 0
    while len(out) < target:
        copy += 1

        def rename(term, k=copy):
            if isinstance(term, ox.NamedNode) and FACT.match(term.value):
                return ox.NamedNode(f"{term.value}-syn{k}")
            return term

        for q in sources:
            out.append(
                ox.Quad(
                    rename(q.subject),
                    q.predicate,
                    rename(q.object),
                    ox.NamedNode(f"{q.graph_name.value}-syn{copy}"),
                )
            )
        for q in inferred:
            out.append(ox.Quad(rename(q.subject), q.predicate, rename(q.object), q.graph_name))
    return ox.serialize(out, format=ox.RdfFormat.N_QUADS), len(out)


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
        "agreement": ["id/agreement/blekinge-2016-2018", "id/agreement/blekinge-2016-2018-syn3"],
        "statute": [
            "id/statute/sfs-2010-197",
            "id/statute/sfs-1994-137",
            "id/statute/sfs-2010-197/section/4",
        ],
        "territory": ["id/county/10", "id/county/14", "id/municipal-area/1082"],
        "concept": ["concept/task/lma-allowance", "concept/duty/decides", "concept/duty"],
        "fact": [
            "id/responsibility/blekinge-overenskommelse-2016/41",
            "id/responsibility/blekinge-overenskommelse-2016/41-syn2",
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
    app.state.templates = resources.page_environment()
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

    nquads, size = synthetic_nquads(args.triples)
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

"""The worker pool awaited from the event loop (QueryPool.call_async, as /sparql uses it): waiting
for a free worker, the admission rule, the time limit, and callers that stop waiting. On asyncio's
own loop and on uvloop, which `ansvar serve` runs on."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest
import uvloop
from ansvar.store.query_pool import PoolBusy, QueryPool, QueryTimeout, StoreSource, run_user_query

LABEL = "Länsstyrelsen i Blekinge län"
NQUADS = (
    "<https://w3id.org/ansvar/id/org/lansstyrelsen-10> <http://www.w3.org/2004/02/skos/core#prefLabel> "
    f'"{LABEL}"@sv <https://w3id.org/ansvar/graph/source/tiny> .\n'
)
LOOKUP = "SELECT ?label WHERE { <https://w3id.org/ansvar/id/org/lansstyrelsen-10> skos:prefLabel ?label }"
JSON = ("application/sparql-results+json", "text/turtle")


def napping(_store: object, seconds: float, answer: str) -> str:
    """A job for the workers: sleep, then answer."""
    time.sleep(seconds)
    return answer


@pytest.fixture(params=["asyncio", "uvloop"])
def run(request):
    """Runs a coroutine to its end on the event loop named by the parameter."""
    return asyncio.run if request.param == "asyncio" else uvloop.run


@pytest.fixture
def make_pool(tmp_path: Path):
    data = tmp_path / "tiny.nq"
    data.write_text(NQUADS, encoding="utf-8")
    pools: list[QueryPool] = []

    def make(size: int) -> QueryPool:
        pools.append(QueryPool(StoreSource(nquads_file=data), size=size))
        return pools[-1]

    yield make
    for pool in pools:
        pool.close()


def test_a_query_is_answered_through_the_pipe_without_a_thread(make_pool, run) -> None:
    pool = make_pool(1)
    args = (LOOKUP, JSON, None, None, 100, 64)
    result = run(pool.call_async(run_user_query, args, timeout=30, client="a"))
    rows = json.loads(result.result.body)["results"]["bindings"]
    assert [row["label"]["value"] for row in rows] == [LABEL] and not result.truncated


def test_callers_wait_for_the_busy_worker_and_are_served_in_turn(make_pool, run) -> None:
    pool = make_pool(1)
    finished: list[str] = []

    async def ask(answer: str, seconds: float) -> None:
        finished.append(await pool.call_async(napping, (seconds, answer), timeout=30, client=answer))

    async def main() -> None:
        first = asyncio.create_task(ask("first", 0.5))
        await asyncio.sleep(0.1)  # the first has the only worker
        await asyncio.gather(first, ask("second", 0.0), ask("third", 0.0))

    run(main())
    assert finished == ["first", "second", "third"]


def test_waiting_longer_than_the_queue_wait_is_pool_busy_and_the_worker_stays_usable(make_pool, run) -> None:
    pool = make_pool(1)

    async def main() -> tuple[BaseException | str, ...]:
        holder = asyncio.create_task(pool.call_async(napping, (1.0, "held"), timeout=30, client="a"))
        await asyncio.sleep(0.1)
        began = time.monotonic()
        refused = await asyncio.gather(pool.call_async(napping, (0, "x"), timeout=30, wait=0.2), return_exceptions=True)
        waited = time.monotonic() - began
        assert waited < 0.9, waited  # refused at its queue wait, not when the worker came free
        return (*refused, await holder, await pool.call_async(napping, (0, "after"), timeout=30, wait=5))

    refused, held, after = run(main())
    assert isinstance(refused, PoolBusy) and (held, after) == ("held", "after")


def test_the_time_limit_kills_the_worker_and_a_fresh_one_answers(make_pool, run) -> None:
    pool = make_pool(1)

    async def main() -> str:
        with pytest.raises(QueryTimeout):
            await pool.call_async(napping, (30, "never"), timeout=0.5)
        return await pool.call_async(napping, (0, "fresh"), timeout=30, wait=60)

    assert run(main()) == "fresh"


def test_a_caller_that_stops_waiting_leaves_no_answer_behind_for_the_next(make_pool, run) -> None:
    pool = make_pool(1)

    async def main() -> str:
        running = asyncio.create_task(pool.call_async(napping, (0.5, "stale"), timeout=30))
        await asyncio.sleep(0.1)
        queued = asyncio.create_task(pool.call_async(napping, (0, "never asked"), timeout=30))
        await asyncio.sleep(0.1)
        running.cancel()  # its worker is replaced: the answer it would send is never read
        queued.cancel()  # it was waiting for a worker: nothing is lost
        await asyncio.gather(running, queued, return_exceptions=True)
        return await pool.call_async(napping, (0, "fresh"), timeout=30, wait=60)

    assert run(main()) == "fresh"


def test_a_heavy_client_waits_while_a_light_one_takes_the_kept_worker(make_pool, run) -> None:
    pool = make_pool(2)
    heavy, light = "192.0.2.1", "192.0.2.2"
    pool.admission.finished(heavy, pool.admission.started(heavy, now=time.monotonic() - 5))  # ran for 5 s

    async def main() -> tuple[BaseException | str, ...]:
        holder = asyncio.create_task(pool.call_async(napping, (1.0, "held"), timeout=30, client=heavy))
        await asyncio.sleep(0.2)  # one worker busy, one idle and kept for quick clients
        return tuple(
            await asyncio.gather(
                pool.call_async(napping, (0, "heavy"), timeout=30, wait=0.3, client=heavy),
                pool.call_async(napping, (0, "light"), timeout=30, wait=0.3, client=light),
                holder,
                return_exceptions=True,
            )
        )

    refused, answered, held = run(main())
    assert isinstance(refused, PoolBusy) and "kept for clients whose queries are quick" in str(refused)
    assert (answered, held) == ("light", "held")


def test_an_answer_larger_than_the_pipe_buffer_arrives_whole(make_pool, run) -> None:
    pool = make_pool(1)
    large = "x" * 900_000  # the worker writes it in many pieces while the server reads

    async def main() -> list[str]:
        return list(await asyncio.gather(*(pool.call_async(napping, (0, large), timeout=30) for _ in range(3))))

    assert run(main()) == [large] * 3


# -- queries proven cheap, answered without a worker (ansvar.cheap_queries) ------------------

ORG = "https://w3id.org/ansvar/id/org/"
# 150 labels: a four-way product of the graph is 5 * 10^8 solutions, far beyond a second.
MANY = NQUADS + "".join(
    f'<{ORG}org-{i}> <http://www.w3.org/2004/02/skos/core#prefLabel> "org {i}" '
    "<https://w3id.org/ansvar/graph/source/tiny> .\n"
    for i in range(150)
)
# A variable subject in every pattern and a regex over all four: nothing prunes the product.
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a skos:prefLabel ?b . ?c skos:prefLabel ?d . ?e skos:prefLabel ?f . "
    '?g skos:prefLabel ?h FILTER(REGEX(CONCAT(?b, ?d, ?f, ?h), "z")) }'
)
NOT_CHEAP = {
    "a path": f"SELECT ?l WHERE {{ <{ORG}lansstyrelsen-10> skos:prefLabel/skos:prefLabel* ?l }}",
    "two patterns": f"SELECT ?l WHERE {{ <{ORG}lansstyrelsen-10> skos:prefLabel ?l . <{ORG}org-1> ?p ?l }}",
    "a variable subject": "SELECT ?s WHERE { ?s skos:prefLabel ?l }",
    "a FILTER with a regex": f'SELECT ?l WHERE {{ <{ORG}lansstyrelsen-10> ?p ?l FILTER(REGEX(?l, "B")) }}',
}


class CountingPool:
    """A real pool that counts the queries sent to its workers."""

    def __init__(self, pool: QueryPool) -> None:
        self.pool, self.calls = pool, 0

    async def call_async(self, *args, **kwargs):
        self.calls += 1
        return await self.pool.call_async(*args, **kwargs)


@pytest.fixture
def runner(tmp_path: Path):
    from ansvar.settings import Settings
    from ansvar.store.embedded import EmbeddedStore
    from ansvar.web.query_runner import QueryRunner

    data = tmp_path / "many.nq"
    data.write_text(MANY, encoding="utf-8")
    pool = QueryPool(StoreSource(nquads_file=data), size=1)
    settings = Settings(query_timeout_s=1.0)
    yield QueryRunner(EmbeddedStore.in_memory(MANY.encode()), settings, CountingPool(pool))
    pool.close()


def test_a_query_proven_cheap_is_answered_without_a_worker_once_a_worker_has_checked_it(runner, run) -> None:
    async def main() -> list[bytes]:
        return [(await runner.run(LOOKUP, JSON, None, None, "a")).result.body for _ in range(3)]

    bodies = run(main())
    assert runner.pool.calls == 1  # the first: parsed by the guard in a worker
    assert len(set(bodies)) == 1
    rows = json.loads(bodies[0])["results"]["bindings"]
    assert [row["label"]["value"] for row in rows] == [LABEL]


def test_with_a_dataset_it_goes_to_a_worker_every_time(runner, run) -> None:
    graphs = ["https://w3id.org/ansvar/graph/source/tiny"]

    async def main() -> None:
        for _ in range(3):
            await runner.run(LOOKUP, JSON, graphs, None, "a")

    run(main())
    assert runner.pool.calls == 3


@pytest.mark.parametrize("shape", sorted(NOT_CHEAP))
def test_a_query_not_proven_cheap_goes_to_a_worker_every_time(runner, run, shape: str) -> None:
    async def main() -> None:
        for _ in range(3):
            await runner.run(NOT_CHEAP[shape], JSON, None, None, "a")

    run(main())
    assert runner.pool.calls == 3


def test_a_slow_query_asked_after_cheap_ones_is_still_stopped_at_the_time_limit(runner, run) -> None:
    async def main() -> None:
        for _ in range(2):
            await runner.run(LOOKUP, JSON, None, None, "a")
        began = time.monotonic()
        with pytest.raises(QueryTimeout):
            await runner.run(SLOW, JSON, None, None, "a")
        assert time.monotonic() - began < 10
        await runner.run(LOOKUP, JSON, None, None, "a")  # answered here: the worker is being replaced

    run(main())
    assert runner.pool.calls == 2

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

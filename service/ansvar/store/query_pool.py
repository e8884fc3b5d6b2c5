"""Run user queries in worker processes that can be killed at the time limit.

pyoxigraph releases the GIL while it evaluates but cannot cancel a running
query, so a runaway query in a thread would keep a core busy for ever. Each
worker process holds its own copy (or read-only handle) of the store; at the
time limit the worker is killed and a fresh one is started in the background.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
import json
import logging
import multiprocessing as mp
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pyoxigraph as ox

from ..sandbox import deny_network
from ..sparql_guard import DEFAULT_MAX_DEPTH, Refused, query_verdict
from . import worker_pipe
from .admission import Admission
from .base import SOLUTION_TYPES, GraphStore, QueryResult, QuerySyntaxError, ResultKind, serialized
from .query_worker_answers import capped_answer

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from .embedded import EmbeddedStore

_T = TypeVar("_T")

__all__ = [
    "PoolBusy",
    "PoolResult",
    "QueryPool",
    "QueryTimeout",
    "StoreSource",
    "WorkerStopped",
    "log",
    "run_capped",
    "run_user_query",
]

log = logging.getLogger("ansvar.query_pool")
_CTX = mp.get_context("spawn")  # no fork: the server process has threads


class QueryTimeout(Exception):
    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"the query did not finish within {seconds:g} s and was stopped")


class PoolBusy(Exception):
    """Every worker is busy and none became free in time (or the free one is kept for quicker clients)."""

    def __init__(self, reason: str | None = None):
        super().__init__(reason or "too many queries are running: try again shortly")


class WorkerStopped(Exception):
    """The worker died or ran out of memory while evaluating; it is replaced."""

    def __init__(self, memory_limit: int):
        self.memory_limit = memory_limit
        limit = f"the memory limit of {memory_limit / 2**20:.0f} MiB per worker" if memory_limit else "a crash"
        super().__init__(f"the query stopped its worker (most likely {limit}); narrow the query")


@dataclass(frozen=True)
class StoreSource:
    """Where a worker gets the data: an on-disk store, or an N-Quads file to load in memory."""

    store_dir: Path | None = None
    memory_limit: int = 0  # bytes of address space per worker (RLIMIT_AS); 0 = no cap
    generation: str | None = None  # the generation the server serves, not whatever is current later
    nquads_file: Path | None = None
    spool_dir: Path | None = None  # where workers leave large results for the server to send


@dataclass(frozen=True)
class PoolResult:
    result: QueryResult
    truncated: bool
    limit: int
    # A large result is left in this file (result.body is then empty): the server sends it in
    # chunks and deletes it, so it never passes through the pipe or sits whole in memory.
    file: Path | None = None
    # Set when the guard's parse proved the query cheap (ansvar.cheap_queries): the preset
    # prefixes it uses undeclared, for the server to answer the same text itself next time.
    cheap_presets: dict[str, str] | None = None


_spool_dir: Path | None = None  # set in each worker process (see _worker_main)


def _open(source: StoreSource) -> EmbeddedStore:
    from .embedded import EmbeddedStore

    if source.store_dir is not None:
        return EmbeddedStore.open_directory(source.store_dir, generation=source.generation)
    if source.nquads_file is None:
        raise ValueError("a store source names a store directory or an N-Quads file")
    return EmbeddedStore.in_memory(source.nquads_file)


def _cap_solutions(result: QueryResult, media_type: str, max_rows: int) -> tuple[bytes, bool]:
    """Apply the row cap. The store wrote JSON; other formats are converted by pyoxigraph."""
    data = json.loads(result.body)
    truncated = False
    if "results" in data and len(data["results"]["bindings"]) > max_rows:
        data["results"]["bindings"] = data["results"]["bindings"][:max_rows]
        truncated = True
    body = json.dumps(data, ensure_ascii=False).encode("utf-8") if truncated else result.body
    if media_type != SOLUTION_TYPES[0]:
        from .embedded import RESULT_FORMATS

        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        body = serialized(parsed.serialize(format=RESULT_FORMATS[media_type]))
    return body, truncated


def _cap_triples(result: QueryResult, media_type: str, max_rows: int) -> tuple[bytes, bool]:
    from .embedded import triples_format

    parsed = ox.parse(result.body, format=ox.RdfFormat.N_TRIPLES)
    triples = [q.triple for q in itertools.islice(parsed, max_rows + 1)]
    truncated = len(triples) > max_rows
    return serialized(ox.serialize(triples[:max_rows], format=triples_format(media_type))), truncated


def run_capped(
    store: GraphStore,
    sparql: str,
    accept: tuple[str, str],
    default_graphs: list[str] | None,
    named_graphs: list[str] | None,
    max_rows: int,
    prefixes: dict[str, str] | None = None,
    base_iri: str | None = None,
) -> PoolResult:
    """Evaluate once, cap the rows, answer in the format asked for.

    In a worker (which has a spool directory) the embedded store's answer is written by
    `query_worker_answers`, a large one into a file; elsewhere through JSON or N-Triples."""
    from .embedded import EmbeddedStore

    if _spool_dir is not None and isinstance(store, EmbeddedStore):
        dataset = (default_graphs, named_graphs)
        capped = capped_answer(store, sparql, accept, dataset, max_rows, prefixes, base_iri, _spool_dir)
        return PoolResult(capped.result, capped.truncated, max_rows, file=capped.file)
    raw = store.query(
        sparql,
        accept=(SOLUTION_TYPES[0], "application/n-triples"),
        default_graphs=default_graphs,
        named_graphs=named_graphs,
        prefixes=prefixes,
        base_iri=base_iri,
    )
    if raw.kind is ResultKind.GRAPH:
        body, truncated = _cap_triples(raw, accept[1], max_rows)
        media = accept[1]
    else:
        body, truncated = _cap_solutions(raw, accept[0], max_rows)
        media = accept[0]
    return PoolResult(QueryResult(raw.kind, body, media), truncated, max_rows)


def _cap_memory(limit: int) -> None:
    """A query that needs more than `limit` bytes fails in this worker, not in the machine."""
    if limit > 0:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_user_query(
    store: GraphStore,
    sparql: str,
    accept: tuple[str, str],
    default_graphs: list[str] | None,
    named_graphs: list[str] | None,
    max_rows: int,
    max_depth: int = DEFAULT_MAX_DEPTH,
    base_iri: str | None = None,
) -> PoolResult:
    """A query from outside: refused (Refused) unless the guard's parse allows it, then evaluated
    with the preset prefixes it uses undeclared, relative IRIs resolved against `base_iri`."""
    verdict = query_verdict(sparql, max_depth)
    result = run_capped(store, sparql, accept, default_graphs, named_graphs, max_rows, verdict.presets, base_iri)
    return dataclasses.replace(result, cheap_presets=verdict.presets) if verdict.cheap else result


def _worker_main(conn: Connection, source: StoreSource) -> None:
    global _spool_dir
    deny_network()
    _spool_dir = source.spool_dir
    try:
        _cap_memory(source.memory_limit)
        store = _open(source)
    except Exception as err:  # reported to the parent, which logs it
        conn.send(("failed", repr(err)))
        return
    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        if request is None:
            return
        job, args = request  # a module-level function, called with the worker's store first
        try:
            worker_pipe.send(conn, ("ok", job(store, *args)))
        except Refused as err:
            worker_pipe.send(conn, ("refused", (err.status, err.message)))
        except QuerySyntaxError as err:
            worker_pipe.send(conn, ("syntax", str(err)))
        except MemoryError:
            worker_pipe.send(conn, ("memory", None))
        except Exception as err:
            worker_pipe.send(conn, ("error", f"{type(err).__name__}: {err}"))


def _unpacked(reply: tuple[str, Any], memory_limit: int) -> Any:
    """What the job returned (sent back through the pipe), or its failure raised as in the server."""
    status, payload = reply
    if status == "ok":
        return payload
    if status == "syntax":
        raise QuerySyntaxError(payload)
    if status == "memory":
        raise WorkerStopped(memory_limit)
    if status == "refused":
        raise Refused(*payload)
    raise RuntimeError(payload)


class _Worker:
    def __init__(self, source: StoreSource):
        self.conn, child = _CTX.Pipe()
        self.process = _CTX.Process(target=_worker_main, args=(child, source), daemon=True, name="ansvar-query")
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise RuntimeError("a query worker did not start in time")
        status, detail = self.conn.recv()
        if status != "ready":
            self.kill()
            raise RuntimeError(f"a query worker could not open the store: {detail}")

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


_Taken = tuple[_Worker, float]  # a worker taken from the pool, and when (Admission.started)
_GiveBack = Callable[[_Taken, str | None], None]


class _Waiter:
    """A coroutine waiting for a worker: its loop's future, resolved with (worker, start time)."""

    def __init__(self, loop: asyncio.AbstractEventLoop, client: str | None):
        self.loop, self.client = loop, client
        self.future: asyncio.Future[_Taken | None] = loop.create_future()

    def resolve(self, taken: _Taken, give_back: _GiveBack) -> None:
        """Hand `taken` over from any thread; if the waiter has stopped waiting, `give_back` returns it."""

        def settle() -> None:
            if self.future.done():
                give_back(taken, self.client)
            else:
                self.future.set_result(taken)

        if _running_loop() is self.loop:
            settle()
        else:
            self.loop.call_soon_threadsafe(settle)

    async def wait(self, seconds: float, give_back: _GiveBack) -> _Taken | None:
        """The worker handed over within `seconds`, or None."""
        timer = self.loop.call_later(max(seconds, 0.0), self._time_up)
        try:
            return await self.future
        except BaseException:  # cancelled: a worker handed over meanwhile goes back
            if self.future.done() and not self.future.cancelled() and (taken := self.future.result()) is not None:
                give_back(taken, self.client)
            raise
        finally:
            timer.cancel()

    def _time_up(self) -> None:
        if not self.future.done():
            self.future.set_result(None)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class QueryPool:
    """A fixed number of worker processes; at most that many queries run at once.

    Who may take a free worker is decided by `Admission`: one worker is kept for clients
    whose recent queries were all quick.
    """

    @classmethod
    def for_store(cls, store: GraphStore, store_dir: Path | None, size: int = 2, memory_limit: int = 0) -> QueryPool:
        """Workers open the on-disk store read-only, or load a dump of the in-memory one."""
        generation = getattr(store, "generation", None)
        if store_dir is not None and generation is not None:
            return cls(StoreSource(store_dir=store_dir, generation=generation.name, memory_limit=memory_limit), size)
        scratch = tempfile.mkdtemp(prefix="ansvar-pool-")
        dump = Path(scratch) / "store.nq"
        from .embedded import EmbeddedStore

        if isinstance(store, EmbeddedStore):  # streamed: the store is never one bytes object
            store.dump_to(dump, "application/n-quads")
        else:
            dump.write_bytes(store.dump("application/n-quads"))
        return cls(StoreSource(nquads_file=dump, memory_limit=memory_limit), size, scratch=Path(scratch))

    def restarted_on(self, store: GraphStore, store_dir: Path | None) -> QueryPool:
        """A new pool of the same size and limits over another store (after an update)."""
        return QueryPool.for_store(store, store_dir, self.size, self.source.memory_limit)

    def __init__(self, source: StoreSource, size: int = 2, start_timeout: float = 120.0, scratch: Path | None = None):
        if source.spool_dir is None:
            self._spool: Path | None = Path(tempfile.mkdtemp(prefix="ansvar-results-"))
            source = dataclasses.replace(source, spool_dir=self._spool)
        else:
            self._spool = None
        self.source, self.size, self.start_timeout, self._scratch = source, size, start_timeout, scratch
        self.admission = Admission(size)
        self._idle: list[_Worker] = []
        self._free = threading.Condition()
        self._waiters: list[_Waiter] = []  # coroutines waiting for a worker, oldest first
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        workers = [self._spawn() for _ in range(size)]
        for worker in workers:
            worker.wait_ready(start_timeout)
            self._give_back(worker)

    def _give_back(self, worker: _Worker) -> None:
        with self._free:
            self._idle.append(worker)
            self._hand_over()
            self._free.notify_all()

    def _hand_over(self) -> None:
        """Give idle workers to waiting coroutines, first come first served among those admitted.
        Called with the condition's lock held."""
        for waiter in list(self._waiters):
            if not self._idle:
                return
            if waiter.future.done():  # timed out or cancelled: it removes itself
                continue
            if self.admission.may_take(waiter.client, len(self._idle)):
                self._waiters.remove(waiter)
                waiter.resolve((self._idle.pop(), self.admission.started(waiter.client)), self._give_back_taken)

    def _give_back_taken(self, taken: _Taken, client: str | None) -> None:
        """A worker handed to a coroutine that no longer waits for it."""
        self.admission.finished(client, taken[1])
        self._give_back(taken[0])

    async def _take_async(self, client: str | None, wait: float) -> _Taken:
        """`_take` for the event loop: waits on a future that `_hand_over` resolves, not in a thread."""
        deadline = time.monotonic() + wait
        loop = asyncio.get_running_loop()
        while True:
            with self._free:
                taken = self._take_now(client)
                if taken is not None:
                    return taken
                waiter = _Waiter(loop, client)
                self._waiters.append(waiter)
            taken = await waiter.wait(deadline - time.monotonic(), self._give_back_taken)
            if taken is not None:
                return taken
            with self._free:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
            if time.monotonic() >= deadline:
                raise PoolBusy(self.admission.why_held_back() if self._idle else None)

    def _take(self, client: str | None, wait: float) -> _Taken:
        deadline = time.monotonic() + wait
        with self._free:
            while (taken := self._take_now(client)) is None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise PoolBusy(self.admission.why_held_back() if self._idle else None)
                self._free.wait(remaining)
            return taken

    def _spawn(self) -> _Worker:
        worker = _Worker(self.source)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, dead: _Worker) -> None:
        with self._lock:
            self._all.discard(dead)
        if dead.process.is_alive():
            dead.process.kill()  # at once; reaping it (a join) waits in the thread, not in the caller's event loop

        def start() -> None:
            dead.kill()
            if self._closed:
                return
            try:
                worker = self._spawn()
                worker.wait_ready(self.start_timeout)
                self._give_back(worker)
            except Exception:
                log.exception("could not start a replacement query worker")

        threading.Thread(target=start, daemon=True, name="ansvar-query-respawn").start()

    def call(
        self,
        job: Callable[..., _T],
        args: tuple[object, ...],
        *,
        timeout: float,
        wait: float = 30.0,
        client: str | None = None,
    ) -> _T:
        """Run `job(store, *args)` in a worker (job: a module-level function), under the time limit.

        `client` (an address) is who asked, for `Admission`; None for the service's own work.
        """
        taken, started = self._take(client, wait)
        with self._in_flight(taken, job, client, started) as worker:
            worker.conn.send((job, args))
            if not worker.conn.poll(timeout):
                raise QueryTimeout(timeout)
            reply = worker_pipe.receive(worker.conn)
        result: _T = _unpacked(reply, self.source.memory_limit)
        return result

    async def call_async(
        self,
        job: Callable[..., _T],
        args: tuple[object, ...],
        *,
        timeout: float,
        wait: float = 30.0,
        client: str | None = None,
    ) -> _T:
        """`call` for the event loop: a free worker and then its answer are awaited without a thread."""
        taken, started = await self._take_async(client, wait)
        with self._in_flight(taken, job, client, started) as worker:
            worker.conn.send((job, args))
            reply = await worker_pipe.receive_async(worker.conn, timeout)
            if reply is worker_pipe.TIMED_OUT:
                raise QueryTimeout(timeout)
        result: _T = _unpacked(reply, self.source.memory_limit)
        return result

    def _take_now(self, client: str | None) -> _Taken | None:
        """A worker `client` may take at once, or None. (The condition's lock is re-entrant.)"""
        with self._free:
            if not self.admission.may_take(client, len(self._idle)):
                return None
            return self._idle.pop(), self.admission.started(client)

    @contextlib.contextmanager
    def _in_flight(
        self, worker: _Worker, job: Callable[..., object], client: str | None, started: float
    ) -> Iterator[_Worker]:
        """While `worker` runs `job`: a worker that timed out, died or whose answer nobody waits for any
        more is killed and replaced (its pipe may still hold an answer); any other goes back to the pool."""
        healthy = False
        try:
            yield worker
            healthy = True
        except QueryTimeout:
            log.warning("%s stopped after %.1f s", job.__name__, time.monotonic() - started)
            raise
        except (EOFError, BrokenPipeError, OSError):
            raise WorkerStopped(self.source.memory_limit) from None
        finally:
            self.admission.finished(client, started)
            if healthy:
                self._give_back(worker)
            else:
                self._replace(worker)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            try:
                worker.conn.send(None)
            except OSError:
                pass
            worker.kill()
        for directory in (self._scratch, self._spool):
            if directory is not None:
                shutil.rmtree(directory, ignore_errors=True)

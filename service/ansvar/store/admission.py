"""Which client may take which query worker, so cheap queries never queue behind costly ones.

A pool of N workers can be filled by N clients that each send a query which runs until
the time limit; every other client then waits seconds for a worker. Public endpoints
answer this with per-client limits. Here:

- a client whose queries run long (one has been running for `slow_s` or more, or one
  took that long in the last `window_s` seconds) is *heavy*: it may take a worker only
  while more than `reserved` workers are idle;
- every other client is *light* and may take any idle worker.

So with the default of one reserved worker, a client sending quick lookups finds a
worker even while others keep the rest busy with queries that run to the time limit.
The first long query of a new client is not yet known to be long; it runs as light. A
client's quick queries in parallel (a page that asks several at once) are all light.
"""

from __future__ import annotations

import threading
import time
from collections import deque

__all__ = ["Admission"]

_MAX_CLIENTS = 10_000  # beyond this, clients with no recent slow query are forgotten


class Admission:
    """Counts running queries and recent slow ones per client; decides who may take a worker."""

    def __init__(self, size: int, slow_s: float = 1.0, window_s: float = 30.0):
        self.reserved = 1 if size > 1 else 0
        self.slow_s, self.window_s = slow_s, window_s
        self._running: dict[str, list[float]] = {}  # client → start times of its running queries
        self._slow: dict[str, deque[float]] = {}  # client → end times of its slow queries
        self._lock = threading.Lock()

    def is_heavy(self, client: str | None, now: float | None = None) -> bool:
        if client is None:  # the service's own work (e.g. the checks of a new date)
            return False
        now = time.monotonic() if now is None else now
        with self._lock:
            if any(now - start >= self.slow_s for start in self._running.get(client, ())):
                return True
            ends = self._slow.get(client)
            while ends and ends[0] <= now - self.window_s:
                ends.popleft()
            return bool(ends)

    def may_take(self, client: str | None, idle: int, now: float | None = None) -> bool:
        """Whether `client` may take one of `idle` free workers now."""
        if idle <= 0:
            return False
        return idle > self.reserved or not self.is_heavy(client, now)

    def why_held_back(self) -> str:
        return (
            f"the free query worker is kept for clients whose queries are quick, and a query from your address "
            f"has been running, or ran, for {self.slow_s:g} s or more in the last {self.window_s:g} s: "
            f"wait for it, or narrow your queries"
        )

    def started(self, client: str | None, now: float | None = None) -> float:
        """Note a query of `client` starting; returns its start time, to pass to `finished`."""
        now = time.monotonic() if now is None else now
        if client is not None:
            with self._lock:
                self._running.setdefault(client, []).append(now)
        return now

    def finished(self, client: str | None, started: float, now: float | None = None) -> None:
        if client is None:
            return
        now = time.monotonic() if now is None else now
        with self._lock:
            running = self._running.get(client, [])
            if started in running:
                running.remove(started)
            if not running:
                self._running.pop(client, None)
            if now - started >= self.slow_s:
                self._slow.setdefault(client, deque()).append(now)
            if len(self._slow) > _MAX_CLIENTS:
                for key in [k for k, v in self._slow.items() if not v or v[-1] <= now - self.window_s]:
                    del self._slow[key]

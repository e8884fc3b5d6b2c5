"""A per-client budget for the expensive endpoints, as public SPARQL endpoints have.

Each client (by IP address) may spend `client_budget_s` seconds of wall time
per minute on /sparql and /checks; a request beyond it gets 429 with
Retry-After, without reaching the store. Other pages are not counted.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque

from fastapi import FastAPI, Request
from starlette.types import ASGIApp, Receive, Scope, Send

WINDOW_S = 60.0
BUDGETED_PATHS = ("/sparql", "/checks")
_MAX_CLIENTS = 10_000  # beyond this, clients with nothing left in the window are forgotten


def client_address(request: Request) -> str | None:
    """The address a client is counted and logged by (uvicorn takes it from X-Forwarded-For
    behind a proxy in FORWARDED_ALLOW_IPS)."""
    return scope_client(request.scope)


def scope_client(scope: Scope) -> str | None:
    """`client_address` of an ASGI scope, for the middlewares."""
    client = scope.get("client")
    return str(client[0]) if client else None


class ClientBudget:
    """Seconds spent per client in the last minute."""

    def __init__(self, seconds_per_window: float, window: float = WINDOW_S):
        self.limit, self.window = seconds_per_window, window
        self._spent: dict[str, deque[tuple[float, float]]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[tuple[float, float]]:
        entries = self._spent.setdefault(client, deque())
        while entries and entries[0][0] <= now - self.window:
            entries.popleft()
        return entries

    def retry_after(self, client: str, now: float) -> int | None:
        """None when the client may go on, else seconds until enough of its budget is free again."""
        with self._lock:
            entries = self._recent(client, now)
            spent = sum(seconds for _end, seconds in entries)
            if spent < self.limit:
                return None
            for end, seconds in entries:  # oldest first: when does the sum drop below the limit?
                spent -= seconds
                if spent < self.limit:
                    return max(1, math.ceil(end + self.window - now))
            return 1

    def charge(self, client: str, end: float, seconds: float) -> None:
        with self._lock:
            self._recent(client, end).append((end, seconds))
            if len(self._spent) > _MAX_CLIENTS:
                for key in [k for k, v in self._spent.items() if not v]:
                    del self._spent[key]


class BudgetMiddleware:
    """ASGI middleware: refuse with 429 when the client's budget is spent, else charge the request."""

    def __init__(self, app: ASGIApp, budget: ClientBudget) -> None:
        self.app, self.budget = app, budget

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(BUDGETED_PATHS):
            return await self.app(scope, receive, send)
        client = scope_client(scope) or "unknown"
        started = time.monotonic()
        retry = self.budget.retry_after(client, started)
        if retry is not None:
            body = (f"too much query time from your address in the last minute: try again in {retry} s\n").encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 429,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"retry-after", str(retry).encode()),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        try:
            await self.app(scope, receive, send)
        finally:
            ended = time.monotonic()
            self.budget.charge(client, ended, ended - started)


def install(app: FastAPI) -> None:
    seconds = app.state.settings.client_budget_s
    if seconds > 0:
        app.add_middleware(BudgetMiddleware, budget=ClientBudget(seconds))

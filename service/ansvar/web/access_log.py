"""Structured access log: one JSON object per request on the `ansvar.access` logger.

A plain ASGI middleware: it only watches the response status go by. (Starlette's
BaseHTTPMiddleware would copy every response through a task and a memory stream,
which costs more than a lookup query takes to evaluate.)
"""

from __future__ import annotations

import json
import logging
import time

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .budget import scope_client

log = logging.getLogger("ansvar.access")


class AccessLog:
    """Logs each HTTP request when its answer is complete (or failed): status 500 unless one was sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = 500

        async def watching_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watching_send)
        finally:
            if log.isEnabledFor(logging.INFO):
                log.info(json.dumps(_entry(scope, status, started)))


def _entry(scope: Scope, status: int, started: float) -> dict[str, object]:
    user_agent = next((v for k, v in scope.get("headers", ()) if k == b"user-agent"), None)
    return {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "method": scope["method"],
        "path": scope["path"],
        "query_bytes": len(scope.get("query_string", b"")),
        "status": status,
        "ms": round((time.perf_counter() - started) * 1000, 1),
        "client": scope_client(scope),
        "user_agent": user_agent.decode("latin-1") if user_agent is not None else None,
    }


def install(app: FastAPI) -> None:
    app.add_middleware(AccessLog)


def configure() -> None:
    """Send access lines to stderr as they are (they are JSON already)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False

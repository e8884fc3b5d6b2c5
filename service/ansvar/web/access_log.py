"""Structured access log: one JSON object per request on the `ansvar.access` logger."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

from .budget import client_address

log = logging.getLogger("ansvar.access")


def install(app: FastAPI) -> None:
    @app.middleware("http")
    async def _log(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            return response
        finally:
            log.info(
                json.dumps(
                    {
                        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                        "method": request.method,
                        "path": request.url.path,
                        "query_bytes": len(request.url.query),
                        "status": status,
                        "ms": round((time.perf_counter() - started) * 1000, 1),
                        "client": client_address(request),
                        "user_agent": request.headers.get("user-agent"),
                    }
                )
            )


def configure() -> None:
    """Send access lines to stderr as they are (they are JSON already)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False

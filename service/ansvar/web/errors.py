"""Domain errors mapped to HTTP answers, in one place. Never echoes a traceback."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse

from ..store.base import QuerySyntaxError, StoreUnavailable, StoreUnsupported
from ..store.query_pool import PoolBusy, QueryTimeout, WorkerStopped
from ..store.remote import RemoteStoreTimeout

log = logging.getLogger("ansvar.web")


class ProtocolError(Exception):
    def __init__(self, status: int, message: str):
        self.status, self.message = status, message
        super().__init__(message)


def install(app: FastAPI) -> None:
    @app.exception_handler(ProtocolError)
    async def _protocol(_request: Request, exc: ProtocolError):
        return PlainTextResponse(exc.message + "\n", status_code=exc.status)

    @app.exception_handler(QuerySyntaxError)
    async def _syntax(_request: Request, exc: QuerySyntaxError):
        return PlainTextResponse(f"SPARQL syntax error: {exc}\n", status_code=400)

    @app.exception_handler(QueryTimeout)
    async def _timeout(_request: Request, exc: QueryTimeout):
        return PlainTextResponse(
            f"query timeout: {exc}. Narrow the query (add a LIMIT or more specific patterns).\n",
            status_code=503)

    @app.exception_handler(PoolBusy)
    async def _busy(_request: Request, exc: PoolBusy):
        return PlainTextResponse("too many queries are running: try again shortly\n", status_code=503,
                                 headers={"Retry-After": "5"})

    @app.exception_handler(WorkerStopped)
    async def _stopped(_request: Request, exc: WorkerStopped):
        return PlainTextResponse(f"{exc}.\n", status_code=503)

    @app.exception_handler(StoreUnsupported)
    async def _unsupported(_request: Request, exc: StoreUnsupported):
        return PlainTextResponse(f"not available with this store: {exc}\n", status_code=501)

    @app.exception_handler(StoreUnavailable)
    async def _unavailable(request: Request, exc: StoreUnavailable):
        # The store is down, slow or refused: a gateway error with the store's own message.
        log.warning("store failed on %s: %s", request.url.path, exc)
        status = 504 if isinstance(exc, RemoteStoreTimeout) else 502
        return PlainTextResponse(f"the graph's store failed: {exc}\n", status_code=status)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)
        return PlainTextResponse("internal error: the request could not be completed\n", status_code=500)

"""Domain errors mapped to HTTP answers, in one place. Never echoes a traceback."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..sparql_guard import Refused
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
    async def _protocol(_request: Request, exc: ProtocolError) -> Response:
        return PlainTextResponse(exc.message + "\n", status_code=exc.status)

    @app.exception_handler(QuerySyntaxError)
    async def _syntax(_request: Request, exc: QuerySyntaxError) -> Response:
        return PlainTextResponse(f"SPARQL syntax error: {exc}\n", status_code=400)

    @app.exception_handler(Refused)
    async def _refused(_request: Request, exc: Refused) -> Response:
        return PlainTextResponse(exc.message + "\n", status_code=exc.status)

    @app.exception_handler(WorkerStopped)
    async def _worker_stopped(_request: Request, exc: WorkerStopped) -> Response:
        return PlainTextResponse(
            f"the query could not be completed: {exc} (the worker has been replaced); "
            "try again, or simplify the query\n",
            status_code=503,
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(QueryTimeout)
    async def _timeout(_request: Request, exc: QueryTimeout) -> Response:
        return PlainTextResponse(
            f"query timeout: {exc}. Narrow the query (add a LIMIT or more specific patterns).\n", status_code=503
        )

    @app.exception_handler(PoolBusy)
    async def _busy(_request: Request, exc: PoolBusy) -> Response:
        return PlainTextResponse(f"{exc}\n", status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(StoreUnsupported)
    async def _unsupported(_request: Request, exc: StoreUnsupported) -> Response:
        return PlainTextResponse(f"not available with this store: {exc}\n", status_code=501)

    @app.exception_handler(StoreUnavailable)
    async def _unavailable(request: Request, exc: StoreUnavailable) -> Response:
        # The store is down, slow or refused: a gateway error with the store's own message.
        log.warning("store failed on %s: %s", request.url.path, exc)
        status = 504 if isinstance(exc, RemoteStoreTimeout) else 502
        return PlainTextResponse(f"the graph's store failed: {exc}\n", status_code=status)

    # Not an exception_handler(Exception): Starlette re-raises after such a handler and the
    # server then drops the client's keep-alive connection. This answers and carries on.
    app.add_middleware(_UnexpectedErrors)


class _UnexpectedErrors:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            log.exception("unexpected error on %s", scope.get("path"))
            if started:
                raise
            response = PlainTextResponse("internal error: the request could not be completed\n", status_code=500)
            await response(scope, receive, send)

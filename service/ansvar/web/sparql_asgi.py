"""/sparql answered as a plain ASGI app, inside the service's own middlewares but past FastAPI's router.

A lookup costs pyoxigraph microseconds; FastAPI's route machinery (router matching,
dependency solving, the exception and exit-stack wrappers) cost more than that per request.
This app sits innermost among the middlewares added in `app.create_app`, so security headers,
CORS, the access log, the client budget and the handler of unexpected errors still see every
request. It calls the same endpoint function as the FastAPI route, and maps the exceptions it
raises with the application's own exception handlers (`Starlette.exception_handlers`), so
statuses and messages are those of the route. Other methods (405 with Allow) and other paths
go on to FastAPI, which also describes /sparql in the OpenAPI document from the route.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from .sparql import ENDPOINT_PATH, sparql

__all__ = ["SparqlShortcut"]

_METHODS = frozenset(("GET", "HEAD", "POST"))


class SparqlShortcut:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != ENDPOINT_PATH or scope["method"] not in _METHODS:
            return await self.app(scope, receive, send)
        starlette_app = scope["app"]
        scope.setdefault("router", starlette_app.router)  # url_for in the query editor's page
        request = Request(scope, receive)
        try:
            response = await sparql(request)
        except Exception as exc:
            answer = _answer(starlette_app.exception_handlers, request, exc)
            if answer is None:
                raise  # to the handler of unexpected errors, as from any route
            response = await answer if inspect.isawaitable(answer) else answer
        await response(scope, receive, send)


def _answer(handlers: Mapping[Any, Any], request: Request, exc: Exception) -> Any:
    """What the application's handler of `exc` (looked up by class, as Starlette does) returns, or None."""
    for cls in type(exc).__mro__:
        if cls in handlers:
            return handlers[cls](request, exc)
    return None

"""Connection limits for the uvicorn server: a deadline for receiving each request.

uvicorn has no timeout on reading a request (its `timeout_keep_alive` only
covers the idle time between requests and is cancelled by the first byte), so
a client that opens a connection and sends nothing, or dribbles its headers or
body, would hold it open indefinitely (Slowloris). This protocol class arms a
deadline when a connection opens and after each response, and disarms it once
the request has been received completely; at the deadline the connection is
closed. Behind nginx, `client_header_timeout` / `client_body_timeout` do the same.
"""

from __future__ import annotations

import asyncio
from typing import Any

from ..settings import Settings
from .http_protocol import ReadableRefusals


class DeadlineProtocol(ReadableRefusals):
    """uvicorn's httptools protocol with a deadline for receiving each request (headers and body),
    answering an oversized request head readably (ReadableRefusals)."""

    request_timeout: float = 10.0  # set per server by uvicorn_options()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.request_timeout, self._expire)

    def _disarm(self) -> None:
        deadline = getattr(self, "_deadline", None)
        if deadline is not None:
            deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        if self.cycle is not None and not self.cycle.response_complete:
            self._disarm()  # the request has arrived whole: the application has it now

    def on_response_complete(self) -> None:
        self._arm()
        super().on_response_complete()  # starts a pipelined request that may have arrived already
        cycle = self.cycle  # the request parsed last
        if cycle is not None and not cycle.response_complete and not cycle.more_body:
            self._disarm()  # it has arrived whole and is being answered

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for uvicorn.run that apply the connection limits of `settings`."""
    options: dict[str, Any] = {  # uvicorn.run keyword arguments, of many types
        "timeout_keep_alive": settings.keep_alive_s,
        "limit_concurrency": settings.max_connections or None,
        "http": ReadableRefusals,
    }
    if settings.request_read_timeout_s > 0:
        options["http"] = type(
            "ConfiguredDeadlineProtocol",
            (DeadlineProtocol,),
            {"request_timeout": settings.request_read_timeout_s},
        )
    return options

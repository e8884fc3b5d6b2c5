"""uvicorn's h11 protocol, answering a broken or oversized request head readably, each answer in one send.

h11 gives up on a request line or headers longer than its buffer; uvicorn then
writes a 400 and closes at once while the client is still sending, so the
client sees a connection reset instead of the answer. Here an oversized head
gets 414 (send the query with POST), the rest of the request is read and
dropped for a moment, and only then is the connection closed.

uvicorn writes a response's head and its body to the socket separately: two
system calls and, over loopback, two wake-ups of the client for every small
answer. `CoalescingTransport` sends what is written in one turn of the event
loop together.
"""

from __future__ import annotations

import asyncio
from typing import Any

from h11._connection import DEFAULT_MAX_INCOMPLETE_EVENT_SIZE
from uvicorn.protocols.http.h11_impl import H11Protocol

DRAIN_SECONDS = 5.0


class CoalescingTransport(asyncio.Transport):
    """A socket transport whose writes are joined until the event loop's next turn.

    Flow control still works: at most one turn's writes wait here, and the socket
    transport's buffer, which pauses the writer, receives them at once after."""

    def __init__(self, inner: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self.inner, self._loop = inner, loop
        self._pending: list[bytes] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not data:
            return
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(bytes(data))

    def flush(self) -> None:
        if self._pending:
            data = b"".join(self._pending)
            self._pending.clear()
            if not self.inner.is_closing():  # the client has gone: nothing to send to
                self.inner.write(data)

    def close(self) -> None:
        self.flush()
        self.inner.close()

    def abort(self) -> None:
        self._pending.clear()
        self.inner.abort()

    def is_closing(self) -> bool:
        return self.inner.is_closing()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self.inner.get_extra_info(name, default)

    def get_write_buffer_size(self) -> int:
        return self.inner.get_write_buffer_size() + sum(map(len, self._pending))

    def pause_reading(self) -> None:
        self.inner.pause_reading()

    def resume_reading(self) -> None:
        self.inner.resume_reading()

    def is_reading(self) -> bool:
        return self.inner.is_reading()

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self.flush()
        self.inner.set_protocol(protocol)

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self.inner.get_protocol()


class ReadableRefusals(H11Protocol):
    _draining = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)  # flow control and addresses from the socket's own transport
        self.transport = CoalescingTransport(transport, self.loop)

    def data_received(self, data: bytes) -> None:
        if self._draining:
            return  # the answer is out: drop the rest of the refused request
        super().data_received(data)

    def send_400_response(self, msg: str) -> None:
        limit = self.config.h11_max_incomplete_event_size or DEFAULT_MAX_INCOMPLETE_EVENT_SIZE
        pending, _closed = self.conn.trailing_data
        if len(pending) > limit:
            status = b"414 URI Too Long"
            text = f"the request line or headers are longer than {limit} bytes: send the query with POST\n"
        else:
            status, text = b"400 Bad Request", msg + "\n"
        body = text.encode()
        self.transport.write(
            b"HTTP/1.1 " + status + b"\r\ncontent-type: text/plain; charset=utf-8\r\n"
            b"content-length: " + str(len(body)).encode() + b"\r\nconnection: close\r\n\r\n" + body
        )
        self._draining = True
        self.loop.call_later(DRAIN_SECONDS, self.transport.close)

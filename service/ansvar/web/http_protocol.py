"""uvicorn's httptools protocol, answering a broken or oversized request head readably, each answer in one send.

The server parses HTTP with httptools (llhttp, in C) rather than the pure-Python h11,
which cost a fifth of the server's own time per request. llhttp sets no bound on a
request head, so one is kept here: a request line and headers longer than
`MAX_HEAD_BYTES` get 414 (send the query with POST). After a refusal (that 414, or the
400 for a request llhttp cannot parse) the rest of the request is read and dropped for
a moment, and only then is the connection closed; closing at once while the client is
still sending would show it a connection reset instead of the answer.

uvicorn writes a response's head and its body to the socket separately: two
system calls and, over loopback, two wake-ups of the client for every small
answer. `CoalescingTransport` sends what is written in one turn of the event
loop together.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .security_headers import HEADERS

DRAIN_SECONDS = 5.0
MAX_HEAD_BYTES = 16 * 1024  # a request line and headers longer than this get 414 (h11's bound before)


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


class _HeadTooLong(Exception):
    """Raised from a parser callback: llhttp stops, and uvicorn calls send_400_response."""


class ReadableRefusals(HttpToolsProtocol):
    """Refusals the client can read: 414 for a head over MAX_HEAD_BYTES, 400 for one llhttp refuses.

    A head's size is bounded from below twice, so that neither count can refuse a smaller head:
    the URL and headers the parser handed over, once the head is complete, and the chunks that
    arrived wholly inside a head (which bound what llhttp and uvicorn keep of a head that is
    still arriving, such as a header sent without end)."""

    _draining = False
    _in_head = False  # between the start of a request and the end of its headers
    _head_parsed = 0  # bytes of URL and headers of a complete head
    _head_chunks = 0  # bytes of the chunks received wholly inside the head

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)  # flow control and addresses from the socket's own transport
        self.transport = CoalescingTransport(transport, self.loop)

    def data_received(self, data: bytes) -> None:
        if self._draining:
            return  # the answer is out: drop the rest of the refused request
        inside = self._in_head  # a head began before this chunk: if it is still open after, all of it is head
        super().data_received(data)
        if inside and self._in_head and not self._draining:
            self._head_chunks += len(data)
            if self._head_chunks > MAX_HEAD_BYTES:
                self.send_400_response("")

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head, self._head_parsed, self._head_chunks = True, 0, 0

    def on_headers_complete(self) -> None:
        # Counted once the head is whole (the URL and headers as uvicorn gathered them), not per
        # header: the common case costs one pass.
        self._head_parsed = len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)
        if self._head_parsed > MAX_HEAD_BYTES:
            raise _HeadTooLong  # llhttp stops; uvicorn answers through send_400_response
        self._in_head = False
        super().on_headers_complete()

    def _head_too_long(self) -> bool:
        return self._in_head and max(self._head_parsed, self._head_chunks) > MAX_HEAD_BYTES

    def send_400_response(self, msg: str) -> None:
        if self._head_too_long():
            status = b"414 URI Too Long"
            text = f"the request line or headers are longer than {MAX_HEAD_BYTES} bytes: send the query with POST\n"
        else:
            status, text = b"400 Bad Request", msg + "\n"
        body = text.encode()
        security = b"".join(name + b": " + value + b"\r\n" for name, value in HEADERS)  # as on every answer
        self.transport.write(
            b"HTTP/1.1 "
            + status
            + b"\r\ncontent-type: text/plain; charset=utf-8\r\n"
            + security
            + b"content-length: "
            + str(len(body)).encode()
            + b"\r\nconnection: close\r\n\r\n"
            + body
        )
        self._draining = True
        self.loop.call_later(DRAIN_SECONDS, self.transport.close)

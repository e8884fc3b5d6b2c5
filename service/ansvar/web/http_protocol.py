"""uvicorn's h11 protocol, answering a broken or oversized request head readably.

h11 gives up on a request line or headers longer than its buffer; uvicorn then
writes a 400 and closes at once while the client is still sending, so the
client sees a connection reset instead of the answer. Here an oversized head
gets 414 (send the query with POST), the rest of the request is read and
dropped for a moment, and only then is the connection closed.
"""

from __future__ import annotations

from h11._connection import DEFAULT_MAX_INCOMPLETE_EVENT_SIZE
from uvicorn.protocols.http.h11_impl import H11Protocol

DRAIN_SECONDS = 5.0


class ReadableRefusals(H11Protocol):
    _draining = False

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

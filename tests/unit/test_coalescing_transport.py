"""web/http_protocol.CoalescingTransport: what one turn of the event loop writes leaves in one send."""

from __future__ import annotations

import asyncio

from ansvar.web.http_protocol import CoalescingTransport


class Recording(asyncio.Transport):
    """A socket transport stand-in that records each write and whether it was closed."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.writes.append(bytes(data))

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed


def test_a_head_and_body_written_in_one_turn_leave_in_one_write() -> None:
    async def main() -> Recording:
        inner = Recording()
        transport = CoalescingTransport(inner, asyncio.get_running_loop())
        transport.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n")
        transport.write(b"")
        transport.write(b"ok")
        assert inner.writes == []  # nothing yet: the turn is not over
        await asyncio.sleep(0)
        transport.write(b"next")  # a later turn: a send of its own
        await asyncio.sleep(0)
        return inner

    assert asyncio.run(main()).writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok", b"next"]


def test_close_sends_what_is_pending_first() -> None:
    async def main() -> Recording:
        inner = Recording()
        transport = CoalescingTransport(inner, asyncio.get_running_loop())
        transport.write(b"last words")
        transport.close()
        await asyncio.sleep(0)
        return inner

    inner = asyncio.run(main())
    assert inner.writes == [b"last words"] and inner.closed


def test_nothing_is_sent_to_a_client_that_has_gone() -> None:
    async def main() -> Recording:
        inner = Recording()
        transport = CoalescingTransport(inner, asyncio.get_running_loop())
        transport.write(b"too late")
        inner.closed = True  # the connection was lost before the turn ended
        await asyncio.sleep(0)
        return inner

    assert asyncio.run(main()).writes == []

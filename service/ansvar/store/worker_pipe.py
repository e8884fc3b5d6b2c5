"""A query worker's answers on its pipe: one length-prefixed pickle per answer.

The server reads them on the event loop as the bytes arrive (`receive_async`), so a
large answer that the worker is still writing never blocks the loop, and the time
limit covers the whole read. `multiprocessing.Connection.recv` could only be called
once the first bytes were there, and would then block until the last. Requests to the
worker, and its first message ("ready"), still go through `Connection.send`/`recv`.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import struct
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

__all__ = ["TIMED_OUT", "receive", "receive_async", "send"]

_HEADER = struct.Struct("!Q")  # the pickle's length in bytes
_CHUNK = 1 << 20
TIMED_OUT = object()  # what receive_async returns when the time limit passed first


def send(conn: Connection, answer: object) -> None:
    """Write `answer` whole (in the worker; its end of the pipe blocks)."""
    data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(conn.fileno(), view) :]


def receive(conn: Connection) -> Any:
    """Read one answer, blocking (EOFError when the worker has gone)."""
    fd = conn.fileno()
    (size,) = _HEADER.unpack(_read_exactly(fd, _HEADER.size))
    return pickle.loads(_read_exactly(fd, size))  # noqa: S301 - our own worker process wrote it


def _read_exactly(fd: int, count: int) -> bytes:
    data = bytearray()
    while len(data) < count:
        chunk = os.read(fd, min(count - len(data), _CHUNK))
        if not chunk:
            raise EOFError("the query worker closed its pipe")
        data += chunk
    return bytes(data)


class _Reading:
    """The bytes of one answer gathered as the pipe becomes readable; `done` when complete or failed."""

    def __init__(self, fd: int, done: asyncio.Future[bool]) -> None:
        self.fd, self.done = fd, done
        self.data = bytearray()
        self.size: int | None = None

    def readable(self) -> None:
        if self.done.done():
            return
        try:
            chunk = os.read(self.fd, _CHUNK)
        except BlockingIOError:
            return
        except OSError as err:
            self.done.set_exception(err)
            return
        if not chunk:
            self.done.set_exception(EOFError("the query worker closed its pipe"))
            return
        self.data += chunk
        if self.size is None and len(self.data) >= _HEADER.size:
            (self.size,) = _HEADER.unpack_from(self.data)
        if self.size is not None and len(self.data) >= _HEADER.size + self.size:
            self.done.set_result(True)

    def time_up(self) -> None:
        if not self.done.done():
            self.done.set_result(False)


async def receive_async(conn: Connection, timeout: float) -> Any:
    """One answer, read on the running event loop; TIMED_OUT if it is not complete within `timeout` s.

    The pipe is left blocking for `receive`: uvloop makes a descriptor it watches non-blocking."""
    loop = asyncio.get_running_loop()
    fd = conn.fileno()
    reading = _Reading(fd, loop.create_future())
    loop.add_reader(fd, reading.readable)
    timer = loop.call_later(timeout, reading.time_up)
    try:
        complete = await reading.done
    finally:
        timer.cancel()
        loop.remove_reader(fd)
        os.set_blocking(fd, True)
    if not complete:
        return TIMED_OUT
    # A view, not a slice: the answer's bytes are not copied once more before unpickling.
    return pickle.loads(memoryview(reading.data)[_HEADER.size :])  # noqa: S301 - our own worker process wrote it

"""web/http_protocol and web/server_limits on a real socket: uvicorn with the service's
httptools protocol, in front of a small ASGI app that says how many body bytes it got.

The head bound must refuse an oversized head however it arrives (whole, in pieces, a
header without end) and never a small head followed by a large body; the read deadline
must close a connection whose request does not arrive, and never one being answered."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from ansvar.settings import Settings
from ansvar.web.http_protocol import MAX_HEAD_BYTES
from ansvar.web.server_limits import uvicorn_options

READ_TIMEOUT_S = 1.0


async def body_size_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    size, more = 0, True
    while more:
        message = await receive()
        size += len(message.get("body", b""))
        more = message.get("more_body", False)
    if scope["path"] == "/slow":
        await asyncio.sleep(2 * READ_TIMEOUT_S)  # answered after the read deadline would have passed
    body = f"got {size} bytes".encode()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"%d" % len(body))]})
    await send({"type": "http.response.body", "body": body})


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    options = uvicorn_options(Settings(request_read_timeout_s=READ_TIMEOUT_S))
    config = uvicorn.Config(body_size_app, host="127.0.0.1", port=0, log_level="critical", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield server.servers[0].sockets[0].getsockname()[1]
    server.should_exit = True
    thread.join(timeout=10)


def exchange(port: int, pieces: list[bytes], pause: float = 0.0, half_close: bool = False) -> bytes:
    """Send `pieces` one write each, then read until the server closes (or 30 s pass).

    `half_close` for a refused request, which the server would otherwise close only after
    draining it for a while; uvicorn drops a half-closed connection at once, so a request
    that is to be answered ends with `Connection: close` instead."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        try:
            for piece in pieces:
                sock.sendall(piece)
                time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused: the answer must still be there to read
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def get(path: str, close: bool = True) -> bytes:
    connection = b"Connection: close\r\n" if close else b""
    return b"GET " + path.encode() + b" HTTP/1.1\r\nHost: x\r\n" + connection + b"\r\n"


def test_a_small_request_is_answered(port) -> None:
    answer = exchange(port, [get("/")])
    assert answer.startswith(b"HTTP/1.1 200") and answer.endswith(b"got 0 bytes")


def test_an_oversized_head_in_one_piece_gets_a_readable_414(port) -> None:
    answer = exchange(port, [get("/sparql?query=" + "x" * (MAX_HEAD_BYTES + 10))], half_close=True)
    assert answer.startswith(b"HTTP/1.1 414") and b"POST" in answer
    assert b"x-content-type-options: nosniff" in answer and b"connection: close" in answer


def test_an_oversized_url_in_many_pieces_gets_414(port) -> None:
    head = get("/sparql?query=" + "x" * (2 * MAX_HEAD_BYTES))
    answer = exchange(port, [head[i : i + 1000] for i in range(0, len(head), 1000)], half_close=True)
    assert answer.startswith(b"HTTP/1.1 414")


def test_a_header_without_end_gets_414(port) -> None:
    """The header never completes, so only the count of the chunks that arrived can refuse it."""
    pieces = [b"GET / HTTP/1.1\r\nHost: x\r\nX-Long: "] + [b"y" * 1000] * (MAX_HEAD_BYTES // 1000 + 20)
    answer = exchange(port, pieces, pause=0.002, half_close=True)
    assert answer.startswith(b"HTTP/1.1 414")


def test_many_headers_over_the_bound_get_414(port) -> None:
    headers = b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 100) for i in range(MAX_HEAD_BYTES // 100))
    answer = exchange(port, [b"GET / HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n"], half_close=True)
    assert answer.startswith(b"HTTP/1.1 414")


def test_a_small_head_with_a_large_body_in_the_same_write_is_answered(port) -> None:
    body = b"z" * (20 * MAX_HEAD_BYTES)
    head = b"POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(body)
    answer = exchange(port, [head + body])
    assert answer.startswith(b"HTTP/1.1 200") and answer.endswith(b"got %d bytes" % len(body))


def test_pipelined_requests_after_a_large_body_are_all_answered(port) -> None:
    """The second request's head follows the first one's body in the same chunks."""
    body = b"z" * (3 * MAX_HEAD_BYTES)
    first = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    answer = exchange(port, [first + get("/", close=False)[:-2] + b"X-Pad: " + b"p" * 200 + b"\r\n\r\n" + get("/")])
    assert answer.count(b"HTTP/1.1 200") == 3 and answer.endswith(b"got 0 bytes")
    assert b"got %d bytes" % len(body) in answer


def test_a_broken_request_gets_a_readable_400(port) -> None:
    answer = exchange(port, [b"NOT HTTP AT ALL\r\n\r\n"], half_close=True)
    assert answer.startswith(b"HTTP/1.1 400") and b"content-length" in answer


def test_a_request_that_does_not_arrive_in_time_is_closed(port) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # the headers never end
        assert sock.recv(1024) == b""  # closed by the server, long before the socket's timeout
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(get("/", close=False))
        assert sock.recv(1024).startswith(b"HTTP/1.1 200")
        assert sock.recv(1024) == b""  # the next request does not come: closed too


def test_a_request_answered_after_the_read_deadline_still_gets_its_answer(port) -> None:
    """The deadline covers receiving a request, not answering it, pipelined ones included."""
    answer = exchange(port, [get("/slow", close=False) + get("/slow")])
    assert answer.count(b"HTTP/1.1 200") == 2

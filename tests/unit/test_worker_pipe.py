"""store/worker_pipe: a worker's answers, read whole, blocking or on the event loop as they arrive."""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import pickle
import struct
import threading
import time

import pytest
import uvloop
from ansvar.store import worker_pipe

ANSWER = ("ok", "å" * 300_000)  # larger than the pipe's buffer


def test_an_answer_is_received_whole() -> None:
    server, worker = mp.Pipe()
    writer = threading.Thread(target=worker_pipe.send, args=(worker, ANSWER))
    writer.start()
    assert worker_pipe.receive(server) == ANSWER
    writer.join()


def _dribble(conn, data: bytes, pieces: int) -> None:
    """Write `data` in `pieces` parts with pauses, as a busy worker might."""
    step = len(data) // pieces + 1
    for start in range(0, len(data), step):
        os.write(conn.fileno(), data[start : start + step])
        time.sleep(0.02)


@pytest.mark.parametrize("run", [asyncio.run, uvloop.run], ids=["asyncio", "uvloop"])
def test_the_event_loop_runs_on_while_an_answer_arrives_in_pieces(run) -> None:
    server, worker = mp.Pipe()
    data = pickle.dumps(ANSWER)
    frame = struct.pack("!Q", len(data)) + data
    ticks = 0

    async def ticking() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.005)

    async def main() -> object:
        ticker = asyncio.create_task(ticking())
        writer = threading.Thread(target=_dribble, args=(worker, frame, 10))
        writer.start()
        answer = await worker_pipe.receive_async(server, timeout=30)
        ticker.cancel()
        writer.join()
        return answer

    assert run(main()) == ANSWER
    assert ticks >= 10  # about 0.2 s of writing: the loop was never held up for it
    assert os.get_blocking(server.fileno())  # left blocking, for `receive`


def test_nothing_within_the_time_limit_is_timed_out() -> None:
    server, _worker = mp.Pipe()
    assert asyncio.run(worker_pipe.receive_async(server, timeout=0.1)) is worker_pipe.TIMED_OUT


def test_a_worker_that_goes_away_is_eof_both_ways() -> None:
    server, worker = mp.Pipe()
    worker.close()
    with pytest.raises(EOFError):
        asyncio.run(worker_pipe.receive_async(server, timeout=5))
    with pytest.raises(EOFError):
        worker_pipe.receive(server)

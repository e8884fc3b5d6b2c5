"""Start a server as a child process, wait until it answers, stop it: for the tests and bench/.

One module for every server the tests and benchmarks run (`ansvar serve`, `oxigraph serve`,
nginx, Virtuoso). It lives in tests/ because most of its users are there (pytest puts
tests/ on sys.path); bench/ scripts put tests/ on sys.path to import it. It imports only
the standard library and httpx, never the package under test.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx

__all__ = [
    "ServerDidNotStart",
    "free_port",
    "http_ready",
    "start_process",
    "stop_process",
    "tcp_ready",
    "wait_until",
]


class ServerDidNotStart(RuntimeError):
    """The child exited or did not become ready in time; the message carries its output."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_ready(url: str, params: dict | None = None, headers: dict | None = None) -> Callable[[], bool]:
    """Ready when a GET of `url` answers 200."""

    def probe() -> bool:
        try:
            return httpx.get(url, params=params, headers=headers, timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    return probe


def tcp_ready(port: int) -> Callable[[], bool]:
    """Ready when 127.0.0.1:`port` accepts a connection (for servers without a cheap GET)."""

    def probe() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return False

    return probe


def _tail(log: Path | None, chars: int = 4000) -> str:
    if log is None or not log.exists():
        return ""
    return log.read_text(errors="replace")[-chars:]


def wait_until(
    process: subprocess.Popen,
    ready: Callable[[], bool],
    *,
    timeout: float,
    name: str,
    log: Path | None = None,
    interval: float = 0.2,
) -> None:
    """Poll `ready()` until it is true; raise ServerDidNotStart (with the child's output) if the
    child exits first or `timeout` seconds pass (the child is then stopped)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerDidNotStart(f"{name} exited with status {process.returncode}:\n{_tail(log)}")
        if ready():
            return
        time.sleep(interval)
    stop_process(process)
    raise ServerDidNotStart(f"{name} did not become ready within {timeout:g} s:\n{_tail(log)}")


def start_process(
    command: list[str],
    ready: Callable[[], bool],
    *,
    log: Path,
    name: str | None = None,
    timeout: float = 180,
    env: dict | None = None,
    cwd: Path | None = None,
) -> subprocess.Popen:
    """Start `command` with its stdout and stderr in `log`, and return once `ready()` is true."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    wait_until(process, ready, timeout=timeout, name=name or Path(command[0]).name, log=log)
    return process


def stop_process(process: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM, then SIGKILL if it has not exited within `timeout` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

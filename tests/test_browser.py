"""A real browser (Debian chromium, headless) renders the landing page and an actor page."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,900",
]


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    assert CHROMIUM, "chromium is listed in tests/debian-packages.txt"
    return subprocess.run(  # noqa: S603 - our own argv
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )  # noqa: S603 - our own argv


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the unfiltered scanlines of an 8-bit RGB(A) PNG (PNG spec, section 9)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6)
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows


def screenshot(server, tmp: Path, path: str) -> tuple[bytes, list[bytes]]:
    target = tmp / "shot.png"
    proc = chromium(tmp, f"--screenshot={target}", server.url + path)
    assert target.is_file(), proc.stderr[-2000:]
    data = target.read_bytes()
    return data, png_pixels(data)[2]


def assert_not_blank(rows: list[bytes]) -> None:
    colours = {row[i : i + 3] for row in rows[::10] for i in range(0, len(row), 30)}
    dark = sum(1 for row in rows[::10] for i in range(0, len(row), 3) if sum(row[i : i + 3]) < 200)
    assert len(colours) > 20, "the page rendered as (nearly) one colour"
    assert dark > 500, "no text drawn"


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/", "Ansvarsgrafen"),
        (
            "/page/id/org/migrationsverket",
            "Beslut och utbetalning av LMA-ersättning till individen",
        ),
    ],
)
def test_browser_renders_page(server, tmp_path, path, text):
    data, rows = screenshot(server, tmp_path, path)
    assert len(data) > 20_000 and len(rows) == 900
    assert_not_blank(rows)
    dom = chromium(tmp_path, "--dump-dom", server.url + path).stdout
    assert text in dom
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in dom

"""Cost of the HTTP layer: one lookup query through /sparql against the same
query on the store directly, measured in the same run.

    python bench/http_overhead.py [--requests 300]

Prints the medians, the difference (target: HTTP adds under 2 ms) and the ratio.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time

import httpx
from ansvar.build import run_build

LOOKUP = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label WHERE { <https://w3id.org/ansvar/id/org/lansstyrelsen-10> skos:prefLabel ?label }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    store = run_build().store
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "ansvar.cli", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ.copy(),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(url + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        with httpx.Client(base_url=url) as client:

            def over_http():
                r = client.get("/sparql", params={"query": LOOKUP})
                r.raise_for_status()

            def direct():
                store.query(LOOKUP)

            timed(over_http, 20)
            timed(direct, 20)
            http_ms = statistics.median(timed(over_http, args.requests))
            direct_ms = statistics.median(timed(direct, args.requests))
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(f"lookup, median of {args.requests}:")
    print(f"  store directly   {direct_ms:7.3f} ms")
    print(f"  through /sparql  {http_ms:7.3f} ms")
    print(f"  HTTP layer adds  {http_ms - direct_ms:7.3f} ms (target < 2 ms); ratio {http_ms / direct_ms:.1f}x")


if __name__ == "__main__":
    main()

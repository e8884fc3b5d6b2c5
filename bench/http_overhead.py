"""Cost of the HTTP layer: one lookup query through /sparql against the same
query on the store directly, measured in the same run.

    python bench/http_overhead.py [--requests 300]

Prints the medians, the difference (target: HTTP adds under 2 ms) and the ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import httpx
from ansvar.build import run_build

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the shared server helper
from servers import free_port, http_ready, start_process, stop_process  # noqa: E402

LOOKUP = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label WHERE { <https://w3id.org/ansvar/id/org/lansstyrelsen-10> skos:prefLabel ?label }"""


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
    url = f"http://127.0.0.1:{port}"
    server = start_process(
        [sys.executable, "-m", "ansvar.cli", "serve", "--port", str(port)],
        http_ready(url + "/health"),
        log=Path(os.devnull),
        name="ansvar serve",
    )
    try:
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
        stop_process(server)
    print(f"lookup, median of {args.requests}:")
    print(f"  store directly   {direct_ms:7.3f} ms")
    print(f"  through /sparql  {http_ms:7.3f} ms")
    print(f"  HTTP layer adds  {http_ms - direct_ms:7.3f} ms (target < 2 ms); ratio {http_ms / direct_ms:.1f}x")


if __name__ == "__main__":
    main()

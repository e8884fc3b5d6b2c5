"""Cheap lookups beside a stream of pathological queries, on a real `ansvar serve`.

    python bench/pathological_bench.py [--rounds 3] [--seconds 15] [--timeout-s 5] [--workers 2]

One client sends a cheap lookup through /sparql over and over, in rounds: `--seconds`
idle, then `--seconds` while two clients send the pathological catalogue below over and
over (each is stopped by the query time limit or refused). Idle and attacked phases
alternate, so load from elsewhere on the machine falls on both alike. Prints p50/p99 of
both, the ratio of the p99s (target: within 3x idle) and what the pathological queries
got back (status counts). The pathological clients send from another loopback address
(127.0.0.2): the per-client budget, which would otherwise refuse them with 429, is not
charged to the lookups, and the pool keeps a worker for the lookups' address while the
attackers' queries run long (see SECURITY.md, "queries evaluated at once").
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the shared server helper
from servers import free_port, http_ready, start_process, stop_process  # noqa: E402

LOOKUP = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label WHERE { <https://w3id.org/ansvar/id/org/lansstyrelsen-10> skos:prefLabel ?label }"""

PATHOLOGICAL = {
    "cross product": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "sorted cross product": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 5",
    "regex over every literal": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?x ?y ?z "
    'FILTER(REGEX(STR(?o), "(a|aa)+$") && REGEX(STR(?z), "(b|bb)+$")) }',
    "30 nested OPTIONALs": "SELECT * WHERE { ?s ?p ?o "
    + "".join(f"OPTIONAL {{ ?s ?p{i} ?o{i} " for i in range(30))
    + "}" * 30
    + " }",
    "unbounded path": "SELECT (COUNT(*) AS ?n) WHERE { ?a (<urn:x:p>|!<urn:x:q>)* ?b }",
    "deep nesting (refused)": "SELECT * WHERE " + "{ " * 200 + "?s ?p ?o" + " }" * 200,
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def lookups(url: str, seconds: float) -> tuple[list[float], int]:
    times, failed, deadline = [], 0, time.monotonic() + seconds
    with httpx.Client(base_url=url, timeout=120) as client:
        while time.monotonic() < deadline:
            t = time.perf_counter()
            r = client.get("/sparql", params={"query": LOOKUP})
            times.append((time.perf_counter() - t) * 1000)
            failed += r.status_code != 200
    return times, failed


def attacked_lookups(url: str, seconds: float, timeout_s: float, statuses: collections.Counter):
    stop = threading.Event()
    threads = [threading.Thread(target=attacker, args=(url, stop, statuses)) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(1)
    try:
        return lookups(url, seconds)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=timeout_s * 3 + 30)


def attacker(url: str, stop: threading.Event, statuses: collections.Counter) -> None:
    transport = httpx.HTTPTransport(local_address="127.0.0.2")
    with httpx.Client(base_url=url, timeout=120, transport=transport) as client:
        while not stop.is_set():
            for name, query in PATHOLOGICAL.items():
                if stop.is_set():
                    return
                try:
                    statuses[(name, client.post("/sparql", data={"query": query}).status_code)] += 1
                except httpx.HTTPError as err:
                    statuses[(name, type(err).__name__)] += 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--timeout-s", type=float, default=5)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "ansvar.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--timeout-s", str(args.timeout_s), "--query-workers", str(args.workers)]
    log = Path(tempfile.mkdtemp(prefix="pathological-bench-")) / "server.log"
    server = start_process(command, http_ready(url + "/health"), log=log, name="ansvar serve")
    try:
        lookups(url, 2)  # warm up
        idle, busy, idle_failed, busy_failed = [], [], 0, 0
        statuses: collections.Counter = collections.Counter()
        for _ in range(args.rounds):
            times, failed = lookups(url, args.seconds)
            idle, idle_failed = idle + times, idle_failed + failed
            times, failed = attacked_lookups(url, args.seconds, args.timeout_s, statuses)
            busy, busy_failed = busy + times, busy_failed + failed
    finally:
        stop_process(server, timeout=30)
    print(
        f"query time limit {args.timeout_s:g} s, {args.workers} worker(s), "
        f"{args.rounds} rounds of {args.seconds:g} s idle + {args.seconds:g} s under attack"
    )
    print(
        f"idle lookups:  n={len(idle)} p50={statistics.median(idle):.1f} ms p99={percentile(idle, 0.99):.1f} ms "
        f"failed={idle_failed}"
    )
    print(
        f"under attack:  n={len(busy)} p50={statistics.median(busy):.1f} ms p99={percentile(busy, 0.99):.1f} ms "
        f"failed={busy_failed}"
    )
    print(f"p99 ratio (under attack / idle): {percentile(busy, 0.99) / percentile(idle, 0.99):.1f} (target <= 3)")
    for (name, status), count in sorted(statuses.items(), key=str):
        print(f"  pathological {name!r}: {status} x{count}")


if __name__ == "__main__":
    main()

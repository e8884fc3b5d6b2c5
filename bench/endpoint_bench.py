"""/sparql against its peers, in one run on the same data and queries.

    pip install -e ".[bench]"
    python bench/endpoint_bench.py [--scale 100000] [--requests 200] [--rdflib-requests 40]

Servers, each alone on the machine while it is measured, all on 127.0.0.1:
  - ansvar serve over an on-disk store (--store-dir), with --query-workers 2 and 4;
  - oxigraph serve-read-only (the native peer), loaded with `oxigraph load`;
  - rdflib-endpoint (the pure-rdflib peer), an rdflib Dataset as its CLI builds it.
All use the union of the named graphs as default graph. Queries: a lookup
(bench/queries/lookup.rq), a join across counties (bench/queries/county-join.rq) and an
aggregate (bench/queries/county-aggregate.rq). The data is the shipped graph, or with
--scale N the national graph of bench/national_graph.py (about N asserted triples,
built). Every answer must be a 200 with the same number of rows on all
servers, or it counts as an error.

The load generator sends a fixed number of GET requests per server and query from 8
client threads (httpx, keep-alive), stopping early at --max-seconds. rdflib-endpoint
evaluates one query at a time and is about a hundred times slower, so it gets fewer
requests (--rdflib-requests). Prints median and p99 latency, throughput and errors per
server and query, and the ratios of ours to the peers (goal: at least half of oxigraph's
throughput and 20 times rdflib-endpoint's, no errors).
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the shared server helper

from servers import free_port, http_ready, start_process, stop_process  # noqa: E402

QUERIES = {
    "lookup": ROOT / "bench" / "queries" / "lookup.rq",
    "county join": ROOT / "bench" / "queries" / "county-join.rq",
    "aggregate": ROOT / "bench" / "queries" / "county-aggregate.rq",
}
JSON = "application/sparql-results+json"


@dataclass
class Server:
    name: str
    endpoint: str
    process: subprocess.Popen
    requests: int


@dataclass
class Stats:
    done: int
    errors: int
    median_ms: float
    p99_ms: float
    per_second: float


def dataset(scale: int, tmp: Path) -> tuple[bytes, int]:
    """The built graph as N-Quads: the national graph of about `scale` asserted triples, or
    the shipped data alone (scale 0)."""
    from ansvar.build import run_build
    from national_graph import built_nquads  # same directory

    if scale > 0:
        return built_nquads(scale, tmp / "graph")
    data = run_build().store.dump("application/n-quads")
    return data, data.count(b"\n")


def serve_rdflib_endpoint(nquads: Path, port: int) -> None:
    """The rdflib peer as `rdflib-endpoint serve` builds it (without its CLI extra)."""
    import uvicorn
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    graph = Dataset(default_union=True)
    graph.parse(nquads, format="nquads")
    uvicorn.run(SparqlEndpoint(graph=graph), host="127.0.0.1", port=port, log_level="warning")


def stop(server: Server) -> None:
    stop_process(server.process, timeout=30)


def start(name: str, command: list[str], endpoint: str, requests: int, log: Path) -> Server:
    ready = http_ready(endpoint, {"query": "ASK {}"}, {"Accept": JSON})
    return Server(name, endpoint, start_process(command, ready, log=log, name=name, timeout=300), requests)


ANSWER_TIMEOUT_S = 120  # a request without an answer by then counts as an error


def rows(response: httpx.Response) -> int:
    return len(response.json()["results"]["bindings"])


def load(server: Server, query: str, expected_rows: int, clients: int, max_seconds: float) -> Stats:
    """`server.requests` requests from `clients` threads; a wrong answer is an error."""
    latencies: list[float] = []
    errors = 0
    issued = 0
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds

    def client(http: httpx.Client) -> None:
        nonlocal errors, issued
        while True:
            with lock:
                if issued >= server.requests or time.monotonic() > deadline:
                    return
                issued += 1
            started = time.perf_counter()
            try:
                r = http.get(server.endpoint, params={"query": query}, headers={"Accept": JSON})
                ok = r.status_code == 200 and rows(r) == expected_rows
            except (httpx.HTTPError, ValueError, KeyError):
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors += not ok

    # Clients are made before the clock starts (an httpx.Client costs milliseconds to create).
    https = [httpx.Client(timeout=ANSWER_TIMEOUT_S) for _ in range(clients)]
    threads = [threading.Thread(target=client, args=(http,)) for http in https]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    for http in https:
        http.close()
    ordered = sorted(latencies)
    p99 = ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]  # nearest rank
    return Stats(len(ordered), errors, statistics.median(ordered), p99, len(ordered) / wall)


def measure(server: Server, texts: dict[str, str], expected: dict[str, int], args) -> dict[str, Stats]:
    out = {}
    for name, text in texts.items():
        with httpx.Client(timeout=ANSWER_TIMEOUT_S) as http:  # warm up; the answer must match the others'
            try:
                for _ in range(3):
                    r = http.get(server.endpoint, params={"query": text}, headers={"Accept": JSON})
                    r.raise_for_status()
            except httpx.TimeoutException:  # at 10 M an aggregate outlasts any bound: say so, go on
                print(f"  {server.name:<22} {name:<12} no answer within {ANSWER_TIMEOUT_S} s: not measured")
                out[name] = Stats(0, 0, math.nan, math.nan, 0.0)
                continue
            expected.setdefault(name, rows(r))
            if rows(r) != expected[name]:
                first = expected[name]
                print(f"  {server.name}: {name} gives {rows(r)} rows, the first server {first}")
        out[name] = load(server, text, expected[name], args.clients, args.max_seconds)
        s = out[name]
        print(f"  {server.name:<22} {name:<12} {s.done:4d} requests  {s.per_second:8.1f}/s  errors {s.errors}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000, help="about this many quads (0: the shipped graph)")
    parser.add_argument("--requests", type=int, default=200, help="requests per query (ours, oxigraph)")
    parser.add_argument("--rdflib-requests", type=int, default=40, help="requests per query for rdflib-endpoint")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--workers", type=int, nargs="+", default=[2, 4], help="ansvar serve --query-workers values")
    parser.add_argument("--max-seconds", type=float, default=180, help="time bound per server and query")
    parser.add_argument("--serve-rdflib-endpoint", nargs=2, metavar=("NQUADS", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_rdflib_endpoint:
        serve_rdflib_endpoint(Path(args.serve_rdflib_endpoint[0]), int(args.serve_rdflib_endpoint[1]))
        return

    from ansvar.store.embedded import EmbeddedStore

    texts = {name: path.read_text(encoding="utf-8") for name, path in QUERIES.items()}
    tmp = Path(tempfile.mkdtemp(prefix="endpoint-bench-"))
    try:
        nquads, size = dataset(args.scale, tmp)
        data = tmp / "data.nq"
        data.write_bytes(nquads)
        EmbeddedStore.write_directory(tmp / "store", nquads)
        oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        subprocess.run(
            [oxigraph, "load", "--location", str(tmp / "ox"), "--file", str(data)],
            check=True,
            capture_output=True,
        )
        print(
            f"data: {size:,} quads; {os.cpu_count()} CPUs; {args.clients} clients; "
            f"ansvar on an on-disk store (--store-dir)"
        )

        def ours(workers: int):
            port = free_port()
            return start(
                f"ansvar ({workers} workers)",
                [
                    sys.executable,
                    "-m",
                    "ansvar.cli",
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--store-dir",
                    str(tmp / "store"),
                    "--query-workers",
                    str(workers),
                ],
                f"http://127.0.0.1:{port}/sparql",
                args.requests,
                tmp / f"ansvar-{workers}.log",
            )

        def native():
            port = free_port()
            return start(
                "oxigraph serve",
                [
                    oxigraph,
                    "serve-read-only",
                    "--location",
                    str(tmp / "ox"),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--union-default-graph",
                ],
                f"http://127.0.0.1:{port}/query",
                args.requests,
                tmp / "oxigraph.log",
            )

        def pure():
            port = free_port()
            return start(
                "rdflib-endpoint",
                [sys.executable, __file__, "--serve-rdflib-endpoint", str(data), str(port)],
                f"http://127.0.0.1:{port}/",
                args.rdflib_requests,
                tmp / "rdflib-endpoint.log",
            )

        starters = [*(lambda w=w: ours(w) for w in args.workers), native, pure]
        results: dict[str, dict[str, Stats]] = {}
        expected: dict[str, int] = {}
        for starter in starters:  # one server at a time: none competes with another for the CPUs
            server = starter()
            try:
                results[server.name] = measure(server, texts, expected, args)
            finally:
                stop(server)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report(results, expected, args)


def report(results: dict[str, dict[str, Stats]], expected: dict[str, int], args) -> None:
    print()
    print(
        f"{'server':<22} {'query':<12} {'rows':>5} {'requests':>8} {'median ms':>10} {'p99 ms':>9} "
        f"{'req/s':>8} {'errors':>6}"
    )
    for server, per_query in results.items():
        for name, s in per_query.items():
            print(
                f"{server:<22} {name:<12} {expected[name]:>5} {s.done:>8} {s.median_ms:>10.1f} "
                f"{s.p99_ms:>9.1f} {s.per_second:>8.1f} {s.errors:>6}"
            )
    print()
    native, pure = results["oxigraph serve"], results["rdflib-endpoint"]
    print(f"{'ours / peer':<36} {'query':<12} {'req/s ratio':>11} {'median ratio':>13}  goal")
    ok = True
    for server, per_query in results.items():
        if not server.startswith("ansvar"):
            continue
        for name, s in per_query.items():
            for peer, goal in (("oxigraph serve", 0.5), ("rdflib-endpoint", 20.0)):
                other = (native if peer == "oxigraph serve" else pure)[name]
                ratio = s.per_second / other.per_second
                met = ratio >= goal and s.errors == 0
                ok &= met
                print(
                    f"{server + ' / ' + peer:<36} {name:<12} {ratio:>11.2f} "
                    f"{s.median_ms / other.median_ms:>13.2f}  >= {goal:g}: {'yes' if met else 'NO'}"
                )
    errors = sum(s.errors for per_query in results.values() for s in per_query.values())
    print(f"\nerrors: {errors}; all goals met: {'yes' if ok and errors == 0 else 'no'}")


if __name__ == "__main__":
    main()

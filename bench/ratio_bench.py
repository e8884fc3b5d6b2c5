"""/sparql throughput as a ratio to `oxigraph serve-read-only` on one built store, several rounds.

    python bench/ratio_bench.py --store-dir /tmp/sb100k/store [--oxigraph-dir /tmp/sb100k/ox]
        [--rounds 3] [--requests 200] [--workers 2 3] [--also main=/path/to/other/checkout]

Quicker than bench/scale_bench.py (no generation, no build): it serves an existing store.
Each round starts, one at a time so none competes for the CPUs, `oxigraph serve-read-only`
(union default graph) and `ansvar serve --query-workers N` of this checkout for each N of
--workers, and the same of each --also LABEL=CHECKOUT (that checkout's service/ first on
PYTHONPATH: a before/after in the same run). Each gets bench/queries/ (lookup, county join, aggregate)
from --clients threads with the load generator of bench/endpoint_bench.py. A round's ratios
are to the oxigraph of the same round, since other work on the machine changes from round to
round; the last tables give each ratio's median over the rounds, and the median CPU time the
server spent per request (its query workers included), which the machine's other load
disturbs less than throughput.

Without --oxigraph-dir the store's quads are loaded into a scratch oxigraph store first.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))  # endpoint_bench, scale_bench

from endpoint_bench import QUERIES, Server, Stats, measure  # noqa: E402
from scale_bench import ANSVAR, oxigraph_copy, serve_ansvar, serve_oxigraph  # noqa: E402
from servers import stop_process  # noqa: E402  (tests/, put on sys.path by scale_bench)

NATIVE = "oxigraph serve"
Results = dict[str, dict[str, Any]]  # server → query → figure
Starter = Callable[[], tuple[Server, list[subprocess.Popen]]]


def answered(s: Stats) -> float:
    """Throughput of correct answers only."""
    return s.per_second * (s.done - s.errors) / s.done if s.done else 0.0


def starters(args: argparse.Namespace, location: Path, tmp: Path) -> list[Starter]:
    def oxigraph() -> tuple[Server, list[subprocess.Popen]]:
        process, url = serve_oxigraph(location, tmp / "ox.log")
        return Server(NATIVE, url, process, args.requests), [process]

    def ansvar(label: str, command: list[str], workers: int) -> Starter:
        name = f"{label} w{workers}"

        def start() -> tuple[Server, list[subprocess.Popen]]:
            process, port = serve_ansvar(args.store_dir, tmp / f"{name}.log", workers, command)
            return Server(name, f"http://127.0.0.1:{port}/sparql", process, args.requests), [process]

        return start

    checkouts = [("ansvar", ANSVAR)]
    for also in args.also:
        label, _, checkout = also.partition("=")
        checkouts.append((f"ansvar {label}", ["env", f"PYTHONPATH={Path(checkout).resolve() / 'service'}", *ANSVAR]))
    return [oxigraph, *(ansvar(label, command, w) for label, command in checkouts for w in args.workers)]


def tree_cpu_s(process: subprocess.Popen) -> float:
    """CPU seconds (user + system) used so far by the server and its query workers."""
    try:
        root = psutil.Process(process.pid)
        return sum(sum(p.cpu_times()[:2]) for p in [root, *root.children(recursive=True)])
    except psutil.Error:
        return 0.0


def one_round(todo: list[Starter], args: argparse.Namespace) -> tuple[Results, Results]:
    """Per server and query: the load's figures, and the server's CPU ms per request (workers included)."""
    texts = {name: path.read_text(encoding="utf-8") for name, path in QUERIES.items()}
    expected: dict[str, int] = {}
    results: Results = {}
    cpu: Results = {}
    for start in todo:
        server, processes = start()
        try:
            results[server.name], cpu[server.name] = {}, {}
            for name, text in texts.items():
                before = tree_cpu_s(server.process)
                results[server.name][name] = stats = measure(server, {name: text}, expected, args)[name]
                cpu[server.name][name] = (tree_cpu_s(server.process) - before) * 1000 / max(stats.done, 1)
        finally:
            for process in processes:
                stop_process(process)
    return results, cpu


def ratios(results: Results) -> dict[str, dict[str, float]]:
    native = results[NATIVE]
    return {
        server: {q: answered(s) / answered(native[q]) if answered(native[q]) else 0.0 for q, s in per_query.items()}
        for server, per_query in results.items()
        if server != NATIVE
    }


def print_round(number: int, results: Results, cpu: Results) -> None:
    print(f"\nround {number}: req/s (median ms / p99 ms), errors, server CPU ms per request")
    for server, per_query in results.items():
        cells = "  ".join(
            f"{q}: {s.per_second:7.1f} ({s.median_ms:.1f}/{s.p99_ms:.1f}) e{s.errors} cpu {cpu[server][q]:.2f}"
            for q, s in per_query.items()
        )
        print(f"  {server:<20} {cells}")
    for server, per_query in ratios(results).items():
        print(f"  {server + ' / oxigraph':<32} " + "  ".join(f"{q}: {r:.2f}" for q, r in per_query.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store-dir", type=Path, required=True, help="a built store (ansvar build --store-dir)")
    parser.add_argument("--oxigraph-dir", type=Path, help="an oxigraph store of the same quads (read only)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=200, help="requests per server, query and round")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--workers", type=int, nargs="+", default=[2], help="ansvar serve --query-workers values")
    parser.add_argument("--max-seconds", type=float, default=60, help="time bound per server and query")
    parser.add_argument("--also", action="append", default=[], metavar="LABEL=CHECKOUT", help="another checkout")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]  # progress shows in a log
    tmp = Path(tempfile.mkdtemp(prefix="ratio-bench-"))
    try:
        location = args.oxigraph_dir
        if location is None:
            location = tmp / "ox"
            oxigraph_copy(args.store_dir, location, tmp)
        print(f"store {args.store_dir}; {os.cpu_count()} CPUs; {args.clients} clients")
        todo = starters(args, location, tmp)
        per_round, cpu_rounds = [], []
        for number in range(1, args.rounds + 1):
            results, cpu = one_round(todo, args)
            per_round.append(ratios(results))
            cpu_rounds.append(cpu)
            print_round(number, results, cpu)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nmedian ratio to oxigraph over {args.rounds} round(s) (correct answers/s)")
    print_medians(per_round)
    print(f"\nmedian server CPU ms per request over {args.rounds} round(s) (query workers included)")
    print_medians(cpu_rounds)


def print_medians(rounds: list[Results]) -> None:
    for server, per_query in rounds[0].items():
        cells = "  ".join(f"{q}: {statistics.median(r[server][q] for r in rounds):.2f}" for q in per_query)
        print(f"  {server:<20} {cells}")


if __name__ == "__main__":
    main()

"""Time a full `ansvar check` and compare it with pure pyshacl, measured in the same run.

    python bench/check_bench.py                     # shipped data, then the national graph
    python bench/check_bench.py --triples 1000000 --baseline-timeout 600

Two data sets:

1. the shipped data (ontology, data/, shapes/), as `ansvar check` loads it;
2. the national graph of bench/national_graph.py (about --triples asserted
   triples: regional and local agreements of every county and municipality over
   2011–2025 in the current model), loaded and inferred as `ansvar check --add`
   does it.

For each, two engines run every shape in shapes/ as of a date:

- store (what `ansvar check` does): core shapes in pyshacl, the SHACL-SPARQL gap
  rules on the pyoxigraph store, one query per rule for all focus nodes;
- pyshacl: everything in pyshacl, the SPARQL rules once per focus node on
  rdflib's engine (the baseline). On the large graph it runs in a subprocess
  that is stopped after --baseline-timeout seconds; the ratio is then a lower bound.

Timings are wall-clock on this machine (noisy): read the ratios, not the seconds.
Data preparation (parsing, inference, loading the store) is timed separately.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import queue
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "service"))

from ansvar.checks import CheckData, run_checks  # noqa: E402


def timed(fn, repeat: int = 1):
    runs = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - start)
    return result, min(runs), statistics.median(runs)


def fresh(data: CheckData) -> CheckData:
    """The same graph and store without cached results, so each run does the full work."""
    return CheckData(data.store, data.shapes, data.graph, data.file_of_subject)


# --------------------------------------------------------------------------------------
# The national graph (bench/national_graph.py), through load and inference as `ansvar check` does
# --------------------------------------------------------------------------------------


def national_data(triples: int, cache: Path) -> CheckData:
    from national_graph import generate  # same directory

    files, _ = generate(triples, cache / f"national-{triples}")
    return CheckData.from_project(extra_files=files)


# --------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------


def _baseline_worker(triples, as_of, cache, messages):
    sys.path.insert(0, str(ROOT / "bench"))
    data = national_data(triples, cache) if triples else CheckData.from_project()
    messages.put(("ready",))
    start = time.perf_counter()
    report = run_checks(data, as_of, engine="pyshacl")
    messages.put(("done", time.perf_counter() - start, len(report.findings)))


def baseline_in_subprocess(
    triples: int, as_of: dt.date, cache: Path, timeout: float
) -> tuple[float | None, int | None]:
    ctx = mp.get_context("spawn")
    messages = ctx.Queue()
    process = ctx.Process(target=_baseline_worker, args=(triples, as_of, cache, messages))
    process.start()
    deadline = None  # set once the worker has rebuilt the data: only the check is timed
    try:
        while process.is_alive() and (deadline is None or time.monotonic() < deadline):
            try:
                message = messages.get(timeout=1)
            except queue.Empty:
                continue
            if message[0] == "ready":
                deadline = time.monotonic() + timeout
            else:
                return message[1], message[2]
        return None, None
    finally:
        if process.is_alive():
            process.kill()
        process.join()


def report_line(label: str, seconds: float, extra: str = "") -> None:
    print(f"  {label:<44} {seconds:8.3f} s {extra}")


def bench(label: str, data: CheckData, as_of: dt.date, repeat: int, baseline: tuple[float | None, int | None]):
    n = len(data.graph)
    print(f"\n{label}: {n:,} triples, as of {as_of}")
    report, best, median = timed(lambda: run_checks(fresh(data), as_of), repeat)
    print(f"  findings: {report.totals()}")
    report_line("full check, store engine (ansvar check)", best, f"(median {median:.3f} s)")
    for stage, seconds in report.seconds.items():
        report_line(f"  of which {stage}", seconds)
    run_checks(data, as_of)
    cached = run_checks(data, as_of)  # core results cached, as the server keeps them: rules and context alone
    report_line("again with core results cached (as /checks)", cached.seconds["total"])
    base_seconds, base_count = baseline
    if base_seconds is None:
        print("  pure pyshacl baseline: did not finish within the time limit")
    else:
        report_line("pure pyshacl baseline (every shape)", base_seconds, f"({base_count} findings)")
        print(f"  ratio pyshacl / store engine: {base_seconds / best:6.1f}x")
        if base_count != len(report.findings):
            print(f"  NOTE: finding counts differ ({base_count} vs {len(report.findings)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000, help="asserted triples of the national graph")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the store engine (best is reported)")
    parser.add_argument(
        "--baseline-timeout", type=float, default=900, help="seconds for pure pyshacl on the large graph"
    )
    parser.add_argument("--skip-national", action="store_true")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "ansvar-bench")
    args = parser.parse_args()

    today = dt.date.today()
    start = time.perf_counter()
    shipped = CheckData.from_project()
    _ = shipped.graph
    print(f"shipped data prepared (load, infer, store) in {time.perf_counter() - start:.2f} s")
    base_report, base_seconds, _ = timed(lambda: run_checks(fresh(shipped), today, engine="pyshacl"))
    bench("shipped data", shipped, today, args.repeat, (base_seconds, len(base_report.findings)))

    if args.skip_national:
        return
    as_of = dt.date(2024, 6, 30)
    start = time.perf_counter()
    large = national_data(args.triples, args.cache)
    _ = large.graph
    print(f"\nnational graph prepared in {time.perf_counter() - start:.1f} s (generator, load, infer, store)")
    baseline = baseline_in_subprocess(args.triples, as_of, args.cache, args.baseline_timeout)
    bench(f"national graph, {args.triples:,} asserted triples", large, as_of, 1, baseline)


if __name__ == "__main__":
    main()

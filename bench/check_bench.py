"""Time a full `ansvar check` and compare it with pure pyshacl, measured in the same run.

    python bench/check_bench.py                     # shipped data, then the national graph
    python bench/check_bench.py --triples 1000000 --baseline-timeout 600
    python bench/check_bench.py --skip-shipped --skip-national --store-dir S --named-graphs-reference

Two data sets:

1. the shipped data (ontology, data/, shapes/), as `ansvar check` loads it;
2. the national graph of bench/national_graph.py (about --triples asserted
   triples: regional and local agreements of every county and municipality over
   2011–2025 in the current model), loaded and inferred as `ansvar check --add`
   does it.

For each, two engines run every shape in shapes/ as of a date:

- store (what `ansvar check` does): the SHACL Core shapes compiled to SPARQL
  (shacl_core.py) and the SHACL-SPARQL gap rules, both on the pyoxigraph store,
  one query per constraint for all focus nodes;
- pyshacl: everything in pyshacl, the SPARQL rules once per focus node on
  rdflib's engine (the baseline). It runs in a subprocess that is stopped after
  --baseline-timeout seconds, reported as not finished (0: not run).

The core shapes alone are also timed both ways (compiled on the store, and in
pyshacl as `ansvar check` ran them before), with the ratio and the finding counts.

With --store-dir, a built store is checked as `ansvar check --store-dir` checks it: its
data graphs copied into one default graph, then every rule on that (with
--named-graphs-reference, each store shape also on the list of named graphs, as before).

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
from ansvar.checks.engine_pyshacl import pyshacl_findings  # noqa: E402
from ansvar.checks.engine_store import compiled_core_findings  # noqa: E402


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


def bench(
    label: str,
    data: CheckData,
    as_of: dt.date,
    repeat: int,
    baseline: tuple[float | None, int | None],
    core_reference: bool = True,
):
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
    if core_reference:
        compare_core(data)
    base_seconds, base_count = baseline
    if base_seconds is None:
        print("  pure pyshacl baseline: did not finish within the time limit")
    else:
        report_line("pure pyshacl baseline (every shape)", base_seconds, f"({base_count} findings)")
        print(f"  ratio pyshacl / store engine: {base_seconds / best:6.1f}x")
        if base_count != len(report.findings):
            print(f"  NOTE: finding counts differ ({base_count} vs {len(report.findings)})")


def compare_core(data: CheckData) -> None:
    """The core shapes compiled on the store against the same shapes in pyshacl, in this run."""
    catalogue = data.catalogue
    start = time.perf_counter()
    compiled = compiled_core_findings(fresh(data))
    compiled_seconds = time.perf_counter() - start
    start = time.perf_counter()
    reference = pyshacl_findings(data.graph, catalogue.core_shapes(), catalogue, None)
    pyshacl_seconds = time.perf_counter() - start
    report_line("core shapes compiled, on the store", compiled_seconds, f"({len(compiled)} findings)")
    report_line("core shapes in pyshacl (the reference)", pyshacl_seconds, f"({len(reference)} findings)")
    print(f"  ratio pyshacl / compiled core shapes: {pyshacl_seconds / compiled_seconds:6.1f}x")
    if {f.key() for f in compiled} != {f.key() for f in reference}:
        print("  NOTE: the compiled core shapes and pyshacl report different findings")


def bench_store(store_dir: Path, as_of: dt.date, named_reference: bool) -> None:
    """`ansvar check --store-dir`: the copy of the data graphs into one default graph, then the check on it.

    With `named_reference`, each store shape's query also runs on the store's data graphs given as
    a list of default graphs (how the check read a built store before), and the ratio is printed."""
    from ansvar.rule_catalogue import as_of_literal
    from ansvar.store.embedded import EmbeddedStore

    data = CheckData.from_store(EmbeddedStore.open_directory(store_dir))
    print(f"\nbuilt store {store_dir}: {len(data.store):,} quads in {len(data.data_graph_names())} data graphs")
    _, copy_seconds, _ = timed(lambda: data.data_store)
    report_line("data graphs copied into one default graph", copy_seconds)
    report = run_checks(data, as_of)
    print(f"  findings: {report.totals()}")
    for stage, seconds in report.seconds.items():
        report_line(f"check, {stage}", seconds)
    if not named_reference:
        return
    literal = as_of_literal(as_of).n3()
    union_total = named_total = 0.0
    for shape in data.catalogue.store_shapes:
        for query, _constraint in shape.queries(literal):
            union_rows, union_seconds, _ = timed(lambda q=query: data.select(q))
            named_rows, named_seconds, _ = timed(lambda q=query: data.select_named(q))
            union_total, named_total = union_total + union_seconds, named_total + named_seconds
            name = str(shape.iri).rsplit("#", 1)[-1]
            same = "" if len(union_rows) == len(named_rows) else "  NOTE: row counts differ"
            print(f"  {name:<44} {named_seconds:8.3f} s / {union_seconds:7.3f} s{same}")
    print(f"  store shapes: list of named graphs {named_total:.2f} s, one default graph {union_total:.2f} s")
    print(f"  ratio list of graphs / one default graph: {named_total / union_total:6.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000, help="asserted triples of the national graph")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the store engine (best is reported)")
    parser.add_argument(
        "--baseline-timeout", type=float, default=900, help="seconds for pure pyshacl on each graph (0: not run)"
    )
    parser.add_argument("--skip-national", action="store_true")
    parser.add_argument("--skip-shipped", action="store_true")
    parser.add_argument(
        "--no-core-reference", action="store_true", help="do not time the core shapes in pyshacl as well"
    )
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "ansvar-bench")
    parser.add_argument("--store-dir", type=Path, help="also check this built store, as `ansvar check --store-dir`")
    parser.add_argument(
        "--named-graphs-reference",
        action="store_true",
        help="with --store-dir: run each store shape on the list of named graphs too (slow) and print the ratio",
    )
    args = parser.parse_args()

    if args.store_dir:
        bench_store(args.store_dir, dt.date(2024, 6, 30), args.named_graphs_reference)

    today = dt.date.today()
    if not args.skip_shipped:
        start = time.perf_counter()
        shipped = CheckData.from_project()
        _ = shipped.graph
        print(f"shipped data prepared (load, infer, store) in {time.perf_counter() - start:.2f} s")
        # In a child, bounded like the national one: pure pyshacl may take longer than anyone waits.
        shipped_baseline = (
            baseline_in_subprocess(0, today, args.cache, args.baseline_timeout)
            if args.baseline_timeout > 0
            else (None, None)
        )
        bench("shipped data", shipped, today, args.repeat, shipped_baseline, not args.no_core_reference)

    if args.skip_national:
        return
    as_of = dt.date(2024, 6, 30)
    start = time.perf_counter()
    large = national_data(args.triples, args.cache)
    _ = large.graph
    print(f"\nnational graph prepared in {time.perf_counter() - start:.1f} s (generator, load, infer, store)")
    baseline: tuple[float | None, int | None] = (None, None)
    if args.baseline_timeout > 0:
        baseline = baseline_in_subprocess(args.triples, as_of, args.cache, args.baseline_timeout)
    bench(f"national graph, {args.triples:,} asserted triples", large, as_of, 1, baseline, not args.no_core_reference)


if __name__ == "__main__":
    main()

"""The national graph at one size, measured end to end in one run.

    pip install -e ".[test,bench]"     # psutil, and the `oxigraph` server binary
    python bench/scale_bench.py --triples 1000000 [--stage-timeout 300] [--requests 200]

1. bench/national_graph.py writes the graph (about N asserted triples, shipped data included).
2. `ansvar build --store-dir` runs in a child process, stage by stage (load, infer, validate,
   store, check, describe) with each stage's wall time and the peak RSS of the child; a stage
   that runs longer than --stage-timeout is stopped and printed as "> N s (stopped)". If the
   build did not finish, the later measurements run on a store made by bulk-loading the
   shipped build and the generated files without inference (said so in the output).
3. The full gap check (`ansvar check --store-dir`, then with `--every-shape`), in a child, with its peak RSS.
4. Every question of the catalogue (queries/*.rq) with its default parameters, in a query
   worker (store/query_pool.py) that is stopped after --query-timeout seconds.
5. HTTP throughput of bench/queries/ (lookup, join, aggregate), 8 client threads with httpx
   keep-alive, one server at a time: `ansvar serve --store-dir` (2 query workers), the native
   `oxigraph serve-read-only` on the same quads, and nginx (deploy/nginx/ansvar.conf) over
   two `ansvar serve` replicas of one worker each. Ratios are to oxigraph, same run.

Timings are wall-clock on whatever else the machine is doing: read the ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "service"))
sys.path.insert(0, str(ROOT / "tests"))  # the shared server helper: tests/servers.py, tests/nginx.py

import national_graph  # noqa: E402  (same directory)
from endpoint_bench import JSON, QUERIES, Server, Stats, measure  # noqa: E402
from nginx import ansvar_conf, start_nginx  # noqa: E402
from servers import free_port, http_ready, start_process, stop_process  # noqa: E402

ANSVAR = [sys.executable, "-m", "ansvar.cli"]
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
STAGES = ("load", "infer", "validate", "store", "check", "describe")


@dataclass
class Stage:
    name: str
    seconds: float
    peak_mb: float
    stopped: bool = False

    def line(self, timeout: float) -> str:
        shown = f"> {timeout:.0f} s (stopped)" if self.stopped else f"{self.seconds:8.1f} s"
        return f"  {self.name:<22} {shown:>18}   peak RSS {self.peak_mb:7.0f} MB"


@dataclass
class Watched:
    """A child process whose tree's RSS is sampled until it ends."""

    process: subprocess.Popen
    peak: float = 0.0
    lines: list[tuple[float, str]] = field(default_factory=list)

    def rss_mb(self) -> float:
        try:
            parent = psutil.Process(self.process.pid)
            tree = [parent, *parent.children(recursive=True)]
            return sum(p.memory_info().rss for p in tree) / 2**20
        except psutil.Error:
            return 0.0

    def read_lines(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            self.lines.append((time.monotonic(), raw.decode("utf-8", "replace").rstrip()))


def kill_tree(process: subprocess.Popen) -> None:
    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.Error:
        children = []
    for p in [*children]:
        try:
            p.kill()
        except psutil.Error:
            pass
    process.kill()
    process.wait(timeout=30)


# -- 2. the build, stage by stage ---------------------------------------------------------------


def child_build(store_dir: Path, files: list[Path]) -> None:
    """In the child: run the build, printing when each stage starts and ends."""
    from ansvar.build import run_build

    def reporter(name: str):
        print(f"START {name}", flush=True)
        return lambda: print(f"END {name}", flush=True)

    result = run_build(store_dir=store_dir, extra_files=files, reporter=reporter)
    print(f"QUADS {len(result.store) if result.store is not None else 0}", flush=True)


def measure_build(files: list[Path], store_dir: Path, timeout: float) -> tuple[list[Stage], bool, int]:
    command = [sys.executable, __file__, "--child-build", str(store_dir), *map(str, files)]
    watched = Watched(subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL))
    reader = threading.Thread(target=watched.read_lines, daemon=True)
    reader.start()
    stages: list[Stage] = []
    current, started, peak = None, time.monotonic(), 0.0
    seen = 0
    while True:
        peak = max(peak, watched.rss_mb())
        for at, line in watched.lines[seen:]:
            seen += 1
            if line.startswith("START "):
                current, started, peak = line[6:], at, watched.rss_mb()
            elif line.startswith("END ") and current:
                stages.append(Stage(current, at - started, peak))
                print(stages[-1].line(timeout))
                current = None
        if watched.process.poll() is not None:
            break
        if current and time.monotonic() - started > timeout:
            kill_tree(watched.process)
            stages.append(Stage(current, timeout, peak, stopped=True))
            print(stages[-1].line(timeout))
            break
        time.sleep(0.2)
    reader.join(timeout=5)
    quads = next((int(line[6:]) for _, line in watched.lines if line.startswith("QUADS ")), 0)
    return stages, watched.process.returncode == 0 and quads > 0, quads


def inferred_store(files: list[Path], store_dir: Path) -> int:
    """Load and infer as the build does, and store that (no gate, no check): when the build's
    inference finished in time but a later stage did not."""
    from ansvar.dataset import InferredDataset
    from ansvar.infer import infer
    from ansvar.load import load_all
    from ansvar.paths import default_paths
    from ansvar.store.embedded import EmbeddedStore

    loaded = load_all(default_paths(), files)
    inferred = infer(loaded.graphs[g] for g in loaded.data_graph_names())
    shutil.rmtree(store_dir, ignore_errors=True)
    store = EmbeddedStore.write_directory(store_dir, InferredDataset(loaded, inferred).nquads())
    quads = len(store)
    store.close()
    return quads


def asserted_store(files: list[Path], store_dir: Path) -> int:
    """The shipped build plus the generated files as asserted (no inference on them): when the
    build's inference did not finish in time."""
    import pyoxigraph as ox
    from ansvar.build import run_build
    from ansvar.namespaces import source_graph
    from ansvar.store.embedded import EmbeddedStore

    shipped = run_build().store
    assert shipped is not None
    work = ox.Store()
    work.bulk_load(shipped.dump("application/n-quads"), format=ox.RdfFormat.N_QUADS)
    for path in files:
        work.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(source_graph(path.stem))))
    shutil.rmtree(store_dir, ignore_errors=True)
    store = EmbeddedStore.write_directory(store_dir, work.dump(format=ox.RdfFormat.N_QUADS))
    quads = len(store)
    store.close()
    return quads


# -- 3. the full gap check ----------------------------------------------------------------------


def measure_check(store_dir: Path, out: Path, timeout: float, label: str, *options: str) -> tuple[Stage, str]:
    command = [*ANSVAR, "check", "--store-dir", str(store_dir), "--format", "json", "--as-of", "2024-06-30", *options]
    with out.open("wb") as sink:
        watched = Watched(subprocess.Popen(command, stdout=sink, stderr=subprocess.DEVNULL))
        began = time.monotonic()
        while watched.process.poll() is None:
            watched.peak = max(watched.peak, watched.rss_mb())
            if time.monotonic() - began > timeout:
                kill_tree(watched.process)
                return Stage(label, timeout, watched.peak, stopped=True), ""
            time.sleep(0.2)
    seconds = time.monotonic() - began
    try:
        totals = json.loads(out.read_text(encoding="utf-8"))["totals"]
        summary = ", ".join(f"{n} {kind}" for kind, n in totals.items())
    except (ValueError, OSError, KeyError):
        summary = f"exit {watched.process.returncode}, no JSON report"
    return Stage(label, seconds, watched.peak), summary


# -- 4. the catalogue's questions ---------------------------------------------------------------


def timed_query(store, sparql: str) -> tuple[int, float]:
    """In a query worker: evaluate and read every row (JSON, as the endpoint serves it)."""
    started = time.perf_counter()
    result = store.query(sparql)
    rows = len(json.loads(result.body).get("results", {}).get("bindings", [])) if result.body else 0
    return rows, time.perf_counter() - started


def measure_questions(store_dir: Path, timeout: float) -> list[tuple[str, str, str]]:
    from ansvar.questions import catalogue
    from ansvar.store.embedded import EmbeddedStore
    from ansvar.store.query_pool import QueryPool, QueryTimeout, StoreSource

    generation = EmbeddedStore.live_generation(store_dir)
    assert generation is not None
    pool = QueryPool(StoreSource(store_dir=store_dir, generation=generation.name), size=1, start_timeout=600)
    out = []
    try:
        for name, question in sorted(catalogue().items()):
            try:
                rows, seconds = pool.call(timed_query, (question.bound(),), timeout=timeout, wait=timeout)
                out.append((name, f"{seconds:8.3f} s", f"{rows} rows"))
            except QueryTimeout:
                out.append((name, f"> {timeout:.0f} s (stopped)", ""))
            except Exception as err:  # a question that fails is reported, the rest still run
                out.append((name, "failed", f"{type(err).__name__}: {str(err)[:80]}"))
    finally:
        pool.close()
    return out


# -- 5. HTTP throughput -------------------------------------------------------------------------


# All the load comes from one address: the per-client budget is off, and a query waits for a
# free worker as long as the load generator waits for its answer (both limits are the service's
# defence against one client, not part of its throughput).
LOAD_ENV = {"ANSVAR_CLIENT_BUDGET_S": "0", "ANSVAR_QUEUE_WAIT_S": "600"}


def serve_ansvar(store_dir: Path, log: Path, workers: int, ansvar: list[str] = ANSVAR) -> tuple[subprocess.Popen, int]:
    """`ansvar serve` (the command `ansvar`, by default this checkout's) on the store, under LOAD_ENV."""
    port = free_port()
    command = [*ansvar, "serve", "--host", "127.0.0.1", "--port", str(port), "--store-dir", str(store_dir)]
    command += ["--query-workers", str(workers), "--timeout-s", "600"]
    ready = http_ready(f"http://127.0.0.1:{port}/health")
    process = start_process(command, ready, log=log, timeout=600, env={**os.environ, **LOAD_ENV})
    return process, port


def oxigraph_copy(store_dir: Path, location: Path, scratch: Path) -> None:
    """An `oxigraph load` of the store's quads into `location` (via an N-Quads file in `scratch`)."""
    from ansvar.store.embedded import EmbeddedStore

    shutil.rmtree(location, ignore_errors=True)  # a copy left by an earlier run of this --workdir
    store = EmbeddedStore.open_directory(store_dir)
    store.dump_to(scratch / "data.nq", "application/n-quads")
    store.close()
    subprocess.run(
        [OXIGRAPH, "load", "--location", str(location), "--file", str(scratch / "data.nq")],
        check=True,
        capture_output=True,
    )


def serve_oxigraph(location: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """`oxigraph serve-read-only` on `location` with the union default graph; its query URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/query"
    command = [OXIGRAPH, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    ready = http_ready(url, {"query": "ASK {}"}, {"Accept": JSON})
    return start_process([*command, "--union-default-graph"], ready, log=log, timeout=600), url


def http_runs(store_dir: Path, tmp: Path, args) -> dict[str, dict[str, Stats]]:
    texts = {name: path.read_text(encoding="utf-8") for name, path in QUERIES.items()}
    expected: dict[str, int] = {}
    results: dict[str, dict[str, Stats]] = {}
    oxigraph_copy(store_dir, tmp / "ox", tmp)

    def oxigraph() -> tuple[Server, list]:
        process, url = serve_oxigraph(tmp / "ox", tmp / "ox.log")
        return Server("oxigraph serve", url, process, args.requests), [process]

    def embedded() -> tuple[Server, list]:
        process, port = serve_ansvar(store_dir, tmp / "ansvar.log", 2)
        return Server("ansvar serve", f"http://127.0.0.1:{port}/sparql", process, args.requests), [process]

    def replicas() -> tuple[Server, list]:
        started = [serve_ansvar(store_dir, tmp / f"replica-{i}.log", 1) for i in range(2)]
        port = free_port()
        proxy = start_nginx(tmp / "nginx", ansvar_conf(port, [p for _, p in started]), port)
        processes = [proxy.process, *(p for p, _ in started)]
        return Server("nginx, 2 replicas", f"http://127.0.0.1:{port}/sparql", proxy.process, args.requests), processes

    for starter in (oxigraph, embedded, replicas):  # one at a time: none competes for the CPUs
        server, processes = starter()
        try:
            results[server.name] = measure(server, texts, expected, args)
        finally:
            for process in processes:
                stop_process(process)
    return results


# -- the report ---------------------------------------------------------------------------------


def machine() -> str:
    versions = ", ".join(
        f"{p} {metadata.version(p)}" for p in ("pyoxigraph", "oxigraph", "rdflib", "owlrl", "pyshacl", "fastapi")
    )
    nginx = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip()
    memory = psutil.virtual_memory().total / 2**30
    return (
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} CPUs, {memory:.0f} GiB; "
        f"Python {platform.python_version()}; {versions}; {nginx}"
    )


def print_http(results: dict[str, dict[str, Stats]]) -> None:
    head = f"{'requests':>8} {'median ms':>10} {'p99 ms':>8} {'req/s':>8} {'errors':>6}"
    print(f"\n  {'server':<20} {'query':<12} {head}")
    for server, per_query in results.items():
        for name, s in per_query.items():
            print(
                f"  {server:<20} {name:<12} {s.done:>8} {s.median_ms:>10.1f} {s.p99_ms:>8.1f} "
                f"{s.per_second:>8.1f} {s.errors:>6}"
            )

    def answered(s: Stats) -> float:  # throughput of correct answers only
        return s.per_second * (s.done - s.errors) / s.done if s.done else 0.0

    native = results["oxigraph serve"]
    print(f"\n  {'correct answers/s / oxigraph':<28} " + " ".join(f"{q:>12}" for q in native))
    for server, per_query in results.items():
        if server != "oxigraph serve":
            ratios = " ".join(
                f"{answered(per_query[q]) / answered(native[q]):>12.2f}" if answered(native[q]) else f"{'n/a':>12}"
                for q in native
            )
            print(f"  {server:<28} {ratios}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=100_000, help="asserted triples, shipped data included")
    parser.add_argument("--stage-timeout", type=float, default=300, help="seconds before a build stage is stopped")
    parser.add_argument("--check-timeout", type=float, default=300, help="seconds for the full gap check")
    parser.add_argument("--query-timeout", type=float, default=60, help="seconds per catalogue question")
    parser.add_argument("--requests", type=int, default=200, help="HTTP requests per server and query")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--max-seconds", type=float, default=60, help="time bound per server and query")
    parser.add_argument("--workdir", type=Path, help="keep the generated files and stores here")
    parser.add_argument(
        "--http-only", action="store_true", help="only step 5, on the store a run with this --workdir built"
    )
    parser.add_argument("--child-build", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.http_only and not (args.workdir and (args.workdir / "store").is_dir()):
        parser.error("--http-only needs the --workdir of an earlier run (its store/ is measured)")
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]  # progress shows in a log
    if args.child_build:
        child_build(Path(args.child_build[0]), [Path(p) for p in args.child_build[1:]])
        return
    tmp = args.workdir or Path(tempfile.mkdtemp(prefix="scale-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        run(args, tmp)
    finally:
        if args.workdir is None:
            shutil.rmtree(tmp, ignore_errors=True)


def run(args, tmp: Path) -> None:
    print(f"scale bench, --triples {args.triples:,}: {machine()}")
    if args.http_only:
        http_part(args, tmp, tmp / "store")
        return
    began = time.monotonic()
    files, total = national_graph.generate(args.triples, tmp / "graph")
    print(f"\ngenerated {total:,} asserted triples in {len(files)} files in {time.monotonic() - began:.1f} s")
    store_dir = tmp / "store"
    print(f"\nbuild, stage by stage (each stopped after {args.stage_timeout:.0f} s)")
    stages, built, quads = measure_build(files, store_dir, args.stage_timeout)
    for name in STAGES[len(stages) :]:
        print(f"  {name:<22} {'not reached':>18}")
    print(f"  build {'finished' if built else 'did not finish'}; {quads:,} quads stored")
    if not built:
        began = time.monotonic()
        if any(stage.name == "infer" and not stage.stopped for stage in stages):
            quads, how = inferred_store(files, store_dir), "loaded and inferred as the build does, not checked"
        else:
            quads, how = asserted_store(files, store_dir), "the shipped build plus the generated files, not inferred"
        print(f"  measuring on a store {how}: {quads:,} quads, made in {time.monotonic() - began:.0f} s")
    print("\nfull gap check (ansvar check --store-dir, as of 2024-06-30)")
    # As users run it (the build's gate record stands for what the gate ran), then every shape evaluated.
    for label, options in (("with the gate record", ()), ("every shape", ("--every-shape",))):
        check, summary = measure_check(store_dir, tmp / "check.json", args.check_timeout, label, *options)
        print(check.line(args.check_timeout) + (f"   {summary}" if summary else ""))
    print(f"\nquestions of the catalogue, default parameters (stopped after {args.query_timeout:.0f} s)")
    for name, seconds, rows in measure_questions(store_dir, args.query_timeout):
        print(f"  {name:<36} {seconds:>18}   {rows}")
    http_part(args, tmp, store_dir)


def http_part(args, tmp: Path, store_dir: Path) -> None:
    bound = f"<= {args.max_seconds:.0f} s"
    print(f"\nHTTP: {args.clients} clients, {args.requests} requests per server and query ({bound})")
    print_http(http_runs(store_dir, tmp, args))


if __name__ == "__main__":
    main()

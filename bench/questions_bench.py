"""Each question of the catalogue against the same question at another revision, on one store.

    python bench/national_graph.py --triples 100000 --out G && ansvar build --store-dir S --add G/*.ttl
    python bench/questions_bench.py --store-dir S [--against main] [--runs 3] [--timeout 60] [NAME ...]

Both texts of a question (queries/NAME.rq here, and `git show REV:queries/NAME.rq`) are bound
with their default parameters and evaluated on the same built store, read-only with the union
default graph as the endpoint evaluates them, each run in a child process that is stopped after
--timeout seconds; the two alternate, and the best of --runs is printed with the ratio of the
two. The answers are compared row by row (tests/sparql_compare.py: rows as multisets, ORDER BY
keys in order), so a rewrite that changes the answer shows as "DIFFERENT".

Timings are wall-clock on whatever else the machine is doing: read the ratios.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from sparql_compare import differences  # noqa: E402  (a test helper, on the path above)


def _evaluate(data_dir: str, sparql: str, out: mp.Queue) -> None:
    import pyoxigraph as ox

    store = ox.Store.read_only(data_dir)
    started = time.perf_counter()
    result = store.query(sparql, use_default_graph_as_union=True)
    body = result.serialize(format=ox.QueryResultsFormat.JSON)
    out.put((time.perf_counter() - started, body))


def timed(data_dir: Path, sparql: str, timeout: float) -> tuple[float, bytes] | None:
    """(seconds, JSON answer) of one evaluation in a child process; None when stopped."""
    out: mp.Queue = mp.Queue()
    child = mp.Process(target=_evaluate, args=(str(data_dir), sparql, out))
    child.start()
    try:
        seconds, body = out.get(timeout=timeout)
    except Exception:  # queue.Empty: the child did not answer in time
        child.kill()
        return None
    finally:
        child.join()
    return seconds, body


def reference_text(name: str, revision: str, directory: Path) -> Path | None:
    """queries/NAME.rq as it was at the revision, written into the directory; None if absent."""
    shown = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:queries/{name}.rq"], capture_output=True, text=True
    )
    if shown.returncode != 0:
        return None
    path = directory / f"{name}.rq"
    path.write_text(shown.stdout, encoding="utf-8")
    return path


def best(data_dir: Path, sparql: str, args: argparse.Namespace) -> tuple[float, bytes] | None:
    runs = [timed(data_dir, sparql, args.timeout) for _ in range(args.runs)]
    done = [r for r in runs if r is not None]
    return min(done, key=lambda r: r[0]) if len(done) == len(runs) else None


def compare(name: str, data_dir: Path, reference: Path, args: argparse.Namespace) -> str:
    from ansvar.questions import parse_question

    mine = parse_question(ROOT / "queries" / f"{name}.rq").bound()
    theirs = parse_question(reference).bound()
    new, old = best(data_dir, mine, args), best(data_dir, theirs, args)
    shown = [f"{r[0]:8.3f} s" if r else f"> {args.timeout:.0f} s".rjust(10) for r in (old, new)]
    if new is None or old is None:
        return f"{name:28s} {shown[0]} {shown[1]}"
    same = "same answer" if not differences(old[1], new[1], mine) else "DIFFERENT answer"
    return f"{name:28s} {shown[0]} {shown[1]} {old[0] / max(new[0], 1e-6):9.1f}x  {same}"


def main() -> None:
    from ansvar.store.generations import Generation

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store-dir", type=Path, required=True, help="a store built by `ansvar build --store-dir`")
    parser.add_argument("--against", default="main", help="the revision to compare with (default main)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each version; the best is printed")
    parser.add_argument("--timeout", type=float, default=60, help="seconds before a run is stopped")
    parser.add_argument("names", nargs="*", help="questions to measure (default: all)")
    args = parser.parse_args()
    held = Generation.open(args.store_dir)  # a shared lock: a build cannot remove it meanwhile
    if held is None:
        sys.exit(f"{args.store_dir} holds no built store (run `ansvar build --store-dir {args.store_dir}`)")
    names = args.names or sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    print(f"{'question':28s} {args.against:>10s} {'this tree':>10s} {'ratio':>10s}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            if not (ROOT / "queries" / f"{name}.rq").exists():
                print(f"{name:28s} not in this tree")
                continue
            reference = reference_text(name, args.against, Path(tmp))
            if reference is None:
                print(f"{name:28s} not at {args.against}")
                continue
            print(compare(name, held.data_dir, reference, args), flush=True)


if __name__ == "__main__":
    main()

"""Time every shape's queries on a built store, one by one, as `ansvar check --store-dir` runs them.

    python bench/shape_bench.py --store-dir S                  # every query, the costliest first
    python bench/shape_bench.py --store-dir S --only duplicate # the queries of shapes whose IRI has that text
    python bench/shape_bench.py --store-dir S --dump U.nt      # also write the data union as N-Triples
                                                               # (for `oxigraph load` / `oxigraph query --explain`)

The store's data graphs are copied into one default graph (checks/sources.py), then each query
runs on it: every constraint of the SPARQL-only shapes (rule_catalogue.StoreShape, as of --as-of)
and every compiled SHACL Core constraint (shacl_core.ShapeCompiler). Each line of the table (the
costliest first) gives the seconds, the rows and the ratio to a reference measured in the same run
(one scan counting every triple of the union), so figures from a busy machine can be compared:
read the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "service"))

from ansvar.checks import CheckData  # noqa: E402
from ansvar.rule_catalogue import as_of_literal  # noqa: E402
from ansvar.shacl_core import ShapeCompiler  # noqa: E402
from ansvar.store.embedded import EmbeddedStore  # noqa: E402

REFERENCE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def timed(run: Callable[[], list[object]], repeat: int) -> tuple[float, int]:
    """The best of `repeat` runs (seconds) and the rows of the last one."""
    best, rows = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = len(run())
        best = min(best, time.perf_counter() - start)
    return best, rows


def queries(data: CheckData, as_of: dt.date) -> list[tuple[str, str]]:
    """(label, query) of every query the check runs for the shapes: store shapes, then core constraints."""
    literal = as_of_literal(as_of).n3()
    found = []
    for shape in data.catalogue.store_shapes:
        for n, (query, _constraint) in enumerate(shape.queries(literal)):
            found.append((f"{shape.iri.split('#')[-1]} [sparql {n}]", query))
    compiler = ShapeCompiler(data.catalogue.core_shapes(), data.catalogue.target_query)
    for constraint in compiler.constraints:
        parameter = constraint.parameter.split("#")[-1]
        found.append((f"{str(constraint.shape).split('#')[-1]} [{parameter}]", constraint.query))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store-dir", type=Path, required=True, help="a store built by `ansvar build --store-dir`")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2024, 6, 30))
    parser.add_argument("--only", help="run the queries of shapes whose name contains this text only")
    parser.add_argument("--repeat", type=int, default=1, help="runs per query (the best is shown)")
    parser.add_argument("--dump", type=Path, help="write the data union as N-Triples to this file")
    parser.add_argument("--top", type=int, default=25, help="show the costliest N queries (0: all)")
    parser.add_argument("--print-query", action="store_true", help="print each query's text too")
    args = parser.parse_args()

    start = time.perf_counter()
    data = CheckData.from_store(EmbeddedStore.open_directory(args.store_dir))
    union = data.data_store
    print(f"data union: {len(union):,} triples, copied in {time.perf_counter() - start:.1f} s")
    if args.dump:
        union.dump(output=str(args.dump), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        print(f"written to {args.dump}")
    reference, _ = timed(lambda: data.select(REFERENCE), max(args.repeat, 3))
    print(f"reference (a scan counting every triple): {reference:.3f} s\n")

    results = []
    for label, query in queries(data, args.as_of):
        if args.only and args.only not in label:
            continue
        seconds, rows = timed(lambda q=query: data.select(q), args.repeat)
        results.append((seconds, rows, label, query))
    total = sum(r[0] for r in results)
    print(f"{len(results)} queries, total {total:.1f} s ({total / reference:.0f} x ref); the costliest first:")
    for seconds, rows, label, query in sorted(results, reverse=True)[: args.top or None]:
        print(f"  {seconds:8.2f} s  {seconds / reference:8.1f} x ref  {rows:7,} rows  {label}")
        if args.print_query:
            print(query)


if __name__ == "__main__":
    main()

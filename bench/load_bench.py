"""Stage load alone: pyoxigraph's parser into the store against rdflib's parse then copy.

Each load runs in a fresh child process (its peak RSS is its own): `load_into_store` as the
build runs it, and the reference, the way load worked before (rdflib parses each file, its
graph goes into the store as N-Triples). Both on the shipped data plus the national graph
of bench/national_graph.py at the given sizes, alternated, with the ratio reference / this.

    python bench/load_bench.py [--triples 100000 1000000] [--runs 1] [--no-reference]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = """
import json, resource, sys, time
from pathlib import Path
import pyoxigraph as ox
from ansvar.load import named_files, load_into_store
from ansvar.namespaces import GRAPH_SHAPES
from ansvar.paths import default_paths
from rdflib import Graph

files = [Path(p) for p in sys.argv[2:]]
began = time.perf_counter()
if sys.argv[1] == "this":
    store = load_into_store(default_paths(), files).store
else:  # the reference: rdflib's parse, then the graph into the store as N-Triples
    store = ox.Store()
    for path, name in named_files(default_paths(), files):
        graph = Graph().parse(path, format="turtle")
        if name != GRAPH_SHAPES and len(graph):
            body = graph.serialize(format="nt", encoding="utf-8")
            store.load(body, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(name)))
seconds = time.perf_counter() - began
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "quads": len(store), "peak_mb": peak}))
"""


def load_once(which: str, files: list[Path]) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, which, *map(str, files)], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        sys.exit(proc.stderr)
    result: dict[str, float] = json.loads(proc.stdout)
    return result


def national_files(triples: int, workdir: Path) -> list[Path]:
    if triples == 0:
        return []
    out = workdir / f"national-{triples}"
    generate = [sys.executable, str(HERE / "national_graph.py"), "--triples", str(triples), "--out", str(out)]
    subprocess.run(generate, check=True, stdout=subprocess.DEVNULL, env={**os.environ})
    return sorted(out.glob("*.ttl"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--triples", type=int, nargs="+", default=[0, 100_000, 1_000_000], help="0: shipped data")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--no-reference", action="store_true", help="skip rdflib's parse (minutes at 1 M)")
    args = parser.parse_args()
    print("size        this                       reference (rdflib parse)   ratio")
    with tempfile.TemporaryDirectory(prefix="load-bench-") as workdir:
        for triples in args.triples:
            files = national_files(triples, Path(workdir))
            load_once("this", files)  # reads the files into the page cache
            for _ in range(args.runs):
                ours = load_once("this", files)
                size = f"{triples or 'shipped':>9}"
                line = f"{size}  {ours['seconds']:7.2f} s {ours['peak_mb']:6.0f} MB {ours['quads']:>9.0f} q"
                if not args.no_reference:
                    ref = load_once("reference", files)
                    assert ref["quads"] == ours["quads"], (ref, ours)
                    ratio = ref["seconds"] / ours["seconds"]
                    line += f"   {ref['seconds']:7.2f} s {ref['peak_mb']:6.0f} MB   {ratio:6.1f}x"
                print(line, flush=True)


if __name__ == "__main__":
    main()

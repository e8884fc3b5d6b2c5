"""Build time per stage and peak memory on the shipped data.

Runs `ansvar build` in a fresh child process each time (nothing is cached between
builds, so every run is cold) and reports each stage, the total, and the child's
peak RSS. Targets: whole build under 2 s, under 300 MB.

    python bench/build_bench.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys

STAGES = ("load", "infer", "validate", "store", "check", "describe")


def run_once() -> tuple[dict[str, float], float]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.run([sys.executable, "-m", "ansvar.cli", "build"], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        sys.exit(proc.stderr)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    line = next(line for line in proc.stdout.splitlines() if line.startswith("seconds:"))
    seconds = {k: float(v) for k, v in re.findall(r"(\w+) ([\d.]+)", line) if k in STAGES}
    return seconds, max(peak_kb, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    run_once()  # the first run reads the files from disk into the page cache
    for label in ("cold build (fresh process)",):
        runs = [run_once() for _ in range(args.runs)]
        print(f"\n{label}, median of {args.runs} runs")
        for stage in STAGES:
            print(f"  {stage:<9} {statistics.median(r[0].get(stage, 0.0) for r in runs):6.2f} s")
        total = statistics.median(sum(r[0].values()) for r in runs)
        print(f"  {'total':<9} {total:6.2f} s   (target 2 s: {total / 2:.2f}x of target)")
        print(f"  peak RSS  {max(r[1] for r in runs):6.0f} MB  (target 300 MB)")


if __name__ == "__main__":
    main()

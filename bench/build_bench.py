"""Build time per stage and peak memory on the shipped data.

Runs `ansvar build` in a fresh child process each time (nothing is cached between
builds, so every run is cold) and reports each stage, the total of the stages, the
wall time of the whole process (start-up and imports included: what "cold" means),
its CPU time (user + system: what other work on a shared machine disturbs least),
and the child's peak RSS. Targets: the whole build under 2 s, under 300 MB.

    python bench/build_bench.py [--runs 3] [--reference ../main]

With --reference, the builds of another checkout (e.g. main before a change) alternate
with this one's, and each stage is printed with the ratio reference / this.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

STAGES = ("load", "infer", "validate", "store", "check", "describe")


@dataclass(frozen=True)
class Run:
    seconds: dict[str, float]  # per stage, as the build prints them
    wall: float  # the whole process, start to exit
    cpu: float  # user + system time of the process
    peak_mb: float


def run_once(checkout: Path | None = None) -> Run:
    """One build in a fresh process: of this checkout, or of `checkout` (its service/ on the path)."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout / "service")
        env["ANSVAR_INFERENCE_CACHE"] = "0"  # older checkouts cached owlrl's entailments: measure them cold
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as errors:
        command = [sys.executable, "-m", "ansvar.cli", "build"]
        began = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=errors, env=env, cwd=checkout)
        # This child's own peak RSS (RUSAGE_CHILDREN would give the largest of every child so far).
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - began
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        errors.seek(0)
        if proc.returncode != 0:
            sys.exit(errors.read())
        text = out.read()
    line = next(line for line in text.splitlines() if line.startswith("seconds:"))
    seconds = {k: float(v) for k, v in re.findall(r"(\w+) ([\d.]+)", line) if k in STAGES}
    return Run(seconds, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def _median(runs: list[Run], what: str) -> float:
    """The median of one stage, or of 'total' (the stages), 'wall' or 'cpu'."""
    if what == "total":
        return statistics.median(sum(r.seconds.values()) for r in runs)
    if what in ("wall", "cpu"):
        return statistics.median(getattr(r, what) for r in runs)
    return statistics.median(r.seconds.get(what, 0.0) for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reference", type=Path, help="another checkout to build in the same run, e.g. main")
    args = parser.parse_args()
    run_once()  # the first run reads the files from disk into the page cache
    ours: list[Run] = []
    theirs: list[Run] = []
    for _ in range(args.runs):  # alternated, so both meet the same load on a shared machine
        ours.append(run_once())
        if args.reference:
            theirs.append(run_once(args.reference))
    print(f"\ncold build (fresh process), median of {args.runs} runs")
    header = "  stage        this" + ("   reference   ratio" if theirs else "")
    print(header)
    for what in (*STAGES, "total", "wall", "cpu"):
        line = f"  {what:<9} {_median(ours, what):6.2f} s"
        if theirs:
            mine, ref = _median(ours, what), _median(theirs, what)
            line += f"   {ref:6.2f} s   {ref / mine if mine else float('inf'):5.1f}x"
        print(line)
    print(f"  wall time against the target of 2 s: {_median(ours, 'wall') / 2:.2f}x of target")
    peak = f"  peak RSS  {max(r.peak_mb for r in ours):6.0f} MB  (target 300 MB)"
    print(peak + (f"; reference {max(r.peak_mb for r in theirs):.0f} MB" if theirs else ""))


if __name__ == "__main__":
    main()

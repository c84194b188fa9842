"""How long the test suite takes: as CI runs it (pytest-xdist, one file per worker) and in one process, with the load
average before and after each run (figures taken while others share the machine are noise: say so).

Usage: python bench/suite.py [--serial] [--parallel] [--workers N] [PYTEST_ARGS...]
       (both runs when neither flag is given; --workers defaults to 2, the CI machine's cores)

Besides the wall time, each run reports CPU seconds (user + system, children included) per test file and the
slowest tests by CPU (bench/cputime.py), and for the parallel run how --dist loadfile could at best share the files
between the workers: the largest file and the ideal finish (total / workers) bound its wall time on a quiet machine.

A benchmark, not a test. Target (issue 12): the suite <= 3 minutes on 2 cores.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _report(folder: Path, workers: int) -> None:
    rows = [json.loads(line) for log in folder.glob("*.jsonl") for line in log.read_text().splitlines()]
    per_file: dict[str, float] = defaultdict(float)
    per_test: dict[tuple[str, str], float] = defaultdict(float)
    per_worker: dict[str, float] = defaultdict(float)
    for row in rows:
        per_file[row["id"].split("::")[0]] += row["cpu"]
        per_test[(row["id"], row["phase"])] += row["cpu"]
        per_worker[row["worker"]] += row["cpu"]
    total = sum(per_file.values())
    print(f"CPU in tests: {total:.1f} s; per worker: " +
          ", ".join(f"{w} {s:.1f} s" for w, s in sorted(per_worker.items())))
    print("files by CPU seconds:")
    for name, seconds in sorted(per_file.items(), key=lambda kv: -kv[1])[:25]:
        print(f"  {seconds:7.1f}  {name}")
    print("tests by CPU seconds:")
    for (test, phase), seconds in sorted(per_test.items(), key=lambda kv: -kv[1])[:25]:
        print(f"  {seconds:7.1f}  {phase:8} {test}")
    if workers > 1:
        # Longest file first onto the least loaded worker: what loadfile can do at best with these files.
        loads = [0.0] * workers
        for seconds in sorted(per_file.values(), reverse=True):
            loads[loads.index(min(loads))] += seconds
        print(f"loadfile bound: largest file {max(per_file.values()):.1f} s, ideal {total / workers:.1f} s, "
              f"greedy split {max(loads):.1f} s per worker (CPU seconds; wall on a quiet machine is about that)")


def _run(label: str, extra: list[str], workers: int) -> int:
    with tempfile.TemporaryDirectory(prefix="govnet-cpu-") as folder:
        command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "cputime", "-q", "--durations=15",
                   *extra]
        env = {**os.environ, "GOVNET_CPU_LOG": folder,
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "bench"), os.environ.get("PYTHONPATH")]))}
        print(f"{label}: {' '.join(command[2:])}  (load before: {_load()})", flush=True)
        began, cpu = time.perf_counter(), _children_cpu()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
        took, cpu = time.perf_counter() - began, _children_cpu() - cpu
        tail = [line for line in done.stdout.splitlines() if line.strip()][-20:]
        print("\n".join(tail))
        _report(Path(folder), workers if "-n" in extra else 1)
    print(f"{label}: {took // 60:.0f} min {took % 60:04.1f} s wall, {cpu:.0f} CPU s, exit {done.returncode} "
          f"(load after: {_load()})\n", flush=True)
    return done.returncode


def main() -> int:
    args = sys.argv[1:]
    serial, parallel = "--serial" in args, "--parallel" in args
    workers = 2
    if "--workers" in args:
        at = args.index("--workers")
        workers = int(args[at + 1])
        del args[at:at + 2]
    rest = [a for a in args if a not in ("--serial", "--parallel")]
    codes = []
    if parallel or not serial:
        codes.append(_run("parallel", ["-n", str(workers), "--dist", "loadfile", *rest], workers))
    if serial or not parallel:
        codes.append(_run("serial", rest, 1))
    return max(codes)


if __name__ == "__main__":
    raise SystemExit(main())

"""How long the test suite takes: as CI runs it (pytest-xdist, one file per CPU) and in one process, with the load
average before and after each run (figures taken while others share the machine are noise: say so).

Usage: python bench/suite.py [--serial] [--parallel] [PYTEST_ARGS...]   (both runs when neither flag is given)

A benchmark, not a test. Target (issue 12): the suite <= 3 minutes on 2 cores.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _run(label: str, extra: list[str]) -> int:
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--durations=15", *extra]
    print(f"{label}: {' '.join(command[2:])}  (load before: {_load()})", flush=True)
    began = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - began
    tail = [line for line in done.stdout.splitlines() if line.strip()][-20:]
    print("\n".join(tail))
    print(f"{label}: {took // 60:.0f} min {took % 60:04.1f} s wall, exit {done.returncode} (load after: {_load()})\n",
          flush=True)
    return done.returncode


def main() -> int:
    args = sys.argv[1:]
    serial, parallel = "--serial" in args, "--parallel" in args
    rest = [a for a in args if a not in ("--serial", "--parallel")]
    codes = []
    if parallel or not serial:
        codes.append(_run("parallel", ["-n", "auto", "--dist", "loadfile", *rest]))
    if serial or not parallel:
        codes.append(_run("serial", rest))
    return max(codes)


if __name__ == "__main__":
    raise SystemExit(main())

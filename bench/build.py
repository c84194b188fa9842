"""Build benchmark: `govnet build` of the default model from the command line — fresh (empty output directory),
again with nothing changed, and after renaming one township — and `govnet records --pdf` for every unit.

Usage: python bench/build.py [--runs 3] [--pdf] [--no-verify]

A benchmark, not a test: it measures and prints (medians of --runs runs, wall and CPU seconds including the
worker processes). Targets on the 2-core reference machine: fresh ≤ 15 s with verify (the build's verify stage,
issue 14; ≤ 5 s without), unchanged ≤ 1 s, records --pdf ≤ 15 s. While the default model's configs still have
findings, verify stops the fresh build: the row then times the stop (validate, render, verify; nothing written)
and the later rows build with --no-verify.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository: also the Jiangxi model
TARGETS = {"fresh": 15.0, "fresh --no-verify": 5.0, "unchanged": 1.0, "one township": None, "records --pdf": 15.0}


def _govnet(*args: str, cwd: Path, may_stop: bool = False) -> tuple[float, float, str]:
    """Wall and CPU seconds (this child and its workers) of one govnet run; its last stderr line. ``may_stop``: a
    build that verify stops (exit 1) is a figure too."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "govnet", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"}, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0 and not (may_stop and "the configs do not work" in done.stderr):
        raise SystemExit(f"govnet {' '.join(args)} failed:\n{done.stderr}")
    return wall, cpu, done.stderr.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="also time records --pdf (slow)")
    parser.add_argument("--no-verify", action="store_true", help="build without the verify stage")
    options = parser.parse_args()
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in TARGETS}
    notes: dict[str, str] = {}
    for _ in range(options.runs):
        with tempfile.TemporaryDirectory() as scratch:
            model, out = Path(scratch) / "model", Path(scratch) / "out"
            from govnet.source.layout import MODEL_PARTS

            model.mkdir()
            for part in MODEL_PARTS:
                if (ROOT / part).is_dir():
                    shutil.copytree(ROOT / part, model / part)
                elif (ROOT / part).is_file():
                    shutil.copy2(ROOT / part, model / part)
            build: tuple[str, ...] = ("build", str(model), "-o", str(out), "--date", "2024-06-30")
            build += ("--no-verify",) if options.no_verify else ()
            for name in ("fresh", "unchanged"):
                wall, cpu, notes[name] = _govnet(*build, cwd=Path(scratch), may_stop=True)
                figures[name].append((wall, cpu))
                if "the configs do not work" in notes[name]:
                    notes[name] = "verify stopped the build (nothing written); the next rows build with --no-verify"
                    build += ("--no-verify",)
                    wall, cpu, notes["fresh --no-verify"] = _govnet(*build, cwd=Path(scratch))  # for 'unchanged'
                    figures["fresh --no-verify"].append((wall, cpu))
            city = model / "topology" / "3601.yaml"
            text = city.read_text(encoding="utf-8")
            city.write_text(text.replace("name: 大院街道}", "name: 大院街道办}", 1), encoding="utf-8")
            wall, cpu, notes["one township"] = _govnet(*build, cwd=Path(scratch))
            figures["one township"].append((wall, cpu))
            if options.pdf:
                wall, cpu, notes["records --pdf"] = _govnet("records", str(model), "-o", str(out), "--pdf",
                                                            cwd=Path(scratch))
                figures["records --pdf"].append((wall, cpu))
    print(f"{'what':<16}{'wall (median)':>14}{'cpu (median)':>14}{'target':>8}  runs (wall)")
    for name, runs in figures.items():
        if not runs:
            continue
        walls = [w for w, _ in runs]
        target = TARGETS[name]
        print(f"{name:<16}{statistics.median(walls):>13.2f}s{statistics.median(c for _, c in runs):>13.2f}s"
              f"{(f'{target:.0f}s' if target else '-'):>8}  {', '.join(f'{w:.2f}' for w in walls)}")
    for name, note in notes.items():
        print(f"  {name}: {note}")
    print(f"load average now: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()

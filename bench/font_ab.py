"""Font A/B benchmark: what a bigger shipped CJK font costs a fresh build and `records --pdf`.

Usage: python bench/font_ab.py OLD.ttf NEW.ttf [--pairs 4] [--units 50] [--skip-build] [--skip-records]

Each pair puts OLD and NEW in place of src/govnet/draw/fonts/GovnetNotoSansSC-Regular.ttf (this checkout's, which
an editable install runs), each first in every other pair (ABBA: the second run of a pair was slower, and
old-then-new pairs alone showed a cost that was not there), and times, as subprocesses:
- ``govnet build . -o DIR --no-verify --date 2024-06-30`` into a fresh, empty DIR (under /dev/shm);
- ``govnet records --pdf -o DIR --unit ...`` for the first ``--units`` units of the default model.
Wall seconds and CPU seconds (the command and its workers) of each run, the medians per font and the median
of the paired differences, with the load average before and after: figures taken while other work shares the
cores are noise, paired differences less so. The shipped font is put back at the end, whatever happens.
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

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "src" / "govnet" / "draw" / "fonts" / "GovnetNotoSansSC-Regular.ttf"
GOVNET = [sys.executable, "-m", "govnet"]


def timed(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, with children) of one command run in the repository."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def unit_ids(count: int) -> list[str]:
    """The first ``count`` unit ids of the default model's registry files."""
    found = []
    for path in [ROOT / "registry.yaml", *sorted((ROOT / "registry.d").glob("*.yaml"))]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("- id:"):
                found.append(line.split(":", 1)[1].strip())
                if len(found) == count:
                    return found
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--pairs", type=int, default=4)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--skip-records", action="store_true")
    args = parser.parse_args()
    fonts = {"old": args.old.read_bytes(), "new": args.new.read_bytes()}
    shipped = FONT.read_bytes()
    ids = unit_ids(args.units)
    jobs: dict[str, list[str]] = {}
    scratch = Path(tempfile.mkdtemp(prefix="font_ab.", dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
    if not args.skip_build:
        jobs["build"] = [*GOVNET, "build", ".", "-o", str(scratch / "out"), "--no-verify", "--date", "2024-06-30",
                         "-q"]
    if not args.skip_records:
        jobs["records"] = [*GOVNET, "records", ".", "--pdf", "-q", "-o", str(scratch / "out"),
                           *(a for i in ids for a in ("--unit", i))]
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    print(f"fonts: old {len(fonts['old']) / 1e6:.2f} MB, new {len(fonts['new']) / 1e6:.2f} MB; "
          f"{len(ids)} units; load {os.getloadavg()}", flush=True)
    try:
        for pair in range(args.pairs):
            for which in ("old", "new") if pair % 2 == 0 else ("new", "old"):  # ABBA: no order bias
                FONT.write_bytes(fonts[which])
                for job, command in jobs.items():
                    shutil.rmtree(scratch / "out", ignore_errors=True)
                    wall, cpu = timed(command)
                    results.setdefault((job, which), []).append((wall, cpu))
                    print(f"pair {pair + 1} {which} {job}: wall {wall:.2f} s, cpu {cpu:.2f} s", flush=True)
    finally:
        FONT.write_bytes(shipped)
        shutil.rmtree(scratch, ignore_errors=True)
    for job in jobs:
        old, new = results[(job, "old")], results[(job, "new")]
        for k, label in ((0, "wall"), (1, "cpu")):
            diff = statistics.median(n[k] - o[k] for o, n in zip(old, new, strict=True))
            print(f"{job} {label}: old median {statistics.median(o[k] for o in old):.2f} s, new median "
                  f"{statistics.median(n[k] for n in new):.2f} s, median paired difference {diff:+.2f} s")
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()

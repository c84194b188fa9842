"""Benchmark: N concurrent `govnet registry add` on a copy of the default (Jiangxi) model.

Usage: python bench/concurrent_add.py [--units 100] [--keep DIR]

Starts N processes at once, each adding one unit (every value given, with --id) to a county of the model, and
reports the wall time against the target (issue 18: 100 adds, all landed, ≤ 2 minutes on 2 cores), how many
landed, that every file but the appended units is byte-identical (comments included), and that the model still
validates. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
TARGET = 120.0


def main() -> int:
    from govnet.pipeline import validate
    from govnet.registry import uscc
    from govnet.source.layout import copy_model

    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--keep", type=Path, default=None, help="work in this directory and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="govnet-concurrent-"))
    model = work / "model"
    shutil.rmtree(model, ignore_errors=True)
    copy_model(ROOT, model)
    before = {p.relative_to(model).as_posix(): p.read_bytes() for p in model.rglob("*") if p.is_file()}
    result = validate(model)
    assert result.ok and result.model is not None, "the default model must validate"
    counties = sorted(s.key for s in result.model.sites if len(s.key) == 6)
    commands = []
    for n in range(args.units):
        county = counties[n % len(counties)]
        commands.append([sys.executable, "-m", "govnet", "registry", "add", "-m", str(model), "--id", f"BENCH-{n:03d}",
                         "--name", f"并发测试单位{n}", "--uscc", uscc.make("11", county, f"MB{n:04d}XY"), "--division",
                         county, "--site", county, "--class", "A", "--bandwidth", "20M", "--head", "甲",
                         "--head-mobile", "13900000001", "--tech", "乙", "--tech-mobile", "13900000002",
                         "--date", "2024-06-25"])
    env = {**os.environ, "NO_COLOR": "1"}
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    jobs = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                             stdin=subprocess.DEVNULL) for c in commands]
    outcomes = [(job.wait(), job.stderr.read() if job.stderr else "") for job in jobs]
    wall = time.monotonic() - start
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    load = os.getloadavg()[0]
    failed = [(i, err.strip().splitlines()[-1:] if err.strip() else "") for i, (code, err) in enumerate(outcomes)
              if code != 0]
    waited = sum("waiting" in err for _, err in outcomes)
    after = validate(model)
    ids = set(after.model.registry.unit_by_id) if after.model and after.model.registry else set()
    landed = sum(f"BENCH-{n:03d}" in ids for n in range(args.units))
    changed = []
    for rel, data in before.items():
        now = (model / rel).read_bytes()
        if now == data:
            continue
        if rel.startswith("registry") and now.startswith(data.rstrip(b"\n")):
            continue  # appended to: every earlier byte kept
        changed.append(rel)
    print(f"{args.units} concurrent adds: wall {wall:.1f} s (target ≤ {TARGET:.0f} s: "
          f"{'met' if wall <= TARGET else 'MISSED'}); landed {landed}/{args.units}; failed {len(failed)}; "
          f"{waited} told they were waiting")
    print(f"CPU time of all {args.units} processes: {cpu:.1f} s (≈ {cpu / 2:.0f} s of wall on 2 idle cores); "
          f"load average at the end {load:.1f}")
    print(f"files changed other than by appending: {changed or 'none'} (allocations.lock is expected)")
    print(f"model validates afterwards: {after.ok}")
    for i, last in failed[:5]:
        print(f"  add {i} failed: {last}")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if landed == args.units and after.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

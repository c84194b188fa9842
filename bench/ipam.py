"""Address allocation figures: the national model from scratch, and one township added to a large province.

Usage: python bench/ipam.py [--runs N]

Uses the national model that bench/run.py generates (bench/.national/, one directory per province, each
with the lock `govnet init` wrote). A benchmark, not a test: it measures and prints, asserting nothing.
Each timed run is a fresh subprocess, so imports and caches start cold.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NATIONAL = HERE / ".national"
TARGETS = {"scratch_seconds": 20.0, "incremental_seconds": 2.0}


def child_scratch(dirs: Sequence[str]) -> dict[str, Any]:
    """`govnet allocate` with no lock, for every province in one process: load, build, check, allocate."""
    import dataclasses

    from govnet import ipam
    from govnet.pipeline import validate

    began = time.perf_counter()
    allocate_only = 0.0
    entries = 0
    failed = []
    for name in dirs:
        result = validate(Path(name), addresses=False)
        if result.model is None or not result.ok:
            failed.append(name)
            continue
        model = dataclasses.replace(result.model, lock_text=None)
        start = time.perf_counter()
        allocation, problems = ipam.run(model)
        allocate_only += time.perf_counter() - start
        if allocation is None:
            failed.append(f"{name}: {[d.as_text() for d in problems][:2]}")
            continue
        entries += len(allocation.plan.outcome.decisions)
    return {"seconds": time.perf_counter() - began, "allocate_only_seconds": allocate_only, "entries": entries,
            "failed": failed}


def _biggest(dirs: list[Path]) -> Path:
    return max(dirs, key=lambda d: (d / "allocations.lock").stat().st_size)


def _add_township(root: Path) -> str:
    """Insert one township into the first county of the largest city file; returns its code."""
    city = max(root.glob("topology/[0-9][0-9][0-9][0-9].yaml"), key=lambda p: p.stat().st_size)
    text = city.read_text(encoding="utf-8")
    match = re.search(r"        - \{code: (\d{6})(\d{3}), name: [^}]*\}\n", text)
    assert match, city
    county = match.group(1)
    used = {int(m) for m in re.findall(rf"code: {county}(\d{{3}})", text)}
    new = f"{county}{next(n for n in range(199, 1000) if n not in used):03d}"
    text = text.replace(match.group(0), match.group(0) + f"        - {{code: {new}, name: 新设镇}}\n", 1)
    city.write_text(text, encoding="utf-8")
    return new


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        json.dump(child_scratch(args.child), sys.stdout)
        return 0

    # The 31 province directories only: bench/registry.py keeps its 100,000-unit Henan beside them.
    dirs = sorted(d for d in NATIONAL.glob("[0-9][0-9]") if (d / "govnet.yaml").is_file())
    if not dirs:
        print("no national model: run 'python bench/run.py --quick' first", file=sys.stderr)
        return 2
    scratch = []
    for _ in range(args.runs):
        began = time.perf_counter()
        done = subprocess.run([sys.executable, __file__, "--child", *map(str, dirs)], capture_output=True,
                              text=True, check=True)
        data = json.loads(done.stdout)
        scratch.append((time.perf_counter() - began, data))
    wall, data = min(scratch, key=lambda item: item[0])

    big = _biggest(dirs)
    incremental = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs):
            copy = Path(tmp) / f"m{i}"
            shutil.copytree(big, copy)
            township = _add_township(copy)
            began = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "govnet", "allocate", str(copy)], capture_output=True,
                                  text=True, check=False)
            incremental.append(time.perf_counter() - began)
            summary = done.stderr.strip().splitlines()[-1]
    print(f"national allocate from scratch ({len(dirs)} provinces, {data['entries']:,} entries): "
          f"best {wall:.2f} s wall (target ≤ {TARGETS['scratch_seconds']:g} s), of which ipam.run "
          f"{data['allocate_only_seconds']:.2f} s; runs {', '.join(f'{w:.2f}' for w, _ in scratch)}; "
          f"failed: {data['failed'] or 'none'}")
    print(f"incremental: one township ({township}) added to {big.name}, `govnet allocate`: best "
          f"{min(incremental):.2f} s wall (target ≤ {TARGETS['incremental_seconds']:g} s); runs "
          f"{', '.join(f'{w:.2f}' for w in incremental)}; said: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How long `govnet verify` takes on the default (Jiangxi) model: validate, render, read back, judge; with one
worker and with every CPU (render and read back in forked workers, as `govnet verify` runs them); and a rerun in
which no config changed (every read-back comes from the content-hash cache).

Usage: python bench/verify.py [MODEL_DIR] [--workers N]

A benchmark, not a test: it measures and prints wall and CPU seconds (CPU: this process, plus the forked workers
where there are any) with the load average, since figures taken while others share the cores are noise. Target
(issue 14): `govnet verify` on the default model <= 10 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")


def _children() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(label: str, work: Callable[[], T]) -> T:
    wall, cpu, children = time.perf_counter(), time.process_time(), _children()
    done = work()
    wall, cpu, children = time.perf_counter() - wall, time.process_time() - cpu, _children() - children
    workers = f" + workers {children:5.2f}" if children else ""
    print(f"  {label:<22} wall {wall:6.2f} s   cpu {cpu:6.2f} s{workers}")
    return done


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("model", nargs="?", type=Path, default=ROOT)
    parser.add_argument("--workers", type=int, default=0, help="workers of the parallel run (default: the CPUs)")
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}  ({os.cpu_count()} CPUs)")
    from govnet import verify
    from govnet.gcpause import gc_paused
    from govnet.pipeline import validate
    from govnet.render import default_workers, render_configs

    workers = args.workers or default_workers()
    with gc_paused():
        began = time.perf_counter()
        result = timed("validate", lambda: validate(args.model))
        validated = time.perf_counter() - began
        assert result.model is not None and result.addresses is not None
        model, decisions = result.model, result.addresses.outcome.decisions
        totals = {}
        for n in dict.fromkeys((1, workers)):
            print(f"{n} worker(s):")
            start = time.perf_counter()
            configs = timed("render", partial(render_configs, model, decisions, model_root=args.model, workers=n))
            facts = timed("read back (cold)", partial(verify.scan_configs, configs, workers=n))
            found = timed("judge", partial(verify.verify_facts, model, facts, decisions))
            totals[n] = time.perf_counter() - start
            print(f"  {'render + verify':<22} wall {totals[n]:6.2f} s")
        with tempfile.TemporaryDirectory() as scratch:
            cache = verify.ScanCache(Path(scratch) / "scan.cache")
            verify.scan_configs(configs, cache)
            cache.save()
            warm = verify.ScanCache(Path(scratch) / "scan.cache")
            print("cache warm:")
            timed("read back + judge", partial(verify.run, model, configs, warm, decisions))
    print(f"model: {args.model} ({len(configs)} configs, {len(found)} findings); "
          f"{warm.hits} of {len(configs)} read-backs from the cache when warm")
    print(f"govnet verify's work (validate + render + verify, {workers} workers): "
          f"{validated + totals[workers]:6.2f} s wall, without the interpreter's start and imports (target <= 10 s)")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

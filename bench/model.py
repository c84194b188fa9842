"""CPU seconds of the model-side parts of a build (not render, verify, diagrams or records), each run in this
process with one worker, in the order a build runs them: load (YAML → data), parse + build + checks, the address
stage (ipam.check), the summary, the address reports, compliance, the what-if page, the site's data and the
site's writing.

Usage: python bench/model.py [MODEL_DIR] [--runs 3] [--profile PART]

Prints the median CPU seconds (time.process_time) of each part over --runs runs, and the load average: CPU
seconds are disturbed far less than wall time by other work on the machine, but not at all is not claimed.
--profile PART (e.g. whatif) prints the cProfile of that part (profiling roughly doubles every figure).
A benchmark, not a test: it measures and prints.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _parts(root: Path, out: Path) -> list[tuple[str, Callable[[dict[str, Any]], Any]]]:
    from govnet import artefacts, ipam
    from govnet.checks import run_checks
    from govnet.model.build import build as build_model
    from govnet.render.secrets import Secrets
    from govnet.source.modeldir import load_model

    def load(s: dict[str, Any]) -> None:
        s["parsed"], _ = load_model(root)

    def checks(s: dict[str, Any]) -> None:
        s["model"], problems = build_model(s["parsed"])
        s["diagnostics"] = problems + run_checks(s["model"])

    def addresses(s: dict[str, Any]) -> None:
        s["plan"], _ = ipam.check(s["model"])
        s["built"] = artefacts.Built(root, s["model"], s["plan"], s["diagnostics"], Secrets(),
                                     "2024-06-30", workers=1)

    def stage(name: str) -> Callable[[dict[str, Any]], Any]:
        return lambda s: getattr(artefacts, name)(s["built"], lambda path, inputs: False, lambda *a: None)

    def site_data(s: dict[str, Any]) -> None:
        s["site"] = artefacts.site_data(s["built"])

    def site_write(s: dict[str, Any]) -> None:
        artefacts.site(s["built"], out, s["site"])

    return [("load", load), ("checks", checks), ("addresses", addresses), ("summary", stage("summary")),
            ("reports", stage("address_reports")), ("compliance", stage("compliance")),
            ("whatif", stage("whatif")), ("site data", site_data), ("site write", site_write)]


def _run(root: Path, profile: str | None) -> dict[str, float]:
    import gc

    from govnet.gcpause import gc_paused

    figures: dict[str, float] = {}
    state: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name, part in _parts(root, Path(scratch) / "out"):
            gc.collect()
            profiler = cProfile.Profile() if name == profile else None
            with gc_paused():  # as the pipeline runs them
                start = time.process_time()
                if profiler is not None:
                    profiler.enable()
                part(state)
                if profiler is not None:
                    profiler.disable()
                figures[name] = time.process_time() - start
            if profiler is not None:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", nargs="?", type=Path, default=ROOT)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", default=None)
    args = parser.parse_args()
    # warm the imports and lazy caches once, so that every run measures the same work
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    _run(args.model, None)
    runs = [_run(args.model, args.profile if i == 0 else None) for i in range(args.runs)]
    print(f"CPU seconds of {args.runs} runs ({args.model}): median and least (the least is the least disturbed)")
    for name in runs[0]:
        figures = [r[name] for r in runs]
        print(f"  {name:<12}{statistics.median(figures):>7.3f}s {min(figures):>7.3f}s")
    totals = [sum(r.values()) for r in runs]
    print(f"  {'total':<12}{statistics.median(totals):>7.3f}s {min(totals):>7.3f}s")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

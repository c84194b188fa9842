"""Diagram benchmark: every view of the Jiangxi model (the province overview, the 11 city views and the zone
views) as PNG and SVG, timed in a fresh interpreter (imports, font registration and matplotlib's start-up
included), and the whole `govnet build` (validation, summary and all diagrams) from the command line.

Usage: python bench/draw.py [--formats png,svg]

A benchmark, not a test: it measures and prints. Target on the 2-core reference machine: all views ≤ 30 s.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent  # the repository: also the Jiangxi model
TARGET_SECONDS = 30.0


def child(formats: list[str]) -> dict[str, Any]:
    """Runs in a fresh interpreter: validate once, then build and render every drawing."""
    start = time.perf_counter()
    from govnet.draw import ViewOptions, build_drawings, content
    from govnet.pipeline import validate

    result = validate(ROOT)
    assert result.model is not None
    validated = time.perf_counter()
    options = ViewOptions(date="2024-01-01")
    per_view: dict[str, float] = {}
    sizes: dict[str, int] = {}
    for view in ("province", "city", "zone"):
        for drawing in build_drawings(result.model, view, options):
            began = time.perf_counter()
            for fmt in formats:
                sizes[f"{drawing.name}.{fmt}"] = len(content(drawing, fmt))
            per_view[drawing.name] = time.perf_counter() - began
    done = time.perf_counter()
    return {"validate_seconds": validated - start, "draw_seconds": done - validated, "per_view": per_view,
            "bytes": sum(sizes.values()), "files": len(sizes)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", default="png,svg")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    formats = args.formats.split(",")
    if args.child:
        print(json.dumps(child(formats)))
        return 0

    began = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--child", "--formats", args.formats], capture_output=True,
                          text=True, check=True)
    wall = time.perf_counter() - began
    figures = json.loads(done.stdout)
    with tempfile.TemporaryDirectory() as out:
        began = time.perf_counter()
        subprocess.run([sys.executable, "-m", "govnet", "build", str(ROOT), "-o", out], capture_output=True,
                       check=True)
        build = time.perf_counter() - began

    print(f"{'view':<12} {'seconds':>8}")
    for name, seconds in figures["per_view"].items():
        print(f"{name:<12} {seconds:8.2f}")
    print(f"\nall views ({', '.join(formats)}): {figures['draw_seconds']:.1f} s rendering, "
          f"{wall:.1f} s in a fresh process with imports and validation "
          f"({figures['files']} files, {figures['bytes'] / 1e6:.1f} MB); target ≤ {TARGET_SECONDS:.0f} s: "
          f"{'met' if wall <= TARGET_SECONDS else 'MISSED'}")
    print(f"govnet build (validate, summary, all diagrams as PNG and SVG): {build:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

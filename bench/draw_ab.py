"""Diagram A/B benchmark: the build's diagrams stage (graph facts, build_drawings of every view, render_formats
PNG + SVG of each) with another checkout's draw package and with this one's, in one process, view by view in
alternation, so both meet the same moments of a machine whose speed drifts.

Usage: python bench/draw_ab.py OLD_SRC [--rounds 6]

OLD_SRC is the other checkout's src folder (e.g. a `git worktree add /tmp/old main`, then /tmp/old/src): its
govnet/draw is copied into a temporary folder as the package govnet_olddraw (its imports renamed) and runs on
this checkout's model, pipeline and libraries. Each run starts with this checkout's per-process caches of the
diagrams cleared, as in a fresh build's worker. Prints CPU seconds per run (layout, images, both), the medians,
the paired differences, whether the two wrote the same bytes, and the load average: figures taken while other
work shares the cores are noise, the paired differences less so.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import shutil
import sys
import tempfile
import time
from functools import _lru_cache_wrapper
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent  # the repository: also the Jiangxi model
VIEWS = ("province", "city", "county", "zone")


def copy_old(source: Path, into: Path) -> None:
    """OLD_SRC's govnet/draw as the package govnet_olddraw in ``into``."""
    target = into / "govnet_olddraw"
    shutil.copytree(source / "govnet" / "draw", target)
    for path in target.glob("*.py"):
        path.write_text(re.sub(r"\bgovnet\.draw\b", "govnet_olddraw", path.read_text(encoding="utf-8")),
                        encoding="utf-8")


def caches(package: str) -> list[Any]:
    """Every lru_cache/cache function at the top level of ``package``'s modules (cleared before each run)."""
    found = []
    for name in sorted(sys.modules):
        if name == package or name.startswith(package + "."):
            for value in vars(sys.modules[name]).values():
                if isinstance(value, _lru_cache_wrapper) and value.__module__ == name:
                    found.append(value)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old_src", type=Path)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as folder:
        copy_old(args.old_src.resolve(), Path(folder))
        sys.path.insert(0, folder)
        from govnet.gcpause import freeze_survivors
        from govnet.pipeline import validate

        freeze_survivors()  # as the command line does
        result = validate(ROOT, addresses=False)
        assert result.model is not None
        model = result.model
        packages = {"old": "govnet_olddraw", "new": "govnet.draw"}
        for package in packages.values():
            for module in ("network", "render", "metrics", "paint", "svg", "woff", "raster"):
                importlib.import_module(f"{package}.{module}")
        # Kept a process in both (fonts, palettes, the font's tables): warm after the first run, as in a build.
        # Added by the new code to share work within one build: cleared, so each run pays their misses.
        theirs = {(f.__module__.removeprefix("govnet_olddraw"), f.__qualname__) for f in caches("govnet_olddraw")}
        mine = [f for f in caches("govnet.draw")
                if (f.__module__.removeprefix("govnet.draw"), f.__qualname__) not in theirs]

        def layout(package: str) -> tuple[float, list[Any]]:
            draw = sys.modules[package]
            began = time.process_time()
            known = sys.modules[f"{package}.network"].facts(model)
            drawings = [d for view in VIEWS
                        for d in draw.build_drawings(model, view, draw.ViewOptions(date="2024-01-01"), known)]
            return time.process_time() - began, drawings

        def images(package: str, drawing: Any) -> tuple[float, dict[str, bytes]]:
            began = time.process_time()
            found = sys.modules[f"{package}.render"].render_formats(drawing, ["png", "svg"])
            return time.process_time() - began, found

        names = list(packages)
        drawn = {name: layout(package)[1] for name, package in packages.items()}  # warm-up: imports, fonts
        same = all(images(packages["old"], a)[1] == images(packages["new"], b)[1]
                   for a, b in zip(drawn["old"], drawn["new"], strict=True))
        print("same bytes (PNG and SVG of every view):", same)
        print(f"caches cleared before each new run: {', '.join(sorted(f.__qualname__ for f in mine))}")
        runs: dict[str, list[tuple[float, float]]] = {"old": [], "new": []}
        for i in range(args.rounds):
            for function in mine:
                function.cache_clear()
            spent = {name: [0.0, 0.0] for name in names}
            for name in (names if i % 2 == 0 else names[::-1]):
                took, drawn[name] = layout(packages[name])
                spent[name][0] += took
            for k, pair in enumerate(zip(drawn["old"], drawn["new"], strict=True)):  # view by view, in turn
                for name in (names if (i + k) % 2 == 0 else names[::-1]):
                    spent[name][1] += images(packages[name], pair[names.index(name)])[0]
            for name in names:
                runs[name].append((spent[name][0], spent[name][1]))
            print(f"run {i + 1}: " + "   ".join(f"{name} {runs[name][-1][0]:.3f} + {runs[name][-1][1]:.3f} = "
                                                 f"{sum(runs[name][-1]):.3f}" for name in runs), flush=True)
    medians = {name: sorted(sum(r) for r in found)[len(found) // 2] for name, found in runs.items()}
    paired = [sum(o) - sum(n) for o, n in zip(runs["old"], runs["new"], strict=True)]
    print(f"median CPU s (layout + images): old {medians['old']:.3f}, new {medians['new']:.3f}; "
          f"old − new per round: {' '.join(f'{d:.3f}' for d in paired)}")
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

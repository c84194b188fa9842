"""How long `govnet whatif --all` takes: the fast cuts (one search; bridges, articulation points, the
site-contracted graph) against the Batfish-style way, one full recomputation per failure, on the same model.

Usage: python bench/whatif.py [MODEL_DIR] [--national]

--national also runs --all on every province of the national township model that bench/run.py generates
(bench/.national/, generated here if missing). A benchmark, not a test: it measures and prints.
Targets (issue 14): default model <= 10 s; national model <= 2 min.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _one(root: Path, brute: bool) -> None:
    from govnet.pipeline import validate
    from govnet.whatif import exhaustive
    from govnet.whatif.analysis import Analysis, sessions
    from govnet.whatif.network import Network

    result = validate(root, addresses=False)
    assert result.model is not None
    model = result.model
    began = time.perf_counter()
    report = exhaustive(model, depth=1)
    fast = time.perf_counter() - began
    began = time.perf_counter()
    deep = exhaustive(model, depth=2)
    depth2 = time.perf_counter() - began
    print(f"model: {root}: {len(model.devices)} devices, {len(model.links)} links, {report.elements} elements")
    print(f"whatif --all (fast)            {fast:7.2f} s  ({len(report.impacts)} failures cut something)")
    print(f"whatif --all --depth 2 (fast)  {depth2:7.2f} s  ({deep.elements - report.elements} upper-link pairs)")
    if brute:
        began = time.perf_counter()
        analysis = Analysis(Network(model), sessions(model))
        impacts = [analysis.impact(e, cut) for e in analysis.network.elements() if (cut := analysis.brute(e))]
        impacts = [i for i in impacts if i.sites or i.units or i.element.kind != "device"]  # as exhaustive() does
        slow = time.perf_counter() - began
        print(f"one recomputation per failure  {slow:7.2f} s  ({len(impacts)} failures cut something; "
              f"{slow / fast:.1f}x the fast path)")


def _national() -> list[Path]:
    """The 31 provinces scaffolded as bench/run.py does (special zones included), into bench/.national-whatif/."""
    from govnet.reference import divisions
    from govnet.scaffold.province import scaffold

    base = HERE / ".national-whatif"
    dirs = []
    for code in sorted({row.province_code for row in divisions.rows()}):
        directory = base / code
        if not (directory / "govnet.yaml").is_file():
            scaffold(directory, code, with_special_zones=True)
        dirs.append(directory)
    return dirs


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    from govnet.gcpause import gc_paused

    with gc_paused():
        _one(Path(args[0]) if args else ROOT, brute=True)
        if "--national" in sys.argv:
            from govnet.pipeline import validate
            from govnet.whatif import exhaustive

            dirs = _national()
            began = time.perf_counter()
            analysed = 0.0
            elements = 0
            for directory in dirs:
                result = validate(directory, addresses=False)
                if result.model is None:
                    continue
                start = time.perf_counter()
                elements += exhaustive(result.model).elements
                analysed += time.perf_counter() - start
            total = time.perf_counter() - began
            print(f"national: {len(dirs)} provinces, {elements} elements: whatif --all {analysed:.1f} s "
                  f"(with validating each province {total:.1f} s; target <= 120 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

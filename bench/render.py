"""Config rendering figures: every device of Jiangxi, one township changed, and the national model.

Usage: python bench/render.py [--runs N] [--no-national] [--model DIR] [--no-incremental] [--workers N] [--slow]

A benchmark, not a test: it measures and prints, asserting nothing. Each run is a fresh subprocess (cold
imports and template compilation). Jiangxi: validate (load, build, check, lock) + contexts + templates, and the
`govnet render` equivalent that also writes the files. Incremental: after one township is added to a copy of the
model, `govnet render` again into the same output (validate + render everything, rewrite only what changed).
The national model is the one bench/run.py generates (bench/.national/, `python bench/run.py --quick`).
For reference, netlab needs about 50 s for 500 nodes (0.1 s a node) on this kind of machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from govnet.outfolder import mark
from govnet.source.layout import copy_model

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NATIONAL = HERE / ".national"
NETLAB_PER_NODE = 50.0 / 500
TARGETS = {"jiangxi_seconds": 10.0, "incremental_seconds": 2.0, "cpu_ms_per_device": 0.5}


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the render workers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def child(dirs: list[str], out: str | None, workers: int = 1, fast: bool = True) -> dict[str, Any]:
    from govnet.pipeline import validate
    from govnet.render import config_path, render_configs
    from govnet.writer import write_if_changed

    if len(dirs) == 1:  # one model, as `govnet render` runs it: what validation built is frozen, not rescanned
        from govnet.gcpause import freeze_survivors

        freeze_survivors()
    began, began_cpu = time.perf_counter(), _cpu()
    validate_s = render_s = write_s = 0.0
    validate_cpu = render_cpu = write_cpu = 0.0
    devices = changed = 0
    for name in dirs:
        start, cpu = time.perf_counter(), _cpu()
        result = validate(Path(name))
        validate_s += time.perf_counter() - start
        validate_cpu += _cpu() - cpu
        if result.model is None or result.addresses is None or not result.ok:
            return {"failed": name}
        start, cpu = time.perf_counter(), _cpu()
        more: dict[str, Any] = {"workers": workers} if workers != 1 else {}  # so it also runs on older govnet
        if not fast:  # Jinja2's own macro calls (govnet.render.fastcall), to compare
            more["fast"] = False
        configs = render_configs(result.model, result.addresses.outcome.decisions, model_root=Path(name), **more)
        render_s += time.perf_counter() - start
        render_cpu += _cpu() - cpu
        devices += len(configs)
        if out is not None:
            start, cpu = time.perf_counter(), _cpu()
            changed += sum(write_if_changed(Path(out) / config_path(c), c.text) for c in configs.values())
            write_s += time.perf_counter() - start
            write_cpu += _cpu() - cpu
    return {"seconds": time.perf_counter() - began, "validate_seconds": validate_s, "render_seconds": render_s,
            "write_seconds": write_s, "cpu_seconds": _cpu() - began_cpu, "validate_cpu": validate_cpu,
            "render_cpu": render_cpu, "write_cpu": write_cpu, "devices": devices, "changed": changed,
            "workers": workers, "fast": fast, "load_average": os.getloadavg()[0]}


def run_child(dirs: list[Path], out: Path | None, workers: int = 1, fast: bool = True) -> dict[str, Any]:
    code = ("import json, sys; from render import child; "
            "print(json.dumps(child(sys.argv[4:], sys.argv[1] or None, int(sys.argv[2]), sys.argv[3] == '1')))")
    args = [sys.executable, "-c", code, str(out) if out else "", str(workers), "1" if fast else "0", *map(str, dirs)]
    done = subprocess.run(args, cwd=HERE, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def best(dirs: list[Path], out: Path | None, runs: int, workers: int = 1, fast: bool = True) -> dict[str, Any]:
    # fewest CPU seconds: on a shared machine wall time mostly measures the neighbours
    return min((run_child(dirs, out, workers, fast) for _ in range(runs)), key=lambda r: r.get("cpu_seconds", 1e9))


def add_township(root: Path, code: str = "360102003", name: str = "新设街道") -> None:
    path = root / "topology" / "3601.yaml"
    anchor = "        - {code: 360102006, name: 大院街道}\n"
    path.write_text(path.read_text(encoding="utf-8").replace(anchor, f"        - {{code: {code}, name: {name}}}\n"
                                                              + anchor, 1), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "govnet", "allocate", str(root)], check=True, capture_output=True)


def cli_render(model: Path, out: Path) -> dict[str, Any]:
    """`govnet render MODEL -o OUT` as an engineer runs it: a fresh process, wall time."""
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "govnet", "render", str(model), "-o", str(out)], capture_output=True,
                          text=True)
    return {"seconds": time.perf_counter() - began, "exit_code": done.returncode,
            "said": done.stderr.strip().splitlines()[-1:]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-national", action="store_true")
    parser.add_argument("--model", type=Path, default=REPO, help="the model to render (default: the repository's; "
                        "e.g. bench/.villages/36, Jiangxi with every village, which bench/villages.py generates)")
    parser.add_argument("--no-incremental", action="store_true", help="skip the one-township-added runs")
    parser.add_argument("--workers", type=int, default=1, help="render in this many processes (`govnet render` "
                        "uses every core); CPU figures then include the workers'")
    parser.add_argument("--slow", action="store_true", help="also render with Jinja2's own macro calls "
                        "(render_configs(fast=False)), runs interleaved with the fast ones")
    args = parser.parse_args()
    report: dict[str, Any] = {"load_average_before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="govnet-bench-") as temp:
        out = Path(temp) / "out"
        if args.slow:  # alternate the two, so that both see the same neighbours
            runs = [(fast, run_child([args.model.resolve()], None, args.workers, fast))
                    for _ in range(args.runs) for fast in (False, True)]
            report["jiangxi_slow"] = min((r for fast, r in runs if not fast), key=lambda r: r["cpu_seconds"])
            report["jiangxi"] = min((r for fast, r in runs if fast), key=lambda r: r["cpu_seconds"])
        else:
            report["jiangxi"] = best([args.model.resolve()], None, args.runs, args.workers)
        # cold output directory: every file written
        report["jiangxi_write"] = run_child([args.model.resolve()], out, args.workers)
        if args.no_incremental:
            return _print(report, args.no_national)
        model = Path(temp) / "model"
        copy_model(args.model, model)  # every part, the registry included: a model without it validates faster
        add_township(model)
        report["incremental"] = best([model], out, 1)  # one run: a second would find nothing to change
        add_township(model, "360102001", "另设街道")  # and once more, through the command line
        mark(out)  # the library writes above leave no mark; `govnet render` refuses an unmarked folder it did not make
        report["incremental_cli"] = cli_render(model, out)
    return _print(report, args.no_national)


def _print(report: dict[str, Any], no_national: bool) -> int:
    provinces = sorted(p for p in NATIONAL.glob("[0-9][0-9]") if (p / "govnet.yaml").is_file())
    if provinces and not no_national:
        report["national"] = run_child(provinces, None)
        report["national"]["provinces"] = len(provinces)
    for figures in report.values():
        if isinstance(figures, dict) and figures.get("devices"):
            figures["ms_per_device"] = round(1000 * figures["render_seconds"] / figures["devices"], 3)
            figures["cpu_ms_per_device"] = round(1000 * figures["render_cpu"] / figures["devices"], 3)
            figures["ms_per_device_with_validation"] = round(1000 * figures["seconds"] / figures["devices"], 3)
    report["netlab_ms_per_node"] = 1000 * NETLAB_PER_NODE
    report["targets"] = TARGETS
    report["load_average_after"] = os.getloadavg()  # CPU figures hold up under load better than wall ones
    print(json.dumps(report, indent=2))
    for name, figures in report.items():  # the figures the issues set targets for, one line each, with the load
        if isinstance(figures, dict) and figures.get("devices"):
            print(f"{name}: {figures['cpu_ms_per_device']} ms CPU per device (target <= "
                  f"{TARGETS['cpu_ms_per_device']}), {figures['devices']} devices, {figures['workers']} worker(s), "
                  f"load average {figures.get('load_average', 0.0):.2f}", file=sys.stderr)
    if not provinces:
        print("national model missing: run 'python bench/run.py --quick' first", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

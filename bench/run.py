"""Performance figures for govnet: the national township-level model, Jiangxi, and CLI start-up.

Usage: python bench/run.py [--quick]

A benchmark, not a test: it measures and prints, and asserts nothing about time. Every timed run happens in
a fresh subprocess (this same script, in a hidden child mode), so imports, caches and the heap start cold.
Figures go to stdout as a table and to bench/.national/results.json (git-ignored, like the generated model).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent  # the repository: also the Jiangxi model
NATIONAL = HERE / ".national"
RESULTS = NATIONAL / "results.json"

TARGETS = {
    "national_seconds": 10.0,
    "national_peak_mib": 2048.0,
    "ratio": 3.0,
    "jiangxi_cli_seconds": 1.0,
    "help_seconds": 0.3,
}


# --------------------------------------------------------------------------------------------------------------
# Child modes: each runs in its own fresh interpreter and prints one JSON object on stdout.
# --------------------------------------------------------------------------------------------------------------


def _peak_mib() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def child_validate(dirs: Sequence[str]) -> dict[str, Any]:
    """Validate each model directory in turn, in this one process."""
    start = time.perf_counter()
    from govnet.pipeline import validate

    imported = time.perf_counter()
    per_dir: dict[str, dict[str, Any]] = {}
    for name in dirs:
        began = time.perf_counter()
        result = validate(Path(name))
        seconds = time.perf_counter() - began
        counts = result.model.counts() if result.model is not None else None
        errors = [d.as_text() for d in result.diagnostics if str(d.severity) == "error"]
        per_dir[Path(name).name] = {
            "seconds": seconds,
            "ok": result.ok,
            "stopped_after": result.stopped_after,
            "errors": len(errors),
            "first_errors": errors[:3],
            "warnings": len(result.diagnostics) - len(errors),
            "counts": counts,
        }
        del result
    done = time.perf_counter()
    return {"import_seconds": imported - start, "validate_seconds": done - imported, "per_dir": per_dir,
            "peak_mib": _peak_mib()}


def child_parse(dirs: Sequence[str]) -> dict[str, Any]:
    """PyYAML's C loader merely parsing every .yaml file of the directories, reads included."""
    start = time.perf_counter()
    import yaml

    imported = time.perf_counter()
    files = 0
    size = 0
    for name in dirs:
        for path in sorted(Path(name).rglob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            yaml.load(text, Loader=yaml.CSafeLoader)
            files += 1
            size += len(text.encode("utf-8"))
    done = time.perf_counter()
    return {"import_seconds": imported - start, "parse_seconds": done - imported, "files": files, "bytes": size,
            "peak_mib": _peak_mib()}


def child_stages(root: str, repeats: int) -> dict[str, Any]:
    """The pipeline's stages for one model, in-process: the first (cold) run, then the best of ``repeats``.
    Like validation itself, the stages run with the cyclic collector paused."""
    start = time.perf_counter()
    from govnet import ipam
    from govnet.checks import run_checks
    from govnet.gcpause import gc_paused
    from govnet.model.build import build
    from govnet.source.loader import load_file
    from govnet.source.modeldir import load_model

    imported = time.perf_counter()
    model_dir = Path(root)
    files = sorted({*model_dir.glob("*.yaml"), *model_dir.glob("topology/*.y*ml"), *model_dir.glob("zones/*.y*ml"),
                    *model_dir.glob("registry.d/*.y*ml")})

    def once() -> dict[str, float]:
        with gc_paused():
            t0 = time.perf_counter()
            for path in files:
                load_file(path, path.relative_to(model_dir).as_posix())
            t1 = time.perf_counter()
            parsed, _ = load_model(model_dir)
            t2 = time.perf_counter()
            model, _ = build(parsed)
            t3 = time.perf_counter()
            run_checks(model)
            t4 = time.perf_counter()
            ipam.check(model)
            t5 = time.perf_counter()
        return {"load_only": t1 - t0, "load_parse": t2 - t1, "build": t3 - t2, "checks": t4 - t3,
                "addresses": t5 - t4, "total": t5 - t1}

    cold = once()
    runs = [once() for _ in range(repeats)]
    warm = {stage: min(r[stage] for r in runs) for stage in cold}
    return {"import_seconds": imported - start, "files": len(files), "cold": cold, "warm": warm,
            "peak_mib": _peak_mib()}


# --------------------------------------------------------------------------------------------------------------
# The national model: 31 province directories, generated once by govnet's own scaffold.
# --------------------------------------------------------------------------------------------------------------


def _stamp() -> str:
    """What the generated model depends on: when any of it changes, the model is generated again."""
    import govnet

    package = Path(govnet.__file__).resolve().parent
    digest = hashlib.sha256()
    sources = ["reference/divisions.py", "writer.py"]
    sources += sorted(p.relative_to(package).as_posix() for p in (package / "scaffold").glob("*.py"))
    sources += sorted(p.relative_to(package).as_posix() for p in (package / "data" / "divisions").glob("*.csv.gz"))
    sources += sorted(p.relative_to(package).as_posix() for p in (package / "ipam").glob("*.py"))
    for rel in sources:
        digest.update(rel.encode() + b"\0" + (package / rel).read_bytes())
    return digest.hexdigest()


def _complete(directory: Path, manifest: Path, stamp: str) -> bool:
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if recorded.get("stamp") != stamp:
        return False
    on_disk = sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file())
    if on_disk != sorted(recorded.get("files", {})):
        return False
    return all((directory / rel).stat().st_size == size for rel, size in recorded["files"].items())


def generate_national() -> tuple[list[Path], dict[str, Any]]:
    """Every province, special zones included, each scaffolded into bench/.national/<code>/ unless already there."""
    from govnet.reference import divisions
    from govnet.scaffold.province import scaffold

    NATIONAL.mkdir(parents=True, exist_ok=True)
    stamp = _stamp()
    codes = sorted({row.province_code for row in divisions.rows()})
    dirs = []
    generated = 0
    began = time.perf_counter()
    for code in codes:
        directory = NATIONAL / code
        manifest = NATIONAL / f"{code}.manifest.json"
        if not _complete(directory, manifest, stamp):
            manifest.unlink(missing_ok=True)
            if directory.exists():
                shutil.rmtree(directory)
            stats = scaffold(directory, code, with_special_zones=True)
            files = {p.relative_to(directory).as_posix(): p.stat().st_size for p in directory.rglob("*")
                     if p.is_file()}
            manifest.write_text(json.dumps({"stamp": stamp, "stats": stats, "files": files}, indent=1),
                                encoding="utf-8")
            generated += 1
        dirs.append(directory)
    yaml_files = [p for d in dirs for p in d.rglob("*.yaml")]
    info = {
        "provinces": len(codes),
        "generated_now": generated,
        "generate_seconds": time.perf_counter() - began,
        "files": len(yaml_files),
        "bytes": sum(p.stat().st_size for p in yaml_files),
    }
    return dirs, info


# --------------------------------------------------------------------------------------------------------------
# The parent: runs children and commands, keeps the best time of each.
# --------------------------------------------------------------------------------------------------------------


def _child(mode: str, *args: str) -> tuple[float, dict[str, Any]]:
    """Run this script in a child mode; returns the child's wall time (as seen from here) and its JSON."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", mode, *args]
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    wall = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"child '{mode}' failed (exit {done.returncode}):\n{done.stderr[-4000:]}")
    return wall, json.loads(done.stdout)


def _best(runs: int, run: Callable[[], tuple[float, dict[str, Any]]]) -> tuple[float, dict[str, Any], list[float]]:
    results = [run() for _ in range(runs)]
    walls = [wall for wall, _ in results]
    best = min(range(runs), key=walls.__getitem__)
    return walls[best], results[best][1], walls


def _command(args: Sequence[str], runs: int) -> tuple[float, list[float], int]:
    walls = []
    code = 0
    for _ in range(runs):
        began = time.perf_counter()
        done = subprocess.run(list(args), capture_output=True, check=False, cwd=ROOT)
        walls.append(time.perf_counter() - began)
        code = done.returncode
    return min(walls), walls, code


def _govnet() -> list[str]:
    script = Path(sys.executable).with_name("govnet")
    return [str(script)] if script.exists() else [sys.executable, "-m", "govnet"]


def measure(quick: bool) -> dict[str, Any]:
    reps = {"national": 1 if quick else 3, "parse": 1 if quick else 3, "jiangxi": 1 if quick else 5,
            "stages": 1 if quick else 5, "help": 1 if quick else 10}
    results: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "quick": quick,
        "repetitions": reps,
        "targets": TARGETS,
    }

    print("generating the national model (reused when up to date) ...", file=sys.stderr)
    dirs, results["national_model"] = generate_national()
    names = [str(d) for d in dirs]

    print("validating the national model ...", file=sys.stderr)
    wall, data, walls = _best(reps["national"], lambda: _child("validate", *names))
    per_dir = data["per_dir"]
    failed = {code: d["first_errors"] or [f"stopped after {d['stopped_after']}"]
              for code, d in per_dir.items() if not d["ok"]}
    totals = {"sites": 0, "townships": 0, "counties": 0, "devices": 0, "links": 0}
    for d in per_dir.values():
        counts = d["counts"] or {}
        levels = counts.get("sites", {})
        totals["sites"] += sum(levels.values()) + counts.get("special_sites", 0)
        totals["townships"] += levels.get("township", 0)
        totals["counties"] += levels.get("county", 0)
        totals["devices"] += counts.get("devices", 0)
        totals["links"] += counts.get("links", 0)
    slowest = sorted(per_dir.items(), key=lambda kv: -kv[1]["seconds"])[:3]
    results["national_validate"] = {
        "wall_seconds": wall,
        "all_walls": walls,
        "import_seconds": data["import_seconds"],
        "validate_seconds": data["validate_seconds"],
        "peak_mib": data["peak_mib"],
        "dirs": len(per_dir),
        "errors": sum(d["errors"] for d in per_dir.values()),
        "warnings": sum(d["warnings"] for d in per_dir.values()),
        "failed": failed,
        "totals": totals,
        "slowest": {code: round(d["seconds"], 3) for code, d in slowest},
    }

    print("parsing the same files with PyYAML's CSafeLoader ...", file=sys.stderr)
    pwall, pdata, pwalls = _best(reps["parse"], lambda: _child("parse", *names))
    results["national_parse"] = {"wall_seconds": pwall, "all_walls": pwalls, "parse_seconds": pdata["parse_seconds"],
                                 "files": pdata["files"], "bytes": pdata["bytes"], "peak_mib": pdata["peak_mib"]}
    results["ratio"] = {
        "in_process": data["validate_seconds"] / pdata["parse_seconds"],
        "process_wall": wall / pwall,
    }

    print("timing govnet validate on the Jiangxi model ...", file=sys.stderr)
    jwall, jwalls, jcode = _command([*_govnet(), "validate", str(ROOT)], reps["jiangxi"])
    results["jiangxi_cli"] = {"wall_seconds": jwall, "all_walls": jwalls, "exit_code": jcode}
    _, stages = _child("stages", str(ROOT), str(reps["stages"]))
    results["jiangxi_stages"] = stages

    print("timing start-up ...", file=sys.stderr)
    hwall, hwalls, hcode = _command([*_govnet(), "--help"], reps["help"])
    results["help"] = {"wall_seconds": hwall, "all_walls": hwalls, "exit_code": hcode}
    swall, swalls, _ = _command([sys.executable, "-c", "pass"], reps["help"])
    results["python_startup"] = {"wall_seconds": swall, "all_walls": swalls}
    iwall, iwalls, _ = _command([sys.executable, "-c", "import govnet.pipeline"], reps["help"])
    results["import_pipeline"] = {"wall_seconds": iwall, "all_walls": iwalls}
    return results


def _verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "MISSED"


def table(r: dict[str, Any]) -> str:
    nv, npz, model = r["national_validate"], r["national_parse"], r["national_model"]
    js = r["jiangxi_stages"]
    totals = nv["totals"]
    rows: list[tuple[str, str, str, str]] = [
        ("national model", f"{nv['dirs']} provinces, {model['files']} files, {model['bytes'] / 1e6:.1f} MB", "", ""),
        ("  sites / counties / townships", f"{totals['sites']:,} / {totals['counties']:,} / {totals['townships']:,}",
         "", ""),
        ("  devices / links", f"{totals['devices']:,} / {totals['links']:,}", "", ""),
        ("  errors / warnings", f"{nv['errors']} / {nv['warnings']}", "0 errors",
         "ok" if nv["errors"] == 0 and not nv["failed"] else "FAILED"),
        ("national validate, process wall", f"{nv['wall_seconds']:.2f} s", f"≤ {TARGETS['national_seconds']:g} s",
         _verdict(nv["wall_seconds"], TARGETS["national_seconds"])),
        ("  of which import govnet", f"{nv['import_seconds']:.2f} s", "", ""),
        ("  of which validate() x31", f"{nv['validate_seconds']:.2f} s", "", ""),
        ("national validate, peak RSS", f"{nv['peak_mib']:.0f} MiB", f"≤ {TARGETS['national_peak_mib']:g} MiB",
         _verdict(nv["peak_mib"], TARGETS["national_peak_mib"])),
        ("CSafeLoader parse, process wall", f"{npz['wall_seconds']:.2f} s", "", ""),
        ("  of which yaml.load x files", f"{npz['parse_seconds']:.2f} s", "", ""),
        ("ratio validate / parse (in-process)", f"{r['ratio']['in_process']:.2f}x", f"≤ {TARGETS['ratio']:g}x",
         _verdict(r["ratio"]["in_process"], TARGETS["ratio"])),
        ("ratio validate / parse (process wall)", f"{r['ratio']['process_wall']:.2f}x", "", ""),
        ("govnet validate <Jiangxi> (CLI)", f"{r['jiangxi_cli']['wall_seconds']:.3f} s",
         f"≤ {TARGETS['jiangxi_cli_seconds']:g} s", _verdict(r["jiangxi_cli"]["wall_seconds"],
                                                                TARGETS["jiangxi_cli_seconds"])),
        ("  exit code", str(r["jiangxi_cli"]["exit_code"]), "", ""),
        ("  Jiangxi in-process: import govnet", f"{js['import_seconds']:.3f} s", "", ""),
    ]
    for stage, label in (("load_only", "load (YAML → data) only"), ("load_parse", "load + parse (schema)"),
                         ("build", "build"), ("checks", "checks"), ("addresses", "address checks"),
                         ("total", "total load+parse+build+checks+addresses")):
        rows.append((f"  Jiangxi {label}", f"cold {js['cold'][stage]:.3f} s / warm {js['warm'][stage]:.3f} s", "", ""))
    rows += [
        ("govnet --help", f"{r['help']['wall_seconds']:.3f} s", f"≤ {TARGETS['help_seconds']:g} s",
         _verdict(r["help"]["wall_seconds"], TARGETS["help_seconds"])),
        ("python -c pass (reference)", f"{r['python_startup']['wall_seconds']:.3f} s", "", ""),
        ("python -c 'import govnet.pipeline' (ref.)", f"{r['import_pipeline']['wall_seconds']:.3f} s", "", ""),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    head = ("figure", "value", "target", "")
    widths = [max(w, len(h)) for w, h in zip(widths, head, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    reps = r["repetitions"]
    lines.append(f"(best of {reps['national']} national / {reps['parse']} parse / {reps['jiangxi']} Jiangxi CLI / "
                 f"{reps['help']} start-up runs; Python {r['python']}, {r['cpus']} CPUs)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one repetition of each measurement")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        mode, *rest = args.child
        if mode == "validate":
            out = child_validate(rest)
        elif mode == "parse":
            out = child_parse(rest)
        elif mode == "stages":
            out = child_stages(rest[0], int(rest[1]))
        else:
            parser.error(f"unknown child mode {mode}")
        json.dump(out, sys.stdout)
        return 0

    results = measure(args.quick)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(results))
    print(f"results: {RESULTS.relative_to(ROOT)}")
    failed = results["national_validate"]["failed"]
    for code, errors in failed.items():
        print(f"province {code} did not validate cleanly: " + "; ".join(errors), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Village-level figures (issue 15): the default model with 南昌市's villages, Jiangxi with all 22,080, and the
national village model (31 provinces, 620,573 villages) generated with `govnet init --villages all`.

Usage: python bench/villages.py [--national | --national-only] [--national-dir DIR] [--keep-lock]
       python bench/villages.py --default-only
       python bench/villages.py --stages MODEL [--cache DIR]
       python bench/villages.py --render-only

A benchmark, not a test: it measures and prints. Every timed run is a fresh subprocess (cold imports, caches and
heap), its wall time and peak RSS measured from outside. Generated models go to bench/.villages/ (git-ignored);
the national one is generated only with --national (it takes a while and ~1 GB of disk on a small machine).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".villages"
TARGETS = {"default_validate": 1.5, "default_validate_cli": 1.5, "default_validate_cold": 1.5,
           "jiangxi_validate": 3.0, "jiangxi_allocate": 10.0, "jiangxi_render": 15.0,
           "national_validate": 60.0, "national_validate_2": 60.0, "national_validate_cli": 60.0,
           "national_allocate": 180.0,
           "national_peak_mib": 8192.0}


def _timed(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak MiB of the child and its stderr's last line, which is followed by the child's CPU
    seconds and the load average (on a shared machine wall time is mostly the neighbours'). The peak and the CPU
    are this child's own (wait4), with the processes it forked and waited for: not the largest of every child
    this script ran (RUSAGE_CHILDREN), which gave the CSafeLoader parse validate's peak."""
    began = time.perf_counter()
    with subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env) as child:
        stderr = child.stderr.read() if child.stderr is not None else ""
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - began
    if child.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({child.returncode}):\n{stderr[-2000:]}")
    last = (stderr.strip().splitlines() or [""])[-1]
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, usage.ru_maxrss / 1024, f"cpu {cpu:.2f} s, load {_load()}; {last}"


def _load() -> str:
    """The load averages (1, 5, 15 minutes) as uptime prints them: how busy the machine was meanwhile."""
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def _python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


VALIDATE_ALL = """
import hashlib, sys
from pathlib import Path
from govnet.gcpause import freeze_survivors
from govnet.pipeline import validate
freeze_survivors()
errors, digest = 0, hashlib.sha256()
for name in sys.argv[1:]:
    result = validate(Path(name))
    errors += sum(1 for d in result.diagnostics if str(d.severity) == "error")
    digest.update("\\n".join(d.as_text() for d in result.diagnostics).encode())
    del result
print(f"{errors} errors, diagnostics {digest.hexdigest()[:12]}", file=sys.stderr)
"""

# The validation a build starts with (govnet.pipeline.build: no loader cache, the CPUs as workers), the import of the
# pipeline included, in a fresh process: every 0.1 s of it is 0.1 s of a fresh build's wall time.
BUILD_VALIDATE = """
import sys, time
from pathlib import Path
from govnet.gcpause import freeze_survivors, gc_paused
freeze_survivors()
from govnet import pipeline
with gc_paused():
    result = pipeline._validate(Path(sys.argv[1]), None)
print(f"{len(result.diagnostics)} diagnostics", file=sys.stderr)
"""

# The provinces of the national model in forked workers, each validating whole provinces in turn (one worker
# per province: no nested fork), the diagnostics gathered in province order: the digest must equal the serial
# run's. The peak printed is the largest process's; the workers' peaks are summed on the last line.
VALIDATE_FORKED = """
import hashlib, multiprocessing, resource, sys
from pathlib import Path
from govnet.gcpause import freeze_survivors
from govnet.pipeline import validate

def one(name):
    result = validate(Path(name), workers=1)
    return [d.as_text() for d in result.diagnostics], sum(str(d.severity) == "error" for d in result.diagnostics)

def peak(_):
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

freeze_survivors()
workers, names = int(sys.argv[1]), sys.argv[2:]
errors, digest = 0, hashlib.sha256()
with multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=None) as pool:
    for texts, count in pool.imap(one, names):  # in order, whichever worker finishes first
        errors += count
        digest.update("\\n".join(texts).encode())
    peaks = pool.map(peak, range(workers), chunksize=1)
print(f"{errors} errors, diagnostics {digest.hexdigest()[:12]}, workers' peaks {sum(peaks) / 1024:.0f} MiB",
      file=sys.stderr)
"""

ALLOCATE_ALL = """
import sys
from pathlib import Path
from govnet.pipeline import allocate
for name in sys.argv[1:]:
    result, allocation = allocate(Path(name))
    assert allocation is not None, [d.as_text() for d in result.diagnostics][:3]
    (Path(name) / "allocations.lock").write_text(allocation.text, encoding="utf-8")
print("allocated", file=sys.stderr)
"""

# CPU seconds per stage of one validation, in one process, the stages called as govnet.pipeline calls them
# (process time: less disturbed by other processes than wall time on a shared machine).
STAGES = """
import sys, time
from pathlib import Path
from govnet.gcpause import freeze_survivors, gc_paused
freeze_survivors()
began = time.process_time()
from govnet import ipam
from govnet.checks import FAMILIES
from govnet.checks.context import CheckContext
from govnet.model.build import build
from govnet.source.cache import LoadedCache
from govnet.source.modeldir import load_model
figures = {"import": time.process_time() - began}
def timed(name, work):
    began = time.process_time()
    value = work()
    figures[name] = figures.get(name, 0.0) + time.process_time() - began
    return value
cache = LoadedCache(Path(sys.argv[2])) if len(sys.argv) > 2 else None
with gc_paused():
    parsed, _ = timed("load+parse", lambda: load_model(Path(sys.argv[1]), None, cache))
    model, _ = timed("build", lambda: build(parsed))
    context = CheckContext(model)
    for family in FAMILIES:
        timed(f"check {family.__module__.rsplit('.', 1)[-1]}.{family.__name__}", lambda: family(context))
    timed("addresses", lambda: ipam.check(model))
figures["total"] = sum(figures.values())
for name, seconds in sorted(figures.items(), key=lambda kv: -kv[1]):
    print(f"  {name:36} {seconds:7.3f} s", file=sys.stderr)
"""

PARSE_ALL = """
import sys
from pathlib import Path
import yaml
for name in sys.argv[1:]:
    for path in sorted(Path(name).rglob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
print("parsed", file=sys.stderr)
"""


def _generate(target: Path, province: str) -> None:
    if (target / "allocations.lock").is_file():
        return
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "govnet", "init", str(target), "--province", province, "--villages", "all",
                    "--with-special-zones"], check=True, capture_output=True)


def _digest(figure: tuple[float, float, str]) -> str:
    """The diagnostics' digest a validation printed."""
    return figure[2].split("diagnostics ", 1)[-1].split(",", 1)[0]


def _from_scratch(dirs: list[Path]) -> tuple[float, float, str]:
    for d in dirs:
        (d / "allocations.lock").unlink(missing_ok=True)
    return _timed(_python(ALLOCATE_ALL, *map(str, dirs)))


class _Printed(dict[str, Any]):
    """Figures, each printed as it is measured (a long run shows what it has so far)."""

    def __setitem__(self, name: str, value: Any) -> None:
        super().__setitem__(name, value)
        seconds, peak, last = value
        target = TARGETS.get(name)
        mark = "" if target is None else f"  (target <= {target:g} s)"
        print(f"{name:24} {seconds:8.2f} s  peak {peak:7.0f} MiB  {last[:80]}{mark}", flush=True)


def _render(figures: dict[str, Any]) -> None:
    """`govnet render` of Jiangxi with every village as a user runs it (validation, then the configs rendered and
    written by one forked worker per core): into an empty folder, then again (nothing to rewrite). The CPU
    figure is the command's and its workers'; the load average says how many cores the neighbours took."""
    jiangxi = WORK / "36"
    _generate(jiangxi, "36")
    # A new folder each run, the last run's deleted only afterwards: on an ext4 without a journal (this VM's disk)
    # creating files right after deleting 26,000 costs seconds of kernel CPU in the inode search (ext4 ialloc.c,
    # recently_deleted), which is the benchmark's own doing, not the render's (bench/build.py does the same).
    stale = sorted(WORK.glob("render-out*"))
    out = WORK / f"render-out-{time.time_ns()}"
    figures["jiangxi_render"] = _timed([sys.executable, "-m", "govnet", "render", str(jiangxi), "-o", str(out)])
    figures["jiangxi_render_again"] = _timed([sys.executable, "-m", "govnet", "render", str(jiangxi), "-o",
                                              str(out)])
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--national", action="store_true", help="also generate and time the 31-province model")
    parser.add_argument("--national-only", action="store_true", help="only the 31-province model")
    parser.add_argument("--stages", metavar="MODEL", help="only print CPU seconds per validation stage of MODEL")
    parser.add_argument("--cache", metavar="DIR", help="with --stages: the loader's cache folder to use")
    parser.add_argument("--default-only", action="store_true", help="only the default model's figures: validate "
                        "in a library call, the command line with its loader cache empty and then warm, and the "
                        "validation a build starts with")
    parser.add_argument("--render-only", action="store_true", help="only `govnet render` of Jiangxi with every "
                        "village (generated first if missing), into an empty folder and again into the full one")
    parser.add_argument("--national-dir", metavar="DIR", type=Path, default=WORK / "national",
                        help="where the national model is generated, or was already (one folder per province)")
    parser.add_argument("--keep-lock", action="store_true",
                        help="do not time the national allocation (it rewrites the locks: a read-only or shared "
                        "national model)")
    args = parser.parse_args()
    # An installed govnet has its bytecode compiled (pip does it); with PYTHONDONTWRITEBYTECODE set, as it is on
    # the shared machine, every timed run would compile the package again (0.3 s of each), so compile it once.
    import govnet

    compileall.compile_dir(str(Path(govnet.__file__).parent), quiet=1)
    if args.stages:
        subprocess.run(_python(STAGES, args.stages, *([args.cache] if args.cache else [])), check=True)
        return
    print(f"load average {_load()} at the start", flush=True)
    figures: dict[str, Any] = _Printed()
    if args.render_only:
        _render(figures)
        return
    if not args.national_only:
        figures["default_validate"] = _timed(_python(VALIDATE_ALL, str(ROOT)))
        # What a user runs: the command line, its loader cache empty (a first run, which fills it), then warm.
        cached = {**os.environ, "XDG_CACHE_HOME": str(WORK / "cache")}
        shutil.rmtree(WORK / "cache", ignore_errors=True)
        figures["default_validate_cold"] = _timed([sys.executable, "-m", "govnet", "validate", str(ROOT)], cached)
        figures["default_validate_cli"] = _timed([sys.executable, "-m", "govnet", "validate", str(ROOT)], cached)
        figures["default_build_validate"] = _timed(_python(BUILD_VALIDATE, str(ROOT)))
    if args.default_only:
        print(f"load average {_load()} at the end", flush=True)
        return
    if not args.national_only:
        jiangxi = WORK / "36"
        _generate(jiangxi, "36")
        figures["jiangxi_validate"] = _timed(_python(VALIDATE_ALL, str(jiangxi)))
        figures["jiangxi_allocate"] = _from_scratch([jiangxi])
        figures["jiangxi_validate_after"] = _timed(_python(VALIDATE_ALL, str(jiangxi)))
        _render(figures)
    if args.national or args.national_only:
        from govnet.reference import divisions

        dirs = [args.national_dir / code for code in divisions.provinces()]
        began = time.perf_counter()
        for code, d in zip(divisions.provinces(), dirs, strict=True):
            _generate(d, code)
        figures["national_generate"] = (time.perf_counter() - began, 0.0, "")
        figures["national_validate"] = _timed(_python(VALIDATE_ALL, *map(str, dirs)))
        figures["national_validate_2"] = _timed(_python(VALIDATE_FORKED, "2", *map(str, dirs)))
        # What a user runs: `govnet validate DIR DIR ...` (one folder per CPU at a time), its loader cache empty.
        shutil.rmtree(WORK / "national-cache", ignore_errors=True)
        figures["national_validate_cli"] = _timed(
            [sys.executable, "-m", "govnet", "validate", "--quiet", *map(str, dirs)],
            {**os.environ, "XDG_CACHE_HOME": str(WORK / "national-cache")})
        shutil.rmtree(WORK / "national-cache", ignore_errors=True)
        if _digest(figures["national_validate"]) != _digest(figures["national_validate_2"]):
            raise SystemExit("the forked workers' diagnostics differ from the serial run's")
        figures["national_parse"] = _timed(_python(PARSE_ALL, *map(str, dirs)))
        parse = figures["national_parse"][0]
        figures["national_ratio"] = (figures["national_validate"][0] / parse, 0.0,
                                     f"2 workers: {figures['national_validate_2'][0] / parse:.2f}")
        if not args.keep_lock:
            figures["national_allocate"] = _from_scratch(dirs)
    print(f"load average {_load()} at the end", flush=True)
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "results.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

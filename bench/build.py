"""Build benchmark: `govnet build` of the default model from the command line — fresh (empty output directory),
again with nothing changed, and after renaming one township — and `govnet records --pdf` for every unit.

Usage: python bench/build.py [--runs 3] [--pdf] [--stages] [--split] [--no-verify] [--dir DIR]

--pdf also prints the CPU cost of one PDF form, drawn on the canvas and laid out by platypus.

A benchmark, not a test: it measures and prints (medians of --runs runs, wall and CPU seconds including the
worker processes, and the load average and the machine's speed before and after, bench/machine.py: figures
taken while other work shares the cores, or in a slow window of the VM, are above what the code costs). Targets
on the 2-core reference machine: fresh ≤ 15 s with verify (the build's verify stage, issue 14;
≤ 5 s without), unchanged ≤ 1 s, records --pdf ≤ 15 s. When verify stops the fresh build, the row times the stop
(validate, render, verify; nothing written) and the later rows build with --no-verify.
--stages also builds once in this process with one worker and prints the CPU seconds of each stage (where a
fresh build's time goes, independent of how busy the machine is). --split builds once in this process with a
worker per CPU and prints the CPU seconds of the build process (the serial path) and of its workers.

Creating files costs the kernel more on some disks than on others: on an ext4 without a journal (this VM's),
each new file's inode search skips the inodes deleted in the last 5-10 minutes one by one (ext4 ialloc.c,
recently_deleted), so a build right after deleting a build's 7,500 files spends seconds of system CPU there. The
runs' folders are therefore deleted only after the last measurement, and the 'sys' column shows that CPU apart;
--dir /dev/shm puts them on tmpfs, to see the build without the disk.
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import machine  # bench/machine.py: a script's own folder is on sys.path

ROOT = Path(__file__).resolve().parent.parent  # the repository: also the Jiangxi model
TARGETS = {"fresh": 15.0, "fresh --no-verify": 5.0, "unchanged": 1.0, "one township": None, "records --pdf": 15.0}


def _govnet(*args: str, cwd: Path, may_stop: bool = False) -> tuple[float, float, float, str]:
    """Wall, CPU and of it system CPU seconds (this child and its workers) of one govnet run; its last stderr line.
    ``may_stop``: a build that verify stops (exit 1) is a figure too."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "govnet", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"}, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    system = after.ru_stime - before.ru_stime
    cpu = (after.ru_utime - before.ru_utime) + system
    if done.returncode != 0 and not (may_stop and "the configs do not work" in done.stderr):
        raise SystemExit(f"govnet {' '.join(args)} failed:\n{done.stderr}")
    return wall, cpu, system, done.stderr.strip().splitlines()[-1]


def stages(where: Path | None) -> None:
    """CPU seconds of each stage of one fresh build, in this process (workers=1: the diagrams are rendered here)."""
    from govnet.pipeline import build

    marks: list[tuple[str, float]] = [("start-up", time.process_time())]

    def progress(stage: str, done: int, total: int) -> None:
        if stage != marks[-1][0] and not (done and done == total):  # a stage's start, not a finished one's end
            marks.append((stage, time.process_time()))

    with tempfile.TemporaryDirectory(dir=where) as scratch:
        build(ROOT, Path(scratch) / "out", date="2024-06-30", workers=1, progress=progress)
    marks.append(("end", time.process_time()))
    print("CPU seconds per stage, one process (validate includes the summary; 'site' appears twice: its data, worked\n"
          "out with the address reports and compliance, and its writing after everything else):")
    for (name, start), (_, end) in itertools.pairwise(marks):
        print(f"  {name:<10}{end - start:>7.2f}s")
    print(f"  {'total':<10}{marks[-1][1] - marks[0][1]:>7.2f}s")


def split(no_verify: bool, where: Path | None) -> None:
    """One fresh build in this process with a worker per CPU: wall seconds, and CPU seconds of this process (the
    serial path: validate, render, verify, moving files into place, the site) and of the forked workers. On an
    idle machine the wall time is about the larger of the first and half the sum."""
    from govnet.pipeline import build

    with tempfile.TemporaryDirectory(dir=where) as scratch:
        before, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = build(ROOT, Path(scratch) / "out", date="2024-06-30", verify=not no_verify)
        wall = time.perf_counter() - start
        after, grown = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)

    def cpu(a: resource.struct_rusage, b: resource.struct_rusage) -> str:
        # minor faults: pages first touched, or copied after a fork because a process wrote to them (refcounts)
        return (f"{b.ru_utime - a.ru_utime + b.ru_stime - a.ru_stime:.2f}s (sys {b.ru_stime - a.ru_stime:.2f}s, "
                f"{(b.ru_minflt - a.ru_minflt) // 1000}k minor faults)")

    print(f"one fresh build in this process ({'no verify, ' if no_verify else ''}{done.changed} files): "
          f"wall {wall:.2f}s, CPU this process {cpu(before, after)}, workers {cpu(children, grown)}")


def form_costs(units: int = 60, batches: int = 5) -> None:
    """CPU milliseconds per PDF form, canvas path and platypus reference, in this process (least of ``batches``
    batches: the figure least disturbed by other work on the machine)."""
    from govnet.pipeline import validate
    from govnet.records import formpdf, forms, granted_addresses

    result = validate(ROOT)
    assert result.model is not None and result.model.registry is not None
    addresses, names = granted_addresses(result.addresses), forms.site_names(result.model)
    contexts = [forms.context(result.model, unit, addresses.get(unit.id, ()), names)
                for unit in result.model.registry.units[:units * batches]]
    print(f"CPU ms per PDF form (least of {batches} batches of {units}):")
    for name, make in (("canvas", formpdf.pdf), ("platypus", forms.pdf)):
        make(contexts[0])  # the font registered, outside the timing
        costs = []
        for b in range(batches):
            start = time.process_time()
            for ctx in contexts[b * units:(b + 1) * units]:
                make(ctx)
            costs.append((time.process_time() - start) / units * 1000)
        print(f"  {name:<10}{min(costs):>7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="also time records --pdf (slow)")
    parser.add_argument("--no-verify", action="store_true", help="build without the verify stage")
    parser.add_argument("--stages", action="store_true", help="also print CPU seconds per stage of one build")
    parser.add_argument("--split", action="store_true", help="also print the CPU seconds of the build process and of "
                        "its workers in one fresh build")
    parser.add_argument("--dir", type=Path, default=None, help="where the runs' folders go (default: the system's "
                        "temporary folder; /dev/shm: on tmpfs, without the disk's cost of creating files)")
    options = parser.parse_args()
    print(machine.state("before"))
    targets = {**TARGETS, "fresh": TARGETS["fresh --no-verify"]} if options.no_verify else TARGETS
    figures: dict[str, list[tuple[float, float, float]]] = {name: [] for name in targets}
    notes: dict[str, str] = {}
    with tempfile.TemporaryDirectory(dir=options.dir) as kept:  # deleted after the last run: see the docstring
        for run in range(options.runs):
            scratch = Path(kept) / str(run)
            model, out = scratch / "model", scratch / "out"
            from govnet.source.layout import copy_model

            copy_model(ROOT, model)
            build: tuple[str, ...] = ("build", str(model), "-o", str(out), "--date", "2024-06-30")
            build += ("--no-verify",) if options.no_verify else ()
            for name in ("fresh", "unchanged"):
                wall, cpu, system, notes[name] = _govnet(*build, cwd=scratch, may_stop=True)
                figures[name].append((wall, cpu, system))
                if "the configs do not work" in notes[name]:
                    notes[name] = "verify stopped the build (nothing written); the next rows build with --no-verify"
                    build += ("--no-verify",)
                    wall, cpu, system, notes["fresh --no-verify"] = _govnet(*build, cwd=scratch)  # for 'unchanged'
                    figures["fresh --no-verify"].append((wall, cpu, system))
            city = model / "topology" / "3601.yaml"
            text = city.read_text(encoding="utf-8")
            city.write_text(text.replace("name: 大院街道}", "name: 大院街道办}", 1), encoding="utf-8")
            wall, cpu, system, notes["one township"] = _govnet(*build, cwd=scratch)
            figures["one township"].append((wall, cpu, system))
            if options.pdf:
                wall, cpu, system, notes["records --pdf"] = _govnet("records", str(model), "-o", str(out), "--pdf",
                                                                    cwd=scratch)
                figures["records --pdf"].append((wall, cpu, system))
        print(f"{'what':<16}{'wall (median)':>14}{'cpu (median)':>14}{'of it sys':>10}{'target':>8}  runs (wall)")
        for name, runs in figures.items():
            if not runs:
                continue
            walls = [w for w, _, _ in runs]
            target = targets[name]
            print(f"{name + (' (no verify)' if name == 'fresh' and options.no_verify else ''):<16}"
                  f"{statistics.median(walls):>13.2f}s{statistics.median(c for _, c, _ in runs):>13.2f}s"
                  f"{statistics.median(s for _, _, s in runs):>9.2f}s{(f'{target:.0f}s' if target else '-'):>8}  "
                  f"{', '.join(f'{w:.2f}' for w in walls)}")
        for name, note in notes.items():
            print(f"  {name}: {note}")
        print(machine.state("after"))
    if options.split:
        split(options.no_verify, options.dir)
    if options.stages:
        stages(options.dir)
    if options.pdf:
        form_costs()


if __name__ == "__main__":
    main()

"""Records benchmark: where `govnet records --pdf` spends its time, and what the build's records stage costs.

Usage: python bench/records.py [--forms 100] [--batches 5] [--stage 3] [--split] [--cli 1]

Prints (CPU seconds and milliseconds: the figures other work on the machine disturbs least; the load average
before and after, since wall times taken while other work shares the cores are noise):
- CPU ms per PDF form, least of ``--batches`` batches of ``--forms``: the canvas path as it runs (govnet.records
  .pdffont's subsetting, widths and text operators), the canvas path with ReportLab alone (``fast=False``, the same
  bytes), and the platypus reference;
- ``--stage N``: the build's records stage (ledger, statistics, HTML forms, no PDF) in this process, least of N runs
  after one warm-up, and the first run (template compiled, nothing cached);
- ``--split``: one ``records --pdf`` in this process as the command runs it (a worker per CPU): CPU seconds of
  validate, of the contexts, of this process while the workers draw the forms (ledger, HTML forms), of the workers,
  and when each phase ended (wall): how the PDF work is spread over the cores;
- ``--cli N``: ``govnet records --pdf`` of the default model from the command line, N runs, wall and CPU (with
  its workers). Target on the 2-core reference machine: ≤ 15 s wall (issue 12).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository: also the Jiangxi model


def _load() -> str:
    return f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs"


def _contexts(count: int) -> list[dict[str, object]]:
    from govnet.pipeline import validate
    from govnet.records import forms, granted_addresses

    result = validate(ROOT)
    assert result.model is not None and result.model.registry is not None
    addresses, names = granted_addresses(result.addresses), forms.site_names(result.model)
    return [forms.context(result.model, unit, addresses.get(unit.id, ()), names)
            for unit in result.model.registry.units[:count]]


def form_costs(units: int, batches: int) -> None:
    from govnet.records import formpdf, forms

    contexts = _contexts(units * batches)
    makers = (("canvas", lambda ctx: formpdf.pdf(ctx)), ("canvas, ReportLab alone", lambda ctx: formpdf.pdf(
        ctx, fast=False)), ("platypus", forms.pdf))
    costs: dict[str, list[float]] = {name: [] for name, _ in makers}
    for _, make in makers:
        make(contexts[0])  # the font registered, outside the timing
    for b in range(batches):  # the makers interleaved, batch by batch: a busy spell falls on all of them
        for name, make in makers:
            start = time.process_time()
            for ctx in contexts[b * units:(b + 1) * units]:
                make(ctx)
            costs[name].append((time.process_time() - start) / units * 1000)
    print(f"CPU ms per PDF form (least of {batches} batches of {units}):")
    for name, figures in costs.items():
        print(f"  {name:<26}{min(figures):>7.2f} ms   (batches: {', '.join(f'{x:.1f}' for x in figures)})")


def stage(runs: int) -> None:
    from govnet.pipeline import validate
    from govnet.records import granted_addresses, record_files

    result = validate(ROOT)
    assert result.model is not None
    start = time.process_time()
    addresses = granted_addresses(result.addresses)  # the first call reads the lock (the address plan's, cached)
    plan = time.process_time() - start
    figures = []
    for _ in range(runs + 1):
        start = time.process_time()
        record_files(result.model, granted_addresses(result.addresses), model_root=ROOT, date="2024-06-30")
        figures.append(time.process_time() - start)
    print(f"records stage of a build (no PDF), CPU: first run {figures[0]:.2f}s, least of the next {runs} "
          f"{min(figures[1:]):.2f}s  ({', '.join(f'{x:.2f}' for x in figures)}); before them, the address plan's "
          f"unit subnets (granted_addresses' first call: the lock read, ipam) {plan:.2f}s  ({len(addresses)} units)")


def split() -> None:
    from govnet.pipeline import cpus, validate
    from govnet.records import forms, granted_addresses, write_records
    from govnet.reports import build_date

    marks: list[tuple[str, float, float]] = []
    wall0 = time.perf_counter()

    def mark(what: str) -> None:
        marks.append((what, time.perf_counter() - wall0, time.process_time()))

    def children() -> float:
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        return used.ru_utime + used.ru_stime

    mark("start")
    before = children()
    result = validate(ROOT)
    mark("validate")
    helpers = children() - before
    assert result.model is not None and result.model.registry is not None
    units = len(result.model.registry.units)
    seen: set[str] = set()

    def progress(done: int, total: int) -> None:
        if done >= units and "html" not in seen:
            seen.add("html")
            mark("contexts, ledger, HTML forms")

    before = children()
    with tempfile.TemporaryDirectory() as scratch:
        write_records(result.model, Path(scratch), granted_addresses(result.addresses), pdf=True, model_root=ROOT,
                      date=build_date(ROOT), workers=cpus(), progress=progress)
        mark("PDFs collected, all written")
    workers = children() - before
    names = forms.site_names(result.model)
    addresses = granted_addresses(result.addresses)
    start = time.process_time()
    for unit in result.model.registry.units:
        forms.context(result.model, unit, addresses.get(unit.id, ()), names)
    contexts = time.process_time() - start
    print(f"records --pdf in this process, {cpus()} workers (wall at the end of each phase, CPU of this process):")
    for (what, wall, cpu), (_, _, previous) in zip(marks[1:], marks, strict=False):
        print(f"  {what:<30} wall {wall:>6.2f}s   CPU {cpu - previous:>6.2f}s")
    print(f"  validate's helper processes: CPU {helpers:.2f}s; the PDF workers: CPU {workers:.2f}s "
          f"({workers / units * 1000:.2f} ms a form); the {units} contexts alone (timed after): CPU {contexts:.2f}s")


def cli(runs: int) -> None:
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as scratch:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "govnet", "records", str(ROOT), "-o", scratch, "--pdf", "--quiet"],
                           check=True, env={**os.environ, "NO_COLOR": "1"})
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(f"govnet records --pdf: wall {wall:.2f}s, CPU {cpu:.2f}s (target 15 s wall)  [{_load()}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=100, help="forms per batch")
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--stage", type=int, default=0, help="time the build's records stage, N runs")
    parser.add_argument("--split", action="store_true", help="time the phases of one records --pdf in-process")
    parser.add_argument("--cli", type=int, default=0, help="run govnet records --pdf from the command line N times")
    options = parser.parse_args()
    print(_load())
    if options.forms:
        form_costs(options.forms, options.batches)
    if options.stage:
        stage(options.stage)
    if options.split:
        split()
    if options.cli:
        cli(options.cli)
    print(_load())


if __name__ == "__main__":
    main()

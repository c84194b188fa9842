"""Benchmark: a 100,000-unit registry on the largest province of the national model (Henan, 41).

Usage: python bench/registry.py [--units N] [--keep] [--forms] [--profile FILE]

Scaffolds province 41 with govnet's own `init` into bench/.national/registry-41/ (git-ignored), writes N units
with tools/make_example_registry.py's departments and township governments, then village committees under each
township until N is reached, into registry.d/<city>.yaml, and allocates their addresses (`govnet allocate`), so
that the model validates without errors: a figure measured on an invalid model would skip the address stage.
``--keep`` reuses the registry already generated (the lock is brought up to date either way).

Then, in a fresh process, it times validation (load, schema parse, build, each check family, the address
checks) and the records (ledger rows, statistics, XLSX, CSV, JSON), stage by stage, and prints them with the
verdict against the target: checks + ledger ≤ 30 s on this machine (2 cores). ``--forms`` also times every HTML
registration form; ``--profile FILE`` writes a cProfile of the child (open it with pstats or snakeviz). The
loader's share (YAML → data) is shown on its own line. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MODEL = HERE / ".national" / "registry-41"
TARGET = 30.0  # seconds for checks + ledger, from the registry issue
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))


def generate(target: int) -> None:
    import make_example_registry as gen

    from govnet.scaffold.province import scaffold

    if not (MODEL / "govnet.yaml").is_file():
        scaffold(MODEL, "41")
    province = gen.province_of(MODEL)
    province_units, by_city = gen.collect(MODEL)
    total = len(province_units) + sum(len(u) for u in by_city.values())
    townships = [(city, u) for city, units in by_city.items() for u in units if len(u.site) == 9]
    extra = max(target - total, 0)
    per, rest = divmod(extra, len(townships))
    for i, (city, township) in enumerate(townships):
        for k in range(per + (1 if i < rest else 0)):
            by_city[city].append(gen.Unit(f"{township.id[:-3]}-V{k + 1:03d}", f"{township.name}第{k + 1}村民委员会",
                                          township.division, township.site, [], "none", 2, "20M", township.area,
                                          township.registrar, prefix="54"))
    serial = 0
    header = gen.HEADER + gen.SETTINGS + "\nunits:\n"
    blocks = []
    for unit in province_units:
        serial += 1
        blocks.append(gen.render(unit, serial, province))
    (MODEL / "registry.yaml").write_text(header + "\n".join(blocks), encoding="utf-8")
    (MODEL / "registry.d").mkdir(exist_ok=True)
    for city, units in by_city.items():
        out = []
        for unit in units:
            serial += 1
            out.append(gen.render(unit, serial, province))
        (MODEL / "registry.d" / f"{city}.yaml").write_text("units:\n" + "\n".join(out), encoding="utf-8")
    print(f"{serial} units in {MODEL}", file=sys.stderr)
    per_county: dict[str, int] = {}
    for unit in [u for units in by_city.values() for u in units]:
        if len(unit.site) >= 6:
            per_county[unit.site[:6]] = per_county.get(unit.site[:6], 0) + 1
    fit_address_plan(max(per_county.values()))
    (MODEL / "allocations.lock").unlink(missing_ok=True)  # carved for the plan before; decide afresh


def allocate() -> None:
    """Give every unit its addresses (and whatever a newer govnet asks for that the lock lacks)."""
    command = [sys.executable, "-m", "govnet", "allocate", str(MODEL)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())


def fit_address_plan(units_per_county: int) -> None:
    """Resize the public zone's placeholder plan for this registry, as a province would before allocating.

    `govnet init` sizes township blocks for eight /28 unit subnets (/25); ~40 units per township need /22, and
    nested city, county and township blocks with room to grow would then need a /7, more than 10.128.0.0/9.
    So townships and cities take no block of their own here: each county gets one block for all the units
    under it (the largest county's count, with room), carved straight from the province's /9."""
    from govnet.scaffold.zones import child_bits

    path = MODEL / "zones" / "zones.yaml"
    text = path.read_text(encoding="utf-8")
    county = 28 - child_bits(units_per_county)  # unit subnets stay /28
    plan = re.compile(r"pool: \[10\.128\.0\.0/\d+\]\n(\s+)delegate: \{province: \d+, city: \d+, county: \d+, "
                      r"township: \d+, special: \d+\}")
    fitted, n = plan.subn(lambda m: f"pool: [10.128.0.0/9]\n{m.group(1)}delegate: {{province: 9, county: {county}, "
                          f"special: {county}}}", text)
    if n != 1 and "province: 9, county:" not in text:
        raise SystemExit("zones/zones.yaml is not the plan `govnet init` writes; cannot resize it")
    path.write_text(fitted, encoding="utf-8")


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


class Clock:
    """Seconds per stage, by wrapping the functions the pipeline calls (so the stages run as in `govnet`)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def add(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    def wrap(self, fn: Callable[..., Any], stage: Callable[..., str] | str) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.add(stage if isinstance(stage, str) else stage(*args), time.perf_counter() - began)

        return timed

    def run(self, stage: str, fn: Callable[[], Any]) -> Any:
        return self.wrap(fn, stage)()


def child(root: Path, out: Path, forms_too: bool) -> dict[str, Any]:
    """The measured run (in a fresh process): validation as `govnet validate` runs it, then the ledger as
    `govnet build` writes it."""
    began = time.perf_counter()
    from govnet import checks, ipam, pipeline
    from govnet.gcpause import gc_paused
    from govnet.records import forms, granted_addresses, ledger, stats
    from govnet.source import modeldir
    from govnet.writer import write_if_changed

    clock = Clock()
    clock.add("import", time.perf_counter() - began)
    try:  # as the CLI does: the model lives until the process ends, so the collector need not scan it again
        from govnet.gcpause import freeze_survivors
    except ImportError:  # before the loader's speed work
        pass
    else:
        freeze_survivors()

    def part(name: str) -> str:
        return "registry" if name.startswith("registry") else "topology, zones"

    modeldir.load_file = clock.wrap(modeldir.load_file, lambda path, rel: f"load (YAML → data): {part(rel)}")
    modeldir.parse = clock.wrap(modeldir.parse, lambda loaded, schema: f"schema parse: {part(loaded.file)}")
    pipeline.build = clock.wrap(pipeline.build, "build")
    checks.FAMILIES = tuple(clock.wrap(family, f"checks: {family.__module__.rsplit('.', 1)[-1]}")
                            for family in checks.FAMILIES)
    ipam.check = clock.wrap(ipam.check, "address checks")

    began = time.perf_counter()
    result = pipeline.validate(root)
    validate = time.perf_counter() - began
    clock.add("validate: the rest (load_model, sorting)", validate - sum(
        s for k, s in clock.seconds.items() if k != "import"))
    model = result.model
    assert model is not None and model.registry is not None, "the model did not build"

    began = time.perf_counter()
    with gc_paused():  # as write_records
        granted = clock.run("ledger: granted addresses", lambda: granted_addresses(result.addresses))
        table = clock.run("ledger: rows", lambda: ledger.rows(model, granted))
        figures = clock.run("statistics", lambda: stats.statistics(model))
        cities = {s.key: s.name for s in model.sites if s.level == "city"}
        summary = stats.summary_rows(figures)
        data = {
            "ledger.xlsx": clock.run("ledger: XLSX", lambda: ledger.to_xlsx(table, cities, summary)),
            "ledger.csv": clock.run("ledger: CSV", lambda: ledger.to_csv(table)),
            "ledger.json": clock.run("ledger: JSON", lambda: ledger.to_json(table, figures)),
            "statistics.md": stats.markdown(figures),
        }
        clock.run("ledger: write files", lambda: [write_if_changed(out / k, v) for k, v in data.items()])
    records = time.perf_counter() - began
    if forms_too:
        def all_forms() -> None:
            assert model is not None and model.registry is not None
            for unit in model.registry.units:
                ctx = forms.context(model, unit, granted.get(unit.id, ()))
                write_if_changed(out / "forms" / f"{unit.id}.html", forms.html(ctx))
        clock.run("HTML forms (not in the target)", all_forms)
    errors = sum(1 for d in result.diagnostics if str(d.severity) == "error")
    return {"stages": clock.seconds, "validate": validate, "records": records, "units": len(model.registry.units),
            "errors": errors, "warnings": len(result.diagnostics) - errors,
            "codes": _counts(f"{d.severity} {d.code}" for d in result.diagnostics)}


def _counts(keys: Any) -> dict[str, int]:
    found: dict[str, int] = {}
    for key in keys:
        found[key] = found.get(key, 0) + 1
    return dict(sorted(found.items()))


def report(figures: dict[str, Any], wall: float) -> None:
    size = sum(p.stat().st_size for p in (MODEL / "registry.d").iterdir()) / 1e6
    print(f"units {figures['units']:,} ({size:.0f} MB of YAML), errors {figures['errors']}, "
          f"warnings {figures['warnings']}: " + ", ".join(f"{k} ×{v}" for k, v in figures["codes"].items()))
    stages: dict[str, float] = figures["stages"]
    measured = figures["validate"] + figures["records"]
    print(f"\n{'stage':<46}{'seconds':>9}{'share':>8}")
    for stage, seconds in stages.items():
        share = f"{seconds / measured:.0%}" if not stage.startswith(("import", "HTML")) else ""
        print(f"{stage:<46}{seconds:>9.2f}{share:>8}")
    loader = sum(s for k, s in stages.items() if k.startswith("load (YAML"))
    print(f"\n{'validate':<46}{figures['validate']:>9.2f}")
    print(f"{'ledger + statistics':<46}{figures['records']:>9.2f}")
    print(f"{'checks + ledger (the target)':<46}{measured:>9.2f}")
    print(f"  of which the loader (YAML → data, loader.py): {loader:.2f} s; without it: {measured - loader:.2f} s")
    verdict = "met" if measured <= TARGET else "MISSED"
    print(f"\ntarget: checks + ledger ≤ {TARGET:g} s: {verdict} ({measured:.1f} s); process wall {wall:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="reuse the registry generated before")
    parser.add_argument("--forms", action="store_true", help="also time the HTML forms (not in the target)")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the measured run to this file")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], args.child[1], args.forms)))
        return 0
    if not (args.keep and (MODEL / "registry.d").is_dir()):
        began = time.perf_counter()
        generate(args.units)
        print(f"generated in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    began = time.perf_counter()
    allocate()
    print(f"allocated in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    out = MODEL.parent / "registry-41-out"
    command = [sys.executable, __file__, "--child", str(MODEL), str(out), *(["--forms"] if args.forms else [])]
    if args.profile:
        command[1:1] = ["-m", "cProfile", "-o", str(args.profile)]
    began = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, check=True, env=_env())
    report(json.loads(run.stdout), time.perf_counter() - began)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: a 100,000-unit registry on the largest province of the national model (Henan, 41).

Usage: python bench/registry.py [--units N]

Scaffolds province 41 with govnet's own `init` into bench/.national/registry-41/ (git-ignored), writes N units
(the example generator's departments and township governments, then village committees under each township
until N is reached) into registry.d/<city>.yaml, and times in a fresh process: validation (load, parse, build,
every check), the ledger (XLSX, CSV, JSON) with statistics, and the HTML forms. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MODEL = HERE / ".national" / "registry-41"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

CHILD = """
import gc, json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from govnet.pipeline import validate
from govnet.records import ledger, stats, forms
from govnet.writer import write_if_changed
root, out = Path(sys.argv[1]), Path(sys.argv[2])
t1 = time.perf_counter()
result = validate(root)
t2 = time.perf_counter()
model = result.model
gc.disable()
table = ledger.rows(model, {})
figures = stats.statistics(model)
cities = {s.key: s.name for s in model.sites if s.level == "city"}
write_if_changed(out / "ledger.xlsx", ledger.to_xlsx(table, cities, stats.summary_rows(figures)))
write_if_changed(out / "ledger.csv", ledger.to_csv(table))
write_if_changed(out / "ledger.json", ledger.to_json(table, figures))
t3 = time.perf_counter()
for unit in model.registry.units:
    write_if_changed(out / "forms" / f"{unit.id}.html", forms.html(forms.context(model, unit, ())))
t4 = time.perf_counter()
errors = sum(1 for d in result.diagnostics if str(d.severity) == "error")
print(json.dumps({"import": t1 - t0, "validate": t2 - t1, "ledger": t3 - t2, "html_forms": t4 - t3,
                  "units": len(model.registry.units), "errors": errors,
                  "warnings": len(result.diagnostics) - errors}))
"""


def generate(target: int) -> None:
    import make_example_registry as gen

    from govnet.scaffold import scaffold

    if not (MODEL / "govnet.yaml").is_file():
        scaffold(MODEL, "41")
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
        blocks.append(gen.render(unit, serial))
    (MODEL / "registry.yaml").write_text(header + "\n".join(blocks), encoding="utf-8")
    (MODEL / "registry.d").mkdir(exist_ok=True)
    for city, units in by_city.items():
        out = []
        for unit in units:
            serial += 1
            out.append(gen.render(unit, serial))
        (MODEL / "registry.d" / f"{city}.yaml").write_text("units:\n" + "\n".join(out), encoding="utf-8")
    print(f"{serial} units in {MODEL}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=100_000)
    args = parser.parse_args()
    began = time.perf_counter()
    generate(args.units)
    print(f"generated in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    out = MODEL.parent / "registry-41-out"
    began = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", CHILD, str(MODEL), str(out)], capture_output=True, text=True,
                         check=True)
    wall = time.perf_counter() - began
    figures = json.loads(run.stdout)
    figures["wall"] = wall
    size = sum(p.stat().st_size for p in (MODEL / "registry.d").iterdir()) / 1e6
    print(f"units {figures['units']:,} ({size:.0f} MB of YAML), errors {figures['errors']}, "
          f"warnings {figures['warnings']}")
    print(f"validate {figures['validate']:.1f} s, ledger+statistics {figures['ledger']:.1f} s "
          f"(checks + ledger {figures['validate'] + figures['ledger']:.1f} s; target ≤ 30 s), "
          f"HTML forms {figures['html_forms']:.1f} s, process wall {wall:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

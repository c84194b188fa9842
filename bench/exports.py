"""Benchmark: every `govnet export` format on the embedded Jiangxi model, and the SARIF and schema outputs.

Usage: python bench/exports.py

Validates the model once, then times the inventory (device contexts of every device, port map, cables, blocks)
and each format's files, and prints seconds and output size per format. A benchmark, not a test.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    from govnet.diagnostics_sarif import sarif_log
    from govnet.exports.formats import FORMATS
    from govnet.exports.inventory import build_inventory
    from govnet.pipeline import validate
    from govnet.schema.editor import schema_texts

    start = time.perf_counter()
    result = validate(ROOT)
    assert result.model is not None and result.addresses is not None
    print(f"validate            {time.perf_counter() - start:6.2f} s")
    decisions = result.addresses.outcome.decisions
    start = time.perf_counter()
    inventory = build_inventory(result.model, decisions)
    print(f"inventory           {time.perf_counter() - start:6.2f} s  {len(inventory.nodes)} devices, "
          f"{sum(len(n.ports) for n in inventory.nodes)} ports, {len(inventory.cables)} cables")
    for name, writer in FORMATS.items():
        start = time.perf_counter()
        files = writer(inventory)
        size = sum(len(t.encode()) for t in files.values())
        print(f"{name:<19} {time.perf_counter() - start:6.2f} s  {len(files)} files, {size / 1e6:.1f} MB")
    start = time.perf_counter()
    city = build_inventory(result.model, decisions, city="3601")
    print(f"inventory --city    {time.perf_counter() - start:6.2f} s  {len(city.nodes)} devices")
    start = time.perf_counter()
    sarif_log(result.diagnostics, ROOT)
    schema_texts()
    print(f"sarif + schemas     {time.perf_counter() - start:6.2f} s")


if __name__ == "__main__":
    main()

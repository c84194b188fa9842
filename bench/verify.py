"""How long `govnet verify` takes on the default (Jiangxi) model: render, read back, judge; and a rebuild in which
no config changed (every read-back comes from the content-hash cache).

Usage: python bench/verify.py [MODEL_DIR]

A benchmark, not a test: it measures and prints. Target (issue 14): verify on the default model <= 10 s.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT
    began = time.perf_counter()
    from govnet import verify
    from govnet.gcpause import gc_paused
    from govnet.pipeline import validate
    from govnet.render import render_configs

    with gc_paused():
        result = validate(root)
        assert result.model is not None and result.addresses is not None
        validated = time.perf_counter()
        decisions = result.addresses.outcome.decisions
        configs = render_configs(result.model, decisions, model_root=root)
        rendered = time.perf_counter()
        with tempfile.TemporaryDirectory() as scratch:
            cache = verify.ScanCache(Path(scratch) / "scan.cache")
            facts = verify.scan_configs(configs, cache)
            scanned = time.perf_counter()
            found = verify.verify_facts(result.model, facts, decisions)  # as build runs it: blocks, prefixes
            judged = time.perf_counter()
            cache.save()
            warm = verify.ScanCache(Path(scratch) / "scan.cache")
            again = time.perf_counter()
            verify.run(result.model, configs, warm, decisions)
            rerun = time.perf_counter()
    print(f"model: {root} ({len(configs)} configs, {len(found)} findings)")
    print(f"validate            {validated - began:6.2f} s")
    print(f"render              {rendered - validated:6.2f} s")
    print(f"read back (cold)    {scanned - rendered:6.2f} s")
    print(f"judge               {judged - scanned:6.2f} s")
    print(f"verify from scratch {judged - rendered:6.2f} s  (read back + judge; target <= 10 s)")
    print(f"verify, cache warm  {rerun - again:6.2f} s  ({warm.hits} of {len(configs)} read-backs from the cache)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What the per-prefix judgements of verify cost on the default (Jiangxi) model: the judge as a whole, and each check
that reads the per-instance route sets (GN924 per family, GN914/GN915 isolation, GN926, GN923, GN920).

Usage: python bench/verify_semantics.py [MODEL_DIR]

A benchmark, not a test: it measures and prints (CPU seconds, best of three, and the load average). To see what the
checks add, run it against another checkout's code too: PYTHONPATH=/other/checkout/src python bench/verify.py.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def best(run: Callable[[], object], times: int = 3) -> float:
    found = []
    for _ in range(times):
        began = time.process_time()
        run()
        found.append(time.process_time() - began)
    return min(found)


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT
    from govnet import verify
    from govnet.gcpause import gc_paused
    from govnet.pipeline import validate
    from govnet.render import render_configs
    from govnet.verify import bgp, blocks, fwrules, isolation, learned, reach, unevaluated
    from govnet.verify.context import VerifyContext

    with gc_paused():
        result = validate(root)
        assert result.model is not None and result.addresses is not None
        decisions = result.addresses.outcome.decisions
        configs = render_configs(result.model, decisions, model_root=root)
        facts = verify.scan_configs(configs)
        model = result.model

        def fresh() -> tuple[VerifyContext, bgp.Sessions]:
            ctx = VerifyContext(model, facts)
            return ctx, bgp.Sessions(ctx)

        ctx, sessions = fresh()
        figures = {
            "judge (verify_facts, all checks)": best(lambda: verify.verify_facts(model, facts, decisions)),
            "context + BGP sessions": best(fresh),
            # the checks below find these worked out already (once per run): they are counted here
            "route sets, IPv4 (learned.announced)": best(lambda: learned._announced(ctx, 4)),
            "route sets, IPv6 (learned.announced)": best(lambda: learned._announced(ctx, 6)),
            "GN924 IPv4 + IPv6 (reach)": best(lambda: reach.check(ctx, sessions, decisions)),
            "GN914/GN915 per prefix (isolation)": best(lambda: isolation.check(ctx, sessions)),
            "GN926 (unevaluated)": best(lambda: unevaluated.check(ctx)),
            "GN923 IPv4 + IPv6 (fwrules)": best(lambda: fwrules.check(ctx)),
            "GN920 IPv4 + IPv6 (blocks)": best(lambda: blocks.check(ctx, decisions)),
        }
    print(f"model: {root} ({len(configs)} configs); load average {os.getloadavg()[0]:.2f} "
          f"{os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    for name, seconds in figures.items():
        print(f"{name:40s} {seconds:6.2f} CPU s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What the router-edge decisions of issue 13 cost the render: CPU spent building every device's context, and in
it the static-route BFD sessions (govnet.render.bfd.apply), the edges' exported prefixes (both families) and the
carriers' probes (both families), in milliseconds per device.

Usage: python bench/render_bfd.py [--model DIR] [--runs N]

A benchmark, not a test: it measures and prints, asserting nothing. Templates are not rendered (bench/render.py
measures the whole render); the best of N runs.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from govnet.pipeline import validate
from govnet.render import devices, routing
from govnet.render.secrets import Secrets

REPO = Path(__file__).resolve().parent.parent
PARTS = ("bfd_apply", "edge_prefixes", "probes")
CALLERS = {"bfd_apply": devices, "edge_prefixes": routing, "probes": devices}  # the module calling each by that name


def _timed(spent: dict[str, float], name: str, call: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return call(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - start
    return timed


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--model", type=Path, default=REPO)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    result = validate(args.model)
    assert result.model is not None and result.addresses is not None and result.ok
    spent = dict.fromkeys(PARTS, 0.0)
    for name in PARTS:
        setattr(CALLERS[name], name, _timed(spent, name, getattr(CALLERS[name], name)))
    best: tuple[float, dict[str, float]] | None = None
    count = 0
    for _ in range(args.runs):
        spent.update(dict.fromkeys(PARTS, 0.0))
        start = time.process_time()
        count = len(devices.build_contexts(result.model, result.addresses.book, Secrets()))
        total = time.process_time() - start
        if best is None or total < best[0]:
            best = (total, dict(spent))
    assert best is not None
    print(f"model {args.model}: {count} devices, load average {os.getloadavg()[0]:.2f} at {time.strftime('%H:%M')}")
    print(f"contexts      {best[0]:.2f} s CPU ({1000 * best[0] / count:.3f} ms/device)")
    for name in PARTS:
        print(f"{name:13} {best[1][name]:.3f} s CPU ({1000 * best[1][name] / count:.3f} ms/device)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

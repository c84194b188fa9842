"""Port figures for the default model: what deciding ports costs on top of validation.

Usage: python bench/ports.py [--runs N]

A benchmark, not a test: it measures and prints, asserting nothing. Per run (in this process): validate the
repository's model, then work out its port ends afresh (govnet.model.ports; validation, the lock, the checks and
render share one result per model), the port requests (govnet.ipam.requests), the render port map of every
device, and the lock-side port check (govnet.ipam.port_room, GN419 past the last port) as validation's
sealed-lock path runs it. Report the machine's load average beside the figures (`uptime`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from functools import partial
from pathlib import Path

from govnet.ipam.checks import Reporter
from govnet.ipam.lockfile import read_sealed
from govnet.ipam.port_room import past_last_port
from govnet.ipam.trust import _port_index
from govnet.model.ports import _port_ends
from govnet.pipeline import validate
from govnet.render.ports import allocate

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    times: dict[str, list[float]] = {"validate": [], "port ends": [], "render port map": [], "past last port": []}
    for _ in range(args.runs):
        start = time.perf_counter()
        result = validate(REPO)
        times["validate"].append(time.perf_counter() - start)
        assert result.model is not None and result.addresses is not None
        start = time.perf_counter()
        ends = _port_ends(result.model)
        times["port ends"].append(time.perf_counter() - start)
        start = time.perf_counter()
        allocate(result.model, None, result.addresses.outcome.decisions)
        times["render port map"].append(time.perf_counter() - start)
        sealed = read_sealed((REPO / "allocations.lock").read_text(encoding="utf-8"))
        assert sealed is not None
        start = time.perf_counter()
        past_last_port(Reporter(result.model), partial(_port_index, sealed.entries), ())
        times["past last port"].append(time.perf_counter() - start)
    count = sum(len(e) for e in ends.values())
    print(f"{len(ends)} devices, {count} port ends; load average {os.getloadavg()[0]:.1f}")
    for name, values in times.items():
        print(f"{name:16} median {statistics.median(values):.3f} s (of {args.runs})")


if __name__ == "__main__":
    main()

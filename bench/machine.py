"""How fast this machine runs Python right now: a benchmark's figures are read against it.

The 2-core reference VM runs the same code at speeds 1.7 times apart from one hour to the next (what shares its
host), and no load average shows it: ten million additions take 0.33-0.40 s in a fast window and 0.50-0.62 s in a
slow one. A figure and its target are comparable only in a fast window; an A/B comparison only run by run,
alternately.
"""

from __future__ import annotations

import os
import statistics
import time

FAST = 0.40  # seconds for SPIN additions at most in a fast window of the reference machine


def spin() -> float:
    """CPU seconds for ten million additions in a Python loop, the median of three."""
    def once() -> float:
        start, total = time.process_time(), 0
        for i in range(10_000_000):
            total += i
        return time.process_time() - start

    return statistics.median(once() for _ in range(3))


def state(when: str) -> str:
    """The load average and the speed, as one line (``when``: before, after)."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    seconds = spin()
    window = "fast" if seconds <= FAST else "slow: figures above their fast-window values"
    return (f"{when}: load average {load} on {os.cpu_count()} CPUs; 10M additions {seconds:.2f} s ({window})")

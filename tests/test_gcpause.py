"""The collector pause around validation: library callers get their collector back, with nothing leaked."""

from __future__ import annotations

import gc
import subprocess
import sys

from govnet.gcpause import gc_paused


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


_CYCLE = """
import gc, weakref
from govnet.gcpause import gc_paused

class Node:
    other = None

with gc_paused():
    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: refcounting alone never frees it
    alive = weakref.ref(a)
assert gc.isenabled() and gc.get_freeze_count() == 0
del a, b
gc.collect()
assert alive() is None
"""


def test_a_cycle_built_while_paused_is_still_collected_afterwards() -> None:
    # In a fresh interpreter: the full collection this needs walks the whole heap, which in the suite's process
    # holds every session fixture's models (25 s there, milliseconds here).
    subprocess.run([sys.executable, "-c", _CYCLE], check=True, timeout=60)


def test_what_the_caller_froze_stays_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with gc_paused():
            kept = [_Node() for _ in range(100)]
        assert gc.get_freeze_count() == frozen and len(kept) == 100
    finally:
        gc.unfreeze()

"""The allocator: keep every decision already made, honour pins, and carve only what is new.

Rules, in the order they apply:
- a pin in the intent wins (and is checked like everything else);
- an entry already in the lock is kept as it is, even when the plan's size has changed since (a warning);
- an entry whose subject no longer exists stays reserved until ``prune`` releases it;
- everything else is carved first-fit, parents before children, in key order, from its parent's block
  minus everything already inside it (stale entries included), so nothing ever overlaps or moves.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from govnet.ipam.keys import pool_of
from govnet.ipam.prefix import BITS, FAMILY_OF, Net, first_fit, subtract
from govnet.ipam.requests import Pool, Request


@dataclass(frozen=True, slots=True)
class Shortage:
    """Requests that did not fit: one per parent block (or pool) and size."""

    pool: Pool | None
    parent: Request | None
    parent_net: Net | None
    length: int
    requests: tuple[Request, ...]
    free: int  # addresses still free in the parent
    total: int  # addresses in the parent


@dataclass
class Outcome:
    decisions: dict[str, Net] = field(default_factory=dict)  # every live request's prefix
    new: list[str] = field(default_factory=list)  # keys allocated in this run
    stale: dict[str, Net] = field(default_factory=dict)  # lock entries for nothing in the model (kept unless pruned)
    pruned: list[str] = field(default_factory=list)
    repinned: list[str] = field(default_factory=list)  # lock entries a pin replaced
    resized: list[str] = field(default_factory=list)  # kept entries whose length differs from the plan
    shortages: list[Shortage] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # not allocated because their parent could not be

    def entries(self) -> dict[str, Net]:
        """What the lock should hold after this run."""
        return {**self.stale, **self.decisions}


def allocate(pools: Mapping[tuple[str, str], Pool], requests: Iterable[Request], lock: Mapping[str, Net], *,
             prune: bool = False, release: Iterable[str] = (), carve: bool = True) -> Outcome:
    """Decide every request's prefix. With ``carve`` False nothing new is carved (a check, not a run)."""
    requests = list(requests)
    by_key = {r.key: r for r in requests}
    release = set(release)
    released = _released(sorted(requests, key=_order), release) if release else set()
    out = Outcome()
    for k, net in lock.items():
        if k not in by_key and k not in released:
            if prune:
                out.pruned.append(k)
            else:
                out.stale[k] = net
    needing: list[Request] = []
    for r in requests:
        kept = lock.get(r.key) if r.key not in released else None
        if r.pin is not None:
            out.decisions[r.key] = r.pin
            if kept is not None and kept != r.pin:
                out.repinned.append(r.key)
        elif kept is not None:
            out.decisions[r.key] = kept
            if r.length is not None and kept.length != r.length:
                out.resized.append(r.key)
        elif r.length is not None:
            needing.append(r)
    if carve and needing:
        needing.sort(key=_order)  # parents before children, then by key: the carving order is the lock's
        _carve(pools, by_key, needing, out)
    return out


def _order(r: Request) -> tuple[int, str]:
    return r.depth, r.key


def _released(ordered: list[Request], subjects: set[str]) -> set[str]:
    """Keys of the released subjects, of their parts per zone (a unit's VLAN of each zone, ``<unit>:<zone>``) and of
    everything carved from their blocks. The parts went with nothing: a unit moved to another site kept its
    VLANs in the old site's block, and '--release <unit>' stopped at GN623 naming each '<unit>:<zone>'."""
    if not subjects:
        return set()
    keys: set[str] = set()
    for r in ordered:  # parents come first
        if (r.subject in subjects or r.subject.rpartition(":")[0] in subjects
                or (r.parent is not None and r.parent in keys)):
            keys.add(r.key)
    return keys


class _Space:
    """Occupied intervals of one pool and family, and the free lists of the blocks carved so far."""

    def __init__(self, occupied: list[tuple[int, int]]) -> None:
        self.occupied = sorted(occupied)
        self.free: dict[str | None, list[tuple[int, int]]] = {}

    def free_in(self, parent: str | None, ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        found = self.free.get(parent)
        if found is None:
            found = []
            for start, end in ranges:
                low = bisect.bisect_left(self.occupied, (start, -1))
                high = bisect.bisect_left(self.occupied, (end, -1))
                # Within a block, the block itself and its ancestors (which start where it starts) are not
                # occupants; at the pool's top level they are.
                inside = [(a, min(b, end)) for a, b in self.occupied[low:high]
                          if parent is None or not (a <= start and b >= end)]
                found += subtract(start, end, inside)
            self.free[parent] = found
        return found

    def take(self, start: int, end: int) -> None:
        bisect.insort(self.occupied, (start, end))


def _carve(pools: Mapping[tuple[str, str], Pool], by_key: Mapping[str, Request], needing: list[Request],
           out: Outcome) -> None:
    spaces: dict[tuple[str, str], _Space] = {}
    taken = {**out.stale, **out.decisions}
    for k, net in taken.items():
        r = by_key.get(k)
        pool_key = (r.pool, r.family) if r is not None else pool_of(k)
        spaces.setdefault(pool_key, _Space([])).occupied.append((net.start, net.end))
    for space in spaces.values():
        space.occupied.sort()
    short: dict[tuple[str | None, str, str, int], list[Request]] = {}
    for r in needing:
        assert r.length is not None
        pool = pools.get((r.pool, r.family))
        if pool is None:
            continue  # a pool-less family: reported by the plan checks
        if r.parent is not None and r.parent not in out.decisions:
            out.skipped.append(r.key)
            continue
        space = spaces.setdefault((r.pool, r.family), _Space([]))
        parent_net = out.decisions[r.parent] if r.parent is not None else None
        ranges = [(parent_net.start, parent_net.end)] if parent_net else [(b.start, b.end) for b in pool.blocks]
        free = space.free_in(r.parent, ranges)
        size = 1 << (BITS[FAMILY_OF[r.family]] - r.length)
        start = first_fit(free, size) if r.length >= (parent_net.length if parent_net else 0) else None
        if start is None:
            short.setdefault((r.parent, r.pool, r.family, r.length), []).append(r)
            continue
        out.decisions[r.key] = Net(FAMILY_OF[r.family], start, r.length)
        out.new.append(r.key)
        space.take(start, start + size)
    for (parent, pool_name, family, length), requests in short.items():
        pool = pools[(pool_name, family)]
        parent_net = out.decisions[parent] if parent is not None else None
        total = parent_net.size if parent_net else sum(b.size for b in pool.blocks)
        free_list = spaces[(pool_name, family)].free.get(parent, [])
        out.shortages.append(Shortage(pool, by_key.get(parent) if parent else None, parent_net, length,
                                      tuple(requests), sum(b - a for a, b in free_list), total))

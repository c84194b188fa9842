"""Property tests of the allocator: any sequence of adding and removing sites and units, allocating after each
step, never produces an overlap and never moves an allocation that already exists."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govnet.ipam.allocator import allocate
from govnet.ipam.prefix import Net, parse_net
from govnet.ipam.requests import GLOBAL, Pool, Request
from govnet.model.types import Origin
from govnet.schema.zones import FamilyPlan

POOL = Pool("public", "ipv4", (parse_net("10.0.0.0/20"),), GLOBAL, Origin("zones/zones.yaml", ()),
            Origin("zones/zones.yaml", ()),
            FamilyPlan(pool=["10.0.0.0/20"], delegate={"province": 20, "city": 22, "township": 26}, size=29))
POOLS = {("public", "ipv4"): POOL}
CITIES = 4
TOWNSHIPS = 12  # per city: more than a /22 city block holds beside its units, so pools do run out
HERE = Origin("topology/x.yaml", ())


def _site(code: str, length: int, parent: str | None, depth: int) -> Request:
    return Request(f"public ipv4 site {code}", "public", "ipv4", length, parent, HERE, depth, site=code)


@dataclass
class World:
    townships: set[tuple[int, int]] = field(default_factory=set)
    units: dict[str, tuple[int, int] | int] = field(default_factory=dict)  # unit id -> township or city

    def requests(self) -> list[Request]:
        found = [_site("P", 20, None, 0)]
        for c in range(CITIES):
            found.append(_site(f"C{c}", 22, "public ipv4 site P", 1))
        for c, t in sorted(self.townships):
            found.append(_site(f"T{c}.{t}", 26, f"public ipv4 site C{c}", 2))
        for unit, where in sorted(self.units.items()):
            if isinstance(where, tuple) and where not in self.townships:
                continue  # its township is gone: the unit goes with it
            parent = f"public ipv4 site T{where[0]}.{where[1]}" if isinstance(where, tuple) else \
                f"public ipv4 site C{where}"
            found.append(Request(f"public ipv4 unit {unit}", "public", "ipv4", 29, parent, HERE, 9))
        return found


def _ancestors(requests: dict[str, Request], key: str) -> set[str]:
    found = set()
    parent = requests[key].parent if key in requests else None
    while parent is not None:
        found.add(parent)
        parent = requests[parent].parent
    return found


def _assert_no_overlap(lock: dict[str, Net], requests: dict[str, Request]) -> None:
    for (a, x), (b, y) in combinations(lock.items(), 2):
        if not x.overlaps(y):
            continue
        # Overlap is nesting along the hierarchy, or a stale (removed) entry inside a block it came from.
        if a in _ancestors(requests, b) or b in _ancestors(requests, a):
            continue
        outer, inner = (a, b) if x.contains(y) else (b, a)
        assert inner not in requests and " site " in outer and lock[outer].contains(lock[inner]), (a, x, b, y)


OPS = st.one_of(
    st.tuples(st.just("add_township"), st.integers(0, CITIES - 1), st.integers(0, TOWNSHIPS - 1)),
    st.tuples(st.just("drop_township"), st.integers(0, CITIES - 1), st.integers(0, TOWNSHIPS - 1)),
    st.tuples(st.just("add_unit"), st.integers(0, CITIES - 1), st.integers(-1, TOWNSHIPS - 1)),
    st.tuples(st.just("drop_unit"), st.integers(0, 30), st.integers(0, 0)),
    st.tuples(st.just("prune"), st.integers(0, 0), st.integers(0, 0)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(OPS, min_size=1, max_size=40))
def test_random_edits_never_overlap_and_never_move(ops: list[tuple[str, int, int]]) -> None:
    world = World()
    lock: dict[str, Net] = {}
    serial = 0
    for op, a, b in ops:
        prune = False
        if op == "add_township":
            world.townships.add((a, b))
        elif op == "drop_township":
            world.townships.discard((a, b))
        elif op == "add_unit":
            serial += 1
            world.units[f"U{serial}"] = (a, b) if b >= 0 and (a, b) in world.townships else a
        elif op == "drop_unit" and world.units:
            world.units.pop(sorted(world.units)[a % len(world.units)])
        elif op == "prune":
            prune = True
        requests = world.requests()
        by_key = {r.key: r for r in requests}
        outcome = allocate(POOLS, requests, lock, prune=prune)
        if outcome.shortages:  # allocate refuses to write; the lock stays as it was
            continue
        new_lock = outcome.entries()
        for k, net in lock.items():  # nothing that existed moved; only pruning removes, and only the removed
            if k in new_lock:
                assert new_lock[k] == net
            else:
                assert prune and k not in by_key
        assert set(by_key) <= set(new_lock)
        _assert_no_overlap(new_lock, by_key)
        for r in requests:
            assert POOL.blocks[0].contains(new_lock[r.key])
            if r.parent is not None:
                assert new_lock[r.parent].contains(new_lock[r.key])
        lock = new_lock

"""Address checks, one job each: the plan (pools, prefix lengths) before allocation, the decisions after it.

The address stage (govnet.ipam) calls them in order; the shortcuts a sealed lock allows live in govnet.ipam.trust."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations, pairwise

from govnet import diagnostics as dg
from govnet.diagnostics import Diagnostic, some
from govnet.ipam import bfd, ports, priorities, vlans
from govnet.ipam.allocator import Outcome, Shortage
from govnet.ipam.keys import SITE, kind_of, pool_of
from govnet.ipam.lockfile import Lock, conflicts, edited_entries
from govnet.ipam.prefix import BITS, FAMILY_OF, Net
from govnet.ipam.requests import GLOBAL, LEVEL_ORDER, NUMBER_POOLS, AddressNeeds, Pool, Request
from govnet.model.types import Model, Origin
from govnet.source.modeldir import LOCK_FILE


class Reporter:
    def __init__(self, model: Model) -> None:
        self.model = model
        self.found: list[Diagnostic] = []

    def at(self, code: str, origin: Origin, message: str, hint: str | None = None) -> None:
        file, line, column, path = self.model.locate(origin)
        self.found.append(dg.make(code, file, line, column, message, path=path, hint=hint))

    def in_lock(self, code: str, line: int, message: str, hint: str | None = None) -> None:
        self.found.append(dg.make(code, LOCK_FILE, line, 1, message, hint=hint))

    def where(self, origin: Origin) -> str:
        file, line, _, _ = self.model.locate(origin)
        return f"{file}:{line}"


def check_plan(report: Reporter, needs: AddressNeeds) -> None:
    _pool_overlaps(report, list(needs.pools.values()))
    for pool in needs.pools.values():
        _plan_lengths(report, pool)
    for origin, pool_name, subject in needs.unknown_pins:
        report.at("GN625", origin, f"pin for '{subject}' in pool '{pool_name}' names nothing that gets an address "
                  "there",
                  "pin a site code with a block in this pool, a unit id, a device name or a link (A~B)")


def _domains_clash(a: Pool, b: Pool) -> bool:
    if a.domain == b.domain:
        return True
    if a.domain in NUMBER_POOLS or b.domain in NUMBER_POOLS:  # numbers written as prefixes, not addresses
        return False
    return GLOBAL in (a.domain, b.domain)  # a VPN may reuse another VPN's addresses, never the global table's


def _pool_overlaps(report: Reporter, pools: list[Pool]) -> None:
    for pool in pools:
        for x, y in combinations(pool.blocks, 2):
            if x.overlaps(y):
                report.at("GN620", pool.origin, f"pool '{pool.name}' {pool.family} lists overlapping blocks {x} "
                          f"and {y}", "list each block once")
    for a, b in combinations(pools, 2):
        if a.family != b.family or not _domains_clash(a, b):
            continue
        clash = next(((x, y) for x in a.blocks for y in b.blocks if x.overlaps(y)), None)
        if clash is None:
            continue
        why = ("both route in the global table" if a.domain == b.domain == GLOBAL else
               f"'{a.domain if a.domain != GLOBAL else b.domain}' may not reuse global addresses"
               if GLOBAL in (a.domain, b.domain) else "one VPN cannot hold the same address twice")
        report.at("GN620", b.origin, f"pool '{b.name}' {b.family} block {clash[1]} overlaps pool '{a.name}' block "
                  f"{clash[0]} ({report.where(a.origin)}): {why}",
                  "give the two pools disjoint blocks")


def _plan_lengths(report: Reporter, pool: Pool) -> None:
    bits = BITS[FAMILY_OF[pool.family]]
    plan = pool.plan
    widest = min((b.length for b in pool.blocks), default=0)
    for block in pool.blocks:
        if block.family != FAMILY_OF[pool.family]:
            report.at("GN621", pool.origin, f"pool '{pool.name}' {pool.family} lists {block}, an address of the "
                      "other family", f"move it under {'ipv6' if block.family == 6 else 'ipv4'}:")
    lengths = dict(plan.delegate)
    for level, length in lengths.items():
        if not widest <= length <= bits:
            report.at("GN621", pool.plan_origin.at("delegate", level), f"pool '{pool.name}' {pool.family}: "
                      f"{level} blocks of /{length} cannot be carved from a /{widest} pool",
                      f"use a length between {widest} and {bits}")
    if plan.size is not None:
        deepest = max((n for n in lengths.values() if widest <= n <= bits), default=widest)
        if not deepest <= plan.size <= bits:
            report.at("GN621", pool.plan_origin.at("size"), f"pool '{pool.name}' {pool.family}: size /{plan.size} "
                      f"does not fit in blocks of /{deepest}", f"use a size between {deepest} and {bits}")
    if plan.nest:
        ranked = sorted(lengths.items(), key=lambda item: LEVEL_ORDER.get(item[0], 8))
        for (upper, a), (lower, b) in pairwise(ranked):
            if upper == "special" or lower == "special":
                continue
            if b <= a:
                report.at("GN621", pool.plan_origin.at("delegate", lower), f"pool '{pool.name}' {pool.family}: "
                          f"{lower} blocks (/{b}) must be smaller than the {upper} blocks (/{a}) they are carved from",
                          f"use a {lower} length above {a}")


def merge_conflicts(report: Reporter, text: str | None) -> bool:
    """GN628 for each merge conflict git left in the lock (whether there was one). The rest of such a lock is not
    judged: its markers, its digest and the entries each side added (the same addresses, as often as not) drowned
    the conflict in errors whose hints ('git checkout allocations.lock', 'pins must not reuse addresses') fail or
    mislead during a merge."""
    found = conflicts(text) if text is not None else []
    for first, last in found:
        report.in_lock("GN628", first, f"allocations.lock has an unresolved merge conflict (lines {first}-{last})",
                       "do not merge the lock by hand: take one side whole (git checkout --ours allocations.lock), "
                       "then run 'govnet allocate', which gives what the other side added addresses of its own "
                       "and moves nothing else")
    return bool(found)


def lock_problems(report: Reporter, lock: Lock | None) -> None:
    """GN628: what the careful lock reader could not read, or a digest that does not match."""
    if lock is not None:
        for line, message in lock.problems:
            report.in_lock("GN628", line, message, "restore allocations.lock from git; choose addresses with pins "
                           "in zones/*.yaml, never by editing the lock")
        if not lock.sealed and report.model.lock_committed is not None:  # where the hand edit is
            for line, message in edited_entries(lock, report.model.lock_committed):
                report.in_lock("GN628", line, message, "restore this line from git (git checkout allocations.lock); "
                               "choose addresses with pins in zones/*.yaml")


def shortages(report: Reporter, outcome: Outcome) -> None:
    for shortage in outcome.shortages:
        _shortage(report, shortage)


def resized_entries(report: Reporter, by_key: Mapping[str, Request], outcome: Outcome, lock: Lock | None) -> None:
    for k in outcome.resized:
        resized(report, by_key[k], str(outcome.decisions[k]), lock.line_of(k) if lock else 1)


def reserved_entries(report: Reporter, outcome: Outcome, lock: Lock | None) -> None:
    for k, net in sorted(outcome.stale.items()):
        reserved(report, k, str(net), lock.line_of(k) if lock else 1)


def missing(report: Reporter, needs: AddressNeeds, lock: Lock | None) -> None:
    """GN626: requests without their entry in the lock (or no lock at all)."""
    if lock is not None and lock.problems:
        return  # what an unreadable lock seems to lack is noise: restoring the lock comes first
    recorded = lock.entries if lock is not None else {}
    lacking = [r for r in needs.requests if r.key not in recorded]
    if lacking and lock is None:
        report.in_lock("GN626", 1, f"the model has no {LOCK_FILE}: {len(lacking)} blocks and addresses are not "
                       "allocated", "run 'govnet allocate' and commit allocations.lock")
    elif lacking:
        by_origin: dict[Origin, list[Request]] = {}
        for r in lacking:
            by_origin.setdefault(r.origin, []).append(r)
        for origin, requests in by_origin.items():
            names = some([r.key for r in requests])
            report.at("GN626", origin, f"no addresses yet: {names}", "run 'govnet allocate' and commit "
                      "allocations.lock")


def resized(report: Reporter, r: Request, kept: str, line: int) -> None:
    """GN629: an entry keeps a size the plan no longer gives."""
    report.in_lock("GN629", line, f"{r.key} keeps {kept}, though the plan now gives /{r.length}",
                   f"to renumber it, run 'govnet allocate --release {r.subject}'")


def reserved(report: Reporter, k: str, net: str, line: int) -> None:
    """GN627: an entry reserved for something the model no longer has."""
    report.in_lock("GN627", line, f"{k} {net} is reserved for something the model no longer has (removed, or a "
                   "revoked unit)", "run 'govnet allocate --prune' to release it once it is really gone")


def _shortage(report: Reporter, s: Shortage) -> None:
    first = s.requests[0]
    subjects = some([r.subject for r in s.requests])
    hint: str | None
    if s.parent is not None and s.parent_net is not None:
        where = f"block {s.parent_net} of site {s.parent.subject}"
        level = s.parent.level or "parent"
        hint = (f"make {level} blocks larger (lower delegate.{level}, now /{s.parent_net.length}, at "
                f"{report.where(s.pool.plan_origin) if s.pool else 'zones/'}), or make what is carved from them "
                "smaller")
    else:
        where = f"pool {', '.join(str(b) for b in s.pool.blocks)}" if s.pool else "the pool"
        hint = f"add a block to the pool at {report.where(s.pool.origin)}" if s.pool else None
    name = f"'{s.pool.name}' {s.pool.family}" if s.pool else "pool"
    report.at("GN622", first.origin, f"{name}: no free /{s.length} left in {where} ({s.free} of {s.total} addresses "
              f"free) for {len(s.requests)} request(s): {subjects}", hint)


def containment(report: Reporter, needs: AddressNeeds, outcome: Outcome, by_key: Mapping[str, Request]) -> bool:
    """Reports what lies outside its pool or its parent's block; True when nothing does."""
    spans = {key: [(b.start, b.end) for b in pool.blocks] for key, pool in needs.pools.items()}
    if _all_contained(outcome.decisions, by_key, spans):
        return True  # the usual verdict, reached without ordering 200,000 entries to explain a failure
    bad: set[str] = set()  # entries already reported: what is carved from them is not reported again
    outside: dict[tuple[str, str], list[str]] = {}  # per pool, the entries outside it
    for k in sorted(outcome.decisions, key=lambda k: (by_key[k].depth, k)):
        net = outcome.decisions[k]
        r = by_key[k]
        if r.parent is not None and r.parent in bad:
            bad.add(k)
            continue
        origin = r.pin_origin or r.origin
        pool = needs.pools.get((r.pool, r.family))
        if net.family != FAMILY_OF[r.family]:
            report.at("GN623", origin, f"{k}: {net} is not an {r.family} prefix", "pin it under the right family")
            bad.add(k)
            continue
        start, end = net.start, net.end
        if r.contained and pool is not None and not any(a <= start and end <= b for a, b in spans[(r.pool,
                                                                                                   r.family)]):
            if r.pin_origin is None:  # a locked decision, not a pin: the pool changed under it
                outside.setdefault((r.pool, r.family), []).append(k)
            if r.pin_origin is not None or len(outside[(r.pool, r.family)]) <= _OUTSIDE_SHOWN:
                report.at("GN623", origin, f"{k}: {net} lies outside pool '{r.pool}' "
                          f"({', '.join(str(b) for b in pool.blocks)})", "pin an address inside the pool, or add the "
                          "legacy block to the pool")
            bad.add(k)
            continue
        if r.contained and pool is None:
            report.at("GN623", origin, f"{k}: zone '{r.pool}' has no {r.family} pool for {net} to lie in",
                      f"add an {r.family} pool to the zone")
            bad.add(k)
            continue
        parent = outcome.decisions.get(r.parent) if r.parent else None
        if parent is not None and not parent.contains(net):
            bad.add(k)
            report.at("GN623", origin, f"{k}: {net} lies outside {parent}, the block of site "
                      f"{by_key[r.parent].subject if r.parent else ''} it must be carved from",
                      "if the site moved, release its addresses with 'govnet allocate --release "
                      f"{r.subject}'; if this is a pin, pin an address inside the block")
    for (name, family), keys in outside.items():  # one error where the fix is: the pool itself
        pool = needs.pools[(name, family)]
        more = f"; {len(keys) - _OUTSIDE_SHOWN} more not listed" if len(keys) > _OUTSIDE_SHOWN else ""
        report.at("GN623", pool.origin, f"pool '{name}' {family} ({', '.join(str(b) for b in pool.blocks)}) no "
                  f"longer holds {len(keys)} address(es) already allocated in {LOCK_FILE}{more}; was it shrunk?",
                  "give the pool back the block it had (or add a block that holds them); to renumber instead, "
                  "release them: 'govnet allocate --release <subject>'")
    return False


_OUTSIDE_SHOWN = 5  # per pool: a shrunk pool puts thousands of entries outside it; the pool's own error says so


def _all_contained(decisions: Mapping[str, Net], by_key: Mapping[str, Request],
                   spans: Mapping[tuple[str, str], list[tuple[int, int]]]) -> bool:
    """True when every decision lies in its pool and in its parent's block: the checks of ``containment``,
    in one unordered pass over plain integers."""
    for k, net in decisions.items():
        r = by_key[k]
        family, start, length = net
        if family != (4 if r.family == "ipv4" else 6):
            return False
        end = start + (1 << ((32 if family == 4 else 128) - length))
        if r.contained:
            pool_spans = spans.get((r.pool, r.family))
            if pool_spans is None or not any(a <= start and end <= b for a, b in pool_spans):
                return False
        if r.parent is not None:
            parent = decisions.get(r.parent)
            if parent is not None and not (parent[0] == family and parent[1] <= start
                                           and end <= parent[1] + (1 << ((32 if family == 4 else 128) - parent[2]))):
                return False
    return True


def _domain(k: str, by_key: Mapping[str, Request], domain_of: Mapping[str, str]) -> str:
    r = by_key.get(k)
    if r is not None:
        return r.domain
    pool, _ = pool_of(k)
    return domain_of.get(pool, "stale " + pool)


def overlaps(report: Reporter, needs: AddressNeeds, outcome: Outcome, by_key: Mapping[str, Request]) -> None:
    """GN624: the full overlap scan of every live and reserved entry."""
    scan(report, needs, {**outcome.stale, **outcome.decisions}, by_key)


def scan(report: Reporter, needs: AddressNeeds, entries: Mapping[str, Net], by_key: Mapping[str, Request]) -> None:
    """Report every entry that overlaps the innermost block enclosing it without being carved from it."""
    domain_of = {name: pool.domain for (name, _), pool in needs.pools.items()}
    items: dict[tuple[str, int], list[tuple[int, int, str, Net]]] = {}
    for k, net in entries.items():
        items.setdefault((_domain(k, by_key, domain_of), net.family), []).append((net.start, -net.end, k, net))
    blamed: set[Origin | None] = set()  # one report per culprit: a pin over a block need not name all inside it
    for group in items.values():
        group.sort()  # by start, the larger block first: a block comes before what lies inside it
        stack: list[tuple[int, str, Net]] = []  # (end, key, net) of the blocks enclosing the current entry
        for start, negative_end, k, net in group:
            while stack and stack[-1][0] <= start:
                stack.pop()
            if stack:
                top_end, top, top_net = stack[-1]
                if -negative_end > top_end or not _may_nest(top, k, by_key):
                    _overlap(report, by_key, (k, net), (top, top_net), blamed)
            stack.append((-negative_end, k, net))


def _overlap(report: Reporter, by_key: Mapping[str, Request], one: tuple[str, Net], other: tuple[str, Net],
             blamed: set[Origin | None]) -> None:
    """Blame the pin if one of the two is pinned (that is what the engineer just wrote), else the later key."""
    first, second = by_key.get(one[0]), by_key.get(other[0])
    if second is not None and second.pin is not None and (first is None or first.pin is None):
        one, other, first = other, one, second
    culprit = (first.pin_origin or first.origin) if first is not None else None
    if culprit in blamed:
        return
    blamed.add(culprit)
    message = f"{one[0]} {one[1]} overlaps {other[0]} {other[1]}"
    hint = "pins must not reuse addresses already handed out; pick a free block"
    if (first is None or first.pin is None) and (second is None or second.pin is None):
        # no pin: the lock itself holds both (a hand edit, or two branches' locks merged), and a hint about pins
        # sent the engineer looking for one
        hint = ("neither is a pin: the lock gives both the same addresses (edited by hand, or merged from two "
                "branches); give the one not in service yet addresses of its own with 'govnet allocate --reseal "
                "--release <subject>'")
    if first is not None:
        report.at("GN624", first.pin_origin or first.origin, message, hint)
    else:
        report.in_lock("GN624", 1, message, hint)


def _may_nest(outer: str, inner: str, by_key: Mapping[str, Request]) -> bool:
    """An entry may lie inside another only when that one is its own block or a block above it."""
    r = by_key.get(inner)
    if r is None:  # a stale entry: it was carved from a block once, so any block may hold it
        return kind_of(outer) in (SITE, vlans.BLOCK, ports.BLOCK, bfd.BLOCK, priorities.BLOCK)
    if r.parent == outer:
        return True
    parent = r.parent
    hops = 0
    while parent is not None and hops < 16:
        if parent == outer:
            return True
        above = by_key.get(parent)
        parent = above.parent if above is not None else None
        hops += 1
    return False

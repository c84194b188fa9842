"""The sealed-lock trust path: what a lock written by 'govnet allocate' already proves, so validation need not
judge it again. One module, switched by the caller's ``trust_sealed`` argument (govnet.ipam.check); the tests hold
every shortcut here to the full check's verdict by running both.

Two shortcuts:
- :func:`sealed_verdict`: the lock carries the fingerprint of exactly these address needs and its digest
  matches, so its entries passed every containment and overlap check when it was written;
- :func:`unproven` / :func:`overlaps_of`: any sealed lock proves its kept entries free of overlap among
  themselves, so the overlap scan covers only the entries no pool contains.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from operator import attrgetter
from typing import cast

from govnet.diagnostics import Diagnostic
from govnet.ipam import ports, priorities
from govnet.ipam.allocator import Outcome, allocate
from govnet.ipam.checks import Reporter, reserved, resized, scan
from govnet.ipam.fingerprint import fingerprint, fingerprint_beside
from govnet.ipam.keys import is_key_text
from govnet.ipam.lockfile import Lock, SealedLock, read_lock, read_sealed, sealed_lock
from govnet.ipam.plan import Plan
from govnet.ipam.port_room import past_last_port
from govnet.ipam.priority_room import past_last_priority
from govnet.ipam.requests import AddressNeeds, Request
from govnet.model.types import Model

_SUFFIXES = {n: f"/{n}" for n in range(129)}  # how a prefix of each length ends, as the lock writes it


def sealed_verdict(model: Model, needs: AddressNeeds, text: str,
                   workers: int | None = None) -> tuple[Plan, list[Diagnostic]] | None:
    """The verdict of a lock that 'govnet allocate' wrote for these very needs, without re-judging its entries.

    That run checked every entry for containment and overlap against the needs its fingerprint records, and
    wrote nothing had any failed; with the needs unchanged and the entries sealed by their digest, the same
    checks can only agree. What depends on more than that is still worked out: what is reserved for removed
    things (GN627), what keeps a size the plan no longer gives (GN629) and ports past the hardware's last one
    (GN419: a device's hardware model is no address need). The caller has checked the plan
    itself. None when the lock is not such a lock, or anything is missing from it: the full check then runs.
    ``workers``: with more than one, a large plan's fingerprint is worked out in a forked process while this one
    does the rest (which only reads: its answer is dropped when the fingerprints differ)."""
    sealed = read_sealed(text)
    if sealed is None:
        return None
    plan = fingerprint_beside(needs, workers)
    if plan is None:  # worked out here, first: a lock for other needs is not read any further
        return _verdict(model, needs, text, sealed) if fingerprint(needs) == sealed.plan else None
    try:
        verdict = _verdict(model, needs, text, sealed)
    finally:
        same = plan() == sealed.plan  # reaps the child whatever happened here
    return verdict if same else None


def _verdict(model: Model, needs: AddressNeeds, text: str, sealed: SealedLock) -> tuple[Plan, list[Diagnostic]] | None:
    """sealed_verdict's answer for a lock whose fingerprint is that of ``needs`` (the caller compares them)."""
    entries = sealed.entries
    keys = list(map(attrgetter("key"), needs.requests))
    found = list(map(entries.get, keys))  # every request has its entry, and an unpinned one its planned length
    if None in found:
        return None
    prefixes = cast(list[str], found)
    # Which entries end as their request's planned length says, by C-level maps over 250,000 requests of a national
    # model (no planned length: the empty suffix, which every entry ends with); the few that do not, then pins
    # (which may have any length) left out.
    lengths = list(map(attrgetter("length"), needs.requests))
    suffixes = {n: "" if n is None else _SUFFIXES.get(n) or f"/{n}" for n in set(lengths)}
    fits = list(map(str.endswith, prefixes, map(suffixes.__getitem__, lengths)))
    resized_ones = [] if all(fits) else [
        (r, prefix) for r, prefix, fit in zip(needs.requests, prefixes, fits, strict=True)
        if not fit and r.length is not None and r.pin is None]
    wanted = set(keys)
    unrequested = sorted(entries.keys() - wanted) if len(wanted) != len(entries) else []
    if not all(map(is_key_text, unrequested)):
        return None
    report = Reporter(model)
    for r, prefix in resized_ones:
        resized(report, r, prefix, sealed.line_of(r.key))
    for k in unrequested:
        reserved(report, k, entries[k], sealed.line_of(k))
    past_last_port(report, partial(_port_index, entries), unrequested)  # hardware is in no address need
    past_last_priority(report, partial(_zone_offset, entries), unrequested)  # reserved entries count

    def decided() -> tuple[Outcome, Lock | None]:  # read only when render, records or reports ask
        try:
            lock = sealed_lock(sealed)
        except ValueError:  # a prefix that is none: the careful reader says so
            lock = read_lock(text)
        return allocate(needs.pools, needs.requests, lock.entries, carve=False), lock

    return Plan(needs, None, None, decided), report.found


def _port_index(entries: Mapping[str, str], subject: str) -> int | None:
    prefix = entries.get(_PORT_KEY + subject)
    return ports.index_in_text(prefix) if prefix is not None else None


_PORT_KEY = ports.port_key("")


def _zone_offset(entries: Mapping[str, str], site: str, zone: str) -> int | None:
    prefix = entries.get(priorities.priority_key(site, zone))
    return priorities.offset_in_text(prefix) if prefix is not None else None


def unproven(outcome: Outcome, by_key: Mapping[str, Request], lock: Lock | None) -> list[str] | None:
    """The entries whose freedom from overlap a sealed lock does not already prove; None: check them all.

    A sealed lock was written by 'govnet allocate' only after the full overlap check passed, and a kept entry
    cannot start to overlap another by itself: a moved parent or a changed pool shows up as a containment
    error, and pools of clashing domains are checked for overlap as a whole. Left to check are the entries no
    pool contains (the access platform's client pools, carrier handoffs). A pin that differs from the lock
    sends everything to the full check, which judges it the way the engineer's next 'govnet allocate' will.
    Entries carved in this very run are the allocator's, which never carves over anything."""
    if lock is None or not lock.sealed or lock.problems:
        return None
    recorded, new = lock.entries, set(outcome.new)
    unproven: list[str] = []
    for k, net in outcome.decisions.items():
        if k in new:
            continue
        if recorded.get(k) != net:
            return None
        if not by_key[k].contained:
            unproven.append(k)
    return unproven


_FEW = 2000  # entries worth scanning on their own rather than sorting the whole lock


def overlaps_of(report: Reporter, needs: AddressNeeds, keys: list[str], outcome: Outcome,
                 by_key: Mapping[str, Request]) -> bool:
    """The overlap scan for the entries that no pool contains, and for what they could overlap: stale
    entries, and the entries of any pool whose blocks they reach into (every other live entry lies in its own
    pool, the containment check has just said so, and pools of clashing domains do not overlap). False when
    that is too much to be worth it; the full scan then judges everything."""
    touched = {key for key, pool in needs.pools.items()
               if any(outcome.decisions[k].overlaps(b) for k in keys for b in pool.blocks)}
    scanned = {k: outcome.decisions[k] for k in keys} | outcome.stale
    if touched:
        scanned |= {k: net for k, net in outcome.decisions.items() if (by_key[k].pool, by_key[k].family) in touched}
    if len(scanned) > _FEW:
        return False
    scan(report, needs, scanned, by_key)
    return True

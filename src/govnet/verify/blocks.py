"""Every site block and every active unit subnet of a zone (IPv4, and IPv6 where the zone has IPv6 addresses) is
routed in the zone's VPN instance by some PE: what no config originates, no member of the zone reaches (that BGP
then carries the PE's routes to every member is judged by GN910 and GN913)."""

from __future__ import annotations

import ipaddress
import weakref
from collections.abc import Callable, Iterator, Mapping

from govnet.diagnostics import Diagnostic, some
from govnet.ipam.keys import LockKey
from govnet.ipam.prefix import Net
from govnet.model.types import Zone
from govnet.verify.context import VerifyContext

Network = ipaddress.IPv4Network


class Routed:
    """The prefixes one VPN instance announces from any PE: connected subnets, and static routes that BGP imports
    there (no default route). A discard route covers only its own prefix: what it drops is not reached."""

    def __init__(self) -> None:
        self.routes: set[tuple[int, int]] = set()  # (start, length) of a route that forwards
        self.discards: set[tuple[int, int]] = set()

    def add(self, prefix: Network, *, discard: bool) -> None:
        (self.discards if discard else self.routes).add((int(prefix.network_address), prefix.prefixlen))

    def covers(self, net: Network) -> bool:
        start, length = int(net.network_address), net.prefixlen
        if (start, length) in self.discards:
            return True
        for size in range(length, 0, -1):  # a route for the prefix or a shorter one around it
            mask = (0xFFFFFFFF << (32 - size)) & 0xFFFFFFFF
            if (start & mask, size) in self.routes:
                return True
        return False


Judged = tuple[Zone, str, str, Net]
# per context (dropped with it): the decisions it was given and their judged prefixes by family
_JUDGED: weakref.WeakKeyDictionary[VerifyContext, tuple[Mapping[str, Net], dict[int, list[Judged]]]] = \
    weakref.WeakKeyDictionary()


def judged_prefixes(ctx: VerifyContext, decisions: Mapping[str, Net], family: int = 4) -> Iterator[Judged]:
    """Every zone's site blocks and active unit subnets of one family, as (zone, kind 'site'/'unit', subject,
    prefix): what verify holds every member of the zone to reach (GN920 here, GN924 in govnet.verify.reach). The
    lock's keys are read once per model and decisions, for both families and both checks."""
    known = _JUDGED.get(ctx)
    if known is None or known[0] is not decisions:
        known = _JUDGED[ctx] = (decisions, _judged(ctx, decisions))
    yield from known[1].get(family, ())


def _judged(ctx: VerifyContext, decisions: Mapping[str, Net]) -> dict[int, list[Judged]]:
    registry = ctx.model.registry
    active = {unit.id for unit in registry.units if unit.status == "active"} if registry else set()
    found: dict[int, list[Judged]] = {}
    for text, net in decisions.items():
        parts = text.split(" ", 3)  # most keys are of other kinds: skip them before building a LockKey
        if len(parts) < 3 or parts[2] not in ("site", "unit"):
            continue
        key = LockKey.parse(text)
        if key.family != f"ipv{net.family}" or key.kind not in ("site", "unit"):
            continue
        zone = ctx.model.zone_by_name.get(key.pool)
        if zone is None or (key.kind == "unit" and key.subject not in active):
            continue
        found.setdefault(net.family, []).append((zone, key.kind, key.subject, net))
    return found


def check(ctx: VerifyContext, decisions: Mapping[str, Net]) -> list[Diagnostic]:
    routed: dict[str, Routed] = {}
    for facts in ctx.facts.values():
        for port in facts.interfaces.values():
            if port.vrf and port.ipv4 is not None and not port.shutdown:
                routed.setdefault(port.vrf, Routed()).add(port.ipv4.network, discard=False)
        for route in facts.routes:
            if route.vrf and route.prefix.prefixlen > 0 and route.vrf in facts.static_vrfs:
                routed.setdefault(route.vrf, Routed()).add(route.prefix, discard=route.discard)
    found = _report(ctx, _missing(ctx, decisions, 4, lambda vrf, net: vrf in routed and routed[vrf].covers(
        ipaddress.IPv4Network((net.start, net.length)))), "")
    return found + _report(ctx, _missing(ctx, decisions, 6, _routed6(ctx)), " (IPv6)")


def _routed6(ctx: VerifyContext) -> Callable[[str, Net], bool]:
    """Whether some PE routes an IPv6 prefix in a VPN instance (6VPE): as ``Routed`` does for IPv4."""
    from govnet.verify import learned

    routes: set[tuple[str, tuple[int, int], bool]] = set()
    for facts in ctx.facts.values():
        for vrf, prefix, discard, static, _ in learned.own_routes(facts, 6):
            if not static or vrf in facts.static6_vrfs:
                routes.add((vrf, learned.key_of(prefix), discard))

    sizes = learned.lengths(key for _, key, _ in routes)

    def covers(vrf: str, net: Net) -> bool:
        key = (net.start, net.length)
        return (vrf, key, True) in routes or any((vrf, k, False) in routes for k in learned.supernets(key, 6, sizes))
    return covers


Missing = dict[str, tuple[list[str], list[str], int, int]]


def _missing(ctx: VerifyContext, decisions: Mapping[str, Net], family: int,
             covers: Callable[[str, Net], bool]) -> Missing:
    missing: Missing = {}
    for zone, kind, subject, net in judged_prefixes(ctx, decisions, family):
        sites, units, n_sites, n_units = missing.setdefault(zone.name, ([], [], 0, 0))
        reached = covers(zone.vrf, net)
        if kind == "site":
            missing[zone.name] = (sites if reached else [*sites, subject], units, n_sites + 1, n_units)
        else:
            missing[zone.name] = (sites, units if reached else [*units, subject], n_sites, n_units + 1)
    return missing


def _report(ctx: VerifyContext, missing: Missing, family: str) -> list[Diagnostic]:
    found = []
    for name, (sites, units, n_sites, n_units) in sorted(missing.items()):
        if not sites and not units:
            continue
        zone = ctx.model.zone_by_name[name]
        parts = []
        if sites:
            parts.append(f"{len(sites)} of {n_sites} site blocks{family} ({some(sorted(sites))})")
        if units:
            parts.append(f"{len(units)} of {n_units} active unit subnets{family} ({some(sorted(units))})")
        found.append(ctx.at_model("GN920", zone.origin, f"zone {name}: {' and '.join(parts)} are routed in "
                                  f"{zone.vrf} by no PE: no member of the zone reaches them",
                                  "attach each site's block and each unit's subnet in the zone's VPN instance "
                                  "(a sub-interface or a static route to the unit's CE)"))
    return found

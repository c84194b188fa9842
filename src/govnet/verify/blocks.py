"""Every site block and every active unit subnet of a zone is routed in the zone's VPN instance by some PE: what
no config originates, no member of the zone reaches (that BGP then carries the PE's routes to every member is
judged by GN910 and GN913)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator, Mapping

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


def judged_prefixes(ctx: VerifyContext, decisions: Mapping[str, Net]) -> Iterator[tuple[Zone, str, str, Net]]:
    """Every zone's IPv4 site blocks and active unit subnets, as (zone, kind 'site'/'unit', subject, prefix): what
    verify holds every member of the zone to reach (GN920 here, GN924 in govnet.verify.reach)."""
    registry = ctx.model.registry
    active = {unit.id for unit in registry.units if unit.status == "active"} if registry else set()
    for text, net in decisions.items():
        parts = text.split(" ", 3)  # most keys are of other kinds: skip them before building a LockKey
        if len(parts) < 3 or parts[1] != "ipv4" or parts[2] not in ("site", "unit"):
            continue
        key = LockKey.parse(text)
        if key.family != "ipv4" or key.kind not in ("site", "unit") or net.family != 4:
            continue
        zone = ctx.model.zone_by_name.get(key.pool)
        if zone is None or (key.kind == "unit" and key.subject not in active):
            continue
        yield zone, key.kind, key.subject, net


def check(ctx: VerifyContext, decisions: Mapping[str, Net]) -> list[Diagnostic]:
    routed: dict[str, Routed] = {}
    for facts in ctx.facts.values():
        for port in facts.interfaces.values():
            if port.vrf and port.ipv4 is not None and not port.shutdown:
                routed.setdefault(port.vrf, Routed()).add(port.ipv4.network, discard=False)
        for route in facts.routes:
            if route.vrf and route.prefix.prefixlen > 0 and route.vrf in facts.static_vrfs:
                routed.setdefault(route.vrf, Routed()).add(route.prefix, discard=route.discard)
    missing: dict[str, tuple[list[str], list[str], int, int]] = {}
    for zone, kind, subject, net in judged_prefixes(ctx, decisions):
        sites, units, n_sites, n_units = missing.setdefault(zone.name, ([], [], 0, 0))
        network = ipaddress.IPv4Network((net.start, net.length))
        table = routed.get(zone.vrf)
        reached = table is not None and table.covers(network)
        if kind == "site":
            missing[zone.name] = (sites if reached else [*sites, subject], units, n_sites + 1, n_units)
        else:
            missing[zone.name] = (sites, units if reached else [*units, subject], n_sites, n_units + 1)
    found = []
    for name, (sites, units, n_sites, n_units) in sorted(missing.items()):
        if not sites and not units:
            continue
        zone = ctx.model.zone_by_name[name]
        parts = []
        if sites:
            parts.append(f"{len(sites)} of {n_sites} site blocks ({some(sorted(sites))})")
        if units:
            parts.append(f"{len(units)} of {n_units} active unit subnets ({some(sorted(units))})")
        found.append(ctx.at_model("GN920", zone.origin, f"zone {name}: {' and '.join(parts)} are routed in "
                                  f"{zone.vrf} by no PE: no member of the zone reaches them",
                                  "attach each site's block and each unit's subnet in the zone's VPN instance "
                                  "(a sub-interface or a static route to the unit's CE)"))
    return found

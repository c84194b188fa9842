"""GN924: per VPN instance on every PE, the prefixes it learns, judged per prefix against the zones.

What each (PE, VPN instance) announces: its connected subnets and static routes (discard routes of site blocks
included) where its BGP family imports them (import-route direct/static, redistribute connected/static), passed
through its export route-policy and the prefix lists that policy matches, as rendered. Which (PE, VPN instance)
learns them: every one whose import targets meet the origin's export targets (a leak into another VPN is such a
meeting too), on a PE that BGP carries the origin's routes to (govnet.verify.bgp: sessions up, reflection), passed
through its import route-policy. A member of a zone reaches a site block or an active unit subnet of the zone when
it holds a route covering it (its own, or one it learns; a default route covers nothing, a discard route only its
own prefix). Every member of the zone (the province core among them) must reach every such prefix.
Prefixes no PE announces at all are GN920's (govnet.verify.blocks).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass

from govnet.diagnostics import Diagnostic, some
from govnet.ipam.prefix import Net
from govnet.verify import policies
from govnet.verify.bgp import Sessions
from govnet.verify.context import VerifyContext
from govnet.verify.scan import Facts, Vrf

Key = tuple[int, int]  # (network address, prefix length) of an IPv4 prefix


@dataclass(frozen=True)
class Origin:
    facts: Facts
    vrf: Vrf


def check(ctx: VerifyContext, sessions: Sessions, decisions: Mapping[str, Net]) -> list[Diagnostic]:
    announced = _announced(ctx)
    local = _local(ctx)
    found = []
    for name, prefixes in sorted(_prefixes(ctx, decisions).items()):
        zone = ctx.model.zone_by_name[name]
        members = [(f, f.vrfs[zone.vrf]) for f in ctx.facts.values() if zone.vrf in f.vrfs and f.asn]
        if len(members) < 2:
            continue
        missing_by: dict[tuple[str, ...], list[str]] = {}
        at: dict[tuple[str, ...], str] = {}  # where to point: a holder that announces nothing, else a member
        receivers: dict[int, set[str]] = {}  # id of an origin -> members that learn its routes (policy aside)
        for label, net in prefixes:
            reached = set()
            covering = _covering(announced, net)
            for origin, key in covering:
                heard = receivers.get(id(origin))
                if heard is None:
                    heard = receivers[id(origin)] = _receivers(sessions, origin, members)
                reached |= {m for m in heard if _imports(ctx.facts[m], zone.vrf, key)}
            missing = tuple(f.device for f, _ in members if f.device not in reached
                            and not _covers(local.get((f.device, zone.vrf), set()), net))
            if missing and len(missing) < len(members):  # routed nowhere at all: GN920
                missing_by.setdefault(missing, []).append(f"{ipaddress.IPv4Network(net)} ({label})")
                holders = [f.device for f, _ in members if f.device not in missing] if not covering else []
                at.setdefault(missing, holders[0] if holders else missing[0])
        for missing, nets in sorted(missing_by.items()):
            facts = ctx.facts[at[missing]]
            vrf = facts.vrfs[zone.vrf]
            found.append(ctx.at("GN924", facts, vrf.rt_line or vrf.line, f"zone {zone.name}: {len(nets)} prefix(es) "
                                f"({some(nets)}) reach no route in {zone.vrf} on {len(missing)} member PE(s) "
                                f"({some(list(missing))})", "check the route targets, the export and import "
                                "route-policies (their prefix lists) and the BGP sessions of those PEs"))
    return found


def _prefixes(ctx: VerifyContext, decisions: Mapping[str, Net]) -> dict[str, list[tuple[str, Key]]]:
    """Each zone's site blocks and active unit subnets (IPv4), labelled 'site K' / 'unit U'."""
    registry = ctx.model.registry
    active = {u.id for u in registry.units if u.status == "active"} if registry else set()
    found: dict[str, list[tuple[str, Key]]] = {}  # zone name -> prefixes
    for key, net in decisions.items():
        words = key.split(" ")
        if len(words) != 4 or words[1] != "ipv4" or words[2] not in ("site", "unit") or net.family != 4:
            continue
        zone = ctx.model.zone_by_name.get(words[0])
        if zone is None or (words[2] == "unit" and words[3] not in active):
            continue
        found.setdefault(zone.name, []).append((f"{words[2]} {words[3]}", (net.start, net.length)))
    return found


def _announced(ctx: VerifyContext) -> dict[Key, list[tuple[Origin, bool]]]:
    """Every route some (PE, VPN instance) announces into BGP, past its export policy: prefix -> (origin,
    whether it is a discard route)."""
    index: dict[Key, list[tuple[Origin, bool]]] = {}
    for facts in ctx.facts.values():
        if not facts.asn:
            continue
        origins = {name: Origin(facts, vrf) for name, vrf in facts.vrfs.items()}
        routes: list[tuple[str, ipaddress.IPv4Network, bool]] = []
        for port in facts.interfaces.values():
            if port.vrf in facts.direct_vrfs and port.ipv4 is not None and not port.shutdown:
                routes.append((port.vrf, port.ipv4.network, False))
        for route in facts.routes:
            if route.vrf in facts.static_vrfs and route.prefix.prefixlen > 0:
                routes.append((route.vrf, route.prefix, route.discard))
        for name, prefix, discard in routes:
            origin = origins.get(name)
            if origin is None or (origin.vrf.export_policy and not policies.permits(
                    facts.route_policies, facts.prefix_lists, origin.vrf.export_policy, prefix)):
                continue
            index.setdefault((int(prefix.network_address), prefix.prefixlen), []).append((origin, discard))
    return index


def _local(ctx: VerifyContext) -> dict[tuple[str, str], set[tuple[Key, bool]]]:
    """Each (PE, VPN instance)'s own routes: connected subnets and static routes (no default)."""
    found: dict[tuple[str, str], set[tuple[Key, bool]]] = {}
    for facts in ctx.facts.values():
        for port in facts.interfaces.values():
            if port.vrf and port.ipv4 is not None and not port.shutdown:
                net = port.ipv4.network
                found.setdefault((facts.device, port.vrf), set()).add(((int(net.network_address), net.prefixlen),
                                                                       False))
        for route in facts.routes:
            if route.vrf and route.prefix.prefixlen > 0:
                key = (int(route.prefix.network_address), route.prefix.prefixlen)
                found.setdefault((facts.device, route.vrf), set()).add((key, route.discard))
    return found


def _supernets(net: Key) -> list[Key]:
    start, length = net
    return [(start & ((0xFFFFFFFF << (32 - size)) & 0xFFFFFFFF), size) for size in range(length, 0, -1)]


def _covering(announced: dict[Key, list[tuple[Origin, bool]]], net: Key) -> list[tuple[Origin, Key]]:
    """The origins of routes that cover ``net`` (a discard route only its own prefix)."""
    found = []
    for key in _supernets(net):
        for origin, discard in announced.get(key, ()):
            if not discard or key == net:
                found.append((origin, key))
    return found


def _covers(routes: set[tuple[Key, bool]], net: Key) -> bool:
    return (net, True) in routes or any((key, False) in routes for key in _supernets(net))


def _receivers(sessions: Sessions, origin: Origin, members: list[tuple[Facts, Vrf]]) -> set[str]:
    """The members whose VPN instance imports a target the origin exports, on PEs BGP carries its routes to."""
    reach = sessions.reach(origin.facts.device)
    return {f.device for f, vrf in members if vrf.import_ & origin.vrf.export and f.device in reach
            and f.device != origin.facts.device}


def _imports(facts: Facts, vrf: str, key: Key) -> bool:
    """Whether the member's import policy (if any) lets the route in."""
    policy = facts.vrfs[vrf].import_policy
    if not policy:
        return True
    network = ipaddress.IPv4Network(key)
    return policies.permits(facts.route_policies, facts.prefix_lists, policy, network)

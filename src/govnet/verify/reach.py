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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from govnet.diagnostics import Diagnostic, some
from govnet.ipam.prefix import Net
from govnet.verify import policies
from govnet.verify.bgp import Sessions
from govnet.verify.blocks import judged_prefixes
from govnet.verify.context import VerifyContext
from govnet.verify.scan import Facts, Vrf

Key = tuple[int, int]  # (network address, prefix length) of an IPv4 prefix


@dataclass(frozen=True)
class Origin:
    facts: Facts
    vrf: Vrf


def check(ctx: VerifyContext, sessions: Sessions, decisions: Mapping[str, Net]) -> list[Diagnostic]:
    """Sets of PEs are bit masks over the devices (bit i: the i-th config): a zone's every prefix is judged with a
    few integer operations, so the default model's ~9,000 prefixes x ~2,000 members stay well within a second."""
    announced = _announced(ctx)
    announced_lengths = _lengths(announced)
    local = _local(ctx)
    names = list(ctx.facts)
    bit = {name: 1 << i for i, name in enumerate(names)}
    reach_masks: dict[object, int] = {}  # BGP signature of an origin -> the PEs its routes reach
    found = []
    for zone_name, prefixes in sorted(_prefixes(ctx, decisions).items()):
        zone = ctx.model.zone_by_name[zone_name]
        members = [(f, f.vrfs[zone.vrf]) for f in ctx.facts.values() if zone.vrf in f.vrfs and f.asn]
        if len(members) < 2:
            continue
        everyone = filtered = 0
        importers: dict[str, int] = {}  # route target -> the members importing it
        # members with an import policy, grouped by what the policy says (its nodes and their prefix lists, not
        # its name): one evaluation per group and route, not one per member
        groups: dict[tuple[object, ...], tuple[Facts, int]] = {}
        for facts, vrf in members:
            everyone |= bit[facts.device]
            if vrf.import_policy:
                filtered |= bit[facts.device]
                signature = _policy_signature(facts, vrf.import_policy)
                first, mask = groups.get(signature, (facts, 0))
                groups[signature] = (first, mask | bit[facts.device])
            for target in vrf.import_:
                importers[target] = importers.get(target, 0) | bit[facts.device]
        holders_of = {key: _mask(bit, devices) for key, devices in local.get(zone.vrf, {}).items()}
        held_lengths = _lengths(key for key, _ in holders_of)
        receivers: dict[tuple[object, frozenset[str]], int] = {}  # (first BGP hop, export targets) -> members
        missing_by: dict[int, list[str]] = {}
        at: dict[int, str] = {}  # where to point: a holder that announces nothing, else a member
        for label, net in prefixes:
            covering = _covering(announced, net, announced_lengths)
            reached = 0
            for origin, key in covering:
                signature = sessions.signature(origin.facts.device)
                group = (signature, frozenset(origin.vrf.export))
                heard = receivers.get(group)
                if heard is None:
                    reach = reach_masks.get(signature)
                    if reach is None:
                        reach = reach_masks[signature] = _mask(bit, sessions.reached_by(signature))
                    heard = 0
                    for target in origin.vrf.export:
                        heard |= importers.get(target, 0)
                    heard = receivers[group] = heard & reach
                heard &= ~bit[origin.facts.device]
                reached |= heard & ~filtered
                if heard & filtered:
                    for first, mask in groups.values():
                        if heard & mask and _imports(first, zone.vrf, key):
                            reached |= heard & mask
            holders = _holders(holders_of, net, held_lengths)
            missing = everyone & ~reached & ~holders
            if missing and missing != everyone:  # routed nowhere at all: GN920
                missing_by.setdefault(missing, []).append(f"{ipaddress.IPv4Network(net)} ({label})")
                at.setdefault(missing, _names(names, holders)[0] if holders and not covering
                              else _names(names, missing)[0])
        for missing, nets in sorted(missing_by.items(), key=lambda item: _names(names, item[0])):
            facts = ctx.facts[at[missing]]
            vrf = facts.vrfs[zone.vrf]
            pes = _names(names, missing)
            found.append(ctx.at("GN924", facts, vrf.rt_line or vrf.line, f"zone {zone.name}: {len(nets)} prefix(es) "
                                f"({some(nets)}) reach no route in {zone.vrf} on {len(pes)} member PE(s) "
                                f"({some(pes)})", "check the route targets, the export and import "
                                "route-policies (their prefix lists) and the BGP sessions of those PEs"))
    return found


def _mask(bit: Mapping[str, int], devices: Iterable[str]) -> int:
    mask = 0
    for device in devices:
        mask |= bit.get(device, 0)
    return mask


def _names(names: list[str], mask: int) -> list[str]:
    """The devices of a mask, in config order."""
    found = []
    while mask:
        low = mask & -mask
        found.append(names[low.bit_length() - 1])
        mask ^= low
    return found


def _prefixes(ctx: VerifyContext, decisions: Mapping[str, Net]) -> dict[str, list[tuple[str, Key]]]:
    """Each zone's site blocks and active unit subnets (IPv4), labelled 'site K' / 'unit U'."""
    found: dict[str, list[tuple[str, Key]]] = {}  # zone name -> prefixes
    for zone, kind, subject, net in judged_prefixes(ctx, decisions):
        found.setdefault(zone.name, []).append((f"{kind} {subject}", (net.start, net.length)))
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


def _local(ctx: VerifyContext) -> dict[str, dict[tuple[Key, bool], set[str]]]:
    """Per VPN instance, its own routes on each PE (connected subnets, static routes but the default): route
    (prefix, discard) -> the PEs that hold it."""
    found: dict[str, dict[tuple[Key, bool], set[str]]] = {}
    for facts in ctx.facts.values():
        for port in facts.interfaces.values():
            if port.vrf and port.ipv4 is not None and not port.shutdown:
                net = port.ipv4.network
                key = ((int(net.network_address), net.prefixlen), False)
                found.setdefault(port.vrf, {}).setdefault(key, set()).add(facts.device)
        for route in facts.routes:
            if route.vrf and route.prefix.prefixlen > 0:
                key = ((int(route.prefix.network_address), route.prefix.prefixlen), route.discard)
                found.setdefault(route.vrf, {}).setdefault(key, set()).add(facts.device)
    return found


_MASKS = [(0xFFFFFFFF << (32 - size)) & 0xFFFFFFFF for size in range(33)]


def _supernets(net: Key, lengths: Iterable[int] = range(32, 0, -1)) -> list[Key]:
    """The prefix and those around it, longest first, of the given lengths only (an index holds a few)."""
    start, length = net
    return [(start & _MASKS[size], size) for size in lengths if 0 < size <= length]


def _lengths(keys: Iterable[Key]) -> list[int]:
    """The prefix lengths an index holds, longest first: a prefix's covering routes are looked up at these."""
    return sorted({length for _, length in keys}, reverse=True)


def _covering(announced: dict[Key, list[tuple[Origin, bool]]], net: Key,
              lengths: Iterable[int] = range(32, 0, -1)) -> list[tuple[Origin, Key]]:
    """The origins of routes that cover ``net`` (a discard route only its own prefix)."""
    found = []
    for key in _supernets(net, lengths):
        for origin, discard in announced.get(key, ()):
            if not discard or key == net:
                found.append((origin, key))
    return found


def _holders(routes: dict[tuple[Key, bool], int], net: Key, lengths: Iterable[int] = range(32, 0, -1)) -> int:
    """The PEs whose own routes cover ``net`` (a discard route only its own prefix), as a mask."""
    found = routes.get((net, True), 0)
    for key in _supernets(net, lengths):
        found |= routes.get((key, False), 0)
    return found


def _imports(facts: Facts, vrf: str, key: Key) -> bool:
    """Whether the member's import policy (if any) lets the route in."""
    policy = facts.vrfs[vrf].import_policy
    if not policy:
        return True
    network = ipaddress.IPv4Network(key)
    return policies.permits(facts.route_policies, facts.prefix_lists, policy, network)


def _policy_signature(facts: Facts, name: str) -> tuple[object, ...]:
    """What an import policy does, whatever it is called: its nodes with the entries of the lists they match."""
    nodes = facts.route_policies.get(name)
    if nodes is None:
        return ("undefined",)
    return tuple((action, tuple(tuple(facts.prefix_lists.get(n, [])) for n in lists)) for action, lists in nodes)

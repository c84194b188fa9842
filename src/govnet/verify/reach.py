"""GN924: per VPN instance on every PE, the prefixes it learns, judged per prefix against the zones.

What each (PE, VPN instance) announces: its connected subnets and static routes (discard routes of site blocks
included) where its BGP family imports them (import-route direct/static, redistribute connected/static), passed
through its export route-policy and the prefix lists that policy matches, as rendered. Which (PE, VPN instance)
learns them: every one whose import targets meet the origin's export targets (a leak into another VPN is such a
meeting too), on a PE that BGP carries the origin's routes to (govnet.verify.bgp: sessions up, reflection), passed
through its import route-policy. A member of a zone reaches a site block or an active unit subnet of the zone when
it holds a route covering it (its own, or one it learns; a default route covers nothing, a discard route only its
own prefix). Every member of the zone (the province core among them) must reach every such prefix.
Prefixes no PE announces at all are GN920's (govnet.verify.blocks). IPv4 and IPv6 (6VPE: the instances' IPv6
families, VPNv6 sessions) alike; the per-instance route sets are govnet.verify.learned's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from govnet.diagnostics import Diagnostic, some
from govnet.ipam.prefix import Net
from govnet.verify import learned, policies
from govnet.verify.bgp import Sessions
from govnet.verify.blocks import judged_prefixes
from govnet.verify.context import VerifyContext
from govnet.verify.learned import Key
from govnet.verify.scan import Facts, Vrf


def check(ctx: VerifyContext, sessions: Sessions, decisions: Mapping[str, Net]) -> list[Diagnostic]:
    found = _check(ctx, sessions, decisions, 4)
    return found + _check(ctx, sessions.vpnv6, decisions, 6)


def _check(ctx: VerifyContext, sessions: Sessions, decisions: Mapping[str, Net], family: int) -> list[Diagnostic]:
    """Sets of PEs are bit masks over the devices (bit i: the i-th config): a zone's every prefix is judged with a
    few integer operations, so the default model's ~9,000 prefixes x ~2,000 members stay well within a second."""
    judged = _prefixes(ctx, decisions, family)
    if not judged:
        return []
    announced = learned.announced(ctx, family)
    announced_sizes = learned.lengths(announced)
    local = learned.local(ctx, family)
    names = list(ctx.facts)
    bit = {name: 1 << i for i, name in enumerate(names)}
    reach_masks: dict[object, int] = {}  # BGP signature of an origin -> the PEs its routes reach
    found = []
    for zone_name, prefixes in sorted(judged.items()):
        zone = ctx.model.zone_by_name[zone_name]
        # every PE holding the zone's instance is a member: one without the family (no IPv6 family in a zone
        # with IPv6 addresses) imports nothing of it
        members = [(f, learned.view(f.vrfs[zone.vrf], family)) for f in ctx.facts.values()
                   if zone.vrf in f.vrfs and f.asn]
        if len(members) < 2:
            continue
        everyone = filtered = 0
        importers: dict[str, int] = {}  # route target -> the members importing it
        # members with an import policy, grouped by what the policy says (its nodes and the lists and filters they
        # name, not its name): one evaluation per group and route, not one per member
        groups: dict[tuple[object, ...], tuple[Facts, Vrf, int]] = {}
        for facts, vrf in members:
            everyone |= bit[facts.device]
            if vrf is None:
                continue
            if vrf.import_policy:
                filtered |= bit[facts.device]
                signature = policies.signature(facts, vrf.import_policy)
                first, first_vrf, mask = groups.get(signature, (facts, vrf, 0))
                groups[signature] = (first, first_vrf, mask | bit[facts.device])
            for target in vrf.import_:
                importers[target] = importers.get(target, 0) | bit[facts.device]
        holders_of = {key: _mask(bit, devices) for key, devices in local.get(zone.vrf, {}).items()}
        local_sizes = learned.lengths(key for key, _ in holders_of)
        receivers: dict[tuple[object, frozenset[str]], int] = {}  # (first BGP hop, export targets) -> members
        missing_by: dict[int, list[str]] = {}
        at: dict[int, str] = {}  # where to point: a holder that announces nothing, else a member
        for label, net in prefixes:
            covering = learned.covering(announced, net, family, announced_sizes)
            reached = 0
            for route, key in covering:
                origin = route.origin
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
                    for first, first_vrf, mask in groups.values():
                        if heard & mask and learned.imports(first, first_vrf, key, family, route.attrs):
                            reached |= heard & mask
            holders = _holders(holders_of, net, family, local_sizes)
            missing = everyone & ~reached & ~holders
            if missing and missing != everyone:  # routed nowhere at all: GN920
                missing_by.setdefault(missing, []).append(f"{learned.network(net, family)} ({label})")
                at.setdefault(missing, _names(names, holders)[0] if holders and not covering
                              else _names(names, missing)[0])
        for missing, nets in sorted(missing_by.items(), key=lambda item: _names(names, item[0])):
            facts = ctx.facts[at[missing]]
            vrf = learned.view(facts.vrfs[zone.vrf], family) or facts.vrfs[zone.vrf]
            pes = _names(names, missing)
            if family == 4:
                message = (f"zone {zone.name}: {len(nets)} prefix(es) ({some(nets)}) reach no route in {zone.vrf} on "
                           f"{len(pes)} member PE(s) ({some(pes)})")
            else:
                message = (f"zone {zone.name}: {len(nets)} IPv6 prefix(es) ({some(nets)}) reach no route in "
                           f"{zone.vrf} on {len(pes)} member PE(s) ({some(pes)})")
            found.append(ctx.at("GN924", facts, vrf.rt_line or vrf.line, message, "check the route targets, the export "
                                "and import route-policies (their prefix lists) and the BGP sessions of those PEs"))
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


def _prefixes(ctx: VerifyContext, decisions: Mapping[str, Net], family: int) -> dict[str, list[tuple[str, Key]]]:
    """Each zone's site blocks and active unit subnets of one family, labelled 'site K' / 'unit U'."""
    found: dict[str, list[tuple[str, Key]]] = {}  # zone name -> prefixes
    for zone, kind, subject, net in judged_prefixes(ctx, decisions, family):
        found.setdefault(zone.name, []).append((f"{kind} {subject}", (net.start, net.length)))
    return found


def _holders(routes: dict[tuple[Key, bool], int], net: Key, family: int, sizes: frozenset[int]) -> int:
    """The PEs whose own routes cover ``net`` (a discard route only its own prefix), as a mask."""
    found = routes.get((net, True), 0)
    for key in learned.supernets(net, family, sizes):
        found |= routes.get((key, False), 0)
    return found

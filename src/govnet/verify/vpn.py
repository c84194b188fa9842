"""VPN routes by RD and route target, judged against the zones of the model and the inter-zone policy."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from govnet.diagnostics import Diagnostic, some
from govnet.model.types import Zone
from govnet.verify.bgp import Sessions
from govnet.verify.context import VerifyContext
from govnet.verify.scan import Facts, Vrf


def check(ctx: VerifyContext, sessions: Sessions) -> list[Diagnostic]:
    zones = {zone.vrf: zone for zone in ctx.model.zones}
    found = _rd_clash(ctx)
    off_zone = _targets(ctx, zones)
    found += [d for d, _ in off_zone]
    found += _members(ctx, sessions, zones, {key for _, key in off_zone})
    found += _isolation(ctx, zones)
    return found  # firewall pairs and NAT egress: govnet.verify.firewall


def _vrfs(ctx: VerifyContext) -> Iterable[tuple[Facts, Vrf]]:
    for facts in ctx.facts.values():
        for vrf in facts.vrfs.values():
            yield facts, vrf


def _rd_clash(ctx: VerifyContext) -> list[Diagnostic]:
    """One RD for VPN instances of different VPNs (different export targets): their routes overwrite each
    other in every reflector."""
    seen: dict[str, tuple[Facts, Vrf]] = {}
    found = []
    for facts, vrf in _vrfs(ctx):
        if not vrf.rd:
            continue
        first = seen.setdefault(vrf.rd, (facts, vrf))
        if first[1].export != vrf.export or first[1].name != vrf.name:
            found.append(ctx.at("GN911", facts, vrf.rd_line, f"RD {vrf.rd} of {vrf.name} on {facts.device} is also "
                                f"the RD of {first[1].name} on {first[0].device}, another VPN",
                                "give each VPN its own RD (per PE: router-id:number)"))
    return found


def _expected(ctx: VerifyContext, zone: Zone) -> tuple[set[str], set[str]]:
    imports = set(zone.rt_import)
    for name in zone.spec.import_from:
        other = ctx.model.zone_by_name.get(name)
        if other is not None:
            imports.update(other.rt_export)
    return set(zone.rt_export), imports


def _targets(ctx: VerifyContext, zones: dict[str, Zone]) -> list[tuple[Diagnostic, tuple[str, str]]]:
    """VPN instances whose route targets differ from their zone's (zones/zones.yaml and its import_from)."""
    found = []
    for facts, vrf in _vrfs(ctx):
        zone = zones.get(vrf.name)
        if zone is None:
            continue
        export, imports = _expected(ctx, zone)
        if vrf.export == export and vrf.import_ == imports:
            continue
        file, line, _, _ = ctx.model.locate(zone.origin)
        found.append((ctx.at("GN912", facts, vrf.rt_line or vrf.line, f"{vrf.name} on {facts.device} exports "
                             f"{' '.join(sorted(vrf.export)) or 'nothing'} and imports "
                             f"{' '.join(sorted(vrf.import_)) or 'nothing'}; zone {zone.name} exports "
                             f"{' '.join(sorted(export))} and imports {' '.join(sorted(imports))}",
                             f"the zone is defined at {file}:{line}; render the configs again"),
                      (facts.device, vrf.name)))
    return found


def _members(ctx: VerifyContext, sessions: Sessions, zones: dict[str, Zone],
             skip: set[tuple[str, str]]) -> list[Diagnostic]:
    """Every PE of a zone learns the routes of every other PE of it (routes that BGP carries there)."""
    found = []
    for name in sorted(zones):
        members = [(f, f.vrfs[name]) for f in ctx.facts.values() if name in f.vrfs and f.asn
                   and (f.device, name) not in skip]
        groups: dict[tuple[tuple[tuple[str, bool], ...], frozenset[str]], list[str]] = {}
        for facts, vrf in members:
            groups.setdefault((sessions.signature(facts.device), frozenset(vrf.export)), []).append(facts.device)
        reached = {key: sessions.reached_by(key[0]) for key in groups}
        for facts, vrf in members:
            unheard = []
            for key, origins in groups.items():
                # routes BGP does not carry here at all are GN910's finding
                if not key[1] & vrf.import_ and facts.device in reached[key]:
                    unheard += [o for o in origins if o != facts.device]
            if unheard:
                found.append(ctx.at("GN913", facts, vrf.rt_line or vrf.line, f"{name} on {facts.device} learns no "
                                    f"routes of {name} on {some(sorted(unheard))}", "import the zone's route "
                                    "target on every PE of the zone"))
    return found


def _isolation(ctx: VerifyContext, zones: dict[str, Zone]) -> list[Diagnostic]:
    """The office zone exchanges no routes with any other; the internet zone none with a dedicated one (those
    pass a firewall rule instead)."""
    exported: dict[str, set[str]] = {}  # zone kind -> route targets its VPN instances export
    for _, vrf in _vrfs(ctx):
        zone = zones.get(vrf.name)
        if zone is not None:
            exported.setdefault(zone.kind, set()).update(vrf.export)
    found = []
    for facts, vrf in _vrfs(ctx):
        zone = zones.get(vrf.name)
        kind = zone.kind if zone is not None else ""
        if kind != "office" and vrf.import_ & exported.get("office", set()):
            found.append(ctx.at("GN914", facts, vrf.rt_line, f"{vrf.name} on {facts.device} imports the office "
                                f"zone's route target {some(sorted(vrf.import_ & exported['office']))}: office "
                                "routes leak into it", "the office zone is isolated: remove the import"))
        if kind == "office" and vrf.import_ - exported.get("office", set()):
            found.append(ctx.at("GN914", facts, vrf.rt_line, f"the office zone's {vrf.name} on {facts.device} "
                                f"imports {some(sorted(vrf.import_ - exported.get('office', set())))} of other "
                                "zones", "the office zone is isolated: remove the import"))
        if kind == "internet" and vrf.import_ & exported.get("dedicated", set()):
            found.append(ctx.at("GN915", facts, vrf.rt_line, f"{vrf.name} on {facts.device} imports the routes "
                                "of a dedicated zone directly, past every firewall", "let the internet zone "
                                "reach a dedicated zone only through a firewall rule"))
    found += _internet_paths(ctx, zones)
    office = _office_prefixes(ctx, zones)
    for facts in ctx.facts.values():
        for route in facts.routes:
            zone = zones.get(route.vrf)
            if route.prefix.prefixlen == 0 or (zone is not None and zone.kind not in ("public", "internet")):
                continue  # a default route leaks nothing; dedicated VPNs may reuse the office's addresses
            if any(route.prefix.overlaps(p) for p in office):
                found.append(ctx.at("GN914", facts, route.line, f"{facts.device} routes the office zone's "
                                    f"{route.prefix} in {route.vrf or 'the global table'}", "the office zone is "
                                    "isolated: remove the route"))
    return found


def _office_prefixes(ctx: VerifyContext, zones: dict[str, Zone]) -> list[ipaddress.IPv4Network]:
    return [p for zone in zones.values() if zone.kind == "office" for p in _pools(zone)]


def _pools(zone: Zone) -> list[ipaddress.IPv4Network]:
    plan = zone.spec.addresses.ipv4 if zone.spec.addresses else None
    return [ipaddress.IPv4Network(str(p)) for p in plan.pool] if plan is not None else []


def _internet_paths(ctx: VerifyContext, zones: dict[str, Zone]) -> list[Diagnostic]:
    """A route of the internet zone toward a dedicated zone's addresses leads to a firewall that permits
    internet -> that zone; anything else lets the internet past the firewalls."""
    dedicated = [(zone, pool) for zone in zones.values() if zone.kind == "dedicated" for pool in _pools(zone)]
    found = []
    for facts in ctx.facts.values():
        for route in facts.routes:
            zone = zones.get(route.vrf)
            if zone is None or zone.kind != "internet" or route.prefix.prefixlen == 0:
                continue
            for target, pool in dedicated:
                if not route.prefix.overlaps(pool):
                    continue
                owner = ctx.owner_of(route.next_hop)
                firewall = owner[0] if owner is not None and ctx.role(owner[0].device) == "firewall" else None
                if firewall is None:
                    found.append(ctx.at("GN915", facts, route.line, f"{facts.device} routes the internet zone to "
                                        f"{route.prefix} of {target.name} past every firewall",
                                        "route it through a firewall with a rule that permits it, or remove it"))
                elif not any(r.source_zone == zone.name and r.destination_zone == target.name
                             and r.action == "permit" for r in firewall.rules):
                    found.append(ctx.at("GN915", facts, route.line, f"{facts.device} routes the internet zone to "
                                        f"{route.prefix} of {target.name} through {firewall.device}, which has no "
                                        f"rule permitting {zone.name} -> {target.name}",
                                        "add the rule to zones/policy.yaml, or remove the route"))
                break
    return found

"""VPN routes by RD and route target, judged against the zones of the model and the inter-zone policy."""

from __future__ import annotations

from collections.abc import Iterable

from govnet.diagnostics import Diagnostic, some
from govnet.model.types import Zone
from govnet.verify import isolation, unevaluated
from govnet.verify.bgp import Sessions
from govnet.verify.context import VerifyContext
from govnet.verify.scan import Facts, Vrf


def check(ctx: VerifyContext, sessions: Sessions) -> list[Diagnostic]:
    zones = {zone.vrf: zone for zone in ctx.model.zones}
    found = _rd_clash(ctx)
    off_zone = _targets(ctx, zones)
    found += [d for d, _ in off_zone]
    found += _members(ctx, sessions, zones, {key for _, key in off_zone})
    found += isolation.check(ctx, sessions)  # GN914, GN915 per prefix
    found += unevaluated.check(ctx)  # GN926: route-policy matches verify cannot evaluate
    return found  # firewall pairs and NAT egress: govnet.verify.firewall


def _vrfs(ctx: VerifyContext) -> Iterable[tuple[Facts, Vrf]]:
    for facts in ctx.facts.values():
        for vrf in facts.vrfs.values():
            yield facts, vrf


def _rd_clash(ctx: VerifyContext) -> list[Diagnostic]:
    """One RD for VPN instances of different VPNs (different export targets): their routes overwrite each
    other in every reflector. A PE's VPN instance (or its IPv6 family) without an RD is inactive: VRP and Comware
    refuse the family's routes, IOS XE's BGP carries none of the VRF's."""
    seen: dict[str, tuple[Facts, Vrf]] = {}
    found = []
    for facts, vrf in _vrfs(ctx):
        for family, name in ((vrf, vrf.name), (vrf.v6, f"{vrf.name} (IPv6)")):
            if family is not None and not family.rd and facts.asn:  # a PE's VPN instance without its RD
                found.append(ctx.at("GN911", facts, family.line or vrf.line, f"{name} on {facts.device} has no "
                                    "route distinguisher: the family is not active, so its routes are neither "
                                    "announced nor learned", "give the VPN instance its RD (router-id:number)"))
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
    """VPN instances whose route targets differ from their zone's (zones/zones.yaml and its import_from), in the
    IPv4 family and in the IPv6 one (6VPE) where there is one."""
    found = []
    for facts, instance in _vrfs(ctx):
        zone = zones.get(instance.name)
        if zone is None:
            continue
        export, imports = _expected(ctx, zone)
        for vrf, name in ((instance, instance.name), (instance.v6, f"{instance.name} (IPv6)")):
            if vrf is None or (vrf.export == export and vrf.import_ == imports):
                continue
            file, line, _, _ = ctx.model.locate(zone.origin)
            found.append((ctx.at("GN912", facts, vrf.rt_line or vrf.line, f"{name} on {facts.device} exports "
                                 f"{' '.join(sorted(vrf.export)) or 'nothing'} and imports "
                                 f"{' '.join(sorted(vrf.import_)) or 'nothing'}; zone {zone.name} exports "
                                 f"{' '.join(sorted(export))} and imports {' '.join(sorted(imports))}",
                                 f"the zone is defined at {file}:{line}; render the configs again"),
                          (facts.device, instance.name)))
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

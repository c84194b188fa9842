"""Every firewall has a job the model states (issue 13 #10): it enforces a rule of the policy at its site, or its
spec says it stays out of the traffic path (``in_path: false``) and why (``purpose``). Reported once per device
spec, so a profile's firewall is one finding however many sites use it."""

from __future__ import annotations

import ipaddress

from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic
from govnet.model.access import GATEWAY, access_platform, gateways
from govnet.model.hierarchy import routers, site_level
from govnet.model.legs import FIREWALL
from govnet.model.purpose import enforced_rules
from govnet.model.types import Device, Origin
from govnet.source.modeldir import POLICY_FILE, ZONES_FILE


def check(ctx: CheckContext) -> list[Diagnostic]:
    model = ctx.model
    found: list[Diagnostic] = []
    by_spec: dict[Origin, list[Device]] = {}
    for name in sorted(model.devices):
        device = model.devices[name]
        if model.is_ours(device):
            by_spec.setdefault(device.origin, []).append(device)
    rules: dict[str, list[str]] = {}
    # A rule naming an unknown zone (GN601) may be the one meant for an idle firewall: judge idleness without it.
    judged = all(r.from_ in model.zone_by_name and r.to in model.zone_by_name for r in model.policy.rules)
    for origin, devices in by_spec.items():
        first = devices[0]
        if first.role != FIREWALL:
            if not first.in_path:
                found.append(ctx.diagnostic("GN514", origin.at("in_path"), f"'in_path: false' on {first.role} "
                                            f"'{first.name}': only a firewall can stand beside the traffic path",
                                            "remove 'in_path'"))
            continue
        for device in devices:
            if device.site not in rules:
                rules[device.site] = [r.name for r in enforced_rules(model, device.site)]
        busy = [d for d in devices if rules[d.site]]
        # a site without routers has no legs to route over (GN410 says so): its firewall's idleness follows
        idle = [d for d in devices if not rules[d.site] and routers(model.devices_of(d.site))]
        if not first.in_path:
            if not first.purpose:
                found.append(ctx.diagnostic("GN514", origin.at("in_path"), f"firewall '{first.name}' is declared "
                                            f"out of the traffic path without saying what it is for "
                                            f"({len(devices)} device(s) of this spec)",
                                            "add 'purpose:' with the reason it is kept (e.g. a perimeter reserved "
                                            "for the county's own server segment)"))
            if busy:
                device = busy[0]
                found.append(ctx.diagnostic("GN514", origin.at("in_path"), f"firewall '{device.name}' is declared "
                                            f"out of the traffic path, but {POLICY_FILE} enforces "
                                            f"{', '.join(repr(r) for r in rules[device.site])} at "
                                            f"{site_level(model, device.site)} level, so the routers send traffic "
                                            "through it", "remove 'in_path: false', or enforce those rules at "
                                            "another level"))
            continue
        if idle and judged:
            device = idle[0]
            level = site_level(model, device.site)
            found.append(ctx.diagnostic("GN513", origin, f"firewall '{device.name}' enforces no rule of "
                                        f"{POLICY_FILE} at {level} level ({len(idle)} device(s) of this spec alike), "
                                        "so no router sends traffic through it, and the model does not say what it "
                                        "is for",
                                        f"enforce a rule between zones it carries ('at: [{level}]'), or declare it "
                                        "out of the path: 'in_path: false' with a 'purpose:'"))
    return found


def check_access(ctx: CheckContext) -> list[Diagnostic]:
    """The secure access platform's gateways (issue 13 #11): as many access-gateway devices at its site as it
    declares, none elsewhere (no other site routes a client pool to them)."""
    model = ctx.model
    platform = access_platform(model)
    found: list[Diagnostic] = []
    reported: set[Origin] = set()
    for name in sorted(model.devices):
        device = model.devices[name]
        if device.role != GATEWAY or device.origin in reported:
            continue
        if platform is None:
            reported.add(device.origin)
            found.append(ctx.diagnostic("GN617", device.origin.at("role"), f"access gateway '{name}' serves no "
                                        "secure access platform: no zone declares one",
                                        f"declare access_platform in the internet zone of {ZONES_FILE}, or remove "
                                        "the gateway"))
        elif device.site != platform.site:
            reported.add(device.origin)
            found.append(ctx.diagnostic("GN617", device.origin.at("role"), f"access gateway '{name}' is at site "
                                        f"{device.site}, but the secure access platform is at site {platform.site}",
                                        f"put the access gateways at the access_platform's site in {ZONES_FILE}, "
                                        "or move the platform"))
    if platform is None or platform.site not in model.site_by_key:
        return found  # an unknown site is GN611's
    have = gateways(model, platform.site)
    if len(have) != platform.spec.gateways:
        origin = platform.zone.origin.at("access_platform", "gateways")
        found.append(ctx.diagnostic("GN617", origin, f"the secure access platform declares "
                                    f"{platform.spec.gateways} gateway(s), but site {platform.site} has "
                                    f"{len(have)} device(s) of role access-gateway",
                                    "give the site's profile (or the site) that many access-gateway devices on a "
                                    "platform that has the role (huawei_usg, h3c_secpath), or change 'gateways'"))
    if have and not platform.spec.client_pool:
        origin = platform.zone.origin.at("access_platform")
        found.append(ctx.diagnostic("GN617", origin, "the secure access platform has gateways but no client_pool: "
                                    "its users would get no addresses and nothing routes back to them",
                                    "add client_pool: [<prefix>] (an address group of the policy may name it)"))
    return found


def check_returns(ctx: CheckContext) -> list[Diagnostic]:
    """Two permitted rules into one zone at one level, from different zones whose addresses overlap (dedicated
    zones share theirs): the firewall routes the replies by destination, so it cannot send them back to both."""
    model = ctx.model
    groups = model.policy.address_groups
    seen: dict[tuple[str, str], list[tuple[str, str, list[ipaddress.IPv4Network | ipaddress.IPv6Network]]]] = {}
    found: list[Diagnostic] = []
    for i, rule in enumerate(model.policy.rules):
        source = model.zone_by_name.get(rule.from_)
        if rule.action != "permit" or rule.nat or source is None or rule.from_ == rule.to or source.kind == "internet":
            continue
        plan = source.spec.addresses
        texts = [p for g in rule.source for p in groups.get(g, [])] or (
            [p for f in (plan.ipv4, plan.ipv6) if f is not None for p in f.pool] if plan is not None else [])
        nets = [ipaddress.ip_network(t, strict=False) for t in texts]
        for level in rule.at:
            for other, other_zone, other_nets in seen.get((level, rule.to), []):
                if other_zone != rule.from_ and any(a.version == b.version and a.overlaps(b)
                                                     for a in nets for b in other_nets) \
                        and _meet(ctx, level, {rule.to, rule.from_, other_zone}):
                    found.append(ctx.diagnostic(
                        "GN618", Origin(POLICY_FILE, ("rules", i, "from")), f"rules '{other}' and '{rule.name}' both "
                        f"let zones reach '{rule.to}' at {level} level, from '{other_zone}' and '{rule.from_}' whose "
                        "addresses overlap: the firewall cannot route the replies back to both",
                        "narrow the rules' sources to address groups that do not overlap, or enforce them at "
                        "different levels"))
            seen.setdefault((level, rule.to), []).append((rule.name, rule.from_, nets))
    return found


def _meet(ctx: CheckContext, level: str, zones: set[str]) -> bool:
    """Whether a site of the level with a firewall offers all the zones (where the rules' paths would clash)."""
    return any(site_level(ctx.model, key) == level and zones <= set(ctx.model.zones_of(key))
               and any(d.role == FIREWALL for d in ctx.model.devices_of(key)) for key in ctx.model.site_by_key)

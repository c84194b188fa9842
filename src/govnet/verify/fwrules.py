"""GN923: each firewall enforces the policy's rules as zones/policy.yaml writes them, addresses and services
included: a rule of the policy that applies at the firewall's level (both zones cross its site's firewalls) is in
its security policy under its name, with the policy's zones, source and destination subnets (the address groups'
IPv4 prefixes; none: any), services (none: any) and action. A rule that lets tcp/443 of sap-clients through is not
the same rule when the config lets every service or every source through."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from govnet.diagnostics import Diagnostic, some
from govnet.model.hierarchy import level_name
from govnet.model.legs import crossing_zones
from govnet.model.types import Origin
from govnet.schema.zones import RuleSpec
from govnet.verify.context import VerifyContext
from govnet.verify.scan import Rule

POLICY_FILE = "zones/policy.yaml"
Service = tuple[str, int | None, int | None]


def check(ctx: VerifyContext) -> list[Diagnostic]:
    found = []
    model = ctx.model
    for facts in ctx.facts.values():
        device = model.devices.get(facts.device)
        if device is None or device.role != "firewall":
            continue
        crossing = {z.name for z in crossing_zones(model, device.site)}
        level = level_name(model.site_by_key[device.site])
        rules = {r.name: r for r in facts.rules if r.family == 4}
        for i, spec in enumerate(model.policy.rules):
            if level not in spec.at or spec.from_ not in crossing or spec.to not in crossing:
                continue
            file, line, _, _ = model.locate(Origin(POLICY_FILE, ("rules", i)))
            rule = rules.get(spec.name)
            if rule is None:
                found.append(ctx.at("GN923", facts, facts.rules[0].line if facts.rules else 1,
                                    f"{facts.device} has no rule {spec.name} ({spec.from_} -> {spec.to}) in its "
                                    "security policy", f"the rule is written at {file}:{line}; render the configs "
                                    "again"))
                continue
            differs = _differences(ctx, spec, rule)
            if differs:
                found.append(ctx.at("GN923", facts, rule.line, f"rule {spec.name} on {facts.device} differs from the "
                                    f"policy: {'; '.join(differs)}", f"the rule is written at {file}:{line}; render "
                                    "the configs again"))
    return found


def _differences(ctx: VerifyContext, spec: RuleSpec, rule: Rule) -> list[str]:
    groups = ctx.model.policy.address_groups
    found = []
    if (rule.source_zone, rule.destination_zone) != (spec.from_, spec.to):
        found.append(f"zones {rule.source_zone} -> {rule.destination_zone}, not {spec.from_} -> {spec.to}")
    for what, names, have in (("sources", spec.source, rule.sources), ("destinations", spec.destination,
                                                                        rule.destinations)):
        want = {net for g in names for net in _ipv4(groups.get(g, []))}
        if want != have:
            found.append(f"{what} {_nets(have)}, not {_nets(want)}")
    want_services: set[Service] = {(s.protocol, s.low, s.high) for s in spec.services}
    if want_services != rule.services:
        found.append(f"services {_services(rule.services)}, not {_services(want_services)}")
    if rule.action != spec.action:
        found.append(f"action {rule.action or 'none'}, not {spec.action}")
    return found


def _ipv4(prefixes: Sequence[object]) -> list[ipaddress.IPv4Network]:
    found = []
    for prefix in prefixes:
        try:
            found.append(ipaddress.IPv4Network(str(prefix)))
        except ValueError:
            continue  # an IPv6 prefix: the IPv6 policy's
    return found


def _nets(nets: set[ipaddress.IPv4Network]) -> str:
    return some(sorted(str(n) for n in nets)) if nets else "any"


def _services(services: set[Service]) -> str:
    if not services:
        return "any"
    return some(sorted(p if low is None else f"{p}/{low}" + (f"-{high}" if high != low else "")
                       for p, low, high in services))

"""GN923: each firewall enforces the policy's rules as zones/policy.yaml writes them, addresses and services
included: a rule of the policy that applies at the firewall's level (both zones cross its site's firewalls) is in
its security policy under its name, with the policy's zones, source and destination subnets (the address groups'
prefixes; none: any), services (none: any) and action. A rule that lets tcp/443 of sap-clients through is not
the same rule when the config lets every service or every source through.

IPv6 alike, where the firewall has IPv6 ports: a Huawei USG has one policy for both families, so the same rule
carries the groups' IPv6 prefixes too; an H3C SecPath has a policy of its own for IPv6 ('security-policy ipv6'),
which must hold every rule whose groups have IPv6 prefixes or none (a rule with IPv4 prefixes only is no IPv6
rule), with its IPv6 prefixes."""

from __future__ import annotations

import ipaddress
from collections.abc import Collection, Sequence

from govnet.diagnostics import Diagnostic, some
from govnet.model.hierarchy import level_name
from govnet.model.legs import crossing_zones
from govnet.model.types import Origin
from govnet.schema.zones import RuleSpec
from govnet.verify.context import VerifyContext
from govnet.verify.scan import Rule

POLICY_FILE = "zones/policy.yaml"
Service = tuple[str, int | None, int | None]
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


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
        separate6 = device.platform == SEPARATE_IPV6_POLICY
        rules6 = {r.name: r for r in facts.rules if r.family == 6} if separate6 else rules
        dual = any(p.ipv6 is not None and not p.name.lower().startswith("loopback") for p in facts.interfaces.values())
        for i, spec in enumerate(model.policy.rules):
            if level not in spec.at or spec.from_ not in crossing or spec.to not in crossing:
                continue
            file, line, _, _ = model.locate(Origin(POLICY_FILE, ("rules", i)))
            hint = f"the rule is written at {file}:{line}; render the configs again"
            judged = [(4, rules)] if not dual else [(4, rules), (6, rules6)]
            for family, table in judged:
                if family == 6 and separate6 and _prefixes(ctx, spec, 4) and not _prefixes(ctx, spec, 6):
                    continue  # IPv4 addresses only: no rule of the IPv6 policy
                rule = table.get(spec.name)
                if rule is None:
                    if family == 6 and not separate6:
                        continue  # one policy for both families: its absence is the IPv4 finding
                    first = [r.line for r in facts.rules if r.family == family or not separate6]
                    message = (f"{facts.device} has no rule {spec.name} ({spec.from_} -> {spec.to}) in its security "
                               "policy") if family == 4 else (f"{facts.device} has no rule {spec.name} ({spec.from_} "
                                                               f"-> {spec.to}) in its IPv6 security policy")
                    found.append(ctx.at("GN923", facts, first[0] if first else 1, message, hint))
                    continue
                differs = "; ".join(_differences(ctx, spec, rule, family, whole=family == 4 or separate6))
                if differs and family == 4:
                    found.append(ctx.at("GN923", facts, rule.line, f"rule {spec.name} on {facts.device} differs from "
                                        f"the policy: {differs}", hint))
                elif differs:
                    found.append(ctx.at("GN923", facts, rule.line, f"rule {spec.name} on {facts.device} differs from "
                                        f"the policy in IPv6: {differs}", hint))
    return found


SEPARATE_IPV6_POLICY = "h3c_secpath"  # Comware's 'security-policy ipv6' beside 'security-policy ip'


def _prefixes(ctx: VerifyContext, spec: RuleSpec, family: int) -> list[Network]:
    groups = ctx.model.policy.address_groups
    return [net for names in (spec.source, spec.destination) for g in names for net in _family(groups.get(g, []),
                                                                                              family)]


def _differences(ctx: VerifyContext, spec: RuleSpec, rule: Rule, family: int, *, whole: bool) -> list[str]:
    """How the rule differs from the policy in one family's addresses (and, when ``whole``, in its zones, services
    and action: an IPv6 view of a rule shared by both families judges only its IPv6 addresses)."""
    groups = ctx.model.policy.address_groups
    found = []
    if whole and (rule.source_zone, rule.destination_zone) != (spec.from_, spec.to):
        found.append(f"zones {rule.source_zone} -> {rule.destination_zone}, not {spec.from_} -> {spec.to}")
    have_sources, have_destinations = (rule.sources, rule.destinations) if family == 4 else (rule.sources6,
                                                                                            rule.destinations6)
    for what, names, have in (("sources", spec.source, have_sources),
                              ("destinations", spec.destination, have_destinations)):
        want: set[Network] = {net for g in names for net in _family(groups.get(g, []), family)}
        if want != have:
            found.append(f"{what} {_nets(have)}, not {_nets(want)}")
    if not whole:
        return found
    want_services: set[Service] = {(s.protocol, s.low, s.high) for s in spec.services}
    if want_services != rule.services:
        found.append(f"services {_services(rule.services)}, not {_services(want_services)}")
    if rule.action != spec.action:
        found.append(f"action {rule.action or 'none'}, not {spec.action}")
    return found


def _family(prefixes: Sequence[object], family: int) -> list[Network]:
    found = []
    for prefix in prefixes:
        try:
            net = ipaddress.ip_network(str(prefix))
        except ValueError:
            continue
        if net.version == family:
            found.append(net)
    return found


def _nets(nets: Collection[Network]) -> str:
    return some(sorted(str(n) for n in nets)) if nets else "any"


def _services(services: set[Service]) -> str:
    if not services:
        return "any"
    return some(sorted(p if low is None else f"{p}/{low}" + (f"-{high}" if high != low else "")
                       for p, low, high in services))

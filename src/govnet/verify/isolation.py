"""GN914 and GN915, per prefix: nothing of the office zone is reachable from any other zone or from the internet,
and the internet zone reaches a dedicated zone only through a firewall rule.

Judged on what each VPN instance on each PE actually holds (govnet.verify.learned, IPv4 and IPv6): a route an office
instance announces that a (PE, instance) of another zone learns (route targets met, BGP carries it there, its
import policy passes it), or the reverse; a route a dedicated instance announces that an internet-zone instance
learns (past every firewall); and static routes toward the office's or a dedicated zone's addresses in an instance
of the public or internet zone (or the global table). A static route of the internet zone toward a dedicated zone's
addresses is a way through only if it leads to a firewall that holds a rule permitting internet -> that zone for the
route's prefix (the rule's destinations cover it, or it has none). Each finding names the prefixes and the instance.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from govnet.diagnostics import Diagnostic, some
from govnet.model.types import Zone
from govnet.verify import learned
from govnet.verify.bgp import Sessions
from govnet.verify.context import VerifyContext
from govnet.verify.learned import Announced, Key
from govnet.verify.scan import Facts, Rule, Vrf

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Instance:
    facts: Facts
    name: str
    vrf: Vrf  # the family's view
    kind: str  # the zone kind of the instance ('' when no zone of the model is routed in it)


def check(ctx: VerifyContext, sessions: Sessions) -> list[Diagnostic]:
    zones = {zone.vrf: zone for zone in ctx.model.zones}
    found: list[Diagnostic] = []
    for family in learned.FAMILIES:
        found += _learned(ctx, sessions if family == 4 else sessions.vpnv6, zones, family)
        found += _statics(ctx, zones, family)
    return found


def _forbidden(origin: str, receiver: str) -> str:
    """The code of a route of an ``origin``-kind zone learned by a ``receiver``-kind one, or ''."""
    if (origin == "office") != (receiver == "office"):
        return "GN914"
    if origin == "dedicated" and receiver == "internet":
        return "GN915"
    return ""


def _learned(ctx: VerifyContext, sessions: Sessions, zones: dict[str, Zone], family: int) -> list[Diagnostic]:
    importers: dict[str, list[Instance]] = {}  # route target -> the instances importing it
    for facts, name, vrf in learned.instances(ctx, family):
        zone = zones.get(name)
        instance = Instance(facts, name, vrf, zone.kind if zone is not None else "")
        for target in vrf.import_:
            importers.setdefault(target, []).append(instance)
    # per origin instance: the instances of a zone that must not learn its routes but import its targets (usually
    # none at all, and then no route is looked at)
    suspects: dict[tuple[str, frozenset[str]], list[Instance]] = {}
    risky: dict[tuple[str, str], list[Instance]] = {}
    for facts, name, vrf in learned.instances(ctx, family):
        zone = zones.get(name)
        group = (zone.kind if zone is not None else "", frozenset(vrf.export))
        candidates = suspects.get(group)
        if candidates is None:
            candidates = suspects[group] = _unique(
                i for t in sorted(group[1]) for i in importers.get(t, ()) if _forbidden(group[0], i.kind))
        if candidates:
            risky[(facts.device, name)] = candidates
    leaks: dict[tuple[str, str, str], list[str]] = {}  # (code, device, instance) -> '<prefix> of <origin>'
    if not risky:
        return []
    for key, routes in learned.announced(ctx, family).items():
        for route in routes:
            origin = route.origin
            zone = zones.get(origin.name)
            kind = zone.kind if zone is not None else ""
            for receiver in risky.get((origin.facts.device, origin.name), ()):
                if _learns(sessions, route, receiver, key, family):
                    code = _forbidden(kind, receiver.kind)
                    prefix = learned.network(key, family)
                    leaks.setdefault((code, receiver.facts.device, receiver.name), []).append(
                        f"{prefix} of {origin.name} on {origin.facts.device}")
    found = []
    for (code, device, name), prefixes in sorted(leaks.items()):
        facts = ctx.facts[device]
        vrf = learned.view(facts.vrfs[name], family) or facts.vrfs[name]
        zone = zones.get(name)
        if code == "GN914":
            message = f"{name} on {device} learns {len(prefixes)} office routes ({some(sorted(prefixes))})"
        else:
            message = (f"{name} on {device} learns {len(prefixes)} routes of dedicated zones past every firewall "
                       f"({some(sorted(prefixes))})")
        found.append(ctx.at(code, facts, vrf.rt_line or vrf.line, message, _hint(ctx, zone, code)))
    return found


def _unique(instances: Iterable[Instance]) -> list[Instance]:
    seen: dict[tuple[str, str], Instance] = {}
    for instance in instances:
        seen.setdefault((instance.facts.device, instance.name), instance)
    return list(seen.values())


def _learns(sessions: Sessions, route: Announced, receiver: Instance, key: Key, family: int) -> bool:
    origin = route.origin
    if receiver.facts is origin.facts:
        if receiver.name == origin.name:
            return False
    elif receiver.facts.device not in sessions.reached_by(sessions.signature(origin.facts.device)):
        return False
    return learned.imports(receiver.facts, receiver.vrf, key, family, route.attrs)


def _hint(ctx: VerifyContext, zone: Zone | None, code: str) -> str:
    base = ("the office zone is isolated: remove the import of its route target, or deny its prefixes in the "
            "import route-policy" if code == "GN914" else "let the internet zone reach a dedicated zone only "
            "through a firewall rule: remove the import of the dedicated zone's route target")
    if zone is not None and zone.spec.import_from:
        file, line, _, _ = ctx.model.locate(zone.origin)
        return f"{base} (zone {zone.name} at {file}:{line} imports {', '.join(zone.spec.import_from)})"
    return base


def _pools(zone: Zone, family: int) -> list[Network]:
    if zone.spec.addresses is None:
        return []
    plan = zone.spec.addresses.ipv4 if family == 4 else zone.spec.addresses.ipv6
    return [ipaddress.ip_network(str(p)) for p in plan.pool] if plan is not None else []


def _statics(ctx: VerifyContext, zones: dict[str, Zone], family: int) -> list[Diagnostic]:
    """Static routes of the public or internet zone (or the global table) toward the office's addresses, and of
    the internet zone toward a dedicated zone's past a firewall rule for them (dedicated VPNs may reuse the office's
    addresses: their own routes are theirs)."""
    office = [p for zone in zones.values() if zone.kind == "office" for p in _pools(zone, family)]
    dedicated = [(zone, p) for zone in zones.values() if zone.kind == "dedicated" for p in _pools(zone, family)]
    found = []
    for facts in ctx.facts.values():
        for vrf, prefix, line, next_hop in _routes(facts, family):
            zone = zones.get(vrf)
            if prefix.prefixlen == 0 or (zone is not None and zone.kind not in ("public", "internet")):
                continue  # a default route leaks nothing
            for pool in office:
                if prefix.overlaps(pool):
                    found.append(ctx.at("GN914", facts, line, f"{facts.device} routes the office zone's {prefix} "
                                        f"in {vrf or 'the global table'}", "the office zone is isolated: remove "
                                        "the route"))
                    break
            if zone is None or zone.kind != "internet":
                continue
            for target, pool in dedicated:
                if prefix.overlaps(pool):
                    problem = _through_rule(ctx, facts, (vrf, prefix), zone, target, next_hop)
                    if problem:
                        found.append(ctx.at("GN915", facts, line, problem, "route it through a firewall with a rule "
                                            "that permits it, or remove it"))
                    break
    return found


def _routes(facts: Facts, family: int) -> Iterable[tuple[str, Network, int, str]]:
    if family == 4:
        return ((r.vrf, r.prefix, r.line, r.next_hop) for r in facts.routes)
    return ((r.vrf, r.prefix, r.line, r.next_hop) for r in facts.routes6)


def _through_rule(ctx: VerifyContext, facts: Facts, route: tuple[str, Network], zone: Zone, target: Zone,
                  next_hop: str) -> str:
    """'' when the route leads to a firewall with a rule permitting the internet zone into the target zone for
    the prefix; else the finding."""
    vrf, prefix = route
    family = prefix.version
    owner = _owner(ctx, next_hop, family)
    if owner is None or ctx.role(owner.device) != "firewall":
        return f"{facts.device} routes the internet zone ({vrf}) to {prefix} of {target.name} past every firewall"
    rules = [r for r in owner.rules if r.source_zone == zone.name and r.destination_zone == target.name
             and r.action == "permit" and r.family == family]
    if family == 4 and not rules:  # Huawei USG: one policy for both families
        rules = [r for r in owner.rules if r.source_zone == zone.name and r.destination_zone == target.name
                 and r.action == "permit"]
    if not rules:
        return (f"{facts.device} routes the internet zone ({vrf}) to {prefix} of {target.name} through "
                f"{owner.device}, which has no rule permitting {zone.name} -> {target.name}")
    if not any(_covers(rule, prefix) for rule in rules):
        return (f"{facts.device} routes the internet zone ({vrf}) to {prefix} of {target.name} through "
                f"{owner.device}, whose rules permitting {zone.name} -> {target.name} "
                f"({', '.join(r.name for r in rules)}) do not cover it")
    return ""


def _covers(rule: Rule, prefix: Network) -> bool:
    """Whether a rule's destinations take in the prefix (a rule with none of either family: any)."""
    if not rule.destinations and not rule.destinations6:
        return True
    if isinstance(prefix, ipaddress.IPv4Network):
        return any(prefix.subnet_of(d) for d in rule.destinations)
    return any(prefix.subnet_of(d) for d in rule.destinations6)


def _owner(ctx: VerifyContext, address: str, family: int) -> Facts | None:
    if family == 4:
        found = ctx.owner_of(address)
        return found[0] if found is not None else None
    try:
        ip = ipaddress.IPv6Address(address)
    except ValueError:
        return None
    for facts in ctx.facts.values():  # IPv6 next hops are rare (an internet zone's static routes): a scan is fine
        for port in facts.interfaces.values():
            if port.ipv6 is not None and port.ipv6.ip == ip:
                return facts
    return None

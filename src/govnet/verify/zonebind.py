"""Firewall ports bound to their security zones (USG 'firewall zone …' / 'add interface', SecPath 'security-zone
name …' / 'import interface'): a port in no zone passes no traffic at all, and a zone leg (VLAN = the zone's
number) bound to another zone's security zone meets the rules of the wrong pair of zones. Loopbacks are the
device's own ('local'), bound to no zone."""

from __future__ import annotations

from govnet.diagnostics import Diagnostic
from govnet.verify.context import VerifyContext


def check(ctx: VerifyContext) -> list[Diagnostic]:
    found = []
    by_number = {zone.number: zone.name for zone in ctx.model.zones}
    names = {zone.name.lower() for zone in ctx.model.zones}
    for facts in ctx.facts.values():
        if not facts.security_zones:
            continue  # a router: no security zones
        bound = {port: zone for zone, ports in facts.security_zones.items() for port in ports}
        for name, port in facts.interfaces.items():
            if port.shutdown or (port.ipv4 is None and port.ipv6 is None) or name.lower().startswith("loopback"):
                continue
            zone = bound.get(name)
            if zone is None:
                found.append(ctx.at("GN923", facts, port.line, f"{facts.device} {name} ({port.ipv4 or port.ipv6}) is "
                                    "in no security zone: the firewall passes no traffic to or from it",
                                    "bind the port to its zone ('add interface' / 'import interface')"))
                continue
            wanted = by_number.get(port.vlan) if port.vlan is not None else None
            if wanted is not None and zone.lower() in names and zone.lower() != wanted.lower():
                found.append(ctx.at("GN923", facts, port.line, f"{facts.device} {name} carries zone {wanted} "
                                    f"(VLAN {port.vlan}) but is bound to security zone {zone}: its traffic meets "
                                    "the rules of another zone", f"bind the port to security zone {wanted}"))
    return found

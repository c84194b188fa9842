"""GN925: every carrier handoff (a port described TO-ISP-<carrier>) carries the default route toward that carrier
in its table, for each family the port has an address of: 0.0.0.0/0 for IPv4, ::/0 for IPv6 (the /127 internet
legs), with the next hop in the port's subnet. Without it the exit announces nothing and sends nothing out."""

from __future__ import annotations

import ipaddress

from govnet.diagnostics import Diagnostic
from govnet.verify.context import VerifyContext


def check(ctx: VerifyContext) -> list[Diagnostic]:
    found = []
    for facts in ctx.facts.values():
        for port in facts.interfaces.values():
            if not port.description.startswith("TO-ISP-") or port.shutdown:
                continue
            carrier = port.description[7:]
            if port.ipv4 is None and port.ipv6 is None:  # the handoff's address gone: no route resolves through it
                found.append(ctx.at("GN925", facts, port.line, f"{facts.device} {port.name} hands off to {carrier} "
                                    "but has no address: no default route reaches the carrier",
                                    "give the handoff the address of the carrier's contract"))
                continue
            if port.ipv4 is not None and not any(
                    r.vrf == port.vrf and r.prefix.prefixlen == 0 and _in(r.next_hop, port.ipv4.network)
                    for r in facts.routes):
                found.append(ctx.at("GN925", facts, port.ipv4_line or port.line, f"{facts.device} {port.name} hands "
                                    f"off to {carrier}, but {port.vrf or 'the global table'} has no IPv4 default route "
                                    f"toward it ({port.ipv4.network})", "route 0.0.0.0/0 to the carrier's address "
                                    "on the handoff"))
            if port.ipv6 is not None and not any(
                    r.vrf == port.vrf and r.prefix.prefixlen == 0 and _in(r.next_hop, port.ipv6.network)
                    for r in facts.routes6):
                found.append(ctx.at("GN925", facts, port.ipv6_line or port.line, f"{facts.device} {port.name} hands "
                                    f"off to {carrier}, but {port.vrf or 'the global table'} has no IPv6 default route "
                                    f"toward it ({port.ipv6.network})", "route ::/0 to the carrier's address on "
                                    "the handoff"))
    return found


def _in(address: str, network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> bool:
    try:
        return ipaddress.ip_address(address) in network
    except ValueError:
        return False

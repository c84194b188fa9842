"""GN927: every static route of a router's VPN instance toward a firewall or an access gateway follows a BFD session
toward that next hop (Huawei 'track bfd-session NAME' of a session bound to it, Comware 'bfd control-packet', IOS XE
an 'ip route static bfd' line naming the route's port and next hop). Without one, a firewall that hangs with its
ports up keeps the routes toward it, and the floating backup toward the standby never takes over."""

from __future__ import annotations

import ipaddress

from govnet.diagnostics import Diagnostic
from govnet.model.management import SIDE_ROLES
from govnet.verify.context import VerifyContext
from govnet.verify.facts import BfdSession
from govnet.verify.scan import Facts, Route, Route6


def _side_addresses(ctx: VerifyContext) -> dict[ipaddress.IPv4Address | ipaddress.IPv6Address, str]:
    """The interface addresses of the firewalls and access gateways, to their device."""
    found: dict[ipaddress.IPv4Address | ipaddress.IPv6Address, str] = {}
    for name, facts in ctx.facts.items():
        device = ctx.model.devices.get(name)
        if device is None or device.role not in SIDE_ROLES:
            continue
        for port in facts.interfaces.values():
            for address in (port.ipv4, port.ipv6):
                if address is not None:
                    found[address.ip] = name
    return found


def tied(facts: Facts, route: Route | Route6) -> bool:
    """Whether a BFD session toward its next hop follows the route (it is withdrawn when the session drops)."""
    if route.bfd == "bfd" or route.bfd in facts.static_bfd:
        return True
    session = session_named(facts, route.bfd)
    return session is not None and _same(session.peer, route.next_hop)


def session_named(facts: Facts, name: str) -> BfdSession | None:
    """The Huawei BFD session a route tracks by name: "BFD session names are case-insensitive. For example, ABC and
    abc are regarded as the same BFD session" (NetEngine 8000 F command reference, bfd (session))."""
    found = facts.bfd.get(name)
    if found is None and name:
        found = next((s for n, s in facts.bfd.items() if n.lower() == name.lower()), None)
    return found


def _same(a: str, b: str) -> bool:
    try:
        return ipaddress.ip_address(a) == ipaddress.ip_address(b)
    except ValueError:
        return False


def check(ctx: VerifyContext) -> list[Diagnostic]:
    sides = _side_addresses(ctx)
    found = []
    for facts in ctx.facts.values():
        device = ctx.model.devices.get(facts.device)
        if device is None or device.role in SIDE_ROLES:
            continue
        routes: list[Route | Route6] = [*facts.routes, *facts.routes6]
        for route in routes:
            if not route.vrf:
                continue  # the global table: management routes to the firewalls' own loopbacks, no failover
            try:
                far = sides.get(ipaddress.ip_address(route.next_hop))
            except ValueError:
                continue
            if far is None or tied(facts, route) or (route.bfd and route.bfd != "bfd" and " " not in route.bfd):
                continue  # tied, or naming a Huawei session that is not toward its next hop: GN937 says which
            found.append(ctx.at("GN927", facts, route.line, f"{facts.device} routes {route.prefix} in {route.vrf} to "
                                f"{far} ({route.next_hop}) without BFD: a firewall that hangs with its ports up keeps "
                                "the route, and the standby never takes over",
                                "tie the route to a BFD session toward its next hop (Huawei 'track bfd-session', "
                                "Comware 'bfd control-packet', IOS XE 'ip route static bfd')"))
    return found

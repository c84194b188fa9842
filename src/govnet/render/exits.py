"""Carrier handoffs in device contexts: the carrier-facing port of an internet exit router and its default routes.

Each handoff is a physical port (card 15, govnet.render.ports) bound to the internet zone's VPN instance with
our address from the ISP contract, and a static default route in that VPN instance to the carrier's gateway.
Every carrier's default has the same preference: a router uses its own carriers (a static route beats the
iBGP copy of another router's), two carriers on one router share the load, and a router without a carrier of
its own, or whose carrier port goes down, follows the default the other exit routers advertise in BGP
('default-route imported' / 'default-information originate', set from these routes). Primary and backup
carriers would need a floating static worse than iBGP, which VRP cannot express (its iBGP preference, 255, is
the highest a static route can have). The NAT pool's way back to the firewall is the legs' (govnet.render.legs).
"""

from __future__ import annotations

from ipaddress import ip_interface

from govnet.ipam.prefix import parse_net
from govnet.model.exits import Handoff, device_handoffs
from govnet.model.types import Device, Model
from govnet.render.context import Interface, Ip, Route, host
from govnet.render.ports import Port

DEFAULT = {4: "0.0.0.0/0", 6: "::/0"}


def description(handoff: Handoff, limit: int) -> str:
    """The carrier port's description: the carrier's ASCII name (CT, CU, CM ...)."""
    return f"TO-ISP-{handoff.tag}"[:limit]


def _ip(text: str) -> Ip:
    """An interface address with its subnet's length, in the forms templates want."""
    interface = ip_interface(text)
    net = parse_net(str(interface.network))
    return host(net, int(interface.ip) - int(interface.network.network_address))


def carrier_interface(model: Model, device: Device, port: Port, limit: int) -> Interface | None:
    """The interface of one carrier port (None if the port is not one of this router's handoffs)."""
    handoff = next((h for h in device_handoffs(model, device) if h.carrier == port.far), None)
    if handoff is None:
        return None
    spec = handoff.spec
    return Interface(port.name, description(handoff, limit), "carrier", _ip(spec.address),
                     _ip(spec.ipv6.address) if spec.ipv6 else None, vrf=handoff.zone.vrf)


def carrier_routes(model: Model, device: Device) -> tuple[Route, ...]:
    """A router's default routes to its carriers, in carrier order, IPv4 before IPv6."""
    routes = []
    for family in (4, 6):
        for handoff in device_handoffs(model, device):
            spec = handoff.spec
            gateway = spec.gateway if family == 4 else spec.ipv6.gateway if spec.ipv6 else None
            if gateway is not None:
                routes.append(Route(host(parse_net(DEFAULT[family])), gateway, handoff.zone.vrf,
                                    f"TO-ISP-{handoff.tag}"))
    return tuple(routes)

"""The in-band management plane in device contexts (govnet.yaml ``management.plane``, govnet.model.management).

- The NOC network: a port (card 15, govnet.render.ports) on each core router of the NOC site, in the global
  table and the IGP, addressed from the top of the first management network (.254, .253 … by router name), so
  every router's management loopback (already in the IGP) reaches the servers and the servers reach it.
- Firewalls have no IGP: each router-firewall pair gets a management sub-interface (VLAN ``firewall_vlan``) in the
  global table, addressed from the lock (``links ipv4 zone-mgmt-leg <router>~<firewall>``). The firewall routes the
  management networks over it (its own traffic never follows a zone's default route toward an ISP); the router
  routes the firewall's management loopback over it and imports that static route into the IGP.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

from govnet.ipam import keys
from govnet.ipam.keys import LINKS, key_text
from govnet.ipam.prefix import Net, parse_net
from govnet.ipam.requests import MGMT_LEG
from govnet.model.management import SIDE_ROLES, MgmtLeg, mgmt_legs, noc_routers
from govnet.model.types import Device, Model
from govnet.render.context import Interface, Ip, Route, host


def networks(model: Model) -> tuple[Ip, ...]:
    """The management networks, for ACLs and the firewalls' routes."""
    return tuple(host(parse_net(n)) for n in model.project.management.plane.networks)


def peer_networks(model: Model) -> tuple[Ip, ...]:
    """The IPv4 infrastructure pools (loopbacks, links: BGP, LDP, OSPF and BFD peers), for control-plane ACLs."""
    infra = model.infrastructure
    if infra is None:
        return ()
    plans = (infra.loopback.ipv4, infra.links.ipv4)
    return tuple(host(parse_net(n)) for plan in plans if plan is not None for n in plan.pool)


def noc_interface(model: Model, device: Device, port: str, area: str | None) -> Interface | None:
    """The NOC port of a core router of the NOC site (None on any other device)."""
    routers = noc_routers(model)
    if device not in routers:
        return None
    net = ipaddress.ip_network(model.project.management.plane.networks[0])
    if net.version != 4 or net.num_addresses < len(routers) + 2:
        return None
    offset = net.num_addresses - 2 - routers.index(device)
    return Interface(port, "TO-NOC", "noc", host(parse_net(str(net)), offset), igp=True, area=area)


def _leg(model: Model, device: Device, far: str) -> MgmtLeg | None:
    """The leg between this device and ``far`` (both ends must match: a firewall pair shares its routers)."""
    return next((leg for leg in mgmt_legs(model, device.site) if {device.name, far} == {leg.router, leg.firewall}),
                None)


def _address(decisions: Mapping[str, Net], leg: MgmtLeg, device: str) -> Ip | None:
    net = decisions.get(key_text(LINKS, "ipv4", MGMT_LEG, leg.subject))
    return host(net, 0 if device == min(leg.router, leg.firewall) else 1) if net is not None else None


def mgmt_interface(model: Model, decisions: Mapping[str, Net], device: Device, port: str, far: str,
                   limit: int) -> Interface | None:
    """The management sub-interface of one router-firewall port."""
    leg = _leg(model, device, far)
    address = _address(decisions, leg, device.name) if leg is not None else None
    if leg is None or address is None:
        return None
    vlan = model.project.management.plane.firewall_vlan
    return Interface(f"{port}.{vlan}", f"TO-{far}-MGMT"[:limit], "mgmt", address, vlan=vlan, peer=far,
                     security_zone="management" if device.role in SIDE_ROLES else None, parent=port)


def mgmt_routes(model: Model, decisions: Mapping[str, Net], device: Device) -> tuple[Route, ...]:
    """A firewall's routes to the management networks via each router; a router's to each firewall's
    management loopback. Global table."""
    routes: list[Route] = []
    for leg in mgmt_legs(model, device.site):
        if device.name not in (leg.router, leg.firewall):
            continue
        far = leg.router if device.name == leg.firewall else leg.firewall
        hop = _address(decisions, leg, far)
        if hop is None:
            continue
        if device.role in SIDE_ROLES:
            routes += [Route(n, hop.address, None, f"TO-{far}-MGMT") for n in networks(model) if n.family == 4]
        else:
            loopback = decisions.get(str(keys.management("ipv4", far)))
            if loopback is not None:
                routes.append(Route(host(loopback), hop.address, None, f"TO-{far}-MGMT"))
    return tuple(sorted(routes, key=lambda r: (int(ipaddress.ip_address(r.prefix.network)), r.prefix.length,
                                               int(ipaddress.ip_address(r.next_hop)))))

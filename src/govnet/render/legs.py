"""Router-firewall legs in device contexts: the zone sub-interfaces with their addresses, and the static routes
that send traffic between zones through the firewall.

The firewall hangs off the site's routers (PEs) in VRF context, the usual design for a firewall between MPLS VPNs
(a "fusion" or "VRF sandwich" firewall): each zone that crosses it is one dot1q sub-interface per router, bound to
the zone's VPN instance on the router and put into the zone's security zone on the firewall. Routing is static:

- the firewall routes what lives behind each zone toward that zone's router legs: the internet zone's default
  route, the other zones' address pools; with two routers, two equal-cost next hops;
- a router, in a zone's VPN instance, routes toward the site's first firewall (by name; the others are floating
  backups with a worse preference: the active firewall of the HA pair, govnet.model.ha, whose standby holds a
  copy of its sessions) what the policy lets that zone reach at this
  level (a permitted rule's destination: its address groups, the internet's default route, or the other zone's
  pools) and the return path of what reaches the zone through the firewall (a rule's sources, or each
  carrier's NAT pool of an internet exit, whose addresses the firewall answers for; IPv6 comes back untranslated
  to the source zone's IPv6 pools); BGP advertises these routes in the VPN. At an exit, the firewall's internet
  default routes lead only toward the routers that hold a carrier.

Addresses come from the lock (``links ipv4 zone-leg <router>~<firewall>:<zone>``); as on links, the device whose
name sorts first takes the lower address.
"""

from __future__ import annotations

from collections.abc import Iterable

from govnet.ipam.plan import AddressBook
from govnet.ipam.prefix import Net, parse_net
from govnet.model.access import GATEWAY, access_platform, gateways
from govnet.model.exits import handoffs, ipv6_exit
from govnet.model.hierarchy import site_level
from govnet.model.legs import FIREWALL, Leg, crossing_zones, device_legs
from govnet.model.management import SIDE_ROLES
from govnet.model.types import Device, Model, Zone
from govnet.render.context import Interface, Ip, Route, host

DEFAULT = {"ipv4": "0.0.0.0/0", "ipv6": "::/0"}
MAX_VLAN = 4094


def leg_net(addresses: AddressBook, leg: Leg, family: str) -> Net | None:
    return addresses.leg(family, leg.subject)


def leg_address(addresses: AddressBook, leg: Leg, device: str, family: str) -> Ip | None:
    """The address of ``device``'s end of a leg (the lower one for the name that sorts first)."""
    net = leg_net(addresses, leg, family)
    if net is None:
        return None
    return host(net, 0 if device == min(leg.router, leg.firewall) else 1)


def leg_interfaces(model: Model, addresses: AddressBook, device: Device, port: str, far: str,
                   description_max: int) -> list[Interface]:
    """The zone sub-interfaces of one router-firewall port, in zone order (VLAN = zone number)."""
    result = []
    for leg in device_legs(model, device):
        if far not in (leg.router, leg.firewall):
            continue
        zone = model.zone_by_name[leg.zone]
        if zone.number > MAX_VLAN:
            continue
        firewall = device.role in SIDE_ROLES  # a firewall or an access gateway: the side without VPN instances
        result.append(Interface(
            f"{port}.{zone.number}", f"TO-{far}-ZONE-{zone.name}"[:description_max], "zone",
            leg_address(addresses, leg, device.name, "ipv4"), leg_address(addresses, leg, device.name, "ipv6"),
            vrf=None if firewall else zone.vrf, vlan=zone.number, peer=far,
            security_zone=zone.name if firewall else None, parent=port))
    return result


def _reach(zone: Zone) -> list[str]:
    """What lives behind a zone: the internet's default routes (IPv6's only where the legs carry IPv6: at exits
    with IPv6 handoffs), or the zone's own pools."""
    if zone.kind == "internet":
        return [DEFAULT["ipv4"], DEFAULT["ipv6"]]
    plan = zone.spec.addresses
    if plan is None:
        return []
    return [p for fplan in (plan.ipv4, plan.ipv6) if fplan is not None for p in fplan.pool]


def _groups(model: Model, names: Iterable[str]) -> list[str]:
    groups = model.policy.address_groups
    return [p for g in names for p in groups.get(g, [])]


def router_prefixes(model: Model, addresses: AddressBook, site: str, zone: Zone) -> list[str]:
    """What a router sends through the firewall in one zone's VPN instance at a site, by the policy."""
    crossing = {z.name: z for z in crossing_zones(model, site)}
    level = site_level(model, site)
    v6 = ipv6_exit(model, site)  # IPv6 to the internet only where a carrier hands IPv6 off
    found: list[str] = []
    for rule in model.policy.rules:
        if rule.action != "permit" or level not in rule.at or rule.from_ == rule.to:
            continue
        if rule.from_ not in crossing or rule.to not in crossing:
            continue
        if rule.from_ == zone.name:
            reach = _groups(model, rule.destination) or _reach(crossing[rule.to])
            found += [p for p in reach if v6 or p != DEFAULT["ipv6"]]
        elif rule.to == zone.name:
            nat = nat_pools(model, addresses, site, zone) if rule.nat else []
            if nat:
                found += [str(n) for n in nat]
                if zone.kind == "internet" and v6:  # no NAT for IPv6: back to the source zone's IPv6 pools
                    found += [p for p in _reach(crossing[rule.from_]) if ":" in p]
            elif not rule.nat:
                found += _groups(model, rule.source) or _reach(crossing[rule.from_])
    return list(dict.fromkeys(found))


def nat_pools(model: Model, addresses: AddressBook, site: str, zone: Zone) -> list[Net]:
    """The NAT pools of an exit in the return path: one per carrier (govnet.render.firewall), or the exit's
    pool where it has no carriers' pools."""
    pools = [addresses.carrier_nat(zone.name, site, h.carrier) for h in handoffs(model, site)
             if h.zone.name == zone.name]
    found = [p for p in pools if p is not None]
    exit_net = addresses.nat(zone.name, site)
    return found or ([exit_net] if exit_net is not None else [])


def carrier_routers(model: Model, site: str) -> set[str]:
    """The routers of a site that hold a carrier's circuit: the only way out to the internet."""
    return {h.router.name for h in handoffs(model, site) if h.router is not None}


def firewall_prefixes(zone: Zone) -> list[str]:
    """What a firewall sends toward the routers in one zone."""
    return _reach(zone)


def gateway_prefixes(model: Model, addresses: AddressBook) -> list[str]:
    """What a router sends to the access gateways: the client pool and the portal address as the lock holds it
    (govnet.model.access)."""
    platform = access_platform(model)
    if platform is None:
        return []
    portal = addresses.portal(platform.zone.name, platform.site)
    return [*platform.spec.client_pool, *([str(portal)] if portal is not None else [])]


def _wanted(model: Model, addresses: AddressBook, device: Device, zone: Zone, to_gateway: bool) -> list[str]:
    if device.role == GATEWAY:
        return [DEFAULT["ipv4"]]  # clients' traffic and the portal's replies: to the routers' VPN instance
    if device.role == FIREWALL:
        return firewall_prefixes(zone)
    return gateway_prefixes(model, addresses) if to_gateway else router_prefixes(model, addresses, device.site, zone)


def static_routes(model: Model, addresses: AddressBook, device: Device) -> tuple[Route, ...]:
    """The static routes of a device over its legs, ordered by zone, prefix, next hop."""
    routes: list[tuple[tuple[int, int, int, int, str], Route]] = []
    firewall = device.role in SIDE_ROLES
    zones = {z.name: (i, z) for i, z in enumerate(model.zones)}
    wanted: dict[tuple[str, bool], list[str]] = {}
    standby_order = sorted(d.name for d in model.devices_of(device.site) if d.role == FIREWALL) or [""]
    gateway_order = [d.name for d in gateways(model, device.site)] or [""]
    exits = carrier_routers(model, device.site) if firewall else set()
    for leg in device_legs(model, device):
        order, zone = zones[leg.zone]
        if zone.kind == "internet" and exits and leg.router not in exits:
            continue  # the firewall's way to the internet is only toward a carrier (and its NAT pool's)
        to_gateway = model.devices[leg.firewall].role == GATEWAY
        if (zone.name, to_gateway) not in wanted:
            wanted[(zone.name, to_gateway)] = _wanted(model, addresses, device, zone, to_gateway)
        far = leg.router if firewall else leg.firewall
        active = gateway_order[0] if to_gateway else standby_order[0]
        for text in wanted[(zone.name, to_gateway)]:
            net = parse_net(text)
            family = "ipv4" if net.family == 4 else "ipv6"
            next_hop = leg_address(addresses, leg, far, family)
            if next_hop is None or leg_address(addresses, leg, device.name, family) is None:
                continue
            # Active/standby, symmetric: a router sends a zone's traffic to the site's first firewall only (the
            # others are floating backups), so a session's both directions cross one firewall; the firewalls
            # route back over both routers, which is symmetric whichever router the reply enters by.
            backup = not firewall and far != active
            route = Route(host(net), next_hop.address, None if firewall else zone.vrf, f"TO-{far}", backup)
            routes.append(((order, net.family, net.start, net.length, far), route))
    return tuple(r for _, r in sorted(routes, key=lambda t: t[0]))

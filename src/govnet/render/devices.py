"""From the model and its addresses to one DeviceContext per device.

Decisions made here, all deterministic and stable under unrelated additions:
- link addresses: the /31 (/127) of a link from the lock; the device whose name sorts first takes the lower
  address;
- OSPF areas: links and loopbacks of the province, the cities and the special sites are in area 0; everything
  inside a city (counties, townships, rings) is in the city's area, numbered by the city code (3601 → 0.0.14.17),
  so city cores are the area border routers;
- IS-IS: one level-2 domain, area 49.<province code>, system ID from the loopback;
- BGP: iBGP VPNv4 in the provincial AS; the core routers of sites at the route-reflector levels reflect for the
  routers below them (down to the next reflector level) and are clients of the reflectors above; VPNv6 on the
  same sessions where dual-stack zones need it (govnet.render.vpn);
- IPv6 underlay: every IGP interface with an IPv6 address runs OSPFv3 (same area as OSPFv2) or IS-IS's IPv6
  topology (multi-topology);
- firewalls: one security zone per zone that crosses the firewall at the site, on a dot1q sub-interface
  (VLAN = zone number) of each port toward the site's routers, addressed from the lock; the router side binds
  the same VLAN to the zone's VPN instance; static routes between the two (govnet.render.legs);
- internet exits: each carrier's circuit on a port of the router govnet.model.exits picks, in the internet zone's VPN
  instance, with a default route to the carrier (govnet.render.exits).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from ipaddress import IPv4Address

from govnet.ipam.keys import LINKS, LockKey
from govnet.ipam.plan import AddressBook
from govnet.ipam.prefix import Net
from govnet.model.attach import Attachment, attachments
from govnet.model.ha import device_pair
from govnet.model.hierarchy import ancestors, nearest
from govnet.model.hierarchy import level_name as level_of
from govnet.model.interconnect import KIND as INTERCONNECT
from govnet.model.interconnect import subject as interconnect_subject
from govnet.model.management import SIDE_ROLES
from govnet.model.types import SPECIAL, Device, Model, Site
from govnet.reference.platforms import PLATFORMS, ROUTING_ROLES
from govnet.render import ports as portmap
from govnet.render.bfd import apply as bfd_apply
from govnet.render.blocks import site_blocks
from govnet.render.context import (
    Bgp,
    BgpPeer,
    Block,
    DeviceContext,
    Igp,
    Interface,
    Ip,
    OspfArea,
    Route,
    Services,
    Vrf,
    VrfPeer,
    host,
    network_of,
)
from govnet.render.exits import carrier_interface, carrier_routes
from govnet.render.exits6 import announced
from govnet.render.failover import probes, tracked
from govnet.render.firewall import HA_LINK_GROUP, firewall, ha_interface
from govnet.render.gateway import gateway, portal_interface
from govnet.render.imports import ImportPolicy, import_policies
from govnet.render.legs import leg_interfaces, static_routes
from govnet.render.management import mgmt_interface, mgmt_routes, networks, noc_interface, peer_networks
from govnet.render.national import handoff_interfaces, vrf_peers
from govnet.render.secrets import Secrets
from govnet.render.underlay import edge_prefixes, igp_cost, own_prefixes, rd
from govnet.render.units import unit_interfaces
from govnet.render.vpn import dual_stack, import_targets, vpnv6_carriers

BACKBONE = "0.0.0.0"


@dataclass
class _Index:
    """What every device's context needs from the whole model, computed once."""

    model: Model
    addresses: AddressBook
    secrets: Secrets
    ports: dict[str, list[portmap.Port]]
    reflectors: dict[str, list[Device]]  # site key -> its route reflectors
    clients: dict[str, list[Device]]  # reflector site key -> the devices it reflects for
    areas: dict[str, str]  # site key -> OSPF area
    vpnv6: frozenset[str]  # routers that run VPNv6
    attached: dict[str, list[Attachment]]  # attach router -> its units' attachments
    own: dict[str, tuple[Ip, ...]]  # zone name -> its own IPv4 prefixes (per zone, not per device)
    services: Services  # the management services every device shares
    imports: dict[str, ImportPolicy]  # zone name -> its access edges' import policy
    # ... with a device's source interface and site: the same for the devices of a site, so built once per pair
    sourced: dict[tuple[str, str], Services] = field(default_factory=dict)
    # a BGP peer's loopback (its number, for the session order, and its address) by device, as asked
    sessions: dict[str, tuple[int, str] | None] = field(default_factory=dict)
    # Where the families that most devices lack can be at all, so that a device elsewhere (the villages' and
    # townships' lone routers: nine devices in ten) skips asking for them: each family's own lookup scans the
    # model's zones, exits or site devices again for every device, to find nothing.
    shared: frozenset[str] = frozenset()  # sites of two or more devices: only they have legs (router-firewall pairs)
    exit_sites: frozenset[str] = frozenset()  # sites an internet exit names: only they have carrier handoffs
    backbone_ends: frozenset[str] = frozenset()  # devices at a backbone link's end: only they hand VPNs off
    facing: dict[str, dict[str, list[portmap.Port]]] = field(default_factory=dict)  # device -> far -> its ports
    serving: dict[str, str | None] = field(default_factory=dict)  # router -> its reflectors' site, as worked out
    targets: dict[str, tuple[str, ...]] = field(default_factory=dict)  # zone name -> its VPN's import targets

    @property
    def decisions(self) -> Mapping[str, Net]:
        """The decisions by key text, for the render modules that do not ask the book yet."""
        return self.addresses.decisions


def build_contexts(model: Model, addresses: AddressBook, secrets: Secrets,
                   names: Iterable[str] | None = None) -> dict[str, DeviceContext]:
    """Contexts of every device, or of the named ones (same result for them as in a full run)."""
    wanted, index = context_index(model, addresses, secrets, names)
    return {name: device_context(index, name) for name in wanted}


def context_index(model: Model, addresses: AddressBook, secrets: Secrets,
                  names: Iterable[str] | None = None) -> tuple[list[str], _Index]:
    """The devices to render, sorted, and what their contexts need from the whole model (for device_context;
    worker processes share one, govnet.render.parallel)."""
    wanted = [n for n in (sorted(model.devices) if names is None else sorted(names)) if model.is_ours(model.devices[n])]
    return wanted, _index(model, addresses, secrets, set(wanted) if names is not None else None)


def device_context(index: _Index, name: str) -> DeviceContext:
    return _context(index, index.model.devices[name])


def _index(model: Model, addresses: AddressBook, secrets: Secrets, wanted: set[str] | None) -> _Index:
    rr_levels = set(model.routing.route_reflectors) if model.routing else set()
    reflectors: dict[str, list[Device]] = {}
    for key in model.site_by_key:
        site = model.site_by_key[key]
        if level_of(site) in rr_levels:
            found = sorted((d for d in model.devices_of(key) if d.role == "core-router" and model.is_ours(d)),
                           key=lambda d: d.name)
            if found:
                reflectors[key] = found
    clients: dict[str, list[Device]] = {}
    routers = [d for d in sorted(model.devices.values(), key=lambda d: d.name)
               if d.role in ROUTING_ROLES and model.is_ours(d)]
    serving: dict[str, str | None] = {}  # router -> the site whose reflectors serve it (_reflector_site)
    for device in routers:
        above = serving[device.name] = _reflector_site(model, reflectors, device)
        if above is not None:
            clients.setdefault(above, []).append(device)
    areas = {key: _area(model, site) for key, site in model.site_by_key.items()}
    attached = attachments(model)  # once: the ports ask it too
    return _Index(model, addresses, secrets, portmap.allocate(model, wanted, addresses.decisions, attached),
                  reflectors, clients, areas,
                  vpnv6_carriers(model, reflectors, clients, routers), attached,
                  {z.name: own_prefixes(z) for z in model.zones}, _shared_services(model, secrets),
                  import_policies(model, addresses), shared=frozenset(model.shared_sites),
                  exit_sites=frozenset(e.site for z in model.zones for e in z.spec.exits),
                  backbone_ends=frozenset(n for link in model.links_of_kind("backbone") for n in (link.a, link.b)),
                  serving=serving, targets={z.name: import_targets(model, z) for z in model.zones})


def _is_reflector(index: _Index, device: Device) -> bool:
    return device in index.reflectors.get(device.site, [])


def _reflector_site(model: Model, reflectors: Mapping[str, list[Device]], device: Device) -> str | None:
    """The site whose reflectors serve this device: its own (unless it is one of them), else the nearest above."""
    key: str | None = device.site
    if device in reflectors.get(device.site, []):
        key = model.site_by_key[device.site].parent
    return nearest(model.site_by_key, key, reflectors)


def _area(model: Model, site: Site) -> str:
    for current in (site, *ancestors(model.site_by_key, site)):
        if current.level in ("province", SPECIAL):
            return BACKBONE
        if current.level == "city":
            return str(IPv4Address(int(current.key))) if current.key.isdigit() and current is not site else BACKBONE
    return BACKBONE


def _loopbacks(index: _Index, device: Device) -> tuple[Interface, Interface | None]:
    naming = PLATFORMS[device.platform].naming
    v4 = index.addresses.loopback("ipv4", device.name)
    v6 = index.addresses.loopback("ipv6", device.name)
    loopback = Interface(f"{naming.loopback}0", "ROUTER-ID", "loopback", host(v4) if v4 else None,
                         host(v6) if v6 else None, igp=True, area=index.areas[device.site])
    mgmt = index.addresses.management("ipv4", device.name)
    management = Interface(f"{naming.loopback}1", "MANAGEMENT", "management", host(mgmt), igp=True,
                           area=index.areas[device.site]) if mgmt else None
    return loopback, management


def _link_interface(index: _Index, device: Device, port: portmap.Port, far_ports: Mapping[str, str]) -> Interface:
    assert port.link is not None
    offset = 0 if device.name == min(port.link.a, port.link.b) else 1
    v4 = index.addresses.link("ipv4", port.link.a, port.link.b)
    v6 = index.addresses.link("ipv6", port.link.a, port.link.b)
    far_site = index.model.devices[port.far].site
    area = index.areas[far_site] if index.areas[far_site] != BACKBONE else index.areas[device.site]
    description = _description(device, port.far, far_ports.get(port.far))
    ours = index.model.is_ours(index.model.devices[port.far])  # no IGP or LDP into another network
    return Interface(port.name, description, port.kind, host(v4, offset) if v4 else None,
                     host(v6, offset) if v6 else None, peer=port.far, igp=ours, area=area,
                     cost=igp_cost(port.link.bandwidth), p2p=v4 is None or v4.length >= 30)


def _interconnect(index: _Index, device: Device, port: portmap.Port, far_ports: Mapping[str, str]) -> Interface:
    """A router interconnect end: in the underlay like a link, costed by its ports' speed."""
    subject = interconnect_subject(device.name, port.far)
    offset = 0 if device.name == min(device.name, port.far) else 1
    v4 = index.addresses.address(LockKey(LINKS, "ipv4", INTERCONNECT, subject))
    v6 = index.addresses.address(LockKey(LINKS, "ipv6", INTERCONNECT, subject))
    speed = portmap.speed(index.model, device, port.far, "core")
    return Interface(port.name, _description(device, port.far, far_ports.get(port.far)), "link",
                     host(v4, offset) if v4 else None, host(v6, offset) if v6 else None, peer=port.far, igp=True,
                     area=index.areas[device.site], cost=igp_cost(speed), p2p=True)


def _description(device: Device, far: str, far_port: str | None) -> str:
    text = f"TO-{far}" + (f"-{far_port}" if far_port else "")
    return text[:PLATFORMS[device.platform].description_max]


def _far_port_names(index: _Index, device: Device) -> dict[str, str]:
    """The far end's port name for each of this device's links (one per far device: the first)."""
    names: dict[str, str] = {}
    for port in index.ports.get(device.name, []):
        if port.far in names or port.kind in ("carrier", "noc", "access"):  # a carrier's or the NOC's port is not ours
            continue
        for other in _facing(index, port.far).get(device.name, ()):
            if other.link is port.link or port.link is None:
                names[port.far] = other.name
                break
    return names


def _facing(index: _Index, name: str) -> dict[str, list[portmap.Port]]:
    """A device's ports by the device they face, each list in port order: looked up by each device below it (a
    township router's villages searched its whole port list, one village after the other)."""
    found = index.facing.get(name)
    if found is None:
        theirs = index.ports.get(name)
        if theirs is None:  # not computed in a partial run: compute that device's ports alone
            theirs = portmap.allocate(index.model, {name}, index.decisions, index.attached).get(name, [])
            index.ports[name] = theirs
        found = index.facing[name] = {}
        for port in theirs:
            found.setdefault(port.far, []).append(port)
    return found


def _zones_at(model: Model, site: str) -> list[str]:
    """The site's zones in model order (the order zones are written in zones.yaml)."""
    offered = set(model.zones_of(site))
    return [z.name for z in model.zones if z.name in offered]


def _interfaces(index: _Index, device: Device) -> list[Interface]:
    model = index.model
    far_ports = _far_port_names(index, device)
    limit = PLATFORMS[device.platform].description_max
    portal = portal_interface(model, index.addresses, device)
    group = HA_LINK_GROUP if device_pair(model, device) is not None else None  # ports of a firewall pair
    result: list[Interface] = [portal] if portal is not None else []
    for port in index.ports.get(device.name, []):
        if port.link is not None:
            result.append(_link_interface(index, device, port, far_ports))
            if port.link.kind == "backbone":
                result += handoff_interfaces(model, index.decisions, device, port.name, port.far, limit)
            continue
        if port.kind == "carrier":
            carrier = carrier_interface(model, device, port, limit)
            result += [carrier] if carrier is not None else []
            continue
        if port.kind == "core":
            result.append(_interconnect(index, device, port, far_ports))
            continue
        if port.kind == "access":
            result += unit_interfaces(model, index.decisions, index.attached.get(device.name, []), port.name,
                                      port.far, limit)
            continue
        if port.kind == "ha":
            result.append(ha_interface(model, index.addresses, device, port.name, port.far, limit))
            continue
        if port.kind == "noc":
            noc = noc_interface(model, device, port.name, index.areas[device.site])
            result += [noc] if noc is not None else []
            continue
        result.append(Interface(port.name, _description(device, port.far, far_ports.get(port.far)), "site",
                                peer=port.far, link_group=group))
        result += leg_interfaces(model, index.addresses, device, port.name, port.far, limit)
        mgmt = mgmt_interface(model, index.decisions, device, port.name, port.far, limit)
        result += [mgmt] if mgmt is not None else []
    return result


def _vrfs(index: _Index, device: Device, interfaces: list[Interface], loopback: Interface,
          routes: tuple[Route, ...], peered: tuple[VrfPeer, ...]) -> tuple[Vrf, ...]:
    model = index.model
    if device.role in SIDE_ROLES:
        return ()
    ipv6 = {i.vrf for i in interfaces if i.vrf is not None and i.ipv6 is not None}
    # an access edge: units attach in the VPN; not where the VPN also takes another AS's routes (the national
    # hand-off), whose routes must reach the other PEs
    edges = {i.vrf for i in interfaces if i.kind == "unit" and i.vrf is not None} - {p.vrf for p in peered}
    found = []
    for z in (model.zone_by_name[n] for n in _zones_at(model, device.site)):
        own = index.own[z.name]
        extra = edge_prefixes(own, z.vrf, interfaces, routes) if z.vrf in edges else ()
        edge = z.vrf in edges
        policy = index.imports[z.name]
        v6 = dual_stack(z) or z.vrf in ipv6
        edge6 = edge and v6
        found.append(Vrf(z.vrf, z.name, z.number, rd(z, loopback), index.targets[z.name], z.rt_export,
                         v6, z.spec.route_limit, own, edge, extra,
                         policy.leaked if edge else (), policy.exact if edge else (),
                         policy.national_asn if edge else None,
                         policy.own6 if edge6 else (),
                         edge_prefixes(policy.own6, z.vrf, interfaces, routes, 6) if edge6 else (),
                         policy.leaked6 if edge6 else (), policy.exact6 if edge6 else ()))
    return tuple(found)


def _igp(index: _Index, device: Device, loopback: Interface, routed: list[Interface]) -> Igp | None:
    model = index.model
    if device.role in SIDE_ROLES or model.routing is None or loopback.ipv4 is None:
        return None
    router_id = loopback.ipv4.address
    ipv6 = any(i.igp6 for i in routed)
    if model.routing.igp == "isis":
        digits = "".join(f"{int(octet):03d}" for octet in router_id.split("."))
        area = f"{int(model.project.province):04d}" if model.project.province.isdigit() else "0001"
        return Igp("isis", router_id, net=f"49.{area}.{digits[0:4]}.{digits[4:8]}.{digits[8:12]}.00", ipv6=ipv6)
    by_area: dict[str, list[Ip]] = {}
    for interface in routed:
        if interface.ipv4 is not None and interface.area is not None:
            by_area.setdefault(interface.area, []).append(network_of(interface.ipv4))
    areas = tuple(OspfArea(area, tuple(dict.fromkeys(nets))) for area, nets in
                  sorted(by_area.items(), key=lambda kv: _dotted(kv[0])))
    areas6 = sorted({i.area for i in routed if i.igp6 and i.area is not None}, key=_dotted)
    return Igp("ospf", router_id, areas, ipv6=ipv6, areas6=tuple(areas6))


@cache  # a handful of areas, asked twice a device
def _dotted(area: str) -> tuple[int, ...]:
    """A dotted area's sort key (its number).

    >>> sorted(["0.0.14.17", "0.0.0.0", "0.0.2.255"], key=_dotted)
    ['0.0.0.0', '0.0.2.255', '0.0.14.17']
    """
    return tuple(int(part) for part in area.split("."))


def _bgp(index: _Index, device: Device, loopback: Interface, vrfs: tuple[Vrf, ...],
         routes: tuple[Route, ...], peered: tuple[VrfPeer, ...], blocks: tuple[Block, ...] = ()) -> Bgp | None:
    model = index.model
    if device.role in SIDE_ROLES or model.routing is None or loopback.ipv4 is None:
        return None
    reflector = _is_reflector(index, device)
    peers: dict[int, BgpPeer] = {}  # by loopback address as a number: the session order

    def add(other: Device, client: bool) -> None:
        if other.name not in index.sessions:  # a reflector's loopback is asked by each of its clients: looked up once
            net = index.addresses.loopback("ipv4", other.name)
            index.sessions[other.name] = (net.start, host(net).address) if net is not None else None
        found = index.sessions[other.name]
        if other.name != device.name and found is not None and found[0] not in peers:
            peers[found[0]] = BgpPeer(found[1], other.name, client)

    if reflector:
        for other in index.clients.get(device.site, []):
            add(other, True)
        for other in index.reflectors.get(device.site, []):
            add(other, False)
    above = index.serving[device.name] if device.name in index.serving else \
        _reflector_site(model, index.reflectors, device)
    if above is not None:
        for other in index.reflectors[above]:
            add(other, False)
    ordered = tuple(peers[start] for start in sorted(peers))
    # the VPN instances with static routes (or site blocks), and with a static default, per family: one pass over
    # routes and blocks, one over the instances (a dozen comprehensions a device before)
    static: dict[int, set[str | None]] = {4: set(), 6: set()}
    default: dict[int, set[str | None]] = {4: set(), 6: set()}
    for r in routes:
        static.setdefault(r.prefix.family, set()).add(r.vrf)
        if r.default:
            default.setdefault(r.prefix.family, set()).add(r.vrf)
    for b in blocks:
        static.setdefault(b.prefix.family, set()).add(b.vrf)
    names: list[str] = []
    statics: list[str] = []
    defaults: list[str] = []
    names6: list[str] = []
    statics6: list[str] = []
    defaults6: list[str] = []
    for v in vrfs:
        names.append(v.name)
        if v.name in static[4]:
            statics.append(v.name)
        if v.name in default[4]:
            defaults.append(v.name)
        if v.ipv6:
            names6.append(v.name)
            if v.name in static[6]:
                statics6.append(v.name)
            if v.name in default[6]:
                defaults6.append(v.name)
    # VPNv6 rides the same IPv4 sessions (6VPE), on those whose both ends carry it.
    vpnv6 = tuple(p for p in ordered if p.name in index.vpnv6) if device.name in index.vpnv6 else ()
    return Bgp(model.routing.asn, loopback.ipv4.address, reflector, ordered, tuple(names), tuple(statics),
               tuple(defaults), vpnv6, tuple(names6), tuple(statics6), tuple(defaults6), peered)


def _services(index: _Index, device: Device, management: Interface | None, loopback: Interface) -> Services:
    """The model's management services (the same on every device: built once, in _index) with this device's
    source interface and location."""
    key = ((management or loopback).name, device.site)
    found = index.sourced.get(key)
    if found is None:
        location = f"{index.model.project.hostname_prefix} site {device.site}"
        found = index.sourced[key] = index.services._replace(source=key[0], snmp_location=location)
    return found


def _shared_services(model: Model, secrets: Secrets) -> Services:
    spec = model.project.management
    return Services(
        source="",
        ntp=tuple(spec.ntp), syslog=tuple(spec.syslog),
        snmp_location="",
        snmp_contact=spec.snmp.contact,
        snmp_community=secrets.get("snmp_community"),
        trap_hosts=tuple(spec.snmp.trap_hosts),
        radius=tuple(spec.aaa.radius),
        radius_key=secrets.get("radius_key") if spec.aaa.radius else "",
        local_user=spec.aaa.local_user,
        local_password=secrets.get("local_password"),
        domain=spec.domain,
        routing_key=secrets.get("routing_key"), ntp_key=secrets.get("ntp_key") if spec.ntp else "",
        snmp_auth=secrets.get("snmp_auth_key"), snmp_priv=secrets.get("snmp_priv_key"),
        networks=networks(model), peers=peer_networks(model),
    )


def _context(index: _Index, device: Device) -> DeviceContext:
    model = index.model
    platform = PLATFORMS[device.platform]
    site = model.site_by_key[device.site]
    loopback, management = _loopbacks(index, device)
    interfaces = _interfaces(index, device)
    # A lone device has no legs (no probes, leg routes or management legs either); carrier handoffs are only at exit
    # sites, VPN hand-offs only at backbone links' ends: elsewhere these are empty (tests/test_render_skips.py).
    shared, exit_ = device.site in index.shared, device.site in index.exit_sites
    found_probes = probes(model, index.addresses, device) if shared else ()
    routes = tracked((static_routes(model, index.addresses, device) if shared else ())
                     + (carrier_routes(model, device) if exit_ else ())
                     + (mgmt_routes(model, index.decisions, device) if shared else ()), found_probes)
    bound = bfd_apply(model, index.addresses, device, routes, found_probes, interfaces)
    routes, found_probes, interfaces = bound.routes, bound.probes, bound.interfaces
    peered = (vrf_peers(model, index.decisions, device)
              if device.role not in SIDE_ROLES and device.name in index.backbone_ends else ())
    vrfs = _vrfs(index, device, interfaces, loopback, routes, peered)
    routed = [loopback, *([management] if management else []), *(i for i in interfaces if i.igp)]
    igp = _igp(index, device, loopback, routed)
    blocks = site_blocks(index.decisions, device, vrfs, routes) if igp is not None else ()
    if igp is not None and any(r.vrf is None for r in routes):
        igp = igp._replace(import_static=True)
    return DeviceContext(
        name=device.name, hostname=device.name, site=device.site, level=level_of(site), role=device.role,
        platform=device.platform, vendor=platform.vendor, os=platform.os, loopback=loopback, management=management,
        interfaces=tuple(interfaces), vrfs=vrfs, igp=igp, mpls=igp is not None,
        bgp=_bgp(index, device, loopback, vrfs, routes, peered, blocks),
        firewall=firewall(model, index.addresses, device, interfaces),
        gateway=gateway(model, device, interfaces),
        routes=routes,
        services=_services(index, device, management, loopback), blocks=blocks,
        control_plane=model.routing is not None and device.role in model.routing.control_plane,
        probes=found_probes,
        carrier_v6=announced(model, index.addresses, device) if device.role not in SIDE_ROLES and exit_ else (),
        bfd=bound.sessions,
    )

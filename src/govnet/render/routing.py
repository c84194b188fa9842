"""A device's routing: its VPN instances, its IGP (OSPF areas or IS-IS) and its BGP sessions (route reflectors and
their clients, the VPN instances that announce static routes and defaults)."""

from __future__ import annotations

from functools import cache

from govnet.model.management import SIDE_ROLES
from govnet.model.types import Device, Model
from govnet.render.context import (
    Bgp,
    BgpPeer,
    Block,
    Igp,
    Interface,
    Ip,
    OspfArea,
    Route,
    Vrf,
    VrfPeer,
    host,
    network_of,
)
from govnet.render.index import RenderIndex, is_reflector, reflector_site
from govnet.render.underlay import edge_prefixes, rd
from govnet.render.vpn import dual_stack


def _zones_at(model: Model, site: str) -> list[str]:
    """The site's zones in model order (the order zones are written in zones.yaml)."""
    offered = set(model.zones_of(site))
    return [z.name for z in model.zones if z.name in offered]


def device_vrfs(index: RenderIndex, device: Device, interfaces: list[Interface], loopback: Interface,
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


def device_igp(index: RenderIndex, device: Device, loopback: Interface, routed: list[Interface]) -> Igp | None:
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


def device_bgp(index: RenderIndex, device: Device, loopback: Interface, vrfs: tuple[Vrf, ...],
         routes: tuple[Route, ...], peered: tuple[VrfPeer, ...], blocks: tuple[Block, ...] = ()) -> Bgp | None:
    model = index.model
    if device.role in SIDE_ROLES or model.routing is None or loopback.ipv4 is None:
        return None
    reflector = is_reflector(index, device)
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
        reflector_site(model, index.reflectors, device)
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

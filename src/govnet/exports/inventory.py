"""What every export says, decided once: the sites, devices, ports, cables, VRFs, prefixes and addresses of the
model (or of one city's or county's slice), as the device configurations build them.

Interfaces and addresses come from the same device contexts the templates render, so an export never
disagrees with a config; the ports of devices govnet does not configure (the national PoP's PEs) come from the
port map alone, without addresses.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass

from govnet.errors import UsageError
from govnet.ipam.plan import AddressBook
from govnet.ipam.prefix import Net
from govnet.model.types import SPECIAL, Device, Model, Site
from govnet.reference.platforms import PLATFORMS
from govnet.render import ports as portmap
from govnet.render.context import DeviceContext, Interface
from govnet.render.devices import build_contexts
from govnet.render.secrets import Secrets

SPECIAL_LEVEL = SPECIAL
# Every site of the model: key -> (name, level, parent), for what lies above a slice.
Hierarchy = Mapping[str, tuple[str, str, str | None]]


class SliceError(UsageError):
    """--city/--county names no such site, or a county outside the city given."""


@dataclass(frozen=True, slots=True)
class Port:
    device: str
    name: str
    kind: str  # loopback, management, uplink, downlink, link, site, zone, carrier
    description: str
    speed: int | None  # bit/s of a physical port; None for logical interfaces
    ipv4: str | None = None  # address/length
    ipv6: str | None = None
    vrf: str | None = None
    vlan: int | None = None
    parent: str | None = None  # the physical port of a sub-interface
    enabled: bool = True  # False: the config shuts it down (a suspended unit's sub-interface)

    @property
    def physical(self) -> bool:
        return self.kind not in ("loopback", "management", "zone")


@dataclass(frozen=True, slots=True)
class Cable:
    a_device: str
    a_port: str
    b_device: str
    b_port: str
    bandwidth: int | None
    carrier: str | None
    kind: str  # uplink, ring, backbone, ... or "site" for a router-firewall patch


@dataclass(frozen=True, slots=True)
class Node:
    name: str
    site: str
    role: str
    platform: str
    vendor: str
    ours: bool  # govnet configures it (not another network's PE)
    loopback: str | None  # IPv4 router ID with /32
    management: str | None  # IPv4 management address with its length
    ports: tuple[Port, ...]
    # the IPv4 addresses its RADIUS requests come from (radius_from); empty without RADIUS servers
    radius_from: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Vrf:
    name: str
    zone: str
    title: str
    rd: str
    rt_import: tuple[str, ...]
    rt_export: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Block:
    prefix: str
    vrf: str | None  # None: the global table
    role: str  # site-block, unit-subnet
    subject: str  # site code or unit id
    site: str  # the site it belongs to
    configured: bool = True  # False: a unit subnet held for a unit not yet built (applied or approved)


@dataclass(frozen=True, slots=True)
class Inventory:
    name: str  # the model's name
    province: str
    root: str  # the site the slice starts at (the province for a full export)
    sites: tuple[Site, ...]  # parents before children
    nodes: tuple[Node, ...]  # by name
    cables: tuple[Cable, ...]
    vrfs: tuple[Vrf, ...]
    blocks: tuple[Block, ...]
    hierarchy: Hierarchy
    radius_servers: tuple[str, ...] = ()  # govnet.yaml management.aaa.radius

    def site(self, key: str) -> Site:
        return next(s for s in self.sites if s.key == key)


def slice_root(model: Model, city: str | None, county: str | None) -> str:
    """The site a --city/--county slice starts at; the province without either."""
    province = next(s.key for s in model.sites if s.level == "province")
    for given in (city, county):
        if given is not None and given not in model.site_by_key:
            raise SliceError(f"no site {given} in the model")
    if city and county and not _under(model, county, city):
        raise SliceError(f"county {county} is not under city {city}")
    return county or city or province


def _under(model: Model, key: str, ancestor: str) -> bool:
    seen: str | None = key
    for _ in range(16):
        if seen is None:
            return False
        if seen == ancestor:
            return True
        seen = model.site_by_key[seen].parent if seen in model.site_by_key else None
    return False


def _depth(model: Model, site: Site) -> int:
    depth, key = 0, site.parent
    while key is not None and depth < 16:
        depth, key = depth + 1, model.site_by_key[key].parent if key in model.site_by_key else None
    return depth


def _speed(model: Model, device: Device, port: str) -> int | None:
    """A physical port's speed: the card of the device's hardware model that holds it (an NE40E's 10GE ports are
    GigabitEthernet on a 100G core), else the device's port speed."""
    hardware = model.hardware.get(device.hardware) if device.hardware is not None else None
    carded = hardware.speed_of(port) if hardware is not None else None
    return carded if carded is not None else device.port_speed


def _ports_of_context(model: Model, device: Device, interfaces: tuple[Interface, ...]) -> list[Port]:
    logical = ("loopback", "management", "zone")
    return [Port(device.name, i.name, i.kind, i.description,
                 None if i.parent or i.kind in logical else _speed(model, device, i.name),
                 str(i.ipv4) if i.ipv4 else None, str(i.ipv6) if i.ipv6 else None, i.vrf, i.vlan, i.parent,
                 not i.shutdown)
            for i in interfaces]


def build_inventory(model: Model, decisions: Mapping[str, Net], *, city: str | None = None,
                    county: str | None = None) -> Inventory:
    root = slice_root(model, city, county)
    sites = [s for s in model.site_by_key.values() if _under(model, s.key, root)]
    sites.sort(key=lambda s: (_depth(model, s), s.level == SPECIAL, s.key))
    keys = {s.key for s in sites}
    devices = sorted((d for d in model.devices.values() if d.site in keys), key=lambda d: d.name)
    names = {d.name for d in devices}
    contexts = build_contexts(model, AddressBook(decisions), Secrets(), [d.name for d in devices if model.is_ours(d)])
    ports = portmap.allocate(model, names, decisions)
    nodes = []
    for d in devices:
        context = contexts.get(d.name)
        if context is not None:
            own = [i for i in (context.loopback, context.management) if i is not None]
            listed = _ports_of_context(model, d, (*own, *context.interfaces))
            loopback = str(context.loopback.ipv4) if context.loopback.ipv4 else None
            mgmt = str(context.management.ipv4) if context.management and context.management.ipv4 else None
            asked_from = radius_from(context)
        else:
            listed = [Port(d.name, p.name, p.kind, f"TO-{p.far}", _speed(model, d, p.name))
                      for p in ports.get(d.name, [])]
            loopback = mgmt = None
            asked_from = ()
        nodes.append(Node(d.name, d.site, d.role, d.platform, PLATFORMS[d.platform].vendor, model.is_ours(d),
                          loopback, mgmt, tuple(listed), asked_from))
    return Inventory(model.project.name, model.project.province, root, tuple(sites), tuple(nodes),
                     _cables(ports, names), _vrfs(model), _blocks(model, decisions, keys),
                     {s.key: (s.name, s.level, s.parent) for s in model.site_by_key.values()},
                     tuple(model.project.management.aaa.radius))


def radius_from(context: DeviceContext) -> tuple[str, ...]:
    """The addresses a device's RADIUS requests come from, which the RADIUS servers must know it by: its RADIUS
    source's; on a platform whose config names none (the USG), the addresses of the interfaces its routes toward the
    servers leave by, each of the equal-cost next hops of the longest match (a request leaves from "the IPv4 address
    of the outbound interface" without a source: Huawei CE Command Reference, radius-server authentication)."""
    services = context.services
    if not services.radius:
        return ()
    ports = (context.loopback, *([context.management] if context.management else []), *context.interfaces)
    if services.radius_source:
        return tuple(str(p.ipv4.address) for p in ports if p.name == services.radius_source and p.ipv4)
    found: dict[str, None] = {}
    for server in services.radius:
        address = ipaddress.IPv4Address(server)
        matching = [r for r in context.routes if r.vrf is None and r.prefix.family == 4 and not r.backup
                    and address in ipaddress.IPv4Network(f"{r.prefix.network}/{r.prefix.length}")]
        longest = max((r.prefix.length for r in matching), default=-1)
        for route in (r for r in matching if r.prefix.length == longest):
            hop = ipaddress.IPv4Address(route.next_hop)
            found.update((p.ipv4.address, None) for p in ports if p.ipv4 and p.ipv4.family == 4 and not p.vrf
                         and hop in ipaddress.IPv4Network(f"{p.ipv4.network}/{p.ipv4.length}"))
    return tuple(found)


def ancestors(hierarchy: Hierarchy, key: str) -> list[str]:
    """The sites above one, nearest first.

    >>> ancestors({"36": ("江西省", "province", None), "3601": ("南昌市", "city", "36")}, "3601")
    ['36']
    """
    found: list[str] = []
    parent = hierarchy[key][2] if key in hierarchy else None
    while parent is not None and parent in hierarchy and len(found) < 16:
        found.append(parent)
        parent = hierarchy[parent][2]
    return found


def _cables(ports: Mapping[str, list[portmap.Port]], names: set[str]) -> tuple[Cable, ...]:
    """One cable per link whose two ends are both in the slice, and per router-firewall patch."""
    ends: dict[int, list[portmap.Port]] = {}
    local: dict[tuple[str, str], portmap.Port] = {}
    for device in sorted(ports):
        for port in ports[device]:
            if port.link is not None:
                ends.setdefault(id(port.link), []).append(port)
            elif port.kind == "site":
                local[(port.device, port.far)] = port
    cables = []
    for pair in ends.values():
        if len(pair) == 2 and {p.device for p in pair} <= names:
            a, b = sorted(pair, key=lambda p: p.device)
            link = a.link
            assert link is not None
            cables.append(Cable(a.device, a.name, b.device, b.name, link.bandwidth, link.carrier, link.kind))
    for (near, far), port in local.items():
        other = local.get((far, near))
        if other is not None and near < far:
            cables.append(Cable(near, port.name, far, other.name, None, None, "site"))
    return tuple(sorted(cables, key=lambda c: (c.a_device, c.a_port, c.b_device, c.b_port)))


def _vrfs(model: Model) -> tuple[Vrf, ...]:
    # Every zone's: a slice's prefixes and interfaces may name any of them, and there are a handful.
    return tuple(Vrf(z.vrf, z.name, z.title, z.rd, z.rt_import, z.rt_export) for z in model.zones)


def _blocks(model: Model, decisions: Mapping[str, Net], keys: set[str]) -> tuple[Block, ...]:
    """Zone site blocks and unit subnets of the slice's sites (infrastructure addresses sit on interfaces)."""
    units = {u.id: u.site for u in model.registry.units} if model.registry else {}
    # Only active and suspended units have a sub-interface in a config; the others' subnets are only held.
    built = {u.id for u in model.registry.units if u.status in ("active", "suspended")} if model.registry else set()
    blocks = []
    for key, net in decisions.items():
        pool, _family, kind, subject = key.split(" ", 3)
        zone = model.zone_by_name.get(pool)
        if zone is None or kind not in ("site", "unit"):
            continue
        site = subject if kind == "site" else units.get(subject, "")
        if site in keys:
            blocks.append(Block(str(net), zone.vrf, "site-block" if kind == "site" else "unit-subnet", subject, site,
                                kind == "site" or subject in built))
    return tuple(sorted(blocks, key=lambda b: (b.vrf or "", b.prefix)))

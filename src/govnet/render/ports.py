"""Interface allocation: which port of a device each link uses, decided from stable keys.

A port's number must not move when something unrelated is added (a township beside another, a county ring),
or every config below would churn. So ports are indexed by key, not by position wherever the model gives one:

- card 0, ports 0-7: the device's own uplinks (a site has at most 8), ordered by far-end name;
- cards 1-14: links down to child sites, port = the child's code after its parent's code (township 360102004
  under county 360102 → child number 4 → card 1, port 4; 48 ports a card): adding a township never moves its
  siblings, whichever its code;
- cards 17 and up: villages homed on the county platform, card 16 + the township's number, port = the village's
  number (village 360121100208 on county 360121 → card 116, port 208);
- card 0, ports 8 and up: everything else (explicit backbone, ring and data-centre links, special sites,
  children without a numeric code) ordered by far-end name; these are few and written by hand;
- card 15 on routers, card 0 on firewalls: the site-local ports between routers and firewalls of one site, by
  the far device's name order;
- card 15 on routers, ports 24 and up: the carrier circuits of an internet exit, port = 24 + the carrier's
  position in the exit's 'carriers' (govnet.model.exits says which router takes which carrier);
- card 15 port 23 on routers: the interconnect to the next router of the site by name, port 22 to the previous
  one (govnet.model.interconnect);
- card 15 port 47 on the NOC site's core routers: the NOC network (govnet.render.management);
- card 0 port 47 on the two firewalls of an HA pair: their heartbeat link (govnet.model.ha);
- card 15 ports 32-46 on attach routers: one access port per zone with registered units, port = 32 + the
  zone's position in zones.yaml (govnet.model.attach).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from govnet.model.attach import access_zones, attachments
from govnet.model.exits import handoffs
from govnet.model.ha import PAIRED_ROLES, ha_pair
from govnet.model.interconnect import site_interconnects
from govnet.model.management import SIDE_ROLES, noc_routers
from govnet.model.types import Device, Link, Model
from govnet.reference.hardware import HARDWARE, link_speed, speeds_of
from govnet.reference.platforms import PLATFORMS, ROUTING_ROLES

PORTS_PER_CARD = 48
CHILD_CARDS = 14  # cards 1-14
UPLINK_PORTS = 8  # schema: uplinks.count <= 8
SITE_CARD = 15
CARRIER_PORT = 24  # first carrier port on the site card: room for 24 firewalls before it
NOC_PORT = 47  # the NOC network's port on the site card
HA_PORT = 47  # a firewall's heartbeat port to its HA peer, on card 0 after the legs toward the routers
INTERCONNECT_PORTS = (23, 22)  # to the next router of the site, to the previous one
ACCESS_PORT = 32  # first unit access port on the site card (one per zone, up to the NOC port)
VILLAGE_NUMBER = 1000  # a child number of 4+ digits: a village under its county (township + village digits)
VILLAGE_CARD = 16  # cards 17-615 for them, one per township code


@dataclass(frozen=True, slots=True)
class Port:
    device: str
    name: str
    far: str  # the device at the other end (for a carrier port: the carrier, as the model names it)
    link: Link | None  # None for site-local router-firewall ports and carrier ports
    kind: str  # uplink, downlink, link, site, carrier, noc, access (far: the zone name), core (interconnect),
    # ha (a firewall's heartbeat port)


def allocate(model: Model, devices: set[str] | None = None) -> dict[str, list[Port]]:
    """Ports of every device (or of the given ones; the allocation of one device never depends on which
    others are asked for). Each list is in port order."""
    slots: dict[str, list[tuple[tuple[int, int], str, Link | None, str]]] = {}
    by_device: dict[str, list[Link]] = {}
    for link in model.links:
        for near in (link.a, link.b):
            if devices is None or near in devices:
                by_device.setdefault(near, []).append(link)
    for name, links in by_device.items():
        slots[name] = list(_link_slots(model, model.devices[name], links))
    for site_key in {model.devices[n].site for n in (devices if devices is not None else model.devices)}:
        for near, index, far in _site_local(model, site_key):
            if devices is None or near in devices:
                card = 0 if model.devices[near].role in SIDE_ROLES else SITE_CARD
                slots.setdefault(near, []).append(((card, index), far, None, "site"))
    for handoff in handoffs(model):
        if handoff.router is not None and (devices is None or handoff.router.name in devices):
            slot = (SITE_CARD, CARRIER_PORT + handoff.index)
            slots.setdefault(handoff.router.name, []).append((slot, handoff.carrier, None, "carrier"))
    for router in noc_routers(model):
        if devices is None or router.name in devices:
            slots.setdefault(router.name, []).append(((SITE_CARD, NOC_PORT), "NOC", None, "noc"))
    for site_key in {model.devices[n].site for n in (devices if devices is not None else model.devices)}:
        for a, b in site_interconnects(model, site_key):
            for near, far, port in ((a, b, INTERCONNECT_PORTS[0]), (b, a, INTERCONNECT_PORTS[1])):
                if devices is None or near in devices:
                    slots.setdefault(near, []).append(((SITE_CARD, port), far, None, "core"))
    for site_key in {model.devices[n].site for n in (devices if devices is not None else model.devices)}:
        for role in PAIRED_ROLES:
            pair = ha_pair(model, site_key, role)
            if pair is None:
                continue
            for near in (pair.active, pair.standby):
                if devices is None or near in devices:
                    slots.setdefault(near, []).append(((0, HA_PORT), pair.peer(near), None, "ha"))
    attached = attachments(model)
    positions = {z.name: i for i, z in enumerate(model.zones)}
    for owner in attached:
        if devices is None or owner in devices:
            for zone in access_zones(model, attached, owner):
                if ACCESS_PORT + positions[zone.name] < NOC_PORT:
                    slot = (SITE_CARD, ACCESS_PORT + positions[zone.name])
                    slots.setdefault(owner, []).append((slot, zone.name, None, "access"))
    ports: dict[str, list[Port]] = {}
    for name, taken in slots.items():
        device = model.devices[name]
        ports[name] = [Port(name, port_name(device, speed(model, device, far, kind), card, index), far, link, kind)
                       for (card, index), far, link, kind in sorted(taken, key=lambda t: t[0])]
    return ports


def port_name(device: Device, speed: int | None, card: int, index: int) -> str:
    """A port's name: as the device's hardware numbers it (govnet.reference.hardware), else by its platform."""
    hardware = HARDWARE.get(device.hardware) if device.hardware is not None else None
    if hardware is not None:
        return hardware.port(speed if speed in hardware.speeds else hardware.speeds[-1], card, index)
    return PLATFORMS[device.platform].naming.port(speed, card, index)


def speed(model: Model, device: Device, far: str, kind: str) -> int | None:
    """A port's speed: the fastest both ends of the cable have (a 100G router meets a 10G one on a 10GE port of
    a 10GE card); toward a carrier, the NOC or units, the device's own. Two ends without a common speed are
    GN418's; their ports take each end's slowest."""
    mine = speeds_of(device.hardware, device.port_speed)
    other = model.devices.get(far) if kind not in ("carrier", "noc", "access") else None
    if other is None:
        return mine[0] if mine else None
    found = link_speed(mine, speeds_of(other.hardware, other.port_speed))
    return found if found is not None or mine is None else mine[-1]


def _far(link: Link, near: str) -> str:
    return link.b if link.a == near else link.a


def _child_number(parent: str, child: str) -> int | None:
    """The child's code after its parent's: the stable key of a downlink port.

    >>> _child_number("360102", "360102004"), _child_number("36", "3611"), _child_number("36", "CLOUD")
    (4, 11, None)
    """
    if not (parent.isdigit() and child.isdigit() and child.startswith(parent) and len(child) > len(parent)):
        return None
    return int(child[len(parent):])


def _child_slot(number: int) -> tuple[int, int]:
    """The downlink port of a child number: townships and villages under their parent on cards 1-14; villages
    homed on the county platform (township digits, village digits) on card 16 + the township's number, port =
    the village's number, so that no village's port moves when another is added.

    >>> _child_slot(4), _child_slot(201), _child_slot(100208)
    ((1, 4), (5, 9), (116, 208))
    """
    if number >= VILLAGE_NUMBER:
        return VILLAGE_CARD + number // 1000, number % 1000
    return 1 + number // PORTS_PER_CARD, number % PORTS_PER_CARD


def _link_slots(model: Model, device: Device, links: list[Link]) -> Iterator[tuple[tuple[int, int], str, Link, str]]:
    up: list[Link] = []
    other: list[Link] = []
    used: set[tuple[int, int]] = set()
    for link in links:
        far = model.devices[_far(link, device.name)]
        if link.implied and link.owner == device.site:
            up.append(link)
            continue
        number = _child_number(device.site, link.owner) if link.implied and link.owner == far.site else None
        if number is not None and (number < PORTS_PER_CARD * CHILD_CARDS or number >= VILLAGE_NUMBER):
            slot = _child_slot(number)
            if slot not in used:  # a second link from the same child to this device: an 'other' port
                used.add(slot)
                yield slot, far.name, link, "downlink"
                continue
        other.append(link)
    up.sort(key=lambda lk: _far(lk, device.name))
    for i, link in enumerate(up[:UPLINK_PORTS]):
        yield (0, i), _far(link, device.name), link, "uplink"
    other = up[UPLINK_PORTS:] + other
    other.sort(key=lambda lk: (_far(lk, device.name), lk.kind, lk.origin.file, lk.origin.path))
    for j, link in enumerate(other):
        yield (0, UPLINK_PORTS + j), _far(link, device.name), link, "link"


def _site_local(model: Model, site_key: str) -> Iterator[tuple[str, int, str]]:
    """(device, port index, far device) for every router-firewall pair of a site: the firewall legs."""
    devices = sorted(model.devices_of(site_key), key=lambda d: d.name)
    routers = [d for d in devices if d.role in ROUTING_ROLES]
    firewalls = [d for d in devices if d.role in SIDE_ROLES]  # access gateways too, after the firewalls by name
    for i, router in enumerate(routers):
        for j, firewall in enumerate(firewalls):
            yield router.name, j, firewall.name
            yield firewall.name, i, router.name

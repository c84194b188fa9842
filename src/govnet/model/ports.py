"""Port ends: every physical port a device needs, with the speed it must have and a stable name for the lock.

A port end is one end of a cable: a link of the model, a router-firewall leg of a site, a carrier circuit, the
NOC network, the interconnect between a site's routers, a firewall pair's heartbeat, or a unit access port per
zone on an attach router. Which physical port each one takes is a decision kept in allocations.lock
(govnet.ipam.ports); this module only says what needs a port, at which speed, under which name.

The name (``subject``) is ``<device>@<speed>><far>``: the far device, ``carrier:<name>``, ``noc`` or
``access:<zone>``; a second cable between the same two devices gets ``#2`` (in link kind, file and path order).
The speed is part of the name because a port of another speed is another port: a changed speed asks for a new
one, and the old one is released like any removed thing.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from functools import partial
from operator import attrgetter, itemgetter
from typing import NamedTuple

from govnet.model.attach import attach_router
from govnet.model.exits import handoffs
from govnet.model.ha import PAIRED_ROLES, ha_pair
from govnet.model.interconnect import site_interconnects
from govnet.model.management import SIDE_ROLES, noc_routers
from govnet.model.types import Device, Link, Model
from govnet.reference.hardware import HARDWARE, HardwareTable, link_speed, speed_tag, speeds_of
from govnet.reference.platforms import ROUTING_ROLES, G

NOT_DEVICES = ("carrier", "noc", "access")  # kinds whose far end is no device of the model
HANDOFF_MAX = 10 * G  # the fastest port a carrier circuit or the NOC network is handed over on


class End(NamedTuple):  # a national model has 250,000: a frozen dataclass's __init__ costs twice as much
    device: str
    far: str  # the device at the other end (a carrier's name, "NOC", or the zone of an access port)
    link: Link | None  # None for site-local, carrier, NOC, interconnect, heartbeat and access ports
    kind: str  # uplink, downlink, link, site, carrier, noc, core, ha, access
    speed: int | None  # None: the device and its far end say nothing (any card serves)
    subject: str  # its name in allocations.lock


def port_ends(model: Model, devices: set[str] | None = None) -> dict[str, list[End]]:
    """The port ends of every device (or of the given ones), each list in subject order. Worked out once per
    model: validation, the lock, the checks and render all ask (a model is immutable)."""
    key = id(model)
    held = _CACHE.get(key)
    if held is None or held[0]() is not model:
        # The entry leaves with its model (before its id can be reused).
        held = _CACHE[key] = (weakref.ref(model, partial(_forget, key)), _port_ends(model))
    every = held[1]
    return every if devices is None else {n: every[n] for n in devices if n in every}


_CACHE: dict[int, tuple[weakref.ref[Model], dict[str, list[End]]]] = {}


def _forget(key: int, _: object) -> None:
    _CACHE.pop(key, None)


def _port_ends(model: Model) -> dict[str, list[End]]:
    raw: dict[str, list[tuple[str, Link | None, str, tuple[str, ...]]]] = {}

    def add(near: str, far: str, link: Link | None, kind: str, order: tuple[str, ...] = ()) -> None:
        raw.setdefault(near, []).append((far, link, kind, order))

    devices = model.devices
    for link in model.links:
        if link.a in devices and link.b in devices:
            order = (link.kind, link.origin.file, str(link.origin.path))  # once for both ends
            add(link.a, link.b, link, _link_kind(model, link, link.a, link.b), order)
            add(link.b, link.a, link, _link_kind(model, link, link.b, link.a), order)
    for site_key in model.shared_sites:  # a site with one device has no legs, interconnect or HA pair
        for near, far in _site_local(model, site_key):
            add(near, far, None, "site")
        for a, b in site_interconnects(model, site_key):
            add(a, b, None, "core")
            add(b, a, None, "core")
        for role in PAIRED_ROLES:  # firewalls and access gateways: a heartbeat per pair
            pair = ha_pair(model, site_key, role)
            if pair is not None:
                add(pair.active, pair.standby, None, "ha")
                add(pair.standby, pair.active, None, "ha")
    for handoff in handoffs(model):
        if handoff.router is not None:
            add(handoff.router.name, handoff.carrier, None, "carrier")
    for router in noc_routers(model):
        add(router.name, "NOC", None, "noc")
    for owner, zones in access_ports(model).items():
        for zone in zones:
            add(owner, zone, None, "access")
    ends: dict[str, list[End]] = {}
    memo: SpeedMemo = {}  # a national model asks for 250,000 ports' speeds of a few dozen device kinds
    speeds: dict[tuple[object, ...], int | None] = {}  # port_speed's answers by what decides them
    tags: dict[int | None, str] = {}
    for name, wanted in raw.items():
        device = devices[name]
        seen: dict[str, int] = {}
        found = []
        if len(wanted) > 1:
            wanted.sort(key=_WANTED_ORDER)
        for far, cable, kind, _ in wanted:
            other = devices.get(far) if kind not in NOT_DEVICES else None
            decided = ((device.hardware, device.port_speed, kind == "access") if other is None else
                       (device.hardware, device.port_speed, other.hardware, other.port_speed))
            if decided in speeds:
                speed = speeds[decided]
            else:
                speed = speeds[decided] = port_speed(model, device, far, kind, memo)
            tag = _far_tag(far, kind)
            if tag in seen:
                seen[tag] += 1
                tag = f"{tag}#{seen[tag]}"
            else:
                seen[tag] = 1
            shown = tags.get(speed)
            if shown is None:
                shown = tags[speed] = speed_tag(speed)
            found.append(End(name, far, cable, kind, speed, f"{name}@{shown}>{tag}"))
        if len(found) > 1:
            found.sort(key=_SUBJECT)
        ends[name] = found
    return ends


_WANTED_ORDER = itemgetter(0, 2, 3)  # far end, kind, then the link's kind, file and path
_SUBJECT = attrgetter("subject")


def access_ports(model: Model) -> dict[str, list[str]]:
    """Per attach router, the zones it has a unit access port for: every zone of a unit that is not revoked, as
    for unit VLANs (govnet.ipam.vlans), so activating a unit later changes no port decision."""
    found: dict[str, set[str]] = {}
    if model.registry is None:
        return {}
    routers: dict[str, Device | None] = {}
    for unit in model.registry.units:
        if unit.status == "revoked" or unit.site not in model.site_by_key:
            continue
        if unit.site not in routers:
            routers[unit.site] = attach_router(model, unit.site)
        router = routers[unit.site]
        offered = model.zones_of(unit.site)
        if router is not None:
            found.setdefault(router.name, set()).update(z for z in unit.zones if z in offered)
    order = [z.name for z in model.zones]
    return {r: [z for z in order if z in zones] for r, zones in found.items()}


# (hardware, declared port speed) -> speeds_of's answer, for the length of one computation
SpeedMemo = dict[tuple[str | None, int | None], tuple[int, ...] | None]


def device_speeds(device: Device, memo: SpeedMemo | None = None, table: HardwareTable = HARDWARE
                  ) -> tuple[int, ...] | None:
    """speeds_of the device's hardware (in ``table``, the model's) and port speed, remembered in ``memo`` when one
    is given (a memo serves one table)."""
    if memo is None:
        return speeds_of(device.hardware, device.port_speed, table)
    key = (device.hardware, device.port_speed)
    if key not in memo:
        memo[key] = speeds_of(*key, table)
    return memo[key]


def port_speed(model: Model, device: Device, far: str, kind: str, memo: SpeedMemo | None = None) -> int | None:
    """A port's speed: the fastest both ends of the cable have (a 100G router meets a 10G one on a 10GE port of
    a 10GE card). Toward units, the device's slowest of 1G or more (a unit's CE or switch, not a backbone
    card); toward a carrier or the NOC, its fastest of 10G or less (a circuit hand-off). Two ends without a
    common speed are GN418's; their ports take each end's slowest. ``memo``: speeds already worked out by
    (hardware, port speed), kept by a caller that asks for many ports."""
    mine = device_speeds(device, memo, model.hardware)
    other = model.devices.get(far) if kind not in NOT_DEVICES else None
    if other is None:
        if not mine:
            return None
        if kind == "access":
            return next((s for s in reversed(mine) if s >= G), mine[0])
        return next((s for s in mine if s <= HANDOFF_MAX), mine[-1])
    found = link_speed(mine, device_speeds(other, memo, model.hardware))
    return found if found is not None or not mine else mine[-1]


def _far_tag(far: str, kind: str) -> str:
    """The far end in a lock subject (no spaces: a subject is one field of the lock's line)."""
    if kind not in NOT_DEVICES:
        return far.replace(" ", "_")
    return "noc" if kind == "noc" else f"{kind}:{far.replace(' ', '_')}"


def _link_kind(model: Model, link: Link, near: str, far: str) -> str:
    if link.implied and link.owner == model.devices[near].site:
        return "uplink"
    if link.implied and link.owner == model.devices[far].site:
        return "downlink"
    return "link"


def _site_local(model: Model, site_key: str) -> Iterator[tuple[str, str]]:
    """(device, far device) for every router-firewall pair of a site: the legs of its firewalls and access
    gateways."""
    devices = sorted(model.devices_of(site_key), key=lambda d: d.name)
    routers = [d for d in devices if d.role in ROUTING_ROLES]
    firewalls = [d for d in devices if d.role in SIDE_ROLES]
    for router in routers:
        for firewall in firewalls:
            yield router.name, firewall.name
            yield firewall.name, router.name

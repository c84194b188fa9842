"""Interface allocation: which port of a device each cable uses, as the lock decided it.

What needs a port, at which speed, comes from govnet.model.ports; which port it takes is a decision kept in
allocations.lock (govnet.ipam.ports): an index among the device's ports of that speed. The name follows from the
device's hardware (govnet.reference.hardware: the index-th port of that speed in its card order) or, without a
hardware model, from its platform's naming (a card per speed, 48 ports a card). A port end the lock does not hold
yet (a render before `govnet allocate`) takes the first index no other end of its device and speed holds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from govnet.ipam.ports import index_of
from govnet.ipam.prefix import Net
from govnet.model.attach import access_zones, attachments
from govnet.model.ports import End, port_ends, port_speed
from govnet.model.types import Device, Link, Model
from govnet.reference.hardware import HARDWARE, PORTS_PER_CARD, STANDARD, HardwareTable
from govnet.reference.platforms import PLATFORMS, G
from govnet.reference.units import parse_bandwidth


@dataclass(frozen=True, slots=True)
class Port:
    device: str
    name: str
    far: str  # the device at the other end (for a carrier port: the carrier, as the model names it)
    link: Link | None  # None for site-local router-firewall ports and carrier ports
    kind: str  # uplink, downlink, link, site, carrier, noc, access (far: the zone name), core (interconnect),
    # ha (a firewall's heartbeat port)


def allocate(model: Model, devices: set[str] | None = None, decisions: Mapping[str, Net] | None = None
             ) -> dict[str, list[Port]]:
    """Ports of every device (or of the given ones), each list in port order (speed, then index)."""
    decisions = decisions or {}
    attached = attachments(model)
    ports: dict[str, list[Port]] = {}
    for name, ends in port_ends(model, devices).items():
        device = model.devices[name]
        placed = _indices(ends, decisions)
        ordered = sorted(zip(ends, placed, strict=True), key=lambda p: (-(p[0].speed or 0), p[1], p[0].subject))
        # An access port is decided for every unit not revoked, but built only for active or suspended ones.
        built = {z.name for z in access_zones(model, attached, name)}
        ports[name] = [Port(name, port_name(device, end.speed, index, model.hardware), end.far, end.link, end.kind)
                       for end, index in ordered if end.kind != "access" or end.far in built]
    return ports


def _indices(ends: list[End], decisions: Mapping[str, Net]) -> list[int]:
    """Each end's index among its device's ports of its speed: the lock's, else the first free one."""
    held = [index_of(decisions, end.subject) for end in ends]
    taken: dict[int | None, set[int]] = {}
    for end, index in zip(ends, held, strict=True):
        if index is not None:
            taken.setdefault(end.speed, set()).add(index)
    found = []
    for end, index in zip(ends, held, strict=True):
        if index is None:
            used = taken.setdefault(end.speed, set())
            index = next(i for i in range(len(used) + 1) if i not in used)
            used.add(index)
        found.append(index)
    return found


def port_name(device: Device, speed: int | None, index: int, table: HardwareTable = HARDWARE) -> str:
    """A port's name: as the device's hardware numbers it (in ``table``, the model's: govnet.model.hardware), else
    by its platform (also past the hardware's last port of that speed, which GN419 and GN423 report)."""
    hardware = table.get(device.hardware) if device.hardware is not None else None
    if hardware is not None and speed is not None:
        name = hardware.nth(speed, index)
        if name is not None:
            return name
    # One abstract card per speed (100G on card 0, 40G on 1, 10G on 2, 1G on 3, 100M on 4), further cards of
    # 48 after them: no two speeds share a name.
    rank = STANDARD.index(speed) if speed in STANDARD else STANDARD.index(G)
    card = rank + (index // PORTS_PER_CARD) * len(STANDARD)
    return PLATFORMS[device.platform].naming.port(speed, card, index % PORTS_PER_CARD)


def speed(model: Model, device: Device, far: str, kind: str) -> int | None:
    """A port's speed (govnet.model.ports.port_speed)."""
    return port_speed(model, device, far, kind)


def lock_port_names(model: Model) -> Callable[[str, int], str | None]:
    """The interface name of a lock's port entry (its subject ``<device>@<speed>><far>`` and index), for the
    allocations CSV; None for a device or speed the model no longer has (a reserved entry of a removed thing)."""

    def name(subject: str, index: int) -> str | None:
        device_name, _, rest = subject.partition("@")
        device = model.devices.get(device_name)
        speed = parse_bandwidth(rest.partition(">")[0])
        return port_name(device, speed, index, model.hardware) if device is not None and speed is not None else None

    return name

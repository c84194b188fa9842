"""The national backbone hand-off (``routing.national`` in zones.yaml): inter-AS option A on every backbone link
toward another network's device (the national PoP's PEs), one dot1q sub-interface per handed-off VPN (VLAN =
zone number) bound to the zone's VPN instance, and an eBGP session in that VPN instance to the national AS."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from govnet.model.types import Device, Model, Zone

# Sorts after "zone-peer-link": a fresh allocation reproduces what adding these to an existing lock gave.
KIND = "zone-vpn-handoff"


@dataclass(frozen=True, slots=True)
class VpnHandoff:
    ours: str  # our device
    theirs: str  # the national PE
    zone: Zone

    @property
    def subject(self) -> str:
        """Its name in allocations.lock.

        >>> from types import SimpleNamespace
        >>> VpnHandoff("JX-36-CR01", "JX-NATIONAL-PE01", SimpleNamespace(name="public")).subject
        'JX-36-CR01~JX-NATIONAL-PE01:public'
        """
        return "~".join(sorted((self.ours, self.theirs))) + f":{self.zone.name}"


def device_handoffs(model: Model, device: Device) -> list[VpnHandoff]:
    """The VPN hand-offs of one of our devices, by far end then zone order."""
    national = model.routing.national if model.routing is not None else None
    if national is None or not model.is_ours(device):
        return []
    offered = set(model.zones_of(device.site))
    zones = [z for z in model.zones if z.name in national.zones and z.name in offered]
    found = []
    for link in model.links_of(device.name):
        if link.kind != "backbone":
            continue
        far = link.b if link.a == device.name else link.a
        if far in model.devices and not model.is_ours(model.devices[far]):
            found += [VpnHandoff(device.name, far, z) for z in zones]
    order = {z.name: i for i, z in enumerate(model.zones)}
    return sorted(found, key=lambda h: (h.theirs, order[h.zone.name]))


def all_handoffs(model: Model) -> Iterator[VpnHandoff]:
    """Every device's hand-offs, devices by name: only ends of backbone links have any."""
    ends = {name for link in model.links_of_kind("backbone") for name in (link.a, link.b)}
    for name in sorted(ends):
        if name in model.devices:
            yield from device_handoffs(model, model.devices[name])

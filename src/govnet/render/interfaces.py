"""A device's interfaces, in port order: its loopbacks, its links and router interconnects, carrier circuits, unit
access, firewall legs, HA and management ports (each family's details in its own module)."""

from __future__ import annotations

from collections.abc import Mapping

from govnet.ipam.keys import LINKS, LockKey
from govnet.model.ha import device_pair
from govnet.model.interconnect import KIND as INTERCONNECT
from govnet.model.interconnect import subject as interconnect_subject
from govnet.model.types import Device
from govnet.reference.platforms import PLATFORMS
from govnet.render import ports as portmap
from govnet.render.context import (
    Interface,
    host,
)
from govnet.render.exits import carrier_interface
from govnet.render.firewall import HA_LINK_GROUP, ha_interface
from govnet.render.gateway import portal_interface
from govnet.render.index import BACKBONE, RenderIndex
from govnet.render.legs import leg_interfaces
from govnet.render.management import mgmt_interface, noc_interface
from govnet.render.national import handoff_interfaces
from govnet.render.underlay import igp_cost
from govnet.render.units import unit_interfaces


def loopbacks(index: RenderIndex, device: Device) -> tuple[Interface, Interface | None]:
    naming = PLATFORMS[device.platform].naming
    v4 = index.addresses.loopback("ipv4", device.name)
    v6 = index.addresses.loopback("ipv6", device.name)
    loopback = Interface(f"{naming.loopback}0", "ROUTER-ID", "loopback", host(v4) if v4 else None,
                         host(v6) if v6 else None, igp=True, area=index.areas[device.site])
    mgmt = index.addresses.management("ipv4", device.name)
    management = Interface(f"{naming.loopback}1", "MANAGEMENT", "management", host(mgmt), igp=True,
                           area=index.areas[device.site]) if mgmt else None
    return loopback, management


def _link_interface(index: RenderIndex, device: Device, port: portmap.Port, far_ports: Mapping[str, str]) -> Interface:
    assert port.link is not None
    offset = 0 if device.name == min(port.link.a, port.link.b) else 1
    v4 = index.addresses.link("ipv4", port.link.a, port.link.b)
    v6 = index.addresses.link("ipv6", port.link.a, port.link.b)
    far_site = index.model.devices[port.far].site
    area = index.areas[far_site] if index.areas[far_site] != BACKBONE else index.areas[device.site]
    description = _port_description(device, port.far, far_ports.get(port.far))
    ours = index.model.is_ours(index.model.devices[port.far])  # no IGP or LDP into another network
    return Interface(port.name, description, port.kind, host(v4, offset) if v4 else None,
                     host(v6, offset) if v6 else None, peer=port.far, igp=ours, area=area,
                     cost=igp_cost(port.link.bandwidth), p2p=v4 is None or v4.length >= 30)


def _interconnect_interface(index: RenderIndex, device: Device, port: portmap.Port,
                           far_ports: Mapping[str, str]) -> Interface:
    """A router interconnect end: in the underlay like a link, costed by its ports' speed."""
    subject = interconnect_subject(device.name, port.far)
    offset = 0 if device.name == min(device.name, port.far) else 1
    v4 = index.addresses.address(LockKey(LINKS, "ipv4", INTERCONNECT, subject))
    v6 = index.addresses.address(LockKey(LINKS, "ipv6", INTERCONNECT, subject))
    speed = portmap.speed(index.model, device, port.far, "core")
    return Interface(port.name, _port_description(device, port.far, far_ports.get(port.far)), "link",
                     host(v4, offset) if v4 else None, host(v6, offset) if v6 else None, peer=port.far, igp=True,
                     area=index.areas[device.site], cost=igp_cost(speed), p2p=True)


def _port_description(device: Device, far: str, far_port: str | None) -> str:
    text = f"TO-{far}" + (f"-{far_port}" if far_port else "")
    return text[:PLATFORMS[device.platform].description_max]


def _far_port_names(index: RenderIndex, device: Device) -> dict[str, str]:
    """The far end's port name for each of this device's links (one per far device: the first)."""
    names: dict[str, str] = {}
    for port in index.ports.get(device.name, []):
        if port.far in names or port.kind in ("carrier", "noc", "access"):  # a carrier's or the NOC's port is not ours
            continue
        for other in _ports_facing(index, port.far).get(device.name, ()):
            if other.link is port.link or port.link is None:
                names[port.far] = other.name
                break
    return names


def _ports_facing(index: RenderIndex, name: str) -> dict[str, list[portmap.Port]]:
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


def device_interfaces(index: RenderIndex, device: Device) -> list[Interface]:
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
            result.append(_interconnect_interface(index, device, port, far_ports))
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
        result.append(Interface(port.name, _port_description(device, port.far, far_ports.get(port.far)), "site",
                                peer=port.far, link_group=group))
        result += leg_interfaces(model, index.addresses, device, port.name, port.far, limit)
        mgmt = mgmt_interface(model, index.decisions, device, port.name, port.far, limit)
        result += [mgmt] if mgmt is not None else []
    return result

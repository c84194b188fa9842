"""Registered units in device contexts (govnet.model.attach): a zone's access port on the attach router and one
dot1q sub-interface per configured unit, bound to the zone's VPN instance, addressed with the unit's gateway
(the first address of its subnet from the lock); a suspended unit's sub-interface is shut down. BGP's
'import-route direct' in the VPN instance advertises the subnet."""

from __future__ import annotations

from collections.abc import Mapping

from govnet.ipam.prefix import Net
from govnet.model.attach import FIRST_VLAN, MAX_VLAN, Attachment, unit_vlan
from govnet.model.types import Model
from govnet.render.context import Interface, host


def unit_interfaces(model: Model, decisions: Mapping[str, Net], attached: list[Attachment], port: str, zone: str,
                    limit: int) -> list[Interface]:
    """The access port of one zone and its units' sub-interfaces, in VLAN order."""
    subs: list[Interface] = []
    taken: set[int] = set()
    qos = model.registry.settings.qos if model.registry is not None else {}
    for item in attached:
        if item.zone.name != zone:
            continue
        found = unit_vlan(model, decisions, item.unit, item.zone)
        if found is None:
            continue
        vlan, net = found
        while vlan in taken:  # two subnets 4093 apart: the later unit in registry order moves on
            vlan = FIRST_VLAN + (vlan - FIRST_VLAN + 1) % (MAX_VLAN - FIRST_VLAN + 1)
        taken.add(vlan)
        v6 = unit_vlan(model, decisions, item.unit, item.zone, "ipv6")
        subs.append(Interface(f"{port}.{vlan}", f"UNIT-{item.unit.id}"[:limit], "unit", host(net, 1),
                              host(v6[1], 1) if v6 else None, vrf=item.zone.vrf, vlan=vlan, parent=port,
                              shutdown=item.shutdown, qos=qos.get(item.unit.access_class)))
    if not subs:
        return []
    subs.sort(key=lambda i: i.vlan or 0)
    return [Interface(port, f"UNITS-{zone.upper()}"[:limit], "access"), *subs]

"""Registered units in device contexts (govnet.model.attach): a zone's access port on the attach router and one
dot1q sub-interface per configured unit, bound to the zone's VPN instance, addressed with the unit's gateway
(the first address of its subnet from the lock), described by the unit's id and name (in pinyin,
govnet.render.pinyin); a suspended unit's sub-interface is shut down. The VLAN is the
unit's number from its site's VLAN pool in the lock (govnet.ipam.vlans). BGP's 'import-route direct' in the
VPN instance advertises the subnet."""

from __future__ import annotations

from collections.abc import Mapping

from govnet.ipam.keys import UNIT, key_text
from govnet.ipam.prefix import Net
from govnet.ipam.vlans import vlan_of
from govnet.model.attach import Attachment
from govnet.model.types import Model
from govnet.render.context import Interface, host
from govnet.render.pinyin import unit_description


def unit_interfaces(model: Model, decisions: Mapping[str, Net], attached: list[Attachment], port: str, zone: str,
                    limit: int) -> list[Interface]:
    """The access port of one zone and its units' sub-interfaces, in VLAN order (a unit without a subnet or a
    VLAN in the lock yet has none: validation reports the missing entries)."""
    subs: list[Interface] = []
    qos = model.registry.settings.qos if model.registry is not None else {}
    for item in attached:
        if item.zone.name != zone:
            continue
        net = decisions.get(key_text(zone, "ipv4", UNIT, item.unit.id))
        vlan = vlan_of(decisions, item.unit.site, item.unit.id, zone)
        if net is None or vlan is None:
            continue
        v6 = decisions.get(key_text(zone, "ipv6", UNIT, item.unit.id))
        subs.append(Interface(f"{port}.{vlan}", unit_description(item.unit.id, item.unit.name, limit), "unit",
                              host(net, 1), host(v6, 1) if v6 else None, vrf=item.zone.vrf, vlan=vlan, parent=port,
                              shutdown=item.shutdown, qos=qos.get(item.unit.access_class)))
    if not subs:
        return []
    subs.sort(key=lambda i: i.vlan or 0)
    return [Interface(port, f"UNITS-{zone.upper()}"[:limit], "access"), *subs]

"""Where registered units (registry.yaml) reach the network: per unit and zone, a sub-interface on the attach
router of the unit's site, in the zone's VPN instance, with the unit's gateway address.

- The attach router of a site is its first routing device by name (a site's second router is its redundancy,
  not an access point of its own).
- Only ``active`` units are configured; ``suspended`` ones keep their sub-interface, shut down; ``revoked``,
  ``applied`` and ``approved`` ones have none (the office's approval precedes configuration, and activation
  is what builds it).
- One access port per zone on the attach router (govnet.render.ports), so VLANs are per (router, zone).
- The VLAN comes from the site's VLAN pool in the lock (govnet.ipam.vlans): decided when the unit is first
  allocated, kept until it is released.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from govnet.model.types import Device, Model, Zone
from govnet.reference.platforms import ROUTING_ROLES
from govnet.schema.registry import UnitSpec

CONFIGURED = ("active", "suspended")


@dataclass(frozen=True, slots=True)
class Attachment:
    unit: UnitSpec
    zone: Zone
    router: str
    shutdown: bool  # a suspended unit


def attach_router(model: Model, site_key: str) -> Device | None:
    """The router a site's units attach to (None: the site has no router of ours)."""
    routers = sorted((d for d in model.devices_of(site_key) if d.role in ROUTING_ROLES and model.is_ours(d)),
                     key=lambda d: d.name)
    return routers[0] if routers else None


def attachments(model: Model) -> dict[str, list[Attachment]]:
    """Per attach router, its units' attachments in zone order, then registry order."""
    found: dict[str, list[Attachment]] = {}
    if model.registry is None:
        return found
    order = {z.name: i for i, z in enumerate(model.zones)}
    routers: dict[str, Device | None] = {}
    for unit in model.registry.units:
        if unit.status not in CONFIGURED:
            continue
        if unit.site not in routers:
            routers[unit.site] = attach_router(model, unit.site) if unit.site in model.site_by_key else None
        router = routers[unit.site]
        if router is None:
            continue
        offered = model.zones_of(unit.site)
        for name in unit.zones:
            zone = model.zone_by_name.get(name)
            if zone is not None and name in offered:
                found.setdefault(router.name, []).append(Attachment(unit, zone, router.name,
                                                                    unit.status == "suspended"))
    for items in found.values():
        items.sort(key=lambda a: order[a.zone.name])  # stable: registry order within a zone
    return found


def access_zones(model: Model, attached: Mapping[str, list[Attachment]], router: str) -> list[Zone]:
    """The zones a router has an access port for, in model order."""
    names = {a.zone.name for a in attached.get(router, [])}
    return [z for z in model.zones if z.name in names]

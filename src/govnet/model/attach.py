"""Where registered units (registry.yaml) reach the network: per unit and zone, a sub-interface on the attach
router of the unit's site, in the zone's VPN instance, with the unit's gateway address.

- The attach router of a site is its first routing device by name (a site's second router is its redundancy,
  not an access point of its own).
- Only ``active`` units are configured; ``suspended`` ones keep their sub-interface, shut down; ``revoked``,
  ``applied`` and ``approved`` ones have none (the office's approval precedes configuration, and activation
  is what builds it).
- One access port per zone on the attach router (govnet.render.ports), so VLANs are per (router, zone).
- The VLAN comes from the unit's subnet in the lock: 2 + (its position inside the zone's block at the site,
  modulo 4093). Stable (the lock never moves a subnet) and unique for units whose subnets lie within 4093
  subnets of each other (a /16 of /28s); two units that would share one take the next free VLAN in registry
  order (govnet.render.units), which only a later collision can move. Not yet a VLAN pool of its own in the lock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from govnet.ipam.prefix import Net
from govnet.model.types import Device, Model, Zone
from govnet.reference.platforms import ROUTING_ROLES
from govnet.schema.registry import UnitSpec

CONFIGURED = ("active", "suspended")
FIRST_VLAN = 2
MAX_VLAN = 4094


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


def unit_vlan(model: Model, decisions: Mapping[str, Net], unit: UnitSpec, zone: Zone, family: str = "ipv4"
              ) -> tuple[int, Net] | None:
    """The unit's preferred VLAN and its subnet in a zone (None: no subnet in the lock yet)."""
    net = decisions.get(f"{zone.name} {family} unit {unit.id}")
    if net is None:
        return None
    key: str | None = unit.site
    block = None
    for _ in range(16):
        if key is None:
            break
        block = decisions.get(f"{zone.name} {family} site {key}")
        if block is not None and block.start <= net.start and net.start + net.size <= block.start + block.size:
            break
        block = None
        site = model.site_by_key.get(key)
        key = site.parent if site is not None else None
    if block is None:
        return None
    return FIRST_VLAN + ((net.start - block.start) // net.size) % (MAX_VLAN - FIRST_VLAN + 1), net

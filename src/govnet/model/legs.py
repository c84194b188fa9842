"""Router-firewall legs: the implied intra-site links between each router and each firewall of a site, one
dot1q sub-interface (VLAN = zone number) per zone whose traffic crosses the firewall there.

A zone crosses the firewall at a site when the site offers it and the zone says ``firewall: true`` or a rule of
the policy enforced at the site's level names it. Isolated zones (dedicated VPNs, the office zone) that no rule
names stay on the routers: sending them through the firewall would only add a hop nobody filters on.

Legs are named by device names and the zone name, never by list positions, so a leg's addresses (and its lock
entry) do not move when a device or zone is added elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from govnet.model.access import gateway_zone
from govnet.model.access import gateways as access_gateways
from govnet.model.hierarchy import site_level
from govnet.model.types import Device, Model, Zone
from govnet.reference.platforms import ROUTING_ROLES

FIREWALL = "firewall"
# The IPv6 /127 of an internet-zone leg at an exit with IPv6 handoffs (the internet zone has no IPv6 plan of its
# own): a kind of its own that sorts after every other of the links pool, so allocating from scratch gives what
# adding these to an existing lock gives.
INTERNET6_LEG = "zone-xv6-leg"


@dataclass(frozen=True, slots=True)
class Leg:
    site: str
    router: str
    firewall: str
    zone: str  # the model's zone name

    @property
    def subject(self) -> str:
        """The leg's name in allocations.lock: its two devices in sorted order and the zone.

        >>> Leg("36", "JX-36-CR01", "JX-36-FW02", "public").subject
        'JX-36-CR01~JX-36-FW02:public'
        """
        return "~".join(sorted((self.router, self.firewall))) + f":{self.zone}"


def crossing_zones(model: Model, site_key: str) -> list[Zone]:
    """The zones of a site whose traffic crosses its firewalls, in model order (none without a firewall)."""
    if not any(d.role == FIREWALL for d in model.devices_of(site_key)):
        return []
    offered = set(model.zones_of(site_key))
    level = site_level(model, site_key)
    ruled = {z for r in model.policy.rules if level in r.at for z in (r.from_, r.to)}
    return [z for z in model.zones if z.name in offered and (z.spec.firewall or z.name in ruled)]


def site_legs(model: Model, site_key: str) -> list[Leg]:
    """Every leg of a site: routers × firewalls × crossing zones, ordered by router, firewall, zone order; then
    routers × access gateways in the access platform's zone (govnet.model.access)."""
    zones = crossing_zones(model, site_key)
    gateways = access_gateways(model, site_key)
    zone = gateway_zone(model, site_key) if gateways else None
    if not zones and zone is None:
        return []
    devices = sorted(model.devices_of(site_key), key=lambda d: d.name)
    routers = [d for d in devices if d.role in ROUTING_ROLES]
    firewalls = [d for d in devices if d.role == FIREWALL]
    legs = [Leg(site_key, r.name, f.name, z.name) for r in routers for f in firewalls for z in zones]
    if zone is not None:
        legs += [Leg(site_key, r.name, g.name, zone.name) for r in routers for g in gateways]
    return legs


def device_legs(model: Model, device: Device) -> list[Leg]:
    """The legs one device terminates."""
    return [leg for leg in site_legs(model, device.site) if device.name in (leg.router, leg.firewall)]


def all_legs(model: Model) -> Iterator[Leg]:
    """Every leg of the model, site by site in key order."""
    for site_key in model.shared_sites:  # a site with one device has none of these
        yield from site_legs(model, site_key)

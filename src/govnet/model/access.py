"""The secure access platform (安全接入平台, issue 13 #11): its VPN gateways, devices of role ``access-gateway``
at the platform's site, hanging off the site's routers like the firewalls do.

Each gateway has one leg per router of its site, in the VPN instance of the zone that holds the platform (the
internet zone): clients reach the gateway's portal address from the internet, and the gateway hands their
traffic, from the client pool, to that VPN instance, where the province firewall's rules (a rule whose source
is the client pool) decide what it may reach. The routers route the client pool and the portal to the first
gateway by name (the others are floating backups: the gateways are an HA pair, govnet.model.ha).
"""

from __future__ import annotations

from dataclasses import dataclass

from govnet.model.types import Device, Model, Zone
from govnet.schema.zones import AccessPlatformSpec

GATEWAY = "access-gateway"


@dataclass(frozen=True, slots=True)
class AccessPlatform:
    zone: Zone  # the zone that declares it (the internet zone)
    spec: AccessPlatformSpec

    @property
    def site(self) -> str:
        return self.spec.site


def access_platform(model: Model) -> AccessPlatform | None:
    """The model's secure access platform (the first zone that declares one)."""
    return next((AccessPlatform(z, z.spec.access_platform) for z in model.zones
                 if z.spec.access_platform is not None), None)


def gateways(model: Model, site_key: str) -> list[Device]:
    """The access gateways of a site, by name (the first is the active one)."""
    return sorted((d for d in model.devices_of(site_key) if d.role == GATEWAY), key=lambda d: d.name)


def gateway_zone(model: Model, site_key: str) -> Zone | None:
    """The zone the gateways of a site hand their clients to: the access platform's, when it is at this site."""
    platform = access_platform(model)
    return platform.zone if platform is not None and platform.site == site_key else None

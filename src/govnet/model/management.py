"""The management plane the model declares (govnet.yaml ``management.plane``): where the NOC attaches and
which firewall-router pairs carry a management leg. Shared by the checks, the address requests and render."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass

from govnet.model.types import Device, Model
from govnet.reference.platforms import ROUTING_ROLES

FIREWALL = "firewall"
SIDE_ROLES = (FIREWALL, "access-gateway")  # devices on legs off the site's routers: managed over a leg


@dataclass(frozen=True, slots=True)
class MgmtLeg:
    """A router-firewall management sub-interface pair, in the global table."""

    site: str
    router: str
    firewall: str

    @property
    def subject(self) -> str:
        """Its name in allocations.lock: the two devices in sorted order.

        >>> MgmtLeg("36", "JX-36-CR02", "JX-36-FW01").subject
        'JX-36-CR02~JX-36-FW01'
        """
        return "~".join(sorted((self.router, self.firewall)))


def noc_site(model: Model) -> str:
    """The site whose core routers connect the NOC network."""
    return model.project.management.plane.site or model.province.key


def noc_routers(model: Model) -> list[Device]:
    """The core routers that connect the NOC network, by name (none when no network is declared)."""
    if not model.project.management.plane.networks or noc_site(model) not in model.site_by_key:
        return []
    return sorted((d for d in model.devices_of(noc_site(model)) if d.role == "core-router"), key=lambda d: d.name)


def mgmt_legs(model: Model, site_key: str) -> list[MgmtLeg]:
    """Every router × firewall pair of a site (only when the model declares management networks)."""
    if not model.project.management.plane.networks:
        return []
    devices = sorted(model.devices_of(site_key), key=lambda d: d.name)
    firewalls = [d for d in devices if d.role in SIDE_ROLES]  # firewalls and access gateways
    return [MgmtLeg(site_key, r.name, f.name) for r in devices if r.role in ROUTING_ROLES for f in firewalls]


def all_mgmt_legs(model: Model) -> Iterator[MgmtLeg]:
    for site_key in model.shared_sites:  # a site with one device has none of these
        yield from mgmt_legs(model, site_key)


def outside(model: Model) -> list[tuple[str, str]]:
    """(field, address) of every management server outside the declared networks."""
    spec = model.project.management
    networks = [ipaddress.ip_network(n) for n in spec.plane.networks]
    fields = {"ntp": spec.ntp, "syslog": spec.syslog, "snmp.trap_hosts": spec.snmp.trap_hosts,
              "aaa.radius": spec.aaa.radius}
    return [(f, a) for f, found in fields.items() for a in found
            if not any(ipaddress.ip_address(a) in n for n in networks)]

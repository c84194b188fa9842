"""Firewall hot standby: the first two firewalls of a site (by name) form an HA pair, joined by a heartbeat
link of their own that carries state sync (Huawei USG HRP, H3C SecPath RBM).

The pair is active/standby: the first firewall by name is active and the routers send every zone to it, the
second is the standby the routers fall back to (govnet.render.legs); the heartbeat link keeps the standby's
session table (and NAT translations) a mirror of the active one's, so a failover keeps the flows of the moment
and exactly one firewall owns a NAT pool at a time. A third firewall at a site stays outside the pair (HRP and
RBM pair two devices).

The heartbeat link is a /31 from the links pool, ``links ipv4 zone-xha-link <fw1>~<fw2>`` in the lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from govnet.model.access import GATEWAY
from govnet.model.legs import FIREWALL
from govnet.model.types import Device, Model

PAIRED_ROLES = (FIREWALL, GATEWAY)  # the roles whose first two devices of a site run hot standby

# Sorts after every other kind of the links pool ("zone-vpn-handoff" last until now): allocating from scratch
# gives what adding the heartbeat links to an existing lock gives (the allocator carves in key order).
KIND = "zone-xha-link"


@dataclass(frozen=True, slots=True)
class HaPair:
    site: str
    active: str  # the firewall the routers prefer (the first by name)
    standby: str

    @property
    def subject(self) -> str:
        """The heartbeat link's name in allocations.lock.

        >>> HaPair("36", "JX-36-FW01", "JX-36-FW02").subject
        'JX-36-FW01~JX-36-FW02'
        """
        return f"{self.active}~{self.standby}"

    def peer(self, device: str) -> str:
        return self.standby if device == self.active else self.active


def ha_pair(model: Model, site_key: str, role: str = FIREWALL) -> HaPair | None:
    """The HA pair of a site: its first two firewalls (or access gateways) by name (None with fewer than two)."""
    names = sorted(d.name for d in model.devices_of(site_key) if d.role == role)
    return HaPair(site_key, names[0], names[1]) if len(names) >= 2 else None


def device_pair(model: Model, device: Device) -> HaPair | None:
    """The HA pair a firewall or access gateway belongs to, if any."""
    pair = ha_pair(model, device.site, device.role) if device.role in PAIRED_ROLES else None
    return pair if pair is not None and device.name in (pair.active, pair.standby) else None


def all_ha_pairs(model: Model) -> Iterator[HaPair]:
    for site_key in model.shared_sites:  # a site with one device has none of these
        for role in PAIRED_ROLES:
            pair = ha_pair(model, site_key, role)
            if pair is not None:
                yield pair

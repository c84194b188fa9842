"""Carrier handoffs at the internet exits: which router takes each carrier's circuit, and the ASCII name that
stands for the carrier in configs.

The rule is derived and stable: the exit's carriers, in the order 'carriers' lists them, take the exit site's
routers sorted by name in turn (two carriers on two routers: one each; two carriers on one router: both there;
three on two: the third back on the first). A handoff's ``device:`` names the router instead. Adding a carrier at
the end of the list never moves the others; adding a router to the site can, which is what ``device:`` is for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from govnet.model.types import Device, Model, Origin, Zone
from govnet.reference.platforms import ROUTING_ROLES
from govnet.schema.zones import HandoffSpec

# The carriers of Chinese internet exits and the short names their circuits go by in configs; any other
# carrier is named by its own name when that is ASCII, else by its position in the list (ISP3).
CARRIER_TAGS = {"电信": "CT", "中国电信": "CT", "联通": "CU", "中国联通": "CU", "移动": "CM", "中国移动": "CM",
                "广电": "CBN", "中国广电": "CBN", "铁通": "CRC"}
_ASCII_TAG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$")


@dataclass(frozen=True, slots=True)
class Handoff:
    zone: Zone  # the internet zone the exit belongs to
    site: str
    carrier: str  # as written in the model
    index: int  # the carrier's position in the exit's 'carriers': its port and its fallback name
    router: Device | None  # None when the site has no router (reported by the device checks)
    spec: HandoffSpec
    origin: Origin  # the handoff's entry under 'handoffs'

    @property
    def tag(self) -> str:
        return carrier_tag(self.carrier, self.index)


def handoff_subject(site: str, carrier: str) -> str:
    """A handoff's name in allocations.lock: the exit site and the carrier (no blanks: the lock splits on them).

    >>> handoff_subject("36", "电信"), handoff_subject("3601", "China Net")
    ('36:电信', '3601:China_Net')
    """
    return f"{site}:{'_'.join(carrier.split())}"


def carrier_tag(carrier: str, index: int) -> str:
    """The ASCII name of a carrier in descriptions.

    >>> carrier_tag("电信", 0), carrier_tag("ChinaNet", 1), carrier_tag("鹏博士", 2)
    ('CT', 'CHINANET', 'ISP3')
    """
    if carrier in CARRIER_TAGS:
        return CARRIER_TAGS[carrier]
    return carrier.upper() if _ASCII_TAG.fullmatch(carrier) else f"ISP{index + 1}"


def exit_routers(model: Model, site: str) -> list[Device]:
    """The routers of an exit site that can take a circuit, sorted by name."""
    return sorted((d for d in model.devices_of(site) if d.role in ROUTING_ROLES and model.is_ours(d)),
                  key=lambda d: d.name)


def handoffs(model: Model, site: str | None = None) -> Iterator[Handoff]:
    """Every handoff of a carrier its exit lists, exit by exit in model order, carriers in list order; only
    those of one exit site when ``site`` is given."""
    for zone in model.zones:
        for i, exit_ in enumerate(zone.spec.exits):
            if site is not None and exit_.site != site:
                continue
            routers = exit_routers(model, exit_.site)
            by_name = {d.name: d for d in routers}
            for j, carrier in enumerate(exit_.carriers):
                spec = exit_.handoffs.get(carrier)
                if spec is None:
                    continue
                if spec.device is not None:
                    router = by_name.get(spec.device)
                else:
                    router = routers[j % len(routers)] if routers else None
                yield Handoff(zone, exit_.site, carrier, j, router, spec,
                              zone.origin.at("exits", i, "handoffs", carrier))


def device_handoffs(model: Model, device: Device) -> list[Handoff]:
    """The handoffs one router terminates, in carrier order."""
    if device.role not in ROUTING_ROLES:
        return []
    return [h for h in handoffs(model, device.site) if h.router is not None and h.router.name == device.name]


def ipv6_exit(model: Model, site: str) -> bool:
    """Whether an exit site has a carrier with an IPv6 handoff: its firewalls then carry IPv6 to the internet
    (the internet legs get a /127 each, the firewalls an IPv6 default toward the carrier's router)."""
    return any(h.spec.ipv6 is not None for h in handoffs(model, site))

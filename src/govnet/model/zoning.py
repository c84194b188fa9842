"""Zones with their routing identity: VRF name, route distinguisher and route targets.

The defaults follow the common MPLS VPN scheme: RD and RT are ``<provincial AS>:<zone number>``, the VRF is
the zone name upper-cased. Any of them may be written in zones.yaml instead; duplicates are caught by the
zone checks, not here.
"""

from __future__ import annotations

from govnet.model.types import Origin, Zone
from govnet.schema.zones import ZonesFile
from govnet.source.modeldir import ZONES_FILE


def default_vrf(name: str) -> str:
    """The VRF name a zone gets unless it says otherwise.

    >>> default_vrf("public"), default_vrf("hr_social")
    ('PUBLIC', 'HR_SOCIAL')
    """
    return name.upper()


def build_zones(spec: ZonesFile) -> list[Zone]:
    asn = spec.routing.asn
    zones = []
    for i, zone in enumerate(spec.zones):
        default_value = f"{asn}:{zone.number}"
        targets = zone.route_targets
        rt_import = tuple(targets.import_) if targets and targets.import_ else (default_value,)
        rt_export = tuple(targets.export) if targets and targets.export else (default_value,)
        zones.append(Zone(
            name=zone.name,
            kind=zone.kind,
            title=zone.title,
            number=zone.number,
            vrf=zone.vrf or default_vrf(zone.name),
            rd=zone.rd or default_value,
            rt_import=rt_import,
            rt_export=rt_export,
            levels=tuple(zone.levels),
            spec=zone,
            origin=Origin(ZONES_FILE, ("zones", i)),
        ))
    return zones

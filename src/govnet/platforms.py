"""The platforms govnet knows, and what each one's devices accept.

One explicit table; later stages (templates, interface naming, parsers, diff drivers) add their columns here.
Limits from vendor command references: Huawei VRP/USG `sysname` 1-246 characters and interface
`description` 1-242; H3C Comware `sysname` 1-64 and `description` 1-255; Cisco IOS XE `hostname` 63
(RFC 1123 label) and `description` 240.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Platform:
    name: str
    vendor: str
    hostname_max: int
    description_max: int


PLATFORMS: dict[str, Platform] = {
    p.name: p
    for p in (
        Platform("huawei_vrp", "Huawei", 246, 242),
        Platform("huawei_usg", "Huawei", 246, 242),
        Platform("h3c_comware", "H3C", 64, 255),
        Platform("h3c_secpath", "H3C", 64, 255),
        Platform("cisco_iosxe", "Cisco", 63, 240),
    )
}

ROLES = ("core-router", "router", "firewall")
# Roles that terminate uplinks, in order of preference.
ROUTING_ROLES = ("core-router", "router")

"""Unit VLANs from a per-site pool in the lock: the dot1q id of a unit's sub-interface on its site's attach router.

The allocator and the lock hold them as they hold addresses, numbers written as IPv4 prefixes in a pool of their
own (``vlan``), so they are decided once, kept, and released like every other decision:

- ``vlan ipv4 vlan-block <site>``: the site's block of 4,096 numbers (a /20 of 0.0.0.0/4);
- ``vlan ipv4 vlan <unit>:<zone>``: one number of it (a /32); the VLAN is 2 + its offset in the block (VLANs 0
  and 1 are reserved or the default on every vendor).

Every unit that is not revoked gets its VLAN when `govnet allocate` first sees it, so activating a unit later
changes no decision: only its attach router's config. The pool is in a routing domain of its own, so it never
meets an address; the address consumers (verify, exports, reports) read only zone and infrastructure pools.
"""

from __future__ import annotations

from collections.abc import Mapping

from govnet.ipam.keys import key_text
from govnet.ipam.prefix import Net, parse_net
from govnet.model.types import Model, Origin
from govnet.schema.zones import FamilyPlan

POOL, FAMILY, BLOCK, LEAF = "vlan", "ipv4", "vlan-block", "vlan"
SPACE = "0.0.0.0/4"  # room for 65,536 sites' blocks
BLOCK_LENGTH, FIRST_VLAN, MAX_VLAN = 20, 2, 4094
PLAN = FamilyPlan(pool=[SPACE], size=32, nest=True)


def block_key(site: str) -> str:
    return key_text(POOL, FAMILY, BLOCK, site)


def vlan_key(unit: str, zone: str) -> str:
    return key_text(POOL, FAMILY, LEAF, f"{unit}:{zone}")


def wanted(model: Model) -> list[tuple[str, str, str, Origin]]:
    """(site, unit id, zone, origin) of every VLAN the registry asks for: each zone of each unit not revoked."""
    if model.registry is None:
        return []
    found = []
    for unit, origin in zip(model.registry.units, model.registry.origins, strict=True):
        if unit.status != "revoked" and unit.site in model.site_by_key:
            found += [(unit.site, unit.id, zone, origin) for zone in unit.zones]
    return found


def vlan_of(decisions: Mapping[str, Net], site: str, unit: str, zone: str) -> int | None:
    """The unit's VLAN in a zone, from the lock (None: not allocated yet, or past the VLAN range).

    >>> d = {block_key("36"): parse_net("0.0.16.0/20"), vlan_key("U1", "public"): parse_net("0.0.16.5/32")}
    >>> vlan_of(d, "36", "U1", "public"), vlan_of(d, "36", "U2", "public")
    (7, None)
    """
    block, net = decisions.get(block_key(site)), decisions.get(vlan_key(unit, zone))
    if block is None or net is None:
        return None
    vlan = FIRST_VLAN + net.start - block.start
    return vlan if FIRST_VLAN <= vlan <= MAX_VLAN else None


SPACE_NET = parse_net(SPACE)

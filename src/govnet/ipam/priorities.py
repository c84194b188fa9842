"""USG security zone priorities from a per-site pool in the lock (govnet.render.firewall).

A custom security zone's priority must be unique on the firewall ("each security zone has a globally unique security
priority. That is, two security zones with the same security priority do not exist in a VPN instance": Huawei
enterprise forum, "Definition of the security level of a security zone on the firewall",
forum.huawei.com/enterprise/en/corpus-3126.html). Taken from the zone's position among the site's
zones, it moved whenever a zone came or went (removing one zone renumbered every later one: internet 82 -> 83), and
the remediation rewrote zones nobody touched. They are decisions kept like unit VLANs (govnet.ipam.vlans): numbers
written as IPv4 prefixes in a pool of their own (``priority``):

- ``priority ipv4 priority-block <site>@zones``: the site's block of 128 numbers (a /25);
- ``priority ipv4 priority <site>><zone>``: one zone's number (a /32); the priority is ``PRIORITIES[offset]``.

The block is per site, not per firewall: both firewalls of a pair carry the same zones, and hot standby wants them
configured alike. The first allocation takes the zones in model order, which gives what the positional rule gave
(so an existing model's configs do not change); afterwards a new zone takes the first free number and a removed
one keeps its own until ``govnet allocate --prune``.
"""

from __future__ import annotations

from collections.abc import Mapping

from govnet.ipam.keys import key_text
from govnet.ipam.prefix import Net, parse_net
from govnet.schema.zones import FamilyPlan

POOL, FAMILY, BLOCK, LEAF = "priority", "ipv4", "priority-block", "priority"
SPACE = "0.0.0.0/4"  # room for 2 million sites' blocks
BLOCK_LENGTH = 25
# USG custom zone priorities: below trust (85), neither dmz (50) nor untrust (5); 78 of them
PRIORITIES = tuple(p for p in range(84, 5, -1) if p != 50)
PLAN = FamilyPlan(pool=[SPACE], size=32, nest=True)
SPACE_NET = parse_net(SPACE)


def block_key(site: str) -> str:
    """The key of a site's block; its subject is ``<site>@zones``, so '--release <site>' (its address blocks) leaves
    its zone priorities alone and '--release <site>@zones' renumbers them."""
    return key_text(POOL, FAMILY, BLOCK, f"{site}@zones")


def priority_key(site: str, zone: str) -> str:
    return key_text(POOL, FAMILY, LEAF, f"{site}>{zone}")


def offset_of(decisions: Mapping[str, Net], site: str, zone: str) -> int | None:
    """A zone's number in its site's block (None: not allocated yet).

    >>> d = {block_key("36"): parse_net("0.0.1.0/25"), priority_key("36", "public"): parse_net("0.0.1.2/32")}
    >>> offset_of(d, "36", "public"), offset_of(d, "36", "internet")
    (2, None)
    """
    block, net = decisions.get(block_key(site)), decisions.get(priority_key(site, zone))
    if block is None or net is None or not block.start <= net.start < block.start + block.size:
        return None
    return net.start - block.start


def offset_in_text(prefix: str) -> int:
    """A zone's number from its lock text alone: a block is an aligned /25, so it is the address's low 7 bits (for
    a sealed lock, whose entries lie in their blocks).

    >>> offset_in_text("0.0.1.2/32"), offset_in_text("0.0.1.130/32")
    (2, 2)
    """
    return int(prefix.partition("/")[0].rsplit(".", 1)[1]) & ((1 << (32 - BLOCK_LENGTH)) - 1)


def priority_of(decisions: Mapping[str, Net], site: str, zone: str) -> int | None:
    """A zone's priority at a site, from the lock (None: not allocated yet). A number past the 78 priorities is an
    error (GN630, govnet.ipam.priority_room); the priorities repeat there, as the positional rule's did.

    >>> d = {block_key("36"): parse_net("0.0.1.0/25"), priority_key("36", "public"): parse_net("0.0.1.2/32")}
    >>> priority_of(d, "36", "public"), priority_of(d, "36", "internet")
    (82, None)
    """
    offset = offset_of(decisions, site, zone)
    return None if offset is None else PRIORITIES[offset % len(PRIORITIES)]

"""Static BFD discriminators from a per-device pool in the lock (govnet.render.bfd).

Between two Huawei ends a router-firewall leg's session has static discriminators: each end's ``discriminator
local`` is its own number and its ``discriminator remote`` the far end's. A number derived from the leg's position
among the device's legs moved whenever an unrelated leg came or went (a zone taken off a site renumbered every
later leg of its routers and firewalls), so the remediation deleted and recreated sessions, and withdrew their
tracked static routes, on legs nobody touched. They are decisions kept like unit VLANs (govnet.ipam.vlans):
numbers written as IPv4 prefixes in a pool of their own (``bfd``):

- ``bfd ipv4 bfd-block <device>@bfd``: the device's block of 4,096 numbers (a /20);
- ``bfd ipv4 bfd <device>><far>:<zone>:<family>``: one leg end's number in one family (a /32); the discriminator is
  ``BASE`` + its offset in the block, 1000-5095 (VRP 5 and USG accept 1-8191).

Both families of every leg end get a number, used or not, in the device's leg order: the first allocation then
gives what the positional rule gave (``BASE`` + 2 × position, + 1 for IPv6), so an existing model's configs do not
change; afterwards a new leg takes the first free numbers and a removed one keeps its own until ``govnet allocate
--prune``. Both ends read each other's number from the same lock, so local and remote always cross.
"""

from __future__ import annotations

from collections.abc import Mapping

from govnet.ipam.keys import key_text
from govnet.ipam.prefix import Net, parse_net
from govnet.schema.zones import FamilyPlan

POOL, FAMILY, BLOCK, LEAF = "bfd", "ipv4", "bfd-block", "bfd"
SPACE = "0.0.0.0/4"  # room for 65,536 devices' blocks
BLOCK_LENGTH = 20
BASE = 1000  # the first static discriminator
PLAN = FamilyPlan(pool=[SPACE], size=32, nest=True)
SPACE_NET = parse_net(SPACE)


def block_key(device: str) -> str:
    """The key of a device's block; its subject is ``<device>@bfd``, so '--release <device>' (its addresses) leaves
    its discriminators alone and '--release <device>@bfd' renumbers them."""
    return key_text(POOL, FAMILY, BLOCK, f"{device}@bfd")


def subject(device: str, far: str, zone: str, family: int) -> str:
    """One leg end's name in the lock.

    >>> subject("JX-36-CR01", "JX-36-FW01", "public", 6)
    'JX-36-CR01>JX-36-FW01:public:ipv6'
    """
    return f"{device}>{far}:{zone}:ipv{family}"


def number_key(device: str, far: str, zone: str, family: int) -> str:
    return key_text(POOL, FAMILY, LEAF, subject(device, far, zone, family))


def discriminator(decisions: Mapping[str, Net], device: str, far: str, zone: str, family: int) -> int | None:
    """A leg end's local discriminator, from the lock (None: not allocated yet).

    >>> d = {block_key("R1"): parse_net("0.0.16.0/20"), number_key("R1", "F1", "public", 4): parse_net("0.0.16.3/32")}
    >>> discriminator(d, "R1", "F1", "public", 4), discriminator(d, "R1", "F1", "public", 6)
    (1003, None)
    """
    block, net = decisions.get(block_key(device)), decisions.get(number_key(device, far, zone, family))
    if block is None or net is None or not block.start <= net.start < block.start + block.size:
        return None
    return BASE + net.start - block.start

"""Port positions in the lock: which physical port each port end (govnet.model.ports) takes.

Kept like unit VLANs (govnet.ipam.vlans): numbers written as IPv4 prefixes in a pool of their own (``port``), so
the allocator decides them once, keeps them, and releases them like every other decision:

- ``port ipv4 port-block <device>@<speed>``: the device's ports of one speed, a block of 4,096 numbers (a /20);
- ``port ipv4 port <device>@<speed>><far>``: one port end (a /32); its offset in the block is its index among
  the device's ports of that speed, in the hardware's card order (govnet.reference.hardware.Hardware.nth).

So adding a link takes the first free port of its speed and moves nothing else; removing one keeps its port
reserved (GN627) until ``govnet allocate --prune`` frees it, and nothing is renumbered. Whether the hardware
has that many ports is govnet.checks.ports's (GN419).
"""

from __future__ import annotations

from collections.abc import Mapping

from govnet.ipam.keys import key_text
from govnet.ipam.prefix import Net, parse_net
from govnet.schema.zones import FamilyPlan

POOL, FAMILY, BLOCK, LEAF = "port", "ipv4", "port-block", "port"
SPACE = "0.0.0.0/2"  # room for 262,144 blocks (a device has one per port speed it uses)
BLOCK_LENGTH = 20
PLAN = FamilyPlan(pool=[SPACE], size=32, nest=True)
SPACE_NET = parse_net(SPACE)


def block_subject(subject: str) -> str:
    """The block a port end's subject is carved from: its device and speed.

    >>> block_subject("JX-36-CR01@100G>JX-3601-CR01")
    'JX-36-CR01@100G'
    """
    return subject.split(">", 1)[0]


def block_key(subject: str) -> str:
    return key_text(POOL, FAMILY, BLOCK, block_subject(subject))


def port_key(subject: str) -> str:
    return key_text(POOL, FAMILY, LEAF, subject)


def index_of(decisions: Mapping[str, Net], subject: str) -> int | None:
    """A port end's index among its device's ports of its speed, from the lock (None: not allocated yet).

    >>> d = {block_key("R1@1G>R2"): parse_net("0.0.16.0/20"), port_key("R1@1G>R2"): parse_net("0.0.16.5/32")}
    >>> index_of(d, "R1@1G>R2"), index_of(d, "R1@1G>R3")
    (5, None)
    """
    block, net = decisions.get(block_key(subject)), decisions.get(port_key(subject))
    if block is None or net is None or not block.start <= net.start < block.start + block.size:
        return None
    return net.start - block.start


def index_in_text(prefix: str) -> int:
    """A port end's index from its lock text alone: a block is an aligned /20, so the index is the address's low
    12 bits (for a sealed lock, whose entries lie in their blocks).

    >>> index_in_text("0.0.16.5/32"), index_in_text("0.1.18.7/32")
    (5, 519)
    """
    address = prefix.partition("/")[0]
    _, third, fourth = address.rsplit(".", 2)
    return ((int(third) << 8) | int(fourth)) & ((1 << (32 - BLOCK_LENGTH)) - 1)

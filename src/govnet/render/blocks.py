"""Site block announcements in device contexts: each PE originates its site's block of every zone it serves.

A zone's address plan gives every site a block (``<zone> <family> site <site>`` in the lock), carved from its
parent's; the units of the site get subnets inside it, on sub-interfaces in the zone's VPN instance. A site
whose block holds no unit yet (most villages, a county with no unit of a dedicated zone) would otherwise be
announced by nobody, so no member of the zone reaches it. The usual fix on an MPLS VPN PE is a discard route
for the whole block in the VPN instance, imported into BGP: the block is announced as soon as the site exists,
the connected unit subnets inside it still win by longest match, and traffic to an unused part of the block is
dropped at its own PE instead of looping on a default route.
"""

from __future__ import annotations

from collections.abc import Mapping

from govnet.ipam.keys import SITE, key_text
from govnet.ipam.prefix import Net
from govnet.model.types import Device
from govnet.render.context import Block, Route, Vrf, host


def site_blocks(decisions: Mapping[str, Net], device: Device, vrfs: tuple[Vrf, ...],
                routes: tuple[Route, ...] = ()) -> tuple[Block, ...]:
    """The discard routes of a router's site blocks, one per VPN instance and family the router runs (IPv4
    first), in VPN instance order. A block the router already routes elsewhere (``routes``: toward a firewall
    that holds it) gets none: two routes of one preference, one of them a discard, would split its traffic."""
    taken = {(r.vrf, str(r.prefix)) for r in routes}
    found = []
    for family in ("ipv4", "ipv6"):
        for vrf in vrfs:
            if family == "ipv6" and not vrf.ipv6:
                continue
            net = decisions.get(key_text(vrf.zone, family, SITE, device.site))
            if net is not None:
                block = host(net)
                if not taken or (vrf.name, str(block)) not in taken:
                    found.append(Block(block, vrf.name, f"BLOCK-{device.site}"))
    return tuple(found)

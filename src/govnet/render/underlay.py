"""Underlay decisions shared by every router's context: IGP costs from bandwidth and per-PE route
distinguishers."""

from __future__ import annotations

from govnet.model.types import Zone
from govnet.render.context import Interface

REFERENCE_MBPS = 1_000_000  # IGP reference bandwidth, set explicitly on every router: 100G costs 10, 1G 1000


def igp_cost(bandwidth: int | None) -> int | None:
    """A link's IGP cost from its bandwidth (None: the model gives none, the reference bandwidth decides).

    >>> igp_cost(100 * 10**9), igp_cost(10**9), igp_cost(200 * 10**6), igp_cost(None)
    (10, 1000, 5000, None)
    """
    if not bandwidth:
        return None
    return max(1, min(65535, REFERENCE_MBPS * 1_000_000 // bandwidth))


def rd(zone: Zone, loopback: Interface) -> str:
    """A VPN instance's route distinguisher on one PE: ``<router-id>:<zone number>``, so that reflectors carry
    every PE's path to a prefix (with one RD per VPN they keep only the best); a zone's pinned ``rd:`` wins."""
    if zone.spec.rd is not None or loopback.ipv4 is None:
        return zone.rd
    return f"{loopback.ipv4.address}:{zone.number}"

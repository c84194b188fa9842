"""Underlay decisions shared by every router's context: IGP costs from bandwidth, per-PE route
distinguishers, and the prefixes a VPN's edge policies let through."""

from __future__ import annotations

from functools import lru_cache

from govnet.ipam.prefix import Net, parse_net
from govnet.model.types import Zone
from govnet.render.context import Interface, Ip, Route, host

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


def own_prefixes(zone: Zone, family: int = 4) -> tuple[Ip, ...]:
    """A zone's own prefixes of one family: its pools (what the province may announce for it at an edge)."""
    addresses = zone.spec.addresses
    plan = None if addresses is None else addresses.ipv4 if family == 4 else addresses.ipv6
    return tuple(host(parse_net(p)) for p in plan.pool) if plan is not None else ()


def edge_prefixes(own: tuple[Ip, ...], vrf: str, interfaces: list[Interface], routes: tuple[Route, ...],
                  family: int = 4) -> tuple[Ip, ...]:
    """What an access edge's VPN instance exports besides the zone's own prefixes, matched exactly: the prefixes
    this device itself puts in the VPN (its static routes, a default included, and the subnets of its interfaces
    in it that lie outside the pools: firewall legs, hand-offs), so only a foreign prefix from a unit is cut off."""
    found: dict[Ip, None] = {}
    for route in routes:
        if route.vrf == vrf and route.prefix.family == family:
            found.setdefault(route.prefix, None)
    for interface in interfaces:
        address = interface.ipv4 if family == 4 else interface.ipv6
        if interface.vrf == vrf and address is not None and not inside(address, own):
            found.setdefault(host(_net(address.network, address.length)), None)
    return tuple(found)


def inside(ip: Ip, prefixes: tuple[Ip, ...]) -> bool:
    net = _net(ip.network, ip.length)
    for p in prefixes:
        outer = _net(p.network, p.length)
        if outer.start <= net.start and net.start + net.size <= outer.start + outer.size:
            return True
    return False


@lru_cache(maxsize=1 << 14)  # the zones' pools, asked again for every interface of every access edge
def _net(network: str, length: int) -> Net:
    return parse_net(f"{network}/{length}")

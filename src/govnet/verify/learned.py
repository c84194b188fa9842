"""What each VPN instance on each PE announces and learns, per address family (IPv4, and IPv6 for 6VPE): the per-
instance prefix sets GN924 (govnet.verify.reach) judges reachability with, and GN914/GN915
(govnet.verify.isolation) judge isolation with.

A (PE, VPN instance) announces its connected subnets and static routes (discard routes of site blocks included)
where its BGP family imports them (import-route direct/static, redistribute connected/static), passed through its
export route-policy (govnet.verify.policies, which also says what the route then carries). Another (PE, VPN
instance) learns such a route when its import targets meet the origin's export targets (a leak into another VPN is
such a meeting too), BGP carries the origin's routes to its PE (govnet.verify.bgp: sessions up, reflection; the
VPNv6 sessions for IPv6) or it is on the same PE, and its import route-policy passes the route.
"""

from __future__ import annotations

import ipaddress
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from govnet.verify import policies
from govnet.verify.context import VerifyContext
from govnet.verify.scan import Facts, Vrf

Key = tuple[int, int]  # (network address, prefix length) of a prefix of one family
FAMILIES = (4, 6)


@dataclass(frozen=True)
class Origin:
    facts: Facts
    vrf: Vrf  # the family's view of the VPN instance (IPv6: the instance's ipv6 family)
    name: str  # the VPN instance's name


@dataclass(frozen=True)
class Announced:
    origin: Origin
    discard: bool  # a route to the null interface: it covers only its own prefix
    attrs: policies.Attrs  # what the route carries past the export policy


def bits(family: int) -> int:
    return 32 if family == 4 else 128


def view(vrf: Vrf, family: int) -> Vrf | None:
    """A VPN instance's targets and policies for one family (None: the instance has no such family)."""
    return vrf if family == 4 else vrf.v6


def network(key: Key, family: int) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    return ipaddress.IPv4Network(key) if family == 4 else ipaddress.IPv6Network(key)


def key_of(net: ipaddress.IPv4Network | ipaddress.IPv6Network) -> Key:
    return int(net.network_address), net.prefixlen


def instances(ctx: VerifyContext, family: int) -> Iterator[tuple[Facts, str, Vrf]]:
    """Every (PE, VPN instance name, family view) of the configs: PEs run BGP."""
    for facts in ctx.facts.values():
        if not facts.asn:
            continue
        for name, vrf in facts.vrfs.items():
            found = view(vrf, family)
            if found is not None:
                yield facts, name, found


Own = tuple[str, ipaddress.IPv4Network | ipaddress.IPv6Network, bool, bool, int]


def own_routes(facts: Facts, family: int) -> Iterator[Own]:
    """A PE's routes in its VPN instances (connected subnets of up ports, static routes but the default): (instance,
    prefix, discard, static, line)."""
    for port in facts.interfaces.values():
        address = port.ipv4 if family == 4 else port.ipv6
        if port.vrf and address is not None and not port.shutdown:
            line = (port.ipv4_line if family == 4 else port.ipv6_line) or port.line
            yield port.vrf, address.network, False, False, line
    if family == 4:
        for route in facts.routes:
            if route.vrf and route.prefix.prefixlen > 0:
                yield route.vrf, route.prefix, route.discard, True, route.line
    else:
        for route6 in facts.routes6:
            if route6.vrf and route6.prefix.prefixlen > 0:
                yield route6.vrf, route6.prefix, route6.next_hop.upper() == "NULL0", True, route6.line


# per context (dropped with it): each family's announcements
_ANNOUNCED: weakref.WeakKeyDictionary[VerifyContext, dict[int, dict[Key, list[Announced]]]] = \
    weakref.WeakKeyDictionary()


def announced(ctx: VerifyContext, family: int) -> dict[Key, list[Announced]]:
    """Every route some (PE, VPN instance) announces into BGP, past its export policy, by prefix (worked out once
    per context and family: GN924 and the isolation checks read the same sets)."""
    known = _ANNOUNCED.setdefault(ctx, {})
    cached = known.get(family)
    if cached is None:
        cached = known[family] = _announced(ctx, family)
    return cached


def _announced(ctx: VerifyContext, family: int) -> dict[Key, list[Announced]]:
    index: dict[Key, list[Announced]] = {}
    for facts in ctx.facts.values():
        if not facts.asn:
            continue
        direct, static = (facts.direct_vrfs, facts.static_vrfs) if family == 4 else (facts.direct6_vrfs,
                                                                                      facts.static6_vrfs)
        origins: dict[str, Origin] = {}
        for name, vrf in facts.vrfs.items():
            found = view(vrf, family)
            if found is not None:
                origins[name] = Origin(facts, found, name)
        for name, prefix, discard, is_static, _ in own_routes(facts, family):
            origin = origins.get(name)
            if origin is None or name not in (static if is_static else direct):
                continue
            attrs: policies.Attrs | None = policies.INTERNAL
            if origin.vrf.export_policy:
                attrs = policies.evaluate(facts, origin.vrf.export_policy, prefix)
            if attrs is not None:
                index.setdefault(key_of(prefix), []).append(Announced(origin, discard, attrs))
    return index


def local(ctx: VerifyContext, family: int) -> dict[str, dict[tuple[Key, bool], set[str]]]:
    """Per VPN instance, its own routes on each PE: (prefix, discard) -> the PEs that hold it."""
    found: dict[str, dict[tuple[Key, bool], set[str]]] = {}
    for facts in ctx.facts.values():
        for name, prefix, discard, _, _ in own_routes(facts, family):
            found.setdefault(name, {}).setdefault((key_of(prefix), discard), set()).add(facts.device)
    return found


def supernets(net: Key, family: int, lengths: Iterable[int] | None = None) -> list[Key]:
    """The prefix and every shorter one around it (not the default route: it covers nothing); with ``lengths``, only
    those of these lengths (the lengths some route has: an IPv6 prefix has up to 128 others to look up)."""
    width = bits(family)
    top = (1 << width) - 1
    start, length = net
    sizes = range(length, 0, -1) if lengths is None else sorted((n for n in lengths if 0 < n <= length), reverse=True)
    return [(start & ((top << (width - size)) & top), size) for size in sizes]


def lengths(keys: Iterable[Key]) -> frozenset[int]:
    """The prefix lengths of some routes (for ``supernets``)."""
    return frozenset(length for _, length in keys)


def covering(index: dict[Key, list[Announced]], net: Key, family: int,
             sizes: Iterable[int] | None = None) -> list[tuple[Announced, Key]]:
    """The announcements of routes that cover ``net`` (a discard route only its own prefix); ``sizes``: the
    lengths of the index's prefixes, when known."""
    found = []
    for key in supernets(net, family, sizes):
        for route in index.get(key, ()):
            if not route.discard or key == net:
                found.append((route, key))
    return found


def imports(facts: Facts, vrf: Vrf, key: Key, family: int, attrs: policies.Attrs) -> bool:
    """Whether a member's import policy (if any) lets the route in."""
    if not vrf.import_policy:
        return True
    return policies.permits(facts, vrf.import_policy, network(key, family), attrs)

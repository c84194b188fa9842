"""Firewall judgements: a flow crosses one firewall both ways (or an HA peer holding its session), and each NAT
pool is the source only of traffic that leaves by the one carrier that announces it.

- GN916: a router that spreads one destination over two firewalls, or two routers of a site that prefer
  different firewalls for one zone, need those firewalls to be HA peers of each other (USG HRP, SecPath RBM:
  each names the other's heartbeat address): otherwise a flow that leaves by one and returns by the other is
  dropped for lack of a session. The firewalls route back over every router of the site, so a zone's flows are
  symmetric only if every router of the site sends the zone to the same firewall or to its HA peer.
- GN919: each carrier announces only its own addresses; a NAT pool whose translated traffic may leave by two
  carriers (its rule or its ports match legs toward routers of different carriers, or a router that follows
  other exits' defaults) is dropped by one of them.
"""

from __future__ import annotations

import ipaddress

from govnet.diagnostics import Diagnostic, some
from govnet.verify.context import VerifyContext
from govnet.verify.scan import Facts, Route

Key = tuple[str, ipaddress.IPv4Network]


def check(ctx: VerifyContext) -> list[Diagnostic]:
    from govnet.verify import paths  # the policy paths through the firewalls (it uses ha_peers from here)

    return _firewall_pairs(ctx) + _carrier_egress(ctx) + paths.check(ctx)


def ha_peers(ctx: VerifyContext, a: str, b: str) -> bool:
    """Whether two firewalls run hot standby with each other: each names an address of the other as its peer."""
    fa, fb = ctx.facts.get(a), ctx.facts.get(b)
    if fa is None or fb is None or not (fa.ha and fb.ha and fa.ha_peer and fb.ha_peer):
        return False
    oa, ob = ctx.owner_of(fa.ha_peer), ctx.owner_of(fb.ha_peer)
    return oa is not None and ob is not None and oa[0].device == b and ob[0].device == a


def _sharing(ctx: VerifyContext, firewalls: set[str]) -> bool:
    names = sorted(firewalls)
    return all(ha_peers(ctx, a, b) for i, a in enumerate(names) for b in names[i + 1:])


def _preferred(ctx: VerifyContext, facts: Facts) -> dict[Key, tuple[set[str], int]]:
    """(VPN instance, prefix) -> the firewalls the router's preferred routes lead to, and the first line."""
    best: dict[Key, int] = {}
    for route in facts.routes:  # only the preferred routes carry traffic: a backup route is not ECMP
        key = (route.vrf, route.prefix)
        best[key] = min(best.get(key, route.preference), route.preference)
    hops: dict[Key, tuple[set[str], int]] = {}
    for route in facts.routes:
        firewall = _firewall_of(ctx, route)
        if firewall is None or route.preference != best[(route.vrf, route.prefix)]:
            continue
        hops.setdefault((route.vrf, route.prefix), (set(), route.line))[0].add(firewall)
    return hops


def _firewall_of(ctx: VerifyContext, route: Route) -> str | None:
    owner = ctx.owner_of(route.next_hop)
    return owner[0].device if owner is not None and ctx.role(owner[0].device) == "firewall" else None


def _firewall_pairs(ctx: VerifyContext) -> list[Diagnostic]:
    pairs: dict[frozenset[str], tuple[Facts, int, set[str]]] = {}
    by_site: dict[tuple[str, str], dict[str, tuple[Facts, int]]] = {}  # (site, vrf) -> firewall -> first use
    for facts in ctx.facts.values():
        for (vrf, _), (firewalls, line) in sorted(_preferred(ctx, facts).items(), key=lambda item: item[1][1]):
            if len(firewalls) > 1 and not _sharing(ctx, firewalls):
                pairs.setdefault(frozenset(firewalls), (facts, line, set()))[2].add(vrf or "global")
            if not vrf:
                continue  # the global table reaches each firewall's own management address: not transit
            used = by_site.setdefault((ctx.site_of(facts.device), vrf), {})
            for firewall in firewalls:
                used.setdefault(firewall, (facts, line))
    found = []
    for pair, (facts, line, vrfs) in sorted(pairs.items(), key=lambda item: sorted(item[0])):
        found.append(ctx.at("GN916", facts, line, f"{facts.device} sends {some(sorted(vrfs))} traffic through both "
                            f"{' and '.join(sorted(pair))}, which share no sessions (no HRP/RBM): a flow "
                            "that returns through the other firewall is dropped",
                            "configure hot standby on the pair, or route each zone through one firewall"))
    seen = {frozenset(p) for p in pairs}
    for (_, vrf), used in sorted(by_site.items()):
        if len(used) < 2 or frozenset(used) in seen or _sharing(ctx, set(used)):
            continue
        (first, (facts_a, _)), (second, (facts_b, line_b)) = sorted(used.items())[:2]
        found.append(ctx.at("GN916", facts_b, line_b, f"{vrf or 'global'} at site {ctx.site_of(facts_b.device)}: "
                            f"{facts_a.device} sends it through {first}, {facts_b.device} through {second}, which "
                            "share no sessions (no HRP/RBM): a flow that leaves by one and returns by the other is "
                            "dropped",
                            "route every router of the site to the same firewall, or configure hot standby"))
    return found


def _carrier_egress(ctx: VerifyContext) -> list[Diagnostic]:
    found = []
    for facts in ctx.facts.values():
        for pool, line in sorted(facts.nat_pools.items(), key=lambda item: item[1]):
            carriers = _pool_carriers(ctx, facts, facts.nat_egress.get(pool, set()))
            if len(carriers) > 1:
                # per pool, in the words of the one-pool-per-exit finding it replaces (its translation too)
                found.append(ctx.at("GN919", facts, line, f"{facts.device} translates to 1 NAT pool(s) ({pool}) "
                                    f"traffic that leaves by {len(carriers)} carriers ({', '.join(sorted(carriers))}): "
                                    "each carrier drops the others' addresses", "one NAT pool per carrier, and "
                                    "traffic translated to it routed to that carrier"))
        if not facts.nat_pools and not facts.nat_egress:
            continue
        first = min(facts.nat_pools.values(), default=1)
        for group in sorted(set(facts.nat_egress) - set(facts.nat_pools)):  # a rule naming a pool not defined
            found.append(ctx.at("GN919", facts, first, f"{facts.device} translates traffic to NAT pool {group}, "
                                "which the config does not define: it leaves untranslated and the carrier drops it",
                                "define the pool, or name the carrier's pool in the rule"))
        # every carrier the firewall's default routes lead to has a pool of its own (traffic leaving by a carrier
        # without one keeps its extranet source address, which that carrier drops)
        covered = set().union(*(_pool_carriers(ctx, facts, facts.nat_egress.get(p, set())) for p in facts.nat_pools))
        for carrier in sorted(_pool_carriers(ctx, facts, {"*"}) - covered):
            found.append(ctx.at("GN919", facts, first, f"{facts.device} sends traffic out by carrier {carrier} "
                                "translated to no NAT pool: the carrier drops its extranet source addresses",
                                "a NAT rule per carrier, translating what leaves toward that carrier to its pool"))
    return found


def _pool_carriers(ctx: VerifyContext, facts: Facts, egress: set[str]) -> set[str]:
    """The carriers a pool's translated traffic may leave by: the default routes out of its egress ports."""
    carriers: set[str] = set()
    if not egress:
        return carriers  # a pool no rule or port uses translates nothing
    for route in facts.routes:
        if route.prefix.prefixlen != 0:
            continue
        owner = ctx.owner_of(route.next_hop)
        if owner is None:
            continue
        out = next((p.name for p in facts.interfaces.values() if p.ipv4 is not None
                    and ipaddress.IPv4Address(route.next_hop) in p.ipv4.network), None)
        if "*" in egress or out in egress:
            carriers |= _carriers(ctx, owner[0], owner[1].vrf)
    return carriers


def _carriers(ctx: VerifyContext, router: Facts, vrf: str) -> set[str]:
    """The carriers a router's default route in one table leads to (TO-ISP-<carrier> handoffs); a router without
    its own follows the other exit routers' defaults over BGP."""
    own = _handoffs(router, vrf)
    if own:
        return own
    return set().union(*(_handoffs(other, vrf) for other in ctx.facts.values()))


def _handoffs(router: Facts, vrf: str) -> set[str]:
    found = set()
    for route in router.routes:
        if route.vrf == vrf and route.prefix.prefixlen == 0:
            for port in router.interfaces.values():
                if port.ipv4 is not None and port.description.startswith("TO-ISP-") and \
                        ipaddress.IPv4Address(route.next_hop) in port.ipv4.network:
                    found.add(port.description[7:])
    return found

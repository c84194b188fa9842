"""Policy paths, judged from the configs (issue 13 #10, #11): a flow a rule permits crosses the firewall that
enforces the rule both ways, and the secure access platform's client pool is routed to its gateways.

- GN930: at each site whose firewalls enforce a permit rule (govnet.model.purpose), every router sends the rule's
  destinations (its destination groups, the target zone's pools, or the internet's default route), in the
  source zone's VPN instance, to a firewall of the site that holds the rule; and, unless the rule translates
  the source (NAT), sends the rule's sources back, in the target zone's VPN instance, to that firewall or its HA
  peer. The firewall routes each side toward the routers' legs of the matching zone.
- GN931: the platform's site routes the client pool and the portal, in the platform's VPN instance, to an
  access gateway, and no router anywhere routes the pool, in another zone's VPN instance, past every firewall:
  the users reach the extranet only through the province firewall's rules.

Only static routes are judged (what a site's own configs decide); longest match, then the lowest preference.
"""

from __future__ import annotations

import ipaddress

from govnet.diagnostics import Diagnostic
from govnet.model.access import GATEWAY, access_platform
from govnet.model.purpose import enforced_rules
from govnet.model.types import Zone
from govnet.render.gateway import PORTAL
from govnet.schema.zones import RuleSpec
from govnet.verify.context import VerifyContext
from govnet.verify.firewall import ha_peers
from govnet.verify.scan import Facts, Route

Net = ipaddress.IPv4Network
DEFAULT = ipaddress.IPv4Network("0.0.0.0/0")


def check(ctx: VerifyContext) -> list[Diagnostic]:
    return _rule_paths(ctx) + _access_platform(ctx)


def best_route(facts: Facts, vrf: str, target: Net) -> Route | None:
    """The static route a device uses for a whole prefix in one table: the longest that covers it, then the
    lowest preference (a floating backup loses)."""
    covering = [r for r in facts.routes if r.vrf == vrf and target.subnet_of(r.prefix)]
    if not covering:
        return None
    return min(covering, key=lambda r: (-r.prefix.prefixlen, r.preference, r.line))


def _ipv4(prefixes: list[str]) -> list[Net]:
    nets = (ipaddress.ip_network(p, strict=False) for p in prefixes)
    return [n for n in nets if isinstance(n, ipaddress.IPv4Network)]


def _side(ctx: VerifyContext, zone: Zone, groups: list[str]) -> list[Net]:
    """What one side of a rule stands for: its address groups, else the zone's pools (the internet: anything)."""
    named = ctx.model.policy.address_groups
    found = _ipv4([p for g in groups for p in named.get(g, [])])
    if found:
        return found
    if zone.kind == "internet":
        return [DEFAULT]
    plan = zone.spec.addresses.ipv4 if zone.spec.addresses is not None else None
    return _ipv4(list(plan.pool)) if plan is not None else []


def _rule_paths(ctx: VerifyContext) -> list[Diagnostic]:
    model = ctx.model
    by_site: dict[str, list[Facts]] = {}
    for facts in ctx.facts.values():
        by_site.setdefault(ctx.site_of(facts.device), []).append(facts)
    found: list[Diagnostic] = []
    for site, members in sorted(by_site.items()):
        if site not in model.site_by_key:
            continue
        firewalls = {f.device: f for f in members if ctx.role(f.device) == "firewall"}
        routers = [f for f in members if f.vrfs]
        for rule in enforced_rules(model, site):
            if rule.action != "permit" or rule.from_ == rule.to or not firewalls:
                continue
            found += _one_rule(ctx, rule, firewalls, routers)
    return found


def _one_rule(ctx: VerifyContext, rule: RuleSpec, firewalls: dict[str, Facts],
              routers: list[Facts]) -> list[Diagnostic]:
    source, target = ctx.model.zone_by_name[rule.from_], ctx.model.zone_by_name[rule.to]
    holders = {n for n, f in firewalls.items() if any(r.name == rule.name and r.action == "permit" for r in f.rules)}
    found: list[Diagnostic] = []
    for router in routers:
        if source.vrf not in router.vrfs or target.vrf not in router.vrfs:
            continue
        for net in _side(ctx, target, list(rule.destination)):
            via = _through(ctx, router, source.vrf, net)
            if via is None or via not in holders:
                found.append(ctx.at("GN930", router, _line(router, source.vrf, net), f"{router.device} does not "
                                    f"send {source.vrf} traffic to {net} through a firewall that holds rule "
                                    f"'{rule.name}' ({rule.from_} -> {rule.to}), which this site enforces", HINT))
                continue
            if rule.nat:
                continue  # the reply comes back to the exit's NAT pool (GN919 judges the pools)
            for back in _side(ctx, source, list(rule.source)):
                returning = _through(ctx, router, target.vrf, back)
                if returning is None or (returning != via and not ha_peers(ctx, via, returning)):
                    found.append(ctx.at("GN930", router, _line(router, target.vrf, back), f"{router.device} does "
                                        f"not send {target.vrf} replies to {back} back through {via} or its HA "
                                        f"peer (rule '{rule.name}', {rule.from_} -> {rule.to}): the firewall drops "
                                        "what it holds no session for", HINT))
    return found


HINT = ("route the rule's destinations and sources to the site's active firewall (govnet render does), or enforce "
        "the rule at another level")


def _line(router: Facts, vrf: str, net: Net) -> int:
    route = best_route(router, vrf, net)
    return route.line if route is not None else router.vrfs[vrf].line


def _through(ctx: VerifyContext, facts: Facts, vrf: str, net: Net) -> str | None:
    route = best_route(facts, vrf, net)
    if route is None or route.discard:
        return None
    owner = ctx.owner_of(route.next_hop)
    return owner[0].device if owner is not None and ctx.role(owner[0].device) == "firewall" else None


def _portal(ctx: VerifyContext, site: str, pinned: str | None) -> list[Net]:
    """The portal the routers must send to a gateway: the model's pin, else what the gateways hold (allocated in
    the lock, which verify does not read) on their portal loopback (govnet.render.gateway.PORTAL)."""
    if pinned is not None:
        return [Net(f"{pinned}/32")]
    gateways = [f for f in ctx.facts.values() if ctx.role(f.device) == GATEWAY and ctx.site_of(f.device) == site]
    held = {i.ipv4.network for f in gateways for i in f.interfaces.values()
            if i.name == PORTAL and i.ipv4 is not None}
    return sorted(held)


def _access_platform(ctx: VerifyContext) -> list[Diagnostic]:
    platform = access_platform(ctx.model)
    if platform is None or not platform.spec.client_pool:
        return []
    pools = _ipv4(list(platform.spec.client_pool))
    portal = _portal(ctx, platform.site, platform.spec.portal)
    vrf = platform.zone.vrf
    found: list[Diagnostic] = []
    site_routers = [f for f in ctx.facts.values() if ctx.site_of(f.device) == platform.site and f.vrfs]
    for router in site_routers:
        for net in pools + portal:
            route = best_route(router, vrf, net)
            owner = ctx.owner_of(route.next_hop) if route is not None and not route.discard else None
            if owner is None or ctx.role(owner[0].device) != GATEWAY:
                line = route.line if route is not None else (router.vrfs[vrf].line if vrf in router.vrfs else 1)
                found.append(ctx.at("GN931", router, line, f"{router.device} does not route {net} of the secure "
                                    f"access platform to an access gateway in {vrf}: its users get no replies",
                                    "give the platform's site access-gateway devices (access_platform.gateways)"))
    for facts in ctx.facts.values():
        for route in facts.routes:
            # another zone's VPN instance (a firewall's or gateway's own table is theirs to route); a default
            # route is everyone's way out, not a route to the pool
            if not route.vrf or route.vrf == vrf or route.discard or route.prefix.prefixlen == 0 \
                    or not any(route.prefix.overlaps(p) for p in pools):
                continue
            owner = ctx.owner_of(route.next_hop)
            if owner is None or ctx.role(owner[0].device) != "firewall":
                found.append(ctx.at("GN931", facts, route.line, f"{facts.device} routes {route.prefix} of the "
                                    f"secure access platform's clients in {route.vrf} past every firewall",
                                    "the client pool is reached only through a firewall rule whose source it is"))
    return found

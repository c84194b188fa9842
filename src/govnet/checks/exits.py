"""Internet exits' carrier handoffs: one per carrier, addressed the way a point-to-point subnet can be, on
addresses that are the carrier's and not the province's, landing on a router of the exit site.

Overlaps between handoffs, NAT pools and what is allocated are the address stage's (GN624): handoffs are
pinned there like NAT pools."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator, Mapping

from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic, did_you_mean
from govnet.model.exits import exit_routers
from govnet.model.types import Origin
from govnet.schema.zones import AddressPlan
from govnet.source.modeldir import INFRASTRUCTURE_FILE

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def check(ctx: CheckContext) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    pools = list(_pools(ctx))
    for zone in ctx.model.zones:
        for i, exit_ in enumerate(zone.spec.exits):
            at = zone.origin.at("exits", i)
            for j, carrier in enumerate(exit_.carriers):
                if carrier not in exit_.handoffs:
                    found.append(ctx.diagnostic(
                        "GN613", at.at("carriers", j), f"carrier '{carrier}' of the internet exit at site "
                        f"{exit_.site} has no handoff: its circuit would end nowhere",
                        f"add handoffs: {{{carrier}: {{address: <ours>/<len>, gateway: <theirs>}}}} from the "
                        "ISP contract, or remove the carrier"))
            for carrier, spec in exit_.handoffs.items():
                origin = at.at("handoffs", carrier)
                if carrier not in exit_.carriers:
                    found.append(ctx.diagnostic(
                        "GN613", origin, f"handoff for carrier '{carrier}', which the internet exit at site "
                        f"{exit_.site} does not list in 'carriers'",
                        _unmatched_hint(carrier, exit_.carriers, exit_.handoffs),
                        key=True))
                    continue
                found += _addressing(ctx, origin, carrier, spec.address, spec.gateway)
                if spec.ipv6 is not None:
                    found += _addressing(ctx, origin.at("ipv6"), carrier, spec.ipv6.address, spec.ipv6.gateway)
                found += _overlaps(ctx, origin, carrier, spec.address, pools)
                if spec.ipv6 is not None:
                    found += _overlaps(ctx, origin.at("ipv6"), carrier, spec.ipv6.address, pools)
                routers = [d.name for d in exit_routers(ctx.model, exit_.site)]
                if spec.device is not None and spec.device not in routers and exit_.site in ctx.model.site_by_key:
                    found.append(ctx.diagnostic(
                        "GN616", origin.at("device"), f"handoff of '{carrier}' at site {exit_.site} names device "
                        f"'{spec.device}', which is not a router of the site",
                        did_you_mean(spec.device, routers) or (f"routers of site {exit_.site}: {', '.join(routers)}"
                                                               if routers else "the site has no router")))
    return found


def _unmatched_hint(carrier: str, carriers: list[str], handoffs: Mapping[str, object]) -> str:
    """Carrier names are short (电信, 联通): a listed carrier without a handoff is the likelier meaning than
    whatever is closest in spelling."""
    bare = [c for c in carriers if c not in handoffs]
    if len(bare) == 1:
        return f"did you mean '{bare[0]}'? it is listed in 'carriers' and has no handoff"
    return did_you_mean(carrier, carriers) or f"add '{carrier}' to the exit's carriers"


def _addressing(ctx: CheckContext, origin: Origin, carrier: str, address: str, gateway: str) -> list[Diagnostic]:
    """The gateway must be another usable address of our subnet, and ours a usable one."""
    ours = ipaddress.ip_interface(address)
    theirs = ipaddress.ip_address(gateway)
    net = ours.network
    point_to_point = net.prefixlen >= net.max_prefixlen - 1  # /31, /127: both addresses usable
    reserved = {net.network_address} | ({net.broadcast_address} if ours.version == 4 else set())
    why_ours = why_theirs = None
    if net.prefixlen == net.max_prefixlen:
        why_ours = f"a /{net.prefixlen} leaves no address for the carrier's gateway"
    elif not point_to_point and ours.ip in reserved:
        why_ours = f"{ours.ip} is the {'network' if ours.ip == net.network_address else 'broadcast'} address of {net}"
    elif theirs not in net:
        why_theirs = f"gateway {theirs} is outside the handoff subnet {net}"
    elif theirs == ours.ip:
        why_theirs = f"gateway {theirs} is our own address"
    elif not point_to_point and theirs in reserved:
        why_theirs = (f"gateway {theirs} is the {'network' if theirs == net.network_address else 'broadcast'} "
                      f"address of {net}")
    if why_ours is None and why_theirs is None:
        return []
    first = net.network_address + (0 if point_to_point else 1)
    last = net.broadcast_address - (0 if point_to_point or ours.version == 6 else 1)
    hint = (f"copy address and gateway from the ISP contract: both are usable addresses of {net} ({first} to "
            f"{last}), ours and the carrier's different" if net.prefixlen < net.max_prefixlen else
            "the handoff subnet must hold our address and the gateway: use the contract's /30 or /31")
    return [ctx.diagnostic("GN614", origin.at("address" if why_ours else "gateway"),
                           f"handoff of '{carrier}': {why_ours or why_theirs}", hint)]


def _pools(ctx: CheckContext) -> Iterator[tuple[str, IpNetwork, Origin]]:
    """Every pool of the province's own plan: zones other than the internet zone's, and the infrastructure's."""
    for zone in ctx.model.zones:
        if zone.kind != "internet" and zone.spec.addresses is not None:
            yield from _plan_pools(f"zone '{zone.name}'", zone.spec.addresses, zone.origin.at("addresses"))
    infrastructure = ctx.model.infrastructure
    if infrastructure is not None:
        for name in ("loopback", "links", "management"):
            plan = getattr(infrastructure, name)
            if plan is not None:
                yield from _plan_pools(f"the infrastructure's '{name}'", plan, Origin(INFRASTRUCTURE_FILE, (name,)))


def _plan_pools(name: str, plan: AddressPlan, origin: Origin) -> Iterator[tuple[str, IpNetwork, Origin]]:
    for family in ("ipv4", "ipv6"):
        fplan = getattr(plan, family)
        if fplan is not None:
            for k, text in enumerate(fplan.pool):
                yield name, ipaddress.ip_network(text), origin.at(family, "pool", k)


def _overlaps(ctx: CheckContext, origin: Origin, carrier: str, address: str,
              pools: list[tuple[str, IpNetwork, Origin]]) -> list[Diagnostic]:
    net = ipaddress.ip_interface(address).network
    for name, block, where in pools:
        if block.version == net.version and block.overlaps(net):
            file, line, _, _ = ctx.model.locate(where)
            return [ctx.diagnostic(
                "GN615", origin.at("address"), f"handoff of '{carrier}': {net} overlaps {block}, a pool of {name} "
                f"({file}:{line})", "handoff addresses are the carrier's, from the ISP contract: they cannot also "
                "be in the province's own address plan")]
    return []

"""Dual-homed sites: no single parent device, diverse carriers where required, no bridge to the core."""

from __future__ import annotations

from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic, some
from govnet.model.hierarchy import routers
from govnet.model.types import Link, Origin
from govnet.text import carrier_key


def check(ctx: CheckContext) -> list[Diagnostic]:
    single_parent: dict[tuple[Origin, str], list[str]] = {}
    one_carrier: dict[Origin, list[str]] = {}
    uplinks: dict[str, list[Link]] = {}
    for link in ctx.model.links:
        if link.owner is not None:
            uplinks.setdefault(link.owner, []).append(link)
    dual = []
    for key, policy in ctx.model.uplinks.items():
        own = uplinks.get(key, [])
        if policy.count < 2 or len(own) < 2:
            continue
        dual.append(key)
        parents = {link.b for link in own}
        if len(parents) == 1:
            single_parent.setdefault((policy.origin_of("count"), next(iter(parents))), []).append(key)
        carriers = [carrier_key(link.carrier) for link in own]
        if policy.diverse_carriers and (None in carriers or len(set(carriers)) < 2):
            one_carrier.setdefault(policy.origin_of("carriers"), []).append(key)
    found = [
        ctx.diagnostic("GN406", origin, f"dual-homed sites {some(keys)} land all uplinks on one parent device "
                       f"{device}", "give the parent site a second core router, or reduce uplinks.count")
        for (origin, device), keys in single_parent.items()
    ]
    found += [
        ctx.diagnostic("GN407", origin, f"sites {some(keys)} need diverse carriers but their "
                       "uplinks do not use two different carriers",
                       "list at least two carriers, e.g. carriers: [电信, 联通]")
        for origin, keys in one_carrier.items()
    ]
    return found + _bridges(ctx, dual) + _routers_without_uplinks(ctx, uplinks)


def _routers_without_uplinks(ctx: CheckContext, uplinks: dict[str, list[Link]]) -> list[Diagnostic]:
    """A site with two routers where one has no uplink of its own (a county overridden to one uplink): that
    router reaches the core only over the interconnect to the other, so losing one router or one circuit cuts
    the site in half. The graph has no site LAN to hide it (govnet.checks.context)."""
    found: dict[Origin, list[str]] = {}
    for key, policy in ctx.model.uplinks.items():
        devices = ctx.model.devices_of(key)
        if len(devices) < 2:  # one router at most (every village): nothing to compare
            continue
        own = uplinks.get(key, [])
        site_routers = routers(devices)
        if len(site_routers) < 2 or not own:
            continue
        holders = {name for link in own for name in (link.a, link.b)}
        bare = [d.name for d in site_routers if d.name not in holders]
        if bare:
            found.setdefault(policy.origin_of("count"), []).append(f"{key} ({', '.join(bare)})")
    return [ctx.diagnostic("GN411", origin, f"sites {some(keys)} have a router without an uplink of its own: it "
                           "reaches the core only through the site's other router",
                           "give every router of the site an uplink (uplinks.count at least the number of routers)")
            for origin, keys in found.items()]


def _bridges(ctx: CheckContext, dual: list[str]) -> list[Diagnostic]:
    """Dual-homed sites whose every path to the core crosses one link (a bridge of the device graph)."""
    if not ctx.core or not dual:
        return []
    graph = ctx.graph
    links = ctx.edge_links
    bridges = {e for e in graph.bridges() if links[e] is not None}
    if not bridges:
        return []
    core_side = graph.search(ctx.core[0].name, skip=bridges)
    behind: dict[int, list[str]] = {}
    for key in dual:
        own = routers(ctx.model.devices_of(key))
        ids = [graph.index[d.name] for d in own]
        if not ids or any(i in core_side for i in ids) or ids[0] not in ctx.from_core:
            continue
        first = next(e for e in graph.path_edges(ctx.from_core, own[0].name) if e in bridges)
        behind.setdefault(first, []).append(key)
    found = []
    for edge, keys in behind.items():
        link = links[edge]
        assert link is not None
        found.append(ctx.diagnostic("GN408", link.origin, f"link {link.a} – {link.b} is a single point of failure: "
                                    f"every path from dual-homed sites {some(keys)} to the province core crosses it",
                                    "add a second, diverse link beside it"))
    return found

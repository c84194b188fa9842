"""Shared risk: a dual-homed site is only as good as the shared-risk groups (SRLG, 同沟同缆 conduits) of its
uplinks, and a city or county on one uplink has no second way at all."""

from __future__ import annotations

from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic, some
from govnet.model.types import Link, Origin

UPPER_LEVELS = ("city", "county")  # the levels the provincial plan dual-homes


def check(ctx: CheckContext) -> list[Diagnostic]:
    model = ctx.model
    own: dict[str, list[Link]] = {}
    for link in model.links:
        if link.owner is not None:
            own.setdefault(link.owner, []).append(link)
    shared: dict[tuple[Origin, str], list[str]] = {}
    single: dict[Origin, list[str]] = {}
    for key, links in own.items():
        policy = model.uplinks.get(key)
        if policy is None:
            continue
        site = model.site_by_key.get(key)
        if len(links) == 1 and site is not None and site.level in UPPER_LEVELS:
            single.setdefault(policy.origin_of("count"), []).append(key)
        for group in _shared(links) if len(links) > 1 else ():  # one uplink (every village) shares nothing
            field = "conduits" if group.startswith("conduit:") else "srlg"
            shared.setdefault((policy.origin_of(field), group), []).append(key)
    found = [ctx.diagnostic("GN415", origin, f"dual-homed sites {some(keys)} have two uplinks in {_name(group)}: "
                            "one cut takes both", "run one uplink in another conduit or shared-risk group")
             for (origin, group), keys in shared.items()]
    found += [ctx.diagnostic("GN416", origin, f"sites {some(keys)} hang on one uplink: its failure cuts them off",
                             "give city and county sites two uplinks (uplinks.count: 2) on diverse carriers")
              for origin, keys in single.items()]
    return found + _explicit(ctx)


def _explicit(ctx: CheckContext) -> list[Diagnostic]:
    """Hand-written links between the same two sites (national uplinks, data-centre pairs) in one group."""
    by_sites: dict[frozenset[str], list[Link]] = {}
    for link in ctx.model.links:
        if link.owner is None and link.srlg:
            a, b = ctx.model.devices.get(link.a), ctx.model.devices.get(link.b)
            if a is not None and b is not None:
                by_sites.setdefault(frozenset((a.site, b.site)), []).append(link)
    found = []
    for links in by_sites.values():
        for group in _shared(links):
            second = [link for link in links if group in link.srlg][1]
            found.append(ctx.diagnostic("GN415", second.origin, f"links {second.a} – {second.b} and another between "
                                        f"the same sites are both in {_name(group)}: one cut takes both",
                                        "run the second link in another conduit or shared-risk group"))
    return found


def _shared(links: list[Link]) -> list[str]:
    """Groups that two or more of the links belong to."""
    count: dict[str, int] = {}
    for link in links:
        for group in set(link.srlg):
            count[group] = count.get(group, 0) + 1
    return sorted(group for group, n in count.items() if n > 1)


def _name(group: str) -> str:
    return f"conduit {group[8:]}" if group.startswith("conduit:") else f"shared-risk group {group}"

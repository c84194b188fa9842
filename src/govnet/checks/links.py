"""Links: duplicates, uplinks below the profile minimum, links faster than their ports."""

from __future__ import annotations

from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic, some
from govnet.model.types import Link, Origin
from govnet.reference.units import format_bandwidth


def check(ctx: CheckContext) -> list[Diagnostic]:
    return _duplicates(ctx) + _below_minimum(ctx) + _faster_than_ports(ctx)


def _duplicates(ctx: CheckContext) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    seen: dict[frozenset[str], Link] = {}
    # Implied uplinks first, so an explicit link that repeats one is the one reported.
    for link in sorted(ctx.model.links, key=lambda link: not link.implied):
        earlier = seen.get(link.ends)
        if earlier is None:
            seen[link.ends] = link
            continue
        if link.implied:
            continue  # two implied uplinks on one device pair: a redundancy problem, reported there
        if earlier.implied:
            hint = f"it is already implied by the uplinks of site {earlier.owner}; remove it here"
        else:
            file, line, _, _ = ctx.model.locate(earlier.origin)
            hint = f"the same pair is linked at {file}:{line}; describe a bundle as one link with its total bandwidth"
        found.append(ctx.diagnostic("GN403", link.origin, f"duplicate link {link.a} – {link.b}", hint))
    return found


def _below_minimum(ctx: CheckContext) -> list[Diagnostic]:
    groups: dict[Origin, list[str]] = {}
    details: dict[Origin, tuple[int, int]] = {}
    for key, policy in ctx.model.uplinks.items():
        if policy.count and policy.bandwidth and policy.min_bandwidth and policy.bandwidth < policy.min_bandwidth:
            origin = policy.origin_of("bandwidth")
            groups.setdefault(origin, []).append(key)
            details[origin] = (policy.bandwidth, policy.min_bandwidth)
    found = []
    for origin, keys in groups.items():
        bandwidth, minimum = details[origin]
        found.append(ctx.diagnostic("GN405", origin,
                                    f"uplink bandwidth {format_bandwidth(bandwidth)} is below the minimum "
                                    f"{format_bandwidth(minimum)} (sites {some(keys)})",
                                    f"raise the bandwidth to at least {format_bandwidth(minimum)}"))
    return found


def _faster_than_ports(ctx: CheckContext) -> list[Diagnostic]:
    reported: set[Origin] = set()
    found = []
    devices = ctx.model.devices
    for link in ctx.model.links:
        if link.bandwidth is None:
            continue
        for end in (link.a, link.b):
            speed = devices[end].port_speed
            if speed is not None and link.bandwidth > speed:
                origin = (ctx.model.uplinks[link.owner].origin_of("bandwidth") if link.owner
                          else link.origin.at("bandwidth"))
                if origin in reported:  # one report per place the bandwidth is written
                    break
                reported.add(origin)
                found.append(ctx.diagnostic("GN409", origin,
                                            f"link {link.a} – {link.b} is {format_bandwidth(link.bandwidth)} but "
                                            f"{end}'s ports carry {format_bandwidth(speed)}",
                                            "lower the bandwidth or raise the device's port_speed"))
                break
    return found

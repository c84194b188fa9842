"""Villages homed on a township or on the county platform: where 'to: county' may stand, and whether the
site they home on has the uplink capacity for them (within the oversubscription its profile allows)."""

from __future__ import annotations

from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic
from govnet.reference.units import format_bandwidth


def check(ctx: CheckContext) -> list[Diagnostic]:
    model = ctx.model
    found: list[Diagnostic] = []
    reported: set[object] = set()
    for key, policy in model.uplinks.items():
        site = model.site_by_key.get(key)
        if policy.to == "county" and site is not None and site.level != "village":
            origin = policy.origin_of("to")
            if origin not in reported:  # once per profile, not once per site using it
                reported.add(origin)
                found.append(ctx.diagnostic("GN413", origin, f"uplinks 'to: county' on {site.level} {key}: only "
                                            "villages home on the county platform past their parent",
                                            "remove 'to: county', or give the site a village profile"))
    found += _capacity(ctx)
    return found


def _capacity(ctx: CheckContext) -> list[Diagnostic]:
    """GN412: the uplinks of the villages homed on a site against its own uplinks × its oversubscription."""
    model = ctx.model
    homed: dict[str, tuple[int, int]] = {}  # site key -> (village uplink bandwidth, villages)
    for link in model.links:
        if not link.implied or link.owner is None or link.bandwidth is None or len(link.owner) != 12:
            continue
        far = model.devices.get(link.b)
        if far is None:
            continue
        total, count = homed.get(far.site, (0, 0))
        homed[far.site] = (total + link.bandwidth, count + 1)
    found: list[Diagnostic] = []
    for key in sorted(homed):
        policy = model.uplinks.get(key)
        if policy is None or not policy.count or policy.bandwidth is None:
            continue
        own = policy.count * policy.bandwidth
        ratio = policy.oversubscription or 1.0
        demand, villages = homed[key]
        if demand > own * ratio:
            site = model.site_by_key[key]
            elsewhere = ", or home some villages on the county platform (uplinks 'to: county')" \
                if site.level == "township" else ""
            found.append(ctx.diagnostic(
                "GN412", policy.origin_of("bandwidth"),
                f"{site.level} {key} ({site.name}) carries {villages} villages' uplinks of "
                f"{format_bandwidth(demand)} on {format_bandwidth(own)} of its own: {demand / own:.1f}:1, more than "
                f"the {ratio:g}:1 oversubscription its uplinks allow",
                f"raise its uplink bandwidth to {format_bandwidth(int(demand / ratio))} or 'oversubscription' to "
                f"{demand / own:.0f}{elsewhere}"))
    return found

"""Unit sub-interfaces per attach site: a site's VLAN block (govnet.ipam.vlans) numbers at most 4,093 unit
sub-interfaces (VLANs 2-4094); past that a unit would silently get no sub-interface on its attach router."""

from __future__ import annotations

from collections import Counter

from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic
from govnet.ipam import vlans

CAPACITY = vlans.MAX_VLAN - vlans.FIRST_VLAN + 1  # 4,093 VLAN ids a site's block can hand out


def check(ctx: CheckContext) -> list[Diagnostic]:
    wanted = vlans.wanted(ctx.model)
    counts = Counter(site for site, _, _, _ in wanted)
    found = []
    for key in sorted(counts):
        if counts[key] <= CAPACITY:
            continue
        site = ctx.model.site_by_key[key]
        # the first unit past the limit, in registry order: the line where the site runs out
        _, unit, zone, origin = [w for w in wanted if w[0] == key][CAPACITY]
        units = len({u for s, u, _, _ in wanted if s == key})
        found.append(ctx.diagnostic(
            "GN721", origin.at("site"), f"site {key} ({site.name}): {units} unit(s) not revoked need {counts[key]} "
            f"unit sub-interfaces (one per unit and zone), more than the {CAPACITY} VLAN ids (2-4094) of one attach "
            f"router; unit {unit} (zone {zone}) and those after it would get none",
            "split the site (attach some units to a site below it), or give the site a second attach router"))
    return found

"""GN630: a security zone numbered past the 78 custom zone priorities USG has (govnet.ipam.priorities).

A zone's priority is its number in the site's block, and the numbers of removed zones stay reserved (GN627) until
``govnet allocate --prune``. A site whose zones come and go without a prune therefore numbers its next zone past the
last priority, though it has few zones: the priority would repeat another zone's, which the firewall refuses. That
is an error at the site, with the hint to prune (or, with nothing to prune, to number the site's zones afresh).
Validation (which carves what the lock lacks without writing it) and ``govnet allocate`` (which then writes
nothing) both run it, as does the sealed-lock path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from govnet.ipam import priorities
from govnet.ipam.checks import Reporter
from govnet.model.legs import FIREWALL, crossing_zones
from govnet.reference.platforms import PLATFORMS

_LEAF_KEY = priorities.priority_key("", "")[:-1]  # every zone entry's key starts so: 'priority ipv4 priority '


def past_last_priority(report: Reporter, offset: Callable[[str, str], int | None], reserved: Iterable[str]) -> None:
    """One GN630 per site the lock numbers a live zone of past the last priority. ``offset`` gives a zone's number
    in its site's block by site and zone (None: not decided), ``reserved`` lists the lock's keys kept for removed
    things."""
    model = report.model
    held: dict[str, int] = {}  # per site, the numbers of removed zones still reserved
    for key in reserved:
        if key.startswith(_LEAF_KEY):
            site = key[len(_LEAF_KEY):].partition(">")[0]
            held[site] = held.get(site, 0) + 1
    room = len(priorities.PRIORITIES)
    # only USG numbers its zones by priority (templates/huawei_usg/firewall.j2); the other firewalls ignore it
    for site in sorted({d.site for d in model.devices.values()
                        if d.role == FIREWALL and PLATFORMS[d.platform].os == "usg"}):
        zones = [z.name for z in crossing_zones(model, site)]
        if len(zones) > room:  # no numbering helps
            report.at("GN630", model.site_by_key[site].origin,
                      f"site {site}: {len(zones)} zones cross its firewalls, more than the {room} security zone "
                      "priorities USG has", "send fewer zones through the firewall at this site")
            continue
        past = [z for z in zones if (offset(site, z) or 0) >= room]
        if not past:
            continue
        kept = held.get(site, 0)
        report.at("GN630", model.site_by_key[site].origin,
                  f"site {site}: the lock numbers zone(s) {', '.join(past)} past the {room} security zone priorities "
                  f"USG has; priorities reserved for removed zones: {kept}",
                  "run 'govnet allocate --prune' to release the priorities of removed zones (GN627 lists them)"
                  if kept else f"run 'govnet allocate --release {site}@zones' to number the site's zones afresh")

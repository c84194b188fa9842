"""The site's what-if page data (``site/whatif.js``): the exhaustive N-1 report of ``govnet whatif --all`` —
every failure ranked by the units it cuts off, the worst per zone, and the single points of failure per city and
county — as a script the offline site loads (``window.GOVNET_WHATIF``).

It is its own artefact, fingerprinted by what the analysis reads (devices, links, sites, active units, reflector
levels), so a build whose topology and units did not change neither runs the analysis nor rewrites the file.
Labels (kinds, zone titles, site names) stay out of it: the page takes them from app.js and data.js.
"""

from __future__ import annotations

import json
from typing import Any

from govnet.model.types import Model

SCRIPT = "site/whatif.js"
PER_ZONE = 10  # failures listed per zone


def inputs(model: Model) -> str:
    """What the analysis reads, as text to fingerprint: a change to anything else (an address, a contact, a
    template) leaves the report as it is."""
    devices = [(d.name, d.site, d.role, model.is_ours(d)) for d in model.devices.values()]
    links = [(link.a, link.b, link.carrier, tuple(link.srlg), link.bandwidth) for link in model.links]
    sites = [(s.key, s.level, s.parent) for s in model.sites]
    registry = model.registry
    units = [(u.site, tuple(u.zones)) for u in registry.units if u.status == "active"] if registry else []
    reflectors = tuple(model.routing.route_reflectors) if model.routing else ()
    return repr((devices, links, sites, units, reflectors))


def data(model: Model) -> dict[str, Any]:
    """The report as plain JSON-ready data. ``ranked``: [kind, element, sites lost, units lost, BGP sessions
    dropped, {zone: units lost}] most units first; ``zones``: per zone the failures that cut off most of its
    units, [kind, element, units]; ``spofs``: per city and county key, [kind, element, sites lost]."""
    from govnet.whatif import exhaustive
    from govnet.whatif.report import by_zone

    report = exhaustive(model)
    ranked = [[i.element.kind, i.element.name, len(i.sites), i.unit_count, len(i.sessions),
               {zone: n for zone, n in sorted(i.units.items()) if zone}] for i in report.impacts]
    zones = {zone: [[i.element.kind, i.element.name, i.units[zone]] for i in found[:PER_ZONE]]
             for zone, found in by_zone(report).items()}
    spofs = {area: [[*label.split(" ", 1), n] for label, n in items] for area, items in report.spofs.items()}
    return {"elements": report.elements, "ranked": ranked, "zones": zones, "spofs": spofs}


def script(model: Model) -> str:
    """site/whatif.js: the report as a classic script (file:// pages may not fetch JSON)."""
    text = json.dumps(data(model), ensure_ascii=False, separators=(",", ":"))
    return f"window.GOVNET_WHATIF = {text};\n"

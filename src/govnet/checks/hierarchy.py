"""Sites and their division codes: format, prefixes, duplicates, the national table, reachability."""

from __future__ import annotations

from collections.abc import Mapping

from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic
from govnet.model.hierarchy import ancestors
from govnet.model.types import SPECIAL, Site
from govnet.reference import divisions
from govnet.reference.divisions import LENGTH_BY_LEVEL
from govnet.text import CONTROL_CHARS


def check(ctx: CheckContext) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    found += _codes(ctx)
    found += _duplicates(ctx)
    found += _unreachable(ctx)
    return found


def _codes(ctx: CheckContext) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    model = ctx.model
    for site in model.sites:
        if site.level == SPECIAL:
            continue
        length = LENGTH_BY_LEVEL[site.level]
        if not (site.key.isascii() and site.key.isdigit() and len(site.key) == length):
            found.append(ctx.diagnostic("GN301", site.origin.at("code"),
                                        f"{site.level} code '{site.key}' is malformed: a {site.level} code has "
                                        f"{length} digits", _code_hint(site)))
            continue
        if site.declared_level and site.declared_level != site.level:
            found.append(ctx.diagnostic("GN307", site.origin.at("level"),
                                        f"site {site.key} is declared '{site.declared_level}' but a "
                                        f"{len(site.key)}-digit code sitting here is a {site.level}",
                                        "remove 'level:'; govnet derives it from the code"))
        if site.parent and not site.key.startswith(site.parent):
            found.append(ctx.diagnostic("GN302", site.origin.at("code"),
                                        f"{site.level} code {site.key} does not start with its parent's code "
                                        f"{site.parent}",
                                        f"a {site.level} under {site.parent} has a {length}-digit code starting with "
                                        f"{site.parent}; move the site or fix its code"))
        elif site.level == "city":
            stem = site.origin.file.rsplit("/", 1)[-1].split(".")[0]
            if stem != site.key:
                found.append(ctx.diagnostic("GN302", site.origin.at("code"), f"city {site.key} is in the file of city "
                                            f"{stem}", f"move it to topology/{site.key}.yaml"))
        official = divisions.official_name(site.key)
        if official is None:
            found.append(ctx.diagnostic("GN305", site.origin.at("code"), f"{site.level} code {site.key} ({site.name}) "
                                        "is not in the national division table (2023)",
                                        "fine for a division created since 2023; otherwise check the code"))
        elif official != site.name and not CONTROL_CHARS.search(site.name):  # GN501 reports those
            found.append(ctx.diagnostic("GN306", site.origin.at("name"), f"site {site.key} is named "
                                        f"'{site.name}'; the national table says '{official}'",
                                        f"use '{official}' unless the division was renamed"))
    return found


def _code_hint(site: Site) -> str:
    if site.parent:
        return f"it must start with its parent's code {site.parent}"
    return "codes are digits only (GB/T 2260 and NBS statistical codes)"


def _duplicates(ctx: CheckContext) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    first: dict[str, Site] = {}
    names: dict[tuple[str | None, str], Site] = {}
    for site in ctx.model.sites:
        earlier = first.get(site.key)
        if earlier is not None:
            where = f"{earlier.origin.file}:{ctx.model.locate(earlier.origin)[1]}"
            found.append(ctx.diagnostic("GN303", site.origin.at("code" if site.level != SPECIAL else "id"),
                                        f"site code {site.key} is already used ({where}, {earlier.name})",
                                        "each site appears once; remove or renumber one"))
            continue
        first[site.key] = site
        same_name = names.get((site.parent, site.name))
        if same_name is not None:
            found.append(ctx.diagnostic("GN304", site.origin.at("name"), f"two sites under {site.parent} are "
                                        f"named '{site.name}' ({same_name.key} and {site.key})",
                                        "names under one parent must be unique; check for a copy-paste"))
        else:
            names[(site.parent, site.name)] = site
    return found


def _unreachable(ctx: CheckContext) -> list[Diagnostic]:
    """Sites with no path to the province core, reported once at the topmost cut-off site."""
    model = ctx.model
    by_key = model.site_by_key
    reachable = ctx.reachable
    with_uplinks = {link.owner for link in model.links if link.owner}
    reached = {device.site for device in model.devices.values() if device.name in reachable}
    cut = {site.key: site for site in by_key.values() if not site.virtual and site.key not in reached}
    # Sites the build could not connect (unknown profile, no router, bad name pattern) were reported there.
    silent = {key for key in cut
              if key not in model.uplinks or (model.uplinks[key].count > 0 and key not in with_uplinks)}
    below: dict[str, int] = {}
    for site in cut.values():
        top = _topmost_cut(site, cut, by_key)
        if top != site.key:
            below[top] = below.get(top, 0) + 1
    found: list[Diagnostic] = []
    for site in cut.values():
        if site.key in silent or _topmost_cut(site, cut, by_key) != site.key:
            continue
        count = below.get(site.key, 0)
        more = f" (and {count} site{'s' * (count != 1)} below it)" if count else ""
        reason = "has no devices" if not model.devices_of(site.key) else "has no link leading to it"
        found.append(ctx.diagnostic("GN308", site.origin, f"site {site.key} ({site.name}) has no path to the "
                                    f"province core: it {reason}{more}",
                                    "give its profile uplinks, or add a link under 'links:'"))
    return found


def _topmost_cut(site: Site, cut: Mapping[str, Site], by_key: Mapping[str, Site]) -> str:
    top = site.key
    for above in ancestors(by_key, site):
        if above.key in cut:
            top = above.key
    return top

"""Strings that end up in device configs: within vendor limits, valid hostnames (control characters are refused
at load time, for every string of every file, by the loader: govnet.source.loader)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic
from govnet.model.types import Origin
from govnet.reference.platforms import PLATFORMS

_HOSTNAME = re.compile(r"^[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?$")
# Names are embedded in descriptions next to codes and device names; keep room for that text.
DESCRIPTION_RESERVE = 64


def check(ctx: CheckContext) -> list[Diagnostic]:
    model = ctx.model
    platforms = {d.platform for d in model.devices.values()} or set(PLATFORMS)
    limit = min(PLATFORMS[p].description_max for p in platforms) - DESCRIPTION_RESERVE
    found: list[Diagnostic] = []
    # Control characters were refused at load time (govnet.source.loader, GN501); only lengths are judged here.
    for where, field, text in _config_strings(ctx):
        if len(text) * 4 <= limit:  # UTF-8 takes at most 4 bytes a character: surely short enough
            continue
        if len(text.encode()) > limit:
            origin = where.at(field)
            found.append(ctx.diagnostic("GN502", origin, f"{_what(origin)} is {len(text.encode())} bytes; "
                                        f"configs allow {limit} here",
                                        "shorten it (Chinese characters count 3 bytes each)"))
    reported: set[Origin] = set()
    for device in model.devices.values():
        if reported and device.origin in reported:
            continue
        if not _HOSTNAME.fullmatch(device.name):
            reported.add(device.origin)
            found.append(ctx.diagnostic("GN503", device.origin.at("name"), f"hostname '{device.name}' has "
                                        "characters devices do not accept", "use ASCII letters, digits and '-', "
                                        "starting with a letter"))
        elif len(device.name) > PLATFORMS[device.platform].hostname_max:
            reported.add(device.origin)
            found.append(ctx.diagnostic("GN502", device.origin.at("name"), f"hostname '{device.name}' is longer "
                                        f"than {device.platform} allows ({PLATFORMS[device.platform].hostname_max})",
                                        "shorten the name pattern"))
    return found


def _config_strings(ctx: CheckContext) -> Iterator[tuple[Origin, str | int, str]]:
    """Each string with where it is written: an origin and the last step of its path (joined only for a
    diagnostic, as nearly every string passes)."""
    model = ctx.model
    yield Origin("govnet.yaml", ()), "name", model.project.name
    for site in model.sites:
        yield site.origin, "name", site.name
        if site.description:
            yield site.origin, "description", site.description
    for link in model.links:
        if link.implied:
            continue
        if link.carrier:
            yield link.origin, "carrier", link.carrier
        if link.description:
            yield link.origin, "description", link.description
    seen: set[Origin] = set()
    for policy in {id(p): p for p in model.uplinks.values()}.values():  # sites of a profile share one policy
        origin = policy.origin_of("carriers")
        if origin not in seen:
            seen.add(origin)
            for i, carrier in enumerate(policy.carriers):
                yield origin, i, carrier


def _what(origin: Origin) -> str:
    return "'" + ".".join(str(p) for p in origin.path[-2:] if isinstance(p, str)) + "'"

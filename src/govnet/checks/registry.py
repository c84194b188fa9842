"""The access registry (1): who a unit is and where it attaches — codes, divisions, sites, zones, class,
duplicates and contacts. The lifecycle, MLPS and capacity rules are in checks/lifecycle.py."""

from __future__ import annotations

import re
from collections.abc import Iterator

from govnet import divisions, uscc
from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic, did_you_mean
from govnet.lifecycle import expected_class
from govnet.model import SPECIAL, Origin, Registry
from govnet.schema.registry import UnitSpec

MOBILE = re.compile(r"^1[3-9]\d{9}$")
_USCC_CODES = {"format": "GN701", "check": "GN702", "organisation": "GN703"}
CLASS_MEANING = {"A": "public zone only", "B": "public zone + unified internet exit",
                 "C": "public zone + own internet exit", "D": "public + dedicated zones (+ unified internet exit)",
                 "E": "public + dedicated zones + own internet exit", "F": "government office park (office zone)"}


def check(ctx: CheckContext) -> list[Diagnostic]:
    registry = ctx.model.registry
    if registry is None or not registry.units:
        return []
    return list(_all(ctx, registry))


def _all(ctx: CheckContext, registry: Registry) -> Iterator[Diagnostic]:
    table = divisions.names()
    seen_ids: dict[object, Origin] = {}
    seen_uscc: dict[object, Origin] = {}
    seen_names: dict[object, Origin] = {}
    for unit, origin in zip(registry.units, registry.origins, strict=True):
        yield from _code(ctx, unit, origin)
        yield from _division(ctx, unit, origin, table)
        yield from _site_and_zones(ctx, unit, origin)
        yield from _class(ctx, unit, origin)
        checks: tuple[tuple[dict[object, Origin], object, str, str, str], ...] = (
            (seen_ids, unit.id, "id", "id", "GN710"), (seen_uscc, unit.uscc, "USCC", "uscc", "GN711"),
            (seen_names, (unit.site, unit.name), "name at this site", "name", "GN711"))
        for index, key, what, field, code in checks:
            earlier = index.setdefault(key, origin)
            if earlier is not origin:
                file, line, _, _ = ctx.model.locate(earlier)
                yield ctx.diagnostic(code, origin.at(field), f"unit {unit.id}: the {what} is already registered "
                                     f"({file}:{line})", "one unit, one record: remove or merge the duplicate")
        for role in ("head", "technical"):
            mobile = getattr(unit.contacts, role).mobile
            if not MOBILE.match(mobile):
                yield ctx.diagnostic("GN712", origin.at("contacts", role, "mobile"), f"unit {unit.id}: mobile number "
                                     f"'{mobile}' of the {role} contact is not 11 digits starting 13-19",
                                     "write a mainland mobile number such as 13907910001 (a landline goes under "
                                     "'phone:')")


def _code(ctx: CheckContext, unit: UnitSpec, origin: Origin) -> Iterator[Diagnostic]:
    for kind, sentence in uscc.problems(unit.uscc):
        hint = {"format": "a USCC has 18 characters from 0-9 and A-Z without I, O, S, V, Z",
                "check": "a typo somewhere in the code, or a wrong check character: compare with the licence",
                "organisation": "characters 9-17 are the organisation code: compare them with the licence"}[kind]
        yield ctx.diagnostic(_USCC_CODES[kind], origin.at("uscc"), f"unit {unit.id}: USCC {unit.uscc} {sentence}",
                             hint)


def normal_division(code: str) -> str | None:
    """A unit's division code as the model's site keys write it: 360000 → 36, 360100 → 3601; None if malformed.

    >>> normal_division("360000"), normal_division("360100"), normal_division("360102"), normal_division("3601")
    ('36', '3601', '360102', None)
    """
    if not (code.isascii() and code.isdigit()):
        return None
    if len(code) == 9:
        return code
    if len(code) != 6:
        return None
    if code.endswith("0000"):
        return code[:2]
    return code[:4] if code.endswith("00") else code


def six_digit(key: str) -> str:
    """The GB/T 2260 six-digit form of a division key, as a USCC carries it."""
    return key[:6].ljust(6, "0")


def _division(ctx: CheckContext, unit: UnitSpec, origin: Origin, table: dict[str, str]) -> Iterator[Diagnostic]:
    key = normal_division(unit.division)
    if key is None or key not in table:
        what = "is malformed" if key is None else "is not in the national division table"
        yield ctx.diagnostic("GN705", origin.at("division"), f"unit {unit.id}: division code {unit.division} {what}",
                             "write the 6-digit GB/T 2260 code (360000 province, 360100 city, 360102 county) or a "
                             "9-digit township code")
    if key is not None and not uscc.problems(unit.uscc) and uscc.division_of(unit.uscc) != six_digit(key):
        yield ctx.diagnostic("GN704", origin.at("uscc"), f"unit {unit.id}: the USCC carries division "
                             f"{uscc.division_of(unit.uscc)}, the unit's division is {unit.division}",
                             "codes issued before a unit moved or a division was renamed keep the old code; "
                             "otherwise check both")
    site = ctx.model.site_by_key.get(unit.site)
    if key is None or site is None:
        return
    area = (site.parent or "") if site.level == SPECIAL else site.key
    if not key.startswith(area):
        where = f"site {site.key} ({site.name})"
        if site.level == SPECIAL:
            where = f"special site {site.key}'s area ({area})"
        yield ctx.diagnostic("GN706", origin.at("division"), f"unit {unit.id}: division {unit.division} lies "
                             f"outside {where}", "attach the unit to a site of its own division or one above it")


def _site_and_zones(ctx: CheckContext, unit: UnitSpec, origin: Origin) -> Iterator[Diagnostic]:
    site = ctx.model.site_by_key.get(unit.site)
    if site is None:
        hint = did_you_mean(unit.site, ctx.model.site_by_key) or "name a site code (e.g. 360102) or special site id"
        yield ctx.diagnostic("GN707", origin.at("site"), f"unit {unit.id} attaches to site {unit.site}, which is not "
                             "a site of this model", hint)
        return
    offered = ctx.model.zones_of(site.key)
    for j, name in enumerate(unit.zones):
        zone = ctx.model.zone_by_name.get(name)
        if zone is not None and zone.kind != "internet" and name not in offered:
            yield ctx.diagnostic("GN708", origin.at("zones", j), f"unit {unit.id} joins zone '{name}', which its site "
                                 f"{site.key} ({site.name}) does not offer",
                                 f"site {site.key} offers: {', '.join(offered) or 'no zones'}; attach the unit higher "
                                 "up, or add the zone to the site")


def _class(ctx: CheckContext, unit: UnitSpec, origin: Origin) -> Iterator[Diagnostic]:
    zones = [ctx.model.zone_by_name.get(name) for name in unit.zones]
    kinds = {z.kind for z in zones if z is not None}
    unknown = any(z is None for z in zones)  # GN601 reports those; judging the class would only add noise
    internet_zones = [z.name for z in zones if z is not None and z.kind == "internet"]
    if internet_zones:
        yield ctx.diagnostic("GN709", origin.at("zones"), f"unit {unit.id} lists the internet zone "
                             f"'{internet_zones[0]}' among its zones",
                             "a unit reaches the internet through 'internet: unified' (or 'own'), not by joining "
                             "the zone")
        return
    if unknown:
        return
    if "public" not in kinds and "office" not in kinds:
        yield ctx.diagnostic("GN709", origin.at("zones"), f"unit {unit.id} (class {unit.access_class}) does not join "
                             "the public zone", "every access class A–E joins the public zone (公用网络区)")
        return
    expected = expected_class(kinds, unit.internet)
    if expected != unit.access_class:
        yield ctx.diagnostic("GN709", origin.at("access_class"), f"unit {unit.id} is class {unit.access_class} "
                             f"({CLASS_MEANING[unit.access_class]}), but its zones ({', '.join(unit.zones)}) and "
                             f"internet exit ({unit.internet}) make it class {expected} ({CLASS_MEANING[expected]})",
                             f"set 'access_class: {expected}', or change the zones or 'internet:'")

"""The access registry (1): who a unit is and where it attaches — codes, divisions, sites, zones, class,
duplicates and contacts. The lifecycle, MLPS and capacity rules are in checks/lifecycle.py."""

from __future__ import annotations

import re
from dataclasses import dataclass

from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic, did_you_mean
from govnet.model.types import SPECIAL, Origin, Registry, Site
from govnet.reference import divisions
from govnet.reference.divisions import normal_division as normal_division
from govnet.registry import uscc
from govnet.registry.lifecycle import expected_class
from govnet.schema.registry import UnitSpec

MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Zero-width and direction-changing characters: a name holding one prints like another name (or backwards) and is
# not the same text, so the duplicate check (GN711) and a search miss it. The soft hyphen and the BOM hide too.
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_USCC_CODES = {"format": "GN701", "check": "GN702", "organisation": "GN703"}
CLASS_MEANING = {"A": "public zone only", "B": "public zone + unified internet exit",
                 "C": "public zone + own internet exit", "D": "public + dedicated zones (+ unified internet exit)",
                 "E": "public + dedicated zones + own internet exit", "F": "government office park (office zone)"}


def check(ctx: CheckContext) -> list[Diagnostic]:
    registry = ctx.model.registry
    if registry is None or not registry.units:
        return []
    return _all(ctx, registry)


@dataclass(frozen=True, slots=True)
class _ZoneList:
    """What a unit's list of zones means, worked out once per distinct list (a registry has a few dozen)."""

    kinds: frozenset[str]
    unknown: bool  # names a zone the model does not define (GN601 reports it)
    internet: tuple[str, ...]  # internet zones it lists


def _all(ctx: CheckContext, registry: Registry) -> list[Diagnostic]:
    # One pass over the units with plain lookups; the helpers below build messages only for units at fault.
    found: list[Diagnostic] = []
    sites = ctx.model.site_by_key
    zone_lists: dict[tuple[str, ...], _ZoneList] = {}
    seen_ids: dict[str, Origin] = {}
    seen_uscc: dict[str, Origin] = {}
    seen_names: dict[tuple[str, str], Origin] = {}
    match_mobile = MOBILE.fullmatch
    hidden = INVISIBLE.search
    for unit, origin in zip(registry.units, registry.origins, strict=True):
        problems = uscc.problems(unit.uscc)
        if problems:
            found += _code(ctx, unit, origin, problems)
        site = sites.get(unit.site)
        found += _division(ctx, unit, origin, site, valid_code=not problems)
        if site is None:
            found += _unknown_site(ctx, unit, origin)
        else:
            found += _zones_offered(ctx, unit, origin, site)
        zones = tuple(unit.zones)
        meaning = zone_lists.get(zones)
        if meaning is None:
            meaning = zone_lists[zones] = _meaning(ctx, zones)
        found += _class(ctx, unit, origin, meaning)
        if seen_ids.setdefault(unit.id, origin) is not origin:
            found.append(_duplicate(ctx, unit, origin, seen_ids[unit.id], "id", "id", "GN710"))
        if seen_uscc.setdefault(unit.uscc, origin) is not origin:
            found.append(_duplicate(ctx, unit, origin, seen_uscc[unit.uscc], "USCC", "uscc", "GN711"))
        name = (unit.site, unit.name)
        if seen_names.setdefault(name, origin) is not origin:
            found.append(_duplicate(ctx, unit, origin, seen_names[name], "name at this site", "name", "GN711"))
        contacts = unit.contacts
        if hidden(unit.name) or hidden(contacts.head.name) or hidden(contacts.technical.name) or (
                unit.address and hidden(unit.address)):
            found += _invisible(ctx, unit, origin)
        if _undrawable(unit.name + (unit.address or "") + contacts.head.name + contacts.technical.name):
            found += _undrawn(ctx, unit, origin)
        if not match_mobile(contacts.head.mobile):
            found.append(_mobile(ctx, unit, origin, "head"))
        if not match_mobile(contacts.technical.mobile):
            found.append(_mobile(ctx, unit, origin, "technical"))
    return found


def _duplicate(ctx: CheckContext, unit: UnitSpec, origin: Origin, earlier: Origin, what: str, field: str,
               code: str) -> Diagnostic:
    file, line, _, _ = ctx.model.locate(earlier)
    return ctx.diagnostic(code, origin.at(field), f"unit {unit.id}: the {what} is already registered "
                          f"({file}:{line})", "one unit, one record: remove or merge the duplicate")


def _undrawable(text: str) -> set[str]:
    """Characters of ``text`` that the shipped font (a subset: GB 2312, 《通用规范汉字表》 and every division and
    village name) has no glyph for, such as a traditional 鎔 or 𠀀 of CJK Extension B in a person's name."""
    from govnet.draw.fonts import drawable

    try:
        text.encode("gb2312")  # the font holds all of GB 2312: nearly every text ends here, at C speed
        return set()
    except UnicodeEncodeError:
        return {c for c in set(text).difference(drawable()) if c.isprintable() and not c.isspace()}


def _undrawn(ctx: CheckContext, unit: UnitSpec, origin: Origin) -> list[Diagnostic]:
    found = []
    for path, text in _texts(unit):
        undrawn = _undrawable(text)
        if undrawn:
            found.append(ctx.diagnostic(
                "GN723", origin.at(*path), f"unit {unit.id}: the PDF form cannot draw {''.join(sorted(undrawn))} "
                "(the font govnet ships lacks it): the printout shows a box in its place",
                "print the HTML form from a browser on a machine with a full CJK font, or write the character in "
                "by hand on the printout"))
    return found


def _texts(unit: UnitSpec) -> tuple[tuple[tuple[str, ...], str], ...]:
    """The texts of a unit a form prints that GN722 and GN723 judge, with their paths."""
    return ((("name",), unit.name), (("address",), unit.address or ""),
            (("contacts", "head", "name"), unit.contacts.head.name),
            (("contacts", "technical", "name"), unit.contacts.technical.name))


def _invisible(ctx: CheckContext, unit: UnitSpec, origin: Origin) -> list[Diagnostic]:
    found = []
    for path, text in _texts(unit):
        char = INVISIBLE.search(text)
        if char is not None:
            found.append(ctx.diagnostic("GN722", origin.at(*path), f"unit {unit.id}: the {'.'.join(path)} holds "
                                        f"the invisible character U+{ord(char.group()):04X}; the text looks like "
                                        "one it is not, and a duplicate goes unnoticed",
                                        "delete it: retype the text, or remove the character in an editor that "
                                        "shows it"))
    return found


def _mobile(ctx: CheckContext, unit: UnitSpec, origin: Origin, role: str) -> Diagnostic:
    mobile = getattr(unit.contacts, role).mobile
    return ctx.diagnostic("GN712", origin.at("contacts", role, "mobile"), f"unit {unit.id}: mobile number "
                          f"'{mobile}' of the {role} contact is not 11 digits starting 13-19",
                          "write a mainland mobile number such as 13907910001 (a landline goes under 'phone:')")


def _code(ctx: CheckContext, unit: UnitSpec, origin: Origin, problems: list[tuple[str, str]]) -> list[Diagnostic]:
    found = []
    for kind, sentence in problems:
        hint = {"format": "a USCC has 18 characters from 0-9 and A-Z without I, O, S, V, Z",
                "check": "a typo somewhere in the code, or a wrong check character: compare with the licence",
                "organisation": "characters 9-17 are the organisation code: compare them with the licence"}[kind]
        found.append(ctx.diagnostic(_USCC_CODES[kind], origin.at("uscc"), f"unit {unit.id}: USCC {unit.uscc} "
                                    f"{sentence}", hint))
    return found


def six_digit(key: str) -> str:
    """The GB/T 2260 six-digit form of a division key, as a USCC carries it."""
    return key[:6].ljust(6, "0")


def _division(ctx: CheckContext, unit: UnitSpec, origin: Origin, site: Site | None, *,
              valid_code: bool) -> list[Diagnostic]:
    """``valid_code``: the USCC passed its own checks, so the division it carries can be compared."""
    found = []
    key = normal_division(unit.division)
    if key is None or divisions.official_name(key) is None:
        what = "is malformed" if key is None else "is not in the national division table"
        found.append(ctx.diagnostic("GN705", origin.at("division"), f"unit {unit.id}: division code {unit.division} "
                                    f"{what}", "write the 6-digit GB/T 2260 code (360000 province, 360100 city, "
                                    "360102 county), a 9-digit township or a 12-digit village code"))
    if key is not None and valid_code and uscc.division_of(unit.uscc) != six_digit(key):
        found.append(ctx.diagnostic("GN704", origin.at("uscc"), f"unit {unit.id}: the USCC carries division "
                                    f"{uscc.division_of(unit.uscc)}, the unit's division is {unit.division}",
                                    "codes issued before a unit moved or a division was renamed keep the old code; "
                                    "otherwise check both"))
    if key is None or site is None:
        return found
    area = (site.parent or "") if site.level == SPECIAL else site.key
    if not key.startswith(area):
        where = f"site {site.key} ({site.name})"
        if site.level == SPECIAL:
            where = f"special site {site.key}'s area ({area})"
        found.append(ctx.diagnostic("GN706", origin.at("division"), f"unit {unit.id}: division {unit.division} lies "
                                    f"outside {where}", "attach the unit to a site of its own division or one above "
                                    "it"))
    return found


def _unknown_site(ctx: CheckContext, unit: UnitSpec, origin: Origin) -> list[Diagnostic]:
    hint = did_you_mean(unit.site, ctx.model.site_by_key) or "name a site code (e.g. 360102) or special site id"
    return [ctx.diagnostic("GN707", origin.at("site"), f"unit {unit.id} attaches to site {unit.site}, which is not "
                           "a site of this model", hint)]


def _zones_offered(ctx: CheckContext, unit: UnitSpec, origin: Origin, site: Site) -> list[Diagnostic]:
    offered = ctx.model.zones_of(site.key)
    found = []
    for j, name in enumerate(unit.zones):
        if name in offered:
            continue
        zone = ctx.model.zone_by_name.get(name)
        if zone is not None and zone.kind != "internet":
            found.append(ctx.diagnostic("GN708", origin.at("zones", j), f"unit {unit.id} joins zone '{name}', which "
                                        f"its site {site.key} ({site.name}) does not offer",
                                        f"site {site.key} offers: {', '.join(offered) or 'no zones'}; attach the unit "
                                        "higher up, or add the zone to the site"))
    return found


def _meaning(ctx: CheckContext, names: tuple[str, ...]) -> _ZoneList:
    zones = [ctx.model.zone_by_name.get(name) for name in names]
    return _ZoneList(frozenset(z.kind for z in zones if z is not None), any(z is None for z in zones),
                     tuple(z.name for z in zones if z is not None and z.kind == "internet"))


def _class(ctx: CheckContext, unit: UnitSpec, origin: Origin, meaning: _ZoneList) -> list[Diagnostic]:
    if meaning.internet:
        return [ctx.diagnostic("GN709", origin.at("zones"), f"unit {unit.id} lists the internet zone "
                               f"'{meaning.internet[0]}' among its zones",
                               "a unit reaches the internet through 'internet: unified' (or 'own'), not by joining "
                               "the zone")]
    if meaning.unknown:  # GN601 reports those; judging the class would only add noise
        return []
    kinds = meaning.kinds
    if "public" not in kinds and "office" not in kinds:
        return [ctx.diagnostic("GN709", origin.at("zones"), f"unit {unit.id} (class {unit.access_class}) does not "
                               "join the public zone", "every access class A–E joins the public zone (公用网络区)")]
    expected = expected_class(kinds, unit.internet)
    if expected == unit.access_class:
        return []
    return [ctx.diagnostic("GN709", origin.at("access_class"), f"unit {unit.id} is class {unit.access_class} "
                           f"({CLASS_MEANING[unit.access_class]}), but its zones ({', '.join(unit.zones)}) and "
                           f"internet exit ({unit.internet}) make it class {expected} ({CLASS_MEANING[expected]})",
                           f"set 'access_class: {expected}', or change the zones or 'internet:'")]

"""The access registry (2): lifecycle (approval, dates, status, re-registration), MLPS, and site capacity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic, some
from govnet.model.types import Origin, Registry
from govnet.reference.units import format_bandwidth
from govnet.registry import lifecycle as lc
from govnet.schema.registry import RegistrySettings, UnitSpec


def check(ctx: CheckContext) -> list[Diagnostic]:
    registry = ctx.model.registry
    if registry is None or not registry.units:
        return []
    settings = registry.settings
    today = as_of(settings)
    found: list[Diagnostic] = []
    stale: list[str] = []
    needs: dict[tuple[str, ...], tuple[int, str] | None] = {}  # the strictest MLPS minimum, per list of zones
    for unit, origin in zip(registry.units, registry.origins, strict=True):
        found += _dates(ctx, unit, origin)
        found += _approval(ctx, unit, origin, settings)
        if unit.status in _GRADED:
            zones = tuple(unit.zones)
            if zones not in needs:
                needs[zones] = _strictest(ctx, zones)
            found += _mlps(ctx, unit, origin, settings, today, needs[zones])
        if unit.status != "revoked" and not lc.reregistered(unit, settings):
            stale.append(unit.id)
    if stale:
        found.append(ctx.diagnostic(
            "GN717", registry.settings_origin.at("campaign"), f"{len(stale)} unit(s) began before the "
            f"re-registration campaign of {settings.campaign} and have not re-registered since: {some(stale)}",
            "record each re-registration as a 'reregister' history entry; the ledger's 重新登记 column lists them all"))
    found += _capacity(ctx, registry)
    return found


_GRADED = ("approved", *lc.IN_SERVICE)  # statuses whose MLPS grading is judged


def as_of(settings: RegistrySettings) -> dt.date:
    return settings.as_of or dt.date.today()


def _dates(ctx: CheckContext, unit: UnitSpec, origin: Origin) -> list[Diagnostic]:
    found = []
    history = unit.history
    for i in range(1, len(history)):
        before, entry = history[i - 1], history[i]
        if entry.date < before.date:
            found.append(ctx.diagnostic("GN714", origin.at("history", i, "date"), f"unit {unit.id}: history entry "
                                        f"'{entry.action}' of {entry.date} comes after one of {before.date}",
                                        "history is in date order, oldest first: fix the date or move the entry"))
            break
    if unit.period and unit.period.end and unit.period.end < unit.period.start:
        found.append(ctx.diagnostic("GN714", origin.at("period", "end"), f"unit {unit.id}: period of use ends "
                                    f"({unit.period.end}) before it starts ({unit.period.start})",
                                    "swap or fix the dates"))
    implied = lc.implied_status(history)
    if implied != unit.status:
        found.append(ctx.diagnostic("GN715", origin.at("status"), f"unit {unit.id} has status '{unit.status}', but "
                                    f"its history leads to '{implied}'",
                                    "change status with 'govnet registry approve|activate|suspend|revoke', which "
                                    "also records the history entry"))
    return found


def _approval(ctx: CheckContext, unit: UnitSpec, origin: Origin, settings: RegistrySettings) -> list[Diagnostic]:
    if not lc.is_new_access(unit, settings):
        return []  # access that predates the approval rule: re-registration (GN717) is what it owes
    found = []
    approved = lc.first(unit, "approve")
    activated = lc.first(unit, "activate")
    if unit.status in lc.IN_SERVICE and approved is None:
        found.append(ctx.diagnostic("GN713", origin.at("status"), f"unit {unit.id} is {unit.status} but has no "
                                    "approval entry in its history", f"new access from "
                                    f"{settings.approval_required_from} on is approved before it is built: record the "
                                    "approval (govnet registry approve)"))
    if approved is not None and activated is not None and activated.date < approved.date:
        i = unit.history.index(activated)
        found.append(ctx.diagnostic("GN716", origin.at("history", i, "date"), f"unit {unit.id} was activated on "
                                    f"{activated.date}, before its approval of {approved.date}",
                                    f"from {settings.approval_required_from} on, new access is approved before it is "
                                    "built"))
    return found


def _strictest(ctx: CheckContext, zones: tuple[str, ...]) -> tuple[int, str] | None:
    """The highest MLPS minimum among the zones, with the zone that sets it."""
    needs = [(zone.spec.min_mlps, name) for name in zones
             if (zone := ctx.model.zone_by_name.get(name)) is not None and zone.spec.min_mlps]
    return max(needs) if needs else None


def _mlps(ctx: CheckContext, unit: UnitSpec, origin: Origin, settings: RegistrySettings, today: dt.date,
          strictest: tuple[int, str] | None) -> list[Diagnostic]:
    found = []
    level = unit.mlps.level if unit.mlps else None
    if strictest:
        minimum, zone_name = strictest
        if level is None or level < minimum:
            where = origin.at("mlps", "level") if unit.mlps else origin.at("id")
            now = f"MLPS level {level}" if level is not None else "no MLPS level recorded"
            found.append(ctx.diagnostic("GN718", where, f"unit {unit.id} joins zone '{zone_name}', which needs MLPS "
                                        f"level {minimum} or higher; it has {now}",
                                        "grade and file the unit's system (等保定级备案) at the level the zone "
                                        "requires"))
    if unit.mlps is None or unit.status == "suspended":
        return found
    months = settings.assessment_max_months.get(unit.mlps.level)
    if months is None:
        return found
    if unit.mlps.assessed is None:
        found.append(ctx.diagnostic("GN719", origin.at("mlps"), f"unit {unit.id} is MLPS level {unit.mlps.level} but "
                                    "no assessment date is recorded", f"level {unit.mlps.level} is assessed every "
                                    f"{months} months: add 'assessed:'"))
    elif lc.add_months(unit.mlps.assessed, months) < today:
        found.append(ctx.diagnostic("GN719", origin.at("mlps", "assessed"), f"unit {unit.id}: last MLPS assessment "
                                    f"{unit.mlps.assessed} is more than {months} months before {today}",
                                    f"level {unit.mlps.level} is assessed every {months} months: schedule the "
                                    "assessment"))
    return found


def _capacity(ctx: CheckContext, registry: Registry) -> Iterator[Diagnostic]:
    granted: dict[str, int] = {}
    counts: dict[str, int] = {}
    for unit in registry.units:
        if unit.status in lc.COMMITTED and unit.bandwidth.granted:
            granted[unit.site] = granted.get(unit.site, 0) + unit.bandwidth.granted
            counts[unit.site] = counts.get(unit.site, 0) + 1
    ratios = registry.settings.oversubscription
    for key in sorted(granted):
        site = ctx.model.site_by_key.get(key)
        policy = ctx.model.uplinks.get(key)
        if site is None or policy is None or not policy.bandwidth or not policy.count:
            continue
        profile = site.profile or site.level
        ratio = ratios.profiles.get(profile, ratios.default)
        uplink = policy.count * policy.bandwidth
        if granted[key] > uplink * ratio:
            yield ctx.diagnostic(
                "GN720", site.origin, f"site {key} ({site.name}): {counts[key]} unit(s) are granted "
                f"{format_bandwidth(granted[key])} in all, more than its uplinks ({policy.count}×"
                f"{format_bandwidth(policy.bandwidth)}) × {ratio:g} oversubscription = "
                f"{format_bandwidth(int(uplink * ratio))}", "upgrade the site's uplinks, or grant less bandwidth")

"""Zones and the inter-zone policy: names, levels, isolation, internet exits, routing identity."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic, did_you_mean, some
from govnet.model.hierarchy import level_name as zone_level
from govnet.model.legs import FIREWALL
from govnet.model.types import Origin, Zone
from govnet.source.modeldir import POLICY_FILE, PROFILES_FILE


def check(ctx: CheckContext) -> list[Diagnostic]:
    if not ctx.model.zones:
        return []
    return (_duplicates(ctx) + _unknown_names(ctx) + _levels(ctx) + _office(ctx) + _internet_routes(ctx)
            + _exits(ctx) + _enforcement(ctx) + _rule_options(ctx))


def _duplicates(ctx: CheckContext) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    first: dict[tuple[str, str], Zone] = {}
    names = Counter(z.name for z in ctx.model.zones)
    numbers = Counter(z.number for z in ctx.model.zones)

    def once(kind: str, value: str, zone: Zone, code: str, origin: Origin, what: str, hint: str) -> None:
        earlier = first.setdefault((kind, value), zone)
        if earlier is not zone:
            file, line, _, _ = ctx.model.locate(earlier.origin)
            found.append(ctx.diagnostic(code, origin, f"{what} {value} of zone '{zone.name}' is already used by "
                                        f"zone '{earlier.name}' ({file}:{line})", hint))

    for zone in ctx.model.zones:
        spec = zone.spec
        once("name", zone.name, zone, "GN610", zone.origin.at("name"), "name", "give each zone its own name")
        once("number", str(zone.number), zone, "GN610", zone.origin.at("number"), "number",
             "give each zone its own number: route distinguishers and targets derive from it")
        # A value derived from a duplicate name or number is the same mistake: report it once, above.
        if spec.vrf is not None or names[zone.name] == 1:
            once("vrf", zone.vrf, zone, "GN606", zone.origin.at("vrf" if spec.vrf else "name"), "VRF name",
                 "give the zone its own 'vrf:'" if spec.vrf else "the VRF is the zone name upper-cased; set 'vrf:'")
        if spec.rd is not None or numbers[zone.number] == 1:
            once("rd", zone.rd, zone, "GN607", zone.origin.at("rd" if spec.rd else "number"), "route distinguisher",
                 "give the zone its own 'rd:'" if spec.rd else "the RD is <AS>:<number>; set 'rd:' or renumber")
        explicit = spec.route_targets.export if spec.route_targets and spec.route_targets.export else None
        if explicit is None and numbers[zone.number] > 1:
            continue
        for j, target in enumerate(dict.fromkeys(zone.rt_export)):
            origin = zone.origin.at("route_targets", "export", j) if explicit else zone.origin.at("number")
            once("rt", target, zone, "GN608", origin, "export route target",
                 "export a route target no other zone exports" if explicit else
                 "the route target is <AS>:<number>; set route_targets.export or renumber")
    return found


def _unknown(ctx: CheckContext, name: str, origin: Origin, what: str) -> Diagnostic | None:
    if name in ctx.model.zone_by_name:
        return None
    names = list(ctx.model.zone_by_name)
    hint = did_you_mean(name, names) or f"zones defined in zones/zones.yaml: {', '.join(names)}"
    return ctx.diagnostic("GN601", origin, f"{what} names zone '{name}', which zones/zones.yaml does not define",
                          hint)


def _unknown_names(ctx: CheckContext) -> list[Diagnostic]:
    found: list[Diagnostic | None] = []
    reported: set[tuple[Origin, str]] = set()
    lists: set[int] = set()
    for key, offered in ctx.model.site_zones.items():
        if id(offered) in lists:  # the sites of a profile share its list: judged once
            continue
        lists.add(id(offered))
        for i, name in enumerate(offered.names):
            if (offered.origin, name) not in reported:  # a profile's list: once, not once per site using it
                reported.add((offered.origin, name))
                owner = (f"profile '{offered.origin.path[1]}'" if offered.origin.file == PROFILES_FILE
                         else f"site {key}")
                found.append(_unknown(ctx, name, offered.origin.at(i), f"the zone list of {owner}"))
    for zone in ctx.model.zones:
        for i, name in enumerate(zone.spec.import_from):
            found.append(_unknown(ctx, name, zone.origin.at("import_from", i), f"zone '{zone.name}' import_from"))
    for i, rule in enumerate(ctx.model.policy.rules):
        origin = Origin(POLICY_FILE, ("rules", i))
        found.append(_unknown(ctx, rule.from_, origin.at("from"), f"rule '{rule.name}'"))
        found.append(_unknown(ctx, rule.to, origin.at("to"), f"rule '{rule.name}'"))
    if ctx.model.registry:
        for unit, origin in zip(ctx.model.registry.units, ctx.model.registry.origins, strict=True):
            for j, name in enumerate(unit.zones):
                found.append(_unknown(ctx, name, origin.at("zones", j), f"unit {unit.id}"))
    return [d for d in found if d is not None]


def _levels(ctx: CheckContext) -> list[Diagnostic]:
    groups: dict[tuple[Origin, str], list[str]] = {}
    misplaced: dict[tuple[int, str], list[tuple[Origin, str]]] = {}  # by list (shared by a profile's sites), level
    for key, offered in ctx.model.site_zones.items():
        level = zone_level(ctx.model.site_by_key[key])
        wrong = misplaced.get((id(offered), level))
        if wrong is None:
            wrong = misplaced[(id(offered), level)] = [
                (offered.origin.at(i), name) for i, name in enumerate(offered.names)
                if (zone := ctx.model.zone_by_name.get(name)) is not None and level not in zone.levels]
        for group in wrong:
            groups.setdefault(group, []).append(key)
    found = []
    for (origin, name), keys in groups.items():
        zone = ctx.model.zone_by_name[name]
        levels = {zone_level(ctx.model.site_by_key[k]) for k in keys}
        found.append(ctx.diagnostic(
            "GN602", origin, f"zone '{name}' is offered at {', '.join(sorted(levels))} level by sites {some(keys)}, "
            f"but its definition allows only {', '.join(zone.levels)}",
            f"remove '{name}' from this list, or add the level to the zone's 'levels' in zones/zones.yaml"))
    return found


def _office(ctx: CheckContext) -> list[Diagnostic]:
    found = []
    zones = ctx.model.zone_by_name
    for i, rule in enumerate(ctx.model.policy.rules):
        ends = [zones[n] for n in (rule.from_, rule.to) if n in zones]
        office = [z for z in ends if z.kind == "office"]
        if office and rule.from_ != rule.to:
            found.append(ctx.diagnostic(
                "GN603", Origin(POLICY_FILE, ("rules", i)), f"rule '{rule.name}' connects the office zone "
                f"'{office[0].name}' to zone '{rule.to if rule.from_ == office[0].name else rule.from_}'",
                "the office zone (办公业务区) is isolated from every other zone and the internet: remove the rule"))
    for zone in ctx.model.zones:
        for j, name in enumerate(zone.spec.import_from):
            other = zones.get(name)
            if other is not None and other is not zone and "office" in (zone.kind, other.kind):
                found.append(ctx.diagnostic(
                    "GN603", zone.origin.at("import_from", j), f"zone '{zone.name}' imports the routes of zone "
                    f"'{name}', but the office zone is isolated", "remove the route leak"))
    return found


def _internet_routes(ctx: CheckContext) -> list[Diagnostic]:
    """Route leaks between the internet zone and a dedicated zone need a firewall rule between the two."""
    zones = ctx.model.zone_by_name
    ruled = {frozenset((r.from_, r.to)) for r in ctx.model.policy.rules}
    found = []
    for zone in ctx.model.zones:
        for j, name in enumerate(zone.spec.import_from):
            other = zones.get(name)
            if other is None or {zone.kind, other.kind} != {"internet", "dedicated"}:
                continue
            if frozenset((zone.name, name)) not in ruled:
                found.append(ctx.diagnostic(
                    "GN604", zone.origin.at("import_from", j), f"zone '{zone.name}' imports the routes of zone "
                    f"'{name}', but no rule in {POLICY_FILE} puts a firewall between them",
                    f"add a rule from '{name}' to '{zone.name}' (or the reverse) enforced at the levels where the "
                    "two meet, or remove the route leak"))
    return found


def _exits(ctx: CheckContext) -> list[Diagnostic]:
    found = []
    allowed = ctx.model.policy.exit_levels
    for zone in ctx.model.zones:
        places: list[tuple[str, Origin, str]] = [(e.site, zone.origin.at("exits", i), "internet exit")
                                                 for i, e in enumerate(zone.spec.exits)]
        if zone.spec.access_platform is not None:
            places.append((zone.spec.access_platform.site, zone.origin.at("access_platform"), "access platform"))
        for key, origin, what in places:
            site = ctx.model.site_by_key.get(key)
            if site is None:
                found.append(ctx.diagnostic("GN611", origin.at("site"), f"{what} of zone '{zone.name}' is at site "
                                            f"{key}, which is not a site of this model",
                                            did_you_mean(key, ctx.model.site_by_key) or "name a site code or id"))
                continue
            if zone.name not in ctx.model.zones_of(key):
                found.append(ctx.diagnostic("GN611", origin.at("site"), f"{what} of zone '{zone.name}' is at site "
                                            f"{key}, which does not offer the zone",
                                            f"add '{zone.name}' to the zones of site {key} or of its profile"))
            if what == "internet exit" and zone_level(site) not in allowed:
                found.append(ctx.diagnostic("GN605", origin.at("site"), f"internet exit at {site.level} site {key} "
                                            f"({site.name}); {POLICY_FILE} allows exits only at "
                                            f"{', '.join(allowed)}", "consolidate it into a unified exit at an "
                                            "allowed level, or change exit_levels in the policy"))
    return found


def _enforcement(ctx: CheckContext) -> list[Diagnostic]:
    """Every permit rule must be enforced by a firewall at each site of its levels where both zones meet."""
    found = []
    for i, rule in enumerate(ctx.model.policy.rules):
        if rule.action != "permit" or rule.from_ == rule.to:
            continue
        missing = [key for key in _meeting_sites(ctx, rule.from_, rule.to, rule.at)
                   if not any(d.role == FIREWALL for d in ctx.model.devices_of(key))]
        if missing:
            found.append(ctx.diagnostic(
                "GN609", Origin(POLICY_FILE, ("rules", i, "at")), f"rule '{rule.name}' is enforced at "
                f"{', '.join(rule.at)} level, but sites {some(missing)} where '{rule.from_}' and '{rule.to}' meet "
                "have no firewall", "add a firewall to those sites' profile, or enforce the rule at another level"))
    return found


def _meeting_sites(ctx: CheckContext, a: str, b: str, levels: Iterable[str]) -> list[str]:
    wanted = set(levels)
    return [key for key, offered in ctx.model.site_zones.items()
            if a in offered.names and b in offered.names and zone_level(ctx.model.site_by_key[key]) in wanted]


def _rule_options(ctx: CheckContext) -> list[Diagnostic]:
    found = []
    groups = ctx.model.policy.address_groups
    zones = ctx.model.zone_by_name
    for i, rule in enumerate(ctx.model.policy.rules):
        origin = Origin(POLICY_FILE, ("rules", i))
        for field in ("source", "destination"):
            for j, name in enumerate(getattr(rule, field)):
                if name not in groups:
                    found.append(ctx.diagnostic("GN612", origin.at(field, j), f"rule '{rule.name}' uses address "
                                                f"group '{name}', which the policy does not define",
                                                did_you_mean(name, groups) or "define it under address_groups"))
        target = zones.get(rule.to)
        if rule.nat and target is not None and target.kind != "internet":
            found.append(ctx.diagnostic("GN612", origin.at("nat"), f"rule '{rule.name}' asks for NAT toward zone "
                                        f"'{rule.to}', but NAT applies only toward the internet zone",
                                        "remove 'nat: true'"))
    return found

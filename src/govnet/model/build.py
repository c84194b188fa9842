"""Stage 3: from parsed files to the typed model: sites, devices from profiles, implied uplinks, links."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from govnet import diagnostics as dg
from govnet.diagnostics import Diagnostic, did_you_mean, some
from govnet.model.hardware import hardware_table
from govnet.model.hierarchy import ancestors, routers
from govnet.model.types import (
    SPECIAL,
    Device,
    Link,
    Model,
    Origin,
    Registry,
    Site,
    SiteZones,
    SpecRef,
    UplinkPolicy,
    locate,
)
from govnet.model.villages import county_drafts
from govnet.model.zoning import build_zones
from govnet.schema.registry import RegistryFile, UnitSpec
from govnet.schema.topology import DeviceSpec, LinkSpec, Profile, SiteSpec, SpecialSiteSpec, UplinkSpec
from govnet.schema.zones import PolicyFile
from govnet.source.modeldir import PROFILES_FILE, PROVINCE_FILE, REGISTRY_FILE, ParsedModel

DEFAULT_SPECIAL_PROFILE = "datacenter"


@dataclass
class _Draft:
    """One site as written, with what the build needs to know about its spec."""

    site: Site
    spec: SiteSpec | SpecialSiteSpec


@dataclass(frozen=True, slots=True)
class _ProfileParts:
    """What every site built from a profile's own lists shares, made once per profile rather than once per
    site (a national model has 45,000 sites and a handful of profiles)."""

    origin: Origin
    zones: SiteZones
    devices_origin: Origin
    device_origins: tuple[Origin, ...]  # one per device spec


@dataclass
class _Builder:
    parsed: ParsedModel
    problems: list[Diagnostic] = field(default_factory=list)
    drafts: list[_Draft] = field(default_factory=list)
    devices: dict[str, Device] = field(default_factory=dict)
    policies: dict[str, UplinkPolicy] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    bad_patterns: set[Origin] = field(default_factory=set)
    good_patterns: set[Origin] = field(default_factory=set)
    shared_policies: dict[str, UplinkPolicy] = field(default_factory=dict)  # by profile name
    routers_of: dict[str, list[Device]] = field(default_factory=dict)
    by_site: dict[str, list[Device]] = field(default_factory=dict)
    device_lists: dict[str, Origin] = field(default_factory=dict)  # where each site's device list is written
    broken: set[str] = field(default_factory=set)  # sites whose devices failed (already reported)
    site_zones: dict[str, SiteZones] = field(default_factory=dict)
    shared_parts: dict[str, _ProfileParts] = field(default_factory=dict)  # by profile name
    count_origins: dict[int, Origin] = field(default_factory=dict)  # by id() of an uplink policy

    def report(self, code: str, origin: Origin, message: str, hint: str | None = None, *, key: bool = False) -> None:
        file, line, column, path = locate(self.parsed.sources, origin, key=key)
        self.problems.append(dg.make(code, file, line, column, message, path=path, hint=hint))


def build(parsed: ParsedModel) -> tuple[Model, list[Diagnostic]]:
    assert parsed.project and parsed.profiles and parsed.province, "build runs only on a parsed model"
    b = _Builder(parsed)
    b.drafts = list(_drafts(parsed))
    b.drafts += [_draft(spec, "village", parent, origin) for spec, parent, origin in county_drafts(b, b.drafts)]
    first_by_key: dict[str, _Draft] = {}
    for draft in b.drafts:
        first_by_key.setdefault(draft.site.key, draft)
    for draft in first_by_key.values():  # duplicates are reported by the hierarchy checks
        _site_devices(b, draft)
    by_key = {key: d.site for key, d in first_by_key.items()}
    _special_parents(b, by_key)
    _all_implied_uplinks(b, [d.site for d in first_by_key.values()], by_key)
    _explicit_links(b, by_key)
    zones = build_zones(parsed.zones) if parsed.zones else []
    model = Model(
        project=parsed.project,
        sites=tuple(d.site for d in b.drafts),
        devices=b.devices,
        links=tuple(b.links),
        uplinks=b.policies,
        registry=_registry(parsed),
        sources=parsed.sources,
        site_zones=b.site_zones,
        zones=tuple(zones),
        routing=parsed.zones.routing if parsed.zones else None,
        policy=parsed.policy or PolicyFile(),
        infrastructure=parsed.infrastructure,
        lock_text=parsed.lock_text,
        lock_committed=parsed.lock_committed,
        targets=parsed.targets,
        device_specs=tuple(_device_specs(parsed)),
        hardware=hardware_table(parsed.profiles.hardware),
        hardware_specs=parsed.profiles.hardware,
    )
    return model, b.problems


def _registry(parsed: ParsedModel) -> Registry | None:
    """registry.yaml's units first, then each registry.d/ file's, in name order."""
    if parsed.registry is None and not parsed.registry_parts:
        return None
    entry = parsed.registry or RegistryFile()
    units: list[UnitSpec] = []
    origins: list[Origin] = []
    for file, listed in [(REGISTRY_FILE, entry.units), *((f, part.units) for f, part in parsed.registry_parts)]:
        units += listed
        origins += [Origin(file, ("units", i)) for i in range(len(listed))]
    return Registry(entry.settings, tuple(units), tuple(origins), Origin(REGISTRY_FILE, ("settings",)))


def _drafts(parsed: ParsedModel) -> Iterator[_Draft]:
    assert parsed.province
    province = parsed.province.province
    yield _draft(province, "province", None, Origin(PROVINCE_FILE, ("province",)))
    for i, special in enumerate(parsed.province.special_sites):
        origin = Origin(PROVINCE_FILE, ("special_sites", i))
        site = Site(special.id, special.name, SPECIAL, special.parent or province.code, special.profile,
                    origin, kind=special.kind, description=special.description)
        yield _Draft(site, special)
    for file, city_file in parsed.cities:
        city = city_file.city
        city_origin = Origin(file, ("city",))
        yield _draft(city, "city", province.code, city_origin)
        for c, county in enumerate(city.counties):
            county_origin = city_origin.at("counties", c)
            yield _draft(county, "county", city.code, county_origin)
            for t, township in enumerate(county.townships):
                township_origin = county_origin.at("townships", t)
                yield _draft(township, "township", county.code, township_origin)
                for v, village in enumerate(township.villages):
                    yield _draft(village, "village", township.code, township_origin.at("villages", v))


def _draft(spec: SiteSpec, level: str, parent: str | None, origin: Origin) -> _Draft:
    # Positional (declared level, kind, virtual, description): keywords cost a named tuple twice as much.
    site = Site(spec.code, spec.name, level, parent, spec.profile, origin, spec.level, None, spec.virtual,
                spec.description)
    return _Draft(site, spec)


def _profile(b: _Builder, draft: _Draft) -> tuple[str, Profile] | None:
    profiles = b.parsed.profiles.profiles if b.parsed.profiles else {}
    site, spec = draft.site, draft.spec
    if spec.profile is not None:
        name, origin = spec.profile, site.origin.at("profile")
    elif site.level == SPECIAL:
        kind = site.kind or DEFAULT_SPECIAL_PROFILE
        name, origin = (kind if kind in profiles else DEFAULT_SPECIAL_PROFILE), site.origin
    else:
        name, origin = site.level, site.origin
    if name in profiles:
        return name, profiles[name]
    hint = did_you_mean(name, profiles) or f"profiles defined in {PROFILES_FILE}: {', '.join(sorted(profiles))}"
    b.report("GN205", origin, f"site {site.key} uses profile '{name}', which {PROFILES_FILE} does not define", hint)
    return None


def _site_devices(b: _Builder, draft: _Draft) -> None:
    site, spec = draft.site, draft.spec
    found = _profile(b, draft)
    if found is None:
        return
    profile_name, profile = found
    parts = _profile_parts(b, profile_name, profile)
    if spec.uplinks is None:  # most sites: share one policy object per profile
        if profile_name not in b.shared_policies:
            b.shared_policies[profile_name] = _policy(profile.uplinks, spec, parts.origin, site.origin)
        b.policies[site.key] = b.shared_policies[profile_name]
    else:
        b.policies[site.key] = _policy(profile.uplinks, spec, parts.origin, site.origin)
    if site.virtual:
        return
    b.site_zones[site.key] = (SiteZones(tuple(spec.zones), site.origin.at("zones")) if spec.zones is not None
                              else parts.zones)
    if spec.devices is not None:
        specs, specs_origin = spec.devices, site.origin.at("devices")
        origins: tuple[Origin, ...] = tuple(specs_origin.at(j) for j in range(len(specs)))
    else:
        specs, specs_origin, origins = profile.devices, parts.devices_origin, parts.device_origins
    b.device_lists[site.key] = specs_origin
    prefix = b.parsed.project.hostname_prefix if b.parsed.project else "GN"
    code = site.key
    devices = b.devices
    mine: list[Device] = []
    for device_spec, origin in zip(specs, origins, strict=True):
        if not _pattern_usable(b, device_spec, origin):
            b.broken.add(code)
            continue
        pattern, count = device_spec.name, device_spec.count
        role, platform, speed = device_spec.role, device_spec.platform, device_spec.port_speed
        for n in range(1, count + 1):
            name = pattern.format(prefix=prefix, code=code, n=n)
            if name in devices:  # the spec is bad from now on: this site keeps what it has and is broken
                _name_taken(b, devices[name], origin, code)
                if n < count:
                    b.broken.add(code)
                break
            device = devices[name] = Device(name, code, role, platform, speed, origin, device_spec.model,
                                                   device_spec.in_path, device_spec.purpose)
            mine.append(device)
    if mine:
        b.by_site[code] = mine


def _device_specs(parsed: ParsedModel) -> Iterator[SpecRef]:
    """Every profile's device specs, so that a spec no site uses yet is judged all the same."""
    for name, profile in (parsed.profiles.profiles if parsed.profiles else {}).items():
        origin = Origin(PROFILES_FILE, ("profiles", name, "devices"))
        for j, spec in enumerate(profile.devices):
            yield SpecRef(origin.at(j), spec.platform, spec.model, spec.port_speed)


def _profile_parts(b: _Builder, name: str, profile: Profile) -> _ProfileParts:
    parts = b.shared_parts.get(name)
    if parts is None:
        origin = Origin(PROFILES_FILE, ("profiles", name))
        devices_origin = origin.at("devices")
        parts = b.shared_parts[name] = _ProfileParts(
            origin, SiteZones(tuple(profile.zones), origin.at("zones")), devices_origin,
            tuple(devices_origin.at(j) for j in range(len(profile.devices))))
    return parts


def _name_taken(b: _Builder, other: Device, origin: Origin, site_key: str) -> None:
    if origin in b.bad_patterns:
        return
    b.bad_patterns.add(origin)  # one report per device spec, not one per site using it
    where = "this site" if other.site == site_key else f"site {other.site}"
    file, line, _, _ = locate(b.parsed.sources, other.origin)
    b.report("GN505", origin.at("name"), f"device name '{other.name}' is already given to {where} by the spec at "
             f"{file}:{line}", "name patterns must differ, e.g. R{n:02d} for routers and FW{n:02d} for firewalls")


def _pattern_usable(b: _Builder, spec: DeviceSpec, origin: Origin) -> bool:
    """Whether a device spec's name pattern can be used; each spec is judged (and reported) once, not once
    per site using it."""
    if origin in b.bad_patterns:  # a bad pattern, or one whose names collided (GN505)
        return False
    if origin in b.good_patterns:
        return True
    problem = pattern_problem(spec.name)
    if problem:
        b.bad_patterns.add(origin)
        b.report("GN504", origin.at("name"), f"device name pattern '{spec.name}' cannot be used: {problem}",
                 "use the fields {prefix}, {code} and {n}, e.g. '{prefix}-{code}-R{n:02d}'")
        return False
    b.good_patterns.add(origin)
    return True


# Only plain fields, and for {n} only a zero-padded width: a pattern cannot build huge or surprising names.
_FORMAT_SPECS = {"prefix": re.compile(r"^$"), "code": re.compile(r"^$"), "n": re.compile(r"^0?[1-9]?d?$")}


def pattern_problem(pattern: str) -> str | None:
    """Why a device name pattern cannot be used, or None.

    >>> pattern_problem("{prefix}-{code}-R{n:02d}") is None
    True
    >>> pattern_problem("{code}-{foo}"), pattern_problem("R{n:>1000000}"), pattern_problem("R{n[0]}")
    ('unknown field {foo}', "format ':>1000000' is not allowed for {n}", 'unknown field {n[0]}')
    """
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        return str(exc)
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in _FORMAT_SPECS:
            return f"unknown field {{{name}}}"
        if conversion or not _FORMAT_SPECS[name].fullmatch(spec or ""):
            return f"format '{'!' + conversion if conversion else ''}:{spec}' is not allowed for {{{name}}}"
    return None


def _policy(base: UplinkSpec | None, spec: SiteSpec | SpecialSiteSpec, profile_origin: Origin,
            site_origin: Origin) -> UplinkPolicy:
    """The profile's uplinks with the site's override laid over them, field by field."""
    override = spec.uplinks
    overridden = frozenset(override.model_dump(exclude_none=True)) if override is not None else frozenset()

    def pick(name: str, default: Any) -> Any:
        if name in overridden:
            return getattr(override, name)
        return getattr(base, name) if base is not None else default

    return UplinkPolicy(
        count=pick("count", 0),
        bandwidth=pick("bandwidth", None),
        min_bandwidth=pick("min_bandwidth", None),
        carriers=tuple(pick("carriers", ())),
        diverse_carriers=pick("diverse_carriers", False),
        to=pick("to", "parent"),
        oversubscription=pick("oversubscription", None),
        profile_origin=profile_origin.at("uplinks"),
        site_origin=site_origin.at("uplinks") if override is not None else None,
        overridden=overridden,
        srlg=tuple(override.srlg or ()) if override is not None else (),
        conduits=tuple(override.conduits or ()) if override is not None else (),
    )


def _all_implied_uplinks(b: _Builder, sites: list[Site], by_key: dict[str, Site]) -> None:
    no_router: dict[Origin, list[str]] = {}  # device list without a router -> sites whose uplinks need one
    no_parent_router: dict[Origin, list[str]] = {}
    for site in sites:
        policy = b.policies.get(site.key)
        if policy is None or policy.count == 0 or site.virtual or site.key in b.broken:
            continue
        parent = _uplink_parent(site, by_key, policy.to)
        if parent is None or parent.key in b.broken:
            continue  # an unknown parent or a broken one is reported on its own
        own = _site_routers(b, site.key)
        theirs = _site_routers(b, parent.key)
        if not own:
            no_router.setdefault(b.device_lists[site.key], []).append(site.key)
        elif not theirs:
            no_parent_router.setdefault(b.device_lists.get(parent.key, parent.origin), []).append(site.key)
        else:
            _uplinks(b, site, policy, own, theirs)
    hint = "add a device with role core-router or router, or set uplinks.count: 0"
    for origin, keys in no_router.items():
        b.report("GN410", origin, f"no router in this device list, but sites {some(keys)} need one for their "
                 "uplinks", hint)
    for origin, keys in no_parent_router.items():
        if origin not in no_router:
            b.report("GN410", origin, f"no router in this device list, but sites {some(keys)} below need one to "
                     "end their uplinks on", hint)


def _site_routers(b: _Builder, key: str) -> list[Device]:
    found = b.routers_of.get(key)
    if found is None:
        found = b.routers_of[key] = routers(b.by_site.get(key, []))
    return found


def _uplinks(b: _Builder, site: Site, policy: UplinkPolicy, own: list[Device], theirs: list[Device]) -> None:
    # Spread children over the parent's routers by code, not by list position: inserting a township must
    # not move its neighbours to another parent router.
    start = _stable_index(site.key)
    origin = b.count_origins.get(id(policy))  # policies are shared by the sites of a profile: so is this
    if origin is None:
        origin = b.count_origins[id(policy)] = policy.origin_of("count")
    carriers, bandwidth, append = policy.carriers, policy.bandwidth, b.links.append
    for i in range(policy.count):
        carrier = carriers[i % len(carriers)] if carriers else None
        append(Link(own[i % len(own)].name, theirs[(start + i) % len(theirs)].name, bandwidth, carrier, "uplink",
                    origin, True, site.key, None, policy.risks(i) if policy.srlg or policy.conduits else ()))


def _special_parents(b: _Builder, by_key: dict[str, Site]) -> None:
    for site in by_key.values():
        if site.level == SPECIAL and site.parent not in by_key:
            b.broken.add(site.key)
            divisions = [k for k, s in by_key.items() if s.level != SPECIAL]
            b.report("GN310", site.origin.at("parent"), f"special site {site.key} homes to {site.parent}, which is "
                     "not a site of this model", did_you_mean(str(site.parent), divisions)
                     or "name the code of a province, city or county site")


def _uplink_parent(site: Site, by_key: dict[str, Site], to: str = "parent") -> Site | None:
    """The nearest real site above (virtual placeholders, 市辖区 …, are skipped); for a village homed on the
    county platform (``to: county``), its county."""
    parent = by_key.get(site.parent) if site.parent is not None else None
    if parent is None:  # no parent site: no ancestor either (the walk below would stop here too)
        return None
    if not parent.virtual and not (to == "county" and parent.level == "township"):
        return parent  # the walk's first step, without the walk: most sites
    return next((p for p in ancestors(by_key, site)
                 if not p.virtual and not (to == "county" and p.level == "township")), None)


def _stable_index(key: str) -> int:
    """A number from a site key that never changes when other sites are added.

    >>> _stable_index("360102002"), _stable_index("CLOUD") >= 0
    (360102002, True)
    """
    return int(key) if key.isdigit() else sum(key.encode())


def _explicit_links(b: _Builder, by_key: dict[str, Site]) -> None:
    files: list[tuple[str, list[LinkSpec]]] = []
    if b.parsed.province:
        files.append((PROVINCE_FILE, b.parsed.province.links))
    files += [(file, city.links) for file, city in b.parsed.cities]
    for file, specs in files:
        for i, spec in enumerate(specs):
            origin = Origin(file, ("links", i))
            a = _endpoint(b, spec.a, origin.at("a"), by_key)
            z = _endpoint(b, spec.b, origin.at("b"), by_key)
            if a is None or z is None:
                continue
            if a == z:
                b.report("GN402", origin, f"link connects {a} to itself", "check the 'a' and 'b' endpoints")
                continue
            risks = tuple(spec.srlg) + ((f"conduit:{spec.conduit}",) if spec.conduit else ())
            b.links.append(Link(a, z, spec.bandwidth, spec.carrier, spec.kind, origin,
                                description=spec.description, srlg=risks))


def _endpoint(b: _Builder, ref: str, origin: Origin, by_key: dict[str, Site]) -> str | None:
    """A device name, or a site key standing for that site's first router."""
    if ref in b.devices:
        return ref
    if ref in by_key:
        candidates = routers(b.by_site.get(ref, [])) or b.by_site.get(ref, [])
        if candidates:
            return candidates[0].name
        b.report("GN401", origin, f"site {ref} has no device to end this link on",
                 "name a site with devices, or give this site devices")
        return None
    hint = did_you_mean(ref, [n for n in (*b.devices, *by_key) if n[:2] == ref[:2]])
    b.report("GN401", origin, f"link endpoint '{ref}' is neither a device nor a site",
             hint or "use a device name (see 'govnet build' output) or a site code/id")
    return None

"""The typed model that every stage after the build works on. Frozen: stages return new objects."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple, TypeVar

from govnet.diagnostics import format_path
from govnet.reference.hardware import HARDWARE, HardwareTable
from govnet.schema.registry import RegistrySettings, UnitSpec
from govnet.schema.targets import TargetsFile
from govnet.schema.topology import HardwareSpec, ProjectFile
from govnet.schema.zones import InfrastructureFile, PolicyFile, RoutingSpec, ZoneSpec
from govnet.source.sourcemap import Path, SourceMap

SPECIAL = "special"
# Special sites whose devices belong to another network (the national backbone's PEs at its point of presence):
# they stay in the model, the graph and the diagrams, but govnet neither configures them nor peers with them.
EXTERNAL_KINDS = frozenset({"national-pop"})


T = TypeVar("T")


def first_by(items: Iterable[T], key: Callable[[T], str]) -> dict[str, T]:
    """An index by key in which the first of duplicates wins (duplicates are reported by the checks).

    >>> first_by(["ab", "ac", "b"], lambda s: s[0])
    {'a': 'ab', 'b': 'b'}
    """
    index: dict[str, T] = {}
    for item in items:
        index.setdefault(key(item), item)
    return index


class Origin(NamedTuple):
    """Where something was written: a model file and the data path inside it.

    A named tuple: immutable and hashable like a frozen dataclass, but built three times faster, and a national
    model builds 400,000 of them."""

    file: str
    path: Path

    def at(self, *more: str | int) -> Origin:
        return _new_tuple(Origin, (self.file, self.path + more))  # skips the generated __new__: 2x faster


_new_tuple = tuple.__new__


def locate(sources: Mapping[str, SourceMap], origin: Origin, *, key: bool = False) -> tuple[str, int, int, str]:
    """File, line, column and data path of an origin, for a diagnostic."""
    source = sources.get(origin.file)
    line, column = source.position(origin.path, key=key) if source else (1, 1)
    return origin.file, line, column, format_path(origin.path)


class Site(NamedTuple):  # a named tuple for the speed Origin's comment explains
    key: str  # the division code, or the id of a special site
    name: str
    level: str  # province, city, county, township, village, or "special"
    parent: str | None  # the site it sits under in the model
    profile: str | None
    origin: Origin
    declared_level: str | None = None
    kind: str | None = None  # for special sites: gov-cloud, dr-centre, national-pop, datacenter
    virtual: bool = False
    description: str | None = None


@dataclass(frozen=True, slots=True)
class SiteZones:
    """The security zones a site offers, and where that list was written (the site or its profile)."""

    names: tuple[str, ...]
    origin: Origin


@dataclass(frozen=True, slots=True)
class Zone:
    """A security zone with its routing identity derived: VRF, route distinguisher, route targets."""

    name: str
    kind: str  # public, dedicated, internet, office
    title: str
    number: int
    vrf: str
    rd: str
    rt_import: tuple[str, ...]
    rt_export: tuple[str, ...]
    levels: tuple[str, ...]
    spec: ZoneSpec
    origin: Origin

    @property
    def isolated(self) -> bool:
        """Its own routing domain: a dedicated VPN or the office zone, not the global table."""
        return self.kind in ("dedicated", "office")


@dataclass(frozen=True)
class Registry:
    """The access units of registry.yaml and registry.d/*.yaml, in file order, with where each is written."""

    settings: RegistrySettings
    units: tuple[UnitSpec, ...]
    origins: tuple[Origin, ...]  # per unit: its file and ("units", i)
    settings_origin: Origin

    @cached_property
    def unit_by_id(self) -> Mapping[str, UnitSpec]:
        return first_by(self.units, lambda unit: unit.id)

    def origin_of(self, unit_id: str) -> Origin | None:
        for unit, origin in zip(self.units, self.origins, strict=True):
            if unit.id == unit_id:
                return origin
        return None


class Device(NamedTuple):  # a named tuple for the speed Origin's comment explains
    name: str
    site: str
    role: str
    platform: str
    port_speed: int | None
    origin: Origin  # the device spec that made it
    hardware: str | None = None  # the hardware model (govnet.reference.hardware), when the spec names one
    in_path: bool = True  # False: a firewall the model keeps out of every traffic path (with a purpose)
    purpose: str | None = None  # what the device is for, in the engineer's words


class SpecRef(NamedTuple):
    """A profile's device spec, whether or not a site uses it (govnet.checks.ports judges every one)."""

    origin: Origin
    platform: str
    hardware: str | None
    port_speed: int | None


@dataclass(frozen=True, slots=True)
class UplinkPolicy:
    count: int
    bandwidth: int | None
    min_bandwidth: int | None
    carriers: tuple[str, ...]
    diverse_carriers: bool
    profile_origin: Origin  # the profile's uplinks
    site_origin: Origin | None = None  # the site's 'uplinks:' override, if it has one
    overridden: frozenset[str] = frozenset()  # the fields the site's override sets
    to: str = "parent"  # parent, or county: a village homed straight on the county platform
    oversubscription: float | None = None  # allowed ratio of the uplinks homed here to this site's own
    srlg: tuple[str, ...] = ()  # shared-risk groups of every uplink of the site
    conduits: tuple[str, ...] = ()  # the conduit of uplink i, in order

    def risks(self, i: int) -> tuple[str, ...]:
        """The shared-risk groups of the site's i-th uplink (a conduit counts as one)."""
        conduit = (f"conduit:{self.conduits[i]}",) if i < len(self.conduits) else ()
        return self.srlg + conduit

    def origin_of(self, field: str) -> Origin:
        """Where the value of one field was written: the site's override or the profile."""
        if self.site_origin is not None and field in self.overridden:
            return self.site_origin.at(field)
        return self.profile_origin.at(field)


class Link(NamedTuple):  # a named tuple for the speed Origin's comment explains
    a: str  # device names
    b: str
    bandwidth: int | None
    carrier: str | None
    kind: str
    origin: Origin
    implied: bool = False  # an uplink that follows from the hierarchy and the profile
    owner: str | None = None  # for implied uplinks: the site whose uplink it is
    description: str | None = None
    srlg: tuple[str, ...] = ()  # shared-risk groups (a conduit as 'conduit:<name>'): they fail together

    @property
    def ends(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass(frozen=True)
class Model:
    project: ProjectFile
    sites: tuple[Site, ...]  # every site as written, duplicates included, in file order
    devices: Mapping[str, Device]
    links: tuple[Link, ...]
    uplinks: Mapping[str, UplinkPolicy]  # effective uplink policy per site key
    registry: Registry | None
    sources: Mapping[str, SourceMap] = field(repr=False)
    site_zones: Mapping[str, SiteZones] = field(default_factory=dict)  # by site key
    zones: tuple[Zone, ...] = ()
    routing: RoutingSpec | None = None
    policy: PolicyFile = field(default_factory=PolicyFile)
    infrastructure: InfrastructureFile | None = None
    lock_text: str | None = None
    lock_committed: str | None = None  # git HEAD's lock, when lock_text was edited by hand
    targets: TargetsFile | None = None  # targets.yaml: policy targets and legacy networks
    device_specs: tuple[SpecRef, ...] = ()  # every profile's device specs, used by a site or not
    # Port inventories by hardware model: the packaged table with the model's own entries (govnet.model.hardware)
    hardware: HardwareTable = field(default_factory=lambda: HARDWARE)
    hardware_specs: Mapping[str, HardwareSpec] = field(default_factory=dict)  # the model's own entries, as written

    @cached_property
    def zone_by_name(self) -> Mapping[str, Zone]:
        return first_by(self.zones, lambda zone: zone.name)

    def zones_of(self, site_key: str) -> tuple[str, ...]:
        offered = self.site_zones.get(site_key)
        return offered.names if offered else ()

    @cached_property  # models are immutable, so derived indexes cannot go stale
    def site_by_key(self) -> Mapping[str, Site]:
        return first_by(self.sites, lambda site: site.key)

    @cached_property
    def _devices_by_site(self) -> Mapping[str, list[Device]]:
        index: dict[str, list[Device]] = {}
        for device in self.devices.values():
            index.setdefault(device.site, []).append(device)
        return index

    @cached_property
    def shared_sites(self) -> tuple[str, ...]:
        """The keys of the sites with two or more devices, in key order: only these have links between their
        own devices (router interconnects, firewall legs, HA pairs), and most village sites have one router."""
        return tuple(sorted(key for key, found in self._devices_by_site.items() if len(found) > 1))

    @cached_property
    def _links_by_kind(self) -> Mapping[str, list[Link]]:
        index: dict[str, list[Link]] = {}
        for link in self.links:
            index.setdefault(link.kind, []).append(link)
        return index

    def links_of_kind(self, kind: str) -> list[Link]:
        """The links of one kind (backbone, uplink, …) in model order."""
        return self._links_by_kind.get(kind, [])

    @cached_property
    def _links_by_device(self) -> Mapping[str, list[Link]]:
        index: dict[str, list[Link]] = {}
        for link in self.links:
            index.setdefault(link.a, []).append(link)
            if link.b != link.a:
                index.setdefault(link.b, []).append(link)
        return index

    def links_of(self, device: str) -> list[Link]:
        """The links with an end at the device, in model order."""
        return self._links_by_device.get(device, [])

    @property
    def province(self) -> Site:
        return next(s for s in self.sites if s.level == "province")

    def is_ours(self, device: Device) -> bool:
        """Whether the province runs the device (and govnet writes its config)."""
        site = self.site_by_key.get(device.site)
        return site is None or site.kind not in EXTERNAL_KINDS

    def devices_of(self, site_key: str) -> list[Device]:
        return self._devices_by_site.get(site_key, [])

    def locate(self, origin: Origin, *, key: bool = False) -> tuple[str, int, int, str]:
        return locate(self.sources, origin, key=key)

    def counts(self) -> dict[str, object]:
        levels = {"province": 0, "city": 0, "county": 0, "township": 0}  # villages only where a model has them
        special = 0
        for site in self.sites:
            if site.level == SPECIAL:
                special += 1
            else:
                levels[site.level] = levels.get(site.level, 0) + 1
        units = len(self.registry.units) if self.registry else 0
        return {"sites": levels, "special_sites": special, "devices": len(self.devices),
                "links": len(self.links), "units": units}

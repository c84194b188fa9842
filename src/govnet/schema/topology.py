"""topology/: the project file, site profiles, the province, one file per city and, for villages, per county."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from govnet.reference.platforms import PLATFORMS, ROLES, expected
from govnet.schema.base import Bandwidth, Code, Strict
from govnet.schema.management import ManagementSpec

Level = Literal["province", "city", "county", "township", "village"]


def _one_of(names: tuple[str, ...]) -> Callable[[object], object]:
    """A validator accepting exactly ``names``, failing as a Literal of them does (same error type and words, so
    the diagnostic and its did-you-mean hint are those of any other closed choice)."""
    words = expected(names)

    def check(value: object) -> object:
        if isinstance(value, str) and value in names:
            return value
        raise PydanticCustomError("literal_error", "Input should be {expected}", {"expected": words})

    return check


# The platform table (govnet.reference.platforms) is the one list of platform and role names.
# Editors see the same closed choice as an enum (govnet schema).
Role = Annotated[str, BeforeValidator(_one_of(ROLES)), WithJsonSchema({"type": "string", "enum": list(ROLES)})]
PlatformName = Annotated[str, BeforeValidator(_one_of(tuple(PLATFORMS))),
                         WithJsonSchema({"type": "string", "enum": list(PLATFORMS)})]
SpecialKind = Literal["gov-cloud", "dr-centre", "national-pop", "datacenter"]
LinkKind = Literal["uplink", "backbone", "ring", "cross-connect", "datacenter", "other"]
# Where a site's uplinks end: its parent's routers, or (villages) the county's unified access platform
# (县以下各级统一接入县级平台): provinces differ, so both are expressible.
UplinkTarget = Literal["parent", "county"]


class ProjectFile(Strict):
    """govnet.yaml: marks a model directory and says whose network it is."""

    name: str
    province: Code
    hostname_prefix: str = Field(default="GN", pattern=r"^[A-Za-z][A-Za-z0-9-]{0,7}$")
    description: str | None = None
    management: ManagementSpec = ManagementSpec()  # NTP, syslog, SNMP and AAA servers of every device


class DeviceSpec(Strict):
    name: str  # a pattern: {prefix}, {code} and {n} (1-based index, e.g. {n:02d})
    role: Role
    platform: PlatformName
    count: int = Field(default=1, ge=1, le=16)
    port_speed: Bandwidth | None = None
    model: str | None = Field(default=None, max_length=64)  # hardware model: its port table (GN417 if unknown)
    # A firewall the policy sends no traffic through says so, and why (GN513): no firewall without a job.
    in_path: bool = True
    purpose: str | None = Field(default=None, min_length=1, max_length=120)


SrlgName = Annotated[str, Field(min_length=1, max_length=64)]


class UplinkSpec(Strict):
    count: int = Field(ge=0, le=8)
    bandwidth: Bandwidth
    min_bandwidth: Bandwidth | None = None
    carriers: list[str] = []
    diverse_carriers: bool = False
    to: UplinkTarget = "parent"
    # How far the uplinks of the sites homed here may exceed this site's own uplinks (GN411); None: 1.
    oversubscription: float | None = Field(default=None, gt=0, le=1000)


class UplinkOverride(Strict):
    """A site's change to its profile's uplinks: only the fields given replace the profile's."""

    count: int | None = Field(default=None, ge=0, le=8)
    bandwidth: Bandwidth | None = None
    min_bandwidth: Bandwidth | None = None
    carriers: list[str] | None = None
    diverse_carriers: bool | None = None
    to: UplinkTarget | None = None
    oversubscription: float | None = Field(default=None, gt=0, le=1000)
    # Shared risk (同沟同缆): groups every uplink of the site belongs to, and the conduit of each uplink in
    # order (uplink i runs in conduits[i]). Two uplinks in one group or conduit fail together.
    srlg: list[SrlgName] | None = None
    conduits: list[SrlgName] | None = None


class Profile(Strict):
    description: str | None = None
    devices: list[DeviceSpec] = []
    uplinks: UplinkSpec | None = None
    zones: list[str] = []  # the security zones a site of this profile offers, by name


class CardSpec(Strict):
    """Ports of one speed on one card (or a box's fixed panel): ``count`` ports numbered from ``first``."""

    slot: int = Field(ge=0, le=255)
    subcard: int = Field(default=0, ge=0, le=255)
    speed: Bandwidth
    count: int = Field(ge=1, le=1024)
    first: int = Field(default=0, ge=0, le=9999)
    # The interface type as the device names these ports (GN420 unless its platform names that speed so);
    # default: the platform's type for the speed.
    type: str | None = Field(default=None, min_length=1, max_length=32)


class HardwareSpec(Strict):
    """A model's own port inventory: a hardware model the packaged table lacks, or one replacing the packaged
    entry of the same name (govnet.model.hardware; GN420-GN422 judge what the schema cannot)."""

    platforms: list[PlatformName] = Field(min_length=1)
    cards: list[CardSpec] = Field(min_length=1)  # in port order: a port's number in the lock counts along them
    source: str | None = Field(default=None, min_length=1, max_length=300)  # the order, datasheet or guide
    description: str | None = None


class ProfilesFile(Strict):
    profiles: dict[str, Profile]
    # Port inventories by hardware model name: what a device spec's 'model:' may name besides the packaged table.
    hardware: dict[Annotated[str, Field(min_length=1, max_length=64)], HardwareSpec] = {}


class SiteSpec(Strict):
    code: Code
    name: str
    level: Level | None = None
    profile: str | None = None
    devices: list[DeviceSpec] | None = None
    uplinks: UplinkOverride | None = None
    zones: list[str] | None = None  # replaces the profile's zones
    virtual: bool = False  # a statistical placeholder (市辖区, 县 …): no devices, children home upwards
    description: str | None = None


class VillageSpec(SiteSpec):
    pass


class TownshipSpec(SiteSpec):
    villages: list[VillageSpec] = []


class CountySpec(SiteSpec):
    townships: list[TownshipSpec] = []


class CitySpec(SiteSpec):
    counties: list[CountySpec] = []


class LinkSpec(Strict):
    a: Code  # a device name, or a site code/id meaning that site's first router
    b: Code
    bandwidth: Bandwidth
    carrier: str | None = None
    kind: LinkKind = "other"
    description: str | None = None
    srlg: list[SrlgName] = []  # shared-risk groups the circuit belongs to
    conduit: SrlgName | None = None  # the duct or pole route it runs in (同沟同缆)


class SpecialSiteSpec(Strict):
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,31}$")
    kind: SpecialKind
    name: str
    parent: Code | None = None  # a division site it homes to; default the province
    profile: str | None = None
    devices: list[DeviceSpec] | None = None
    uplinks: UplinkOverride | None = None
    zones: list[str] | None = None
    description: str | None = None


class ProvinceFile(Strict):
    province: SiteSpec
    special_sites: list[SpecialSiteSpec] = []
    links: list[LinkSpec] = []


class CityFile(Strict):
    city: CitySpec
    links: list[LinkSpec] = []


class TownshipVillages(Strict):
    """One township's villages in a county file; the township itself is written in its city's file."""

    code: Code
    villages: list[VillageSpec] = []


class CountyFile(Strict):
    """topology/<city>/<county>.yaml: the villages of one county, by township (a county has up to ~600)."""

    county: Code
    profile: str | None = None  # the profile of this county's villages unless one names its own
    townships: list[TownshipVillages] = []

"""topology/: the project file, site profiles, the province and one file per city."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from govnet.schema.base import Bandwidth, Code, Strict
from govnet.schema.management import ManagementSpec

Level = Literal["province", "city", "county", "township", "village"]
Role = Literal["core-router", "router", "firewall"]
PlatformName = Literal["huawei_vrp8", "huawei_vrp", "huawei_usg", "h3c_comware", "h3c_secpath", "cisco_iosxe"]
SpecialKind = Literal["gov-cloud", "dr-centre", "national-pop", "datacenter"]
LinkKind = Literal["uplink", "backbone", "ring", "cross-connect", "datacenter", "other"]


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


class UplinkSpec(Strict):
    count: int = Field(ge=0, le=8)
    bandwidth: Bandwidth
    min_bandwidth: Bandwidth | None = None
    carriers: list[str] = []
    diverse_carriers: bool = False


class UplinkOverride(Strict):
    """A site's change to its profile's uplinks: only the fields given replace the profile's."""

    count: int | None = Field(default=None, ge=0, le=8)
    bandwidth: Bandwidth | None = None
    min_bandwidth: Bandwidth | None = None
    carriers: list[str] | None = None
    diverse_carriers: bool | None = None


class Profile(Strict):
    description: str | None = None
    devices: list[DeviceSpec] = []
    uplinks: UplinkSpec | None = None
    zones: list[str] = []  # the security zones a site of this profile offers, by name


class ProfilesFile(Strict):
    profiles: dict[str, Profile]


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


class TownshipSpec(SiteSpec):
    pass


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

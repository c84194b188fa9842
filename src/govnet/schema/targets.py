"""targets.yaml: what the office is measured against (the policy documents' demands, as model data) and the
department private networks (业务专网) still to be migrated onto the extranet.

Every target names the document it comes from (``source``: a key of ``documents``), so that each line of the
compliance report can cite the demand it measures.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from govnet.schema.base import Bandwidth, Strict

Level = Literal["province", "city", "county", "township", "village"]


class Document(Strict):
    title: str  # e.g. 江西省人民政府办公厅关于加快推进全省电子政务外网建设的意见
    number: str | None = None  # 文号
    issued: dt.date | None = None


class Cited(Strict):
    source: str  # a key of documents
    clause: str | None = None  # e.g. §3, 七


class CoverageTarget(Cited):
    share: float = Field(ge=0, le=1)  # e.g. 1.0: every township
    by: dt.date  # the target date


class Department(Strict):
    name: str  # short name printed in the report, e.g. 人社
    match: list[str] = Field(min_length=1)  # a unit whose name contains one of these is this department


class HorizontalTarget(Cited):
    """Departments the model expects connected at each level (横向联网)."""

    departments: dict[Level, list[Department]]


class LegacyTarget(Cited):
    no_new_after: dt.date  # a private network created after this day contradicts the policy (error)


class MlpsTarget(Cited):
    due_within_days: int = Field(default=90, ge=1)


class BandwidthTarget(Cited):
    """The backbone bandwidth each level's uplinks should have (扩容 tiers)."""

    levels: dict[Level, Bandwidth]


class DomesticTarget(Cited):
    vendors: list[str] = Field(min_length=1)  # vendors counted as domestic products (platform table names)
    share: float = Field(ge=0, le=1)


class Centre(Strict):
    site: str  # a special site's id, or a division code
    role: str  # 生产中心, 同城灾备中心, 异地灾备中心
    city: str  # where it stands: two sites means two cities


class CloudTarget(Cited):
    centres: list[Centre] = Field(min_length=1)
    cities: int = Field(default=2, ge=1)  # 两地三中心: two cities,
    count: int = Field(default=3, ge=1)  # three centres


class Targets(Strict):
    township_coverage: CoverageTarget | None = None
    village_coverage: CoverageTarget | None = None
    horizontal: HorizontalTarget | None = None
    own_exit: Cited | None = None
    legacy_networks: LegacyTarget | None = None
    reregistration: Cited | None = None
    mlps: MlpsTarget | None = None
    bandwidth: BandwidthTarget | None = None
    domestic: DomesticTarget | None = None
    cloud_dr: CloudTarget | None = None


class LegacyNetwork(Strict):
    department: str
    name: str
    scope: str  # e.g. 省、市、县三级
    created: dt.date | None = None
    plan: str | None = None  # the migration plan (迁移计划); None: no plan yet
    status: Literal["running", "migrating", "migrated"] = "running"


class TargetsFile(Strict):
    documents: dict[str, Document] = {}
    targets: Targets = Targets()
    legacy_networks: list[LegacyNetwork] = []

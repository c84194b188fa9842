"""registry.yaml (and registry.d/*.yaml): access units (接入单位), their registration and lifecycle.

registry.yaml is the entry: it holds the ``settings:`` and may hold ``units:``; a model that grows may move
units into registry.d/*.yaml (e.g. one file per city), which hold ``units:`` only.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from govnet.schema.base import Bandwidth, Code, Strict

AccessClass = Literal["A", "B", "C", "D", "E", "F"]
Status = Literal["applied", "approved", "active", "suspended", "revoked"]
InternetExit = Literal["none", "unified", "own"]
# apply → approve → activate → suspend / revoke; 'resume' re-activates a suspended unit; 'reregister' records the
# re-registration campaign; 'change' records any other dated change (bandwidth, contacts ...).
Action = Literal["apply", "approve", "activate", "suspend", "resume", "revoke", "reregister", "change"]
UNIT_ID = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"


class Contact(Strict):
    name: str
    mobile: Code  # 11 digits; checked by the registry checks (GN712), so that a typo has a file and line
    phone: str | None = None  # landline, free form
    title: str | None = None


class Contacts(Strict):
    head: Contact  # 单位负责人
    technical: Contact  # 技术联系人


class Bandwidths(Strict):
    requested: Bandwidth
    granted: Bandwidth | None = None  # set on approval


class Line(Strict):
    type: str  # 线路类型: MSTP, SDH, 裸光纤, MPLS-VPN, ...
    carrier: str  # 运营商


class Server(Strict):
    name: str
    purpose: str | None = None
    public: bool = False  # exposed to the internet (needs the public-security internet-user filing)
    ports: list[str] = []  # e.g. tcp/443
    filing: str | None = None  # 公安联网备案号, for servers exposed to the internet


class Mlps(Strict):
    """等级保护: the grading, the filing number and the last assessment (测评)."""

    level: int = Field(ge=1, le=5)
    filing: str | None = None
    assessed: dt.date | None = None


class Period(Strict):
    start: dt.date
    end: dt.date | None = None  # open-ended when absent


class HistoryEntry(Strict):
    date: dt.date
    action: Action
    by: str  # who decided or did it: an office, a person
    document: str | None = None  # 文号: approval, notice ...
    remark: str | None = None


class UnitSpec(Strict):
    id: str = Field(pattern=UNIT_ID)  # stable: addresses are allocated to it; never reuse one
    name: str
    uscc: str
    division: Code  # GB/T 2260 code (6 digits; 360000 is the province, 360100 a city) or a 9-digit township
    site: Code  # the site the unit attaches to: a division code or a special site's id
    access_class: AccessClass
    zones: list[str] = ["public"]  # public, dedicated VPNs and office zones it joins
    internet: InternetExit = "none"  # its internet access: none, the unified exit, or its own exit
    bandwidth: Bandwidths
    line: Line | None = None
    address: str | None = None  # installation address
    lan: str | None = None  # LAN description
    servers: list[Server] = []
    mlps: Mlps | None = None
    contacts: Contacts
    period: Period | None = None
    status: Status = "applied"
    history: list[HistoryEntry] = []


class OversubscriptionSpec(Strict):
    default: float = Field(default=4.0, gt=0)
    profiles: dict[str, float] = {}  # per site profile, e.g. {township: 2}


class RegistrySettings(Strict):
    """The office's rules, as dates and numbers (defaults: the Jiangxi rules)."""

    as_of: dt.date | None = None  # the date checks compare against; default today (set it for reproducible runs)
    campaign: dt.date = dt.date(2018, 10, 1)  # units that began earlier must have re-registered on or after it
    approval_required_from: dt.date = dt.date(2019, 1, 1)  # new access from this date on needs approval first
    # by MLPS level; levels not listed are not checked. Bounded: a date 2**31 months on is past year 9999
    assessment_max_months: dict[Annotated[int, Field(ge=1, le=5)], Annotated[int, Field(ge=1, le=600)]] = {3: 12, 4: 6}
    oversubscription: OversubscriptionSpec = OversubscriptionSpec()
    # a QoS policy per access class, applied inbound on its units' sub-interfaces; the policy itself is the
    # operator's (defined on the device), the model names it: {B: UNIT-B-IN}
    qos: dict[AccessClass, Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,30}$")]] = {}


class RegistryFile(Strict):
    """registry.yaml, the entry."""

    settings: RegistrySettings = RegistrySettings()
    units: list[UnitSpec] = []


class RegistryPart(Strict):
    """registry.d/<name>.yaml: more units."""

    units: list[UnitSpec] = []

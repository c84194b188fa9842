"""zones/: security zones. Only the outline for now; the zone model grows with the IPAM work."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from govnet.schema.base import Strict

ZoneKind = Literal["public", "dedicated", "internet", "office"]


class ZoneSpec(Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_-]{0,30}$")
    kind: ZoneKind
    title: str  # the Chinese name shown to people, e.g. 公用网络区
    description: str | None = None


class ZonesFile(Strict):
    zones: list[ZoneSpec]

"""registry.yaml: access units (接入单位). Only the outline for now; the registry grows in its own work."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from govnet.schema.base import Code, Strict

AccessClass = Literal["A", "B", "C", "D", "E", "F"]
Status = Literal["applied", "approved", "active", "suspended", "revoked"]


class UnitSpec(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
    name: str
    site: Code
    uscc: str | None = None
    division: Code | None = None
    access_class: AccessClass | None = None
    zones: list[str] = []
    status: Status = "applied"


class RegistryFile(Strict):
    units: list[UnitSpec] = []

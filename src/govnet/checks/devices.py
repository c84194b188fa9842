"""Devices against the platform table: every device's role must have a template on its platform."""

from __future__ import annotations

from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic
from govnet.model.types import Origin
from govnet.reference.platforms import PLATFORMS


def check(ctx: CheckContext) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    reported: set[Origin] = set()
    for name in sorted(ctx.model.devices):
        device = ctx.model.devices[name]
        platform = PLATFORMS.get(device.platform)
        if platform is None or device.role in platform.roles or device.origin in reported:
            continue
        reported.add(device.origin)  # one report per device spec, not one per site using it
        able = sorted(p.name for p in PLATFORMS.values() if device.role in p.roles)
        found.append(ctx.diagnostic(
            "GN506", device.origin.at("platform"), f"platform '{device.platform}' has no {device.role} template, so "
            f"device '{name}' (and every other device of this spec) cannot be configured",
            f"a {device.role} must be on one of: {', '.join(able)}" if able else None))
    return found

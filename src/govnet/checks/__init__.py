"""Stage 5: the rule families. Each family is a function from the context to diagnostics."""

from __future__ import annotations

from collections.abc import Callable

from govnet.checks import (
    attach,
    devices,
    exits,
    firewalls,
    hierarchy,
    lifecycle,
    links,
    ports,
    redundancy,
    registry,
    srlg,
    strings,
    targets,
    villages,
    zones,
)
from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic
from govnet.model.types import Model

FAMILIES: tuple[Callable[[CheckContext], list[Diagnostic]], ...] = (
    hierarchy.check,
    links.check,
    ports.check,
    redundancy.check,
    srlg.check,
    strings.check,
    devices.check,
    devices.check_management,
    devices.check_control_plane,
    firewalls.check,
    firewalls.check_access,
    firewalls.check_returns,
    zones.check,
    exits.check,
    registry.check,
    lifecycle.check,
    attach.check,
    targets.check,
    villages.check,
)


def run_checks(model: Model) -> list[Diagnostic]:
    context = CheckContext(model)
    found: list[Diagnostic] = []
    for family in FAMILIES:
        found.extend(family(context))
    return found

"""What a firewall is for: the policy rules it enforces at its site, or the purpose the model declares for one it
keeps out of every traffic path (issue 13 #10).

A firewall is in a traffic path exactly when a rule of the policy is enforced at its site's level between two
zones that cross it there (govnet.model.legs): the routers then send those zones' traffic through it
(govnet.render.legs). A firewall with no such rule carries nothing; the model must say so (``in_path: false``
with a ``purpose``) rather than leave it to a comment.
"""

from __future__ import annotations

from dataclasses import dataclass

from govnet.model.hierarchy import site_level
from govnet.model.legs import FIREWALL, crossing_zones
from govnet.model.types import Device, Model
from govnet.schema.zones import RuleSpec

LEVELS = ("province", "city", "special", "county", "township", "village")


def enforced_rules(model: Model, site_key: str) -> list[RuleSpec]:
    """The rules the firewalls of a site enforce: enforced at its level, both zones crossing it there."""
    names = {z.name for z in crossing_zones(model, site_key)}
    if not names:
        return []
    level = site_level(model, site_key)
    return [r for r in model.policy.rules if level in r.at and r.from_ in names and r.to in names]


def idle_firewalls(model: Model) -> list[Device]:
    """Firewalls that enforce no rule, whether or not the model declares them out of the path; by name."""
    found = []
    rules: dict[str, bool] = {}
    for name in sorted(model.devices):
        device = model.devices[name]
        if device.role != FIREWALL or not model.is_ours(device):
            continue
        if device.site not in rules:
            rules[device.site] = bool(enforced_rules(model, device.site))
        if not rules[device.site]:
            found.append(device)
    return found


@dataclass(frozen=True, slots=True)
class Duty:
    """What a group of firewalls does: the firewalls of one level that enforce the same rules, or stay out of the
    path for the same declared purpose."""

    level: str
    rules: tuple[str, ...]  # the rules they enforce (empty: none)
    in_path: bool
    purpose: str | None
    devices: tuple[str, ...]  # by name


def duties(model: Model) -> list[Duty]:
    """The firewalls of the model grouped by level, rules and declared purpose, in level order then rules."""
    groups: dict[tuple[str, tuple[str, ...], bool, str | None], list[str]] = {}
    rules: dict[str, tuple[str, ...]] = {}
    for name in sorted(model.devices):
        device = model.devices[name]
        if device.role != FIREWALL or not model.is_ours(device):
            continue
        if device.site not in rules:
            rules[device.site] = tuple(r.name for r in enforced_rules(model, device.site))
        key = (site_level(model, device.site), rules[device.site], device.in_path, device.purpose)
        groups.setdefault(key, []).append(name)
    order = {level: i for i, level in enumerate(LEVELS)}
    return [Duty(level, found, in_path, purpose, tuple(names)) for (level, found, in_path, purpose), names
            in sorted(groups.items(), key=lambda item: (order.get(item[0][0], len(order)), item[0][1:3],
                                                        item[0][3] or ""))]

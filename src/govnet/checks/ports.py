"""Ports: the model's own hardware entries must be sound (GN420-GN422, govnet.model.hardware), a device's hardware
model must be one the model's port table knows for its platform (GN417, for every profile's device specs, used by a
site or not), the two ends of a link must have a port speed in common (GN418: a 100GE-only box cannot face a
GE-only one), and a device must not need more ports of a speed than its hardware has (GN419)."""

from __future__ import annotations

from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic, did_you_mean
from govnet.model.hardware import problems
from govnet.model.ports import SpeedMemo, device_speeds, port_ends
from govnet.model.types import Device, Origin
from govnet.reference.hardware import link_speed, speed_tag
from govnet.reference.units import format_bandwidth
from govnet.source.layout import PROFILES_FILE


def check(ctx: CheckContext) -> list[Diagnostic]:
    return _entries(ctx) + _unknown_models(ctx) + _speed_mismatches(ctx) + _capacity(ctx)


def _entries(ctx: CheckContext) -> list[Diagnostic]:
    """The model's own hardware entries (topology/profiles.yaml 'hardware:'), each mistake where it is written."""
    found = []
    for name, spec in ctx.model.hardware_specs.items():
        for problem in problems(name, spec):
            origin = Origin(PROFILES_FILE, ("hardware", name, *problem.path))
            found.append(ctx.diagnostic(problem.code, origin, problem.message, problem.hint))
    return found


def _unknown_models(ctx: CheckContext) -> list[Diagnostic]:
    """One report per device spec: every profile's (a profile no site uses yet included) and every site's."""
    found = []
    reported: set[Origin] = set()
    table = ctx.model.hardware
    specs: list[tuple[Origin, str, str | None, str | None]] = [
        (s.origin, s.platform, s.hardware, None) for s in ctx.model.device_specs]
    specs += [(d.origin, d.platform, d.hardware, d.name) for d in ctx.model.devices.values()]
    for origin, platform, model, device in specs:
        if model is None or origin in reported:
            continue
        hardware = table.get(model)
        if hardware is not None and platform in hardware.platforms:
            continue
        reported.add(origin)
        fits = [h.name for h in table.values() if platform in h.platforms]
        of = f" of {device}" if device is not None else ""
        if hardware is None:
            message = f"hardware model '{model}'{of} is not in the port table"
            hint = did_you_mean(model, fits) or (f"models for {platform}: {', '.join(fits)}; or describe it under "
                                                 f"'hardware:' in {PROFILES_FILE}")
        else:
            message = (f"hardware model '{model}'{of} does not run platform '{platform}' (it runs "
                       f"{', '.join(hardware.platforms)})")
            hint = f"models for {platform}: {', '.join(fits)}"
        found.append(ctx.diagnostic("GN417", origin.at("model"), message, hint))
    return found


def _speed_mismatches(ctx: CheckContext) -> list[Diagnostic]:
    """One report per device spec whose hardware rules the speed out (at its 'model'), naming the first link."""
    found = []
    reported: dict[Origin, int] = {}
    devices = ctx.model.devices
    table = ctx.model.hardware
    memo: SpeedMemo = {}
    for link in ctx.model.links:
        a, b = devices.get(link.a), devices.get(link.b)
        if a is None or b is None or (a.hardware is None and b.hardware is None):
            continue  # without hardware every platform has every card: the slower port serves
        speeds_a, speeds_b = device_speeds(a, memo, table), device_speeds(b, memo, table)
        if speeds_a is None or speeds_b is None or link_speed(speeds_a, speeds_b) is not None:
            continue
        origin = (a if a.hardware is not None else b).origin.at("model")
        if origin in reported:
            reported[origin] += 1
            continue
        reported[origin] = 0
        found.append(ctx.diagnostic(
            "GN418", origin, f"link {link.a} – {link.b}: no port speed in common ({_ports(a, speeds_a)} vs "
            f"{_ports(b, speeds_b)})",
            "choose a hardware model with a card of the other end's speed, or a port_speed both ends have"))
    return found


def _capacity(ctx: CheckContext) -> list[Diagnostic]:
    """A device that needs more ports of a speed than its hardware has: one report per device spec and speed
    (at the spec's 'model'), naming the device that needs the most."""
    model = ctx.model
    worst: dict[tuple[Origin, int], tuple[int, int, Device, int]] = {}  # needed, available, device, devices
    table = model.hardware
    with_hardware = {d.name for d in model.devices.values() if d.hardware in table}
    if not with_hardware:
        return []
    for name, ends in port_ends(model, with_hardware).items():
        device = model.devices[name]
        hardware = table[device.hardware or ""]
        by_speed: dict[int, int] = {}
        for end in ends:
            if end.speed is not None:
                by_speed[end.speed] = by_speed.get(end.speed, 0) + 1
        for speed, needed in by_speed.items():
            available = hardware.capacity(speed)
            if needed <= available:
                continue
            key = (device.origin, speed)
            was = worst.get(key)
            count = (was[3] if was else 0) + 1
            worst[key] = (needed, available, device, count) if was is None or needed > was[0] else (*was[:3], count)
    found = []
    for (origin, speed), (needed, available, device, devices) in worst.items():
        others = f" (and {devices - 1} more device(s) of this spec)" if devices > 1 else ""  # messages.py: 2 forms
        bigger = [h.name for h in table.values() if device.platform in h.platforms and h.capacity(speed) >= needed]
        found.append(ctx.diagnostic(
            "GN419", origin.at("model"),
            f"{device.name} needs {needed} {speed_tag(speed)} ports, its hardware model {device.hardware} has "
            f"{available}{others}",
            (f"a model with more {speed_tag(speed)} ports ({', '.join(bigger)}), " if bigger else
             "a bigger hardware model, ") + "or fewer links at this speed"))
    return found


def _ports(device: Device, speeds: tuple[int, ...]) -> str:
    """What one end offers, e.g. ``JX-1-R01 (AR6140 up to 1G): 1G``."""
    limits = [x for x in (device.hardware, f"up to {format_bandwidth(device.port_speed)}" if device.port_speed
                          else None) if x]
    offered = "/".join(format_bandwidth(s) for s in speeds) or "no port"
    shown = " ".join(limits)
    return f"{device.name} ({shown}): {offered}" if shown else f"{device.name}: {offered}"

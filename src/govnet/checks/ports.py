"""Ports: a device's hardware model must be one the port table knows for its platform (GN417), and the two ends
of a link must have a port speed in common (GN418: a 100GE-only box cannot face a GE-only one)."""

from __future__ import annotations

from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic, did_you_mean
from govnet.model.types import Device, Origin
from govnet.reference.hardware import HARDWARE, link_speed, speeds_of
from govnet.reference.units import format_bandwidth


def check(ctx: CheckContext) -> list[Diagnostic]:
    return _unknown_models(ctx) + _speed_mismatches(ctx)


def _unknown_models(ctx: CheckContext) -> list[Diagnostic]:
    found = []
    reported: set[Origin] = set()
    for device in ctx.model.devices.values():
        if device.hardware is None or device.origin in reported:
            continue
        hardware = HARDWARE.get(device.hardware)
        if hardware is not None and device.platform in hardware.platforms:
            continue
        reported.add(device.origin)  # one report per device spec, not per device it makes
        fits = [h.name for h in HARDWARE.values() if device.platform in h.platforms]
        if hardware is None:
            message = f"hardware model '{device.hardware}' of {device.name} is not in the port table"
            hint = did_you_mean(device.hardware, fits) or f"models for {device.platform}: {', '.join(fits)}"
        else:
            message = (f"hardware model '{device.hardware}' of {device.name} does not run platform "
                       f"'{device.platform}' (it runs {', '.join(hardware.platforms)})")
            hint = f"models for {device.platform}: {', '.join(fits)}"
        found.append(ctx.diagnostic("GN417", device.origin.at("model"), message, hint))
    return found


def _speed_mismatches(ctx: CheckContext) -> list[Diagnostic]:
    """One report per device spec whose hardware rules the speed out (at its 'model'), naming the first link."""
    found = []
    reported: dict[Origin, int] = {}
    devices = ctx.model.devices
    for link in ctx.model.links:
        a, b = devices.get(link.a), devices.get(link.b)
        if a is None or b is None or (a.hardware is None and b.hardware is None):
            continue  # without hardware every platform has every card: the slower port serves
        speeds_a, speeds_b = speeds_of(a.hardware, a.port_speed), speeds_of(b.hardware, b.port_speed)
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


def _ports(device: Device, speeds: tuple[int, ...]) -> str:
    """What one end offers, e.g. ``JX-1-R01 (AR6140 up to 1G): 1G``."""
    limits = [x for x in (device.hardware, f"up to {format_bandwidth(device.port_speed)}" if device.port_speed
                          else None) if x]
    offered = "/".join(format_bandwidth(s) for s in speeds) or "no port"
    shown = " ".join(limits)
    return f"{device.name} ({shown}): {offered}" if shown else f"{device.name}: {offered}"

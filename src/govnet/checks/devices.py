"""Devices against the platform table (every device's role must have a template on its platform), and the
management plane that makes every device reachable."""

from __future__ import annotations

from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic
from govnet.model.management import noc_routers, noc_site, outside
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
            f"{'an' if device.role[0] in 'aeiou' else 'a'} {device.role} must be on one of: {', '.join(able)}"
            if able else None))
    return found


def check_control_plane(ctx: CheckContext) -> list[Diagnostic]:
    """A device in a role routing.control_plane names, on a platform that renders no control-plane protection
    (govnet.reference.platforms, control_plane): the model asks for what its config will not have."""
    routing = ctx.model.routing
    if routing is None:
        return []
    bare = {p.name for p in PLATFORMS.values() if not p.control_plane}
    specs: dict[Origin, list[str]] = {}
    for name in sorted(n for n, d in ctx.model.devices.items()
                       if d.platform in bare and d.role in routing.control_plane):
        specs.setdefault(ctx.model.devices[name].origin, []).append(name)
    return [ctx.diagnostic(
        "GN510", origin.at("platform"), f"{ctx.model.devices[names[0]].role} '{names[0]}' protects no control "
        f"plane although routing.control_plane names its role: platform '{ctx.model.devices[names[0]].platform}' "
        f"renders none ({len(names)} device(s) of this spec alike)",
        "its config keeps only the VTY and SNMP ACLs (for VRP 5, public text gives no AR syntax of local attack "
        "defense); put the role on a platform that renders it, or take it out of routing.control_plane")
        for origin, names in specs.items()]


def check_management(ctx: CheckContext) -> list[Diagnostic]:
    """The management plane: declared, its servers inside it, its NOC site real (issue 13 #3)."""
    model = ctx.model
    plane = model.project.management.plane
    origin = Origin("govnet.yaml", ("management",))
    servers = model.project.management
    if not plane.networks and (servers.ntp or servers.syslog or servers.snmp.trap_hosts or servers.aaa.radius):
        return [ctx.diagnostic("GN508", origin, "govnet.yaml declares no management network "
                               "(management.plane.networks): no device's NTP, syslog, SNMP or AAA server is "
                               "routed and no administrator may log in (the VTY ACLs permit only those networks)",
                               "declare the NOC prefixes, e.g. management: {plane: {networks: [10.4.0.0/24]}}")]
    if not plane.networks:
        return []
    found = [ctx.diagnostic("GN507", origin.at(*field.split(".")), f"management server {address} ({field}) is "
                            "outside the management networks, so no device has a route to it",
                            f"add its network to management.plane.networks ({', '.join(plane.networks)})")
             for field, address in outside(model)]
    if not noc_routers(model):
        found.append(ctx.diagnostic("GN509", origin.at("plane"), f"management plane site "
                                    f"'{noc_site(model)}' has no core routers to connect the NOC network",
                                    "set management.plane.site to a site with core routers (default: the province)"))
    return found

"""From the model and its addresses to one DeviceContext per device: what the whole model gives every device is
worked out once (govnet.render.index), then each device's interfaces (govnet.render.interfaces), its routing
(govnet.render.routing) and the families of the modules they call.

Decisions made here, all deterministic and stable under unrelated additions:
- link addresses: the /31 (/127) of a link from the lock; the device whose name sorts first takes the lower
  address;
- OSPF areas: links and loopbacks of the province, the cities and the special sites are in area 0; everything
  inside a city (counties, townships, rings) is in the city's area, numbered by the city code (3601 → 0.0.14.17),
  so city cores are the area border routers;
- IS-IS: one level-2 domain, area 49.<province code>, system ID from the loopback;
- BGP: iBGP VPNv4 in the provincial AS; the core routers of sites at the route-reflector levels reflect for the
  routers below them (down to the next reflector level) and are clients of the reflectors above; VPNv6 on the
  same sessions where dual-stack zones need it (govnet.render.vpn);
- IPv6 underlay: every IGP interface with an IPv6 address runs OSPFv3 (same area as OSPFv2) or IS-IS's IPv6
  topology (multi-topology);
- firewalls: one security zone per zone that crosses the firewall at the site, on a dot1q sub-interface
  (VLAN = zone number) of each port toward the site's routers, addressed from the lock; the router side binds
  the same VLAN to the zone's VPN instance; static routes between the two (govnet.render.legs);
- internet exits: each carrier's circuit on a port of the router govnet.model.exits picks, in the internet zone's VPN
  instance, with a default route to the carrier (govnet.render.exits).
"""

from __future__ import annotations

from collections.abc import Iterable

from govnet.ipam.plan import AddressBook
from govnet.model.hierarchy import level_name as level_of
from govnet.model.management import SIDE_ROLES
from govnet.model.types import Device, Model
from govnet.reference.platforms import PLATFORMS
from govnet.render.bfd import apply as bfd_apply
from govnet.render.blocks import site_blocks
from govnet.render.context import DeviceContext, Interface, Services
from govnet.render.exits import carrier_routes
from govnet.render.exits6 import announced
from govnet.render.failover import probes, tracked
from govnet.render.firewall import firewall
from govnet.render.gateway import gateway
from govnet.render.index import RenderIndex, build_index
from govnet.render.interfaces import device_interfaces, loopbacks
from govnet.render.legs import static_routes
from govnet.render.management import mgmt_routes
from govnet.render.national import vrf_peers
from govnet.render.routing import device_bgp, device_igp, device_vrfs
from govnet.render.secrets import Secrets


def build_contexts(model: Model, addresses: AddressBook, secrets: Secrets,
                   names: Iterable[str] | None = None) -> dict[str, DeviceContext]:
    """Contexts of every device, or of the named ones (same result for them as in a full run)."""
    wanted, index = context_index(model, addresses, secrets, names)
    return {name: device_context(index, name) for name in wanted}


def context_index(model: Model, addresses: AddressBook, secrets: Secrets,
                  names: Iterable[str] | None = None) -> tuple[list[str], RenderIndex]:
    """The devices to render, sorted, and what their contexts need from the whole model (for device_context;
    worker processes share one, govnet.render.parallel)."""
    wanted = [n for n in (sorted(model.devices) if names is None else sorted(names)) if model.is_ours(model.devices[n])]
    return wanted, build_index(model, addresses, secrets, set(wanted) if names is not None else None)


def device_context(index: RenderIndex, name: str) -> DeviceContext:
    return _context(index, index.model.devices[name])


def _services(index: RenderIndex, device: Device, management: Interface | None, loopback: Interface) -> Services:
    """The model's management services (the same on every device: built once, in _index) with this device's
    source interface and location."""
    key = ((management or loopback).name, device.site, PLATFORMS[device.platform].radius_source)
    found = index.sourced.get(key)
    if found is None:
        location = f"{index.model.project.hostname_prefix} site {device.site}"
        found = index.sourced[key] = index.services._replace(source=key[0], snmp_location=location,
                                                             radius_source=key[0] if key[2] else "")
    return found


def _context(index: RenderIndex, device: Device) -> DeviceContext:
    model = index.model
    platform = PLATFORMS[device.platform]
    site = model.site_by_key[device.site]
    loopback, management = loopbacks(index, device)
    interfaces = device_interfaces(index, device)
    # A lone device has no legs (no probes, leg routes or management legs either); carrier handoffs are only at exit
    # sites, VPN hand-offs only at backbone links' ends: elsewhere these are empty (tests/test_render_skips.py).
    shared, exit_ = device.site in index.shared, device.site in index.exit_sites
    found_probes = probes(model, index.addresses, device) if shared else ()
    routes = tracked((static_routes(model, index.addresses, device) if shared else ())
                     + (carrier_routes(model, device) if exit_ else ())
                     + (mgmt_routes(model, index.decisions, device) if shared else ()), found_probes)
    bound = bfd_apply(model, index.addresses, device, routes, found_probes, interfaces)
    routes, found_probes, interfaces = bound.routes, bound.probes, bound.interfaces
    peered = (vrf_peers(model, index.decisions, device)
              if device.role not in SIDE_ROLES and device.name in index.backbone_ends else ())
    vrfs = device_vrfs(index, device, interfaces, loopback, routes, peered)
    routed = [loopback, *([management] if management else []), *(i for i in interfaces if i.igp)]
    igp = device_igp(index, device, loopback, routed)
    blocks = site_blocks(index.decisions, device, vrfs, routes) if igp is not None else ()
    if igp is not None and any(r.vrf is None for r in routes):
        igp = igp._replace(import_static=True)
    return DeviceContext(
        name=device.name, hostname=device.name, site=device.site, level=level_of(site), role=device.role,
        platform=device.platform, vendor=platform.vendor, os=platform.os, loopback=loopback, management=management,
        interfaces=tuple(interfaces), vrfs=vrfs, igp=igp, mpls=igp is not None,
        bgp=device_bgp(index, device, loopback, vrfs, routes, peered, blocks),
        firewall=firewall(model, index.addresses, device, interfaces),
        gateway=gateway(model, device, interfaces),
        routes=routes,
        services=_services(index, device, management, loopback), blocks=blocks,
        control_plane=model.routing is not None and device.role in model.routing.control_plane,
        probes=found_probes,
        carrier_v6=announced(model, index.addresses, device) if device.role not in SIDE_ROLES and exit_ else (),
        bfd=bound.sessions,
    )

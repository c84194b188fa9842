"""BFD for the static routes between routers and firewalls (issue 13: "a hung firewall with its ports up keeps its
routes, so a failover never happens").

Every router-firewall (or access gateway) leg whose two ends both route over it gets one single-hop BFD session per
family (IPv4, IPv6), and the static routes over the leg are tied to it: when the far end stops answering, the
primary route toward the active firewall is withdrawn and the floating backup toward the standby (govnet.render.legs)
takes over; on the firewall, the route toward a dead router goes and the other router's stays.

- Huawei (VRP 8, VRP 5, USG) configures each session ('bfd NAME bind peer-ip … interface … source-ip …') and ties
  the routes to it ('track bfd-session NAME'). Between two Huawei ends the discriminators are static: each end's
  number for the leg and family is a decision in the lock (govnet.ipam.bfd), ours local and the far end's remote;
  toward a Comware or IOS XE end they are negotiated ('auto'), as those create their sessions dynamically.
- Comware 7 and IOS XE create the session from the routes ('bfd control-packet'; 'ip route static bfd'), which
  name the leg's sub-interface as well as the next hop (single hop, the same as the Huawei 'interface' binding).

A dynamic end brings its session up only while it has a route over the leg that BFD may track, so a leg with a
dynamic end is monitored only where that end routes over it (and, two dynamic ends, both do: a county router that
sends nothing to its firewall monitors nothing toward it); two Huawei ends configure the session whenever either
routes over the leg. A firewall route already tracked by an NQA probe of its carrier (govnet.render.failover)
keeps that track: a route carries one track.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import NamedTuple

from govnet.ipam import bfd as discriminators
from govnet.ipam.plan import AddressBook
from govnet.model.legs import Leg, device_legs
from govnet.model.types import Device, Model
from govnet.reference.platforms import PLATFORMS
from govnet.render.context import BfdSession, Interface, Probe, Route
from govnet.render.failover import probes, tracked
from govnet.render.legs import leg_address, static_routes

STATIC_OS = frozenset({"vrp8", "vrp5", "usg"})  # configure sessions; the others create them from their routes


def _discriminator(addresses: AddressBook, device: str, leg: Leg, family: int) -> int | None:
    """The device's number for the leg in the lock (govnet.ipam.bfd): kept while the leg exists, whatever legs
    come or go around it (a number from the leg's position moved, and the remediation rebuilt unrelated sessions)."""
    far = leg.firewall if leg.router == device else leg.router
    return discriminators.discriminator(addresses.decisions, device, far, leg.zone, family)


def _hops(routes: Sequence[Route], found: Sequence[Probe]) -> tuple[set[str], set[str]]:
    """The next hops of a device's static routes: all of them, and those a BFD session may track (an NQA-tracked
    route keeps its probe: a route carries one track; a probe's host route toward its carrier's router may)."""
    probed = {p.next_hop for p in found}
    return {r.next_hop for r in routes} | probed, {r.next_hop for r in routes if r.track is None} | probed


def far_hops(model: Model, addresses: AddressBook, far: Device) -> tuple[set[str], set[str]]:
    """The next hops of the far end's leg routes, as its own context will have them."""
    found = probes(model, addresses, far)
    return _hops(tracked(static_routes(model, addresses, far), found), found)


def monitored(near_static: bool, far_static: bool, near: str, far: str, near_hops: tuple[set[str], set[str]],
              far_hops: Callable[[], tuple[set[str], set[str]]]) -> bool:
    """Whether a leg (one family) runs a session: the same answer at both ends. Two Huawei ends configure one
    whenever either routes over the leg; a dynamic end (Comware, IOS XE) creates its session only from a route over
    the leg that BFD may track, and a static end facing it configures one only then.

    >>> hops = ({"10.0.0.1"}, set())  # one route toward 10.0.0.1, tracked by an NQA probe
    >>> monitored(True, True, "10.0.0.0", "10.0.0.1", hops, lambda: (set(), set()))
    True
    >>> monitored(False, True, "10.0.0.0", "10.0.0.1", hops, lambda: ({"10.0.0.0"}, {"10.0.0.0"}))
    False
    """
    if near_static and far_static:
        return far in near_hops[0] or near in far_hops()[0]
    near_ok = far in near_hops[1]
    if not far_static and not near_static:
        return near_ok and near in far_hops()[1]
    return near_ok if not near_static else near in far_hops()[1]


class Bound(NamedTuple):
    """A device's routes and probes tied to the BFD sessions of its legs, the sessions, and its interfaces (those
    the sessions run on marked)."""

    routes: tuple[Route, ...]
    probes: tuple[Probe, ...]
    sessions: tuple[BfdSession, ...]
    interfaces: list[Interface]


def apply(model: Model, addresses: AddressBook, device: Device, routes: tuple[Route, ...],
          found: tuple[Probe, ...], interfaces: list[Interface]) -> Bound:
    """The device's routes and probes tied to the BFD sessions of its legs."""
    if not any(i.kind == "zone" for i in interfaces):
        return Bound(routes, found, (), interfaces)  # no leg: most routers (townships, villages)
    ours = _hops(routes, found)
    legs = device_legs(model, device)
    ports = {(i.peer, i.vlan): i for i in interfaces if i.kind == "zone"}
    static = PLATFORMS[device.platform].os in STATIC_OS
    sessions: dict[str, BfdSession] = {}  # by the far end's address
    seen: dict[str, tuple[set[str], set[str]]] = {}
    for leg in legs:
        far_name = leg.firewall if leg.router == device.name else leg.router
        far = model.devices[far_name]
        far_static = PLATFORMS[far.platform].os in STATIC_OS
        port = ports.get((far_name, model.zone_by_name[leg.zone].number))
        if port is None:
            continue

        def theirs(name: str = far_name, other: Device = far) -> tuple[set[str], set[str]]:
            if name not in seen:
                seen[name] = far_hops(model, addresses, other)
            return seen[name]

        for family, key in ((4, "ipv4"), (6, "ipv6")):
            near_ip = leg_address(addresses, leg, device.name, key)
            far_ip = leg_address(addresses, leg, far_name, key)
            if near_ip is None or far_ip is None or \
                    not monitored(static, far_static, near_ip.address, far_ip.address, ours, theirs):
                continue
            local = _discriminator(addresses, device.name, leg, family)
            auto = not (static and far_static)
            remote = 0 if auto else _discriminator(addresses, far_name, leg, family)
            if local is None or remote is None:  # not in the lock yet: validation reports it (GN626)
                continue
            sessions[far_ip.address] = BfdSession(
                f"BFD{local}", family, far_ip.address, near_ip.address, port.name, port.vrf, local, remote, auto)
    if not sessions:
        return Bound(routes, found, (), interfaces)
    running = {s.interface for s in sessions.values()}
    return Bound(tuple(replace(r, bfd=sessions[r.next_hop]) if r.track is None and r.next_hop in sessions else r
                       for r in routes),
                 tuple(replace(p, bfd=sessions.get(p.next_hop)) for p in found), tuple(sessions.values()),
                 [i._replace(bfd=True) if i.name in running else i for i in interfaces])

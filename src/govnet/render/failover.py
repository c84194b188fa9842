"""Carrier-down failover of an internet exit's firewalls (issue 13): NQA probes of each carrier's gateway.

A firewall's internet default routes lead to the routers that hold a carrier (govnet.render.legs), and its NAT
rule per carrier matches the legs toward that carrier's router (govnet.render.firewall). Each default route is
tied to an NQA ICMP probe of its carrier's gateway: when the gateway stops answering, the route is withdrawn,
traffic leaves by the other carrier's router, and so the other carrier's NAT rule (its pool) translates it.

The probe must come back: a carrier routes only its own addresses back to us, so the probe's source is an address
of that carrier's NAT pool (one of its top two, kept out of the NAT section: the last for the site's first
firewall, the one before for the second) on a loopback of the firewall; the routers already route the pool to
the firewall. A host route sends each probe toward its carrier's router only. The routers route the pool to
the active firewall, so the standby's probe replies reach it only once it is active: until then its default
routes stay withdrawn (it carries no traffic while standby), and after a failover they return with the first
answered probes (about 10 s).
"""

from __future__ import annotations

from dataclasses import replace

from govnet.ipam.plan import AddressBook
from govnet.ipam.prefix import Net, parse_net
from govnet.model.exits import handoffs
from govnet.model.legs import Leg, device_legs
from govnet.model.types import Device, Model
from govnet.render.context import Probe, Route, host
from govnet.render.exits6 import announced
from govnet.render.legs import leg_address

FIRST_TRACK = 100  # track/NQA numbers of the probes (SecPath RBM's interface tracks count from 1)
PROBE_LOOPBACK = 100  # LoopBack100: the probes' sources (LoopBack0/1 are the router ID and management ones)
RESERVED = 2  # addresses at the top of a carrier's NAT pool kept out of NAT: one probe source per firewall


def probe_address_reserved(size: int) -> bool:
    """Whether a carrier NAT pool of ``size`` addresses gives its top ``RESERVED`` addresses to the probes (a
    pool of fewer than 8 keeps them all for NAT, and its carrier gets no probe)."""
    return size >= 8


def probes(model: Model, addresses: AddressBook, device: Device) -> tuple[Probe, ...]:
    """The probes of a firewall at an exit with carriers' handoffs, in carrier order."""
    if device.role != "firewall":
        return ()
    legs = {leg.router: leg for leg in device_legs(model, device) if model.zone_by_name[leg.zone].kind == "internet"}
    firewalls = sorted(d.name for d in model.devices_of(device.site) if d.role == "firewall")
    offset = RESERVED - 1 - min(firewalls.index(device.name), RESERVED - 1)  # last for the first, then below
    found: list[Probe] = []
    for handoff in handoffs(model, device.site):
        pool = addresses.carrier_nat(handoff.zone.name, device.site, handoff.carrier)
        leg = legs.get(handoff.router.name) if handoff.router is not None else None
        if pool is None or leg is None or not probe_address_reserved(pool.size) or handoff.router is None:
            continue
        next_hop = leg_address(addresses, leg, handoff.router.name, "ipv4")
        if next_hop is None:
            continue
        source = host(pool, pool.size - RESERVED + offset).address
        found.append(Probe(f"ISP-{handoff.tag}", FIRST_TRACK + len(found), handoff.spec.gateway, source,
                           f"LoopBack{PROBE_LOOPBACK}", next_hop.address, handoff.zone.name, handoff.router.name))
    return tuple(found) + _probes6(model, addresses, device, legs, offset, FIRST_TRACK + len(found))


_SEEN: list[tuple[AddressBook, list[Net]]] = []  # the last book's IPv6 decisions: the same for every firewall


def _allocated6(addresses: AddressBook) -> list[Net]:
    """The IPv6 decisions of the lock (site blocks, unit subnets, links), read once per address book."""
    if not _SEEN or _SEEN[0][0] is not addresses:
        _SEEN[:] = [(addresses, [n for n in addresses.decisions.values() if n.family == 6])]
    return _SEEN[0][1]


def _probes6(model: Model, addresses: AddressBook, device: Device, legs: dict[str, Leg], offset: int,
             first: int) -> tuple[Probe, ...]:
    """The ICMPv6 probes of the carriers' IPv6 gateways (issue 13 item 12: the IPv6 defaults were untracked).

    IPv6 leaves untranslated, and each carrier routes back to its own handoff the province prefixes the exit
    announces (govnet.render.exits6): a probe sourced from one of them returns through the carrier it left by. The
    source is one of the top ``RESERVED`` addresses of the first announced prefix (the last for the site's first
    firewall), on the probes' loopback, shared by the firewall's probes of carriers that announce the same prefix;
    the routers route that prefix to the active firewall already. A source inside an allocated site block or unit
    subnet is never taken: that carrier's IPv6 default stays untracked."""
    found: list[Probe] = []
    allocated: list[Net] | None = None
    for handoff in handoffs(model, device.site):
        leg = legs.get(handoff.router.name) if handoff.router is not None else None
        if handoff.spec.ipv6 is None or leg is None or handoff.router is None:
            continue
        next_hop = leg_address(addresses, leg, handoff.router.name, "ipv6")
        prefixes = announced(model, addresses, handoff.router)
        if next_hop is None or not prefixes:
            continue
        prefix = parse_net(f"{prefixes[0].network}/{prefixes[0].length}")
        start = prefix.start + prefix.size - RESERVED + offset
        if allocated is None:
            allocated = _allocated6(addresses)
        if any(n.start <= start < n.end and n.length > prefix.length for n in allocated):
            continue
        source = host(Net(6, start, 128)).address
        found.append(Probe(f"ISP-{handoff.tag}-V6", first + len(found), str(handoff.spec.ipv6.gateway), source,
                           f"LoopBack{PROBE_LOOPBACK}", next_hop.address, handoff.zone.name, handoff.router.name, 6))
    return tuple(found)


def tracked(routes: tuple[Route, ...], found: tuple[Probe, ...]) -> tuple[Route, ...]:
    """The firewall's routes with each default route toward a carrier's router tied to that carrier's probe of
    the same family (an IPv4 probe's next hop is IPv4, an IPv6 one's IPv6)."""
    if not found:
        return routes
    by_hop = {p.next_hop: p for p in found}
    return tuple(replace(r, track=by_hop[r.next_hop])
                 if r.vrf is None and r.default and r.next_hop in by_hop else r
                 for r in routes)

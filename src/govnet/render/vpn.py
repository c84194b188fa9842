"""VPN decisions beyond one zone's own identity: route leaking between zones and where VPNv6 runs.

- Route leaking (``import_from`` in zones.yaml): the importing zone's VPN instance also imports the export
  targets of each zone it names, in both address families it has. The zone checks have already refused
  unknown zones and leaks that would break the office zone's isolation or bypass a firewall.
- VPNv6 (6VPE: VPN-IPv6 routes over the IPv4 iBGP sessions and IPv4 LDP LSPs): a router carries it when a
  zone of its site is dual-stack (the zone has an IPv6 address plan), and a route reflector also when one of
  its clients carries it, so that the reflector chain up to the province stays unbroken.
"""

from __future__ import annotations

from collections.abc import Mapping

from govnet.model.types import Device, Model, Zone


def dual_stack(zone: Zone) -> bool:
    """A zone with an IPv6 address plan: its VPN instances get the IPv6 address family."""
    return zone.spec.addresses is not None and zone.spec.addresses.ipv6 is not None


def import_targets(model: Model, zone: Zone) -> tuple[str, ...]:
    """The zone's own import targets, then the export targets of the zones it imports from (no repeats)."""
    targets = list(zone.rt_import)
    for name in zone.spec.import_from:
        other = model.zone_by_name.get(name)
        if other is not None and other is not zone:
            targets.extend(other.rt_export)
    return tuple(dict.fromkeys(targets))


def vpnv6_carriers(model: Model, reflectors: Mapping[str, list[Device]],
                   clients: Mapping[str, list[Device]], routers: list[Device]) -> frozenset[str]:
    """Names of the routers that run VPNv6: a dual-stack zone at their site, or a client that runs it."""
    v6_sites = {key for key in model.site_by_key
                if any(dual_stack(model.zone_by_name[n]) for n in model.zones_of(key) if n in model.zone_by_name)}
    carriers = {d.name for d in routers if d.site in v6_sites}
    changed = True
    while changed:  # reflector chains are a few levels deep: this settles in as many rounds
        changed = False
        for site, found in reflectors.items():
            if any(c.name in carriers for c in clients.get(site, [])):
                for reflector in found:
                    if reflector.name not in carriers:
                        carriers.add(reflector.name)
                        changed = True
    return frozenset(carriers)

"""What an access edge's VPN instance accepts from the other PEs (its import route-policy, issue 13: "a
route-policy that only accepts the zone's own prefixes at the edges").

An edge (a VPN instance where units attach, govnet.render.routing) imports from VPNv4 only:

- the zone's own pools and anything inside them (site blocks, unit subnets), and the pools of the zones it
  leaks routes from (``import_from``);
- exactly the prefixes some PE of the zone routes toward a firewall in the zone's VPN (the policy's default
  route toward the internet exit, address groups such as the access platform's client pool): what the zone
  is entitled to through the firewalls;
- in a VPN handed off to the national backbone, routes whose AS path carries the national AS (what the
  national PE learnt over its eBGP session: the national prefixes, which the model cannot list).

The IPv6 family of a dual-stack edge gets the same policy from the zones' IPv6 pools and the IPv6 prefixes routed
toward the firewalls (the internet's ::/0 where the exit hands IPv6 off).

Anything else (another zone's prefixes leaked by mistake, a unit's foreign prefix another PE let through, the
legs and hand-off subnets of other PEs) is refused. The policy filters only routes imported from other PEs:
the edge's own static, direct and block routes never pass it.
"""

from __future__ import annotations

from dataclasses import dataclass

from govnet.ipam.plan import AddressBook
from govnet.ipam.prefix import parse_net
from govnet.model.legs import FIREWALL, crossing_zones
from govnet.model.national import all_handoffs
from govnet.model.types import Model
from govnet.render.context import Ip, host
from govnet.render.legs import router_prefixes
from govnet.render.underlay import inside, own_prefixes


@dataclass(frozen=True, slots=True)
class ImportPolicy:
    """A zone's import policy at its access edges (the same on every edge of the zone)."""

    leaked: tuple[Ip, ...]  # pools of the zones it imports from, with anything inside
    exact: tuple[Ip, ...]  # prefixes routed toward a firewall in the zone's VPN somewhere, matched exactly
    national_asn: int | None  # routes through the national AS are accepted (a VPN handed off to it)
    # the IPv6 side (the VPN instance's IPv6 family): the zone's own IPv6 pools, the leaked zones', the exact ones
    own6: tuple[Ip, ...] = ()
    leaked6: tuple[Ip, ...] = ()
    exact6: tuple[Ip, ...] = ()


def import_policies(model: Model, addresses: AddressBook) -> dict[str, ImportPolicy]:
    """Per zone name, its edges' import policy."""
    through: dict[tuple[str, int], dict[Ip, None]] = {(z.name, f): {} for z in model.zones for f in (4, 6)}
    sites = sorted({d.site for d in model.devices.values() if d.role == FIREWALL and model.is_ours(d)})
    for site in sites:
        for zone in crossing_zones(model, site):
            for text in router_prefixes(model, addresses, site, zone):
                net = parse_net(text)
                through[(zone.name, net.family)].setdefault(host(net), None)
    national = model.routing.national if model.routing is not None else None
    handed = {h.zone.name for h in all_handoffs(model)} if national is not None else set()
    found = {}
    for zone in model.zones:
        sides = []
        for family in (4, 6):
            own = own_prefixes(zone, family)
            leaked = tuple(p for name in zone.spec.import_from if name in model.zone_by_name and name != zone.name
                           for p in own_prefixes(model.zone_by_name[name], family))
            sides.append((own, leaked, tuple(p for p in through[(zone.name, family)] if not inside(p, own + leaked))))
        asn = national.asn if national is not None and zone.name in handed else None
        (_, leaked4, exact4), (own6, leaked6, exact6) = sides
        found[zone.name] = ImportPolicy(leaked4, exact4, asn, own6, leaked6, exact6)
    return found

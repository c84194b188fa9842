"""A firewall's own context: security zones, the policy enforced at its level, source NAT per carrier, and hot
standby with its pair.

NAT per carrier: each carrier announces only its own addresses (ISPs filter sources), so an exit has one NAT
pool per carrier (``<zone> ipv4 nat <site>:<carrier>`` in the lock, carved from the exit's ``nat_pool``) and one
NAT rule per carrier that translates to it exactly the traffic leaving toward that carrier's router: the rule
matches the firewall's internet-zone legs to that router (USG ``egress-interface``; SecPath ``nat outbound`` on
those legs). The firewall's default route leads only to routers that hold a carrier (govnet.render.legs), so
untranslated or mistranslated traffic has no way out.

Hot standby: the two firewalls of a pair (govnet.model.ha) get a heartbeat port with a /31 from the lock and
the vendor's state sync; the routers already prefer the active one and fall back to the standby.
"""

from __future__ import annotations

from govnet.ipam.keys import LINKS, LockKey
from govnet.ipam.plan import AddressBook
from govnet.ipam.prefix import Net, parse_net
from govnet.ipam.priorities import PRIORITIES, priority_of
from govnet.model.access import GATEWAY, gateway_zone
from govnet.model.exits import handoffs
from govnet.model.ha import KIND as HA_LINK
from govnet.model.ha import device_pair
from govnet.model.hierarchy import level_name as level_of
from govnet.model.legs import crossing_zones
from govnet.model.types import Device, Model
from govnet.render.context import (
    Firewall,
    Ha,
    Interface,
    NatPool,
    NatRule,
    SecurityRule,
    SecurityZone,
    Service,
    host,
)
from govnet.render.failover import RESERVED, probe_address_reserved
from govnet.schema.services import Service as ServiceSpec

HA_ZONE = "dmz"  # the model's name for the heartbeat port's security zone (USG dmz, SecPath DMZ)
# The link group of an HA firewall's ports toward the routers: one leg down takes the others down, so both
# routers fall back to the peer together and a flow crosses one firewall both ways (templates/huawei_usg).
HA_LINK_GROUP = 1


def ha_interface(model: Model, addresses: AddressBook, device: Device, port: str, far: str,
                 description_max: int) -> Interface:
    """The heartbeat port of a firewall of an HA pair (the name that sorts first takes the lower address)."""
    net = addresses.address(LockKey(LINKS, "ipv4", HA_LINK, "~".join(sorted((device.name, far)))))
    offset = 0 if device.name < far else 1
    return Interface(port, f"HA-TO-{far}"[:description_max], "ha", host(net, offset) if net else None, peer=far,
                     security_zone=HA_ZONE)


def _ha(model: Model, device: Device, interfaces: list[Interface]) -> Ha | None:
    pair = device_pair(model, device)
    port = next((i for i in interfaces if i.kind == "ha"), None)
    if pair is None or port is None or port.ipv4 is None:
        return None
    remote = host(parse_net(f"{port.ipv4.network}/{port.ipv4.length}"), 1 if device.name < pair.peer(device.name)
                  else 0)
    tracked = tuple(i.name for i in interfaces if i.kind == "site")
    return Ha(port.name, port.ipv4.address, remote.address, device.name == pair.active, pair.peer(device.name),
              tracked)


def _pools(model: Model, addresses: AddressBook, device: Device, interfaces: list[Interface],
           internet: str) -> list[NatPool]:
    """One pool per carrier of the site's exit, bound to the internet legs toward the carrier's router; an
    exit without handoffs keeps its one pool on every internet leg."""
    legs = [i for i in interfaces if i.security_zone == internet]
    pools: list[NatPool] = []
    for handoff in handoffs(model, device.site):
        net = addresses.carrier_nat(handoff.zone.name, device.site, handoff.carrier)
        if net is None or handoff.router is None or handoff.zone.name != internet:
            continue
        toward = tuple(i.name for i in legs if i.peer == handoff.router.name)
        pools.append(_pool(f"NAT-{device.site}-{handoff.tag}", len(pools) + 1, net, toward, handoff.tag))
    if pools:
        return pools
    exit_net = addresses.nat(internet, device.site)
    return [_pool(f"NAT-{device.site}", 1, exit_net, tuple(i.name for i in legs), "")] if exit_net else []


def _pool(name: str, number: int, net: Net, interfaces: tuple[str, ...], carrier: str) -> NatPool:
    first = host(net)
    # a carrier's pool keeps its top addresses out of the NAT section: the sources of the firewalls' NQA probes
    # of the carrier (govnet.render.failover)
    last = net.size - 1 - (RESERVED if carrier and probe_address_reserved(net.size) else 0)
    return NatPool(name, number, first.address, host(net, last).address, interfaces, net.length,
                   first.network, carrier)


def _service(spec: ServiceSpec) -> Service:
    """The schema's typed service as the templates see it (parsed and range-checked at load time)."""
    return Service(spec.protocol, spec.low, spec.high)


def firewall(model: Model, addresses: AddressBook, device: Device, interfaces: list[Interface]) -> Firewall | None:
    if device.role == GATEWAY:
        return _gateway_zones(model, device, interfaces)
    if device.role != "firewall":
        return None
    site = model.site_by_key[device.site]
    names = [z.name for z in crossing_zones(model, device.site)]
    members: dict[str, list[str]] = {n: [] for n in names}
    for interface in interfaces:
        if interface.security_zone in members:
            members[interface.security_zone].append(interface.name)
    zones = _zones(addresses, device.site, names, members)
    groups = model.policy.address_groups
    rules: list[SecurityRule] = []
    nat_rules: list[NatRule] = []
    internet = next((z.name for z in model.zones if z.kind == "internet" and z.name in names), None)
    pools = _pools(model, addresses, device, interfaces, internet) if internet is not None else []
    for rule in model.policy.rules:
        if level_of(site) not in rule.at or rule.from_ not in members or rule.to not in members:
            continue
        rules.append(SecurityRule(
            rule.name, f"{rule.from_}-to-{rule.to}", rule.from_, rule.to,
            tuple(host(parse_net(p)) for g in rule.source for p in groups.get(g, [])),
            tuple(host(parse_net(p)) for g in rule.destination for p in groups.get(g, [])),
            tuple(_service(s) for s in rule.services), rule.action))
        if rule.nat and rule.action == "permit":
            nat_rules += [NatRule(f"{rule.name}-{p.carrier}" if p.carrier else rule.name, rule.from_, rule.to,
                                  p.name, p.interfaces if p.carrier else ()) for p in pools]
    management = tuple(i.name for i in interfaces if i.kind == "mgmt")
    return Firewall(zones, tuple(rules), tuple(pools), tuple(nat_rules), management, _ha(model, device, interfaces))


def _gateway_zones(model: Model, device: Device, interfaces: list[Interface]) -> Firewall | None:
    """An access gateway's security zones: its legs and portal in the access platform's zone, management and
    hot standby as a firewall's; its rules are the gateway's own (templates/<platform>/access-gateway.j2)."""
    zone = gateway_zone(model, device.site)
    if zone is None:
        return None
    members = tuple(i.name for i in interfaces if i.security_zone == zone.name)
    management = tuple(i.name for i in interfaces if i.kind == "mgmt")
    # the gateway's one custom zone: the first priority, which nothing around it can move
    return Firewall((SecurityZone(zone.name, zone.name, PRIORITIES[0], members),), (), (), (), management,
                    _ha(model, device, interfaces))


def _zones(addresses: AddressBook, site: str, names: list[str],
           members: dict[str, list[str]]) -> tuple[SecurityZone, ...]:
    """The firewall's security zones, each with its priority from the lock (govnet.ipam.priorities): kept while the
    zone crosses the site's firewalls, whatever zones come or go around it (a priority from the zone's position
    moved, and the remediation rewrote unrelated zones). A zone not in the lock yet is left out: validation
    reports it (GN626)."""
    found = []
    for name in names:
        priority = priority_of(addresses.decisions, site, name)
        if priority is not None:
            found.append(SecurityZone(name, name, priority, tuple(members[name])))
    return tuple(found)

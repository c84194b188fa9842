"""What the model needs addressed: pools, and one request per block, unit subnet, loopback, link and pin.

Requests are plain data so the allocator can be exercised without a model (the property tests do). Every
request has a key that names it in allocations.lock (govnet.ipam.keys), e.g. ``public ipv4 site 3601`` or
``loopback ipv6 device JX-36-CR01``; a request holds the key's text, the form the lock and the allocator
index by, and gives the typed key as ``lock_key``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from ipaddress import ip_interface

from govnet.ipam import bfd, ports, priorities, vlans
from govnet.ipam.keys import (
    CLIENTS,
    DEVICE,
    HANDOFF,
    LEG,
    LINK,
    LINKS,
    NAT,
    SITE,
    UNIT,
    LockKey,
    kind_of,
    link_subject,
    numbered,
    subject_of,
)
from govnet.ipam.keys import key_text as key
from govnet.ipam.keys import portal as keys_portal
from govnet.ipam.prefix import FAMILY_OF, Net, parse_net
from govnet.model.access import GATEWAY
from govnet.model.exits import handoff_subject, ipv6_exit
from govnet.model.ha import KIND as HA_LINK
from govnet.model.ha import all_ha_pairs
from govnet.model.hierarchy import chain, nearest
from govnet.model.interconnect import KIND as INTERCONNECT
from govnet.model.interconnect import all_interconnects
from govnet.model.interconnect import subject as interconnect_subject
from govnet.model.legs import FIREWALL, INTERNET6_LEG, Leg, all_legs, crossing_zones, site_legs
from govnet.model.management import all_mgmt_legs
from govnet.model.national import KIND as NATIONAL
from govnet.model.national import all_handoffs
from govnet.model.ports import port_ends
from govnet.model.types import SPECIAL, Device, Model, Origin, Site
from govnet.schema.zones import AddressPlan, ExitSpec, FamilyPlan, ZoneSpec
from govnet.source.modeldir import INFRASTRUCTURE_FILE, PROFILES_FILE

GLOBAL = "global"  # the routing domain of the public zone, the internet zone and the infrastructure pools
LEVEL_ORDER = {"province": 0, SPECIAL: 1, "city": 2, "county": 3, "township": 4, "village": 5}
LEAF_DEPTH = 9
# The pools of numbers written as prefixes (unit VLANs, port positions, BFD discriminators, zone priorities): each a
# routing domain of its own, never an address, left out of address reports and searches
NUMBER_POOLS = (vlans.POOL, ports.POOL, bfd.POOL, priorities.POOL)


@dataclass(frozen=True, slots=True)
class Pool:
    name: str  # a zone name, or loopback / links / management
    family: str
    blocks: tuple[Net, ...]
    domain: str  # GLOBAL, or the zone name of a dedicated VPN or the office zone
    origin: Origin  # the 'pool:' list in a zones/ file
    plan_origin: Origin  # the family's plan (for hints on delegate and size)
    plan: FamilyPlan


# Not frozen: a national model makes 250,000 of these, and frozen __init__ is 3x slower; the hot loops below pass
# every field by position up to the last they set (a third faster than keywords).
@dataclass(slots=True)
class Request:
    key: str
    pool: str
    family: str
    length: int | None  # None: pinned only, nothing to allocate
    parent: str | None  # the key of the block it is carved from; None: straight from the pool
    origin: Origin  # what asked for it
    depth: int  # parents before children
    pin: Net | None = None
    pin_origin: Origin | None = None
    contained: bool = True  # must lie inside its pool (not so for client pools of the access platform)
    domain: str = GLOBAL  # the routing domain whose addresses it must not overlap
    site: str | None = None  # the site it belongs to, for reports
    level: str | None = None  # for site blocks: the level they were delegated at

    @property
    def subject(self) -> str:
        return subject_of(self.key)

    @property
    def kind(self) -> str:
        return kind_of(self.key)

    @property
    def lock_key(self) -> LockKey:
        return LockKey.parse(self.key)


@dataclass
class AddressNeeds:
    pools: dict[tuple[str, str], Pool] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    unknown_pins: list[tuple[Origin, str, str]] = field(default_factory=list)  # origin, pool, subject


def address_needs(model: Model) -> AddressNeeds:
    needs = AddressNeeds()
    in_order = _sites_in_order(model)
    for zone in model.zones:
        _handoff_pins(needs, zone.name, zone.spec, zone.origin)  # the carrier's addresses: with or without a plan
        _portal(needs, zone.name, zone.spec, zone.origin)
        plan = zone.spec.addresses
        if plan is None:
            continue
        domain = zone.name if zone.isolated else GLOBAL
        offering = [s for s in in_order if zone.name in model.zones_of(s.key)]
        first = len(needs.requests)
        for family, fplan, origin in _families(plan, zone.origin.at("addresses")):
            _add_pool(needs, zone.name, family, fplan, domain, origin)
            blocks = _site_blocks(needs, model, zone.name, family, fplan, offering, domain)
            units = _units(needs, model, zone.name, family, fplan, blocks, domain)
            _pins(needs, zone.name, family, fplan, origin, blocks, units)
        _internet_pins(needs, zone.name, zone.spec, zone.origin)
        if domain != GLOBAL:  # the pins and exit pools above; blocks and subnets were made in the zone's domain
            needs.requests[first:] = [r if r.domain == domain else replace(r, domain=domain)
                                      for r in needs.requests[first:]]
    _vlans(needs, model)
    _ports(needs, model)
    _discriminators(needs, model)
    _priorities(needs, model)
    if model.infrastructure is not None:
        infra_origin = Origin(INFRASTRUCTURE_FILE, ())
        with_devices = [s for s in in_order if model.devices_of(s.key)]
        by_name = sorted(model.devices.items())  # the devices in name order, for each pool and family
        legs = list(all_legs(model)) if model.infrastructure.links is not None else []  # once for both families
        for name in ("loopback", "links", "management"):
            plan = getattr(model.infrastructure, name)
            if plan is None:
                continue
            for family, fplan, origin in _families(plan, infra_origin.at(name)):
                _add_pool(needs, name, family, fplan, GLOBAL, origin)
                blocks = _site_blocks(needs, model, name, family, fplan, with_devices, GLOBAL)
                if name == LINKS:
                    leaves = _link_leaves(needs, model, name, family, fplan, blocks, legs)
                else:
                    leaves = _device_leaves(needs, model, name, family, fplan, blocks, by_name)
                _pins(needs, name, family, fplan, origin, blocks, leaves)
    return needs


def _vlans(needs: AddressNeeds, model: Model) -> None:
    """The unit VLAN pool (govnet.ipam.vlans): a block per attach site, a number per unit and zone."""
    asked = vlans.wanted(model)
    if not asked or model.registry is None:
        return
    origin = model.registry.settings_origin
    needs.pools[(vlans.POOL, vlans.FAMILY)] = Pool(vlans.POOL, vlans.FAMILY, (vlans.SPACE_NET,), vlans.POOL,
                                                   origin, origin, vlans.PLAN)
    append = needs.requests.append
    blocks: set[str] = set()
    for site, unit, zone, unit_origin in asked:
        block = vlans.block_key(site)
        if block not in blocks:
            blocks.add(block)
            append(Request(block, vlans.POOL, vlans.FAMILY, vlans.BLOCK_LENGTH, None, unit_origin, 0, None, None,
                           True, vlans.POOL, site))
        append(Request(vlans.vlan_key(unit, zone), vlans.POOL, vlans.FAMILY, 32, block, unit_origin, LEAF_DEPTH,
                       None, None, True, vlans.POOL, site))


def _ports(needs: AddressNeeds, model: Model) -> None:
    """The port pool (govnet.ipam.ports): a block per device and port speed, a number per port end."""
    ends = port_ends(model)
    if not ends:
        return
    origin = Origin(PROFILES_FILE, ("profiles",))
    needs.pools[(ports.POOL, ports.FAMILY)] = Pool(ports.POOL, ports.FAMILY, (ports.SPACE_NET,), ports.POOL,
                                                   origin, origin, ports.PLAN)
    append = needs.requests.append
    pool, family, leaf = ports.POOL, ports.FAMILY, f"{ports.POOL} {ports.FAMILY} {ports.LEAF} "
    block_of = ports.block_key("")  # every block key is this and the block's subject (ports.block_key)
    for name in sorted(ends):
        device = model.devices[name]
        site, origin = device.site, device.origin
        blocks: dict[int | None, str] = {}  # by speed: a device's ends of one speed share a block
        for end in ends[name]:
            block = blocks.get(end.speed)
            if block is None:
                block = blocks[end.speed] = block_of + end.subject.split(">", 1)[0]
                append(Request(block, pool, family, ports.BLOCK_LENGTH, None, origin, 0, None, None, True, pool, site))
            at = end.link.origin if end.link is not None else origin
            append(Request(leaf + end.subject, pool, family, 32, block, at, LEAF_DEPTH, None, None, True, pool, site))


def _number_pool(needs: AddressNeeds, name: str, space: Net, plan: FamilyPlan, origin: Origin) -> None:
    needs.pools[(name, "ipv4")] = Pool(name, "ipv4", (space,), name, origin, origin, plan)


def _discriminators(needs: AddressNeeds, model: Model) -> None:
    """The BFD discriminator pool (govnet.ipam.bfd): a block per device with legs, a number per leg end and family.
    A leaf's depth is its place in the device's legs, so the first allocation carves them in that order (the
    allocator carves by depth, then key) and gives what the positional rule gave."""
    pool, family, leaf = bfd.POOL, bfd.FAMILY, f"{bfd.POOL} {bfd.FAMILY} {bfd.LEAF} "
    for site in model.shared_sites:
        legs = site_legs(model, site)
        if not legs:
            continue
        if (pool, family) not in needs.pools:
            _number_pool(needs, pool, bfd.SPACE_NET, bfd.PLAN, Origin(PROFILES_FILE, ("profiles",)))
        for name in sorted({n for leg in legs for n in (leg.router, leg.firewall)}):
            origin = model.devices[name].origin
            block = bfd.block_key(name)
            needs.requests.append(Request(block, pool, family, bfd.BLOCK_LENGTH, None, origin, 0, None, None, True,
                                          pool, site))
            mine = [leg for leg in legs if name in (leg.router, leg.firewall)]
            for i, leg in enumerate(mine):
                far = leg.firewall if leg.router == name else leg.router
                for offset, ip in ((0, 4), (1, 6)):
                    needs.requests.append(Request(leaf + bfd.subject(name, far, leg.zone, ip), pool, family, 32,
                                                  block, origin, LEAF_DEPTH + 2 * i + offset, None, None, True,
                                                  pool, site))


def _priorities(needs: AddressNeeds, model: Model) -> None:
    """The security zone priority pool (govnet.ipam.priorities): a block per site with firewalls, a number per
    zone crossing them; a leaf's depth is the zone's place in model order (see _discriminators)."""
    pool, family = priorities.POOL, priorities.FAMILY
    for site in sorted({d.site for d in model.devices.values() if d.role == FIREWALL}):
        zones = crossing_zones(model, site)
        if not zones:
            continue
        if (pool, family) not in needs.pools:
            _number_pool(needs, pool, priorities.SPACE_NET, priorities.PLAN, Origin(PROFILES_FILE, ("profiles",)))
        origin = model.site_by_key[site].origin
        block = priorities.block_key(site)
        needs.requests.append(Request(block, pool, family, priorities.BLOCK_LENGTH, None, origin, 0, None, None,
                                      True, pool, site))
        for i, zone in enumerate(zones):
            needs.requests.append(Request(priorities.priority_key(site, zone.name), pool, family, 32, block,
                                          zone.origin, LEAF_DEPTH + i, None, None, True, pool, site))


def _families(plan: AddressPlan, origin: Origin) -> Iterator[tuple[str, FamilyPlan, Origin]]:
    for family in ("ipv4", "ipv6"):
        fplan = getattr(plan, family)
        if fplan is not None:
            yield family, fplan, origin.at(family)


def _add_pool(needs: AddressNeeds, name: str, family: str, fplan: FamilyPlan, domain: str, origin: Origin) -> None:
    blocks = tuple(parse_net(p) for p in fplan.pool)
    needs.pools[(name, family)] = Pool(name, family, blocks, domain, origin.at("pool"), origin, fplan)


def _sites_in_order(model: Model) -> list[Site]:
    sites = list(model.site_by_key.values())
    return sorted(sites, key=lambda s: (LEVEL_ORDER.get(s.level, 8), s.key))


def _site_blocks(needs: AddressNeeds, model: Model, pool: str, family: str, fplan: FamilyPlan, sites: list[Site],
                 domain: str) -> dict[str, str]:
    """Block keys by site key, for every site of a delegated level (parents first)."""
    blocks: dict[str, str] = {}
    delegate: Mapping[str, int] = fplan.delegate  # type: ignore[assignment]
    append = needs.requests.append
    nest = fplan.nest
    named = key(pool, family, SITE, "")  # every key below is this and the subject (one call, not one per site)
    # A village's parent block by its township: the walk up from a township passes no village (the only sites
    # that get blocks after the first village), so every village of one township gets the same answer.
    by_township: dict[str | None, str | None] = {}
    by_key = model.site_by_key
    for site in sites:
        level = site.level  # SPECIAL is "special", the name delegate uses
        length = delegate.get(level)
        if length is None:
            continue
        # Most parents have a block of their own: the walk up is for those below virtual placeholders.
        if not nest:
            parent = None
        elif level == "village":  # carved from the county's block (see _nearest_block)
            if site.parent in by_township:
                parent = by_township[site.parent]
            else:
                parent = _nearest_block(model, site, blocks, skip="township")
                above = by_key.get(site.parent or "")
                if above is not None and above.level == "township":
                    by_township[site.parent] = parent
        else:
            parent = blocks.get(site.parent or "") or _nearest_block(model, site, blocks)
        k = blocks[site.key] = named + site.key
        append(Request(k, pool, family, length, parent, site.origin, LEVEL_ORDER.get(level, 8), None, None, True,
                       domain, site.key, level))
    return blocks


# A village's block is carved from its county's block, not its township's, whichever router it uplinks to: the
# county's unified access platform aggregates everything below it (县以下各级统一接入县级平台), and with one
# prefix length per level a township block sized for its largest sibling's 65 villages (or China's 170) would
# make every county, city and province block 8-64 times larger than a private pool holds. The county block
# holds its townships' blocks and its villages' side by side.


def _nearest_block(model: Model, site: Site, blocks: dict[str, str], skip: str | None = None) -> str | None:
    """The block of the site's nearest ancestor that has one (virtual placeholders have none; nor, for
    ``skip``, sites of that level)."""
    if not blocks:
        return None
    by_key = model.site_by_key
    found = next((k for k in chain(by_key, site.parent)
                  if k in blocks and (skip is None or k not in by_key or by_key[k].level != skip)), None)
    return blocks[found] if found is not None else None


def _own_or_nearest(model: Model, site_key: str, blocks: dict[str, str]) -> str | None:
    own = blocks.get(site_key)
    if own is not None:  # the walk's first step, without the walk: every village of a delegated pool
        return own
    found = nearest(model.site_by_key, site_key, blocks) if blocks else None
    return blocks[found] if found is not None else None


def _units(needs: AddressNeeds, model: Model, pool: str, family: str, fplan: FamilyPlan,
           blocks: dict[str, str], domain: str) -> dict[str, str]:
    """Subnet keys by unit id, for every unit that joins the zone and is not revoked."""
    leaves: dict[str, str] = {}
    if fplan.size is None or model.registry is None:
        return leaves
    append, size, nest = needs.requests.append, fplan.size, fplan.nest
    named = key(pool, family, UNIT, "")  # every key below is this and the unit id
    for unit, origin in zip(model.registry.units, model.registry.origins, strict=True):
        if pool not in unit.zones or unit.status == "revoked":
            continue
        parent = _own_or_nearest(model, unit.site, blocks) if nest else None
        k = leaves[unit.id] = named + unit.id
        append(Request(k, pool, family, size, parent, origin, LEAF_DEPTH, None, None, True, domain, unit.site))
    return leaves


def _device_leaves(needs: AddressNeeds, model: Model, pool: str, family: str, fplan: FamilyPlan,
                   blocks: dict[str, str], by_name: list[tuple[str, Device]]) -> dict[str, str]:
    """Keys by device name, for every device (``by_name``: the model's devices in name order)."""
    leaves: dict[str, str] = {}
    if fplan.size is None:
        return leaves
    append, size = needs.requests.append, fplan.size
    at_site: dict[str, tuple[str | None, Origin | None]] = {}  # site key -> its devices' parent block and origin
    named = key(pool, family, DEVICE, "")  # every key below is this and the device name
    for name, device in by_name:
        known = at_site.get(device.site)
        if known is None:
            site = model.site_by_key.get(device.site)
            # The device exists because the site does: the site is what asked (None: the device's own spec).
            known = at_site[device.site] = (_own_or_nearest(model, device.site, blocks),
                                            site.origin if site is not None else None)
        parent, origin = known
        k = leaves[name] = named + name
        append(Request(k, pool, family, size, parent, origin or device.origin, LEAF_DEPTH, None, None, True, GLOBAL,
                       device.site))
    return leaves


def _link_leaves(needs: AddressNeeds, model: Model, pool: str, family: str, fplan: FamilyPlan,
                 blocks: dict[str, str], legs: list[Leg]) -> dict[str, str]:
    leaves: dict[str, str] = {}
    if fplan.size is None:
        return leaves
    append, size, devices, sites = needs.requests.append, fplan.size, model.devices, model.site_by_key
    parents: dict[str, str | None] = {}  # by site key
    named = key(pool, family, LINK, "")  # every key below is this and the link's subject
    for link in model.links:
        subject = link_subject(link.a, link.b)
        if subject in leaves:
            continue  # a duplicate link: reported by the link checks
        end = devices.get(link.a)
        site = end.site if end is not None else None
        if site is None:
            parent = None
        elif site in parents:
            parent = parents[site]
        else:
            parent = parents[site] = _own_or_nearest(model, site, blocks)
        owner = sites.get(link.owner) if link.owner else None
        origin = owner.origin if owner is not None else link.origin  # an implied uplink: its site asked for it
        k = leaves[subject] = named + subject
        append(Request(k, pool, family, size, parent, origin, LEAF_DEPTH, None, None, True, GLOBAL, site))
    _leg_leaves(needs, model, pool, family, fplan, blocks, leaves, legs)
    if family == "ipv4":
        _mgmt_leg_leaves(needs, model, pool, family, fplan, blocks, leaves)
    _interconnect_leaves(needs, model, pool, family, fplan, blocks, leaves)
    if family == "ipv4":
        _vpn_handoff_leaves(needs, model, pool, family, fplan, blocks, leaves)
        _ha_link_leaves(needs, model, pool, family, fplan, blocks, leaves)
    return leaves


def _ha_link_leaves(needs: AddressNeeds, model: Model, pool: str, family: str, fplan: FamilyPlan,
                    blocks: dict[str, str], leaves: dict[str, str]) -> None:
    """A /31 per firewall pair's heartbeat link (govnet.model.ha): HRP and RBM run over IPv4."""
    assert fplan.size is not None
    for pair in all_ha_pairs(model):
        k = key(pool, family, HA_LINK, pair.subject)
        parent = _own_or_nearest(model, pair.site, blocks)
        origin = model.site_by_key[pair.site].origin
        needs.requests.append(Request(k, pool, family, fplan.size, parent, origin, LEAF_DEPTH, site=pair.site))
        leaves[f"{HA_LINK} {pair.subject}"] = k


def _vpn_handoff_leaves(needs: AddressNeeds, model: Model, pool: str, family: str, fplan: FamilyPlan,
                        blocks: dict[str, str], leaves: dict[str, str]) -> None:
    """A /31 per VPN handed off to the national backbone on each backbone link (govnet.model.national)."""
    assert fplan.size is not None
    for handoff in all_handoffs(model):
        site_key = model.devices[handoff.ours].site
        k = key(pool, family, NATIONAL, handoff.subject)
        parent = _own_or_nearest(model, site_key, blocks)
        origin = model.site_by_key[site_key].origin
        needs.requests.append(Request(k, pool, family, fplan.size, parent, origin, LEAF_DEPTH, site=site_key))
        leaves[f"{NATIONAL} {handoff.subject}"] = k


def _leg_leaves(needs: AddressNeeds, model: Model, pool: str, family: str, fplan: FamilyPlan,
                blocks: dict[str, str], leaves: dict[str, str], legs: list[Leg]) -> None:
    """A /31 per router-firewall leg, and a /127 where the leg's zone has IPv6 addresses."""
    assert fplan.size is not None
    v6_exits: dict[str, bool] = {}
    for leg in legs:
        zone = model.zone_by_name[leg.zone]
        plan = zone.spec.addresses
        kind = LEG
        if family == "ipv6" and (plan is None or plan.ipv6 is None):
            if zone.kind != "internet" or not v6_exits.setdefault(leg.site, ipv6_exit(model, leg.site)):
                continue
            if model.devices[leg.firewall].role == GATEWAY:
                continue  # the access gateways' clients are IPv4 (the client pool): no IPv6 on their legs
            kind = INTERNET6_LEG  # IPv6 to the internet through the firewalls (govnet.render.legs)
        k = key(pool, family, kind, leg.subject)
        site = model.site_by_key[leg.site]
        parent = _own_or_nearest(model, leg.site, blocks)
        needs.requests.append(Request(k, pool, family, fplan.size, parent, site.origin, LEAF_DEPTH, site=leg.site))
        leaves[leg.subject] = k


def _interconnect_leaves(needs: AddressNeeds, model: Model, pool: str, family: str, fplan: FamilyPlan,
                         blocks: dict[str, str], leaves: dict[str, str]) -> None:
    """A /31 (/127) per router interconnect of a site (govnet.model.interconnect)."""
    assert fplan.size is not None
    for a, b in all_interconnects(model):
        site_key = model.devices[a].site
        k = key(pool, family, INTERCONNECT, interconnect_subject(a, b))
        site = model.site_by_key[site_key]
        parent = _own_or_nearest(model, site_key, blocks)
        needs.requests.append(Request(k, pool, family, fplan.size, parent, site.origin, LEAF_DEPTH, site=site_key))
        leaves[f"{INTERCONNECT} {interconnect_subject(a, b)}"] = k


# Kind of a router-firewall management leg (govnet.model.management): IPv4 only, in the global table.
MGMT_LEG = "zone-mgmt-leg"  # sorts after "zone-leg", for the same reason


def _mgmt_leg_leaves(needs: AddressNeeds, model: Model, pool: str, family: str, fplan: FamilyPlan,
                     blocks: dict[str, str], leaves: dict[str, str]) -> None:
    """A /31 per router-firewall management leg, when the model declares a management plane."""
    assert fplan.size is not None
    for leg in all_mgmt_legs(model):
        k = key(pool, family, MGMT_LEG, leg.subject)
        site = model.site_by_key[leg.site]
        parent = _own_or_nearest(model, leg.site, blocks)
        needs.requests.append(Request(k, pool, family, fplan.size, parent, site.origin, LEAF_DEPTH, site=leg.site))
        leaves[f"{MGMT_LEG} {leg.subject}"] = k


def _pins(needs: AddressNeeds, pool: str, family: str, fplan: FamilyPlan, origin: Origin,
          blocks: dict[str, str], leaves: dict[str, str]) -> None:
    if not fplan.pins:
        return
    index = {r.key: i for i, r in enumerate(needs.requests)}
    for subject, text in fplan.pins.items():
        k = leaves.get(subject) or blocks.get(subject)
        if k is None:
            needs.unknown_pins.append((origin.at("pins", subject), pool, subject))
            continue
        pin = parse_net(text)
        i = index[k]
        needs.requests[i] = replace(needs.requests[i], pin=pin, pin_origin=origin.at("pins", subject))


def _handoff_pins(needs: AddressNeeds, pool: str, spec: ZoneSpec, origin: Origin) -> None:
    """The subnets of the carriers' handoffs at internet exits: pinned, in no pool, in the global table."""
    for i, exit_ in enumerate(spec.exits):
        for carrier, handoff in exit_.handoffs.items():
            at = origin.at("exits", i, "handoffs", carrier)
            sides = [(handoff.address, at.at("address"))]
            if handoff.ipv6 is not None:
                sides.append((handoff.ipv6.address, at.at("ipv6", "address")))
            for address, where in sides:
                net = parse_net(str(ip_interface(address).network))
                needs.requests.append(Request(key(pool, _family(net), HANDOFF, handoff_subject(exit_.site, carrier)),
                                              pool, _family(net), None, None, where, LEAF_DEPTH, net, where,
                                              contained=False, site=exit_.site))


def _internet_pins(needs: AddressNeeds, pool: str, spec: ZoneSpec, origin: Origin) -> None:
    """The NAT pools of internet exits and the access platform's client pool: pinned, never allocated."""
    for i, exit_ in enumerate(spec.exits):
        for j, text in enumerate(exit_.nat_pool):
            net = parse_net(text)
            subject = numbered(exit_.site, j)
            at = origin.at("exits", i, "nat_pool", j)
            needs.requests.append(Request(key(pool, _family(net), NAT, subject), pool, _family(net), None, None,
                                          at, LEAF_DEPTH, net, at, site=exit_.site))
        _carrier_nat(needs, pool, exit_, origin.at("exits", i))
    platform = spec.access_platform
    if platform is not None:
        for j, text in enumerate(platform.client_pool):
            net = parse_net(text)
            subject = numbered(platform.site, j)
            at = origin.at("access_platform", "client_pool", j)
            needs.requests.append(Request(key(pool, _family(net), CLIENTS, subject), pool, _family(net), None,
                                          None, at, LEAF_DEPTH, net, at, contained=False, site=platform.site))


def _portal(needs: AddressNeeds, pool: str, spec: ZoneSpec, origin: Origin) -> None:
    """The access platform's portal (``<zone> ipv4 portal <site>``): the address written in the model (a pin: the
    ISP gave it), else a /32 from the zone's IPv4 pool (the ISP's block); none without either."""
    platform = spec.access_platform
    if platform is None:
        return
    has_pool = spec.addresses is not None and spec.addresses.ipv4 is not None
    at = origin.at("access_platform", "portal") if platform.portal is not None else origin.at("access_platform")
    subject = str(keys_portal(pool, platform.site))
    if platform.portal is not None:
        net = parse_net(f"{platform.portal}/32")
        needs.requests.append(Request(subject, pool, "ipv4", None, None, at, LEAF_DEPTH, net, at,
                                      contained=has_pool, site=platform.site))
    elif has_pool:
        needs.requests.append(Request(subject, pool, "ipv4", 32, None, at, LEAF_DEPTH, site=platform.site))


def _carrier_nat(needs: AddressNeeds, pool: str, exit_: ExitSpec, origin: Origin) -> None:
    """One NAT pool per carrier with a handoff, carved from the exit's first NAT pool in equal parts (one carrier:
    all of it): each carrier announces only its own addresses, so traffic leaving by a carrier is translated to
    that carrier's part (``<zone> ipv4 nat <site>:<carrier>``)."""
    carriers = [c for c in exit_.carriers if c in exit_.handoffs]
    if not exit_.nat_pool or not carriers:
        return
    first = parse_net(exit_.nat_pool[0])
    if first.family != 4:
        return
    length = first.length + (len(carriers) - 1).bit_length()
    parent = key(pool, "ipv4", NAT, numbered(exit_.site, 0))
    for carrier in carriers:
        needs.requests.append(Request(key(pool, "ipv4", NAT, handoff_subject(exit_.site, carrier)), pool, "ipv4",
                                      min(length, 32), parent, origin.at("handoffs", carrier), LEAF_DEPTH + 1,
                                      site=exit_.site))


def _family(net: Net) -> str:
    return "ipv4" if net.family == 4 else "ipv6"


__all__ = ["FAMILY_OF", "GLOBAL", "HANDOFF", "LEG", "AddressNeeds", "Pool", "Request", "address_needs", "key",
           "link_subject"]

"""GN906: every link the model builds, and every adjacency the configs build, are the same multiset.

The model's links are more than its topology/ links between sites: a site's routers are joined by interconnects
(govnet.model.interconnect), each router meets each firewall on one dot1q leg per crossing zone
(govnet.model.legs) and on a management leg (govnet.model.management), and a firewall pair shares a heartbeat
link (govnet.model.ha). Each kind is held against the adjacencies of the configs that build it, so a leg rendered
into the wrong VPN instance or a heartbeat on the wrong subnet is a finding too. A segment that holds a declared
management server (the NOC's server LAN) is a LAN of hosts, not a link.
"""

from __future__ import annotations

import ipaddress
from collections import Counter

from govnet.diagnostics import Diagnostic
from govnet.model.attach import attachments
from govnet.model.ha import all_ha_pairs
from govnet.model.interconnect import all_interconnects
from govnet.model.legs import all_legs
from govnet.model.management import SIDE_ROLES, all_mgmt_legs
from govnet.model.types import Origin
from govnet.verify import management
from govnet.verify.context import Adjacency, VerifyContext
from govnet.verify.scan import Facts, Interface

# (kind, device pair, VPN instance of a zone leg); kinds: link (router-router), leg, mgmt, ha
Key = tuple[str, frozenset[str], str]

_WHAT = {"leg": "zone leg", "mgmt": "management leg", "ha": "HA heartbeat link"}


def check(ctx: VerifyContext) -> list[Diagnostic]:
    return _links(ctx) + _units(ctx)


def _links(ctx: VerifyContext) -> list[Diagnostic]:
    wanted, origin = _model(ctx)
    built, where = _configs(ctx)
    found = []
    for key, _ in sorted((wanted - built).items(), key=_order):
        a, b = sorted(key[1])
        found.append(ctx.at_model("GN906", origin[key], f"link {a} – {_far(key, b)}: the model has {wanted[key]}, "
                                  f"the configs build {built[key]}", "render the configs again, or fix the ports' "
                                  "addresses"))
    for key, _ in sorted((built - wanted).items(), key=_order):
        facts, port = where[key]
        a, b = sorted(key[1])
        found.append(ctx.at("GN906", facts, port.line, f"the configs join {a} and {_far(key, b)} {built[key]} "
                            f"time(s), the model {wanted[key]}", "a link the model does not have: remove the "
                            "addresses or add the link to topology/"))
    return found


def _order(item: tuple[Key, int]) -> tuple[str, list[str], str]:
    return item[0][0], sorted(item[0][1]), item[0][2]


def _far(key: Key, name: str) -> str:
    """The far device, with the kind of link where it is not a plain link (and the zone leg's VPN instance)."""
    kind, _, vrf = key
    if kind == "link":
        return name
    return f"{name} ({_WHAT[kind]}{' ' + vrf if vrf else ''})"


def _model(ctx: VerifyContext) -> tuple[Counter[Key], dict[Key, Origin]]:
    model, configured = ctx.model, ctx.facts
    wanted: Counter[Key] = Counter()
    origin: dict[Key, Origin] = {}

    def want(key: Key, where: Origin) -> None:
        if all(name in configured for name in key[1]):
            wanted[key] += 1
            origin.setdefault(key, where)

    for link in model.links:
        want(("link", link.ends, ""), link.origin)
    for a, b in all_interconnects(model):
        want(("link", frozenset((a, b)), ""), model.devices[a].origin)
    zones = model.zone_by_name
    for leg in all_legs(model):
        zone = zones.get(leg.zone)
        if zone is not None:
            want(("leg", frozenset((leg.router, leg.firewall)), zone.vrf), model.devices[leg.firewall].origin)
    for mgmt in all_mgmt_legs(model):
        want(("mgmt", frozenset((mgmt.router, mgmt.firewall)), ""), model.devices[mgmt.firewall].origin)
    for pair in all_ha_pairs(model):
        want(("ha", frozenset((pair.active, pair.standby)), ""), model.devices[pair.standby].origin)
    return wanted, origin


def _configs(ctx: VerifyContext) -> tuple[Counter[Key], dict[Key, tuple[Facts, Interface]]]:
    servers = [ipaddress.IPv4Address(address) for address, _, _ in management.servers(ctx)]
    built: Counter[Key] = Counter()
    where: dict[Key, tuple[Facts, Interface]] = {}
    for adj in ctx.adjacencies:
        network = adj.a_port.ipv4.network if adj.a_port.ipv4 is not None else None
        if network is None or any(server in network for server in servers):
            continue  # a server LAN
        if adj.a_port.ipv4 == adj.b_port.ipv4:
            continue  # one address on both (an HA pair's shared client-pool interface): no link between them
        key = _kind(ctx, adj)
        built[key] += 1
        where.setdefault(key, (adj.a, adj.a_port))
    return built, where


def _kind(ctx: VerifyContext, adj: Adjacency) -> Key:
    pair = frozenset((adj.a.device, adj.b.device))
    # devices on legs off a site's routers (firewalls, access gateways): legs, management legs, HA links
    firewalls = [ctx.role(adj.a.device) in SIDE_ROLES, ctx.role(adj.b.device) in SIDE_ROLES]
    vrf = adj.a_port.vrf or adj.b_port.vrf
    if all(firewalls):
        return "ha", pair, vrf
    if any(firewalls):
        return ("leg", pair, vrf) if vrf else ("mgmt", pair, "")
    return "link", pair, vrf


Attached = tuple[str, str, str, bool]  # router, unit, VPN instance, shut down (a suspended unit)


def _units(ctx: VerifyContext) -> list[Diagnostic]:
    """Each unit sub-interface the model declares (govnet.model.attach: per active or suspended unit and zone, on
    its site's attach router, in the zone's VPN instance) is in the configs (UNIT-<id>, then its name), and no
    other."""
    registry = ctx.model.registry
    where = dict(zip((u.id for u in registry.units), registry.origins, strict=True)) if registry else {}
    wanted: Counter[Attached] = Counter(
        (router, a.unit.id, a.zone.vrf, a.shutdown) for router, items in attachments(ctx.model).items()
        if router in ctx.facts for a in items)
    built: Counter[Attached] = Counter()
    ports: dict[Attached, tuple[Facts, Interface]] = {}
    for facts in ctx.facts.values():
        for port in facts.interfaces.values():
            if port.description.startswith("UNIT-") and port.vrf:  # UNIT-<id> <name in pinyin>
                key = (facts.device, port.description[5:].split(" ", 1)[0], port.vrf, port.shutdown)
                built[key] += 1
                ports.setdefault(key, (facts, port))
    found = []
    for key in sorted(wanted - built):
        router, unit, vrf, shutdown = key
        state = "shut down" if shutdown else "up"
        message = f"unit {unit} in {vrf} on {router} ({state}): the model attaches it, the configs do not"
        hint = "render the configs again"
        origin = where.get(unit)
        found.append(ctx.at_model("GN906", origin, message, hint) if origin is not None
                     else ctx.at("GN906", ctx.facts[router], 1, message, hint))
    for key in sorted(built - wanted):
        facts, port = ports[key]
        state = "shut down" if key[3] else "up"
        found.append(ctx.at("GN906", facts, port.line, f"{facts.device} {port.name} attaches unit {key[1]} in "
                            f"{key[2]} ({state}), which the model does not", "a unit is attached by registry.yaml "
                            "(active, in the zone, at the site): render the configs again"))
    return found

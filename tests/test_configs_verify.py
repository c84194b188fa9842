"""Every rendered config of the default model, parsed back with ttp (own templates) and hier_config, held against
the model itself (not against the render contexts): links and addresses, VPN instances, VPN bindings, BGP
sessions, router-firewall legs and their static routes, firewall zones, security rules and NAT. All devices, all
platforms (the legs also on the Cisco golden model, whose county routers are IOS XE). The IPv6 underlay, VPNv6
and route leaking are checked on both models (the Cisco one runs IS-IS and has a route leak)."""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import render_shared
from govnet.ipam.requests import link_subject
from govnet.model.exits import handoffs, ipv6_exit
from govnet.model.ha import ha_pair
from govnet.model.interconnect import all_interconnects
from govnet.model.types import Model, Zone
from govnet.reference.platforms import PLATFORMS
from govnet.render import Config
from govnet.render.devices import level_of
from govnet.render.verify import Facts, parse_configs
from govnet.schema.zones import HandoffSpec


@dataclass
class Rendered:
    model: Model
    decisions: dict[str, object]
    configs: dict[str, Config]
    facts: dict[str, Facts]


CISCO_MODEL = Path(__file__).resolve().parent / "golden" / "cisco-isis" / "model"
BACKBONE = "0.0.0.0"
SIDE = ("firewall", "access-gateway")  # devices on legs off their site's routers: no VPN instances, no IGP


@pytest.fixture(scope="session")
def rendered(repo_model: Path) -> Rendered:
    return _rendered(repo_model)


@pytest.fixture(scope="session")
def rendered_cisco() -> Rendered:
    return _rendered(CISCO_MODEL)


@pytest.fixture(params=["default", "cisco-isis"])
def any_rendered(request: pytest.FixtureRequest) -> Rendered:
    """The default model (Huawei VRP/USG, H3C Comware/SecPath) and the Cisco golden model (IOS XE routers)."""
    return request.getfixturevalue("rendered" if request.param == "default" else "rendered_cisco")  # type: ignore[no-any-return]


def _rendered(root: Path) -> Rendered:
    result, configs = render_shared(root)  # the default model's are rendered once per session
    assert result.ok and result.model is not None and result.addresses is not None
    decisions = result.addresses.outcome.decisions
    facts: dict[str, Facts] = {}
    by_parser: dict[str, list[str]] = {}
    for name, config in configs.items():
        by_parser.setdefault(PLATFORMS[config.platform].parser, []).append(name)
    for parser, names in by_parser.items():
        facts.update(zip(names, parse_configs(parser, [configs[n].text for n in names]), strict=True))
    return Rendered(result.model, dict(decisions), configs, facts)


def _imports(model: Model, zone: Zone) -> frozenset[str]:
    """The zone's own import targets plus the export targets of the zones it imports from (route leaking)."""
    return frozenset(zone.rt_import).union(*(model.zone_by_name[n].rt_export for n in zone.spec.import_from))


def _dual_stack(zone: Zone) -> bool:
    return zone.spec.addresses is not None and zone.spec.addresses.ipv6 is not None


def _site_area(model: Model, key: str) -> str:
    """README: area 0 for the province, the cities and the special sites; one area per city below it."""
    site = model.site_by_key[key]
    if level_of(site) in ("province", "special", "city"):
        return BACKBONE
    while level_of(site) != "city" and site.parent is not None:
        site = model.site_by_key[site.parent]
    return str(ipaddress.IPv4Address(int(site.key))) if level_of(site) == "city" else BACKBONE


def _net(r: Rendered, key: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    return ipaddress.ip_network(str(r.decisions[key]))


def _addr(net: ipaddress.IPv4Network | ipaddress.IPv6Network, offset: int) -> str:
    return f"{net.network_address + offset}/{net.prefixlen}"


def _ours(r: Rendered) -> set[str]:
    """Every device but the national backbone's PEs at its point of presence, which the province does not run."""
    model = r.model
    return {n for n, d in model.devices.items() if model.site_by_key[d.site].kind != "national-pop"}


def test_every_device_rendered_and_parsed(rendered: Rendered) -> None:
    assert set(rendered.configs) == _ours(rendered)
    assert len(rendered.model.devices) - len(rendered.configs) == 2  # JX-NATIONAL-PE01/02
    platforms = Counter(c.platform for c in rendered.configs.values())
    assert set(platforms) == {"huawei_vrp8", "huawei_vrp", "huawei_usg", "h3c_comware", "h3c_secpath"}
    for name, facts in rendered.facts.items():
        assert facts.hostname == name
        assert rendered.configs[name].text.isascii(), name


def test_every_link_end_has_its_address_and_names_the_far_end(rendered: Rendered) -> None:
    checked = 0
    for link in rendered.model.links:
        subject = link_subject(link.a, link.b)
        v4 = _net(rendered, f"links ipv4 link {subject}")
        v6 = _net(rendered, f"links ipv6 link {subject}")
        for near, far in ((link.a, link.b), (link.b, link.a)):
            if near not in rendered.configs:
                assert far in rendered.configs and link.kind == "backbone"  # to the national PoP: our end only
                continue
            offset = 0 if near == min(link.a, link.b) else 1
            mine = _addr(v4, offset)
            found = [(n, i) for n, i in rendered.facts[near].interfaces.items() if i.get("ipv4") == mine]
            assert len(found) == 1, (near, subject, found)
            interface = found[0][1]
            assert interface["ipv6"] == _addr(v6, offset)
            assert interface["description"].startswith(f"TO-{far}-"), (near, interface)
            assert "vrf" not in interface  # the underlay stays in the global table
            far_port = interface["description"][len(f"TO-{far}-"):]
            if far in rendered.configs:
                assert rendered.facts[far].interfaces[far_port]["description"].startswith(f"TO-{near}-")
            checked += 1
    assert checked == 2 * len(rendered.model.links) - 2 > 3900


def test_every_device_has_its_loopbacks(rendered: Rendered) -> None:
    for name in _ours(rendered):
        v4 = _addr(_net(rendered, f"loopback ipv4 device {name}"), 0)
        mgmt = _addr(_net(rendered, f"management ipv4 device {name}"), 0)
        addresses = {i.get("ipv4") for i in rendered.facts[name].interfaces.values()}
        assert {v4, mgmt} <= addresses, name


def _crossing(model: Model, site: str) -> list[Zone]:
    """The zones whose traffic crosses a site's firewalls: 'firewall: true', or named by a rule enforced there."""
    if not any(d.role == "firewall" for d in model.devices_of(site)):
        return []
    level = level_of(model.site_by_key[site])
    ruled = {z for r in model.policy.rules if level in r.at for z in (r.from_, r.to)}
    return [z for z in model.zones if z.name in model.zones_of(site) and (z.spec.firewall or z.name in ruled)]


def test_vpn_instances_and_bindings_follow_the_zones_of_the_site(rendered: Rendered) -> None:
    model = rendered.model
    bindings = 0
    for name in _ours(rendered):
        device = model.devices[name]
        facts = rendered.facts[name]
        zones = [model.zone_by_name[z] for z in model.zones_of(device.site)]
        crossing = _crossing(model, device.site)
        firewalls = [d for d in model.devices_of(device.site) if d.role == "firewall"]
        if device.role in SIDE:
            assert not facts.vrfs
            continue
        router_id = _addr(_net(rendered, f"loopback ipv4 device {name}"), 0).split("/")[0]
        rds = {z.vrf: z.spec.rd or f"{router_id}:{z.number}" for z in zones}  # per PE, unless pinned
        assert facts.vrfs == {z.vrf: (rds[z.vrf], frozenset(z.rt_export), _imports(model, z)) for z in zones}, name
        bound = Counter((i.get("vrf"), i.get("vlan")) for i in facts.interfaces.values()
                        if "vrf" in i and not i.get("description", "").startswith("UNIT-"))  # units: own test
        carriers = Counter((h.zone.vrf, None) for h in _handoffs(model) if h.router == name)  # untagged ports
        national = Counter((z.vrf, str(z.number)) for z in _national_vpns(model, name))  # option A hand-off
        gateways = Counter((z.vrf, str(z.number)) for _, g, z in _gateway_legs(rendered) if _ == name)
        assert bound == Counter({(z.vrf, str(z.number)): len(firewalls) for z in crossing}) + carriers + national \
            + gateways, name
        bindings += sum(bound.values())
    assert bindings >= 300


def _national_vpns(model: Model, name: str) -> list[Zone]:
    """routing.national: per backbone link of ours toward another network's PE, the handed-off zones the site
    offers (a sub-interface each)."""
    national = model.routing.national if model.routing is not None else None
    if national is None:
        return []
    offered = model.zones_of(model.devices[name].site)
    found = []
    for link in model.links:
        far = link.b if link.a == name else link.a if link.b == name else None
        if link.kind == "backbone" and far is not None and not model.is_ours(model.devices[far]):
            found += [z for z in model.zones if z.name in national.zones and z.name in offered]
    return found


def _reflector_site(model: Model, site: str, levels: set[str]) -> str | None:
    key = model.site_by_key[site].parent
    while key is not None:
        if level_of(model.site_by_key[key]) in levels and any(
                d.role == "core-router" for d in model.devices_of(key)):
            return key
        key = model.site_by_key[key].parent
    return None


def test_bgp_sessions_are_symmetric_and_follow_the_reflector_hierarchy(rendered: Rendered) -> None:
    model = rendered.model
    assert model.routing is not None
    levels = set(model.routing.route_reflectors)
    loopback = {n: str(_net(rendered, f"loopback ipv4 device {n}").network_address) for n in model.devices}
    by_address = {a: n for n, a in loopback.items()}
    sessions = 0
    for name in sorted(_ours(rendered)):
        device = model.devices[name]
        facts = rendered.facts[name]
        if device.role in SIDE:
            assert facts.asn is None
            continue
        assert facts.asn == str(model.routing.asn)
        assert set(facts.peers.values()) <= {str(model.routing.asn)}
        assert facts.vpnv4 == set(facts.peers), name
        for address in facts.peers:
            other = by_address[address]
            assert other in rendered.configs, (name, other)  # never a session with another network's PE
            assert loopback[name] in rendered.facts[other].peers, (name, other)  # both ends configured
        reflector = device.role == "core-router" and level_of(model.site_by_key[device.site]) in levels
        above = _reflector_site(model, device.site, levels) if reflector else (
            device.site if level_of(model.site_by_key[device.site]) in levels and device.role == "core-router"
            else _reflector_site(model, device.site, levels))
        expected_up = {loopback[d.name] for d in model.devices_of(above) if d.role == "core-router"} if above else set()
        assert expected_up <= set(facts.peers), name
        for address in facts.clients:  # a client is served by this reflector's site
            client = model.devices[by_address[address]]
            assert reflector and client.site != device.site and address not in expected_up
            assert _reflector_site(model, client.site, levels) == device.site or (
                client.role != "core-router" and client.site == device.site), (name, client.name)
        if not reflector:
            assert not facts.clients and set(facts.peers) == expected_up, name
        sessions += len(facts.peers)
    assert sessions > 3500


def test_firewall_zones_rules_and_nat_follow_the_policy(rendered: Rendered) -> None:
    model = rendered.model
    rules_checked = 0
    exits = {e.site: e for z in model.zones for e in z.spec.exits}
    groups = model.policy.address_groups
    for name, device in model.devices.items():
        if device.role != "firewall":
            continue
        facts = rendered.facts[name]
        zones = _crossing(model, device.site)
        routers = [d for d in model.devices_of(device.site) if d.role not in SIDE]
        paired = ha_pair(model, device.site) is not None  # the heartbeat port in the vendor's DMZ zone
        assert set(facts.zones) == {z.name for z in zones} | {MGMT_ZONE[device.platform]} | (
            {HA_ZONE[device.platform]} if paired else set()), name
        mgmt = facts.zones[MGMT_ZONE[device.platform]]  # the management legs: one per router, VLAN 4000
        assert len(mgmt) == len(routers) and all(facts.interfaces[m]["vlan"] == "4000" for m in mgmt), name
        for zone in zones:
            members = facts.zones[zone.name]
            assert len(members) == len(routers)
            assert all(facts.interfaces[m]["vlan"] == str(zone.number) for m in members)
        level = level_of(model.site_by_key[device.site])
        expected = [(r.name, r.from_, r.to, tuple(p for g in r.source for p in groups[g]),
                     tuple(p for g in r.destination for p in groups[g]), tuple(map(str, r.services)), r.action)
                    for r in model.policy.rules if level in r.at and {r.from_, r.to} <= set(facts.zones)]
        own = ["govnet-management-in", "govnet-management-out"] + (
            [f"govnet-{HA_RULE[device.platform]}-in", f"govnet-{HA_RULE[device.platform]}-out"] if paired else [])
        assert [r[0] for r in facts.rules[:len(own)]] == own, name
        assert facts.rules[len(own):len(own) + len(expected)] == expected, name
        rules_checked += len(expected)
        carriers = [h for h in handoffs(model, device.site) if h.router is not None]
        pools = [_net(rendered, f"internet ipv4 nat {device.site}:{h.carrier}") for h in carriers]
        # last, the firewall's own NQA probes of the carriers' gateways (pools of 8 or more give them sources)
        probes = [f"govnet-nqa-ISP-{h.tag}" for h, p in zip(carriers, pools, strict=True) if p.num_addresses >= 8]
        if device.platform == "huawei_usg":  # the ICMPv6 probes' rules in the same policy (SecPath: its ipv6 one)
            probes += [f"govnet-nqa-ISP-{h.tag}-V6" for h in carriers if h.spec.ipv6 is not None]
        assert [r[0] for r in facts.rules[len(own) + len(expected):]] == probes, name
        if device.site in exits:
            # one pool per carrier from the lock, translating only on the internet legs toward its router; the
            # top two addresses of a pool of 8 or more are the probes' sources
            assert list(facts.nat_pools.values()) == [
                (str(p.network_address), str(p.broadcast_address - (2 if p.num_addresses >= 8 else 0)))
                for p in pools], name
            legs = {h.tag: sorted(i for i, port in facts.interfaces.items() if port.get("vlan") == "300"
                                  and port.get("description", "").startswith(f"TO-{h.router.name}-"))
                    for h in carriers if h.router is not None}
            nat = [f"{r.name}-{h.tag}" for r in model.policy.rules
                   if r.nat and level in r.at and {r.from_, r.to} <= set(facts.zones) for h in carriers]
            if device.platform == "huawei_usg":
                assert [r[0] for r in facts.nat_rules] == nat, name
                assert all(sorted(facts.nat_egress[r]) == legs[r.rsplit("-", 1)[1]] for r in nat), name
            else:
                by_group = {str(i + 1): legs[h.tag] for i, h in enumerate(carriers)}
                assert {g: sorted(i for i, n in facts.nat_interfaces.items() if n == g) for g in by_group} == \
                    by_group, name
        else:
            assert not facts.nat_pools and not facts.nat_rules, name
    assert rules_checked >= 26


MGMT_ZONE = {"huawei_usg": "trust", "h3c_secpath": "Management"}
HA_ZONE = {"huawei_usg": "dmz", "h3c_secpath": "DMZ"}
HA_RULE = {"huawei_usg": "hrp", "h3c_secpath": "rbm"}


def _families(zone: Zone, model: Model | None = None, site: str = "") -> tuple[str, ...]:
    """A zone's families on its legs: IPv6 where it has an IPv6 plan, or for the internet zone at an exit whose
    carriers hand IPv6 off."""
    plan = zone.spec.addresses
    if plan is not None and plan.ipv6 is not None:
        return ("ipv4", "ipv6")
    return ("ipv4", "ipv6") if zone.kind == "internet" and model and ipv6_exit(model, site) else ("ipv4",)


def _leg_end(r: Rendered, device: str, router: str, firewall: str, zone: Zone, family: str) -> str:
    """The address of one end of a router-firewall leg, from the lock: the name that sorts first takes the lower."""
    kind = "zone-xv6-leg" if family == "ipv6" and "ipv6" not in _families(zone) else "zone-leg"
    net = _net(r, f"links {family} {kind} {'~'.join(sorted((router, firewall)))}:{zone.name}")
    return _addr(net, 0 if device == min(router, firewall) else 1)


def _mgmt_legs(r: Rendered) -> list[tuple[str, str]]:
    """(router, firewall) of every management leg: routers x firewalls of a site."""
    found = []
    for site in sorted({d.site for d in r.model.devices.values()}):
        devices = [d for d in r.model.devices_of(site) if r.model.is_ours(d)]
        found += [(a.name, b.name) for a in devices if a.role not in SIDE for b in devices if b.role in SIDE]
    return found


def _mgmt_end(r: Rendered, device: str, router: str, firewall: str) -> str:
    """A management leg end's address (without length), from the lock."""
    net = _net(r, f"links ipv4 zone-mgmt-leg {'~'.join(sorted((router, firewall)))}")
    return _addr(net, 0 if device == min(router, firewall) else 1).split("/")[0]


def _legs(r: Rendered) -> list[tuple[str, str, Zone]]:
    """(router, firewall, zone) of every leg the model implies: routers x firewalls x crossing zones of a site."""
    model = r.model
    legs = []
    for site in sorted({d.site for d in model.devices.values()}):
        devices = model.devices_of(site)
        for zone in _crossing(model, site):
            legs += [(rt.name, fw.name, zone) for rt in devices if rt.role not in SIDE
                     for fw in devices if fw.role == "firewall"]
    return legs


def _gateway_legs(r: Rendered) -> list[tuple[str, str, Zone]]:
    """(router, gateway, zone) of every access gateway leg: the platform site's routers x its access gateways, in
    the zone that declares the secure access platform (README, secure access platform)."""
    model = r.model
    zone = next((z for z in model.zones if z.spec.access_platform is not None), None)
    if zone is None or zone.spec.access_platform is None:
        return []
    devices = model.devices_of(zone.spec.access_platform.site)
    return [(rt.name, gw.name, zone) for rt in devices if rt.role not in SIDE
            for gw in devices if gw.role == "access-gateway"]


def test_every_router_firewall_leg_is_addressed_on_both_ends(any_rendered: Rendered) -> None:
    r = any_rendered
    legs = _legs(r)
    gateway_legs = _gateway_legs(r)
    for router, firewall, zone in legs + gateway_legs:
        for near, far in ((router, firewall), (firewall, router)):
            mine = _leg_end(r, near, router, firewall, zone, "ipv4")
            found = [(n, i) for n, i in r.facts[near].interfaces.items() if i.get("ipv4") == mine]
            assert len(found) == 1, (near, far, zone.name, found)
            port, interface = found[0]
            assert interface["vlan"] == str(zone.number) and port.endswith(f".{zone.number}"), (near, port)
            assert interface["description"].startswith(f"TO-{far}-"), (near, interface)
            if "ipv6" in _families(zone, r.model, r.model.devices[router].site) and \
                    (router, firewall, zone) not in gateway_legs:  # the gateways' clients are IPv4
                assert interface["ipv6"] == _leg_end(r, near, router, firewall, zone, "ipv6"), (near, port)
            else:
                assert "ipv6" not in interface, (near, port)
            if near == router:  # the router side lives in the zone's VPN instance ...
                assert interface["vrf"] == zone.vrf, (near, port)
            else:  # ... the firewall side in the zone's security zone, in the global table
                assert "vrf" not in interface and port in r.facts[near].zones[zone.name], (near, port)
    platforms = {r.model.devices[n].platform for leg in legs for n in leg[:2]}
    expected = ({"huawei_vrp8", "huawei_vrp", "huawei_usg", "h3c_comware", "h3c_secpath"} if len(legs) > 100
                else {"huawei_vrp8", "huawei_usg", "cisco_iosxe", "h3c_comware", "h3c_secpath"})
    assert platforms == expected and len(legs) >= (300 if len(legs) > 100 else 10)


def _router_prefixes(r: Rendered, site: str, zone: Zone) -> set[str]:
    """What the policy lets a zone reach through the firewall at a site, and the way back into the zone."""
    model = r.model
    crossing = {z.name: z for z in _crossing(model, site)}
    level = level_of(model.site_by_key[site])
    groups = model.policy.address_groups

    def reach(other: Zone) -> list[str]:
        if other.kind == "internet":
            return ["0.0.0.0/0"] + (["::/0"] if ipv6_exit(model, site) else [])
        plan = other.spec.addresses
        return [p for f in (plan.ipv4, plan.ipv6) if f is not None for p in f.pool] if plan else []

    found: set[str] = set()
    for rule in model.policy.rules:
        if rule.action != "permit" or level not in rule.at or not {rule.from_, rule.to} <= set(crossing):
            continue
        if rule.from_ == zone.name:
            found |= set([p for g in rule.destination for p in groups[g]] or reach(crossing[rule.to]))
        elif rule.to == zone.name and rule.nat:  # the way back for each carrier's NAT pool
            nat = [r.decisions.get(f"{zone.name} ipv4 nat {site}:{h.carrier}") for h in handoffs(model, site)]
            found |= {str(n) for n in nat if n is not None}
            if zone.kind == "internet" and ipv6_exit(model, site):  # IPv6 comes back untranslated
                found |= {p for p in reach(crossing[rule.from_]) if ":" in p}
        elif rule.to == zone.name:
            found |= set([p for g in rule.source for p in groups[g]] or reach(crossing[rule.from_]))
    return found


def test_firewalls_and_routers_route_each_zone_over_its_legs(any_rendered: Rendered) -> None:
    """A firewall routes each zone's addresses (the internet's default) toward every router's leg of the zone;
    a router, in the zone's VPN instance, routes what the policy permits toward every firewall's leg."""
    r = any_rendered
    expected: dict[str, set[tuple[str, str, str]]] = {n: set() for n in r.model.devices}
    backups: dict[str, set[tuple[str, str, str]]] = {n: set() for n in r.model.devices}
    for router, firewall, zone in _legs(r):
        site = r.model.devices[router].site
        carriers = {h.router.name for h in handoffs(r.model, site) if h.router is not None}
        if zone.kind == "internet" and carriers and router not in carriers:
            behind = []  # the firewall's way out is toward a carrier's router only
        else:
                behind = (["0.0.0.0/0", "::/0"] if zone.kind == "internet"
                      else [p for f in (zone.spec.addresses.ipv4, zone.spec.addresses.ipv6) if f is not None
                            for p in f.pool] if zone.spec.addresses else [])
        for prefix in behind:
            family = "ipv6" if ":" in prefix else "ipv4"
            if family in _families(zone, r.model, site):
                hop = _leg_end(r, router, router, firewall, zone, family).split("/")[0]
                expected[firewall].add(("", prefix, hop))
        first = min(d.name for d in r.model.devices_of(site) if d.role == "firewall")
        for prefix in _router_prefixes(r, site, zone):
            family = "ipv6" if ":" in prefix else "ipv4"
            if family in _families(zone, r.model, site):
                hop = _leg_end(r, firewall, router, firewall, zone, family).split("/")[0]
                expected[router].add((zone.vrf, prefix, hop))
                if firewall != first:  # active/standby: the site's first firewall carries, the others float
                    backups[router].add((zone.vrf, prefix, hop))
    for router, gateway, zone in _gateway_legs(r):  # the client pool and portal to the first gateway, back by default
        site = r.model.devices[router].site
        spec = zone.spec.access_platform
        assert spec is not None
        first = min(d.name for d in r.model.devices_of(site) if d.role == "access-gateway")
        portal = r.decisions.get(f"{zone.name} ipv4 portal {spec.site}")  # the lock's (pinned or allocated)
        for prefix in [*spec.client_pool, *([str(portal)] if portal is not None else [])]:
            hop = _leg_end(r, gateway, router, gateway, zone, "ipv4").split("/")[0]
            expected[router].add((zone.vrf, prefix, hop))
            if gateway != first:
                backups[router].add((zone.vrf, prefix, hop))
        carriers = {h.router.name for h in handoffs(r.model, site) if h.router is not None}
        if not carriers or router in carriers:
            expected[gateway].add(("", "0.0.0.0/0", _leg_end(r, router, router, gateway, zone, "ipv4").split("/")[0]))
    for router, firewall in _mgmt_legs(r):  # the management plane, in the global table
        loopback1 = _addr(_net(r, f"management ipv4 device {firewall}"), 0).split("/")[0]
        expected[router].add(("", f"{loopback1}/32", _mgmt_end(r, firewall, router, firewall)))
        for network in r.model.project.management.plane.networks:
            expected[firewall].add(("", network, _mgmt_end(r, router, router, firewall)))
    for h in _handoffs(r.model):  # and each carrier's default route, on the router that takes the carrier
        expected[h.router].add((h.zone.vrf, "0.0.0.0/0", h.spec.gateway))
        if h.spec.ipv6 is not None:
            expected[h.router].add((h.zone.vrf, "::/0", h.spec.ipv6.gateway))
        site = r.model.devices[h.router].site  # the firewalls' NQA probe of the gateway goes via its router
        pool = r.decisions.get(f"{h.zone.name} ipv4 nat {site}:{'_'.join(h.carrier.split())}")
        if pool is not None and pool.size >= 8:
            for firewall in (d.name for d in r.model.devices_of(site) if d.role == "firewall"):
                hop = _leg_end(r, h.router, h.router, firewall, h.zone, "ipv4").split("/")[0]
                expected[firewall].add(("", f"{h.spec.gateway}/32", hop))
        if h.spec.ipv6 is not None:  # ... and its ICMPv6 probe of the carrier's IPv6 gateway
            for firewall in (d.name for d in r.model.devices_of(site) if d.role == "firewall"):
                hop = _leg_end(r, h.router, h.router, firewall, h.zone, "ipv6").split("/")[0]
                expected[firewall].add(("", f"{h.spec.ipv6.gateway}/128", hop))
    blocks = 0
    for name in r.configs:  # each router's discard route per zone block of its site, unless it routes it already
        device = r.model.devices[name]
        if device.role in SIDE:
            continue
        null = "Null0" if device.platform == "cisco_iosxe" else "NULL0"
        for zone in (r.model.zone_by_name[z] for z in r.model.zones_of(device.site)):
            for family in _families(zone):
                key = f"{zone.name} {family} site {device.site}"
                if key in r.decisions and not any(v == zone.vrf and p == str(_net(r, key)) for v, p, _ in
                                                  expected[name]):
                    expected[name].add((zone.vrf, str(_net(r, key)), null))
                    blocks += 1
    assert blocks >= len(r.model.site_by_key)  # every site's public block at least
    for name in r.configs:
        assert r.facts[name].routes == expected[name], name
        assert r.facts[name].backup_routes == backups[name], name
    defaults = sum(1 for routes in expected.values() for route in routes if route[1] == "0.0.0.0/0")
    # firewalls route the default only toward the routers that hold a carrier
    assert defaults >= (88 if len(r.model.devices) > 1000 else 4)


@dataclass
class Handoff:
    router: str
    carrier: str
    spec: HandoffSpec
    zone: Zone


def _handoffs(model: Model) -> list[Handoff]:
    """Every carrier handoff by the rule the README gives: the carriers, in list order, take the exit site's
    routers sorted by name in turn, unless the handoff names its device."""
    found = []
    for zone in model.zones:
        for exit_ in zone.spec.exits:
            routers = sorted(d.name for d in model.devices_of(exit_.site) if d.role not in SIDE)
            for j, carrier in enumerate(exit_.carriers):
                spec = exit_.handoffs[carrier]
                found.append(Handoff(spec.device or routers[j % len(routers)], carrier, spec, zone))
    return found


def _bgp_vrf_lines(text: str, vrf: str, family: int = 4) -> set[str]:
    """The commands of a VPN instance's BGP address family (VRP, Comware and IOS XE layouts)."""
    if family == 4:
        heads = (f" ipv4-family vpn-instance {vrf}", f" address-family ipv4 vrf {vrf}")
    else:
        heads = (f" ipv6-family vpn-instance {vrf}", f" address-family ipv6 vrf {vrf}")
    lines = text.splitlines()
    comware = next((i for i, line in enumerate(lines) if line == f" ip vpn-instance {vrf}"), None)
    if comware is not None:  # Comware: the instance's view holds one sub-view per family
        start = next(i for i, line in enumerate(lines)
                     if i > comware and line == f"  address-family ipv{family} unicast")
        depth = "   "
    else:
        start = next(i for i, line in enumerate(lines) if line in heads)
        depth = "  "
    found = set()
    for line in lines[start + 1:]:
        if not line.startswith(depth):  # back at the header's depth: the next address family
            break
        found.add(line.strip())
    return found


def test_every_carrier_handoff_ends_on_its_router_with_address_vpn_and_default(any_rendered: Rendered) -> None:
    """Each carrier's circuit is an untagged port of the router the rule picks, in the internet zone's VPN
    instance, with our contract address (and IPv6 where given), a default route to the carrier's gateway,
    and that default advertised in BGP so the site's other routers can follow it."""
    r = any_rendered
    handoffs = _handoffs(r.model)
    for h in handoffs:
        ours = str(ipaddress.ip_interface(h.spec.address))
        holders = [(n, p, i) for n, f in r.facts.items() for p, i in f.interfaces.items() if i.get("ipv4") == ours]
        assert [n for n, _, _ in holders] == [h.router], (h.carrier, holders)
        _, port, interface = holders[0]
        assert "." not in port and "vlan" not in interface, (h.router, port)
        assert interface["vrf"] == h.zone.vrf and interface["description"].startswith("TO-ISP-"), interface
        if h.spec.ipv6 is not None:
            assert interface["ipv6"] == str(ipaddress.ip_interface(h.spec.ipv6.address)), interface
            assert (h.zone.vrf, "::/0", h.spec.ipv6.gateway) in r.facts[h.router].routes
            advertised6 = _bgp_vrf_lines(r.configs[h.router].text, h.zone.vrf, 6)
            assert advertised6 & {"default-route imported", "default-information originate"}, (h.router, advertised6)
        else:
            assert "ipv6" not in interface
        assert (h.zone.vrf, "0.0.0.0/0", h.spec.gateway) in r.facts[h.router].routes
        advertised = _bgp_vrf_lines(r.configs[h.router].text, h.zone.vrf)
        assert advertised & {"default-route imported", "default-information originate"}, (h.router, advertised)
    platforms = {r.model.devices[h.router].platform for h in handoffs}
    many = len(r.model.devices) > 1000
    assert platforms == ({"huawei_vrp8"} if many else {"huawei_vrp8", "cisco_iosxe", "h3c_comware"}), platforms
    assert len(handoffs) >= (14 if many else 2)


def test_hier_config_reads_the_same_interfaces(rendered: Rendered) -> None:
    """A second, independent parser: hier_config's tree has exactly the interfaces ttp found. One device per
    platform and shape of its interface section (each kind of port and sub-interface, with its count: 159 of the
    default model's 4,386 configs, the shapes of cores and firewalls among them); the other configs repeat one of those
    shapes with other numbers, and parsing all of them cost a fifth of the suite's longest worker."""
    from collections import Counter

    from hier_config import Platform, get_hconfig

    from govnet.render.diff import strip

    shapes: dict[tuple[str, tuple[tuple[str, int], ...]], str] = {}
    for name, config in rendered.configs.items():
        kinds = Counter(re.sub(r"\d+", "N", port) for port in rendered.facts[name].interfaces)
        shapes.setdefault((config.platform, tuple(sorted(kinds.items()))), name)
    assert len(shapes) > 100  # the default model's variety: townships, villages, county and city sites, firewalls
    for name in shapes.values():
        config = rendered.configs[name]
        platform = PLATFORMS[config.platform]
        tree = get_hconfig(Platform[platform.diff_driver.upper()], strip(config.text, platform.comment))
        interfaces = {c.text.removeprefix("interface ") for c in tree.children if c.text.startswith("interface ")}
        assert interfaces == set(rendered.facts[name].interfaces), name


def test_ipv6_underlay_runs_on_every_ipv6_link_end_and_loopback(any_rendered: Rendered) -> None:
    """OSPFv3 in the link's area (the city's below a city, else area 0), or IS-IS's IPv6 topology, on both ends of
    every link and on Loopback0; the process exists; nothing without an IPv6 address runs it; firewalls never,
    nor links toward another network's devices (the national PoP PEs)."""
    model = any_rendered.model
    assert model.routing is not None
    isis = model.routing.igp == "isis"
    expected: dict[str, dict[str, str | None]] = {n: {} for n in model.devices}  # device -> IPv6 addr -> igp6
    for link in model.links:
        v6 = _net(any_rendered, f"links ipv6 link {link_subject(link.a, link.b)}")
        ends = (model.devices[link.a].site, model.devices[link.b].site)
        areas = {_site_area(model, k) for k in ends} - {BACKBONE}
        assert len(areas) <= 1, link  # no link joins two cities' areas
        area = "isis" if isis else next(iter(areas), BACKBONE)
        foreign = not (model.is_ours(model.devices[link.a]) and model.is_ours(model.devices[link.b]))
        for near in (link.a, link.b):
            expected[near][_addr(v6, 0 if near == min(link.a, link.b) else 1)] = None if foreign else area
    for a, b in all_interconnects(model):  # a site's routers: their own link, in the site's area
        v6 = _net(any_rendered, f"links ipv6 zone-peer-link {a}~{b}")
        for near in (a, b):
            expected[near][_addr(v6, 0 if near == a else 1)] = "isis" if isis else _site_area(
                model, model.devices[a].site)
    for name, device in model.devices.items():
        expected[name][_addr(_net(any_rendered, f"loopback ipv6 device {name}"), 0)] = (
            "isis" if isis else _site_area(model, device.site))
    enabled = 0
    for name, device in model.devices.items():
        if not model.is_ours(device):
            assert name not in any_rendered.facts
            continue
        facts = any_rendered.facts[name]
        found = {i["ipv6"]: i.get("igp6") for i in facts.interfaces.values() if "ipv6" in i}
        if device.role in SIDE:
            assert not any(found.values()) and facts.ospfv3 is None and facts.isis_topology6 is None, name
            continue
        assert {a: found.get(a, "missing") for a in expected[name]} == expected[name], name
        assert not any(v for a, v in found.items() if a not in expected[name]), name  # legs: static, no IGP
        assert not any("igp6" in i for i in facts.interfaces.values() if "ipv6" not in i), name
        if isis:
            assert facts.isis_topology6 == "ipv6" and facts.ospfv3 is None, name
        else:
            assert facts.ospfv3 is not None and facts.isis_topology6 is None, name
            if device.platform != "cisco_iosxe":  # IOS XE has no area lines in the process
                assert set(facts.ospfv3) == set(found.values()) - {None}, name
        enabled += sum(1 for v in found.values() if v)
    assert enabled > (5000 if len(model.devices) > 1000 else 40)


def _carriers(r: Rendered) -> set[str]:
    """Routers that must run VPNv6: a dual-stack zone at the site, or a route-reflector client that runs it."""
    model = r.model
    loopback = {str(_net(r, f"loopback ipv4 device {n}").network_address): n for n in model.devices}
    carriers = {n for n, d in model.devices.items() if d.role not in SIDE and model.is_ours(d)
                and any(_dual_stack(model.zone_by_name[z]) for z in model.zones_of(d.site))}
    grown = True
    while grown:
        before = len(carriers)
        carriers |= {n for n in r.facts if any(loopback[a] in carriers for a in r.facts[n].clients)}
        grown = len(carriers) > before
    return carriers


def test_vpnv6_sessions_mirror_vpnv4_where_zones_are_dual_stack(any_rendered: Rendered) -> None:
    model = any_rendered.model
    carriers = _carriers(any_rendered)
    loopback = {n: str(_net(any_rendered, f"loopback ipv4 device {n}").network_address) for n in model.devices}
    by_address = {a: n for n, a in loopback.items()}
    internet_legs = {r for r, _, z in _legs(any_rendered) if z.kind == "internet"}  # routers with internet legs
    sessions = 0
    for name, device in model.devices.items():
        if not model.is_ours(device):
            continue
        facts = any_rendered.facts[name]
        zones = [model.zone_by_name[z] for z in model.zones_of(device.site)]
        # A zone's VPN instance has the IPv6 family where the zone is dual-stack, or where this router
        # terminates a carrier's IPv6 handoff in it, or its legs to the firewalls carry IPv6 to the internet.
        v6_handoffs = {h.zone.name for h in _handoffs(model) if h.router == name and h.spec.ipv6 is not None}
        if name in internet_legs and ipv6_exit(model, device.site):
            v6_handoffs |= {z.name for z in zones if z.kind == "internet"}
        dual = [z for z in zones if _dual_stack(z) or z.name in v6_handoffs]
        if device.role in SIDE:
            assert not facts.vpnv6 and not facts.vrfs6, name
            continue
        assert facts.vrfs6 == {z.vrf: (z.spec.rd or f"{loopback[name]}:{z.number}", frozenset(z.rt_export),
                                       _imports(model, z)) for z in dual}, name
        assert facts.bgp_vrfs6 == {z.vrf for z in dual}, name
        if name not in carriers:
            assert not facts.vpnv6, name
            continue
        assert facts.vpnv6 == {a for a in facts.vpnv4 if by_address[a] in carriers}, name
        assert facts.clients6 == facts.clients & facts.vpnv6, name
        for address in facts.vpnv6:
            assert loopback[name] in any_rendered.facts[by_address[address]].vpnv6, (name, by_address[address])
        sessions += len(facts.vpnv6)
    assert sessions > (3500 if len(model.devices) > 1000 else 20)


def test_route_leaks_import_the_exports_of_import_from_zones(any_rendered: Rendered) -> None:
    """A zone's import_from shows as extra import targets in its VPN instances, in every address family."""
    model = any_rendered.model
    leaks = 0
    for name, device in model.devices.items():
        if device.role in SIDE or not model.is_ours(device):
            continue
        facts = any_rendered.facts[name]
        for zone in (model.zone_by_name[z] for z in model.zones_of(device.site)):
            extra = _imports(model, zone) - set(zone.rt_import)
            families = [facts.vrfs] + ([facts.vrfs6] if _dual_stack(zone) else [])
            for table in families:
                assert extra <= table[zone.vrf][2], (name, zone.name)
                leaks += len(extra)
    assert leaks > 0 or not any(z.spec.import_from for z in model.zones)


def test_unit_subinterfaces_equal_the_configured_units_of_the_registry(rendered: Rendered) -> None:
    """Per active (or suspended: shut) unit and zone it joins at its site, one sub-interface on the site's attach
    router (its first router by name), in the zone's VPN instance, with the first address of the unit's subnet."""
    model = rendered.model
    assert model.registry is not None
    expected = set()
    for unit in model.registry.units:
        if unit.status not in ("active", "suspended"):
            continue
        routers = sorted(d.name for d in model.devices_of(unit.site) if d.role not in SIDE)
        for zone in unit.zones:
            if zone in model.zones_of(unit.site):
                net = _net(rendered, f"{zone} ipv4 unit {unit.id}")
                expected.add((routers[0], unit.id, model.zone_by_name[zone].vrf, _addr(net, 1)))
    found = {(name, i["description"][5:].split(" ", 1)[0], i.get("vrf"), i.get("ipv4"))  # UNIT-<id> <its name>
             for name, facts in rendered.facts.items()
             for i in facts.interfaces.values() if i.get("description", "").startswith("UNIT-")}
    assert found == expected and len(expected) > 2000


def _speed(model: Model, device: str, port: str) -> int:
    """A port's speed: its card's where the device has a hardware model (the NE40E's 10GE ports are
    GigabitEthernet), else the speed its name stands for on the device's platform (its interface type)."""
    found = model.devices[device]
    hardware = model.hardware.get(found.hardware) if found.hardware is not None else None
    carded = hardware.speed_of(port) if hardware is not None else None
    if carded is not None:
        return carded
    types = PLATFORMS[found.platform].naming.types
    return next(minimum for minimum, kind in types if re.fullmatch(rf"{re.escape(kind)}\d+(/\d+)*", port))


def test_both_ends_of_every_link_are_ports_of_one_speed(rendered: Rendered) -> None:
    """No 100GE facing a 10GE: both ends of a link (and of a router-firewall cable) take the slower device's port
    type, and that speed carries the link's bandwidth."""
    model = rendered.model
    checked = 0
    for link in model.links:
        if link.a not in rendered.configs or link.b not in rendered.configs:
            continue
        v4 = _net(rendered, f"links ipv4 link {link_subject(link.a, link.b)}")
        ends = []
        for near in (link.a, link.b):
            mine = _addr(v4, 0 if near == min(link.a, link.b) else 1)
            port = next(n for n, i in rendered.facts[near].interfaces.items() if i.get("ipv4") == mine)
            ends.append(_speed(model, near, port))
        assert ends[0] == ends[1], (link.a, link.b, ends)
        checked += 1
    assert checked > 1900

"""Every rendered config of the default model, parsed back with ttp (own templates) and hier_config, held against
the model itself (not against the render contexts): links and addresses, VPN instances, VPN bindings, BGP
sessions, firewall zones, security rules and NAT. All devices, all platforms. The IPv6 underlay, VPNv6 and route
leaking are also checked on the cisco-isis golden case (IS-IS, IOS XE, a route leak)."""

from __future__ import annotations

import ipaddress
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from govnet.ipam.requests import link_subject
from govnet.model import Model, Zone
from govnet.pipeline import validate
from govnet.platforms import PLATFORMS
from govnet.render import Config, render_configs
from govnet.render.devices import level_of
from govnet.render.verify import Facts, parse_configs


@dataclass
class Rendered:
    model: Model
    decisions: dict[str, object]
    configs: dict[str, Config]
    facts: dict[str, Facts]


GOLDEN_ISIS = Path(__file__).resolve().parent / "golden" / "cisco-isis" / "model"
BACKBONE = "0.0.0.0"


def _render_and_parse(root: Path) -> Rendered:
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None
    decisions = result.addresses.outcome.decisions
    configs = render_configs(result.model, decisions, model_root=root)
    facts: dict[str, Facts] = {}
    by_parser: dict[str, list[str]] = {}
    for name, config in configs.items():
        by_parser.setdefault(PLATFORMS[config.platform].parser, []).append(name)
    for parser, names in by_parser.items():
        facts.update(zip(names, parse_configs(parser, [configs[n].text for n in names]), strict=True))
    return Rendered(result.model, dict(decisions), configs, facts)


@pytest.fixture(scope="session")
def rendered(repo_model: Path) -> Rendered:
    return _render_and_parse(repo_model)


@pytest.fixture(scope="session")
def rendered_isis() -> Rendered:
    return _render_and_parse(GOLDEN_ISIS)


@pytest.fixture(params=["jiangxi", "cisco-isis"])
def either(request: pytest.FixtureRequest) -> Rendered:
    """The default model (OSPF, Huawei and H3C) and the cisco-isis case (IS-IS, IOS XE, a route leak)."""
    value: Rendered = request.getfixturevalue("rendered" if request.param == "jiangxi" else "rendered_isis")
    return value


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


def test_every_device_rendered_and_parsed(rendered: Rendered) -> None:
    assert set(rendered.configs) == set(rendered.model.devices)
    platforms = Counter(c.platform for c in rendered.configs.values())
    assert set(platforms) == {"huawei_vrp", "huawei_usg", "h3c_comware", "h3c_secpath"}
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
            offset = 0 if near == min(link.a, link.b) else 1
            mine = _addr(v4, offset)
            found = [(n, i) for n, i in rendered.facts[near].interfaces.items() if i.get("ipv4") == mine]
            assert len(found) == 1, (near, subject, found)
            interface = found[0][1]
            assert interface["ipv6"] == _addr(v6, offset)
            assert interface["description"].startswith(f"TO-{far}-"), (near, interface)
            assert "vrf" not in interface  # the underlay stays in the global table
            far_port = interface["description"][len(f"TO-{far}-"):]
            assert rendered.facts[far].interfaces[far_port]["description"].startswith(f"TO-{near}-")
            checked += 1
    assert checked == 2 * len(rendered.model.links) > 3900


def test_every_device_has_its_loopbacks(rendered: Rendered) -> None:
    for name in rendered.model.devices:
        v4 = _addr(_net(rendered, f"loopback ipv4 device {name}"), 0)
        mgmt = _addr(_net(rendered, f"management ipv4 device {name}"), 0)
        addresses = {i.get("ipv4") for i in rendered.facts[name].interfaces.values()}
        assert {v4, mgmt} <= addresses, name


def test_vpn_instances_and_bindings_follow_the_zones_of_the_site(rendered: Rendered) -> None:
    model = rendered.model
    bindings = 0
    for name, device in model.devices.items():
        facts = rendered.facts[name]
        zones = [model.zone_by_name[z] for z in model.zones_of(device.site)]
        firewalls = [d for d in model.devices_of(device.site) if d.role == "firewall"]
        if device.role == "firewall":
            assert not facts.vrfs
            continue
        assert facts.vrfs == {z.vrf: (z.rd, frozenset(z.rt_export), _imports(model, z)) for z in zones}, name
        bound = Counter((i.get("vrf"), i.get("vlan")) for i in facts.interfaces.values() if "vrf" in i)
        assert bound == Counter({(z.vrf, str(z.number)): len(firewalls) for z in zones if firewalls}), name
        bindings += sum(bound.values())
    assert bindings > 1000


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
    for name, device in model.devices.items():
        facts = rendered.facts[name]
        if device.role == "firewall":
            assert facts.asn is None
            continue
        assert facts.asn == str(model.routing.asn)
        assert set(facts.peers.values()) <= {str(model.routing.asn)}
        assert facts.vpnv4 == set(facts.peers), name
        for address in facts.peers:
            other = by_address[address]
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
        zones = [model.zone_by_name[z] for z in model.zones_of(device.site)]
        routers = [d for d in model.devices_of(device.site) if d.role != "firewall"]
        assert set(facts.zones) == {z.name for z in zones}, name
        for zone in zones:
            members = facts.zones[zone.name]
            assert len(members) == len(routers)
            assert all(facts.interfaces[m]["vlan"] == str(zone.number) for m in members)
        level = level_of(model.site_by_key[device.site])
        expected = [(r.name, r.from_, r.to, tuple(p for g in r.source for p in groups[g]),
                     tuple(p for g in r.destination for p in groups[g]), tuple(r.services), r.action)
                    for r in model.policy.rules if level in r.at and {r.from_, r.to} <= set(facts.zones)]
        assert facts.rules == expected, name
        rules_checked += len(expected)
        if device.site in exits:
            pool = _net(rendered, f"internet ipv4 nat {device.site}")
            first, last = str(pool.network_address), str(pool.broadcast_address)
            assert list(facts.nat_pools.values()) == [(first, last)], name
            nat = [r.name for r in model.policy.rules
                   if r.nat and level in r.at and {r.from_, r.to} <= set(facts.zones)]
            if facts.nat_rules or device.platform == "huawei_usg":
                assert [r[0] for r in facts.nat_rules] == nat, name
        else:
            assert not facts.nat_pools and not facts.nat_rules, name
    assert rules_checked >= 26


def test_hier_config_reads_the_same_interfaces(rendered: Rendered) -> None:
    """A second, independent parser: hier_config's tree has exactly the interfaces ttp found."""
    from hier_config import Platform, get_hconfig

    from govnet.render.diff import strip

    for name, config in rendered.configs.items():
        platform = PLATFORMS[config.platform]
        tree = get_hconfig(Platform[platform.diff_driver.upper()], strip(config.text, platform.comment))
        interfaces = {c.text.removeprefix("interface ") for c in tree.children if c.text.startswith("interface ")}
        assert interfaces == set(rendered.facts[name].interfaces), name


def test_ipv6_underlay_runs_on_every_ipv6_link_end_and_loopback(either: Rendered) -> None:
    """OSPFv3 in the link's area (the city's below a city, else area 0), or IS-IS's IPv6 topology, on both ends of
    every link and on Loopback0; the process exists; nothing without an IPv6 address runs it; firewalls never."""
    model = either.model
    assert model.routing is not None
    isis = model.routing.igp == "isis"
    expected: dict[str, dict[str, str]] = {n: {} for n in model.devices}  # device -> IPv6 address -> igp6
    for link in model.links:
        v6 = _net(either, f"links ipv6 link {link_subject(link.a, link.b)}")
        ends = (model.devices[link.a].site, model.devices[link.b].site)
        areas = {_site_area(model, k) for k in ends} - {BACKBONE}
        assert len(areas) <= 1, link  # no link joins two cities' areas
        area = "isis" if isis else next(iter(areas), BACKBONE)
        for near in (link.a, link.b):
            expected[near][_addr(v6, 0 if near == min(link.a, link.b) else 1)] = area
    for name, device in model.devices.items():
        expected[name][_addr(_net(either, f"loopback ipv6 device {name}"), 0)] = (
            "isis" if isis else _site_area(model, device.site))
    enabled = 0
    for name, device in model.devices.items():
        facts = either.facts[name]
        found = {i["ipv6"]: i.get("igp6") for i in facts.interfaces.values() if "ipv6" in i}
        if device.role == "firewall":
            assert not any(found.values()) and facts.ospfv3 is None and facts.isis_topology6 is None, name
            continue
        assert found == expected[name], name
        assert not any("igp6" in i for i in facts.interfaces.values() if "ipv6" not in i), name
        if isis:
            assert facts.isis_topology6 == "ipv6" and facts.ospfv3 is None, name
        else:
            assert facts.ospfv3 is not None and facts.isis_topology6 is None, name
            if device.platform != "cisco_iosxe":  # IOS XE has no area lines in the process
                assert set(facts.ospfv3) == set(found.values()), name
        enabled += len(found)
    assert enabled > (5000 if len(model.devices) > 1000 else 40)


def _carriers(r: Rendered) -> set[str]:
    """Routers that must run VPNv6: a dual-stack zone at the site, or a route-reflector client that runs it."""
    model = r.model
    loopback = {str(_net(r, f"loopback ipv4 device {n}").network_address): n for n in model.devices}
    carriers = {n for n, d in model.devices.items() if d.role != "firewall"
                and any(_dual_stack(model.zone_by_name[z]) for z in model.zones_of(d.site))}
    grown = True
    while grown:
        before = len(carriers)
        carriers |= {n for n in model.devices if any(loopback[a] in carriers for a in r.facts[n].clients)}
        grown = len(carriers) > before
    return carriers


def test_vpnv6_sessions_mirror_vpnv4_where_zones_are_dual_stack(either: Rendered) -> None:
    model = either.model
    carriers = _carriers(either)
    loopback = {n: str(_net(either, f"loopback ipv4 device {n}").network_address) for n in model.devices}
    by_address = {a: n for n, a in loopback.items()}
    sessions = 0
    for name, device in model.devices.items():
        facts = either.facts[name]
        zones = [model.zone_by_name[z] for z in model.zones_of(device.site)]
        dual = [z for z in zones if _dual_stack(z)]
        if device.role == "firewall":
            assert not facts.vpnv6 and not facts.vrfs6, name
            continue
        assert facts.vrfs6 == {z.vrf: (z.rd, frozenset(z.rt_export), _imports(model, z)) for z in dual}, name
        assert facts.bgp_vrfs6 == {z.vrf for z in dual}, name
        if name not in carriers:
            assert not facts.vpnv6, name
            continue
        assert facts.vpnv6 == {a for a in facts.vpnv4 if by_address[a] in carriers}, name
        assert facts.clients6 == facts.clients & facts.vpnv6, name
        for address in facts.vpnv6:
            assert loopback[name] in either.facts[by_address[address]].vpnv6, (name, by_address[address])
        sessions += len(facts.vpnv6)
    assert sessions > (3500 if len(model.devices) > 1000 else 20)


def test_route_leaks_import_the_exports_of_import_from_zones(either: Rendered) -> None:
    """A zone's import_from shows as extra import targets in its VPN instances, in every address family."""
    model = either.model
    leaks = 0
    for name, device in model.devices.items():
        if device.role == "firewall":
            continue
        facts = either.facts[name]
        for zone in (model.zone_by_name[z] for z in model.zones_of(device.site)):
            extra = _imports(model, zone) - set(zone.rt_import)
            families = [facts.vrfs] + ([facts.vrfs6] if _dual_stack(zone) else [])
            for table in families:
                assert extra <= table[zone.vrf][2], (name, zone.name)
                leaks += len(extra)
    assert leaks > 0 or not any(z.spec.import_from for z in model.zones)

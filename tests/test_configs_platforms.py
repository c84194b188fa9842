"""Per-platform syntax: what each software accepts (issue 13 #1 and the login/management items), checked on the
rendered configs of the small golden models (fast) and of the default model's platform table."""

from __future__ import annotations

import ipaddress
import itertools
import re
from pathlib import Path

import pytest

from conftest import validate_shared
from govnet.pipeline import validate
from govnet.reference.platforms import PLATFORMS
from govnet.render import Config, render_configs

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="module")
def configs() -> dict[str, Config]:
    found: dict[str, Config] = {}
    for case in ("huawei-h3c", "cisco-isis"):
        result = validate(GOLDEN / case / "model")
        assert result.ok and result.model is not None and result.addresses is not None
        found.update({f"{case}/{n}": c for n, c in
                      render_configs(result.model, result.addresses.outcome.decisions).items()})
    return found


def _of(configs: dict[str, Config], *platforms: str) -> list[Config]:
    chosen = [c for c in configs.values() if c.platform in platforms]
    assert chosen, platforms
    return chosen


def test_ne_core_routers_run_vrp8_and_ar_routers_vrp5(repo_model: Path) -> None:
    result = validate_shared(repo_model)  # the session's validation of the default model
    assert result.model is not None
    huawei_routers = [d for d in result.model.devices.values() if d.role != "firewall" and d.platform.startswith(
        "huawei_vrp")]
    assert {d.platform for d in huawei_routers if d.role == "core-router"} == {"huawei_vrp8"}
    assert {d.platform for d in huawei_routers if d.role == "router"} == {"huawei_vrp"}
    assert PLATFORMS["huawei_vrp8"].os == "vrp8" and PLATFORMS["huawei_vrp"].os == "vrp5"


def test_vrp8_configs_have_none_of_the_vrp5_only_forms(configs: dict[str, Config]) -> None:
    for config in _of(configs, "huawei_vrp8"):
        text = config.text
        assert "radius-server template" not in text and not re.search(r"radius-server authentication .* secondary",
                                                                       text), config.device
        assert "privilege level 15" not in text, config.device
        assert not re.search(r"^info-center loghost \S+ source-interface", text, re.M), config.device
        # NE40E V800R012C10 command reference: 'info-center loghost source <interface>' (no 'source-interface')
        assert "info-center loghost source LoopBack1\n" in text and "loghost source-interface" not in text
        assert re.search(r"^ local-user \S+ level 3$", text, re.M)
        assert "\nradius-server group GOVNET\n" in text
        # ... and the AAA domain names the group with its keyword ('radius-server group', AAA domain view)
        assert " domain default_admin\n  authentication-scheme GOVNET\n  radius-server group GOVNET\n" in text


def test_vrp8_exit_routers_filter_ipv6_toward_the_carriers_with_a_traffic_policy(repo_model: Path) -> None:
    """VRP 8 has no 'traffic-filter' (the NE40E command reference lists none): the carrier port applies an MQC
    policy whose classifier matches ACL 3500, so the ACL's final deny drops every other source."""
    result = validate_shared(repo_model)
    assert result.model is not None and result.addresses is not None
    exits = [d.name for d in result.model.devices.values() if d.platform == "huawei_vrp8" and d.site == "36"]
    configs = render_configs(result.model, result.addresses.outcome.decisions, names=exits)
    carriers = 0
    for config in configs.values():
        assert "traffic-filter" not in config.text, config.device
        ports = re.findall(r"^interface (\S+)\n description TO-ISP-\S+\n((?: .*\n)*)", config.text, re.M)
        for _port, body in ports:
            if " ipv6 address " in body:
                assert " traffic-policy GOVNET-TO-CARRIERS-V6 outbound\n" in body, config.device
                carriers += 1
        if carriers:
            assert ("traffic classifier GOVNET-TO-CARRIERS-V6\n if-match ipv6 acl 3500\n#\n"
                    "traffic behavior GOVNET-TO-CARRIERS-V6\n permit\n#\n"
                    "traffic policy GOVNET-TO-CARRIERS-V6\n"
                    " classifier GOVNET-TO-CARRIERS-V6 behavior GOVNET-TO-CARRIERS-V6 precedence 1\n") in config.text
            assert config.text.index("traffic policy GOVNET") < config.text.index("traffic-policy GOVNET")
    assert carriers  # the default model's province exit hands IPv6 off on a VRP 8 router


def test_usg_log_hosts_take_the_management_loopback_as_source_ip(configs: dict[str, Config]) -> None:
    """The USG's 'info-center loghost' has no 'source-interface' keyword (USG CLI reference: '... source-ip
    source-ip-address ...'): its source is the management loopback's address."""
    for config in _of(configs, "huawei_usg"):
        loopback1 = re.search(r"^interface LoopBack1\n ip address (\S+) ", config.text, re.M)
        assert loopback1 is not None, config.device
        hosts = re.findall(r"^info-center loghost (\S+)(.*)$", config.text, re.M)
        assert hosts, config.device
        for _host, rest in hosts:
            assert rest == f" source-ip {loopback1.group(1)}", (config.device, rest)


def test_ospf_areas_authenticate_alike_on_every_vendor(configs: dict[str, Config]) -> None:
    """A mixed-vendor OSPF area (Huawei city cores, H3C county routers) forms adjacencies only if both ends send
    one mode: keyed MD5, the one Comware 7's area view shares with VRP ('md5') and IOS XE ('message-digest').
    VRP's hmac-sha256 beside Comware's hmac-md5 left every such adjacency down."""
    modes: dict[str, set[str]] = {}
    for config in _of(configs, "huawei_vrp8", "huawei_vrp", "h3c_comware"):
        ospf = re.search(r"^ospf 1 .*\n((?: .*\n)*)", config.text, re.M)
        if ospf is None:
            continue
        for area, mode in re.findall(r"^ area (\S+)\n  authentication-mode (\S+) 1 cipher ", ospf.group(1), re.M):
            modes.setdefault(area, set()).add(mode)
    assert modes and {"huawei_vrp8", "h3c_comware"} <= {c.platform for c in configs.values() if "ospf 1 " in c.text}
    assert all(found == {"md5"} for found in modes.values()), modes


def test_comware_as_path_lists_are_numbered(repo_model: Path) -> None:
    """Comware 7 numbers its AS path lists ('ip as-path as-path-number', 1 to 256): a named list is refused, and
    every route-policy that matches one names a list the config defines (the default model's H3C county routers
    import the national AS's routes)."""
    result = validate_shared(repo_model)
    assert result.model is not None and result.addresses is not None
    names = sorted(d.name for d in result.model.devices.values() if d.platform == "h3c_comware")[:6]
    configs = render_configs(result.model, result.addresses.outcome.decisions, names=names)
    checked = 0
    for config in configs.values():
        defined = re.findall(r"^ip as-path (\S+) (?:permit|deny) ", config.text, re.M)
        for name in defined:
            assert name.isdigit() and 1 <= int(name) <= 256, (config.device, name)
        used = re.findall(r"^ if-match as-path (\S+)$", config.text, re.M)
        assert set(used) <= set(defined), config.device
        checked += len(used)
    assert checked


def test_vrp5_configs_keep_the_ar_forms(configs: dict[str, Config]) -> None:
    for config in _of(configs, "huawei_vrp"):
        assert "privilege level 15" in config.text


def test_vrp5_log_hosts_take_their_source_from_its_own_line(configs: dict[str, Config]) -> None:
    """The AR's 'info-center loghost X source-interface IF' is in no public text; public VRP 5 running configs (an
    S7712 on V200R021C10) write 'info-center loghost source IF' on its own line, as VRP 8 does."""
    checked = 0
    for config in _of(configs, "huawei_vrp"):
        assert "info-center loghost source LoopBack1\n" in config.text, config.device
        hosts = re.findall(r"^info-center loghost (\S+)(.*)$", config.text, re.M)
        assert all(rest == "" for host, rest in hosts if host != "source"), (config.device, hosts)
        checked += len(hosts)
    assert checked


LOGIN = {
    "vrp8": ["undo telnet server enable", "stelnet server enable",
             "user-interface vty 0 4\n acl 2001 inbound\n authentication-mode aaa\n protocol inbound ssh\n"],
    "comware7": ["undo telnet server enable", "ssh server acl 2001",
                 "line vty 0 63\n authentication-mode scheme\n protocol inbound ssh\n"],
    # IOS XE: lines 5-15 as well as 0-4 (a router has 16), each block hardened alike
    "iosxe": ["line vty 0 4\n access-class GOVNET-MGMT in\n", " transport input ssh\n",
              "line vty 5 15\n access-class GOVNET-MGMT in\n login authentication default\n authorization exec "
              "default\n transport input ssh\n",
              "aaa authorization exec default", "ip radius source-interface Loopback1",
              "ip domain name extranet.local", "RO GOVNET-MGMT"],
}
LOGIN["vrp5"] = LOGIN["usg"] = LOGIN["vrp8"]


def test_every_device_can_be_logged_into_over_ssh_only_from_the_management_networks(
        configs: dict[str, Config]) -> None:
    for config in configs.values():
        os = PLATFORMS[config.platform].os
        for line in LOGIN[os]:
            assert line in config.text, (config.device, line)
        assert "10.4.0.0 0.0.0.255" in config.text, config.device  # the ACL permits the management network
        assert "protocol inbound all" not in config.text and "transport input telnet" not in config.text


def test_usg_administrators_are_manager_users_with_service_manage_on_the_management_legs(
        configs: dict[str, Config]) -> None:
    for config in _of(configs, "huawei_usg"):
        assert " manager-user netadmin\n  password cipher " in config.text
        assert "local-user" not in config.text
        legs = re.findall(r"^interface (\S+\.4000)\n(?: .*\n)*? service-manage ssh permit\n", config.text, re.M)
        assert len(legs) == 2, config.device  # one per router of the site


def test_comware_secrets_are_never_in_simple_form(configs: dict[str, Config]) -> None:
    for config in _of(configs, "h3c_comware", "h3c_secpath"):
        assert " simple " not in config.text, config.device
        assert "key authentication cipher" in config.text and " password hash " in config.text


def _routes(text: str) -> set[tuple[str, str]]:
    """Global-table static routes of a Huawei or Comware config: (prefix/mask, next hop)."""
    return {(f"{m[0]} {m[1]}", m[2]) for m in re.findall(r"^ip route-static (\d\S+) (\S+) (\S+)", text, re.M)}


def test_every_device_reaches_the_management_networks_in_band(configs: dict[str, Config]) -> None:
    """Routers: management loopback in the IGP, the NOC network advertised by the province core routers.
    Firewalls: a route to the NOC network over a management leg to each router of the site, and those routers
    route the firewall's management loopback back over the same leg and import it into the IGP."""
    by_site: dict[str, list[Config]] = {}
    for name, config in configs.items():
        by_site.setdefault(f"{name.split('/')[0]}/{config.site}", []).append(config)
    noc = [c for c in configs.values() if "description TO-NOC" in c.text]
    assert {c.site for c in noc} == {"36"} and len(noc) == 4  # two core routers in each golden model
    for members in by_site.values():
        for config in members:
            if PLATFORMS[config.platform].os in ("vrp8", "vrp5", "comware7", "iosxe"):
                assert re.search(r"interface Loop[bB]ack1\n", config.text), config.device
                continue
            hops = {hop for prefix, hop in _routes(config.text) if prefix == "10.4.0.0 255.255.255.0"}
            routers = [c for c in members if c.platform not in ("huawei_usg", "h3c_secpath")]
            assert len(hops) == len(routers), config.device
            loopback1 = re.search(r"interface LoopBack1\n ip address (\S+)", config.text)
            assert loopback1 is not None
            for router in routers:
                back = [hop for prefix, hop in _routes(router.text)
                        if prefix == f"{loopback1[1]} 255.255.255.255"]
                back += re.findall(rf"^ip route {re.escape(loopback1[1])} 255.255.255.255 (\S+)", router.text, re.M)
                assert len(back) == 1, (router.device, config.device)
                assert re.search(r"import-route static|redistribute static", router.text), router.device


def test_management_servers_must_sit_in_the_declared_networks(tmp_path: Path) -> None:
    from conftest import copy_model

    root = copy_model(GOLDEN / "huawei-h3c" / "model", tmp_path / "m")
    project = root / "govnet.yaml"
    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace("syslog: [10.4.0.3]", "syslog: [10.9.0.3]"), encoding="utf-8")
    found = [(d.code, d.file) for d in validate(root).diagnostics if d.code.startswith("GN50")]
    assert found == [("GN507", "govnet.yaml")]
    project.write_text(text.replace("  plane: {networks: [10.4.0.0/24]}\n", ""), encoding="utf-8")
    assert [d.code for d in validate(root).diagnostics if d.code.startswith("GN50")] == ["GN508"]


@pytest.mark.parametrize("platform, reset", [("huawei_vrp8", "clear configuration interface {}"),
                                             ("h3c_comware", "interface {}\n  default"),
                                             ("cisco_iosxe", "default interface {}")])
def test_remediation_resets_physical_ports_instead_of_deleting_them(configs: dict[str, Config], platform: str,
                                                                     reset: str) -> None:
    from govnet.render.diff import remediate

    config = next(c for c in _of(configs, platform) if re.search(r"^interface \S+\.\d+$", c.text, re.M))
    port = re.search(r"^interface (\S+)\.\d+$", config.text, re.M)
    assert port is not None
    # A port with sub-interfaces (units, or legs to a firewall) leaves the new config with all of them.
    blocks = re.split(r"(?m)^(?=interface )", config.text)
    new = "".join(b for b in blocks if not b.startswith((f"interface {port[1]}\n", f"interface {port[1]}.")))
    lines, flagged = remediate(platform, config.text, new)
    text = "\n".join(lines)
    negation = "no " if platform == "cisco_iosxe" else "undo "
    assert f"{negation}interface {port[1]}\n" not in text + "\n"
    assert reset.format(port[1]) in text and f"{negation}interface {port[1]}." in text
    if platform == "huawei_vrp8":  # VRP asks 'Continue? [Y/N]': the block answers it
        assert f"clear configuration interface {port[1]}\nY\ninterface {port[1]}\n  shutdown\n" in text + "\n"
    assert flagged >= 2
    if platform != "cisco_iosxe":  # every view entered is left with 'quit'
        depth = 0
        for line in (x for x in lines if not x.startswith("!! ")):
            level = (len(line) - len(line.lstrip())) // 2
            assert level <= depth + 1
            depth = level if line.strip() != "quit" else level - 1
        assert lines[-1].strip() == "quit" or not lines[-1].startswith(" ")


def test_vrp_remediation_deletes_a_dropped_bgp_peer_with_one_undo_peer(configs: dict[str, Config]) -> None:
    """VRP deletes a peer and everything about it with 'undo peer P' (NE40E command reference, peer as-number);
    hier_config's line-by-line negation ('undo peer P as-number N', 'undo peer P description ...') and its
    'peer P enable' in the unicast family (the old config said 'undo peer P enable' there) fail once the peer is
    gone, and the last one would re-enable the peer's IPv4 unicast if the deletion had not happened."""
    from govnet.render.diff import remediate

    config = next(c for c in _of(configs, "huawei_vrp8") if re.search(r"^  undo peer \S+ enable$", c.text, re.M))
    peer = re.search(r"^  undo peer (\S+) enable$", config.text, re.M)
    assert peer is not None
    new = "".join(line for line in config.text.splitlines(keepends=True) if f"peer {peer[1]} " not in line)
    lines, flagged = remediate("huawei_vrp8", config.text, new)
    mentions = [line for line in lines if f" {peer[1]}" in line]
    assert mentions == [f"  undo peer {peer[1]}"], mentions
    assert flagged == sum(line.startswith("!! DANGER") for line in lines) >= 1
    assert "  ipv4-family unicast" not in lines  # a view left with nothing to do is not entered


def test_huawei_routes_track_only_probes_and_sessions_defined_above_them(configs: dict[str, Config]) -> None:
    """VRP binds a static route only to an NQA test instance that exists and to a BFD session once BFD runs (NE40E
    command reference, ip route-static, Prerequisites): pasted top to bottom, a route above its probe is refused,
    and an exit firewall's tracked default routes were all above their probes."""
    tracked = 0
    for config in _of(configs, "huawei_vrp8", "huawei_vrp", "huawei_usg"):
        lines = config.text.splitlines()
        for n, line in enumerate(lines):
            for kind, name in re.findall(r" track (nqa admin|bfd-session) (\S+)", line):
                above = lines[:n]
                if kind == "nqa admin":
                    assert f"nqa test-instance admin {name}" in above, (config.device, line)
                else:
                    assert any(x.startswith(f"bfd {name} bind ") for x in above), (config.device, line)
                    assert "bfd" in above, (config.device, line)
                tracked += kind == "nqa admin"
    assert tracked  # the golden models' USG exit firewalls track their carriers


def test_every_pe_has_its_own_route_distinguisher_per_vpn(configs: dict[str, Config]) -> None:
    """Reflectors keep one best path per RD: with one RD per VPN a dual-homed prefix loses its second path."""
    by_vpn: dict[str, list[str]] = {}
    for name, config in configs.items():
        case = name.split("/")[0]
        for vpn, rd in re.findall(r"^(?:ip vpn-instance|vrf definition) (\S+)\n(?: .*\n)*?\s+(?:route-distinguisher|rd)"
                                  r" (\S+)", config.text, re.M):
            by_vpn.setdefault(f"{case}/{vpn}", []).append(rd)
    assert len(by_vpn) >= 8
    for vpn, rds in by_vpn.items():
        assert len(set(rds)) == len(rds) > 1, vpn


ESSENTIALS = {  # per software: (what every router renders, what every device renders)
    "vrp8": (["bfd\n#", "bfd all-interfaces enable", "bfd enable\n", "password cipher ", "routing-table limit 20000 80",
              "ldp-sync\n"], ["ntp-service authentication enable", "authentication-keyid 1\n", "v3 privacy\n"]),
    "comware7": (["bfd enable\n", "password cipher ", "routing-table limit 20000 80"],
                 ["ntp-service authentication enable", "authentication-keyid 1 source", "v3 privacy\n"]),
    "iosxe": (["bfd all-interfaces", "mpls ldp sync", " password ", "maximum routes 20000 80"],
              ["ntp authenticate", " key 1 source ", "version 3 priv "]),
}
ESSENTIALS["vrp5"] = ESSENTIALS["vrp8"]
ESSENTIALS["usg"] = ([], ESSENTIALS["vrp8"][1])


def test_production_essentials_on_every_device(configs: dict[str, Config]) -> None:
    """BFD, LDP-IGP sync, BGP and OSPF authentication, VPN route limits, NTP authentication, SNMPv3 traps: the
    keys are secrets (placeholders here), never the SNMP community as a trap security name."""
    for config in configs.values():
        os = PLATFORMS[config.platform].os
        routers, everyone = ESSENTIALS[os]
        for line in everyone + (routers if "ospf" in config.text or "isis" in config.text else []):
            assert line in config.text, (config.device, line)
        assert "securityname <SECRET:snmp_community>" not in config.text
        assert "version 2c <SECRET:snmp_community>" not in config.text


def test_igp_costs_follow_bandwidth_from_an_explicit_reference_on_point_to_point_links(
        configs: dict[str, Config]) -> None:
    """Every /31 link runs the IGP point-to-point with a cost of 10^6 Mbit/s divided by its bandwidth; each
    OSPF process states that reference bandwidth."""
    from govnet.render.underlay import igp_cost

    costs = {igp_cost(b) for b in (100 * 10**9, 40 * 10**9, 10 * 10**9, 10**9, 200 * 10**6, 100 * 10**6)}
    links = 0
    for config in configs.values():
        text = config.text
        if re.search(r"^(ospf 1|router ospf 1)", text, re.M):
            assert re.search(r"^ (bandwidth-reference|auto-cost reference-bandwidth) 1000000$", text, re.M)
        for block in re.findall(r"^interface \S+\n(?: .*\n)*", text, re.M):
            if not re.search(r" ip address \S+ 255\.255\.255\.254\n", block) or "ZONE-" in block or "MGMT" in block:
                continue
            if not re.search(r"(ospf|isis|ip router isis|network-type|circuit-type)", block):
                continue  # the national PE's end: no IGP
            assert re.search(r"network-type p2p|circuit-type p2p|network point-to-point", block), block
            cost = re.search(r"(?:ospf cost|isis cost|isis metric) (\d+)", block)
            assert cost is not None and int(cost[1]) in costs, block
            links += 1
    assert links > 40


def test_routers_of_a_site_are_interconnected_in_the_underlay(configs: dict[str, Config]) -> None:
    """A site's routers talk over their own /31 in the IGP and LDP, not across township routers or firewalls."""
    by_site: dict[str, list[Config]] = {}
    for name, config in configs.items():
        if config.platform not in ("huawei_usg", "h3c_secpath"):
            by_site.setdefault(f"{name.split('/')[0]}/{config.site}", []).append(config)
    pairs = 0
    for members in by_site.values():
        members.sort(key=lambda c: c.device)
        for a, b in itertools.pairwise(members):
            ends = []
            for near, far in ((a, b), (b, a)):  # the near router's one port toward its site peer
                block = re.search(rf"^interface \S+\n(?: port link-mode route\n)? description TO-"
                                  rf"{re.escape(far.device)}-\S+\n(?: .*\n)*", near.text, re.M)
                assert block is not None, (near.device, far.device)
                assert re.search(r"mpls (ldp|ip)", block[0]) and re.search(r"p2p|point-to-point", block[0])
                address = re.search(r" ip address (\S+) 255\.255\.255\.254", block[0])
                assert address is not None
                ends.append(int(ipaddress.ip_address(address[1])))
            assert abs(ends[0] - ends[1]) == 1 and min(ends) % 2 == 0
            pairs += 1
    assert pairs >= 10


def test_every_nat_pool_has_a_blackhole(configs: dict[str, Config]) -> None:
    """USG: 'route enable' in the address group; SecPath: a static route of the pool to NULL 0."""
    pools = 0
    for config in _of(configs, "huawei_usg", "h3c_secpath"):
        for group in re.findall(r"^nat address-group .*\n(?: .*\n)*", config.text, re.M):
            pools += 1
            if config.platform == "huawei_usg":
                assert " route enable\n" in group, config.device
            else:
                first = re.search(r" address (\S+) ", group)
                assert first is not None and re.search(rf"^ip route-static {re.escape(first[1])} \d+ NULL 0 ",
                                                       config.text, re.M), config.device
    assert pools >= 4


def test_national_backbone_hand_off_is_option_a_per_vpn(configs: dict[str, Config]) -> None:
    """routing.national: on each backbone link toward the national PE, per handed-off VPN a sub-interface
    (VLAN = zone number) in the VPN instance, and an eBGP session in that VPN instance to the national AS."""
    sessions = 0
    for config in configs.values():
        ends = re.findall(r"^interface (\S+)\.100\n description TO-(JX-NATIONAL-PE0\d)-VPN-public\n(?: .*\n)*?"
                          r" ip address (\S+) 255\.255\.255\.254\n", config.text, re.M)
        for _, pe, address in ends:
            theirs = str(ipaddress.ip_address(address) + 1)
            assert re.search(rf"^ ipv4-family vpn-instance PUBLIC\n(?:  .*\n)*?  peer {re.escape(theirs)} as-number "
                             r"64512\n", config.text, re.M), (config.device, pe)
            sessions += 1
    assert sessions == 4  # two province core routers in each golden model


def test_routers_send_each_zone_to_one_firewall_of_a_pair(configs: dict[str, Config]) -> None:
    """No load sharing over two firewalls without session sync: every route toward a site's second firewall is a
    floating backup (worse preference), every route toward its first is not."""
    checked = 0
    for config in _of(configs, "huawei_vrp8", "huawei_vrp", "h3c_comware", "cisco_iosxe"):
        for line in re.findall(r"^ip route(?:-static)? vpn-instance .*$|^ip route vrf .*$", config.text, re.M):
            far = re.search(r"TO-(\S+-FW(\d\d))$", line)
            if far is None:
                continue
            floating = " preference 70 " in line or re.search(r" 2 name ", line) is not None
            assert floating == (far[2] != "01"), (config.device, line)
            checked += 1
    assert checked > 20


def test_comware_isis_imports_static_routes_in_its_ipv4_unicast_family(configs: dict[str, Config]) -> None:
    """Comware 7 takes IS-IS 'import-route' in the IS-IS IPv4 unicast address family view only (IS-IS command
    reference, import-route, 【视图】); typed in the IS-IS view it is refused, and the static routes (firewall and
    management legs) would never reach the level-2 backbone."""
    found = 0
    for config in _of(configs, "h3c_comware"):
        block = re.search(r"(?ms)^isis 1\n(.*?)^#", config.text)
        if block is None or "import-route" not in block[1]:
            continue
        found += 1
        assert not re.search(r"(?m)^ import-route", block[1]), config.name
        assert " address-family ipv4 unicast\n  import-route static level-2\n" in block[1], config.name
    assert found


@pytest.mark.parametrize("platform, creation, deletion", [("h3c_comware", "peer {} as-number", "  undo peer {}"),
                                                          ("cisco_iosxe", "neighbor {} remote-as", "  no neighbor {}")])
def test_comware_and_iosxe_remediation_delete_a_dropped_bgp_peer_with_one_line(
        configs: dict[str, Config], platform: str, creation: str, deletion: str) -> None:
    """Comware deletes a BGP peer with 'undo peer P' (H3C BGP command reference, peer as-number), IOS XE with 'no
    neighbor P' (cisco.ios ios_bgp_global): the line-by-line negation hier_config gives ('undo peer P description
    ...', 'no neighbor P activate' in each family) is refused line after line once the peer is gone."""
    from govnet.render.diff import remediate

    config = next(c for c in _of(configs, platform) if re.search(creation.format(r"\S+"), c.text))
    peer = re.search(creation.format(r"(\S+)"), config.text)
    assert peer is not None
    named = re.compile(rf"\b(peer|neighbor) {re.escape(peer[1])}\b")
    new = "".join(line for line in config.text.splitlines(keepends=True) if not named.search(line))
    lines, flagged = remediate(platform, config.text, new)
    assert [line for line in lines if named.search(line)] == [deletion.format(peer[1])], lines
    assert flagged == sum(line.startswith("!! DANGER") for line in lines) == 1
    assert not any(line.strip().startswith("address-family") for line in lines)  # nothing left to do there


@pytest.mark.parametrize("platform, creation, deletion", [("huawei_vrp8", "peer {} as-number", "undo peer {}"),
                                                          ("h3c_comware", "peer {} as-number", "undo peer {}"),
                                                          ("cisco_iosxe", "neighbor {} remote-as", "no neighbor {}")])
def test_remediation_of_a_peer_whose_as_changes_deletes_it_and_creates_it_again_whole(
        configs: dict[str, Config], platform: str, creation: str, deletion: str) -> None:
    """Comware cannot change a peer's AS in place (H3C BGP command reference, peer as-number: delete the peer, then
    configure the new AS) and VRP has no 'undo peer P as-number N': the peer is deleted with one line and every line
    of it in the new config follows (hier_config sent 'undo peer P as-number N' and the new AS line alone, so the
    peer came back without its password, source, BFD or address families)."""
    from govnet.render.diff import remediate

    config = next(c for c in _of(configs, platform) if re.search(creation.format(r"\S+") + r" \d+", c.text))
    found = re.search(creation.format(r"(\S+)") + r" (\d+)", config.text)
    assert found is not None
    peer, asn = found[1], found[2]
    new = config.text.replace(f"{creation.format(peer)} {asn}\n", f"{creation.format(peer)} 65999\n")
    lines, _flagged = remediate(platform, config.text, new)
    named = re.compile(rf"\b(peer|neighbor) {re.escape(peer)}\b")
    told = [line.strip() for line in lines if named.search(line)]
    stated = [line.strip() for line in new.splitlines() if named.search(line)]
    assert told == [deletion.format(peer), *stated], told

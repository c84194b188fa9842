"""govnet verify against single-line mutations of the golden configs that break the network but which verify did
not see (mutation testing: one line deleted or altered at a time on one config, per platform). Each test injects one
such mutation and expects the finding that names it; each failed on the verify before it."""

from __future__ import annotations

import re

import pytest

from test_verify import Rendered, at, codes, drop, sub


def test_ldp_needs_mpls_on_the_port_and_ldp_on_the_device(huawei: Rendered) -> None:
    """VRP and Comware run LDP on a port only with MPLS on it ('mpls' / 'mpls enable') and the device's 'mpls ldp'
    view: without either, the port's 'mpls ldp' forms no session and labelled VPN traffic stops there."""
    assert "GN905" in codes(huawei.added(JX_360102002_R01=drop(r"^mpls ldp$")))
    assert "GN905" in codes(huawei.added(JX_360102002_R01=drop(r"^mpls lsr-id ")))
    assert "GN905" in codes(huawei.added(JX_360102002_R01=sub("\n mpls\n mpls ldp\n", "\n mpls ldp\n")))
    comware = huawei.added(JX_360102_R01=sub(" mpls enable\n mpls ldp enable\n", " mpls ldp enable\n"))
    assert [file for file, _ in at(comware, "GN905")] == ["configs/360102/JX-360102-R01.cfg"]


def test_ibgp_session_sourced_from_the_loopback(huawei: Rendered, cisco: Rendered) -> None:
    """The far end peers with Loopback0: a session opened from the outgoing port never comes up."""
    found = huawei.added(JX_360102002_R01=drop(r"^ peer 10\.0\.0\.4 connect-interface "))
    assert any("from the outgoing port" in message for _, message in at(found, "GN907"))
    found = cisco.added(JX_360102_R01=drop(r"^ neighbor 10\.0\.0\.4 update-source "))
    assert [file for file, _ in at(found, "GN907")] == ["configs/360102/JX-360102-R01.cfg"]
    wrong = cisco.added(JX_360102_R01=sub("neighbor 10.0.0.4 update-source Loopback0",
                                          "neighbor 10.0.0.4 update-source Loopback1"))
    assert "GN907" in codes(wrong)


def test_ios_xe_vpnv4_routes_carry_their_route_targets(cisco: Rendered) -> None:
    """IOS XE sends no extended community unless told: VPNv4 routes without route targets are imported nowhere."""
    found = cisco.added(JX_360102_R01=sub("  neighbor 10.0.0.4 send-community extended\n", ""))
    assert [file for file, message in at(found, "GN909") if "without extended communities" in message] == \
        ["configs/360102/JX-360102-R01.cfg"]


@pytest.mark.parametrize(("case", "device", "line"), [
    ("huawei", "JX_360102002_R01", r"^  route-distinguisher 10\.0\.0\.11:100$"),  # VRP 5
    ("huawei", "JX_360102_R01", r"^ route-distinguisher 10\.0\.0\.9:100$"),  # Comware
    ("cisco", "JX_360102_R01", r"^ rd 10\.0\.0\.9:100$"),  # IOS XE
])
def test_vpn_instance_without_its_rd(case: str, device: str, line: str, request: pytest.FixtureRequest) -> None:
    rendered: Rendered = request.getfixturevalue(case)
    found = rendered.added(**{device: drop(line)})
    assert any("has no route distinguisher" in message for _, message in at(found, "GN911"))


def test_ios_xe_port_without_no_shutdown_is_down(cisco: Rendered) -> None:
    """An IOS XE router's physical port is shut down until 'no shutdown', and its sub-interfaces with it."""
    text = cisco.configs["JX-360102-R01"].text
    parent = text.split("interface TenGigabitEthernet0/2/1\n", 1)[1].split("\n!", 1)[0]
    assert " no shutdown" in parent
    found = cisco.added(JX_360102_R01=sub("interface TenGigabitEthernet0/2/1\n" + parent,
                                          "interface TenGigabitEthernet0/2/1\n" + parent.replace(" no shutdown\n", "")
                                          .replace("\n no shutdown", "")))
    assert "GN901" in codes(found) or "GN906" in codes(found)


def test_shut_port_takes_its_sub_interfaces_down(huawei: Rendered) -> None:
    """'shutdown' on a router's port toward a firewall takes every zone leg on it down."""
    lines = huawei.configs["JX-36-CR01"].text.splitlines()
    port = next(lines[i].split()[1] for i in range(len(lines) - 1) if lines[i].startswith("interface ")
                and "." not in lines[i] and lines[i + 1].startswith(" description TO-JX-36-FW01-"))
    found = huawei.added(JX_36_CR01=sub(f"interface {port}\n", f"interface {port}\n shutdown\n"))
    assert codes(found) & {"GN901", "GN906"}


def test_firewall_port_block_left_out_is_no_crash(huawei: Rendered, cisco: Rendered) -> None:
    """A firewall config without its port's own block (only the sub-interfaces) is judged, not a KeyError."""
    huawei.verify(JX_36_FW01=drop(r"^interface XGigabitEthernet1/2/0$"))
    cisco.verify(JX_3601_FW01=drop(r"^interface Ten-GigabitEthernet1/2/1$"))


def test_firewall_port_in_no_security_zone(huawei: Rendered) -> None:
    """A USG or SecPath port bound to no security zone passes no traffic: the zone leg is cut."""
    usg = huawei.added(JX_36_FW01=drop(r"^ add interface XGigabitEthernet1/2/0\.100$"))
    assert [message for _, message in at(usg, "GN923") if "in no security zone" in message] == \
        ["JX-36-FW01 XGigabitEthernet1/2/0.100 (10.1.0.55/31) is in no security zone: the firewall passes no "
         "traffic to or from it"]
    secpath = huawei.added(JX_360102_FW01=drop(r"^ import interface Ten-GigabitEthernet1/2/1\.100$"))
    assert any("in no security zone" in message for _, message in at(secpath, "GN923"))


def test_zone_leg_bound_to_another_security_zone(huawei: Rendered) -> None:
    def move(text: str) -> str:  # the public leg toward JX-36-CR01 bound to hrss instead
        return text.replace(" add interface XGigabitEthernet1/2/0.100\n", "").replace(
            "firewall zone name hrss\n", "firewall zone name hrss\n add interface XGigabitEthernet1/2/0.100\n")

    moved = huawei.added(JX_36_FW01=move)
    assert any("carries zone public (VLAN 100) but is bound to security zone hrss" in message
               for _, message in at(moved, "GN923"))


@pytest.mark.parametrize(("case", "device", "old", "new"), [
    ("huawei", "JX_36_CR01", "ZONE-public\n dot1q termination vid 100\n", "ZONE-public\n dot1q termination vid 101\n"),
    ("huawei", "JX_36_CR01", "ZONE-public\n dot1q termination vid 100\n", "ZONE-public\n"),  # the id left out
    ("huawei", "JX_360102_R01", " vlan-type dot1q vid 100\n", " vlan-type dot1q vid 110\n"),  # Comware
    ("cisco", "JX_360102_R01", " encapsulation dot1Q 100\n", " encapsulation dot1Q 120\n"),  # IOS XE
])
def test_dot1q_id_at_one_end(case: str, device: str, old: str, new: str, request: pytest.FixtureRequest) -> None:
    """A zone leg whose VLAN id differs at its two ends carries nothing."""
    rendered: Rendered = request.getfixturevalue(case)
    found = rendered.added(**{device: sub(old, new)})
    assert any("no frame crosses" in message for _, message in at(found, "GN901"))


@pytest.mark.parametrize(("case", "device", "line"), [
    ("huawei", "JX_36_CR01", r"^ rule 5 permit source 10\.4\.0\.0 0\.0\.0\.255$"),  # VRP 8
    ("huawei", "JX_360102002_R01", r"^ rule 5 permit source 10\.4\.0\.0 0\.0\.0\.255$"),  # VRP 5
    ("huawei", "JX_36_FW01", r"^ rule 5 permit source 10\.4\.0\.0 0\.0\.0\.255$"),  # USG
    ("huawei", "JX_360102_R01", r"^ rule 5 permit source 10\.4\.0\.0 0\.0\.0\.255$"),  # Comware
    ("cisco", "JX_3601_CR01", r"^ permit 10\.4\.0\.0 0\.0\.0\.255$"),  # IOS XE
])
def test_vty_acl_without_the_management_network(case: str, device: str, line: str,
                                                request: pytest.FixtureRequest) -> None:
    """The VTY ACL's permit of the NOC dropped: the NOC is locked out of the device."""
    rendered: Rendered = request.getfixturevalue(case)
    found = rendered.added(**{device: drop(line)})
    assert [message for _, message in at(found, "GN933") if "locked out" in message] != []


def test_vty_acl_narrowed_or_left_out(huawei: Rendered, cisco: Rendered) -> None:
    narrowed = huawei.added(JX_36_CR01=sub(" rule 5 permit source 10.4.0.0 0.0.0.255",
                                           " rule 5 permit source 10.4.0.0 0.0.0.127"))
    assert [file for file, _ in at(narrowed, "GN933")] == ["configs/36/JX-36-CR01.cfg"]
    assert "GN933" in codes(huawei.added(JX_36_CR01=drop(r"^ acl 2001 inbound$")))
    assert "GN933" in codes(cisco.added(JX_3601_CR01=drop(r"^ access-class GOVNET-MGMT in$")))
    assert "GN933" in codes(huawei.added(JX_360102_R01=drop(r"^ssh server acl 2001$")))
    undefined = huawei.added(JX_36_CR01=sub(" acl 2001 inbound", " acl 2002 inbound"))
    assert any("does not define" in message for _, message in at(undefined, "GN933"))


VTY_5_15 = "line vty 5 15\n access-class GOVNET-MGMT in\n login authentication default\n authorization exec default\n" \
    " transport input ssh\n"


@pytest.mark.parametrize(("old", "new", "says"), [
    (VTY_5_15, "", "VTY lines 5-15 are not configured"),  # the template before: 'line vty 0 4' alone
    (VTY_5_15, "line vty 5 15\n login authentication default\n transport input ssh\n",
     "VTY lines 5-15 take logins from any address"),
])
def test_ios_xe_vty_lines_5_to_15_hardened_like_0_to_4(cisco: Rendered, old: str, new: str, says: str) -> None:
    """IOS XE routers have VTY lines 0-15: lines 5-15 left out, or without the access-class or SSH-only transport,
    take logins that lines 0-4 refuse, while 'line vty 0 4' alone looked hardened to verify."""
    found = cisco.added(JX_3601_CR01=sub(old, new))
    assert [(file, message.split(": ")[0]) for file, message in at(found, "GN933")] == \
        [("configs/3601/JX-3601-CR01.cfg", f"JX-3601-CR01's {says}")]


def test_ios_xe_vty_lines_5_to_15_take_ssh_alone(cisco: Rendered) -> None:
    """How each block authenticates and over what is GN938's (govnet.verify.vtyauth), per block too."""
    telnet = VTY_5_15.replace("transport input ssh", "transport input telnet ssh")
    found = cisco.added(JX_3601_CR01=sub(VTY_5_15, telnet))
    assert [message.split(": ")[0] for _, message in at(found, "GN938")] == \
        ["JX-3601-CR01's VTY lines 5-15 take logins over 'telnet ssh', not SSH alone"]


@pytest.mark.parametrize(("device", "old", "new", "says"), [
    ("JX_36_CR01", "user-interface vty 0 4\n", "user-interface maximum-vty 10\nuser-interface vty 0 4\n",
     "VTY lines 5-9 are not configured"),  # VRP 8: lines past the default 5, none of them hardened
    ("JX_360102_R01", "line vty 0 63\n", "line vty 0 31\n", "VTY lines 32-63 are not configured"),  # Comware
])
def test_every_vty_line_of_huawei_and_comware_is_hardened(huawei: Rendered, device: str, old: str, new: str,
                                                          says: str) -> None:
    found = huawei.added(**{device: sub(old, new)})
    assert [message for _, message in at(found, "GN933") if says in message] != [], found


def test_management_loopback_left_out(huawei: Rendered, cisco: Rendered) -> None:
    """Without Loopback1 the device no longer has the address the NMS, syslog and AAA know it by: Loopback0 is
    not its management address."""
    found = huawei.added(JX_360102002_R01=drop(r"^ ip address 10\.2\.0\.160 255\.255\.255\.255$"))
    assert [file for file, _ in at(found, "GN918")] == ["configs/360102002/JX-360102002-R01.cfg"]
    found = cisco.added(JX_360102_R01=lambda text: text.replace(
        text.split("interface Loopback1\n", 1)[1].split("\n", 1)[0] + "\n", "", 1))
    assert "GN918" in codes(found)


def test_ospf_md5_key_id_at_one_end(huawei: Rendered) -> None:
    """OSPF keyed MD5 sends its key ID: a receiver without that key ID drops every packet, so no adjacency forms."""
    for device in ("JX_360102002_R01", "JX_360102_R01"):  # VRP 5, Comware: the area view's key ID
        found = huawei.added(**{device: sub("authentication-mode md5 1 cipher", "authentication-mode md5 2 cipher")})
        assert any("ospf md5 key 2" in message for _, message in at(found, "GN903")), device


def test_hot_standby_peer_address_of_no_device(huawei: Rendered, cisco: Rendered) -> None:
    """The HRP (USG) or RBM (SecPath) peer's address changed to one no device has: the pair shares no sessions."""
    text = huawei.configs["JX-36-FW01"].text
    line = next(line for line in text.splitlines() if line.startswith("hrp interface ") and " remote " in line)
    found = huawei.added(JX_36_FW01=sub(line, line.rsplit(" ", 1)[0] + " 192.0.2.99"))
    assert any("192.0.2.99 is an address of no device" in message for _, message in at(found, "GN916"))
    found = cisco.added(JX_3601_FW01=lambda t: re.sub(r"^ remote-ip \S+$", " remote-ip 192.0.2.99", t, flags=re.M))
    assert any("192.0.2.99 is an address of no device" in message for _, message in at(found, "GN916"))


@pytest.mark.parametrize("device", ["JX_36_CR01", "JX_360102002_R01"])  # VRP 8 (firewall legs), VRP 5 (a unit)
def test_vrp_termination_without_arp_broadcast(huawei: Rendered, device: str) -> None:
    """A VRP dot1q termination sub-interface without 'arp broadcast enable' drops what it has no ARP entry for."""
    found = huawei.added(**{device: sub("\n arp broadcast enable\n", "\n")})
    assert len(at(found, "GN934")) == 1


def test_isis_lsp_authentication_at_one_router(cisco: Rendered) -> None:
    """Hellos still authenticate (the port's mode), but a router drops the level-2 LSPs of a neighbour that
    authenticates them otherwise: no routes cross."""
    for device, line in (("JX_3601_CR01", r"^ authentication mode md5 level-2$"),  # IOS XE
                         ("JX_3601_CR02", r"^ domain-authentication-mode md5 "),  # Comware
                         ("JX_36_CR01", r"^ domain-authentication-mode md5 ")):  # VRP 8
        found = cisco.added(**{device: drop(line)})
        assert any("LSPs are authenticated with" in message for _, message in at(found, "GN903")), device


@pytest.mark.parametrize(("case", "device", "old", "new"), [
    ("huawei", "JX_36_FW01", "  source-address 10.4.0.0 24\n  action permit\n",
     "  source-address 10.4.0.0 24\n  action deny\n"),
    ("huawei", "JX_36_VPN01", "  destination-zone local\n  source-address 10.4.0.0 24\n",
     "  destination-zone dmz\n  source-address 10.4.0.0 24\n"),  # USG access gateway: the rule aimed elsewhere
    ("huawei", "JX_360102_FW01", " rule name govnet-management-in\n  action pass\n",
     " rule name govnet-management-in\n  action drop\n"),  # SecPath
])
def test_firewall_policy_refuses_the_management_networks(case: str, device: str, old: str, new: str,
                                                          request: pytest.FixtureRequest) -> None:
    """The firewall's own rule for the NOC (management zone to local) denied or pointed elsewhere: locked out."""
    rendered: Rendered = request.getfixturevalue(case)
    found = rendered.added(**{device: sub(old, new)})
    assert any("reach the firewall itself" in message for _, message in at(found, "GN933"))


def test_nat_rule_or_pool_gone(huawei: Rendered, cisco: Rendered) -> None:
    """Traffic toward a carrier translated to no pool keeps its extranet source, which the carrier drops."""
    renamed = huawei.added(JX_36_FW01=sub("action source-nat address-group NAT-36-CT", "action source-nat "
                                          "address-group NAT-36-XX"))
    assert sorted(m.split(":")[0] for _, m in at(renamed, "GN919")) == [
        "JX-36-FW01 sends traffic out by carrier CT translated to no NAT pool",
        "JX-36-FW01 translates traffic to NAT pool NAT-36-XX, which the config does not define"]
    no_rule = huawei.added(JX_36_FW01=drop(r"^  action source-nat address-group NAT-36-CU$"))
    assert [m.split(":")[0] for _, m in at(no_rule, "GN919")] == [
        "JX-36-FW01 sends traffic out by carrier CU translated to no NAT pool"]
    secpath = cisco.added(JX_3601_FW01=drop(r"^ nat outbound address-group 2$"))
    assert any("translated to no NAT pool" in m for _, m in at(secpath, "GN919"))


def test_ios_xe_is_known_without_its_hostname(cisco: Rendered) -> None:
    """The dialect is read from more than the hostname line: without it an IOS XE config still runs LDP."""
    assert "GN905" not in codes(cisco.added(JX_360102_R01=drop(r"^hostname ")))


def test_bgp_password_on_one_end(huawei: Rendered, cisco: Rendered) -> None:
    """TCP MD5 on one end only: the signed end drops the other's segments, the session never comes up."""
    found = huawei.added(JX_360102002_R01=drop(r"^ peer 10\.0\.0\.4 password "))
    assert any("TCP MD5 authentication is configured toward JX-360102002-R01 on JX-3601-CR01 only" in m
               for _, m in at(found, "GN907"))
    found = cisco.added(JX_360102_R01=drop(r"^ neighbor 10\.0\.0\.4 password "))
    assert any("TCP MD5" in m for _, m in at(found, "GN907"))


def test_carrier_handoff_without_its_address(huawei: Rendered) -> None:
    """The handoff's address gone: the default route toward the carrier resolves through nothing."""
    found = huawei.added(JX_36_CR01=drop(r"^ ip address 198\.51\.100\.130 255\.255\.255\.252$"))
    assert any("has no address" in m for _, m in at(found, "GN925"))


def test_hot_standby_peer_that_does_not_name_it_back(huawei: Rendered) -> None:
    """The HRP peer address changed to another device's (here JX-36-CR01's loopback): one-sided, no shared sessions."""
    text = huawei.configs["JX-36-FW01"].text
    line = next(line for line in text.splitlines() if line.startswith("hrp interface ") and " remote " in line)
    found = huawei.added(JX_36_FW01=sub(line, line.rsplit(" ", 1)[0] + " 10.0.0.0"))
    assert any("which does not name JX-36-FW01 as its peer" in m for _, m in at(found, "GN916"))


def test_every_island_is_cut_off_when_the_province_core_runs_no_igp(huawei: Rendered) -> None:
    """Both province core routers without their IGP: no IGP component holds the core, and the largest island (the
    3601 city's) was numbered as if it did, so verify said the cities 3602 and CLOUD were cut off, not 3601."""
    no_igp = drop(r"isis|ospf")
    found = huawei.added(JX_36_CR01=no_igp, JX_36_CR02=no_igp)
    islands = sorted(file for file, message in at(found, "GN904") if "cut off from the province core" in message)
    assert islands == ["configs/3601/JX-3601-CR01.cfg", "configs/3602/JX-3602-CR01.cfg",
                       "configs/CLOUD/JX-CLOUD-CR01.cfg"]

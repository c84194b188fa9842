"""`govnet diff --remediation` on VRP 5 (platform huawei_vrp, the AR routers) deletes in the forms the VRP 5
reference gives (govnet.render.remediation.vrp5_forms), where it was found.

No AR command reference is in any corpus here; the reference is that of Huawei's S-series campus switches on the
same VRP 5 release line (V200R0xx; public copy: a10.tagan.ru/huawei/dc/, the page named after each command),
written out here rather than taken from the code under test:
- ntp-service_unicast-server.html: 'undo ntp-service unicast-server { ip-address | ipv6 ipv6-address }
  [ vpn-instance vpn-instance-name ]'.
- snmp-agent_target-host_trap.html: 'undo snmp-agent target-host trap address udp-domain ip-address [ udp-port P |
  source IF | [ public-net | vpn-instance V ] ] * params securityname { security-name | cipher security-name }'.
- authentication-mode_authentication-scheme_view.html: 'undo authentication-mode'.
- route-policy.html: 'undo route-policy route-policy-name [ node node ]'.
- peer_password.html: 'undo peer { group-name | ipv4-address | ipv6-address } password'.
- acl_system_view.html 'undo acl { [ number ] acl-number | all }', acl_ipv6_system_view.html 'undo acl ipv6
  { all | [ number ] acl6-number }', acl_user_interface_view.html 'undo acl [ ipv6 ] [ acl-number | acl-name ]
  { inbound | outbound }', ip_as-path-filter.html 'undo ip as-path-filter { number | name } [ { deny | permit }
  regular-expression ]', vpn-target_vpn_instance_view.html 'undo vpn-target { all | vpn-target &<1-8> [ both |
  export-extcommunity | import-extcommunity ] }': what hier_config already sends, held here so it stays so.
"""

from __future__ import annotations

import re
from pathlib import Path

from govnet.render.diff import remediate
from model_edits import before_and_after, deletions, moved_noc, rendered

HERE = Path(__file__).resolve().parent


def test_moved_ntp_and_trap_servers_are_deleted_in_the_vrp5_forms(tmp_path: Path) -> None:
    """The NOC moves (govnet.yaml: 10.4.0.x to 10.5.0.x): each AR deletes its old NTP server by its address alone
    and its old trap host without the 'v3 privacy' it was created with; hier_config wrote 'undo ntp-service
    unicast-server A source-interface LoopBack1 authentication-keyid 1' and '... params securityname U v3
    privacy', which the VRP 5 reference does not have."""
    before, after = before_and_after(HERE / "golden" / "huawei-h3c" / "model", tmp_path, moved_noc)
    found = deletions(before, after, "huawei_vrp", ("undo ntp-service unicast-server", "undo snmp-agent target-host"))
    for name, lines in found.items():
        ntp = [line for line in lines if line.startswith("undo ntp")]
        trap = [line for line in lines if line.startswith("undo snmp")]
        assert ntp and all(re.fullmatch(r"undo ntp-service unicast-server 10\.4\.0\.\d+", line) for line in ntp), \
            (name, ntp)
        assert trap and all(re.fullmatch(r"undo snmp-agent target-host trap address udp-domain 10\.4\.0\.\d+ "
                                         r"params securityname \S+", line) for line in trap), (name, trap)
    assert len(found) >= 4


def test_an_ntp_server_in_a_vpn_instance_keeps_the_instance() -> None:
    """The VPN instance is part of the server's key ('[ vpn-instance vpn-instance-name ]'), wherever the creation
    wrote it among the options; the other options go."""
    old = "ntp-service unicast-server 10.4.0.1 source-interface LoopBack1 vpn-instance MGMT authentication-keyid 1\n"
    lines, _ = remediate("huawei_vrp", old, "")
    assert lines == ["undo ntp-service unicast-server 10.4.0.1 vpn-instance MGMT"]


def test_an_authentication_scheme_mode_is_deleted_without_its_modes() -> None:
    """'undo authentication-mode' in the authentication scheme view takes no modes; hier_config wrote 'undo
    authentication-mode radius local'. The user interface's 'authentication-mode aaa' is not touched (its VRP 5 form
    was not found)."""
    old = ("aaa\n authentication-scheme GOVNET\n  authentication-mode radius local\n"
           "user-interface vty 0 4\n authentication-mode aaa\n")
    new = "aaa\n authentication-scheme GOVNET\nuser-interface vty 0 4\n"
    lines, _ = remediate("huawei_vrp", old, new)
    assert [line.strip() for line in lines if "authentication-mode" in line] == \
        ["undo authentication-mode", "undo authentication-mode aaa"]


def test_acl_deletions_are_already_in_the_documented_forms() -> None:
    """A management ACL and the VTY's reference to it, and the IPv6 carrier ACL, deleted: 'undo acl number N'
    (system view), 'undo acl N inbound' (user interface view), 'undo acl ipv6 number N', as the reference gives
    them."""
    old = ("acl number 2001\n rule 5 permit source 10.4.0.0 0.0.0.255\nacl ipv6 number 3500\n rule 5 permit ipv6\n"
           "user-interface vty 0 4\n acl 2001 inbound\n protocol inbound ssh\n")
    new = "user-interface vty 0 4\n protocol inbound ssh\n"
    lines, _ = remediate("huawei_vrp", old, new)
    assert sorted(line.strip() for line in lines if "acl" in line) == \
        ["undo acl 2001 inbound", "undo acl ipv6 number 3500", "undo acl number 2001"]


def test_forms_without_a_vrp5_reference_are_left_as_hier_config_wrote_them() -> None:
    """No VRP 5 text was found for a static route's deletion: the whole line stays (the VRP 8 cut, which drops
    the description and preference, is not borrowed)."""
    old = "ip route-static vpn-instance PUBLIC 10.128.16.0 255.255.255.128 NULL0 preference 70 description B\n"
    lines, _ = remediate("huawei_vrp", old, "")
    assert lines == ["undo " + old.strip()]


def test_a_route_policy_node_is_deleted_by_its_name_and_node() -> None:
    """'undo route-policy route-policy-name [ node node ]': hier_config wrote 'undo route-policy P permit node 20',
    with the matching mode the reference's deletion does not take."""
    old = ("route-policy GOV-IMPORT permit node 10\n if-match ip-prefix GOV-IMPORT\n"
           "route-policy GOV-IMPORT permit node 20\n if-match as-path-filter AS64512\n")
    lines, _ = remediate("huawei_vrp", old, "route-policy GOV-IMPORT permit node 10\n if-match ip-prefix GOV-IMPORT\n")
    assert lines == ["undo route-policy GOV-IMPORT node 20"]


def test_a_bgp_peer_password_is_deleted_without_its_key() -> None:
    """A new routing key: 'undo peer P password' (BGP view and VPN instance family view), then the new key;
    hier_config wrote 'undo peer P password cipher OLD'."""
    old = ("bgp 64548\n peer 10.0.0.4 as-number 64548\n peer 10.0.0.4 password cipher OLD\n"
           " ipv4-family vpn-instance HRSS\n  peer 10.9.0.1 as-number 4809\n  peer 10.9.0.1 password cipher OLD\n")
    lines, _ = remediate("huawei_vrp", old, old.replace("OLD", "NEW"))
    assert [line.strip() for line in lines if "password" in line] == \
        ["undo peer 10.0.0.4 password", "peer 10.0.0.4 password cipher NEW",
         "undo peer 10.9.0.1 password", "peer 10.9.0.1 password cipher NEW"]


def test_as_path_filter_and_vpn_target_deletions_are_already_in_the_documented_forms() -> None:
    """Each AR config loses its AS_Path filters and its VPN targets: 'undo ip as-path-filter NAME permit REGEX' and
    'undo vpn-target RT export-extcommunity' are forms the reference gives ('[ { deny | permit } regular-expression
    ]', 'vpn-target &<1-8> [ both | export-extcommunity | import-extcommunity ]'), kept as they are."""
    seen = set()
    for name, config in rendered(HERE / "golden" / "huawei-h3c" / "model").items():
        if config.platform != "huawei_vrp":
            continue
        kept = [line for line in config.text.splitlines()
                if not line.startswith("ip as-path-filter ") and not line.strip().startswith("vpn-target ")]
        for line in remediate(config.platform, config.text, "\n".join(kept))[0]:
            if "as-path-filter" in line and line.startswith("undo"):
                assert re.fullmatch(r"undo ip as-path-filter \S+ (?:permit|deny) \S+", line), (name, line)
                seen.add("as-path-filter")
            elif "vpn-target" in line and "policy" not in line:
                assert re.fullmatch(r"undo vpn-target \S+ (?:export|import)-extcommunity", line.strip()), (name, line)
                seen.add("vpn-target")
    assert seen == {"as-path-filter", "vpn-target"}

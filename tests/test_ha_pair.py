"""Firewall pairs after one router leg fails (issue 13 item 4): the USG pair's ports toward the routers share a link
group, so losing one leg takes the firewall's other leg down too and both routers fall back to the peer, which HRP
makes active; verify (GN929) holds an HRP firewall to it. The SecPath pairs render no group yet (unconfirmed): verify
says what a leg failure then does (GN932, a warning)."""

from __future__ import annotations

import re

import pytest

from govnet.verify.scan import scan
from test_verify import Rendered, drop, line_of, sub


def _block(text: str, port: str) -> str:
    return text.split(f"\ninterface {port}\n", 1)[1].split("#", 1)[0]


def _tracked(text: str) -> list[str]:
    return re.findall(r"^hrp track interface (\S+)$", text, re.M)


@pytest.mark.parametrize("device", ["JX-36-FW01", "JX-36-FW02", "JX-36-VPN01", "JX-36-VPN02"])
def test_hrp_pair_ports_toward_the_routers_share_a_link_group(huawei: Rendered, device: str) -> None:
    """Each USG of a pair (firewalls and access gateways) puts every port HRP tracks, one per router, in link group
    1, and nothing else: not the heartbeat port, not the sub-interfaces (the group binds physical ports)."""
    text = huawei.configs[device].text
    tracked = _tracked(text)
    assert len(tracked) == 2, tracked  # one port toward each of the site's two routers
    for port in tracked:
        assert " link-group 1\n" in _block(text, port), port
    grouped = re.findall(r"^interface (\S+)\n(?:(?! link-group)[^#\n]*\n)* link-group 1$", text, re.M)
    assert sorted(grouped) == sorted(tracked)


def test_no_link_group_without_a_pair(huawei: Rendered, cisco: Rendered) -> None:
    """A county's one firewall, the routers and the SecPath pairs (no collaboration group rendered: its member
    command is unconfirmed) carry no link group."""
    assert "link-group" not in huawei.configs["JX-360102-FW01"].text
    assert "link-group" not in huawei.configs["JX-36-CR01"].text
    secpath = [d.name for d in cisco.model.devices.values() if d.platform == "h3c_secpath"]
    assert "JX-3601-FW01" in secpath and not [name for name in secpath if "link-group" in cisco.configs[name].text]
    assert " link-group 1\n" in cisco.configs["JX-36-FW01"].text  # the USG pair of the same model has it


def test_link_group_is_read_back() -> None:
    facts = scan("JX-X-FW01", "x.cfg", "hrp enable\n#\ninterface GigabitEthernet1/0/1\n link-group 1\n#\n"
                 "interface GigabitEthernet1/0/2\n#\n")
    assert facts.hrp and facts.interfaces["GigabitEthernet1/0/1"].link_group == 1
    assert facts.interfaces["GigabitEthernet1/0/2"].link_group is None
    assert not scan("JX-X-FW01", "x.cfg", "remote-backup group\n local-ip 10.0.0.1\n#\n").hrp  # RBM is not HRP


def test_hrp_firewall_without_its_link_group(huawei: Rendered) -> None:
    """The rendered pairs: no GN929. Without its link group (the templates before this fix), the active firewall
    losing its leg to JX-36-CR01 leaves JX-36-CR02 sending to it while JX-36-CR01 falls back to the peer: a finding
    at the failed port. The standby's link group changes nothing the routers do (they prefer the active one), and
    a pair without HRP is GN916's to judge."""
    assert not [d for d in huawei.verify() if d.code == "GN929"]
    found = [d for d in huawei.added(JX_36_FW01=drop(r"^ link-group ")) if d.code == "GN929"]
    port = _tracked(huawei.configs["JX-36-FW01"].text)[0]
    assert [(d.file, d.line) for d in found] == [
        ("configs/36/JX-36-FW01.cfg", line_of(huawei, "JX-36-FW01", rf"^interface {re.escape(port)}$"))]
    assert f"when JX-36-FW01 loses {port} (toward JX-36-CR01), JX-36-CR01 sends " in found[0].message
    assert "to JX-36-FW02, which HRP makes active, while JX-36-CR02 still sends it to JX-36-FW01" in found[0].message
    assert not [d for d in huawei.added(JX_36_FW02=drop(r"^ link-group ")) if d.code == "GN929"]
    assert not [d for d in huawei.added(JX_36_FW01=lambda t: drop(r"^hrp ")(drop(r"^ link-group ")(t)))
                if d.code == "GN929"]
    # the access gateways' pair, its two ports in different groups: one leg down leaves the other up
    split = [d for d in huawei.added(JX_36_VPN01=sub(" link-group 1\n", " link-group 2\n")) if d.code == "GN929"]
    assert [d.file for d in split] == ["configs/36/JX-36-VPN01.cfg"]


def test_link_group_needs_bfd_on_the_other_routers_routes(huawei: Rendered) -> None:
    """The link group takes the firewall's leg to JX-36-CR02 down, but JX-36-CR02's own port stays up: only a BFD
    session withdraws its route over that leg. Without it JX-36-CR02 keeps sending to the old firewall (and to the
    old access gateway)."""
    def untracked(text: str) -> str:
        return re.sub(r" track bfd-session \S+", "", text)

    found = [d for d in huawei.added(JX_36_CR02=untracked) if d.code == "GN929"]
    assert [d.file for d in found] == ["configs/36/JX-36-FW01.cfg", "configs/36/JX-36-VPN01.cfg"]  # both pairs
    assert "while JX-36-CR02 still sends it to JX-36-FW01" in found[0].message


def test_rbm_pairs_are_not_held_to_a_link_group(cisco: Rendered) -> None:
    assert not [d for d in cisco.verify() if d.code == "GN929"]


def test_rbm_pair_one_leg_down_is_said_to_be_unproven(cisco: Rendered, huawei: Rendered) -> None:
    """A SecPath RBM pair renders nothing that moves its other legs when one fails: verify replays each leg failure
    and warns (GN932), for the active member of each pair, that the router on the failed leg then sends to the RBM
    standby while the others keep the active firewall. The HRP pairs, held to their link group, get no GN932."""
    from govnet.codes import Severity

    found = [d for d in cisco.verify() if d.code == "GN932"]
    assert [d.file for d in found] == ["configs/36/JX-36-VPN01.cfg", "configs/3601/JX-3601-FW01.cfg",
                                       "configs/3602/JX-3602-FW01.cfg"]  # the primaries: routers prefer them
    assert {d.severity for d in found} == {Severity.WARNING}  # a statement of what is unproven, not a failure
    assert "JX-3601-CR01 sends INTERNET traffic for 203.0.113.0/29 to JX-3601-FW02, its RBM standby, while " \
           "JX-3601-CR02 still sends it to JX-3601-FW01" in found[1].message
    assert not [d for d in huawei.verify() if d.code == "GN932"]
    # A router with no floating route toward the standby does not move to it (its traffic is dropped instead, which
    # other checks judge): nothing is sent to the standby, and GN932 says nothing of that pair.
    quiet = [d for d in cisco.verify(JX_3601_CR01=drop(r"^ip route vrf .* name TO-JX-3601-FW02$"),
                                     JX_3601_CR02=drop(r"^ip route-static vpn-instance .* TO-JX-3601-FW02$"))
             if d.code == "GN932"]
    assert "configs/3601/JX-3601-FW01.cfg" not in {d.file for d in quiet}


def _policy(text: str, head: str) -> str:
    """The block under the top-level line ``head`` ('security-policy', ...), as the device shows it."""
    return text.split(f"\n{head}\n", 1)[1].split("\n#", 1)[0] if f"\n{head}\n" in text else ""


@pytest.mark.parametrize("pair", [("huawei", "JX-36-FW0"), ("huawei", "JX-36-VPN0"), ("huawei", "JX-3601-FW0"),
                                  ("huawei", "JX-CLOUD-FW0"), ("cisco", "JX-3601-FW0"), ("cisco", "JX-36-VPN0"),
                                  ("cisco", "JX-36-FW0")])
def test_a_pairs_synchronised_policy_is_the_same_text_on_both_members(
        huawei: Rendered, cisco: Rendered, pair: tuple[str, str]) -> None:
    """HRP copies security and NAT policy commands from the USG that holds the configuration to its peer ("the
    configuration commands related to security policies can be backed up", USG admin guide, Configuration Backup;
    security and NAT policy commands, Service/Configuration Active/Standby Status), and RBM's 'configuration
    auto-sync enable' copies the SecPath primary's configuration. A rule that differs between the members is
    overwritten on the standby by the active's: the heartbeat and RBM channel rules named only the peer's address,
    so the standby was left permitting its own address instead of the active's."""
    rendered = {"huawei": huawei, "cisco": cisco}[pair[0]]
    first, second = (rendered.configs[pair[1] + n].text for n in "12")
    assert "\nhrp enable\n" in first or "\nremote-backup group\n" in first
    for head in ("security-policy", "security-policy ip", "nat-policy"):
        assert _policy(first, head) == _policy(second, head), head
    assert _policy(first, "security-policy") or _policy(first, "security-policy ip")


def test_the_standby_usg_leaves_the_policy_change_to_hrp(huawei: Rendered) -> None:
    """A rule added to the province pair's policy: the active's remediation adds it; the standby's leaves the
    security-policy block out, with a note, because HRP copies it from the active and the standby refuses it
    ("Error: The device is in HRP standby state, so this command cannot be executed", USG admin guide,
    sec_admin_hotstandby_0021). Its other changes (here its sysname) stay."""
    from govnet.render.diff import remediate

    rule = " rule name govnet-test\n  source-zone public\n  destination-zone internet\n  action permit\n"
    for device, standby in (("JX-36-FW01", False), ("JX-36-FW02", True)):
        old = huawei.configs[device].text
        new = old.replace("\nsecurity-policy\n", "\nsecurity-policy\n" + rule, 1).replace(
            f"sysname {device}", f"sysname {device}-X")
        lines, _ = remediate("huawei_usg", old, new)
        assert ("  rule name govnet-test" in lines) is not standby, (device, lines)
        assert f"sysname {device}-X" in lines
        notes = [line for line in lines if line.startswith("!! NOTE")]
        assert notes == ([notes[0]] if standby else []) and (not standby or notes[0].endswith("): security-policy"))

"""govnet verify against faults of the golden configs it was blind to (tests/test_verify_mutations.py's method: one
mutation of one config at a time, the finding that names it expected). Each test failed on the verify before it."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from govnet.i18n import use
from govnet.i18n.messages import translate
from test_verify import Rendered, at, codes, drop, line_of, sub


def _zh(message: str) -> str:
    use("zh")
    try:
        return translate(message)
    finally:
        use("en")


def test_mtu_at_one_end_of_an_ospf_link(huawei: Rendered) -> None:
    """An 'mtu' at one end of a link (VRP 5 here; VRP and Comware send no MTU in OSPF's DD packets, so the
    adjacency forms) drops the other end's full-size packets: GN935 at the 'mtu' line."""
    found = huawei.added(JX_360102002_R01=sub(" description TO-JX-360102-R01-GigabitEthernet1/3/1\n",
                                              " description TO-JX-360102-R01-GigabitEthernet1/3/1\n mtu 1400\n"))
    assert [(d.file, d.line) for d in found if d.code == "GN935"] == [
        ("configs/360102002/JX-360102002-R01.cfg", 45)]
    assert [m for _, m in at(found, "GN935")] == [
        "JX-360102-R01 GigabitEthernet1/3/1 has an IP MTU of 1500 bytes and JX-360102002-R01 GigabitEthernet0/3/0 of "
        "1400: the adjacency forms, but the smaller end drops the IGP's full-size packets (LSUs among them) and every "
        "other packet larger than its MTU"]
    assert _zh(at(found, "GN935")[0][1]).startswith("JX-360102-R01 GigabitEthernet1/3/1 的 IP MTU 为 1500 字节，")


def test_mtu_at_one_end_of_an_ospf_link_whose_ends_check_it(huawei: Rendered) -> None:
    """'ospf mtu-enable' at both ends: the larger end announces its MTU in the DD packets and the smaller end refuses
    them, so the adjacency stays in ExStart; at the smaller end alone, the larger still announces 0 and it forms."""
    smaller = sub(" description TO-JX-360102-R01-GigabitEthernet1/3/1\n",
                  " description TO-JX-360102-R01-GigabitEthernet1/3/1\n mtu 1400\n ospf mtu-enable\n")
    larger = sub(" description TO-JX-360102002-R01-GigabitEthernet0/3/0\n",
                 " description TO-JX-360102002-R01-GigabitEthernet0/3/0\n ospf mtu-enable\n")
    both = [m.split(": ", 1)[1] for _, m in at(huawei.added(JX_360102002_R01=smaller, JX_360102_R01=larger), "GN935")]
    assert both == ["the smaller end refuses the OSPF DD packets that announce the larger MTU, so the adjacency stays "
                    "in ExStart"]
    one = [m.split(": ", 1)[1] for _, m in at(huawei.added(JX_360102002_R01=smaller), "GN935")]
    assert one == ["the adjacency forms, but the smaller end drops the IGP's full-size packets (LSUs among them) and "
                   "every other packet larger than its MTU"]


def test_mtu_at_one_end_of_a_comware_port(huawei: Rendered) -> None:
    found = huawei.added(JX_360102_R01=sub(" description TO-JX-360102002-R01-GigabitEthernet0/3/0\n",
                                           " description TO-JX-360102002-R01-GigabitEthernet0/3/0\n mtu 1400\n"))
    assert [file for file, _ in at(found, "GN935")] == ["configs/360102/JX-360102-R01.cfg"]


def test_mtu_of_a_platform_default_is_no_finding(huawei: Rendered) -> None:
    """'mtu 1500' written at one end is what the other end has by default; one MTU at both ends is no finding."""
    one = huawei.added(JX_360102002_R01=sub(" description TO-JX-360102-R01-GigabitEthernet1/3/1\n",
                                            " description TO-JX-360102-R01-GigabitEthernet1/3/1\n mtu 1500\n"))
    assert "GN935" not in codes(one)
    both = huawei.added(JX_360102002_R01=sub(" description TO-JX-360102-R01-GigabitEthernet1/3/1\n",
                                             " description TO-JX-360102-R01-GigabitEthernet1/3/1\n mtu 1400\n"),
                        JX_360102_R01=sub(" description TO-JX-360102002-R01-GigabitEthernet0/3/0\n",
                                          " description TO-JX-360102002-R01-GigabitEthernet0/3/0\n mtu 1400\n"))
    assert "GN935" not in codes(both)


def test_mtu_at_one_end_of_an_isis_link(cisco: Rendered) -> None:
    """IS-IS pads its hellos: an IOS XE port of 9000 bytes toward another IOS XE port of 1500 forms no adjacency."""
    found = cisco.added(JX_3601_CR01=sub(" description TO-JX-360102-R01-TenGigabitEthernet0/2/0\n",
                                         " description TO-JX-360102-R01-TenGigabitEthernet0/2/0\n mtu 9000\n"))
    assert [(d.file, d.line, d.message) for d in found if d.code == "GN935"] == [
        ("configs/3601/JX-3601-CR01.cfg", 166, "JX-3601-CR01 TenGigabitEthernet0/2/2 has an IP MTU of 9000 bytes and "
         "JX-360102-R01 TenGigabitEthernet0/2/0 of 1500: the smaller end drops the IS-IS hellos the larger end pads "
         "beyond its MTU (no adjacency), and every packet larger than its MTU")]


def test_ios_xe_sub_interface_takes_its_main_interface_mtu(cisco: Rendered) -> None:
    """An IOS XE sub-interface without an MTU of its own has its main interface's: 'mtu 9000' on the port toward
    the firewall puts every zone and management leg on it at 9000, and the firewall's ports are at 1500."""
    found = cisco.added(JX_360102_R01=sub("interface TenGigabitEthernet0/2/1\n",
                                          "interface TenGigabitEthernet0/2/1\n mtu 9000\n"))
    hits = at(found, "GN935")
    assert {file for file, _ in hits} == {"configs/360102/JX-360102-R01.cfg"}  # where the 'mtu' line is
    assert sorted(m.split(" of 9000")[0].rsplit(" ", 1)[-1] for _, m in hits) == [
        "TenGigabitEthernet0/2/1.100", "TenGigabitEthernet0/2/1.201", "TenGigabitEthernet0/2/1.4000"]
    lowered = cisco.added(JX_360102_R01=sub("interface TenGigabitEthernet0/2/1.100\n",
                                            "interface TenGigabitEthernet0/2/1.100\n ip mtu 1400\n"))
    assert len(at(lowered, "GN935")) == 1


@pytest.mark.parametrize(("case", "device", "old", "new", "said"), [
    ("huawei", "JX_36_CR01", "snmp-agent trap source LoopBack1", "snmp-agent trap source LoopBack9",  # VRP 8
     "JX-36-CR01's SNMP trap source LoopBack9 is no interface of the device: SNMP trap toward the management servers "
     "fails"),
    ("huawei", "JX_360102002_R01", "ssh server-source -i LoopBack1", "ssh server-source -i GigabitEthernet0/3/1",
     "JX-360102002-R01's SSH server source GigabitEthernet0/3/1 has no address up: SSH server toward the management "
     "servers fails"),  # VRP 5: the units' port, whose sub-interfaces hold the addresses
    ("huawei", "JX_360102_R01", " nas-ip 10.2.0.113", " nas-ip 192.0.2.1",  # Comware RADIUS
     "JX-360102-R01's RADIUS source 192.0.2.1 is no address of the device: RADIUS toward the management servers "
     "fails"),
    ("huawei", "JX_36_FW01", "source-ip 10.2.0.2", "source-ip 10.1.0.55",  # USG syslog: a zone leg's address
     "JX-36-FW01's syslog source 10.1.0.55 (XGigabitEthernet1/2/0.100) is unreachable from every management "
     "server: nothing they send back to it arrives"),
    ("cisco", "JX_3601_CR01", "logging source-interface Loopback1",  # IOS XE: a port in a VPN instance
     "logging source-interface TenGigabitEthernet0/2/0.100",
     "JX-3601-CR01's syslog source TenGigabitEthernet0/2/0.100 (10.1.0.78) is unreachable from every management "
     "server: nothing they send back to it arrives"),
    ("cisco", "JX_3601_CR01", " ip radius source-interface Loopback1", " ip radius source-interface Loopback7",
     "JX-3601-CR01's RADIUS source Loopback7 is no interface of the device: RADIUS toward the management servers "
     "fails"),
])
def test_management_source_elsewhere(case: str, device: str, old: str, new: str, said: str,
                                     request: pytest.FixtureRequest) -> None:
    """A management protocol sourced from an interface the device lacks, one without an address, or one the
    management servers do not reach: the servers cannot answer it, or do not know it."""
    rendered: Rendered = request.getfixturevalue(case)
    found = rendered.added(**{device: sub(old, new)})
    assert [(d.line, d.message) for d in found if d.code == "GN936"] == [
        (line_of(rendered, device.replace("_", "-"), re.escape(old.strip())), said)]


# The RADIUS block of each platform, where GN936 says it names no source.
_RADIUS_BLOCK = r"^(radius-server (group|template) |radius scheme |aaa group server radius )"
_UNSOURCED = ("{} names no source for RADIUS: its requests leave from the outgoing interface's address, which the "
              "RADIUS servers do not know as a client and drop; no RADIUS account can log in (only the local users, "
              "once the servers time out)")


@pytest.mark.parametrize(("case", "device", "edit"), [
    ("huawei", "JX_36_CR01", drop(r"^ radius-server source interface ")),  # VRP 8: the group's source
    ("huawei", "JX_360102002_R01", sub(" 1812 source LoopBack 1", " 1812")),  # VRP 5: the server line's source
    ("huawei", "JX_360102_R01", drop(r"^ nas-ip ")),  # Comware: the scheme's NAS address
    ("cisco", "JX_3601_CR01", drop(r"^ ip radius source-interface ")),  # IOS XE: the server group's source
])
def test_radius_without_a_source(case: str, device: str, edit: Callable[[str], str],
                                 request: pytest.FixtureRequest) -> None:
    """RADIUS servers and no RADIUS source: the requests leave from the outgoing interface's address, which the
    RADIUS servers do not know as a client. GN936 at the RADIUS block, on every platform govnet renders one for."""
    rendered: Rendered = request.getfixturevalue(case)
    found = rendered.added(**{device: edit})
    name = device.replace("_", "-")
    assert [(d.line, d.message) for d in found if d.code == "GN936"] == [
        (line_of(rendered, name, _RADIUS_BLOCK), _UNSOURCED.format(name))]


@pytest.mark.parametrize(("device", "old", "new", "said"), [
    ("JX_36_CR01", " radius-server source interface LoopBack1", " radius-server source interface LoopBack9",  # VRP 8
     "JX-36-CR01's RADIUS source LoopBack9 is no interface of the device: RADIUS toward the management servers fails"),
    ("JX_360102002_R01", " 1812 source LoopBack 1", " 1812 source LoopBack 9",  # VRP 5: type and number
     "JX-360102002-R01's RADIUS source LoopBack9 is no interface of the device: RADIUS toward the management "
     "servers fails"),
    ("JX_360102002_R01", " 1812 source LoopBack 1", " 1812 source ip-address 192.0.2.1",  # VRP 5: an address
     "JX-360102002-R01's RADIUS source 192.0.2.1 is no address of the device: RADIUS toward the management servers "
     "fails"),
])
def test_huawei_radius_source_elsewhere(huawei: Rendered, device: str, old: str, new: str, said: str) -> None:
    """The RADIUS source VRP 8 and VRP 5 name is read and judged like every other management source."""
    found = huawei.added(**{device: sub(old, new)})
    assert [(d.line, d.message) for d in found if d.code == "GN936"] == [
        (line_of(huawei, device.replace("_", "-"), re.escape(old.strip())), said)]


@pytest.mark.parametrize(("case", "device", "edit"), [
    # VRP 8: the system view's source, for every group, the port by type and number
    ("huawei", "JX_36_CR01", lambda text: drop(r"^ radius-server source interface ")(text).replace(
        "radius-server group GOVNET\n", "radius-server source interface LoopBack 1\n#\nradius-server group GOVNET\n")),
    # Comware: the system view's NAS address, for every scheme
    ("huawei", "JX_360102_R01", lambda text: text.replace(" nas-ip 10.2.0.113\n", "").replace(
        "radius scheme GOVNET\n", "radius nas-ip 10.2.0.113\n#\nradius scheme GOVNET\n")),
    # IOS XE: the global source
    ("cisco", "JX_3601_CR01", lambda text: text.replace(" ip radius source-interface Loopback1\n", "").replace(
        "aaa group server radius GOVNET\n", "ip radius source-interface Loopback1\naaa group server radius GOVNET\n")),
])
def test_radius_source_for_every_group(case: str, device: str, edit: Callable[[str], str],
                                       request: pytest.FixtureRequest) -> None:
    """A RADIUS source set once for every group (system view, global) is a source: no finding."""
    rendered: Rendered = request.getfixturevalue(case)
    before = rendered.configs[device.replace("_", "-")].text
    assert edit(before) != before  # the edit applies
    assert "GN936" not in codes(rendered.added(**{device: edit}))


def test_vrp5_radius_server_line_without_its_own_source(huawei: Rendered) -> None:
    """On VRP 5 the source is a keyword of each server line: a second server added without it is asked from the
    outgoing interface's address, though the first names LoopBack 1. GN936 at that server's line (a block-wide check
    passed it, the first line's source counting for both)."""
    added = " radius-server authentication 10.4.0.6 1812 secondary"
    found = huawei.added(JX_360102002_R01=sub(" 1812 source LoopBack 1\n", f" 1812 source LoopBack 1\n{added}\n"))
    assert [(d.line, d.message) for d in found if d.code == "GN936"] == [
        (line_of(huawei, "JX-360102002-R01", re.escape("radius-server authentication 10.4.0.5 1812 source")) + 1,
         "JX-360102002-R01 names no source for RADIUS server 10.4.0.6: a server line's source is its own, so "
         "requests to this server leave from the outgoing interface's address, which it does not know as a client "
         "and drops; no RADIUS account can log in while it is the server asked")]
    both = f" 1812 source LoopBack 1\n{added.removesuffix(' secondary')} source LoopBack 1 secondary\n"
    sourced = huawei.added(JX_360102002_R01=sub(" 1812 source LoopBack 1\n", both))
    assert "GN936" not in codes(sourced)


def test_radius_without_a_source_reads_in_chinese() -> None:
    assert _zh(_UNSOURCED.format("JX-36-CR01")).startswith("JX-36-CR01 未指定 RADIUS 的源：")


def test_management_source_on_another_reachable_interface(huawei: Rendered) -> None:
    """NTP sourced from Loopback0, which the IGP carries: the servers reach it, no finding."""
    found = huawei.added(JX_36_CR01=sub("source-interface LoopBack1", "source-interface LoopBack0"))
    assert "GN936" not in codes(found)


def test_management_source_finding_reads_in_chinese() -> None:
    assert _zh("JX-36-CR01's SNMP trap source LoopBack9 is no interface of the device: SNMP trap toward the "
               "management servers fails") == \
        "JX-36-CR01 的 SNMP 告警 源 LoopBack9 不是本设备的接口：发往管理服务器的 SNMP 告警 会失败"


_CR01_BFD1000 = ("bfd BFD1000 bind peer-ip 10.1.0.55 vpn-instance PUBLIC interface XGigabitEthernet0/2/0.100 source-ip "
                 "10.1.0.54\n discriminator local 1000\n discriminator remote 1000\n commit\n")
_FW01_BFD1000 = ("bfd BFD1000 bind peer-ip 10.1.0.54 interface XGigabitEthernet1/2/0.100 source-ip 10.1.0.55\n"
                 " discriminator local 1000\n discriminator remote 1000\n commit\n")
_WHAT = "JX-36-CR01's BFD session toward 10.1.0.55"


@pytest.mark.parametrize(("device", "old", "new", "said"), [
    ("JX_36_CR01", _CR01_BFD1000, _CR01_BFD1000.replace("remote 1000", "remote 1002"),
     f"{_WHAT}: the discriminators are not crossed (local 1000, remote 1002 here; local 1000, remote 1000 on "
     "JX-36-FW01): the session never comes up"),
    ("JX_36_FW01", _FW01_BFD1000, _FW01_BFD1000.replace("local 1000", "local 1001"),  # found at the first end
     f"{_WHAT}: the discriminators are not crossed (local 1000, remote 1000 here; local 1001, remote 1000 on "
     "JX-36-FW01): the session never comes up"),
    ("JX_36_CR01", _CR01_BFD1000, _CR01_BFD1000.replace(" commit\n", ""),
     f"{_WHAT} (BFD1000) lacks its local or remote discriminator or its commit: the session is not created"),
    ("JX_36_CR01", _CR01_BFD1000, _CR01_BFD1000.replace("XGigabitEthernet0/2/0.100", "XGigabitEthernet0/2/0.201"),
     f"{_WHAT} is sent from 10.1.0.54, which is not the address of XGigabitEthernet0/2/0.201 (10.1.0.50): the far "
     "end answers no such session"),
    ("JX_36_CR01", _CR01_BFD1000, _CR01_BFD1000.replace("XGigabitEthernet0/2/0.100", "XGigabitEthernet0/2/9.100"),
     f"{_WHAT} is bound to XGigabitEthernet0/2/9.100, which the config does not define: the session never comes up"),
    ("JX_36_FW01", _FW01_BFD1000, _FW01_BFD1000.replace(
        " source-ip 10.1.0.55\n discriminator local 1000\n discriminator remote 1000\n commit\n",
        " source-ip 10.1.0.55 auto\n"),
     f"{_WHAT} has static discriminators, but JX-36-FW01 negotiates them: the session never comes up"),
])
def test_static_bfd_ends_disagree(huawei: Rendered, device: str, old: str, new: str, said: str) -> None:
    """Two Huawei ends of a static BFD session (router JX-36-CR01, USG firewall JX-36-FW01): discriminators crossed,
    committed, bound to the port that holds the source address, both static. Otherwise the session never comes up
    and the routes toward the active firewall that follow it are withdrawn."""
    found = huawei.added(**{device: sub(old, new)})
    assert [(d.file, d.line, d.message) for d in found if d.code == "GN937"] == [
        ("configs/36/JX-36-CR01.cfg", line_of(huawei, "JX-36-CR01", r"^bfd BFD1000 "), said)]


def test_static_bfd_toward_another_peer(huawei: Rendered) -> None:
    """The session's peer changed to another address of the firewall: outside the port's subnet, and the routes
    that track it no longer watch their next hop (GN937 for each, not GN927's 'without BFD')."""
    found = huawei.added(JX_36_CR01=sub("bfd BFD1000 bind peer-ip 10.1.0.55 ", "bfd BFD1000 bind peer-ip 10.1.0.53 "))
    messages = [m for _, m in at(found, "GN937")]
    assert messages[0] == ("JX-36-CR01's BFD session toward 10.1.0.53 is bound to XGigabitEthernet0/2/0.100 "
                           "(10.1.0.54/31), whose subnet does not hold the peer: a single-hop session never comes up")
    assert messages[1:] == [
        *(f"JX-36-CR01's route to {prefix} via 10.1.0.55 tracks BFD session BFD1000, which watches 10.1.0.53: the "
          "route stays while its next hop is dead" for prefix in ("0.0.0.0/0", "10.3.0.0/16")),
        "JX-36-FW01's BFD session toward 10.1.0.54: JX-36-CR01 runs no BFD session back toward 10.1.0.55, so the "
        "session never comes up and the routes that follow it are withdrawn"]
    assert "GN927" not in codes(found)


def test_route_tracks_a_session_the_config_does_not_define(huawei: Rendered) -> None:
    found = huawei.added(JX_36_CR01=sub("10.1.0.55 track bfd-session BFD1000 ", "10.1.0.55 track bfd-session BFD1099 "))
    assert [m for _, m in at(found, "GN937")] == [
        "JX-36-CR01's route to 0.0.0.0/0 tracks BFD session BFD1099, which the config does not define: the route "
        "follows nothing"]


def test_dynamic_bfd_without_a_session_back(cisco: Rendered) -> None:
    """IOS XE's 'ip route static bfd' line for a leg gone: the SecPath's session, created from its route over that
    leg, gets no answer and withdraws the route (the router's own routes are GN927's)."""
    found = cisco.added(JX_360102_R01=sub("ip route static bfd TenGigabitEthernet0/2/1.201 10.1.0.98\n", ""))
    assert [(d.file, d.message) for d in found if d.code == "GN937"] == [
        ("configs/360102/JX-360102-FW01.cfg", "JX-360102-FW01's BFD session toward 10.1.0.99: JX-360102-R01 runs no "
         "BFD session back toward 10.1.0.98, so the session never comes up and the routes that follow it are "
         "withdrawn")]


@pytest.mark.parametrize(("device", "old", "new", "port"), [
    ("JX_360102_R01", "ip route static bfd TenGigabitEthernet0/2/1.100 10.1.0.100",  # IOS XE
     "ip route static bfd TenGigabitEthernet0/2/1.201 10.1.0.100", "TenGigabitEthernet0/2/1.201 (10.1.0.99/31)"),
    ("JX_360102_FW01", "Ten-GigabitEthernet1/2/1.100 10.1.0.101 bfd control-packet",  # Comware
     "Ten-GigabitEthernet1/2/1.201 10.1.0.101 bfd control-packet", "Ten-GigabitEthernet1/2/1.201 (10.1.0.98/31)"),
])
def test_dynamic_bfd_on_another_port(cisco: Rendered, device: str, old: str, new: str, port: str) -> None:
    """A session created on a port whose subnet does not hold the next hop: single hop, it never comes up."""
    found = cisco.added(**{device: sub(old, new)})
    assert any(f"is bound to {port}, whose subnet does not hold the peer" in m for _, m in at(found, "GN937"))


def test_bfd_finding_reads_in_chinese() -> None:
    assert _zh(f"{_WHAT}: the discriminators are not crossed (local 1000, remote 1002 here; local 1000, remote 1000 "
               "on JX-36-FW01): the session never comes up") == (
        "JX-36-CR01 指向 10.1.0.55 的 BFD 会话：两端标识符不交叉对应（本端 local 1000、remote 1002；JX-36-FW01 上 "
        "local 1000、remote 1000）：会话永远无法建立")


def _second_block_telnet(text: str) -> str:
    """IOS XE's second VTY block ('line vty 5 15') taking telnet, after a sound 'line vty 0 4'."""
    head, block, tail = text.partition("line vty 5 15\n")
    return head + block + tail.replace(" transport input ssh\n", " transport input telnet\n", 1)


@pytest.mark.parametrize(("case", "device", "edit", "said"), [
    ("huawei", "JX_36_CR01", drop(r"^ authentication-mode aaa$"),  # VRP 8
     "JX-36-CR01's VTY lines 0-4 name no authentication mode: no default of the platform is known to be AAA, so "
     "logins may skip RADIUS"),
    ("huawei", "JX_360102002_R01", sub(" authentication-mode aaa\n", " authentication-mode password\n"),  # VRP 5
     "JX-360102002-R01's VTY lines 0-4 authenticate by 'password', not AAA: logins skip RADIUS and the local users"),
    ("huawei", "JX_360102_R01", sub(" authentication-mode scheme\n", " authentication-mode none\n"),  # Comware
     "JX-360102-R01's VTY lines 0-63 authenticate by 'none', not AAA: logins skip RADIUS and the local users"),
    ("huawei", "JX_36_FW01", sub(" protocol inbound ssh\n", " protocol inbound all\n"),  # USG
     "JX-36-FW01's VTY lines 0-4 take logins over 'all', not SSH alone: clear-text telnet logins are kept out only "
     "while the telnet server stays off"),
    ("huawei", "JX_360102_FW01", drop(r"^ protocol inbound ssh$"),  # SecPath
     "JX-360102-FW01's VTY lines 0-63 name no inbound protocol: no default of the platform is known to be SSH alone, "
     "so telnet may reach them"),
    ("cisco", "JX_3601_CR01", sub(" transport input ssh\n", " transport input telnet ssh\n"),  # IOS XE
     "JX-3601-CR01's VTY lines 0-4 take logins over 'telnet ssh', not SSH alone: telnet reaches them in clear text"),
    ("cisco", "JX_3601_CR01", _second_block_telnet,  # the second block of VTY lines, after a sound one
     "JX-3601-CR01's VTY lines 5-15 take logins over 'telnet', not SSH alone: telnet reaches them in clear text"),
    ("cisco", "JX_3601_CR01", sub(" transport input ssh\n", " transport input none\n"),
     "JX-3601-CR01's VTY lines 0-4 take logins over no protocol: the NOC is locked out"),
    ("cisco", "JX_3601_CR01", sub(" login authentication default\n", " login authentication VTY\n"),
     "JX-3601-CR01's VTY lines 0-4 log in through AAA list VTY, which the config does not define (with 'aaa "
     "new-model'): logins skip RADIUS"),
    ("cisco", "JX_3601_CR01", drop(r"^aaa new-model$"), tuple(  # both blocks name the default list
        f"JX-3601-CR01's VTY lines {lines} log in through AAA list default, which the config does not define (with "
        "'aaa new-model'): logins skip RADIUS" for lines in ("0-4", "5-15"))),
])
def test_vty_lines_without_aaa_or_ssh_alone(case: str, device: str, edit: Callable[[str], str],
                                           said: str | tuple[str, ...], request: pytest.FixtureRequest) -> None:
    """The VTY lines' AAA and SSH-only lines changed or left out (no platform default is known to supply them),
    each finding at the line of the block it names."""
    rendered: Rendered = request.getfixturevalue(case)
    found = rendered.added(**{device: edit})
    lines = edit(rendered.configs[device.replace("_", "-")].text).splitlines()

    def block_line(message: str) -> int:
        span = message.split("VTY lines ")[1].split(" ")[0].replace("-", " ")
        return next(i for i, line in enumerate(lines, 1) if re.match(rf"(user-interface|line) vty {span}$", line))

    expected = said if isinstance(said, tuple) else (said,)
    assert [(d.line, d.message) for d in found if d.code == "GN938"] == [(block_line(m), m) for m in expected]


def test_huawei_bfd_sessions_without_bfd_enabled(huawei: Rendered) -> None:
    """VRP and USG configure BFD only once 'bfd' enables it globally: without it, no session of the firewall exists."""
    found = huawei.added(JX_36_FW01=drop(r"^bfd$"))
    messages = [m for file, m in at(found, "GN937") if file == "configs/36/JX-36-FW01.cfg"]
    assert messages and all("is configured without BFD enabled globally ('bfd')" in m for m in messages)
    assert len(messages) == len(huawei.configs["JX-36-FW01"].text.split("\nbfd BFD")) - 1  # one per session


def test_ios_xe_bfd_session_on_a_port_without_timers(cisco: Rendered) -> None:
    """IOS XE runs a static route's BFD session only on a port with BFD timers ('bfd interval')."""
    def untimed(text: str) -> str:
        head, rest = text.split("interface TenGigabitEthernet0/2/1.201\n", 1)
        block, tail = rest.split("\n!", 1)
        assert " bfd interval " in block
        block = "\n".join(line for line in block.splitlines() if not line.startswith(" bfd interval "))
        return f"{head}interface TenGigabitEthernet0/2/1.201\n{block}\n!{tail}"

    found = cisco.added(JX_360102_R01=untimed)
    assert [m for _, m in at(found, "GN937")] == [
        "JX-360102-R01's BFD session toward 10.1.0.98 runs on TenGigabitEthernet0/2/1.201, which has no BFD timers "
        "('bfd interval'): the session does not come up"]


def test_route_tracks_its_session_by_a_name_in_another_case(huawei: Rendered) -> None:
    """VRP's BFD session names are case-insensitive: 'track bfd-session bfd1000' follows BFD1000 (no finding)."""
    found = huawei.added(JX_36_CR01=sub("10.1.0.55 track bfd-session BFD1000 ", "10.1.0.55 track bfd-session bfd1000 "))
    assert not codes(found) & {"GN927", "GN937"}


def test_ipv6_mtu_at_one_end_of_a_vrp8_usg_link(cisco: Rendered) -> None:
    """VRP 8 and the USG take 'ipv6 mtu' alone (1500 without it): 'ipv6 mtu 1400' on the USG's leg toward the core
    router, whose leg keeps 1500, is GN935 at the 'ipv6 mtu' line."""
    leg = " ipv6 address 2001:db8:8001::35/127\n"
    found = cisco.added(JX_36_FW01=sub(leg, leg + " ipv6 mtu 1400\n"))
    assert [(d.file, d.line, d.message) for d in found if d.code == "GN935"] == [
        ("configs/36/JX-36-FW01.cfg", 17, "JX-36-CR01 XGigabitEthernet0/2/0.100 has an IPv6 MTU of 1500 bytes and "
         "JX-36-FW01 XGigabitEthernet1/2/0.100 of 1400: the smaller end drops every IPv6 packet the larger sends "
         "beyond its MTU (IPv6 routers do not fragment)")]
    assert _zh(at(found, "GN935")[0][1]).startswith("JX-36-CR01 XGigabitEthernet0/2/0.100 的 IPv6 MTU 为 1500 字节，")


def test_ipv6_mtu_is_not_the_ipv4_mtu(cisco: Rendered) -> None:
    """One 'ipv6 mtu' at both ends is no finding; an IPv4 'mtu' at one end is the IPv4 finding alone (VRP 8's IPv6
    MTU stays 1500 whatever its 'mtu')."""
    core, fw = " ipv6 address 2001:db8:8001::34/127\n", " ipv6 address 2001:db8:8001::35/127\n"
    both = cisco.added(JX_36_CR01=sub(core, core + " ipv6 mtu 1400\n"), JX_36_FW01=sub(fw, fw + " ipv6 mtu 1400\n"))
    assert "GN935" not in codes(both)
    ipv4 = cisco.added(JX_36_CR01=sub(core, core + " mtu 1400\n"))
    assert [m.split(":")[0] for _, m in at(ipv4, "GN935")] == [
        "JX-36-CR01 XGigabitEthernet0/2/0.100 has an IP MTU of 1400 bytes and JX-36-FW01 XGigabitEthernet1/2/0.100 of "
        "1500"]

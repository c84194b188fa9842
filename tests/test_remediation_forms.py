"""`govnet diff --remediation` deletes a static route in the form the device's command reference gives
(govnet.render.remediation.route_deletion): hier_config negated the whole line, its preference, BFD, track and
description options included, which neither VRP 8 nor Comware 7 documents for 'undo ip route-static'.

The documented forms, written out here from the references rather than from the code under test:
- VRP 8 (NE40E V800R012C10 Command Reference, ip route-static / ip route-static vpn-instance / ipv6 route-static):
  'undo ip route-static [ vpn-instance S ] DEST { MASK | LEN } [ { IFNAME | IFTYPE IFNUM } [ NEXTHOP ] | NEXTHOP
  [ public ] | vpn-instance D NEXTHOP ]'.
- Comware 7 (H3C command reference, 静态路由配置命令, ip route-static): the same with '[ preference P ]' after it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govnet.render import Config
from govnet.render.diff import remediate
from model_edits import before_and_after, moved_noc, renamed_local_user, rendered

HERE = Path(__file__).resolve().parent
_ADDRESS = r"(?:\d+\.\d+\.\d+\.\d+|[0-9a-fA-F]*:[0-9a-fA-F:]*)"
_IFACE = r"(?:NULL ?0|[A-Z][A-Za-z-]*\d+(?:/\d+)*(?:\.\d+)?)"
_KEY = (rf"^undo ip(?:v6)? route-static (?:vpn-instance \S+ )?{_ADDRESS} \S+"
        rf"(?: (?:{_IFACE}(?: {_ADDRESS})?|{_ADDRESS}(?: public)?|vpn-instance \S+ {_ADDRESS}))?")
DOCUMENTED = {"vrp8": re.compile(_KEY + "$"), "comware7": re.compile(_KEY + r"(?: preference \d+)?$")}
OS = {"huawei_vrp8": "vrp8", "h3c_comware": "comware7", "h3c_secpath": "comware7"}
# A static route line the templates write with options after its next hop.
_WITH_OPTIONS = re.compile(r"^ip(?:v6)? route-static .* (?:preference|track|bfd|description|tag) ")


@pytest.fixture(scope="module")
def configs() -> list[Config]:
    """The VRP 8 and Comware 7 configs (routers and SecPath firewalls) of the mini model, the huawei-h3c golden
    model (whose Comware routers track their firewall routes with 'bfd control-packet' and a preference) and the
    cisco-isis golden model (Comware routers in IS-IS)."""
    found = []
    for source in (HERE / "fixtures" / "mini", HERE / "golden" / "huawei-h3c" / "model",
                   HERE / "golden" / "cisco-isis" / "model"):
        found += [c for c in rendered(source).values() if c.platform in OS]
    return found


def _subsequence(short: list[str], long: list[str]) -> bool:
    words = iter(long)
    return all(word in words for word in short)


@pytest.mark.parametrize("os", sorted(set(OS.values())))
def test_a_removed_static_route_is_deleted_in_the_documented_form(configs: list[Config], os: str) -> None:
    """Each device loses its static routes that carry options (a link renumbered, a unit or firewall taken away):
    one deletion per route, in the reference's form, naming that route's destination and next hop."""
    checked = 0
    for config in (c for c in configs if OS[c.platform] == os):
        routes = [line for line in config.text.splitlines() if _WITH_OPTIONS.match(line)]
        if not routes:
            continue
        new = "\n".join(line for line in config.text.splitlines() if line not in routes)
        lines, _ = remediate(config.platform, config.text, new)
        deletions = [line for line in lines if re.match(r"^undo ip(?:v6)? route-static ", line)]
        assert len(deletions) == len(routes), (config.device, deletions)
        for line in deletions:
            assert DOCUMENTED[os].match(line), (config.device, line)
            assert any(_subsequence(line.split()[1:], route.split()) for route in routes), (config.device, line)
        checked += len(routes)
    assert checked >= 4  # both models have such routes on this software


def test_the_options_cut_are_the_ones_the_old_line_had() -> None:
    """A Comware route's preference stays (documented), its BFD and description go; VRP 8 keeps none."""
    old = ("ip route-static vpn-instance PUBLIC 0.0.0.0 0 Ten-GigabitEthernet1/0/1.100 10.1.0.1 bfd control-packet "
           "preference 70 description TO-FW02\nip route-static vpn-instance PUBLIC 0.0.0.0 0 10.1.0.9\n")
    lines, _ = remediate("h3c_comware", old, "ip route-static vpn-instance PUBLIC 0.0.0.0 0 10.1.0.9\n")
    assert lines == ["undo ip route-static vpn-instance PUBLIC 0.0.0.0 0 Ten-GigabitEthernet1/0/1.100 10.1.0.1 "
                     "preference 70"]
    old = "ip route-static 10.2.0.0 255.255.0.0 NULL0 preference 255 description BLOCK\n"
    lines, _ = remediate("huawei_vrp8", old, "")
    assert lines == ["undo ip route-static 10.2.0.0 255.255.0.0 NULL0"]


# The management servers' deletions as the references give them (VRP 8: NE40E V800R012C10 Command Reference,
# unicast-peer-server(NTPOM), Info-LogHost(SYSLOGOM), SNMPTargetHost(SNMPOM), rule-ipv4-adv(ACLOM), radius-server
# authentication; Comware 7: H3C command reference, NTP配置命令, 信息中心配置命令, SNMP配置命令, ACL配置命令,
# ISP域中实现AAA配置命令 'undo primary authentication').
_A = r"\d+\.\d+\.\d+\.\d+"
MANAGEMENT = {
    "vrp8": {"ntp": rf"undo ntp-service unicast-server {_A}(?: vpn-instance \S+)?",
             "syslog": rf"undo info-center loghost {_A}(?: vpn-instance \S+)?",
             "trap": rf"undo snmp-agent target-host trap address udp-domain {_A} params securityname \S+",
             "acl": r"undo rule \d+", "radius": rf"undo radius-server authentication {_A} \d+"},
    "comware7": {"ntp": rf"undo ntp-service unicast-server {_A}(?: vpn-instance \S+)?",
                 "syslog": rf"undo info-center loghost(?: vpn-instance \S+)? {_A}",
                 "trap": rf"undo snmp-agent target-host trap address udp-domain {_A} params securityname \S+",
                 "acl": r"undo rule \d+", "radius": r"undo primary authentication"},
}
_KIND = {"undo ntp-service unicast-server": "ntp", "undo info-center loghost ": "syslog",
         "undo snmp-agent target-host": "trap", "undo rule ": "acl", "undo radius-server authentication": "radius",
         "undo primary authentication": "radius"}


def test_new_management_servers_delete_the_old_ones_in_the_documented_forms(tmp_path: Path) -> None:
    """The NOC moves (govnet.yaml: its network, NTP, syslog, SNMP trap and RADIUS servers): every VRP 8 and
    Comware 7 device deletes the old servers and the ACL rules that permitted the old network by their keys;
    hier_config wrote 'undo ntp-service unicast-server A authentication-keyid 1 source LoopBack1', 'undo
    snmp-agent target-host ... securityname S v3 privacy', 'undo rule 5 permit source ...',
    'undo primary authentication A 1812'."""
    before, after = before_and_after(HERE / "golden" / "huawei-h3c" / "model", tmp_path, moved_noc)
    seen: dict[str, set[str]] = {os: set() for os in MANAGEMENT}
    for name, old in before.items():
        if old.platform not in OS or old.text == after[name].text:
            continue
        os = OS[old.platform]
        for line in remediate(old.platform, old.text, after[name].text)[0]:
            kind = next((k for start, k in _KIND.items() if line.strip().startswith(start)), None)
            if kind is not None and not line.strip().startswith("undo info-center loghost source"):
                assert re.fullmatch(MANAGEMENT[os][kind], line.strip()), (name, line)
                seen[os].add(kind)
    assert seen == {os: set(forms) for os, forms in MANAGEMENT.items()}  # each kind of deletion happened




# Each keyed deletion's documented form (the references as cited in govnet.render.remediation, _VRP8_KEYED and
# _COMWARE_FORMS), by the words it starts with.
KEYED = {
    "vrp8": {"undo ntp-service unicast-server": rf"undo ntp-service unicast-server {_A}",
             "undo ntp-service authentication-keyid": r"undo ntp-service authentication-keyid \d+",
             "undo snmp-agent group": r"undo snmp-agent group v3 \S+ (?:authentication|privacy|noauthentication)",
             "undo snmp-agent sys-info contact": "undo snmp-agent sys-info contact",
             "undo snmp-agent sys-info location": "undo snmp-agent sys-info location",
             "undo snmp-agent acl": r"undo snmp-agent acl",
             "undo snmp-agent trap source": "undo snmp-agent trap source",
             "undo info-center loghost source": r"undo info-center loghost source",
             "undo sysname": "undo sysname", "undo mpls lsr-id": "undo mpls lsr-id",
             "undo rule": r"undo rule \d+", "undo local-user": r"undo local-user \S+(?: level)?",
             "undo ssh user": r"undo ssh user \S+(?: authentication-type| service-type)?",
             "undo cost-style": "undo cost-style", "undo is-level": "undo is-level",
             "undo area-authentication-mode": "undo area-authentication-mode",
             "undo domain-authentication-mode": "undo domain-authentication-mode",
             "undo bandwidth-reference": "undo bandwidth-reference", "undo isis circuit-type": "undo isis circuit-type",
             "undo ospf network-type": "undo ospf network-type",
             "undo isis authentication-mode": "undo isis authentication-mode",
             "undo discriminator": r"undo discriminator (?:local|remote)",
             "undo snmp-agent usm-user":
                 r"undo snmp-agent usm-user v3 \S+(?: (?:group|acl|authentication-mode|privacy-mode))?",
             "undo radius-server shared-key": r"undo radius-server shared-key(?:-cipher)?"},
    "comware7": {"undo ntp-service unicast-server": rf"undo ntp-service unicast-server {_A}",
                 "undo ntp-service authentication-keyid": r"undo ntp-service authentication-keyid \d+",
                 "undo snmp-agent community": r"undo snmp-agent community (?:cipher )?\S+",
                 "undo snmp-agent group": r"undo snmp-agent group v3 \S+(?: authentication| privacy)?",
                 "undo snmp-agent usm-user": r"undo snmp-agent usm-user v3 \S+ local",
                 "undo snmp-agent sys-info contact": "undo snmp-agent sys-info contact",
                 "undo snmp-agent sys-info location": "undo snmp-agent sys-info location",
                 "undo traffic classifier": r"undo traffic classifier \S+", "undo sysname": "undo sysname",
                 "undo ssh user": r"undo ssh user \S+", "undo ssh server acl": "undo ssh server acl",
                 "undo mpls lsr-id": "undo mpls lsr-id", "undo nat address-group": r"undo nat address-group \d+",
                 "undo nqa schedule": r"undo nqa schedule \S+ \S+",
                 "undo info-center loghost source": "undo info-center loghost source",
                 "undo track": r"undo track \d+", "undo ip binding vpn-instance": "undo ip binding vpn-instance",
                 "undo description": "undo description", "undo rule ": r"undo rule (?:\d+|name \S+)",
                 "undo password": "undo password", "undo primary authentication": "undo primary authentication",
                 "undo authentication login": "undo authentication login",
                 "undo authorization login": "undo authorization login",
                 "undo protocol inbound": "undo protocol inbound", "undo key authentication": "undo key authentication",
                 "undo isis cost": r"undo isis cost(?: level-[12])?", "undo ospf cost": "undo ospf cost",
                 "undo authentication-mode md5": r"undo authentication-mode md5 \d+",
                 "undo route-distinguisher": "undo route-distinguisher",
                 "undo cost-style": "undo cost-style", "undo is-level": "undo is-level",
                 "undo area-authentication-mode": "undo area-authentication-mode",
                 "undo domain-authentication-mode": "undo domain-authentication-mode",
                 "undo bandwidth-reference": "undo bandwidth-reference",
                 "undo isis circuit-type": "undo isis circuit-type", "undo ospf network-type": "undo ospf network-type",
                 "undo isis authentication-mode": r"undo isis authentication-mode(?: level-[12])?",
                 "undo classifier": r"undo classifier \S+",
                 "undo snmp-agent trap source": "undo snmp-agent trap source",
                 # Already the reference's form (AAA/ISP域中实现AAA配置命令.md, 本地用户视图: 'undo service-type
                 # [ ... { http | https | pad | ssh | telnet | terminal } * ... ]'): kept so it stays so.
                 "undo service-type": r"undo service-type ssh"},
}


@pytest.mark.parametrize("os", sorted(KEYED))
def test_every_keyed_deletion_is_in_its_documented_form(configs: list[Config], os: str) -> None:
    """Each config stripped of its top-level lines, then of every line below them, then of every line two levels
    down: whatever of the keyed commands hier_config negates comes out in the reference's form, and each kind is
    met at least once."""
    seen: set[str] = set()
    for config in (c for c in configs if OS[c.platform] == os):
        text = "\n".join(line for line in config.text.splitlines() if line.strip() and line.strip()[0] not in "#!")
        for depth in (0, 1, 2):
            new = "\n".join(line for line in text.splitlines() if len(line) - len(line.lstrip(" ")) < depth)
            for line in remediate(config.platform, config.text, new)[0]:
                start = max((s for s in KEYED[os] if line.strip().startswith(s)), key=len, default=None)
                if start is not None:
                    assert re.fullmatch(KEYED[os][start], line.strip()), (config.device, line)
                    seen.add(start)
    assert seen == set(KEYED[os])


def test_a_renamed_local_user_is_deleted_whole_on_vrp8(tmp_path: Path) -> None:
    """govnet.yaml's fallback account renamed: VRP 8 deletes the old user with 'undo local-user U' (AAA view) and
    'undo ssh user U', the forms the NE40E reference has; hier_config negated each line, 'undo local-user U
    password irreversible-cipher ...' among them, which it has not, and the rest then name a deleted user."""
    before, after = before_and_after(HERE / "fixtures" / "mini", tmp_path, renamed_local_user)
    checked = 0
    for name, old in before.items():
        if old.platform != "huawei_vrp8":
            continue
        lines = [line for line in remediate(old.platform, old.text, after[name].text)[0]
                 if "netadmin" in line and not line.startswith("!! ")]
        assert lines == ["undo ssh user netadmin", "  undo local-user netadmin"], (name, lines)
        checked += 1
    assert checked >= 4


def test_ospf_area_authentication_is_deleted_without_its_key_on_vrp8() -> None:
    """VRP 8's OSPF area view has 'undo authentication-mode' alone (NE40E V800R012C10 Command Reference,
    ospf-area-auth(OSPFCOMMOM)); hier_config wrote 'undo authentication-mode md5 1 cipher X'. The user interface's
    'authentication-mode aaa' is another command and keeps its words."""
    old = ("ospf 1 router-id 10.0.0.1\n area 0.0.0.0\n  authentication-mode md5 1 cipher K\n"
           "  network 10.0.0.0 0.0.0.0\nuser-interface vty 0 4\n authentication-mode aaa\n")
    new = "ospf 1 router-id 10.0.0.1\n area 0.0.0.0\n  network 10.0.0.0 0.0.0.0\nuser-interface vty 0 4\n"
    lines, _ = remediate("huawei_vrp8", old, new)
    assert [line.strip() for line in lines if "authentication-mode" in line] == \
        ["undo authentication-mode", "undo authentication-mode aaa"]


def test_a_removed_snmp_user_is_deleted_whole_on_vrp8() -> None:
    """An SNMPv3 user the new config no longer has (here renamed) is one 'undo snmp-agent usm-user v3 U' (NE40E
    reference, SNMPUSMUser: group, ACL and modes optional), not one deletion per attribute that leaves an empty
    user behind."""
    checked = 0
    for name, old in rendered(HERE / "fixtures" / "mini").items():
        if old.platform != "huawei_vrp8" or "usm-user v3 govnet-nms" not in old.text:
            continue
        new = old.text.replace("govnet-nms", "noc-nms")
        lines = [line for line in remediate(old.platform, old.text, new)[0]
                 if "usm-user v3 govnet-nms" in line and not line.startswith("!! ")]
        assert lines == ["undo snmp-agent usm-user v3 govnet-nms"], (name, lines)
        checked += 1
    assert checked >= 4


def test_vrp8_ssh_server_source_is_confirmed(configs: list[Config]) -> None:
    """VRP 8 asks to confirm 'ssh server-source -i <interface>' ("Do you want to continue? [Y/N]", NE40E reference,
    server-source-interf(SSHS)): a remediation that sets it answers 'Y' on the next line, or the device would read
    the next command as the answer. Removing it is not confirmed."""
    checked = 0
    for config in (c for c in configs if c.platform == "huawei_vrp8"):
        line = next(line for line in config.text.splitlines() if line.startswith("ssh server-source -i "))
        lines, _ = remediate(config.platform, config.text.replace(line + "\n", ""), config.text)
        assert lines[lines.index(line) + 1] == "Y", (config.device, lines)
        removed, _ = remediate(config.platform, config.text, config.text.replace(line + "\n", ""))
        assert "Y" not in removed and f"undo {line}" in removed, (config.device, removed)
        checked += 1
    assert checked >= 4

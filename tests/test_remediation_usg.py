"""`govnet diff --remediation` on the Huawei USG deletes in the forms the USG's command reference gives
(govnet.render.remediation.usg_forms): hier_config negated whole lines, their source, key, ACL and security level
included, which the USG's 'undo' forms do not take.

The documented forms, written out here from the reference rather than from the code under test (HUAWEI USG CLI
reference, public mirror usg.zrnko.cz/resources/, the page named with each):
- 'undo info-center loghost ip-address [ vpn-instance vpn-instance-name ]' (cli/info-center_loghost.html)
- 'undo ntp-service unicast-server ip-address [ vpn-instance vpn-instance-name ]'
  (cli_vrp/ntp-service_unicast-server.html); 'undo ntp-service authentication-keyid key-id'
  (cli_vrp/ntp-service_authentication-keyid.html)
- 'undo hrp interface interface-type interface-number' (cli/hrp_interface.html)
- 'undo snmp-agent community { read | write } [ cipher ] community-name' (cli/snmp-agent_community.html);
  'undo snmp-agent group v3 group-name { authentication | privacy | noauthentication }' (cli/snmp-agent_group.html);
  'undo snmp-agent target-host trap address udp-domain ip-address [ ... ] params securityname [ cipher ]
  security-string' (cli/snmp-agent_target-host_trap.html); 'undo snmp-agent trap source'
  (cli/snmp-agent_trap_source.html); 'undo snmp-agent acl' (cli/snmp-agent_acl.html)
- 'undo bfd cfg-name' (cli/bfd_bind_peer_ip.html, cli/bfd_bind_peer-ipv6.html)
- 'undo manager-user manager-name' (cli/manager_user.html)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govnet.render import Config
from govnet.render.diff import remediate
from model_edits import before_and_after, deletions, moved_noc, rendered, stripped_remediation

HERE = Path(__file__).resolve().parent
_A = r"\d+\.\d+\.\d+\.\d+"
# Each keyed deletion's documented form, by the words it starts with.
DOCUMENTED = {
    "undo info-center loghost": rf"undo info-center loghost {_A}(?: vpn-instance \S+)?",
    "undo ntp-service unicast-server": rf"undo ntp-service unicast-server {_A}(?: vpn-instance \S+)?",
    "undo ntp-service authentication-keyid": r"undo ntp-service authentication-keyid \d+",
    "undo hrp interface": r"undo hrp interface \S+",
    "undo snmp-agent community": r"undo snmp-agent community (?:read|write) (?:cipher )?\S+",
    "undo snmp-agent group": r"undo snmp-agent group v3 \S+ (?:authentication|privacy|noauthentication)",
    "undo snmp-agent target-host": rf"undo snmp-agent target-host trap address udp-domain {_A} params securityname \S+",
    "undo snmp-agent trap source": "undo snmp-agent trap source",
    "undo snmp-agent acl": "undo snmp-agent acl",
    "undo bfd ": r"undo bfd \S+",
    "undo manager-user": r"undo manager-user \S+",
}


@pytest.fixture(scope="module")
def configs() -> list[Config]:
    """The USG configs (firewalls and access gateways) of the mini model and both golden models."""
    found: list[Config] = []
    for source in (HERE / "fixtures" / "mini", HERE / "golden" / "huawei-h3c" / "model",
                   HERE / "golden" / "cisco-isis" / "model"):
        found += [c for c in rendered(source).values() if c.platform == "huawei_usg"]
    return found


def test_every_keyed_deletion_is_in_the_usg_reference_form(configs: list[Config]) -> None:
    """Each USG config stripped of its top-level lines, then of every line below them, then of every line two levels
    down: whatever of the keyed commands hier_config negates comes out in the reference's form (hier_config wrote
    'undo info-center loghost A source-ip S', 'undo hrp interface I remote A', 'undo bfd B bind peer-ip ...'), and
    each kind is met at least once."""
    seen: set[str] = set()
    for config in configs:
        for line in stripped_remediation(config, "#!"):
            start = max((s for s in DOCUMENTED if line.strip().startswith(s)), key=len, default=None)
            if start is not None:
                assert re.fullmatch(DOCUMENTED[start], line.strip()), (config.device, line)
                seen.add(start)
    assert seen == set(DOCUMENTED)


def test_a_moved_noc_deletes_the_old_servers_in_the_usg_forms(tmp_path: Path) -> None:
    """The NOC moves (govnet.yaml: its network, NTP, syslog and SNMP trap servers): every USG deletes the old NTP
    server, log host and trap host by their keys alone, and nothing else of theirs."""
    before, after = before_and_after(HERE / "golden" / "huawei-h3c" / "model", tmp_path, moved_noc)
    found = deletions(before, after, "huawei_usg", ("undo ntp-service unicast-server", "undo info-center loghost ",
                                                    "undo snmp-agent target-host"))
    for name, lines in found.items():
        assert lines == ["undo ntp-service unicast-server 10.4.0.1", "undo info-center loghost 10.4.0.3",
                         "undo snmp-agent target-host trap address udp-domain 10.4.0.4 params securityname "
                         "govnet-nms"], (name, lines)
    assert len(found) >= 6


def test_a_vpn_instance_stays_in_the_usg_deletion_wherever_the_line_had_it() -> None:
    """The reference keys an NTP server and a log host by address and VPN instance; the options between them go."""
    old = ("ntp-service unicast-server 10.4.0.1 source-interface LoopBack1 vpn-instance MGMT authentication-keyid 1\n"
           "info-center loghost 10.4.0.3 source-ip 10.2.0.2 vpn-instance MGMT\nsysname FW\n")
    lines, _ = remediate("huawei_usg", old, "sysname FW\n")
    assert sorted(lines) == ["undo info-center loghost 10.4.0.3 vpn-instance MGMT",
                             "undo ntp-service unicast-server 10.4.0.1 vpn-instance MGMT"]


def test_a_removed_bfd_session_and_heartbeat_are_deleted_by_name_and_interface() -> None:
    """A BFD session goes by its name ('undo bfd B'), an HRP heartbeat interface by the interface alone: neither
    'undo bfd B bind peer-ip ...' nor 'undo hrp interface I remote A' is a form the reference has."""
    old = ("bfd\n#\nbfd B1 bind peer-ip 10.1.0.54 interface XGigabitEthernet1/2/0.100 source-ip 10.1.0.55\n"
           " discriminator local 1000\n discriminator remote 1000\n commit\n"
           "bfd B2 bind peer-ipv6 2001:db8::1 interface XGigabitEthernet1/2/0.101 source-ipv6 2001:db8::2\n"
           " discriminator local 1001\n discriminator remote 1001\n commit\n"
           "hrp interface XGigabitEthernet1/2/2 remote 10.1.0.203\nhrp enable\n")
    lines, _ = remediate("huawei_usg", old, "bfd\nhrp enable\n")
    assert [line for line in lines if not line.startswith("!! ")] == \
        ["undo bfd B1", "undo bfd B2", "undo hrp interface XGigabitEthernet1/2/2"]

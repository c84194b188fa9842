"""`govnet diff --remediation` on IOS XE: each deletion in a form Cisco's references have (the list and its sources in
govnet.render.remediation, the IOS XE block above iosxe_forms).

The forms below are written out from those references rather than from the code under test: Cisco's Ansible
collection (cisco.ios resource modules, the commands their documentation and unit tests show them sending to delete
configuration) and O'Reilly's Cisco IOS in a Nutshell.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govnet.render import Config
from govnet.render.diff import remediate
from model_edits import before_and_after, renamed_local_user, rendered, stripped_remediation

HERE = Path(__file__).resolve().parent
MODEL = HERE / "golden" / "cisco-isis" / "model"  # the models' IOS XE routers
_A = r"\d+\.\d+\.\d+\.\d+"
_A6 = r"[0-9a-fA-F:]+/\d+"
_IF = r"[A-Z][A-Za-z]+\d+(?:/\d+)*(?:\.\d+)?"
_ROUTE = rf"(?:vrf \S+ )?\S+ (?:\S+ )?(?:{_IF} )?(?:Null0|\S+)(?: \d+)?(?: tag \d+)?(?: name \S+)?(?: track \d+)?"

# By the words a deletion starts with: its documented form (ios_<module> is cisco.ios's module of that name).
DOCUMENTED = {
    "no ip route ": rf"no ip route {_ROUTE}",  # ios_static_routes; Nutshell, ip route
    "no ipv6 route ": rf"no ipv6 route {_ROUTE}",  # ios_static_routes
    "no ntp server ": rf"no ntp server {_A}(?: key \d+)?(?: source \S+)?",  # ios_ntp_global
    "no ntp authentication-key ": r"no ntp authentication-key \d+",  # Nutshell, ntp authentication-key
    "no ntp authenticate": "no ntp authenticate", "no ntp trusted-key ": r"no ntp trusted-key \d+",
    "no logging host ": rf"no logging host {_A}",  # ios_logging_global
    "no logging source-interface ": r"no logging source-interface \S+",
    "no snmp-server community ": r"no snmp-server community \S+(?: RO| RW)?(?: \S+)?",  # ios_snmp_server
    "no snmp-server group ": r"no snmp-server group \S+ v3 (?:auth|noauth|priv)(?: access \S+)?",
    "no snmp-server user ": r"no snmp-server user \S+ \S+ v3 .*",
    "no snmp-server host ": rf"no snmp-server host {_A} .+",
    "no snmp-server contact ": r"no snmp-server contact .+", "no snmp-server location ": r"no snmp-server location .+",
    "no snmp-server trap-source ": r"no snmp-server trap-source \S+",
    "no hostname ": r"no hostname \S+",  # ios_hostname
    "no username ": r"no username \S+",  # ios_user: the user by its name
    "no ip access-list ": r"no ip access-list (?:standard|extended) \S+",  # ios_acls
    "no ipv6 access-list ": r"no ipv6 access-list \S+",
    "no ip prefix-list ": rf"no ip prefix-list \S+ seq \d+ (?:permit|deny) {_A}/\d+(?: [gl]e \d+)*",  # ios_prefix_lists
    "no ipv6 prefix-list ": rf"no ipv6 prefix-list \S+ seq \d+ (?:permit|deny) {_A6}(?: [gl]e \d+)*",
    "no route-map ": r"no route-map \S+ (?:permit|deny) \d+",  # ios_route_maps
    "no match ip address prefix-list ": r"no match ip address prefix-list \S+",
    "no match ipv6 address prefix-list ": r"no match ipv6 address prefix-list \S+",
    "no router bgp ": r"no router bgp \d+", "no bgp log-neighbor-changes": "no bgp log-neighbor-changes",  # ios_bgp_*
    "no address-family ": r"no address-family (?:ipv4|ipv6|vpnv4|vpnv6)(?: vrf \S+)?",
    "no default-information originate": "no default-information originate",
    "no redistribute connected": "no redistribute connected",
    "no vrf definition ": r"no vrf definition \S+",  # ios_vrf_global
    "no rd ": r"no rd \S+", "no route-target ": r"no route-target (?:import|export) \S+",
    "no vrf forwarding ": r"no vrf forwarding \S+",  # ios_vrf_interfaces
    "no ip address ": rf"no ip address {_A} {_A}", "no ipv6 address ": rf"no ipv6 address {_A6}",  # ios_l3_interfaces
    "no description ": r"no description .+",  # ios_interfaces
    "no encapsulation dot1Q ": r"no encapsulation dot1Q \d+",  # test_ios_l2_interfaces
    "no bfd interval ": r"no bfd interval \d+ min_rx \d+ multiplier \d+",  # ios_bfd_interfaces
    "no bfd-template ": r"no bfd-template (?:single-hop|multi-hop) \S+",  # ios_bfd_templates
    "no interval ": r"no interval min-tx \d+ min-rx \d+ multiplier \d+",
    "no key chain ": r"no key chain \S+", "no key ": r"no key \d+",  # Nutshell
    "no key-string": "no key-string",  # IOS command reference, key-string (authentication): 'no key-string [text]'
    "no login authentication ": r"no login authentication \S+",
    "no interface ": rf"no interface (?:Loopback\d+|{_IF}\.\d+)",  # ios_interfaces; lab transcripts
    "default interface ": rf"default interface {_IF}",
    # Cisco IOS in a Nutshell: neighbor description / password / update-source / route-reflector-client, ip as-path
    # access-list, net, ip router isis, mpls ip, mpls label protocol.
    "no neighbor ": rf"no neighbor {_A}(?: description| password \S+| update-source \S+| route-reflector-client|"
                    r" activate| send-community extended| fall-over bfd multi-hop)?",  # and cisco.ios templates
    "no ip as-path access-list ": r"no ip as-path access-list \d+ (?:permit|deny) \S+",
    "no net ": r"no net [0-9A-Fa-f.]+", "no ip router isis": r"no ip router isis(?: \S+)?", "no mpls ip": "no mpls ip",
    "no mpls label protocol": "no mpls label protocol",
    "no ipv6 traffic-filter ": r"no ipv6 traffic-filter \S+ (?:in|out)",  # ios_acl_interfaces
    "no ip domain name ": r"no ip domain name \S+",  # test_ios_system
    "no ipv6 unicast-routing": "no ipv6 unicast-routing",  # cisco.ios integration tests
    "no is-type ": r"no is-type (?:level-1|level-1-2|level-2-only)", "no policy-map ": r"no policy-map \S+",  # Nutshell
    "no class ": r"no class \S+", "no service-policy ": r"no service-policy (?:input|output) \S+",
    "no match as-path ": r"no match as-path \d+",  # IOS BGP command reference
    "no bgp router-id ": rf"no bgp router-id {_A}",  # cisco.ios bgp_global template
    "no import map ": r"no import map \S+", "no export map ": r"no export map \S+",  # vrf_address_family template
    "no redistribute static": "no redistribute static",  # bgp_address_family's removal line
}
# Lines that begin like one of the above but are another command whose deletion no reference here gives (a RADIUS
# server's key, IS-IS's redistribution): left as hier_config writes them, and not checked.
_OTHER = re.compile(r"^no key <SECRET:|^no redistribute static ip ")


@pytest.fixture(scope="module")
def configs() -> list[Config]:
    found = [c for c in rendered(MODEL).values() if c.platform == "cisco_iosxe"]
    assert found
    return found


def test_every_iosxe_deletion_is_in_a_documented_form(configs: list[Config]) -> None:
    """Each IOS XE config stripped of its top-level lines, then of every line below them, then of every line two
    levels down: each deletion of a command listed above is in its documented form, and each is met."""
    seen: set[str] = set()
    for config in configs:
        for line in stripped_remediation(config, "!"):
            command = line.strip()
            start = max((s for s in DOCUMENTED if command.startswith(s)), key=len, default=None)
            if start is not None and not _OTHER.match(command):
                assert re.fullmatch(DOCUMENTED[start], command), (config.device, line)
                seen.add(start)
    assert seen == set(DOCUMENTED)


def test_a_renamed_local_user_is_deleted_by_its_name_on_iosxe(tmp_path: Path) -> None:
    """govnet.yaml's fallback account renamed: each IOS XE router deletes the old user with 'no username U', the
    form Cisco's ios_user module sends; hier_config wrote 'no username U privilege 15 secret <hash>'."""
    before, after = before_and_after(MODEL, tmp_path, renamed_local_user)
    checked = 0
    for name, old in before.items():
        if old.platform != "cisco_iosxe":
            continue
        lines = remediate(old.platform, old.text, after[name].text)[0]
        assert [line for line in lines if "netadmin" in line] == ["no username netadmin"], (name, lines)
        assert any(line.startswith("username opsadmin privilege 15 secret ") for line in lines), (name, lines)
        checked += 1
    assert checked >= 4


def test_interfaces_are_deleted_or_reset_in_the_documented_forms() -> None:
    """A sub-interface and a loopback the new config drops are deleted ('no interface X'); a physical port, which
    cannot be deleted, is reset to its defaults and shut down ('default interface X')."""
    old = ("interface Loopback9\n ip address 10.0.0.9 255.255.255.255\ninterface TenGigabitEthernet0/2/0\n"
           " description TO-A\n ip address 10.1.0.1 255.255.255.254\ninterface TenGigabitEthernet0/2/1.100\n"
           " encapsulation dot1Q 100\n ip address 10.1.0.3 255.255.255.254\n")
    lines, _ = remediate("cisco_iosxe", old, "")
    assert [line for line in lines if not line.startswith("!! ")] == [
        "no interface Loopback9", "default interface TenGigabitEthernet0/2/0", "interface TenGigabitEthernet0/2/0",
        "  shutdown", "no interface TenGigabitEthernet0/2/1.100"]


def test_a_neighbor_description_and_the_label_protocol_are_deleted_by_their_keywords() -> None:
    """Cisco IOS in a Nutshell gives 'no neighbor {address | peer-group} description' and 'no mpls label protocol':
    hier_config wrote the old description's text and the protocol after them."""
    bgp = "router bgp 1\n neighbor 10.0.0.1 remote-as 1\n neighbor 10.0.0.1 description TO "
    old = f"mpls label protocol ldp\n{bgp}A\ninterface TenGigabitEthernet0/2/0\n mpls label protocol ldp\n mpls ip\n"
    new = f"{bgp}B\ninterface TenGigabitEthernet0/2/0\n"
    lines, _ = remediate("cisco_iosxe", old, new)
    assert [line for line in lines if not line.startswith("!! ")] == [
        "no mpls label protocol", "router bgp 1", "  no neighbor 10.0.0.1 description",
        "  neighbor 10.0.0.1 description TO B", "interface TenGigabitEthernet0/2/0", "  no mpls label protocol",
        "  no mpls ip"]

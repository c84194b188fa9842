"""`govnet diff --remediation` deletes an object after what refers to it (govnet.render.remediation): a zone taken
off the sites removes its VPN instance, and the remediation must take away the interfaces bound to it, its BGP
family, its static routes and BFD sessions first, the VPN instance next, the route policies it imported and exported
through after it, their prefix lists last. hier_config gave the config's own order, definitions first."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import copy_model
from govnet.pipeline import validate
from govnet.reference.platforms import PLATFORMS
from govnet.render import Config, render_configs
from govnet.render.diff import remediate
from model_edits import without_hrss

HERE = Path(__file__).resolve().parent


def _render(root: Path) -> dict[str, Config]:
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None, \
        [d.as_text() for d in result.diagnostics if d.severity == "error"]
    return render_configs(result.model, result.addresses.outcome.decisions)


@pytest.fixture(scope="module")
def sides(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Config, Config]]:
    """Each device's config before and after zone hrss is taken away: the mini model (VRP 8, VRP 5, Comware) and
    the IOS XE golden model."""
    found: dict[str, tuple[Config, Config]] = {}
    for source in (HERE / "fixtures" / "mini", HERE / "golden" / "cisco-isis" / "model"):
        root = copy_model(source, tmp_path_factory.mktemp("model"))
        before = _render(root)
        without_hrss(root)
        after = _render(root)
        found.update({f"{source.name}/{name}": (before[name], after[name]) for name in before.keys() & after.keys()
                      if before[name].text != after[name].text})  # the two models share device names
    return found


def _pe(sides: dict[str, tuple[Config, Config]], platform: str, bound: bool) -> tuple[Config, Config]:
    """A device of the platform that loses VPN instance HRSS (with interfaces bound to it, if asked)."""
    return next((old, new) for old, new in sides.values() if old.platform == platform
                and re.search(r"^(ip vpn-instance|vrf definition) HRSS$", old.text, re.M)
                and (not bound or re.search(r"^ (ip binding vpn-instance|vrf forwarding) HRSS$", old.text, re.M)))


@pytest.mark.parametrize(("platform", "bound"), [("huawei_vrp8", True), ("huawei_vrp", False),
                                                  ("h3c_comware", False), ("cisco_iosxe", True)])
def test_a_vpn_instance_is_deleted_after_everything_that_names_it(
        sides: dict[str, tuple[Config, Config]], platform: str, bound: bool) -> None:
    old, new = _pe(sides, platform, bound)
    lines = [line for line in remediate(platform, old.text, new.text)[0] if not line.startswith("!! ")]
    negation = "no " if platform == "cisco_iosxe" else "undo "
    deletion = f"{negation}{'vrf definition' if platform == 'cisco_iosxe' else 'ip vpn-instance'} HRSS"
    assert deletion in lines, lines
    at = lines.index(deletion)
    # Its interfaces (deleted whole: the sub-interfaces bound to it), BGP family, routes, BFD sessions.
    ports = set(re.findall(r"^interface (\S+)\n(?: .*\n)*? (?:ip binding vpn-instance|vrf forwarding) HRSS\n",
                           old.text, re.M))
    naming = [i for i, line in enumerate(lines) if i != at and (re.search(r"(?<![\w-])HRSS(?![\w-])", line)
              or any(line.endswith(f" {port}") for port in ports))]
    assert naming, lines  # the remediation does take them away
    assert max(naming) < at, (deletion, [lines[i] for i in naming if i > at])
    assert not bound or any(line.strip() == f"{negation}interface {port}" for line in lines for port in ports)


def test_route_policies_after_the_vpn_instance_and_prefix_lists_after_them(
        sides: dict[str, tuple[Config, Config]]) -> None:
    """VRP 8: "The IP prefix lists in use cannot be deleted" (NE40E command reference, ip ip-prefix); the VPN
    instance imports and exports through the route policies, which match the prefix lists."""
    old, new = _pe(sides, "huawei_vrp8", True)
    lines = [line for line in remediate("huawei_vrp8", old.text, new.text)[0] if not line.startswith("!! ")]
    policies = {m[1]: i for i, line in enumerate(lines) if (m := re.match(r"undo route-policy (HRSS-\S+)", line))}
    prefixes = [(m[1], i) for i, line in enumerate(lines)
                if (m := re.match(r"undo ip ip(?:v6)?-prefix (HRSS-\S+)", line))]
    assert policies and prefixes, lines
    assert lines.index("undo ip vpn-instance HRSS") < min(policies.values()), lines
    for name, i in prefixes:  # each route policy matches the prefix list of its name ('if-match ip-prefix P')
        assert f"if-match ip{'v6' if 'ipv6' in lines[i] else ''}-prefix {name}" in old.text
        assert policies[name] < i, (name, lines)


def test_every_platform_is_covered(sides: dict[str, tuple[Config, Config]]) -> None:
    """The cases above meet each router platform whose remediation they judge."""
    assert {PLATFORMS[old.platform].os for old, _ in sides.values()} >= {"vrp8", "vrp5", "comware7", "iosxe"}


VRP_OLD = """#
acl number 3001
 rule 5 deny ip source 10.9.0.0 0.0.255.255
#
route-policy P permit node 10
#
nqa test-instance admin T
 test-type icmp
 destination-address ipv4 10.0.0.1
 start now
#
interface GigabitEthernet0/0/1.5
 vlan-type dot1q 5
 ip address 10.1.0.1 255.255.255.252
 traffic-filter inbound acl 3001
#
interface GigabitEthernet0/0/1.6
 vlan-type dot1q 6
 ip address 10.1.0.5 255.255.255.252
#
bgp 64548
 peer 10.0.0.9 as-number 64548
 ipv4-family unicast
  peer 10.0.0.9 route-policy P import
#
ip route-static 0.0.0.0 0.0.0.0 10.1.0.2 track nqa admin T
#
return
"""


@pytest.mark.parametrize(("drop", "reference", "definition"), [
    (("acl number 3001", " rule 5 deny", " traffic-filter"), " traffic-filter inbound acl 3001",
     "undo acl number 3001"),
    (("route-policy P", "peer 10.0.0.9 route-policy"), "peer 10.0.0.9 route-policy P import",
     "undo route-policy P node 10"),
    (("nqa test-instance", " test-type", " destination-address ipv4 10.0.0.1", " start now", "ip route-static"),
     # the route that tracks T, deleted by destination and next hop (VRP 8's undo form, test_remediation_forms)
     "ip route-static 0.0.0.0 0.0.0.0 10.1.0.2", "undo nqa test-instance admin T"),
])
def test_acls_route_policies_and_probes_are_deleted_after_what_uses_them(
        drop: tuple[str, ...], reference: str, definition: str) -> None:
    """An ACL a port filters with ('traffic-filter'), a route policy a BGP peer imports through, an NQA test a
    static route tracks: the config defines each above its user, and hier_config deleted it first (VRP 8: "Before
    deleting an ACL, ensure that the ACL is not referenced by services", NE40E command reference, acl number; a
    static route binds only to an NQA test that exists, ip route-static)."""
    new = "".join(line for line in VRP_OLD.splitlines(keepends=True)
                  if not line.lstrip(" ").startswith(tuple(d.strip() for d in drop)))
    lines = [line.strip() for line in remediate("huawei_vrp8", VRP_OLD, new)[0] if not line.startswith("!! ")]
    assert definition in lines and f"undo {reference.strip()}" in lines, lines
    assert lines.index(f"undo {reference.strip()}") < lines.index(definition), lines


def test_vrp8_deletes_policy_nodes_prefix_entries_and_bfd_sessions_in_its_documented_forms(
        sides: dict[str, tuple[Config, Config]]) -> None:
    """NE40E V800R012C10 command reference: 'undo route-policy <name> [ node <node> ]', 'undo ip ip-prefix <name>
    [ index <index-number> ]' (and ip ipv6-prefix), 'undo bfd <sessname-value>'; hier_config wrote the whole
    line negated ('undo route-policy P permit node 10', 'undo bfd B bind peer-ip ...')."""
    forms = {"undo route-policy ": r"undo route-policy \S+ node \d+",
             "undo ip ip-prefix ": r"undo ip ip-prefix \S+ index \d+",
             "undo ip ipv6-prefix ": r"undo ip ipv6-prefix \S+ index \d+", "undo bfd ": r"undo bfd \S+"}
    seen: set[str] = set()
    for old, new in sides.values():
        if old.platform != "huawei_vrp8":
            continue
        for line in remediate("huawei_vrp8", old.text, new.text)[0]:
            start = next((s for s in forms if line.startswith(s)), None)
            if start is not None:
                assert re.fullmatch(forms[start], line), line
                seen.add(start)
    assert seen == set(forms)  # the zone's removal deletes each kind


PORT = {"huawei_vrp8": "#\ninterface GigabitEthernet0/0/1.5\n vlan-type dot1q 5\n ip binding vpn-instance A\n"
                       " ip address 10.1.0.1 255.255.255.252\n ospf cost 10\n#\nreturn\n",
        "h3c_comware": "#\ninterface Ten-GigabitEthernet1/0/1.5\n vlan-type dot1q vid 5\n ip binding vpn-instance A\n"
                       " ip address 10.1.0.1 255.255.255.252\n#\nreturn\n",
        "cisco_iosxe": "!\ninterface TenGigabitEthernet0/0/1.5\n encapsulation dot1Q 5\n vrf forwarding A\n"
                       " ip address 10.1.0.1 255.255.255.252\n ipv6 address 2001:DB8::1/64\n!\nend\n"}


@pytest.mark.parametrize("platform", sorted(PORT))
@pytest.mark.parametrize("moved", [False, True])
def test_a_port_moved_to_another_vpn_gets_its_addresses_again(platform: str, moved: bool) -> None:
    """Binding a port to another VPN instance (VRP 'ip binding vpn-instance', IOS XE 'vrf forwarding') deletes its
    addresses and routing configuration (NE40E command reference, ip binding vpn-instance, Configuration Impact):
    hier_config sent the new binding alone when the address stayed, and the port came back with none; with a new
    address, it also deleted the old one after the unbinding had (a line the device refuses)."""
    old = PORT[platform]
    new = old.replace(" A\n", " B\n")
    if moved:
        new = new.replace("10.1.0.1 ", "10.1.0.5 ")
    lines = [line.strip() for line in remediate(platform, old, new)[0] if not line.startswith("!! ")]
    binding = next(i for i, line in enumerate(lines) if line.endswith((" vpn-instance B", "vrf forwarding B")))
    block = new.split("\n", 2)[2].split("\n#")[0].split("\n!")[0].splitlines()
    stated = [line.strip() for line in block[block.index(next(x for x in block if x.endswith(" B"))) + 1:]]
    assert lines[binding + 1:binding + 1 + len(stated)] == stated, lines
    assert not any(re.match(r"(undo|no) ip(v6)? address", line) for line in lines[binding:]), lines


USG_NAT = """#
nat address-group G 1
 mode pat
 section 0 198.51.100.0 198.51.100.13
#
nat-policy
 rule name R
  source-zone public
  destination-zone internet
  action source-nat address-group G
 rule name S
  source-zone office
  action no-nat
#
return
"""

IOS_COPP = """!
ip access-list extended A
 permit tcp 10.4.0.0 0.0.0.255 any eq 22
!
class-map match-any C
 match access-group name A
!
policy-map P
 class C
  police 2048000 conform-action transmit exceed-action drop
!
control-plane
 service-policy input P
!
end
"""


@pytest.mark.parametrize(("platform", "old", "gone", "order"), [
    ("huawei_usg", USG_NAT, ("nat address-group G", " mode pat", " section 0", " rule name R", "  source-zone public",
                             "  destination-zone internet", "  action source-nat"),
     ["undo rule name R", "undo nat address-group G 1"]),
    ("cisco_iosxe", IOS_COPP, ("ip access-list extended A", " permit tcp", "class-map", " match access-group",
                               "policy-map", " class C", "  police", " service-policy"),
     ["no service-policy input P", "no policy-map P", "no class-map match-any C", "no ip access-list extended A"]),
])
def test_nat_groups_and_qos_policies_are_deleted_after_what_uses_them(
        platform: str, old: str, gone: tuple[str, ...], order: list[str]) -> None:
    """A NAT address group a rule of 'nat-policy' translates to (the rule's deletion is a line under 'nat-policy':
    its body names the group); IOS XE control-plane policing: the service policy names the policy map, which names
    its class maps, which match an ACL. hier_config deleted each definition first, as the config has it."""
    new = "".join(line for line in old.splitlines(keepends=True) if not line.startswith(gone))
    lines = [line.strip() for line in remediate(platform, old, new)[0] if not line.startswith("!! ")]
    assert [line for line in lines if line in order] == order, lines


USG_ZONES = """#
firewall zone name public
 set priority 84
 add interface XGigabitEthernet1/2/0.100
#
firewall zone name hrss
 set priority 83
 add interface XGigabitEthernet1/2/0.201
#
firewall zone name internet
 set priority 82
 add interface XGigabitEthernet1/2/0.300
#
security-policy
 rule name block-hrss-from-public
  source-zone public
  destination-zone hrss
  action deny
#
return
"""


def test_a_zone_is_deleted_after_the_rules_naming_it_and_before_its_priority_is_reused() -> None:
    """Zone hrss taken away (the IOS XE golden model's province firewall): the zones after it move up a priority,
    zone internet to hrss's 83, which one zone holds at a time, and a rule names hrss. The zone goes after the rule
    (hier_config: before it) and before internet takes 83 (the order-by-reference alone: after it)."""
    new = USG_ZONES.replace("firewall zone name hrss\n set priority 83\n add interface XGigabitEthernet1/2/0.201\n#\n",
                            "").replace(" set priority 82\n", " set priority 83\n")
    new = new.split("security-policy\n")[0] + "security-policy\n rule name other\n  action permit\n#\nreturn\n"
    lines = [line.strip() for line in remediate("huawei_usg", USG_ZONES, new)[0] if not line.startswith("!! ")]
    order = ["undo rule name block-hrss-from-public", "undo firewall zone name hrss", "set priority 83"]
    assert [line for line in lines if line in order] == order, lines


VRP_VPN = """#
ip vpn-instance A
 ipv4-family
  route-distinguisher 10.0.0.4:201
#
interface GigabitEthernet0/0/1.5
 vlan-type dot1q 5
 ip binding vpn-instance A
 ip address 10.1.0.1 255.255.255.252
#
bgp 64548
 ipv4-family vpn-instance A
  import-route direct
#
return
"""


@pytest.mark.parametrize("same_rd", [False, True])
def test_a_port_moved_to_a_new_vpn_instance_binds_to_it_once_it_exists(same_rd: bool) -> None:
    """VPN instance A renamed B (a zone renamed): B is created before the port binds to it. With its own route
    distinguisher, A goes after the port and BGP stop naming it; with A's (one VPN instance holds a route
    distinguisher at a time: "The RDs of different VPN instance IPv4 address families on a PE must be different",
    NetEngine 8000 configuration guide), A goes before B, as hier_config had it (the port's 'undo ip binding
    vpn-instance A' then finds nothing to undo: the one line left for a device to refuse)."""
    new = VRP_VPN.replace("vpn-instance A", "vpn-instance B")
    if not same_rd:
        new = new.replace("10.0.0.4:201", "10.0.0.4:202")
    lines = [line.strip() for line in remediate("huawei_vrp8", VRP_VPN, new)[0] if not line.startswith("!! ")]
    assert lines.index("ip vpn-instance B") < lines.index("ip binding vpn-instance B"), lines
    gone = lines.index("undo ip vpn-instance A")
    if same_rd:
        assert gone < lines.index("ip vpn-instance B"), lines
    else:
        assert gone > max(lines.index("undo ip binding vpn-instance A"), lines.index("undo ipv4-family vpn-instance A"))


def test_a_port_whose_last_unit_is_revoked_loses_the_unit_sub_interface_before_it_is_reset(tmp_path: Path) -> None:
    """Both units of each golden model revoked (with 'govnet registry revoke'): the attach routers (VRP 8, VRP 5,
    IOS XE) delete each unit's sub-interface, then reset the port that carried them. hier_config's order reset the
    port first ('clear configuration interface P' / 'default interface P') and deleted 'P.2' after it, a line that
    names a sub-interface the reset may already have taken (no reference here says what a reset does to them)."""
    from conftest import govnet_in_process

    checked: set[str] = set()
    for source in (HERE / "golden" / "huawei-h3c" / "model", HERE / "golden" / "cisco-isis" / "model"):
        root = copy_model(source, tmp_path / source.parent.name)
        before = _render(root)
        for unit in ("MINI-0001", "MINI-0002"):
            done = govnet_in_process("registry", "revoke", unit, str(root), "--by", "省电子政务外网管理中心",
                                     "--date", "2026-12-02")
            assert done.returncode == 0, done.stderr
        after = _render(root)
        for name, old in before.items():
            lines = [line for line in remediate(old.platform, old.text, after[name].text)[0]
                     if not line.startswith("!! ")]
            resets = {m[1]: i for i, line in enumerate(lines)
                      if (m := re.match(r"(?:clear configuration interface|default interface) (\S+)$", line))}
            subs = [(m[1], i) for i, line in enumerate(lines)
                    if (m := re.match(r"(?:undo|no) interface (\S+)\.\d+$", line))]
            for port, at in subs:
                if port in resets:
                    assert at < resets[port], (name, lines)
                    checked.add(old.platform)
    assert checked == {"huawei_vrp8", "huawei_vrp", "cisco_iosxe"}, checked

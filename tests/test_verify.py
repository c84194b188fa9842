"""govnet verify: faults injected into the rendered configs of the golden models are each caught with their code,
at the config file and line that holds the fault; the configs as rendered carry only the findings the deployable
configs work (issue 13) removes."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from govnet import verify
from govnet.diagnostics import Diagnostic
from govnet.ipam.prefix import Net
from govnet.model.types import Model
from govnet.pipeline import validate
from govnet.render import Config, render_configs

GOLDEN = Path(__file__).resolve().parent / "golden"
# Findings the configs legitimately have until they are deployable: no management plane, ports of different
# speeds, no unit attachments. Everything structural must be clean; firewall pairs run hot standby and NAT is
# per carrier (GN916 and GN919 are gone).
NOT_YET = {"GN902", "GN917", "GN918", "GN920"}


@dataclass
class Rendered:
    model: Model
    configs: dict[str, Config]
    decisions: Mapping[str, Net]

    def verify(self, **edits: Callable[[str], str]) -> list[Diagnostic]:
        configs = dict(self.configs)
        for name, edit in edits.items():
            device = name.replace("_", "-")
            changed = edit(configs[device].text)
            assert changed != configs[device].text, f"the edit of {device} changed nothing"
            configs[device] = replace(configs[device], text=changed)
        return verify.run(self.model, configs, decisions=self.decisions)

    def added(self, **edits: Callable[[str], str]) -> list[Diagnostic]:
        """The findings an edit adds to those of the configs as rendered."""
        before = {(d.code, d.file, d.message) for d in self.verify()}
        return [d for d in self.verify(**edits) if (d.code, d.file, d.message) not in before]


def _render(root: Path) -> Rendered:
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None
    decisions = result.addresses.outcome.decisions
    return Rendered(result.model, render_configs(result.model, decisions, model_root=root), decisions)


@pytest.fixture(scope="module")
def huawei() -> Rendered:
    return _render(GOLDEN / "huawei-h3c" / "model")


@pytest.fixture(scope="module")
def cisco() -> Rendered:
    return _render(GOLDEN / "cisco-isis" / "model")


def drop(pattern: str) -> Callable[[str], str]:
    """An edit removing every line that matches."""
    return lambda text: "\n".join(line for line in text.splitlines() if not re.search(pattern, line)) + "\n"


def drop_text(text: str) -> Callable[[str], str]:
    return lambda config: config.replace(text, "")


def sub(old: str, new: str, count: int = 1) -> Callable[[str], str]:
    return lambda text: text.replace(old, new, count)


def codes(found: list[Diagnostic]) -> set[str]:
    return {d.code for d in found}


def at(found: list[Diagnostic], code: str) -> list[tuple[str, str]]:
    """Where the findings of one code point: file and the text of the line."""
    return [(d.file, d.message) for d in found if d.code == code]


def line_of(rendered: Rendered, device: str, pattern: str) -> int:
    lines = rendered.configs[device].text.splitlines()
    return next(i for i, line in enumerate(lines, 1) if re.search(pattern, line))



@pytest.mark.parametrize("case", ["huawei", "cisco"])
def test_rendered_configs_have_no_structural_finding(case: str, request: pytest.FixtureRequest) -> None:
    rendered: Rendered = request.getfixturevalue(case)
    assert codes(rendered.verify()) <= NOT_YET


def test_missing_bgp_peer(huawei: Rendered) -> None:
    found = huawei.added(JX_360102_R01=drop(r"peer 10\.0\.0\.4 "))
    hits = [d for d in found if d.code == "GN907"]
    assert [(d.file, d.line) for d in hits] == [
        ("configs/3601/JX-3601-CR01.cfg", line_of(huawei, "JX-3601-CR01", r"^ peer 10\.0\.0\.9 as-number"))]
    assert "no session back" in hits[0].message


def test_missing_bgp_peer_cisco(cisco: Rendered) -> None:
    found = cisco.added(JX_3601_CR01=drop(r"neighbor 10\.0\.0\.9 "))
    assert [d.file for d in found if d.code == "GN907"] == ["configs/360102/JX-360102-R01.cfg"]


def test_vpnv6_on_one_end(cisco: Rendered) -> None:
    found = cisco.added(JX_3601_CR01=drop(r"^  neighbor 10\.0\.0\.9 activate"))
    hits = [d for d in found if d.code == "GN909"]  # both families lose the peer on the reflector, where it is missing
    assert sorted(d.message.split()[0] for d in hits) == ["VPNv4", "VPNv6"]
    assert {d.file for d in hits} == {"configs/3601/JX-3601-CR01.cfg"}


def test_wrong_route_target(huawei: Rendered) -> None:
    found = huawei.added(JX_360102_R01=sub("vpn-target 64548:201 export", "vpn-target 64548:299 export"))
    hits = [d for d in found if d.code == "GN912"]
    assert len(hits) == 1 and hits[0].file == "configs/360102/JX-360102-R01.cfg"
    assert "HRSS" in hits[0].message and "64548:299" in hits[0].message


def test_interface_left_out_of_the_igp(huawei: Rendered) -> None:
    found = huawei.added(JX_360102_R01=drop(r"^  network 10\.1\.0\.20 "))
    hits = [d for d in found if d.code == "GN903"]
    assert [(d.file, d.line) for d in hits] == [
        ("configs/360102/JX-360102-R01.cfg", line_of(huawei, "JX-360102-R01", r"^interface Ten-GigabitEthernet1/0/1$"))]


def test_interface_left_out_of_isis(cisco: Rendered) -> None:
    text = cisco.configs["JX-3601-CR01"].text
    block = text.index("interface TenGigabitEthernet0/1/2")
    edited = text[:block] + text[block:].replace(" ip router isis\n", "", 1)
    found = cisco.added(JX_3601_CR01=lambda _: edited)
    assert [d.file for d in found if d.code == "GN903"] == ["configs/3601/JX-3601-CR01.cfg"]


def test_passive_port_and_authentication_on_one_end(huawei: Rendered) -> None:
    process = "ospf 1 router-id 10.0.0.9\n"
    passive = sub(process, process + " silent-interface Ten-GigabitEthernet1/0/1\n")
    found = huawei.added(JX_360102_R01=passive)
    assert ["passive" in d.message for d in found if d.code == "GN903"] == [True]
    port = " description TO-JX-3601-CR01-XGigabitEthernet0/1/2\n"
    auth = sub(port, port + " ospf authentication-mode md5 1 cipher <SECRET:ospf_key>\n")
    found = huawei.added(JX_360102_R01=auth)
    assert ["md5" in d.message for d in found if d.code == "GN903"] == [True]
    p2p = sub(" ospf network-type p2p\n", " ospf network-type broadcast\n")
    found = huawei.added(JX_360102_R01=p2p)
    assert ["network type" in d.message for d in found if d.code == "GN903"] == [True]


def test_isis_levels_that_differ(cisco: Rendered) -> None:
    found = cisco.added(JX_360102_R01=sub(" is-type level-2-only", " is-type level-1"))
    assert {d.file for d in found if d.code == "GN903"} == {"configs/360102/JX-360102-R01.cfg",
                                                            "configs/3601/JX-3601-CR01.cfg"}


def test_ldp_on_one_end(huawei: Rendered) -> None:
    text = huawei.configs["JX-360102-R01"].text
    block = text.index("interface Ten-GigabitEthernet1/0/1")
    edited = text[:block] + text[block:].replace(" mpls ldp enable\n", "", 1)
    found = huawei.added(JX_360102_R01=lambda _: edited)
    assert [d.file for d in found if d.code == "GN905"] == ["configs/360102/JX-360102-R01.cfg"]


def test_rd_clash(huawei: Rendered) -> None:
    found = huawei.added(JX_360102_R01=sub("route-distinguisher 10.0.0.9:201", "route-distinguisher 10.0.0.9:100"))
    hits = [d for d in found if d.code == "GN911"]
    assert hits and all("10.0.0.9:100" in d.message for d in hits)
    assert "configs/360102/JX-360102-R01.cfg" in {d.file for d in hits}


def test_office_route_target_leaked_into_public(huawei: Rendered) -> None:
    public = "  vpn-target 64548:100 import-extcommunity\n"  # the first is PUBLIC's
    found = huawei.added(JX_360102_R01=sub(public, public + "  vpn-target 64548:400 import-extcommunity\n"))
    hits = [d for d in found if d.code == "GN914"]
    assert [d.file for d in hits] == ["configs/360102/JX-360102-R01.cfg"]
    assert "PUBLIC" in hits[0].message


def test_office_prefix_routed_in_public(huawei: Rendered) -> None:
    route = "ip route-static vpn-instance PUBLIC 10.64.3.0 255.255.255.0 10.1.0.92\n"
    found = huawei.added(JX_360102_R01=lambda text: text.replace("\nreturn", "\n" + route + "#\nreturn"))
    assert [d.file for d in found if d.code == "GN914"] == ["configs/360102/JX-360102-R01.cfg"]


def test_internet_importing_a_dedicated_zone(cisco: Rendered) -> None:
    internet = "vrf definition INTERNET\n rd 10.0.0.4:300\n !\n address-family ipv4\n"
    found = cisco.added(JX_3601_CR01=sub(internet, internet + "  route-target import 64548:201\n"))
    assert "configs/3601/JX-3601-CR01.cfg" in {d.file for d in found if d.code == "GN915"}


def test_internet_routed_to_a_dedicated_zone(huawei: Rendered) -> None:
    """A route of the internet zone toward HRSS's pool: through a firewall without an internet -> hrss rule, or
    straight to a router, is a finding; with a permitting rule on the firewall it is not."""
    fw01 = "ip route-static vpn-instance INTERNET 172.16.0.0 255.240.0.0 10.1.0.53 description TO-JX-36-FW01\n"
    via = sub("\n#\nntp-service", "\n" + fw01 + "#\nntp-service")
    hits = [d for d in huawei.added(JX_36_CR01=via) if d.code == "GN915"]
    assert len(hits) == 1 and "172.16.0.0/12" in hits[0].message
    assert "no rule permitting internet -> hrss" in hits[0].message
    rule = " rule name internet-to-hrss\n  source-zone internet\n  destination-zone hrss\n  action permit\n"
    permit = sub("security-policy\n", "security-policy\n" + rule)
    assert "GN915" not in codes(huawei.added(JX_36_CR01=via, JX_36_FW01=permit))
    direct = sub("\n#\nntp-service", "\n" + fw01.replace("10.1.0.53", "10.1.0.11") + "#\nntp-service")
    assert ["past every firewall" in d.message for d in huawei.added(JX_36_CR01=direct) if d.code == "GN915"] == [True]


def test_incomplete_reflector_cluster(huawei: Rendered) -> None:
    found = huawei.added(JX_3601_CR01=drop(r"peer 10\.0\.0\.9 reflect-client"),
                          JX_3601_CR02=drop(r"peer 10\.0\.0\.9 reflect-client"))
    hits = [d for d in found if d.code == "GN910"]
    assert hits and all("JX-360102-R01" in d.message for d in hits)


NO_HA = drop(r"^hrp ")  # an edit: the firewall loses hot standby


def test_asymmetric_firewall_pair(huawei: Rendered) -> None:
    """The deployable configs route each zone to the active firewall of a pair (the standby as a backup,
    preference 70) and run HRP between the two: no finding. Routes of equal preference to both are no finding
    while the two are HA peers of each other; without HRP they are."""
    pair = "JX-36-FW01 and JX-36-FW02"
    assert not any(d.code == "GN916" for d in huawei.verify())
    ecmp = drop_text(" preference 70")
    assert not any(pair in d.message for d in huawei.verify(JX_36_CR01=ecmp) if d.code == "GN916")
    found = huawei.verify(JX_36_CR01=ecmp, JX_36_FW01=NO_HA, JX_36_FW02=NO_HA)
    assert [d.file for d in found if d.code == "GN916" and pair in d.message] == ["configs/36/JX-36-CR01.cfg"]
    # HRP on both, but each naming a third address: not peers of each other, so no shared sessions
    stranger = sub("hrp interface XGigabitEthernet1/0/47 remote 10.1.0.20", "hrp interface XGigabitEthernet1/0/47 "
                   "remote 10.9.9.")
    assert any(pair in d.message for d in huawei.verify(JX_36_CR01=ecmp, JX_36_FW01=stranger) if d.code == "GN916")


def test_routers_of_a_site_prefer_different_firewalls(huawei: Rendered) -> None:
    """A flow leaving by one firewall returns by whichever router its reply reaches, and each router sends it to
    the firewall it prefers: two routers preferring different firewalls without hot standby between them is a
    finding at the router that prefers the second; with HRP between the two it is not."""
    def flip(text: str) -> str:  # JX-36-CR02 prefers JX-36-FW02 in INTERNET, JX-36-CR01 still JX-36-FW01
        text = text.replace(" 10.1.0.65 description TO-JX-36-FW01", " 10.1.0.65 preference 70 description "
                            "TO-JX-36-FW01")
        return text.replace(" 10.1.0.71 preference 70 description", " 10.1.0.71 description")

    assert not any(d.code == "GN916" for d in huawei.verify(JX_36_CR02=flip))
    found = huawei.verify(JX_36_CR02=flip, JX_36_FW01=NO_HA, JX_36_FW02=NO_HA)
    hits = [d for d in found if d.code == "GN916"]
    assert hits and {d.file for d in hits} == {"configs/36/JX-36-CR02.cfg"}
    assert "JX-36-CR01 sends it through JX-36-FW01, JX-36-CR02 through JX-36-FW02" in hits[0].message


def test_one_nat_pool_per_carrier(huawei: Rendered) -> None:
    """The province exit's firewalls translate traffic toward 电信's router to 电信's pool and toward 联通's to
    联通's (egress-interface): no finding. A NAT rule without its egress match translates traffic leaving by both
    carriers to one pool: one of them drops it, a finding at the pool."""
    assert not any(d.code == "GN919" for d in huawei.verify())
    hits = [d for d in huawei.added(JX_36_FW01=drop(r"^  egress-interface ")) if d.code == "GN919"]
    assert ("configs/36/JX-36-FW01.cfg", line_of(huawei, "JX-36-FW01", "^nat address-group NAT-36-CT ")) in {
        (d.file, d.line) for d in hits}
    assert all("(CT, CU)" in d.message for d in hits)


def test_site_blocks_routed_by_no_pe(huawei: Rendered) -> None:
    """Site blocks no config routes in the zone's VPN instance are one finding at the zone in zones/zones.yaml;
    a sub-interface in PUBLIC holding 360103's block takes it and its townships' off."""
    def public(found: list[Diagnostic]) -> Diagnostic:
        return next(d for d in found if d.code == "GN920" and "zone public" in d.message)

    def unrouted(found: list[Diagnostic]) -> int:
        return int(public(found).message.split(": ", 1)[1].split(" of ", 1)[0])

    before = public(huawei.verify())
    assert before.file == "zones/zones.yaml" and "(360102004, 360102005, 360103, " in before.message
    net = huawei.decisions["public ipv4 site 360103"]
    block = ipaddress.IPv4Network((net.start, net.length))
    unit_lan = (f"interface Ten-GigabitEthernet1/0/9.100\n vlan-type dot1q vid 100\n ip binding vpn-instance PUBLIC\n"
                f" ip address {block.network_address + 1} {block.netmask}\n#\n")
    after = public(huawei.verify(JX_360103_R01=sub("#\ninterface LoopBack0", "#\n" + unit_lan + "interface LoopBack0")))
    # the county's block covers its townships' (nested): all three come off
    assert unrouted([after]) == unrouted([before]) - 3 and "360103" not in after.message


SERVERS = "interface GigabitEthernet0/0/9\n ip address 10.4.0.254 255.255.255.0\n#\n"


def _attach_servers(text: str) -> str:
    """A NOC LAN on the province core, in OSPF area 0."""
    return text.replace("#\ninterface LoopBack0", "#\n" + SERVERS + "interface LoopBack0", 1).replace(
        " area 0.0.0.0\n", " area 0.0.0.0\n  network 10.4.0.0 0.0.0.255\n", 1)


def test_management_servers_unreachable(huawei: Rendered) -> None:
    """The deployable configs attach the NOC to the province core: every server is reached. Without that LAN,
    each server of govnet.yaml is a finding at its line."""
    assert "GN917" not in codes(huawei.verify())
    # Both province cores attach the NOC LAN (redundant): the servers are cut off only when both lose it.
    noc = drop(r"ip address 10\.4\.0\.25[34] ")
    found = huawei.added(JX_36_CR01=noc, JX_36_CR02=noc)
    assert {(d.file, d.line) for d in found if d.code == "GN917"} == {
        ("govnet.yaml", 9), ("govnet.yaml", 10), ("govnet.yaml", 11), ("govnet.yaml", 12)}  # ntp, syslog, snmp, aaa


def test_firewall_managed_over_a_leg_with_routes_both_ways(huawei: Rendered) -> None:
    """A firewall runs no IGP: a router routes its management address over a management leg, and it routes the
    servers back. Without the way back it is unreachable."""
    fw = "configs/3601/JX-3601-FW01.cfg"
    assert fw not in {d.file for d in huawei.verify() if d.code == "GN918"}
    found = huawei.added(JX_3601_FW01=drop(r"^ip route-static 10\.4\.0\.0 "))
    assert fw in {d.file for d in found if d.code == "GN918"}


def test_router_management_address_out_of_the_igp(huawei: Rendered) -> None:
    found = huawei.added(JX_36_CR01=_attach_servers, JX_360102_R01=drop(r"network 10\.2\.0\.113 "))
    assert "configs/360102/JX-360102-R01.cfg" in {d.file for d in found if d.code == "GN918"}


def test_link_moved_to_another_subnet(huawei: Rendered) -> None:
    found = huawei.added(JX_360102_R01=sub("ip address 10.1.0.21 255.255.255.254", "ip address 10.9.9.1 "
                                            "255.255.255.254"))
    assert ("configs/3601/JX-3601-CR01.cfg", line_of(huawei, "JX-3601-CR01", r"ip address 10\.1\.0\.20 ")) in {
        (d.file, d.line) for d in found if d.code == "GN901"}
    model_side = [d for d in found if d.code == "GN906"]
    assert [d.file for d in model_side] == ["topology/profiles.yaml"]  # the implied uplink's origin


def test_one_address_on_two_devices(huawei: Rendered) -> None:
    found = huawei.added(JX_360102_R02=sub("ip address 10.1.0.25 ", "ip address 10.1.0.21 "))
    assert [(d.file, d.line) for d in found if d.code == "GN921"] == [
        ("configs/360102/JX-360102-R02.cfg", line_of(huawei, "JX-360102-R02", r"ip address 10\.1\.0\.25 "))]


def test_scan_cache_reads_only_changed_configs(huawei: Rendered, tmp_path: Path) -> None:
    path = tmp_path / "scan.cache"
    first = verify.ScanCache(path)
    verify.run(huawei.model, huawei.configs, first)
    first.save()
    again = verify.ScanCache(path)
    configs = dict(huawei.configs)
    configs["JX-36-CR01"] = replace(configs["JX-36-CR01"], text=configs["JX-36-CR01"].text + "#\n")
    assert verify.run(huawei.model, configs, again) == verify.run(huawei.model, huawei.configs)
    assert again.hits == len(configs) - 1


def test_default_model_configs_build_the_model_graph(repo_model: Path) -> None:
    """The graph the model checks judge and the graph the configs build are the same, link by link, and the
    default model has no structural finding."""
    found = _render(repo_model).verify()
    assert codes(found) <= NOT_YET


def test_build_with_verify_stops_before_writing_configs(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from govnet.cli.app import app

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(GOLDEN / "huawei-h3c" / "model"), "-o", str(out), "--verify"])
    assert result.exit_code == 1
    assert "error GN9" in result.stdout and "build stopped" in result.output
    assert not (out / "configs").exists() and not (out / "summary.json").exists()
    assert (out / verify.CACHE_FILE).is_file()  # the read-backs, for the next build


def test_rbm_pair_shares_sessions(cisco: Rendered) -> None:
    """The SecPath pair of 3601 runs RBM (remote-ip names the peer): a router spreading PUBLIC's default over both
    is no finding; without the remote-backup group on one of them it is."""
    ecmp = sub(" 10.1.0.85 2 name TO-JX-3601-FW02", " 10.1.0.85 name TO-JX-3601-FW02")
    pair = "JX-3601-FW01 and JX-3601-FW02"
    assert not any(pair in d.message for d in cisco.verify(JX_3601_CR01=ecmp) if d.code == "GN916")
    no_rbm = drop(r"^ (remote-ip|local-ip) ")
    assert [d.file for d in cisco.verify(JX_3601_CR01=ecmp, JX_3601_FW02=no_rbm)
            if d.code == "GN916" and pair in d.message] == ["configs/3601/JX-3601-CR01.cfg"]

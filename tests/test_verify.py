"""govnet verify: faults injected into the rendered configs of the golden models are each caught with their code,
at the config file and line that holds the fault; the configs as rendered carry only the findings the deployable
configs work (issue 13) removes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from conftest import render_shared
from govnet import verify
from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic
from govnet.ipam.prefix import Net
from govnet.model.types import Model
from govnet.render import Config
from govnet.verify.context import VerifyContext

GOLDEN = Path(__file__).resolve().parent / "golden"


def edited(configs: Mapping[str, Config], edits: Mapping[str, Callable[[str], str]]) -> dict[str, Config]:
    """The configs with each named device's text edited (``JX_36_CR01`` names JX-36-CR01); an edit that changes
    nothing is a broken test, not a clean verify."""
    found = dict(configs)
    for name, edit in edits.items():
        device = name.replace("_", "-")
        changed = edit(found[device].text)
        assert changed != found[device].text, f"the edit of {device} changed nothing"
        found[device] = replace(found[device], text=changed)
    return found


@dataclass
class Rendered:
    model: Model
    configs: dict[str, Config]
    decisions: Mapping[str, Net]
    # Set-up cost only: each config's read-back by the hash of its text (an edited config is read afresh), and the
    # findings of the configs as rendered, which every fault injection compares with.
    scans: verify.ScanCache = field(default_factory=verify.ScanCache)
    clean: list[Diagnostic] | None = None

    def verify(self, **edits: Callable[[str], str]) -> list[Diagnostic]:
        if not edits:
            if self.clean is None:
                self.clean = verify.run(self.model, self.configs, self.scans, decisions=self.decisions)
            return list(self.clean)
        return verify.run(self.model, edited(self.configs, edits), self.scans, decisions=self.decisions)

    def added(self, **edits: Callable[[str], str]) -> list[Diagnostic]:
        """The findings an edit adds to those of the configs as rendered."""
        before = {(d.code, d.file, d.message) for d in self.verify()}
        return [d for d in self.verify(**edits) if (d.code, d.file, d.message) not in before]


def _render(root: Path) -> Rendered:
    result, configs = render_shared(root)  # the default model's are rendered once per session
    assert result.ok and result.model is not None and result.addresses is not None
    return Rendered(result.model, configs, result.addresses.outcome.decisions)


@pytest.fixture(scope="module")
def mini() -> Rendered:
    return _render(Path(__file__).resolve().parent / "fixtures" / "mini")


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



# The goldens verify clean, warnings included, but for what verify states it cannot prove: the cisco golden's SecPath
# RBM pairs after one router leg fails (GN932, tests/test_ha_pair.py).
@pytest.mark.parametrize(("case", "unproven"), [("huawei", set()), ("cisco", {"GN932"})])
def test_rendered_configs_have_no_structural_finding(case: str, unproven: set[str],
                                                     request: pytest.FixtureRequest) -> None:
    rendered: Rendered = request.getfixturevalue(case)
    assert codes(rendered.verify()) == unproven


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
        ("configs/360102/JX-360102-R01.cfg", line_of(huawei, "JX-360102-R01", r"^interface Ten-GigabitEthernet1/2/1$"))]


def test_interface_left_out_of_isis(cisco: Rendered) -> None:
    text = cisco.configs["JX-3601-CR01"].text
    block = text.index("interface TenGigabitEthernet0/2/2")
    edited = text[:block] + text[block:].replace(" ip router isis\n", "", 1)
    found = cisco.added(JX_3601_CR01=lambda _: edited)
    assert [d.file for d in found if d.code == "GN903"] == ["configs/3601/JX-3601-CR01.cfg"]


def test_passive_port_and_authentication_on_one_end(huawei: Rendered) -> None:
    process = "ospf 1 router-id 10.0.0.9\n"
    passive = sub(process, process + " silent-interface Ten-GigabitEthernet1/2/1\n")
    found = huawei.added(JX_360102_R01=passive)
    assert ["passive" in d.message for d in found if d.code == "GN903"] == [True]
    port = " description TO-JX-3601-CR01-XGigabitEthernet0/2/2\n"
    auth = sub(port, port + " ospf authentication-mode simple cipher <SECRET:ospf_key>\n")
    found = huawei.added(JX_360102_R01=auth)
    assert ["simple" in d.message and "md5" in d.message for d in found if d.code == "GN903"] == [True]
    # The area's mode is every port's unless the port says its own: Comware's area in HMAC-MD5 beside the
    # Huawei city core's keyed MD5 forms no adjacency (the default model's mixed areas did exactly this).
    area = sub("  authentication-mode md5 1 cipher ", "  authentication-mode hmac-md5 1 cipher ")
    found = huawei.added(JX_360102_R01=area)
    hits = [d for d in found if d.code == "GN903" and "authentication differs" in d.message]
    assert hits and all("ospf hmac-md5" in d.message and "ospf md5" in d.message for d in hits)
    p2p = sub(" ospf network-type p2p\n", " ospf network-type broadcast\n")
    found = huawei.added(JX_360102_R01=p2p)
    assert ["network type" in d.message for d in found if d.code == "GN903"] == [True]


def test_isis_levels_that_differ(cisco: Rendered) -> None:
    found = cisco.added(JX_360102_R01=sub(" is-type level-2-only", " is-type level-1"))
    assert {d.file for d in found if d.code == "GN903"} == {"configs/360102/JX-360102-R01.cfg",
                                                            "configs/3601/JX-3601-CR01.cfg"}


def test_ldp_on_one_end(huawei: Rendered) -> None:
    text = huawei.configs["JX-360102-R01"].text
    block = text.index("interface Ten-GigabitEthernet1/2/1")
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
    stranger = sub("hrp interface XGigabitEthernet1/2/2 remote 10.1.0.20", "hrp interface XGigabitEthernet1/2/2 "
                   "remote 10.9.9.")
    assert any(pair in d.message for d in huawei.verify(JX_36_CR01=ecmp, JX_36_FW01=stranger) if d.code == "GN916")


def test_routers_of_a_site_prefer_different_firewalls(huawei: Rendered) -> None:
    """A flow leaving by one firewall returns by whichever router its reply reaches, and each router sends it to
    the firewall it prefers: two routers preferring different firewalls without hot standby between them is a
    finding at the router that prefers the second; with HRP between the two it is not."""
    def flip(text: str) -> str:  # JX-36-CR02 prefers JX-36-FW02 in INTERNET, JX-36-CR01 still JX-36-FW01
        text = re.sub(r" 10\.1\.0\.65( track bfd-session \S+)? description TO-JX-36-FW01",
                      r" 10.1.0.65 preference 70\1 description TO-JX-36-FW01", text)
        return text.replace(" 10.1.0.71 preference 70 ", " 10.1.0.71 ")

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


def test_every_site_block_is_announced(huawei: Rendered, cisco: Rendered) -> None:
    """Each PE announces its site's zone blocks (a discard route in the VPN instance, imported into BGP), so even a
    site with no unit yet is reached: the goldens have no GN920."""
    assert "GN920" not in codes(huawei.verify()) | codes(cisco.verify())
    assert "import-route static" in huawei.configs["JX-360103-R01"].text


def test_site_block_without_its_announcement(huawei: Rendered) -> None:
    """A county whose discard route is gone is a finding at the zone in zones/zones.yaml; the city's shorter
    discard route around it does not count (it drops the county's traffic), nor does a discard route BGP does
    not import."""
    def public(found: list[Diagnostic]) -> str:
        return next(d.file + ": " + d.message for d in found if d.code == "GN920" and "zone public" in d.message)

    block = r"^ip route-static vpn-instance PUBLIC \S+ \S+ NULL0 description BLOCK-360103$"  # H3C Comware
    found = huawei.added(JX_360103_R01=drop(block), JX_360103_R02=drop(block))
    assert public(found).startswith("zones/zones.yaml: zone public: 1 of ") and "(360103)" in public(found)
    one_left = huawei.added(JX_360103_R01=drop(block))
    assert "GN920" not in codes(one_left)  # the other router of the county still announces it
    unimported = drop(r"^   import-route static$")  # H3C Comware: in each VPN instance's IPv4 family
    found = huawei.added(JX_360103_R01=unimported, JX_360103_R02=unimported)
    assert "(360103)" in public(found)


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


class _Planted:
    """What a hostile cache file would name: unpickling it calls os.getcwd (any callable would do)."""

    def __reduce__(self) -> tuple[object, tuple[()]]:
        import os

        return (os.getcwd, ())


class _Mkdir:
    """A planted entry whose unpickling would make a folder (so that a test sees whether it ran)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str]]:
        import os

        return (os.mkdir, (str(self.path),))


def test_scan_cache_refuses_a_planted_pickle(tmp_path: Path) -> None:
    """The cache lives in an output folder someone may hand over: a file naming anything but a scan's classes is
    treated as damaged (an empty cache), never run."""
    import pickle

    path = tmp_path / "scan.cache"
    path.write_bytes(pickle.dumps(("11", {"x": _Planted()})))
    assert verify.ScanCache(path).stored == {}


def test_scan_cache_refuses_a_planted_entry(huawei: Rendered, tmp_path: Path) -> None:
    """Each config's facts are a pickle of their own inside the cache file, read when the config asks: one that
    names anything but a scan's classes is never run, and the config is read again."""
    import pickle

    path, ran = tmp_path / "scan.cache", tmp_path / "ran"
    cache = verify.ScanCache(path)
    verify.run(huawei.model, huawei.configs, cache)
    cache.save()
    version, stored = pickle.loads(path.read_bytes())
    key = sorted(stored)[0]
    path.write_bytes(pickle.dumps((version, {**stored, key: pickle.dumps(_Mkdir(ran))})))
    again = verify.ScanCache(path)
    assert verify.run(huawei.model, huawei.configs, again) == verify.run(huawei.model, huawei.configs)
    assert not ran.exists() and again.scanned == 1 and again.hits == len(huawei.configs) - 1


@pytest.fixture(scope="module")
def default(repo_model: Path) -> Rendered:
    return _render(repo_model)


def test_default_model_has_no_structural_finding(default: Rendered) -> None:
    """The default model's configs verify clean: the links they build are the model's (GN906), every site block
    is announced (GN920), each NAT pool serves one carrier (GN919)."""
    assert codes(default.verify()) == set()


def test_build_verifies_and_stops_before_writing_configs(tmp_path: Path) -> None:
    """verify is a stage of build, on by default: a finding stops it before any file is written (the read-backs
    are kept for the next build); --no-verify writes the configs as they are. The fault: the model's own router
    template leaves out the site blocks' announcements (GN920)."""
    from typer.testing import CliRunner

    from conftest import BLOCK_ROUTES_CALL, copy_model
    from govnet.cli.app import app

    root = copy_model(Path(__file__).resolve().parent / "fixtures" / "mini", tmp_path / "model")
    packaged = Path(__file__).resolve().parent.parent / "templates" / "huawei_vrp" / "router.j2"
    (root / "templates" / "huawei_vrp").mkdir(parents=True)
    text = packaged.read_text(encoding="utf-8")
    assert BLOCK_ROUTES_CALL in text
    (root / "templates" / "huawei_vrp" / "router.j2").write_text(text.replace(BLOCK_ROUTES_CALL, ""), encoding="utf-8")
    out, model = tmp_path / "out", str(root)
    result = CliRunner().invoke(app, ["build", model, "-o", str(out)])
    assert result.exit_code == 1
    assert "error GN920" in result.stdout and "build stopped: the configs do not work" in str(result.exception)
    assert {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} == \
        {".govnet-output", verify.CACHE_FILE.as_posix(),  # govnet's mark: the next build may write there
         ".govnet-build.lock"}  # empty: the builds into out/ take turns by it
    unchecked = CliRunner().invoke(app, ["build", model, "-o", str(out), "--no-verify", "-q"])
    assert unchecked.exit_code == 0 and "GN920" not in unchecked.stdout
    assert list((out / "configs").rglob("*.cfg")) and (out / "summary.json").is_file()


def test_build_reads_back_only_the_configs_whose_text_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild after one township's edit scans only the configs whose text changed; the others' read-backs come
    from the cache, keyed by the text's hash the build recorded."""
    from conftest import copy_model
    from govnet.pipeline import build

    model, out = copy_model(Path(__file__).resolve().parent / "fixtures" / "mini", tmp_path / "model"), tmp_path / "out"
    from govnet.verify import readback

    scanned: list[str] = []
    real = readback.scan

    def counting(device: str, file: str, text: str) -> verify.Facts:
        scanned.append(file)
        return real(device, file, text)

    monkeypatch.setattr(readback, "scan", counting)
    first = build(model, out, date="2024-05-01", workers=1)
    configs = {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "configs").rglob("*.cfg")}
    assert first.ok and sorted(scanned) == sorted(configs)
    scanned.clear()
    province = model / "topology" / "province.yaml"  # the interconnect's IGP cost changes on its two ends
    link = "{a: JX-CLOUD-CR01, b: JX-DR-CR01, bandwidth: 10G,"
    assert link in province.read_text(encoding="utf-8")
    province.write_text(province.read_text(encoding="utf-8").replace(link, link.replace("10G", "1G")), encoding="utf-8")
    second = build(model, out, date="2024-05-01", workers=1)
    changed = {p.relative_to(out).as_posix() for p in (out / "configs").rglob("*.cfg")
               if configs.get(p.relative_to(out).as_posix()) != p.read_bytes()}
    assert second.ok and not second.up_to_date and changed
    assert sorted(scanned) == sorted(changed)


def _config_graph(rendered: Rendered) -> Counter[frozenset[str]]:
    """The device pairs the configs join in the global table (both ends in one subnet, both up), parallel links
    counted; router-firewall legs and management sub-interfaces are VLANs on a port, not links, and the NOC's
    server LAN on the province cores is a LAN of servers, not a link of the model (the IGP is passive there:
    GN922); a firewall pair's HA heartbeat link (and an access gateway pair's) carries sessions, not routes."""
    ctx = VerifyContext(rendered.model, verify.scan_configs(rendered.configs, rendered.scans))
    return Counter(frozenset((adj.a.device, adj.b.device)) for adj in ctx.adjacencies
                   if not (adj.a_port.vrf or adj.b_port.vrf or "." in adj.a_port.name or "." in adj.b_port.name
                           or "TO-NOC" in (adj.a_port.description, adj.b_port.description)
                           or ctx.role(adj.a.device) == ctx.role(adj.b.device) in ("firewall", "access-gateway")))


def _checks_graph(rendered: Rendered) -> Counter[frozenset[str]]:
    """The graph the model checks judge (redundancy, reachability, the diagrams' counts), between the devices
    the province configures."""
    graph = CheckContext(rendered.model).graph
    names = graph.names
    return Counter(frozenset((names[a], names[b])) for a, b in graph.ends
                   if names[a] in rendered.configs and names[b] in rendered.configs)


@pytest.mark.parametrize("case", ["huawei", "cisco", "mini"])
def test_the_checks_judge_the_graph_the_configs_build(case: str, request: pytest.FixtureRequest) -> None:
    rendered: Rendered = request.getfixturevalue(case)
    built, judged = _config_graph(rendered), _checks_graph(rendered)
    assert sum(judged.values()) > 10
    assert built - judged == Counter() and judged - built == Counter()


def test_the_checks_judge_the_graph_the_default_models_configs_build(default: Rendered) -> None:
    rendered = default
    built, judged = _config_graph(rendered), _checks_graph(rendered)
    assert sum(judged.values()) > 4000
    assert built - judged == Counter() and judged - built == Counter()


def test_rbm_pair_shares_sessions(cisco: Rendered) -> None:
    """The SecPath pair of 3601 runs RBM (remote-ip names the peer): a router spreading PUBLIC's default over both
    is no finding; without the remote-backup group on one of them it is."""
    ecmp = sub(" 10.1.0.85 2 name TO-JX-3601-FW02", " 10.1.0.85 name TO-JX-3601-FW02")
    pair = "JX-3601-FW01 and JX-3601-FW02"
    assert not any(pair in d.message for d in cisco.verify(JX_3601_CR01=ecmp) if d.code == "GN916")
    no_rbm = drop(r"^ (remote-ip|local-ip) ")
    assert [d.file for d in cisco.verify(JX_3601_CR01=ecmp, JX_3601_FW02=no_rbm)
            if d.code == "GN916" and pair in d.message] == ["configs/3601/JX-3601-CR01.cfg"]


def test_igp_active_toward_the_noc_servers(huawei: Rendered, cisco: Rendered) -> None:
    """The province cores advertise the NOC's server LAN passively (OSPF silent-interface, IS-IS silent); a core
    that sends hellos there (the templates before issue 14's fix) is GN922 at the port's line, on both IGPs."""
    text = huawei.configs["JX-36-CR01"].text
    assert " silent-interface XGigabitEthernet0/2/3\n" in text and " isis silent\n" in cisco.configs["JX-36-CR01"].text
    found = huawei.added(JX_36_CR01=drop_text(" silent-interface XGigabitEthernet0/2/3\n"))
    assert [(d.file, d.line) for d in found if d.code == "GN922"] == \
        [("configs/36/JX-36-CR01.cfg", line_of(huawei, "JX-36-CR01", r"^interface XGigabitEthernet0/2/3$"))]
    found = cisco.added(JX_36_CR02=drop_text(" isis silent\n"))
    assert [(d.file, d.code) for d in found] == [("configs/36/JX-36-CR02.cfg", "GN922")]
    assert "10.4.0.0/24" in found[0].message



def test_links_inside_a_site_are_held_against_the_model(huawei: Rendered) -> None:
    """GN906 compares every link the model builds, not only those between sites: a site's interconnect, a zone leg
    bound to another VPN instance, a management leg and a firewall pair's heartbeat, each missing or misplaced,
    is a finding at the model line that builds it (and at the config line of what the configs join instead)."""
    def gn906(**edits: Callable[[str], str]) -> list[tuple[str, str]]:
        return sorted((d.file, d.message) for d in huawei.added(**edits) if d.code == "GN906")

    moved = gn906(JX_36_CR02=sub(" ip address 10.1.0.183 255.255.255.254", " ip address 10.1.7.183 255.255.255.254"))
    assert [m for _, m in moved] == ["link JX-36-CR01 – JX-36-CR02: the model has 1, the configs build 0"]
    assert moved[0][0] == "topology/profiles.yaml"  # the province profile's devices imply the interconnect
    leg = "interface XGigabitEthernet0/2/0.100\n description TO-JX-36-FW01-ZONE-public\n dot1q termination vid 100\n" \
          " arp broadcast enable\n ip binding vpn-instance "
    assert leg + "PUBLIC" in huawei.configs["JX-36-CR01"].text
    rebound = gn906(JX_36_CR01=sub(leg + "PUBLIC", leg + "OFFICE"))
    assert ("configs/36/JX-36-CR01.cfg", "the configs join JX-36-CR01 and JX-36-FW01 (zone leg OFFICE) 1 time(s), "
            "the model 0") in rebound
    assert [m for f, m in rebound if not f.startswith("configs/")] == [
        "link JX-36-CR01 – JX-36-FW01 (zone leg PUBLIC): the model has 1, the configs build 0"]
    assert len(rebound) == 2
    mgmt = gn906(JX_36_FW02=sub(" ip address 10.1.0.141 255.255.255.254", " ip address 10.1.3.141 255.255.255.254"))
    assert [m for _, m in mgmt] == ["link JX-36-CR01 – JX-36-FW02 (management leg): the model has 1, the configs "
                                    "build 0"]
    heartbeat = gn906(JX_36_FW02=drop(r"^ ip address 10\.1\.0\.203 "))
    assert [m for _, m in heartbeat] == ["link JX-36-FW01 – JX-36-FW02 (HA heartbeat link): the model has 1, the "
                                         "configs build 0"]


def test_summary_reports_what_verify_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """summary.json and summary.md carry verify's result, warnings included (before, only the CLI printed them):
    errors, warnings and the count per code; a build without verify says it did not run."""
    import json

    from conftest import copy_model
    from govnet import diagnostics as dg
    from govnet.pipeline import build

    real = verify.in_build

    def with_a_warning(*args: object, **kwargs: object) -> list[Diagnostic]:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        return [*found, dg.make("GN902", "configs/36/JX-36-CR01.cfg", 3, 1, "ports of another speed")]

    monkeypatch.setattr(verify, "in_build", with_a_warning)
    model = copy_model(Path(__file__).resolve().parent / "fixtures" / "mini", tmp_path / "model")
    result = build(model, tmp_path / "out", date="2024-05-01", workers=1)
    assert result.ok
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["verify"] == {"errors": 0, "warnings": 1, "codes": {"GN902": 1}}
    assert [d["code"] for d in summary["diagnostics"] if d["code"].startswith("GN9")] == ["GN902"]
    assert "配置核查（verify）：错误 0 个，警告 1 个" in (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    build(model, tmp_path / "unchecked", date="2024-05-01", workers=1, verify=False)
    assert "verify" not in json.loads((tmp_path / "unchecked" / "summary.json").read_text(encoding="utf-8"))


def test_firewall_rules_carry_the_policys_addresses_and_services(huawei: Rendered, cisco: Rendered) -> None:
    """A rule of zones/policy.yaml is judged by its address groups and services, not only by its zones: the USG
    rule sap-to-public (sap-clients -> web-servers, tcp/443 and udp/8000-8010) that lets another port, every
    source or every service through is GN923 at the rule's line; so is a SecPath rule whose port range differs, and
    a rule the policy applies at the firewall's level that is not in its config."""
    rule = line_of(huawei, "JX-36-FW01", r"^ rule name sap-to-public$")

    def gn923(rendered: Rendered, **edits: Callable[[str], str]) -> list[tuple[str, int, str]]:
        return [(d.file, d.line, d.message) for d in rendered.added(**edits) if d.code == "GN923"]

    port = gn923(huawei, JX_36_FW01=sub("destination-port 443\n", "destination-port 8443\n"))
    assert [(f, line) for f, line, _ in port] == [("configs/36/JX-36-FW01.cfg", rule)]
    assert "services tcp/8443, udp/8000-8010, not tcp/443, udp/8000-8010" in port[0][2]
    anyone = gn923(huawei, JX_36_FW02=drop(r"^  source-address 10\.3\.0\.0 16$"))
    assert len(anyone) == 1 and "sources any, not 10.3.0.0/16" in anyone[0][2]
    every = gn923(huawei, JX_36_FW01=drop(r"^  service protocol "))
    assert len(every) == 1 and "services any" in every[0][2]
    assert "zones/policy.yaml:" in next(d.hint or "" for d in huawei.added(JX_36_FW01=drop(r"^  service protocol "))
                                        if d.code == "GN923")
    secpath = gn923(cisco, JX_360102_FW01=sub("service-port tcp destination eq 443\n",
                                              "service-port tcp destination range 443 444\n"))
    assert [(f, m.split(":")[0]) for f, _, m in secpath] == \
        [("configs/360102/JX-360102-FW01.cfg", "rule hrss-to-web-servers on JX-360102-FW01 differs from the policy")]
    text = cisco.configs["JX-360102-FW01"].text
    start = text.index(" rule name hrss-to-web-servers\n")
    whole = text[start:text.index("#", start)]  # the rule's block, to the end of the IPv4 policy
    gone = gn923(cisco, JX_360102_FW01=drop_text(whole))
    assert [m for _, _, m in gone] == ["JX-360102-FW01 has no rule hrss-to-web-servers (hrss -> public) in its "
                                       "security policy"]


def test_ipv6_isis_on_both_ends(cisco: Rendered) -> None:
    """The IS-IS golden runs IPv6 in its own topology on every router: a port left out of IS-IS IPv6, a Comware
    router whose process carries IPv6 in the IPv4 topology (no multi-topology), a Huawei core whose process has no
    IPv6 at all are each GN903 (and the core's IPv6 loopback unreachable, GN904) at the line at fault."""
    block = cisco.configs["JX-3601-CR01"].text.index("interface TenGigabitEthernet0/2/2")
    port = line_of(cisco, "JX-3601-CR01", r"^interface TenGigabitEthernet0/2/2$")

    def without_v6_isis(text: str) -> str:
        return text[:block] + text[block:].replace(" ipv6 router isis\n", "", 1)

    found = cisco.added(JX_3601_CR01=without_v6_isis)
    assert [(d.code, d.file, d.line) for d in found] == [("GN903", "configs/3601/JX-3601-CR01.cfg", port)]
    assert "left out of the IPv6 IGP" in found[0].message
    single = cisco.added(JX_3601_CR02=drop(r"^  multi-topology$"))
    isis = line_of(cisco, "JX-3601-CR02", r"^isis 1$")
    assert {(d.code, d.file, d.line) for d in single if d.code == "GN903"} == \
        {("GN903", "configs/3601/JX-3601-CR02.cfg", isis)}
    assert [d.message for d in single if d.code == "GN904"] == ["the IPv6 IGP of JX-3601-CR02 is cut off from the "
                                                                "province core: their IPv6 loopbacks are unreachable "
                                                                "from the other routers"]
    none = cisco.added(JX_36_CR01=drop(r"^ ipv6 enable topology ipv6$"))
    assert {d.code for d in none} == {"GN903", "GN904"}
    assert any("has no IPv6" in d.message and d.line == line_of(cisco, "JX-36-CR01", r"^isis 1$") for d in none)


def test_ipv6_ospfv3_areas_and_loopbacks(mini: Rendered) -> None:
    """OSPFv3 (the default model's IPv6 IGP, Comware and Huawei 'ospfv3 1 area A' on the port): two routers of
    the province core on one IPv6 link in different areas are GN903; a loopback left out of OSPFv3 is GN904; a
    port naming an area of a process the router does not have is GN903."""
    from govnet.verify import ipv6
    from govnet.verify.scan import scan

    a, b = sorted(d.name for d in mini.model.devices_of(mini.model.province.key) if d.role != "firewall")[:2]

    def config(name: str, address: str, loopback: str, area: str, loop_area: str = "0.0.0.0",
               process: bool = True) -> str:
        return "\n".join([f"sysname {name}", "ospf 1", *(["ospfv3 1", " area 0.0.0.0"] if process else []),
                          "interface Ten-GigabitEthernet1/0/1", f" ipv6 address {address}/127",
                          f" ospfv3 1 area {area}", "interface LoopBack0", " ip address 10.9.9.9 255.255.255.255",
                          f" ipv6 address {loopback}/128", f" ospfv3 1 area {loop_area}", ""])

    def judge(**texts: str) -> list[tuple[str, str, int]]:
        facts = {n: scan(n, f"configs/{n}.cfg", t) for n, t in texts.items()}
        return [(d.code, d.file, d.line) for d in ipv6.check(VerifyContext(mini.model, facts))]

    good = {a: config(a, "2001:db8::", "2001:db8:1::1", "0.0.0.0"), b: config(b, "2001:db8::1", "2001:db8:1::2",
                                                                               "0.0.0.0")}
    assert judge(**good) == []
    assert judge(**{**good, b: config(b, "2001:db8::1", "2001:db8:1::2", "0.0.0.1")}) == \
        [("GN903", f"configs/{a}.cfg", 5), ("GN904", f"configs/{b}.cfg", 1)]  # b: an IPv6 island
    assert judge(**{**good, b: config(b, "2001:db8::1", "2001:db8:1::2", "0.0.0.0", loop_area="")}) == \
        [("GN904", f"configs/{b}.cfg", 10)]
    assert judge(**{**good, b: config(b, "2001:db8::1", "2001:db8:1::2", "0.0.0.0", process=False)}) == \
        [("GN903", f"configs/{b}.cfg", 3), ("GN904", f"configs/{b}.cfg", 8)]


def test_vpn_prefixes_judged_per_route_policy(huawei: Rendered) -> None:
    """Per VPN instance on every PE, the prefixes it learns go through the export and import route-policies as
    rendered (their prefix lists): the province core's HRSS export policy that no longer lists the unit subnets
    leaves MINI-0001's subnet unreachable from every other HRSS member (GN924 at the core that holds it, the
    prefix named); a PE whose PUBLIC import policy denies everything reaches none of the zone's site blocks."""
    narrowed = sub("ip ip-prefix HRSS-EXPORT index 10 permit 172.16.0.0 12 greater-equal 12 less-equal 32",
                   "ip ip-prefix HRSS-EXPORT index 10 permit 172.31.0.0 16 greater-equal 16 less-equal 32")
    found = [d for d in huawei.added(JX_36_CR01=narrowed) if d.code == "GN924"]
    assert [d.file for d in found] == ["configs/36/JX-36-CR01.cfg"]
    assert found[0].message.startswith("zone hrss: 1 prefix(es) (172.16.0.0/28 (unit MINI-0001)) reach no route in "
                                       "HRSS on 20 member PE(s) (JX-36-CR02, ")
    vrf = "#\nip vpn-instance PUBLIC\n ipv4-family\n"
    deny = sub(vrf, "#\nroute-policy DENY-ALL deny node 10\n" + vrf + "  import route-policy DENY-ALL\n")
    found = [d for d in huawei.added(JX_3601_CR01=deny) if d.code == "GN924"]
    edited = deny(huawei.configs["JX-3601-CR01"].text).splitlines()
    targets = next(i for i, line in enumerate(edited, 1) if line.startswith("  vpn-target 64548:100 "))
    assert [(d.file, d.line) for d in found] == [("configs/3601/JX-3601-CR01.cfg", targets)]  # PUBLIC's targets
    assert "reach no route in PUBLIC on 1 member PE(s) (JX-3601-CR01)" in found[0].message
    assert "10.128.0.0/17 (site 36)" in found[0].message


def test_carrier_handoffs_carry_their_default_routes(cisco: Rendered) -> None:
    """Each TO-ISP handoff has the default route toward its carrier in each family it has an address of: the city
    exit without its ::/0 over the /127 internet leg, or with its IPv4 default pointed elsewhere, is GN925 at the
    handoff's address line."""
    v6 = cisco.added(JX_3601_CR01=drop(r"^ipv6 route vrf INTERNET ::/0 "))
    lines = cisco.configs["JX-3601-CR01"].text.splitlines()
    handoff = next(i for i, line in enumerate(lines) if line == " description TO-ISP-CT")
    address6 = next(i for i in range(handoff, len(lines)) if lines[i].startswith(" ipv6 address ")) + 1
    assert [(d.code, d.file, d.line) for d in v6] == [("GN925", "configs/3601/JX-3601-CR01.cfg", address6)]
    assert "no IPv6 default route" in v6[0].message
    v4 = cisco.added(JX_3601_CR01=sub("ip route vrf INTERNET 0.0.0.0 0.0.0.0 203.0.113.177",
                                      "ip route vrf INTERNET 0.0.0.0 0.0.0.0 203.0.113.1"))
    assert [(d.code, "IPv4" in d.message) for d in v4 if d.code == "GN925"] == [("GN925", True)]


def test_unit_sub_interfaces_are_held_against_the_registry(huawei: Rendered) -> None:
    """GN906 compares the unit sub-interfaces too: MINI-0001's HRSS sub-interface bound to another VPN instance is
    missing at the unit's registry entry and extra at the config line that attaches it elsewhere."""
    unit = "GigabitEthernet0/3/0.2\n description UNIT-MINI-0001 JiangXiShengRenLiZiYuanHeSheHuiBaoZhangTing\n" \
           " dot1q termination vid 2\n arp broadcast enable\n ip binding vpn-instance "
    found = [d for d in huawei.added(JX_36_CR01=sub(unit + "HRSS", unit + "OFFICE")) if d.code == "GN906"]
    assert sorted((d.file, d.message) for d in found) == [
        ("configs/36/JX-36-CR01.cfg", "JX-36-CR01 GigabitEthernet0/3/0.2 attaches unit MINI-0001 in OFFICE (up), "
                                      "which the model does not"),
        ("registry.yaml", "unit MINI-0001 in HRSS on JX-36-CR01 (up): the model attaches it, the configs do not")]
    registry = (GOLDEN / "huawei-h3c" / "model" / "registry.yaml").read_text(encoding="utf-8").splitlines()
    assert registry[next(d.line for d in found if d.file == "registry.yaml") - 1].strip() == "- id: MINI-0001"

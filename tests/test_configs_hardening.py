"""Production essentials of the router configs (issue 13): control-plane protection on the cores, IS-IS
authentication, LDP-IGP synchronisation on every vendor, per-VPN route limits from the model, edge route
policies (national hand-off and access edges) and the QoS hook of an access class."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import copy_model, govnet_in_process
from govnet.pipeline import validate
from govnet.render import render_configs

GOLDEN = Path(__file__).resolve().parent / "golden"


def _configs(root: Path) -> dict[str, tuple[str, str, str]]:
    """Per device: (platform, role, config text)."""
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None, result.diagnostics
    configs = render_configs(result.model, result.addresses.outcome.decisions)
    return {n: (c.platform, result.model.devices[n].role, c.text) for n, c in configs.items()}


@pytest.fixture(scope="module")
def isis() -> dict[str, tuple[str, str, str]]:
    return _configs(GOLDEN / "cisco-isis" / "model")


@pytest.fixture(scope="module")
def ospf() -> dict[str, tuple[str, str, str]]:
    return _configs(GOLDEN / "huawei-h3c" / "model")


def _blocks(text: str, platform: str) -> list[list[str]]:
    """The config's top-level blocks: a command line and the indented lines below it."""
    blocks: list[list[str]] = []
    for line in text.splitlines():
        if line in ("#", "!") or not line.strip():
            continue
        if line.startswith(" ") and blocks:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


CONTROL_PLANE = {
    "huawei_vrp8": ("cpu-defend policy 1", r"^slot (\d+)\n cpu-defend-policy 1$"),
    "h3c_comware": ("qos policy GOVNET-COPP", r"^control-plane slot (\d+)\n qos apply policy GOVNET-COPP inbound$"),
    "cisco_iosxe": ("policy-map GOVNET-COPP", r"^control-plane\n service-policy input GOVNET-COPP$"),
}


def test_cores_protect_their_control_plane_and_others_do_not(isis: dict[str, tuple[str, str, str]],
                                                             ospf: dict[str, tuple[str, str, str]]) -> None:
    seen = set()
    for configs in (isis, ospf):
        for name, (platform, role, text) in configs.items():
            if platform not in CONTROL_PLANE:
                continue
            policy, applied = CONTROL_PLANE[platform]
            if role != "core-router":
                assert policy not in text, name
                continue
            seen.add(platform)
            assert re.search(f"^{policy}$", text, re.M), name
            applications = re.findall(applied, text, re.M)
            assert applications, name
            if applied.count("(") > 1 or "(\\d+)" in applied:  # per slot: exactly the slots its ports are on
                slots = set(re.findall(r"^interface \S*?(\d+)/\d+/\d+$", text, re.M))
                assert set(applications) == slots, name
    assert seen >= {"huawei_vrp8", "h3c_comware", "cisco_iosxe"}


def test_control_plane_roles_come_from_the_model(tmp_path: Path) -> None:
    root = copy_model(GOLDEN / "cisco-isis" / "model", tmp_path / "m")
    zones = root / "zones" / "zones.yaml"
    zones.write_text(zones.read_text(encoding="utf-8").replace("  igp: isis\n",
                                                               "  igp: isis\n  control_plane: [router]\n"),
                     encoding="utf-8")
    for name, (platform, role, text) in _configs(root).items():
        if platform in CONTROL_PLANE:
            assert (CONTROL_PLANE[platform][0] in text) == (role == "router"), name


def test_ar_control_plane_renders_no_undocumented_cpu_defend(tmp_path: Path) -> None:
    """An AR (VRP 5) in a role whose control plane the model protects renders no local attack defense: public text
    gives its commands only for S switches, CloudEngine and VRP 8, never for AR routers (templates/common/huawei.j2
    control_plane). What guards it is documented for it: the VTY ACL lets SSH in from the management networks
    only. The old block ('cpu-defend policy GOVNET', a Telnet-only blacklist, 'cpu-defend-policy GOVNET global')
    fails this."""
    root = copy_model(GOLDEN / "huawei-h3c" / "model", tmp_path / "m")
    zones = root / "zones" / "zones.yaml"
    zones.write_text(zones.read_text(encoding="utf-8").replace("  igp: ospf\n",
                                                               "  igp: ospf\n  control_plane: [router]\n"),
                     encoding="utf-8")
    seen = 0
    for name, (platform, role, text) in _configs(root).items():
        if platform != "huawei_vrp" or role != "router":
            continue
        seen += 1
        assert "cpu-defend" not in text, name
        vty = re.search(r"^user-interface vty 0 4\n((?: .*\n)*)", text, re.M)
        assert vty is not None and re.search(r"^ acl \d+ inbound$", vty.group(1), re.M), name
    assert seen


ISIS_CIRCUIT = {"huawei_vrp8": " isis enable 1", "huawei_vrp": " isis enable 1", "h3c_comware": " isis enable 1",
                "cisco_iosxe": " ip router isis"}
ISIS_HELLO_AUTH = {"huawei_vrp8": " isis authentication-mode md5 cipher ",
                   "huawei_vrp": " isis authentication-mode md5 cipher ",
                   "h3c_comware": " isis authentication-mode md5 cipher ",
                   "cisco_iosxe": " isis authentication key-chain GOVNET-ISIS level-2"}
ISIS_LSP_AUTH = {"huawei_vrp8": " domain-authentication-mode md5 cipher ",
                 "huawei_vrp": " domain-authentication-mode md5 cipher ",
                 "h3c_comware": " domain-authentication-mode md5 cipher ",
                 "cisco_iosxe": " authentication key-chain GOVNET-ISIS level-2"}


def test_isis_authenticates_hellos_on_every_circuit_and_its_lsps(isis: dict[str, tuple[str, str, str]]) -> None:
    circuits = 0
    for name, (platform, _, text) in isis.items():
        if platform not in ISIS_CIRCUIT:
            continue
        for block in _blocks(text, platform):
            head = block[0]
            if head.startswith(("isis 1", "router isis")):
                assert any(line.startswith(ISIS_LSP_AUTH[platform]) for line in block), name
            if head.startswith("interface ") and ISIS_CIRCUIT[platform] in block:
                if "LoopBack" in head or "Loopback" in head:
                    continue  # passive in effect: no neighbour on a loopback
                circuits += 1
                assert any(line.startswith(ISIS_HELLO_AUTH[platform]) for line in block), (name, head)
    assert circuits > 10


def test_ospf_has_no_isis_keys(ospf: dict[str, tuple[str, str, str]]) -> None:
    assert not any("isis authentication" in text for _, _, text in ospf.values())


LDP_SYNC = {"huawei_vrp8": r"^ ospf ldp-sync$|^ isis ldp-sync$", "huawei_vrp": r"^ ospf ldp-sync$|^ isis ldp-sync$",
            "h3c_comware": r"^ mpls ldp sync( level-2)?$", "cisco_iosxe": r"^ mpls ldp sync$"}


@pytest.mark.parametrize("igp", ["isis", "ospf"])
def test_every_mpls_router_synchronises_ldp_with_its_igp(igp: str, isis: dict[str, tuple[str, str, str]],
                                                         ospf: dict[str, tuple[str, str, str]]) -> None:
    configs = isis if igp == "isis" else ospf
    platforms = set()
    for name, (platform, _, text) in configs.items():
        if platform in LDP_SYNC and re.search(r"^mpls ldp$|^mpls label protocol ldp$", text, re.M):
            platforms.add(platform)
            assert re.search(LDP_SYNC[platform], text, re.M), name
    assert "h3c_comware" in platforms


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_route_limits_and_edge_policies_follow_the_zone(tmp_path: Path) -> None:
    root = copy_model(GOLDEN / "huawei-h3c" / "model", tmp_path / "m")
    _edit(root / "zones" / "zones.yaml", "    number: 100\n", "    number: 100\n    route_limit: 1234\n")
    configs = _configs(root)
    national = 0
    for name, (platform, _, text) in configs.items():
        if platform not in ("huawei_vrp8", "huawei_vrp"):
            continue
        instance = re.search(r"^ip vpn-instance PUBLIC\n(?: .*\n)*", text, re.M)
        if instance is not None:
            assert "  routing-table limit 1234 80" in instance.group(0), name
        peers = re.findall(r"^  peer (\S+) as-number 64512$", text, re.M)
        for peer in peers:
            national += 1
            assert f"  peer {peer} route-limit 1234 80" in text
            assert f"  peer {peer} route-policy PUBLIC-EDGE-IN import" in text
            assert f"  peer {peer} route-policy PUBLIC-EDGE-OUT export" in text
            # out: the zone's pool only; in: everything but the zone's pool
            assert "ip ip-prefix PUBLIC-OWN index 10 permit 10.128.0.0 17 greater-equal 17 less-equal 32" in text
            assert re.search(r"^route-policy PUBLIC-EDGE-IN deny node 10\n if-match ip-prefix PUBLIC-OWN$", text,
                             re.M)
    assert national


def test_access_edges_export_only_the_zones_prefixes_and_their_own(ospf: dict[str, tuple[str, str, str]]) -> None:
    edges = 0
    for name, (_, _, text) in ospf.items():
        for vrf in re.findall(r"^  export route-policy (\S+)-EXPORT$", text, re.M):
            edges += 1
            entries = re.findall(rf"^ip (?:ip-prefix|prefix-list) {vrf}-EXPORT index \d+ permit (.*)$", text, re.M)
            assert entries, name
            # only the pools are ranges; a default route is matched exactly, never as 'everything'
            assert not any(e.startswith("0.0.0.0 0 greater-equal") for e in entries), name
            assert re.search(r"greater-equal \d+ less-equal 32$", entries[0]), name
            assert re.search(rf"^ip binding vpn-instance {vrf}$| ip binding vpn-instance {vrf}$", text, re.M)
    assert edges


def test_an_access_class_qos_policy_is_applied_to_its_units(tmp_path: Path) -> None:
    root = copy_model(GOLDEN / "huawei-h3c" / "model", tmp_path / "m")
    _edit(root / "registry.yaml", "  oversubscription: {default: 4, profiles: {township: 2}}\n",
          "  oversubscription: {default: 4, profiles: {township: 2}}\n  qos: {D: UNIT-D-IN}\n")
    configs = _configs(root)
    result = validate(root)
    assert result.model is not None and result.model.registry is not None
    classes = {u.id: u.access_class for u in result.model.registry.units}
    applied = 0
    for name, (platform, _, text) in configs.items():
        for block in _blocks(text, platform):
            described = [line for line in block if line.startswith(" description UNIT-")]
            if not block[0].startswith("interface ") or not described:
                continue
            unit = described[0].removeprefix(" description UNIT-").split(" ", 1)[0]  # UNIT-<id> <name>
            hook = {" traffic-policy UNIT-D-IN inbound", " qos apply policy UNIT-D-IN inbound",
                    " service-policy input UNIT-D-IN"} & set(block)
            assert bool(hook) == (classes.get(unit) == "D"), (name, block[0])
            applied += bool(hook)
    assert applied



def test_hardware_models_name_ports_as_the_hardware_does(tmp_path: Path) -> None:
    """Issue 13 #9: a device's hardware model decides its port names and speeds; both ends of a cable get the
    same speed of port. Without a model (the golden configs), naming is the platform's as before."""
    from govnet.reference.hardware import HARDWARE

    root = copy_model(GOLDEN / "huawei-h3c" / "model", tmp_path / "m")
    profiles = root / "topology" / "profiles.yaml"
    text = profiles.read_text(encoding="utf-8")
    text = text.replace("platform: h3c_comware, count: 2, port_speed: 10G}",
                        "platform: h3c_comware, count: 2, port_speed: 10G, model: CR16010-F}")
    profiles.write_text(text.replace("platform: huawei_vrp, count: 1, port_speed: 1G}",
                                     "platform: huawei_vrp, count: 1, port_speed: 1G, model: AR6140}"),
                        encoding="utf-8")
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None, result.diagnostics
    configs = render_configs(result.model, result.addresses.outcome.decisions)
    kinds = {kind: speed for h in HARDWARE.values() for speed, kind in h.types}
    checked = 0
    for name, config in configs.items():
        device = result.model.devices[name]
        ports = re.findall(r"^interface ((\D+)(\d+)/(\d+)/(\d+))$", config.text, re.M)
        if device.hardware is None:
            continue
        hardware = HARDWARE[device.hardware]
        real = {hardware.nth(s, i) for s in hardware.speeds for i in range(hardware.capacity(s))}
        for full, kind, slot, _, _ in (p for p in ports if not p[1].startswith("LoopBack")):
            checked += 1
            assert kind in dict((k, s) for s, k in hardware.types), (name, kind)
            assert int(slot) in hardware.slots and full in real, (name, full)  # a port its cards have
        # every link port faces a port of the same speed on the far device
        for far, far_port in re.findall(r"^ description TO-(\S+?)-(\D+\d+/\d+/\d+)$", config.text, re.M):
            mine = re.search(rf"^interface (\D+)\d+/\d+/\d+\n description TO-{re.escape(far)}-{re.escape(far_port)}$",
                             config.text, re.M)
            theirs = re.match(r"\D+", far_port)
            if mine is not None and theirs is not None and far in configs:
                assert kinds.get(mine.group(1)) == kinds.get(theirs.group(0)), (name, far)
    assert checked > 20
    township = next(c for n, c in configs.items() if result.model.devices[n].hardware == "AR6140")
    # AR: the SRU's ports in slot 0, subcard always 0
    assert re.findall(r"^interface \S+?(\d+/\d+)/\d+$", township.text, re.M) == ["0/0"] * 2
    county = next(c for n, c in configs.items() if result.model.devices[n].hardware == "CR16010-F")
    assert re.search(r"^interface \S+?\d+/\d+/0$", county.text, re.M)  # H3C routers count from 0


def test_unit_vlans_come_from_the_sites_pool_in_the_lock(tmp_path: Path) -> None:
    """Issue 13: a unit's VLAN is decided in the lock (a per-site pool) as soon as the unit is registered, so
    activating it later changes no decision: the lock stays byte-identical and only its attach router's config
    changes, with the VLAN the lock already held."""
    from govnet.ipam.vlans import vlan_of
    from govnet.render.diff import compare
    from govnet.render.secrets import Secrets

    old = copy_model(GOLDEN / "huawei-h3c" / "model", tmp_path / "old")
    lock = (old / "allocations.lock").read_text(encoding="utf-8")
    assert re.search(r"^vlan ipv4 vlan MINI-0003:public 0\.0\.\d+\.\d+/32$", lock, re.M)  # applied, not active
    before = validate(old)
    assert before.model is not None and before.addresses is not None
    decided = vlan_of(before.addresses.outcome.decisions, "360102", "MINI-0003", "public")
    assert decided is not None
    new = copy_model(old, tmp_path / "new")
    registry = new / "registry.yaml"
    applied = ("    status: applied\n    history:\n"
               "      - {date: 2024-06-01, action: apply, by: 东湖区政务服务数据管理局}\n")
    activated = applied.replace("status: applied", "mlps: {level: 2, filing: 36010213003-24001, assessed: 2024-06-05}\n"
                                                   "    status: active")
    _edit(registry, applied, activated + (
        "      - {date: 2024-06-10, action: approve, by: 省电子政务外网协调小组办公室, document: 赣政网〔2024〕9号}\n"
        "      - {date: 2024-06-20, action: activate, by: 东湖区信息中心}\n"))
    assert govnet_in_process("allocate", str(new)).returncode == 0
    assert (new / "allocations.lock").read_text(encoding="utf-8") == lock
    report = compare(new, str(old), None, Secrets())
    assert report.changed == ("JX-360102-R01",) and not report.added and not report.removed, report.summary
    assert re.search(rf"^\+interface \S+\.{decided}$", report.text, re.M), report.text

"""Firewalls in a real path (issue 13 #10) and the secure access platform's gateways (#11), on the mini model
grown by what the default model declares: a cloud zone behind the cloud's firewall pair with a rule at the
special level, and an access platform with two SecPath SSL VPN gateways at the province. Each path is read in
the rendered configs, and verify catches each broken half of it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import govnet_in_process
from govnet import verify
from govnet.diagnostics import Diagnostic
from govnet.model.types import Model
from govnet.pipeline import validate
from govnet.render import Config, render_configs
from test_verify import edited

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"

CLOUD_ZONE = """  - name: cloud
    kind: dedicated
    title: 政务云服务区
    number: 500
    levels: [special]
    firewall: true
    addresses:
      ipv4:
        pool: [10.16.0.0/16]
        delegate: {special: 20}
        size: 26
"""
CLOUD_RULE = """  - name: public-to-cloud
    from: public
    to: cloud
    services: [tcp/443]
    action: permit
    at: [special]
"""
PLATFORM = '    access_platform: {site: "36", gateways: 2, client_pool: [10.3.0.0/16], portal: 198.51.100.100}\n'
GATEWAYS = ('      - {name: "{prefix}-{code}-VPN{n:02d}", role: access-gateway, platform: h3c_secpath, count: 2, '
            'port_speed: 10G}\n')


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class Built:
    def __init__(self, model: Model, configs: dict[str, Config]) -> None:
        self.model, self.configs = model, configs

    def text(self, device: str) -> str:
        return self.configs[device].text

    def verify(self, **edits: Callable[[str], str]) -> list[Diagnostic]:
        return verify.run(self.model, edited(self.configs, edits))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("fw-paths") / "model"
    shutil.copytree(MINI, root)
    profiles = root / "topology" / "profiles.yaml"
    cores = '      - {name: "{prefix}-{code}-CR{n:02d}", role: core-router, platform: huawei_vrp8, count: 2, '
    _edit(profiles, "    zones: [public, hrss]\n    devices:\n" + cores,
          "    zones: [public, hrss, cloud]\n    devices:\n" + cores)
    _edit(profiles, "40G, in_path: false, purpose: 政务云边界防护预留：云内服务区未建模}", "40G}")
    _edit(profiles, "role: firewall, platform: huawei_usg, count: 2, port_speed: 10G}\n",
          "role: firewall, platform: huawei_usg, count: 2, port_speed: 10G}\n" + GATEWAYS)
    zones = root / "zones" / "zones.yaml"
    _edit(zones, "  - name: office\n", CLOUD_ZONE + "  - name: office\n")
    _edit(zones, "    exits:\n", PLATFORM + "    exits:\n")
    policy = root / "zones" / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8") + CLOUD_RULE, encoding="utf-8")
    assert govnet_in_process("allocate", str(root)).returncode == 0
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None, \
        [d.as_text() for d in result.diagnostics]
    assert not result.diagnostics, [d.as_text() for d in result.diagnostics]
    decisions = result.addresses.outcome.decisions
    return Built(result.model, render_configs(result.model, decisions, model_root=root))


def codes(found: list[Diagnostic]) -> list[str]:
    return sorted(d.code for d in found)


def _route(text: str, vrf: str, prefix: str, mask: str, toward: str) -> re.Match[str] | None:
    return re.search(rf"^ip route-static vpn-instance {vrf} {prefix} {mask} (\S+)( preference 70)?"
                     rf"(?: track bfd-session \S+)? description TO-{toward}$", text, re.M)


def test_the_cloud_segment_is_routed_through_the_active_firewall_and_back(built: Built) -> None:
    for router in ("JX-CLOUD-CR01", "JX-CLOUD-CR02"):
        text = built.text(router)
        to_active = _route(text, "PUBLIC", "10.16.0.0", "255.255.0.0", "JX-CLOUD-FW01")
        to_standby = _route(text, "PUBLIC", "10.16.0.0", "255.255.0.0", "JX-CLOUD-FW02")
        back = _route(text, "CLOUD", "10.128.0.0", "255.255.128.0", "JX-CLOUD-FW01")
        assert to_active and not to_active.group(2), router  # preferred
        assert to_standby and to_standby.group(2), router  # a floating backup
        assert back and not back.group(2), router
    firewall = built.text("JX-CLOUD-FW01")
    assert re.search(r"^ rule name public-to-cloud\n.*\n  source-zone public\n  destination-zone cloud\n", firewall,
                     re.M)
    assert re.search(r"^ip route-static 10.16.0.0 255.255.0.0 \S+(?: track bfd-session \S+)? description "
                     r"TO-JX-CLOUD-CR01$", firewall, re.M)
    assert not [d for d in built.verify() if d.code in ("GN930", "GN931")]


def test_verify_catches_a_cloud_flow_that_bypasses_or_returns_past_the_firewall(built: Built) -> None:
    forward = built.verify(JX_CLOUD_CR01=lambda t: re.sub(
        r"^ip route-static vpn-instance PUBLIC 10.16.0.0 255.255.0.0 .*\n", "", t, flags=re.M))
    assert "GN930" in codes(forward) and any("PUBLIC traffic to 10.16.0.0/16" in d.message for d in forward)
    backward = built.verify(JX_CLOUD_CR02=lambda t: re.sub(
        r"^ip route-static vpn-instance CLOUD 10.128.0.0 255.255.128.0 .*\n", "", t, flags=re.M))
    assert any(d.code == "GN930" and "replies to 10.128.0.0/17" in d.message for d in backward)
    # replies through the standby while requests go through the active: fine for an HA pair, dropped without it
    def swap(text: str) -> str:
        route = r"^(ip route-static vpn-instance CLOUD 10.128.0.0 255.255.128.0 \S+)"
        tail = r"((?:track bfd-session \S+ )?description TO-JX-CLOUD-FW0"
        text = re.sub(route + r" preference 70 " + tail + r"2)$", r"\1 \2", text, flags=re.M)
        return re.sub(route + r" " + tail + r"1)$", r"\1 preference 70 \2", text, flags=re.M)

    assert "GN930" not in codes(built.verify(JX_CLOUD_CR01=swap))
    unpaired = built.verify(JX_CLOUD_CR01=swap, JX_CLOUD_FW01=lambda t: re.sub(r"^hrp interface .*\n", "", t,
                                                                               flags=re.M))
    assert any(d.code == "GN930" and "back through JX-CLOUD-FW01 or its HA peer" in d.message for d in unpaired)


def test_the_access_gateways_are_rendered_and_the_client_pool_routed(built: Built) -> None:
    for router in ("JX-36-CR01", "JX-36-CR02"):
        text = built.text(router)
        pool = _route(text, "INTERNET", "10.3.0.0", "255.255.0.0", "JX-36-VPN01")
        portal = _route(text, "INTERNET", "198.51.100.100", "255.255.255.255", "JX-36-VPN01")
        assert pool and not pool.group(2) and portal and not portal.group(2), router
        assert _route(text, "INTERNET", "10.3.0.0", "255.255.0.0", "JX-36-VPN02"), router
        # the way back from the public zone is the province firewall (rule sap-to-public's return path), not
        # the gateway: the firewall then routes it to the INTERNET side, where the route above takes it
        assert not _route(text, "PUBLIC", "10.3.0.0", "255.255.0.0", "JX-36-VPN01"), router
    gateway = built.text("JX-36-VPN01")
    for line in ("sslvpn ip address-pool SAP 10.3.0.2 10.3.255.254", "sslvpn gateway SAP",
                 " ip address 198.51.100.100 port 443", " ssl server-policy SAP_PORTAL", " aaa domain SAP_USERS",
                 "  ip-tunnel address-pool SAP mask 16", "remote-backup group", " device-role primary"):
        assert f"\n{line}\n" in gateway, line
    assert "\n device-role secondary\n" in built.text("JX-36-VPN02")
    assert not [d for d in built.verify() if d.code in ("GN930", "GN931", "GN921")]


def test_verify_catches_a_client_pool_routed_nowhere_or_past_the_firewalls(built: Built) -> None:
    unrouted = built.verify(JX_36_CR01=lambda t: re.sub(
        r"^ip route-static vpn-instance INTERNET 10.3.0.0 255.255.0.0 .*\n", "", t, flags=re.M))
    assert any(d.code == "GN931" and "10.3.0.0/16" in d.message for d in unrouted)
    hop = re.search(r"^ip route-static vpn-instance INTERNET 10.3.0.0 255.255.0.0 (\S+)(?: track bfd-session \S+)? "
                    r"description TO-JX-36-VPN01$", built.text("JX-36-CR02"), re.M)
    assert hop
    leaked = built.verify(JX_36_CR02=lambda t: t.replace(
        "\nip route-static vpn-instance INTERNET 10.3.0.0",
        f"\nip route-static vpn-instance PUBLIC 10.3.0.0 255.255.0.0 {hop.group(1)} description LEAK"
        "\nip route-static vpn-instance INTERNET 10.3.0.0", 1))
    assert any(d.code == "GN931" and "in PUBLIC past every firewall" in d.message for d in leaked)

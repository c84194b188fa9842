"""Golden configs: tests/golden/<case>/model → tests/golden/<case>/expected/configs/<site>/<device>.cfg.

Regenerate with GOVNET_REGEN_GOLDEN=1 (then read the diff against vendor documentation before committing).
Also here: template overrides, secrets, `govnet render` and `govnet diff` on small models."""

from __future__ import annotations

import ipaddress
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import copy_model, govnet_in_process
from govnet.model.interconnect import all_interconnects
from govnet.pipeline import validate
from govnet.reference.platforms import PLATFORMS
from govnet.render import config_path, render_configs
from govnet.render.secrets import Secrets, load_secrets
from govnet.render.verify import parse_configs

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "model").is_dir())
REGEN = os.environ.get("GOVNET_REGEN_GOLDEN") == "1"


def _render(root: Path, secrets: Secrets | None = None) -> dict[str, str]:
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None, result.diagnostics
    configs = render_configs(result.model, result.addresses.outcome.decisions, secrets=secrets, model_root=root)
    return {str(config_path(c)): c.text for c in configs.values()}


@pytest.mark.parametrize("case", CASES)
def test_golden_configs(case: str) -> None:
    root = GOLDEN / case
    rendered = _render(root / "model")
    expected_dir = root / "expected"
    if REGEN:
        for old in expected_dir.rglob("*.cfg"):
            old.unlink()
        for rel, text in rendered.items():
            (expected_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / rel).write_text(text, encoding="utf-8")
    expected = {p.relative_to(expected_dir).as_posix(): p.read_text(encoding="utf-8")
                for p in expected_dir.rglob("*.cfg")}
    assert sorted(rendered) == sorted(expected)
    for rel, text in rendered.items():
        assert text == expected[rel], f"{rel} differs from the golden file (GOVNET_REGEN_GOLDEN=1 regenerates)"
    assert _render(root / "model") == rendered  # deterministic


def test_cisco_configs_parse_back() -> None:
    root = GOLDEN / "cisco-isis" / "model"
    result = validate(root)
    assert result.model is not None and result.addresses is not None
    configs = render_configs(result.model, result.addresses.outcome.decisions)
    cisco = {n: c for n, c in configs.items() if c.platform == "cisco_iosxe"}
    assert len(cisco) >= 10
    leaks = 0
    for (name, config), facts in zip(cisco.items(), parse_configs("cisco", [c.text for c in cisco.values()]),
                                     strict=True):
        device = result.model.devices[name]
        zones = [result.model.zone_by_name[z] for z in result.model.zones_of(device.site)]
        assert facts.hostname == name
        leaked = {z.name: {t for n in z.spec.import_from for t in result.model.zone_by_name[n].rt_export}
                  for z in zones}
        router_id = str(ipaddress.ip_network(str(result.addresses.outcome.decisions[
            f"loopback ipv4 device {name}"])).network_address)
        assert facts.vrfs == {z.vrf: (z.spec.rd or f"{router_id}:{z.number}", frozenset(z.rt_export),
                                      frozenset(z.rt_import) | leaked[z.name]) for z in zones}  # per-PE RD
        leaks += sum(len(t) for t in leaked.values())
        assert facts.peers and facts.vpnv4 == set(facts.peers)
        assert "router isis" in config.text and "router ospf" not in config.text
        links = [lk for lk in result.model.links if name in (lk.a, lk.b)]
        links += [pair for pair in all_interconnects(result.model) if name in pair]  # the site's other routers
        assert sum(1 for i in facts.interfaces.values() if i.get("description", "").startswith("TO-JX-")
                   and "ipv4" in i and "vlan" not in i) == len(links)
    assert leaks > 0  # hrss imports medins's routes in this case


def test_h3c_exit_firewall_has_nat() -> None:
    configs = _render(GOLDEN / "cisco-isis" / "model")
    text = configs["configs/3601/JX-3601-FW01.cfg"]
    # one pool per carrier, each translating on the internet leg toward its carrier's router only; the top two
    # addresses of each are the firewalls' NQA probe sources (govnet.render.failover), not NAT
    assert "nat address-group 1 name NAT-3601-CT\n address 203.0.113.0 203.0.113.5\n" in text
    assert "nat address-group 2 name NAT-3601-CU\n address 203.0.113.8 203.0.113.13\n" in text
    leg = text.split("description TO-JX-3601-CR01-ZONE-internet\n", 1)[1].split("#", 1)[0]
    assert " nat outbound address-group 1\n" in leg and " ipv6 address 2001:db8:8001::93/127\n" in leg
    assert text.count(" nat outbound address-group 2\n") == 1
    assert "ip route-static 203.0.113.8 29 NULL 0" in text
    # IPv6 to the internet through the firewall, untranslated: its own policy and a default toward each carrier
    assert "security-policy ipv6\n rule name public-to-internet\n  action pass\n" in text
    # (the one toward the IPv6 carrier's router follows that carrier's ICMPv6 probe, tests/test_configs_bfd.py)
    assert re.search(r"^ipv6 route-static :: 0 2001:db8:8001::92 track \d+ description TO-JX-3601-CR01$", text, re.M)


def test_firewall_pairs_run_hot_standby() -> None:
    """Each firewall pair is an HA pair over its own heartbeat link: USG HRP (the second one the standby) and
    SecPath RBM (primary/secondary), each naming the other's heartbeat address; a lone firewall has none."""
    def heartbeat(text: str, port: str) -> str:
        return text.split(f"interface {port}\n", 1)[1].split("#", 1)[0].split(" ip address ")[1].split()[0]

    usg = _render(GOLDEN / "huawei-h3c" / "model")
    fw1, fw2 = usg["configs/36/JX-36-FW01.cfg"], usg["configs/36/JX-36-FW02.cfg"]
    port = "XGigabitEthernet1/2/2"  # the heartbeat port the lock gave each firewall
    assert f"hrp interface {port} remote {heartbeat(fw2, port)}\n" in fw1
    assert f"hrp interface {port} remote {heartbeat(fw1, port)}\n" in fw2
    assert "hrp standby-device" not in fw1 and "\nhrp standby-device\nhrp enable\n" in fw2
    assert "hrp mirror session enable\n" in fw1 and "hrp track interface XGigabitEthernet1/2/0\n" in fw1
    assert "hrp" not in usg["configs/360102/JX-360102-FW01.cfg"]  # a county's one firewall
    secpath = _render(GOLDEN / "cisco-isis" / "model")
    fw1, fw2 = secpath["configs/3601/JX-3601-FW01.cfg"], secpath["configs/3601/JX-3601-FW02.cfg"]
    port = "Ten-GigabitEthernet1/2/3"
    a, b = heartbeat(fw1, port), heartbeat(fw2, port)
    assert f"remote-backup group\n data-channel interface {port}\n local-ip {a}\n remote-ip {b}\n device-role " \
        "primary\n hot-backup enable\n" in fw1
    assert f" local-ip {b}\n remote-ip {a}\n device-role secondary\n" in fw2
    for name, text in secpath.items():  # no unconfirmed 'track' in the RBM view (only a config generator writes it)
        rbm = text.split("remote-backup group\n", 1)[1].split("#", 1)[0] if "remote-backup group\n" in text else ""
        assert " track" not in rbm, name


def test_model_templates_override_per_file(tmp_path: Path) -> None:
    root = copy_model(GOLDEN / "huawei-h3c" / "model", tmp_path / "model")
    (root / "templates" / "huawei_vrp").mkdir(parents=True)
    (root / "templates" / "huawei_vrp" / "router.j2").write_text("sysname {{ d.hostname }}\nreturn\n")
    configs = _render(root)
    assert configs["configs/360102002/JX-360102002-R01.cfg"] == "sysname JX-360102002-R01\nreturn\n"
    assert configs["configs/36/JX-36-CR01.cfg"].startswith("sysname")  # core-router.j2 extends the override
    assert "security-policy" in configs["configs/36/JX-36-FW01.cfg"]  # other platforms keep the packaged ones


@pytest.mark.parametrize("text, code, line", [
    ("sysname {{ d.hostname }}\n{% for x in %}\n", "GN801", 2),  # syntax
    ("sysname {{ d.hostname }}\n#\n{{ d.hostnam }}\n", "GN802", 3),  # a value the context lacks
])
def test_broken_model_template_is_a_diagnostic_at_its_line(tmp_path: Path, text: str, code: str, line: int) -> None:
    root = copy_model(GOLDEN / "huawei-h3c" / "model", tmp_path / "model")
    (root / "templates" / "huawei_vrp").mkdir(parents=True)
    (root / "templates" / "huawei_vrp" / "router.j2").write_text(text)
    done = _govnet("render", str(root), "-o", str(tmp_path / "out"))
    assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
    assert f"templates/huawei_vrp/router.j2:{line}:1: error {code}:" in done.stdout
    assert "hint:" in done.stdout


def test_secrets_from_environment_and_file(tmp_path: Path) -> None:
    secrets_file = tmp_path / "secrets.txt"
    secrets_file.write_text("# kept outside git\nsnmp_community: c0mmunity\nradius_key: k3y\nrouting_key: r0ute\n"
                            "ntp_key: n7p\nsnmp_auth_key: Auth-k3y\nsnmp_priv_key: Priv-k3y\n")
    secrets = load_secrets(secrets_file, None, environ={"GOVNET_SECRET_LOCAL_PASSWORD": "Pa55word!"})
    assert not secrets.missing
    text = _render(GOLDEN / "huawei-h3c" / "model", secrets)["configs/36/JX-36-CR01.cfg"]
    assert "snmp-agent community read cipher c0mmunity" in text and "<SECRET" not in text
    masked = secrets.mask(text)
    assert "c0mmunity" not in masked and "k3y" not in masked and "Pa55word!" not in masked
    assert "<SECRET:snmp_community>" in masked
    with pytest.raises(Exception, match="inside the model"):
        load_secrets(GOLDEN / "huawei-h3c" / "model" / "govnet.yaml", GOLDEN / "huawei-h3c" / "model")


def _govnet(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return govnet_in_process(*args, env=env)  # the command's output and exit code, without a process per call


def test_render_command_writes_only_changes(tmp_path: Path) -> None:
    model = GOLDEN / "huawei-h3c" / "model"
    out = tmp_path / "out"
    first = _govnet("render", str(model), "-o", str(out))
    assert first.returncode == 0, first.stderr
    assert "placeholders" in first.stderr and first.stderr.count("warning") == 1
    files = sorted(out.rglob("*.cfg"))
    # Every device but the national backbone's PEs, which the province does not run: no config for them.
    assert len(files) == len(validate(model).model.devices) - 2  # type: ignore[union-attr]
    assert not (out / "configs" / "NATIONAL").exists()
    national = _govnet("render", str(model), "-o", str(out), "--device", "JX-NATIONAL-PE01")
    assert national.returncode == 2 and "no device matches" in national.stderr
    again = _govnet("render", str(model), "-o", str(out), "--site", "3601")
    assert again.returncode == 0 and ": 0 changed" in again.stderr, again.stderr
    one = _govnet("render", str(model), "-o", str(out), "--device", "NOPE")
    assert one.returncode == 2


def test_diff_between_models_with_remediation() -> None:
    old, new = GOLDEN / "huawei-h3c" / "model", GOLDEN / "cisco-isis" / "model"
    done = _govnet("diff", str(old), str(new), "--model", str(new), "--remediation",
                   env={"GOVNET_SECRET_SNMP_COMMUNITY": "topsecret"})
    assert done.returncode == 0, done.stderr
    assert "topsecret" not in done.stdout and "<SECRET:snmp_community>" in done.stdout
    assert "=== JX-3601-FW01 (changed)" in done.stdout
    assert "!! DANGER (removes IGP configuration):" in done.stdout  # OSPF gives way to IS-IS
    plain = _govnet("diff", str(old), str(old), "--model", str(old))
    assert plain.returncode == 0 and plain.stdout == "" and "0 device(s) changed" in plain.stderr


def test_platform_table_is_complete() -> None:
    from govnet.render.verify import PARSERS
    from govnet.source.templates import packaged_templates

    for platform in PLATFORMS.values():
        assert (PARSERS / f"{platform.parser}.ttp").is_file()
        for role in platform.roles:
            assert (packaged_templates() / platform.templates / f"{role}.j2").is_file()

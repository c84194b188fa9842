"""Registered units reach a device (issue 13, "Registered units must reach a device"): per configured unit and
zone a sub-interface on the attach router of the unit's site, in the zone's VPN instance, with the unit's gateway
address; suspended shut, revoked/applied/approved absent; activating one unit changes only its attach router."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path

import pytest

from conftest import copy_model, govnet_in_process
from govnet.diagnostics import Diagnostic
from govnet.model.attach import attach_router
from govnet.pipeline import validate
from govnet.reference.platforms import PLATFORMS
from govnet.render import render_configs
from govnet.render.diff import compare
from govnet.render.pinyin import ascii_name, unit_description
from govnet.render.secrets import Secrets
from govnet.render.verify import parse_configs

GOLDEN = Path(__file__).resolve().parent / "golden"


def _unit_interfaces(root: Path) -> tuple[dict[str, dict[str, dict[str, str]]], object]:
    """Per device, its unit sub-interfaces as parsed back by ttp (name -> facts), and the validated model."""
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None
    configs = render_configs(result.model, result.addresses.outcome.decisions)
    found: dict[str, dict[str, dict[str, str]]] = {}
    for name, config in configs.items():
        facts = parse_configs(PLATFORMS[config.platform].parser, [config.text])[0]
        units = {n: i for n, i in facts.interfaces.items() if i.get("description", "").startswith("UNIT-")}
        if units:
            found[name] = units
    return found, result


@pytest.mark.parametrize("case", ["huawei-h3c", "cisco-isis"])
def test_unit_subinterfaces_are_the_configured_units_of_the_registry(case: str) -> None:
    found, result = _unit_interfaces(GOLDEN / case / "model")
    model = result.model  # type: ignore[attr-defined]
    decisions = result.addresses.outcome.decisions  # type: ignore[attr-defined]
    expected: set[tuple[str, str, str, str]] = set()  # device, description (unit id, name), vrf, gateway
    for unit in model.registry.units:
        if unit.status not in ("active", "suspended"):
            continue
        router = attach_router(model, unit.site)
        assert router is not None
        for zone in unit.zones:
            net = ipaddress.ip_network(str(decisions[f"{zone} ipv4 unit {unit.id}"]))
            expected.add((router.name, f"UNIT-{unit.id} {ascii_name(unit.name)}", model.zone_by_name[zone].vrf,
                          f"{net.network_address + 1}/{net.prefixlen}"))
    got = {(device, i["description"], i.get("vrf", ""), i.get("ipv4", ""))
           for device, interfaces in found.items() for i in interfaces.values()}
    assert got == expected and len(expected) >= 3
    for interfaces in found.values():  # one VLAN per sub-interface, the name's suffix
        for name, interface in interfaces.items():
            assert name.endswith(f".{interface['vlan']}")


def test_activating_a_unit_changes_exactly_its_attach_router(tmp_path: Path) -> None:
    old = copy_model(GOLDEN / "huawei-h3c" / "model", tmp_path / "old")
    new = copy_model(old, tmp_path / "new")
    registry = new / "registry.yaml"
    text = registry.read_text(encoding="utf-8")
    applied = ("    status: applied\n    history:\n"
               "      - {date: 2024-06-01, action: apply, by: 东湖区政务服务数据管理局}\n")
    assert applied in text
    activated = applied.replace("status: applied", "mlps: {level: 2, filing: 36010213003-24001, assessed: 2024-06-05}\n"
                                                   "    status: active")
    registry.write_text(text.replace(applied, activated + (
        "      - {date: 2024-06-10, action: approve, by: 省电子政务外网协调小组办公室, document: 赣政网〔2024〕9号}\n"
        "      - {date: 2024-06-20, action: activate, by: 东湖区信息中心}\n")), encoding="utf-8")
    assert govnet_in_process("allocate", str(new)).returncode == 0
    report = compare(new, str(old), None, Secrets())
    assert report.changed == ("JX-360102-R01",) and not report.added and not report.removed, report.summary
    assert re.search(r"^\+ description UNIT-MINI-0003 DongHuQuZhengWuFuWuShuJuGuanLiJu$", report.text, re.M)
    assert "+ ip binding vpn-instance PUBLIC" in report.text


def test_suspended_unit_is_shut_and_revoked_unit_removed(tmp_path: Path) -> None:
    root = copy_model(GOLDEN / "huawei-h3c" / "model", tmp_path / "m")
    registry = root / "registry.yaml"
    text = registry.read_text(encoding="utf-8")
    history = ("      - {date: 2018-11-05, action: reregister, by: 东湖区政务服务数据管理局, "
               "document: 东政网登〔2018〕3号}\n")
    suspended = text.replace("    status: active\n    history:\n      - {date: 2016-04-10",
                             "    status: suspended\n    history:\n      - {date: 2016-04-10").replace(
        history, history + "      - {date: 2024-05-01, action: suspend, by: 东湖区信息中心}\n")
    registry.write_text(suspended, encoding="utf-8")
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None, result.diagnostics
    config = render_configs(result.model, result.addresses.outcome.decisions)["JX-360102002-R01"].text
    block = re.search(r"^ description UNIT-MINI-0002 .*\n(?: .*\n)*", config, re.M)
    assert block is not None and " shutdown\n" in block[0]
    revoked = suspended.replace("    status: suspended\n", "    status: revoked\n").replace(
        "action: suspend, by: 东湖区信息中心}", "action: revoke, by: 东湖区信息中心}")
    registry.write_text(revoked, encoding="utf-8")
    result = validate(root)
    assert result.model is not None and result.addresses is not None, result.diagnostics
    config = render_configs(result.model, result.addresses.outcome.decisions)["JX-360102002-R01"].text
    assert "UNIT-MINI-0002" not in config and "UNITS-PUBLIC" not in config


def test_a_site_with_more_unit_subinterfaces_than_vlan_ids_is_an_error(tmp_path: Path) -> None:
    """4,093 VLAN ids (2-4094) per attach router: the 4,094th unit sub-interface at a site used to get no VLAN, no
    sub-interface and no diagnostic. The error names the site, the count and the registry line where it runs out."""
    root = copy_model(Path(__file__).resolve().parent / "fixtures" / "mini", tmp_path / "m")
    registry = root / "registry.yaml"
    text = registry.read_text(encoding="utf-8")
    start = text.index("  - id: MINI-0001\n")
    first = text[start:text.index("\n\n", start) + 2]  # site 36, zones [public, hrss]: two sub-interfaces

    def copy(i: int, zones: str = "[public, hrss]") -> str:
        return (first.replace("MINI-0001", f"BULK-{i:04d}").replace("11360000MB0101AAXL", f"X{i:017d}")
                .replace("江西省人力资源和社会保障厅", f"单位{i}").replace("[public, hrss]", zones))

    def capacity() -> list[Diagnostic]:
        return [d for d in validate(root).diagnostics if d.code == "GN721"]

    # MINI-0001 and 2,045 copies: 4,092 sub-interfaces; one more unit in one zone fills the 4,093 VLAN ids exactly
    registry.write_text(text + "\n" + "".join(copy(i) for i in range(2045)) + copy(2045, "[public]"),
                        encoding="utf-8")
    assert capacity() == []
    registry.write_text(registry.read_text(encoding="utf-8") + copy(2046, "[public]"), encoding="utf-8")
    found = capacity()
    assert len(found) == 1
    d = found[0]
    assert d.file.endswith("registry.yaml") and "site 36" in d.message and "4094 unit sub-interfaces" in d.message
    assert "unit BULK-2046 (zone public)" in d.message and "second attach router" in (d.hint or "")
    lines = registry.read_text(encoding="utf-8").splitlines()
    assert lines[d.line - 1].strip() == "site: 36" and lines[d.line - 5].strip() == "- id: BULK-2046"


def test_a_unit_is_described_by_its_id_and_its_name_in_ascii() -> None:
    """Issue 13: the unit id and name in the description. Configs are ASCII, so the name is in pinyin (polyphones
    as the phrase reads); a name's punctuation, quotes and control characters never reach the config, and a long
    name is cut to the platform's length with the id whole (verify reads it back as the first word)."""
    assert unit_description("JX-360102-01", "南昌市东湖区行政审批局", 242) == \
        "UNIT-JX-360102-01 NanChangShiDongHuQuXingZhengShenPiJu"
    assert unit_description("JX-3601-02", "长沙银行南昌分行", 242) == "UNIT-JX-3601-02 ChangShaYinHangNanChangFenHang"
    hostile = unit_description("JX-3601-03", '办公室"\n quit\r\n#\tsysname X; 第２分部', 242)
    assert hostile == "UNIT-JX-3601-03 BanGongShi quit sysname X Di 2 FenBu"
    assert re.fullmatch(r"[A-Za-z0-9 -]+", hostile)
    assert unit_description("JX-3601-04", "一" * 200, 40) == "UNIT-JX-3601-04 " + "Yi" * 12
    assert unit_description("JX-3601-05", "！？（）", 242) == "UNIT-JX-3601-05"  # nothing to spell: the id alone

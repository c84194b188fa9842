"""A port's speed where its name does not tell it (issue 13 #9): the NE40E's configuration guide enters a 10GE
interface as GigabitEthernet, so the packaged NE40E-X8A's 10GE cards name their ports so, and verify (GN902) takes
a port's speed from the card of the device's hardware model that holds it, from its name only without one."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import copy_model
from govnet import verify
from govnet.diagnostics import Diagnostic
from govnet.ipam.prefix import Net
from govnet.model.hardware import problems, to_hardware
from govnet.model.types import Model
from govnet.pipeline import allocate, validate
from govnet.reference.hardware import HARDWARE, documented
from govnet.reference.platforms import G
from govnet.render import Config, render_configs
from govnet.schema.topology import CardSpec, HardwareSpec
from govnet.source.modeldir import LOCK_FILE

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
CORE_SPEC = "platform: huawei_vrp8, count: 2, port_speed: 100G}"  # the province cores' spec in mini
# A physical, addressed port of the province core toward a city core (verify judges the speeds of these).
UPLINK = r"^interface (GigabitEthernet[67]/\d+/\d+)\n description TO-JX-36\d\d-CR\d\d-XGigabitEthernet\S+\n ip address"


@pytest.mark.parametrize(("port", "speed"), [
    ("GigabitEthernet6/0/0", 10 * G), ("GigabitEthernet6/0/11.100", 10 * G), ("GigabitEthernet7/1/11", 10 * G),
    ("GigabitEthernet8/0/0", G), ("100GE1/1/3", 100 * G), ("40GE5/0/0", 40 * G),
    ("GigabitEthernet6/0/12", None),  # past the subcard's 12 ports
    ("XGigabitEthernet6/0/0", None),  # no card of that type: the name decides
    ("GigabitEthernet9/0/0", None), ("LoopBack0", None), ("Eth-Trunk1", None),
])
def test_the_ne40e_card_at_a_port_gives_its_speed(port: str, speed: int | None) -> None:
    assert HARDWARE["NE40E-X8A"].speed_of(port) == speed


def test_the_ne40e_names_its_10ge_ports_as_its_guide_does() -> None:
    ne40e = HARDWARE["NE40E-X8A"]
    assert [ne40e.nth(10 * G, 0), ne40e.nth(10 * G, 47), ne40e.nth(G, 0)] == [
        "GigabitEthernet6/0/0", "GigabitEthernet7/1/11", "GigabitEthernet8/0/0"]
    assert "Overview_of_Interface_Management.md" in ne40e.source
    # Where the vendor's own record names them XGigabitEthernet (netbox's NE8000 F1A-8H20Q), they stay so.
    assert HARDWARE["NetEngine8000-F1A"].nth(10 * G, 0) == "XGigabitEthernet0/0/0"


@pytest.mark.parametrize(("platform", "speed", "kind", "codes"), [
    ("huawei_vrp8", 10, "GigabitEthernet", []),  # documented (NE40E, NetEngine 8000 F configuration guides)
    ("huawei_vrp8", 10, "XGigabitEthernet", []),
    ("huawei_vrp8", 100, "GigabitEthernet", ["GN420"]),  # another speed's type
    ("huawei_vrp", 10, "GigabitEthernet", ["GN420"]),  # not documented for the AR routers
    ("huawei_vrp8", 10, "TenGigE", ["GN420"]),  # no type of the platform at all
])
def test_a_card_may_carry_a_type_its_vendor_documents(platform: str, speed: int, kind: str,
                                                      codes: list[str]) -> None:
    spec = HardwareSpec(platforms=[platform], cards=[CardSpec(slot=6, speed=speed * G, count=4, type=kind)])
    assert [p.code for p in problems("X", spec)] == codes
    if not codes:
        entry = to_hardware("X", spec)
        assert entry.nth(speed * G, 3) == f"{kind}6/0/3" and entry.speed_of(f"{kind}6/0/3") == speed * G
    else:
        assert kind not in documented(platform, speed * G)


class Built(NamedTuple):
    found: list[Diagnostic]  # verify's findings on the configs as rendered
    texts: dict[str, str]  # the configs by device
    model: Model
    configs: dict[str, Config]
    decisions: Mapping[str, Net]


def _cores_on_ne40e(root: Path) -> Built:
    """mini with its province cores on the packaged NE40E-X8A and its city cores (no hardware model) on 10G ports,
    so the uplinks are 10G links; verify's findings, the configs by device, and what verify needs to run again."""
    profiles = root / "topology" / "profiles.yaml"
    text = profiles.read_text(encoding="utf-8")
    assert text.count(CORE_SPEC) >= 2  # the province's cores, then the cities'
    text = text.replace(CORE_SPEC, CORE_SPEC.replace("}", ", model: NE40E-X8A}"), 1)
    profiles.write_text(text.replace(CORE_SPEC, CORE_SPEC.replace("100G", "10G"), 1), encoding="utf-8")
    _, allocation = allocate(root, prune=True)  # the uplinks' speed changed: new port entries
    assert allocation is not None
    (root / LOCK_FILE).write_text(allocation.text, encoding="utf-8")
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None, \
        [d.as_text() for d in result.diagnostics]
    configs = render_configs(result.model, result.addresses)
    decisions = result.addresses.outcome.decisions
    found = verify.run(result.model, configs, decisions=decisions)
    return Built(found, {name: c.text for name, c in configs.items()}, result.model, configs, decisions)


def test_ne40e_gigabitethernet_10ge_ports_meet_10g_ports_without_a_speed_finding(tmp_path: Path) -> None:
    """The province cores' 10G uplinks toward the cities are GigabitEthernet (the NE40E card), the city cores'
    XGigabitEthernet: one speed, so no GN902 (read from the names, each would be 1G against 10G)."""
    built = _cores_on_ne40e(copy_model(MINI, tmp_path / "m"))
    links = re.findall(UPLINK, built.texts["JX-36-CR01"], re.M)
    assert links, "the province core's 10G links are on its 10GE cards, named GigabitEthernet"
    assert [d.as_text() for d in built.found if d.code == "GN902"] == []


def test_a_real_speed_mismatch_on_a_carded_device_is_still_caught(tmp_path: Path) -> None:
    """Moving a 10G link of the core onto its GE card (GigabitEthernet8/1/23: 1G by the card) while the city core
    keeps its 10G port is GN902, though the port's type is the one the 10GE ports have too."""
    from dataclasses import replace

    built = _cores_on_ne40e(copy_model(MINI, tmp_path / "m"))
    text = built.texts["JX-36-CR01"]
    leg = re.search(UPLINK, text, re.M)
    assert leg is not None
    moved = re.sub(rf"(?<![\w-]){re.escape(leg[1])}(?![\d/])", "GigabitEthernet8/1/23", text)
    assert moved != text and "GigabitEthernet8/1/23" not in text
    edited = {**built.configs, "JX-36-CR01": replace(built.configs["JX-36-CR01"], text=moved)}
    found = verify.run(built.model, edited, decisions=built.decisions)
    # Reported at the faster end (the city core), naming the slower one.
    speeds = [d for d in found if d.code == "GN902"]
    assert len(speeds) == 1 and speeds[0].file.startswith("configs/360") and "JX-36-CR01" in speeds[0].message


def test_exports_give_a_carded_port_its_cards_speed(tmp_path: Path) -> None:
    """The inventory the netbox/infrahub exports write: an NE40E core's 10GE ports (GigabitEthernet6/...) are 10G,
    its 100GE ports 100G, not every port the core's port_speed."""
    from govnet.exports.inventory import build_inventory

    built = _cores_on_ne40e(copy_model(MINI, tmp_path / "m"))
    inventory = build_inventory(built.model, built.decisions)
    core = next(n for n in inventory.nodes if n.name == "JX-36-CR01")
    speeds = {p.name: p.speed for p in core.ports if p.parent is None and p.speed is not None}
    ten = [name for name in speeds if re.fullmatch(r"GigabitEthernet[67]/\d+/\d+", name)]
    assert ten and all(speeds[name] == 10 * G for name in ten)
    assert all(speed == 100 * G for name, speed in speeds.items() if name.startswith("100GE"))

"""A model's own port inventories (issue 13 #9): ``hardware:`` in topology/profiles.yaml adds a hardware model or
replaces the packaged entry of the same name, and the checks, the port allocation and render read it; a model
without the section keeps the packaged table. What a changed inventory does to allocations.lock: the lock keeps
each cable's index among its device's ports of a speed, so a changed card layout renames ports at the same index
and never renumbers a cable, and a port the new layout no longer has is GN423."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import copy_model
from govnet import ipam
from govnet.ipam.lockfile import read_lock
from govnet.model.hardware import problems, to_hardware
from govnet.pipeline import allocate, validate
from govnet.reference.hardware import HARDWARE
from govnet.reference.platforms import G
from govnet.render import render_configs
from govnet.render.ports import lock_port_names
from govnet.schema.topology import CardSpec, HardwareSpec
from govnet.source.modeldir import LOCK_FILE

TESTS = Path(__file__).resolve().parent
MINI = TESTS / "fixtures" / "mini"
CORE_SPEC = "platform: huawei_vrp8, count: 2, port_speed: 100G}"  # the province cores' spec in mini
LINK = "  - {{a: JX-36-CR01, b: {far}, bandwidth: 10G, carrier: 电信, kind: datacenter}}\n"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _core_model(root: Path, model: str, entry: str | None = None) -> None:
    """The province cores name ``model``; ``entry``: the profiles file's hardware section, if any."""
    profiles = root / "topology" / "profiles.yaml"
    _edit(profiles, CORE_SPEC, CORE_SPEC.replace("}", f", model: {model}}}"))
    if entry is not None:
        profiles.write_text(profiles.read_text(encoding="utf-8") + "\nhardware:\n" + entry, encoding="utf-8")


def _set_entry(root: Path, entry: str) -> None:
    profiles = root / "topology" / "profiles.yaml"
    text = profiles.read_text(encoding="utf-8")
    profiles.write_text(text[:text.index("\nhardware:\n")] + "\nhardware:\n" + entry, encoding="utf-8")


def _entry(name: str, cards: str) -> str:
    return f"  {name}:\n    platforms: [huawei_vrp8]\n    source: 装箱单\n    cards:\n{cards}"


def _allocate(root: Path, **options: object) -> str:
    result, allocation = allocate(root, **options)  # type: ignore[arg-type]
    assert allocation is not None, [d.as_text() for d in result.diagnostics]
    (root / LOCK_FILE).write_text(allocation.text, encoding="utf-8")
    return allocation.text


def _core_ports(root: Path) -> dict[str, str]:
    """JX-36-CR01's ports by the device its description names."""
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None, \
        [d.as_text() for d in result.diagnostics]
    config = render_configs(result.model, result.addresses)["JX-36-CR01"].text
    return {far: port for port, far in re.findall(r"^interface ([^\s.]+)\n description TO-(JX-[A-Z0-9]+-[A-Z]+\d+)",
                                                  config, re.M)}  # physical ports only


def test_a_model_without_the_section_reads_the_packaged_table() -> None:
    result = validate(MINI)
    assert result.model is not None
    assert result.model.hardware is HARDWARE and not result.model.hardware_specs


def test_an_entry_replaces_the_packaged_one_and_the_configs_take_its_port_names(tmp_path: Path) -> None:
    """The packaged NE40E-X8A has its 100GE cards in slots 1-4; an order with them in slot 3 says so in the model:
    every 100G cable of the core keeps its lock entry (the lock does not change) and takes the slot-3 port of the
    same index."""
    root = copy_model(MINI, tmp_path / "m")
    _core_model(root, "NE40E-X8A")
    lock = _allocate(root)
    packaged = _core_ports(root)
    assert packaged["JX-3601-CR02"] == "100GE1/0/1"
    profiles = root / "topology" / "profiles.yaml"
    profiles.write_text(profiles.read_text(encoding="utf-8") + "\nhardware:\n" + _entry("NE40E-X8A", (
        "      - {slot: 3, speed: 100G, count: 8}\n      - {slot: 4, speed: 10G, count: 12}\n"
        "      - {slot: 5, speed: 1G, count: 24}\n")), encoding="utf-8")
    assert _allocate(root) == lock
    ours = _core_ports(root)
    assert ours.keys() == packaged.keys()
    hundred = sorted((p for p in packaged.values() if p.startswith("100GE")), key=_numbers)
    assert hundred == ["100GE1/0/0", "100GE1/0/1", "100GE1/0/2", "100GE1/0/3", "100GE1/1/0", "100GE1/1/1"]
    for far, port in packaged.items():  # the same index among the 100G ports, on the card the model describes
        if port in hundred:
            assert ours[far] == f"100GE3/0/{hundred.index(port)}", far
    assert sorted(p for p in ours.values() if not p.startswith("100GE")) == [
        "XGigabitEthernet4/0/0", "XGigabitEthernet4/0/1"]  # the firewall legs
    model = validate(root).model
    assert model is not None  # ipam/allocations.csv names the lock's ports from the model's table too
    assert lock_port_names(model)("JX-36-CR01@100G>JX-3601-CR02", 1) == "100GE3/0/1"


def _numbers(port: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", port.split("GE", 1)[-1]))


def test_a_new_entry_is_a_model_a_spec_may_name(tmp_path: Path) -> None:
    """A hardware model govnet does not ship: unknown (GN417) until the model describes it, then its ports."""
    root = copy_model(MINI, tmp_path / "m")
    _core_model(root, "JX-CORE-2024")
    found = [d for d in validate(root).diagnostics if d.code == "GN417"]
    assert len(found) == 1 and found[0].hint and "'hardware:' in topology/profiles.yaml" in found[0].hint
    profiles = root / "topology" / "profiles.yaml"
    profiles.write_text(profiles.read_text(encoding="utf-8") + "\nhardware:\n" + _entry("JX-CORE-2024", (
        "      - {slot: 2, subcard: 1, speed: 100G, count: 6}\n      - {slot: 6, speed: 10G, count: 4}\n"
        "      - {slot: 6, speed: 1G, count: 8, first: 4}\n")), encoding="utf-8")
    _allocate(root)
    ports = _core_ports(root)
    assert ports["JX-36-CR02"] == "100GE2/1/0" and ports["JX-36-FW01"] == "XGigabitEthernet6/0/0"


def test_an_entry_short_of_ports_is_judged_like_a_packaged_one(tmp_path: Path) -> None:
    root = copy_model(MINI, tmp_path / "m")
    _core_model(root, "NE40E-X8A", _entry("NE40E-X8A", "      - {slot: 1, speed: 100G, count: 5}\n"
                                                       "      - {slot: 2, speed: 10G, count: 8}\n"))
    found = [d for d in validate(root).diagnostics if d.code == "GN419"]
    assert [(d.file, d.line) for d in found] == [("topology/profiles.yaml", 9)]
    assert "needs 6 100G ports, its hardware model NE40E-X8A has 5" in found[0].message


def test_an_entry_the_schema_refuses_is_the_one_error_shown(tmp_path: Path) -> None:
    """A model's entry with a card of no ports is a schema error (GN204) that stops the run at the parse checkpoint:
    the device naming that model is not judged against a table without it, so no unknown-model error (GN417)
    buries the real mistake."""
    root = copy_model(MINI, tmp_path / "m")
    _core_model(root, "JX-CORE-2024", _entry("JX-CORE-2024", "      - {slot: 2, speed: 100G, count: 0}\n"))
    result = validate(root)
    assert [(d.code, d.file) for d in result.diagnostics] == [("GN204", "topology/profiles.yaml")]
    assert result.stopped_after == "parse"


def test_a_locked_port_the_new_layout_no_longer_has_is_gn423_until_released(tmp_path: Path) -> None:
    """Eight 100G ports: the core's six cables, a seventh to the cloud and an eighth to the DR centre (numbers 6
    and 7: in subject order). The seventh removed and pruned, the eighth keeps number 7 (nothing is renumbered).
    A corrected entry of seven ports then lacks port number 8 though the core needs only seven: GN423 at the spec,
    naming the cable, by the sealed-lock path and the full check alike; releasing the device's 100G ports
    renumbers them into the seven."""
    root = copy_model(MINI, tmp_path / "m")
    eight = _entry("NE40E-X8A", "      - {slot: 1, speed: 100G, count: 8}\n"
                                "      - {slot: 2, speed: 10G, count: 8}\n")
    _core_model(root, "NE40E-X8A", eight)
    province = root / "topology" / "province.yaml"
    to_dr, to_cloud = LINK.format(far="JX-DR-CR02"), LINK.format(far="JX-CLOUD-CR01")
    _edit(province, "links:\n", "links:\n" + to_dr + to_cloud)
    _allocate(root)
    _edit(province, to_cloud, "")
    lock = _allocate(root, prune=True)
    assert "port ipv4 port JX-36-CR01@100G>JX-DR-CR02 0.0.0.7/32" in lock
    _set_entry(root, eight.replace("count: 8}\n      - {slot: 2", "count: 7}\n      - {slot: 2", 1))
    result = validate(root)
    assert result.model is not None
    found = [d for d in result.diagnostics if d.code in ("GN419", "GN423")]
    assert [(d.code, d.file, d.line) for d in found] == [("GN423", "topology/profiles.yaml", 9)]
    assert found[0].message == (
        "JX-36-CR01: the lock cables 1 100G port(s) past the 7 100G ports its hardware model NE40E-X8A has now "
        "(toward JX-DR-CR02, the last at number 8): those ports no longer exist")
    assert found[0].hint and "govnet allocate --release JX-36-CR01@100G" in found[0].hint
    for trusted in (True, False):
        _, again = ipam.check(result.model, trust_sealed=trusted)
        assert [d.code for d in again if d.code in ("GN419", "GN423")] == ["GN423"], trusted
    released = _allocate(root, release=["JX-36-CR01@100G"])
    numbers = sorted(str(v) for k, v in read_lock(released).entries.items()
                     if k.startswith("port ipv4 port JX-36-CR01@100G>"))
    assert len(numbers) == 7 and all(int(n.split(".")[3].split("/")[0]) < 7 for n in numbers), numbers
    assert not [d for d in validate(root).diagnostics if d.code in ("GN419", "GN423")]


def test_every_packaged_entry_passes_the_rules_a_model_entry_must_pass() -> None:
    """Written as a model entry, each packaged inventory is sound and names the same ports: the rules are no
    stricter than the vendors' own numbering, and an entry copied from docs/hardware.md behaves as the packaged."""
    for hardware in HARDWARE.values():
        spec = HardwareSpec(platforms=list(hardware.platforms), cards=[
            CardSpec(slot=c.slot, subcard=c.subcard, speed=c.speed, count=c.count, first=c.first, type=c.kind or None)
            for c in hardware.cards])
        assert problems(hardware.name, spec) == [], hardware.name
        again = to_hardware(hardware.name, spec)
        for speed in hardware.speeds:
            assert [again.nth(speed, i) for i in range(hardware.capacity(speed) + 1)] == \
                   [hardware.nth(speed, i) for i in range(hardware.capacity(speed) + 1)], (hardware.name, speed)


@pytest.mark.parametrize(("platforms", "cards", "codes"), [
    (["huawei_vrp8"], [(1, 0, 100, 4, 0, "100GE"), (2, 0, 10, 4, 0, "XGigabitEthernet")], []),
    (["huawei_vrp8"], [(1, 0, 10, 4, 0, "10GE")], ["GN420"]),  # not a type govnet renders or reads back
    # The NE40E's guide enters its 10GE ports as GigabitEthernet (10G bandwidth): a documented type of a card.
    (["huawei_vrp8"], [(1, 0, 10, 4, 0, "GigabitEthernet")], []),
    (["huawei_vrp8", "huawei_vrp"], [(0, 0, 10, 4, 0, None)], []),  # one naming family
    (["h3c_comware", "cisco_iosxe"], [(0, 0, 10, 4, 0, None)], ["GN420"]),
    (["cisco_iosxe"], [(0, 0, 25, 4, 0, None)], ["GN422"]),
    (["h3c_comware"], [(1, 0, 10, 4, 1, None), (1, 0, 1, 8, 4, None)], ["GN421"]),  # 4 given twice
    (["h3c_comware"], [(1, 0, 10, 4, 1, None), (1, 0, 1, 8, 5, None), (1, 1, 1, 8, 1, None)], []),
])
def test_each_mistake_in_an_entry_has_its_code(platforms: list[str], cards: list[tuple[int, int, int, int, int,
                                                                                       str | None]],
                                               codes: list[str]) -> None:
    spec = HardwareSpec(platforms=platforms, cards=[
        CardSpec(slot=s, subcard=sub, speed=gbit * G, count=n, first=first, type=kind)
        for s, sub, gbit, n, first, kind in cards])
    assert [p.code for p in problems("X", spec)] == codes


def test_every_platform_has_the_interface_types_its_naming_uses() -> None:
    """An entry's ports are named from INTERFACE_TYPES; a device without hardware from its platform's naming:
    the two agree on every speed both name, and a new platform cannot be left out of the entry rules."""
    from govnet.reference.hardware import INTERFACE_TYPES
    from govnet.reference.platforms import PLATFORMS

    assert INTERFACE_TYPES.keys() == PLATFORMS.keys()
    for name, platform in PLATFORMS.items():
        for speed, kind in INTERFACE_TYPES[name]:
            if speed in (100 * G, 40 * G, 10 * G, G):
                assert platform.naming.port_type(speed) == kind, (name, speed)

"""Ports as lock decisions (issue 13 #9): which port each cable takes is kept in allocations.lock, so adding a link
moves no other port and removing one frees its port without renumbering; a device cannot need more ports of a
speed than its hardware model has (GN419); every profile's device specs are judged, used or not (GN417)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import copy_model
from govnet import ipam
from govnet.ipam.lockfile import read_lock
from govnet.ipam.ports import index_of
from govnet.model.ports import port_ends
from govnet.pipeline import allocate, validate
from govnet.reference.hardware import HARDWARE, Card, Hardware
from govnet.reference.hardware_doc import markdown
from govnet.reference.platforms import G
from govnet.render import render_configs
from govnet.source.modeldir import LOCK_FILE

TESTS = Path(__file__).resolve().parent
MINI = TESTS / "fixtures" / "mini"
REPO = TESTS.parent
NEW_LINK = "  - {a: JX-36-CR01, b: JX-DR-CR02, bandwidth: 10G, carrier: 电信, kind: datacenter}\n"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _allocate(root: Path, **options: object) -> dict[str, str]:
    result, allocation = allocate(root, **options)  # type: ignore[arg-type]
    assert allocation is not None, [d.as_text() for d in result.diagnostics]
    (root / LOCK_FILE).write_text(allocation.text, encoding="utf-8")
    return {k: str(v) for k, v in read_lock(allocation.text).entries.items()}


def _ports(root: Path) -> dict[tuple[str, str], str]:
    """(device, far end as its description names it) -> interface name, from the rendered configs."""
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None, result.diagnostics
    found = {}
    for name, config in render_configs(result.model, result.addresses).items():
        for port, far in re.findall(r"^interface (\S+)\n description TO-(JX-[A-Z0-9]+-[A-Z]+\d+)", config.text, re.M):
            found.setdefault((name, far), port)
    return found


def _with_models(root: Path) -> None:
    """Give the mini model's specs hardware models, as the default model's profiles do."""
    profiles = root / "topology" / "profiles.yaml"
    text = profiles.read_text(encoding="utf-8")
    for platform, speed, model in (("huawei_vrp8", "100G", "NE40E-X8A"), ("huawei_usg", "10G", "USG6585E"),
                                   ("huawei_usg", "40G", "USG12004"), ("h3c_comware", "10G", "CR16010-F"),
                                   ("h3c_secpath", "10G", "F1000-AI-55"), ("huawei_vrp", "1G", "AR6280"),
                                   ("huawei_vrp", "10G", "AR6280")):
        text = text.replace(f"platform: {platform}, count: 2, port_speed: {speed}}}",
                            f"platform: {platform}, count: 2, port_speed: {speed}, model: {model}}}")
        text = text.replace(f"platform: {platform}, count: 1, port_speed: {speed}}}",
                            f"platform: {platform}, count: 1, port_speed: {speed}, model: {model}}}")
    profiles.write_text(text, encoding="utf-8")


def test_adding_a_link_moves_no_other_port_and_removing_it_renumbers_nothing(tmp_path: Path) -> None:
    root = copy_model(MINI, tmp_path / "m")
    _with_models(root)
    before_lock = _allocate(root)
    before = _ports(root)
    # JX-DR-CR02 sorts before JX-NATIONAL-PE01: a port order by far-end name would move the backbone port.
    _edit(root / "topology" / "province.yaml", "links:\n", "links:\n" + NEW_LINK)
    assert {d.code for d in validate(root).diagnostics} == {"GN626"}  # the new link's ports are not decided yet
    after_lock = _allocate(root)
    assert {k: v for k, v in after_lock.items() if k in before_lock} == before_lock  # the lock only grew
    added = sorted(set(after_lock) - set(before_lock))
    assert [k for k in added if k.startswith("port ipv4 port ")] == [
        "port ipv4 port JX-36-CR01@100G>JX-DR-CR02", "port ipv4 port JX-DR-CR02@100G>JX-36-CR01"]
    after = _ports(root)
    assert {k: after[k] for k in before} == before  # every other cable keeps its port
    new = after[("JX-36-CR01", "JX-DR-CR02")]
    assert new not in {p for (d, _), p in before.items() if d == "JX-36-CR01"}
    # Removed: its ports stay reserved (GN627) until pruned; nothing else moves.
    _edit(root / "topology" / "province.yaml", NEW_LINK, "")
    assert {d.code for d in validate(root).diagnostics} == {"GN627"}
    pruned = _allocate(root, prune=True)
    assert pruned == before_lock
    assert _ports(root) == before


def test_a_freed_port_is_the_next_one_given(tmp_path: Path) -> None:
    """After a prune, the lowest free index of that speed goes to the next cable; no held port is renumbered."""
    root = copy_model(MINI, tmp_path / "m")
    _with_models(root)
    _edit(root / "topology" / "province.yaml", "links:\n", "links:\n" + NEW_LINK)
    first = _allocate(root)
    key = "port ipv4 port JX-36-CR01@100G>JX-DR-CR02"
    _edit(root / "topology" / "province.yaml", NEW_LINK, "")
    pruned = _allocate(root, prune=True)
    assert key not in pruned
    _edit(root / "topology" / "province.yaml", "links:\n",
          "links:\n" + NEW_LINK.replace("JX-DR-CR02", "JX-CLOUD-CR01"))
    second = _allocate(root)
    assert second["port ipv4 port JX-36-CR01@100G>JX-CLOUD-CR01"] == first[key]
    assert {k: second[k] for k in pruned} == pruned


def test_configs_name_the_port_the_lock_holds(tmp_path: Path) -> None:
    root = copy_model(MINI, tmp_path / "m")
    _with_models(root)
    _allocate(root)
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None
    model, decisions = result.model, result.addresses.outcome.decisions
    configs = render_configs(model, result.addresses)
    checked = 0
    for name, ends in port_ends(model).items():
        device = model.devices[name]
        if name not in configs or device.hardware is None:
            continue
        for end in ends:
            if end.kind == "access":  # decided for every unit not revoked, built only for active or suspended ones
                continue
            index = index_of(decisions, end.subject)
            assert index is not None, end.subject
            assert end.speed is not None
            port = HARDWARE[device.hardware].nth(end.speed, index)
            assert port is not None and f"\ninterface {port}\n" in configs[name].text, (name, end.subject)
            checked += 1
    assert checked > 50


@pytest.mark.parametrize(("ports", "fits"), [(6, True), (5, False)])
def test_a_device_cannot_need_more_ports_than_its_hardware_has(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  ports: int, fits: bool) -> None:
    """The mini model's province cores need 6 100GE ports: a 6-port model holds them, a 5-port one does not (the
    sixth is an error at the spec, naming the speed and both counts)."""
    box = Hardware("TEST-BOX", ("huawei_vrp8",), ((100 * G, "100GE"), (10 * G, "XGigabitEthernet")),
                   (Card(1, 0, 100 * G, ports), Card(2, 0, 10 * G, 48)))
    monkeypatch.setitem(HARDWARE, "TEST-BOX", box)
    root = copy_model(MINI, tmp_path / "m")
    _edit(root / "topology" / "profiles.yaml", "count: 2, port_speed: 100G}",
          "count: 2, port_speed: 100G, model: TEST-BOX}")
    found = [d for d in validate(root).diagnostics if d.code == "GN419"]
    if fits:
        assert not found
        return
    assert [(d.file, d.line) for d in found] == [("topology/profiles.yaml", 9)]
    assert "needs 6 100G ports, its hardware model TEST-BOX has 5" in found[0].message
    assert found[0].hint and "fewer links" in found[0].hint


def test_ports_reserved_for_removed_links_cannot_push_a_new_one_past_the_last(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 7-port box holds the province core's 6 cables and one more; that one removed, its port stays reserved,
    so a different new cable would take port number 8 of 7, though the device needs only 7: GN419 at the spec,
    with the hint to prune, from validation and from 'govnet allocate' (which writes nothing). After the prune
    the new cable takes the freed port."""
    box = Hardware("TEST-BOX", ("huawei_vrp8",), ((100 * G, "100GE"), (10 * G, "XGigabitEthernet")),
                   (Card(1, 0, 100 * G, 7), Card(2, 0, 10 * G, 48)))
    monkeypatch.setitem(HARDWARE, "TEST-BOX", box)
    root = copy_model(MINI, tmp_path / "m")
    _edit(root / "topology" / "profiles.yaml", "count: 2, port_speed: 100G}",
          "count: 2, port_speed: 100G, model: TEST-BOX}")
    province = root / "topology" / "province.yaml"
    _edit(province, "links:\n", "links:\n" + NEW_LINK)
    first = _allocate(root)
    key = "port ipv4 port JX-36-CR01@100G>JX-DR-CR02"
    _edit(province, NEW_LINK, NEW_LINK.replace("JX-DR-CR02", "JX-CLOUD-CR01"))
    found = [d for d in validate(root).diagnostics if d.code == "GN419"]
    assert [(d.file, d.line) for d in found] == [("topology/profiles.yaml", 9)]
    assert "JX-36-CR01: the lock puts a 100G port at number 8, past the 7 100G ports" in found[0].message
    assert "ports reserved for removed links: 1" in found[0].message
    assert found[0].hint and "govnet allocate --prune" in found[0].hint
    result, allocation = allocate(root)
    assert allocation is None and "GN419" in {d.code for d in result.diagnostics}
    pruned = _allocate(root, prune=True)
    assert key not in pruned
    assert pruned["port ipv4 port JX-36-CR01@100G>JX-CLOUD-CR01"] == first[key]
    assert not [d for d in validate(root).diagnostics if d.code == "GN419"]


def test_a_smaller_hardware_model_under_a_sealed_lock_reports_the_port_past_its_last(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hardware model is no address need, so a sealed lock is trusted across a change of it: a device left
    with 7 live 100G ports at numbers up to 8 (a pruned hole below) on a 7-port box is reported all the same, by
    the sealed-lock path and the full check alike: GN423, since nothing is reserved that a prune could free (the
    port no longer exists; tests/test_hardware_entries.py releases it)."""
    def box(ports: int) -> Hardware:
        return Hardware("TEST-BOX", ("huawei_vrp8",), ((100 * G, "100GE"), (10 * G, "XGigabitEthernet")),
                        (Card(1, 0, 100 * G, ports), Card(2, 0, 10 * G, 48)))
    monkeypatch.setitem(HARDWARE, "TEST-BOX", box(8))
    root = copy_model(MINI, tmp_path / "m")
    _edit(root / "topology" / "profiles.yaml", "count: 2, port_speed: 100G}",
          "count: 2, port_speed: 100G, model: TEST-BOX}")
    province = root / "topology" / "province.yaml"
    to_cloud = NEW_LINK.replace("JX-DR-CR02", "JX-CLOUD-CR01")
    _edit(province, "links:\n", "links:\n" + NEW_LINK + to_cloud)
    _allocate(root)
    _edit(province, to_cloud, "")
    lock = _allocate(root, prune=True)
    assert lock["port ipv4 port JX-36-CR01@100G>JX-DR-CR02"] == "0.0.0.7/32"  # the 8th port, number 7 freed
    monkeypatch.setitem(HARDWARE, "TEST-BOX", box(7))
    result = validate(root)
    assert result.model is not None
    for trusted in (True, False):
        _, found = ipam.check(result.model, trust_sealed=trusted)
        assert [d.message for d in found if d.code in ("GN419", "GN423")] == [
            "JX-36-CR01: the lock cables 1 100G port(s) past the 7 100G ports its hardware model TEST-BOX has now "
            "(toward JX-DR-CR02, the last at number 8): those ports no longer exist"], trusted


def test_every_profile_of_the_default_model_names_a_model_its_platform_runs() -> None:
    profiles = yaml.safe_load((REPO / "topology" / "profiles.yaml").read_text(encoding="utf-8"))["profiles"]
    specs = [(name, spec) for name, profile in profiles.items() for spec in profile.get("devices", [])]
    assert specs
    for name, spec in specs:
        assert spec.get("model") in HARDWARE, (name, spec)
        assert spec["platform"] in HARDWARE[spec["model"]].platforms, (name, spec)
    firewalls = {spec["model"] for _, spec in specs if spec["role"] == "firewall"}
    assert firewalls and all(HARDWARE[m].platforms[0] in ("huawei_usg", "h3c_secpath") for m in firewalls)


def test_hardware_doc_is_what_the_table_generates_and_names_every_unsourced_entry() -> None:
    doc = (REPO / "docs" / "hardware.md").read_text(encoding="utf-8")
    assert doc == markdown(), "run: python -m govnet.reference.hardware_doc > docs/hardware.md"
    for hardware in HARDWARE.values():
        row = next(line for line in doc.splitlines() if line.startswith(f"| {hardware.name} |"))
        assert (hardware.source in row) if hardware.source else "none found: an assumption" in row


def test_netengine_8000_f1a_has_the_panel_of_its_device_type_record() -> None:
    """NE8000 F1A-8H20Q (netbox device type): XGigabitEthernet0/0/0-27, 25GE0/0/28-47, 100GE0/0/48-55 -- not the
    4 x 100GE from 0/0/0 the table assumed before."""
    f1a = HARDWARE["NetEngine8000-F1A"]
    assert (f1a.capacity(100 * G), f1a.capacity(25 * G), f1a.capacity(10 * G), f1a.capacity(G)) == (8, 20, 28, 0)
    assert [f1a.nth(100 * G, 0), f1a.nth(100 * G, 7), f1a.nth(100 * G, 8)] == ["100GE0/0/48", "100GE0/0/55", None]
    assert [f1a.nth(10 * G, 0), f1a.nth(10 * G, 27), f1a.nth(25 * G, 0)] == [
        "XGigabitEthernet0/0/0", "XGigabitEthernet0/0/27", "25GE0/0/28"]


def test_sr6602_i_ai_has_the_ports_its_installation_guide_numbers() -> None:
    """The SR6602-I-AI guide's two examples: a FIP-30 in slot 1 with fixed GE 4-19 (GigabitEthernet1/0/4-19) and
    a MIC-X-XP4 in its subslot 1 (Ten-GigabitEthernet1/1/0-3); nothing the guide does not describe."""
    sr = HARDWARE["SR6602-I-AI"]
    assert sr.source and (sr.capacity(10 * G), sr.capacity(G), sr.capacity(100 * G)) == (4, 16, 0)
    assert [sr.nth(10 * G, 0), sr.nth(10 * G, 3), sr.nth(10 * G, 4)] == [
        "Ten-GigabitEthernet1/1/0", "Ten-GigabitEthernet1/1/3", None]
    assert [sr.nth(G, 0), sr.nth(G, 15), sr.nth(G, 16)] == ["GigabitEthernet1/0/4", "GigabitEthernet1/0/19", None]


def test_every_assumed_inventory_says_what_was_searched() -> None:
    """An entry without a source (or whose source leaves its cards open) tells the reader where not to look again,
    and docs/hardware.md prints it."""
    doc = (REPO / "docs" / "hardware.md").read_text(encoding="utf-8")
    for hardware in HARDWARE.values():
        if not hardware.source or "assumed" in hardware.source:
            assert hardware.searched, hardware.name
            row = next(line for line in doc.splitlines() if line.startswith(f"| {hardware.name} |"))
            assert hardware.searched in row, hardware.name


def test_asr1006_x_ports_are_those_of_its_epa_module_types() -> None:
    """The ASR 1006-X's EPAs as netbox's module types number them: EPA-1X100GE HundredGigE{module}/0, EPA-10X10GE
    TenGigabitEthernet{module}/0-7, EPA-18X1GE GigabitEthernet{module}/0-17 -- not 2 x 100GE on one adapter and
    20 GE per slot, as the table assumed before."""
    asr = HARDWARE["ASR1006-X"]
    assert (asr.capacity(100 * G), asr.capacity(10 * G), asr.capacity(G)) == (2, 16, 54)
    assert [asr.nth(100 * G, 0), asr.nth(100 * G, 1)] == ["HundredGigE0/0/0", "HundredGigE0/1/0"]
    assert [asr.nth(10 * G, 7), asr.nth(10 * G, 8)] == ["TenGigabitEthernet1/0/7", "TenGigabitEthernet1/1/0"]
    assert [asr.nth(G, 17), asr.nth(G, 18), asr.nth(G, 53)] == [
        "GigabitEthernet2/0/17", "GigabitEthernet2/1/0", "GigabitEthernet3/0/17"]

"""Issue 13: a change touches only what it changes. Static BFD discriminators (govnet.ipam.bfd) and USG security zone
priorities (govnet.ipam.priorities) are decisions in the lock, so a zone taken off the sites (or put back) renames no
other leg's session, moves no other zone's priority, and `govnet diff --remediation` rebuilds neither. Before, both
numbers came from positions in a list: taking zone hrss off renumbered the internet legs' sessions (BFD1004 ->
BFD1002) and zone internet's priority (82 -> 83) on the province firewalls and routers."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import copy_model
from govnet.i18n.messages import translate
from govnet.ipam import bfd, priorities
from govnet.ipam.fingerprint import fingerprint
from govnet.ipam.lockfile import read_lock, write_lock
from govnet.ipam.prefix import Net
from govnet.ipam.requests import address_needs
from govnet.pipeline import allocate, validate
from govnet.render import Config, render_configs
from govnet.render.diff import compare
from govnet.render.secrets import Secrets
from model_edits import without_hrss
from test_configs_bfd import Session, _sessions

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
CASES = ("huawei-h3c", "cisco-isis")  # VRP 8 / VRP 5 / USG with Comware; IOS XE with USG
_ZONE = re.compile(r"(?m)^firewall zone name (\S+)\n set priority (\d+)$")


def _render(root: Path) -> dict[str, Config]:
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None, \
        [d.as_text() for d in result.diagnostics if d.severity == "error"]
    return render_configs(result.model, result.addresses.outcome.decisions)


def _allocate(root: Path, *, prune: bool = False) -> list[str]:
    """`govnet allocate [--prune]`: writes the lock, returns the keys it released."""
    result, allocation = allocate(root, prune=prune)
    assert allocation is not None, [d.as_text() for d in result.diagnostics if d.severity == "error"]
    (root / "allocations.lock").write_text(allocation.text, encoding="utf-8")
    return allocation.plan.outcome.pruned


def _numbers(configs: dict[str, Config]) -> tuple[dict[tuple[str, str], Session], dict[tuple[str, str], int]]:
    """Every Huawei BFD session by (device, name) and every USG zone priority by (device, zone)."""
    sessions, zones = {}, {}
    for name, config in configs.items():
        sessions |= {(name, s): session for s, session in _sessions(config.text).items()}
        zones |= {(name, zone): int(priority) for zone, priority in _ZONE.findall(config.text)}
    return sessions, zones


def _kept(before: dict[str, Config], after: dict[str, Config]) -> tuple[int, int]:
    """Asserts every session and zone in both renders has the same name, discriminators and priority; returns how
    many of each it compared."""
    old_sessions, old_zones = _numbers(before)
    new_sessions, new_zones = _numbers(after)
    by_peer = {(device, s.peer, s.interface): (name, s) for (device, name), s in old_sessions.items()}
    compared = 0
    for (device, name), s in new_sessions.items():
        old = by_peer.get((device, s.peer, s.interface))
        if old is None:
            continue  # a new leg's session
        assert (name, s.local, s.remote) == (old[0], old[1].local, old[1].remote), (device, s.peer)
        compared += 1
    zones = old_zones.keys() & new_zones.keys()
    assert {k: new_zones[k] for k in zones} == {k: old_zones[k] for k in zones}
    return compared, len(zones)


@pytest.mark.parametrize("case", CASES)
def test_taking_a_zone_off_the_sites_keeps_every_other_session_and_zone_priority(case: str, tmp_path: Path) -> None:
    root = copy_model(GOLDEN / case / "model", tmp_path / "model")
    before = _render(root)
    without_hrss(root)
    after = _render(root)
    old_sessions, old_zones = _numbers(before)
    new_sessions, new_zones = _numbers(after)
    assert len(new_sessions) < len(old_sessions) and len(new_zones) < len(old_zones)  # hrss's are gone
    sessions, zones = _kept(before, after)
    assert sessions == len(new_sessions) >= 4 and zones == len(new_zones) >= 4


@pytest.mark.parametrize("case", CASES)
def test_the_remediation_of_a_zone_taken_off_touches_no_other_session_or_zone(case: str, tmp_path: Path) -> None:
    """`govnet diff --remediation` (its library call): the lines naming a session or a zone name only hrss's."""
    old = copy_model(GOLDEN / case / "model", tmp_path / "old")
    new = copy_model(old, tmp_path / "new")
    without_hrss(new)
    report = compare(new, str(old), None, Secrets(), remediation=True)
    kept, _ = _numbers(_render(new))
    touched_sessions: set[tuple[str, str]] = set()  # (device, session name): names are per device
    touched_zones: set[str] = set()
    device = ""
    for line in report.text.splitlines():
        header = re.match(r"=== (\S+) \(", line)
        device = header[1] if header else device
        touched_sessions |= {(device, n) for n in re.findall(r"\bbfd(?:-session)? (BFD\d+)\b", line)}
        touched_zones |= set(re.findall(r"\bfirewall zone name (\S+)", line))
        assert "set priority" not in line, (device, line)
    assert touched_sessions and not touched_sessions & kept.keys(), touched_sessions & kept.keys()
    assert touched_zones == {"hrss"}


def _old_style(lock: Path) -> None:
    """The lock as 'govnet allocate' wrote it before discriminators and priorities were decisions."""
    entries = read_lock(lock.read_text(encoding="utf-8")).entries
    lock.write_text(write_lock({k: n for k, n in entries.items()
                                if not k.startswith((f"{bfd.POOL} ", f"{priorities.POOL} "))}, "sha256:0"),
                    encoding="utf-8")


def test_an_old_lock_gets_the_numbers_the_positional_rule_gave(tmp_path: Path) -> None:
    """A lock without these entries: validation asks for them (GN626); the next allocate adds them and nothing else,
    with the numbers an existing model had (its first leg 1000/1001, its first zone 84), so no config changes."""
    root = copy_model(GOLDEN / "huawei-h3c" / "model", tmp_path / "model")
    committed = (root / "allocations.lock").read_text(encoding="utf-8")
    _old_style(root / "allocations.lock")
    result = validate(root)
    assert {d.code for d in result.diagnostics if d.severity == "error"} == {"GN626"}
    assert any("bfd ipv4 bfd" in d.message for d in result.diagnostics)
    _allocate(root)
    assert (root / "allocations.lock").read_text(encoding="utf-8") == committed
    sessions, zones = _numbers(_render(root))
    assert min(s.local for s in sessions.values()) == bfd.BASE and max(zones.values()) == priorities.PRIORITIES[0]


def test_a_zone_put_back_takes_free_numbers_and_moves_nothing(tmp_path: Path) -> None:
    """hrss taken off and pruned, then put back: its legs and zone take free numbers (the ones --prune released),
    every other session and zone keeps its own, each device's discriminators stay unique and both ends cross."""
    source = GOLDEN / "huawei-h3c" / "model"
    root = copy_model(source, tmp_path / "model")
    without_hrss(root)
    pruned = [k for k in _allocate(root, prune=True) if k.startswith((f"{bfd.POOL} ", f"{priorities.POOL} "))]
    assert pruned and all(":hrss:" in k or k.endswith(">hrss") for k in pruned)
    between = _render(root)
    for name in ("topology/profiles.yaml", "registry.yaml"):
        shutil.copyfile(source / name, root / name)
    _allocate(root)
    after = _render(root)
    sessions, zones = _kept(between, after)
    new_sessions, new_zones = _numbers(after)
    assert len(new_sessions) > sessions >= 4 and len(new_zones) > zones >= 4  # hrss's came back, beside the rest
    for device in after:
        locals_ = [s.local for (d, _), s in new_sessions.items() if d == device]
        assert len(locals_) == len(set(locals_)), device
        priorities_ = [p for (d, _), p in new_zones.items() if d == device]
        assert len(priorities_) == len(set(priorities_)), device
    owner = {(d, s.source): s for (d, _), s in new_sessions.items()}
    crossed = 0
    for (device, _), s in new_sessions.items():
        far = next((o for (d, src), o in owner.items() if src == s.peer and o.peer == s.source), None)
        if far is not None and not s.auto:
            assert far.remote == s.local and far.local == s.remote, device
            crossed += 1
    assert crossed >= 4


def _crowded(root: Path, *, internet_at: int | None, fill: bool = True) -> int:
    """Site 36's lock with zone internet's entry dropped (a zone the next allocate numbers) or at ``internet_at`` (a
    lock that numbered it past the last already), and with ``fill``, every zone priority below the last one taken,
    by stale entries of removed zones where no live zone holds it. Written as 'govnet allocate' writes, sealed for
    these needs. Returns the stale entries."""
    lock = root / "allocations.lock"
    entries = dict(read_lock(lock.read_text(encoding="utf-8")).entries)
    block = entries[priorities.block_key("36")]
    internet = priorities.priority_key("36", "internet")
    del entries[internet]
    taken = {n.start - block.start for k, n in entries.items() if k.startswith(priorities.priority_key("36", ""))}
    stale = [n for n in range(len(priorities.PRIORITIES)) if n not in taken] if fill else []
    entries |= {priorities.priority_key("36", f"gone{n}"): Net(4, block.start + n, 32) for n in stale}
    if internet_at is not None:
        entries[internet] = Net(4, block.start + internet_at, 32)
    model = validate(root, addresses=False).model
    assert model is not None
    lock.write_text(write_lock(entries, fingerprint(address_needs(model))), encoding="utf-8")
    return len(stale)


def test_a_zone_numbered_past_the_last_priority_is_an_error_until_pruned(tmp_path: Path) -> None:
    """GN630: removed zones' priorities still reserved leave a new zone (here: internet, whose entry is gone) only
    a number past the 78 USG has, whose priority would repeat another zone's. Validation says so at the site with
    the hint to prune, in Chinese too; allocate writes nothing; after --prune the zone takes a freed number and
    every other zone keeps its priority."""
    root = copy_model(GOLDEN / "huawei-h3c" / "model", tmp_path / "model")
    before = _numbers(_render(root))[1]
    stale = _crowded(root, internet_at=None)
    found = [d for d in validate(root).diagnostics if d.code == "GN630"]
    assert [(d.file, d.message) for d in found] == [
        ("topology/province.yaml", "site 36: the lock numbers zone(s) internet past the 78 security zone "
                                   f"priorities USG has; priorities reserved for removed zones: {stale}")]
    assert "--prune" in (found[0].hint or "") and "安全域优先级" in translate(found[0].message, "zh")
    assert allocate(root)[1] is None
    _allocate(root, prune=True)
    assert not [d for d in validate(root).diagnostics if d.severity == "error"]
    assert _numbers(_render(root))[1] == before  # internet took its old number back: the first free one


@pytest.mark.parametrize("trust_sealed", [True, False])
def test_a_sealed_lock_numbering_a_zone_past_the_last_priority_is_an_error(trust_sealed: bool, tmp_path: Path) -> None:
    """The sealed-lock path (govnet.ipam.trust) reads the number from the lock's text and says what the full check
    says; with nothing reserved, the hint is to number the site's zones afresh."""
    root = copy_model(GOLDEN / "huawei-h3c" / "model", tmp_path / "model")
    _crowded(root, internet_at=100, fill=False)
    result = validate(root, trust_sealed=trust_sealed)
    assert result.addresses is not None and result.addresses.trusted == trust_sealed
    found = [d for d in result.diagnostics if d.code == "GN630"]
    assert len(found) == 1 and "zone(s) internet past" in found[0].message and found[0].message.endswith(": 0")
    assert found[0].hint == "run 'govnet allocate --release 36@zones' to number the site's zones afresh"

"""govnet allocate --release: what a released subject takes with it."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_model
from govnet.ipam.lockfile import read_lock
from govnet.ipam.prefix import parse_net
from govnet.pipeline import allocate, validate
from govnet.source.modeldir import LOCK_FILE

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def test_releasing_a_unit_that_moved_site_releases_its_vlans_too(tmp_path: Path) -> None:
    """A unit moved from its street office to the county's router: '--release MINI-0002' renumbered its subnet but
    kept its VLAN (lock subject 'MINI-0002:public') in the old site's VLAN block, so allocate stopped at GN623,
    whose hint named the per-zone subject to release instead."""
    root = copy_model(MINI, tmp_path / "model")
    registry = root / "registry.yaml"
    text = registry.read_text(encoding="utf-8")
    moved = "    division: 360102002\n    site: 360102\n"
    registry.write_text(text.replace("    division: 360102002\n    site: 360102002\n", moved, 1), encoding="utf-8")
    before = read_lock((root / LOCK_FILE).read_text(encoding="utf-8")).entries

    result, allocation = allocate(root, release=("MINI-0002",))
    assert allocation is not None, [d.as_text() for d in result.diagnostics]
    (root / LOCK_FILE).write_text(allocation.text, encoding="utf-8")
    assert validate(root).ok
    after = read_lock(allocation.text).entries
    assert after["vlan ipv4 vlan-block 360102"].contains(after["vlan ipv4 vlan MINI-0002:public"])
    moved_keys = {k for k in before if k in after and after[k] != before[k]}
    assert moved_keys == {"vlan ipv4 vlan MINI-0002:public", "public ipv4 unit MINI-0002"}  # the unit's own only
    assert after["public ipv4 unit MINI-0002"] != parse_net("10.128.16.0/28")

"""The validation shortcuts that skip a walk for most sites (villages) give what the walk gives, on the default
model: the per-site pairs looked for only at sites with two or more devices, the first step of an ancestor
walk taken without the walk. Should a change (a new device role, say) give a one-device site a leg, these fail."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest

from govnet.ipam.requests import _own_or_nearest
from govnet.model.build import _uplink_parent
from govnet.model.ha import PAIRED_ROLES, HaPair, all_ha_pairs, ha_pair
from govnet.model.hierarchy import ancestors, nearest
from govnet.model.interconnect import all_interconnects, site_interconnects
from govnet.model.legs import all_legs, site_legs
from govnet.model.management import all_mgmt_legs, mgmt_legs
from govnet.model.types import Model


def _every_site(model: Model, per_site: Callable[[Model, str], Any]) -> list[Any]:
    found: list[Any] = []
    for site_key in sorted({d.site for d in model.devices.values()}):  # the walk the shortcut replaced
        value = per_site(model, site_key)
        found += value if isinstance(value, list) else [value] if value is not None else []
    return found


def _site_ha_pairs(model: Model, site_key: str) -> list[HaPair]:
    """Every hot-standby pair of a site: its firewalls' and its access gateways'."""
    return [p for role in PAIRED_ROLES if (p := ha_pair(model, site_key, role)) is not None]


@pytest.mark.parametrize(("every", "per_site"), [
    (all_interconnects, site_interconnects),
    (all_mgmt_legs, mgmt_legs),
    (all_ha_pairs, _site_ha_pairs),
    (all_legs, site_legs),
])
def test_pairs_at_shared_sites_are_all_the_pairs(jiangxi: Model, every: Callable[[Model], Iterable[Any]],
                                                 per_site: Callable[[Model, str], Any]) -> None:
    found = list(every(jiangxi))
    assert found == _every_site(jiangxi, per_site)
    assert found  # the default model has some of each: the comparison is not between two empty lists


def test_one_device_sites_are_most_sites(jiangxi: Model) -> None:
    with_devices = {d.site for d in jiangxi.devices.values()}
    assert set(jiangxi.shared_sites) < with_devices
    assert len(jiangxi.shared_sites) < len(with_devices) / 2  # the villages the shortcut is for


def test_uplink_parent_is_the_ancestor_walk(jiangxi: Model) -> None:
    by_key = dict(jiangxi.site_by_key)
    for to in ("parent", "county"):
        for site in jiangxi.sites:
            walked = next((p for p in ancestors(by_key, site)
                           if not p.virtual and not (to == "county" and p.level == "township")), None)
            assert _uplink_parent(site, by_key, to) == walked, (site.key, to)


def test_own_block_is_the_nearest_walk(jiangxi: Model) -> None:
    by_key = jiangxi.site_by_key
    blocks = {key: f"block of {key}" for key, site in by_key.items() if site.level in ("county", "village")}
    for key in [*by_key, "unknown"]:
        walked = nearest(by_key, key, blocks)
        assert _own_or_nearest(jiangxi, key, blocks) == (blocks[walked] if walked is not None else None), key

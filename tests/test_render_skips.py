"""The device contexts skip the families a device cannot have (govnet.render.devices): a lone device's legs,
probes and management legs, carrier handoffs away from exit sites, VPN hand-offs away from backbone links. Each
skip must be one the full lookup agrees with: asked anyway, it finds nothing for every skipped device."""

from __future__ import annotations

from pathlib import Path

import pytest

from govnet.model.exits import device_handoffs as carrier_handoffs
from govnet.model.legs import device_legs
from govnet.model.management import SIDE_ROLES, mgmt_legs
from govnet.model.national import device_handoffs as vpn_handoffs
from govnet.pipeline import validate
from govnet.render.devices import context_index
from govnet.render.exits import carrier_routes
from govnet.render.exits6 import announced
from govnet.render.failover import probes
from govnet.render.legs import static_routes
from govnet.render.management import mgmt_routes
from govnet.render.national import vrf_peers
from govnet.render.secrets import Secrets

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "model").is_dir())


@pytest.mark.parametrize("case", CASES)
def test_skipped_families_are_empty(case: str) -> None:
    result = validate(GOLDEN / case / "model")
    assert result.model is not None and result.addresses is not None
    model, book = result.model, result.addresses.book
    wanted, index = context_index(model, book, Secrets())
    skipped = {"lone": 0, "no exit": 0, "no backbone": 0}
    for name in wanted:
        device = model.devices[name]
        if device.site not in index.shared:
            skipped["lone"] += 1
            assert device_legs(model, device) == [] and mgmt_legs(model, device.site) == []
            assert static_routes(model, book, device) == ()
            assert mgmt_routes(model, book.decisions, device) == ()
            assert probes(model, book, device) == ()
        if device.site not in index.exit_sites:
            skipped["no exit"] += 1
            assert carrier_handoffs(model, device) == []
            assert carrier_routes(model, device) == ()
            assert device.role in SIDE_ROLES or announced(model, book, device) == ()
        if name not in index.backbone_ends:
            skipped["no backbone"] += 1
            assert vpn_handoffs(model, device) == []
            assert vrf_peers(model, book.decisions, device) == ()
    assert all(skipped.values()), skipped  # each skip is exercised by the case


def test_sets_hold_what_they_name() -> None:
    """The sets are those of the model: shared sites have several devices, exit sites host an exit, backbone ends
    terminate a backbone link (a set too small would drop a device's legs, handoffs or national sessions)."""
    result = validate(GOLDEN / "huawei-h3c" / "model")
    assert result.model is not None and result.addresses is not None
    model = result.model
    _, index = context_index(model, result.addresses.book, Secrets())
    assert index.shared == {key for key in model.site_by_key if len(model.devices_of(key)) > 1}
    assert index.exit_sites and all(any(e.site == key for z in model.zones for e in z.spec.exits)
                                     for key in index.exit_sites)
    with_handoffs = {d.site for d in model.devices.values() if carrier_handoffs(model, d)}
    assert with_handoffs and with_handoffs <= index.exit_sites
    with_vpn = {d.name for d in model.devices.values() if model.is_ours(d) and vpn_handoffs(model, d)}
    assert with_vpn and with_vpn <= index.backbone_ends


@pytest.mark.parametrize("case", CASES)
def test_named_devices_get_the_contexts_of_a_full_run(case: str) -> None:
    """A partial run (govnet render --device) works out the far ends' ports it needs on demand: the same names
    and contexts as when every device's ports are known."""
    from govnet.render.devices import build_contexts

    result = validate(GOLDEN / case / "model")
    assert result.model is not None and result.addresses is not None
    full = build_contexts(result.model, result.addresses.book, Secrets())
    for name in list(full)[::3]:
        assert build_contexts(result.model, result.addresses.book, Secrets(), [name]) == {name: full[name]}

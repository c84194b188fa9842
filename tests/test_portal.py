"""The secure access platform's portal (issue 13 #11) is an address decision like every other: a lock entry
(``<zone> ipv4 portal <site>``), pinned when the model writes ``portal:`` (the ISP gave it), else allocated from
the zone's IPv4 pool; the gateways hold it and the routers route it from there. Adding it moves nothing else."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import copy_model
from govnet import verify
from govnet.ipam.lockfile import read_lock, write_lock
from govnet.pipeline import allocate, validate
from govnet.render import render_configs
from govnet.source.modeldir import LOCK_FILE

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
KEY = "internet ipv4 portal 36"
GATEWAYS = ('      - {name: "{prefix}-{code}-VPN{n:02d}", role: access-gateway, platform: huawei_usg, count: 2, '
            "port_speed: 10G}\n")


def _with_platform(root: Path, portal: str | None) -> Path:
    """The mini model with an SSL VPN pair at the province and the internet zone's pool (an ISP block)."""
    profiles = root / "topology" / "profiles.yaml"
    text = profiles.read_text(encoding="utf-8")
    anchor = 'role: firewall, platform: huawei_usg, count: 2, port_speed: 10G}\n'
    profiles.write_text(text.replace(anchor, anchor + GATEWAYS, 1), encoding="utf-8")
    zones = root / "zones" / "zones.yaml"
    text = zones.read_text(encoding="utf-8")
    pinned = f", portal: {portal}" if portal else ""
    platform = (f'    addresses: {{ipv4: {{pool: [198.51.100.0/24]}}}}\n'
                f'    access_platform: {{site: "36", gateways: 2, client_pool: [10.3.0.0/16]{pinned}}}\n')
    anchor = "    exits:\n      - {site: \"36\", carriers: [电信, 联通]"
    assert anchor in text
    zones.write_text(text.replace(anchor, platform + anchor, 1), encoding="utf-8")
    (root / LOCK_FILE).unlink(missing_ok=True)
    return root


def _allocate(root: Path) -> str:
    result, allocation = allocate(root)
    assert allocation is not None, [d.as_text() for d in result.diagnostics]
    (root / LOCK_FILE).write_text(allocation.text, encoding="utf-8")
    return allocation.text


def test_an_unpinned_portal_is_allocated_from_the_zone_pool_and_adding_it_moves_nothing(tmp_path: Path) -> None:
    root = _with_platform(copy_model(MINI, tmp_path / "m"), None)
    fresh = read_lock(_allocate(root)).entries
    portal = fresh[KEY]
    # the pool's first /32 that neither the handoffs (198.51.100.128/30, .132/30) nor anything else holds
    assert str(portal) == "198.51.100.0/32"
    # A lock written before the portal was an address decision: allocating adds exactly that entry.
    older = {k: v for k, v in fresh.items() if k != KEY}
    (root / LOCK_FILE).write_text(write_lock(older), encoding="utf-8")
    assert {d.code for d in validate(root).diagnostics if d.severity == "error"} == {"GN626"}
    grown = read_lock(_allocate(root)).entries
    assert grown == fresh
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None
    configs = render_configs(result.model, result.addresses)
    address = str(portal).split("/")[0]
    for gateway in ("JX-36-VPN01", "JX-36-VPN02"):  # both hold it (HRP: only the active one is routed to)
        assert f"\ninterface LoopBack2\n ip address {address} 255.255.255.255\n" in configs[gateway].text, gateway
    for router in ("JX-36-CR01", "JX-36-CR02"):
        assert re.search(rf"^ip route-static vpn-instance INTERNET {address} 255\.255\.255\.255 ", configs[router].text,
                         re.M), router
    assert not [d for d in verify.run(result.model, configs) if d.code == "GN931"]


def test_a_pinned_portal_is_the_lock_entry(tmp_path: Path) -> None:
    root = _with_platform(copy_model(MINI, tmp_path / "m"), "198.51.100.100")
    assert str(read_lock(_allocate(root)).entries[KEY]) == "198.51.100.100/32"
    # a pin over a NAT pool or handoff is an overlap like any other (GN624)
    zones = root / "zones" / "zones.yaml"
    zones.write_text(zones.read_text(encoding="utf-8").replace("portal: 198.51.100.100", "portal: 198.51.100.130"),
                     encoding="utf-8")
    assert "GN624" in {d.code for d in validate(root).diagnostics}

"""The national backbone hand-off in device contexts (govnet.model.national): per handed-off VPN a dot1q
sub-interface of the backbone port (VLAN = zone number) in the zone's VPN instance, addressed from the lock
(``links ipv4 zone-vpn-handoff <a>~<b>:<zone>``; the name that sorts first takes the lower address), and an
eBGP session in the VPN instance to the national PE's end, in the national AS."""

from __future__ import annotations

from collections.abc import Mapping

from govnet.ipam.keys import LINKS, key_text
from govnet.ipam.prefix import Net
from govnet.model.national import KIND, VpnHandoff, device_handoffs
from govnet.model.types import Device, Model
from govnet.render.context import Interface, Ip, VrfPeer, host


def _end(decisions: Mapping[str, Net], handoff: VpnHandoff, device: str) -> Ip | None:
    net = decisions.get(key_text(LINKS, "ipv4", KIND, handoff.subject))
    return host(net, 0 if device == min(handoff.ours, handoff.theirs) else 1) if net is not None else None


def handoff_interfaces(model: Model, decisions: Mapping[str, Net], device: Device, port: str, far: str,
                       limit: int) -> list[Interface]:
    """The VPN sub-interfaces of one backbone port."""
    found = []
    for handoff in device_handoffs(model, device):
        address = _end(decisions, handoff, device.name)
        if handoff.theirs == far and address is not None:
            found.append(Interface(f"{port}.{handoff.zone.number}", f"TO-{far}-VPN-{handoff.zone.name}"[:limit],
                                   "zone", address, vrf=handoff.zone.vrf, vlan=handoff.zone.number, peer=far,
                                   parent=port))
    return found


def vrf_peers(model: Model, decisions: Mapping[str, Net], device: Device) -> tuple[VrfPeer, ...]:
    """The eBGP sessions of a device's VPN hand-offs."""
    national = model.routing.national if model.routing is not None else None
    if national is None:
        return ()
    peers = []
    for handoff in device_handoffs(model, device):
        theirs = _end(decisions, handoff, handoff.theirs)
        if theirs is not None:
            peers.append(VrfPeer(handoff.zone.vrf, theirs.address, national.asn, handoff.theirs,
                                 handoff.zone.spec.route_limit))
    return tuple(peers)

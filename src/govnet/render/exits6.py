"""IPv6 at an internet exit: the province's own addresses, routed, never translated (no NAT66).

The model's IPv6 blocks are the province's own (zones.yaml: each zone's ``addresses.ipv6``), so IPv6 leaves an
exit untranslated and each carrier must route back exactly those prefixes of them that the policy lets reach the
internet at that exit (a rule toward the internet zone: its source zones' IPv6 pools). They are what the carrier
is told to route to the handoff, and the carrier router lets out toward the carrier only packets from them (an
IPv6 ACL outbound on the carrier port, as the carrier itself filters sources): a prefix the carrier does not
route back, or another zone's, never leaves. The IPv4 side needs no such filter: it leaves translated to the
carrier's NAT pool (govnet.render.firewall).
"""

from __future__ import annotations

from govnet.ipam.plan import AddressBook
from govnet.ipam.prefix import parse_net
from govnet.model.exits import device_handoffs
from govnet.model.types import Device, Model
from govnet.render.context import Ip, host
from govnet.render.legs import router_prefixes


def announced(model: Model, addresses: AddressBook, device: Device) -> tuple[Ip, ...]:
    """The province's IPv6 prefixes a carrier router lets out (and its carriers route back), in prefix order;
    empty where none of its handoffs carries IPv6."""
    handoffs = [h for h in device_handoffs(model, device) if h.spec.ipv6 is not None]
    if not handoffs:
        return ()
    found: dict[tuple[int, int], Ip] = {}
    for zone in {h.zone.name: h.zone for h in handoffs}.values():
        for text in router_prefixes(model, addresses, device.site, zone):
            net = parse_net(text)
            if net.family == 6 and net.length > 0:
                found.setdefault((net.start, net.length), host(net))
    return tuple(found[k] for k in sorted(found))
